"""Currencies: roubles and won at their sourced or given rates, `--currency` columns,
exact conversions rounded once."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import Run, examples
from helpers import KRW, rows, table
from hypothesis import given, settings
from hypothesis import strategies as st

from dprk_ru.analysis.sweep import sweep, write_rows
from dprk_ru.core.currency import (
    OtherCurrency,
    convert,
    from_usd,
    given_rates,
    other_currency,
    with_currency,
)
from dprk_ru.core.money import cell
from dprk_ru.core.numbers import Amount
from dprk_ru.core.params import COLUMNS, money_results
from dprk_ru.errors import InputError
from dprk_ru.inputs.grid import Grid
from dprk_ru.render.formats import render
from dprk_ru.render.stream import STREAMED, CurrencyCSV, stream_sweep


def test_published_tiny_rate_spoils_only_its_rows(run: Run) -> None:
    """`published --rate RUB=0.01`: the two rows with a rouble bonus (400,000 RUB is then
    $40M, over the $1M a bonus may be) are not computed and say why; the rest are."""
    r = run("published", "--rate", "RUB=0.01", "-f", "json")
    assert r.exit_code == 0
    by = {x["id"]: x for x in json.loads(r.stdout)}
    for pid in ("fnf-2024-10-low", "fnf-2024-10-high"):
        assert by[pid]["recomputed_usd"] is None and by[pid]["gap_usd"] is None
        assert by[pid]["verdict"] == "not computed at the rates given (see note)"
        assert by[pid]["note"].startswith(
            "Not computed: contingents[0].bonus_usd: '400000 RUB' is 40000000.00 USD; expected an "
            "amount in USD"
        )
    assert by["ispi-chang-2025"]["recomputed_usd"] == 260000000
    assert by["inss-lim-2024-11-mercenary"]["verdict"] == "reproduced"


def test_tiny_rate_in_a_file(run: Run, tmp_path: Path) -> None:
    """`rates = { RUB = 0.0000001 }` is read exactly: 0.01 RUB is then $100,000."""
    f = tmp_path / "tiny.toml"
    f.write_text(
        'name = "tiny"\nrates = { RUB = 0.0000001 }\n'
        '[[contingents]]\ntroops = 1\nbonus_usd = "0.01 RUB"\n'
    )
    r = run("estimate", "-s", str(f), "-f", "csv")
    assert r.exit_code == 0, r.stderr
    (row,) = rows(r.stdout)
    # 1 x 2000 x 12 + 1 x 100000 = 124,000
    assert (row["bonus_usd"], row["total_usd"]) == ("100000", "124000")


def test_rub_bonus_at_given_rate(run: Run) -> None:
    """20,000 troops with a 400,000-ruble bonus at 87 RUB/USD: about $571.95M."""
    r = run("estimate", "--troops", "20000", "--bonus", "400000 RUB", "--rate", "RUB=87",
            "--format", "csv")  # fmt: skip
    (row,) = rows(r.stdout)
    assert row["bonus_usd"] == "4597.70"  # 400000 / 87 = 4597.701..., rounded once
    assert row["total_usd"] == "571954000"


def test_currency_column(run: Run) -> None:
    """--currency KRW --rate KRW=1390 adds the money columns in won."""
    r = run("estimate", "--troops", "20000", "--bonus", "400000 RUB", "--rate", "RUB=87",
            "--currency", "KRW", "--rate", "KRW=1390", "-f", "csv")  # fmt: skip
    (row,) = rows(r.stdout)
    assert row["total_krw"] == str(571_954_000 * 1390)
    assert row["pay_total_krw"] == str(480_000_000 * 1390)
    assert list(row)[-4:] == ["pay_total_krw", "bonus_total_krw", "total_krw", "death_total_krw"]


def test_sourced_rub_default(run: Run) -> None:
    """Without --rate, RUB uses the sourced 2025 average of 83.3."""
    (row,) = rows(run("estimate", "--bonus", "400000 RUB", "-f", "csv").stdout)
    assert row["bonus_usd"] == "4801.92"  # 400000 / 83.3 = 4801.9207...


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--bonus", "1000000 CNY"], "--rate CNY="), (["--currency", "CNY"], "--rate CNY="),
     (["--rate", "RUB=-1"], "--rate"), (["--rate", "RUB"], "--rate"),
     (["--currency", "won"], "--currency"), (["--bonus", "400000000 RUB"], "--bonus")],
)  # fmt: skip
def test_currency_refusals(run: Run, args: list[str], message: str) -> None:
    """A missing rate, a bad rate or code: exit 2 naming the option."""
    r = run("estimate", *args)
    assert r.exit_code == 2 and message in r.stderr and r.stdout == ""


def test_conversion_rounds_once() -> None:
    """Conversions are exact fractions rounded once, half up."""
    assert convert(Amount(D(1), "RUB"), {"RUB": D(3)}, "x") == D("0.33")
    assert convert(Amount(D(5), "RUB"), {"RUB": D(3)}, "x") == D("1.67")
    assert from_usd(D("1.005"), "KRW", D(1000)) == D(1005)
    with given_rates({"XYZ": D(2)}):
        assert convert(Amount(D(3), "XYZ"), None, "x") == D("1.50")
    with pytest.raises(InputError, match="rate XYZ="):
        convert(Amount(D(3), "XYZ"), None, "x")


def test_toml_currency_and_rates(run: Run, tmp_path: Path) -> None:
    """A scenario file may give money with a currency and its own rates; --rate overrides."""
    f = tmp_path / "rub.toml"
    f.write_text('name = "rub"\nrates = { RUB = 100 }\n[[contingents]]\ntroops = 1000\n'
                 'bonus_usd = "400000 RUB"\n')  # fmt: skip
    own = rows(run("estimate", "-s", str(f), "-f", "csv").stdout)[0]
    assert own["bonus_usd"] == "4000"
    given = rows(run("estimate", "-s", str(f), "--rate", "RUB=80", "-f", "csv").stdout)[0]
    assert given["bonus_usd"] == "5000"
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "b"\n[[contingents]]\nbonus_usd = "5 XYZ"\n')
    r = run("estimate", "-s", str(bad))
    assert r.exit_code == 2 and "contingents[0].bonus_usd" in r.stderr and "--rate XYZ=" in r.stderr


def test_krw_default_and_rate_override(run: Run) -> None:
    """Money in KRW converts at 1,421.97 unless --rate says otherwise."""
    (row,) = rows(run("estimate", "--bonus", "1421970 KRW", "-f", "csv").stdout)
    assert row["bonus_usd"] == "1000"
    (row,) = rows(run("estimate", "--bonus", "1421970 KRW", "--rate", "KRW=1000", "-f",
                      "csv").stdout)  # fmt: skip
    assert row["bonus_usd"] == "1421.97"


rates = st.decimals(min_value=D("0.0001"), max_value=10**6, places=4, allow_nan=False)


codes = st.sampled_from(["KRW", "RUB", "JPY", "XYZ"])


money = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)


def test_estimate_currency_80_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    """--currency KRW adds a won column (at the sourced 1,421.97) and says the rate; a bonus
    given in rubles shows its amount, the rate used and where the rate comes from; only
    the default actually used (the pay) is credited to its source."""
    r = table(monkeypatch, 80, "estimate", "--bonus", "400000 RUB", "--currency", "KRW")
    assert r.stdout == (
        "Revenue estimate\n"
        "         formula                                     USD a year       KRW a year\n"
        "pay      10,000 soldiers x $2,000 a month x 12     $240,000,000  341,272,800,000\n"
        "         months                                                                 \n"
        "bonuses  + 10,000 soldiers x $4,801.92 bonus        $48,019,200   68,281,861,824\n"
        "total                                              $288,019,200  409,554,661,824\n"
        "= $288,019,200 a year ($288.0M); 409,554,661,824 KRW\n"
        "\n"
        "--bonus: 400,000 RUB = $4,801.92 at 83.3 RUB per USD (the sourced 2025 average, \n"
        "see `revenue sources`; --rate RUB=... to change)\n"
        "KRW at 1,421.97 per USD (the sourced 2025 average, see `revenue sources`; --rate\n"
        "KRW=... to change)\n"
        "Defaults: pay $2,000 a month is NIS's figure for soldiers (via The Korea Herald,\n"
        "2024-11-03). See `revenue sources`.\n"
    )


def test_bonus_in_rubles_at_given_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rate given with --rate is shown as given, and the derived default bonus is not."""
    r = table(monkeypatch, 120, "estimate", "--bonus", "400000 RUB", "--rate", "RUB=87")
    out = " ".join(r.stdout.split())
    assert "--bonus: 400,000 RUB = $4,597.70 at 87 RUB per USD (--rate)" in out
    assert "derived from the article" not in out


