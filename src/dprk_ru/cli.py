"""The ``revenue`` command line: parse options, call the library, render the result."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from .errors import ExitCode, InputError, RevenueError
from .model import (
    BONUS,
    COLUMNS,
    DEATH_PAYMENT,
    DEFAULT_MAX_ROWS,
    KILLED,
    MONTHLY_PAY,
    MONTHS,
    ROTATIONS,
    STATE_SHARE,
    TROOPS,
    Param,
)
from .model import estimate as estimate_contingent
from .output import Format, no_color, output_stream, render

app = typer.Typer(
    name="revenue",
    help="Estimate the foreign currency the DPRK earns by sending troops and workers to Russia.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _param_option(param: Param, extra: str = "", metavar: str = "NUMBER") -> Any:
    from .model import fmt_plain

    default = fmt_plain(param.default)
    return typer.Option(
        param.option,
        help=f"{param.help} Allowed: {param.allowed()}.{extra} \\[default: {default}]",
        show_default=False,
        metavar=metavar,
    )


TroopsOpt = Annotated[str | None, _param_option(TROOPS)]
PayOpt = Annotated[str | None, _param_option(MONTHLY_PAY)]
MonthsOpt = Annotated[str | None, _param_option(MONTHS)]
BonusOpt = Annotated[str | None, _param_option(BONUS)]
ShareOpt = Annotated[str | None, _param_option(STATE_SHARE)]
RotationsOpt = Annotated[str | None, _param_option(ROTATIONS)]
KilledOpt = Annotated[str | None, _param_option(KILLED)]
DeathPayOpt = Annotated[str | None, _param_option(DEATH_PAYMENT)]
FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="Output format; auto is a table on a terminal and CSV when piped.",
        case_sensitive=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the data to FILE (atomically) instead of stdout.",
        dir_okay=False,
        metavar="FILE",
    ),
]


def _error(message: str) -> None:
    """One line on stderr: plain text off a terminal or with NO_COLOR, red "Error:" else."""
    if no_color() or not sys.stderr.isatty():
        sys.stderr.write(f"Error: {message}\n")
        return
    from rich.console import Console
    from rich.text import Text

    Console(stderr=True, highlight=False, soft_wrap=True).print(
        Text("Error: ", style="bold red") + Text(message)
    )


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn library errors into one line on stderr and their exit code."""
    try:
        yield
    except RevenueError as e:
        _error(str(e))
        raise typer.Exit(int(e.exit_code)) from None
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as a killed-by-SIGPIPE tool would.
        _silence_stdout()
        raise typer.Exit(141) from None


RateOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rate",
        help="Exchange rate for money given with a currency code, as units per US dollar "
        "(repeatable), e.g. --rate RUB=87.0. RUB defaults to the sourced 2025 average (83.3).",
        metavar="CODE=RATE",
    ),
]


@contextlib.contextmanager
def with_rates(rate: list[str] | None) -> Iterator[None]:
    """``user_errors`` and, inside it, the ``--rate`` values in force for conversions."""
    with user_errors():
        if not rate:
            yield
            return
        from .currency import given_rates, parse_rates

        with given_rates(parse_rates(rate)):
            yield


@contextlib.contextmanager
def naming(option: str) -> Iterator[None]:
    """Put the option's name in front of an input error that does not name one already."""
    try:
        yield
    except InputError as e:
        if str(e).startswith("--"):
            raise
        raise InputError(f"{option}: {e}") from None


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"revenue {__version__}")
        raise typer.Exit()


def _no_color(value: bool) -> None:
    if value:
        os.environ["NO_COLOR"] = "1"  # honoured by rich everywhere, help and errors included


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
    color: Annotated[
        bool,
        typer.Option(
            "--no-color",
            callback=_no_color,
            is_eager=True,
            help="No colour or styles (as NO_COLOR=1 does).",
        ),
    ] = False,  # fmt: skip
) -> None:
    """Estimate the foreign currency the DPRK earns by sending troops to Russia.

    Defaults reproduce the estimate that ISPI (Chang, 2025) reports from South Korea's NIS:
    10,000 soldiers at about $2,000 a month plus bonuses, about $260 million a year.
    """


