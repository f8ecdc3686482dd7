"""``report``: everything a brief says, as data: the headline, how the figure is built, its
uncertainty and sensitivity, the timeline, the published estimates, how to reproduce it
and the sources. ``render/report.py`` turns it into HTML or Markdown."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..core.money import half_up
from .compare import ratio
from .estimate import ScenarioEstimate
from .explain import Citation, Explanation

if TYPE_CHECKING:
    from ..inputs.distributions import UncertainContingent
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
        sources: every numbered source (the explanation's, then the references').
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

    rate = rate_for(code, current_rates(), "--currency")
    return code, rate, from_usd(total_usd, code, rate)


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
    """Assemble a brief from its resolved inputs (see ``cli/report.py``); ``changed``: the
    contingents the options given were applied to (default every one); ``progress``: the
    simulation's, as ``simulate`` takes it."""
    from .explain import explain

    expl = explain(result, given, from_file, changed=changed)
    sources = list(expl.sources)

    def number(c: Citation) -> int:
        if c not in sources:
            sources.append(c)
        return sources.index(c) + 1

    spread = sens = None
    if uncertain is not None:
        from .sensitivity import median_total, sensitivity

        # Dated contingents count the year the point estimate counts, as simulate's --year.
        spread = uncertainty(uncertain, samples, seed, correlations, qs, result.year, progress)
        sens = (sensitivity(uncertain, result.year), median_total(uncertain, result.year))
    name = result.scenario.name
    default_title = "Revenue to North Korea from troops in Russia" + (
        "" if name == "options" else f": {name}"
    )
    return Brief(
        title=title or default_title,
        estimate=result,
        explanation=expl,
        per_month_cents=per_month(result.total_cents),
        currency=None if currency is None else money_in(currency, result.total_usd),
        comparisons=comparisons(result.total_cents, refs, number),
        uncertainty=spread,
        sensitivity=sens,
        timeline=None if timeline_rows is None else (timeline_rows, as_of),
        published=published_rows,
        command=command,
        version=version,
        as_of=as_of,
        date=date,
        sources=tuple(sources),
    )
