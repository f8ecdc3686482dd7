"""Inputs an attack found (issue 19), each with the behaviour wanted."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def test_sampled_months_clipped_to_what_the_option_takes(run) -> None:
    """normal(0,1) months are clipped to 0.01, the least --months takes (not 0, which it
    refuses), and counted as clipped."""
    r = run("simulate", "--months", "normal(0,1)", "-n", "1000", "--seed", "1", "-f", "csv")
    (row,) = list(csv.DictReader(io.StringIO(r.stdout)))
    assert int(row["clipped"]) > 400
    # the lowest total: 10,000 x $2,000 x 0.01 month + $20M of bonuses
    from decimal import Decimal

    from dprk_ru.core.formula import evaluate
    from dprk_ru.core.params import inputs

    least = evaluate(inputs({"months": Decimal("0.01")})).total_usd
    assert Decimal(row["p5_usd"]) == least == 20_200_000


def test_chart_folder_replaces_only_charts(run, tmp_path: Path) -> None:
    """A folder named like a chart inside the brief's folder is not the tool's: exit 1
    naming it, and nothing in it is deleted."""
    folder = tmp_path / "v_files" / "histogram.svg"
    folder.mkdir(parents=True)
    (folder / "thesis.docx").write_text("keep")
    r = run("report", "-o", str(tmp_path / "v.md"))
    assert r.exit_code == 1 and "histogram.svg" in r.stderr
    assert (folder / "thesis.docx").read_text() == "keep"
    assert not (tmp_path / "v.md").exists()


def test_text_options_must_be_utf8_and_paths_show_their_bytes() -> None:
    """Non-UTF-8 bytes in --title or --date are one line naming the option and the bytes
    (no traceback from the chart's font, no PYTHONIOENCODING advice); a path with such
    bytes is used as given, and an error shows its bytes as \\xff."""
    import os
    import subprocess
    import sys

    def run(*args: bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable.encode(), b"-m", b"dprk_ru", *args],
                              capture_output=True, timeout=60)  # fmt: skip

    for args in ([b"sweep", b"--troops", b"1,2", b"-f", b"csv", b"--plot", b"/tmp/x.svg",
                  b"--title", b"\xff\xfe bad"],
                 [b"report", b"-o", b"/dev/null", b"--date", b"\xff"]):  # fmt: skip
        r = run(*args)
        assert r.returncode == 2 and r.stdout == b""
        assert r.stderr.count(b"\n") == 1 and b"not UTF-8 text (the bytes \\xff" in r.stderr
    missing = os.fsdecode(b"/nonexistent/\xff.toml")
    r = run(b"estimate", b"-s", os.fsencode(missing))
    assert r.returncode == 2 and b"'/nonexistent/\\xff.toml'" in r.stderr


def test_error_lines_are_bounded(run) -> None:
    """A 5,000-digit value is quoted in part: the error line stays under 400 characters."""
    r = run("estimate", "--monthly-pay", "9" * 5000)
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and len(r.stderr) <= 401
    assert "characters in all" in r.stderr


def test_brief_to_date_follows_the_files_as_of(run, tmp_path: Path) -> None:
    """A scenario file's as_of sets the brief's "to date" as it sets timeline's: 1,000 x
    $2,000 x 2 months + $2M of bonuses = $6,000,000 as of 2024-12 (not $40M as of 2025-12)."""
    f = tmp_path / "asof.toml"
    f.write_text('name = "d"\nas_of = "2024-12"\n[[contingents]]\ntroops = 1000\n'
                 'start = "2024-11"\n')  # fmt: skip
    out = tmp_path / "b.md"
    assert run("report", "-s", str(f), "-o", str(out)).exit_code == 0
    assert "Revenue to date as of 2024-12, the month the data runs to: **$6,000,000**" in (
        out.read_text()
    )
    last = run("timeline", "-s", str(f), "-f", "csv").stdout.splitlines()[-1]
    assert last.startswith("2024-12,") and ",6000000," in last
