"""Exceptions the library raises, and the exit codes the CLI maps them to."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, the same for every command."""

    OK = 0
    FAILURE = 1  # the model could not do what was asked (infeasible goal, unwritable file)
    USAGE = 2  # bad usage or invalid input, as typer.BadParameter gives
    INTERRUPTED = 130


class Named(str):
    """A parameter's name among an error's words (``max_rows``): the library's message says
    the name, the CLI spells it as the user types it (``--max-rows``, ``cli/boundary.spelled``)."""

    __slots__ = ()


class RevenueError(Exception):
    """Base class: a failure the CLI shows as one line on stderr, never as a traceback.

    Args:
        words: the message, in pieces: text, and ``Named`` parameter names, which the
            library's text shows as they are and the CLI spells as options.
        argument: the parameter the error is about (by default the first word, when it is
            ``Named``); None when it is about none in particular.
    """

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, *words: object, argument: str | None = None) -> None:
        self.words = words
        first = words[0] if words else None
        self.argument = argument if argument is not None or not isinstance(first, Named) else first
        super().__init__("".join(str(w) for w in words))


class InputError(RevenueError, ValueError):
    """A value the model does not accept; the message names where, and what is allowed."""

    exit_code = ExitCode.USAGE


class DeployedError(InputError):
    """More killed than were ever deployed: a contingent's ``killed`` above its ``troops x
    rotations`` (everyone who served in its year). Carries the numbers and where they came
    from; ``cli/boundary.deployed_message`` words it.

    Args:
        killed: the killed.
        troops: the troops deployed at once.
        rotations: the times a year they are replaced.
        origin: the scenario file (or built-in, or published estimate) the values come
            from; None when they come from options alone.
        index: the contingent's index in the file (``contingents[1]``).
        scenario: the scenario's name, where options changed a scenario's contingent.
        contingent: that contingent's label.
        given: the fields of the three that an option gave (``killed``), in that case.
        grid: whether the values are a point of a ``sweep`` grid (the first bad one).
    """

    def __init__(
        self,
        killed: int,
        troops: int,
        rotations: int,
        *,
        origin: str | None = None,
        index: int | None = None,
        scenario: str | None = None,
        contingent: str | None = None,
        given: tuple[str, ...] = (),
        grid: bool = False,
    ) -> None:
        self.killed, self.troops, self.rotations = killed, troops, rotations
        self.origin, self.index = origin, index
        self.scenario, self.contingent = scenario, contingent
        self.given, self.grid = given, grid
        super().__init__(
            f"killed: {killed} killed is more than the {self.deployed} ever deployed "
            f"(troops {troops} x rotations {rotations})"
        )

    @property
    def deployed(self) -> int:
        """Everyone ever deployed: troops x rotations."""
        return self.troops * self.rotations


class LimitError(InputError):
    """More than one of the ceilings the README's Limits section states, found before any
    work. Carries what was counted; ``cli/boundary.limit_message`` words it with the option
    to change.

    Args:
        what: what was counted (``"percentiles"``, ``"draws"``).
        count: how many were asked for.
        limit: the ceiling.
        chart: for a chart's ceiling, the chart (``"a histogram"``); None otherwise.
        samples: for the draws' ceiling, the samples asked for (``count`` is samples x
            ``quantities``).
        quantities: for the draws' ceiling, the uncertain quantities drawn (at least one).
        fix: for a chart's ceiling, how to ask for fewer (``"give fewer"``).
        detail: for a chart's ceiling, how the limit is made up (``": 6 panels of 8"``).
    """

    def __init__(
        self,
        what: str,
        count: int,
        limit: int,
        *,
        chart: str | None = None,
        samples: int = 0,
        quantities: int = 0,
        fix: str = "give fewer",
        detail: str = "",
    ) -> None:
        self.what, self.count, self.limit = what, count, limit
        self.chart, self.samples, self.quantities = chart, samples, quantities
        self.fix, self.detail = fix, detail
        where = f" for {chart}" if chart else ""
        super().__init__(f"{count:,} {what} is more than the {limit:,}{where} at most")


class InfeasibleError(RevenueError):
    """A goal (``solve``) that no valid parameter value reaches."""


class OutputError(RevenueError):
    """An output file could not be written."""


class MissingExtraError(RevenueError):
    """An optional dependency (such as the ``plot`` extra) is not installed."""