ScenarioOpt = Annotated[
    str | None,
    typer.Option(
        "--scenario",
        "-s",
        help="A built-in scenario (see `revenue scenarios`) or a scenario TOML file. "
        "Parameter options given beside it apply to every contingent.",
        metavar="NAME|FILE",
    ),
]


YearOpt = Annotated[
    str | None,
    typer.Option(
        "--year",
        help="For dated contingents (start/end): count the months deployed in this year, and "
        "the bonus if they start in it. Default: the current year.",
        metavar="YYYY",
    ),
]


def _year(text: str | None) -> int | None:
    from .dates import parse_year

    return None if text is None else parse_year(text)


def _given(*values: str | None) -> dict[str, str | None]:
    """The parameter options, by field name, in ``PARAMS`` order."""
    from .model import PARAMS

    return dict(zip((p.name for p in PARAMS), values, strict=True))


def _estimate_table(rows: Any, out: Any) -> None:
    from .views import estimate_table

    estimate_table(rows, out)


@app.command()
def estimate(
    troops: TroopsOpt = None,
    monthly_pay: PayOpt = None,
    months: MonthsOpt = None,
    bonus: BonusOpt = None,
    state_share: ShareOpt = None,
    rotations: RotationsOpt = None,
    killed: KilledOpt = None,
    death_payment: DeathPayOpt = None,
    scenario: ScenarioOpt = None,
    year: YearOpt = None,
    rate: RateOpt = None,
    currency: Annotated[
        str | None,
        typer.Option(
            "--currency",
            help="Also show the money results in this currency, at "
            "its --rate (e.g. --currency KRW --rate KRW=1390).",
            metavar="CODE",
        ),
    ] = None,  # fmt: skip
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Run a published estimate's assumptions (see `revenue published`) as a scenario.",
            metavar="ID",
        ),
    ] = None,  # fmt: skip
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Estimate a year's revenue: troops x pay x months + troops x bonus, times the state share.

    With --scenario, one record per contingent, then (with several) a `total` record.

    Example: revenue estimate --troops 10000 --monthly-pay 2000 --format csv
    """
    from .params import parse_options

    given = _given(
        troops, monthly_pay, months, bonus, state_share, rotations, killed, death_payment
    )
    with with_rates(rate):
        if scenario is not None and published is not None:
            raise InputError("--published: give either --scenario or --published, not both")
        code = None
        if currency is not None:
            from .currency import parse_code

            code = parse_code(currency)
        counted = _year(year)  # checked even when nothing is dated
        if scenario is None and published is None:
            from .model import Inputs

            inputs = Inputs(**parse_options(given))  # type: ignore[arg-type]
            records = [estimate_contingent(inputs).record()]
            columns: tuple[str, ...] = COLUMNS
        else:
            from .params import scenario_from_options
            from .scenario import estimate_scenario

            option, ref = (
                ("--scenario", scenario)
                if published is None
                else ("--published", f"published:{published}")
            )
            with naming(option):
                chosen = scenario_from_options(ref, given)
            result = estimate_scenario(chosen, counted)
            records, columns = result.records(), result.columns
        if code is not None:
            from .currency import with_currency

            records, columns = with_currency(records, columns, code)
        with output_stream(output) as out:
            render(records, columns, fmt, out, table=_estimate_table)


scenarios_app = typer.Typer(
    help="List the built-in scenarios, or show one as TOML.", no_args_is_help=False
)
app.add_typer(scenarios_app, name="scenarios")


@scenarios_app.callback(invoke_without_command=True)
def scenarios(ctx: typer.Context, fmt: FormatOpt = Format.auto, output: OutputOpt = None) -> None:
    """List the built-in scenarios with their troops and totals.

    Example: revenue scenarios; revenue scenarios show kursk-2024 > mine.toml
    """
    if ctx.invoked_subcommand is not None:
        return
    from .scenario import builtin_names, estimate_scenario, load_scenario

    columns = ("scenario", "contingents", "troops", "total_usd", "description")
    with user_errors():
        rows = []
        for name in builtin_names(dated=True):
            s = load_scenario(name)
            e = estimate_scenario(s)
            rows.append(
                {
                    "scenario": name,
                    "contingents": len(s.contingents),
                    "troops": e.troops,
                    "total_usd": e.total_usd,
                    "description": s.description,
                }
            )
        with output_stream(output) as out:
            render(rows, columns, fmt, out)


@scenarios_app.command("show")
def scenarios_show(
    name: Annotated[str, typer.Argument(help="A built-in scenario name or a scenario file.")],
    output: OutputOpt = None,
) -> None:
    """Print a scenario as TOML, ready to copy and edit.

    Example: revenue scenarios show shoigu-2025 > my-scenario.toml
    """
    from .scenario import BUILTINS, builtin_text, load_scenario, to_toml

    with user_errors():
        with naming("NAME"):
            text = builtin_text(name) if name in BUILTINS else to_toml(load_scenario(name))
        with output_stream(output) as out:
            out.write(text)


RefOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--vs",
        help="A reference figure to measure against (repeatable); `revenue sources` lists "
        "them. Default: the article's China export figures for 2016, 2018 and 2020.",
        metavar="REF",
    ),
]


@app.command()
def compare(
    scenarios: Annotated[
        list[str] | None,
        typer.Argument(
            help="Scenario names or TOML files; default: all built-ins.",
            metavar="[SCENARIO]...",
            show_default=False,
        ),
    ] = None,
    vs: RefOpt = None,
    year: YearOpt = None,
    plot: PlotOpt = None,
    rate: RateOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Tabulate scenarios side by side against reference revenue streams.

    delta_usd is the difference from the first scenario; each vs_<reference> column is the
    scenario's total divided by that reference (rounded half up to 4 places).

    Example: revenue compare article-baseline kursk-2024 --vs china-exports-2016
    """
    from .comparison import compare as compare_rows
    from .comparison import compare_columns
    from .scenario import builtin_names, estimate_scenario, load_scenario
    from .sources import DEFAULT_REFERENCES, reference
    from .views import compare_table

    with with_rates(rate):
        with naming("--vs"):
            refs = [reference(r) for r in (vs or DEFAULT_REFERENCES)]
        counted = _year(year)
        with naming("SCENARIO"):
            chosen = [load_scenario(s) for s in (scenarios or builtin_names())]
        estimates = [estimate_scenario(s, counted) for s in chosen]
        rows = compare_rows(estimates, refs)
        if plot is not None:
            from .charts import bars, check_path

            check_path(plot)
            names = [r["scenario"] for r in rows]
            totals = [float(r["total_usd"]) for r in rows]
            lines = {r.key: float(r.value) for r in refs}
            bars(plot, names, totals, lines, "Revenue by scenario, USD a year")
        with output_stream(output) as out:
            dated = any(e.year is not None for e in estimates)
            render(rows, compare_columns(refs, dated), fmt, out, table=compare_table(refs))


