"""Inputs an attack found (issue 19), each with the behaviour wanted."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import Run


def test_sampled_months_clipped_to_what_the_option_takes(run: Run) -> None:
    """normal(0,1) months are clipped to 0.01, the least --months takes (not 0, which it
    refuses), and counted as clipped."""
    r = run("simulate", "--months", "normal(0,1)", "-n", "1000", "--seed", "1", "-f", "csv")
    (row,) = list(csv.DictReader(io.StringIO(r.stdout)))
    assert int(row["clipped"]) > 400
    # the lowest total: 10,000 x $2,000 x 0.01 month + $20M of bonuses
    from decimal import Decimal

    from dprk_ru.core.formula import evaluate
    from dprk_ru.core.params import inputs

    least = evaluate(inputs({"months": Decimal("0.01")})).total_usd
    assert Decimal(row["p5_usd"]) == least == 20_200_000


def test_chart_folder_replaces_only_charts(run: Run, tmp_path: Path) -> None:
    """A folder named like a chart inside the brief's folder is not the tool's: exit 1
    naming it, and nothing in it is deleted."""
    folder = tmp_path / "v_files" / "histogram.svg"
    folder.mkdir(parents=True)
    (folder / "thesis.docx").write_text("keep")
    r = run("report", "-o", str(tmp_path / "v.md"))
    assert r.exit_code == 1 and "histogram.svg" in r.stderr
    assert (folder / "thesis.docx").read_text() == "keep"
    assert not (tmp_path / "v.md").exists()


def test_text_options_must_be_utf8_and_paths_show_their_bytes() -> None:
    """Non-UTF-8 bytes in --title or --date are one line naming the option and the bytes
    (no traceback from the chart's font, no PYTHONIOENCODING advice); a path with such
    bytes is used as given, and an error shows its bytes as \\xff."""
    import os
    import subprocess
    import sys

    def run(*args: bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable.encode(), b"-m", b"dprk_ru", *args],
                              capture_output=True, timeout=60)  # fmt: skip

    for args in ([b"sweep", b"--troops", b"1,2", b"-f", b"csv", b"--plot", b"/tmp/x.svg",
                  b"--title", b"\xff\xfe bad"],
                 [b"report", b"-o", b"/dev/null", b"--date", b"\xff"]):  # fmt: skip
        r = run(*args)
        assert r.returncode == 2 and r.stdout == b""
        assert r.stderr.count(b"\n") == 1 and b"not UTF-8 text (the bytes \\xff" in r.stderr
    missing = os.fsdecode(b"/nonexistent/\xff.toml")
    r = run(b"estimate", b"-s", os.fsencode(missing))
    assert r.returncode == 2 and b"'/nonexistent/\\xff.toml'" in r.stderr


def test_error_lines_are_bounded(run: Run) -> None:
    """A 5,000-digit value is quoted in part: the error line stays under 400 characters."""
    r = run("estimate", "--monthly-pay", "9" * 5000)
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and len(r.stderr) <= 401
    assert "characters in all" in r.stderr


def test_error_lines_quote_80_characters_of_a_value(run: Run, tmp_path: Path) -> None:
    """A bad value is quoted to its first 80 characters and counted (it was quoted to about
    290, then the whole line counted): in an option, in a scenario file's field and key."""
    r = run("estimate", "--troops", "9" * 5000)
    assert r.exit_code == 2 and r.stderr == (
        "Error: --troops: expected a whole number from 0 to 10,000,000, got "
        f"'{'9' * 80}...' (5,000 characters in all)\n"
    )
    f = tmp_path / "long.toml"
    f.write_text(f'name = "n"\n[[contingents]]\ntroops = 5\n{"k" * 300} = 1\n')
    r = run("estimate", "-s", str(f))
    assert r.exit_code == 2 and r.stderr == (
        f"Error: --scenario: {f}: contingents[0]: unknown field '{'k' * 80}...' "
        "(300 characters in all)\n"
    )
    f.write_text(f'[[contingents]]\ntroops = "{"8" * 3000}"\n')
    r = run("estimate", "-s", str(f))
    assert r.exit_code == 2 and r.stderr == (
        f"Error: --scenario: {f}: contingents[0].troops: expected a whole number from 0 to "
        f"10,000,000, got '{'8' * 80}...' (3,000 characters in all)\n"
    )


def test_clip_quoted_keeps_short_values_and_apostrophes() -> None:
    """Only a quoted value longer than 80 characters is cut; an apostrophe in a word is not
    a quote, and an escape is not cut in half."""
    from dprk_ru.core.text import clip_quoted

    assert clip_quoted("the file's name 'abc'") == "the file's name 'abc'"
    path = "'/tmp/" + "p" * 100 + "/c.png'"
    assert clip_quoted(f"cannot write {path}") == f"cannot write {path}"  # a path stays whole
    long = "it's " * 40
    assert clip_quoted(f'got "{long}"') == f'got "{long[:80]}..." (200 characters in all)'
    assert clip_quoted("'" + "a" * 79 + "\\x1b'") == "'" + "a" * 79 + "...' (83 characters in all)"


def test_brief_to_date_follows_the_files_as_of(run: Run, tmp_path: Path) -> None:
    """A scenario file's as_of sets the brief's "to date" as it sets timeline's: 1,000 x
    $2,000 x 2 months + $2M of bonuses = $6,000,000 as of 2024-12 (not $40M as of 2025-12)."""
    f = tmp_path / "asof.toml"
    f.write_text('name = "d"\nas_of = "2024-12"\n[[contingents]]\ntroops = 1000\n'
                 'start = "2024-11"\n')  # fmt: skip
    out = tmp_path / "b.md"
    assert run("report", "-s", str(f), "-o", str(out)).exit_code == 0
    assert "Revenue to date as of 2024-12, the month the data runs to: **$6,000,000**" in (
        out.read_text()
    )
    last = run("timeline", "-s", str(f), "-f", "csv").stdout.splitlines()[-1]
    assert last.startswith("2024-12,") and ",6000000," in last


# Found by tests/test_hostile_files.py ---------------------------------------------------------

BIDI = 'name = "n\\u202ex\\u200by\\ufeff"\n[[contingents]]\nname = "a\\u061c"\ntroops = 5\n'


def test_json_escapes_bidi_and_format_characters(run: Run, tmp_path: Path) -> None:
    """JSON writes U+202E, U+200B, U+FEFF and U+061C as \\u escapes (it wrote them raw), and
    reads back to the same text."""
    import json

    f = tmp_path / "bidi.toml"
    f.write_text(BIDI)
    for fmt in ("json", "jsonl"):
        r = run("estimate", "-s", str(f), "-f", fmt)
        assert r.exit_code == 0, r.stderr
        assert '"scenario": "n\\u202ex\\u200by\\ufeff"' in r.stdout
        assert '"contingent": "a\\u061c"' in r.stdout
        assert not any(ch in r.stdout for ch in "\u202e\u200b\ufeff\u061c")
        (row,) = json.loads(r.stdout) if fmt == "json" else [json.loads(r.stdout)]
        assert (row["scenario"], row["contingent"]) == ("n\u202ex\u200by\ufeff", "a\u061c")


def test_zero_width_and_byte_order_marks_are_shown(run: Run, tmp_path: Path) -> None:
    """A table, CSV and an error show U+200B, U+FEFF and U+061C as escapes, as they show
    U+202E: an invisible character cannot hide in a name."""
    f = tmp_path / "bidi.toml"
    f.write_text(BIDI)
    r = run("estimate", "-s", str(f), "-f", "csv")
    assert r.stdout.splitlines()[1].startswith("n\\u202ex\\u200by\\ufeff,a\\u061c,5,")
    r = run("estimate", "-s", str(f), "--contingent", "b\u200b")
    assert r.exit_code == 2 and "b\\u200b" in r.stderr and "\u200b" not in r.stderr


SOURCES = """name = "links"
[[contingents]]
name = "c"
troops = "1000 to 2000"
[[sources]]
title = "script"
url = "javascript:alert(1)"
[[sources]]
title = "tag"
url = "http://x<img/>"
[[sources]]
title = "ends"
url = "http://a b)c\\n# h"
"""


def _tokens(markdown: str) -> list[tuple[str, str]]:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    def walk(tokens: list[Token]) -> list[Token]:
        return [x for t in tokens for x in [t, *walk(t.children or [])]]

    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    # an href is text (attrGet is typed for any attribute: str, int or float)
    return [(t.type, str(t.attrGet("href") or t.content)) for t in walk(md.parse(markdown))]


def test_source_addresses_in_markdown_stay_addresses(run: Run, tmp_path: Path) -> None:
    """explain's Markdown wrote a source's address as <url> whatever it was: a scenario
    file's javascript:alert(1) became a link and http://x<img/> raw HTML. Now only http(s)
    addresses are links, in explain and in the brief, with what would end the address or
    open HTML in it percent-encoded."""
    f = tmp_path / "links.toml"
    f.write_text(SOURCES)
    out = tmp_path / "b.md"
    r = run("report", "-s", str(f), "-n", "20", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    for text in (run("explain", "-s", str(f), "-f", "markdown").stdout, out.read_text()):
        tokens = _tokens(text)
        hrefs = [c for t, c in tokens if t == "link_open"]
        html = [c for t, c in tokens if t.startswith("html")]
        assert "http://x%3Cimg/%3E" in hrefs and "http://a%20b%29c%0A#%20h" in hrefs, hrefs
        assert all(h.startswith(("http", "#source-")) for h in hrefs), hrefs
        assert all(h.startswith(('<a id="source-', "</a>")) for h in html), html
        assert "javascript:alert(1)" in text  # shown, as text


def test_timeline_error_is_the_only_line(run: Run) -> None:
    """`timeline -s examples/uncertain.toml` said its medians note, then the error: two
    lines on stderr. The note is said once everything is checked."""
    example = Path(__file__).parents[1] / "examples" / "uncertain.toml"
    r = run("timeline", "-s", str(example))
    assert r.exit_code == 2
    assert r.stderr == (
        "Error: --scenario: uncertain-kursk: timeline needs dates;"
        " contingent(s) without start: kursk\n"
    )


def test_brief_chart_labels_show_bidi_as_escapes(run: Run, tmp_path: Path) -> None:
    """The HTML brief's chart labels (aria-label) carried a contingent's U+202E raw."""
    f = tmp_path / "b.toml"
    f.write_text('name = "x"\n[[contingents]]\nname = "\\u202e"\ntroops = "1000 to 2000"\n')
    out = tmp_path / "b.html"
    r = run("report", "-s", str(f), "-n", "20", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    text = out.read_text()
    assert "\u202e" not in text and "\\u202e: Troops moves it most" in text


def test_scenario_toml_escapes_what_hides_and_reads_back(run: Run, tmp_path: Path) -> None:
    """`scenarios show` wrote C1 controls, bidi and format characters raw into the TOML;
    now as \\u escapes, and the TOML reads back to the same scenario."""
    f = tmp_path / "h.toml"
    f.write_text('name = "a\\u0085b\\u202ec\\ufeff"\n[[contingents]]\nname = "\\u2066d\\u2069"\n'
                 'troops = 5\nnote = "\\u200b\\u061c"\n')  # fmt: skip
    r = run("scenarios", "show", str(f))
    assert r.exit_code == 0, r.stderr
    assert 'name = "a\\u0085b\\u202Ec\\uFEFF"' in r.stdout
    assert 'note = "\\u200B\\u061C"' in r.stdout
    assert not any(ch in r.stdout for ch in "\x85\u202e\ufeff\u2066\u2069\u200b\u061c")
    again = tmp_path / "again.toml"
    again.write_text(r.stdout)
    assert run("scenarios", "show", str(again)).stdout == r.stdout
    from dprk_ru.scenarios.scenario import parse_scenario

    assert parse_scenario(r.stdout, "x") == parse_scenario(f.read_text(), "x")


def test_table_medians_line_shows_names_escaped(run: Run, tmp_path: Path) -> None:
    """estimate's table said "At the medians of ..." with a contingent's U+202E raw."""
    f = tmp_path / "m.toml"
    f.write_text('name = "m"\n[[contingents]]\nname = "\\u202eX"\ntroops = "1000 to 2000"\n')
    r = run("estimate", "-s", str(f), "-f", "table")
    assert r.exit_code == 0, r.stderr
    assert "At the median of \\u202eX.troops" in r.stdout and "\u202e" not in r.stdout


def test_brief_html_source_text_is_printable(run: Run, tmp_path: Path) -> None:
    """The HTML brief showed a source's address that is no web address (escaped for HTML,
    not for the screen) with its U+202E raw; and a web address's link text too."""
    f = tmp_path / "s.toml"
    f.write_text('name = "s"\n[[contingents]]\ntroops = 5\n[[sources]]\ntitle = "t"\n'
                 'url = "\\u202e"\n[[sources]]\ntitle = "u"\n'
                 'url = "https://a.example/\\u202e"\n')  # fmt: skip
    out = tmp_path / "b.html"
    r = run("report", "-s", str(f), "-n", "20", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    text = out.read_text()
    assert "\u202e" not in text
    assert '<a href="https://a.example/%E2%80%AE">https://a.example/%E2%80%AE</a>' in text


def test_chart_titles_a_font_lacks_say_nothing(tmp_path: Path) -> None:
    """compare and sweep measured their bars with a draw outside the warnings' filter: a
    title in a script the font lacks (U+0675) printed matplotlib's glyph warning on stderr,
    two lines at exit 0 (and under -W error, exit 1 with no message and a figure left open)."""
    from conftest import revenue

    for args in (["compare"], ["sweep", "--troops", "1,2"]):
        r = revenue(*args, "--plot", str(tmp_path / "c.svg"), "--title", "\u0675 x",
                    "-o", str(tmp_path / "c.csv"))  # fmt: skip
        assert (r.returncode, r.stderr) == (0, ""), args


def test_a_failing_chart_closes_its_figure(run: Run, tmp_path: Path) -> None:
    """Where drawing fails (here a glyph warning made an error), the figure is closed: a
    library user's figures do not pile up."""
    import warnings

    import matplotlib.pyplot as plt

    from dprk_ru.render import charts

    before = plt.get_fignums()
    with warnings.catch_warnings():
        warnings.simplefilter("error")

        def failing(*args: object) -> None:
            plt.figure()
            raise UserWarning("Glyph missing")

        import pytest

        with pytest.raises(UserWarning):
            charts._closed_on_error(failing)()
    assert plt.get_fignums() == before


def test_structure_check_follows_strings(run: Run, tmp_path: Path) -> None:
    """The check of a file's structure before parsing took `\\"` for the end of a string
    and ended lines at U+2028 inside one, so brackets in text (`[x](y)`, `[sic]`) counted
    as nesting: a valid file was refused as "nested deeper than 32 levels"."""
    f = tmp_path / "q.toml"
    quote = '\\"[' * 40
    sources = "".join(f'[[sources]]\ntitle = "x\u2028{"[" * 10}"\n' for _ in range(4))
    f.write_text(f'name = "q"\ndescription = "{quote}"\n[[contingents]]\ntroops = 5\n{sources}')
    r = run("estimate", "-s", str(f), "-f", "csv")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[1].startswith("q,contingent-1,5,2000,12,")


def test_solve_names_its_for_option(run: Run) -> None:
    """`solve --for troops` on a file of two contingents named `--troops`, an option not
    given; the error now names `--for troops` (a --killed given beside it is still named)."""
    two = str(Path(__file__).parents[1] / "examples" / "two-contingents.toml")
    r = run("solve", "-s", two, "--for", "troops", "--target", "1B")
    assert r.exit_code == 2
    assert r.stderr.startswith("Error: --for troops: a head count or duration belongs to one ")
    r = run("solve", "-s", two, "--for", "death-payment", "--killed", "5", "--target", "1B")
    assert r.exit_code == 2 and r.stderr.startswith("Error: --killed: a head count")


# --- found by a second attack, after the first fixes ---------------------------------------

MINE = 'name = "mine"\n[[contingents]]\ntroops = 1000\n'


def test_an_input_inside_the_brief_folder_is_not_replaced(run: Run, tmp_path: Path) -> None:
    """A scenario file kept in the brief's chart folder under a chart's name would be
    replaced by the chart: exit 2 naming both, the file untouched."""
    folder = tmp_path / "mm_files"
    folder.mkdir()
    scenario = folder / "histogram.svg"
    scenario.write_text(MINE)
    r = run("report", "-s", str(scenario), "--monthly-pay", "1 to 2", "-n", "100",
            "-o", str(tmp_path / "mm.md"))  # fmt: skip
    assert r.exit_code == 2 and r.stderr.count("\n") == 1
    assert r.stderr.startswith(f"Error: --scenario: {str(scenario)!r} is inside")
    assert "the chart folder --output replaces" in r.stderr
    assert scenario.read_text() == MINE and not (tmp_path / "mm.md").exists()


def test_a_read_only_chart_in_the_folder_is_refused(run: Run, tmp_path: Path) -> None:
    """A chart made read-only in the brief's folder is refused as -o refuses a read-only
    file (exit 1), and left as it is."""
    brief = tmp_path / "w.md"
    spread = ("--monthly-pay", "1500 to 2500", "-n", "200")
    assert run("report", *spread, "-o", str(brief)).exit_code == 0
    chart = next((tmp_path / "w_files").iterdir())
    before = chart.read_bytes()
    chart.chmod(0o444)
    r = run("report", *spread, "--troops", "12000", "-o", str(brief))
    assert r.exit_code == 1 and "is read-only, and the brief would replace it" in r.stderr
    assert chart.read_bytes() == before


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


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('[[contingents]]\ntroops = 1\n[[contingents]]\nname = "contingent-1"\ntroops = 2\n',
         "contingents[0] and contingents[1] are both named 'contingent-1' (a contingent "
         "without a name is contingent-N, by its place)"),
        ('[[contingents]]\nname = "A"\ntroops = 1\n[[contingents]]\nname = "a "\ntroops = 1\n',
         "contingents[0] and contingents[1] are named 'A' and 'a '"),
        ('[[contingents]]\nname = " Total "\ntroops = 1\n',
         "contingents[0].name: ' Total ' is reserved for the total row"),
    ],
    ids=["unnamed", "case and spaces", "total"],
)  # fmt: skip
def test_names_a_reader_cannot_tell_apart(run: Run, tmp_path: Path, body: str, says: str) -> None:
    f = tmp_path / "d.toml"
    f.write_text('name = "x"\n' + body)
    r = run("estimate", "-s", str(f))
    assert r.exit_code == 2 and says in r.stderr and r.stderr.count("\n") == 1


def test_hard_links_are_the_same_file(run: Run, tmp_path: Path) -> None:
    """Two names of one file (a hard link) are one file: an output over the input, or two
    outputs on it, are exit 2."""
    mine = tmp_path / "mine.toml"
    mine.write_text(MINE)
    (tmp_path / "hard.toml").hardlink_to(mine)
    r = run("estimate", "-s", str(mine), "-f", "csv", "-o", str(tmp_path / "hard.toml"))
    assert r.exit_code == 2 and "is the file --scenario reads" in r.stderr
    assert mine.read_text() == MINE
    (tmp_path / "a.csv").write_text("")
    (tmp_path / "b.csv").hardlink_to(tmp_path / "a.csv")
    r = run("simulate", "--troops", "1 to 2", "-n", "5", "-o", str(tmp_path / "a.csv"),
            "--samples-out", str(tmp_path / "b.csv"))  # fmt: skip
    assert r.exit_code == 2 and "is also --output's file" in r.stderr


@pytest.mark.parametrize("output", [None, "-", "/dev/stdout"])
@pytest.mark.parametrize("draws", ["-", "/dev/stdout", "/dev/fd/1"])
def test_summary_and_draws_never_share_stdout(run: Run, output: str | None, draws: str) -> None:
    args = ["simulate", "--troops", "1 to 2", "-n", "5", "--samples-out", draws]
    r = run(*args, *(["-o", output] if output else []))
    assert r.exit_code == 2 and r.stdout == ""
    assert (
        r.stderr == "Error: --samples-out: stdout already takes the summary; give --output FILE\n"
    )


def test_sensitivity_clips_months_as_simulate_does(run: Run) -> None:
    """The 5th percentile of normal(0,1) months is below 0: taken as 0.01, the least
    --months takes (as simulate clips it), not 0, which --months refuses."""
    r = run("sensitivity", "--months", "normal(0,1)", "-f", "csv")
    (row,) = list(csv.DictReader(io.StringIO(r.stdout)))
    assert row["low"] == "0.01" and row["total_at_low_usd"] == "20200000"


def test_another_users_file_is_not_offered_chmod(run: Run, tmp_path: Path) -> None:
    """A file of another user that the mode keeps us from writing: the message does not
    suggest a chmod we cannot do (root, who can chown, tests it as another owner)."""
    import os

    if os.geteuid() != 0:
        pytest.skip("needs root to give the file to another user")
    theirs = tmp_path / "theirs.csv"
    theirs.write_text("keep\n")
    os.chown(theirs, 65534, 65534)
    theirs.chmod(0o644)
    r = run("estimate", "-f", "csv", "-o", str(theirs))
    assert r.exit_code == 1 and r.stderr.rstrip().endswith(
        "does not let you write it; it is another user's: write elsewhere"
    )
    assert theirs.read_text() == "keep\n"


@pytest.mark.parametrize(
    "text", ["x\n```", "D\u202eX", "it's a \\ and \x1b[31m", "tab\there", "\x85\u200b", "plain"]
)
def test_the_briefs_command_line_pastes_back_to_the_same_text(text: str) -> None:
    """The brief's command line quotes a value the page shows with escapes (a newline,
    U+202E) in bash's $'...', so pasting it gives the very text (not a literal backslash)."""
    import shutil
    import subprocess

    from dprk_ru.cli.report import _shell_word

    word = _shell_word(text)
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    r = subprocess.run(["bash", "-c", f"printf %s {word}"], capture_output=True, check=True)
    assert r.stdout.decode() == text
    assert word.isprintable()  # shown as it is: nothing the page would escape
