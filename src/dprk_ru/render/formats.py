"""Output formats and the one renderer every command uses (``render``), with the table
view it falls back to (``generic_table``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import IO, TYPE_CHECKING, Any, Final

from ..core.text import cell_text, printable
from ..errors import InputError, OutputError
from .console import console
from .markdown import write_markdown
from .writers import Record, aligns_right, write_csv, write_json, write_jsonl

if TYPE_CHECKING:
    from .files import Output


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


def generic_table(columns: Sequence[str], title: str | None = None) -> TableView:
    """A table view showing ``columns`` with human number formatting; numbers are never cut
    (``layout.show``)."""

    def view(rows: Sequence[Record], out: IO[str]) -> None:
        from .layout import Col, show

        cols = []
        for c in columns:
            numeric = bool(rows) and all(aligns_right(r.get(c)) for r in rows)
            cols.append(Col(c, "number" if numeric else "text"))
        cells = [[human(r.get(c), c) for c in columns] for r in rows]
        show(console(out), cols, cells, title=title)

    return view


def human(value: Any, column: str = "") -> str:
    """A value for people: thousands separators, and ``$`` on USD columns."""
    from ..core.money import fmt_human

    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        text = fmt_human(value)
        return f"${text}" if column.endswith("_usd") else text
    return cell_text(value)
