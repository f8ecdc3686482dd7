"""The README's console examples run, and print what the README shows."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import REVENUE

README = Path(__file__).parents[1] / "README.md"


def console_examples(text: str) -> list[tuple[str, str | None]]:
    """Each ``$ revenue ...`` line of the ```console blocks (continuation lines joined),
    with the output shown under it (None where none is shown)."""
    examples: list[tuple[str, str | None]] = []
    for block in re.findall(r"```console\n(.*?)```", text, re.DOTALL):
        lines = block.splitlines()
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ "):
                i += 1
                continue
            command = lines[i][2:]
            while command.endswith("\\"):
                i += 1
                command = command[:-1] + " " + lines[i].strip()
            i += 1
            shown = []
            while i < len(lines) and not lines[i].startswith("$ "):
                shown.append(lines[i])
                i += 1
            output = "\n".join(shown).strip("\n")
            examples.append((command, output + "\n" if output else None))
    return examples


def test_examples_found() -> None:
    """The parser finds the README's examples, outputs and continuation lines included."""
    examples = dict(console_examples(README.read_text()))
    assert len(examples) >= 15
    assert examples["revenue estimate --monthly-pay 1999.99 | cut -d, -f8"] == (
        "total_usd\n259998800\n"
    )
    assert examples["revenue estimate --troops 12000 --format json"] is None
    assert any("--correlate" in c and "--samples-out" in c for c in examples)


@pytest.mark.slow
def test_readme_console_examples(tmp_path: Path) -> None:
    """Every `$ revenue` line runs, in order, in one empty folder (a later line may read a
    file an earlier one wrote): exit 0, the output shown where the README shows one, and
    some output (or a file written) where it does not."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    for command, shown in console_examples(README.read_text()):
        if not command.startswith("revenue "):
            continue
        before = {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
        r = subprocess.run(["bash", "-c", command.replace("revenue ", REVENUE + " ")],
                           capture_output=True, text=True, cwd=tmp_path, env=env,
                           timeout=120)  # fmt: skip
        assert r.returncode == 0, (command, r.stderr)
        if shown is not None:
            assert r.stdout == shown, command
        else:
            after = {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
            assert r.stdout.strip() or after != before, command
