"""Where every number comes from: the model's defaults and the reference figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, Literal

from ..core.currency import SOURCED_RATES
from ..errors import InputError

Kind = Literal["stated", "derived", "assumed"]

#: The month the shipped data run to. The troop reports run to November 2025 (NIS via The
#: Moscow Times, 2025-11-04), and the 2025 exchange-rate averages and INSS's cumulative
#: figures to December 2025. Later months are projections: defaults come from here, never
#: from the clock, so no output changes on 1 January.
AS_OF: Final = "2025-12"
AS_OF_REASON: Final = (
    "The troop reports run to November 2025 (NIS via The Moscow Times, 2025-11-04), and the "
    "2025 exchange-rate averages and INSS's cumulative figures to December 2025. --year "
    "defaults to its year and timeline ends there; later months are projections."
)

#: Columns of ``revenue sources`` (``url_note`` and ``uncertain`` after the older ones).
SOURCE_COLUMNS: Final = (
    "key", "label", "value", "unit", "kind", "source", "url", "quote", "reasoning", "url_note",
    "uncertain",
)  # fmt: skip


@dataclass(frozen=True)
class Source:
    """A publication a figure comes from.

    Args:
        title: its title; a description in [brackets] where the headline was not checked.
        author: its author(s), or the body that speaks through it.
        publisher: who published it.
        date: when, as precisely as known (``2025``, ``2024-11-03``).
        url: where to read it, if known.
        note: anything a reader needs to find or judge it.
        url_note: why there is no URL, when there is none.
    """

    title: str
    author: str
    publisher: str
    date: str
    url: str | None = None
    note: str | None = None
    url_note: str | None = None

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
        uncertain: the source itself doubts it (a rumour), whatever its kind.
    """

    key: str
    label: str
    value: Decimal
    unit: str
    kind: Kind
    quote: str
    source: Source
    reasoning: str | None = None
    uncertain: bool = False

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
            "url_note": "" if self.source.url else (self.source.url_note or ""),
            "uncertain": self.uncertain,
        }


ISPI_CHANG: Final = Source(
    title="Why Is North Korea Strengthening Its Military Alliance with Russia?",
    author="Hee Kyoung Chang (University of Duisburg-Essen)",
    publisher="ISPI (Italian Institute for International Political Studies)",
    date="2025",
    note="Written after 2025-06-17 (it mentions Shoigu's visit to Pyongyang and the newly "
    "elected President Lee); cites South Korea's NIS.",
    url_note="No stored copy of the page was found; its text is kept in "
    "shared/sources/ispi-chang-dprk-russia.txt.",
)
KOREA_HERALD: Final = Source(
    title="$200 million a year, 700,000 tons of rice, space technology: North Korea's deal to "
    "side with Russia",
    author="Rep. Wi Sung-lac, citing South Korea's NIS",
    publisher="The Korea Herald",
    date="2024-11-03",
    url="https://www.koreaherald.com/view.php?ud=20241103050116",
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
    url_note="Our own choice: there is no publication to link.",
)
VEDOMOSTI_RUB: Final = Source(
    title="Эксперты ожидают ослабления рубля в 2026 году (Experts expect the ruble to weaken "
    "in 2026)",
    author="Vedomosti",
    publisher="Vedomosti",
    date="2026-01-12",
    url="https://www.vedomosti.ru/economics/articles/2026/01/12/1168526-eksperti-ozhidayut-"
    "oslableniya-rublya",
)
KUKMIN_KRW: Final = Source(
    title="[the won's 2025 average against the dollar, from Seoul Money Brokerage data]",
    author="Seoul Money Brokerage, reported by Kukmin Ilbo",
    publisher="Kukmin Ilbo",
    date="2026-01-01",
    url="https://kuk.kode.co.kr/article/list/kuk002001000",
    note="Also KB Think's daily FX note of 2025-12-31, which rounds it to 1,422: "
    "https://kbthink.com/investment/fx/daily/251231.html",
)
DONGA_SHARE: Final = Source(
    title="[exclusive on the pay of North Korean soldiers in Russia]",
    author="Dong-A Ilbo",
    publisher="Dong-A Ilbo",
    date="2025 (about late February-March; the day is uncertain)",
    url="http://newsare.net/all_news/&nw=6374727",
    note="The link is a copy of the article; Dong-A Ilbo's own page was not found.",
)
ASIAPRESS_DEATH: Final = Source(
    title="[rumour in northern North Korea of a payment to the state per soldier killed]",
    author="AsiaPress",
    publisher="AsiaPress",
    date="2025-09",
    url="https://www.asiapress.org/korean/2025/09/military/sensisya",
    note="Also reported by EconomicPost on 2025-10-02: http://www.economicpost.co.kr/146665",
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
            "",
            KOREA_HERALD,
            "The Korea Herald reports, from Rep. Wi Sung-lac citing NIS, that each North Korean "
            "soldier is paid about $2,000 a month (our summary, not its words). ISPI (Chang) "
            "gives the same $2,000 of Russian mercenaries; with it the defaults reproduce the "
            "article's $260M.",
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
            "assumed",
            _NIS_QUOTE,
            ISPI_CHANG,
            "The article does not discuss a share; we assume all pay and bonuses reach the "
            "state, as its $260M counts them. Dong-A Ilbo reports a share of 75-80% "
            "(state-share-donga-low, state-share-donga-high).",
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
            "None by default; Daily NK (2025-05-30; no stored copy found) puts it at "
            "$6,000-10,000 per soldier, and AsiaPress reports a rumour of $5,000 to the state "
            "(death-payment-asiapress). The state "
            "share applies to it as to pay: it is paid by Russia for the soldier, and the "
            "share models how much of such payments the state keeps rather than the "
            "soldier or his family.",
        ),  # fmt: skip
    )
}

