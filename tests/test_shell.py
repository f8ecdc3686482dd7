"""Real terminals and shells: colour and escape codes, locales, progress on a terminal."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REVENUE, shell
from helpers import on_terminal


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


def _terminal(
    args: list[str], env: dict[str, str], cwd: Path | None = None, first: str = ""
) -> bytes:
    """All the CLI wrote on a pseudo-terminal (``helpers.on_terminal``)."""
    return on_terminal(args, env, cwd, first)[1]


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [["--help"], ["estimate", "--help"], ["estimate", "--format", "xml"], ["nosuch"],
     ["estimate", "--troops", "x"], ["compare"]],
)  # fmt: skip
def test_no_escape_codes_with_no_color_on_a_terminal(args: list[str]) -> None:
    """On a terminal, NO_COLOR=1 or --no-color leaves not one escape code in help, usage
    errors or tables; without them the same output has some (so the test can fail)."""
    assert b"\x1b" not in _terminal(args, {"NO_COLOR": "1"})
    assert b"\x1b" not in _terminal(["--no-color", *args], {})
    if args != ["compare"]:  # the compare table has no style to show
        assert b"\x1b[" in _terminal(args, {})


@pytest.mark.slow
@pytest.mark.parametrize(("suffix", "lines"), [("csv", 200_001), ("json", 200_000 * 18 + 2),
                                                ("jsonl", 200_000), ("md", 200_002)])  # fmt: skip
def test_progress_without_escape_codes(tmp_path: Path, suffix: str, lines: int) -> None:
    """The sweep's progress on a terminal, in every format it writes to a file: rich's bar
    (cursor codes) normally, and under NO_COLOR a line redrawn with carriage returns, then
    erased, and no escape code."""
    args = ["sweep", "--troops", "0:199999:1", "-o", f"big.{suffix}"]
    plain = _terminal(args, {"NO_COLOR": "1"}, tmp_path)
    assert b"\x1b" not in plain
    assert b"\rsweep 100% (200,000 of 200,000)" in plain and plain.endswith(b"\r")
    assert (tmp_path / f"big.{suffix}").read_text().count("\n") == lines
    assert b"\x1b[?25l" in _terminal(args, {}, tmp_path)


def test_workbook_progress_without_escape_codes(tmp_path: Path) -> None:
    """A workbook's rows go through the records' path, not the fast writer: under NO_COLOR
    its progress on a terminal is the same line, redrawn with carriage returns and erased
    (the bar shown from 3,000 rows rather than 200,000: a workbook that size takes a while)."""
    pytest.importorskip("xlsxwriter")
    args = ["sweep", "--troops", "0:2999:1", "-o", "big.xlsx"]
    plain = _terminal(
        args,
        {"NO_COLOR": "1"},
        tmp_path,
        "import dprk_ru.cli.progress as s\ns.PROGRESS_MIN_ROWS = 3000",
    )
    assert b"\x1b" not in plain
    assert b"\rsweep 100% (3,000 of 3,000)" in plain and plain.endswith(b"\r")
    assert (tmp_path / "big.xlsx").stat().st_size > 0


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


def test_no_escape_codes_in_pipes() -> None:
    """Piped output has no escape codes, whatever the format."""
    for fmt in ("csv", "json", "jsonl", "markdown", "table"):
        out = shell(f"FORCE_COLOR= revenue estimate -f {fmt} | cat").stdout
        assert "\x1b" not in out, fmt


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
