"""Exceptions the library raises, and the exit codes the CLI maps them to."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, the same for every command."""

    OK = 0
    FAILURE = 1  # the model could not do what was asked (infeasible goal, unwritable file)
    USAGE = 2  # bad usage or invalid input, as typer.BadParameter gives
    INTERRUPTED = 130


class RevenueError(Exception):
    """Base class: a failure the CLI shows as one line on stderr, never as a traceback."""

    exit_code: ExitCode = ExitCode.FAILURE


class InputError(RevenueError, ValueError):
    """A value the model does not accept; the message names where, and what is allowed."""

    exit_code = ExitCode.USAGE


class InfeasibleError(RevenueError):
    """A goal (``solve``) that no valid parameter value reaches."""


class OutputError(RevenueError):
    """An output file could not be written."""


class MissingExtraError(RevenueError):
    """An optional dependency (such as the ``plot`` extra) is not installed."""
