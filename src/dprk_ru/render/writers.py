"""The record writers of plain formats: CSV, JSON and JSON Lines (``json_dumps``: exact
Decimals, escaped text); Markdown's is ``render.markdown``."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import IO, Any

from ..core.money import fmt_plain
from ..core.text import cell_text, json_escaped

Record = Mapping[str, Any]

#: Line terminator of CSV output: Unix newlines, so output diffs cleanly against awk and friends.
CSV_NEWLINE = "\n"


def aligns_right(value: Any) -> bool:
    """Whether ``value`` is a number a writer aligns right (a bool is not)."""
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def json_dumps(value: Any, indent: int | None = None, _level: int = 0) -> str:
    """JSON with Decimals written as exact plain numbers (``1999.99``, never ``1.99999E+3``),
    and control, bidi and format characters escaped (``json_escaped``)."""
    import json

    if isinstance(value, Decimal):
        return fmt_plain(value)
    if isinstance(value, Mapping):
        items = [(json.dumps(str(k)), json_dumps(v, indent, _level + 1)) for k, v in value.items()]
        if not items:
            return "{}"
        if indent is None:
            return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
        pad = " " * (indent * (_level + 1))
        body = ",\n".join(f"{pad}{k}: {v}" for k, v in items)
        return "{\n" + body + "\n" + " " * (indent * _level) + "}"
    if isinstance(value, list | tuple):
        parts = [json_dumps(v, indent, _level + 1) for v in value]
        if not parts:
            return "[]"
        if indent is None:
            return "[" + ", ".join(parts) + "]"
        pad = " " * (indent * (_level + 1))
        return "[\n" + ",\n".join(pad + p for p in parts) + "\n" + " " * (indent * _level) + "]"
    return json_escaped(json.dumps(value, ensure_ascii=False))


def write_csv(records: Iterable[Record], columns: Sequence[str], out: IO[str]) -> None:
    """CSV: one header row, then one row per record (quoted as ``csv`` quotes).

    Text has its control characters escaped (``printable``): CSV has no escape of its own,
    and a raw newline or ESC would break line-based tools and reach whoever ``cat``s the
    file. So one record is always one line."""
    writer = csv.writer(out, lineterminator=CSV_NEWLINE)
    writer.writerow(columns)
    writer.writerows([cell_text(r.get(c)) for c in columns] for r in records)


def write_json(records: Iterable[Record], columns: Sequence[str], out: IO[str]) -> None:
    """JSON: an array of objects, ``indent=2``; always an array, even of one record."""
    out.write("[")
    sep = "\n"
    for r in records:
        out.write(sep + "  " + json_dumps({c: r.get(c) for c in columns}, indent=2, _level=1))
        sep = ",\n"
    out.write("\n]\n" if sep != "\n" else "]\n")


def write_jsonl(records: Iterable[Record], columns: Sequence[str], out: IO[str]) -> None:
    """JSON Lines: one compact object per line, streamed."""
    for r in records:
        out.write(json_dumps({c: r.get(c) for c in columns}) + "\n")
