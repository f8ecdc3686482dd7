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

from .errors import InfeasibleError, InputError, RevenueError
from .model import COLUMNS, PARAMS, Estimate, estimate

if TYPE_CHECKING:
    from .comparison import compare
    from .contingent import Contingent
    from .distributions import parse_dist, uncertain_from_options, uncertain_from_scenario
    from .goalseek import solve
    from .grid import Grid, parse_values, sweep
    from .monthly import timeline
    from .published import rows as published_estimates
    from .sampling import simulate
    from .scenario import Scenario, estimate_scenario, load_scenario, parse_scenario
    from .sources import PARAMETERS, REFERENCES, Figure, Source
    from .tornado import sensitivity

    __version__: str

# Names loaded on first use, so that `import dprk_ru` (and the CLI's start-up) stays light:
# pydantic for the validated models, numpy for sampling, importlib.metadata for the version.
_LAZY = {
    "Contingent": "contingent",
    "Scenario": "scenario",
    "load_scenario": "scenario",
    "parse_scenario": "scenario",
    "estimate_scenario": "scenario",
    "Grid": "grid",
    "parse_values": "grid",
    "sweep": "grid",
    "compare": "comparison",
    "solve": "goalseek",
    "parse_dist": "distributions",
    "uncertain_from_options": "distributions",
    "uncertain_from_scenario": "distributions",
    "simulate": "sampling",
    "sensitivity": "tornado",
    "timeline": "monthly",
    "PARAMETERS": "sources",
    "REFERENCES": "sources",
    "Figure": "sources",
    "Source": "sources",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    if name == "published_estimates":
        from .published import rows

        return rows
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("dprk-ru")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0+unknown"
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
    "InfeasibleError",
    "InputError",
    "RevenueError",
    "Scenario",
    "Source",
    "__version__",
    "compare",
    "estimate",
    "estimate_scenario",
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
