"""The model's arithmetic against hand-computed values, and its properties: a share of each
stream for the state, workers paid as workers, killed at most troops x rotations."""

from __future__ import annotations

import json
from decimal import Decimal
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, examples
from helpers import refused_with, rows
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from dprk_ru import Contingent, estimate
from dprk_ru.core.money import cents_to_usd, fmt_cents, fmt_human, fmt_usd_short
from dprk_ru.core.params import Inputs, check_deployed
from dprk_ru.errors import DeployedError
from dprk_ru.scenarios.loading import load_scenario
from dprk_ru.scenarios.published import ids
from dprk_ru.scenarios.scenario import BUILTINS

OPTIONS_ERROR = (
    "Error: --killed: 20,000 killed is more than the 10 ever deployed (--troops 10 x "
    "--rotations 1); give at most 10\n"
)


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    """A scenario whose second contingent has 20,000 killed of 10 troops."""
    path = tmp_path / "bad.toml"
    path.write_text(
        'name = "bad"\n\n[[contingents]]\nname = "a"\ntroops = 100\n\n'
        '[[contingents]]\nname = "b"\ntroops = 10\nkilled = 20000\n'
    )
    return path


def file_error(path: Path) -> str:
    return (
        f"Error: {path}: contingents[1].killed: 20,000 killed is more than the 10 ever "
        "deployed (troops 10 x rotations 1); give at most 10\n"
    )


@pytest.mark.parametrize(
    "command",
    [
        ["estimate"],
        ["explain"],
        ["solve", "--for", "monthly-pay", "--target", "1B"],
        ["simulate", "--samples", "10"],
        ["sensitivity", "--monthly-pay", "1000 to 3000"],
        ["report", "--samples", "10"],
    ],
)
def test_options_refused(run: Run, command: list[str]) -> None:
    """The issue's example: 20,000 killed of 10 troops is refused, naming --killed and the
    most it allows, by every command that takes the options (it gave $20,000,260,000)."""
    args = ["--troops", "10", "--killed", "20000", "--death-payment", "1000000"]
    refused_with(run(*command, *args), OPTIONS_ERROR)


def test_at_the_bound_is_accepted(run: Run) -> None:
    """10 killed of 10 troops: 10 x $1M of death payments, $240,000 pay, $20,000 bonus."""
    r = run("estimate", "--troops", "10", "--killed", "10", "--death-payment", "1000000",
            "-f", "csv")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    (row,) = rows(r.stdout)
    assert (row["death_total_usd"], row["total_usd"]) == ("10000000", "10260000")


def test_rotations_count_everyone_deployed(run: Run) -> None:
    """Three rotations of 10 deploy 30: 30 killed pass, 31 are refused, naming the 3."""
    ok = run("estimate", "--troops", "10", "--rotations", "3", "--killed", "30", "-f", "csv")
    assert ok.exit_code == 0, ok.stderr
    refused_with(
        run("estimate", "--troops", "10", "--rotations", "3", "--killed", "31"),
        "Error: --killed: 31 killed is more than the 30 ever deployed (--troops 10 x "
        "--rotations 3); give at most 30\n",
    )


@pytest.mark.parametrize(
    "command",
    [
        ["estimate", "-s"],
        ["explain", "-s"],
        ["compare"],
        ["timeline", "-s"],
        ["solve", "--for", "monthly-pay", "--target", "1B", "-s"],
        ["simulate", "-s"],
        ["sensitivity", "-s"],
        ["report", "-s"],
    ],
)
def test_scenario_file_refused_naming_the_field(
    run: Run, bad_file: Path, command: list[str]
) -> None:
    """A file's contingent with more killed than troops x rotations is refused by every
    command that reads it, naming the file and ``contingents[1].killed``."""
    refused_with(run(*command, str(bad_file)), file_error(bad_file))


def test_option_beside_a_scenario_names_the_option(run: Run) -> None:
    """--troops 10 --killed 20 on kursk-2024's one contingent: refused naming --killed, the
    scenario and contingent, troops as the option gave it and rotations as the file does."""
    refused_with(
        run("estimate", "-s", "kursk-2024", "--troops", "10", "--killed", "20"),
        "Error: --killed: kursk-2024: kursk: 20 killed is more than the 10 ever deployed "
        "(--troops 10 x rotations 1); give at most 10\n",
    )


