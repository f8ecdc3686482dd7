"""Text from users made safe to show: control characters as escapes, formulas inert.

Every output that shows a name, a note or an echoed input passes it through ``printable``
(tables, Markdown, CSV, error lines, charts); CSV cells also through ``inert``.
"""

from __future__ import annotations

import re
from typing import Final

#: Characters that move the cursor, end a line, reorder text or hide in it, as inclusive
#: ranges of code points: C0 and C1 controls, DEL, the line and paragraph separators, the
#: bidi marks and controls (U+061C, U+200E, U+200F, U+202A-E, U+2066-9) and the invisible
#: format characters (U+180E, U+200B, U+2060-4, U+FEFF, U+FFF9-B; the joiners U+200C and
#: U+200D stay, as scripts and emoji need them). ``printable`` escapes them, and the
#: surrogates that stand for bytes that were not UTF-8.
HIDDEN: Final = (
    (0x00, 0x1F), (0x7F, 0x9F), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200B),
    (0x200E, 0x200F), (0x2028, 0x2029), (0x202A, 0x202E), (0x2060, 0x2064), (0x2066, 0x2069),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB),
)  # fmt: skip
_HIDDEN_CLASS = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                        for a, b in HIDDEN)  # fmt: skip
_UNPRINTABLE = re.compile(f"[{_HIDDEN_CLASS}\udc80-\udcff]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED_ESCAPES.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def undecodable(text: str) -> str:
    """The bytes of ``text`` that were not UTF-8 (Python keeps them as surrogates), shown
    as ``\\xff``; empty when every byte was."""
    return "".join(f"\\x{ord(c) - 0xDC00:02x}" for c in text if "\udc80" <= c <= "\udcff")


def printable(text: str) -> str:
    """``text`` with every control character shown as a visible escape (``\\x1b``, ``\\n``,
    ``\\u202e``), so that a name read from a file stays on one line and cannot drive the
    terminal. Used for tables, Markdown, CSV and error lines; JSON escapes on its own."""
    return _UNPRINTABLE.sub(_escape, text)


def json_escaped(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with every character
    ``printable`` escapes written as a ``\\u`` escape (``\\u202e``): the same text when
    read back, and nothing raw for a terminal or an editor to act on. Outside strings JSON
    has none of them, so the text stays valid."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


#: The most of a bad value an error line quotes; the rest is counted.
QUOTE_MAX: Final = 80
#: A value as ``repr`` quotes it in a message: in ``'`` or ``"``, not an apostrophe in a word.
_QUOTED = re.compile(r"""(?<!\w)(['"])((?:(?!\1)[^\\]|\\.)*)\1(?!\w)""")
#: An escape (``\x1b``, ``\u202e``) cut short at the end of a clipped value.
_CUT_ESCAPE = re.compile(r"\\(?:x[0-9a-f]?|u[0-9a-f]{0,3})?$")


def clip_quoted(message: str, keep: int = QUOTE_MAX) -> str:
    """``message`` with each quoted value longer than ``keep`` characters cut to its first
    ``keep`` and the count of the whole: ``got '99999...' (5,000 characters in all)``. A
    path (a value with a ``/``) stays whole: its end names the file."""

    def clip(m: re.Match[str]) -> str:
        quote, value = m.group(1), m.group(2)
        if len(value) <= keep or "/" in value:
            return m.group()
        head = _CUT_ESCAPE.sub("", value[:keep])
        return f"{quote}{head}...{quote} ({len(value):,} characters in all)"

    return _QUOTED.sub(clip, message)


#: What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """Text a spreadsheet shows as text: a leading ``'`` where it would start a formula
    (``=HYPERLINK(...)`` as a scenario name); numbers are never passed here."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(value: object) -> str:
    """A value as a cell's text (CSV, the table views): text with its control characters
    escaped (``printable``) and made inert (``inert``); numbers as they are, written by
    ``core.money.cell`` (a negative ``delta_usd`` stays ``-104000000``)."""
    from .money import cell

    return inert(printable(value)) if isinstance(value, str) else cell(value)


_MD_ALWAYS = re.compile(r"([\\`*\[\]~|])")
_MD_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-]|\d{1,9}(?=[.)]))(?=[.)]?(\s|$))")
#: A line of ``-`` or ``=`` (spaces between allowed): a thematic break (``---``) or a setext
#: underline that would make the line before it a heading (``===``, `` --``).
_MD_RULE = re.compile(r"^(\s*)(?:(-)(?=[-\s]*$)|(=)(?=[=\s]*$))")


def markdown_inert(text: str) -> str:
    """``text`` as Markdown shows it and never reads it: control characters as escapes,
    ``<`` and ``&`` as entities (no raw HTML, no autolink), the characters that open
    emphasis, code, links, strikethrough or a table cell escaped, an underscore only where
    it could open emphasis (``monthly_pay_usd`` stays as it is), a heading, quote or list
    marker at the start escaped, the first ``-`` or ``=`` of a line of them (a thematic
    break or a setext underline: ``\\---``) escaped, and one line."""
    s = printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_ALWAYS.sub(r"\\\1", s)
    s = _MD_UNDERSCORE.sub(r"\\_", s)
    s = _MD_RULE.sub(lambda m: f"{m.group(1)}\\{m.group(2) or m.group(3)}", s)
    return _MD_LINE_START.sub(_line_start, s)


def _line_start(m: re.Match[str]) -> str:
    r"""A marker at the start escaped: ``\#``, ``\-``; for a list number its dot: ``1\.``."""
    space, marker = m.group(1), m.group(2)
    return f"{space}{marker}\\" if marker[0].isdigit() else f"{space}\\{marker}"


def web_address(url: str) -> bool:
    """Whether ``url`` is an http(s) address, the only kind that becomes a link (a scenario
    file's ``javascript:`` or ``data:`` never does)."""
    return url.strip().lower().startswith(("https://", "http://"))


#: What a Markdown link's address may not hold as it is: space and control characters
#: (they end it, or hide in it), ``<`` and ``>`` (they end an autolink and open raw HTML:
#: ``<http://x<img/>>``), parentheses, brackets, backslash and backtick.
_URL_UNSAFE = re.compile(f"[{_HIDDEN_CLASS} <>()\\[\\]\\\\`\udc80-\udcff]")


def link_address(url: str) -> str:
    """``url`` as a link's address: stripped, with what would end it, hide in it or open
    HTML in it percent-encoded (``%3C``, ``%0A``), bidi and format characters too."""
    return _URL_UNSAFE.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogateescape")),
        url.strip(),
    )


def markdown_link(url: str, text: str | None = None) -> str:
    """A Markdown link to a web address, ``[text](url)`` or ``<url>``, with what would end
    the address or open HTML in it percent-encoded; any other address as inert text."""
    if url and web_address(url):
        clean = link_address(url)
        return f"[{markdown_inert(text)}]({clean})" if text else f"<{clean}>"
    return markdown_inert(text or url)
