"""Cross-command properties over every parameter: the commands agree because they all compute
through ``core.formula`` and round the same way (README, "Rounding").

Scenarios are random (one to four contingents, dated or not, every parameter anywhere in its
allowed range, money in USD or roubles at a random rate), written as TOML files, and run
through the CLI in-process with CSV output, as a user would.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable
from decimal import Context, Decimal
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import Run, examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dprk_ru.analysis.estimate import estimate_scenario
from dprk_ru.analysis.sensitivity import median_total
from dprk_ru.analysis.simulate import simulate
from dprk_ru.core.money import half_up
from dprk_ru.core.params import FACTORS, PARAM_BY_NAME, PARAMS, Param
from dprk_ru.scenarios.loading import load_scenario
from dprk_ru.scenarios.uncertain import uncertain_from_scenario

PROPERTY = settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


YEARS = range(2023, 2028)


def plain_value(p: Param) -> st.SearchStrategy[Any]:
    """Any allowed value of ``p`` (the edges included), at its precision."""
    if p.integer:
        return st.integers(int(p.lowest), int(p.high))
    return st.decimals(p.lowest, p.high, places=p.places, allow_nan=False, allow_infinity=False)


@st.composite
def money_in_roubles(draw: Callable[..., Any], p: Param, rate: Decimal) -> str:
    """An amount of ``p`` in roubles that converts, at ``rate``, into its range."""
    top = p.high * rate
    amount = draw(st.decimals(0, top, places=2, allow_nan=False, allow_infinity=False))
    return f"{text(amount)} RUB"


def month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@st.composite
def contingent(
    draw: Callable[..., Any], rate: Decimal, dated: bool | None = None
) -> dict[str, Any]:
    """The fields of a contingent: each parameter left out (its default) or any allowed value
    (money sometimes in roubles); dated ones (start, maybe end) have no ``months``."""
    fields: dict[str, Any] = {}
    dated = draw(st.booleans()) if dated is None else dated
    for p in PARAMS:
        if p.name == "months" and dated:
            continue
        choices = [st.none(), plain_value(p)]
        if p.money:
            choices.append(money_in_roubles(p, rate))
        value = draw(st.one_of(*choices))
        if value is not None:
            fields[p.name] = value
    if "killed" in fields:  # killed are at most troops x rotations (else refused)
        most = fields.get("troops", 10_000) * fields.get("rotations", 1)
        fields["killed"] = min(fields["killed"], most)
    if dated:
        first = draw(st.integers(YEARS[0] * 12 - 14, YEARS[-1] * 12 + 11))
        fields["start"] = month(first)
        end = draw(st.none() | st.integers(first, first + 40))
        if end is not None:
            fields["end"] = month(end)
    return fields


RATES = st.decimals(Decimal(1), Decimal(1000), places=4, allow_nan=False, allow_infinity=False)


def text(value: Any) -> str:
    """A value as a user writes it: plain digits, never an exponent (``0.000000``)."""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def toml_value(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else text(value)


def write_scenario(
    path: Path, contingents: list[dict[str, Any]], rate: Decimal, name: str = "random"
) -> Path:
    """A scenario TOML file with these contingents and the rouble rate."""
    lines = [f'name = "{name}"', f"rates = {{ RUB = {rate} }}"]
    for i, c in enumerate(contingents):
        lines += ["", "[[contingents]]", f'name = "c{i}"']
        lines += [f"{k} = {toml_value(v)}" for k, v in c.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def csv_rows(result: Any) -> list[dict[str, str]]:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return list(csv.DictReader(io.StringIO(result.stdout)))


def cents(text: str) -> int:
    """A CSV money cell as exact cents."""
    value = Decimal(text) * 100
    assert value == value.to_integral_value(), text
    return int(value)


def total_row(rows: list[dict[str, str]]) -> dict[str, str]:
    """An estimate's figure: its only record, or its ``total`` record."""
    return rows[0] if len(rows) == 1 else next(r for r in rows if r["contingent"] == "total")


