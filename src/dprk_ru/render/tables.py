"""Terminal (rich) views of command results. Only table mode formats money for people.

Every view lays its tables out with ``layout.show``, so a number is never cut at any width,
and says what it computed: the inputs used, the terms counted, the rates of any currency
converted (``notes``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from ..core.formula import personnel_word
from ..core.money import fmt_human, fmt_plain, fmt_usd_short
from ..core.text import printable
from .console import console
from .formats import TableView
from .layout import BARE, FRAMED, FRAMED_LINES, LIGHT, PLAIN, Col, show
from .writers import Record

if TYPE_CHECKING:
    from ..core.currency import OtherCurrency


def usd(value: Any) -> str:
    """``$260,000,000`` for a Decimal amount."""
    return f"${fmt_human(value)}"


def short(value: Decimal | int, code: str = "USD") -> str:
    """An amount in short form: ``$260.0M`` in USD; ``369.7B`` in another currency (whose
    code is in the column header)."""
    text = fmt_usd_short(Decimal(value))
    return text if code == "USD" else text.replace("$", "")


def _human(value: Any) -> str:
    return "" if value is None else fmt_human(value)


# -- what every view says below its tables -------------------------------------------------


def _origin(origin: str, code: str) -> str:
    if origin == "given":
        return "--rate"
    if origin == "file":
        return "the scenario's rates"
    from ..core.currency import SOURCED_RATES

    rate = SOURCED_RATES[code]
    return f"the sourced {rate.year} average, see `revenue sources`; --rate {code}=... to change"


def note_lines(to: OtherCurrency | None = None) -> list[str]:
    """What was converted, at which rate: each amount given in another currency (made in
    this run), and the currency ``--currency`` adds."""
    from ..core.currency import conversions

    lines = []
    made = conversions()
    for c in made[:5]:
        lines.append(
            f"{c.where}: {fmt_human(c.amount)} {c.code} = {usd(c.usd)} at "
            f"{fmt_human(c.rate)} {c.code} per USD ({_origin(c.origin, c.code)})"
        )
    if len(made) > 5:
        lines.append(f"and {len(made) - 5:,} more amounts converted at the same rates")
    if to is not None:
        lines.append(f"{to.code} at {fmt_human(to.rate)} per USD ({_origin(to.origin, to.code)})")
    return lines


def notes(con: Any, to: OtherCurrency | None = None) -> None:
    """Print ``note_lines``, dim."""
    for line in note_lines(to):
        con.print(line, style="dim", markup=False)


# -- estimate and solve --------------------------------------------------------------------


def _dated(r: Record) -> bool:
    return bool(r.get("year")) and bool(r.get("start"))


def _terms(r: Record) -> list[tuple[str, str, str]]:
    """The rows of one record's table: (label, the formula in words, money column), the
    words being the formula's own (``Term.describe``)."""
    from types import SimpleNamespace

    from ..core.formula import TERMS, Period
    from ..core.params import FACTORS

    shown = [
        t for t in TERMS
        if t.name != "death" or r.get("killed") or r.get("death_payment_usd")
        or r.get("death_total_usd")
    ]  # fmt: skip
    if r.get("monthly_pay_usd") is None:  # a total: the sums only
        return [(t.label.lower(), "", t.column) for t in shown]
    values = SimpleNamespace(**{p.name: r[p.name] for p in FACTORS}, personnel=r["personnel"],
                             start=r.get("start"), end=r.get("end"))  # fmt: skip
    when = Period(int(r["months"]), bool(r.get("bonus_counted", True))) if _dated(r) else None
    year = r.get("year") if when is not None else None
    return [
        (t.label.lower(), ("+ " if i and t.counted(when) else "") + t.describe(values, when, year),
         t.column)
        for i, t in enumerate(shown)
    ]  # fmt: skip


