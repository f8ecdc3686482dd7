"""Shared fixtures: an isolated environment and a CLI runner."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest
from typer.testing import CliRunner, Result

from dprk_ru.cli import app


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see a plain, colourless, 80-column environment."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def run():
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