def test_scenario_file_rates_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """A scenario's own rate is named as such."""
    out = " ".join(
        table(monkeypatch, 120, "estimate", "--published", "fnf-2024-10-low").stdout.split()
    )
    assert ("contingents[0].bonus_usd: 400,000 RUB = $4,597.70 at 87 RUB per USD "
            "(the scenario's rates)") in out  # fmt: skip


@pytest.mark.parametrize(
    ("args", "added"),
    [
        (["estimate"], ["pay_total_krw", "bonus_total_krw", "total_krw", "death_total_krw"]),
        (["compare", "article-baseline", "shoigu-2025", "--vs", "article-estimate"],
         ["pay_total_krw", "bonus_total_krw", "total_krw", "delta_krw", "death_total_krw"]),
        (["solve", "--for", "troops", "--target", "260M"],
         ["target_krw", "pay_total_krw", "bonus_total_krw", "total_krw", "death_total_krw"]),
        (["sweep", "--troops", "10000,20000"],
         ["pay_total_krw", "bonus_total_krw", "total_krw", "death_total_krw"]),
        (["simulate", "--troops", "10000", "--seed", "1", "-n", "10"],
         ["mean_krw", "sd_krw", "p5_krw", "p25_krw", "p50_krw", "p75_krw", "p95_krw"]),
        (["sensitivity", "--troops", "uniform(5000,15000)"],
         ["total_at_low_krw", "total_at_high_krw", "swing_krw"]),
        (["timeline", "--from", "2025-01", "--to", "2025-02"],
         ["pay_total_krw", "bonus_total_krw", "total_krw", "cumulative_krw", "death_total_krw"]),
        (["published"], ["published_krw", "recomputed_krw", "gap_krw"]),
    ],
)  # fmt: skip
def test_currency_columns_after_the_rest(run: Run, args: list[str], added: list[str]) -> None:
    """--currency KRW keeps every column and value of the run without it and adds one won
    column per money result, after them, each the USD amount x 1,421.97 (the sourced
    rate) rounded half up to the won; --currency USD adds nothing."""
    plain = run(*args, "-f", "csv")
    usd = run(*args, "--currency", "usd", "-f", "csv")
    assert usd.exit_code == 0 and usd.stdout == plain.stdout
    won = run(*args, "--currency", "KRW", "-f", "csv")
    assert won.exit_code == 0, won.stderr
    before, after = rows(plain.stdout), rows(won.stdout)
    assert list(after[0]) == [*before[0], *added]
    for b, a in zip(before, after, strict=True):
        assert {k: a[k] for k in b} == b
        for col in added:
            source = b[col.removesuffix("_krw") + "_usd"]
            expected = "" if source == "" else str(from_usd(D(source), "KRW", KRW))
            assert a[col] == expected


