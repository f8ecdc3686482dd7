"""``report``: everything a brief says, as data: the headline, how the figure is built, its
uncertainty and sensitivity, the timeline, the published estimates, how to reproduce it
and the sources. ``render/report.py`` turns it into HTML or Markdown."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Final

from ..core.money import half_up
from ..errors import InputError, Named
from .compare import ratio
from .estimate import ScenarioEstimate
from .explain import Citation, Explanation, Input, InputRow

if TYPE_CHECKING:
    from ..inputs.distributions import UncertainContingent
    from ..scenarios.scenario import Scenario
    from ..scenarios.selection import Selection
    from ..scenarios.sources import Figure


@dataclass(frozen=True)
class Comparison:
    """The total set against a reference figure: against each end of a range, and over the
    figure's period when it states one (not annualised)."""

    key: str
    label: str
    value_usd: Decimal
    ratio: Decimal | None
    source: int  # footnote number
    high_usd: Decimal | None = None
    high_ratio: Decimal | None = None
    period: str | None = None


@dataclass(frozen=True)
class Uncertainty:
    """The simulated spread of the total (what ``simulate`` prints for the same inputs)."""

    summary: Mapping[str, Any]  # simulate's record: samples, seed, mean, sd, percentiles
    percentiles: tuple[tuple[float, int], ...]  # (q, whole dollars), as simulate reports them
    totals: Any  # the draws (numpy array), for the histogram
    median_usd: int
    p5_usd: int
    p95_usd: int


@dataclass(frozen=True)
class Headline:
    """The one number, as a reporter writes it: "10,000 troops in Russia could bring North
    Korea about $260 million a year".

    Args:
        subject: who earns it ("10,000 troops in Russia", "Its troops in Russia").
        verb: in the source's mood: "could bring" for a yearly rate under stated
            assumptions (ISPI's "could generate"), "brought" for a counted year, "would
            bring" for a projected one.
        figure: the estimate at the inputs' medians, rounded (``reporter_usd``).
        figure_usd: that rounded amount.
        period: "in 2025" or "a year".
        range_text: simulate's 5th-95th percentiles rounded the same way, when an input is
            uncertain ("$255-$413 million").
    """

    subject: str
    verb: str
    whom: str
    figure: str
    figure_usd: Decimal
    period: str
    range_text: str | None = None


@dataclass(frozen=True)
class Note:
    """A sentence of "what the figure leaves out", with its footnotes."""

    text: str
    sources: tuple[int, ...] = ()


@dataclass(frozen=True)
class ContingentRow:
    """A contingent in the brief's compact table: what differs between contingents."""

    name: str
    title: str
    personnel: str
    troops: Input
    months: Input
    start: str | None
    end: str | None
    sources: tuple[int, ...]


@dataclass(frozen=True)
class Inputs:
    """The inputs as a brief lists them: one row per parameter every contingent shares
    (``shared``), a compact table of the contingents (troops, months, dates, sources;
    empty for one contingent) and a row for each other value that differs (``differing``,
    its ``contingents`` their titles)."""

    shared: tuple[InputRow, ...]
    contingents: tuple[ContingentRow, ...]
    differing: tuple[InputRow, ...]


@dataclass(frozen=True)
class Brief:
    """A brief's content.

    Args:
        title: the brief's title.
        estimate: the point estimate (at the inputs' medians when they are uncertain).
        explanation: how it is built, with numbered sources.
        per_month_cents: the yearly total over twelve months, rounded half up.
        currency: (code, rate per USD, total in that currency) when asked for.
        comparisons: the total against reference figures.
        uncertainty: the simulated spread, when an input is a distribution.
        sensitivity: the tornado rows and the total at the medians, likewise.
        timeline: the monthly rows of a dated scenario, with the month the data runs to.
        published: the published estimates, recomputed.
        command: the command that regenerates the brief.
        version: the package version.
        as_of: the month the shipped data runs to.
        date: a date to print, only when asked for (``--date``).
        sources: every numbered source, each once, in order of first use (the headline's
            references, what the figure leaves out, the inputs); the model's own choices
            are no source: their notes say "Assumption:".
        headline: the one number, rounded (``Headline``).
        leaves_out: what the money sits beside, and what the figure assumes.
        inputs: the inputs, shared ones once (``Inputs``).
        titles: contingents' titles by id.
    """

    title: str
    estimate: ScenarioEstimate
    explanation: Explanation
    per_month_cents: int
    currency: tuple[str, Decimal, Decimal] | None
    comparisons: tuple[Comparison, ...]
    uncertainty: Uncertainty | None
    sensitivity: tuple[Sequence[Mapping[str, Any]], Decimal] | None
    timeline: tuple[Sequence[Mapping[str, Any]], str] | None
    published: Sequence[Mapping[str, Any]]
    command: str
    version: str
    as_of: str
    date: str | None
    sources: tuple[Citation, ...]
    headline: Headline | None = None
    leaves_out: tuple[tuple[str, tuple[Note, ...]], ...] = ()
    inputs: Inputs | None = None
    titles: Mapping[str, str] | None = None

    @property
    def total_usd(self) -> Decimal:
        return self.estimate.total_usd


