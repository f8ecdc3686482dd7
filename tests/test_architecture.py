"""The package's shape: layers that only look down, no import cycles, one parameter table."""

from __future__ import annotations

import ast
import dataclasses
import importlib
from pathlib import Path

import pytest
import typer

from dprk_ru.cli import COMMANDS, app
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


#: Calls that create, change or remove files and folders, by module (``os.rename``) or, for
#: methods, by name alone (``path.write_text``).
WRITERS = {
    "os": {"rename", "replace", "renames", "unlink", "remove", "rmdir", "removedirs", "mkdir",
           "makedirs", "chmod", "chown", "link", "symlink", "truncate", "mkfifo"},
    "shutil": {"rmtree", "move", "copy", "copy2", "copyfile", "copytree"},
    "tempfile": {"mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryDirectory",
                 "SpooledTemporaryFile", "TemporaryFile"},
    "": {"write_text", "write_bytes", "mkdir", "touch", "unlink", "rmdir", "symlink_to",
         "hardlink_to", "rename"},
}  # fmt: skip


#: The writes allowed outside render/files, each with why.
NOT_OUTPUTS = {
    # a workbook built in a private scratch folder, then copied to the output stream
    ("dprk_ru.render.xlsx", "tempfile.TemporaryDirectory"),
    ("dprk_ru.render.xlsx", "tempfile.SpooledTemporaryFile"),
    # render.explain.write_text, a renderer to a stream (not Path.write_text)
    ("dprk_ru.cli.explain", "write_text"),
    # the developer's code generator rewrites the package's own generated sources
    ("dprk_ru.core.codegen", "write_text"),
    # /dev/null put on a closed descriptor, and on stdout after a closed pipe
    ("dprk_ru.cli.root", "os.open(os.O_RDWR)"),
    ("dprk_ru.cli.boundary", "os.open(os.O_WRONLY)"),
}


def _writes(tree: ast.AST) -> set[str]:
    """The file-writing calls in a module: ``os.rename``, ``write_text``, ``open(.., "w")``."""
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Attribute):
            owner = f.value.id if isinstance(f.value, ast.Name) else ""
            if owner and f.attr in WRITERS.get(owner, set()):
                found.add(f"{owner}.{f.attr}")
            elif f.attr in WRITERS[""] and owner not in WRITERS:
                found.add(f.attr)
            elif owner == "os" and f.attr == "open":
                flags = ast.unparse(node.args[1]) if len(node.args) > 1 else ""
                if "O_WRONLY" in flags or "O_CREAT" in flags or "O_RDWR" in flags:
                    found.add(f"os.open({flags})")
        builtin = isinstance(f, ast.Name) and f.id == "open"
        method = isinstance(f, ast.Attribute) and f.attr == "open" and ast.unparse(f.value) != "os"
        if builtin or method:  # open(path, mode), path.open(mode)
            args = node.args[1:] if builtin else node.args
            mode = args[0] if args else next(
                (k.value for k in node.keywords if k.arg == "mode"), None
            )  # fmt: skip
            if mode is None:
                continue
            text = mode.value if isinstance(mode, ast.Constant) else ast.unparse(mode)
            if not isinstance(mode, ast.Constant) or set(str(text)) & set("wax+"):
                found.add(f"open({text!s})")
    return found


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


def test_render_files_is_the_one_writer() -> None:
    """Every file and folder the tool writes goes through render/files (atomic files, the
    brief's folder, all_or_nothing): no other module renames, removes, creates or opens
    for writing, but for the scratch and developer writes listed in NOT_OUTPUTS."""
    elsewhere = sorted(
        (_module(path), call)
        for path in SRC.rglob("*.py")
        if _module(path) != "dprk_ru.render.files"
        for call in _writes(ast.parse(path.read_text()))
    )
    assert [w for w in elsewhere if w not in NOT_OUTPUTS] == []
    files = _writes(ast.parse((SRC / "render" / "files.py").read_text()))
    assert {"os.replace", "os.rename", "tempfile.mkdtemp", "tempfile.mkstemp"} <= files


def test_writer_test_sees_writes() -> None:
    """The scan finds each kind of write it looks for (so an empty list above means none)."""
    code = """
import os, shutil, tempfile
os.rename(a, b); shutil.rmtree(d); tempfile.mkdtemp(); p.write_text("x"); open(p, "w")
open(p, mode="ab"); p.open("x"); open(p); os.open(p, os.O_WRONLY | os.O_CREAT)
"s".replace("a", "b"); open(p, "rb"); os.open(p, os.O_RDONLY)
"""
    assert _writes(ast.parse(code)) == {
        "os.rename", "shutil.rmtree", "tempfile.mkdtemp", "write_text", "open(w)", "open(ab)",
        "open(x)",
        "os.open(os.O_WRONLY | os.O_CREAT)",
    }  # fmt: skip


@pytest.mark.parametrize("name", COMMANDS)
def test_each_cli_module_registers_one_command_named_for_it(name: str) -> None:
    """``cli/<name>.py`` registers exactly one command (or group: ``scenarios``, with its
    ``show``) on the app, ``<name>``, and the app has no other name, nor one twice."""
    module = f"dprk_ru.cli.{name}"
    importlib.import_module(module)
    mine = [
        c.name or c.callback.__name__
        for c in app.registered_commands
        if c.callback is not None and c.callback.__module__ == module
    ]
    for g in app.registered_groups:
        group = g.typer_instance.registered_callback if g.typer_instance else None
        if group is not None and group.callback is not None:
            mine += [g.name] if group.callback.__module__ == module else []
    assert mine == [name]
    every = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    every += [g.name for g in app.registered_groups if g.name]
    assert sorted(every) == sorted(COMMANDS)


def test_every_parameter_has_a_column_and_a_sourced_default() -> None:
    """A parameter added to the table also needs a column in ``COLUMNS`` (typed by hand:
    columns are only appended to) and a sourced ``Figure`` whose value is its default, for
    each kind of personnel whose default differs; an estimate's record has exactly those
    columns."""
    from dprk_ru import estimate
    from dprk_ru.core.params import COLUMNS
    from dprk_ru.scenarios.sources import PARAMETERS

    for p in PARAMS:
        assert p.name in COLUMNS, p.name
        assert PARAMETERS[p.name].value == p.default, p.name
        for kind, value in p.by_personnel:
            assert PARAMETERS[f"{kind}.{p.name}"].value == value, (kind, p.name)
    assert tuple(estimate().record()) == COLUMNS
