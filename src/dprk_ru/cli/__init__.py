"""The ``revenue`` command line: parse options, call the analysis, render the result.

Each command lives in a module named after it; importing one registers its command on
``app`` (defined in ``root``). ``from dprk_ru.cli import app`` registers them all, in the
order ``--help`` lists them; the console script (``main``) registers only the one it is
asked to run, so that Typer builds one command's options, not every command's, at start.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any, NoReturn

#: The commands, in ``--help`` order; each lives in the module of its name.
COMMANDS = (
    "estimate", "explain", "scenarios", "compare", "solve", "sweep", "simulate",
    "sensitivity", "timeline", "published", "sources", "report",
)  # fmt: skip


def load(commands: tuple[str, ...] = COMMANDS) -> None:
    """Register ``commands`` on the app (each by importing its module)."""
    for name in commands:
        import_module(f"{__name__}.{name}")


def main() -> NoReturn:
    """Console-script entry point: registers the command named on the command line (every
    command when none is, or for help and completion), then runs the app."""
    from .root import main as run

    command = next((a for a in sys.argv[1:] if not a.startswith("-")), None)
    load((command,) if command in COMMANDS else COMMANDS)
    run()


def __getattr__(name: str) -> Any:
    if name == "app":
        load()
        from .root import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "main"]
