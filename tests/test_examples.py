"""Every example in examples/ runs and prints exactly the output checked in beside it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[1] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.sh"))


@pytest.fixture(scope="module")
def path_with_revenue(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A PATH whose `revenue` is this Python's CLI (whatever is installed elsewhere)."""
    bin_dir = tmp_path_factory.mktemp("bin")
    shim = bin_dir / "revenue"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m dprk_ru "$@"\n')
    shim.chmod(0o755)
    return f"{bin_dir}{os.pathsep}{os.environ['PATH']}"


def test_enough_examples() -> None:
    """At least five examples, each with its output, and TOML files with distributions,
    several contingents and dates; the README links the folder."""
    assert len(SCRIPTS) >= 5
    assert all(s.with_suffix(".out").exists() for s in SCRIPTS)
    tomls = {p.name: p.read_text() for p in EXAMPLES.glob("*.toml")}
    assert any(" to " in t and "pert(" in t for t in tomls.values())
    assert any("start =" in t for t in tomls.values())
    assert any(t.count("[[contingents]]") > 1 for t in tomls.values())
    readme = (EXAMPLES.parent / "README.md").read_text()
    assert "examples/" in readme


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_output(script: Path, path_with_revenue: str) -> None:
    """The script's output (stdout and stderr together) equals its checked-in .out file."""
    env = {**os.environ, "PATH": path_with_revenue, "NO_COLOR": "1", "COLUMNS": "100",
           "LC_ALL": "C"}  # fmt: skip
    r = subprocess.run(["bash", str(script)], capture_output=True, text=True, env=env,
                       cwd=EXAMPLES.parent, timeout=120)  # fmt: skip
    output = r.stdout + r.stderr
    expected = script.with_suffix(".out").read_text()
    assert output == expected
