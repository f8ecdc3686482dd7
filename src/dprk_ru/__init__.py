"""dprk_ru: estimate the foreign currency the DPRK earns by sending troops to Russia.

>>> from dprk_ru import estimate
>>> estimate(troops=10_000).total_usd
Decimal('260000000')
"""

from importlib.metadata import PackageNotFoundError, version

from .errors import InfeasibleError, InputError, RevenueError
from .model import COLUMNS, PARAMS, Contingent, Estimate, estimate
from .sources import PARAMETERS, REFERENCES, Figure, Source

try:
    __version__ = version("dprk-ru")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

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
