"""``revenue report``: a brief as one self-contained HTML file, or Markdown with its charts."""

from __future__ import annotations

import shlex
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import InputError
from ..render.files import Output, distinct
from ..scenarios.selection import Selection
from .boundary import naming, user_errors_and_rates, year_notes
from .options import (
    MAX_SEED,
    CorrelateOpt,
    CurrencyOpt,
    PublishedOpt,
    QuietOpt,
    RateOpt,
    RefOpt,
    SamplesOpt,
    ScenarioOpt,
    YearOpt,
    count_parser,
    param_options,
    parse_currency,
    parse_year,
    scenario_ref,
    utf8_text,
)
from .progress import PROGRESS_MIN_DRAWS, progress_bar
from .root import app

#: The seed of a brief unless --seed is given: the same command gives the same file.
DEFAULT_SEED = 1


class BriefFormat(StrEnum):
    """Formats of a brief."""

    html = "html"
    markdown = "markdown"


_SUFFIXES = {".html": BriefFormat.html, ".htm": BriefFormat.html, ".md": BriefFormat.markdown,
             ".markdown": BriefFormat.markdown}  # fmt: skip


def _format(fmt: BriefFormat | None, output: Output) -> BriefFormat:
    markdown_name = Path(output.given).suffix.lower() in (".md", ".markdown")
    if fmt is not None:
        chosen = fmt
    elif markdown_name and output.kind != "file":
        raise InputError(
            f"--output: {output.given!r} is not a regular file: a Markdown brief needs a file "
            "and a folder beside it for its charts"
        )
    elif output.kind != "file":
        chosen = BriefFormat.html
    elif output.suffix in _SUFFIXES:
        chosen = _SUFFIXES[output.suffix]
    else:
        raise InputError(
            f"--output: {output.given!r}: give a name ending in .html or .md, or --format "
            "html|markdown"
        )
    if chosen is BriefFormat.markdown and output.kind != "file":
        raise InputError(
            "--format markdown: a Markdown brief needs --output FILE.md (its charts are "
            "written to a folder beside it)"
        )
    return chosen


def _command(params: dict[str, str | None], options: list[tuple[str, Any]]) -> str:
    """The command line that regenerates the brief, every option spelt out."""
    from ..core.params import PARAMS

    words = ["revenue", "report"]
    for p in PARAMS:
        if params[p.name] is not None:
            words += [p.option, str(params[p.name])]
    for option, value in options:
        if value is None or value is False:
            continue
        for v in value if isinstance(value, list) else [value]:
            words += [option] if v is True else [option, str(v)]
    return " ".join(_shell_word(w) for w in words)


def _shell_word(word: str) -> str:
    """``word`` quoted for a POSIX shell; with a character the page shows as an escape (a
    newline, U+202E), in bash's ``$'...'`` with those escapes, so that pasting the command
    gives back the very text."""
    from ..core.text import printable

    if printable(word) == word:
        return shlex.quote(word)

    def one(ch: str) -> str:
        if ch in "\\'":
            return "\\" + ch
        if printable(ch) == ch:
            return ch
        if ord(ch) < 0x80:
            return printable(ch)  # \n, \t, \x1b: bash's own escapes
        return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"

    return "$'" + "".join(one(ch) for ch in word) + "'"


