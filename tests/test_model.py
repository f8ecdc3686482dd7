"""The model's arithmetic against hand-computed values, and its properties."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from dprk_ru import Contingent, estimate
from dprk_ru.core.money import cents_to_usd, fmt_cents, fmt_human, fmt_usd_short


def test_article_260m() -> None:
    """The defaults reproduce the article's $260M: $240M pay + $20M bonuses."""
    e = estimate(troops=10_000)
    assert e.record()["pay_total_usd"] == D(240_000_000)
    assert e.record()["bonus_total_usd"] == D(20_000_000)
    assert e.total_usd == D(260_000_000)
    assert estimate().total_cents == 26_000_000_000


@pytest.mark.parametrize(
    ("params", "pay", "bonus"),
    [
        ({"monthly_pay_usd": D("1999.99")}, "239998800", "20000000"),
        ({"troops": 83_000, "monthly_pay_usd": D(1990), "bonus_usd": D(0)}, "1982040000", "0"),
        (
            {"troops": 1, "months": D("0.5"), "monthly_pay_usd": D("0.01"), "bonus_usd": D(0)},
            "0.01",
            "0",
        ),  # 0.005 rounds half up
        (
            {"troops": 3, "monthly_pay_usd": D("0.01"), "months": D(1), "state_share": D("0.5")},
            "0.02",
            "3000",
        ),  # 0.015 -> 0.02; 3 x 2000 x 0.5 = 3000
        ({"troops": 12_000}, "288000000", "24000000"),
        (
            {"troops": 6_000, "monthly_pay_usd": D(1500), "months": D(4), "bonus_usd": D(0)},
            "36000000",
            "0",
        ),
        ({"troops": 10_000, "state_share": D("0.3333")}, "79992000", "6666000"),
        ({"troops": 0}, "0", "0"),
    ],
)
def test_hand_computed(params: dict[str, object], pay: str, bonus: str) -> None:
    """Totals match values worked out by hand; the total is the sum of the rounded parts."""
    e = estimate(**params)
    assert e.record()["pay_total_usd"] == D(pay)
    assert e.record()["bonus_total_usd"] == D(bonus)
    assert e.total_usd == D(pay) + D(bonus)


def test_1999_99_total_exact() -> None:
    """10,000 troops at $1,999.99 give exactly 259,998,800."""
    assert estimate(troops=10_000, monthly_pay_usd=D("1999.99")).total_usd == D(259_998_800)


def test_exact_past_2_31() -> None:
    """Amounts stay exact far past 2^31 and 2^53 cents."""
    e = estimate(troops=10_000_000, monthly_pay_usd=D("999999.99"), bonus_usd=D("999999.99"))
    assert e.record()["pay_total_usd"] == cents_to_usd(10_000_000 * 99_999_999 * 12)
    assert e.total_usd == D("129999998700000")  # 119,999,998,800,000 + 9,999,999,900,000


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("troops", -1),
        ("troops", 10_000_001),
        ("troops", 1.5),
        ("troops", True),
        ("monthly_pay_usd", D("NaN")),
        ("monthly_pay_usd", float("inf")),
        ("monthly_pay_usd", D("0.001")),
        ("months", 0),
        ("months", 13),
        ("bonus_usd", -1),
        ("state_share", D("1.5")),
        ("state_share", float("nan")),
    ],
)
def test_invalid_fields_rejected(field: str, value: object) -> None:
    """Out-of-range, fractional and non-finite values are refused, naming the field."""
    with pytest.raises(ValidationError) as info:
        Contingent.model_validate({field: value})
    assert field in str(info.value)


def test_unknown_field_rejected() -> None:
    """A misspelt field is an error, not silently ignored."""
    with pytest.raises(ValidationError, match="monthly_pay"):
        Contingent(monthly_pay=2000)  # type: ignore[call-arg]


def test_formatting() -> None:
    """Plain and human number formats."""
    assert fmt_cents(25_999_880_000) == "259998800"
    assert fmt_cents(150) == "1.50"
    assert fmt_cents(5) == "0.05"
    assert cents_to_usd(199_999) == D("1999.99")
    assert fmt_human(D("1999.99")) == "1,999.99"
    assert fmt_usd_short(D(260_000_000)) == "$260.0M"
    assert fmt_usd_short(D(2_600_000_000)) == "$2.6B"


money = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False)
share = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False)
months = st.decimals(min_value=D("0.01"), max_value=12, places=2, allow_nan=False)


@given(
    troops=st.integers(0, 1_000_000),
    k=st.integers(1, 10),
    pay=money,
    bonus=money,
    share=share,
)
def test_linear_in_troops(troops: int, k: int, pay: D, bonus: D, share: D) -> None:
    """k times the troops gives k times each component: exactly at a full state share, and
    within the rounding (half a cent per component, times k) otherwise."""
    full = estimate(troops=troops, monthly_pay_usd=pay, bonus_usd=bonus)
    full_k = estimate(troops=troops * k, monthly_pay_usd=pay, bonus_usd=bonus)
    assert full_k.record()["pay_total_usd"] == k * full.record()["pay_total_usd"]
    assert full_k.record()["bonus_total_usd"] == k * full.record()["bonus_total_usd"]
    assert full_k.total_cents == k * full.total_cents
    one = estimate(troops=troops, monthly_pay_usd=pay, bonus_usd=bonus, state_share=share)
    many = estimate(troops=troops * k, monthly_pay_usd=pay, bonus_usd=bonus, state_share=share)
    assert abs(many.total_cents - k * one.total_cents) <= k


@given(troops=st.integers(0, 10_000_000), pay=money, bonus=money, share=share, months=months)
def test_components_sum_and_round_once(troops: int, pay: D, bonus: D, share: D, months: D) -> None:
    """Components sum to the total, and each is the exact product rounded half up once."""
    e = estimate(
        troops=troops, monthly_pay_usd=pay, bonus_usd=bonus, state_share=share, months=months
    )
    assert e.total_usd == e.record()["pay_total_usd"] + e.record()["bonus_total_usd"]
    exact_pay = D(troops) * pay * months * share
    assert abs(e.record()["pay_total_usd"] - exact_pay) <= D("0.005")
    assert e.total_cents >= 0
