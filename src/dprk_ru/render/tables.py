"""Terminal (rich) views of command results. Only table mode formats money for people."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import IO, Any

from ..core.money import fmt_human, fmt_usd_short
from .formats import Record, console


def usd(value: Any) -> str:
    """``$260,000,000`` for a Decimal amount."""
    return f"${fmt_human(value)}"


def _formula(r: Record) -> tuple[str, str]:
    share = "" if r["state_share"] == 1 else f" x {fmt_human(r['state_share'])} state share"
    pay = (
        f"{fmt_human(r['troops'])} troops x {usd(r['monthly_pay_usd'])}/month"
        f" x {fmt_human(r['months'])} months{share}"
    )
    rotations = r.get("rotations") or 1
    times = f" x {rotations} rotations" if rotations != 1 else ""
    bonus = f"{fmt_human(r['troops'])} troops x {usd(r['bonus_usd'])} bonus{times}{share}"
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
        pay, bonus = _formula(r) if r.get("monthly_pay_usd") is not None else ("", "")
        table.add_row("pay", pay, usd(r["pay_total_usd"]))
        table.add_row("bonuses", "+ " + bonus if bonus else "", usd(r["bonus_total_usd"]))
        if r.get("death_total_usd"):
            formula = ""
            if r.get("killed") is not None:
                formula = f"+ {fmt_human(r['killed'])} killed x {usd(r['death_payment_usd'])}"
                if r["state_share"] != 1:
                    formula += f" x {fmt_human(r['state_share'])} state share"
            table.add_row("deaths", formula, usd(r["death_total_usd"]))
        total: Decimal = r["total_usd"]
        table.add_row("total", "", f"[bold]{usd(total)}[/bold]", end_section=True)
        con.print(table)
        con.print(f"= {usd(total)} a year ({fmt_usd_short(total)})", markup=False)
        con.print()
    year = next((r["year"] for r in rows if r.get("year")), None)
    if year:
        con.print(
            f"Dated contingents count the months they are deployed in {year}, and their bonus "
            f"only if they start in {year} (--year).",
            markup=False,
        )
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


def compare_table(refs: Sequence[Any]) -> Any:
    """Scenarios with a bar each, their totals, the difference and the ratios."""

    def view(rows: Sequence[Record], out: IO[str]) -> None:
        from rich import box
        from rich.table import Table

        from ..analysis.compare import ratio_column

        top = max((r["total_usd"] for r in rows), default=Decimal(0)) or Decimal(1)
        table = Table(
            title="Revenue by scenario, USD a year",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            padding=(0, 1, 0, 0),
        )
        table.add_column("scenario", no_wrap=True)
        table.add_column("troops", justify="right", no_wrap=True)
        table.add_column("total", justify="right", no_wrap=True)
        table.add_column("", no_wrap=True, min_width=12)
        table.add_column("vs 1st", justify="right", no_wrap=True)
        for i, _ in enumerate(refs, 1):
            table.add_column(f"x ({i})", justify="right", no_wrap=True, min_width=5)
        for r in rows:
            width = int(12 * r["total_usd"] / top)
            delta = r["delta_usd"]
            table.add_row(
                r["scenario"],
                fmt_human(r["troops"]),
                fmt_usd_short(r["total_usd"]),
                "█" * width,
                ("+" if delta > 0 else "") + fmt_usd_short(delta) if delta else "",
                *(
                    "" if r[ratio_column(ref)] is None else fmt_human(r[ratio_column(ref)])
                    for ref in refs
                ),
            )
        con = console(out)
        con.print(table)
        for i, ref in enumerate(refs, 1):
            con.print(
                f"x ({i}): the total divided by {ref.key}, {ref.label}, {usd(ref.value)} "
                f"({ref.source.publisher}, {ref.source.date})",
                style="dim",
                markup=False,
            )

    return view


def solve_table(rows: Sequence[Record], out: IO[str]) -> None:
    """The solved value in words, then the estimate it gives."""
    first = rows[0]
    name = first["solve_for"]
    value = first.get(name)
    con = console(out)
    option = "--" + name.removesuffix("_usd").replace("_", "-")
    target = usd(first["target_usd"])
    if first.get("target"):
        target += f" ({first['target']})"
    if value is not None:
        con.print(f"{option} {fmt_human(value)} reaches {target}", style="bold", markup=False)
    else:
        con.print(f"{option} solved on every contingent to reach {target}", markup=False)
    estimate_table(rows, out)


def _short(value: float) -> str:
    return fmt_usd_short(Decimal(round(value)))


def simulate_table(
    rows: Sequence[Record],
    out: IO[str],
    hist: tuple[list[int], list[float]],
    p5_p95: tuple[float, float],
    clipped: dict[str, int],
) -> None:
    """Inputs, the summary statistics, a histogram and the 90% interval in words."""
    from rich.table import Table

    con = console(out)
    r = rows[0]
    inputs = Table(title="Inputs", title_justify="left", box=None, show_header=False)
    from ..core.params import PARAMS

    for key in ("scenario", *(p.name for p in PARAMS)):
        if r.get(key) not in (None, ""):
            inputs.add_row(key, str(r[key]))
    con.print(inputs)
    con.print(f"Total a year, {r['samples']:,} samples (seed {r['seed']})", markup=False)
    stats = Table()
    stats.add_column("statistic")
    stats.add_column("USD", justify="right")
    for key, value in r.items():
        if key in ("mean_usd", "sd_usd") or (key[0] == "p" and key[1].isdigit()):
            stats.add_row(key.removesuffix("_usd").replace("_", "."), usd(value))
    con.print(stats)
    counts, edges = hist
    top = max(counts) or 1
    for c, lo in zip(counts, edges, strict=False):
        con.print(f"{_short(lo):>9} {'█' * round(40 * c / top)}", markup=False, highlight=False)
    con.print(
        f"90% of outcomes fall between {_short(p5_p95[0])} and {_short(p5_p95[1])} a year.",
        style="bold",
        markup=False,
    )
    notes = [f"{n:,} draws of {k}" for k, n in clipped.items() if n]
    if notes:
        con.print("Clipped to the valid range: " + ", ".join(notes) + ".", markup=False)


def _brief(value: Decimal | int) -> str:
    """A value for a narrow column: whole numbers above 100, else as it is."""
    v = Decimal(value)
    return fmt_human(int(v.to_integral_value()) if v.copy_abs() >= 100 else v)


def tornado_table(base: Decimal) -> Any:
    """Rows with a tornado bar: the total at the low and high percentile, around the total
    with every input at its median (the │)."""

    def view(rows: Sequence[Record], out: IO[str]) -> None:
        from rich.table import Table

        con = console(out)
        if not rows:
            con.print("No uncertain parameters: give one as a distribution, e.g. "
                      "--troops '8000 to 14000'.", markup=False)  # fmt: skip
            return
        values = [float(v) for r in rows for v in (r["total_at_low_usd"], r["total_at_high_usd"])]
        lo, hi = min(values + [float(base)]), max(values + [float(base)])
        span = (hi - lo) or 1.0
        width = 16

        def pos(v: float) -> int:
            return round((v - lo) / span * width)

        from rich import box

        table = Table(
            title=f"Sensitivity: total with all medians {fmt_usd_short(base)}",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            padding=(0, 1, 0, 0),
            pad_edge=False,
        )
        for col in ("parameter", "5th..95th", "at 5th", "at 95th", "", "swing"):
            table.add_column(col, justify="left" if col in ("parameter", "") else "right",
                             no_wrap=True)  # fmt: skip
        b = pos(float(base))
        for r in rows:
            a, c = pos(float(r["total_at_low_usd"])), pos(float(r["total_at_high_usd"]))
            cells = [" "] * (width + 1)
            for i in range(min(a, c), max(a, c) + 1):
                cells[i] = "█"
            cells[b] = "│"
            table.add_row(
                str(r["parameter"]),
                f"{_brief(r['low'])}..{_brief(r['high'])}",
                fmt_usd_short(r["total_at_low_usd"]),
                fmt_usd_short(r["total_at_high_usd"]),
                "".join(cells),
                fmt_usd_short(r["swing_usd"]),
            )
        con.print(table)

    return view


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[Decimal]) -> str:
    """One block character per value, scaled from zero to the largest."""
    top = max(values, default=Decimal(0)) or Decimal(1)
    return "".join(SPARKS[min(7, int(v / top * 7))] for v in values)


def timeline_table(name: str) -> Any:
    """The monthly table, and the cumulative revenue as a sparkline."""

    def view(rows: Sequence[Record], out: IO[str]) -> None:
        from rich.table import Table

        table = Table(title=f"Revenue by month: {name}", title_justify="left")
        for col in ("month", "troops", "pay", "bonuses", "total", "to date"):
            table.add_column(col, justify="left" if col == "month" else "right")
        for r in rows:
            table.add_row(
                r["month"], fmt_human(r["troops"]), usd(r["pay_total_usd"]),
                usd(r["bonus_total_usd"]), usd(r["total_usd"]), usd(r["cumulative_usd"]),
            )  # fmt: skip
        con = console(out)
        con.print(table)
        if rows:
            con.print(
                f"{rows[0]['month']} {sparkline([r['cumulative_usd'] for r in rows])} "
                f"{rows[-1]['month']}: {fmt_usd_short(rows[-1]['cumulative_usd'])} to date",
                markup=False,
            )

    return view


def published_table(rows: Sequence[Record], out: IO[str]) -> None:
    """Each estimate: source, figure, our recomputation and verdict, then its notes."""
    from rich.table import Table

    table = Table(title="Published estimates, recomputed", title_justify="left", show_lines=True)
    for col, justify in (("estimate", "left"), ("published", "right"), ("recomputed", "right"),
                         ("verdict", "left")):  # fmt: skip
        table.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for r in rows:
        recomputed = r["recomputed_usd"]
        table.add_row(
            f"{r['id']}\n{r['publisher']}, {r['date']}",
            r["published"],
            "" if recomputed is None else usd(recomputed),
            r["verdict"],
        )
    con = console(out)
    con.print(table)
    for r in rows:
        if r.get("note"):
            con.print(f"{r['id']}: {r['note']}", style="dim", markup=False)
