"""``explain`` as text: rich on a terminal, plain in a pipe, Markdown for pasting, JSON."""

from __future__ import annotations

import textwrap
from typing import IO, Any

from ..analysis.explain import Citation, Explanation
from ..core.money import fmt_human
from ..core.text import markdown_inert, markdown_link, printable
from .console import console
from .writers import json_dumps


def _usd(cents: int) -> str:
    from ..core.money import cents_to_usd

    return f"${fmt_human(cents_to_usd(cents))}"


def _refs(numbers: tuple[int, ...]) -> str:
    from ..analysis.explain import refs_text

    return refs_text(numbers)


def citation_line(c: Citation) -> str:
    """A source with its link, or why there is none."""
    link = c.url or (f"(no link: {c.url_note})" if c.url_note else "(no link)")
    return f"{c.cite()}. {link}"


def _heading(expl: Explanation) -> str:
    year = f", {expl.year}" if expl.year is not None else ""
    name = "" if expl.title == "options" else f": {expl.title}"
    return f"How the figure is built{name}{year}"


def write_text(expl: Explanation, out: IO[str], width: int = 80) -> None:
    """Plain text, wrapped to ``width``: the terms with their amounts, the inputs with their
    kinds and footnotes, and the numbered sources."""
    lines = [_heading(expl), ""]
    for part in expl.parts:
        if len(expl.parts) > 1 or part.name != "options":
            lines.append(f"{part.name}" + (f" ({part.period_note})" if part.period_note else ""))
        amount_width = max((len(_usd(t.cents)) for t in part.terms), default=0)
        formula_width = max((len(t.formula) for t in part.terms), default=0)
        for i, t in enumerate(part.terms):
            sign = "  " if i == 0 else "+ "
            lines.append(f"{sign}{t.formula:<{formula_width}} = {_usd(t.cents):>{amount_width}}")
        lines.append(f"= {_usd(part.total_cents)} a year")
        lines.append("")
    if len(expl.parts) > 1:
        lines += [f"Total: {_usd(expl.total_cents)} a year", ""]
    if expl.currency:
        lines += [_in_currency(expl), ""]
    lines.append("Inputs (kind: stated or derived by a source, assumed, or given by you)")
    for r in expl.input_rows():
        inp = r.input
        where = f" [{r.contingents}]" if r.contingents else ""
        row = f"  {inp.param.label}{where}: {inp.text} ({inp.kind}){_refs(inp.sources)}"
        if inp.note:
            row += f" - {inp.note}"
        lines += textwrap.wrap(row, width, subsequent_indent="      ") or [row]
    notes = [p for p in expl.parts if p.note]
    if notes:
        lines += ["", "Notes"]
        for part in notes:
            text = f"  {part.name}{_refs(part.sources)}: {part.note}"
            lines += textwrap.wrap(text, width, subsequent_indent="      ")
    if expl.sources:
        lines += ["", "Sources"]
        for n, c in enumerate(expl.sources, 1):
            lines += textwrap.wrap(f"[{n}] {citation_line(c)}", width, subsequent_indent="    ")
    out.write("\n".join(printable(line) for line in lines) + "\n")


def _in_currency(expl: Explanation) -> str:
    assert expl.currency is not None
    code, rate, amount = expl.currency
    return f"= {fmt_human(amount)} {code} a year, at {fmt_human(rate)} {code} per dollar"


def write_rich(expl: Explanation, out: IO[str]) -> None:
    """The same on a terminal, with rich: bold headings, aligned amounts. Tables are laid out
    by ``layout.show``, so every amount stays whole at any width (text wraps first, then
    each row becomes a block)."""
    from rich.text import Text

    from .layout import BARE, PLAIN, Col, show

    con = console(out)
    con.print(Text(printable(_heading(expl)), style="bold"))
    term_cols = [Col("", "text", style="bold", min_width=5), Col("formula", "text"), Col("USD")]
    for part in expl.parts:
        title = None
        if len(expl.parts) > 1 or part.name != "options":
            title = part.name + (f" ({part.period_note})" if part.period_note else "")
        rows: list[list[Any]] = [
            [t.label, Text(printable(t.formula)), _usd(t.cents)] for t in part.terms
        ]
        rows.append(["total", "", Text(_usd(part.total_cents), style="bold")])
        con.print()
        show(con, term_cols, rows, title=Text(printable(title)) if title else None,
             style=PLAIN)  # fmt: skip
    if len(expl.parts) > 1:
        con.print(Text(f"Total: {_usd(expl.total_cents)} a year", style="bold"))
    if expl.currency:
        con.print(Text(_in_currency(expl)))
    input_cols = [Col("input", "text", min_width=12), Col("value"),
                  Col("kind", "text", min_width=7), Col("source and note", "text")]  # fmt: skip
    inputs = []
    for r in expl.input_rows():
        inp = r.input
        label = inp.param.label + (f" [{r.contingents}]" if r.contingents else "")
        inputs.append([
            Text(printable(label)), inp.text, inp.kind,
            Text(printable(f"{_refs(inp.sources)} {inp.note}".strip())),
        ])  # fmt: skip
    con.print()
    show(con, input_cols, inputs, title=Text("Inputs", style="bold"), style=BARE)
    for part in expl.parts:
        if part.note:
            con.print(Text(printable(f"{part.name}{_refs(part.sources)}: {part.note}")))
    if expl.sources:
        con.print(Text("Sources", style="bold"))
        for n, c in enumerate(expl.sources, 1):
            con.print(Text(printable(f"[{n}] {citation_line(c)}")))


