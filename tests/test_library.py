"""The public Python API gives the same numbers as the shell."""

from __future__ import annotations

import doctest
from decimal import Decimal as D

from conftest import Run

import dprk_ru
from dprk_ru.scenarios.selection import Selection


def test_every_public_name_resolves() -> None:
    """Each name in __all__ imports (lazily loaded ones included)."""
    for name in dprk_ru.__all__:
        assert getattr(dprk_ru, name) is not None, name


def test_module_doctests() -> None:
    """The examples in every module's docstrings run (and some are found to run)."""
    import importlib
    import pkgutil

    attempted = 0
    for info in pkgutil.walk_packages(dprk_ru.__path__, "dprk_ru."):
        if info.name.endswith("__main__"):
            continue
        result = doctest.testmod(importlib.import_module(info.name))
        assert result.failed == 0, info.name
        attempted += result.attempted
    assert doctest.testmod(dprk_ru).failed == 0
    assert attempted > 0


def test_notebook_flow(run: Run) -> None:
    """Scenario, sweep, solve, compare and simulate from Python agree with the CLI."""
    s = dprk_ru.load_scenario("shoigu-2025")
    assert dprk_ru.estimate_scenario(s).total_usd == D(156_000_000)
    grid = dprk_ru.Grid.from_items({"troops": dprk_ru.parse_values(dprk_ru.PARAMS[0], "1:3:1")})
    assert [e.total_usd for e in dprk_ru.sweep(grid)] == [D(26_000), D(52_000), D(78_000)]
    both = Selection(("engineers", "construction"))  # troops belong to named contingents
    assert dprk_ru.solve(s, "troops", D(312_000_000), select=both).value == 6000
    rows = dprk_ru.compare([dprk_ru.estimate_scenario(s)], [dprk_ru.REFERENCES["article-estimate"]])
    assert rows[0]["vs_article_estimate"] == D("0.6")
    sim = dprk_ru.simulate(dprk_ru.uncertain_from_options({"troops": "uniform(1,3)"}), 1000, seed=1)
    assert 26_000 < sim.mean < 78_000
    cli = run("estimate", "--scenario", "shoigu-2025", "-f", "json")
    assert '"total_usd": 156000000' in cli.stdout
