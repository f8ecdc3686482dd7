"""Output formats and the one renderer every command uses."""

from __future__ import annotations

import contextlib
import csv
import errno
import functools
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import IO, TYPE_CHECKING, Any, Final

from ..core.money import cell, fmt_plain
from ..core.text import inert, json_escaped, markdown_inert, printable
from ..errors import InputError, OutputError

if TYPE_CHECKING:
    from ..analysis.sweep import Layout
    from ..core.currency import OtherCurrency
    from ..inputs.grid import Grid
    from .files import Output

Record = Mapping[str, Any]

#: Line terminator of CSV output: Unix newlines, so output diffs cleanly against awk and friends.
CSV_NEWLINE = "\n"


#: Characters that move the cursor, recolour the screen, end a line or reorder text: C0 and
#: C1 controls, DEL, the Unicode line and paragraph separators and the bidi controls.
def _text(value: Any) -> str:
    """A CSV cell as plain text: text with its control characters escaped and made inert
    (``inert``); numbers as they are (a negative ``delta_usd`` stays ``-104000000``)."""
    text = cell(value)
    return inert(printable(value)) if isinstance(value, str) else text


class Format(StrEnum):
    """Output formats: ``auto`` is a table on a terminal and CSV otherwise (and, for an
    ``--output`` file, the format its extension names)."""

    auto = "auto"
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    xlsx = "xlsx"

    def resolve(self, stream: IO[str]) -> Format:
        """``auto`` becomes ``table`` on a terminal and ``csv`` elsewhere."""
        if self is not Format.auto:
            return self
        return Format.table if _isatty(stream) else Format.csv


#: Formats ``auto`` picks from an ``--output`` file's extension.
SUFFIX_FORMATS: Final = {
    ".csv": Format.csv,
    ".json": Format.json,
    ".jsonl": Format.jsonl,
    ".md": Format.markdown,
    ".xlsx": Format.xlsx,
}


def choose_format(fmt: Format, dest: Output) -> Format:
    """The format for ``dest``, checked before any work: ``auto`` follows a file's
    extension (exit 2 for one it does not know) and is left for ``render`` to resolve on a
    stream; ``xlsx`` needs its extra (exit 1) and is never written to a terminal (exit 2)."""
    if fmt is Format.auto and dest.kind == "file":
        if dest.suffix not in SUFFIX_FORMATS:
            known = ", ".join(SUFFIX_FORMATS)
            raise InputError(
                f"{dest.option}: cannot tell the format from {dest.given!r}; end the name in "
                f"{known.rpartition(', ')[0]} or {known.rpartition(', ')[2]}, or give --format"
            )
        fmt = SUFFIX_FORMATS[dest.suffix]
    if fmt is Format.xlsx:
        from .xlsx import require_xlsxwriter

        require_xlsxwriter()
        if dest.isatty():
            raise InputError(_XLSX_TTY)
    return fmt


_XLSX_TTY = (
    "--format xlsx: a workbook is binary and is not written to a terminal; "
    "give --output FILE.xlsx or redirect stdout"
)


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def json_dumps(value: Any, indent: int | None = None, _level: int = 0) -> str:
    """JSON with Decimals written as exact plain numbers (``1999.99``, never ``1.99999E+3``),
    and control, bidi and format characters escaped (``json_escaped``)."""
    import json

    if isinstance(value, Decimal):
        return fmt_plain(value)
    if isinstance(value, Mapping):
        items = [(json.dumps(str(k)), json_dumps(v, indent, _level + 1)) for k, v in value.items()]
        if not items:
            return "{}"
        if indent is None:
            return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
        pad = " " * (indent * (_level + 1))
        body = ",\n".join(f"{pad}{k}: {v}" for k, v in items)
        return "{\n" + body + "\n" + " " * (indent * _level) + "}"
    if isinstance(value, list | tuple):
        parts = [json_dumps(v, indent, _level + 1) for v in value]
        if not parts:
            return "[]"
        if indent is None:
            return "[" + ", ".join(parts) + "]"
        pad = " " * (indent * (_level + 1))
        return "[\n" + ",\n".join(pad + p for p in parts) + "\n" + " " * (indent * _level) + "]"
    return json_escaped(json.dumps(value, ensure_ascii=False))