@app.command()
def solve(
    solve_for: Annotated[
        str,
        typer.Option(
            "--for",
            help="The parameter to solve for: troops, monthly-pay, months, bonus or state-share.",
            metavar="PARAMETER",
        ),
    ],
    target: Annotated[
        str,
        typer.Option(
            "--target",
            help="The total to reach, in USD (2600000000, 2.6B, 260M) or a reference "
            "figure (china-exports-2016).",
            metavar="AMOUNT|REFERENCE",
        ),
    ],
    troops: TroopsOpt = None,
    monthly_pay: PayOpt = None,
    months: MonthsOpt = None,
    bonus: BonusOpt = None,
    state_share: ShareOpt = None,
    rotations: RotationsOpt = None,
    killed: KilledOpt = None,
    death_payment: DeathPayOpt = None,
    scenario: ScenarioOpt = None,
    rate: RateOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Goal seek: the value of one parameter that makes the total reach a target.

    The solved value is rounded up so the target is reached: troops to a whole soldier,
    money to the cent, months to 0.01, the state share to 0.0001.

    Example: revenue solve --for troops --target china-exports-2016
    """
    from .goalseek import SOLVABLE, parse_target
    from .goalseek import solve as solve_goal
    from .model import usd
    from .params import scenario_from_options
    from .scenario import SCENARIO_COLUMNS
    from .views import solve_table

    given = _given(
        troops, monthly_pay, months, bonus, state_share, rotations, killed, death_payment
    )
    with with_rates(rate):
        if solve_for not in SOLVABLE:
            raise InputError(f"--for: expected one of {', '.join(SOLVABLE)}, got {solve_for!r}")
        parameter = SOLVABLE[solve_for]
        if given[parameter] is not None:
            raise InputError(f"--for {solve_for}: do not also give --{solve_for}")
        amount, ref = parse_target(target)
        with naming("--scenario"):
            chosen = scenario_from_options(scenario, given)
        solution = solve_goal(chosen, parameter, amount)
        extra = {"solve_for": parameter, "target_usd": usd(amount), "target": ref or ""}
        records = [{**extra, **r} for r in solution.estimate.records()]
        columns: tuple[str, ...] = ("solve_for", "target_usd", *SCENARIO_COLUMNS)
        if scenario is None:
            columns = ("solve_for", "target_usd", *COLUMNS)
            records = [{c: r[c] for c in (*columns, "target")} for r in records]
        with output_stream(output) as out:
            render(records, columns, fmt, out, table=solve_table)


PlotOpt = Annotated[
    Path | None,
    typer.Option(
        "--plot", help="Also draw a chart to FILE.png or FILE.svg (needs the plot extra).",
        metavar="FILE", dir_okay=False,
    ),
]  # fmt: skip


_GRID_HELP = " Takes a value, a list A,B,C or an inclusive range START:STOP:STEP, or a mix."
TroopsGrid = Annotated[str | None, _param_option(TROOPS, _GRID_HELP, "VALUES")]
PayGrid = Annotated[str | None, _param_option(MONTHLY_PAY, _GRID_HELP, "VALUES")]
MonthsGrid = Annotated[str | None, _param_option(MONTHS, _GRID_HELP, "VALUES")]
BonusGrid = Annotated[str | None, _param_option(BONUS, _GRID_HELP, "VALUES")]
ShareGrid = Annotated[str | None, _param_option(STATE_SHARE, _GRID_HELP, "VALUES")]
RotationsGrid = Annotated[str | None, _param_option(ROTATIONS, _GRID_HELP, "VALUES")]
KilledGrid = Annotated[str | None, _param_option(KILLED, _GRID_HELP, "VALUES")]
DeathPayGrid = Annotated[str | None, _param_option(DEATH_PAYMENT, _GRID_HELP, "VALUES")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar on stderr.")]


@app.command()
def sweep(
    troops: TroopsGrid = None,
    monthly_pay: PayGrid = None,
    months: MonthsGrid = None,
    bonus: BonusGrid = None,
    state_share: ShareGrid = None,
    rotations: RotationsGrid = None,
    killed: KilledGrid = None,
    death_payment: DeathPayGrid = None,
    max_rows: Annotated[
        int,
        typer.Option(
            "--max-rows", min=1, help="Refuse grids with more rows than this.", metavar="N"
        ),
    ] = DEFAULT_MAX_ROWS,
    rate: RateOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    plot: PlotOpt = None,
) -> None:
    """Evaluate the model over a grid of parameter values, streaming one row per point.

    The grid is the cartesian product of the values, parameters in the model's order
    (troops, monthly pay, months, bonus, state share) with the last one varying fastest.

    Example: revenue sweep --troops 5000:20000:5000 --monthly-pay 1500,2000,2500 > grid.csv
    """
    from .sweeping import run_sweep

    given = _given(
        troops, monthly_pay, months, bonus, state_share, rotations, killed, death_payment
    )
    with with_rates(rate):
        run_sweep(given, max_rows=max_rows, fmt=fmt, output=output, quiet=quiet, plot=plot)


_DIST_HELP = (
    " Or a distribution: 'A to B' (90% interval), uniform(A,B), normal(MEAN,SD),"
    " lognormal(MU,SIGMA), triangular(MIN,MODE,MAX), pert(MIN,MODE,MAX)."
)
TroopsDist = Annotated[str | None, _param_option(TROOPS, _DIST_HELP, "DIST")]
PayDist = Annotated[str | None, _param_option(MONTHLY_PAY, _DIST_HELP, "DIST")]
MonthsDist = Annotated[str | None, _param_option(MONTHS, _DIST_HELP, "DIST")]
BonusDist = Annotated[str | None, _param_option(BONUS, _DIST_HELP, "DIST")]
ShareDist = Annotated[str | None, _param_option(STATE_SHARE, _DIST_HELP, "DIST")]
RotationsDist = Annotated[str | None, _param_option(ROTATIONS, _DIST_HELP, "DIST")]
KilledDist = Annotated[str | None, _param_option(KILLED, _DIST_HELP, "DIST")]
DeathPayDist = Annotated[str | None, _param_option(DEATH_PAYMENT, _DIST_HELP, "DIST")]


def _uncertain(scenario: str | None, given: dict[str, str | None]) -> tuple[str | None, Any]:
    from .distributions import uncertain_from_options, uncertain_from_scenario

    if scenario is None:
        return None, uncertain_from_options(given)
    with naming("--scenario"):
        return uncertain_from_scenario(scenario, given)


@app.command()
def simulate(
    troops: TroopsDist = None,
    monthly_pay: PayDist = None,
    months: MonthsDist = None,
    bonus: BonusDist = None,
    state_share: ShareDist = None,
    rotations: RotationsDist = None,
    killed: KilledDist = None,
    death_payment: DeathPayDist = None,
    scenario: ScenarioOpt = None,
    samples: Annotated[
        int, typer.Option("--samples", "-n", min=1, max=10_000_000, help="Number of draws.")
    ] = 100_000,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            max=2**63 - 1,
            help="Random seed: the same seed gives the same output, byte for byte. "
            "Default: a fresh seed, printed in the output.",
        ),
    ] = None,  # fmt: skip
    percentiles: Annotated[
        str, typer.Option("--percentiles", help="Percentiles of the total to report.")
    ] = "5,25,50,75,95",
    correlate: Annotated[
        list[str] | None,
        typer.Option(
            "--correlate",
            metavar="A:B=RHO",
            help="Spearman rank correlation between two uncertain parameters "
            "(repeatable), e.g. troops:monthly_pay=-0.4.",
        ),
    ] = None,  # fmt: skip
    samples_out: Annotated[
        Path | None,
        typer.Option(
            "--samples-out",
            metavar="FILE",
            dir_okay=False,
            help="Write every draw to FILE as CSV, with the estimate columns.",
        ),
    ] = None,  # fmt: skip
    plot: PlotOpt = None,
    rate: RateOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Monte Carlo: the spread of the total when inputs are distributions.

    Example: revenue simulate --troops "8000 to 14000" --monthly-pay "1500 to 2500" --seed 1
    """
    from .model import PARAMS

    given = _given(
        troops, monthly_pay, months, bonus, state_share, rotations, killed, death_payment
    )
    with with_rates(rate):
        from .sampling import parse_correlations, parse_percentiles

        qs = parse_percentiles(percentiles)
        corr = parse_correlations(correlate or [])
        name, contingents = _uncertain(scenario, given)
        if plot is not None:
            from .charts import check_path

            check_path(plot)
        from .sampling import simulate, summary, write_samples

        sim = simulate(contingents, samples, seed, corr)
        record: dict[str, Any] = {"scenario": name} if name else {}
        for p in PARAMS:
            text = given[p.name]
            record[p.name] = text if text is not None else ("" if name else str(p.default))
        # One pass over the draws for every percentile, the 5th and 95th for the table included.
        wanted = sorted({*qs, 5.0, 95.0})
        values = dict(zip(wanted, sim.percentiles(wanted), strict=True))
        record.update(summary(sim, qs, values))
        columns = tuple(record)
        if plot is not None:
            from .charts import histogram as plot_histogram

            marks = {f"p{q:g}": values[q] for q in qs}
            title = f"Simulated revenue{f' ({name})' if name else ''}, {samples:,} samples"
            plot_histogram(plot, sim.totals, marks, title)
        if samples_out is not None:
            with output_stream(samples_out) as f:
                write_samples(sim, f)

        def view(rows: Any, o: Any) -> None:
            from .sampling import histogram
            from .views import simulate_table

            simulate_table(rows, o, histogram(sim), (values[5.0], values[95.0]), sim.clipped)

        with output_stream(output) as out:
            render([record], columns, fmt, out, table=view)


@app.command()
def sensitivity(
    troops: TroopsDist = None,
    monthly_pay: PayDist = None,
    months: MonthsDist = None,
    bonus: BonusDist = None,
    state_share: ShareDist = None,
    rotations: RotationsDist = None,
    killed: KilledDist = None,
    death_payment: DeathPayDist = None,
    scenario: ScenarioOpt = None,
    plot: PlotOpt = None,
    rate: RateOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Which assumption matters most: each uncertain input at its 5th and 95th percentile.

    All other inputs sit at their medians; rows are sorted by swing, largest first.

    Example: revenue sensitivity --troops "8000 to 14000" --bonus "uniform(0,4000)"
    """
    from .tornado import median_total
    from .tornado import sensitivity as tornado_rows
    from .views import tornado_table

    given = _given(
        troops, monthly_pay, months, bonus, state_share, rotations, killed, death_payment
    )
    columns = ("parameter", "low", "high", "total_at_low_usd", "total_at_high_usd", "swing_usd")
    with with_rates(rate):
        name, contingents = _uncertain(scenario, given)
        if plot is not None:
            from .charts import check_path

            check_path(plot)
        rows = tornado_rows(contingents)
        base = median_total(contingents)
        if plot is not None:
            from .charts import tornado

            tornado(plot, rows, base, f"Sensitivity of the total{f' ({name})' if name else ''}")
        with output_stream(output) as out:
            render(rows, columns, fmt, out, table=tornado_table(base))


@app.command()
def timeline(
    scenario: ScenarioOpt = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", help="First month, YYYY-MM. Default: the first start.", metavar="YYYY-MM"
        ),
    ] = None,  # fmt: skip
    end: Annotated[
        str | None,
        typer.Option(
            "--to", help="Last month, YYYY-MM. Default: the current month.", metavar="YYYY-MM"
        ),
    ] = None,  # fmt: skip
    plot: PlotOpt = None,
    rate: RateOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Follow dated deployments month by month, with revenue to date.

    Each month a contingent is deployed it earns troops x monthly pay x state share; its
    bonus is paid in its first month. Default scenario: deployments-2024-2025.

    Example: revenue timeline --from 2024-11 --to 2025-12
    """
    from .dates import parse_month
    from .monthly import TIMELINE_COLUMNS, starts
    from .monthly import timeline as follow
    from .scenario import DATED_BUILTINS, load_scenario
    from .views import timeline_table

    with with_rates(rate):
        first = None if start is None else parse_month(start, "--from")
        last = None if end is None else parse_month(end, "--to")
        if plot is not None:
            from .charts import check_path

            check_path(plot)
        with naming("--scenario"):
            chosen = load_scenario(scenario or DATED_BUILTINS[0])
        rows = follow(chosen, first, last)
        if plot is not None:
            from .charts import timeline as plot_timeline

            plot_timeline(plot, [r["month"] for r in rows],
                          [float(r["cumulative_usd"]) for r in rows], starts(chosen),
                          f"Revenue to date: {chosen.name}")  # fmt: skip
        with output_stream(output) as out:
            render(rows, TIMELINE_COLUMNS, fmt, out, table=timeline_table(chosen.name))


@app.command()
def published(
    rate: RateOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Published estimates, each recomputed from its own stated assumptions, with a verdict.

    Run one with `revenue estimate --published ID`; `revenue compare` takes the ids too.

    Example: revenue published --format csv
    """
    from .published import PUBLISHED_COLUMNS, rows
    from .views import published_table

    with with_rates(rate):
        records = rows()
        with output_stream(output) as out:
            render(records, PUBLISHED_COLUMNS, fmt, out, table=published_table)


@app.command()
def sources(fmt: FormatOpt = Format.auto, output: OutputOpt = None) -> None:
    """Show where each number comes from: every default and reference, stated or derived.

    Example: revenue sources --format json
    """
    from .sources import all_figures
    from .views import sources_table

    columns = ("key", "label", "value", "unit", "kind", "source", "url", "quote", "reasoning")
    with user_errors():
        from .scenario import DATED_BUILTINS
        from .sources import scenario_records

        rows = [f.record() for f in all_figures()]
        for name in DATED_BUILTINS:
            rows += scenario_records(name)
        with output_stream(output) as out:
            render(rows, columns, fmt, out, table=sources_table)


def main() -> NoReturn:
    """Console-script entry point: runs the app; a closed pipe ends it quietly."""
    try:
        app()
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(141)
    except KeyboardInterrupt:
        sys.exit(int(ExitCode.INTERRUPTED))
    sys.exit(0)


def _silence_stdout() -> None:
    # Python flushes stdout at exit; point it at devnull so that flush cannot fail again.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