def test_currency_values_by_hand(run: Run) -> None:
    """Hand-computed won: $260,000,000 x 1,421.97 = 369,712,200,000; compare's negative
    difference (-$104,000,000) converts to -147,884,880,000; the sum of a simulate run of
    fixed inputs likewise; --rate KRW=1390 wins over the sourced rate."""
    (row,) = rows(run("estimate", "--currency", "KRW", "-f", "csv").stdout)
    assert row["total_krw"] == "369712200000"
    out = rows(run("compare", "article-baseline", "shoigu-2025", "--currency", "KRW",
                   "-f", "csv").stdout)  # fmt: skip
    assert out[1]["delta_krw"] == "-147884880000"
    (sim,) = rows(run("simulate", "--seed", "1", "-n", "5", "--currency", "KRW", "-f",
                      "csv").stdout)  # fmt: skip
    assert sim["p50_krw"] == "369712200000" and sim["sd_krw"] == "0"
    (given,) = rows(run("estimate", "--currency", "KRW", "--rate", "KRW=1390", "-f",
                        "csv").stdout)  # fmt: skip
    assert given["total_krw"] == str(260_000_000 * 1390)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "markdown"])
def test_currency_in_other_formats(run: Run, fmt: str) -> None:
    """The won columns reach JSON, JSON Lines and Markdown too."""
    out = run("timeline", "--from", "2025-01", "--to", "2025-01", "--currency", "KRW", "-f", fmt)
    words = fmt == "markdown"  # headers in words, numbers with separators
    assert out.exit_code == 0 and ("Cumulative (KRW)" if words else "cumulative_krw") in out.stdout
    won = int(22_000_000 * KRW)  # 31,283,340,000
    assert (f"{won:,}" if words else str(won)) in out.stdout


