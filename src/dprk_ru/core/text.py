"""Text from users made safe to show: control characters as escapes, formulas inert.

Every output that shows a name, a note or an echoed input passes it through ``printable``
(tables, Markdown, CSV, error lines, charts); CSV cells also through ``inert``.
"""

from __future__ import annotations

import re
from typing import Final

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    return _NAMED_ESCAPES.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """``text`` with every control character shown as a visible escape (``\\x1b``, ``\\n``,
    ``\\u202e``), so that a name read from a file stays on one line and cannot drive the
    terminal. Used for tables, Markdown, CSV and error lines; JSON escapes on its own."""
    return _UNPRINTABLE.sub(_escape, text)


#: What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """Text a spreadsheet shows as text: a leading ``'`` where it would start a formula
    (``=HYPERLINK(...)`` as a scenario name); numbers are never passed here."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