#: Exchange rates with a source (units per USD), used when no --rate is given. The numbers
#: themselves live in ``core.currency.SOURCED_RATES``; here they are cited.
RATES: Final[dict[str, Figure]] = {
    "rate-rub-2025": Figure(
        "rate-rub-2025", "Rubles per US dollar, 2025 average", SOURCED_RATES["RUB"].per_usd,
        "RUB per USD", "stated", "", VEDOMOSTI_RUB,
        "Vedomosti's average of the Central Bank of Russia's 2025 rates (our summary); the "
        "default for amounts in RUB."),
    "rate-krw-2025": Figure(
        "rate-krw-2025", "Won per US dollar, 2025 average", SOURCED_RATES["KRW"].per_usd,
        "KRW per USD", "stated", "", KUKMIN_KRW,
        "The 2025 average on a weekday closing basis, the highest on record (our summary); the "
        "default for amounts in KRW, except a published estimate's, which keeps the rate of "
        "its own date."),
}  # fmt: skip

#: Values that sources report for a parameter: not defaults, but what scenarios may use.
REPORTED: Final[dict[str, Figure]] = {
    f.key: f
    for f in (
        Figure(
            "state-share-donga-low",
            "Share of pay that reaches the state, low end",
            Decimal("0.75"),
            "fraction",
            "derived",
            "",
            DONGA_SHARE,
            "Dong-A Ilbo reports pay of about $2,000 a month, all but $400-500 of it handed to "
            "the authorities (our summary): 1 - 500 / 2,000 = 0.75.",
        ),  # fmt: skip
        Figure(
            "state-share-donga-high",
            "Share of pay that reaches the state, high end",
            Decimal("0.8"),
            "fraction",
            "derived",
            "",
            DONGA_SHARE,
            "As state-share-donga-low, with $400 kept: 1 - 400 / 2,000 = 0.8.",
        ),  # fmt: skip
        Figure(
            "death-payment-asiapress",
            "Payment the state received per soldier killed",
            Decimal(5_000),
            "USD per soldier killed, to the state",
            "stated",
            "",
            ASIAPRESS_DEATH,
            "AsiaPress reports a rumour in northern North Korea that the state got $5,000 per "
            "soldier killed (our summary); security services call it a rumour. The model "
            "scales death payments by the state share, so a scenario enters $5,000 divided by "
            "its share (kursk-state-share-deaths).",
            uncertain=True,
        ),  # fmt: skip
    )
}

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
    """Every sourced figure: parameters, references, reported values, then exchange rates
    (the sourced defaults, then those of published estimates)."""
    return [*PARAMETERS.values(), *REFERENCES.values(), *REPORTED.values(), *RATES.values(),
            *published_rates()]  # fmt: skip


def published_rates() -> list[Figure]:
    """The exchange rate each published estimate keeps (the rate of its own date)."""
    from .published import entries

    out = []
    for e in entries():
        rate = e.get("rate")
        if rate is None:
            continue
        code = e["published_currency"]
        source = Source(rate["title"], rate["author"], rate["publisher"], rate["date"],
                        rate.get("url"), rate.get("note"), rate.get("url_note"))  # fmt: skip
        out.append(Figure(
            f"rate-{code.lower()}-{rate['date']}", f"{code} per US dollar, {rate['date']}",
            Decimal(rate["per_usd"]), f"{code} per USD", "stated", "", source,
            f"The rate of the published estimate {e['id']} (revenue published), of its own "
            "date; --rate overrides it."))  # fmt: skip
    return out


def as_of_record() -> dict[str, Any]:
    """The month the shipped data run to, as a ``revenue sources`` row."""
    return {
        "key": "as-of", "label": "Month the shipped data run to", "value": AS_OF,
        "unit": "month", "kind": "derived", "source": MODEL.cite(), "url": "",
        "url_note": "Derived from the dates of the sources listed here.", "quote": "",
        "reasoning": AS_OF_REASON, "uncertain": False,
    }  # fmt: skip


def records() -> list[dict[str, Any]]:
    """Every row of ``revenue sources``: the as-of month, the figures, then the dated facts
    of the dated built-in scenarios."""
    from .scenario import DATED_BUILTINS

    rows = [as_of_record(), *(f.record() for f in all_figures())]
    for name in DATED_BUILTINS:
        rows += scenario_records(name)
    return rows


def scenario_records(name: str) -> list[dict[str, Any]]:
    """A built-in scenario's dated facts (troops, start, end of each contingent), each marked
    stated, derived or assumed, with the sources that support the contingent (those naming
    it in ``supports``, else all) and its note on where it comes from (for ``sources``)."""
    from .loading import load_scenario

    scenario = load_scenario(name)
    rows = []
    for c in scenario.contingents:
        cited = [s for s in scenario.sources if c.name in s.supports] or list(scenario.sources)
        urls = [s.url for s in cited if s.url]
        notes = [f"{s.publisher}: {s.url_note}" for s in cited if not s.url and s.url_note]
        for field, unit in (("troops", "soldiers"), ("start", "month"), ("end", "month")):
            value = getattr(c, field)
            if value is None:
                continue
            kind = (
                "derived" if field in c.derived else "assumed" if field in c.assumed else "stated"
            )
            rows.append(
                {
                    "key": f"{name}.{c.name}.{field}",
                    "label": f"{c.name}: {field}",
                    "value": value,
                    "unit": unit,
                    "kind": kind,
                    "source": "; ".join(f"{s.publisher} {s.date}" for s in cited),
                    "url": " ; ".join(urls),
                    "url_note": "" if urls else "; ".join(notes),
                    "quote": "",
                    "reasoning": c.note or "",
                    "uncertain": False,
                }
            )
    return rows
