"""Published estimates: their figures and stated assumptions, loaded as scenarios."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Final

from ..errors import InputError
from .scenario import Scenario, validate_scenario

PREFIX: Final = "published:"
#: Columns of ``revenue published``.
PUBLISHED_COLUMNS: Final = (
    "id", "publisher", "author", "date", "url", "estimates", "assumptions", "published",
    "published_usd", "recomputed_usd", "gap_usd", "verdict", "note", "url_note", "title",
)  # fmt: skip
_META: Final = (
    "id", "publisher", "author", "date", "url", "url_note", "title", "estimates", "assumptions",
    "published_text", "published_amount", "published_currency", "comparison", "tolerance",
    "rate", "note",
)  # fmt: skip


@cache
def entries() -> tuple[dict[str, Any], ...]:
    """Every published estimate, as stored in data/published.toml."""
    text = resources.files(__package__).joinpath("data", "published.toml").read_text("utf-8")
    return tuple(tomllib.loads(text, parse_float=Decimal)["estimates"])


def ids() -> list[str]:
    """The ids of the published estimates, in order."""
    return [e["id"] for e in entries()]


def _entry(pid: str) -> dict[str, Any]:
    for e in entries():
        if e["id"] == pid:
            return e
    raise InputError(f"unknown published estimate {pid!r}; known: {', '.join(ids())}")


def scenario(pid: str) -> Scenario | None:
    """A published estimate's assumptions as a scenario (None when it states none)."""
    e = _entry(pid.removeprefix(PREFIX))
    if "contingents" not in e:
        return None
    data = {k: v for k, v in e.items() if k not in _META}
    data["name"] = e["id"]
    data["description"] = f"{e['publisher']}, {e['date']}: {e['estimates']}"
    data["sources"] = [{"title": e.get("title") or e["estimates"], "author": e["author"],
                        "publisher": e["publisher"], "date": e["date"],
                        "url": e["url"] or None, "url_note": e.get("url_note"),
                        "note": e["assumptions"]}]  # fmt: skip
    data["contingents"] = [dict(c) for c in e["contingents"]]
    if "rates" in e:
        data["rates"] = dict(e["rates"])
    return validate_scenario(data, f"published estimate {e['id']}")


def load(pid: str) -> Scenario:
    """A published estimate as a scenario; InputError if it states no assumptions."""
    s = scenario(pid)
    if s is None:
        raise InputError(f"published estimate {pid.removeprefix(PREFIX)!r} states no assumptions")
    return s