def write_csv(records: Iterable[Record], columns: Sequence[str], out: IO[str]) -> None:
    """CSV: one header row, then one row per record (quoted as ``csv`` quotes).

    Text has its control characters escaped (``printable``): CSV has no escape of its own,
    and a raw newline or ESC would break line-based tools and reach whoever ``cat``s the
    file. So one record is always one line."""
    writer = csv.writer(out, lineterminator=CSV_NEWLINE)
    writer.writerow(columns)
    writer.writerows([_text(r.get(c)) for c in columns] for r in records)


class CurrencyCSV:
    """A text stream for CSV of plain numbers that adds, at the end of each line written
    through it, the amounts of its ``money`` columns in another currency (and their names
    at the end of the header): what ``OtherCurrency.records`` adds, for a writer that makes
    CSV text without records (the fast sweep writer). Call ``close`` at the end.

    Args:
        out: where the lines go.
        columns: the CSV's columns, as in its header.
        money: the columns to convert.
        to: the currency and rate.
    """

    def __init__(
        self, out: IO[str], columns: Sequence[str], money: Sequence[str], to: OtherCurrency
    ) -> None:
        self.out, self.to = out, to
        self.index = [columns.index(c) for c in money]
        self.names = ",".join(to.column(c) for c in money)
        self.header = True
        self.rest = ""
        self.seen: dict[str, str] = {}  # amounts converted so far

    def write(self, text: str) -> int:
        *lines, self.rest = (self.rest + text).split("\n")
        if not lines:
            return len(text)
        index, seen, converted_text = self.index, self.seen, self.to.converted_text
        done = []
        if self.header:
            done.append(f"{lines.pop(0)},{self.names}\n")
            self.header = False
        if len(seen) > 65_536:  # amounts repeat down a grid; keep the memo small
            seen.clear()
        for line in lines:
            fields = line.split(",")
            extra = []
            for i in index:
                usd = fields[i]
                won = seen.get(usd)
                if won is None:
                    won = seen[usd] = converted_text(usd)
                extra.append(won)
            done.append(f"{line},{','.join(extra)}\n")
        self.out.write("".join(done))
        return len(text)

    def close(self) -> None:
        """Write what is left (a last line without its newline, as written)."""
        if self.rest:
            rest, self.rest = self.rest, ""
            self.write(rest + "\n")


def write_json(records: Iterable[Record], columns: Sequence[str], out: IO[str]) -> None:
    """JSON: an array of objects, ``indent=2``; always an array, even of one record."""
    out.write("[")
    sep = "\n"
    for r in records:
        out.write(sep + "  " + json_dumps({c: r.get(c) for c in columns}, indent=2, _level=1))
        sep = ",\n"
    out.write("\n]\n" if sep != "\n" else "]\n")


def write_jsonl(records: Iterable[Record], columns: Sequence[str], out: IO[str]) -> None:
    """JSON Lines: one compact object per line, streamed."""
    for r in records:
        out.write(json_dumps({c: r.get(c) for c in columns}) + "\n")


def write_markdown(records: Iterable[Record], columns: Sequence[str], out: IO[str]) -> None:
    """A GitHub-flavoured Markdown table for pasting into an article: headers in words
    (``markdown_header``), money as ``$260,000,000`` and counts with thousands separators
    (``markdown_number``), a scenario by its title where it has one; numbers right-aligned.
    CSV, JSON and xlsx keep the raw columns and values."""
    rows = iter(records)
    first = next(rows, None)
    shown = markdown_columns(columns)
    # Alignment from the first record, so the table streams.
    numeric = [first is not None and _is_number(first.get(c)) for c in shown]
    formats = [markdown_number(c) for c in shown]
    out.write("| " + " | ".join(markdown_inert(markdown_header(c)) for c in shown) + " |\n")
    out.write("|" + "|".join("---:" if n else "---" for n in numeric) + "|\n")
    for r in itertools.chain([first] if first is not None else [], rows):
        cells = (_md_cell(_named(r, c), f) for c, f in zip(shown, formats, strict=True))
        out.write("| " + " | ".join(cells) + " |\n")


