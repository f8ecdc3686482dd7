"""The ``revenue`` command line: parse options, call the analysis, render the result.

Each command lives in a module named after it; importing them registers them on ``app``,
in the order ``--help`` lists them.
"""

from importlib import import_module

from .app import app, main

#: The command modules, in ``--help`` order.
COMMANDS = (
    "estimate", "explain", "scenarios", "compare", "solve", "sweep", "simulate", "timeline",
    "sources", "report",
)  # fmt: skip
for _name in COMMANDS:
    import_module(f".{_name}", __name__)

__all__ = ["app", "main"]
