"""Terminal (rich) views of command results. Only table mode formats money for people."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import IO, Any

from .model import fmt_human, fmt_usd_short
from .output import Record, console


def usd(value: Any) -> str:
    """``$260,000,000`` for a Decimal amount."""
    return f"${fmt_human(value)}"


def _formula(r: Record) -> tuple[str, str]:
    share = "" if r["state_share"] == 1 else f" x {fmt_human(r['state_share'])} state share"
    pay = (
        f"{fmt_human(r['troops'])} troops x {usd(r['monthly_pay_usd'])}/month"
        f" x {fmt_human(r['months'])} months{share}"
    )
    bonus = f"{fmt_human(r['troops'])} troops x {usd(r['bonus_usd'])} bonus{share}"
    return pay, bonus


def estimate_table(rows: Sequence[Record], out: IO[str]) -> None:
    """The formula with the numbers put in, the breakdown, and the total, per record."""
    from rich.table import Table

    con = console(out)
    for r in rows:
        title = "Revenue estimate"
        if r.get("scenario"):
            title += f": {r['scenario']}"
            if r.get("contingent"):
                title += f" / {r['contingent']}"
        table = Table(title=title, title_justify="left", show_header=True, box=None, pad_edge=False)
        table.add_column("", style="bold")
        table.add_column("formula")
        table.add_column("USD a year", justify="right")
        pay, bonus = _formula(r) if "monthly_pay_usd" in r else ("", "")
        table.add_row("pay", pay, usd(r["pay_total_usd"]))
        table.add_row("bonuses", "+ " + bonus if bonus else "", usd(r["bonus_total_usd"]))
        for key, label in (("death_total_usd", "death payments"),):
            if key in r:
                table.add_row(label, "", usd(r[key]))
        total: Decimal = r["total_usd"]
        table.add_row("total", "", f"[bold]{usd(total)}[/bold]", end_section=True)
        con.print(table)
        con.print(f"= {usd(total)} a year ({fmt_usd_short(total)})", markup=False)
        con.print()
    con.print(
        "Defaults: pay $2,000/month (NIS, via Chang, ISPI 2025); bonus $2,000 derived from the "
        "article's $260M. See `revenue sources`.",
        style="dim",
        markup=False,
    )


def sources_table(rows: Sequence[Record], out: IO[str]) -> None:
    """Each figure with its value, kind, source and quote."""
    from rich.table import Table

    table = Table(show_lines=True)
    for col in ("key", "value", "kind", "source and quote"):
        table.add_column(col, justify="right" if col == "value" else "left", overflow="fold")
    for r in rows:
        value = fmt_human(r["value"]) if isinstance(r["value"], Decimal | int) else str(r["value"])
        text = f'{r["label"]} ({r["unit"]})\n{r["source"]}\n"{r["quote"]}"'
        if r.get("reasoning"):
            text += f"\n{r['reasoning']}"
        table.add_row(r["key"], value, r["kind"], text)
    console(out).print(table)