def test_currency_in_every_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each command's table shows the won amounts and the rate."""
    cases = {
        ("estimate",): "369,712,200,000",
        ("compare", "article-baseline"): "369.7B",
        ("solve", "--for", "troops", "--target", "260M"): "369,712,200,000",
        ("sweep", "--troops", "10000"): "369,712,200,000",
        ("simulate", "--seed", "1", "-n", "5"): "369,712,200,000",
        ("sensitivity", "--troops", "uniform(5000,15000)"): "swing KRW",
        ("timeline", "--from", "2025-01", "--to", "2025-01"): "31,283,340,000",
        ("published",): "369,712,200,000",
    }
    for args, shown in cases.items():
        out = table(monkeypatch, 160, *args, "--currency", "KRW").stdout
        assert shown in out, args
        assert "KRW at 1,421.97 per USD" in out, args


def test_currency_refused(run: Run) -> None:
    """A bad code or a currency without a rate: exit 2 naming --currency, before any output."""
    for args in (["sweep", "--currency", "won"], ["timeline", "--currency", "CNY"],
                 ["published", "--currency", "1"], ["compare", "--currency", "CNY"]):  # fmt: skip
        r = run(*args)
        assert r.exit_code == 2 and r.stderr.startswith("Error: --currency") and r.stdout == ""


def test_sweep_currency_matches_fast_path(run: Run) -> None:
    """A --currency sweep goes through the records; its USD columns are the fast writer's,
    byte for byte."""
    args = ["sweep", "--troops", "1:7:3", "--monthly-pay", "1999.99,2000", "--state-share",
            "0.333,1", "-f", "csv"]  # fmt: skip
    fast = run(*args).stdout.splitlines()
    slow = run(*args, "--currency", "JPY", "--rate", "JPY=150.5").stdout.splitlines()
    assert len(fast) == len(slow) == 13
    for f, s in zip(fast, slow, strict=True):
        assert s.startswith(f + ",")


@settings(max_examples=examples(300), deadline=None)
@given(
    amount=st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False),
    rate=rates,
    code=codes,
)
def test_plain_equals_from_usd(amount: D, rate: D, code: str) -> None:
    """The text conversion of the fast CSV path equals ``from_usd`` written as CSV writes it,
    for any amount, rate and minor unit."""
    to = OtherCurrency(code, rate, "given")
    assert to.converted_text(cell(amount)) == cell(from_usd(amount, code, rate))


