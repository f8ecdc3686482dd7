"""dprk_ru: estimate the foreign currency the DPRK earns by sending troops to Russia.

>>> from dprk_ru import estimate
>>> estimate(troops=10_000).total_usd
Decimal('260000000')
"""

from typing import TYPE_CHECKING, Any

from .errors import InfeasibleError, InputError, RevenueError
from .model import COLUMNS, PARAMS, Estimate, estimate

if TYPE_CHECKING:
    from .contingent import Contingent
    from .sources import PARAMETERS, REFERENCES, Figure, Source

    __version__: str


def __getattr__(name: str) -> Any:
    # Heavy or slow names load on first use, so that `import dprk_ru` (and the CLI's
    # start-up) stays light: pydantic for the validated models, importlib.metadata for the
    # version.
    if name == "Contingent":
        from .contingent import Contingent

        return Contingent
    if name in ("PARAMETERS", "REFERENCES", "Figure", "Source"):
        from . import sources

        return getattr(sources, name)
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
    "InfeasibleError",
    "InputError",
    "RevenueError",
    "Source",
    "__version__",
    "estimate",
]
