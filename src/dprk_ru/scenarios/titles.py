"""Names for people: a scenario's or contingent's ``title`` where its file gives one, else
its id (``name``). Briefs and charts show ``title``; tables and errors show ``label``,
"Title (id)", so the id a user types stays visible. CSV and JSON keep the id and add the
title as a column of its own."""

from __future__ import annotations

from typing import Protocol


class Titled(Protocol):
    """A scenario or a contingent: an id and an optional title."""

    @property
    def name(self) -> str | None: ...

    @property
    def title(self) -> str | None: ...


def title(item: Titled, default: str = "") -> str:
    """Its title, else its id, else ``default``: "First wave"."""
    return item.title or item.name or default


def label(item: Titled, default: str = "") -> str:
    """ "Title (id)" when both are known and differ, else whichever is: "First wave
    (first-wave)"."""
    if item.title and item.name and item.title != item.name:
        return f"{item.title} ({item.name})"
    return title(item, default)


def scenario_title(ref: str) -> str | None:
    """The title of the scenario ``ref`` names (a built-in, a published estimate or a file),
    read without validating the whole scenario; None where it has none. For the records of
    commands that do not load a ``Scenario`` (``simulate``)."""
    from . import published
    from .scenario import parse_toml, scenario_text

    if ref.startswith(published.PREFIX) or ref in published.ids():
        return published.load(ref).title
    found = parse_toml(scenario_text(ref), ref).get("title")
    return found if isinstance(found, str) else None
