"""``revenue simulate`` and ``revenue sensitivity``: inputs as distributions."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any

import typer

from ..core.params import LATE_PARAMS, PARAMS
from ..errors import InputError
from ..render.files import distinct, is_stdout, output_stream
from ..render.formats import Format, render
from ..scenarios.selection import Selection
from .boundary import naming, user_errors_and_rates, year_notes
from .options import (
    MAX_SEED,
    CorrelateOpt,
    CurrencyOpt,
    FormatOpt,
    OutputOpt,
    PlotOpt,
    QuietOpt,
    RateOpt,
    SamplesOpt,
    ScenarioOpt,
    TitleOpt,
    YearOpt,
    count_parser,
    destination,
    param_options,
    parse_year,
)
from .progress import progress_bar
from .root import app

#: Simulations of at least this many draws (samples x uncertain quantities) show progress.
PROGRESS_MIN_DRAWS = 1_000_000


def _uncertain(
    scenario: str | None, given: dict[str, str | None], select: Selection, medians: bool = False
) -> tuple[str | None, Any]:
    """The uncertain contingents; ``medians``: refuse more killed than ever deployed at the
    medians (sensitivity), else only where all three are constant (simulate caps draws)."""
    from ..scenarios.uncertain import uncertain_from_options, uncertain_from_scenario

    if scenario is None:
        if select.given:
            raise InputError("--contingent and --personnel choose contingents of a --scenario")
        return None, uncertain_from_options(given, medians)
    with naming("--scenario"):
        return uncertain_from_scenario(scenario, given, select, medians)


def _year_notes(
    year: int | None,
    scenario: str | None,
    params: dict[str, str | None],
    contingents: Any,
    select: Selection,
) -> None:
    """What --year counted, said as estimate says it (only when it is given)."""
    if year is None:
        return
    from ..analysis.estimate import estimate_scenario
    from ..scenarios.medians import point_scenario

    # Unchecked at the medians: simulate caps its draws (sensitivity checked them already).
    point = point_scenario(scenario, params, contingents, select, check=False)
    year_notes(year, [estimate_scenario(point, year)])


def _credit(
    scenario: str | None, params: dict[str, str | None], contingents: Any, select: Selection
) -> str:
    """The chart's credit line: the sources behind the inputs used."""
    from ..analysis.explain import credit
    from ..scenarios.medians import point_scenario

    point = point_scenario(scenario, params, contingents, select, check=False) if scenario else None
    return credit([k for k, v in params.items() if v is not None], [point] if point else None)


def _shown_name(scenario: str | None, name: str | None) -> str:
    """The scenario as a chart names it: its title, else its name."""
    if not scenario or not name:
        return name or ""
    from ..render.charts import title_of
    from ..scenarios.loading import load_scenario

    try:
        return title_of(load_scenario(scenario)) or name
    except Exception:  # noqa: BLE001 - checked already; a chart falls back to the name
        return name


def _titles(scenario: str | None) -> dict[str, str]:
    """A scenario's contingents' titles by id, for a chart's labels."""
    if not scenario:
        return {}
    from ..render.charts import title_of
    from ..scenarios.loading import load_scenario

    try:
        chosen = load_scenario(scenario)
    except Exception:  # noqa: BLE001 - checked already; a chart falls back to the ids
        return {}
    return {c.name: title_of(c) for c in chosen.contingents if c.name}