def estimate_cents(run: Any, path: Path, year: int) -> dict[str, int]:
    """``estimate --year``'s pay, bonus, death and total of a scenario file, in cents."""
    row = total_row(csv_rows(run("estimate", "--scenario", str(path), "--year", str(year),
                                 "-f", "csv")))  # fmt: skip
    terms = ("pay_total_usd", "bonus_total_usd", "death_total_usd", "total_usd")
    return {k: cents(row[k]) for k in terms}


#: A rouble rate and one to four contingents, dated or not.
SCENARIOS = RATES.flatmap(
    lambda r: st.tuples(st.just(r), st.lists(contingent(r), min_size=1, max_size=4))
)


def simulate_row(run: Any, *args: str) -> dict[str, str]:
    (row,) = csv_rows(run("simulate", *args, "--samples", "3", "--seed", "1", "-f", "csv",
                          "--percentiles", "0,2.5,50,97.5,100"))  # fmt: skip
    return row


def whole_dollars(total_cents: int) -> str:
    return str(half_up(total_cents, 100))


def around(p: Param, value: Any) -> str:
    """A distribution whose median is exactly ``value``."""
    sd = max(Decimal(value) / 10, Decimal(1) if p.integer else Decimal("0.001"))
    return f"normal({text(value)},{text(sd)})"


@st.composite
def spread(draw: Callable[..., Any], p: Param) -> str:
    """A uniform distribution over part of ``p``'s range (values as a user writes them)."""
    a, b = sorted(draw(st.lists(plain_value(p), min_size=2, max_size=2, unique=True)))
    return f"uniform({text(a)},{text(b)})"


@PROPERTY
@given(scenario=SCENARIOS, year=st.sampled_from(YEARS))
def test_compare_is_the_sum_of_contingent_estimates(
    run: Run, tmp_path: Path, scenario: Any, year: int
) -> None:
    """``compare``'s totals for a scenario are the sums of its contingents' ``estimate``s,
    each contingent estimated on its own, to the cent."""
    rate, contingents = scenario
    path = write_scenario(tmp_path / "s.toml", contingents, rate)
    (row,) = csv_rows(run("compare", str(path), "--year", str(year), "-f", "csv"))
    alone = [
        estimate_cents(run, write_scenario(tmp_path / f"c{i}.toml", [c], rate), year)
        for i, c in enumerate(contingents)
    ]
    for column in ("pay_total_usd", "bonus_total_usd", "total_usd"):
        assert cents(row[column]) == sum(e[column] for e in alone), column


@PROPERTY
@given(data=st.data(), year=st.sampled_from(YEARS))
def test_january_to_december_timeline_is_the_estimate(run: Run, tmp_path: Path, data: Any,
                                                      year: int) -> None:  # fmt: skip
    """A contingent dated January to December: its twelve ``timeline`` months sum to
    ``estimate --year`` and to the ``estimate`` of the same contingent undated (12 months),
    term by term, to the cent."""
    rate = data.draw(RATES)
    fields = data.draw(contingent(rate, dated=False))
    fields.pop("months", None)
    undated = write_scenario(tmp_path / "undated.toml", [fields], rate)
    dated = {**fields, "start": f"{year}-01", "end": f"{year}-12"}
    path = write_scenario(tmp_path / "dated.toml", [dated], rate)
    months = csv_rows(run("timeline", "--scenario", str(path), "--from", f"{year}-01", "--to",
                          f"{year}-12", "-f", "csv"))  # fmt: skip
    assert len(months) == 12
    summed = {k: sum(cents(m[k]) for m in months) for k in estimate_cents(run, path, year)}
    assert summed == estimate_cents(run, path, year) == estimate_cents(run, undated, year)


