"""Issue 17's model: a share of each stream for the state, and workers paid as workers.

Every figure here is worked out by hand in its docstring; the same inputs go through every
command that computes, and each command must give ``estimate``'s number.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Run

SHARES = ["--troops", "12000", "--pay-share", "0.8", "--bonus-share", "0.8", "--death-share",
          "1", "--killed", "2000", "--death-payment", "5000"]  # fmt: skip


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_shares_per_stream(run: Run) -> None:
    """12,000 x $2,000 x 12 x 0.8 = 230.4M, 12,000 x $2,000 x 0.8 = 19.2M, 2,000 x $5,000
    x 1 = 10M: $259,600,000, with the three shares and an empty state_share column (they
    differ), appended after the first twelve columns (`cut -d, -f8` is still the total)."""
    (row,) = rows(run("estimate", *SHARES, "-f", "csv").stdout)
    assert (row["pay_total_usd"], row["bonus_total_usd"], row["death_total_usd"]) == (
        "230400000", "19200000", "10000000")  # fmt: skip
    assert row["total_usd"] == "259600000"
    assert list(row)[7] == "total_usd" and list(row)[12:] == [
        "pay_share", "bonus_share", "death_share", "personnel"]  # fmt: skip
    assert (row["state_share"], row["pay_share"], row["death_share"]) == ("", "0.8", "1")


def test_state_share_is_shorthand(run: Run) -> None:
    """--state-share 0.9 alone sets all three: 260M x 0.9 = $234,000,000 as before; a share
    given beside it wins (pay at 0.9, bonus at 1: 216M + 20M = $236,000,000)."""
    (alone,) = rows(run("estimate", "--state-share", "0.9", "-f", "csv").stdout)
    assert alone["total_usd"] == "234000000"
    assert [alone[k] for k in ("state_share", "pay_share", "bonus_share", "death_share")] == [
        "0.9"] * 4  # fmt: skip
    (mixed,) = rows(run("estimate", "--state-share", "0.9", "--bonus-share", "1", "-f",
                        "csv").stdout)  # fmt: skip
    assert (mixed["total_usd"], mixed["state_share"]) == ("236000000", "")


@pytest.mark.parametrize("share", ["state-share", "pay-share", "bonus-share", "death-share"])
def test_every_share_through_every_command(run: Run, share: str) -> None:
    """Each share as a sweep axis equals estimate row by row; solve --for it answers a value
    that reaches the target and one step less does not; simulate with it a constant is the
    estimate; sensitivity has one row for it."""
    base = ["--killed", "100", "--death-payment", "8000"]
    swept = rows(run("sweep", *base, f"--{share}", "0.5,0.75,1", "-f", "csv").stdout)
    for r in swept:
        (one,) = rows(run("estimate", *base, f"--{share}", r[share.replace("-", "_")],
                          "-f", "csv").stdout)  # fmt: skip
        assert one == r
    target = swept[1]["total_usd"]
    (solved,) = rows(run("solve", "--for", share, "--target", target, *base, "-f",
                         "csv").stdout)  # fmt: skip
    assert solved[share.replace("-", "_")] == "0.75"
    (below,) = rows(run("estimate", *base, f"--{share}", "0.7499", "-f", "csv").stdout)
    assert int(below["total_usd"]) < int(target)
    sens = rows(run("sensitivity", *base, f"--{share}", "0.5 to 0.9", "-f", "csv").stdout)
    assert [r["parameter"] for r in sens] == [share.replace("-", "_")]


def test_state_share_in_simulate_is_one_draw(run: Run, tmp_path: Path) -> None:
    """--state-share as a distribution is one quantity, drawn once a sample for all three
    shares: --samples-out has one state_share column, and each row's pay, bonus and total
    are the estimate at that share (260M x share, to the cent)."""
    out = tmp_path / "s.csv"
    r = run("simulate", "--state-share", "0.6 to 0.9", "-n", "200", "--seed", "4",
            "--samples-out", str(out), "-f", "csv")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    found = rows(out.read_text())
    assert list(found[0])[:2] == ["sample", "state_share"] and "pay_share" not in found[0]
    for row in found:
        share = Decimal(row["state_share"])
        assert Decimal(row["pay_total_usd"]) == (240_000_000 * share).quantize(Decimal("0.01"))
        assert Decimal(row["bonus_total_usd"]) == (20_000_000 * share).quantize(Decimal("0.01"))


WORKERS = """name = "mixed"
[[contingents]]
name = "soldiers"
troops = 1000
[[contingents]]
name = "builders"
personnel = "workers"
troops = 5000
start = "2025-09"
"""


@pytest.mark.parametrize(
    "args",
    [["estimate"], ["compare"],
     ["solve", "--for", "monthly-pay", "--target", "50M", "--personnel", "workers"],
     ["simulate", "-n", "50", "--seed", "1"], ["explain"], ["timeline"]],
    ids=lambda a: a[0],
)  # fmt: skip
def test_workers_contingent_runs_everywhere(run: Run, tmp_path: Path, args: list[str]) -> None:
    """A scenario file with a workers contingent runs in every command that takes one."""
    f = tmp_path / "w.toml"
    dated = WORKERS.replace("troops = 1000\n", 'troops = 1000\nstart = "2025-01"\n')
    f.write_text(dated if args[0] == "timeline" else WORKERS)
    if args[0] == "compare":
        r = run("compare", str(f), "-f", "csv")
    else:
        r = run(*args, "-s", str(f), *([] if args[0] == "explain" else ["-f", "csv"]))
    assert r.exit_code == 0, r.stderr


def test_workers_are_paid_as_workers(run: Run, tmp_path: Path) -> None:
    """Workers default to $800 a month and no bonus: 5,000 x 800 x 4 months of 2025 =
    $16,000,000; soldiers 1,000 x 2,000 x 12 + 2,000,000 = $26,000,000; total 42M; the
    total row says `mixed` and the table names workers."""
    f = tmp_path / "w.toml"
    f.write_text(WORKERS)
    out = rows(run("estimate", "-s", str(f), "-f", "csv").stdout)
    assert [(r["personnel"], r["monthly_pay_usd"], r["bonus_usd"], r["total_usd"])
            for r in out] == [("soldiers", "2000", "2000", "26000000"),
                              ("workers", "800", "0", "16000000"),
                              ("mixed", "", "", "42000000")]  # fmt: skip
    table = run("estimate", "-s", str(f), "-f", "table").stdout
    assert "5,000 workers x $800 a month x 4 months in 2025" in table
    assert "6,000 personnel deployed in 2025" in table


@pytest.mark.parametrize(
    ("name", "total"), [("mbn-2024", "278400000"), ("shoigu-2025-workers", "74000000"),
                        ("shoigu-2025", "156000000"), ("kursk-state-share-deaths", "259600000")],
)  # fmt: skip
def test_builtins_with_workers_and_shares(run: Run, name: str, total: str) -> None:
    """MBN: 10,000 x 2,000 x 12 + 4,000 x 800 x 12 = $278,400,000; shoigu-2025-workers:
    1,000 x 2,000 x 13 + 5,000 x 800 x 12 = $74,000,000; shoigu-2025 unchanged; the state
    share scenario $259,600,000 with no invented death payment."""
    out = rows(run("estimate", "-s", name, "-f", "csv").stdout)
    assert out[-1]["total_usd"] == total
