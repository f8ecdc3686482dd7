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