def test_lowering_troops_below_a_files_killed_names_troops(run: Run, tmp_path: Path) -> None:
    """A file with 500 killed of 1,000 troops, and --troops 100 beside it: refused naming
    --troops, with the fewest troops that deploy the killed (500 / 2 rotations = 250)."""
    path = tmp_path / "s.toml"
    path.write_text('name = "s"\n[[contingents]]\ntroops = 1000\nrotations = 2\nkilled = 500\n')
    refused_with(
        run("estimate", "-s", str(path), "--troops", "100"),
        "Error: --troops: s: contingent-1: 500 killed is more than the 200 ever deployed "
        "(--troops 100 x rotations 2); give at least 250\n",
    )


def test_builtin_and_published_scenarios_still_load() -> None:
    """Every shipped scenario and published estimate has its killed within troops x
    rotations."""
    for ref in (*BUILTINS, *ids()):
        try:
            scenario = load_scenario(ref)
        except Exception as e:  # a published estimate may state no assumptions
            assert "states no assumptions" in str(e), ref
            continue
        assert all(c.killed <= c.troops * c.rotations for c in scenario.contingents), ref


def test_distribution_in_a_file_checked_at_its_median(run: Run, tmp_path: Path) -> None:
    """estimate takes a file's distribution at its median: killed uniform(0, 40) has median
    20, above the 10 troops; simulate draws it, capping each draw above 10."""
    path = tmp_path / "u.toml"
    path.write_text('name = "u"\n[[contingents]]\ntroops = 10\nkilled = "uniform(0,40)"\n')
    refused_with(
        run("estimate", "-s", str(path)),
        f"Error: {path}: contingents[0].killed: 20 killed is more than the 10 ever deployed "
        "(troops 10 x rotations 1); give at most 10\n",
    )
    r = run("simulate", "-s", str(path), "--samples", "1000", "--seed", "1", "-f", "csv")
    assert r.exit_code == 0, r.stderr
    # P(draw rounds above 10) = P(x > 10.5) = 29.5/40: about 737 of 1,000 draws clipped
    assert 680 <= int(rows(r.stdout)[0]["clipped"]) <= 800


@settings(max_examples=examples(200), deadline=None)
@given(
    troops=st.integers(0, 10_000_000),
    rotations=st.integers(1, 12),
    killed=st.one_of(st.integers(0, 200), st.integers(0, 10_000_000)),
    small=st.integers(0, 100),
)
def test_estimate_refuses_or_stays_within(
    troops: int, rotations: int, killed: int, small: int
) -> None:
    """For any troops, rotations and killed (small troops too), estimate either refuses
    with exit 2 and the one line, or its row has killed <= troops x rotations."""
    from typer.testing import CliRunner

    from dprk_ru.cli import app

    for t in (troops, small):
        args = ["estimate", "--troops", str(t), "--rotations", str(rotations), "--killed",
                str(killed), "-f", "csv"]  # fmt: skip
        r = CliRunner().invoke(app, args)
        if r.exit_code == 2:
            assert killed > t * rotations
            assert r.stderr.count("\n") == 1 and "ever deployed" in r.stderr
            continue
        assert r.exit_code == 0, r.stderr
        (row,) = rows(r.stdout)
        assert int(row["killed"]) <= int(row["troops"]) * int(row["rotations"])


def test_check_carries_the_numbers() -> None:
    """``check_deployed`` raises DeployedError, an InputError (exit 2), with the numbers."""
    with pytest.raises(DeployedError) as e:
        check_deployed(Inputs(troops=7, rotations=2, killed=15), origin="f.toml", index=3)
    assert (e.value.killed, e.value.deployed, e.value.origin, e.value.index) == (
        15,
        14,
        "f.toml",
        3,
    )
    assert int(e.value.exit_code) == 2
    check_deployed(Inputs(troops=7, rotations=2, killed=14))


