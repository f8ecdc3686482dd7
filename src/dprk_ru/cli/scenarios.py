"""``revenue scenarios`` and ``revenue scenarios show``."""

from __future__ import annotations

from typing import Annotated

import typer

from ..render.files import distinct, output_stream, output_target
from ..render.formats import Format, render
from . import complete
from .boundary import naming, user_errors
from .options import FormatOpt, OutputOpt, destination
from .root import PlainUsage, RevenueGroup, RevenueTyper, app

# help: the callback's docstring
scenarios_app = RevenueTyper(cls=RevenueGroup, no_args_is_help=False)
app.add_typer(scenarios_app, name="scenarios")


@scenarios_app.callback(invoke_without_command=True)
def scenarios(ctx: typer.Context, fmt: FormatOpt = Format.auto, output: OutputOpt = None) -> None:
    """List the built-in scenarios with their troops and totals, or show one as TOML.

    A dated scenario's total is for the year in the year column (the data's as-of year), and
    its troops are the most deployed at once in that year; troop_months sums the troops
    deployed over the months counted; title is its name for people.

    Example: revenue scenarios --format json
    Example: revenue scenarios show kursk-2024 > mine.toml
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..analysis.estimate import estimate_scenario
    from ..render.tables import scenarios_table
    from ..scenarios.loading import load_scenario
    from ..scenarios.scenario import builtin_names

    # troops: the most deployed at once (in a dated scenario's year); troop_months added last.
    columns: tuple[str, ...] = ("scenario", "contingents", "troops", "total_usd", "description")
    columns += ("year", "troop_months", "title")  # title: for people, last of all
    with user_errors():
        dest, fmt = destination(output, fmt)
        rows = []
        for name in builtin_names(dated=True):
            s = load_scenario(name)
            e = estimate_scenario(s)
            rows.append(
                {
                    "scenario": name,
                    "contingents": len(s.contingents),
                    "troops": e.troops,
                    "total_usd": e.total_usd,
                    "description": s.description,
                    "year": "" if e.year is None else e.year,
                    "troop_months": e.troop_months,
                    "title": s.title or "",
                }
            )
        with output_stream(dest) as out:
            render(rows, columns, fmt, out, table=scenarios_table)


@scenarios_app.command("show", cls=PlainUsage)
def scenarios_show(
    name: Annotated[
        str,
        typer.Argument(
            help="A built-in scenario name or a scenario file.",
            metavar="NAME",
            hidden=True,
            autocompletion=complete.scenarios,
        ),
    ],
    output: OutputOpt = None,
) -> None:
    """Print a scenario as TOML, ready to copy and edit: NAME is a built-in scenario name
    or a scenario file.

    Example: revenue scenarios show shoigu-2025 > my-scenario.toml
    Example: revenue scenarios show article-baseline
    """
    from ..scenarios.loading import load_scenario
    from ..scenarios.scenario import BUILTINS, builtin_text, to_toml

    with user_errors():
        distinct([("--output", output)], [("NAME", name)])
        dest = output_target(output)
        with naming("NAME"):
            text = builtin_text(name) if name in BUILTINS else to_toml(load_scenario(name))
        with output_stream(dest) as out:
            out.write(text)
