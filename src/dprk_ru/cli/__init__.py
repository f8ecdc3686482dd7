"""The ``revenue`` command line: parse options, call the analysis, render the result.

Each command lives in a module named after it; importing them registers them on ``app``.
"""

from . import (  # noqa: F401  (imported to register the commands, in --help order)
    compare,
    estimate,
    scenarios,
    simulate,
    solve,
    sources,
    sweep,
    timeline,
)
from .app import app, main

__all__ = ["app", "main"]
