"""Finding a scenario by what the user wrote: a built-in name, a published id or a file."""

from __future__ import annotations

from . import published
from .scenario import BUILTINS, Scenario, parse_scenario, scenario_text


def load_scenario(ref: str) -> Scenario:
    """A built-in scenario by name, a published estimate by id (see ``revenue published``),
    or a scenario file by path."""
    if ref.startswith(published.PREFIX) or (ref not in BUILTINS and ref in published.ids()):
        return published.load(ref)
    return parse_scenario(scenario_text(ref), ref)
