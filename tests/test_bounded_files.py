"""Scenario files are bounded before they are parsed: no file under the size cap costs
more than a moment, and what no scenario needs is one line, exit 2."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import Run

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
    """Each is one line naming the file, exit 2, within a second (a 100 KB dotted key took
    30-40 s and 9.8 GB to parse)."""
    f = tmp_path / "big.toml"
    f.write_text(text)
    start = time.monotonic()
    r = run("estimate", "-s", str(f))
    assert time.monotonic() - start < 2
    assert r.exit_code == 2 and r.stdout == "" and r.stderr.count("\n") == 1
    assert str(f) in r.stderr and says in r.stderr


@pytest.mark.parametrize("name", BUILTINS)
def test_builtins_are_well_inside_the_bounds(name: str) -> None:
    """Every built-in scenario passes the bounds with room to spare."""
    from dprk_ru.scenarios.scenario import check_structure

    check_structure(builtin_text(name) * 10, name)
