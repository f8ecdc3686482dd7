"""The CLI boundary: library errors become one line on stderr and an exit code, here only."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import typer

from ..core.params import PARAM_BY_NAME
from ..core.text import clip_quoted, printable
from ..errors import DeployedError, ExitCode, InputError, LimitError, Named, RevenueError
from ..render.console import no_color
from ..render.files import all_or_nothing

#: Longest error line: a bad value is quoted (its first ``QUOTE_MAX`` characters), but not a
#: megabyte of it.
MAX_ERROR = 400

if TYPE_CHECKING:
    from decimal import Decimal

    from ..analysis.estimate import ScenarioEstimate


def error_line(message: str) -> None:
    """One line on stderr: plain text off a terminal or with NO_COLOR, red "Error:" else.

    Control characters in the message (from a file name, a TOML key, an argument) are
    shown escaped, so the error stays one line and cannot drive the terminal."""
    if sys.stderr is None:  # closed (2>&-): the exit code is all that can be said
        return
    # A byte that was not UTF-8 shows as the byte, whether raw or as repr wrote it (\udcff).
    message = re.sub(r"\\udc([89a-f][0-9a-f])", r"\\x\1", printable(message))
    message = clip_quoted(message)  # at most 80 characters of a value pasted by mistake
    if len(message) > MAX_ERROR:  # a value pasted by mistake: the line stays readable
        message = message[: MAX_ERROR - 40] + f"... ({len(message):,} characters in all)"
    if no_color() or not sys.stderr.isatty():
        sys.stderr.write(f"Error: {message}\n")
        return
    from rich.console import Console
    from rich.text import Text

    Console(stderr=True, highlight=False, soft_wrap=True).print(
        Text.assemble(("Error:", "bold red"), " ", message)
    )


def encoding_message(e: UnicodeEncodeError) -> str:
    """What to say when the output's encoding cannot carry a character of the data."""
    what = e.object[e.start : e.end] if isinstance(e.object, str) else "?"
    return f"the output encoding ({e.encoding}) cannot write {what!r}; set PYTHONIOENCODING=utf-8"


#: Notes said inside ``held_notes``: written when the command succeeds, dropped when it
#: fails, so that an error stays the one line on stderr.
_held: list[str] | None = None


def note_line(message: str) -> None:
    """One line on stderr telling the user how an input was read (never data, never colour);
    inside ``held_notes``, once the command has succeeded."""
    line = f"Note: {printable(message)}\n"
    if _held is None:
        sys.stderr.write(line)
    else:
        _held.append(line)


@contextlib.contextmanager
def held_notes() -> Iterator[None]:
    """Hold the notes said inside until the block ends: written if it succeeds, dropped if it
    raises (the error is then all stderr says)."""
    global _held
    outer, _held = _held, []
    try:
        yield
        notes = _held
    finally:
        _held = outer
    if outer is not None:  # held by an enclosing block too
        outer.extend(notes)
    else:
        sys.stderr.write("".join(notes))


def median_note(
    scenarios: Sequence[Any],
    given: Mapping[str, object] | None = None,
    select: Any = None,
    solved: str | None = None,
) -> str:
    """Say once, on stderr, that a scenario file's distributions were taken at their
    medians: those that no option given (on the contingents it reached) or ``solved``
    replaced. Returns what it said (for a table view to say too), or ""."""
    from ..core.params import expand
    from ..scenarios.selection import contingent_id, targets

    fields = set(expand({k: v for k, v in (given or {}).items() if v is not None}))
    taken = []
    for s in scenarios:
        names = [contingent_id(c, i) for i, c in enumerate(s.contingents)]
        changed = fields | ({solved} if solved else set())
        reached = (
            {names[i] for i in targets(s.name, s.contingents, changed, select, solved)}
            if changed
            else set()
        )
        for m in getattr(s, "at_medians", ()):
            where, _, field = m.rpartition(".")
            short = PARAM_BY_NAME[field].shorthand or (field,)
            if not (where in reached and set(short) <= changed):
                taken.append(f"{s.name}: {m}" if len(scenarios) > 1 else m)
    if taken:
        what = f"medians of {len(taken)} uncertain inputs:" if len(taken) > 1 else "median of"
        shown = ", ".join(taken[:5]) + (f" and {len(taken) - 5} more" if len(taken) > 5 else "")
        said = f"{what} {shown}; `revenue simulate` for the range"
        note_line(f"at the {said}")
        return printable(said)  # a table view says it too: names escaped there as here
    return ""


