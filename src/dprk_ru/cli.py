"""The ``revenue`` command line: parse options, call the library, render the result."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from .errors import ExitCode, RevenueError
from .grid import DEFAULT_MAX_ROWS
from .model import BONUS, COLUMNS, MONTHLY_PAY, MONTHS, STATE_SHARE, TROOPS, Param
from .model import estimate as estimate_contingent
from .output import Format, output_stream, render

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
    from rich.console import Console
    from rich.text import Text

    no_color = bool(os.environ.get("NO_COLOR"))
    Console(stderr=True, no_color=no_color, highlight=False, soft_wrap=True).print(
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


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"revenue {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """Estimate the foreign currency the DPRK earns by sending troops to Russia.

    Defaults reproduce the estimate that ISPI (Chang, 2025) reports from South Korea's NIS:
    10,000 soldiers at about $2,000 a month plus bonuses, about $260 million a year.
    """


@app.command()
def estimate(
    troops: TroopsOpt = None,
    monthly_pay: PayOpt = None,
    months: MonthsOpt = None,
    bonus: BonusOpt = None,
    state_share: ShareOpt = None,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
) -> None:
    """Estimate a year's revenue: troops x pay x months + troops x bonus, times the state share.

    Example: revenue estimate --troops 10000 --monthly-pay 2000 --format csv
    """
    from .params import contingent, parse_options

    with user_errors():
        given = {
            "troops": troops,
            "monthly_pay_usd": monthly_pay,
            "months": months,
            "bonus_usd": bonus,
            "state_share": state_share,
        }
        result = estimate_contingent(contingent(parse_options(given)))
        from .views import estimate_table

        with output_stream(output) as out:
            render([result.record()], COLUMNS, fmt, out, table=estimate_table)


_GRID_HELP = " Takes a value, a list A,B,C or an inclusive range START:STOP:STEP, or a mix."
TroopsGrid = Annotated[str | None, _param_option(TROOPS, _GRID_HELP, "VALUES")]
PayGrid = Annotated[str | None, _param_option(MONTHLY_PAY, _GRID_HELP, "VALUES")]
MonthsGrid = Annotated[str | None, _param_option(MONTHS, _GRID_HELP, "VALUES")]
BonusGrid = Annotated[str | None, _param_option(BONUS, _GRID_HELP, "VALUES")]
ShareGrid = Annotated[str | None, _param_option(STATE_SHARE, _GRID_HELP, "VALUES")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar on stderr.")]


@app.command()
def sweep(
    troops: TroopsGrid = None,
    monthly_pay: PayGrid = None,
    months: MonthsGrid = None,
    bonus: BonusGrid = None,
    state_share: ShareGrid = None,
    max_rows: Annotated[
        int,
        typer.Option(
            "--max-rows", min=1, help="Refuse grids with more rows than this.", metavar="N"
        ),
    ] = DEFAULT_MAX_ROWS,
    fmt: FormatOpt = Format.auto,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Evaluate the model over a grid of parameter values, streaming one row per point.

    The grid is the cartesian product of the values, parameters in the model's order
    (troops, monthly pay, months, bonus, state share) with the last one varying fastest.

    Example: revenue sweep --troops 5000:20000:5000 --monthly-pay 1500,2000,2500 > grid.csv
    """
    from .sweeping import run_sweep

    given = {
        "troops": troops,
        "monthly_pay_usd": monthly_pay,
        "months": months,
        "bonus_usd": bonus,
        "state_share": state_share,
    }
    with user_errors():
        run_sweep(given, max_rows=max_rows, fmt=fmt, output=output, quiet=quiet)


@app.command()
def sources(fmt: FormatOpt = Format.auto, output: OutputOpt = None) -> None:
    """Show where each number comes from: every default and reference, stated or derived.

    Example: revenue sources --format json
    """
    from .sources import all_figures
    from .views import sources_table

    columns = ("key", "label", "value", "unit", "kind", "source", "url", "quote", "reasoning")
    with user_errors(), output_stream(output) as out:
        render([f.record() for f in all_figures()], columns, fmt, out, table=sources_table)


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
