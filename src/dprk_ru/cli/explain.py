"""``revenue explain``: how the figure is built, term by term, with footnoted sources."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from ..errors import InputError
from ..render.files import distinct, output_stream, output_target
from ..scenarios.selection import Selection
from .boundary import median_note, naming, user_errors_and_rates
from .options import (
    CurrencyOpt,
    OutputOpt,
    PublishedOpt,
    RateOpt,
    ScenarioOpt,
    YearOpt,
    param_options,
    parse_currency,
    parse_year,
    scenario_ref,
)
from .root import app


class TextFormat(StrEnum):
    """Formats of prose output: ``auto`` is rich text on a terminal and plain text elsewhere."""

    auto = "auto"
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
@param_options("value")
def explain(
    params: dict[str, str | None],
    select: Selection,
    scenario: ScenarioOpt = None,
    published: PublishedOpt = None,
    year: YearOpt = None,
    currency: CurrencyOpt = None,
    rate: RateOpt = None,
    fmt: Annotated[
        TextFormat,
        typer.Option(
            "--format",
            "-f",
            help="auto, text, markdown or json: auto is rich text on a terminal and plain "
            "text when piped; markdown for pasting; json for programs.",
            case_sensitive=False,
            metavar="FORMAT",
        ),
    ] = TextFormat.auto,
    output: OutputOpt = None,
) -> None:
    """Explain how the figure is built: each term with the numbers put in, each input with
    its kind (stated, derived, assumed, or given by you) and a footnote to its source.

    Takes what `revenue estimate` takes.

    Example: revenue explain --troops 12000

    Example: revenue explain --scenario deployments-2024-2025 --year 2025 --format markdown
    """
    from ..analysis.estimate import estimate_scenario
    from ..analysis.explain import explain as build
    from ..render import explain as view
    from ..scenarios.options import scenario_from_options
    from ..scenarios.selection import targets

    with user_errors_and_rates(rate) as rates:
        distinct([("--output", output)], [("--scenario", scenario)])
        dest = output_target(output)
        if fmt is TextFormat.auto and dest.kind == "file":
            by_suffix = {".txt": TextFormat.text, "": TextFormat.text, ".md": TextFormat.markdown,
                         ".markdown": TextFormat.markdown, ".json": TextFormat.json}  # fmt: skip
            if dest.suffix not in by_suffix:
                raise InputError(
                    f"--output: {dest.given!r}: explain writes .txt, .md or .json (or give "
                    "--format text|markdown|json)"
                )
            fmt = by_suffix[dest.suffix]
        option, ref = scenario_ref(scenario, published)
        counted = parse_year(year)
        code = parse_currency(currency)
        with naming(option):
            chosen = scenario_from_options(ref, params, select)
        median_note([chosen], params, select)
        given = {k: v for k, v in params.items() if v is not None}
        changed = targets(chosen.name, chosen.contingents, given, select)
        result = estimate_scenario(chosen, counted)
        expl = build(result, given, ref is not None, code, changed, rates)
        with output_stream(dest) as out:
            chosen_fmt = fmt
            if fmt is TextFormat.auto:
                chosen_fmt = TextFormat.text
                if out.isatty():
                    view.write_rich(expl, out)
                    return
            if chosen_fmt is TextFormat.markdown:
                view.write_markdown(expl, out)
            elif chosen_fmt is TextFormat.json:
                view.write_json(expl, out)
            else:
                view.write_text(expl, out)
