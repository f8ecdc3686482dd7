"""Writes the typed classes that hold a contingent's values, from the parameter table.

``core/fields.py`` (the ``Values`` protocol and the light ``Inputs``) and
``scenarios/fields.py`` (the pydantic fields of ``Contingent``) are generated from
``params.PARAMS`` and checked in, so that ``mypy --strict`` sees every field and start-up
builds nothing. After adding a row to the table, run::

    python -m dprk_ru.core.codegen

``tests/test_architecture.py`` fails, naming this command, when a generated file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .params import FACTORS, PARAMS, Param

HEADER = (
    '"""GENERATED from ``core/params.PARAMS`` by ``python -m dprk_ru.core.codegen``: do not edit.'
)


def _type(p: Param) -> str:
    return "int" if p.integer else "Decimal"


def _default(p: Param) -> str:
    return str(int(p.default)) if p.integer else f'Decimal("{p.default}")'


def core_fields() -> str:
    """The text of ``core/fields.py``."""
    lines = [
        HEADER,
        "",
        "``Values`` is what the formula reads; ``Inputs`` holds checked values without pydantic",
        "(what the CLI builds from options already checked by ``Param.parse``).",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from dataclasses import dataclass",
        "from decimal import Decimal",
        "from typing import Protocol",
        "",
        "",
        "class Values(Protocol):",
        '    """A value for every factor of the formula, and the kind of personnel."""',
        "",
    ]
    for p in FACTORS:
        lines += ["    @property", f"    def {p.name}(self) -> {_type(p)}: ...", ""]
    lines += ["    @property", "    def personnel(self) -> str: ...", "", ""]
    lines += [
        "@dataclass(frozen=True)",
        "class Inputs:",
        '    """Checked values of one contingent (soldiers\' defaults; ``params.inputs`` fills',
        '    the defaults of another kind of personnel and expands shorthands)."""',
        "",
    ]
    lines += [f"    {p.name}: {_type(p)} = {_default(p)}" for p in FACTORS]
    lines += ['    personnel: str = "soldiers"']
    lines += _shorthand_properties()
    return "\n".join(lines) + "\n"


def _shorthand_properties() -> list[str]:
    out = []
    for p in PARAMS:
        if not p.shorthand:
            continue
        values = ", ".join(f"self.{t}" for t in p.shorthand)
        out += [
            "",
            "    @property",
            f"    def {p.name}(self) -> Decimal | None:",
            f'        """The value {", ".join(p.shorthand)} have in common, else None."""',
            f"        values = ({values})",
            "        return values[0] if all(v == values[0] for v in values) else None",
        ]
    return out


def scenario_fields() -> str:
    """The text of ``scenarios/fields.py``."""
    lines = [
        HEADER,
        "",
        "The pydantic fields of a contingent, each constrained by its row of the table.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from decimal import Decimal",
        "from typing import Annotated, Any",
        "",
        "from pydantic import BaseModel, ConfigDict, Field",
        "",
        "from ..core.params import PARAM_BY_NAME",
        "",
        "",
        "def param_field(name: str) -> Any:",
        '    """The constraints of a parameter, from its row: range, places, strict integers."""',
        "    p = PARAM_BY_NAME[name]",
        "    if p.integer:",
        "        return Field(strict=True, ge=int(p.low), le=int(p.high))",
        "    if p.low_open:",
        "        return Field(gt=p.low, le=p.high, decimal_places=p.places, allow_inf_nan=False)",
        "    return Field(ge=p.low, le=p.high, decimal_places=p.places, allow_inf_nan=False)",
        "",
        "",
        "class ContingentFields(BaseModel):",
        '    """The parameters of a contingent (soldiers\' defaults)."""',
        "",
        "    # defer_build: the schema is built on first validation, not at import (start-up).",
        '    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)',
        "",
    ]
    lines += [
        f'    {p.name}: Annotated[{_type(p)}, param_field("{p.name}")] = {_default(p)}'
        for p in FACTORS
    ]
    lines += _shorthand_properties()
    return "\n".join(lines) + "\n"


#: Each generated file (relative to the package) and what writes it.
GENERATED = {"core/fields.py": core_fields, "scenarios/fields.py": scenario_fields}


def stale() -> list[str]:
    """The generated files whose text differs from what the table gives."""
    root = Path(__file__).resolve().parent.parent
    return [
        name
        for name, make in GENERATED.items()
        if not (root / name).exists() or (root / name).read_text(encoding="utf-8") != make()
    ]


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    for name, make in GENERATED.items():
        (root / name).write_text(make(), encoding="utf-8")
        print(f"wrote {name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
