"""Excel workbooks (``--format xlsx``) with XlsxWriter, from the ``xlsx`` extra, imported only
here, only when a workbook is written.

XlsxWriter is a write-only library (no reading, no dependencies) with a streaming mode
(``constant_memory``), so a million-row sweep needs no more memory than ten rows; the tests
read the workbooks back with openpyxl, from the ``test`` extra.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import IO, Any, Final

from ..core.currency import MINOR_UNITS
from ..core.formula import RESULT_COLUMNS
from ..core.money import cell
from ..errors import InputError, MissingExtraError

Record = Mapping[str, Any]

#: Data rows a worksheet holds below its header row (Excel's limit is 1,048,576 rows).
MAX_ROWS: Final = 1_048_575
#: The workbook's creation date, fixed so that the same data gives the same bytes (the
#: members of the zip file get XlsxWriter's fixed 1980 timestamp).
CREATED: Final = datetime(1980, 1, 1, tzinfo=UTC)
MONEY: Final = "#,##0.00"
WHOLE_MONEY: Final = "#,##0"
SHARE: Final = "0.00%"
INTEGER: Final = "#,##0"


def require_xlsxwriter() -> None:
    """Raise MissingExtraError (exit 1) unless XlsxWriter is installed; imports nothing."""
    import importlib.util

    if importlib.util.find_spec("xlsxwriter") is None:
        raise MissingExtraError(
            "--format xlsx needs XlsxWriter: install the xlsx extra, "
            "pip install 'dprk-ru[xlsx]' (from a clone: pip install '.[xlsx]')"
        )


def check_rows(rows: int) -> None:
    """Refuse (exit 2), before any work, more rows than a worksheet holds."""
    if rows > MAX_ROWS:
        raise InputError(_too_many(rows))


def _too_many(rows: int | None = None) -> str:
    have = f"; this one would have {rows:,}" if rows is not None else ""
    return (
        f"--format xlsx: a worksheet holds at most {MAX_ROWS:,} rows{have}; "
        "use --format csv for more"
    )


def money_places(column: str) -> int | None:
    """Decimal places of a money column (``total_usd``: 2, ``total_krw``: 0), else None."""
    stem, _, code = column.rpartition("_")
    if code == "usd":
        return 2
    if f"{stem}_usd" in RESULT_COLUMNS and len(code) == 3 and code.isalpha():
        return MINOR_UNITS.get(code.upper(), 2)
    return None


def is_share(column: str) -> bool:
    """A fraction shown as a percentage (``state_share``)."""
    return column == "share" or column.endswith("_share")


def as_number(value: Any) -> int | float | None:
    """``value`` as a spreadsheet number, or None if it is not a number or a double would
    not hold it exactly: the double a reader gets back (XlsxWriter writes 16 significant
    digits) must print as ``value``. Up to 15 significant digits always do (any amount
    under $10 trillion, to the cent); a value that does not is written as text, so a
    spreadsheet never holds a number other than the one computed."""
    if type(value) is int and -(2**53) <= value <= 2**53:
        return value
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    number = float(value)
    if float(f"{number:.16G}") != number or Decimal(repr(number)) != value:
        return None
    return number


def write_xlsx(records: Iterable[Record], columns: Sequence[str], out: IO[bytes]) -> None:
    """A workbook on ``out``: the records on the first sheet, under a frozen header row,
    numbers as numbers (money as ``#,##0.00``, shares as percentages); every sourced figure
    behind the numbers on a second sheet. Raises InputError past ``MAX_ROWS`` rows.

    Nothing reaches ``out`` unless the whole workbook is built.
    """
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    # Built aside, then copied: a zip written straight to a pipe differs from one written
    # to a file (it cannot seek back to fill in sizes), and a failed write to ``out`` stays
    # a plain OSError for the caller to name, never a half-written zip.
    with (
        tempfile.TemporaryDirectory(prefix="revenue-xlsx-") as tmp,
        tempfile.SpooledTemporaryFile(2**24, dir=tmp) as spool,
    ):
        book = xlsxwriter.Workbook(
            spool,
            {
                "constant_memory": True,  # rows stream to a temporary file, not memory
                "tmpdir": tmp,
                "use_zip64": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,  # a name like "=1+1" stays text
                "strings_to_urls": False,
            },
        )
        try:
            _fill(book, records, columns)
            book.close()
        except FileCreateError as e:  # XlsxWriter wraps the OSError
            cause = e.args[0] if e.args else e
            raise cause if isinstance(cause, OSError) else OSError(str(cause)) from None
        finally:
            for sheet in book.worksheets():  # closed by close(); not yet after a failure
                with contextlib.suppress(Exception):
                    sheet._opt_close()
        spool.seek(0)
        shutil.copyfileobj(spool, out)


def _fill(book: Any, records: Iterable[Record], columns: Sequence[str]) -> None:
    """The two sheets: the records, and the sources behind the numbers (the rows and
    columns of ``revenue sources -f csv``: url_note, uncertain, high and period too)."""
    from ..scenarios.sources import SOURCE_COLUMNS
    from ..scenarios.sources import records as source_records

    book.set_properties({"created": CREATED, "title": "revenue"})
    header = book.add_format({"bold": True, "bottom": 1})
    styles = {
        "money": book.add_format({"num_format": MONEY}),
        "whole_money": book.add_format({"num_format": WHOLE_MONEY}),
        "share": book.add_format({"num_format": SHARE}),
        "integer": book.add_format({"num_format": INTEGER}),
    }

    @functools.cache
    def style(column: str, whole: bool) -> Any:
        places = money_places(column)
        if places is not None:
            return styles["money" if places else "whole_money"]
        if is_share(column):
            return styles["share"]
        return styles["integer"] if whole else None

    _sheet(book, "Results", records, columns, header, style)
    _sheet(book, "Sources", source_records(), SOURCE_COLUMNS, header, lambda c, v: None)


def _sheet(
    book: Any,
    name: str,
    records: Iterable[Record],
    columns: Sequence[str],
    header: Any,
    style: Callable[[str, bool], Any],
) -> None:
    sheet = book.add_worksheet(name)
    sheet.freeze_panes(1, 0)
    rows = iter(records)
    first = next(rows, None)
    # Widths from the header and the first record: the sheet streams, row by row.
    for i, c in enumerate(columns):
        sample = cell(first.get(c)) if first is not None else ""
        sheet.set_column(i, i, min(max(len(c), len(sample), 8) + 2, 60))
    for i, c in enumerate(columns):
        sheet.write_string(0, i, c, header)
    every = itertools.chain([first] if first is not None else [], rows)
    for row, record in enumerate(every, start=1):
        if row > MAX_ROWS:
            raise InputError(_too_many())
        for i, c in enumerate(columns):
            value = record.get(c)
            number = as_number(value)
            if number is not None:
                sheet.write_number(row, i, number, style(c, type(value) is int))
            elif value is not None and value != "":
                sheet.write_string(row, i, cell(value))
