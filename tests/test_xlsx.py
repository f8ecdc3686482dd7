"""Excel workbooks (`--format xlsx`), read back with openpyxl: exact money, formats, the
sources sheet, deterministic bytes, and where a workbook is refused."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Run, revenue

from dprk_ru.core.params import PARAMS
from dprk_ru.render.xlsx import MAX_ROWS, as_number, money_places

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")
PARAM_NAMES = {p.name for p in PARAMS}
ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}


def names(folder: Path) -> list[str]:
    """The entries of ``folder``, hidden temporary files included, sorted."""
    return sorted(p.name for p in folder.iterdir())


XLSX_RUNS = {
    "estimate": ["estimate", "--monthly-pay", "1999.99", "--state-share", "0.3333",
                 "--bonus", "1234.57", "--currency", "KRW", "--rate", "KRW=1421.97"],
    "sweep": ["sweep", "--troops", "3:2000:7", "--monthly-pay", "1999.99,0.01",
              "--state-share", "0.123457,1", "--killed", "0,3", "--death-payment", "777.77"],
    "compare": ["compare"],
    "solve": ["solve", "--for", "monthly-pay", "--target", "123456789.01"],
    "simulate": ["simulate", "--troops", "8000 to 12000", "--seed", "7", "--samples", "999"],
    "timeline": ["timeline", "--from", "2024-11", "--to", "2026-03"],
    "published": ["published"],
}  # fmt: skip


def _money_columns(header: list[str]) -> list[int]:
    return [i for i, c in enumerate(header) if money_places(c) is not None]


@pytest.mark.parametrize("name", sorted(XLSX_RUNS))
def test_xlsx_money_equals_csv_cents(run: Run, tmp_path: Path, name: str) -> None:
    """The workbook read back: the header frozen, every money cell a number in #,##0.00 (or
    #,##0 for won) equal to the exact cents of the CSV, shares as percentages, every other
    numeric CSV cell the same number, and the sources on a second sheet."""
    book_path = tmp_path / "out.xlsx"
    r = run(*XLSX_RUNS[name], "-o", str(book_path))
    assert r.exit_code == 0, r.stderr
    rows = list(csv.reader(io.StringIO(run(*XLSX_RUNS[name], "-f", "csv").stdout)))
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["Results", "Sources"]
    sheet = book["Results"]
    assert sheet.freeze_panes == "A2"
    cells = [list(row) for row in sheet.iter_rows()]
    assert [c.value for c in cells[0]] == rows[0]
    assert len(cells) == len(rows) > 1
    money = _money_columns(rows[0])
    assert money, name
    checked = 0
    for got, want in zip(cells[1:], rows[1:], strict=True):
        for i, text in enumerate(want):
            value = got[i].value
            if name == "simulate" and rows[0][i] in PARAM_NAMES:
                assert value == text  # the inputs as given ("8000 to 12000"): text
            elif i in money and text:
                assert isinstance(value, int | float), (rows[0][i], value)
                assert Decimal(repr(value)) == Decimal(text), (rows[0][i], value, text)
                assert got[i].number_format == ("#,##0" if rows[0][i].endswith("_krw")
                                                else "#,##0.00")  # fmt: skip
                checked += 1
            elif isinstance(value, int | float):
                assert Decimal(repr(value)) == Decimal(text), (rows[0][i], value, text)
            else:
                assert (value or "") == text
            if rows[0][i] == "state_share" and isinstance(value, int | float):
                assert got[i].number_format == "0.00%"
    assert checked >= len(rows) - 1
    assert checked >= 40 or name != "sweep"
    sources = list(book["Sources"].iter_rows(values_only=True))
    from dprk_ru.scenarios.sources import SOURCE_COLUMNS, records

    assert sources[0] == SOURCE_COLUMNS  # every column `sources -f csv` has
    assert [s[0] for s in sources[1:]] == [r["key"] for r in records()]


def test_xlsx_sources_sheet_is_sources_csv(run: Run, tmp_path: Path) -> None:
    """The Sources sheet carries what `revenue sources -f csv` does, cell for cell: the
    ISPI row its url_note (why it has no URL), a rumour its `uncertain`, a range its high."""
    import csv
    import io

    from openpyxl import load_workbook

    out = tmp_path / "e.xlsx"
    assert run("estimate", "-o", str(out)).exit_code == 0
    sheet = list(load_workbook(out)["Sources"].iter_rows(values_only=True))
    by_key = {r[0]: dict(zip(sheet[0], r, strict=True)) for r in sheet[1:]}
    expected = list(csv.DictReader(io.StringIO(run("sources", "-f", "csv").stdout)))
    assert list(by_key) == [r["key"] for r in expected]
    for row in expected:
        for column, text in row.items():
            value = by_key[row["key"]][column]
            if text[:2] in ("'-", "'=", "'+", "'@"):  # CSV's guard against formulas
                text = text[1:]
            assert ("" if value is None else str(value)) == text or (
                isinstance(value, float) and Decimal(repr(value)) == Decimal(text)
            ), (row["key"], column, value, text)
    ispi = by_key["troops"]
    assert ispi["url"] is None and ispi["url_note"].startswith(
        "No public URL was found for ISPI's own page"
    )
    assert by_key["death-payment-asiapress"]["uncertain"] == "true"
    assert by_key["inss-2026-01-total"]["high"] is not None


def test_xlsx_bytes_are_deterministic(tmp_path: Path) -> None:
    """The same inputs give the same workbook bytes, to a file or down a pipe (a fixed
    creation date and zip timestamps)."""
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    args = ["simulate", "--troops", "8000 to 12000", "--seed", "3", "--samples", "500"]
    assert revenue(*args, "-o", str(a)).returncode == 0
    assert revenue(*args, "-o", str(b)).returncode == 0
    piped = subprocess.run([sys.executable, "-m", "dprk_ru", *args, "-f", "xlsx"],
                           capture_output=True, env=ENV, timeout=120)  # fmt: skip
    assert a.read_bytes() == b.read_bytes() == piped.stdout
    assert a.read_bytes()[:2] == b"PK"


def test_xlsx_refuses_a_terminal_and_big_grids(run: Run, tmp_path: Path) -> None:
    """A workbook is not written to a terminal (exit 2, say how to get one), and a grid
    larger than a worksheet is refused before any work (exit 2)."""
    master, slave = os.openpty()
    try:
        p = subprocess.run([sys.executable, "-m", "dprk_ru", "estimate", "-f", "xlsx"],
                           stdout=slave, stderr=subprocess.PIPE, env=ENV, timeout=120)  # fmt: skip
    finally:
        os.close(slave)
        os.close(master)
    assert p.returncode == 2
    assert p.stderr == (b"Error: --format xlsx: a workbook is binary and is not written to a "
                        b"terminal; give --output FILE.xlsx or redirect stdout\n")  # fmt: skip
    with pytest.MonkeyPatch.context() as m:  # refused before a row is computed or written
        m.setattr("dprk_ru.cli.sweep.stream_sweep", _never)
        m.setattr("dprk_ru.render.xlsx.write_xlsx", _never)
        r = run("sweep", "--troops", f"0:{MAX_ROWS}:1", "-o", str(tmp_path / "g.xlsx"))
    assert r.exit_code == 2 and "at most 1,048,575 rows; this one would have 1,048,576" in r.stderr
    assert names(tmp_path) == []


def _never(*args: object, **kwargs: object) -> None:
    raise AssertionError("reached")


def test_xlsx_without_the_extra(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without XlsxWriter, --format xlsx (or an .xlsx name) is exit 1 naming the extra, and
    nothing is written."""
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)
    for args in (["-f", "xlsx"], ["-o", str(tmp_path / "e.xlsx")]):
        r = run("estimate", *args)
        assert r.exit_code == 1 and r.stdout == ""
        assert r.stderr == (
            "Error: --format xlsx needs XlsxWriter: install the xlsx extra, "
            "pip install 'dprk-ru[xlsx]' (from a clone: pip install '.[xlsx]')\n"
        )
    assert names(tmp_path) == []