def _defaults(rows: Sequence[Record]) -> str:
    """The sources of the default pay and bonus, for those the rows use."""
    from ..core.params import BONUS, MONTHLY_PAY

    used = [r for r in rows if r.get("monthly_pay_usd") is not None]
    paid = [r for r in used if r["months"] or not _dated(r)]
    with_bonus = [r for r in used if r.get("bonus_counted", True)]
    parts = []
    if any(r["monthly_pay_usd"] == MONTHLY_PAY.default for r in paid):
        parts.append(
            f"pay {usd(MONTHLY_PAY.default)} a month is NIS's figure for soldiers (via The "
            "Korea Herald, 2024-11-03)"
        )
    workers = MONTHLY_PAY.default_for("workers")
    if any(r["personnel"] == "workers" and r["monthly_pay_usd"] == workers for r in paid):
        parts.append(
            f"workers' pay {usd(workers)} a month is NIS's figure (via The Korea Herald, "
            "2024-11-03)"
        )
    if any(r["bonus_usd"] == BONUS.default for r in with_bonus):
        parts.append(
            f"bonus {usd(BONUS.default)} is the lump sum INSS reports for foreign recruits, "
            "which the $260M of Chang (ISPI 2025) also implies"
        )
    return "; ".join(parts) + ". See `revenue sources`." if parts else ""


def estimate_view(to: OtherCurrency | None = None, medians: str = "") -> TableView:
    """The formula with the numbers put in, the breakdown and the total, per record; then
    the rates used, the sources of the defaults used and (``medians``) the distributions a
    scenario file gave, taken at their medians."""

    def view(rows: Sequence[Record], out: IO[str]) -> None:
        from rich.text import Text

        con = console(out)
        for r in rows:
            title = "Revenue estimate"
            if r.get("scenario"):
                title += f": {r['scenario']}"
                if r.get("contingent") == "total":
                    count = sum(1 for x in rows if x.get("scenario") == r["scenario"]) - 1
                    title += f", total of {count} contingents"
                elif r.get("contingent"):
                    named = r.get("title")  # "Title (id)": the id a user types stays visible
                    shown = f"{named} ({r['contingent']})" if named else r["contingent"]
                    title += f" / {shown}"
            period = f"in {r['year']}" if r.get("year") else "a year"
            cols = [Col("", "text", style="bold", min_width=7), Col("formula", "text"),
                    Col(f"USD {period}")]  # fmt: skip
            if to is not None:
                cols.append(Col(f"{to.code} {period}"))
            cells: list[list[Any]] = []
            for label, formula, column in _terms(r):
                cells.append([label, formula, usd(r[column])])
                if to is not None:
                    cells[-1].append(fmt_human(r[to.column(column)]))
            total = [Text("total"), "", Text(usd(r["total_usd"]), style="bold")]
            if to is not None:
                total.append(Text(fmt_human(r[to.column("total_usd")]), style="bold"))
            cells.append(total)
            show(con, cols, cells, title=title, style=BARE, sections=[len(cells) - 1])
            troops = ""
            if r.get("contingent") == "total":
                # With a year: the most deployed at once in it, not all who passed through.
                deployed = f" deployed in {r['year']} (the most at once)" if r.get("year") else ""
                troops = f", {fmt_human(r['troops'])} {personnel_word(r['personnel'])}{deployed}"
            line = f"= {usd(r['total_usd'])} {period} ({fmt_usd_short(r['total_usd'])}){troops}"
            line += {"yes": ", projected", "partly": ", partly projected"}.get(
                str(r.get("projected")), ""
            )
            if to is not None:
                line += f"; {fmt_human(r[to.column('total_usd')])} {to.code}"
            con.print(line, markup=False)
            if r.get("given"):  # the options that changed this contingent
                con.print(f"Changed by your options: {r['given']}", markup=False)
            con.print()
        if medians:
            con.print(f"At the {medians}", markup=False)
        year = next((r["year"] for r in rows if r.get("year")), None)
        if year:
            con.print(
                f"Dated contingents count the months they are deployed in {year}, and their "
                f"bonus only if they start in {year} (--year).",
                markup=False,
            )
            projection = projected_line(rows, f"{year}")
            if projection:
                con.print(projection, style="bold", markup=False)
        notes(con, to)
        defaults = _defaults(rows)
        if defaults:
            con.print("Defaults: " + defaults, style="dim", markup=False)

    return view


