"""Names for people: a scenario's or contingent's ``title`` where its file gives one, else
its id (``name``). Briefs and charts show ``title``; tables and errors show ``label``,
"Title (id)", so the id a user types stays visible. CSV and JSON keep the id and add the
title as a column of its own."""

from __future__ import annotations

from typing import Protocol


class Named(Protocol):
    """A scenario or a contingent: an id and an optional title."""

    @property
    def name(self) -> str | None: ...

    @property
    def title(self) -> str | None: ...


def title(item: Named, default: str = "") -> str:
    """Its title, else its id, else ``default``: "First wave"."""
    return item.title or item.name or default


def label(item: Named, default: str = "") -> str:
    """ "Title (id)" when both are known and differ, else whichever is: "First wave
    (first-wave)"."""
    if item.title and item.name and item.title != item.name:
        return f"{item.title} ({item.name})"
    return title(item, default)