def test_xlsx_text_stays_text(run: Run, tmp_path: Path) -> None:
    """Names that look like formulas stay text; a value a double cannot hold to the cent is
    written as its exact text rather than as a wrong number."""
    f = tmp_path / "s.toml"
    f.write_text('name = "=1+1"\n[[contingents]]\nname = "@SUM(A1)"\ntroops = 10\n')
    r = run("estimate", "--scenario", str(f), "-o", str(tmp_path / "s.xlsx"))
    assert r.exit_code == 0, r.stderr
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx")["Results"]
    assert [sheet["A2"].value, sheet["B2"].value] == ["=1+1", "@SUM(A1)"]
    assert sheet["A2"].data_type == "s"
    assert as_number(Decimal("9999999999999.99")) == 9999999999999.99  # 15 digits: exact
    assert as_number(Decimal("90071992547409.91")) is None  # reads back as ...409.9
    assert as_number(Decimal("240000000000000.01")) is None
    assert as_number(7) == 7.0 and as_number("7") is None and as_number(True) is None


def test_xlsxwriter_imported_only_for_workbooks(tmp_path: Path) -> None:
    """Start-up stays light: a CSV run does not import XlsxWriter; an xlsx run does."""
    code = (
        "import sys\n"
        "from dprk_ru.cli import app\n"
        f"app(['estimate', '-o', {str(tmp_path / 'e.csv')!r}], standalone_mode=False)\n"
        "assert 'xlsxwriter' not in sys.modules, 'csv'\n"
        f"app(['estimate', '-o', {str(tmp_path / 'e.xlsx')!r}], standalone_mode=False)\n"
        "assert 'xlsxwriter' in sys.modules, 'xlsx'\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert r.returncode == 0, r.stderr
    assert names(tmp_path) == ["e.csv", "e.xlsx"]
