"""The CLI boundary: library errors become one line on stderr and an exit code, here only."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

import typer

from ..errors import InputError, RevenueError
from ..render.files import all_or_nothing
from ..render.formats import no_color


def error_line(message: str) -> None:
    """One line on stderr: plain text off a terminal or with NO_COLOR, red "Error:" else."""
    if sys.stderr is None:  # closed (2>&-): the exit code is all that can be said
        return
    if no_color() or not sys.stderr.isatty():
        sys.stderr.write(f"Error: {message}\n")
        return
    from rich.console import Console
    from rich.text import Text

    Console(stderr=True, highlight=False, soft_wrap=True).print(
        Text("Error: ", style="bold red") + Text(message)
    )


def note_line(message: str) -> None:
    """One line on stderr telling the user how an input was read (never data, never colour)."""
    sys.stderr.write(f"Note: {message}\n")


def silence_stdout() -> None:
    """Point stdout at devnull, so that Python's flush at exit cannot fail on a closed pipe."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn library errors into one line on stderr and their exit code; the files the block
    writes are all renamed into place when it succeeds, or all removed (``all_or_nothing``)."""
    try:
        with all_or_nothing():
            yield
    except RevenueError as e:
        error_line(str(e))
        raise typer.Exit(int(e.exit_code)) from None
    except MemoryError:
        # The library names what ran out where it can (simulate's samples); this is the rest.
        error_line("out of memory")
        raise typer.Exit(int(RevenueError.exit_code)) from None
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as a killed-by-SIGPIPE tool would.
        silence_stdout()
        raise typer.Exit(141) from None


@contextlib.contextmanager
def with_rates(rate: list[str] | None) -> Iterator[None]:
    """``user_errors`` and, inside it, the ``--rate`` values in force for conversions, and a
    record of the conversions made (which the table views show, with their rates)."""
    from ..core.currency import given_rates, parse_rates, recording

    with user_errors(), recording():
        if not rate:
            yield
            return
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