@settings(max_examples=examples(60), deadline=None)
@given(
    troops=st.lists(st.integers(0, 10_000_000), min_size=1, max_size=3),
    pay=st.lists(money, min_size=1, max_size=3),
    months=st.lists(st.decimals(min_value=D("0.001"), max_value=12, places=3), min_size=1,
                    max_size=2),
    bonus=st.lists(money, min_size=1, max_size=2),
    share=st.lists(st.decimals(min_value=0, max_value=1, places=4), min_size=1, max_size=2),
    rotations=st.lists(st.integers(1, 12), min_size=1, max_size=2),
    killed=st.lists(st.integers(0, 5000), min_size=1, max_size=2),
    death=st.lists(money, min_size=1, max_size=2),
    rate=rates,
    code=codes,
    chunk=st.integers(1, 200),
)  # fmt: skip
def test_currency_csv_equals_records(
    troops: list[int],
    pay: list[D],
    months: list[D],
    bonus: list[D],
    share: list[D],
    rotations: list[int],
    killed: list[int],
    death: list[D],
    rate: D,
    code: str,
    chunk: int,
) -> None:
    """The fast writer's lines through ``CurrencyCSV`` (written in pieces of any size) are
    byte for byte ``evaluate``'s records with ``OtherCurrency.records``, over the eight
    parameters a grid had before the per-stream shares (which the property tests cover)."""
    most = min(troops) * min(rotations)  # killed at most troops x rotations (else refused)
    killed = list(dict.fromkeys(min(k, most) for k in killed))
    grid = Grid.from_items(
        {"troops": [D(t) for t in troops], "monthly_pay_usd": pay, "months": months,
         "bonus_usd": bonus, "state_share": share, "rotations": [D(r) for r in rotations],
         "killed": [D(k) for k in killed], "death_payment_usd": death}
    )  # fmt: skip
    to, money_cols = OtherCurrency(code, rate, "given"), money_results(COLUMNS)
    fast_usd = io.StringIO()
    write_rows(grid, fast_usd)
    fast = io.StringIO()
    converting = CurrencyCSV(fast, COLUMNS, money_cols, to)
    text = fast_usd.getvalue()
    for i in range(0, len(text), chunk):
        converting.write(text[i : i + chunk])
    converting.close()
    slow = io.StringIO()
    writer = csv.writer(slow, lineterminator="\n")
    columns = to.columns(COLUMNS, money_cols)
    writer.writerow(columns)
    records = to.records((e.record() for e in sweep(grid)), money_cols)
    writer.writerows([cell(r[c]) for c in columns] for r in records)
    assert fast.getvalue() == slow.getvalue()
    for fmt in STREAMED:  # and each streamed format: the lines relaid out, as rendered
        fast = io.StringIO()
        assert stream_sweep(grid, fmt, money_cols, to, fast) == grid.size
        slow = io.StringIO()
        render(to.records((e.record() for e in sweep(grid)), money_cols), columns, fmt, slow)
        assert fast.getvalue() == slow.getvalue(), fmt


def test_from_usd_rounding() -> None:
    """Half up to the minor unit, a negative amount as its opposite."""
    assert from_usd(D("0.01"), "KRW", KRW) == D(14)  # 14.2197
    assert from_usd(D("0.05"), "KRW", D(10)) == D(1)  # 0.5 -> 1
    assert from_usd(D("-0.05"), "KRW", D(10)) == D(-1)
    assert from_usd(D("1.005"), "EUR", D(1)) == D("1.01")
    assert from_usd(5, "KRW", KRW) == D(7110)  # 7109.85


def test_with_currency_library() -> None:
    """with_currency takes a code or other_currency's answer; USD adds nothing."""
    records = [{"total_usd": D(1), "bonus_usd": D(2)}]
    assert with_currency(records, ("total_usd", "bonus_usd"), "USD", ["total_usd"]) == (
        records, ("total_usd", "bonus_usd"))  # fmt: skip
    to = other_currency("krw")
    assert to is not None and (to.code, to.rate, to.origin) == ("KRW", KRW, "sourced")
    out, cols = with_currency(records, ("total_usd", "bonus_usd"), to, ["total_usd"])
    assert cols == ("total_usd", "bonus_usd", "total_krw") and out[0]["total_krw"] == D(1422)
    assert other_currency(None) is None and other_currency("usd") is None
