"""Options shared by several commands, declared once, and the parameter-option decorator."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import typer

from ..core.currency import SOURCED_RATES
from ..core.money import fmt_plain
from ..core.params import PARAMS, Param
from ..render.files import Output, output_target
from ..render.formats import Format, choose_format
from ..scenarios.sources import AS_OF
from . import complete

F = TypeVar("F", bound=Callable[..., Any])

_GRID_HELP = " Takes a value, a list A,B,C or an inclusive range START:STOP:STEP, or a mix."
_DIST_HELP = (
    " Or a distribution: 'A to B' (90% interval), uniform(A,B), normal(MEAN,SD),"
    " lognormal(MU,SIGMA), triangular(MIN,MODE,MAX), pert(MIN,MODE,MAX)."
)
#: What each kind of command takes for a parameter: (help text added, metavar).
_KINDS: dict[str, tuple[str, str]] = {
    "value": ("", "NUMBER"),
    "grid": (_GRID_HELP, "VALUES"),
    "dist": (_DIST_HELP, "DIST"),
}


def param_option(param: Param, kind: Literal["value", "grid", "dist"] = "value") -> Any:
    """The ``typer.Option`` of a parameter, from its row in the parameter table."""
    extra, metavar = _KINDS[kind]
    default = fmt_plain(param.default)
    return typer.Option(
        param.option,
        help=f"{param.help} Allowed: {param.allowed()}.{extra} \\[default: {default}]",
        show_default=False,
        metavar=metavar,
    )


def param_options(kind: Literal["value", "grid", "dist"]) -> Callable[[F], F]:
    """Give a command an option for every parameter of ``PARAMS`` (in the table's order,
    before its own options); the command receives them as ``params``, a dict of the text
    given (None where not given) by field name.

    Typer reads the command's ``__signature__``, so the options exist once, in the table.
    """

    def decorate(func: F) -> F:
        sig = inspect.signature(func, eval_str=True)
        own = [p for name, p in sig.parameters.items() if name not in ("params", "select")]
        added = [
            inspect.Parameter(
                p.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=None,
                annotation=Annotated[str | None, param_option(p, kind)],
            )
            for p in PARAMS
        ]
        selects = "select" in sig.parameters  # a command that takes --scenario
        if selects:
            added += [
                inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None,
                                  annotation=annotation)
                for name, annotation in (("contingent", ContingentOpt),
                                         ("personnel", PersonnelOpt))
            ]  # fmt: skip
        own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]

        @functools.wraps(func)
        def wrapper(**kwargs: Any) -> Any:
            given = {p.name: kwargs.pop(p.name) for p in PARAMS}
            if selects:
                from ..scenarios.selection import Selection

                names, kind = kwargs.pop("contingent"), kwargs.pop("personnel")
                kwargs["select"] = Selection(
                    tuple(names or ()), None if kind is None else kind.value
                )
            return func(params=given, **kwargs)

        wrapper.__signature__ = sig.replace(parameters=[*added, *own])  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in [*added, *own]}
        wrapper.__annotations__["return"] = sig.return_annotation
        wrapper.param_kind = kind  # type: ignore[attr-defined]  # for the meta-test
        return wrapper  # type: ignore[return-value]

    return decorate


class Personnel(StrEnum):
    """Kinds of personnel, for ``--personnel``."""

    soldiers = "soldiers"
    workers = "workers"


ContingentOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--contingent",
        help="With --scenario: apply the parameter options given to this contingent only "
        "(repeatable). Troops, killed and months beside a scenario of several contingents "
        "need it; pay, shares and the like apply to every contingent without it.",
        metavar="NAME",
    ),
]
PersonnelOpt = Annotated[
    Personnel | None,
    typer.Option(
        "--personnel",
        help="With --scenario: apply the parameter options given to its soldiers or its "
        "workers only (pay and bonus beside a scenario that mixes them need it, or "
        "--contingent).",
        case_sensitive=False,
    ),
]


FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="Output format: auto, table, csv, json, jsonl, markdown or xlsx. auto is a table "
        "on a terminal and CSV when piped, and with --output FILE the format its extension "
        "names. xlsx needs the xlsx extra.",
        case_sensitive=False,
        metavar="FORMAT",
    ),
]
# A str, not a Path: Path turns "" into "." and drops a trailing slash, hiding what was typed.
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the data to FILE instead of stdout: a file is replaced atomically, a "
        "device or FIFO written through; - is stdout. Without --format, the extension "
        "picks the format: .csv, .json, .jsonl, .md or .xlsx.",
        metavar="FILE",
    ),
]
RateOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rate",
        help="Exchange rate for money given with a currency code, as units per US dollar "
        "(repeatable), e.g. --rate RUB=87.0. Defaults: the sourced averages "
        + ", ".join(f"{r.code} {fmt_plain(r.per_usd)} ({r.year})" for r in SOURCED_RATES.values())
        + "; a published estimate keeps the rate of its own date.",
        metavar="CODE=RATE",
    ),
]
ScenarioOpt = Annotated[
    str | None,
    typer.Option(
        "--scenario",
        "-s",
        help="A built-in scenario (see `revenue scenarios`) or a scenario TOML file. Pay, "
        "shares and other per-person options beside it apply to every contingent; troops, "
        "killed and months beside several contingents need --contingent.",
        metavar="NAME|FILE",
        autocompletion=complete.scenarios,
    ),
]
YearOpt = Annotated[
    str | None,
    typer.Option(
        "--year",
        help="For dated contingents (start/end): count the months deployed in this year, and "
        f"the bonus if they start in it. Default: {AS_OF[:4]}, the year of the month the data "
        "run to (or of a scenario file's as_of). A later year is a projection.",
        metavar="YYYY",
    ),
]
PlotOpt = Annotated[
    Path | None,
    typer.Option(
        "--plot", help="Also draw a chart to FILE.png or FILE.svg (needs the plot extra).",
        metavar="FILE",
    ),
]  # fmt: skip


#: The longest text each text option takes, in characters: a title is a line, a date a few
#: words (a 100,000-character --title took 12 s and 339 MB to draw).
MAX_TEXT: dict[str, int] = {"--title": 200, "--date": 40}


def utf8_text(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """A text option (``--title``, ``--date``) must be UTF-8: its undecodable bytes are named
    (a path, by contrast, is used as given, as the shell does); and at most its ``MAX_TEXT``
    characters long, checked before any work."""
    from ..core.text import undecodable

    if value is not None and (bad := undecodable(value)):
        raise typer.BadParameter(f"not UTF-8 text (the bytes {bad[:40]}); write it in UTF-8")
    most = MAX_TEXT.get(max(param.opts, key=len, default=""))
    if value is not None and most is not None and len(value) > most:
        raise typer.BadParameter(f"at most {most:,} characters, got {len(value):,}")
    return value


TitleOpt = Annotated[
    str | None,
    typer.Option(
        "--title", help="The chart's title (with --plot).", metavar="TEXT", callback=utf8_text
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar on stderr.")]
CurrencyOpt = Annotated[
    str | None,
    typer.Option(
        "--currency",
        help="Also show the money results in this currency (total_krw after the other "
        f"columns), at its --rate; KRW defaults to the sourced {SOURCED_RATES['KRW'].year} "
        f"average ({SOURCED_RATES['KRW'].per_usd}), RUB to {SOURCED_RATES['RUB'].per_usd}. "
        "USD adds nothing.",
        metavar="CODE",
        autocompletion=complete.currencies,
    ),
]
PublishedOpt = Annotated[
    str | None,
    typer.Option(
        "--published",
        help="Run a published estimate's assumptions (see `revenue published`) as a scenario.",
        metavar="ID",
    ),
]
RefOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--vs",
        help="A reference figure to measure against (repeatable); `revenue sources` lists "
        "them. Default: the article's China export figures for 2016, 2018 and 2020.",
        metavar="REF",
        autocompletion=complete.references,
    ),
]


def destination(output: str | None, fmt: Format) -> tuple[Output, Format]:
    """Where ``--output`` goes and in which format, checked before any work: a directory or
    an unknown extension is exit 2, a missing folder or a closed stdout exit 1."""
    dest = output_target(output)
    return dest, choose_format(fmt, dest)


def scenario_ref(scenario: str | None, published: str | None) -> tuple[str, str | None]:
    """The option that names the scenario and what it names, to load: ``--scenario`` and a
    built-in name or a file (None: the options alone), or ``--published`` and
    ``published:ID``. InputError when both are given."""
    if published is None:
        return "--scenario", scenario
    if scenario is not None:
        from ..errors import InputError

        raise InputError("--published: give either --scenario or --published, not both")
    return "--published", f"published:{published}"


def parse_currency(text: str | None) -> str | None:
    """``--currency`` as a code (None when not given)."""
    from ..core.currency import parse_code

    return None if text is None else parse_code(text)


def parse_year(text: str | None) -> int | None:
    """``--year`` as an int (None when not given)."""
    from ..core.dates import parse_year as parse

    return None if text is None else parse(text)


def count_parser(option: str, low: int, high: int | None = None) -> Callable[[Any], int]:
    """A Typer ``parser`` for a whole-number option (``--samples``): ``parse_count``'s rules,
    where Typer's own ``int`` takes ``1_000``, ``+5``, ``1000.0`` and ``0100``."""
    from ..errors import InputError
    from ..inputs.options import parse_count

    def parse(value: Any) -> int:
        if isinstance(value, int):  # the default
            return value
        try:
            return parse_count(str(value), option, low, high)
        except InputError as e:
            raise typer.BadParameter(str(e).removeprefix(f"{option}: ")) from None

    return parse


#: Most draws ``--samples`` takes, and the largest ``--seed``.
MAX_SAMPLES = 10_000_000
MAX_SEED = 2**63 - 1
SamplesOpt = Annotated[
    int,
    typer.Option(
        "--samples",
        "-n",
        parser=count_parser("--samples", 1, MAX_SAMPLES),
        metavar="N",
        help=f"Number of draws for uncertain inputs, 1 to {MAX_SAMPLES:,}.",
    ),
]
CorrelateOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--correlate",
        metavar="A:B=RHO",
        help="Spearman rank correlation between two uncertain parameters "
        "(repeatable), e.g. troops:monthly_pay=-0.4.",
    ),
]