def _md_cell(value: Any, number: Callable[[str], str] | None = None) -> str:
    """A Markdown table cell: text made inert, numbers formatted for reading."""
    if isinstance(value, str):
        return markdown_inert(value)
    text = cell(value)
    return number(text) if number is not None and _is_number(value) else text


#: Names that Markdown shows by their title where the record has one (name column: the
#: columns that may hold its title); a title column is then not shown beside it as well.
_TITLED: Final = {"scenario": ("title", "scenario_title"), "contingent": ("contingent_title",)}


def markdown_columns(columns: Sequence[str]) -> list[str]:
    """The columns a Markdown table shows: a title beside the name it titles is shown in
    the name's place, not twice."""
    titles = {t for name, ts in _TITLED.items() if name in columns for t in ts}
    return [c for c in columns if c not in titles]


def _named(record: Record, column: str) -> Any:
    """A record's value as Markdown shows it: a name by its title where there is one."""
    value = record.get(column)
    for title in _TITLED.get(column, ()):
        if record.get(title):
            return record[title]
    if column == "parameter" and isinstance(value, str):  # sensitivity's kursk.troops
        from ..core.params import PARAM_BY_NAME

        owner, _, field = value.rpartition(".")
        if field in PARAM_BY_NAME:
            return PARAM_BY_NAME[field].label + (f" ({owner})" if owner else "")
    return value


#: Column headers in words, for Markdown (the parameters' own labels and the terms' come
#: from their tables).
_WORDS: Final = {
    "total_usd": "Total", "delta_usd": "Difference", "scenario": "Scenario",
    "personnel": "Personnel", "troop_months": "Troop-months", "solve_for": "Solved for",
    "target_usd": "Target", "samples": "Samples", "seed": "Seed", "mean_usd": "Mean",
    "sd_usd": "Standard deviation", "clipped": "Draws clipped", "parameter": "Parameter",
    "low": "Low", "high": "High", "total_at_low_usd": "Total at low",
    "total_at_high_usd": "Total at high", "swing_usd": "Swing", "month": "Month",
    "cumulative_usd": "Cumulative", "projected": "Projected", "id": "Estimate",
    "publisher": "Publisher", "author": "Author", "date": "Date", "url": "URL",
    "estimates": "Estimates", "assumptions": "Assumptions", "published": "Published",
    "published_usd": "Published (USD)", "recomputed_usd": "Recomputed", "gap_usd": "Gap",
    "verdict": "Verdict", "note": "Note", "url_note": "Why no URL", "title": "Title",
    "contingents": "Contingents", "description": "Description", "year": "Year",
    "key": "Key", "label": "What", "value": "Value", "unit": "Unit", "kind": "Kind",
    "source": "Source", "quote": "Quote", "reasoning": "Reasoning", "uncertain": "Uncertain",
    "period": "Period", "contingent": "Contingent", "start": "Start", "end": "End",
}  # fmt: skip


