"""The edges of the CLI: usage errors, help, escape codes, control characters, encodings."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import REVENUE, Run
from typer.testing import Result

from dprk_ru.cli import app
from dprk_ru.core.text import markdown_inert, printable
from dprk_ru.render.formats import Format

GROUP = typer.main.get_command(app)


def _commands() -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []

    def walk(prefix: tuple[str, ...], cmd: object) -> None:
        if prefix:
            found.append(prefix)
        for name, sub in (getattr(cmd, "commands", None) or {}).items():
            walk((*prefix, name), sub)

    walk((), GROUP)
    return found


COMMANDS = _commands()


# Usage errors ---------------------------------------------------------------------------

FORMATS = ", ".join(f.value for f in Format)  # auto, table, csv, json, jsonl, markdown, ...
#: --for's help, as the error quotes it: its first sentence, without the capital.
FOR_HELP = next(p.help for p in GROUP.commands["solve"].params if p.name == "solve_for")  # type: ignore[attr-defined]
FOR_HELP = FOR_HELP[0].lower() + FOR_HELP[1:].split(". ")[0].rstrip(".")


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


# Help -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [(), *COMMANDS], ids=lambda c: " ".join(c) or "revenue")
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


@pytest.mark.parametrize("command", [(), *COMMANDS], ids=lambda c: " ".join(c) or "revenue")
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


class CliRunnerWide:
    """Typer's runner with a 250-column screen."""

    def invoke(self, app: typer.Typer, args: list[str]) -> Result:
        from typer.testing import CliRunner

        return CliRunner().invoke(app, args, env={"COLUMNS": "250", "NO_COLOR": "1"})


def _examples() -> list[tuple[str, str]]:
    out = []
    for command in COMMANDS:
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
    for command in COMMANDS:
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


# Escape codes on a terminal ----------------------------------------------------------------


def _pty(args: list[str], env: dict[str, str], cwd: Path | None = None) -> bytes:
    """Run ``python -m dprk_ru ARGS`` with stdout and stderr on a pseudo-terminal; all it
    wrote there."""
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full.update({"COLUMNS": "80", "TERM": "xterm-256color", **env})
    main, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "dprk_ru", *args], stdin=subprocess.DEVNULL,
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
    proc.wait(timeout=120)
    os.close(main)
    return out


def _pty_code(args: list[str], cwd: Path) -> tuple[int, bytes]:
    """Like ``_pty`` (colourless), with the exit code."""
    main, secondary = pty.openpty()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    proc = subprocess.Popen([sys.executable, "-m", "dprk_ru", *args], stdin=subprocess.DEVNULL,
                            stdout=secondary, stderr=secondary, env=env, cwd=cwd)  # fmt: skip
    os.close(secondary)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    return proc.wait(timeout=120), out


@pytest.mark.slow
def test_report_on_a_terminal_asks_for_a_file(tmp_path: Path) -> None:
    """`revenue report` with no -o on a terminal is exit 2 saying how to write a file,
    before any work (no page on the screen); -o writes it; in a pipe it writes as before."""
    code, out = _pty_code(["report", "--troops", "10000"], tmp_path)
    assert code == 2 and b"<html" not in out
    assert out.decode().replace("\r\n", "\n") == (
        "Error: report writes a whole page, not for the screen: name a file, revenue report "
        "... -o brief.html (or brief.md), or redirect it (> brief.html)\n"
    )
    code, out = _pty_code(["report", "--troops", "10000", "-o", "brief.html"], tmp_path)
    assert code == 0 and (tmp_path / "brief.html").read_text().startswith("<!DOCTYPE html>")
    piped = subprocess.run([sys.executable, "-m", "dprk_ru", "report", "--troops", "10000"],
                           capture_output=True, text=True, timeout=120)  # fmt: skip
    assert piped.returncode == 0 and piped.stdout.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("missing", ["matplotlib", "jinja2"])