def solve_view(to: OtherCurrency | None = None) -> TableView:
    """The solved value in words, then the estimate it gives."""

    def view(rows: Sequence[Record], out: IO[str]) -> None:
        first = rows[0]
        name = first["solve_for"]
        value = first.get("solved", first.get(name))  # the answer, whichever contingent got it
        con = console(out)
        option = "--" + name.removesuffix("_usd").replace("_", "-")
        target = usd(first["target_usd"])
        if to is not None:
            target += f" ({fmt_human(first[to.column('target_usd')])} {to.code})"
        if first.get("target"):
            target += f" ({first['target']})"
        if value is not None:
            con.print(f"{option} {fmt_plain(value)} reaches {target}", style="bold", markup=False)
        else:
            con.print(f"{option} solved on every contingent to reach {target}", markup=False)
        estimate_view(to)(rows, out)

    return view


def projected_line(rows: Sequence[Record], what: str) -> str:
    """The line that says a figure is (partly) projected, from the records' ``projected`` and
    ``as_of``; empty when none is."""
    states = {r.get("projected") for r in rows}
    as_of = next((r["as_of"] for r in rows if r.get("as_of")), "")
    if "yes" in states and "partly" not in states and states <= {"yes", "", None}:
        return (f"Projected: {what} is after {as_of}, the month the data run to; no source "
                "describes it.")  # fmt: skip
    if states & {"yes", "partly"}:
        return (f"Partly projected: {what} runs past {as_of}, the month the data run to; the "
                "months after it are projections.")  # fmt: skip
    return ""


def scenarios_table(rows: Sequence[Record], out: IO[str]) -> None:
    """The built-in scenarios, with the year a dated one's total is for beside the total."""
    from rich.text import Text

    cols = [Col("scenario", "text", min_width=12), Col("contingents"), Col("troops"),
            Col("total"), Col("year"), Col("description", "text")]  # fmt: skip
    cells = [[Text(r["scenario"]), fmt_human(r["contingents"]), fmt_human(r["troops"]),
              usd(r["total_usd"]), str(r["year"]), Text(r["description"] or "")]
             for r in rows]  # fmt: skip
    con = console(out)
    show(con, cols, cells)
    con.print("year: the year a dated scenario's total counts (--year in estimate and compare); "
              "its troops are the most deployed at once in it.",
              style="dim", markup=False)  # fmt: skip


def domain(url: str) -> str:
    """``koreaherald.com`` for a URL (each of several, joined by " ; ")."""
    from urllib.parse import urlsplit

    hosts = (urlsplit(u.strip()).netloc.removeprefix("www.") or u.strip() for u in url.split(" ; "))
    return " ; ".join(h for h in hosts if h)


# -- sources, compare, sweep ---------------------------------------------------------------


def _group_title(group: str) -> str:
    from ..core.params import PARAM_BY_NAME

    if group in PARAM_BY_NAME:
        return f"{PARAM_BY_NAME[group].label} ({group})"
    fixed = {"as-of": "The month the data run to", "references": "Reference figures",
             "rates": "Exchange rates"}  # fmt: skip
    return fixed.get(group, f"Dated facts of {group}")


