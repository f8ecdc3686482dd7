"""The ``revenue`` Typer app, its root options and the console-script entry point."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Annotated, Any, Final, NoReturn, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from ..errors import ExitCode
from ..render.console import no_color
from .boundary import (
    UsageLine,
    error_line,
    extra_arguments,
    silence_stdout,
    unknown_command,
    usage_message,
)

HELP = ["-h", "--help"]
F = TypeVar("F", bound=Callable[..., Any])


@contextlib.contextmanager
def _plain_if_asked() -> Iterator[None]:
    """Help without a single escape code under ``NO_COLOR`` or ``--no-color`` (which sets
    it): rich alone would still send bold and dim, but writes none at all to a terminal
    whose ``TERM`` is ``dumb`` (rich's documented switch), so help is drawn as for one."""
    if not no_color():
        yield
        return
    term = os.environ.get("TERM")
    os.environ["TERM"] = "dumb"
    try:
        yield
    finally:
        if term is None:
            del os.environ["TERM"]
        else:
            os.environ["TERM"] = term


def _reflow(text: str | None) -> str | None:
    """Help text with each paragraph on one line, for rich to wrap to the screen: a
    docstring's line breaks fall mid-sentence. An ``Example:`` line keeps its own line."""
    if not text:
        return text
    paragraphs = []
    for paragraph in text.split("\n\n"):
        lines: list[str] = []
        for line in paragraph.strip().splitlines():
            if lines and not line.lstrip().startswith("Example"):
                lines[-1] += " " + line.strip()
            else:
                lines.append(line.strip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _tidy(command: Any) -> None:
    """Help as users read it, for ``command`` and every subcommand: paragraphs reflowed,
    and no ``<bool>`` beside a flag (a flag takes no value)."""
    command.help = _reflow(command.help)
    # Click makes -h/--help when help is first shown, from the context; make it now.
    help_option = command.get_help_option(typer.Context(command, help_option_names=HELP))
    for param in [*command.params, help_option]:
        if getattr(param, "is_flag", False):
            param.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        _tidy(sub)


class RevenueCommand(TyperCommand):
    """Every command: help obeys ``NO_COLOR``; arguments left over after its parameters
    are one of our usage lines; Click's parser errors carry the context they arose in."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        allowed, ctx.allow_extra_args = ctx.allow_extra_args, True
        try:
            rest: list[str] = super().parse_args(ctx, list(args))
        except typer.TyperException as e:  # a parser error: which command's options it met
            if getattr(e, "ctx", None) is None:
                e.ctx = ctx  # type: ignore[attr-defined]
            raise
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise UsageLine(extra_arguments(rest, args, ctx))
        return rest

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with _plain_if_asked():
            super().format_help(ctx, formatter)


class PlainUsage(RevenueCommand):
    """A command whose usage line names a required argument as the README writes it,
    ``NAME``, where Typer writes ``{NAME}`` (given as ``cls=`` to the command)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [
            p[1:-1] if p.startswith("{") and p.endswith("}") else p
            for p in super().collect_usage_pieces(ctx)
        ]


class RevenueGroup(TyperGroup):
    """The root command and its groups: every usage error becomes one line on stderr and
    exit 2, and help obeys ``NO_COLOR``, whether run as ``revenue`` or through Typer's
    ``CliRunner``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            # `revenue` alone: the help, and Click's usage exit code.
            typer.echo(ctx.get_help(), nl=False)
            raise typer.Exit(int(ExitCode.USAGE))
        rest: list[str] = super().parse_args(ctx, args)
        return rest

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0]
        if not ctx.resilient_parsing and not name.startswith("-"):
            if self.get_command(ctx, name) is None:
                raise UsageLine(unknown_command(name, ctx))
        return super().resolve_command(ctx, args)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        with _plain_if_asked():
            super().format_help(ctx, formatter)

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        _tidy(self)  # here, not in __init__: Typer adds the completion options after it
        try:
            # `python -m dprk_ru` is `revenue` too: its usage lines and completion script.
            name = prog_name or "revenue"
            result = super().main(given, name, complete_var, standalone_mode=False, **extra)
        except UsageLine as e:
            if not standalone_mode:
                raise
            error_line(str(e))
            sys.exit(int(ExitCode.USAGE))
        except typer.TyperException as e:  # Click's usage errors, as Typer vendors them
            if not standalone_mode:
                raise
            error_line(usage_message(e, given))
            sys.exit(int(getattr(e, "exit_code", ExitCode.USAGE)))
        except typer.Abort:
            if not standalone_mode:
                raise
            error_line("aborted")
            sys.exit(int(ExitCode.FAILURE))
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


class RevenueTyper(typer.Typer):
    """A Typer app whose commands are ``RevenueCommand`` unless given another ``cls``."""

    def command(self, *args: Any, cls: Any = None, **kwargs: Any) -> Callable[[F], F]:
        decorate: Callable[[F], F] = super().command(*args, cls=cls or RevenueCommand, **kwargs)
        return decorate


app = RevenueTyper(
    name="revenue",
    cls=RevenueGroup,
    help="Estimate the foreign currency the DPRK earns by sending troops and workers to Russia.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": HELP},
)


def _version(value: bool) -> None:
    if value:
        from ..core.version import version

        try:
            typer.echo(f"revenue {version()}")
        except BrokenPipeError:
            silence_stdout()
            raise typer.Exit(141) from None
        raise typer.Exit()


def _no_color(value: bool) -> None:
    if value:
        os.environ["NO_COLOR"] = "1"  # honoured by our consoles, and help: _plain_if_asked


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
    color: Annotated[
        bool,
        typer.Option(
            "--no-color",
            callback=_no_color,
            is_eager=True,
            help="No colour or styles (as NO_COLOR=1 does).",
        ),
    ] = False,
) -> None:
    """Estimate the foreign currency the DPRK earns by sending troops to Russia.

    Defaults reproduce the estimate that ISPI (Chang, 2025) reports from South Korea's NIS:
    10,000 soldiers at about $2,000 a month plus bonuses, about $260 million a year.
    """
    usable_columns()


#: The narrowest screen a table view or help is laid out for; a COLUMNS below it (0, 1) is
#: taken as unset rather than emptying or garbling every view.
MIN_COLUMNS = 20


def usable_columns() -> None:
    """Forget a ``COLUMNS`` that is not a width a view can use (so the terminal's or the
    default width applies)."""
    text = os.environ.get("COLUMNS")
    if text is not None and not (text.strip().isdigit() and int(text) >= MIN_COLUMNS):
        del os.environ["COLUMNS"]


class Signalled(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C does, so that temporary files go."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


#: Signals that end a run cleanly (SIGINT is Python's KeyboardInterrupt). SIGKILL cannot be
#: caught: a run killed by it may leave its temporary file behind.
SIGNALS: Final = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _on_signal(signum: int, _frame: object) -> None:
    for s in SIGNALS:  # a second signal must not interrupt the clean-up
        signal.signal(s, signal.SIG_IGN)
    raise Signalled(signum)


def _reserve_closed_fds() -> None:
    """Put /dev/null on a closed fd 0, 1 or 2, so that no file opened later gets its number
    (and data meant for stdout). Python has already set ``sys.stdout`` to None for a closed
    stdout, so writing data there still fails, with one line."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                null = os.open(os.devnull, os.O_RDWR)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)


def main() -> NoReturn:
    """Console-script entry point: runs the app. A closed pipe ends it quietly with 141;
    SIGINT, SIGTERM and SIGHUP end it with 128 + the signal, its temporary files removed."""
    _reserve_closed_fds()
    usable_columns()  # before any help is drawn
    for s in SIGNALS:
        signal.signal(s, _on_signal)
    code: int | str | None = 0
    try:
        app()
    except SystemExit as e:
        code = e.code
    except BrokenPipeError:
        silence_stdout()
        sys.exit(141)
    except KeyboardInterrupt:
        sys.exit(int(ExitCode.INTERRUPTED))
    except Signalled as e:
        sys.exit(128 + e.signum)
    try:  # what is still buffered, while a failure can still be reported
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        sys.exit(141)
    except OSError as e:
        error_line(f"cannot write to stdout: {e.strerror or e}")
        sys.exit(int(ExitCode.FAILURE))
    sys.exit(code)
