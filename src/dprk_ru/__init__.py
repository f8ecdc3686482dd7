"""dprk_ru: estimate the foreign currency the DPRK earns by sending troops to Russia.

The library under the ``revenue`` command; the CLI calls these same functions.

>>> from dprk_ru import estimate
>>> estimate(troops=10_000).total_usd
Decimal('260000000')
>>> from dprk_ru import estimate_scenario, load_scenario
>>> estimate_scenario(load_scenario("kursk-plus-shoigu")).total_usd
Decimal('468000000')
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .analysis.estimate import estimate
from .core.formula import TERMS, Estimate, evaluate
from .core.params import COLUMNS, PARAMS, Inputs
from .errors import InfeasibleError, InputError, RevenueError

if TYPE_CHECKING:
    from .analysis.compare import compare
    from .analysis.estimate import estimate_scenario
    from .analysis.published import rows as published_estimates
    from .analysis.sensitivity import sensitivity
    from .analysis.simulate import simulate
    from .analysis.solve import solve
    from .analysis.sweep import sweep
    from .analysis.timeline import timeline
    from .inputs.distributions import parse_dist
    from .inputs.grid import Grid, parse_values
    from .scenarios.contingent import Contingent
    from .scenarios.loading import load_scenario
    from .scenarios.scenario import Scenario, parse_scenario
    from .scenarios.sources import PARAMETERS, REFERENCES, Figure, Source
    from .scenarios.uncertain import uncertain_from_options, uncertain_from_scenario

    __version__: str

# Names loaded on first use, so that `import dprk_ru` (and the CLI's start-up) stays light:
# pydantic for the validated models, numpy for sampling, importlib.metadata for the version.
_LAZY = {
    "Contingent": "scenarios.contingent",
    "Scenario": "scenarios.scenario",
    "load_scenario": "scenarios.loading",
    "parse_scenario": "scenarios.scenario",
    "estimate_scenario": "analysis.estimate",
    "Grid": "inputs.grid",
    "parse_values": "inputs.grid",
    "sweep": "analysis.sweep",
    "compare": "analysis.compare",
    "solve": "analysis.solve",
    "parse_dist": "inputs.distributions",
    "uncertain_from_options": "scenarios.uncertain",
    "uncertain_from_scenario": "scenarios.uncertain",
    "simulate": "analysis.simulate",
    "sensitivity": "analysis.sensitivity",
    "timeline": "analysis.timeline",
    "PARAMETERS": "scenarios.sources",
    "REFERENCES": "scenarios.sources",
    "Figure": "scenarios.sources",
    "Source": "scenarios.sources",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    if name == "published_estimates":
        from .analysis.published import rows

        return rows
    if name == "__version__":
        from .core.version import version

        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "COLUMNS",
    "PARAMETERS",
    "PARAMS",
    "REFERENCES",
    "Contingent",
    "Estimate",
    "Figure",
    "Grid",
    "Inputs",
    "InfeasibleError",
    "InputError",
    "RevenueError",
    "TERMS",
    "Scenario",
    "Source",
    "__version__",
    "compare",
    "estimate",
    "estimate_scenario",
    "evaluate",
    "load_scenario",
    "parse_dist",
    "parse_scenario",
    "parse_values",
    "published_estimates",
    "sensitivity",
    "simulate",
    "solve",
    "sweep",
    "timeline",
    "uncertain_from_options",
    "uncertain_from_scenario",
]
