"""Exact money: integer cents, one rounding rule (half up), and plain or human text
(numbers as users write them are read by ``core.numbers``).

Every amount is computed as an exact rational number and rounded once, half up, to the
cent. Nothing here uses a ``Decimal`` context: conversions go through integers and
``Fraction``, so a large amount is never rounded at 28 digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final


def decimal_places(value: Decimal) -> int:
    """Digits after the decimal point (``1999.99`` -> 2, ``2000`` -> 0)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def half_up(num: int, den: int) -> int:
    """``num / den`` rounded to an integer, halves up: the one rounding rule of money here
    (amounts are never negative where it is used)."""
    return (2 * num + den) // (2 * den)


def from_units(units: int, places: int) -> Decimal:
    """``units`` of the ``places``-th decimal as an exact Decimal (``1234, 2`` -> ``12.34``):
    built from text, so no context rounds it, however many digits it has (``scaleb`` and
    arithmetic round at the context's 28)."""
    return Decimal(f"{units}E-{places}") if places else Decimal(units)


def cents_to_usd(cents: int) -> Decimal:
    """Cents as a Decimal in dollars, without trailing zero cents (``260000000``, ``1999.90``)."""
    whole, part = divmod(cents, 100)
    return Decimal(whole) if part == 0 else from_units(cents, 2)


def signed_usd(cents: int) -> Decimal:
    """Like ``cents_to_usd`` for an amount that may be negative (a difference)."""
    return -cents_to_usd(-cents) if cents < 0 else cents_to_usd(cents)


def usd(value: Decimal) -> Decimal:
    """A dollar amount in the canonical form of ``cents_to_usd`` (``2000``, ``2000.50``)."""
    return cents_to_usd(int(value * 100))


def normalized(value: Decimal) -> Decimal:
    """A decimal without trailing fraction zeros (``12``, ``0.5``)."""
    return value.normalize()


def fmt_plain(value: Decimal | int) -> str:
    """A number as plain decimal text: no exponent, no separators (``2000``, ``0.5``)."""
    return str(value) if isinstance(value, int) else format(value, "f")


def fmt_cents(cents: int) -> str:
    """Cents as plain dollars text: ``260000000`` or ``259998800.50``."""
    whole, part = divmod(cents, 100)
    return str(whole) if part == 0 else f"{whole}.{part:02d}"


def fmt_human(value: Decimal | int) -> str:
    """A number with thousands separators for people (``10,000``, ``1,999.99``)."""
    text = fmt_plain(value)
    whole, dot, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-') or 0):,}{dot}{frac}"


def fmt_usd_short(value: Decimal) -> str:
    """Dollars in short form: ``$260.0M``, ``$2.60B``, ``$950.0K``."""
    v = abs(value)
    sign = "-" if value < 0 else ""
    steps = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"),
             (Decimal(10) ** 3, "K"))  # fmt: skip
    for size, suffix in steps:
        if v >= size:
            return f"{sign}${v / size:.1f}{suffix}"
    return f"{sign}${v:.2f}"


def cell(value: object) -> str:
    """A value as plain text for CSV and Markdown: decimals without exponent or separators."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        return fmt_plain(value)
    return str(value)


@dataclass(frozen=True)
class Readable:
    """A plain number's text made for reading (Markdown's cells): thousands separators, and
    ``prefix`` (``$``) before money, whose cents, where there are any, show two places:
    ``-1999.5`` -> ``-$1,999.50``; text that is not a plain number stays as it is."""

    prefix: str = ""

    def __call__(self, text: str) -> str:
        sign = "-" if text.startswith("-") else ""
        whole, dot, frac = text.removeprefix("-").partition(".")
        if not whole.isdigit():
            return text
        if dot and self.prefix:
            frac = frac.ljust(2, "0")
        return f"{sign}{self.prefix}{int(whole):,}{dot}{frac}"


#: Money in USD for reading (``$260,000,000``), and a count (``10,000``).
DOLLARS: Final = Readable("$")
GROUPED: Final = Readable()