def _names(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def year_notes(
    year: int | None, estimates: Sequence[ScenarioEstimate], names: Sequence[str] | None = None
) -> None:
    """The notes on stderr that say what ``--year`` counted: scenarios (or contingents)
    without dates, for which it changes nothing (one note), and dated scenarios with nothing
    deployed in the year counted (their totals are 0). A year past the as-of month is said
    by the ``projected`` column and the table view.

    Args:
        year: ``--year`` as given (None: not given, the as-of year counted).
        estimates: the scenarios' estimates.
        names: what to call each scenario; default their names.
    """
    labels = [e.scenario.name for e in estimates] if names is None else list(names)
    undated = [n for n, e in zip(labels, estimates, strict=True) if e.year is None]
    if year is not None and undated == ["options"]:  # no scenario: the options alone
        note_line(
            f"the options give no dates (a scenario file's start, end): --year {year} changes "
            "nothing; the figure is per year of deployment"
        )
    elif year is not None and undated:
        one = len(undated) == 1
        note_line(
            f"{_names(undated)} {'has' if one else 'have'} no dates (start, end): --year {year} "
            f"changes nothing; {'the figure is' if one else 'their figures are'} per year of "
            "deployment"
        )
    for name, e in zip(labels, estimates, strict=True):
        if e.year is None:
            continue
        if year is not None and e.undated:
            one = len(e.undated) == 1
            note_line(
                f"{name}: {_names(e.undated)} {'has' if one else 'have'} no dates: counted for "
                f"a year of deployment, whatever --year"
            )
        if e.none_deployed:
            when = (
                f"its first deployment starts in {e.first_start}"
                if e.before_first
                else f"its last deployment ends in {e.last_end}"
            )
            zero = "its dated contingents count 0" if e.undated else "its totals are 0"
            note_line(f"{name}: nothing deployed in {e.year} ({when}): {zero}")


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
    except DeployedError as e:
        error_line(deployed_message(e))
        raise typer.Exit(int(e.exit_code)) from None
    except LimitError as e:
        error_line(limit_message(e))
        raise typer.Exit(int(e.exit_code)) from None
    except RevenueError as e:
        error_line(spelled(e))
        raise typer.Exit(int(e.exit_code)) from None
    except MemoryError:
        # The library names what ran out where it can (simulate's samples); this is the rest.
        error_line("out of memory")
        raise typer.Exit(int(RevenueError.exit_code)) from None
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as a killed-by-SIGPIPE tool would.
        silence_stdout()
        raise typer.Exit(141) from None
    except UnicodeEncodeError as e:
        # Only the output can fail so: inputs are decoded, never encoded.
        error_line(encoding_message(e))
        raise typer.Exit(int(ExitCode.FAILURE)) from None


@contextlib.contextmanager
def user_errors_and_rates(rate: list[str] | None) -> Iterator[dict[str, Decimal]]:
    """``user_errors`` and, inside it, the ``--rate`` values (yielded, by code, for the
    command to convert ``--currency`` at; and in force for the amounts its options and
    scenario files give in other currencies), and a record of the conversions made (which
    the table views show, with their rates)."""
    from ..core.currency import given_rates, parse_rates, recording

    with user_errors(), held_notes(), recording():
        if not rate:
            yield {}
            return
        rates = parse_rates(rate)
        with given_rates(rates):
            yield rates


@contextlib.contextmanager
def naming(option: str) -> Iterator[None]:
    """Put the option's name in front of an input error that does not name one already."""
    try:
        yield
    except InputError as e:
        if (
            e.argument is not None
            or str(e).startswith("--")
            or isinstance(e, (DeployedError, LimitError))
        ):  # names its parameter, or is worded at the boundary
            raise
        raise InputError(f"{option}: ", *e.words) from None


def option_spelling(name: str) -> str:
    """A parameter's option as the user types it: ``max_rows`` -> ``--max-rows``, a model
    parameter by its table row (``monthly_pay_usd`` -> ``--monthly-pay``)."""
    param = PARAM_BY_NAME.get(name)
    return param.option if param is not None else "--" + name.replace("_", "-")


def spelled(e: RevenueError) -> str:
    """An error's words with each parameter the library names spelled as its option."""
    return "".join(option_spelling(w) if isinstance(w, Named) else str(w) for w in e.words)


def limit_message(e: LimitError) -> str:
    """A ceiling of the README's Limits, in one line naming the option to change and what
    it may be: ``--samples`` for the draws, ``--plot`` for a chart's."""
    if e.chart is not None:
        return (
            f"--plot: {e.count:,} {e.what} is more than {e.chart} draws legibly "
            f"({e.limit}{e.detail}); {e.fix}, or leave out --plot"
        )
    n = e.quantities
    fewer = f"--samples {e.limit // n} or fewer" + (" (or fewer uncertain inputs)" if n > 1 else "")
    return (
        f"--samples: {e.samples:,} samples x {n:,} uncertain "
        f"{'quantity' if n == 1 else 'quantities'} is more than {e.limit:,} draws; give {fewer}"
    )


def deployed_message(e: DeployedError) -> str:
    """More killed than ever deployed, in one line naming where the numbers came from and
    what is allowed: the option (options alone, or beside a scenario), the file and field
    (``contingents[1].killed``), or the first such point of a sweep's grid."""
    killed, troops, rotations = (f"{n:,}" for n in (e.killed, e.troops, e.rotations))
    options = e.origin is None and e.scenario in (None, "options")

    def name(field: str) -> str:
        return PARAM_BY_NAME[field].option if options or field in e.given else field

    what = (
        f"{killed} killed is more than the {e.deployed:,} ever deployed "
        f"({name('troops')} {troops} x {name('rotations')} {rotations})"
    )
    if e.grid:
        return (
            f"--killed: the grid's point --troops {troops} --rotations {rotations} --killed "
            f"{killed} (the first such) has more killed than the {e.deployed:,} ever deployed "
            f"(--troops x --rotations); keep --killed at most that at every point"
        )
    if options:
        return f"--killed: {what}; give at most {e.deployed:,}"
    if e.origin is not None:
        field = f"contingents[{e.index}].killed" if e.index is not None else "killed"
        return f"{e.origin}: {field}: {what}; give at most {e.deployed:,}"
    # Options beside a scenario changed this contingent: name the first of them.
    where = f"{e.scenario}: {e.contingent}"
    named = next((f for f in ("killed", "troops", "rotations") if f in e.given), "killed")
    if named == "killed":
        fix = f"give at most {e.deployed:,}"
    elif named == "troops":
        fix = f"give at least {-(-e.killed // e.rotations):,}"
    elif e.troops and -(-e.killed // e.troops) <= int(PARAM_BY_NAME["rotations"].high):
        fix = f"give at least {-(-e.killed // e.troops):,}"
    else:
        fix = f"no {name('rotations')} is enough: give more troops or fewer killed"
    if named not in e.given:  # no option changed it (solve checks the others)
        return f"{where}: killed: {what}; {fix}"
    return f"{PARAM_BY_NAME[named].option}: {where}: {what}; {fix}"


# Usage errors: Typer (its vendored Click) finds them while parsing; they reach the user as
# one line, like every other error, naming the option and what it allows.

#: Options of the root command, which go before the command (`revenue --no-color estimate`).
ROOT_OPTIONS = ("--no-color", "--version", "-V")


class UsageLine(Exception):
    """A usage error our own hooks on Click's parsing (``cli/root.py``) found and worded:
    one line on stderr, exit 2."""


def usage_message(e: typer.TyperException, args: Sequence[str]) -> str:
    """One line for a usage error Click raised while parsing ``args`` (the root command's),
    from the exception's own attributes: ``param``, ``option_name``, ``possibilities`` and
    ``ctx`` (which our commands fill in where Click's parser leaves it out)."""
    ctx = getattr(e, "ctx", None)
    path = ctx.command_path if ctx is not None else "revenue"
    message = e.format_message() if not isinstance(e, typer.BadParameter) else e.message
    param = getattr(e, "param", None)
    if param is not None:
        name = _name(param)
        if hasattr(e, "param_type"):  # Click's missing-parameter error: nothing was given
            return f"{name} is required: {_wants(param)}"
        given = _given(args, param)
        said = _clean(message)
        # Typer's own conversion errors ("Value error, ...", "Input should be ...") are
        # reworded from what the option allows; a parser of ours already speaks our way.
        typers = message.startswith(("Value error, ", "Input should "))
        if given is not None and _typed(param) and (typers or not said):
            return f"{name}: expected {_wants(param)}, got {given!r}"
        if not said or typers or not any(w in said for w in ("expected", "give ", "write ")):
            return f"{name}: {said or 'invalid value'}; expected {_wants(param)}"
        return f"{name}: {said}"
    option = getattr(e, "option_name", None)
    if option and hasattr(e, "possibilities"):  # an option the command does not have
        if option in ROOT_OPTIONS and ctx is not None and ctx.parent is not None:
            import shlex

            rest = shlex.join(a for a in args if a != option)
            return f"{option} goes before the command: revenue {option} {rest}"
        near = getattr(e, "possibilities", None) or []
        hint = f"; did you mean {' or '.join(sorted(near))}?" if near else ""
        return f"{option}: no such option of `{path}`{hint} (`{path} --help` lists them)"
    if option:  # an option without its value, or a flag given one
        params = ctx.command.params if ctx is not None else []
        found = next((p for p in params if option in p.opts), None)
        if found is None:
            return f"{option}: {_clean(message)}"
        name = _name(found)
        if getattr(found, "is_flag", False) or getattr(found, "count", False):
            return f"{name} takes no value: it is a flag (`{name}`, not `{name}=...`)"
        return f"{name} needs a value: {_wants(found)}"
    return f"{path}: {_clean(message)} (`{path} --help` shows the usage)"


def unknown_command(name: str, ctx: Any) -> str:
    """A command name the group ``ctx.command`` does not have, with the nearest one."""
    import difflib

    path = ctx.command_path
    names = ctx.command.list_commands(ctx)
    near = difflib.get_close_matches(name, names, n=1)
    hint = f"; did you mean {near[0]}?" if near else ""
    return f"{name!r}: no such command of `{path}`{hint} (commands: {', '.join(names)})"


def extra_arguments(extra: Sequence[str], args: Sequence[str], ctx: Any) -> str:
    """Arguments left over once a command's parameters took theirs: an unquoted
    distribution's fix, or what the command takes."""
    if split := _unquoted_distribution(args):
        return split
    path = ctx.command_path
    takes = any(p.param_type_name == "argument" for p in ctx.command.params)
    only = "" if takes else "; it takes options only"
    return f"{path}: unexpected argument(s) {' '.join(extra)!r}{only} (`{path} --help` lists them)"


def _unquoted_distribution(args: Sequence[str]) -> str | None:
    """The fix for a distribution typed without quotes (``--troops 8000 to 14000``, which
    the shell splits into three arguments), else None."""
    import shlex

    for i, token in enumerate(args[1:-1], start=1):
        if token.lower() != "to" or args[i + 1].startswith("-"):
            continue
        if args[i - 1].startswith("--") and "=" in args[i - 1]:  # --troops=8000 to 14000
            option, _, low = args[i - 1].partition("=")
        elif i >= 2 and args[i - 2].startswith("-"):
            option, low = args[i - 2], args[i - 1]
        else:
            continue
        value = f"{low} to {args[i + 1]}"
        return (
            f"{option}: {value!r} reached us as three arguments; quote a distribution: "
            f"{option} {shlex.quote(value)}"
        )
    return None


def _name(param: Any) -> str:
    """An option's long name, or an argument's metavar (``SCENARIO``, ``NAME``)."""
    if param.param_type_name == "option":
        return str(max(param.opts, key=len))
    metavar = param.metavar or param.name.upper()
    return str(metavar).strip("[].").upper()


def _choices(param: Any) -> list[str]:
    desc = getattr(param, "type_descriptor", None)
    choices = getattr(desc, "choices", None) or getattr(getattr(param, "type", None), "choices", ())
    return [str(getattr(c, "value", c)) for c in choices or ()]


def _annotation(param: Any) -> Any:
    return getattr(getattr(param, "type_descriptor", None), "annotation", None)


def _typed(param: Any) -> bool:
    """Whether what the option allows is known precisely: choices, a whole number, a
    parameter of the table."""
    from ..core.params import PARAMS

    return (
        bool(_choices(param))
        or _annotation(param) is int
        or any(p.option in param.opts for p in PARAMS)
    )


def _wants(param: Any) -> str:
    """What an option or argument allows, in words."""
    from ..core.params import PARAMS

    choices = _choices(param)
    if choices:
        return "one of " + ", ".join(choices)
    if _annotation(param) is int:
        low, high = getattr(param, "min", None), getattr(param, "max", None)
        if low is not None and high is not None:
            return f"a whole number from {low:,} to {high:,}"
        return "a whole number" + (f", at least {low:,}" if low is not None else "")
    for p in PARAMS:
        if p.option in param.opts:
            return p.allowed()
    from pathlib import Path

    if _annotation(param) is Path:
        return "a file path"
    sentence = (param.help or "").split(". ")[0].rstrip(".")
    if sentence and "e.g" not in sentence:
        return sentence[0].lower() + sentence[1:]
    return str(param.metavar or "a value")


def _given(args: Sequence[str], param: Any) -> str | None:
    """The last value ``args`` give the option ``param`` (None when not found)."""
    value = None
    for i, token in enumerate(args):
        if token == "--":
            break
        for opt in param.opts:
            if token == opt and i + 1 < len(args):
                value = args[i + 1]
            elif opt.startswith("--") and token.startswith(opt + "="):
                value = token[len(opt) + 1 :]
            elif len(opt) == 2 and not token.startswith("--") and token.startswith(opt) \
                    and token != opt:  # fmt: skip
                value = token[2:]
    return value


def _clean(message: str) -> str:
    """Click's message made to read as the rest of ours: no "Value error, ", no full stop,
    no capital (``Missing command.`` -> ``missing command``)."""
    message = message.removeprefix("Value error, ").rstrip(".")
    if message[:1].isupper() and message[1:2].islower():
        message = message[0].lower() + message[1:]
    return message
