"""Months as ``YYYY-MM`` text and as integers (year x 12 + month - 1), for timelines."""

from __future__ import annotations

import re
from typing import Final

from ..errors import InputError, Named

_MONTH: Final = re.compile(r"([0-9]{4})-([0-9]{2})", re.ASCII)
FIRST_YEAR: Final = 1950
LAST_YEAR: Final = 2100


def month_index(text: str) -> int:
    """``2024-11`` -> 24299; ValueError if it is not a month from 1950-01 to 2100-12."""
    m = _MONTH.fullmatch(text.strip())
    if m is None or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"expected a month as YYYY-MM (e.g. 2024-11), got {text!r}")
    year = int(m.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"expected a year from {FIRST_YEAR} to {LAST_YEAR}, got {text!r}")
    return year * 12 + int(m.group(2)) - 1


def checked_month(text: str | None) -> str | None:
    """A ``YYYY-MM`` field of a file as it is (None too); ValueError with the expected form
    if it is no month (a validator of the models' month fields)."""
    if text is not None:
        month_index(text)
    return text


def parse_month(text: str, where: str) -> int:
    """A month from user input; InputError naming ``where``."""
    try:
        return month_index(text)
    except ValueError as e:
        raise InputError(where, f": {e}") from None


def month_text(index: int) -> str:
    """24299 -> ``2024-11``."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def parse_year(text: str, where: str = Named("year")) -> int:
    """A year ``YYYY`` from user input."""
    s = text.strip()
    if not re.fullmatch(r"[0-9]{4}", s, re.ASCII) or not FIRST_YEAR <= int(s) <= LAST_YEAR:
        raise InputError(where, f": expected a year from {FIRST_YEAR} to {LAST_YEAR}, got {text!r}")
    return int(s)
