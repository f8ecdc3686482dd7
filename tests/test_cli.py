"""The CLI's root: usage errors as one line, help, version, the text options' lengths, light
imports, every command documented."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import Run
from helpers import COMMAND_NAMES, FORMATS, GROUP, refused
from typer.testing import Result

from dprk_ru.cli import app

#: --for's help, as the error quotes it: its first sentence, without the capital.
FOR_HELP = next(p.help for p in GROUP.commands["solve"].params if p.name == "solve_for")  # type: ignore[attr-defined]


FOR_HELP = FOR_HELP[0].lower() + FOR_HELP[1:].split(". ")[0].rstrip(".")


class CliRunnerWide:
    """Typer's runner with a 250-column screen."""

    def invoke(self, app: typer.Typer, args: list[str]) -> Result:
        from typer.testing import CliRunner

        return CliRunner().invoke(app, args, env={"COLUMNS": "250", "NO_COLOR": "1"})


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["estimate", "--format", "xml"],
         f"--format: expected one of {FORMATS}, got 'xml'"),
        (["estimate", "-fxml"], f"--format: expected one of {FORMATS}, got 'xml'"),
        (["estimate", "--format=XML2"], f"--format: expected one of {FORMATS}, got 'XML2'"),
        (["estimate", "--bogus"],
         "--bogus: no such option of `revenue estimate`; did you mean --bonus or --bonus-share? "
         "(`revenue estimate --help` lists them)"),
        (["simulate", "--samples", "0"],
         "--samples: expected a whole number from 1 to 10,000,000, got '0'"),
        (["simulate", "-n", "1e3"],
         "--samples: expected a whole number from 1 to 10,000,000, got '1e3'"),
        (["sweep", "--max-rows", "0"],
         "--max-rows: expected a whole number of at least 1, got '0'"),
        (["estimate", "-o", "."], "--output: '.' is a directory; give a file name"),
        (["solve", "--target", "1B"], f"--for is required: {FOR_HELP}"),
        (["scenarios", "show"], "NAME is required: a built-in scenario name or a scenario file"),
        (["estimate", "--troops"], "--troops needs a value: a whole number from 0 to 10,000,000"),
        (["compare", "-f"], f"--format needs a value: one of {FORMATS}"),
        (["sweep", "--quiet=yes"],
         "--quiet takes no value: it is a flag (`--quiet`, not `--quiet=...`)"),
        (["estimate", "extra"],
         "revenue estimate: unexpected argument(s) 'extra'; it takes options only "
         "(`revenue estimate --help` lists them)"),
        (["estimat"],
         "'estimat': no such command of `revenue`; did you mean estimate? (commands: "
         f"{', '.join(GROUP.commands)})"),  # type: ignore[attr-defined]
        (["estimate", "--no-color", "-f", "csv"],
         "--no-color goes before the command: revenue --no-color estimate -f csv"),
        (["estimate", "--troops", "\x1b[31m"],
         "--troops: expected a whole number from 0 to 10,000,000, got '\\x1b[31m'"),
    ],
)  # fmt: skip
def test_usage_errors_are_one_line(run: Run, args: list[str], line: str) -> None:
    """A usage error is one line on stderr naming the option and what it allows, exit 2,
    nothing on stdout: no usage block, no rich box."""
    r = run(*args)
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", f"Error: {line}\n")


def test_usage_error_one_line_in_a_real_process() -> None:
    """The console script says the same as the in-process app (the entry point goes
    through the same group)."""
    r = subprocess.run([sys.executable, "-m", "dprk_ru", "simulate", "--samples", "0"],
                       capture_output=True, text=True)  # fmt: skip
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == "Error: --samples: expected a whole number from 1 to 10,000,000, got '0'\n"


def test_no_arguments_shows_help(run: Run) -> None:
    """`revenue` alone prints the help (exit 2, as Click does), not an error."""
    r = run()
    assert r.exit_code == 2
    assert "Usage: revenue [OPTIONS] COMMAND" in r.stdout and "estimate" in r.stdout


def test_version_short_flag(run: Run) -> None:
    """-V is --version."""
    from dprk_ru import __version__

    assert run("-V").stdout == run("--version").stdout == f"revenue {__version__}\n"