def markdown_header(column: str) -> str:
    """A column's header in words: ``Total`` for ``total_usd``, ``Monthly pay`` for
    ``monthly_pay_usd``, ``5th percentile`` for ``p5_usd``, ``Total (KRW)`` for
    ``total_krw``, ``vs DPRK exports to China, 2016`` for ``vs_china_exports_2016``."""
    import re

    from ..core.formula import TERMS
    from ..core.params import PARAM_BY_NAME

    if column in _WORDS:
        return _WORDS[column]
    if column in PARAM_BY_NAME:
        return PARAM_BY_NAME[column].label
    terms = {t.column: t.label for t in TERMS}
    if column in terms:
        return terms[column]
    if m := re.fullmatch(r"p(\d+(?:\.\d+)?)_usd", column):
        n = m.group(1)
        end = "th" if n.endswith(("11", "12", "13")) else {"1": "st", "2": "nd", "3": "rd"}.get(
            n[-1], "th")  # fmt: skip
        return f"{n}{end} percentile"
    if m := re.fullmatch(r"vs_(\w+?)(_low|_high|_period)?", column):
        from ..scenarios.sources import RANGES, REFERENCES

        key = m.group(1).replace("_", "-")
        ref = REFERENCES.get(key) or RANGES.get(key)
        what = ref.label if ref is not None else key
        return f"vs {what}" + {"_low": ", low", "_high": ", high", "_period": ", period"}.get(
            m.group(2) or "", "")  # fmt: skip
    stem, _, code = column.rpartition("_")
    if stem and len(code) == 3 and code.isalpha() and f"{stem}_usd" != column:
        words = markdown_header(f"{stem}_usd")
        if words != f"{stem}_usd":
            return f"{words} ({code.upper()})"
    return column


def markdown_number(column: str) -> Callable[[str], str] | None:
    """How Markdown writes a number of ``column`` (from its plain text): money in USD as
    ``$260,000,000``, other money and counts with thousands separators, None (as it is)
    for shares, ratios, a year or a seed."""
    from ..core.money import DOLLARS, GROUPED
    from .xlsx import is_share, money_places

    if money_places(column) is not None:
        return DOLLARS if column.endswith("_usd") else GROUPED
    if is_share(column) or column.startswith("vs_") or column in ("year", "seed"):
        return None
    return GROUPED


def _json_text(value: str) -> str:
    return json_dumps(value)


def row_layout(fmt: Format, columns: Sequence[str], first: Record) -> Layout:
    """The rows ``write_json``, ``write_jsonl``, ``write_markdown`` or ``write_csv`` write,
    as a ``Layout`` for the fast sweep writer (``analysis.sweep.write_rows``), byte for byte:
    ``first`` is the first record, whose values set Markdown's alignment as they do there."""
    from ..analysis.sweep import Layout

    keys = [json_dumps(str(c)) for c in columns]
    if fmt is Format.json:
        return Layout(
            (f",\n  {{\n    {keys[0]}: ", *(f",\n    {k}: " for k in keys[1:])), "\n  }",
            null="null", quote=_json_text, head="[", tail="\n]\n", lead=1,
        )  # fmt: skip
    if fmt is Format.jsonl:
        return Layout(
            (f"{{{keys[0]}: ", *(f", {k}: " for k in keys[1:])), "}\n",
            null="null", quote=_json_text,
        )  # fmt: skip
    if fmt is Format.markdown:  # sweep's columns: no title to put in a name's place
        numeric = [_is_number(first.get(c)) for c in columns]
        head = "| " + " | ".join(markdown_inert(markdown_header(c)) for c in columns) + " |\n"
        head += "|" + "|".join("---:" if n else "---" for n in numeric) + "|\n"
        return Layout(("| ",) + (" | ",) * (len(columns) - 1), " |\n", quote=markdown_inert,
                      head=head, numbers=tuple(markdown_number(c) for c in columns))  # fmt: skip
    if fmt is Format.csv:
        return Layout(("",) + (",",) * (len(columns) - 1), CSV_NEWLINE,
                      head=",".join(columns) + CSV_NEWLINE)  # fmt: skip
    raise ValueError(f"no row layout for {fmt}")


