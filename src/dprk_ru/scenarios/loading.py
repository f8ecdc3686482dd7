"""Finding a scenario by what the user wrote: a built-in name, a published id or a file."""

from __future__ import annotations

from . import published
from .scenario import BUILTINS, Scenario, parse_toml, scenario_text, validate_scenario


def load_scenario(ref: str, check: bool = True) -> Scenario:
    """A built-in scenario by name, a published estimate by id (see ``revenue published``),
    or a scenario file by path. A file's distributions are taken at their medians, and the
    scenario lists them (``Scenario.at_medians``). ``check``: refuse a contingent with more
    killed than ever deployed (``validate_scenario``)."""
    if ref.startswith(published.PREFIX) or (ref not in BUILTINS and ref in published.ids()):
        return published.load(ref)
    from .uncertain import at_medians

    data = parse_toml(scenario_text(ref), ref)
    medians = at_medians(data, ref)
    scenario = validate_scenario(data, ref, check)
    if medians:
        scenario._at_medians = tuple(medians)  # a private attribute: frozen fields stay
    return scenario
