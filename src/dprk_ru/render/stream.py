"""``sweep``'s rows streamed through the fast sweep writer (``analysis.sweep.write_rows``),
byte for byte what ``render`` writes for its records: each format as a ``Layout``
(``row_layout``), and with ``--currency`` the writer's CSV lines given the converted
columns (``CurrencyCSV``) and laid out again (``Relayout``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any, Final

from ..core.text import markdown_inert
from .formats import Format
from .markdown import markdown_header, markdown_number
from .writers import CSV_NEWLINE, Record, aligns_right, json_dumps

if TYPE_CHECKING:
    from ..analysis.sweep import Layout
    from ..core.currency import OtherCurrency
    from ..inputs.grid import Grid


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
        numeric = [aligns_right(first.get(c)) for c in columns]
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
