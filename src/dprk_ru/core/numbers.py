"""The one grammar of numbers a user writes, in option text and in TOML strings.

A number is ASCII digits with an optional fraction (``2000``, ``1999.99``, ``2000.``,
``.5``) after an optional sign (``+5000``, ``-0.4``). Where the number is money:

- an amount in USD may start with ``$`` (``'$2000'``, quoted against the shell);
- an amount may instead end with a currency code (``150000 RUB``), converted by the caller.

A figure (``--target``) also takes k/M/B (``2.6B``, ``$260M``) and thousands grouped by
commas (``$2,600,000,000``): it is never a list, so a comma cannot split it.

Refused, each with the fix where there is one: a superfluous leading zero (``000`` is what
the shell leaves of an unquoted ``$2000``), thousands separators outside a figure
(``10,000``: a comma separates list items), k/M/B outside a figure, a dash between two
numbers (``5000-20000``), exponents, ``nan`` and ``inf``, underscores, non-ASCII digits.
TOML's own numbers (``troops = 10000``) are TOML's; a TOML string is read by this grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from ..errors import InputError, Named

#: The digits of a number: a whole part with an optional fraction, or a fraction alone.
DIGITS: Final = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
#: Digits grouped in threes by commas, as a thousands separator writes them (``10,000``).
GROUPED: Final = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?"
THOUSANDS: Final = re.compile(rf"[-+]?{GROUPED}", re.ASCII)
#: k/M/B as powers of ten (applied to the text, so no Decimal context rounds a long number).
_SUFFIXES: Final = {"": 0, "k": 3, "m": 6, "b": 9}
_FORM: Final = re.compile(
    rf"(?P<sign>[-+]?)(?P<dollar>\$?)(?P<digits>{DIGITS}|{GROUPED})(?P<suffix>[kKmMbB]?)"
    r"(?:\s+(?P<code>[A-Za-z]{3}))?",
    re.ASCII,
)
#: Two numbers joined by a dash or "to": a range where one value (or a grid) is read
#: (``5000-20000``, ``5000 to 20000``).
_DASHED: Final = re.compile(
    rf"\$?({DIGITS})(?:\s*[-\u2013]\s*|\s+to\s+)\$?({DIGITS})", re.ASCII | re.IGNORECASE
)
#: Text written as a distribution (``8000 to 14000``, ``pert(1,2,4)``), not as one number.
_CALL: Final = re.compile(r"\s*[A-Za-z]+\s*\(.*\)\s*", re.S)
_DISTRIBUTION: Final = re.compile(r".*\S\s+to\s+\S.*", re.I | re.S)
#: A number with a superfluous leading zero (``007``, ``000``, ``00.5``; not ``0`` or ``0.5``).
_LEADING_ZERO: Final = re.compile(r"[-+]?\$?0[0-9]", re.ASCII)
#: Text longer than this gets no hint (the patterns that find one stay cheap).
_LONGEST_HINTED: Final = 200
#: More digits than any value here needs (and clear of ``int()``'s limits).
MAX_DIGITS: Final = 40


@dataclass(frozen=True)
class Amount:
    """A number as read: its value, and the currency code written after it, if any.

    Args:
        value: the number (a ``$`` and a k/M/B suffix applied; ``-0`` is 0).
        code: the currency code, upper case (``RUB``); None for a plain number or ``$``.
    """

    value: Decimal
    code: str | None = None


def is_number(text: str) -> bool:
    """Whether ``text`` is written as one number, in any form ``read`` knows (``2000``,
    ``'$2000'``, ``150000 RUB``, ``2.6B``, ``10,000``), accepted or not: what is no number
    may be a distribution (``8000 to 14000``)."""
    return _FORM.fullmatch(text.strip()) is not None


def has_code(text: str) -> bool:
    """Whether ``text`` is an amount with a currency code (``150000 RUB``)."""
    m = _FORM.fullmatch(text.strip())
    return m is not None and m.group("code") is not None


def distribution_error(where: str, text: str) -> str | None:
    """Where one value is read, the fix for a distribution (``8000 to 14000``), else None."""
    if _CALL.fullmatch(text) is None and _DISTRIBUTION.fullmatch(text) is None:
        return None
    return (
        f"{where}: {text.strip()!r} is a distribution; give one value here (simulate, "
        f"sensitivity and report take distributions)"
    )


def canonical(text: str) -> str:
    """A number as this grammar wants it, from a form it refuses but understands: commas
    and superfluous leading zeros taken out (``10,000`` -> ``10000``, ``0,600`` -> ``600``,
    ``00.5`` -> ``0.5``, ``-000`` -> ``0``). The fix every hint suggests."""
    s = text.strip().replace(",", "")
    sign = s[0] if s[:1] in ("+", "-") else ""
    dollar = "$" if s.removeprefix(sign).startswith("$") else ""
    digits = s.removeprefix(sign).removeprefix(dollar).lstrip("0")
    if digits[:1] in ("", "."):
        digits = "0" + digits
    sign = sign.replace("+", "")
    if not digits.strip("0."):  # zero has no sign
        sign = ""
    return f"{sign}{dollar}{digits}"


def leading_zero(text: str) -> bool:
    """Whether the number ``text`` starts with a superfluous zero (``007``, ``000``)."""
    return _LEADING_ZERO.match(text.strip()) is not None


def leading_zero_error(where: str, text: str, money: bool = False) -> str:
    """Why ``text`` (see ``leading_zero``) is refused, with the fix: a number such as
    ``10,000`` or an unquoted ``$2000`` loses its head on the way to us (the comma splits a
    list; the shell expands ``$2``), leaving ``000``, which must never be read as 0."""
    s = text.strip()
    if money and not s.strip("0.") and "0" in s:
        return (
            f"{where}: {text!r} has leading zeros; the shell turns an unquoted or double-quoted "
            f"$2{s} into {s} ($2 is a shell variable): write the amount without $, or quote "
            f"money with single quotes"
        )
    return f"{where}: {text!r} has a leading zero; write {canonical(s)}"


def thousands_error(where: str, text: str) -> str | None:
    """The fix for a number written with thousands separators (``10,000``), else None."""
    m = THOUSANDS.search(text)
    if m is None:
        return None
    return f"{where}: {m.group()} looks like a thousands separator: write {canonical(m.group())}"


def dash_error(where: str, text: str, fix: str) -> str | None:
    """The fix for two numbers joined by a dash (``5000-20000``) or "to" where a range is
    not written so, else None: ``fix`` is the form of a range where it is given, with
    ``{a}``, ``{b}`` and ``{step}`` (``{a}:{b}:{step}``)."""
    m = _DASHED.fullmatch(text.strip())
    if m is None:
        return None
    a, b = canonical(m.group(1)), canonical(m.group(2))
    return f"{where}: {text.strip()!r} is not a number; {fix.format(a=a, b=b, step=_step(a, b))}"


def _step(a: str, b: str) -> str:
    """A round step for the range ``a`` to ``b``: a power of ten, at least 2 steps and no
    finer than the ends are written (``5000``, ``20000`` -> ``1000``)."""
    lo, hi = Decimal(a), Decimal(b)
    places = max(len(x.partition(".")[2]) for x in (a, b))
    finest = Decimal(1).scaleb(-places)
    step = finest
    while step * 10 <= (hi - lo) / 2:
        step *= 10
    return format(step, "f")


#: Where a parameter takes one value, what to write for a range instead.
RANGE_ELSEWHERE: Final = (
    "give one value here; a range is START:STOP:STEP in sweep ({a}:{b}:{step}) and "
    "'{a} to {b}' (quoted) in simulate"
)


def read(
    text: str,
    where: str,
    expected: str,
    *,
    money: bool = False,
    figure: bool = False,
    integer: bool = False,
    dash: str | None = None,
    message: str | tuple[object, ...] | None = None,
) -> Amount:
    """Read one number of the grammar (see the module); InputError naming ``where``.

    Args:
        text: what the user wrote.
        where: the option or file field, for the error (``troops``): a ``Named``
            parameter is spelled by the CLI.
        expected: what is allowed, in words, for the error ("a whole number from 0 ...").
        money: an amount: ``$`` and a currency code are allowed.
        figure: a target: k/M/B and commas grouping thousands are allowed too.
        integer: a whole number: no decimal point.
        dash: where a parameter's value is read, what a range typed as ``5000-20000`` or
            ``5000 to 20000`` should be written as (``{a}``, ``{b}``, ``{step}``); given,
            a distribution (``pert(1,2,4)``) is also told where it goes. None says only
            what is expected.
        message: the whole error (or its words) for text that is no number of the grammar,
            in place of "expected ...": a fix the grammar knows (a leading zero, a separator)
            wins.
    """
    s = text.strip()
    m = _FORM.fullmatch(s) if len(s) <= 2 * MAX_DIGITS else None
    generic: str | tuple[object, ...] = message or f"{where}: expected {expected}, got {text!r}"
    if m is None and len(s) > _LONGEST_HINTED:
        raise _error(where, generic)
    if m is None:
        # A call's commas are no thousands separators: pert(8000,10000,14000).
        call = dash is not None and _CALL.fullmatch(s) is not None
        why = distribution_error(where, s) if call else thousands_error(where, s)
        why = why or (dash_error(where, s, dash) if dash else None)
        why = why or (distribution_error(where, s) if dash else None)
        raise _error(where, why or generic)
    sign, dollar, digits, suffix, code = m.group("sign", "dollar", "digits", "suffix", "code")
    if "," in digits and not figure:
        raise _error(where, thousands_error(where, s) or generic)
    if suffix and not figure:
        fixed = canonical(f"{sign}{dollar}{format(_scaled(digits, suffix), 'f')}")
        raise InputError(
            where, f": {s!r}: k, M and B are for ", Named("target"), f" only; write {fixed}"
        )
    if dollar and not money:
        raise _error(
            where, f"{where}: {s!r}: $ is for amounts in USD; write {canonical(sign + digits)}"
        )
    if dollar and code:
        raise _error(where, f"{where}: {s!r} has both $ and a currency code; write {digits} {code}")
    if code and not money:
        raise _error(where, generic)
    if leading_zero(digits.replace(",", "")):
        raise _error(where, leading_zero_error(where, f"{sign}{dollar}{digits}{suffix}", money))
    if (integer and "." in digits) or len(digits) > MAX_DIGITS:
        raise _error(where, generic)
    value = _scaled(sign + digits, suffix)
    # -0 is 0: a sign on zero would reach the output ("-0") and mean nothing.
    value = value.copy_abs() if value.is_zero() else value
    return Amount(value, code.upper() if code else None)


def _error(where: str, message: str | tuple[object, ...]) -> InputError:
    """An error of ``read``: its words, or its text with a ``Named`` place kept a name."""
    if isinstance(message, tuple):
        return InputError(*message)
    if isinstance(where, Named) and message.startswith(where):
        return InputError(where, message[len(where) :])
    return InputError(message)


def _scaled(digits: str, suffix: str) -> Decimal:
    """``digits`` (commas allowed) times the power of ten of a k/M/B ``suffix``, exactly."""
    exponent = _SUFFIXES[suffix.lower()]
    value = Decimal(f"{digits.replace(',', '')}E{exponent}")
    return value if exponent == 0 else Decimal(format(value, "f"))