def _md(text: str) -> str:
    return markdown_inert(text)


def write_markdown(expl: Explanation, out: IO[str]) -> None:
    """Markdown for pasting: a heading, the terms as a table, inputs, numbered sources."""
    lines = [f"## {_md(_heading(expl))}", ""]
    for part in expl.parts:
        if len(expl.parts) > 1 or part.name != "options":
            note = f" ({_md(part.period_note)})" if part.period_note else ""
            lines += [f"### {_md(part.name)}{note}", ""]
        lines += ["| term | how | USD a year |", "| --- | --- | ---: |"]
        for t in part.terms:
            lines.append(f"| {_md(t.label)} | {_md(t.formula)} | {_usd(t.cents)} |")
        lines += [f"| **total** | | **{_usd(part.total_cents)}** |", ""]
    if len(expl.parts) > 1:
        lines += [f"**Total: {_usd(expl.total_cents)} a year**", ""]
    if expl.currency:
        lines += [_md(_in_currency(expl)), ""]
    lines += ["| input | value | kind | source | note |", "| --- | ---: | --- | --- | --- |"]
    for r in expl.input_rows():
        inp = r.input
        label = inp.param.label + (f" [{r.contingents}]" if r.contingents else "")
        refs = ", ".join(f"[{n}](#source-{n})" for n in inp.sources)
        lines.append(f"| {_md(label)} | {_md(inp.text)} | {inp.kind} | {refs} | {_md(inp.note)} |")
    notes = [p for p in expl.parts if p.note]
    if notes:
        lines += [""]
        lines += [f"- **{_md(p.name)}**{_refs(p.sources)}: {_md(p.note)}" for p in notes]
    if expl.sources:
        lines += ["", "Sources:", ""]
        for n, c in enumerate(expl.sources, 1):
            link = (
                markdown_link(c.url)
                if c.url
                else (f"(no link: {_md(c.url_note)})" if c.url_note else "(no link)")
            )
            lines.append(f'{n}. <a id="source-{n}"></a>{_md(c.cite())}. {link}')
    out.write("\n".join(printable(line) for line in lines) + "\n")


def explanation_json(expl: Explanation) -> Any:
    """The explanation as plain data (for ``--format json``)."""
    return {
        "title": expl.title,
        "year": expl.year,
        "total_usd": expl.total_usd,
        **(
            {f"total_{expl.currency[0].lower()}": expl.currency[2], "rate": expl.currency[1]}
            if expl.currency
            else {}
        ),
        "parts": [
            {
                "name": p.name,
                "period": p.period_note,
                "total_usd": _cents_usd(p.total_cents),
                "terms": [{"term": t.name, "formula": t.formula, "usd": t.usd} for t in p.terms],
                "inputs": [
                    {
                        "parameter": i.param.name,
                        "value": i.value,
                        "kind": i.kind,
                        "note": i.note,
                        "sources": list(i.sources),
                    }
                    for i in p.inputs
                ],
            }
            for p in expl.parts
        ],
        "sources": [
            {
                "number": n,
                "title": c.title,
                "author": c.author,
                "publisher": c.publisher,
                "date": c.date,
                "url": c.url,
                "url_note": c.url_note,
            }
            for n, c in enumerate(expl.sources, 1)
        ],
    }


def _cents_usd(cents: int) -> Any:
    from ..core.money import cents_to_usd

    return cents_to_usd(cents)


def write_json(expl: Explanation, out: IO[str]) -> None:
    out.write(json_dumps(explanation_json(expl), indent=2) + "\n")