def test_report_without_its_extra_names_it(run: Run, tmp_path: Path, missing: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Without matplotlib or Jinja2, `report` names the report extra (not --plot, which was
    not given), exit 1, and writes nothing."""
    monkeypatch.setitem(sys.modules, missing, None)
    r = run("report", "--troops", "10000", "-o", str(tmp_path / "b.html"))
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == (
        f"Error: report needs the report extra ({missing} is missing): pip install "
        "'dprk-ru[report]' (from a checkout: pip install '.[report]')\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [["--help"], ["estimate", "--help"], ["estimate", "--format", "xml"], ["nosuch"],
     ["estimate", "--troops", "x"], ["compare"]],
)  # fmt: skip
def test_no_escape_codes_with_no_color_on_a_terminal(args: list[str]) -> None:
    """On a terminal, NO_COLOR=1 or --no-color leaves not one escape code in help, usage
    errors or tables; without them the same output has some (so the test can fail)."""
    assert b"\x1b" not in _pty(args, {"NO_COLOR": "1"})
    assert b"\x1b" not in _pty(["--no-color", *args], {})
    if args != ["compare"]:  # the compare table has no style to show
        assert b"\x1b[" in _pty(args, {})


@pytest.mark.slow
@pytest.mark.parametrize(("suffix", "lines"), [("csv", 200_001), ("json", 200_000 * 18 + 2),
                                                ("jsonl", 200_000), ("md", 200_002),
                                                ("xlsx", None)])  # fmt: skip
def test_progress_without_escape_codes(tmp_path: Path, suffix: str, lines: int | None) -> None:
    """The sweep's progress on a terminal, in every format it writes to a file: rich's bar
    (cursor codes) normally, and under NO_COLOR a line redrawn with carriage returns, then
    erased, and no escape code."""
    if suffix == "xlsx":
        pytest.importorskip("xlsxwriter")
    args = ["sweep", "--troops", "0:199999:1", "-o", f"big.{suffix}"]
    plain = _pty(args, {"NO_COLOR": "1"}, tmp_path)
    assert b"\x1b" not in plain
    assert b"\rsweep 100% (200,000 of 200,000)" in plain and plain.endswith(b"\r")
    if lines is not None:
        assert (tmp_path / f"big.{suffix}").read_text().count("\n") == lines
    if suffix != "xlsx":  # a workbook of 200,000 rows takes a while: once is enough
        assert b"\x1b[?25l" in _pty(args, {}, tmp_path)


# Control characters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [("plain", "plain"), ("a\x1b[31mb", "a\\x1b[31mb"), ("two\nlines\r\tx", "two\\nlines\\r\\tx"),
     ("\x00\x7f\x9b", "\\x00\\x7f\\x9b"), ("rtl\u202eevil\u2028", "rtl\\u202eevil\\u2028"),
     ("Kursk – 2024 é", "Kursk – 2024 é")],
)  # fmt: skip
def test_printable(text: str, shown: str) -> None:
    """Control characters become visible escapes; other text, accents and dashes included,
    is left alone."""
    assert printable(text) == shown


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    """A scenario whose names hold an ESC sequence, a newline, a BEL and a bidi override."""
    f = tmp_path / "evil.toml"
    f.write_text('name = "red\\u001b[31mX\\nline2"\n[[contingents]]\nname = "c\\u0007\\u202e"\n'
                 "troops = 100\n")  # fmt: skip
    return f


def test_control_characters_escaped_in_csv_markdown_and_tables(run: Run, evil: Path) -> None:
    """CSV, Markdown and the table show the names with escapes: one line per record, no
    raw control character."""
    name = "red\\x1b[31mX\\nline2"
    csv = run("estimate", "-s", str(evil), "-f", "csv")
    assert csv.exit_code == 0
    assert csv.stdout.splitlines()[1].startswith(f"{name},c\\x07\\u202e,100,2000,")
    assert csv.stdout.count("\n") == 2
    md = run("estimate", "-s", str(evil), "-f", "markdown").stdout
    # Markdown also escapes the backslash and the bracket the escapes show, to show them.
    shown = markdown_inert("red\x1b[31mX\nline2")
    assert shown == "red\\\\x1b\\[31mX\\\\nline2"
    assert md.splitlines()[2].startswith(f"| {shown} | c\\\\x07\\\\u202e | 100 |")
    for args in (["estimate", "-f", "table"], ["compare", "-f", "table"]):
        out = run(*(["compare", str(evil), "-f", "table"] if args[0] == "compare" else
                    ["estimate", "-s", str(evil), "-f", "table"])).stdout  # fmt: skip
        assert name in out.replace("\n", "") or "red\\x1b[31mX\\nli" in out, out
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out), args


def test_json_keeps_the_exact_name(run: Run, evil: Path) -> None:
    """JSON is data: the name comes back exactly (JSON escapes control characters itself)."""
    r = run("estimate", "-s", str(evil), "-f", "json")
    assert '"red\\u001b[31mX\\nline2"' in r.stdout
    assert json.loads(r.stdout)[0]["scenario"] == "red\x1b[31mX\nline2"


def test_error_line_escapes_control_characters(run: Run, tmp_path: Path) -> None:
    """An unknown TOML key holding ESC is named in one line, the ESC shown as \\x1b."""
    f = tmp_path / "k.toml"
    f.write_text('name = "k"\n"bad\\u001b[31mkey\\nx" = 1\n[[contingents]]\ntroops = 1\n')
    r = run("estimate", "-s", str(f))
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and "\x1b" not in r.stderr
    assert "bad\\x1b[31mkey\\nx" in r.stderr


def test_markup_in_names_is_text(run: Run, tmp_path: Path) -> None:
    """Square brackets in a name are text, never rich markup (a closing tag raised a
    MarkupError traceback)."""
    f = tmp_path / "m.toml"
    f.write_text('name = "[/bold] x [red]r"\n[[contingents]]\nname = "[b]c"\ntroops = 100\n')
    for args in (["estimate", "-s", str(f)], ["compare", str(f)],
                 ["simulate", "-s", str(f), "--samples", "10", "--seed", "1"]):  # fmt: skip
        r = run(*args, "-f", "table")
        assert r.exit_code == 0, r.output
        assert "[/bold] x [red]r" in r.stdout, args


# Encodings ------------------------------------------------------------------------------


def test_ascii_terminal_gets_an_ascii_table() -> None:
    """With an ASCII-only output (PYTHONIOENCODING=ascii) tables are drawn in ASCII: the
    bars as #, the boxes as + - |, exit 0."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1", "COLUMNS": "140"}
    r = subprocess.run([sys.executable, "-m", "dprk_ru", "compare", "-f", "table"],
                       capture_output=True, env=env)  # fmt: skip
    assert r.returncode == 0, r.stderr
    r.stdout.decode("ascii")
    assert re.search(
        rb"\nKursk, 2024 \(kursk-2024\) +\|12,000 \|\$288\.0M \|\$24\.0M \| \$0\.00 "
        rb"\|\$312\.0M \|######## +\| "
        rb"\+\$52\.0M \|",
        r.stdout,
    )


def test_ascii_output_cannot_carry_data_one_line(tmp_path: Path) -> None:
    """A name the output encoding cannot write: a table shows it escaped; CSV, which must
    not change data, stops with one line and exit 1."""
    f = tmp_path / "u.toml"
    f.write_text('name = "Kursk – 2024 é"\n[[contingents]]\ntroops = 1\n', encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1", "COLUMNS": "100"}
    table = subprocess.run([sys.executable, "-m", "dprk_ru", "compare", str(f), "-f", "table"],
                           capture_output=True, text=True, env=env)  # fmt: skip
    assert table.returncode == 0 and "Kursk - 2024 \\xe9" in table.stdout
    csv = subprocess.run([sys.executable, "-m", "dprk_ru", "compare", str(f), "-f", "csv"],
                         capture_output=True, text=True, env=env)  # fmt: skip
    assert csv.returncode == 1
    # stderr writes what ASCII lacks as a backslash escape, as Python does for stderr
    assert csv.stderr == (
        "Error: the output encoding (ascii) cannot write '\\u2013'; set PYTHONIOENCODING=utf-8\n"
    )


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_explain_escapes_control_characters(run: Run, evil: Path, fmt: str) -> None:
    """`explain` shows the names escaped in text and Markdown, as every renderer does."""
    r = run("explain", "-s", str(evil), "-f", fmt)
    assert r.exit_code == 0
    shown = markdown_inert if fmt == "markdown" else printable
    assert shown("red\x1b[31mX") in r.stdout and shown("c\x07\u202e") in r.stdout
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", r.stdout)


@pytest.mark.parametrize("name", ["brief.md", "brief.html"])
def test_report_escapes_control_characters(run: Run, evil: Path, tmp_path: Path, name: str) -> None:
    """A brief written from a file with control characters in its names holds none raw."""
    out = tmp_path / name
    r = run("report", "-s", str(evil), "-o", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text()
    assert "x1b" in text and "red\x1b" not in text
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", text)
