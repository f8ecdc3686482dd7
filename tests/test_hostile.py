"""Hostile input: every command and option driven with arbitrary values and with every
value they document, and bad files (bounded before they are parsed).

Whatever comes in: no traceback, exit code 0, 1 or 2, and one line on stderr whenever the
exit code is not 0. ``REVENUE_FUZZ_EXAMPLES`` sets the number of invocations: 100 by
default, 2,000 in CI (.ci/run).
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import Run
from helpers import scratch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from dprk_ru.cli import app
from dprk_ru.core.money import fmt_plain
from dprk_ru.core.params import PARAMS, Param
from dprk_ru.render.formats import Format
from dprk_ru.scenarios.published import ids as published_ids
from dprk_ru.scenarios.scenario import (
    BUILTINS,
    MAX_CONTINGENTS,
    MAX_KEY_DEPTH,
    MAX_KEYS,
    MAX_NESTING,
    MAX_PIECES,
    MAX_SOURCES,
    builtin_text,
)
from dprk_ru.scenarios.sources import RANGES, REFERENCES

ONE = "[[contingents]]\ntroops = 1\n"


SOURCE = '[[sources]]\nname = "s"\n'


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('name = "x"\n[[contingents]]\n' + ".".join(["a"] * 50_000) + " = 1\n",
         f"a key nested deeper than {MAX_KEY_DEPTH} levels"),
        ('name = "x"\n[[contingents]]\nnote = 1\nx = ' + "[" * 40_000 + "]" * 40_000 + "\n",
         f"nested deeper than {MAX_NESTING} levels"),
        ('name = "x"\n[[contingents]]\ntroops = ' + "9" * 5000 + "\n",
         "a number of more than 4,300 digits"),
        ('name = "x"\nunknown = ' + "1" * 4500 + "\n[[contingents]]\n",
         "a number of more than 4,300 digits"),
        ("a = 1\n" * 60_000, "more than a scenario file may have"),
        ('name = "x"\nx = [' + "1," * 50_001 + "]\n" + ONE,
         f"more than {MAX_PIECES:,} dotted-key parts, tables, arrays and items"),
        ('name = "x"\n' + ONE * (MAX_CONTINGENTS + 1),
         f"contingents: 1,001 of them; a scenario file may have at most {MAX_CONTINGENTS:,}"),
        ('name = "x"\n' + SOURCE * (MAX_SOURCES + 1) + ONE,
         f"sources: 1,001 of them; a scenario file may have at most {MAX_SOURCES:,}"),
        ('name = "x"\n' + ONE + "[contingents.extra]\n"
         + "".join(f"k{i} = 1\n" for i in range(MAX_KEYS + 1)),
         f"more than {MAX_KEYS:,} keys; not a scenario file"),
    ],
    ids=["dotted key", "nesting", "long integer", "long integer, unknown key", "lines",
         "pieces", "contingents", "sources", "keys"],
)  # fmt: skip
def test_refused_before_parsing(run: Run, tmp_path: Path, text: str, says: str) -> None:
    """Each is one line naming the file, exit 2, and the file is parsed at most once (a
    100 KB dotted key took 30-40 s and 9.8 GB to parse; how long these take now is not
    timed here: the suite times nothing)."""
    f = tmp_path / "big.toml"
    f.write_text(text)
    parsed: list[str] = []
    loads = tomllib.loads

    def counted(toml: str, **kwargs: Any) -> dict[str, Any]:
        parsed.append(toml)
        return loads(toml, **kwargs)

    with pytest.MonkeyPatch.context() as m:
        m.setattr("dprk_ru.scenarios.scenario.tomllib.loads", counted)
        r = run("estimate", "-s", str(f))
    assert len(parsed) <= 1
    assert r.exit_code == 2 and r.stdout == "" and r.stderr.count("\n") == 1
    assert str(f) in r.stderr and says in r.stderr


@pytest.mark.parametrize("name", BUILTINS)
def test_builtins_are_well_inside_the_bounds(name: str) -> None:
    """Every built-in scenario passes the bounds with room to spare."""
    from dprk_ru.scenarios.scenario import check_structure

    check_structure(builtin_text(name) * 10, name)


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
    ),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


# Documented values: what each option's help, the parameter table and the built-in data
# say it takes, so the fuzzer reaches past validation into every command's work (drawing only
# hostile text, it never tried `solve --for rotations`).
EXAMPLES_DIR = Path(__file__).parents[1] / "examples"


def _param_values(p: Param, kind: str) -> st.SearchStrategy[str]:
    lo, hi, mid = fmt_plain(p.lowest), fmt_plain(p.high), fmt_plain(p.default)
    plain = st.sampled_from([lo, hi, mid, fmt_plain(p.high + p.step), fmt_plain(p.low - p.step)])
    if p.money:
        plain = st.one_of(plain, st.sampled_from(["400000 RUB", "1390000 KRW", "1 USD"]))
    if kind == "grid":
        return st.one_of(
            plain,
            st.sampled_from(
                [
                    f"{lo},{mid}",
                    f"{lo}:{hi}:{fmt_plain(p.high)}",
                    f"{mid},{lo}:{hi}:{fmt_plain(p.high / 2)}",
                ]
            ),
        )
    if kind == "dist":
        low, high = fmt_plain(p.lowest), fmt_plain(p.default)
        forms = [
            f"{low} to {high}",
            f"{high} to {hi}",
            f"uniform({low},{hi})",
            f"normal({high},{fmt_plain(p.high / 10)})",
            "lognormal(0,1)",
            "lognormal(8,0.5)",
            f"triangular({low},{high},{hi})",
            f"pert({low},{high},{hi})",
            f"pert({hi},{hi},{hi})",
        ]
        return st.one_of(plain, st.sampled_from(forms))
    return plain


def documented(command: tuple[str, ...], option: str, kind: str) -> st.SearchStrategy[str]:
    """Values the option documents (choices, names, ids, forms), for ``command``."""
    refs = sorted(REFERENCES)
    scenarios = [*BUILTINS, *(f"published:{i}" for i in published_ids()),
                 *(str(f) for f in sorted(EXAMPLES_DIR.glob("*.toml")))]  # fmt: skip
    for p in PARAMS:
        if option == p.option:
            return _param_values(p, kind)
    fixed: dict[str, list[str]] = {
        "--format": [f.value for f in Format] + ["CSV"],
        "--for": [*(p.flag for p in PARAMS), *(p.name for p in PARAMS)],
        "--target": [*refs, "1B", "260M", "2600000000", "0", "1", "10^15", "999999999999999"],
        "--vs": sorted([*REFERENCES, *RANGES]),
        "--scenario": scenarios,
        "--published": published_ids(),
        "--rate": ["RUB=87", "KRW=1390", "RUB=0.01", "EUR=0.9"],
        "--currency": ["KRW", "RUB", "USD", "EUR"],
        "--year": ["2024", "2025", "2026", "2099"],
        "--from": ["2024-10", "2024-11", "2025-06"],
        "--to": ["2024-12", "2025-06", "2025-12"],
        "--percentiles": ["5,50,95", "0.1,99.9", "50", "1,2,3,4,5,6,7,8,9,10"],
        "--correlate": CORRELATIONS,
        "--seed": ["0", "1", "7", str(2**63 - 1)],
        "--max-rows": ["1", "10", "1000"],
        "--samples": ["1", "2", "20", "500"],
    }
    return st.sampled_from(fixed.get(option, [""]))


CORRELATIONS = [
    f"{a.name}:{b.name}={rho}"
    for a, b in zip(PARAMS, PARAMS[1:], strict=False)
    for rho in ("-0.4", "0.9")
] + ["troops:monthly_pay=-0.4"]


def _kind(command: tuple[str, ...]) -> str:
    """How the command takes a parameter: one value, a grid, or a distribution (as its
    ``param_options`` says)."""
    cmd: object = GROUP
    for name in command:
        cmd = cmd.commands[name]  # type: ignore[attr-defined]
    return getattr(getattr(cmd, "callback", None), "param_kind", "value")


def check(result: Result, args: list[str]) -> None:
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), (args, repr(exc))
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr, args
    if result.exit_code != 0:
        assert result.stderr.strip(), (args, result.stdout)
        # One line, whatever the input: no rich box, no raw control character.
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: "), (
            args, result.stderr)  # fmt: skip
        assert not CONTROL.search(result.stderr[:-1]), (args, result.stderr)


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def value_for(command: tuple[str, ...], option: str, kind: str) -> st.SearchStrategy[str]:
    """A documented value three times in four (so that a few options together often pass
    validation and the command does its work), else hostile text."""
    return st.integers(0, 3).flatmap(
        lambda n: HOSTILE if n == 0 else documented(command, option, kind)
    )


@st.composite
def invocations(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    options = COMMANDS[command]
    kind = _kind(command)
    args = list(command)
    chosen = draw(st.lists(st.sampled_from(options), max_size=3, unique=True)) if options else []
    for name, is_flag in chosen:
        if is_flag:
            args.append(name)
            continue
        value = draw(value_for(command, name, kind))
        if name in PATH_OPTIONS:
            suffix = draw(st.sampled_from([".png", ".svg", ".csv", ".json", ".txt", ""]))
            value = "out-" + "".join(ch for ch in value if ch.isalnum())[:20] + suffix
        if name == "--samples":  # the work grows with it: hostile text, or a few draws
            value = draw(st.one_of(st.sampled_from(["abc", "-1", "0", "1e3", "10000001", ""]),
                                   documented(command, name, kind)))  # fmt: skip
        args += [name, value]
    scenario = value_for(command, "--scenario", kind)
    if command == ("compare",) or command == ("scenarios", "show"):
        args += draw(st.lists(scenario, max_size=2))
    if command == ("solve",) and "--for" not in args:
        args += ["--for", draw(value_for(command, "--for", kind))]
    if command == ("solve",) and "--target" not in args:
        args += ["--target", draw(value_for(command, "--target", kind))]
    # Bounded work per example: a few thousand draws, small grids.
    if command in (("simulate",), ("report",)) and "--samples" not in args:
        args += ["--samples", "2000"]
    if command == ("sweep",) and "--max-rows" not in args:
        args += ["--max-rows", "5000"]
    return args


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


@pytest.mark.slow
@settings(max_examples=int(os.environ.get("REVENUE_FUZZ_EXAMPLES", "100")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(args=invocations())
def test_every_command_survives_hostile_input(args: list[str]) -> None:
    """Arbitrary values and every documented value for every option of every command: exit
    0/1/2, never a traceback, and an error is one line."""
    with scratch():
        result = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "80"})
    check(result, args)


def test_fuzzer_draws_documented_values() -> None:
    """The documented values include what the hostile text never hits: each --for name, the
    formats, scenario names, published ids, references and every distribution form."""
    from hypothesis import find

    wanted = [
        ("--for", "rotations"),
        ("--for", "death-payment"),
        ("--format", "markdown"),
        ("--scenario", "deployments-2024-2025"),
        ("--scenario", "published:fnf-2024-10-low"),
        ("--published", "kida-2025-04"),
        ("--vs", "china-exports-2020"),
    ]
    for option, value in wanted:

        def is_value(v: str, x: str = value) -> bool:
            return v == x

        assert find(documented(("solve",), option, "value"), is_value) == value
    forms = {"to", "uniform", "normal", "lognormal", "triangular", "pert"}
    for form in forms:

        def has_form(v: str, f: str = form) -> bool:
            return f in v

        find(documented(("simulate",), "--troops", "dist"), has_form)
    find(documented(("sweep",), "--troops", "grid"), lambda v: ":" in v)


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


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_usd_amount_with_its_code_is_usd(fmt: str) -> None:
    """An amount written with ` USD` is taken as USD, as the plain number is (the fuzzer once
    found `--monthly-pay '1 USD' --troops 0 --format table` ending in KeyError('USD'))."""
    env = {"NO_COLOR": "1", "COLUMNS": "80"}
    args = ["estimate", "--troops", "0", "--format", fmt, "--monthly-pay"]
    coded = CliRunner().invoke(app, [*args, "1 USD"], env=env)
    check(coded, [*args, "1 USD"])
    plain = CliRunner().invoke(app, [*args, "1"], env=env)
    assert coded.exit_code == plain.exit_code == 0, coded.stderr
    assert coded.stdout == plain.stdout
