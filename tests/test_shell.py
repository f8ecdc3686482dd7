"""Real shell behaviour: pipes, terminals and colour, locales, output files, start-up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REVENUE, revenue, shell

from dprk_ru.cli import app

ROOT = Path(__file__).parents[1]
#: A data-printing run of every command, small enough to be quick.
RUNS = {
    "estimate": ["estimate", "--troops", "10000"],
    "sweep": ["sweep", "--troops", "1:200000:1"],
    "compare": ["compare"],
    "solve": ["solve", "--for", "troops", "--target", "2.6B"],
    "simulate": ["simulate", "--troops", "8000 to 12000", "--seed", "1", "--samples", "1000"],
    "sensitivity": ["sensitivity", "--troops", "8000 to 12000"],
    "timeline": ["timeline", "--from", "2024-11", "--to", "2030-12"],
    "sources": ["sources"],
    "published": ["published"],
    "scenarios": ["scenarios"],
    "scenarios show": ["scenarios", "show", "deployments-2024-2025"],
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_closed_pipe_every_command(name: str) -> None:
    """`revenue ... | head -n 1` ends quietly for every command: no traceback, no message."""
    args = " ".join(f"'{a}'" for a in RUNS[name])
    fmt = "" if name == "scenarios show" else "-f csv"
    r = shell(f'revenue {args} {fmt} | head -n 1 >/dev/null; echo "rc=${{PIPESTATUS[0]}}" >&2')
    assert r.stderr.strip().splitlines()[-1] in ("rc=0", "rc=141"), r.stderr
    assert "Traceback" not in r.stdout + r.stderr and "Broken pipe" not in r.stderr


@pytest.mark.parametrize("name", sorted(RUNS))
def test_output_file_every_command(name: str, tmp_path: Path) -> None:
    """--output writes the same bytes as stdout, atomically, leaving no temporary file."""
    target = tmp_path / "out.txt"
    fmt = [] if name == "scenarios show" else ["-f", "csv"]
    to_stdout = revenue(*RUNS[name], *fmt)
    to_file = revenue(*RUNS[name], *fmt, "--output", str(target))
    assert to_file.returncode == 0 and to_file.stdout == ""
    assert target.read_text() == to_stdout.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_failed_validation_leaves_file_untouched(tmp_path: Path) -> None:
    """A run that fails validation does not touch an existing output file."""
    target = tmp_path / "keep.csv"
    target.write_text("precious\n")
    for args in (["estimate", "--troops", "-5"], ["sweep", "--months", "13"],
                 ["simulate", "--troops", "12 to 8"], ["timeline", "--from", "2025-13"],
                 ["solve", "--for", "months", "--target", "1B"]):  # fmt: skip
        r = revenue(*args, "--output", str(target))
        assert r.returncode in (1, 2)
        assert target.read_text() == "precious\n"
        assert [p.name for p in tmp_path.iterdir()] == ["keep.csv"]


def test_unwritable_output_exits_1(tmp_path: Path) -> None:
    """An output path in a missing folder exits 1 with a message and no traceback."""
    r = revenue("estimate", "--output", str(tmp_path / "missing" / "out.csv"))
    assert r.returncode == 1 and "--output: cannot write" in r.stderr
    assert "Traceback" not in r.stderr


def _pty(command: str, env: dict[str, str] | None = None) -> str:
    """Run ``command`` under a pseudo-terminal (``script``); return what it printed."""
    if shutil.which("script") is None:
        pytest.skip("script(1) is not installed")
    full = {**os.environ, "COLUMNS": "100", "TERM": "xterm-256color", **(env or {})}
    full.pop("NO_COLOR", None)
    full.update(env or {})
    r = subprocess.run(["script", "-qec", command.replace("revenue ", REVENUE + " "), "/dev/null"],
                       capture_output=True, text=True, env=full, timeout=60)  # fmt: skip
    return r.stdout


def test_terminal_colours_and_no_color() -> None:
    """On a terminal the table has escape codes; NO_COLOR or --no-color removes every one."""
    assert "\x1b[" in _pty("revenue estimate")
    assert "\x1b[" not in _pty("revenue estimate", {"NO_COLOR": "1"})
    plain = _pty("revenue --no-color estimate")
    assert "\x1b[" not in plain and "$260,000,000" in plain
    error = _pty("revenue estimate --troops x", {"NO_COLOR": "1"})
    assert "\x1b[" not in error and "Error: --troops" in error


def test_no_escape_codes_in_pipes() -> None:
    """Piped output has no escape codes, whatever the format."""
    for fmt in ("csv", "json", "jsonl", "markdown", "table"):
        out = shell(f"FORCE_COLOR= revenue estimate -f {fmt} | cat").stdout
        assert "\x1b" not in out, fmt


LOCALES = ("C", "de_DE.UTF-8", "fr_FR.UTF-8")


def _locale_env(locales: Path, loc: str) -> dict[str, str]:
    return {
        **os.environ,
        "LOCPATH": str(locales),
        "LC_ALL": loc,
        "LANG": loc,
        "NO_COLOR": "1",
        "COLUMNS": "100",
    }


@pytest.fixture(scope="module")
def locales(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """de_DE.UTF-8 and fr_FR.UTF-8 generated with localedef into a private LOCPATH, and
    really loaded there (a comma for a decimal point), not C."""
    if shutil.which("localedef") is None:
        pytest.skip("localedef is not installed")
    path = tmp_path_factory.mktemp("locales")
    for name in ("de_DE", "fr_FR"):
        r = subprocess.run(["localedef", "-i", name, "-f", "UTF-8", str(path / f"{name}.UTF-8")],
                           capture_output=True, text=True)  # fmt: skip
        if not (path / f"{name}.UTF-8").exists():
            pytest.skip(f"localedef could not build {name}: {r.stderr.strip()}")
    point = (
        "import locale; locale.setlocale(locale.LC_ALL, ''); "
        "print(locale.localeconv()['decimal_point'])"
    )
    for loc in LOCALES:
        probe = subprocess.run(
            [sys.executable, "-c", point],
            capture_output=True,
            text=True,
            env=_locale_env(path, loc),
        )
        assert probe.stdout.strip() == ("." if loc == "C" else ","), loc
    return path


@pytest.mark.slow
@pytest.mark.xdist_group("locales")  # one worker generates the locales (a module fixture)
@pytest.mark.parametrize(
    "args",
    [["estimate", "--monthly-pay", "1999.99", "--state-share", "0.3333"],
     ["estimate", "-f", "table"], ["compare", "-f", "table"], ["published", "-f", "json"],
     ["sweep", "--months", "0.5:1:0.1"], ["simulate", "--troops", "8000 to 12000", "--seed", "3",
      "--samples", "2000"]],
)  # fmt: skip
def test_output_identical_across_locales(locales: Path, args: list[str]) -> None:
    """Byte-identical output under C, de_DE.UTF-8 and fr_FR.UTF-8 (really loaded, not C)."""
    outputs = {}
    for loc in LOCALES:
        env = _locale_env(locales, loc)
        r = subprocess.run([sys.executable, "-m", "dprk_ru", *args], capture_output=True, env=env)
        assert r.returncode == 0, r.stderr
        outputs[loc] = r.stdout
    assert outputs["C"] == outputs["de_DE.UTF-8"] == outputs["fr_FR.UTF-8"]


def test_shell_completion() -> None:
    """Completion scripts are available for bash, zsh and fish."""
    for sh in ("bash", "zsh", "fish"):
        env = {**os.environ, "SHELL": sh}
        r = subprocess.run([sys.executable, "-m", "dprk_ru", "--show-completion", sh],
                           capture_output=True, text=True, env=env)  # fmt: skip
        assert r.returncode == 0 and "complete" in r.stdout.lower(), (sh, r.stderr)


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


def test_long_simulations_show_progress_on_a_terminal(tmp_path: Path) -> None:
    """simulate and report at 1,000,000 draws or more show progress on a terminal (with
    NO_COLOR a line redrawn with carriage returns: the shared draws, then the contingent);
    --quiet, smaller work or a pipe show none. (Text mode reads each carriage return as a
    line end.)"""
    plain = {"NO_COLOR": "1"}
    out = _pty('revenue simulate --troops "1 to 2" -n 1000000 -o /dev/null', plain)
    assert "\nsimulate  50% (1 of 2)\nsimulate 100% (2 of 2)\n" in out
    brief = tmp_path / "b.html"
    out = _pty(f'revenue report --troops "1 to 2" -n 1000000 -o {brief}', plain)
    assert "\nreport 100% (2 of 2)\n" in out
    draws = tmp_path / "d.csv"
    out = _pty(f'revenue simulate --troops "1 to 2" -n 1000000 -o /dev/null --samples-out {draws}',
               plain)  # fmt: skip
    assert "\n--samples-out 100% (1,000,000 of 1,000,000)\n" in out
    assert "%" not in _pty('revenue simulate --troops "1 to 2" -n 1000000 -q -o /dev/null', plain)
    assert "%" not in _pty('revenue simulate --troops "1 to 2" -n 999999 -o /dev/null', plain)
    piped = shell('revenue simulate --troops "1 to 2" -n 1000000 -o /dev/null 2>&1 | cat')
    assert piped.stdout == ""
