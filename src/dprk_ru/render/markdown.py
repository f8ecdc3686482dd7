"""Markdown tables for pasting into an article: headers in words, money and counts
formatted for reading, a scenario by its title."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any, Final

from ..core.money import cell
from ..core.text import markdown_inert
from .writers import Record, aligns_right


def write_markdown(records: Iterable[Record], columns: Sequence[str], out: IO[str]) -> None:
    """A GitHub-flavoured Markdown table for pasting into an article: headers in words
    (``markdown_header``), money as ``$260,000,000`` and counts with thousands separators
    (``markdown_number``), a scenario by its title where it has one; numbers right-aligned.
    CSV, JSON and xlsx keep the raw columns and values."""
    rows = iter(records)
    first = next(rows, None)
    shown = markdown_columns(columns)
    # Alignment from the first record, so the table streams.
    numeric = [first is not None and aligns_right(first.get(c)) for c in shown]
    formats = [markdown_number(c) for c in shown]
    out.write("| " + " | ".join(markdown_inert(markdown_header(c)) for c in shown) + " |\n")
    out.write("|" + "|".join("---:" if n else "---" for n in numeric) + "|\n")
    for r in itertools.chain([first] if first is not None else [], rows):
        cells = (_md_cell(_named(r, c), f) for c, f in zip(shown, formats, strict=True))
        out.write("| " + " | ".join(cells) + " |\n")


def _md_cell(value: Any, number: Callable[[str], str] | None = None) -> str:
    """A Markdown table cell: text made inert, numbers formatted for reading."""
    if isinstance(value, str):
        return markdown_inert(value)
    text = cell(value)
    return number(text) if number is not None and aligns_right(value) else text


#: Names that Markdown shows by their title where the record has one (name column: the
#: columns that may hold its title); a title column is then not shown beside it as well.
_TITLED: Final = {"scenario": ("title", "scenario_title"), "contingent": ("contingent_title",)}


def markdown_columns(columns: Sequence[str]) -> list[str]:
    """The columns a Markdown table shows: a title beside the name it titles is shown in
    the name's place, not twice."""
    titles = {t for name, ts in _TITLED.items() if name in columns for t in ts}
    return [c for c in columns if c not in titles]


def _named(record: Record, column: str) -> Any:
    """A record's value as Markdown shows it: a name by its title where there is one."""
    value = record.get(column)
    for title in _TITLED.get(column, ()):
        if record.get(title):
            return record[title]
    if column == "parameter" and isinstance(value, str):  # sensitivity's kursk.troops
        from ..core.params import PARAM_BY_NAME

        owner, _, field = value.rpartition(".")
        if field in PARAM_BY_NAME:
            return PARAM_BY_NAME[field].label + (f" ({owner})" if owner else "")
    return value


#: Column headers in words, for Markdown (the parameters' own labels and the terms' come
#: from their tables).
_WORDS: Final = {
    "total_usd": "Total", "delta_usd": "Difference", "scenario": "Scenario",
    "personnel": "Personnel", "troop_months": "Troop-months", "solve_for": "Solved for",
    "target_usd": "Target", "samples": "Samples", "seed": "Seed", "mean_usd": "Mean",
    "sd_usd": "Standard deviation", "clipped": "Draws clipped", "parameter": "Parameter",
    "low": "Low", "high": "High", "total_at_low_usd": "Total at low",
    "total_at_high_usd": "Total at high", "swing_usd": "Swing", "month": "Month",
    "cumulative_usd": "Cumulative", "projected": "Projected", "id": "Estimate",
    "publisher": "Publisher", "author": "Author", "date": "Date", "url": "URL",
    "estimates": "Estimates", "assumptions": "Assumptions", "published": "Published",
    "published_usd": "Published (USD)", "recomputed_usd": "Recomputed", "gap_usd": "Gap",
    "verdict": "Verdict", "note": "Note", "url_note": "Why no URL", "title": "Title",
    "contingents": "Contingents", "description": "Description", "year": "Year",
    "key": "Key", "label": "What", "value": "Value", "unit": "Unit", "kind": "Kind",
    "source": "Source", "quote": "Quote", "reasoning": "Reasoning", "uncertain": "Uncertain",
    "period": "Period", "contingent": "Contingent", "start": "Start", "end": "End",
}  # fmt: skip


def markdown_header(column: str) -> str:
    """A column's header in words: ``Total`` for ``total_usd``, ``Monthly pay`` for
    ``monthly_pay_usd``, ``5th percentile`` for ``p5_usd``, ``Total (KRW)`` for
    ``total_krw``, ``vs DPRK exports to China, 2016`` for ``vs_china_exports_2016``."""
    import re

    from ..core.formula import TERMS
    from ..core.params import PARAM_BY_NAME

    if column in _WORDS:
        return _WORDS[column]
    if column in PARAM_BY_NAME:
        return PARAM_BY_NAME[column].label
    terms = {t.column: t.label for t in TERMS}
    if column in terms:
        return terms[column]
    if m := re.fullmatch(r"p(\d+(?:\.\d+)?)_usd", column):
        n = m.group(1)
        end = "th" if n.endswith(("11", "12", "13")) else {"1": "st", "2": "nd", "3": "rd"}.get(
            n[-1], "th")  # fmt: skip
        return f"{n}{end} percentile"
    if m := re.fullmatch(r"vs_(\w+?)(_low|_high|_period)?", column):
        from ..scenarios.sources import RANGES, REFERENCES

        key = m.group(1).replace("_", "-")
        ref = REFERENCES.get(key) or RANGES.get(key)
        what = ref.label if ref is not None else key
        return f"vs {what}" + {"_low": ", low", "_high": ", high", "_period": ", period"}.get(
            m.group(2) or "", "")  # fmt: skip
    stem, _, code = column.rpartition("_")
    if stem and len(code) == 3 and code.isalpha() and f"{stem}_usd" != column:
        words = markdown_header(f"{stem}_usd")
        if words != f"{stem}_usd":
            return f"{words} ({code.upper()})"
    return column


def markdown_number(column: str) -> Callable[[str], str] | None:
    """How Markdown writes a number of ``column`` (from its plain text): money in USD as
    ``$260,000,000``, other money and counts with thousands separators, None (as it is)
    for shares, ratios, a year or a seed."""
    from ..core.money import DOLLARS, GROUPED
    from .xlsx import is_share, money_places

    if money_places(column) is not None:
        return DOLLARS if column.endswith("_usd") else GROUPED
    if is_share(column) or column.startswith("vs_") or column in ("year", "seed"):
        return None
    return GROUPED