class Relayout:
    """A text stream that takes CSV lines of plain numbers and text that needs no quoting
    (header first) and writes them as rows of ``layout``: for the fast sweep writer's lines
    once ``CurrencyCSV`` has added the won columns. Call ``close`` at the end.

    Args:
        out: where the rows go.
        layout: their layout (``row_layout``).
        columns: the columns of the lines.
        first: the first record: its text values (the kind of personnel) are quoted as text.
    """

    def __init__(self, out: IO[str], layout: Layout, columns: Sequence[str], first: Record) -> None:
        self.out, self.layout = out, layout
        self.text = [isinstance(first.get(c), str) for c in columns]
        self.header = True
        self.rest = ""
        self.lead = layout.lead

    def write(self, text: str) -> int:
        *lines, self.rest = (self.rest + text).split("\n")
        if not lines:
            return len(text)
        layout = self.layout
        if self.header:
            lines.pop(0)
            self.out.write(layout.head)
            self.header = False
        quote, null, end = layout.quote, layout.null, layout.end
        numbers = layout.numbers or (None,) * len(self.text)
        pieces = list(zip(layout.before, self.text, numbers, strict=True))
        rows = "".join(
            "".join(
                b + (quote(v) if t else (n(v) if n is not None and v else v or null))
                for (b, t, n), v in zip(pieces, line.split(","), strict=True)
            )
            + end
            for line in lines
        )
        if self.lead and rows:
            rows, self.lead = rows[self.lead :], 0
        self.out.write(rows)
        return len(text)

    def close(self) -> None:
        """Write what is left (a last line without its newline) and the layout's tail."""
        if self.rest:
            rest, self.rest = self.rest, ""
            self.write(rest + "\n")
        self.out.write(self.layout.tail)


#: Formats ``stream_sweep`` writes through the fast sweep writer; xlsx and the table view
#: take ``sweep``'s records.
STREAMED: Final = (Format.csv, Format.json, Format.jsonl, Format.markdown)


