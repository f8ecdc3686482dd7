"""Exact money: integer cents, one rounding rule (half up), and plain or human text.

Every amount is computed as an exact rational number and rounded once, half up, to the
cent. Nothing here uses a ``Decimal`` context: conversions go through integers and
``Fraction``, so a large amount is never rounded at 28 digits.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Final

CENT: Final = Decimal("0.01")

#: A plain decimal as users write it: digits with an optional fraction, an optional minus.
PLAIN_NUMBER: Final = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
#: A number with a superfluous leading zero (``007``, ``000``, ``00.5``; not ``0`` or ``0.5``).
_LEADING_ZERO: Final = re.compile(r"[-+]?0[0-9]", re.ASCII)
#: Digits grouped in threes by commas, as a thousands separator writes them (``10,000``).
THOUSANDS: Final = re.compile(r"[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?", re.ASCII)


def leading_zero(text: str) -> bool:
    """Whether the number ``text`` starts with a superfluous zero (``007``, ``000``)."""
    return _LEADING_ZERO.match(text.strip()) is not None


def leading_zero_error(where: str, text: str, money: bool = False) -> str:
    """Why ``text`` (see ``leading_zero``) is refused, with a hint: a number such as
    ``10,000`` or an unquoted ``$2000`` loses its head on the way to us (the comma splits a
    list; the shell expands ``$2``), leaving ``000``, which must never be read as 0."""
    s = text.strip()
    if money and not s.strip("0.") and "0" in s:
        return (
            f"{where}: {text!r} has leading zeros; the shell turns an unquoted or double-quoted "
            f"$2{s} into {s} ($2 is a shell variable): write the amount without $, or quote "
            f"money with single quotes"
        )
    sign = s[0] if s[0] in "+-" else ""
    digits = s.removeprefix(sign).lstrip("0")
    fixed = sign.replace("+", "") + ("0" + digits if digits[:1] in ("", ".") else digits)
    if not fixed.strip("-0."):
        fixed = fixed.lstrip("-")
    return f"{where}: {text!r} has a leading zero; write {fixed}"


def thousands_error(where: str, text: str) -> str | None:
    """A hint for a number written with thousands separators (``10,000``), else None."""
    m = THOUSANDS.search(text)
    if m is None:
        return None
    return (
        f"{where}: {m.group()} looks like a thousands separator: write {m.group().replace(',', '')}"
    )


def decimal_places(value: Decimal) -> int:
    """Digits after the decimal point (``1999.99`` -> 2, ``2000`` -> 0)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def half_up(num: int, den: int) -> int:
    """``num / den`` rounded to an integer, halves up: the one rounding rule of money here
    (amounts are never negative where it is used)."""
    return (2 * num + den) // (2 * den)


def round_cents(value: Fraction) -> int:
    """An exact amount in cents, rounded half up to a whole cent."""
    return half_up(value.numerator, value.denominator)


def exact_cents(*factors: Decimal | int | Fraction) -> int:
    """The product of ``factors`` in dollars, as cents rounded half up (factors are >= 0)."""
    num, den = 100, 1
    for f in factors:
        a, b = f.as_integer_ratio()
        num *= a
        den *= b
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


def plain(value: Decimal) -> Decimal:
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
