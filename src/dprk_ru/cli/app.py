"""The ``revenue`` Typer app, its root options and the console-script entry point."""

from __future__ import annotations

import os
import sys
from typing import Annotated, NoReturn

import typer

from ..errors import ExitCode
from .boundary import silence_stdout

app = typer.Typer(
    name="revenue",
    help="Estimate the foreign currency the DPRK earns by sending troops and workers to Russia.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from ..core.version import version

        typer.echo(f"revenue {version()}")
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


def main() -> NoReturn:
    """Console-script entry point: runs the app; a closed pipe ends it quietly."""
    try:
        app()
    except BrokenPipeError:
        silence_stdout()
        sys.exit(141)
    except KeyboardInterrupt:
        sys.exit(int(ExitCode.INTERRUPTED))
    sys.exit(0)