def sources_table(rows: Sequence[Record], out: IO[str]) -> None:
    """The figures grouped by parameter (then references, rates and each dated scenario's
    facts), each with its value, kind and a [number] for its source; then the sources, each
    once, with its full URL (a hyperlink on a terminal with colour) and each quote once."""
    from rich.table import Table
    from rich.text import Text

    from ..analysis.explain import refs_text
    from ..scenarios.sources import group_of

    con = console(out)
    linked = con.is_terminal and con.color_system is not None
    numbers: dict[str, int] = {}  # a source's citation -> its number, in order of first use
    quotes: dict[str, list[str]] = {}
    found: dict[str, Record] = {}
    groups: dict[str, list[list[Any]]] = {}
    for r in rows:
        cited = r.get("cited") or [
            {"cite": r["source"], "url": r.get("url"), "url_note": r.get("url_note"),
             "quote": r.get("quote")}
        ]  # fmt: skip
        refs = []
        for c in cited:
            cite = str(c.get("title") or c["cite"]).casefold()  # a publication once
            refs.append(numbers.setdefault(cite, len(numbers) + 1))
            found.setdefault(cite, c)
            if c.get("quote") and c["quote"] not in quotes.setdefault(cite, []):
                quotes[cite].append(str(c["quote"]))
        value = fmt_human(r["value"]) if isinstance(r["value"], Decimal | int) else str(r["value"])
        if r.get("high") is not None:
            value += f" to {fmt_human(r['high'])}"
        what = f"{r['label']} ({r['unit']}{', ' + r['period'] if r.get('period') else ''}) "
        what += refs_text(sorted(set(refs)))
        cells = groups.setdefault(group_of(r), [])
        if r.get("reasoning") and not any(r["reasoning"] in str(c[3]) for c in cells):
            what += f"\n{r['reasoning']}"  # each reasoning once in its group
        kind = r["kind"] + ("\nuncertain" if r.get("uncertain") else "")
        key = str(r["key"]).removeprefix(f"{group_of(r)}.")  # a scenario's name: its heading
        cells.append([key, value, kind, what])
    cols = [Col("key", "text", min_width=12), Col("value"), Col("kind", "text", min_width=7),
            Col("what [source]", "text", min_width=20)]  # fmt: skip
    for i, (group, cells) in enumerate(groups.items()):
        if i:
            con.print()
        show(con, cols, cells, title=Text(_group_title(group), style="bold"), style=LIGHT)
    con.print()
    con.print(Text("Sources", style="bold"))
    grid = Table.grid(padding=(0, 1, 0, 0))  # the number, then the entry hanging beside it
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for cite, n in numbers.items():
        r = found[cite]
        entry = Text(str(r["cite"]))
        urls = [u.strip() for u in str(r.get("url") or "").split(" ; ") if u.strip()]
        for url in urls:  # the full URL, a hyperlink where the terminal can show one
            entry.append("\n")
            entry.append(url, style=f"link {url}" if linked else None)
        if not urls and r.get("url_note"):
            entry.append(f"\nno URL: {r['url_note']}")
        for quote in quotes.get(cite, []):
            entry.append(f'\n"{quote}"')
        grid.add_row(f"[{n}]", entry)
    con.print(grid)


def compare_table(refs: Sequence[Any], to: OtherCurrency | None = None) -> TableView:
    """Scenarios with a bar each, their totals, the difference and the ratios (two for a
    range reference, its low and high ends); each reference and its period below."""

    def view(rows: Sequence[Record], out: IO[str]) -> None:
        from ..analysis.compare import ratio_column
        from ..core.formula import TERMS

        top = max((r["total_usd"] for r in rows), default=Decimal(0)) or Decimal(1)
        # Every component the model has, then the total: they add up (a term no scenario
        # has, death payments mostly, is left out).
        terms = [t for t in TERMS if t.name != "death" or any(r[t.column] for r in rows)]
        cols = [Col("scenario", "text", min_width=16), Col("troops")]
        cols += [Col(t.name) for t in terms] + [Col("total")]
        if to is not None:
            cols.append(Col(to.code))
        cols += [Col("", "bar", min_width=12), Col("vs 1st")]
        shown: list[str] = []  # the ratio columns, in order
        for i, ref in enumerate(refs, 1):
            stem = ratio_column(ref)
            if ref.high is None:
                cols.append(Col(f"x ({i})"))
                shown.append(stem)
            else:
                cols += [Col(f"x ({i}) low"), Col(f"x ({i}) high")]
                shown += [f"{stem}_low", f"{stem}_high"]
        cells = []
        for r in rows:
            delta = r["delta_usd"]
            # "Title (id)": the title for people, the id a user types beside it.
            named = r.get("title") or ""
            name = (
                f"{named} ({r['scenario']})" if named and named != r["scenario"] else r["scenario"]
            )
            row = [name, fmt_human(r["troops"])]
            row += [short(r[t.column]) for t in terms] + [short(r["total_usd"])]
            if to is not None:
                row.append(short(r[to.column("total_usd")], to.code))
            row += [
                "█" * int(12 * r["total_usd"] / top),
                ("+" if delta > 0 else "") + short(delta) if delta else "",
                *(_human(r[c]) for c in shown),
            ]
            cells.append(row)
        con = console(out)
        year = next((r["year"] for r in rows if r.get("year")), None)
        title = f"Revenue by scenario, USD {f'in {year}' if year else 'a year'}"
        show(con, cols, cells, title=title, style=LIGHT)
        for r in rows:
            line = projected_line([r], f"{r['year']}") if r.get("year") else ""
            if line:
                con.print(f"{r['scenario']}: {line}", style="bold", markup=False)
        for i, ref in enumerate(refs, 1):
            amount = usd(ref.value) if ref.high is None else f"{usd(ref.value)} to {usd(ref.high)}"
            span = f" over {ref.period} (not annualised)" if ref.period else ""
            con.print(
                f"x ({i}): the total divided by {ref.key}, {ref.label}, {amount}{span} "
                f"({ref.source.publisher}, {ref.source.date})",
                style="dim",
                markup=False,
            )
        if year:
            con.print(
                f"Dated scenarios count the months deployed in {year}, the most troops deployed "
                f"at once in it, and bonuses of deployments starting in it (--year).",
                style="dim",
                markup=False,
            )
        notes(con, to)

    return view


