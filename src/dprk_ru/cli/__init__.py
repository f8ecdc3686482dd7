"""The ``revenue`` command line: parse options, call the analysis, render the result.

Each command lives in a module named after it; importing one registers its commands on
``app`` (defined in ``root``). ``from dprk_ru.cli import app`` registers them all, in the
order ``--help`` lists them; the console script (``main``) registers only the one it is
asked to run, so that Typer builds one command's options, not every command's, at start.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any, NoReturn

#: Each command's module, in ``--help`` order.
BY_COMMAND = {
    "estimate": "estimate", "explain": "explain", "scenarios": "scenarios",
    "compare": "compare", "solve": "solve", "sweep": "sweep", "simulate": "simulate",
    "sensitivity": "simulate", "timeline": "timeline", "published": "sources",
    "sources": "sources", "report": "report",
}  # fmt: skip
MODULES = tuple(dict.fromkeys(BY_COMMAND.values()))


def load(modules: tuple[str, ...] = MODULES) -> None:
    """Register the commands of ``modules`` on the app."""
    for name in modules:
        import_module(f"{__name__}.{name}")


def main() -> NoReturn:
    """Console-script entry point: registers the command named on the command line (every
    command when none is, or for help and completion), then runs the app."""
    from .root import main as run

    command = next((a for a in sys.argv[1:] if not a.startswith("-")), None)
    load((BY_COMMAND[command],) if command in BY_COMMAND else MODULES)
    run()


def __getattr__(name: str) -> Any:
    if name == "app":
        load()
        from .root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "main"]
