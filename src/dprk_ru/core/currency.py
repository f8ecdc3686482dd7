"""Money in other currencies: ``400000 RUB`` converted to USD at a rate (units per dollar).

A foreign amount is converted exactly (amount / rate as a fraction) and rounded once, half
up, to the cent; the model then works in USD cents as everywhere else.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

from ..errors import InputError
from .money import half_up, leading_zero, leading_zero_error


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
        "Vedomosti on 2026-01-12 (`revenue sources`: rate-rub-2025)",
    ),
}  # fmt: skip
#: Digits after the decimal point of amounts in each currency (ISO 4217 minor units).
MINOR_UNITS: Final = {"KRW": 0, "JPY": 0, "KPW": 2, "RUB": 2, "USD": 2, "CNY": 2, "EUR": 2}

_AMOUNT: Final = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s+([A-Za-z]{3})\s*", re.ASCII)
_RATE: Final = re.compile(r"\s*([A-Za-z]{3})\s*=\s*([0-9]+(?:\.[0-9]+)?)\s*", re.ASCII)


#: The rates given for this run (``--rate``), which win over a file's and the sourced ones.
_GIVEN: ContextVar[Mapping[str, Decimal] | None] = ContextVar("rates", default=None)


@contextlib.contextmanager
def given_rates(rates: Mapping[str, Decimal]) -> Iterator[None]:
    """Use ``rates`` (units per USD, by code) for conversions in this block, as ``--rate`` does."""
    token = _GIVEN.set(dict(rates))
    try:
        yield
    finally:
        _GIVEN.reset(token)


def current_rates(fallback: Mapping[str, Decimal] | None = None) -> dict[str, Decimal]:
    """The rates in force: ``fallback`` (e.g. a scenario file's) overridden by given ones."""
    return {**(fallback or {}), **(_GIVEN.get() or {})}


def is_foreign(text: str) -> bool:
    """Whether ``text`` looks like an amount with a currency code."""
    return _AMOUNT.fullmatch(text) is not None


def parse_rates(specs: Iterable[str]) -> dict[str, Decimal]:
    """``RUB=87.0`` -> {"RUB": Decimal("87.0")}; InputError naming ``--rate`` if malformed."""
    out = {}
    for spec in specs:
        m = _RATE.fullmatch(spec)
        if m is not None and leading_zero(m.group(2)):
            raise InputError(leading_zero_error("--rate", m.group(2)))
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


def to_usd(text: str, rates: Mapping[str, Decimal] | None, where: str) -> Decimal:
    """``400000 RUB`` -> USD at the rate, rounded once, half up, to the cent."""
    m = _AMOUNT.fullmatch(text)
    if m is None:
        raise InputError(f"{where}: expected an amount and a currency code, e.g. 400000 RUB")
    if leading_zero(m.group(1)):
        raise InputError(leading_zero_error(where, m.group(1), money=True))
    amount, code = Decimal(m.group(1)), m.group(2).upper()
    rate = rate_for(code, current_rates() if rates is None else rates, where)
    exact = Fraction(amount) / Fraction(rate) * 100
    return Decimal(half_up(exact.numerator, exact.denominator)).scaleb(-2)


def from_usd(usd: Decimal, code: str, rate: Decimal) -> Decimal:
    """A USD amount in ``code`` at ``rate``, rounded half up to its minor unit."""
    places = MINOR_UNITS.get(code, 2)
    exact = Fraction(usd) * Fraction(rate) * 10**places
    units = half_up(exact.numerator, exact.denominator)
    return Decimal(units).scaleb(-places) if places else Decimal(units)


#: The money results that ``--currency`` shows in another currency too.
CONVERTED: Final = ("pay_total_usd", "bonus_total_usd", "total_usd", "death_total_usd")


def parse_code(text: str, where: str = "--currency") -> str:
    """A currency code: three letters."""
    code = text.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code, re.ASCII):
        raise InputError(
            f"{where}: expected a three-letter currency code such as KRW, got {text!r}"
        )
    return code


def with_currency(
    records: Iterable[Mapping[str, object]], columns: tuple[str, ...], code: str
) -> tuple[list[dict[str, object]], tuple[str, ...]]:
    """Add, for each money result, the same amount in ``code`` (``total_krw`` beside
    ``total_usd``), at the rate in force."""
    rate = rate_for(code, current_rates(), "--currency")
    suffix = "_" + code.lower()
    extra = tuple(c.removesuffix("_usd") + suffix for c in CONVERTED if c in columns)
    rows = []
    for r in records:
        row = dict(r)
        for c in CONVERTED:
            value = r.get(c)
            if c in columns and isinstance(value, Decimal):
                row[c.removesuffix("_usd") + suffix] = from_usd(value, code, rate)
        rows.append(row)
    return rows, columns + extra