def stream_sweep(
    grid: Grid,
    fmt: Format,
    money: Sequence[str],
    to: OtherCurrency | None,
    out: IO[str],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``grid``'s rows in ``fmt`` (one of ``STREAMED``) through the fast sweep writer,
    byte for byte what ``render`` writes for ``sweep``'s records; with ``to``, the writer's
    CSV lines get the ``money`` columns in that currency (``CurrencyCSV``) and are then laid
    out in ``fmt`` (``Relayout``). Returns the rows written."""
    from ..analysis.sweep import CSV, sweep, write_rows
    from ..core.params import COLUMNS

    first = next(sweep(grid)).record()  # Markdown's alignment follows the first record
    if to is None:
        return write_rows(grid, out, row_layout(fmt, COLUMNS, first), progress)
    first = next(to.records([first], money))
    columns = to.columns(COLUMNS, money)
    target: Any = out
    if fmt is not Format.csv:
        target = Relayout(out, row_layout(fmt, columns, first), columns, first)
    converting = CurrencyCSV(target, COLUMNS, money, to)
    written = write_rows(grid, converting, CSV, progress)  # type: ignore[arg-type]
    converting.close()
    if target is not out:
        target.close()
    return written


TableView = Callable[[Sequence[Record], IO[str]], None]


def render(
    records: Iterable[Record],
    columns: Sequence[str],
    fmt: Format,
    out: IO[str],
    table: TableView | None = None,
) -> None:
    """Write ``records`` to ``out`` in ``fmt``; ``table`` draws the terminal view."""
    fmt = fmt.resolve(out)
    if fmt is Format.csv:
        write_csv(records, columns, out)
    elif fmt is Format.json:
        write_json(records, columns, out)
    elif fmt is Format.jsonl:
        write_jsonl(records, columns, out)
    elif fmt is Format.markdown:
        write_markdown(records, columns, out)
    elif fmt is Format.xlsx:
        from .xlsx import write_xlsx

        if _isatty(out):
            raise InputError(_XLSX_TTY)
        binary = getattr(out, "buffer", None)
        if binary is None:
            raise OutputError("--format xlsx: cannot write a workbook to a text-only stream")
        out.flush()
        write_xlsx(records, columns, binary)
        binary.flush()
    else:
        rows = [{k: printable(v) if isinstance(v, str) else v for k, v in r.items()}
                for r in records]  # fmt: skip
        (table or generic_table(columns))(rows, out)


def no_color() -> bool:
    """Whether colour and styles are off: ``NO_COLOR`` set (``--no-color`` sets it)."""
    return bool(os.environ.get("NO_COLOR"))


#: Drawing characters of the table views, as ASCII, for an output that cannot carry them.
_ASCII_GLYPHS = str.maketrans({"▁": "_", "▂": ".", "▃": ":", "▄": "-", "▅": "=", "▆": "+",
                               "▇": "*", "█": "#", "│": "|", "─": "-", "…": "...", "–": "-",
                               "—": "--", "×": "x", "’": "'", "“": '"', "”": '"'})  # fmt: skip


class _AsciiSafe:
    """A text stream for an encoding that cannot carry the table views' drawing characters
    (``PYTHONIOENCODING=ascii``): they become ASCII look-alikes, and any other character the
    encoding lacks a backslash escape, so a table is drawn rather than a traceback raised."""

    def __init__(self, stream: IO[str], encoding: str) -> None:
        self._stream = stream
        self.encoding = encoding

    def write(self, text: str) -> int:
        text = text.translate(_ASCII_GLYPHS)
        return self._stream.write(
            text.encode(self.encoding, "backslashreplace").decode(self.encoding)
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _drawable(out: IO[str]) -> Any:
    """``out``, or ``out`` behind ``_AsciiSafe`` when its encoding lacks the box characters."""
    encoding = getattr(out, "encoding", None)
    if not isinstance(encoding, str):
        return out
    try:
        "█│…─".encode(encoding)
    except UnicodeEncodeError:
        return _AsciiSafe(out, encoding)
    except LookupError:
        return out
    return out


def console(out: IO[str]) -> Any:
    """A rich Console on ``out``: escape codes only on a terminal, and none at all (not even
    bold) when ``NO_COLOR`` is set. Strings are never read as rich markup (a scenario named
    ``[/b]`` is text), and an ASCII-only output gets an ASCII table."""
    colour: dict[str, Any] = {"color_system": None} if no_color() else {}
    return _console_class()(
        file=_drawable(out), highlight=False, soft_wrap=False, markup=False, **colour
    )


@functools.cache
def _console_class() -> Any:
    from rich.console import Console

    class PipeConsole(Console):
        """A Console that lets a closed pipe reach the CLI boundary (exit 141), where
        rich's own default exits 1."""

        def on_broken_pipe(self) -> None:
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return PipeConsole


@contextlib.contextmanager
def carriage_return_progress(
    total: int, label: str, out: IO[str]
) -> Iterator[Callable[[int], None]]:
    """A progress line redrawn with a carriage return and no escape code (for ``NO_COLOR``,
    where rich's bar, which hides the cursor and moves it, would not do); erased at the end."""
    done = shown = 0

    def advance(n: int) -> None:
        nonlocal done, shown
        done += n
        percent = done * 100 // max(total, 1)
        if percent != shown:
            shown = percent
            out.write(f"\r{label} {percent:3d}% ({done:,} of {total:,})")
            out.flush()

    try:
        yield advance
    finally:
        width = len(f"{label} 100% ({total:,} of {total:,})")
        out.write("\r" + " " * width + "\r")
        out.flush()


def generic_table(columns: Sequence[str], title: str | None = None) -> TableView:
    """A table view showing ``columns`` with human number formatting; numbers are never cut
    (``layout.show``)."""

    def view(rows: Sequence[Record], out: IO[str]) -> None:
        from .layout import Col, show

        cols = []
        for c in columns:
            numeric = bool(rows) and all(_is_number(r.get(c)) for r in rows)
            cols.append(Col(c, "number" if numeric else "text"))
        cells = [[human(r.get(c), c) for c in columns] for r in rows]
        show(console(out), cols, cells, title=title)

    return view


def _is_number(value: Any) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def human(value: Any, column: str = "") -> str:
    """A value for people: thousands separators, and ``$`` on USD columns."""
    from ..core.money import fmt_human

    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        text = fmt_human(value)
        return f"${text}" if column.endswith("_usd") else text
    return _text(value)
