"""``published``: each published estimate recomputed from its own stated assumptions."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..core.money import cents_to_usd, fmt_plain, half_up
from ..errors import InputError
from ..scenarios.published import PUBLISHED_COLUMNS, entries, scenario
from .estimate import estimate_scenario

__all__ = ["PUBLISHED_COLUMNS", "rows"]


def rows() -> list[dict[str, Any]]:
    """One record per published estimate: the figure, our recomputation and a verdict.

    An estimate outside the model (``comparison = "outside"``) has its verdict and no
    recomputed total or gap: its note says what the model would need to give its figure
    (``revenue estimate --published ID`` runs that).

    An estimate whose assumptions fail at the rates in force (``--rate RUB=0.01`` makes
    400,000 RUB more than any bonus allowed) has no recomputation, and its note says why.
    """
    out = []
    for e in entries():
        amount = Decimal(e["published_amount"])
        code = e["published_currency"]
        rate, basis = _rate(e)
        published_usd = Fraction(amount) / Fraction(rate)
        note = e.get("note", "")
        try:
            s = scenario(e["id"])
        except InputError as error:
            # A --rate that puts this estimate's amounts out of range spoils this row only.
            why = str(error).removeprefix(f"published estimate {e['id']}: ")
            verdict, gap, recomputed = "not computed at the rates given (see note)", None, None
            note = f"Not computed: {why}." + (f" {note}" if note else "")
        else:
            recomputed = estimate_scenario(s).total_usd if s is not None else None
            verdict, gap = _verdict(e, published_usd, recomputed)
            if e["comparison"] == "outside":  # no total or gap to set beside the verdict
                recomputed = None
        pub_text = e["published_text"]
        if code != "USD":
            pub_text += f" ({code} at {fmt_plain(rate)} per USD, {basis})"
        out.append(
            {
                "id": e["id"],
                "publisher": e["publisher"],
                "author": e["author"],
                "date": e["date"],
                "url": e["url"],
                "estimates": e["estimates"],
                "assumptions": e["assumptions"],
                "published": pub_text,
                "published_usd": _cents(published_usd),
                "recomputed_usd": recomputed,
                "gap_usd": gap,
                "verdict": verdict,
                "note": note,
                "url_note": "" if e["url"] else e.get("url_note", ""),
                "title": e.get("title", ""),
            }
        )
    return out


def _rate(e: dict[str, Any]) -> tuple[Decimal, str]:
    """The rate a published figure is converted at, and why: ``--rate`` if given, else the
    rate of the estimate's own date, else the sourced default for the currency."""
    from ..core.currency import SOURCED_RATES, current_rates, rate_for

    code = e["published_currency"]
    if code == "USD":
        return Decimal(1), ""
    given = current_rates()
    if code in given:
        return given[code], "--rate"
    own = e.get("rate")
    if own is not None:
        from ..scenarios.sources import dated_rate

        figure = dated_rate(own)
        return figure.value, f"rate of {figure.source.date}"
    if code in SOURCED_RATES:
        return SOURCED_RATES[code].per_usd, f"{SOURCED_RATES[code].year} average"
    return rate_for(code, given, f"published estimate {e['id']}"), ""  # raises: no rate


def _cents(value: Fraction) -> Decimal:
    return cents_to_usd(half_up(value.numerator * 100, value.denominator))


def _verdict(
    e: dict[str, Any], published: Fraction, recomputed: Decimal | None
) -> tuple[str, Decimal | None]:
    if recomputed is None:
        return "not reproducible (assumptions not stated)", None
    gap_exact = Fraction(recomputed) - published
    gap = _cents(gap_exact) if gap_exact >= 0 else -_cents(-gap_exact)
    kind = e["comparison"]
    if kind == "outside":  # the note says what the model would need
        return "not reproducible (outside this model; see note)", None
    if kind == "at-least":
        return ("reproduced as a bound" if gap_exact >= 0 else "disagrees"), gap
    tolerance = Fraction(Decimal(e.get("tolerance", 0)))
    if abs(gap_exact) <= tolerance * published:
        return "reproduced", gap
    share = float(gap_exact / published) * 100
    return f"disagrees (ours {share:+.0f}%)", gap
