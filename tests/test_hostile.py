"""Hostile input: every command and option driven with arbitrary values, and bad files.

Whatever comes in: no traceback, exit code 0, 1 or 2, and a message on stderr whenever the
exit code is not 0.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from dprk_ru.cli import app

#: Options whose value is a path: fuzzed as names inside a scratch folder.
PATH_OPTIONS = {"--output", "--samples-out", "--plot"}
#: Commands as argument lists, with the options each takes (flags apart).
GROUP = typer.main.get_command(app)


def _commands() -> dict[tuple[str, ...], list[tuple[str, bool]]]:
    out: dict[tuple[str, ...], list[tuple[str, bool]]] = {}

    def walk(prefix: tuple[str, ...], cmd: object) -> None:
        subs = getattr(cmd, "commands", None)
        params = [
            (p.opts[0], bool(getattr(p, "is_flag", False)))
            for p in getattr(cmd, "params", [])
            if getattr(p, "opts", None) and p.opts[0].startswith("--") and p.opts[0] != "--help"
        ]
        if prefix:
            out[prefix] = params
        for name, sub in (subs or {}).items():
            walk((*prefix, name), sub)

    walk((), GROUP)
    return out


COMMANDS = _commands()

HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "-1",
            "0",
            "-0",
            "1e400",
            "1E3",
            "0x10",
            "1_000",
            "1,000",
            "١٢٣",
            "１２３",
            "²",
            "9" * 400,
            "0.000000001",
            "1:2:0",
            "1:10:-1",
            "10:1:1",
            "a:b:c",
            "1,,2",
            ":",
            "::",
            "1 to",
            "12 to 8",
            "uniform(5)",
            "pert(3,2,1)",
            "normal(1,-1)",
            "__import__('os').system('id')",
            "[/bold]",
            "\x00",
            "\n",
            "2025-13",
            "1950-01",
            "2100-12",
            "troops:troops=1",
            "RUB=0",
            "400000 RUB",
            "5 XYZ",
            "KRW",
            "article-baseline",
            "published:nope",
            ".",
            "/",
            "deployments-2024-2025",
            "1" * 30,
            "-5 to 5",
            "lognormal(100,1)",
            "99999999999999999999",
        ]
    ),  # fmt: skip
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    old = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            yield Path(tmp)
        finally:
            os.chdir(old)


def check(result: Result, args: list[str]) -> None:
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), (args, repr(exc))
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr, args
    if result.exit_code != 0:
        assert result.stderr.strip(), (args, result.stdout)


@st.composite
def invocations(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    options = COMMANDS[command]
    args = list(command)
    chosen = draw(st.lists(st.sampled_from(options), max_size=3, unique=True)) if options else []
    for name, is_flag in chosen:
        if is_flag:
            args.append(name)
            continue
        value = draw(HOSTILE)
        if name in PATH_OPTIONS:
            value = "out-" + "".join(ch for ch in value if ch.isalnum())[:20] + ".png"
        if name == "--samples":
            value = draw(st.sampled_from(["abc", "-1", "0", "1", "20", "1e3", "10000001", ""]))
        args += [name, value]
    if command == ("compare",) or command == ("scenarios", "show"):
        args += draw(st.lists(HOSTILE, max_size=2))
    if command == ("solve",) and "--for" not in args:
        args += ["--for", draw(st.sampled_from(["troops", "months", "x", ""]))]
    if command == ("solve",) and "--target" not in args:
        args += ["--target", draw(HOSTILE)]
    return args


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "400")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(args=invocations())
def test_every_command_survives_hostile_input(args: list[str]) -> None:
    """Arbitrary values for every option of every command: exit 0/1/2, never a traceback."""
    with scratch():
        result = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "80"})
    check(result, args)


def test_commands_are_all_fuzzed() -> None:
    """The fuzzer knows every command (a new command joins it without a test change)."""
    assert {c[0] for c in COMMANDS} >= {"estimate", "sweep", "compare", "solve", "simulate",
                                        "sensitivity", "timeline", "sources", "published",
                                        "scenarios"}  # fmt: skip


FILES = [
    b"\xff\xfe\x00\x01garbage",
    b"",
    b"name = 5\n[[contingents]]\n",
    b'name = "x"\ncontingents = "many"\n',
    b'name = "x"\ncontingents = [1, 2]\n',
    b'name = "x"\n[[contingents]]\ntroops = "lots"\n',
    b'name = "x"\n[[contingents]]\ntroops = 1e400\n',
    b'name = "x"\n[[contingents]]\ntroops = true\n',
    b'name = "x"\n[[contingents]]\nmonthly_pay_usd = nan\n',
    b'name = "x"\n[[contingents]]\nmonthly_pay_usd = inf\n',
    b'name = "x"\n[[contingents]]\nstart = 202411\n',
    b'name = "x"\nrates = "RUB"\n[[contingents]]\n',
    b'name = "x"\nrates = { RUB = -1 }\n[[contingents]]\n',
    b'name = "x"\n[[contingents]]\nassumed = ["everything"]\n',
    b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n",
    b"x = {" * 3000,
    b'name = "x"\n' + b"[[contingents]]\ntroops = 1\n" * 2000,
]


@pytest.mark.parametrize("data", FILES, ids=range(len(FILES)))
@pytest.mark.parametrize("command", ["estimate", "compare", "simulate", "sensitivity",
                                     "timeline", "solve"])  # fmt: skip
def test_hostile_scenario_files(tmp_path: Path, data: bytes, command: str) -> None:
    """Arbitrary bytes, deep nesting, wrong types: exit 0, 1 or 2, never a traceback."""
    f = tmp_path / "s.toml"
    f.write_bytes(data)
    args = [command, str(f)] if command == "compare" else [command, "--scenario", str(f)]
    if command == "solve":
        args += ["--for", "troops", "--target", "1B"]
    if command == "simulate":
        args += ["--samples", "100"]
    result = CliRunner().invoke(app, args, env={"NO_COLOR": "1"})
    check(result, args)


def test_huge_file_refused(tmp_path: Path) -> None:
    """A file over the size limit is refused without being parsed."""
    f = tmp_path / "huge.toml"
    f.write_bytes(b"# " + b"x" * 2_000_000 + b"\n")
    result = CliRunner().invoke(app, ["estimate", "--scenario", str(f)])
    assert result.exit_code == 2 and "larger than" in result.stderr
