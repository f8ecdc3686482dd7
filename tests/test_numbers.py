"""The one number grammar (`core/numbers.py`): what it accepts and refuses, in one table,
through the CLI where that is cheap and through the module otherwise; and every fix an
error suggests, run to see that it is accepted (issue 18, "Numbers a user can type back").
Numbers at the edges too: separators, leading zeros, minus zero, exponents.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import Run, examples, shell
from helpers import one_line, rows
from hypothesis import given, settings
from hypothesis import strategies as st

from dprk_ru.analysis.simulate import percentile_column
from dprk_ru.cli.uncertain import parse_correlations, parse_percentiles
from dprk_ru.core.money import fmt_human, fmt_plain
from dprk_ru.core.numbers import Amount, canonical, read
from dprk_ru.core.params import MONTHLY_PAY, STATE_SHARE, TROOPS
from dprk_ru.errors import InputError
from dprk_ru.inputs.distributions import parse_dist
from dprk_ru.inputs.grid import lookalike_note, parse_values
from dprk_ru.inputs.options import parse_count


@pytest.mark.parametrize(
    "number", ["1e99999999999999999999", "1e-99999999999999999999",
               "1.99999999999999999999999999999", "1e41"],
)  # fmt: skip
@pytest.mark.parametrize("key", ["foo", "note", "monthly_pay_usd"])
def test_floats_beyond_exact_decimals_are_refused(run: Run, tmp_path: Path, number: str,
                                                  key: str) -> None:  # fmt: skip
    """A float Decimal cannot hold (a traceback before) or would round without a word
    (29 nines after the point read as $2) is one line, exit 2, in any key."""
    f = tmp_path / "f.toml"
    where = f"{key} = {number}\n"
    f.write_text(f'name = "x"\n{where if key == "foo" else ""}[[contingents]]\ntroops = 1\n'
                 + (where if key != "foo" else ""))  # fmt: skip
    r = run("estimate", "-s", str(f))
    assert r.exit_code == 2 and r.stderr == (
        f"Error: --scenario: {f}: the number {number} has more than 28 significant digits or "
        "is beyond 1e40 either way; no value needs it\n"
    )


#: What the shell leaves of an unquoted `--monthly-pay $2000`, and what we say about it.
DOLLAR_HINT = (
    "Error: --monthly-pay: '000' has leading zeros; the shell turns an unquoted or "
    "double-quoted $2000 into 000 ($2 is a shell variable): write the amount without $, or "
    "quote money with single quotes\n"
)


@pytest.mark.parametrize("command", ["estimate", "sweep"])
def test_thousands_separator_refused(run: Run, command: str) -> None:
    """`--troops 10,000` is refused with a hint (sweep read it as the list 10 and 0)."""
    r = run(command, "--troops", "10,000", "-f", "csv")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == "Error: --troops: 10,000 looks like a thousands separator: write 10000\n"


def test_thousands_separator_with_cents_refused(run: Run) -> None:
    """A money list `1,000.50` would be 1 and 000.50: refused, with the amount to write."""
    r = run("sweep", "--monthly-pay", "1500,1,000.50", "-f", "csv")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == (
        "Error: --monthly-pay: 1,000.50 looks like a thousands separator: write 1000.50\n"
    )


def test_thousands_lookalike_list_is_read_as_a_list_and_said_once(run: Run) -> None:
    """`--troops 12,500` is the list 12 and 500 (legal), and stderr says so, once."""
    r = run("sweep", "--troops", "12,500", "--monthly-pay", "1500,2000", "-f", "csv")
    assert r.exit_code == 0
    assert r.stderr == (
        "Note: --troops 12,500 read as the list 12 and 500; write 12500 for one value\n"
    )
    got = [(x["troops"], x["monthly_pay_usd"], x["total_usd"]) for x in rows(r.stdout)]
    # 12 x 1500 x 12 + 12 x 2000 = 240,000; 12 x 2000 x 12 + 12 x 2000 = 312,000;
    # 500 x 1500 x 12 + 500 x 2000 = 10,000,000; 500 x 2000 x 12 + 500 x 2000 = 13,000,000
    assert got == [("12", "1500", "240000"), ("12", "2000", "312000"),
                   ("500", "1500", "10000000"), ("500", "2000", "13000000")]  # fmt: skip


def test_lookalike_note_text() -> None:
    """The note lists every value and the one number it may have meant; plain lists get none."""
    assert lookalike_note(MONTHLY_PAY, "1,500,250.5") == (
        "--monthly-pay 1,500,250.5 read as the list 1, 500 and 250.5; write 1500250.5 for one value"
    )
    assert lookalike_note(TROOPS, "1000,2000") is None
    assert lookalike_note(TROOPS, "5000:8000:1000") is None
    assert lookalike_note(TROOPS, "12, 500") is None  # a space: written as a list


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--monthly-pay", "000"], DOLLAR_HINT),
        (["--bonus", "00"], DOLLAR_HINT.replace("--monthly-pay", "--bonus")
         .replace("'000'", "'00'").replace("$2000 into 000", "$200 into 00")),
        (["--troops", "0500"], "Error: --troops: '0500' has a leading zero; write 500\n"),
        (["--troops", "000"], "Error: --troops: '000' has a leading zero; write 0\n"),
        (["--state-share", "00.5"], "Error: --state-share: '00.5' has a leading zero; write 0.5\n"),
        (["--monthly-pay", "-01"], "Error: --monthly-pay: '-01' has a leading zero; write -1\n"),
        (["--bonus", "000 RUB"],
         DOLLAR_HINT.replace("--monthly-pay", "--bonus")),
    ],
)  # fmt: skip
def test_leading_zeros_refused(run: Run, args: list[str], message: str) -> None:
    """A number with a superfluous leading zero is exit 2 with a hint, never read as 0."""
    r = run("estimate", *args, "-f", "csv")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == message


def test_unquoted_dollar_in_a_real_shell() -> None:
    """`--monthly-pay $2000` typed in bash reaches us as 000: refused with the quoting hint,
    and the single-quoted form is read as intended (2000 by default gives $260M)."""
    bad = shell("revenue estimate --monthly-pay $2000 -f csv")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr == DOLLAR_HINT
    good = shell("revenue estimate --monthly-pay '2000' -f csv")
    assert rows(good.stdout)[0]["total_usd"] == "260000000"


@pytest.mark.parametrize("text", ["0", "0.5", ".5", "0.00", "2000", "10"])
def test_plain_zeros_still_read(text: str) -> None:
    """`0`, `0.x` and `.x` are not leading zeros: they read as before."""
    assert MONTHLY_PAY.parse(text) == D(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("normal(000,500)", "--monthly-pay: '000' has leading zeros; the shell turns"),
        ("000 to 3000", "--monthly-pay: '000' has leading zeros"),
        ("uniform(1,000,2,000)", "--monthly-pay: 1,000 looks like a thousands separator"),
        ("1,500 to 2,500", "--monthly-pay: 1,500 looks like a thousands separator"),
    ],
)
def test_distributions_refuse_leading_zeros_and_separators(text: str, message: str) -> None:
    """Distribution arguments follow the same rules: `normal($2000,500)` in double quotes
    would otherwise be a mean of 0."""
    with pytest.raises(InputError) as e:
        parse_dist(text, "--monthly-pay", money=True)
    assert str(e.value).startswith(message)


@pytest.mark.parametrize(
    ("option", "text", "message"),
    [
        ("--troops", "1:10:01", "range '1:10:01': STEP: '01' has a leading zero; write 1"),
        ("--percentiles", "5,050", "--percentiles: '050' has a leading zero; write 50"),
        ("--rate", "RUB=083.3", "rate: '083.3' has a leading zero; write 83.3"),
    ],
)
def test_other_numbers_refuse_leading_zeros(option: str, text: str, message: str) -> None:
    """Range steps, percentiles and rates take no leading zeros either."""
    from dprk_ru.core.currency import parse_rates

    parsers: dict[str, Callable[[str], object]] = {
        "--troops": lambda t: parse_values(TROOPS, t),
        "--percentiles": parse_percentiles,
        "--rate": lambda t: parse_rates([t]),
    }
    parse = parsers[option]
    with pytest.raises(InputError, match=re.escape(message)):
        parse(text)


@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "--state-share", "-0"],
        ["estimate", "--state-share", "-0.0", "--monthly-pay", "-0"],
        ["sweep", "--state-share", "-0,1"],
        ["simulate", "--state-share", "-0", "--troops", "1 to 2", "-n", "10", "--seed", "1"],
    ],
)
def test_minus_zero_prints_as_zero(run: Run, args: list[str]) -> None:
    """`-0` is 0 in the output: no `-0` anywhere in the CSV."""
    r = run(*args, "-f", "csv")
    assert r.exit_code == 0
    first = rows(r.stdout)[0]
    assert first["state_share"] in ("0", "0.0")
    assert "-0" not in r.stdout
    assert STATE_SHARE.parse("-0") == 0 and not STATE_SHARE.parse("-0").is_signed()


def test_minus_zero_in_a_file_prints_as_zero(run: Run, tmp_path: Path) -> None:
    """`state_share = -0.0` in a scenario file shows as 0, and the totals are 0."""
    f = tmp_path / "z.toml"
    f.write_text('name = "z"\n[[contingents]]\ntroops = 10\nstate_share = -0.0\n')
    (row,) = rows(run("estimate", "-s", str(f), "-f", "csv").stdout)
    assert (row["state_share"], row["total_usd"]) == ("0", "0")


@pytest.mark.parametrize(
    ("q", "column"),
    [(1e-7, "p0_0000001_usd"), (2.5, "p2_5_usd"), (5.0, "p5_usd"), (100.0, "p100_usd"),
     (0.0, "p0_usd"), (99.99999999, "p99_99999999_usd"), (12.3, "p12_3_usd")],
)  # fmt: skip
def test_percentile_columns_never_use_exponents(q: float, column: str) -> None:
    """Percentile columns are plain decimals with `_` for the point."""
    assert percentile_column(q) == column


@given(st.floats(min_value=0, max_value=100))
def test_percentile_column_reads_back(q: float) -> None:
    """For any percentile, the column is digits only and names exactly that percentile."""
    column = percentile_column(q)
    m = re.fullmatch(r"p([0-9]+)(?:_([0-9]+))?_usd", column)
    assert m is not None
    assert float(f"{m.group(1)}.{m.group(2) or 0}") == q


def test_tiny_percentile_on_the_command_line(run: Run) -> None:
    """`--percentiles 0.0000001` names its column p0_0000001_usd."""
    r = run("simulate", "--troops", "1 to 2", "-n", "10", "--seed", "1",
            "--percentiles", "0.0000001", "-f", "csv")  # fmt: skip
    assert r.exit_code == 0
    assert "p0_0000001_usd" in rows(r.stdout)[0]


@pytest.mark.parametrize("rho", ["٠.٥", "0.5e0", "1_0", "0x1", " ", "nan", "０.５"])
def test_correlate_takes_ascii_numbers_only(rho: str) -> None:
    """RHO is a plain ASCII decimal, like every other number here."""
    with pytest.raises(InputError, match="--correlate: expected NAME:NAME=RHO"):
        parse_correlations([f"troops:monthly_pay={rho}"])


def test_correlate_plain_values() -> None:
    """Plain decimals still read: .5, -0.25, +1."""
    got = parse_correlations(["troops:monthly_pay=.5", "troops:bonus=-0.25", "months:bonus=+1"])
    assert got == {("monthly_pay_usd", "troops"): 0.5, ("bonus_usd", "troops"): -0.25,
                   ("bonus_usd", "months"): 1.0}  # fmt: skip


def test_correlate_arabic_digits_on_the_command_line(run: Run) -> None:
    """`--correlate a:b=٠.٥` exits 2 naming --correlate."""
    r = run("simulate", "--troops", "1 to 2", "--monthly-pay", "1 to 2", "-n", "10",
            "--correlate", "troops:monthly_pay=٠.٥")  # fmt: skip
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("Error: --correlate: expected NAME:NAME=RHO")


@pytest.mark.parametrize(
    ("args", "option", "value"),
    [
        (["simulate", "--troops", "1 to 2", "--samples", "1_000"], "--samples", "1_000"),
        (["simulate", "--troops", "1 to 2", "-n", "١٠٠٠"], "--samples", "١٠٠٠"),
        (["simulate", "--troops", "1 to 2", "-n", "1000.0"], "--samples", "1000.0"),
        (["simulate", "--troops", "1 to 2", "-n", "0"], "--samples", "0"),
        (["simulate", "--troops", "1 to 2", "-n", "10000001"], "--samples", "10000001"),
        (["simulate", "--troops", "1 to 2", "--seed", "1_0"], "--seed", "1_0"),
        (["sweep", "--max-rows", "1_0"], "--max-rows", "1_0"),
    ],
)
def test_whole_number_options_refuse_underscores(run: Run, args: list[str], option: str,
                                                 value: str) -> None:  # fmt: skip
    """Typer's int takes `1_000` and `1000.0`; ours take the number grammar's whole numbers
    (ASCII digits, `+5` included) in range only."""
    r = run(*args, "-f", "csv")
    assert r.exit_code == 2 and r.stdout == ""
    line = one_line(r.stderr)
    assert line.startswith(f"Error: {option}: expected a whole number") and f"got '{value}'" in line


def test_whole_number_options_still_read(run: Run) -> None:
    """Plain digits work: 1000 samples, seed 0, the seed printed back."""
    r = run("simulate", "--troops", "1 to 2", "-n", "1000", "--seed", "0", "-f", "csv")
    assert r.exit_code == 0
    row = rows(r.stdout)[0]
    assert (row["samples"], row["seed"]) == ("1000", "0")


def test_parse_count() -> None:
    """parse_count: digits in range, else an error naming the option and the range."""
    assert parse_count(" 42 ", "--samples", 1, 100) == 42
    with pytest.raises(InputError, match=r"--samples: '042' has a leading zero; write 42"):
        parse_count("042", "--samples", 1, 100)
    with pytest.raises(InputError, match=r"expected a whole number from 1 to 100, got '101'"):
        parse_count("101", "--samples", 1, 100)
    with pytest.raises(InputError, match=r"expected a whole number of at least 1, got '0'"):
        parse_count("0", "--max-rows", 1)


#: (text, keyword arguments of ``read``, the amount read)
ACCEPTED = [
    ("2000", {}, Amount(D(2000))),
    ("1999.99", {}, Amount(D("1999.99"))),
    ("2000.", {}, Amount(D(2000))),
    (".5", {}, Amount(D("0.5"))),
    ("+5000", {}, Amount(D(5000))),
    ("-0.4", {}, Amount(D("-0.4"))),
    ("-0", {}, Amount(D(0))),
    ("  7 ", {}, Amount(D(7))),
    ("0", {"integer": True}, Amount(D(0))),
    ("$2000", {"money": True}, Amount(D(2000))),
    ("+$.5", {"money": True}, Amount(D("0.5"))),
    ("150000 RUB", {"money": True}, Amount(D(150000), "RUB")),
    (".5 krw", {"money": True}, Amount(D("0.5"), "KRW")),
    ("2000 USD", {"money": True}, Amount(D(2000), "USD")),
    ("2.6B", {"money": True, "figure": True}, Amount(D(2600000000))),
    ("$260M", {"money": True, "figure": True}, Amount(D(260000000))),
    (".5k", {"money": True, "figure": True}, Amount(D(500))),
    ("$2,600,000,000", {"money": True, "figure": True}, Amount(D(2600000000))),
    ("1.00000000001B", {"money": True, "figure": True}, Amount(D("1000000000.01"))),
]


#: (text, keyword arguments, the error): ``where`` is --x, what is expected "N".
REFUSED = [
    ("10,000", {}, "--x: 10,000 looks like a thousands separator: write 10000"),
    ("1,000.50", {"money": True}, "--x: 1,000.50 looks like a thousands separator: write 1000.50"),
    ("0,000", {}, "--x: 0,000 looks like a thousands separator: write 0"),
    ("0500", {}, "--x: '0500' has a leading zero; write 500"),
    ("00.5", {}, "--x: '00.5' has a leading zero; write 0.5"),
    ("-01", {}, "--x: '-01' has a leading zero; write -1"),
    ("-000", {}, "--x: '-000' has a leading zero; write 0"),
    ("0260M", {"money": True, "figure": True}, "--x: '0260M' has a leading zero; write 260M"),
    (
        "000",
        {"money": True},
        "--x: '000' has leading zeros; the shell turns an unquoted or "
        "double-quoted $2000 into 000 ($2 is a shell variable): write the amount without $, or "
        "quote money with single quotes",
    ),
    ("10k", {}, "--x: '10k': k, M and B are for target only; write 10000"),
    ("$1.5M", {"money": True}, "--x: '$1.5M': k, M and B are for target only; write $1500000"),
    ("$5000", {}, "--x: '$5000': $ is for amounts in USD; write 5000"),
    ("$5 RUB", {"money": True}, "--x: '$5 RUB' has both $ and a currency code; write 5 RUB"),
    (
        "5000-20000",
        {"dash": "write {a}:{b}:{step}"},
        "--x: '5000-20000' is not a number; write 5000:20000:1000",
    ),
    (
        "0.5 - 1",
        {"dash": "write {a}:{b}:{step}"},
        "--x: '0.5 - 1' is not a number; write 0.5:1:0.1",
    ),
    (
        "8000 to 14000",
        {"dash": "write {a}:{b}:{step}"},
        "--x: '8000 to 14000' is not a number; write 8000:14000:1000",
    ),
    (
        "pert(1, 2, 4)",
        {"dash": "x"},
        "--x: 'pert(1, 2, 4)' is a distribution; give one value "
        "here (simulate, sensitivity and report take distributions)",
    ),
    ("5 RUB", {}, "--x: expected N, got '5 RUB'"),
    ("2000.5", {"integer": True}, "--x: expected N, got '2000.5'"),
    ("1e3", {}, "--x: expected N, got '1e3'"),
    ("1E-7", {}, "--x: expected N, got '1E-7'"),
    ("nan", {}, "--x: expected N, got 'nan'"),
    ("inf", {}, "--x: expected N, got 'inf'"),
    ("-Infinity", {}, "--x: expected N, got '-Infinity'"),
    ("1_000", {}, "--x: expected N, got '1_000'"),
    ("٣", {}, "--x: expected N, got '٣'"),
    ("１０", {}, "--x: expected N, got '１０'"),
    ("0x10", {}, "--x: expected N, got '0x10'"),
    ("", {}, "--x: expected N, got ''"),
    ("+-5", {}, "--x: expected N, got '+-5'"),
    ("$-5", {"money": True}, "--x: expected N, got '$-5'"),
    ("5 RUBLE", {"money": True}, "--x: expected N, got '5 RUBLE'"),
    ("1" * 41, {}, f"--x: expected N, got '{'1' * 41}'"),
]


#: (arguments, column, value in the first CSV row)
CLI_ACCEPTED = [
    (["estimate", "--monthly-pay", ".5"], "monthly_pay_usd", "0.50"),
    (["estimate", "--monthly-pay", "+2000"], "monthly_pay_usd", "2000"),
    (["estimate", "--monthly-pay", "$2000"], "total_usd", "260000000"),
    (["estimate", "--monthly-pay", "166600 RUB"], "monthly_pay_usd", "2000"),
    (["estimate", "--bonus", "1 RUB", "--rate", "RUB=.5"], "bonus_usd", "2"),
    (["estimate", "--bonus", "1 RUB", "--rate", "RUB=+0.5"], "bonus_usd", "2"),
    (["estimate", "--troops", "+5000"], "troops", "5000"),
    (["estimate", "--state-share", ".5"], "state_share", "0.5"),
    (["sweep", "--state-share", ".5:1:.5"], "state_share", "0.5"),
    (["sweep", "--monthly-pay", "$1500,$2000"], "monthly_pay_usd", "1500"),
    (["solve", "--for", "troops", "--target", "$2.6B"], "troops", "100000"),
    (["solve", "--for", "troops", "--target", "+2,600,000,000"], "troops", "100000"),
    (["simulate", "-n", "+10", "--seed", "1", "--troops", "+5000 to 10000"], "samples", "10"),
    (["simulate", "-n", "10", "--seed", "1", "--monthly-pay", "$1500 to $2500"], "samples", "10"),
    (
        ["simulate", "-n", "10", "--seed", "1", "--troops", "1 to 2", "--percentiles", ".5,+50"],
        "p0_5_usd",
        "26000",
    ),
    (
        [
            "simulate",
            "-n",
            "10",
            "--seed",
            "1",
            "--troops",
            "1 to 2",
            "--monthly-pay",
            "1 to 2",
            "--correlate",
            "troops:monthly_pay=+.5",
        ],
        "samples",
        "10",
    ),
]


#: (arguments, the one line on stderr after "Error: "); ``fixed`` finds the fix in it
CLI_REFUSED: list[tuple[list[str], str]] = [
    (
        ["estimate", "--troops", "10,000"],
        "--troops: 10,000 looks like a thousands separator: write 10000",
    ),
    (["estimate", "--troops", "0500"], "--troops: '0500' has a leading zero; write 500"),
    (["estimate", "--state-share", "00.5"], "--state-share: '00.5' has a leading zero; write 0.5"),
    (
        ["estimate", "--troops", "10k"],
        "--troops: '10k': k, M and B are for --target only; write 10000",
    ),
    (["estimate", "--troops", "$5000"], "--troops: '$5000': $ is for amounts in USD; write 5000"),
    (
        ["estimate", "--monthly-pay", "$166600 RUB"],
        "--monthly-pay: '$166600 RUB' has both $ and a currency code; write 166600 RUB",
    ),
    (
        ["estimate", "--rate", "KRW=1,390"],
        "--rate: 1,390 looks like a thousands separator: write 1390",
    ),
    (["estimate", "--rate", "RUB=083.3"], "--rate: '083.3' has a leading zero; write 83.3"),
    (
        ["estimate", "--rate", "USD=2"],
        "--rate: 'USD=2': USD is the unit rates are counted in (1 USD per USD); give the rate of "
        "another currency, e.g. RUB=87.0",
    ),
    (
        ["sweep", "--troops", "5000-20000"],
        "--troops: '5000-20000' is not a number; write a range as START:STOP:STEP, e.g. "
        "5000:20000:1000",
    ),
    (
        ["sweep", "--troops", "1:10:01"],
        "--troops: range '1:10:01': STEP: '01' has a leading zero; write 1",
    ),
    (["sweep", "--troops", "0,000"], "--troops: 0,000 looks like a thousands separator: write 0"),
    (
        ["simulate", "-n", "10", "--troops", "5000-20000"],
        "--troops: '5000-20000' is not a number; write '5000 to 20000' for a 90% range",
    ),
    (
        ["simulate", "-n", "10", "--troops", "8000", "to", "14000"],
        "--troops: '8000 to 14000' reached us as three arguments; quote a distribution: --troops "
        "'8000 to 14000'",
    ),
    (
        ["simulate", "-n", "10", "--monthly-pay", "150000 to 200000 RUB"],
        "--monthly-pay: '150000 to 200000 RUB' gives a currency code on one end only; write "
        "'150000 RUB to 200000 RUB'",
    ),
    (
        ["simulate", "-n", "10", "--monthly-pay", "1,500 to 2,500"],
        "--monthly-pay: 1,500 looks like a thousands separator: write 1500",
    ),
    (
        ["simulate", "-n", "10", "--monthly-pay", "normal(02000,500)"],
        "--monthly-pay: '02000' has a leading zero; write 2000",
    ),
    (
        ["simulate", "-n", "10", "--troops", "1 to 2", "--percentiles", "5,050"],
        "--percentiles: '050' has a leading zero; write 50",
    ),
    (
        [
            "simulate",
            "-n",
            "10",
            "--troops",
            "1 to 2",
            "--monthly-pay",
            "1 to 2",
            "--correlate",
            "troops:monthly_pay=00.5",
        ],
        "--correlate: '00.5' has a leading zero; write 0.5",
    ),
    (
        ["simulate", "-n", "0100", "--troops", "1 to 2"],
        "--samples: '0100' has a leading zero; write 100",
    ),
    (
        ["solve", "--for", "troops", "--target", "0260M"],
        "--target: '0260M' has a leading zero; write 260M",
    ),
]


def fixed(args: list[str], line: str) -> list[str]:
    """``args`` with the fix ``line`` suggests put in place of what it refuses."""
    if m := re.search(r"quote a distribution: (.*)$", line):
        option, value = shlex.split(m.group(1))
        i = args.index(option)
        return [*args[:i], option, value, *args[i + 4 :]]
    fix = re.search(
        r"(?:write|e\.g\.) (?:a range as START:STOP:STEP, e\.g\. )?('[^']*'|\S+(?: RUB)?)", line
    )
    assert fix is not None, line
    wrong = re.search(r": '([^']*)'|: (\S+) looks like", line)
    assert wrong is not None, line
    bad, good = wrong.group(1) or wrong.group(2), fix.group(1).strip("'")
    out = [a.replace(bad, good) if bad in a else a for a in args]
    assert out != args, (bad, args)
    return out


BASE = 'name = "x"\n[[contingents]]\n'


@pytest.mark.parametrize(("text", "kwargs", "amount"), ACCEPTED)
def test_grammar_accepts(text: str, kwargs: dict[str, bool], amount: Amount) -> None:
    got = read(text, "--x", "N", **kwargs)  # type: ignore[arg-type]
    assert got == amount and str(got.value) == str(amount.value)


@pytest.mark.parametrize(("text", "kwargs", "message"), REFUSED)
def test_grammar_refuses(text: str, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(InputError) as e:
        read(text, "--x", "N", **kwargs)  # type: ignore[arg-type]
    assert str(e.value) == message


@pytest.mark.parametrize(("text", "kwargs", "message"), REFUSED)
def test_every_fix_the_grammar_suggests_is_read(
    text: str, kwargs: dict[str, str], message: str
) -> None:
    """A fix ("write 500") is itself a number of the grammar, read in the same place."""
    fix = re.search(r"; write (\S+(?: RUB)?)$|: write (\S+)$", message)
    if fix is None or ":" in (fix.group(1) or fix.group(2) or ""):
        return  # no fix, or a range (run through the CLI below)
    read(fix.group(1) or fix.group(2), "--x", "N", **kwargs)  # type: ignore[arg-type]


@settings(max_examples=examples(200))
@given(st.decimals(min_value=-(10**15), max_value=10**15, places=6, allow_nan=False))
def test_what_we_print_reads_back(value: D) -> None:
    """Every number the tool writes plainly (CSV cells, solve's answer, fixes) is read back
    as the same number; with commas (tables), as a target."""
    assert read(fmt_plain(value), "--x", "N").value == value
    if value >= 0:
        assert read(fmt_human(value), "--x", "N", money=True, figure=True).value == value


def test_canonical() -> None:
    assert [canonical(t) for t in ("10,000", "0,600", "00.5", "-000", "+7", "$0200", ".5")] == [
        "10000",
        "600",
        "0.5",
        "0",
        "7",
        "$200",
        "0.5",
    ]


@pytest.mark.parametrize(("args", "column", "value"), CLI_ACCEPTED)
def test_cli_accepts(run: Run, args: list[str], column: str, value: str) -> None:
    r = run(*args, "-f", "csv")
    assert r.exit_code == 0, r.stderr
    assert rows(r.stdout)[0][column] == value


def test_constants_are_shown_plain(run: Run) -> None:
    """A constant given as `'$2000'` or `+5` shows as the number it is (CSV carries no
    currency signs); an amount with a code as it was written."""
    r = run(
        "simulate",
        "-n",
        "10",
        "--monthly-pay",
        "$2000",
        "--troops",
        "+5",
        "--bonus",
        "166600 RUB",
        "-f",
        "csv",
    )
    row = rows(r.stdout)[0]
    assert (row["monthly_pay_usd"], row["troops"], row["bonus_usd"]) == ("2000", "5", "166600 RUB")


def test_amounts_with_a_code_inside_distributions(run: Run) -> None:
    """`150000 RUB to 200000 RUB` is `1800.72 to 2400.96` (83.3 roubles a dollar, to the
    cent): the same draws, the same percentiles."""
    args = ["simulate", "-n", "1000", "--seed", "7", "-f", "csv", "--monthly-pay"]
    rub = rows(run(*args, "150000 RUB to 200000 RUB").stdout)[0]
    usd = rows(run(*args, "1800.72 to 2400.96").stdout)[0]
    assert rub["p5_usd"] == usd["p5_usd"] and rub["p95_usd"] == usd["p95_usd"]
    tri = run(*args, "triangular(150000 RUB, 170000 RUB, 200000 RUB)")
    assert tri.exit_code == 0, tri.stderr


@pytest.mark.parametrize(("args", "line"), CLI_REFUSED)
def test_cli_refuses_with_the_fix_and_the_fix_runs(run: Run, args: list[str], line: str) -> None:
    """One line on stderr naming the option and the fix, exit 2; the fix, run, is accepted
    (a value with two mistakes leads to the second, whose fix is then accepted)."""
    r = run(*args, "-f", "csv")
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", f"Error: {line}\n")
    for _ in range(3):
        args = fixed(args, r.stderr.removeprefix("Error: ").strip())
        r = run(*args, "-f", "csv")
        if r.exit_code == 0:
            break
        assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert r.exit_code == 0, (args, r.stderr)


def test_a_range_given_where_one_value_is_read_points_to_both_commands(run: Run) -> None:
    """`estimate --troops 5000-20000` names sweep's and simulate's forms; each runs."""
    r = run("estimate", "--troops", "5000-20000")
    assert r.exit_code == 2 and r.stderr == (
        "Error: --troops: '5000-20000' is not a number; give one value here; a range is "
        "START:STOP:STEP in sweep (5000:20000:1000) and '5000 to 20000' (quoted) in simulate\n"
    )
    assert run("sweep", "--troops", "5000:20000:1000", "-f", "csv").exit_code == 0
    assert run("simulate", "-n", "10", "--troops", "5000 to 20000", "-f", "csv").exit_code == 0


def test_an_unquoted_distribution_after_an_equals_sign(run: Run) -> None:
    r = run("simulate", "-n", "10", "--troops=8000", "to", "14000")
    assert r.exit_code == 2 and r.stderr == (
        "Error: --troops: '8000 to 14000' reached us as three arguments; quote a distribution: "
        "--troops '8000 to 14000'\n"
    )


def test_an_unquoted_distribution_in_estimate_leads_to_simulate(run: Run) -> None:
    """Quoted as the hint says, `estimate` says it takes one value, and where ranges and
    distributions go; `pert(...)` likewise."""
    r = run("estimate", "--troops", "8000", "to", "14000")
    assert r.exit_code == 2 and "quote a distribution: --troops '8000 to 14000'" in r.stderr
    r = run("estimate", "--troops", "8000 to 14000")
    assert r.exit_code == 2 and r.stderr == (
        "Error: --troops: '8000 to 14000' is not a number; give one value here; a range is "
        "START:STOP:STEP in sweep (8000:14000:1000) and '8000 to 14000' (quoted) in simulate\n"
    )
    r = run("estimate", "--troops", "pert(8000,10000,14000)")
    assert r.exit_code == 2 and r.stderr == (
        "Error: --troops: 'pert(8000,10000,14000)' is a distribution; give one value here "
        "(simulate, sensitivity and report take distributions)\n"
    )
    assert run("simulate", "-n", "10", "--troops", "pert(8000,10000,14000)").exit_code == 0


def test_lookalike_note_fix_runs(run: Run) -> None:
    """`--killed 0,600` is the list 0 and 600 (said once); the one value it suggests, 600,
    is read without a note (it once suggested 0600, refused for its leading zero)."""
    r = run("sweep", "--killed", "0,600", "-f", "csv")
    assert r.exit_code == 0
    assert r.stderr == "Note: --killed 0,600 read as the list 0 and 600; write 600 for one value\n"
    r = run("sweep", "--killed", "600", "-f", "csv")
    assert (r.exit_code, r.stderr) == (0, "")


def test_dollar_amounts_in_a_real_shell() -> None:
    """`'$2000'` in single quotes is 2000; unquoted, bash leaves 000, refused with the
    quoting fix, which then runs."""
    bad = shell("revenue estimate --monthly-pay $2000 -f csv")
    assert bad.returncode == 2 and "quote money with single quotes" in bad.stderr
    good = shell("revenue estimate --monthly-pay '$2000' -f csv")
    assert good.returncode == 0 and rows(good.stdout)[0]["total_usd"] == "260000000"


def test_solve_answer_pastes_back(run: Run) -> None:
    """The answer line is an option as typed (`--monthly-pay 3050.64`): pasted into
    `estimate`, it reaches the target, and one cent less does not."""
    r = run(
        "solve",
        "-s",
        "deployments-2024-2025",
        "--for",
        "monthly-pay",
        "--target",
        "500M",
        "-f",
        "table",
    )
    assert r.exit_code == 0
    first = r.stdout.splitlines()[0]
    assert first == "--monthly-pay 3050.64 reaches $500,000,000"
    option, value = first.split()[:2]

    def total(v: str) -> D:
        e = run("estimate", "-s", "deployments-2024-2025", option, v, "-f", "csv")
        assert e.exit_code == 0, e.stderr
        return D(rows(e.stdout)[-1]["total_usd"])

    assert total(value) >= 500_000_000 > total(str(D(value) - D("0.01")))


@pytest.mark.parametrize(
    ("body", "line", "fix"),
    [
        (
            'troops = "10,000"',
            "x.toml: contingents[0].troops: 10,000 looks like a thousands separator: write 10000",
            'troops = "10000"',
        ),
        (
            'troops = "0500"',
            "x.toml: contingents[0].troops: '0500' has a leading zero; write 500",
            'troops = "500"',
        ),
        (
            'monthly_pay_usd = "1,500 to 2,500"',
            "x.toml: contingents[0].monthly_pay_usd: 1,500 "
            "looks like a thousands separator: write 1500",
            'monthly_pay_usd = "1500"',
        ),
        (
            'monthly_pay_usd = "1500-2500"',
            "x.toml: contingents[0].monthly_pay_usd: '1500-2500' "
            "is not a number; write '1500 to 2500' for a 90% range",
            'monthly_pay_usd = "1500"',
        ),
        (
            "start = 2025-09-01",
            "x.toml: contingents[0].start: 2025-09-01 is a TOML date; write "
            'the month as a string: start = "2025-09"',
            'start = "2025-09"',
        ),
        (
            'start = "2024-11"\nend = 2025-03-31',
            "x.toml: contingents[0].end: 2025-03-31 is a TOML "
            'date; write the month as a string: end = "2025-03"',
            'start = "2024-11"\nend = "2025-03"',
        ),
    ],
)
def test_file_strings_refused_with_the_fix(
    run: Run, tmp_path: Path, body: str, line: str, fix: str
) -> None:
    """A number in a TOML string is read as an option's; the fix in the message runs."""
    path = tmp_path / "x.toml"
    path.write_text(BASE + body + "\n")
    r = run("estimate", "-s", str(path), "-f", "csv")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == f"Error: --scenario: {line.replace('x.toml', str(path))}\n"
    path.write_text(BASE + fix + "\n")
    r = run("estimate", "-s", str(path), "-f", "csv")
    assert r.exit_code == 0, r.stderr


def test_file_strings_accepted(run: Run, tmp_path: Path) -> None:
    """`"+10000"`, `"$2000"`, `".5"` and `"166600 RUB"` in a file read as the options do;
    a distribution with codes reads in simulate at the file's own rate."""
    path = tmp_path / "x.toml"
    path.write_text(
        'name = "x"\nrates = { RUB = 100 }\n[[contingents]]\ntroops = "+10000"\n'
        'monthly_pay_usd = "$2000"\nstate_share = ".5"\nbonus_usd = "200000 RUB"\n'
    )
    r = run("estimate", "-s", str(path), "-f", "csv")
    assert r.exit_code == 0, r.stderr
    row = rows(r.stdout)[0]
    assert (row["troops"], row["monthly_pay_usd"], row["state_share"], row["bonus_usd"]) == (
        "10000",
        "2000",
        "0.5",
        "2000",
    )
    path.write_text(
        'name = "x"\nrates = { RUB = 100 }\n[[contingents]]\n'
        'monthly_pay_usd = "150000 RUB to 200000 RUB"\n'
    )
    args = ["simulate", "-n", "1000", "--seed", "3", "-f", "csv"]
    got = rows(run(*args, "-s", str(path)).stdout)[0]
    want = rows(run(*args, "--monthly-pay", "1500 to 2000").stdout)[0]
    assert (got["p5_usd"], got["p95_usd"]) == (want["p5_usd"], want["p95_usd"])
    # estimate takes it at its median, sqrt(1500 x 2000) = 1732.05
    r = run("estimate", "-s", str(path), "-f", "csv")
    assert r.exit_code == 0 and rows(r.stdout)[0]["monthly_pay_usd"] == "1732.05"


@pytest.mark.parametrize(
    ("names", "line"),
    [
        (
            ["a", "b", "a"],
            "contingents[0] and contingents[2] are both named 'a'; give each "
            "contingent its own name",
        ),
        (
            ["total"],
            "contingents[0].name: 'total' is reserved for the total row; give the "
            "contingent another name",
        ),
    ],
)
def test_contingent_names_distinct(run: Run, tmp_path: Path, names: list[str], line: str) -> None:
    path = tmp_path / "x.toml"
    path.write_text('name = "x"\n' + "".join(f'[[contingents]]\nname = "{n}"\n' for n in names))
    r = run("estimate", "-s", str(path), "-f", "csv")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr == f"Error: --scenario: {path}: {line}\n"


def test_as_of_date_refused_with_the_fix(run: Run, tmp_path: Path) -> None:
    """A scenario's `as_of` written as a TOML date is refused the same way, and the fix runs."""
    path = tmp_path / "x.toml"
    path.write_text('name = "x"\nas_of = 2025-12-01\n[[contingents]]\ntroops = 1\n')
    r = run("estimate", "-s", str(path), "-f", "csv")
    assert r.exit_code == 2 and r.stderr == (
        f"Error: --scenario: {path}: as_of: 2025-12-01 is a TOML date; write the month as a "
        'string: as_of = "2025-12"\n'
    )
    path.write_text('name = "x"\nas_of = "2025-12"\n[[contingents]]\ntroops = 1\n')
    assert run("estimate", "-s", str(path), "-f", "csv").exit_code == 0


def test_max_rows_fix_runs(run: Run) -> None:
    """The limit `sweep` suggests raising `--max-rows` to is a count it takes."""
    args = ["sweep", "--troops", "1000:12000:1000", "--monthly-pay", "1000,2000", "-f", "csv"]
    r = run(*args, "--max-rows", "+2")
    assert r.exit_code == 2 and r.stderr.endswith("; raise it with --max-rows 24\n")
    r = run(*args, "--max-rows", "24")
    assert r.exit_code == 0 and len(rows(r.stdout)) == 24
