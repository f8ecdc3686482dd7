"""Money in other currencies: ``400000 RUB`` converted to USD at a rate (units per dollar).

A foreign amount is converted exactly (amount / rate as a fraction) and rounded once, half
up, to the cent; the model then works in USD cents as everywhere else.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

from ..errors import InputError, Named
from .money import from_units, half_up
from .numbers import Amount, read


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
#: Each number is stated here only; ``scenarios.sources.RATES`` cites them.
SOURCED_RATES: Final = {
    "RUB": Rate(
        "RUB", Decimal("83.3"), "2025",
        "Average 2025 RUB/USD rate, computed by Vedomosti from Central Bank of Russia data "
        "(2026-01-12; `revenue sources`: rate-rub-2025)",
    ),
    "KRW": Rate(
        "KRW", Decimal("1421.97"), "2025",
        "Average 2025 KRW/USD rate (weekday closing basis), from Seoul Money Brokerage, as "
        "reported by Kukmin Ilbo on 2026-01-01 and KB Think on 2025-12-31 "
        "(`revenue sources`: rate-krw-2025)",
    ),
}  # fmt: skip
#: Digits after the decimal point of amounts in each currency (ISO 4217 minor units).
MINOR_UNITS: Final = {"KRW": 0, "JPY": 0, "KPW": 2, "RUB": 2, "USD": 2, "CNY": 2, "EUR": 2}

_CODE: Final = re.compile(r"[A-Za-z]{3}", re.ASCII)
#: The largest rate taken, in units per USD.
MAX_RATE: Final = Decimal(10) ** 9


#: The rates given for this run (``--rate``), which win over a file's and the sourced ones.
_GIVEN: ContextVar[Mapping[str, Decimal] | None] = ContextVar("rates", default=None)


@dataclass(frozen=True)
class Converted:
    """An amount given in another currency, and the USD it was converted to.

    Args:
        where: the option or file field it was given in (``--bonus``).
        amount: the amount in its currency.
        code: the currency.
        rate: the rate used, units per USD.
        origin: where the rate came from: ``given`` (to the command, ``given_rates``),
            ``file`` (a scenario's ``rates``) or
            ``sourced`` (``SOURCED_RATES``).
        usd: the amount in USD, rounded half up to the cent.
    """

    where: str
    amount: Decimal
    code: str
    rate: Decimal
    origin: str
    usd: Decimal


#: The conversions made in the current ``recording`` block, for the table views to show.
_LOG: ContextVar[list[Converted] | None] = ContextVar("conversions", default=None)


@contextlib.contextmanager
def recording() -> Iterator[list[Converted]]:
    """Note every conversion to USD made in this block (the list it yields grows)."""
    log: list[Converted] = []
    token = _LOG.set(log)
    try:
        yield log
    finally:
        _LOG.reset(token)


def conversions() -> list[Converted]:
    """The conversions made so far in the current ``recording`` block, each once."""
    return list(dict.fromkeys(_LOG.get() or []))


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


def parse_rates(specs: Iterable[str], where: str = Named("rate")) -> dict[str, Decimal]:
    """``RUB=87.0`` -> {"RUB": Decimal("87.0")}; InputError naming ``where`` if malformed:
    a rate is a positive number of the grammar (``.5``, ``+87``), of a currency other than
    USD (the unit every rate is counted in)."""
    out = {}
    for spec in specs:
        code, eq, number = spec.partition("=")
        code = code.strip().upper()
        bad = (
            where,
            f": expected CODE=UNITS_PER_USD with a positive number, e.g. RUB=87.0, got {spec!r}",
        )
        if not eq or not _CODE.fullmatch(code):
            raise InputError(*bad)
        if code == "USD":
            raise InputError(
                where, f": {spec!r}: USD is the unit rates are counted in (1 USD per USD); "
                "give the rate of another currency, e.g. RUB=87.0",
            )  # fmt: skip
        rate = read(number, where, "", message=bad).value
        if rate <= 0 or rate > MAX_RATE:
            raise InputError(*bad)
        out[code] = rate
    return out


def rate_for(code: str, rates: Mapping[str, Decimal], where: str) -> Decimal:
    """The rate of ``code``: given, else sourced; InputError naming the missing rate."""
    return _rate_and_origin(code, rates, where)[0]


def _rate_and_origin(code: str, rates: Mapping[str, Decimal], where: str) -> tuple[Decimal, str]:
    if code == "USD":
        return Decimal(1), "USD"
    given = _GIVEN.get() or {}
    if code in rates:
        return rates[code], "given" if given.get(code) == rates[code] else "file"
    if code in SOURCED_RATES:
        return SOURCED_RATES[code].per_usd, "sourced"
    raise InputError(
        where, f": no rate for {code}: give one with ", Named("rate"), f" {code}=UNITS_PER_USD"
    )


def convert(amount: Amount, rates: Mapping[str, Decimal] | None, where: str) -> Decimal:
    """An amount read with its currency code, in USD at the rate (``rates``, else the rates
    in force), rounded once, half up, to the cent; the conversion is noted (``recording``)."""
    code = amount.code or "USD"
    rate, origin = _rate_and_origin(code, current_rates() if rates is None else rates, where)
    exact = Fraction(amount.value) / Fraction(rate) * 100
    usd = from_units(half_up(exact.numerator, exact.denominator), 2)
    log = _LOG.get()
    # An amount already in USD (``1 USD``) is taken as it is: nothing to note as converted.
    if log is not None and code != "USD":
        log.append(Converted(where, amount.value, code, rate, origin, usd))
    return usd


def from_usd(usd: Decimal | int, code: str, rate: Decimal) -> Decimal:
    """A USD amount in ``code`` at ``rate``, rounded half up to its minor unit (a negative
    amount, a difference, rounds as its opposite does, so a gap and its reverse match)."""
    if usd < 0:
        return -from_usd(-usd, code, rate)
    places = MINOR_UNITS.get(code, 2)
    a, b = usd.as_integer_ratio()  # exact: integer ratios, as Fraction would, but faster
    r, s = rate.as_integer_ratio()
    units = half_up(a * r * 10**places, b * s)
    return from_units(units, places)


@dataclass(frozen=True)
class OtherCurrency:
    """The currency ``--currency`` adds, and the rate it is converted at.

    Args:
        code: ISO 4217 code (``KRW``).
        rate: units per USD.
        origin: ``given`` (by ``--rate``) or ``sourced``.
    """

    code: str
    rate: Decimal
    origin: str

    @property
    def suffix(self) -> str:
        """The column suffix: ``_krw``."""
        return "_" + self.code.lower()

    def column(self, usd_column: str) -> str:
        """The converted column of a USD one: ``total_usd`` -> ``total_krw``."""
        return usd_column.removesuffix("_usd") + self.suffix

    def columns(self, columns: Sequence[str], money: Sequence[str]) -> tuple[str, ...]:
        """``columns``, then a converted column for each of ``money`` found in them."""
        return (*columns, *(self.column(c) for c in money if c in columns))

    def converted_text(self, usd: str) -> str:
        """A USD amount written as a plain decimal (``259998800.50``, ``-104000000``),
        converted and written the same way: ``from_usd`` on text, in integers, for writers
        that make CSV text without records."""
        negative = usd.startswith("-")
        whole, _, frac = usd.removeprefix("-").partition(".")
        den = 10 ** len(frac)
        r, s, places = self._ratio
        units = half_up((int(whole) * den + (int(frac) if frac else 0)) * r, den * s)
        sign = "-" if negative and units else ""
        if not places:
            return f"{sign}{units}"
        whole_units, part = divmod(units, 10**places)
        return f"{sign}{whole_units}.{part:0{places}d}"

    @functools.cached_property
    def _ratio(self) -> tuple[int, int, int]:
        """The rate as units of the minor unit per USD, a ratio of integers, and the
        currency's minor-unit places."""
        r, s = self.rate.as_integer_ratio()
        places = MINOR_UNITS.get(self.code, 2)
        return r * 10**places, s, places

    def records(
        self, records: Iterable[Mapping[str, object]], money: Sequence[str]
    ) -> Iterator[dict[str, object]]:
        """Each record with its ``money`` amounts in this currency too, lazily."""
        pairs = [(c, self.column(c)) for c in money]
        code, rate = self.code, self.rate
        for r in records:
            row = dict(r)
            for c, out in pairs:
                value = r.get(c)
                if isinstance(value, Decimal | int) and not isinstance(value, bool):
                    row[out] = from_usd(value, code, rate)
            yield row


def other_currency(
    code: str | None, rates: Mapping[str, Decimal] | None = None
) -> OtherCurrency | None:
    """What ``--currency CODE`` converts to: at ``rates`` (``--rate``'s, by code), else at the
    sourced rate; None without a code or for USD. InputError naming ``--currency`` for a bad
    code or a currency without a rate."""
    if code is None:
        return None
    code = parse_code(code)
    if code == "USD":
        return None
    if rates and code in rates:
        return OtherCurrency(code, rates[code], "given")
    return OtherCurrency(code, rate_for(code, {}, Named("currency")), "sourced")


def parse_code(text: str, where: str = Named("currency")) -> str:
    """A currency code: three letters."""
    code = text.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code, re.ASCII):
        raise InputError(
            where, f": expected a three-letter currency code such as KRW, got {text!r}"
        )
    return code


def with_currency(
    records: Iterable[Mapping[str, object]],
    columns: tuple[str, ...],
    code: OtherCurrency | str | None,
    money: Sequence[str],
    rates: Mapping[str, Decimal] | None = None,
) -> tuple[list[dict[str, object]], tuple[str, ...]]:
    """Add, for each money result in ``money`` (``params.money_results(columns)`` for any
    command), the same amount in ``code`` (a code, or ``other_currency``'s answer):
    ``total_krw`` for ``total_usd``, after all the existing columns, at ``rates`` (for a
    code: ``--rate``'s, else sourced). USD adds nothing."""
    to = code if isinstance(code, OtherCurrency) or code is None else other_currency(code, rates)
    if to is None:
        return [dict(r) for r in records], columns
    return list(to.records(records, money)), to.columns(columns, money)
