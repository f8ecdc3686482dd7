"""Where every number comes from: the model's defaults and the reference figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, Literal

from ..errors import InputError

Kind = Literal["stated", "derived", "assumed"]


@dataclass(frozen=True)
class Source:
    """A publication a figure comes from.

    Args:
        title: its title.
        author: its author(s), or the body that speaks through it.
        publisher: who published it.
        date: when, as precisely as known (``2025``, ``2024-11-03``).
        url: where to read it, if known.
        note: anything a reader needs to find or judge it.
    """

    title: str
    author: str
    publisher: str
    date: str
    url: str | None = None
    note: str | None = None

    def cite(self) -> str:
        """A one-line citation."""
        parts = [self.author, f'"{self.title}"', self.publisher, self.date]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Figure:
    """A sourced number: a parameter default or a reference revenue stream.

    Args:
        key: identifier (``monthly_pay_usd``, ``china-exports-2016``).
        label: what it is, in words.
        value: the number.
        unit: its unit.
        kind: ``stated`` by the source, ``derived`` from stated figures, or ``assumed`` by us.
        quote: the words of the source it rests on.
        source: the publication.
        reasoning: how a derived or assumed figure was obtained.
    """

    key: str
    label: str
    value: Decimal
    unit: str
    kind: Kind
    quote: str
    source: Source
    reasoning: str | None = None

    def record(self) -> dict[str, Any]:
        """The figure as a flat record (for CSV/JSON)."""
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
            "quote": self.quote,
            "reasoning": self.reasoning or "",
            "source": self.source.cite(),
            "url": self.source.url or "",
        }


ISPI_CHANG: Final = Source(
    title="Why Is North Korea Strengthening Its Military Alliance with Russia?",
    author="Hee Kyoung Chang (University of Duisburg-Essen)",
    publisher="ISPI (Italian Institute for International Political Studies)",
    date="2025",
    note="Text kept in shared/sources/ispi-chang-dprk-russia.txt; cites South Korea's NIS.",
)

_NIS_QUOTE: Final = (
    "According to South Korea's National Intelligence Service, Russian mercenaries typically "
    "receive around $2,000 per month, plus enlistment bonuses. If North Korea were to maintain "
    "an annual deployment of 10,000 personnel, it could generate approximately $260 million in "
    "foreign currency"
)
_EXPORTS_QUOTE: Final = (
    "North Korean exports to China in 2016 were $2.6 billion, but decreased to 0.2 billion in "
    "2018 and only 50 million in 2020 due to the pandemic."
)

MODEL: Final = Source(
    title="revenue: model defaults",
    author="the revenue developers",
    publisher="dprk_ru",
    date="2026",
    note="Defaults chosen so that the new terms change nothing unless given.",
)
VEDOMOSTI_RUB: Final = Source(
    title="Average ruble exchange rate in 2025 (from Central Bank of Russia data)",
    author="Vedomosti",
    publisher="Vedomosti",
    date="2026-01-12",
)

#: Defaults of the model's parameters, by field name.
PARAMETERS: Final[dict[str, Figure]] = {
    f.key: f
    for f in (
        Figure(
            "troops",
            "Soldiers deployed",
            Decimal(10_000),
            "soldiers",
            "stated",
            _NIS_QUOTE,
            ISPI_CHANG,
        ),  # fmt: skip
        Figure(
            "monthly_pay_usd",
            "Monthly pay per soldier",
            Decimal(2_000),
            "USD per soldier per month",
            "stated",
            _NIS_QUOTE,
            ISPI_CHANG,
        ),  # fmt: skip
        Figure(
            "months",
            "Months deployed in the year",
            Decimal(12),
            "months",
            "derived",
            _NIS_QUOTE,
            ISPI_CHANG,
            "The article speaks of an annual deployment: all 12 months.",
        ),  # fmt: skip
        Figure(
            "bonus_usd",
            "Enlistment bonus per soldier, paid once a year",
            Decimal(2_000),
            "USD per soldier per year",
            "derived",
            _NIS_QUOTE,
            ISPI_CHANG,
            "The article names bonuses but gives no amount: 2,000 is what its $260M implies "
            "($260M - 10,000 x $2,000 x 12 = $20M over 10,000 soldiers).",
        ),  # fmt: skip
        Figure(
            "state_share",
            "Share of pay and bonuses that reaches the state",
            Decimal(1),
            "fraction",
            "derived",
            _NIS_QUOTE,
            ISPI_CHANG,
            "The article's $260M counts all pay and bonuses as the DPRK's revenue: a share of 1.",
        ),  # fmt: skip
        Figure(
            "rotations",
            "Times a year the contingent is replaced (bonuses paid)",
            Decimal(1),
            "per year",
            "assumed",
            "",
            MODEL,
            "One bonus per soldier a year, as in the article's $260M. Reports speak of units "
            "replaced every few months; with rotations the bonus is paid that many times.",
        ),  # fmt: skip
        Figure(
            "killed",
            "Soldiers killed in the year",
            Decimal(0),
            "soldiers",
            "assumed",
            "",
            MODEL,
            "None by default, so the article's $260M is unchanged; NIS reported about "
            "600 dead by April 2025 and about 2,000 by September 2025.",
        ),  # fmt: skip
        Figure(
            "death_payment_usd",
            "Compensation per soldier killed",
            Decimal(0),
            "USD per soldier killed",
            "assumed",
            "",
            MODEL,
            "None by default; one report puts it at $6,000-10,000 per soldier. The state "
            "share applies to it as to pay: it is paid by Russia for the soldier, and the "
            "share models how much of such payments the state keeps rather than the "
            "soldier or his family.",
        ),  # fmt: skip
    )
}

#: Exchange rates with a source (units per USD), used when no --rate is given.
RATES: Final[dict[str, Figure]] = {
    "rate-rub-2025": Figure(
        "rate-rub-2025", "Rubles per US dollar, 2025 average", Decimal("83.3"), "RUB per USD",
        "derived", "", VEDOMOSTI_RUB,
        "Computed from Central Bank of Russia data; the default for amounts in RUB."),
}  # fmt: skip

#: Reference revenue streams and published totals that scenarios are measured against.
REFERENCES: Final[dict[str, Figure]] = {
    f.key: f
    for f in (
        Figure(
            "china-exports-2016",
            "DPRK exports to China, 2016",
            Decimal(2_600_000_000),
            "USD per year",
            "stated",
            _EXPORTS_QUOTE,
            ISPI_CHANG,
        ),  # fmt: skip
        Figure(
            "china-exports-2018",
            "DPRK exports to China, 2018",
            Decimal(200_000_000),
            "USD per year",
            "stated",
            _EXPORTS_QUOTE,
            ISPI_CHANG,
        ),  # fmt: skip
        Figure(
            "china-exports-2020",
            "DPRK exports to China, 2020",
            Decimal(50_000_000),
            "USD per year",
            "stated",
            _EXPORTS_QUOTE,
            ISPI_CHANG,
        ),  # fmt: skip
        Figure(
            "article-estimate",
            "The article's estimate for 10,000 troops a year",
            Decimal(260_000_000),
            "USD per year",
            "stated",
            _NIS_QUOTE,
            ISPI_CHANG,
        ),  # fmt: skip
    )
}

DEFAULT_REFERENCES: Final = ("china-exports-2016", "china-exports-2018", "china-exports-2020")


def reference(key: str) -> Figure:
    """A reference figure by key; InputError listing the keys if unknown."""
    try:
        return REFERENCES[key]
    except KeyError:
        known = ", ".join(REFERENCES)
        raise InputError(f"unknown reference {key!r}; known: {known}") from None


def all_figures() -> list[Figure]:
    """Every sourced figure: parameters first, then references, then exchange rates."""
    return [*PARAMETERS.values(), *REFERENCES.values(), *RATES.values()]


def scenario_records(name: str) -> list[dict[str, Any]]:
    """A built-in scenario's dated facts (troops, start, end of each contingent), each marked
    stated or assumed, with the contingent's note on where it comes from (for ``sources``)."""
    from .loading import load_scenario

    scenario = load_scenario(name)
    cite = "; ".join(f"{s.publisher} {s.date}" for s in scenario.sources)
    rows = []
    for c in scenario.contingents:
        for field, unit in (("troops", "soldiers"), ("start", "month"), ("end", "month")):
            value = getattr(c, field)
            if value is None:
                continue
            rows.append(
                {
                    "key": f"{name}.{c.name}.{field}",
                    "label": f"{c.name}: {field}",
                    "value": value,
                    "unit": unit,
                    "kind": "assumed" if field in c.assumed else "stated",
                    "source": cite,
                    "url": "",
                    "quote": "",
                    "reasoning": c.note or "",
                }
            )
    return rows
