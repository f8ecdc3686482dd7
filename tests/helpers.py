"""Helpers more than one test file uses (conftest.py holds the fixtures)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import pty
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import Run
from typer.testing import CliRunner, Result

from dprk_ru.cli import app
from dprk_ru.render.formats import Format


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def one_line(stderr: str) -> str:
    """An error as one line of words, whether Typer boxed and wrapped it or not."""
    return " ".join(stderr.replace("│", " ").split())


def refused(run: Run, tmp_path: Path, *args: str) -> str:
    """Run with -o and --plot in ``tmp_path``: exit 2, one line, no file written; the line."""
    before = sorted(tmp_path.iterdir())
    r = run(*args)
    assert r.exit_code == 2, r.stderr
    assert r.stdout == "" and r.stderr.count("\n") == 1
    assert sorted(tmp_path.iterdir()) == before  # neither -o nor --plot, nor a temporary
    return r.stderr.removeprefix("Error: ").rstrip("\n")


def refused_with(r: Result, message: str) -> None:
    """Exit 2, nothing on stdout, and ``message`` as the one line on stderr."""
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", message)


def uncertain_file(folder: Path, count: int, dated: bool = False) -> str:
    """A scenario file of ``count`` contingents, each with two uncertain inputs."""
    one = '[[contingents]]\ntroops = "uniform(100,200)"\nmonthly_pay_usd = "1500 to 2500"\n'
    dates = 'start = "2025-{m:02d}"\nend = "2026-{m:02d}"\n'
    text = 'name = "many"\n' + "".join(
        one + (dates.format(m=i % 12 + 1) if dated else "") for i in range(count)
    )
    path = folder / f"{count}.toml"
    path.write_text(text)
    return str(path)


def record(run: Run, *args: str) -> dict[str, str]:
    r = run("simulate", *args, "-f", "csv")
    assert r.exit_code == 0, r.stderr
    return next(csv.DictReader(io.StringIO(r.stdout)))


DEPLOYMENTS = "deployments-2024-2025"


def total(text: str) -> str:
    return rows(text)[-1]["total_usd"]  # the total row, or the one contingent's


TWO = """\
name = "two-contingents"
description = "..."
[[contingents]]
name = "assault"
troops = 8000
monthly_pay_usd = 2500
[[contingents]]
name = "construction"
troops = 5000
monthly_pay_usd = 1000
months = 6
bonus_usd = 0
"""


TWO_SMALL = """name = "two"
[[contingents]]
name = "a"
troops = 1000
[[contingents]]
name = "b"
troops = 2000
"""


def estimates(run: Run) -> dict[str, dict[str, Any]]:
    return {x["id"]: x for x in json.loads(run("published", "-f", "json").stdout)}


def table(monkeypatch: pytest.MonkeyPatch, width: int, *args: str) -> Result:
    """Run a command's table view at ``width`` columns, colourless."""
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("LINES", "40")
    r = CliRunner().invoke(app, [*args, "-f", "table"])
    assert r.exit_code == 0, r.stderr
    return r


KRW = D("1421.97")


GROUP = typer.main.get_command(app)


def _command_names() -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []

    def walk(prefix: tuple[str, ...], cmd: object) -> None:
        if prefix:
            found.append(prefix)
        for name, sub in (getattr(cmd, "commands", None) or {}).items():
            walk((*prefix, name), sub)

    walk((), GROUP)
    return found


COMMAND_NAMES = _command_names()


FORMATS = ", ".join(f.value for f in Format)  # auto, table, csv, json, jsonl, markdown, ...


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """Run the block in a new empty folder, the working directory for its duration."""
    old = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            yield Path(tmp)
        finally:
            os.chdir(old)


def on_terminal(
    args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None, first: str = ""
) -> tuple[int, bytes]:
    """Run ``python -m dprk_ru ARGS`` with stdout and stderr on a pseudo-terminal (80
    columns, xterm; colour unless ``env`` says NO_COLOR); its exit code and all it wrote
    there. ``first``: Python to run before the CLI, in its process."""
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full.update({"COLUMNS": "80", "TERM": "xterm-256color", **(env or {})})
    main, secondary = pty.openpty()
    command = (
        ["-c", f"{first}\nfrom dprk_ru.cli import main\nmain()"] if first else ["-m", "dprk_ru"]
    )
    proc = subprocess.Popen([sys.executable, *command, *args], stdin=subprocess.DEVNULL,
                            stdout=secondary, stderr=secondary, env=full, cwd=cwd)  # fmt: skip
    os.close(secondary)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    return proc.wait(timeout=120), out
