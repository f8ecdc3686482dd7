"""Published estimates, each recomputed from its own stated assumptions through the model."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any, Final

from .errors import InputError
from .model import cents_to_usd, half_up
from .scenario import Scenario, estimate_scenario, validate_scenario

PREFIX: Final = "published:"
#: Columns of ``revenue published``.
PUBLISHED_COLUMNS: Final = (
    "id", "publisher", "author", "date", "url", "estimates", "assumptions", "published",
    "published_usd", "recomputed_usd", "gap_usd", "verdict", "note",
)  # fmt: skip
_META: Final = (
    "id", "publisher", "author", "date", "url", "estimates", "assumptions", "published_text",
    "published_amount", "published_currency", "comparison", "tolerance", "assumed_rate", "note",
)  # fmt: skip


@cache
def _entries() -> tuple[dict[str, Any], ...]:
    text = resources.files(__package__).joinpath("published.toml").read_text("utf-8")
    return tuple(tomllib.loads(text, parse_float=Decimal)["estimates"])


def ids() -> list[str]:
    """The ids of the published estimates, in order."""
    return [e["id"] for e in _entries()]


def _entry(pid: str) -> dict[str, Any]:
    for e in _entries():
        if e["id"] == pid:
            return e
    raise InputError(f"unknown published estimate {pid!r}; known: {', '.join(ids())}")


def scenario(pid: str) -> Scenario | None:
    """A published estimate's assumptions as a scenario (None when it states none)."""
    e = _entry(pid.removeprefix(PREFIX))
    if "contingents" not in e:
        return None
    data = {k: v for k, v in e.items() if k not in _META}
    data["name"] = e["id"]
    data["description"] = f"{e['publisher']}, {e['date']}: {e['estimates']}"
    data["sources"] = [{"title": e["estimates"], "author": e["author"],
                        "publisher": e["publisher"], "date": e["date"],
                        "note": e["assumptions"]}]  # fmt: skip
    data["contingents"] = [dict(c) for c in e["contingents"]]
    if "rates" in e:
        data["rates"] = dict(e["rates"])
    return validate_scenario(data, f"published estimate {e['id']}")


def load(pid: str) -> Scenario:
    """A published estimate as a scenario; InputError if it states no assumptions."""
    s = scenario(pid)
    if s is None:
        raise InputError(f"published estimate {pid.removeprefix(PREFIX)!r} states no assumptions")
    return s


def rows() -> list[dict[str, Any]]:
    """One record per published estimate: the figure, our recomputation and a verdict."""
    from .currency import current_rates

    out = []
    for e in _entries():
        amount = Decimal(e["published_amount"])
        code = e["published_currency"]
        rate = Decimal(1)
        if code != "USD":
            rate = current_rates().get(code, Decimal(e.get("assumed_rate", 0)))
        published_usd = (Fraction(amount) / Fraction(rate)) if rate else None
        s = scenario(e["id"])
        recomputed = estimate_scenario(s).total_usd if s is not None else None
        verdict, gap = _verdict(e, published_usd, recomputed)
        pub_text = e["published_text"] + (f" ({code} at {rate} per USD)" if code != "USD" else "")
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
                "published_usd": None if published_usd is None else _cents(published_usd),
                "recomputed_usd": recomputed,
                "gap_usd": gap,
                "verdict": verdict,
                "note": e.get("note", ""),
            }
        )
    return out


def _cents(value: Fraction) -> Decimal:
    return cents_to_usd(half_up(value.numerator * 100, value.denominator))


def _verdict(
    e: dict[str, Any], published: Fraction | None, recomputed: Decimal | None
) -> tuple[str, Decimal | None]:
    if recomputed is None or published is None:
        return "not reproducible (assumptions not stated)", None
    gap_exact = Fraction(recomputed) - published
    gap = _cents(gap_exact) if gap_exact >= 0 else -_cents(-gap_exact)
    kind = e["comparison"]
    if kind == "outside":
        return "not reproducible (outside this model; see note)", gap
    if kind == "at-least":
        return ("reproduced as a bound" if gap_exact >= 0 else "disagrees"), gap
    tolerance = Fraction(Decimal(e.get("tolerance", 0)))
    if abs(gap_exact) <= tolerance * published:
        return "reproduced", gap
    share = float(gap_exact / published) * 100
    return f"disagrees (ours {share:+.0f}%)", gap