@PROPERTY
@given(data=st.data(), year=st.sampled_from(YEARS))
def test_a_year_of_timeline_is_estimate_year(
    run: Run, tmp_path: Path, data: Any, year: int
) -> None:
    """For 2-4 dated contingents, the twelve months of ``year`` in ``timeline`` sum to
    ``estimate --year`` term by term, to the cent (each contingent's terms rounded from
    January: README, "Rounding")."""
    rate = data.draw(RATES)
    contingents = data.draw(st.lists(contingent(rate, dated=True), min_size=2, max_size=4))
    path = write_scenario(tmp_path / "s.toml", contingents, rate)
    months = csv_rows(run("timeline", "--scenario", str(path), "--from", f"{year}-01", "--to",
                          f"{year}-12", "-f", "csv"))  # fmt: skip
    want = estimate_cents(run, path, year)
    assert {k: sum(cents(m[k]) for m in months) for k in want} == want
    # To date counts from the first start: December's less the previous December's.
    before = cents(months[0]["cumulative_usd"]) - cents(months[0]["total_usd"])
    assert cents(months[-1]["cumulative_usd"]) - before == want["total_usd"]
    # A year's troops are the most deployed in one of its months; troop_months their sum.
    args = ("estimate", "--scenario", str(path), "--year", str(year), "-f", "csv")
    year_total = total_row(csv_rows(run(*args)))
    assert int(year_total["troops"]) == max(int(m["troops"]) for m in months)
    assert int(year_total["troop_months"]) == sum(int(m["troops"]) for m in months)