def per_month(total_cents: int) -> int:
    """A yearly total as an average month, in cents, rounded half up."""
    return half_up(total_cents, 12)


def uncertainty(
    contingents: Sequence[UncertainContingent],
    samples: int,
    seed: int,
    correlations: Mapping[tuple[str, str], float],
    qs: Sequence[float],
    year: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Uncertainty:
    """Simulate as ``simulate`` does, with the same summary and percentiles (``progress``
    as ``simulate`` takes it)."""
    from .simulate import simulate, summary, whole_usd

    sim = simulate(contingents, samples, seed, correlations, year, progress=progress)
    exact = sim.quantiles(sorted({*qs, 5.0, 50.0, 95.0}))
    record = summary(sim, qs, exact)
    whole = {q: whole_usd(v) for q, v in exact.items()}
    return Uncertainty(
        record,
        tuple((q, whole[q]) for q in qs),
        sim.totals,
        whole[50.0],
        whole[5.0],
        whole[95.0],
    )


_MILLION: Final = Decimal(1_000_000)
_BILLION: Final = Decimal(1_000_000_000)


def reporter_round(usd: Decimal | int) -> Decimal:
    """An amount as a reporter rounds it: to the nearest million below $1 billion, to three
    significant figures above (half up); under $1 million, to two significant figures."""
    v = Decimal(usd)
    if v < 0:
        return -reporter_round(-v)
    if v == 0:
        return v
    if v < _MILLION - _MILLION / 2:
        exp = v.adjusted() - 1  # two significant figures
        return v.scaleb(-exp).quantize(Decimal(1), ROUND_HALF_UP).scaleb(exp)
    millions = (v / _MILLION).quantize(Decimal(1), ROUND_HALF_UP) * _MILLION
    if millions < _BILLION:
        return millions
    exp = v.adjusted() - 2  # three significant figures
    return v.scaleb(-exp).quantize(Decimal(1), ROUND_HALF_UP).scaleb(exp)


def _unit(v: Decimal) -> tuple[str, str]:
    """The rounded amount's number and unit: ("334", "million"), ("1.34", "billion")."""
    from ..core.money import fmt_human

    if v >= _BILLION:
        return fmt_human((v / _BILLION).normalize()), "billion"
    if v >= _MILLION:
        return fmt_human((v / _MILLION).normalize()), "million"
    return fmt_human(v.normalize()), ""


def reporter_usd(usd: Decimal | int) -> str:
    """ "$334 million", "$1.34 billion", "$260,000": rounded by ``reporter_round``."""
    v = reporter_round(usd)
    number, unit = _unit(abs(v))
    sign = "-" if v < 0 else ""
    return f"{sign}${number} {unit}".strip()


def reporter_range(low: Decimal | int, high: Decimal | int) -> str:
    """Two amounts rounded alike, the unit said once where they share it: "$255-$413
    million", "$900 million-$1.2 billion"."""
    lo, hi = reporter_round(low), reporter_round(high)
    (a, unit_a), (b, unit_b) = _unit(abs(lo)), _unit(abs(hi))
    if lo >= 0 and unit_a == unit_b and unit_a:
        return f"${a}-${b} {unit_a}"
    return f"{reporter_usd(lo)}-{reporter_usd(hi)}"


def headline(result: ScenarioEstimate, spread: Uncertainty | None) -> Headline:
    """The one number (``Headline``): the estimate at the inputs' medians, rounded; the
    verb in the source's mood. A yearly rate (nothing dated) takes ISPI's conditional, the
    article's "could generate": "could bring". A counted year "brought"; a projected one
    "would bring"."""
    from ..core.money import fmt_human

    kinds = {c.personnel for c in result.scenario.contingents}
    who = "troops" if kinds == {"soldiers"} else "workers" if kinds == {"workers"} else (
        "troops and workers")  # fmt: skip
    if result.year is None:
        period = "a year"
        subject, whom = f"{fmt_human(result.troops)} {who} in Russia", "North Korea"
        verb = "could bring"
    else:
        period = f"in {result.year}"
        subject, whom = f"North Korea's {who} in Russia", "it"
        verb = "would bring" if result.projected in ("yes", "partly") else "brought"
    rounded = reporter_round(result.total_usd)
    return Headline(
        subject, verb, whom, reporter_usd(result.total_usd), rounded, period,
        None if spread is None else reporter_range(spread.p5_usd, spread.p95_usd),
    )  # fmt: skip


#: What the money sits beside: reference figures of the whole relationship, by key
#: (``scenarios.sources``), each over the span it states, never annualised.
BESIDE: Final = (
    "inss-2026-01-total",
    "fnf-2025-09-supplied",
    "inss-2024-09-arms-2023",
    "inss-2026-01-dispatch-to-date",
)

#: What the figure assumes, each sentence with the reference figures (by key) whose
#: sources say it; every number in it is in that figure's own text (a test checks).
ASSUMES: Final = (
    (
        "The model counts every dollar of pay and bonus as paid, in cash, to the North "
        "Korean state (an assumption: no source reports how Russia pays).",
        (),
    ),
    (
        "INSS found that confirmed receipts are only 4-19.6% of its own estimate.",
        ("inss-2026-01-total",),
    ),
    (
        "FNF put Russia's direct compensation at $450 million to $1.2 billion at most, "
        "mainly food and oil, with no currency inflows visible.",
        ("fnf-2025-09-compensation",),
    ),
)


def _figure(key: str) -> Figure:
    from ..scenarios.sources import RANGES, REFERENCES

    return REFERENCES.get(key) or RANGES[key]


def leaves_out(number: Callable[[Citation], int]) -> tuple[tuple[str, tuple[Note, ...]], ...]:
    """What the figure leaves out, from the data: what this money sits beside (the
    munitions and whole-relationship estimates, ``BESIDE``) and what it assumes
    (``ASSUMES``); ``number`` gives a source its footnote number."""
    from .explain import _citation

    beside = []
    for key in BESIDE:
        f = _figure(key)
        amount = reporter_usd(f.value) if f.high is None else reporter_range(f.value, f.high)
        who, _, label = f.label.rpartition(": ")
        who = who or (f.source.publisher or f.source.author).split(" (")[0]
        when = f.source.date[:4]
        span = f", {f.period}" if f.period else ""
        text = f"{label[:1].upper()}{label[1:]}: {amount}{span} ({who}, {when})."
        beside.append(Note(text, (number(_citation(f.source)),)))
    assumes = tuple(
        Note(text, tuple(number(_citation(_figure(k).source)) for k in keys))
        for text, keys in ASSUMES
    )
    return (("What this money sits beside", tuple(beside)), ("What it assumes", assumes))


def inputs_view(expl: Explanation, result: ScenarioEstimate, titles: Mapping[str, str]) -> Inputs:
    """The inputs as the brief lists them (``Inputs``), with the explanation's numbers."""
    parts = expl.parts
    several = len(parts) > 1
    table = ("troops", "months") if several else ()
    by_param: dict[str, list[Input]] = {}
    for part in parts:
        for i in part.inputs:
            by_param.setdefault(i.param.name, []).append(i)
    shared: list[InputRow] = []
    rest: list[tuple[str, Input]] = []
    for name, items in by_param.items():
        if name in table:
            continue
        first = items[0]
        if len(items) == len(parts) and all(
            (i.value, i.kind) == (first.value, first.kind) for i in items
        ):
            common = [n for n in first.sources if all(n in i.sources for i in items)]
            note = first.note if all(i.note == first.note for i in items) else ""
            if not common and not note and first.kind == "assumed":
                note = "Assumption: the scenario's, for every contingent."
            shared.append(InputRow("", Input(first.param, first.value, first.kind, note,
                                             tuple(common))))  # fmt: skip
        else:
            rest += [(part.name, i) for part in parts for i in part.inputs if i.param.name == name]
    groups: dict[tuple[object, ...], list[str]] = {}
    first_of: dict[tuple[object, ...], Input] = {}
    for name, i in rest:
        key = (i.param.name, i.value, i.kind, i.note, i.sources)
        groups.setdefault(key, []).append(titles.get(name, name))
        first_of.setdefault(key, i)
    differing = tuple(InputRow(", ".join(groups[k]), first_of[k]) for k in groups)
    rows = []
    if several:
        for part, c in zip(parts, result.scenario.contingents, strict=True):
            got = {i.param.name: i for i in part.inputs}
            refs = dict.fromkeys([*got["troops"].sources, *got["months"].sources, *part.sources])
            rows.append(ContingentRow(
                part.name, titles.get(part.name, part.name), c.personnel, got["troops"],
                got["months"], c.start, c.end, tuple(refs),
            ))  # fmt: skip
    return Inputs(tuple(shared), tuple(rows), differing)


def cite(cites: list[Citation], c: Citation) -> int:
    """The footnote number of ``c`` in ``cites`` (from 1), added at the end if it is new; a
    source cited already without an address takes ``c``'s place if ``c`` has one."""
    from .explain import _same

    for k, known in enumerate(cites):
        if _same(known, c):
            if not known.url and c.url:
                cites[k] = c
            return k + 1
    cites.append(c)
    return len(cites)


def _renumber(
    expl: Explanation, view: Inputs, first: Sequence[Citation]
) -> tuple[Explanation, Inputs, list[Citation]]:
    """Every source once, numbered in order of first use: ``first`` (already numbered,
    1..n: the headline's and the left-out section's), then the inputs as the brief shows
    them, then the contingents' notes. The model's own defaults are no publication: their
    footnote is dropped and their note says "Assumption:"."""
    from ..scenarios.sources import MODEL
    from .explain import _citation, _same

    model = _citation(MODEL)
    cites = list(first)
    old = expl.sources

    def new(n: int) -> int | None:
        c = old[n - 1]
        if _same(c, model) and c.author == model.author:
            return None
        return cite(cites, c)

    def fix(i: Input) -> Input:
        numbers = [new(n) for n in i.sources]
        kept = tuple(dict.fromkeys(n for n in numbers if n is not None))
        note = i.note
        if None in numbers and not note.startswith("Assumption"):
            note = f"Assumption: {note}" if note else "Assumption."
        return replace(i, sources=kept, note=note)

    def refs(numbers: Sequence[int]) -> tuple[int, ...]:
        return tuple(dict.fromkeys(n for n in (new(m) for m in numbers) if n is not None))

    # In the page's order: the shared inputs, the contingents, what differs, their notes.
    shared = tuple(replace(r, input=fix(r.input)) for r in view.shared)
    rows = tuple(
        replace(r, troops=fix(r.troops), months=fix(r.months), sources=refs(r.sources))
        for r in view.contingents
    )
    differing = tuple(replace(r, input=fix(r.input)) for r in view.differing)
    # The parts' own input lists are the view's now (their numbers would be stale).
    parts = tuple(replace(p, inputs=(), sources=refs(p.sources)) for p in expl.parts)
    return replace(expl, parts=parts, sources=tuple(cites)), Inputs(shared, rows, differing), cites


def comparisons(total_cents: int, refs: Sequence[Figure], number: Any) -> tuple[Comparison, ...]:
    """The total against each reference (``number`` gives a source its footnote number)."""
    from .explain import _citation

    return tuple(
        Comparison(
            r.key, r.label, r.value, ratio(total_cents, r), number(_citation(r.source)), r.high,
            None if r.high is None else ratio(total_cents, r, r.high), r.period,
        )
        for r in refs
    )  # fmt: skip


def money_in(code: str, total_usd: Decimal) -> tuple[str, Decimal, Decimal]:
    """The total in another currency at the rate in force."""
    from ..core.currency import current_rates, from_usd, rate_for

    rate = rate_for(code, current_rates(), Named("currency"))
    return code, rate, from_usd(total_usd, code, rate)


def report(
    point: Scenario,
    uncertain: Sequence[UncertainContingent],
    *,
    year: int | None,
    given: Mapping[str, object],
    select: Selection | None,
    from_file: bool,
    refs: Sequence[Figure],
    currency: str | None,
    samples: int,
    seed: int,
    correlations: Mapping[tuple[str, str], float],
    qs: Sequence[float],
    title: str | None,
    date: str | None,
    command: Callable[[int | None], str],
    progress: Callable[[int], None] | None = None,
) -> Brief:
    """The brief on a scenario: its estimate, the spread and sensitivity where an input is
    uncertain, the timeline of a dated scenario to the as-of month, the published estimates.

    Args:
        point: the scenario at the medians of its uncertain inputs (``estimate``'s).
        uncertain: its contingents with their distributions.
        year: the year dated contingents are counted in (None: the as-of year).
        given: the options given (by field), which the brief says were applied.
        select: the contingents they were applied to (``--contingent``, ``--personnel``).
        from_file: whether the scenario comes from a file, a built-in or a published id.
        refs: the reference figures to compare the total with.
        currency: a currency the total is also shown in.
        samples, seed, correlations, qs: the simulation's, as ``simulate`` takes them.
        title: the brief's title (default from the scenario's).
        date: a date to print.
        command: the command line that regenerates the brief, for the year counted.
        progress: the simulation's progress callback.
    """
    from ..core.dates import month_text
    from ..core.version import version
    from ..scenarios.selection import targets
    from .estimate import as_of_month, estimate_scenario
    from .published import rows as published_rows

    spread = any(d.uncertain for c in uncertain for d in c.dists.values())
    result = estimate_scenario(point, year)
    as_of = as_of_month(point)  # the scenario file's own as_of, else the data's
    timeline_rows = None
    if any(c.start for c in point.contingents):
        from .timeline import timeline

        timeline_rows = timeline(point, None, as_of)
    if correlations and not spread:
        raise InputError(Named("correlate"), ": no input is uncertain; give two as distributions")
    return build(
        result=result,
        given=given,
        from_file=from_file,
        refs=refs,
        currency=currency,
        uncertain=uncertain if spread else None,
        samples=samples,
        seed=seed,
        correlations=correlations,
        qs=qs,
        timeline_rows=timeline_rows,
        published_rows=published_rows(),
        command=command(result.year),
        version=version(),
        as_of=month_text(as_of),
        date=date,
        title=title,
        changed=targets(point.name, point.contingents, given, select) if from_file else None,
        progress=progress,
    )


def build(
    *,
    result: ScenarioEstimate,
    given: Mapping[str, object],
    from_file: bool,
    refs: Sequence[Figure],
    currency: str | None,
    uncertain: Sequence[UncertainContingent] | None,
    samples: int,
    seed: int,
    correlations: Mapping[tuple[str, str], float],
    qs: Sequence[float],
    timeline_rows: Sequence[Mapping[str, Any]] | None,
    published_rows: Sequence[Mapping[str, Any]],
    command: str,
    version: str,
    as_of: str,
    date: str | None,
    title: str | None,
    changed: Collection[int] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Brief:
    """Assemble a brief from its resolved inputs (see ``report``); ``changed``: the
    contingents the options given were applied to (default every one); ``progress``: the
    simulation's, as ``simulate`` takes it."""
    from ..scenarios.titles import title as title_of
    from .explain import explain

    expl = explain(result, given, from_file, changed=changed)
    sources: list[Citation] = []

    def number(c: Citation) -> int:
        return cite(sources, c)

    spread = sens = None
    if uncertain is not None:
        from .sensitivity import median_total, sensitivity

        # Dated contingents count the year the point estimate counts, as simulate's --year.
        spread = uncertainty(uncertain, samples, seed, correlations, qs, result.year, progress)
        sens = (sensitivity(uncertain, result.year), median_total(uncertain, result.year))
    scenario = result.scenario
    default_title = "Revenue to North Korea from troops in Russia" + (
        "" if scenario.name == "options" else f": {title_of(scenario)}"
    )
    compared = comparisons(result.total_cents, refs, number)
    left = leaves_out(number)
    titles = {
        part.name: title_of(c, part.name)
        for part, c in zip(expl.parts, scenario.contingents, strict=True)
    }
    expl, view, cited = _renumber(expl, inputs_view(expl, result, titles), sources)
    return Brief(
        title=title or default_title,
        estimate=result,
        explanation=expl,
        per_month_cents=per_month(result.total_cents),
        currency=None if currency is None else money_in(currency, result.total_usd),
        comparisons=compared,
        uncertainty=spread,
        sensitivity=sens,
        timeline=None if timeline_rows is None else (timeline_rows, as_of),
        published=published_rows,
        command=command,
        version=version,
        as_of=as_of,
        date=date,
        sources=tuple(cited),
        headline=headline(result, spread),
        leaves_out=left,
        inputs=view,
        titles=titles,
    )