#: The later terms' parameters, not worth a mention while at these values (the terms off).
_IDLE = {"rotations": 1, "killed": 0, "death_payment_usd": 0, "personnel": "soldiers"}


def sweep_table(
    columns: Sequence[str],
    varying: Collection[str],
    more: int = 0,
    to: OtherCurrency | None = None,
) -> TableView:
    """A screenful of the grid: the parameters that vary and the results; those with one
    value in the whole grid said once above (the later terms' not at all while off), and
    how many rows were left out.

    Args:
        columns: the record's columns.
        varying: the parameters with more than one value in the grid.
        more: the rows of the grid not shown.
        to: the currency ``--currency`` adds.
    """
    from ..core.params import PARAM_BY_NAME, SHORTHANDS

    def view(rows: Sequence[Record], out: IO[str]) -> None:
        from .formats import human

        con = console(out)
        # A shorthand's parameters say nothing more where it has a value: leave them out.
        sets = {t for s in SHORTHANDS for t in SHORTHANDS[s].shorthand if rows and all(
            r[s] is not None for r in rows)}  # fmt: skip
        kept = [c for c in columns if c not in sets]
        fixed = [c for c in kept if c in PARAM_BY_NAME and c not in varying]
        said = [c for c in fixed if not rows or _IDLE.get(c) != rows[0][c]]
        if said and rows:
            same = ", ".join(f"{c} {human(rows[0][c], c)}" for c in said)
            con.print(f"In every row: {same}", markup=False)
        # No death column while the grid has no deaths paid anywhere.
        off = "killed" in fixed and "death_payment_usd" in fixed
        off = off and bool(rows) and not (rows[0]["killed"] and rows[0]["death_payment_usd"])
        shown = [c for c in kept if c not in fixed and not (off and c.startswith("death_"))]
        shown = [c for c in shown if not (c == "personnel" and rows[0].get(c) == "soldiers")]
        cells = [[human(r.get(c), c) for c in shown] for r in rows]
        show(con, [Col(c) for c in shown], cells, style=FRAMED)
        if more:
            con.print(
                f"{more:,} more rows not shown; use --format csv or --output FILE to get all "
                "of them.",
                style="dim",
                markup=False,
            )
        notes(con, to)

    return view


# -- simulate and sensitivity --------------------------------------------------------------


def _short(value: float, code: str = "USD") -> str:
    return short(Decimal(round(value)), code)


def histogram_counts(totals: Any, bins: int = 16) -> tuple[list[int], list[float]]:
    """Counts and edges of simulated totals (a numpy array) between their 0.5th and 99.5th
    percentiles: the histogram ``simulate_table`` draws."""
    import numpy as np

    lo, hi = np.percentile(totals, [0.5, 99.5])
    if hi <= lo:
        hi = lo + 1
    counts, edges = np.histogram(totals, bins=bins, range=(lo, hi))
    return [int(c) for c in counts], [float(e) for e in edges]


