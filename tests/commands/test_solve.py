"""`revenue solve`: the smallest value at the parameter's step whose total reaches the target;
its bounds, refusals and answers that paste back into estimate."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from decimal import Decimal as D
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from conftest import Run, examples
from helpers import DEPLOYMENTS, rows, total
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import dprk_ru.analysis.solve as solve_module
from dprk_ru.analysis.estimate import estimate_scenario
from dprk_ru.analysis.solve import TARGET_CAP_USD, parse_target, solve
from dprk_ru.cli import app
from dprk_ru.core.money import cents_to_usd, fmt_cents, fmt_plain
from dprk_ru.core.params import (
    MONTHS,
    PARAM_BY_FLAG,
    PARAM_BY_NAME,
    PARAMS,
    Param,
)
from dprk_ru.errors import InfeasibleError, InputError
from dprk_ru.scenarios.loading import load_scenario
from dprk_ru.scenarios.options import scenario_from_options
from dprk_ru.scenarios.scenario import Scenario, validate_scenario
from dprk_ru.scenarios.selection import Selection, contingent_id


@pytest.mark.parametrize(
    ("args", "column", "answer", "total"),
    [
        # 20,000 killed over 3 rotations need ceil(20,000 / 3) = 6,667 troops: the lowest
        # allowed answer, though one troop reaches $1; 6,667 x ($24,000 + 3 x $2,000)
        (["--for", "troops", "--killed", "20000", "--rotations", "3", "--target", "1"],
         "troops", "6667", "200010000"),
        # t x $26,000 >= $3.9M -> t = 150, above the 100 the killed need
        (["--for", "troops", "--killed", "100", "--target", "3.9M"], "troops", "150",
         "3900000"),
        # 35 killed of 10 troops need 4 rotations; one already reaches $1
        (["--for", "rotations", "--troops", "10", "--killed", "35", "--target", "1"],
         "rotations", "4", "320000"),
        # k x $1,000 >= $20,000 -> k = 20, exactly the 10 x 2 ever deployed
        (["--for", "killed", "--troops", "10", "--rotations", "2", "--death-payment", "1000",
          "--monthly-pay", "0", "--bonus", "0", "--target", "20000"], "killed", "20", "20000"),
    ],
)  # fmt: skip
def test_solve_within_the_deployed(run: Run, args: list[str], column: str, answer: str,
                                   total: str) -> None:  # fmt: skip
    """Hand-computed answers: troops and rotations at least what the killed need, killed at
    most troops x rotations. The pay per troop is $2,000 x 12 + $2,000 bonus = $26,000."""
    r = run("solve", *args, "-f", "csv")
    assert r.exit_code == 0, r.stderr
    (row,) = rows(r.stdout)
    assert (row[column], row["total_usd"]) == (answer, total)


def test_solve_troops_one_less_misses() -> None:
    """The answer above the bound keeps solve's property: 150 troops reach $3.9M, 149 do
    not ($3,874,000)."""
    from dprk_ru.analysis.estimate import estimate_scenario
    from dprk_ru.analysis.solve import solve
    from dprk_ru.scenarios.options import scenario_from_options

    base = scenario_from_options(None, {"killed": "100"}, check=True)
    sol = solve(base, "troops", D("3900000"))
    assert sol.value == 150
    less = base.override_at({"troops": 149}, [0])
    assert estimate_scenario(less).total_cents == 387_400_000 < 390_000_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--for", "killed", "--troops", "10", "--rotations", "2", "--death-payment", "1000",
          "--monthly-pay", "0", "--bonus", "0", "--target", "20001"],
         "Error: --killed would have to be 21 to reach $20,001, more than the 20 ever "
         "deployed (troops 10 x rotations 2)\n"),
        (["--for", "rotations", "--troops", "10", "--killed", "500", "--target", "1"],
         "Error: no --rotations up to 12 deploys the 500 killed (troops 10): killed are at "
         "most troops x rotations\n"),
    ],
)  # fmt: skip
def test_solve_beyond_the_deployed_is_infeasible(run: Run, args: list[str], message: str) -> None:
    """A target that needs more killed than ever deployed, or killed no rotations deploy,
    is one line and exit 1 (as solve's other unreachable targets)."""
    r = run("solve", *args)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", message)


def test_solve_names_its_for_option(run: Run) -> None:
    """`solve --for troops` on a file of two contingents named `--troops`, an option not
    given; the error now names `--for troops` (a --killed given beside it is still named)."""
    two = str(Path(__file__).parents[2] / "examples" / "two-contingents.toml")
    r = run("solve", "-s", two, "--for", "troops", "--target", "1B")
    assert r.exit_code == 2
    assert r.stderr.startswith("Error: --for troops: a head count or duration belongs to one ")
    r = run("solve", "-s", two, "--for", "death-payment", "--killed", "5", "--target", "1B")
    assert r.exit_code == 2 and r.stderr.startswith("Error: --killed: a head count")


def test_solve_with_contingent_pastes_back(run: Run) -> None:
    """solve --for troops on one named contingent: the answer put back with the same
    --contingent reaches the target, one soldier less does not."""
    base = ("-s", DEPLOYMENTS, "--contingent", "second-wave")
    answer = run("solve", *base, "--for", "troops", "--target", "400M", "-f", "csv").stdout
    (row,) = [r for r in rows(answer) if r["contingent"] == "second-wave"]
    troops = int(row["troops"])
    assert int(total(run("estimate", *base, "--troops", str(troops), "-f", "csv").stdout)) >= 400e6
    assert int(total(run("estimate", *base, "--troops", str(troops - 1), "-f",
                         "csv").stdout)) < 400e6  # fmt: skip


def test_solve_headline_names_the_solved_value(run: Run) -> None:
    """The table's first line gives the answer, not the first contingent's value:
    (400M - 334M + 72M) / (2,000 x 11 + 2,000) = 5,750 for the second wave."""
    r = run("solve", "-s", DEPLOYMENTS, "--for", "troops", "--target", "400M",
            "--contingent", "second-wave", "-f", "table")  # fmt: skip
    assert r.stdout.splitlines()[0].startswith("--troops 5750 reaches")  # as --troops takes it


def test_a_range_is_not_a_solve_target(run: Run) -> None:
    """solve takes one amount: a range's key is refused (exit 2), a point's is taken."""
    r = run("solve", "--for", "troops", "--target", "inss-2026-01-total")
    assert r.exit_code == 2 and "--target" in r.stderr
    ok = run("solve", "--for", "troops", "--target", "inss-2024-09-arms-2023", "-f", "csv")
    assert ok.exit_code == 0


#: The most model evaluations any solve may take: one at the highest value, a bisection of
#: the parameter's whole range (monthly pay: 10^8 steps, 27 halvings), one at the answer.
MAX_EVALUATIONS = 30


@contextlib.contextmanager
def counting() -> Iterator[mock.MagicMock]:
    """Count solve's model evaluations (its calls of ``estimate_scenario``)."""
    with mock.patch.object(solve_module, "estimate_scenario", wraps=estimate_scenario) as m:
        yield m


def total_at(scenario: Scenario, param: Param, value: D, year: int | None) -> int:
    """The scenario's total in cents with ``value`` set on every contingent."""
    changed = scenario.override_at(
        {param.name: param.typed(value)}, range(len(scenario.contingents))
    )
    return estimate_scenario(changed, year).total_cents


def deployed_bounds(scenario: Scenario, param: Param) -> tuple[D, D]:
    """The lowest and highest value ``param`` may take on every contingent of ``scenario``:
    its range, narrowed so that killed stay at most troops x rotations."""
    lo, hi, cs = param.lowest, param.high, scenario.contingents
    if param.name == "killed":
        hi = min(hi, D(min(c.troops * c.rotations for c in cs)))
    elif param.name == "troops":
        lo = max(lo, D(max(-(-c.killed // c.rotations) for c in cs)))
    elif param.name == "rotations":
        need = [-(-c.killed // c.troops) if c.troops else 13 * (c.killed > 0) for c in cs]
        lo = max(lo, D(max(need)))
    return lo, hi


#: (solve arguments, column, answer, its total). Defaults: 10,000 troops, $2,000 a month,
#: 12 months, $2,000 bonus, share 1, 1 rotation, nobody killed.
CASES = [
    # the issue: 10,000 x 12 x p + 2 x $20M >= $300M -> p >= 2166.666...
    (["--for", "monthly-pay", "--target", "300000000", "--rotations", "2"],
     "monthly_pay_usd", "2166.67", "300000400"),
    # the issue: t x $26,000 + 1,000 x $100,000 >= $400M -> t >= 11,538.46
    (["--for", "troops", "--target", "400000000", "--killed", "1000", "--death-payment",
      "100000"], "troops", "11539", "400014000"),
    # $240M + r x $20M >= $300M -> r = 3
    (["--for", "rotations", "--target", "300M"], "rotations", "3", "300000000"),
    # $260M + k x $100,000 >= $300M -> k = 400
    (["--for", "killed", "--target", "300M", "--death-payment", "100000"], "killed", "400",
     "300000000"),
    # $260M + 1,000 x d >= $300,000,000.01 -> d = 40,000.00001, so 40,000.01
    (["--for", "death-payment", "--target", "300000000.01", "--killed", "1000"],
     "death_payment_usd", "40000.01", "300000010"),
    # $20M x m + 3 x $20M >= $140M -> m = 4
    (["--for", "months", "--target", "140M", "--rotations", "3"], "months", "4", "140000000"),
    # 0.005 per soldier, rounded half up per term: 20,001 -> $100.005 -> $100.01, while the
    # exact line would want 20,002
    (["--for", "troops", "--target", "100.01", "--monthly-pay", "0.01", "--months", "0.5",
      "--bonus", "0"], "troops", "20001", "100.01"),
    # pay 4.39 s, bonus 0.29 s, death 32.50 s dollars: the line reaches $1.90 at s = 0.051103,
    # but at 0.0512 the terms round down (22 + 1 + 166 cents = $1.89); 0.0513 gives
    # 23 + 1 + 167 cents = $1.91 (one killed of the one soldier: killed <= troops x rotations)
    (["--for", "state-share", "--target", "1.90", "--troops", "1", "--monthly-pay", "4.39",
      "--months", "1", "--bonus", "0.29", "--killed", "1", "--death-payment", "32.5"],
     "state_share", "0.0513", "1.91"),
    # bonus 100,000 RUB at 83.3 = $1,200.48: 120,000 p + $12,004,800 >= $300M -> p = 2399.96
    (["--for", "monthly-pay", "--target", "300M", "--bonus", "100000 RUB"], "monthly_pay_usd",
     "2399.96", "300000000"),
    # 2025 pay of the seven contingents: $316M; the 9,000 starting in 2025 earn a bonus:
    # 9,000 b >= $184M -> b = 20,444.45, terms 61,333,350 + 20,444,450 + 102,222,250
    (["--for", "bonus", "--target", "500M", "--scenario", "deployments-2024-2025", "--year",
      "2025"], "bonus_usd", "20444.45", "500000050"),
    (["--for", "troops", "--target", "2.6B"], "troops", "100000", "2600000000"),
    (["--for", "troops", "--target", "china-exports-2016"], "troops", "100000", "2600000000"),
    (["--for", "troops", "--target", "2600000001"], "troops", "100001", "2600026000"),
    (["--for", "monthly-pay", "--target", "260000001"], "monthly_pay_usd", "2000.01",
     "260001200"),
    (["--for", "months", "--target", "140000001"], "months", "6.01", "140200000"),
    (["--for", "state-share", "--target", "100M"], "state_share", "0.3847", "100022000"),
    # already reached at the lowest allowed value: that value
    (["--for", "bonus", "--target", "0"], "bonus_usd", "0", "240000000"),
    (["--for", "months", "--target", "0"], "months", "0.01", "20200000"),
    (["--for", "rotations", "--target", "100M"], "rotations", "1", "260000000"),
]  # fmt: skip


_SMALL_OR_ANY = st.one_of(st.integers(0, 100), st.integers(0, 10_000_000))


_CENTS = st.one_of(st.integers(0, 1_000), st.integers(0, 100_000_000))


_MONEY = st.one_of(
    _CENTS.map(cents_to_usd),
    # RUB amounts up to the $1M cap at the sourced 83.3, converted when the scenario is read
    st.integers(0, 8_330_000_000).map(lambda k: f"{fmt_cents(k)} RUB"),
)


_SIXTH = st.integers(0, 1_000_000).map(lambda n: D(n).scaleb(-6))


@st.composite
def contingents(draw: st.DrawFn) -> dict[str, Any]:
    c: dict[str, Any] = {
        "troops": draw(_SMALL_OR_ANY),
        "monthly_pay_usd": draw(_MONEY),
        "bonus_usd": draw(_MONEY),
        "state_share": draw(_SIXTH),
        "rotations": draw(st.integers(1, 12)),
        "death_payment_usd": draw(_MONEY),
    }
    most = min(c["troops"] * c["rotations"], 10_000_000)  # killed <= troops x rotations
    c["killed"] = draw(st.one_of(st.integers(0, min(100, most)), st.integers(0, most)))
    if draw(st.booleans()):
        start = draw(st.integers(2023 * 12, 2026 * 12 + 11))
        c["start"] = f"{start // 12}-{start % 12 + 1:02d}"
        if draw(st.booleans()):
            end = start + draw(st.integers(0, 30))
            c["end"] = f"{end // 12}-{end % 12 + 1:02d}"
    else:
        c["months"] = draw(st.integers(1, 12_000_000).map(lambda n: D(n).scaleb(-6)))
    return c


@st.composite
def problems(draw: st.DrawFn) -> tuple[Scenario, Param, int, int | None]:
    """A scenario of 1-4 contingents (dated or not, money in USD or RUB), a parameter, a
    target in cents (near a reachable total, small, or anywhere up to the cap) and a year."""
    data = {"name": "random", "contingents": draw(st.lists(contingents(), min_size=1,
                                                           max_size=4))}  # fmt: skip
    scenario = validate_scenario(data, "random")
    param = draw(st.sampled_from(PARAMS))
    year = draw(st.sampled_from([None, 2024, 2025, 2026]))
    lowest, highest = deployed_bounds(scenario, param)
    first, last = int(lowest / param.step), int(highest / param.step)
    dated = any(c.start for c in scenario.contingents)
    kind = draw(st.sampled_from(["near", "small", "any"]))
    if kind == "near" and not (param is MONTHS and dated) and first <= last:
        n = draw(st.one_of(st.integers(first, min(first + 100, last)), st.integers(first, last)))
        reached = total_at(scenario, param, n * param.step, year)
        target = max(0, reached + draw(st.integers(-3, 3)))
    elif kind == "small":
        target = draw(st.integers(0, 10_000))
    else:
        target = draw(st.integers(0, TARGET_CAP_USD * 100))
    return scenario, param, target, year


BAD_TARGETS = ["lots", "1e9", "-5", "", "1.001", "1000000000000000.01", "1000001B",
               "99999999999999999999999B", "9" * 5000, "NaN", "Infinity", "1.5.5", "$", "2,6B",
               "١٠٠"]  # fmt: skip


@pytest.mark.parametrize(("args", "column", "value", "total"), CASES)
def test_solve(run: Run, args: list[str], column: str, value: str, total: str) -> None:
    """The answer (and the total it gives) for hand-computed cases, in CSV."""
    r = run("solve", *args, "-f", "csv")
    assert r.exit_code == 0, r.stderr
    first, last = rows(r.stdout)[0], rows(r.stdout)[-1]  # the last: a scenario's total row
    assert (first["solve_for"], first[column], last["total_usd"]) == (column, value, total)


@pytest.mark.parametrize(("args", "column", "value", "total"), CASES)
def test_answer_back_into_estimate(
    run: Run, args: list[str], column: str, value: str, total: str
) -> None:
    """Put back into `estimate`, the answer reaches the target and one step less misses it
    (unless the answer is the lowest allowed value)."""
    i, j = args.index("--for"), args.index("--target")
    param = PARAM_BY_FLAG[args[i + 1]]
    target = parse_target(args[j + 1])[0]
    rest = [a for k, a in enumerate(args) if k not in (i, i + 1, j, j + 1)]

    def estimated(v: D) -> D:
        r = run("estimate", *rest, param.option, fmt_plain(v), "-f", "csv")
        assert r.exit_code == 0, r.stderr
        return D(rows(r.stdout)[-1]["total_usd"])

    assert estimated(D(value)) == D(total) >= target
    if D(value) > param.lowest:
        assert estimated(D(value) - param.step) < target
    else:
        assert D(value) == param.lowest


def test_solve_scenario() -> None:
    """Solving for troops on a scenario sets the value on the contingents named: shoigu-2025's
    engineers and construction at $2,000 x 12 + $2,000 make $312M with 6,000 troops each
    (2 x 6,000 x $26,000); without naming them it is refused, saying how."""
    both = Selection(("engineers", "construction"))
    sol = solve(load_scenario("shoigu-2025"), "troops", D(312_000_000), select=both)
    assert sol.value == 6000 and sol.estimate.total_usd == D(312_000_000)
    assert all(c.troops == 6000 for c in sol.estimate.scenario.contingents)
    with pytest.raises(InputError, match="contingent NAME"):
        solve(load_scenario("shoigu-2025"), "troops", D(312_000_000))
    one = solve(load_scenario("shoigu-2025"), "troops", D(182_000_000),
                select=Selection(("construction",)))  # fmt: skip
    assert one.value == 6000  # 1,000 x $26,000 + 6,000 x $26,000


def test_library_takes_for_names() -> None:
    """The library takes a parameter by field name or by its --for name."""
    s = scenario_from_options(None, {"rotations": "2"})
    assert solve(s, "monthly-pay", D(300_000_000)).value == D("2166.67")
    assert solve(s, "monthly_pay_usd", D(300_000_000)).value == D("2166.67")


@pytest.mark.parametrize(("args", "column", "value", "total"), CASES)
def test_ordinary_inputs_take_a_handful_of_evaluations(args: list[str], column: str, value: str,
                                                       total: str) -> None:  # fmt: skip
    """For ordinary inputs, the bounds around the closed form leave at most a step or two to
    bisect: at most 3 model evaluations."""
    flags = dict(zip(args[::2], args[1::2], strict=True))
    scenario = flags.pop("--scenario", None)
    year = flags.pop("--year", None)
    for_, target = flags.pop("--for"), flags.pop("--target")
    given = {PARAM_BY_FLAG[k.removeprefix("--")].name: v for k, v in flags.items()}
    chosen = scenario_from_options(scenario, given)
    with counting() as calls:
        sol = solve(chosen, for_, parse_target(target)[0], None if year is None else int(year))
    assert sol.value == D(value)
    assert 1 <= calls.call_count <= 3


def test_tiny_slope_is_bisected_not_stepped() -> None:
    """1 soldier, 0.01 of a month, share 0.000001: pay p earns p x 10^-8 dollars, so $0.01 (half
    a cent, rounded up) needs p = 500,000.00, 5 x 10^7 steps up: bisected in under 30
    evaluations, not walked."""
    s = scenario_from_options(
        None, {"troops": "1", "months": "0.01", "bonus_usd": "0", "state_share": "0.000001"}
    )
    with counting() as calls:
        sol = solve(s, "monthly_pay_usd", D("0.01"))
    assert sol.value == D("500000.00") and sol.estimate.total_cents == 1
    assert calls.call_count <= MAX_EVALUATIONS
    assert total_at(s, PARAM_BY_NAME["monthly_pay_usd"], D("499999.99"), None) == 0


@settings(max_examples=examples(500), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems())
def test_reaches_the_target_and_one_step_less_does_not(
    problem: tuple[Scenario, Param, int, int | None],
) -> None:
    """Over every parameter, with random other inputs (rotations, deaths, RUB amounts,
    several contingents, dated ones, a year): the answer's total reaches the target and one
    step less misses it, or the answer is the lowest allowed value; a target no allowed value
    reaches is refused only when the highest allowed value misses; never more than
    MAX_EVALUATIONS model evaluations."""
    scenario, param, target, year = problem
    dated = any(c.start for c in scenario.contingents)
    lowest, highest = deployed_bounds(scenario, param)
    with counting() as calls:
        try:
            every = Selection(
                tuple(contingent_id(c, i) for i, c in enumerate(scenario.contingents))
            )
            sol = solve(scenario, param.name, cents_to_usd(target), year, every)
        except InputError as e:
            assert param is MONTHS and dated, e
            return
        except InfeasibleError:
            assert lowest > highest or total_at(scenario, param, highest, year) < target
            return
        finally:
            assert calls.call_count <= MAX_EVALUATIONS
    assert sol.value % param.step == 0 and lowest <= sol.value <= highest
    assert sol.estimate.total_cents == total_at(scenario, param, sol.value, year) >= target
    if sol.value > lowest:
        assert total_at(scenario, param, sol.value - param.step, year) < target
    assert all(getattr(c, param.name) == sol.value for c in sol.estimate.scenario.contingents)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # 10,000 x $2,000 x m + $20M = $1B -> m = 49
        (["--for", "months", "--target", "1B"],
         "--months would have to be 49 to reach $1,000,000,000, above its maximum of 12"),
        # $260M x s = $1B -> s = 3.84615...
        (["--for", "state-share", "--target", "1B"], "--state-share would have to be 3.8462"),
        # $240M + r x $20M = $1B -> r = 38
        (["--for", "rotations", "--target", "1B"],
         "--rotations would have to be 38 to reach $1,000,000,000, above its maximum of 12"),
        # the cap: 10^15 / $26,000 = 38,461,538,461.5
        (["--for", "troops", "--target", "1000000000000000"],
         "--troops would have to be 38461538462"),
        (["--for", "troops", "--target", "1B", "--monthly-pay", "0", "--bonus", "0"],
         "no value of --troops reaches $1,000,000,000: the total does not depend on it"),
        # nobody is killed by default: the death payment changes nothing
        (["--for", "death-payment", "--target", "300M"],
         "the total does not depend on it with the other values given (it stays $260,000,000)"),
        # nobody starts in 2026: no bonus; 2026 pay is (7,000 + 3,000 + 1,000 + 5,000) x $24,000
        (["--for", "bonus", "--target", "1B", "--scenario", "deployments-2024-2025",
          "--year", "2026"], "(it stays $384,000,000)"),
    ],
)  # fmt: skip
def test_solve_infeasible(run: Run, args: list[str], message: str) -> None:
    """A target no allowed value reaches exits 1 saying what the value would have to be, or
    that the total does not depend on it."""
    r = run("solve", *args)
    assert r.exit_code == 1, r.stderr
    assert message in r.stderr and r.stdout == ""
    assert r.stderr.count("\n") == 1


def test_solve_library_error() -> None:
    """The library raises InfeasibleError (exit 1)."""
    with pytest.raises(InfeasibleError):
        solve(load_scenario("article-baseline"), "months", D(10) ** 10)


@pytest.mark.parametrize("target", BAD_TARGETS, ids=range(len(BAD_TARGETS)))
def test_bad_target(run: Run, target: str) -> None:
    """A target that is not an amount to the cent, is negative or exceeds the cap exits 2 with
    one line naming --target and the cap."""
    r = run("solve", "--for", "troops", "--target", target)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("Error: --target: ") and "10^15" in r.stderr
    assert r.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("text", "usd", "ref"),
    [("2.6B", "2600000000", None), ("$260M", "260000000", None),
     ("2,600,000,000", "2600000000", None), (".5k", "500", None), ("0", "0", None),
     ("0.01", "0.01", None), ("1000000000000000", "1000000000000000", None),
     ("1.00000000001B", "1000000000.01", None), ("china-exports-2016", "2600000000",
                                                  "china-exports-2016")],
)  # fmt: skip
def test_parse_target(text: str, usd: str, ref: str | None) -> None:
    """Targets as plain amounts, with k/M/B, commas and $, to the cent, or references."""
    assert parse_target(text) == (D(usd), ref)


def test_library_refuses_bad_targets() -> None:
    """The library checks the target too: negative, above the cap, or finer than a cent."""
    s = load_scenario("article-baseline")
    for bad in (D(-1), D(TARGET_CAP_USD) + D("0.01"), D("0.001"), D("NaN")):
        with pytest.raises(InputError, match="target"):
            solve(s, "troops", bad)


@pytest.mark.parametrize(
    "args",
    [["--for", "pay", "--target", "1B"], ["--for", "troops", "--troops", "5", "--target", "1"],
     ["--for", "troops", "--target", "1B", "--year", "99"],
     ["--for", "troops", "--target", "1B", "--monthly-pay", "-1"]],
)  # fmt: skip
def test_solve_bad_input(run: Run, args: list[str]) -> None:
    """A bad --for, a clash with --for's own option, a bad --year or option exits 2."""
    r = run("solve", *args)
    assert r.exit_code == 2 and r.stderr.startswith("Error: --")


def test_unknown_for_lists_the_table(run: Run) -> None:
    """An unknown --for lists every parameter of the table by its option name."""
    r = run("solve", "--for", "pay", "--target", "1B")
    assert r.exit_code == 2
    assert ", ".join(p.flag for p in PARAMS) in r.stderr


def test_months_of_dated_contingents(run: Run) -> None:
    """--for months on dated contingents exits 2: their months come from their dates."""
    r = run("solve", "--scenario", "deployments-2024-2025", "--contingent", "second-wave",
            "--for", "months", "--target", "1B")  # fmt: skip
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("Error: --for months: ") and "dates" in r.stderr


def test_help_lists_the_parameters_with_their_steps() -> None:
    """`solve --help` names every parameter of the table for --for, with its step."""
    r = CliRunner().invoke(app, ["solve", "--help"], env={"COLUMNS": "400", "NO_COLOR": "1"})
    text = " ".join(r.stdout.replace("│", " ").split())
    listed = ", ".join(f"{p.flag} ({fmt_plain(p.step)})" for p in PARAMS)
    assert r.exit_code == 0 and listed in text and "--year" in text


def test_table_view(run: Run) -> None:
    """The table view says the answer in words first."""
    r = run("solve", "--for", "monthly-pay", "--target", "300000000", "--rotations", "2",
            "-f", "table")  # fmt: skip
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0] == "--monthly-pay 2166.67 reaches $300,000,000"