@pytest.mark.parametrize(
    "args",
    [["estimate", "-s", "kursk-state-share-deaths"], ["compare", "kursk-state-share-deaths"],
     ["compare"], ["timeline"], ["solve", "--for", "troops", "--target", "300M", "--killed",
     "50", "--death-payment", "9000"], ["sweep", "--killed", "0,10", "--death-payment", "5000"],
     ["estimate", "-s", "mbn-2024"]],
    ids=lambda a: " ".join(a[:2]),
)  # fmt: skip
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_components_add_up_to_the_total(run: Run, args: list[str], fmt: str) -> None:
    """Every command and format that prints components prints every one the model has
    (pay, bonus, death payments), and they add up to its total (compare today left out
    kursk-state-share-deaths' $10M of death payments)."""
    r = run(*args, "-f", fmt)
    assert r.exit_code == 0, r.stderr
    found: list[dict[str, Any]] = rows(r.stdout) if fmt == "csv" else json.loads(r.stdout)
    assert found
    for row in found:
        parts = [Decimal(str(row[c] or 0)) for c in
                 ("pay_total_usd", "bonus_total_usd", "death_total_usd")]  # fmt: skip
        assert sum(parts) == Decimal(str(row["total_usd"]))


money = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False)


share = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False)


months = st.decimals(min_value=D("0.01"), max_value=12, places=2, allow_nan=False)


def test_article_260m() -> None:
    """The defaults reproduce the article's $260M: $240M pay + $20M bonuses."""
    e = estimate(troops=10_000)
    assert e.record()["pay_total_usd"] == D(240_000_000)
    assert e.record()["bonus_total_usd"] == D(20_000_000)
    assert e.total_usd == D(260_000_000)
    assert estimate().total_cents == 26_000_000_000


@pytest.mark.parametrize(
    ("params", "pay", "bonus"),
    [
        ({"monthly_pay_usd": D("1999.99")}, "239998800", "20000000"),
        ({"troops": 83_000, "monthly_pay_usd": D(1990), "bonus_usd": D(0)}, "1982040000", "0"),
        (
            {"troops": 1, "months": D("0.5"), "monthly_pay_usd": D("0.01"), "bonus_usd": D(0)},
            "0.01",
            "0",
        ),  # 0.005 rounds half up
        (
            {"troops": 3, "monthly_pay_usd": D("0.01"), "months": D(1), "state_share": D("0.5")},
            "0.02",
            "3000",
        ),  # 0.015 -> 0.02; 3 x 2000 x 0.5 = 3000
        ({"troops": 12_000}, "288000000", "24000000"),
        (
            {"troops": 6_000, "monthly_pay_usd": D(1500), "months": D(4), "bonus_usd": D(0)},
            "36000000",
            "0",
        ),
        ({"troops": 10_000, "state_share": D("0.3333")}, "79992000", "6666000"),
        ({"troops": 0}, "0", "0"),
    ],
)
def test_hand_computed(params: dict[str, object], pay: str, bonus: str) -> None:
    """Totals match values worked out by hand; the total is the sum of the rounded parts."""
    e = estimate(**params)
    assert e.record()["pay_total_usd"] == D(pay)
    assert e.record()["bonus_total_usd"] == D(bonus)
    assert e.total_usd == D(pay) + D(bonus)


def test_1999_99_total_exact() -> None:
    """10,000 troops at $1,999.99 give exactly 259,998,800."""
    assert estimate(troops=10_000, monthly_pay_usd=D("1999.99")).total_usd == D(259_998_800)


def test_exact_past_2_31() -> None:
    """Amounts stay exact far past 2^31 and 2^53 cents."""
    e = estimate(troops=10_000_000, monthly_pay_usd=D("999999.99"), bonus_usd=D("999999.99"))
    assert e.record()["pay_total_usd"] == cents_to_usd(10_000_000 * 99_999_999 * 12)
    assert e.total_usd == D("129999998700000")  # 119,999,998,800,000 + 9,999,999,900,000


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("troops", -1),
        ("troops", 10_000_001),
        ("troops", 1.5),
        ("troops", True),
        ("monthly_pay_usd", D("NaN")),
        ("monthly_pay_usd", float("inf")),
        ("monthly_pay_usd", D("0.001")),
        ("months", 0),
        ("months", 13),
        ("bonus_usd", -1),
        ("state_share", D("1.5")),
        ("state_share", float("nan")),
    ],
)
def test_invalid_fields_rejected(field: str, value: object) -> None:
    """Out-of-range, fractional and non-finite values are refused, naming the field."""
    with pytest.raises(ValidationError) as info:
        Contingent.model_validate({field: value})
    assert field in str(info.value)