def simulate_table(
    rows: Sequence[Record],
    out: IO[str],
    totals: Any,
    p5_p95: tuple[float, float],
    clipped: dict[str, int],
    to: OtherCurrency | None = None,
    applied: str = "",
) -> None:
    """Inputs, the summary statistics, a histogram of ``totals`` (the simulated totals) and
    the 90% interval in words."""
    from ..core.params import PARAMS

    hist = histogram_counts(totals)
    con = console(out)
    r = rows[0]
    inputs = [
        [key, str(r[key])]
        for key in ("scenario", "year", *(p.name for p in PARAMS))
        if r.get(key) not in (None, "")
    ]
    if inputs and inputs[0][0] == "scenario" and r.get("title"):  # "Title (id)"
        inputs[0][1] = f"{r['title']} ({r['scenario']})"
    show(con, [Col("", "text", min_width=17), Col("", "text")], inputs, title="Inputs", style=PLAIN)
    if applied:
        con.print(f"Your options apply to: {applied}", markup=False)
    con.print(f"Total a year, {r['samples']:,} samples (seed {r['seed']})", markup=False)
    cols = [Col("statistic", "text", min_width=9), Col("USD")]
    if to is not None:
        cols.append(Col(to.code))
    stats = []
    for key, value in r.items():
        if key.endswith("_usd") and (key in ("mean_usd", "sd_usd") or key[1].isdigit()):
            row = [key.removesuffix("_usd").replace("_", "."), usd(value)]
            if to is not None:
                row.append(fmt_human(r[to.column(key)]))
            stats.append(row)
    show(con, cols, stats, style=FRAMED)
    counts, edges = hist
    top = max(counts) or 1
    for c, lo in zip(counts, edges, strict=False):
        con.print(f"{_short(lo):>9} {'█' * round(40 * c / top)}", markup=False, highlight=False)
    con.print(
        f"90% of outcomes fall between {_short(p5_p95[0])} and {_short(p5_p95[1])} a year.",
        style="bold",
        markup=False,
    )
    clips = [f"{n:,} draws of {k}" for k, n in clipped.items() if n]
    if clips:
        con.print("Clipped to the valid range: " + ", ".join(clips) + ".", markup=False)
    notes(con, to)


def _brief(value: Decimal | int) -> str:
    """A value for a narrow column: whole numbers above 100, else as it is."""
    v = Decimal(value)
    return fmt_human(int(v.to_integral_value()) if v.copy_abs() >= 100 else v)


def tornado_table(base: Decimal, to: OtherCurrency | None = None, applied: str = "") -> TableView:
    """Rows with a tornado bar: the total at the low and high percentile, around the total
    with every input at its median (the │); ``applied``: the contingents your options
    changed, said above it."""

    def view(rows: Sequence[Record], out: IO[str]) -> None:
        con = console(out)
        if applied:
            con.print(f"Your options apply to: {applied}", markup=False)
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

        money = ("total_at_low_usd", "total_at_high_usd")
        cols = [Col("parameter", "text", min_width=12), Col("5th..95th"), Col("at 5th"),
                Col("at 95th"), Col("", "bar", min_width=width + 1), Col("swing")]  # fmt: skip
        if to is not None:
            cols += [Col(f"at 5th {to.code}"), Col(f"at 95th {to.code}"),
                     Col(f"swing {to.code}")]  # fmt: skip
        b = pos(float(base))
        cells = []
        for r in rows:
            a, c = pos(float(r["total_at_low_usd"])), pos(float(r["total_at_high_usd"]))
            bar = [" "] * (width + 1)
            for i in range(min(a, c), max(a, c) + 1):
                bar[i] = "█"
            bar[b] = "│"
            row = [
                str(r["parameter"]),
                f"{_brief(r['low'])}..{_brief(r['high'])}",
                *(short(r[m]) for m in money),
                "".join(bar),
                short(r["swing_usd"]),
            ]
            if to is not None:
                row += [short(r[to.column(m)], to.code) for m in (*money, "swing_usd")]
            cells.append(row)
        title = f"Sensitivity: total with all medians {short(base)}"
        if to is not None:
            from ..core.currency import from_usd

            title += f" ({short(from_usd(base, to.code, to.rate), to.code)} {to.code})"
        show(con, cols, cells, title=title, style=LIGHT)
        notes(con, to)

    return view