@app.command()
@param_options("dist")
def simulate(
    params: dict[str, str | None],
    select: Selection,
    scenario: ScenarioOpt = None,
    year: YearOpt = None,
    samples: SamplesOpt = 100_000,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            parser=count_parser("--seed", 0, MAX_SEED),
            metavar="N",
            help="Random seed: the same seed gives the same output, byte for byte. "
            "Default: a fresh seed, printed in the output.",
        ),
    ] = None,
    percentiles: Annotated[
        str,
        typer.Option(
            "--percentiles",
            help="Percentiles of the total to report, as a list: 5,50,95.",
            metavar="LIST",
        ),
    ] = "5,25,50,75,95",
    correlate: CorrelateOpt = None,
    samples_out: Annotated[
        str | None,
        typer.Option(
            "--samples-out",
            metavar="FILE",
            help="Write every draw to FILE as CSV, with the estimate columns "
            "(as --output writes; - is stdout).",
        ),
    ] = None,
    plot: PlotOpt = None,
    title: TitleOpt = None,
    rate: RateOpt = None,
    currency: CurrencyOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Monte Carlo: the spread of the total when inputs are distributions.

    Example: revenue simulate --troops "8000 to 14000" --monthly-pay "1500 to 2500" --seed 1
    Example: revenue simulate --troops "normal(10000,1500)" --samples 10000 --format json
    """
    with user_errors_and_rates(rate) as rates, contextlib.ExitStack() as files:
        from ..analysis.simulate import parse_correlations, parse_percentiles
        from ..core.currency import other_currency, with_currency
        from ..core.params import money_results
        from ..render.files import output_target

        distinct(
            [("--output", output), ("--samples-out", samples_out), ("--plot", plot)],
            [("--scenario", scenario)],
        )
        dest, fmt = destination(output, fmt)
        draws = None if samples_out is None else output_target(samples_out, "--samples-out")
        if samples_out is not None and is_stdout(samples_out) and is_stdout(output):
            raise InputError("--samples-out: stdout already takes the summary; give --output FILE")

        qs = parse_percentiles(percentiles)
        to = other_currency(currency, rates)
        corr = parse_correlations(correlate or [])
        counted = parse_year(year)
        name, contingents = _uncertain(scenario, params, select)
        from ..analysis.simulate import check_draws

        check_draws(contingents, samples)
        if plot is not None:
            from ..render.charts import MAX_MARKS, check_count, check_path

            check_path(plot)
            check_count(len(qs), MAX_MARKS, "percentiles", "a histogram")
        from ..analysis.simulate import (
            simulate,
            simulate_steps,
            summary,
            write_samples,
        )
        from ..inputs.distributions import parse_param, quantities

        long = samples * max(len(quantities(contingents)), 1) >= PROGRESS_MIN_DRAWS
        with progress_bar(simulate_steps(contingents), "simulate", quiet, long) as advance:
            sim = simulate(contingents, samples, seed, corr, counted, draws is not None, advance)
        if draws is not None:  # one row per sample: each a possible world
            with progress_bar(samples, "--samples-out", quiet, long) as advance:
                write_samples(sim, files.enter_context(output_stream(draws)), progress=advance)
        record: dict[str, Any] = {"scenario": name} if name else {}
        given: dict[str, str] = {}
        for p in PARAMS:
            if (text := params[p.name]) is not None:  # as parsed: the text given, but -0 as 0
                given[p.name] = parse_param(text, p.option, p.name).text
            else:
                given[p.name] = "" if name else str(p.default)
        record.update((p.name, given[p.name]) for p in PARAMS if p not in LATE_PARAMS)
        # One pass over the draws for every percentile, the 5th and 95th for the table included.
        exact = sim.quantiles(sorted({*qs, 5.0, 95.0}))
        record.update(summary(sim, qs, exact))
        record.update((p.name, given[p.name]) for p in LATE_PARAMS)
        if name:  # the scenario's title for people, the last column (the id stays first)
            from ..scenarios.titles import scenario_title

            record["title"] = scenario_title(scenario or name) or ""
        columns = tuple(record)
        values = {q: float(v) for q, v in exact.items()}
        (record,), columns = with_currency([record], columns, to, money_results(columns))
        if plot is not None:
            from ..render.charts import given_words, percentile_words, save
            from ..render.charts import histogram as plot_histogram

            marks = {percentile_words(q): values[q] for q in qs}
            called = _shown_name(scenario, name)
            heading = title or f"Simulated revenue{f': {called}' if called else ''}, USD a year"
            inputs = given_words(params)
            subtitle = f"{samples:,} draws" + (f", seed {seed}" if seed is not None else "")
            subtitle += f". {inputs}" if inputs else ""
            fig = plot_histogram(sim.totals, marks, heading, subtitle,
                                 _credit(scenario, params, contingents, select))  # fmt: skip
            save(fig, plot)

        def view(rows: Any, o: Any) -> None:
            from ..analysis.simulate import histogram
            from ..render.tables import simulate_table
            from ..scenarios.selection import applied

            given = [k for k, v in params.items() if v is not None]
            where = applied(name or "", contingents, given, select)
            simulate_table(
                rows, o, histogram(sim), (values[5.0], values[95.0]), sim.clipped, to, where
            )

        _year_notes(counted, scenario, params, contingents, select)  # all checked
        with output_stream(dest) as out:
            render([record], columns, fmt, out, table=view)


@app.command()
@param_options("dist")
def sensitivity(
    params: dict[str, str | None],
    select: Selection,
    scenario: ScenarioOpt = None,
    year: YearOpt = None,
    plot: PlotOpt = None,
    title: TitleOpt = None,
    rate: RateOpt = None,
    currency: CurrencyOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Which assumption matters most: each uncertain input at its 5th and 95th percentile.

    All other inputs sit at their medians; rows are sorted by swing, largest first.

    Example: revenue sensitivity --troops "8000 to 14000" --bonus "uniform(0,4000)"
    Example: revenue sensitivity --troops "8000 to 14000" --months "pert(6,10,12)" -f csv
    """
    from ..analysis.sensitivity import median_total, sensitivity_columns
    from ..analysis.sensitivity import sensitivity as tornado_rows
    from ..render.tables import tornado_table

    with user_errors_and_rates(rate) as rates:
        from ..core.currency import other_currency, with_currency
        from ..core.params import money_results

        distinct([("--output", output), ("--plot", plot)], [("--scenario", scenario)])
        dest, fmt = destination(output, fmt)
        to = other_currency(currency, rates)
        counted = parse_year(year)
        name, contingents = _uncertain(scenario, params, select, medians=True)
        if plot is not None:
            from ..inputs.distributions import quantities
            from ..render.charts import MAX_TORNADO, check_count, check_path

            check_path(plot)
            check_count(len(quantities(contingents)), MAX_TORNADO, "uncertain inputs",
                        "a tornado chart")  # fmt: skip
        found = tornado_rows(contingents, counted)
        columns = sensitivity_columns(found)
        rows, shown = with_currency(found, columns, to, money_results(columns))
        base = median_total(contingents, counted)
        if plot is not None:
            from ..render.charts import given_words, save, tornado

            called = _shown_name(scenario, name)
            heading = title or f"What moves the total most{f': {called}' if called else ''}"
            save(tornado(rows, base, heading, _credit(scenario, params, contingents, select),
                         given_words(params), _titles(scenario)), plot)  # fmt: skip
        _year_notes(counted, scenario, params, contingents, select)  # all checked
        with output_stream(dest) as out:
            from ..scenarios.selection import applied

            given = [k for k, v in params.items() if v is not None]
            where = applied(name or "", contingents, given, select)
            render(rows, shown, fmt, out, table=tornado_table(base, to, where))
