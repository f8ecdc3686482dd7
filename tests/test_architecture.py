"""The package's shape: layers that only look down, no import cycles, one parameter table."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import typer

from dprk_ru.cli import app
from dprk_ru.core.formula import TERMS
from dprk_ru.core.params import FACTORS, PARAM_BY_NAME, PARAMS, Inputs

SRC = Path(__file__).parents[1] / "src" / "dprk_ru"
#: Layers from the bottom; a module may import its own layer and the ones below.
LAYERS = ("errors", "core", "inputs", "scenarios", "analysis", "render", "cli")


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Every module's imports of dprk_ru modules, those inside functions included."""
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        name = _module(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target.startswith("dprk_ru"):
                    for alias in node.names:
                        sub = f"{target}.{alias.name}"
                        found.add(
                            sub
                            if (SRC.parent / (sub.replace(".", "/") + ".py")).exists()
                            or (SRC.parent / sub.replace(".", "/")).is_dir()
                            else target
                        )
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("dprk_ru")}
        graph[name] = found - {name}
    return graph


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_layers_only_look_down() -> None:
    """No module imports a layer above its own (the package's __init__ is the public facade
    and __main__ the entry point, above everything)."""
    upward = []
    for module, targets in _imports().items():
        mine = _layer(module)
        if mine is None:
            continue
        for t in targets:
            theirs = _layer(t)
            if theirs is not None and theirs > mine:
                upward.append(f"{module} -> {t}")
            if t == "dprk_ru":
                upward.append(f"{module} -> dprk_ru (the facade)")
    assert upward == []


def test_no_import_cycles() -> None:
    """The module graph, counting imports inside functions, has no cycle."""
    graph = _imports()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for t in sorted(graph.get(node, ())):
            if t not in graph:
                continue
            if state.get(t) == 1:
                cycles.append([*path[path.index(t) :], t] if t in path else [node, t])
            elif t not in state:
                visit(t, [*path, t])
        state[node] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n, [n])
    assert cycles == []


def test_layer_test_sees_imports() -> None:
    """The import walker finds what is there (so the two tests above can fail)."""
    graph = _imports()
    assert "dprk_ru.core.formula" in graph["dprk_ru.analysis.estimate"]
    assert "dprk_ru.core.dates" in graph["dprk_ru.analysis.timeline"]
    assert _layer("dprk_ru.cli.root") > _layer("dprk_ru.core.params")  # type: ignore[operator]


def test_generated_classes_are_current() -> None:
    """The typed classes (``core/fields.py``, ``scenarios/fields.py``) are what the parameter
    table generates: a row added without regenerating them fails here, naming the command."""
    from dprk_ru.core.codegen import stale

    assert stale() == [], "run: python -m dprk_ru.core.codegen"


def test_classes_hold_the_tables_factors_and_defaults() -> None:
    """``Inputs`` and ``Contingent`` hold every factor with its default (and workers theirs)."""
    from dprk_ru.scenarios.contingent import Contingent

    names = [p.name for p in FACTORS]
    assert [f.name for f in dataclasses.fields(Inputs)] == [*names, "personnel"]
    assert [n for n in Contingent.model_fields if n in PARAM_BY_NAME] == names
    workers = Contingent(personnel="workers")
    for p in FACTORS:
        assert getattr(Inputs(), p.name) == getattr(Contingent(), p.name) == p.default
        assert getattr(workers, p.name) == p.default_for("workers")


def test_every_factor_is_in_a_term() -> None:
    """Each factor is in some term of the formula and each term's factor a parameter; a
    shorthand is in none, and sets factors only."""
    factors = {f for t in TERMS for f in t.factors}
    assert factors == {p.name for p in FACTORS}
    for p in PARAMS:
        if p.shorthand:
            assert p.name not in factors and set(p.shorthand) <= factors


def test_commands_take_every_parameter() -> None:
    """Every command that computes from parameters has an option for each one."""
    group = typer.main.get_command(app)
    wanted = {"estimate", "solve", "sweep", "simulate", "sensitivity"}
    for name in wanted:
        cmd = group.commands[name]  # type: ignore[attr-defined]
        options = {o for p in cmd.params for o in p.opts}
        assert {p.option for p in PARAMS} <= options, name
