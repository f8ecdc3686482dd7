"""Money in other currencies: ``400000 RUB`` converted to USD at a rate (units per dollar).

A foreign amount is converted exactly (amount / rate as a fraction) and rounded once, half
up, to the cent; the model then works in USD cents as everywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

from .errors import InputError


@dataclass(frozen=True)
class Rate:
    """An exchange rate with its source.

    Args:
        code: ISO 4217 code (``RUB``).
        per_usd: units of the currency per US dollar.
        year: the period it stands for.
        source: where it comes from.
    """

    code: str
    per_usd: Decimal
    year: str
    source: str


#: Rates with a source, used when no ``--rate`` is given for the currency.
SOURCED_RATES: Final = {
    "RUB": Rate(
        "RUB", Decimal("83.3"), "2025",
        "Average 2025 RUB/USD rate, computed from Central Bank of Russia data, as reported by "
        "Vedomosti on 2026-01-12",
    ),
}  # fmt: skip
#: Digits after the decimal point of amounts in each currency (ISO 4217 minor units).
MINOR_UNITS: Final = {"KRW": 0, "JPY": 0, "KPW": 2, "RUB": 2, "USD": 2, "CNY": 2, "EUR": 2}

_AMOUNT: Final = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s+([A-Za-z]{3})\s*", re.ASCII)
_RATE: Final = re.compile(r"\s*([A-Za-z]{3})\s*=\s*([0-9]+(?:\.[0-9]+)?)\s*", re.ASCII)


def is_foreign(text: str) -> bool:
    """Whether ``text`` looks like an amount with a currency code."""
    return _AMOUNT.fullmatch(text) is not None


def parse_rates(specs: Iterable[str]) -> dict[str, Decimal]:
    """``RUB=87.0`` -> {"RUB": Decimal("87.0")}; InputError naming ``--rate`` if malformed."""
    out = {}
    for spec in specs:
        m = _RATE.fullmatch(spec)
        if m is None or Decimal(m.group(2)) <= 0 or Decimal(m.group(2)) > Decimal(10) ** 9:
            raise InputError(
                f"--rate: expected CODE=UNITS_PER_USD with a positive number, e.g. RUB=87.0, "
                f"got {spec!r}"
            )
        out[m.group(1).upper()] = Decimal(m.group(2))
    return out


def rate_for(code: str, rates: Mapping[str, Decimal], where: str) -> Decimal:
    """The rate of ``code``: given, else sourced; InputError naming the missing ``--rate``."""
    if code == "USD":
        return Decimal(1)
    if code in rates:
        return rates[code]
    if code in SOURCED_RATES:
        return SOURCED_RATES[code].per_usd
    raise InputError(f"{where}: no rate for {code}: give one with --rate {code}=UNITS_PER_USD")


def to_usd(text: str, rates: Mapping[str, Decimal], where: str) -> Decimal:
    """``400000 RUB`` -> USD at the rate, rounded once, half up, to the cent."""
    m = _AMOUNT.fullmatch(text)
    if m is None:
        raise InputError(f"{where}: expected an amount and a currency code, e.g. 400000 RUB")
    amount, code = Decimal(m.group(1)), m.group(2).upper()
    exact = Fraction(amount) / Fraction(rate_for(code, rates, where)) * 100
    cents = (2 * exact.numerator + exact.denominator) // (2 * exact.denominator)
    return Decimal(cents).scaleb(-2)


def from_usd(usd: Decimal, code: str, rate: Decimal) -> Decimal:
    """A USD amount in ``code`` at ``rate``, rounded half up to its minor unit."""
    places = MINOR_UNITS.get(code, 2)
    exact = Fraction(usd) * Fraction(rate) * 10**places
    units = (2 * exact.numerator + exact.denominator) // (2 * exact.denominator)
    return Decimal(units).scaleb(-places) if places else Decimal(units)