@app.command()
@param_options("dist")
def report(
    params: dict[str, str | None],
    select: Selection,
    scenario: ScenarioOpt = None,
    published: PublishedOpt = None,
    year: YearOpt = None,
    currency: CurrencyOpt = None,
    rate: RateOpt = None,
    vs: RefOpt = None,
    samples: SamplesOpt = 100_000,
    seed: Annotated[
        int,
        typer.Option(
            "--seed",
            parser=count_parser("--seed", 0, MAX_SEED),
            metavar="N",
            help="Random seed for uncertain inputs: the same seed, the same brief.",
        ),
    ] = DEFAULT_SEED,
    correlate: CorrelateOpt = None,
    title: Annotated[
        str | None,
        typer.Option("--title", help="The brief's title.", metavar="TEXT", callback=utf8_text),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="A date to print in the brief (none unless given, so the "
            "same inputs give the same file).",
            metavar="TEXT",
            callback=utf8_text,
        ),
    ] = None,
    fmt: Annotated[
        BriefFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="html or markdown; default: from --output's extension, else html.",
            metavar="FORMAT",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="brief.html (one self-contained file) or brief.md (charts in "
            "brief_files/ beside it). Default: HTML on stdout.",
        ),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Write a brief a journalist can publish and a reviewer can check: the headline, how the
    figure is built with footnoted sources, its uncertainty and sensitivity, the timeline,
    published estimates, how to reproduce it, and the sources.

    Takes what `revenue estimate` takes, and distributions as `revenue simulate` does.

    Example: revenue report --troops 10000 -o brief.html

    Example: revenue report -s deployments-2024-2025 --monthly-pay "1500 to 2500" -o brief.md
    """
    from ..render.files import output_stream, output_target

    with user_errors_and_rates(rate):
        distinct([("--output", output)], [("--scenario", scenario)])
        dest = output_target(output)
        if output is None and dest.isatty():  # 100 KB of HTML is no use on a screen
            raise InputError(
                "report writes a whole page, not for the screen: name a file, "
                "revenue report ... -o brief.html (or brief.md), or redirect it (> brief.html)"
            )
        require_report_extra()
        chosen_fmt = _format(fmt, dest)
        if chosen_fmt is BriefFormat.markdown:
            from ..render.report import chart_folder

            assert dest.path is not None
            chart_folder(Path(dest.path), Path(dest.given), [("--scenario", scenario)])
        option, ref = scenario_ref(scenario, published)
        counted = parse_year(year)
        code = parse_currency(currency)
        from ..scenarios.sources import DEFAULT_REFERENCES, reference
        from .uncertain import parse_correlations, parse_percentiles

        with naming("--vs"):
            refs = [reference(r) for r in (vs or DEFAULT_REFERENCES)]
        corr = parse_correlations(correlate or [])
        brief = _brief(params, select, ref, option, counted, code, refs, samples, seed, corr,
                       parse_percentiles("5,25,50,75,95"), title, date, [
                           ("--scenario", scenario), ("--published", published),
                           ("--contingent", list(select.contingents) or None),
                           ("--personnel", select.personnel),
                           ("--year", year), ("--currency", currency), ("--rate", rate),
                           ("--vs", vs), ("--samples", samples if samples != 100_000 else None),
                           ("--seed", seed), ("--correlate", correlate), ("--title", title),
                           ("--date", date), ("--format", fmt.value if fmt else None),
                           ("--output", str(output) if output else None)], quiet)  # fmt: skip
        from ..render import report as page

        if chosen_fmt is BriefFormat.markdown:
            assert dest.path is not None
            page.write_markdown(brief, Path(dest.path), Path(dest.given))
        else:
            with output_stream(dest) as out:
                page.write_html(brief, out)


def require_report_extra() -> None:
    """Raise MissingExtraError (exit 1), before any work, unless what a brief needs (the
    ``report`` extra: Jinja2 and matplotlib) is installed; imports neither."""
    import importlib.util

    from ..errors import MissingExtraError

    missing = [m for m in ("jinja2", "matplotlib") if importlib.util.find_spec(m) is None]
    if missing:
        raise MissingExtraError(
            f"report needs the report extra ({' and '.join(missing)} is missing): "
            "pip install 'dprk-ru[report]' (from a checkout: pip install '.[report]')"
        )


def _brief(
    params: dict[str, str | None],
    select: Selection,
    ref: str | None,
    option: str,
    year: int | None,
    code: str | None,
    refs: list[Any],
    samples: int,
    seed: int,
    corr: dict[tuple[str, str], float],
    qs: list[float],
    title: str | None,
    date: str | None,
    options: list[tuple[str, Any]],
    quiet: bool = False,
) -> Any:
    from ..analysis.report import report
    from ..scenarios.medians import point_scenario, uncertain_inputs

    with naming(option):
        uncertain = uncertain_inputs(ref, params, select)
    long = False
    if any(d.uncertain for c in uncertain for d in c.dists.values()):
        # The draws counted before the medians are worked out: refused at once.
        from ..analysis.simulate import check_draws
        from ..inputs.distributions import quantities

        check_draws(uncertain, samples)
        long = samples * len(quantities(uncertain)) >= PROGRESS_MIN_DRAWS
    with naming(option):
        point = point_scenario(ref, params, uncertain, select)

    def command(counted: int | None) -> str:
        # A dated scenario: the command names the year it counted.
        said = [(o, counted if o == "--year" and counted is not None else v) for o, v in options]
        return _command(params, said)

    from ..analysis.simulate import simulate_steps

    with progress_bar(simulate_steps(uncertain), "report", quiet, long) as advance:
        brief = report(
            point, uncertain, year=year, given={k: v for k, v in params.items() if v is not None},
            select=select, from_file=ref is not None, refs=refs, currency=code, samples=samples,
            seed=seed, correlations=corr, qs=qs, title=title, date=date, command=command,
            progress=advance,
        )  # fmt: skip
    year_notes(year, [brief.estimate])  # said once everything is checked
    return brief
