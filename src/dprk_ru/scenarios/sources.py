"""Where every number comes from: the model's defaults and the reference figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, Literal

from ..core.currency import SOURCED_RATES
from ..core.money import cents_to_usd, half_up
from ..errors import InputError

Kind = Literal["stated", "derived", "assumed"]
#: The three kinds of a figure: stated by its source, derived from stated figures, assumed by us.
KINDS: Final = ("stated", "derived", "assumed")

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

#: Columns of ``revenue sources`` (newer ones appended: ``url_note`` and ``uncertain``, then
#: ``high`` and ``period`` of a reference figure that is a range or covers a stated span).
SOURCE_COLUMNS: Final = (
    "key", "label", "value", "unit", "kind", "source", "url", "quote", "reasoning", "url_note",
    "uncertain", "high", "period",
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
        high: the upper end of a range (``value`` is then the lower end): compared end by end,
            never at a midpoint.
        period: the span a reference figure covers when it is not a year's flow
            (``2023-08 to 2025-12``): ratios to it are shown beside it, not annualised.
        rate: the exchange rate (a sourced figure) a figure stated in another currency was
            converted at; ``value`` is then in USD and ``reasoning`` gives the stated amount.
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
    high: Decimal | None = None
    period: str | None = None
    rate: Figure | None = None

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
            "high": self.high,
            "period": self.period,
        }


def converted(amount: Decimal, rate: Figure) -> Decimal:
    """An amount in another currency in USD at a sourced rate (units per USD), rounded half
    up to the cent."""
    exact = Fraction(amount) / Fraction(rate.value) * 100
    return cents_to_usd(half_up(exact.numerator, exact.denominator))


ISPI_CHANG: Final = Source(
    title="Why Is North Korea Strengthening Its Military Alliance with Russia?",
    author="Hee Kyoung Chang (University of Duisburg-Essen)",
    publisher="ISPI (Italian Institute for International Political Studies)",
    date="2025",
    note="Written after 2025-06-17 (it mentions Shoigu's visit to Pyongyang and the newly "
    "elected President Lee); cites South Korea's NIS.",
    url_note="No public URL was found for ISPI's own page; the text was read from the article "
    "as circulated.",
)
KOREA_HERALD: Final = Source(
    title="$200 million a year, 700,000 tons of rice, space technology: North Korea's deal to "
    "side with Russia",
    author="South Korea's NIS, with Rep. Wi Sung-lac",
    publisher="The Korea Herald",
    date="2024-11-03",
    url="https://www.koreaherald.com/view.php?ud=20241103050116",
    note="The $2,000 a month and the $800 of workers are the NIS's own statements to the "
    "National Assembly; the yearly 'well over $200 million' is Rep. Wi's.",
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
_HERALD_PAY_QUOTE: Final = (
    "The National Intelligence Service reported to the National Assembly last week that each "
    "North Korean soldier sent to fight for Russia would be paid a monthly wage of around $2,000."
)
_HERALD_WORKERS_QUOTE: Final = (
    "In addition to troops, about 4,000 North Korean workers are currently in Russia, according "
    "to the NIS. Their average wage is thought to be about $800 a month."
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
    title="외환위기보다 높았던 작년 평균 환율...올해도 1400원대 전망 (Last year's average exchange "
    "rate, higher than in the financial crisis; 1,400s expected this year too)",
    author="Kim Tae-eun, from Seoul Money Brokerage data",
    publisher="Kukmin Ilbo",
    date="2026-01-01",
    note="KB Think's daily FX note of 2025-12-31, a permanent page, gives the same average "
    "rounded to 1,422: https://kbthink.com/investment/fx/daily/251231.html",
    url_note="The article's own page was not found: its text was read on Kukmin Ilbo's section "
    "list page, which changes daily, so it is not linked (KB Think's note, in the note, is).",
)
SEOUL_SHINMUN_KRW: Final = Source(
    title="[the won's closing rate on 2025-04-08]",
    author="Seoul Shinmun",
    publisher="Seoul Shinmun",
    date="2025-04-08",
    url="https://amp.seoul.co.kr/seoul/20250408500188",
    note="The won closed at 1,473.2 per dollar on the day KIDA's estimates were reported; SBS "
    "Biz reports the same close.",
)
DONGA_SHARE: Final = Source(
    title="[단독] “러 파병 북한군, 월급 4분의 3 이상 상납” (Exclusive: North Korean troops sent to "
    "Russia hand over more than three quarters of their pay)",
    author="Dong-A Ilbo",
    publisher="Dong-A Ilbo",
    date="2025-02-27 (most likely: its sources spoke on the 26th; the copy does not show the day)",
    url="http://newsare.net/all_news/&nw=6374727",
    note="The link is a copy of the article: Dong-A Ilbo's own page was not found. It also says "
    "the 11,000 were sent to Russia in October 2024 and put into the front in November, and "
    "about 1,000 more early in 2025.",
)
ASIAPRESS_DEATH: Final = Source(
    title="[rumour in northern North Korea of a payment to the state per soldier killed]",
    author="AsiaPress",
    publisher="AsiaPress",
    date="2025-09",
    url="https://www.asiapress.org/korean/2025/09/military/sensisya",
    note="Also reported by EconomicPost on 2025-10-02: http://www.economicpost.co.kr/146665",
)
NKINSIDER_DEATH: Final = Source(
    title="Families of soldiers killed in Russia compensated with 30 days' worth of groceries",
    author="NK Insider, from sources in North Hamgyong Province",
    publisher="NK Insider",
    date="2025 (after April 2025; the stored copy does not show the day)",
    url="https://www.nkinsider.org/families-of-soldiers-killed-in-russia-compensated-with-30-"
    "days-worth-of-groceries/",
)
DAILYNK_DEATH: Final = Source(
    title="[death payment for North Korean soldiers killed in Russia]",
    author="Daily NK",
    publisher="Daily NK",
    date="2025-05-30",
    url_note="No copy of this Daily NK article could be found by anyone checking it: the "
    "figure is as cited elsewhere, unverified.",
)
MBN_PAY: Final = Source(
    title="[MBN news: North Korea's soldiers in Russia paid $2,000 a month, of which the state "
    "takes $1,800]",
    author="Kang Jae-muk (MBN), with Cho Han-bum (KINU) interviewed",
    publisher="MBN",
    date="2024 (late October or November, after NIS's briefing of 2024-10-29; the day is "
    "uncertain)",
    url="http://mbn.co.kr/pages/vod/programContents.php?bcastSeqNo=1372242&menuCode=2636&"
    "progCode=552",
    note="NIS estimates $2,000 a month for soldiers and $800 for workers; 10,000 soldiers by "
    "December ($20M a month) and about 4,000 workers ($3.2M a month), about KRW 376.8bn a "
    "year; about 90% goes to the state, the individual gets about 10%.",
)
SHIN_SEJONG: Final = Source(
    title='"파병 북한군 수당 10%만 병사들에 지급"...김정은 통치자금으로 흘러 들어가 ("Only 10% of '
    "the allowance paid to the soldiers\": it flows into Kim Jong Un's governing funds)",
    author="Shin Beom-chul (Sejong Institute), reported by Lee Young-jong",
    publisher="Newspim",
    date="2024-11-28",
    url="https://newspim.com/news/view/20241128000607",
    note="A seminar paper of 2024-11-28: $2,000 a month for about 10,000 troops, $240M (KRW "
    "334.8bn) a year; North Korean workers abroad are understood to receive only 10% of their "
    "pay. Asia Today reported the KRW figure the same day.",
)
INDEPENDENT_SHARE: Final = Source(
    title="[Why North Korean soldiers want to go to Russia]",
    author="The Independent, reported by RBC-Ukraine",
    publisher="RBC-Ukraine",
    date="2024-10-31",
    url="https://newsukraine.rbc.ua/news/not-just-money-the-independent-uncoveres-1730408174.html",
    note="The Independent's own page was not found; RBC-Ukraine summarises it: of the $2,000 a "
    "month, 90% will likely go to the North Korean treasury.",
)
INTERFAX_HOURLY: Final = Source(
    title="[Russia plans to recruit some 12,000 North Korean workers for the Alabuga zone]",
    author="Ukraine's military intelligence (HUR), reported by Interfax-Ukraine",
    publisher="Interfax-Ukraine",
    date="2025-11-14",
    url="https://en.interfax.com.ua/news/general/1120564.html",
)
KIDA_CHOSUN: Final = Source(
    title="[KIDA: North Korea's economic gain from troops and arms for Russia up to KRW 28.7tn]",
    author="Park Yong-han (KIDA), reported by Chosun Ilbo",
    publisher="Chosun Ilbo",
    date="2025-04-09",
    url="https://chosun.com/politics/diplomacy-defense/2025/04/09/M4UOBYILCVFOTEJYHJRO2N6PRU/",
    note="KIDA's analysis came out on 2025-04-08: about 14,000 troops in two waves (October "
    "2024; January-February 2025); weapons about KRW 27.4tn, troop dispatch 0.4tn, technology "
    "0.9tn.",
)
INSS_2026: Final = Source(
    title="북한의 대러 파병 및 군수물자 수출의 경제적 효과 (The economic effects of North Korea's "
    "troop dispatch and munitions exports to Russia)",
    author="Lim Soo-ho (INSS), reported by Yonhap News TV",
    publisher="Yonhap News TV",
    date="2026-01",
    url="http://m.news.zumst.com/articles/104514589",
    note="Released on the 13th, probably 2026-01-13 (the day is uncertain). August "
    "2023-December 2025: $7.67-14.4B from troops and munitions; direct revenue from the "
    "dispatch (wages, death compensation) $620M; $560M a year from the dispatch alone if "
    "things continue; confirmed receipts only 4-19.6% of the estimate.",
)
INSS_2024_09: Final = Source(
    title="대북제재 이후 북한 외화수지 추정 (North Korea's foreign-currency balance since the "
    "sanctions)",
    author="Lim Soo-ho (INSS)",
    publisher="INSS (reported in the Korean press, Daum copy)",
    date="2024-09-03",
    url="https://v.daum.net/v/20240903150300325",
    note="1.13 million artillery shells (937,500 of 152mm, 187,500 of 122mm) and 18 KN-23/24 "
    "to Russia in 2023, $540M (KRW 724.4bn). The Korea Herald's English report of the same "
    "day was not found; the link is Daum's copy of a Korean report.",
)
FNF_2025: Final = Source(
    title="Unequal Partnership",
    author="Olena Guseinova (HUFS)",
    publisher="Friedrich Naumann Foundation for Freedom",
    date="2025-09-18",
    url="https://www.freiheit.org/north-and-south-korea/new-fnf-study-partnership-between-"
    "russia-and-north-korea",
    note="Since 2023 North Korea supplied weapons, ammunition and about 15,000 troops worth "
    "$5.6-9.8B; Russia's direct compensation was $450M-1.2B at most (reported as "
    "$457M-1.19B), mainly food and oil; no currency inflows visible.",
)

EUROMAIDAN_2026: Final = Source(
    title="Kim Jong Un inspects memorial sculptures for North Korean soldiers killed fighting "
    "for Russia",
    author="Euromaidan Press, reporting Yonhap and NK News",
    publisher="Euromaidan Press",
    date="2026-01-26",
    url="https://euromaidanpress.com/2026/01/26/kim-jong-un-inspects-memorial-sculptures-for-"
    "north-korean-soldiers-killed-fighting-for-russia",
    note="Kim inspected sculptures for the museum of the soldiers killed in Kursk on "
    "2026-01-25; Pyongyang sent some 14,000 troops to Kursk Oblast; UK defence intelligence "
    "counts more than 6,000 of them killed, wounded or missing (an estimate of June 2025).",
)

#: Defaults of the model's parameters, by field name (``workers.<field>``: the default of a
#: contingent of workers, where it differs from a soldier's).
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
        ),
        Figure(
            "monthly_pay_usd",
            "Monthly pay per soldier",
            Decimal(2_000),
            "USD per soldier per month",
            "stated",
            _HERALD_PAY_QUOTE,
            KOREA_HERALD,
            "The NIS's own statement of DPRK soldiers' pay, as The Korea Herald reports it. "
            "ISPI (Chang) gives the same $2,000 of Russian mercenaries, not of DPRK soldiers; "
            "with it the defaults reproduce the article's $260M.",
        ),
        Figure(
            "months",
            "Months deployed in the year",
            Decimal(12),
            "months",
            "derived",
            _NIS_QUOTE,
            ISPI_CHANG,
            "The article speaks of an annual deployment: all 12 months.",
        ),
        Figure(
            "bonus_usd",
            "Enlistment bonus per soldier, paid once a year",
            Decimal(2_000),
            "USD per soldier per year",
            "derived",
            _NIS_QUOTE,
            ISPI_CHANG,
            "The article names bonuses but gives no amount: 2,000 is what its $260M implies "
            "($260M - 10,000 x $2,000 x 12 = $20M over 10,000 soldiers). Stated elsewhere for "
            "foreign recruits, a cross-check: a $2,000 lump sum on enlisting (INSS, Lim Soo-ho, "
            "2024-11-19: https://v.daum.net/v/20241119112034844); $2,000 as a lump sum (Seoul "
            "Economic Daily, 2024-10-22, citing DW: https://m.sedaily.com/NewsView/2DFO2XO7N9).",
        ),
        Figure(
            "pay_share",
            "Share of monthly pay that reaches the state",
            Decimal(1),
            "fraction",
            "assumed",
            _NIS_QUOTE,
            ISPI_CHANG,
            "The article does not discuss a share; its $260M counts all the pay as the "
            "state's, so by default all of it reaches the state. Reported shares of pay: "
            "0.75-0.8 (Dong-A Ilbo), 0.9 (MBN; Shin Beom-chul; The Independent) in "
            "revenue sources: state-share-*.",
        ),
        Figure(
            "bonus_share",
            "Share of bonuses that reaches the state",
            Decimal(1),
            "fraction",
            "assumed",
            _NIS_QUOTE,
            ISPI_CHANG,
            "The article's $260M counts all the bonuses as the state's, so by default all of "
            "them reach it. No source reports a share of bonuses: using a share of pay for them "
            "is an assumption.",
        ),
        Figure(
            "death_share",
            "Share of death payments that reaches the state",
            Decimal(1),
            "fraction",
            "assumed",
            _NIS_QUOTE,
            ISPI_CHANG,
            "The article's $260M counts everything paid as the state's (it has no deaths); by "
            "default a death payment reaches the state whole. The payments reported are what "
            "the state itself received (death-payment-asiapress, death-payment-nkinsider).",
        ),
        Figure(
            "state_share",
            "Shorthand: one share for pay, bonuses and death payments",
            Decimal(1),
            "fraction",
            "assumed",
            _NIS_QUOTE,
            ISPI_CHANG,
            "--state-share S sets pay_share, bonus_share and death_share to S (a share given "
            "beside it wins); its default is theirs, 1: the article's $260M counts all pay and "
            "bonuses as the state's.",
        ),
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
        ),
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
        ),
        Figure(
            "death_payment_usd",
            "Payment per soldier killed",
            Decimal(0),
            "USD per soldier killed",
            "assumed",
            "",
            MODEL,
            "None by default. Reported: $5,000 to the state per soldier killed (AsiaPress, a "
            "rumour), $30,000 to the state (NK Insider), $6,000-10,000 (Daily NK, no copy "
            "found), in revenue sources: death-payment-*. The state keeps death_share of it "
            "(default 1, whole), as the first two report.",
        ),
        Figure(
            "workers.monthly_pay_usd",
            "Monthly pay per worker",
            Decimal(800),
            "USD per worker per month",
            "stated",
            _HERALD_WORKERS_QUOTE,
            KOREA_HERALD,
            "The NIS's estimate for North Korean workers in Russia, the default pay of a "
            "contingent of workers (MBN uses the same $800). An hourly alternative: "
            "workers-pay-hourly.",
        ),
        Figure(
            "workers.bonus_usd",
            "Bonus per worker, paid once a year",
            Decimal(0),
            "USD per worker per year",
            "assumed",
            "",
            MODEL,
            "No source reports a bonus or lump sum for workers: none by default.",
        ),
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
        "default for amounts in KRW, except a published estimate's or a reference figure's, "
        "which keep the rate of their own date."),
}  # fmt: skip

#: Rates of a given day, for figures stated in another currency on that day: a published
#: estimate names one by key (``rate`` in published.toml) and a reference figure carries it.
DATED_RATES: Final[dict[str, Figure]] = {
    "rate-krw-2025-04-08": Figure(
        "rate-krw-2025-04-08", "KRW per US dollar, 2025-04-08", Decimal("1473.2"),
        "KRW per USD", "stated", "", SEOUL_SHINMUN_KRW,
        "The won's close on the day KIDA's estimates were reported: the rate of the published "
        "estimate kida-2025-04 (--rate overrides it there) and of the reference figure "
        "kida-2025-04-relationship."),
}  # fmt: skip

#: Values that sources report for a parameter: not defaults, but what scenarios may use.
REPORTED: Final[dict[str, Figure]] = {
    f.key: f
    for f in (
        Figure(
            "state-share-donga-low",
            "Share of monthly pay that reaches the state, low end (pay_share)",
            Decimal("0.75"),
            "fraction",
            "derived",
            "",
            DONGA_SHARE,
            "Dong-A Ilbo reports pay of about $2,000 a month, all but $400-500 of it handed to "
            "the authorities (our summary): 1 - 500 / 2,000 = 0.75. A share of monthly pay "
            "only: using it for bonuses (--bonus-share) is an assumption.",
        ),
        Figure(
            "state-share-donga-high",
            "Share of monthly pay that reaches the state, high end (pay_share)",
            Decimal("0.8"),
            "fraction",
            "derived",
            "",
            DONGA_SHARE,
            "As state-share-donga-low, with $400 kept: 1 - 400 / 2,000 = 0.8. A share of "
            "monthly pay only: using it for bonuses is an assumption.",
        ),
        Figure(
            "state-share-mbn",
            "Share of monthly pay that reaches the state (pay_share), MBN and KINU",
            Decimal("0.9"),
            "fraction",
            "derived",
            "",
            MBN_PAY,
            "MBN: of a soldier's $2,000 a month the state takes $1,800 (KINU's Cho Han-bum "
            "interviewed; our summary): 1,800 / 2,000 = 0.9.",
        ),
        Figure(
            "state-share-shin",
            "Share of monthly pay that reaches the state (pay_share), Shin Beom-chul",
            Decimal("0.9"),
            "fraction",
            "derived",
            "",
            SHIN_SEJONG,
            "Shin Beom-chul (Sejong Institute): North Korean workers abroad receive only 10% "
            "of their pay, so the soldiers keep about 10% (our summary): 1 - 0.1 = 0.9.",
        ),
        Figure(
            "state-share-independent",
            "Share of monthly pay that reaches the state (pay_share), The Independent",
            Decimal("0.9"),
            "fraction",
            "stated",
            "However, 90% of this amount will likely go to the North Korean treasury.",
            INDEPENDENT_SHARE,
            "The words are RBC-Ukraine's summary of The Independent, of the $2,000 a month.",
        ),
        Figure(
            "troops-2026-01",
            "Soldiers sent to Russia in all, as reported in January 2026 (troops)",
            Decimal(14_000),
            "soldiers",
            "stated",
            "",
            EUROMAIDAN_2026,
            "Some 14,000 (our summary): KIDA's count of April 2025 (two waves), so no new "
            "combat deployment was reported by January 2026; the sappers and builders of 2025 "
            "are apart. A 2026 report, beside the data's as-of month (2025-12), not after it.",
        ),
        Figure(
            "death-payment-asiapress",
            "Payment the state received per soldier killed",
            Decimal(5_000),
            "USD per soldier killed, to the state",
            "stated",
            "",
            ASIAPRESS_DEATH,
            "AsiaPress reports a rumour in northern North Korea that the state got $5,000 per "
            "soldier killed (our summary); security services call it a rumour. A payment the "
            "state keeps whole: enter it as it is, with --death-share 1 "
            "(kursk-state-share-deaths).",
            uncertain=True,
        ),
        Figure(
            "death-payment-nkinsider",
            "Payment the state receives from Russia per soldier killed",
            Decimal(30_000),
            "USD per soldier killed, to the state",
            "stated",
            "as compensation it does not amount to much when compared to the $30,000 the state "
            "is receiving from Russia for each soldier killed",
            NKINSIDER_DEATH,
            "To the state, whole: families get a month's groceries (700 grams a person a day "
            "for 30 days). Enter it with --death-share 1.",
        ),
        Figure(
            "death-payment-dailynk",
            "Payment per soldier killed, Daily NK",
            Decimal(6_000),
            "USD per soldier killed",
            "stated",
            "",
            DAILYNK_DEATH,
            "$6,000-10,000 per soldier killed, as Daily NK's report of 2025-05-30 is cited; no "
            "copy of it was found, so it cannot be checked.",
            uncertain=True,
            high=Decimal(10_000),
        ),
        Figure(
            "workers-pay-hourly",
            "Monthly pay per worker, from the hourly rate (monthly_pay_usd of workers)",
            Decimal(780),
            "USD per worker per month",
            "assumed",
            "The Russians promise to pay foreign labor force approximately $2.50 per hour, and "
            "their shifts will last at least 12 hours.",
            INTERFAX_HOURLY,
            "$2.50 x 12 hours x 26 days = $780 a month. The hourly pay and the 12-hour shift are "
            "stated (of the workers Russia plans to recruit for the Alabuga drone plants); the 26 "
            "working days a month are our assumption. An alternative to the $800 default.",
        ),
    )
}

#: Reference revenue streams and published totals that scenarios are measured against: a
#: point each (a range is in ``RANGES``).
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
        ),
        Figure(
            "china-exports-2018",
            "DPRK exports to China, 2018",
            Decimal(200_000_000),
            "USD per year",
            "stated",
            _EXPORTS_QUOTE,
            ISPI_CHANG,
        ),
        Figure(
            "china-exports-2020",
            "DPRK exports to China, 2020",
            Decimal(50_000_000),
            "USD per year",
            "stated",
            _EXPORTS_QUOTE,
            ISPI_CHANG,
        ),
        Figure(
            "article-estimate",
            "The article's estimate for 10,000 troops a year",
            Decimal(260_000_000),
            "USD per year",
            "stated",
            _NIS_QUOTE,
            ISPI_CHANG,
        ),
        Figure(
            "kida-2025-04-relationship",
            "KIDA: the DPRK's economic gain, at most, from its whole military relationship with "
            "Russia (weapons, troops, technology)",
            converted(Decimal(28_700_000_000_000), DATED_RATES["rate-krw-2025-04-08"]),
            "USD over the period",
            "derived",
            "",
            KIDA_CHOSUN,
            "KRW 28.7tn, stated (weapons about 27.4tn, troop dispatch 0.4tn, technology 0.9tn), "
            "at 1,473.2 won per dollar, the close of 2025-04-08 (rate-krw-2025-04-08). The "
            "weapons are those shipped from August 2023 to March 2025; the troops count one "
            "year. A total over that span, not a year's flow.",
            period="2023-08 to 2025-03",
            rate=DATED_RATES["rate-krw-2025-04-08"],
        ),
        Figure(
            "inss-2024-09-arms-2023",
            "INSS: artillery shells and missiles the DPRK supplied to Russia in 2023",
            Decimal(540_000_000),
            "USD in the year",
            "stated",
            "",
            INSS_2024_09,
            "1.13 million shells and 18 KN-23/24 missiles at Russian market prices, with a "
            "discount for stocks (our summary).",
            period="2023",
        ),
        Figure(
            "inss-2026-01-dispatch-to-date",
            "INSS: direct revenue from the troop dispatch to date (wages, death compensation)",
            Decimal(620_000_000),
            "USD over the period",
            "stated",
            "",
            INSS_2026,
            "Cumulative from the first dispatch to December 2025 (about KRW 928.5bn, our "
            "summary): set it beside a timeline's cumulative total, not a year's.",
            period="2024-10 to 2025-12",
        ),
    )
}

#: Reference figures that are ranges: compared with both ends (``vs_<key>_low``,
#: ``vs_<key>_high``), never a midpoint. Not a --target of solve, which takes one amount.
RANGES: Final[dict[str, Figure]] = {
    f.key: f
    for f in (
        Figure(
            "inss-2026-01-total",
            "INSS: foreign currency the DPRK earned from troops and munitions for Russia",
            Decimal(7_670_000_000),
            "USD over the period",
            "stated",
            "",
            INSS_2026,
            "August 2023 to December 2025, troop dispatch and munitions exports together (our "
            "summary); confirmed receipts are only 4-19.6% of it.",
            high=Decimal(14_400_000_000),
            period="2023-08 to 2025-12",
        ),
        Figure(
            "fnf-2025-09-supplied",
            "FNF: market value of the weapons, ammunition and troops the DPRK supplied to Russia",
            Decimal(5_600_000_000),
            "USD over the period",
            "stated",
            "",
            FNF_2025,
            "Since 2023, to the study (September 2025): 5.7-6.7 million shells, up to 248 "
            "KN-23/24, about 15,000 troops and more (our summary). What was supplied, not what "
            "was paid: fnf-2025-09-compensation is Russia's return.",
            high=Decimal(9_800_000_000),
            period="2023 to 2025-09",
        ),
        Figure(
            "fnf-2025-09-compensation",
            "FNF: Russia's direct compensation to the DPRK (mainly food and oil)",
            Decimal(450_000_000),
            "USD over the period",
            "stated",
            "",
            FNF_2025,
            "At most $1.2B, other estimates not over $450M (reported as $457M-1.19B); no "
            "currency inflows visible (our summary).",
            high=Decimal(1_200_000_000),
            period="2023 to 2025-09",
        ),
    )
}

DEFAULT_REFERENCES: Final = ("china-exports-2016", "china-exports-2018", "china-exports-2020")


def reference(key: str) -> Figure:
    """A reference figure (a point or a range) by key; InputError listing the keys if
    unknown."""
    found = REFERENCES.get(key) or RANGES.get(key)
    if found is None:
        known = ", ".join([*REFERENCES, *RANGES])
        raise InputError(f"unknown reference {key!r}; known: {known}")
    return found


def dated_rate(key: str) -> Figure:
    """A rate of a given day by key (``rate-krw-2025-04-08``); InputError if unknown."""
    try:
        return DATED_RATES[key]
    except KeyError:
        raise InputError(f"unknown dated rate {key!r}; known: {', '.join(DATED_RATES)}") from None


def all_figures() -> list[Figure]:
    """Every sourced figure: parameters, references (points, then ranges), reported values,
    then exchange rates (the sourced defaults, then those of a given day)."""
    return [*PARAMETERS.values(), *REFERENCES.values(), *RANGES.values(), *REPORTED.values(),
            *RATES.values(), *DATED_RATES.values()]  # fmt: skip


def as_of_record() -> dict[str, Any]:
    """The month the shipped data run to, as a ``revenue sources`` row."""
    return {
        "key": "as-of", "label": "Month the shipped data run to", "value": AS_OF,
        "unit": "month", "kind": "derived", "source": MODEL.cite(), "url": "",
        "url_note": "Derived from the dates of the sources listed here.", "quote": "",
        "reasoning": AS_OF_REASON, "uncertain": False, "high": None, "period": None,
    }  # fmt: skip


def records() -> list[dict[str, Any]]:
    """Every row of ``revenue sources``: the as-of month, the figures, then the dated facts
    of the dated built-in scenarios."""
    from .scenario import DATED_BUILTINS

    rows = [as_of_record()]
    for f in all_figures():  # each with its source apart, for the table view
        rows.append({**f.record(), "cited": [_cited(f.source, f.source.cite(), f.quote)]})
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
                    "high": None,
                    "period": None,
                    # Each source apart, for the table view (not a column of any format).
                    "cited": [_cited(ref) for ref in cited],
                }
            )
    return rows


def _cited(ref: Any, cite: str | None = None, quote: str | None = None) -> dict[str, str]:
    """A source (a ``Source`` or a scenario file's) as the ``sources`` table lists it: one
    entry per publication, known by its title."""
    parts = [ref.author, f'"{ref.title}"', ref.publisher, ref.date]
    return {"cite": cite or ", ".join(p for p in parts if p), "title": ref.title,
            "url": ref.url or "", "url_note": ref.url_note or "",
            "quote": quote if quote is not None else ref.quote or ""}  # fmt: skip


#: The parameter each reported value (``REPORTED``) is a value of: ``revenue sources NAME``
#: finds it under that parameter, and its table view groups it there.
REPORTED_FOR: Final[dict[str, str]] = {
    "state-share-donga-low": "pay_share", "state-share-donga-high": "pay_share",
    "state-share-mbn": "pay_share", "state-share-shin": "pay_share",
    "state-share-independent": "pay_share", "troops-2026-01": "troops",
    "death-payment-asiapress": "death_payment_usd", "death-payment-nkinsider": "death_payment_usd",
    "death-payment-dailynk": "death_payment_usd", "workers-pay-hourly": "monthly_pay_usd",
}  # fmt: skip


def parameter_of(row: Mapping[str, Any]) -> str | None:
    """The parameter a ``revenue sources`` row gives a value of (``monthly_pay_usd`` for
    ``workers.monthly_pay_usd``, ``troops`` for a scenario contingent's troops), or None."""
    from ..core.params import PARAM_BY_NAME

    key = str(row["key"])
    last = key.rsplit(".", 1)[-1]
    if key in REPORTED_FOR:
        return REPORTED_FOR[key]
    return last if last in PARAM_BY_NAME else None


def group_of(row: Mapping[str, Any]) -> str:
    """The heading a row is shown under in the table view: its parameter (the parameter's
    defaults and the values sources report for it together), ``references``, ``rates``,
    ``as-of``, or the dated scenario whose fact it is."""
    key = str(row["key"])
    if key == "as-of":
        return "as-of"
    if key in RATES or key in DATED_RATES:
        return "rates"
    if key in REFERENCES or key in RANGES:
        return "references"
    if "." in key and not key.startswith("workers."):
        return key.split(".", 1)[0]  # a scenario's dated fact
    return parameter_of(row) or key


def select(rows: list[dict[str, Any]], names: list[str]) -> list[dict[str, Any]]:
    """The rows that ``revenue sources NAME...`` shows: those of a parameter (by its name or
    option, ``troops``, ``monthly-pay``), a key or key prefix (``china-exports``,
    ``deployments-2024-2025``) or a source (a word of its citation: ``ISPI``, ``Daily NK``).
    A NAME that matches nothing is an ``InputError`` naming what there is."""
    import re

    from ..core.params import PARAM_BY_NAME, PARAMS

    by_option = {p.option.removeprefix("--"): p.name for p in PARAMS}
    chosen: set[int] = set()
    for name in names:
        wanted = name.strip().removeprefix("--")
        param = by_option.get(wanted.lower(), wanted.lower().replace("-", "_"))
        word = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)", re.IGNORECASE) if wanted else None
        if param in PARAM_BY_NAME:  # a parameter: its values, not every title naming it
            hits = {i for i, r in enumerate(rows) if parameter_of(r) == param}
        else:
            hits = {
                i for i, r in enumerate(rows)
                if str(r["key"]) == wanted
                or str(r["key"]).startswith((wanted + "-", wanted + "."))
                or (word is not None and bool(word.search(str(r["source"]))))
            }  # fmt: skip
        if not hits:
            raise InputError(_unknown(name, rows))
        chosen |= hits
    return [r for i, r in enumerate(rows) if i in chosen]


def _unknown(name: str, rows: list[dict[str, Any]]) -> str:
    """What a NAME that matches no row is told: the nearest name, and what there is."""
    import difflib

    from ..core.params import PARAMS

    params = [p.name for p in PARAMS]
    keys = [str(r["key"]) for r in rows if "." not in str(r["key"])]
    publishers = list(dict.fromkeys(
        f.source.publisher.split(" (")[0] for f in all_figures() if f.source is not MODEL
    ))  # fmt: skip
    near = difflib.get_close_matches(name, [*params, *keys, *publishers], n=1, cutoff=0.6)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    return (
        f"{name!r} is no parameter, reference or source{hint} Give a parameter "
        f"({', '.join(params)}), a key or its start (china-exports, inss, "
        f"deployments-2024-2025) or a source ({', '.join(publishers[:3])}, ...)"
    )