@PROPERTY
@given(data=st.data())
def test_sweep_rows_are_estimates(run: Run, data: Any) -> None:
    """Every ``sweep`` row, over every parameter (money in roubles too), is what
    ``estimate`` gives for that row's values, every column."""
    rate = data.draw(RATES)
    options = ["--rate", f"RUB={rate}"]
    drawn: dict[str, list[Any]] = {}
    for p in PARAMS:
        values = data.draw(st.lists(plain_value(p), max_size=2, unique=True))
        if p.name == "killed":  # at most troops x rotations at every point (else refused)
            most = min(drawn["troops"] or [10_000]) * min(drawn["rotations"] or [1])
            values = list(dict.fromkeys(min(v, most) for v in values))
        drawn[p.name] = values
        if p.money and data.draw(st.booleans()):
            values.append(data.draw(money_in_roubles(p, rate)))
        if values:
            options += [p.option, ",".join(text(v) for v in values)]
    rows = csv_rows(run("sweep", *options, "-f", "csv"))
    assert 1 <= len(rows) <= 3**8
    for row in rows[:: max(1, len(rows) // 4)]:
        # A shorthand's column is empty where its shares differ: then the shares say it all.
        args = itertools.chain.from_iterable((p.option, row[p.name]) for p in PARAMS if row[p.name])
        (alone,) = csv_rows(run("estimate", *args, "-f", "csv"))
        assert alone == row


@PROPERTY
@given(scenario=SCENARIOS, year=st.sampled_from(YEARS))
def test_simulate_with_point_inputs_is_the_estimate(
    run: Run, tmp_path: Path, scenario: Any, year: int
) -> None:
    """With every input a number, ``simulate``'s mean and every percentile are ``estimate``'s
    total to the dollar (half up), with sd 0, for multi-contingent and dated scenarios."""
    rate, contingents = scenario
    path = write_scenario(tmp_path / "s.toml", contingents, rate)
    want = whole_dollars(estimate_cents(run, path, year)["total_usd"])
    row = simulate_row(run, "--scenario", str(path), "--year", str(year))
    stats = ("mean_usd", "p0_usd", "p2_5_usd", "p50_usd", "p97_5_usd", "p100_usd")
    assert [row[k] for k in stats] == [want] * len(stats)
    assert row["sd_usd"] == "0" and row["clipped"] == "0"
    assert row.get("year", str(year)) == str(year)
    # In the library, to the cent: the mean and percentiles are exact.
    exact = Fraction(estimate_cents(run, path, year)["total_usd"], 100)
    sim = simulate(uncertain_from_scenario(str(path), {})[1], 2, seed=1, year=year)
    assert sim.mean_usd == exact and set(sim.quantiles([0, 37.5, 100]).values()) == {exact}


@PROPERTY
@given(data=st.data())
def test_simulate_options_with_point_inputs_is_the_estimate(run: Run, data: Any) -> None:
    """``simulate`` with every parameter given as numbers (money in roubles too) is
    ``estimate`` with the same options, to the dollar."""
    rate = data.draw(RATES)
    options = ["--rate", f"RUB={rate}"]
    drawn: dict[str, Any] = {}
    for p in PARAMS:
        value = data.draw(st.none() | plain_value(p) | (money_in_roubles(p, rate) if p.money
                                                         else st.nothing()))  # fmt: skip
        if p.name == "killed" and value is not None:  # at most troops x rotations
            troops, rotations = drawn["troops"], drawn["rotations"]
            most = (10_000 if troops is None else troops) * (1 if rotations is None else rotations)
            value = min(value, most)
        drawn[p.name] = value
        if value is not None:
            options += [p.option, text(value)]
    (est,) = csv_rows(run("estimate", *options, "-f", "csv"))
    row = simulate_row(run, *options)
    want = whole_dollars(cents(est["total_usd"]))
    assert (row["mean_usd"], row["p0_usd"], row["p50_usd"], row["p100_usd"]) == (want,) * 4


@PROPERTY
@given(scenario=SCENARIOS, year=st.sampled_from(YEARS), data=st.data())
def test_sensitivity_base_is_the_estimate_at_the_medians(
    tmp_path: Path, scenario: Any, year: int, data: Any
) -> None:
    """``sensitivity``'s base value (every input at its median) is ``estimate`` with those
    medians, for dated and multi-contingent scenarios."""
    rate, contingents = scenario
    point = write_scenario(tmp_path / "point.toml", contingents, rate)
    fuzzy = [
        {
            k: around(PARAM_BY_NAME[k], v)
            if k in PARAM_BY_NAME and not isinstance(v, str) and data.draw(st.booleans())
            else v
            for k, v in c.items()
        }
        for c in contingents
    ]
    path = write_scenario(tmp_path / "fuzzy.toml", fuzzy, rate)
    _, uncertain = uncertain_from_scenario(str(path), {})
    want = estimate_scenario(load_scenario(str(point)), year).total_usd
    assert median_total(uncertain, year) == want


@pytest.mark.parametrize(
    ("usd", "code", "rate"),
    [
        ("249999999999999.99", "KRW", "1421.97"),
        ("123456789012345.67", "RUB", "999999999.9999"),
        # 1,000 contingents at the top of every range, at the highest rate --rate takes:
        # 29 digits of kopecks, one more than a Decimal context keeps.
        ("250000000000000000.01", "RUB", "999999999.9999"),
    ],
)
def test_currency_conversion_of_large_totals_is_exact(usd: str, code: str, rate: str) -> None:
    """A large total converts exactly, rounded once half up, though the product has more
    digits than a Decimal context keeps (28)."""
    from dprk_ru.core.currency import from_usd

    exact = Fraction(Decimal(usd)) * Fraction(Decimal(rate)) * (100 if code == "RUB" else 1)
    units = half_up(exact.numerator, exact.denominator)
    got = from_usd(Decimal(usd), code, Decimal(rate))
    assert got.as_tuple().exponent == (-2 if code == "RUB" else 0)
    assert int(got.scaleb(2 if code == "RUB" else 0, Context(prec=100))) == units


def test_simulate_rounds_exact_ties_up() -> None:
    """Constant inputs multiply exactly: 1 x $0.29 x 0.5 months is 14.5 cents, rounded half up
    to 15 (in floats, 0.29 x 100 x 0.5 is 14.499999999999998, which would round to 14)."""
    from dprk_ru.scenarios.uncertain import uncertain_from_options

    given = {"troops": "1", "monthly_pay_usd": "0.29", "months": "0.5", "bonus_usd": "0"}
    sim = simulate(uncertain_from_options(given), 4, seed=1)
    assert sim.mean_usd == Fraction(15, 100)
    assert sim.quantiles([50]) == {50: Fraction(15, 100)}


def test_ratio_is_rounded_once() -> None:
    """``compare``'s ratio is rounded once, from the exact quotient: 5e29 cents against
    $1e32 + 1 is just under 0.00005, so 0 at four places (a 28-digit Decimal division
    rounds it up to 0.00005 first, and then to 0.0001)."""
    import dataclasses

    from dprk_ru.analysis.compare import ratio
    from dprk_ru.scenarios.sources import REFERENCES

    ref = dataclasses.replace(next(iter(REFERENCES.values())), value=Decimal(10**32 + 1))
    assert ratio(5 * 10**29, ref) == 0
    assert ratio(5 * 10**29 + 10**10, ref) == Decimal("0.0001")


@PROPERTY
@given(data=st.data(), year=st.sampled_from(YEARS))
def test_simulate_samples_are_estimates(run: Run, tmp_path: Path, data: Any, year: int) -> None:
    """Each ``--samples-out`` row of a scenario with uncertain inputs (any of the eight,
    dated contingents too) is one possible world: its terms add up exactly to its total, and
    each term is the sum over the contingents of ``evaluate`` of the inputs the row prints
    (a file's distribution as ``contingent.field``, the other values as the file gives
    them), for the period counted, to the cent per contingent (one cent off at most where
    the exact product lies within a float's precision of a half cent)."""
    from dprk_ru.analysis.estimate import year_period
    from dprk_ru.core.formula import TERMS, exact_terms
    from dprk_ru.core.params import Inputs
    from dprk_ru.inputs.distributions import quantities
    from dprk_ru.scenarios.uncertain import uncertain_from_scenario

    rate = data.draw(RATES)
    contingents = data.draw(st.lists(contingent(rate), min_size=1, max_size=3))
    for c in contingents:
        for p in PARAMS:
            if not (p.name == "months" and "start" in c) and data.draw(st.booleans()):
                c[p.name] = data.draw(spread(p))
    path = write_scenario(tmp_path / "s.toml", contingents, rate)
    out = tmp_path / "draws.csv"
    simulate_row(run, "--scenario", str(path), "--year", str(year), "--samples-out", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 3
    _, uncertain = uncertain_from_scenario(str(path), {})
    column = {h: q.name for q in quantities(uncertain) for h in q.holders}
    assert list(rows[0])[1 : 1 + len(set(column.values()))] == list(dict.fromkeys(column.values()))
    money = ("pay_total_usd", "bonus_total_usd", "death_total_usd", "total_usd")
    for row in rows:
        got = [cents(row[k]) for k in money]
        assert got[0] + got[1] + got[2] == got[3]
        want = [0] * len(TERMS)
        ties = [0] * len(TERMS)
        for i, (c, u) in enumerate(zip(contingents, uncertain, strict=True)):
            values = {
                p.name: p.typed(
                    Decimal(row[column[(i, p.name)]])
                    if (i, p.name) in column
                    else Decimal(u.dists[p.name].exact)  # type: ignore[arg-type]
                )
                for p in FACTORS
            }
            # killed drawn above troops x rotations are capped there (a clipped draw)
            values["killed"] = min(values["killed"], values["troops"] * values["rotations"])
            inputs = Inputs(**values, personnel=u.personnel)  # type: ignore[arg-type]
            dates = SimpleNamespace(start=c.get("start"), end=c.get("end"))
            when = year_period(dates, year) if "start" in c else None
            for t, (num, den) in enumerate(exact_terms(inputs, when)):
                want[t] += half_up(num, den)
                near = abs(Fraction(num % den, den) - Fraction(1, 2))
                ties[t] += near <= Fraction(num, den) / 10**12  # a tie floats cannot tell
        for term, have, exact, tied in zip(TERMS, got, want, ties, strict=False):
            assert abs(have - exact) <= tied, term.name
