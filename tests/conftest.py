"""Shared fixtures: an isolated environment and a CLI runner; how many examples the
property tests draw."""

from __future__ import annotations

import compileall
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Protocol

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

import dprk_ru
from dprk_ru.cli import app

# Hypothesis profiles. "quick", the default, keeps `python -m pytest` near a minute: each
# property test draws a quarter of its examples. "ci" (`--hypothesis-profile=ci`, which
# .ci/run passes) draws them all. Hypothesis's plugin loads the profile given on the command
# line after this file is imported, and before any test module is.
settings.register_profile("quick", max_examples=25)
settings.register_profile("ci", max_examples=100)
settings.load_profile("quick")


def examples(full: int) -> int:
    """A property test's number of examples: ``full`` under the "ci" profile, the same
    share of it as the profile in force has of Hypothesis's default (100), at least 10."""
    assert settings.default is not None  # a profile is loaded above
    in_force: int = settings.default.max_examples
    return max(10, full * in_force // 100)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the package's bytecode once, before the workers start: the suite starts
    a few hundred subprocesses, and where PYTHONDONTWRITEBYTECODE is set (as on our
    machines) each would otherwise compile every module again (a tenth of the suite's
    time). Python's own cache folders, ignored by git; nothing else is written."""
    if not hasattr(session.config, "workerinput"):  # the xdist controller, or no xdist
        compileall.compile_dir(Path(dprk_ru.__file__).parent, quiet=2)


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see a plain, colourless, 80-column environment."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


class Run(Protocol):
    """The type of the ``run`` fixture: the CLI's arguments in, typer's Result out."""

    def __call__(self, *args: str, input: str | None = None) -> Result: ...


@pytest.fixture
def run() -> Run:
    """Invoke the CLI in-process; returns typer's Result (stdout and stderr apart)."""

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(app, list(args), input=input)

    return invoke


def revenue(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m dprk_ru`` in a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "dprk_ru", *args],
        capture_output=True,
        text=True,
        input=input,
        timeout=120,
    )


#: The command line that runs the CLI in a subprocess (the installed package, this Python).
REVENUE = f"{shlex.quote(sys.executable)} -m dprk_ru"


def shell(command: str) -> subprocess.CompletedProcess[str]:
    """Run a bash pipeline as a user would; ``revenue`` in it means this Python's CLI."""
    command = command.replace("revenue ", REVENUE + " ")
    return subprocess.run(
        command, shell=True, executable="/bin/bash", capture_output=True, text=True, timeout=120
    )
