"""Numbers and files at the edges: what a user's text turns into, or why it is refused.

Each test here pins an input that was once read silently wrong or refused for the wrong
reason (issue 12): thousands separators, leading zeros left by the shell's `$` expansion,
signed zeros, exponents in column names, non-ASCII digits, tiny rates, byte-order marks.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import Run, shell
from hypothesis import given
from hypothesis import strategies as st

from dprk_ru.analysis.simulate import percentile_column
from dprk_ru.cli.uncertain import parse_correlations, parse_percentiles
from dprk_ru.core.params import MONTHLY_PAY, STATE_SHARE, TROOPS
from dprk_ru.errors import InputError
from dprk_ru.inputs.distributions import parse_dist
from dprk_ru.inputs.grid import lookalike_note, parse_values
from dprk_ru.inputs.options import parse_count
from dprk_ru.scenarios.contingent import Contingent
from dprk_ru.scenarios.scenario import Scenario, SourceRef, parse_scenario, to_toml

#: What the shell leaves of an unquoted `--monthly-pay $2000`, and what we say about it.
DOLLAR_HINT = (
    "Error: --monthly-pay: '000' has leading zeros; the shell turns an unquoted or "
    "double-quoted $2000 into 000 ($2 is a shell variable): write the amount without $, or "
    "quote money with single quotes\n"
)


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def one_line(stderr: str) -> str:
    """An error as one line of words, whether Typer boxed and wrapped it or not."""
    return " ".join(stderr.replace("│", " ").split())


# --- thousands separators and leading zeros ----------------------------------------------


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


# --- signed zero ---------------------------------------------------------------------------


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


# --- percentiles, correlations, whole-number options ----------------------------------------


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


# --- published, rates, TOML files -----------------------------------------------------------


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


def test_byte_order_mark_is_ignored(run: Run, tmp_path: Path) -> None:
    """A UTF-8 file that starts with a byte-order mark reads like one without."""
    f = tmp_path / "bom.toml"
    f.write_bytes(b'\xef\xbb\xbfname = "bom"\n[[contingents]]\ntroops = 1\n')
    r = run("estimate", "-s", str(f), "-f", "csv")
    assert r.exit_code == 0, r.stderr
    assert rows(r.stdout)[0]["total_usd"] == "26000"  # 1 x 2000 x 12 + 2000


def test_to_toml_escapes_delete_and_control_characters() -> None:
    """U+007F and the other control characters are written as escapes TOML reads back."""
    s = Scenario(name='a\x7fb\x1b[31m"\\', contingents=(Contingent(troops=1, note="x\ny\tz"),))
    text = to_toml(s)
    assert 'name = "a\\u007Fb\\u001B[31m\\"\\\\"' in text
    assert 'note = "x\\ny\\tz"' in text
    assert parse_scenario(text, "shown") == s


names = st.text(min_size=1, max_size=100)
notes = st.none() | st.text(min_size=1, max_size=200)


def _distinct_names(names: list[str | None]) -> bool:
    """Contingent names a scenario takes: each its own, and none "total" (the total row)."""
    given = [n for n in names if n is not None]
    return len(set(given)) == len(given) and "total" not in given


@given(
    name=names,
    description=st.none() | st.text(min_size=1, max_size=300),
    contingent_names=st.lists(st.none() | st.text(min_size=1, max_size=200), min_size=1,
                              max_size=3).filter(_distinct_names),
    note=notes,
    title=st.text(max_size=100),
)  # fmt: skip
def test_to_toml_round_trips_any_text(
    name: str, description: str | None, contingent_names: list[str | None], note: str | None,
    title: str,
) -> None:  # fmt: skip
    """Whatever text a scenario's names and notes hold, `scenarios show` writes TOML that
    reads back to the same scenario."""
    s = Scenario(
        name=name,
        description=description,
        sources=(SourceRef(title=title, quote=note),),
        contingents=tuple(Contingent(name=n, note=note) for n in contingent_names),
    )
    text = to_toml(s)
    tomllib.loads(text)  # valid TOML
    assert parse_scenario(text, "shown") == s


@pytest.mark.parametrize("command", ["estimate", "simulate", "sensitivity"])
def test_empty_scenario_option(run: Run, command: str) -> None:
    """`--scenario ''` says it is empty, not that '.' is a directory."""
    r = run(command, "--scenario", "")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("Error: --scenario: empty; ")
    assert len(r.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"\n[[contingents]]\ntroop = 1\n',
         "contingents[0]: unknown field 'troop'; did you mean 'troops'?"),
        ('nme = "x"\n[[contingents]]\n',
         "name: Field required; unknown field 'nme'; did you mean 'name'?"),
        ('name = "x"\n[[contingents]]\n[[sources]]\ntitle = "t"\nurls = "u"\n',
         "sources[0]: unknown field 'urls'; did you mean 'url'?"),
        ('name = "x"\n[[contingents]]\nzzz = 1\n', "contingents[0]: unknown field 'zzz'"),
    ],
)  # fmt: skip
def test_unknown_key_message(text: str, message: str) -> None:
    """An unknown key is named with its path and the closest known field, and pydantic's
    "Tuple should have at least 1 item" echo of the failed contingent is left out."""
    with pytest.raises(InputError) as e:
        parse_scenario(text, "f.toml")
    assert str(e.value) == f"f.toml: {message}"


# --- --samples-out names itself -------------------------------------------------------------


@pytest.mark.parametrize("target", ["missing/samples.csv", "folder"])
def test_samples_out_errors_name_samples_out(run: Run, tmp_path: Path, target: str) -> None:
    """A --samples-out path that cannot be written is an error naming --samples-out."""
    (tmp_path / "folder").mkdir()
    r = run("simulate", "--troops", "1 to 2", "-n", "10", "--seed", "1",
            "--samples-out", str(tmp_path / target), "-f", "csv")  # fmt: skip
    assert r.exit_code in (1, 2)
    line = one_line(r.stderr)
    assert "--samples-out" in line and "--output" not in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]