# -- timeline and published ----------------------------------------------------------------

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[Decimal]) -> str:
    """One block character per value, scaled from zero to the largest."""
    top = max(values, default=Decimal(0)) or Decimal(1)
    return "".join(SPARKS[min(7, int(v / top * 7))] for v in values)


def timeline_table(
    name: str, to: OtherCurrency | None = None, since: str | None = None
) -> TableView:
    """The monthly table (deaths when any were paid), and the cumulative revenue as a
    sparkline; ``since``, the first month deployed, from which "to date" counts, is said in
    the heading and after the figure to date."""

    def view(rows: Sequence[Record], out: IO[str]) -> None:
        money = [("pay", "pay_total_usd"), ("bonuses", "bonus_total_usd")]
        if any(r["death_total_usd"] for r in rows):
            money.append(("deaths", "death_total_usd"))
        money += [("total", "total_usd"), ("to date", "cumulative_usd")]
        cols = [Col("month", justify="left"), Col("troops"), *(Col(h) for h, _ in money)]
        if to is not None:
            cols += [Col(f"total {to.code}"), Col(f"to date {to.code}")]
        cells = []
        for r in rows:
            month = r["month"] + (" *" if r.get("projected") else "")
            row = [month, fmt_human(r["troops"]), *(usd(r[c]) for _, c in money)]
            if to is not None:
                row += [fmt_human(r[to.column(c)]) for c in ("total_usd", "cumulative_usd")]
            cells.append(row)
        con = console(out)
        counted = f" since {since}" if since else ""
        title = f"Revenue by month: {printable(name)}" + (f"; to date{counted}" if since else "")
        show(con, cols, cells, title=title, style=FRAMED)
        if rows:
            projected = rows[-1].get("projected")
            con.print(
                f"{rows[0]['month']} {sparkline([r['cumulative_usd'] for r in rows])} "
                f"{rows[-1]['month']}: {fmt_usd_short(rows[-1]['cumulative_usd'])} to date"
                + counted
                + (", partly projected" if projected else ""),
                markup=False,
            )
        if rows and rows[-1].get("projected"):
            con.print("* projected: after the month the data run to; no source describes "
                      "it.", markup=False)  # fmt: skip
        notes(con, to)

    return view


def published_view(to: OtherCurrency | None = None) -> TableView:
    """Each estimate: source, figure, our recomputation and verdict, then its notes."""

    def view(rows: Sequence[Record], out: IO[str]) -> None:
        cols = [Col("estimate", "text", min_width=14), Col("published", "text", min_width=12),
                Col("recomputed")]  # fmt: skip
        if to is not None:
            cols.append(Col(f"recomputed {to.code}"))
        cols.append(Col("verdict", "text", min_width=12))
        cells = []
        for r in rows:
            recomputed = r["recomputed_usd"]
            link = domain(r["url"]) if r.get("url") else "no URL"
            row = [f"{r['id']}\n{r['publisher']}, {r['date']}\n{link}", r["published"],
                   "" if recomputed is None else usd(recomputed)]  # fmt: skip
            if to is not None:
                row.append(_human(r.get(to.column("recomputed_usd"))))
            row.append(r["verdict"])
            cells.append(row)
        con = console(out)
        show(con, cols, cells, title="Published estimates, recomputed", style=FRAMED_LINES)
        for r in rows:
            if r.get("note"):
                con.print(f"{r['id']}: {r['note']}", style="dim", markup=False)
            if not r.get("url") and r.get("url_note"):
                con.print(f"{r['id']}: no URL: {r['url_note']}", style="dim", markup=False)
        notes(con, to)

    return view
