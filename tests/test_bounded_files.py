"""Scenario files are bounded before they are parsed: no file under the size cap costs
more than a moment, and what no scenario needs is one line, exit 2."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dprk_ru.scenarios.scenario import BUILTINS, MAX_KEY_DEPTH, MAX_NESTING, builtin_text


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
    ],
    ids=["dotted key", "nesting", "long integer", "long integer, unknown key", "lines"],
)  # fmt: skip
def test_refused_before_parsing(run, tmp_path: Path, text: str, says: str) -> None:
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