@pytest.mark.parametrize("command", [(), *COMMAND_NAMES], ids=lambda c: " ".join(c) or "revenue")
def test_help_reads_well(run: Run, command: tuple[str, ...]) -> None:
    """No <bool> beside a flag, and each paragraph of the docstring on one line when the
    screen is wide enough (the docstring's own line breaks do not show)."""
    r = CliRunnerWide().invoke(app, [*command, "--help"])
    assert r.exit_code == 0
    assert "<bool>" not in r.stdout
    cmd = GROUP
    for name in command:
        cmd = cmd.commands[name]  # type: ignore[attr-defined]
    lines = [" ".join(line.strip(" │").split()) for line in r.stdout.splitlines()]
    for paragraph in (cmd.help or "").split("\n\n"):
        for part in re.split(r"\n\s*(?=Example:)", paragraph.strip()):
            assert " ".join(part.split()) in lines, part


@pytest.mark.parametrize("command", [(), *COMMAND_NAMES], ids=lambda c: " ".join(c) or "revenue")
def test_help_at_80_columns_splits_no_metavar(run: Run, command: tuple[str, ...]) -> None:
    """At 80 columns (the fixture's screen) no choice list is split mid-word (the formats
    are named in the help text and the metavar is FORMAT), no Python type shows, and the
    usage line reads as the README writes it (``[SCENARIO]...``, ``NAME``)."""
    r = run(*command, "--help")
    assert r.exit_code == 0
    text = r.stdout
    assert "<list[" not in text and "<str>" not in text and "<auto|" not in text
    assert "]...]" not in text and "{" not in text
    usage = next(line for line in text.splitlines() if "Usage:" in line).split()
    expected = {("compare",): "[OPTIONS] [SCENARIO]...", ("scenarios", "show"): "[OPTIONS] NAME",
                ("sources",): "[OPTIONS] [NAME]..."}  # fmt: skip
    if command in expected:
        assert usage == ["Usage:", "revenue", *command, *expected[command].split()]
    for line in text.splitlines():  # every <...> a panel shows is whole on its line
        if "│" in line:
            assert line.count("<") == line.count(">"), line


def test_version(run: Run) -> None:
    """--version prints the installed package version."""
    from dprk_ru import __version__

    r = run("--version")
    assert r.stdout.strip() == f"revenue {__version__}"
    assert __version__ != "0+unknown"


@pytest.mark.parametrize(
    ("args", "said"),
    [(["sweep", "--troops", "1,2", "--plot", "tt.png", "--title", "t" * 100_000],
      "--title: at most 200 characters, got 100,000; expected the chart's title (with --plot)"),
     (["report", "-o", "b.md", "--title", "t" * 201],
      "--title: at most 200 characters, got 201; expected the brief's title"),
     (["report", "-o", "b.md", "--date", "d" * 41],
      "--date: at most 40 characters, got 41; expected a date to print in the brief (none "
      "unless given, so the same inputs give the same file)")],
    ids=["sweep title", "report title", "report date"],
)  # fmt: skip
def test_text_options_have_a_length(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str
) -> None:
    """A 100,000-character --title took 12 s and 339 MB to draw: --title takes 200
    characters, --date 40, refused before any work (no chart, no brief)."""
    monkeypatch.chdir(tmp_path)
    assert refused(run, tmp_path, *args) == said


ROOT = Path(__file__).parents[1]


def test_light_imports() -> None:
    """`import dprk_ru` and `revenue estimate` import neither numpy nor matplotlib."""
    code = (
        "import sys\n"
        "import dprk_ru\n"
        "assert 'numpy' not in sys.modules and 'matplotlib' not in sys.modules, 'import'\n"
        "from dprk_ru.cli import app\n"
        "app(['estimate', '--troops', '10000', '--format', 'csv'], standalone_mode=False)\n"
        "assert 'numpy' not in sys.modules, 'estimate numpy'\n"
        "assert 'matplotlib' not in sys.modules, 'estimate matplotlib'\n"
        "app(['sweep', '--troops', '1:5:1'], standalone_mode=False)\n"
        "assert 'numpy' not in sys.modules, 'sweep numpy'\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("troops,")


def test_every_command_has_help_and_is_documented() -> None:
    """Each command has a help text with an example, and the README mentions it."""
    import typer

    readme = (ROOT / "README.md").read_text()
    group = typer.main.get_command(app)
    names = list(group.commands)  # type: ignore[attr-defined]
    assert len(names) >= 10
    for name in names:
        cmd = group.commands[name]  # type: ignore[attr-defined]
        assert (cmd.help or "").strip(), name
        assert f"revenue {name}" in readme, name
        if name != "scenarios":
            assert "Example:" in (cmd.help or ""), name