def test_unknown_field_rejected() -> None:
    """A misspelt field is an error, not silently ignored."""
    with pytest.raises(ValidationError, match="monthly_pay"):
        Contingent(monthly_pay=2000)  # type: ignore[call-arg]


def test_formatting() -> None:
    """Plain and human number formats."""
    assert fmt_cents(25_999_880_000) == "259998800"
    assert fmt_cents(150) == "1.50"
    assert fmt_cents(5) == "0.05"
    assert cents_to_usd(199_999) == D("1999.99")
    assert fmt_human(D("1999.99")) == "1,999.99"
    assert fmt_usd_short(D(260_000_000)) == "$260.0M"
    assert fmt_usd_short(D(2_600_000_000)) == "$2.6B"


@given(
    troops=st.integers(0, 1_000_000),
    k=st.integers(1, 10),
    pay=money,
    bonus=money,
    share=share,
)
def test_linear_in_troops(troops: int, k: int, pay: D, bonus: D, share: D) -> None:
    """k times the troops gives k times each component: exactly at a full state share, and
    within the rounding (half a cent per component, times k) otherwise."""
    full = estimate(troops=troops, monthly_pay_usd=pay, bonus_usd=bonus)
    full_k = estimate(troops=troops * k, monthly_pay_usd=pay, bonus_usd=bonus)
    assert full_k.record()["pay_total_usd"] == k * full.record()["pay_total_usd"]
    assert full_k.record()["bonus_total_usd"] == k * full.record()["bonus_total_usd"]
    assert full_k.total_cents == k * full.total_cents
    one = estimate(troops=troops, monthly_pay_usd=pay, bonus_usd=bonus, state_share=share)
    many = estimate(troops=troops * k, monthly_pay_usd=pay, bonus_usd=bonus, state_share=share)
    assert abs(many.total_cents - k * one.total_cents) <= k


@given(troops=st.integers(0, 10_000_000), pay=money, bonus=money, share=share, months=months)
def test_components_sum_and_round_once(troops: int, pay: D, bonus: D, share: D, months: D) -> None:
    """Components sum to the total, and each is the exact product rounded half up once."""
    e = estimate(
        troops=troops, monthly_pay_usd=pay, bonus_usd=bonus, state_share=share, months=months
    )
    assert e.total_usd == e.record()["pay_total_usd"] + e.record()["bonus_total_usd"]
    exact_pay = D(troops) * pay * months * share
    assert abs(e.record()["pay_total_usd"] - exact_pay) <= D("0.005")
    assert e.total_cents >= 0


def test_rotations_multiply_the_bonus() -> None:
    """With 3 rotations a year the bonus is paid 3 times: 10,000 x 2,000 x 3 = 60M."""
    e = estimate(troops=10_000, rotations=3)
    assert e.record()["bonus_total_usd"] == D(60_000_000)
    assert e.total_usd == D(300_000_000)


def test_death_payments_at_the_state_share() -> None:
    """600 killed x $8,000 x 0.5 = 2,400,000, added to the total."""
    e = estimate(troops=10_000, killed=600, death_payment_usd=D(8000), state_share=D("0.5"))
    assert e.record()["death_total_usd"] == D(2_400_000)
    assert e.total_usd == D(130_000_000) + D(2_400_000)


def test_new_columns_after_the_old(run: Run) -> None:
    """The new columns come after the existing ones, with their values."""
    r = run("estimate", "--rotations", "2", "--killed", "100", "--death-payment", "6000.50",
            "-f", "csv")  # fmt: skip
    (row,) = rows(r.stdout)
    assert list(row)[8:12] == ["rotations", "killed", "death_payment_usd", "death_total_usd"]
    assert list(row)[12:] == ["pay_share", "bonus_share", "death_share", "personnel"]
    assert (row["bonus_total_usd"], row["death_total_usd"]) == ("40000000", "600050")
    assert row["total_usd"] == str(240_000_000 + 40_000_000 + 600_050)


SHARES = ["--troops", "12000", "--pay-share", "0.8", "--bonus-share", "0.8", "--death-share",
          "1", "--killed", "2000", "--death-payment", "5000"]  # fmt: skip


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
