"""``revenue simulate``: the spread of the total when inputs are distributions."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any

import typer

from ..core.params import LATE_PARAMS, PARAMS
from ..errors import InputError
from ..render.files import distinct, is_stdout, output_stream
from ..render.formats import Format, render
from ..scenarios.selection import Selection
from .boundary import user_errors_and_rates
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
from .progress import PROGRESS_MIN_DRAWS, progress_bar
from .root import app
from .uncertain import (
    applied_to,
    chart_credit,
    median_year_notes,
    parse_correlations,
    parse_percentiles,
    shown_name,
    uncertain_contingents,
)


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
        name, contingents = uncertain_contingents(scenario, params, select)
        from ..analysis.simulate import check_draws

        check_draws(contingents, samples)
        if plot is not None:
            from ..render.charts import MAX_MARKS, check_count, check_path

            check_path(plot)
            check_count(len(qs), MAX_MARKS, "percentiles", "a histogram")
        from ..analysis.simulate import simulate, simulate_steps, summary
        from ..inputs.distributions import parse_param, quantities
        from ..render.samples import write_samples

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
            called = shown_name(scenario, name)
            heading = title or f"Simulated revenue{f': {called}' if called else ''}, USD a year"
            inputs = given_words(params)
            subtitle = f"{samples:,} draws" + (f", seed {seed}" if seed is not None else "")
            subtitle += f". {inputs}" if inputs else ""
            fig = plot_histogram(sim.totals, marks, heading, subtitle,
                                 chart_credit(scenario, params, contingents, select))  # fmt: skip
            save(fig, plot)

        def view(rows: Any, o: Any) -> None:
            from ..render.tables import simulate_table

            where = applied_to(name, contingents, params, select)
            simulate_table(rows, o, sim.totals, (values[5.0], values[95.0]), sim.clipped, to, where)

        median_year_notes(counted, scenario, params, contingents, select)  # all checked
        with output_stream(dest) as out:
            render([record], columns, fmt, out, table=view)
