"""Docs that run: the README's console examples print what the README shows (one test a
line), every `Example:` in --help runs, every examples/ script prints its checked-in output,
and the README's Limits are the code's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REVENUE
from helpers import COMMAND_NAMES, GROUP

from dprk_ru.analysis.compare import MAX_SCENARIOS
from dprk_ru.analysis.simulate import MAX_DRAWS
from dprk_ru.render.charts import (
    MAX_BARS,
    MAX_EVENTS,
    MAX_LINES,
    MAX_MARKS,
    MAX_PANELS,
    MAX_TORNADO,
    PANEL_LINES,
)


def _examples() -> list[tuple[str, str]]:
    out = []
    for command in COMMAND_NAMES:
        cmd = GROUP
        for name in command:
            cmd = cmd.commands[name]  # type: ignore[attr-defined]
        for line in (cmd.help or "").splitlines():
            if line.strip().startswith("Example:"):
                out.append((" ".join(command), line.strip().removeprefix("Example:").strip()))
    return out


EXAMPLES = _examples()


def test_every_command_has_two_examples() -> None:
    """At least two `Example:` lines in every command's help, each running `revenue`."""
    for command in COMMAND_NAMES:
        examples = [e for c, e in EXAMPLES if c == " ".join(command)]
        assert len(examples) >= 2, command
        assert all(e.startswith("revenue ") for e in examples), command


@pytest.mark.slow
@pytest.mark.parametrize(("command", "example"), EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_help_examples_run(tmp_path: Path, command: str, example: str) -> None:
    """Every example shown in --help runs in a shell, in an empty folder: exit 0, and output
    (on stdout, or in the file it redirects to)."""
    line = example.replace("revenue ", REVENUE + " ")
    r = subprocess.run(["bash", "-c", line], capture_output=True, text=True, cwd=tmp_path,
                       timeout=120)  # fmt: skip
    assert r.returncode == 0, r.stderr
    written = [p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()]
    assert r.stdout.strip() or any(t.strip() for t in written), example


EXAMPLES_DIR = Path(__file__).parents[1] / "examples"


SCRIPTS = sorted(EXAMPLES_DIR.glob("*.sh"))


@pytest.fixture(scope="module")
def path_with_revenue(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A PATH whose `revenue` is this Python's CLI (whatever is installed elsewhere)."""
    bin_dir = tmp_path_factory.mktemp("bin")
    shim = bin_dir / "revenue"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m dprk_ru "$@"\n')
    shim.chmod(0o755)
    return f"{bin_dir}{os.pathsep}{os.environ['PATH']}"


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_output(script: Path, path_with_revenue: str) -> None:
    """The script's output (stdout and stderr together) equals its checked-in .out file."""
    env = {**os.environ, "PATH": path_with_revenue, "NO_COLOR": "1", "COLUMNS": "100",
           "LC_ALL": "C"}  # fmt: skip
    r = subprocess.run(["bash", str(script)], capture_output=True, text=True, env=env,
                       cwd=EXAMPLES_DIR.parent, timeout=120)  # fmt: skip
    output = r.stdout + r.stderr
    expected = script.with_suffix(".out").read_text()
    assert output == expected


def test_readme_states_the_limits_the_code_keeps() -> None:
    """The README's Limits table gives each constant's value, so the two cannot drift."""
    import re

    from dprk_ru.analysis.sweep import DEFAULT_MAX_ROWS
    from dprk_ru.analysis.timeline import MAX_MONTHS
    from dprk_ru.cli.options import MAX_SAMPLES, MAX_TEXT
    from dprk_ru.render.xlsx import MAX_ROWS
    from dprk_ru.scenarios import scenario as s

    readme = (Path(__file__).parents[1] / "README.md").read_text()
    table = readme[readme.index("## Limits") :]
    table = table[: table.index("\n\n", table.index("| --- |"))]
    stated = dict(re.findall(r"^\| (.+?) \| (.+?) \|$", table, re.M)[2:])
    assert stated == {
        "scenario file size": f"{s.MAX_FILE_BYTES:,} bytes",
        "scenario file lines": f"{s.MAX_LINES:,}",
        "dotted key or table name depth": f"{s.MAX_KEY_DEPTH}",
        "arrays and inline tables nested": f"{s.MAX_NESTING}",
        "pieces of structure (dotted-key parts, tables, arrays, items)": f"{s.MAX_PIECES:,}",
        "keys in a scenario file": f"{s.MAX_KEYS:,}",
        "contingents in a scenario file": f"{s.MAX_CONTINGENTS:,}",
        "sources in a scenario file": f"{s.MAX_SOURCES:,}",
        "integer digits in a scenario file": "4,300",
        "significant digits of a decimal number in a scenario file":
            f"{s.MAX_FLOAT_DIGITS} (and at most 1e{s.MAX_FLOAT_EXPONENT} either way)",
        "`sweep` rows (`--max-rows`, every format)":
            f"{DEFAULT_MAX_ROWS:,} (xlsx: {MAX_ROWS:,})",
        "`simulate` and `report` `--samples`": f"{MAX_SAMPLES:,}",
        "samples x uncertain quantities (`simulate`, `report`)": f"{MAX_DRAWS:,} draws",
        "scenarios in one `compare`": f"{MAX_SCENARIOS}",
        "`timeline` months shown": f"{MAX_MONTHS:,}",
        "`compare --plot` bars": f"{MAX_BARS}",
        "`sensitivity --plot` inputs": f"{MAX_TORNADO}",
        "`simulate --plot` percentiles": f"{MAX_MARKS}",
        "`timeline --plot` troop changes": f"{MAX_EVENTS}",
        f"`sweep --plot` lines ({MAX_PANELS} panels of {PANEL_LINES})": f"{MAX_LINES}",
        "`--title` (a chart's or the brief's)": f"{MAX_TEXT['--title']} characters",
        "`report --date`": f"{MAX_TEXT['--date']} characters",
    }  # fmt: skip


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


#: The README's ``$ revenue`` lines, in order, with the output shown under each (or None).
CONSOLE = [
    (c, shown) for c, shown in console_examples(README.read_text()) if c.startswith("revenue ")
]
#: What a line writes: a redirection's target, or an output option's file.
WRITES = re.compile(r"(?:>|-o|--output|--samples-out|--plot)\s+([\w.-]+)")


@pytest.mark.slow
@pytest.mark.parametrize("line", range(len(CONSOLE)), ids=[c for c, _ in CONSOLE])
def test_readme_console_examples(tmp_path: Path, line: int) -> None:
    """Every `$ revenue` line runs in an empty folder, after the earlier lines that write a
    file it names (`scenarios show ... > mine.toml` before `-s mine.toml`): exit 0, the
    output shown where the README shows one, and some output (or a file written) where it
    does not."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}

    def bash(command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-c", command.replace("revenue ", REVENUE + " ")],
                              capture_output=True, text=True, cwd=tmp_path, env=env,
                              timeout=120)  # fmt: skip

    command, shown = CONSOLE[line]
    for earlier, _ in CONSOLE[:line]:
        if any(re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w.-])", command)
               for name in WRITES.findall(earlier)):  # fmt: skip
            assert bash(earlier).returncode == 0, earlier
    before = {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    r = bash(command)
    assert r.returncode == 0, (command, r.stderr)
    if shown is not None:
        assert r.stdout == shown, command
    else:
        after = {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
        assert r.stdout.strip() or after != before, command
