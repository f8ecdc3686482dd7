"""A brief as one self-contained HTML file, or as Markdown with its charts as SVG files in
a folder beside it (``brief_files/``), written together: Jinja2 templates, autoescaped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Final

from ..analysis.report import Brief, reporter_usd
from ..core.money import cents_to_usd, fmt_human, fmt_plain, signed_usd
from ..core.text import markdown_inert, markdown_link, web_address
from ..errors import MissingExtraError

#: Chart names, in the brief's order.
CHARTS: Final = ("histogram", "tornado", "timeline")


def _usd(value: Any) -> str:
    v = Decimal(value)
    return f"-${fmt_human(-v)}" if v < 0 else f"${fmt_human(v)}"


def _md(text: Any) -> str:
    """Text made inert in Markdown (``markdown_inert``)."""
    return markdown_inert(str(text))


def _percentile(q: float) -> str:
    n = f"{q:g}"
    if n.endswith("1") and not n.endswith("11"):
        return n + "st"
    if n.endswith("2") and not n.endswith("12"):
        return n + "nd"
    if n.endswith("3") and not n.endswith("13"):
        return n + "rd"
    return n + "th"


def _visible(value: Any) -> Any:
    """Every value a template prints, with control characters from user text (a scenario's
    name, a note) shown as escapes; markup we made (the charts) passes as it is."""
    from markupsafe import Markup

    from ..core.text import printable

    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value)
    return value


def _link(url: str, text: str | None = None) -> Any:
    """An HTML link to a web address, or the address (or text) as plain, escaped text."""
    from markupsafe import Markup, escape

    from ..core.text import link_address, printable

    if url and web_address(url):
        address = link_address(url)
        return Markup('<a href="{}">{}</a>').format(address, printable(text) if text else address)
    return escape(printable(text or url))


def _md_link(url: str, text: str | None = None) -> str:
    """A Markdown link to a web address, or inert text (``markdown_link``)."""
    return markdown_link(url, text)


def _refs_html(numbers: Any) -> Any:
    """Footnote links, runs shortened: [1-8] links to the first of the run."""
    from markupsafe import Markup

    from ..analysis.explain import ref_ranges

    return Markup("").join(
        Markup('<sup><a href="#source-{}">[{}]</a></sup>').format(
            a, a if a == b else f"{a}\u2013{b}"
        )
        for a, b in ref_ranges(numbers)
    )


def _refs_md(numbers: Any) -> str:
    from ..analysis.explain import refs_text

    return refs_text(numbers)


def _ratio(value: Decimal | None) -> str:
    """A ratio to a reference in words: "16.1% of", "2.09 times"."""
    if value is None:
        return "not comparable to"
    if value < 1:
        return f"{fmt_human((value * 100).quantize(Decimal('0.1')).normalize())}% of"
    return f"{fmt_human(value.quantize(Decimal('0.01')).normalize())} times"


_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                  "Dec")  # fmt: skip


def _month(value: str) -> str:
    """``2024-11`` as "Nov 2024"; anything else as it is."""
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})", value)
    return (
        f"{_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
        if m and 1 <= int(m.group(2)) <= 12
        else value
    )


def _environment() -> Any:
    try:
        import jinja2
    except ImportError:
        raise MissingExtraError(
            "report needs Jinja2: install the report extra, pip install 'dprk-ru[report]'"
        ) from None
    from .charts import human_parameter

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("dprk_ru.render", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",)),
        undefined=jinja2.StrictUndefined,
        finalize=_visible,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters.update(
        usd=_usd,
        cents=lambda c: _usd(cents_to_usd(int(c))),
        human=lambda v: fmt_human(v if isinstance(v, int) else Decimal(v).normalize()),
        plain=lambda v: fmt_plain(v),
        signed_usd=lambda v: ("+" if v > 0 else "") + _usd(signed_usd(int(v * 100))),
        times=lambda s: str(s).replace(" x ", " \u00d7 "),
        percentile=_percentile,
        ratio=_ratio,
        refs=_refs_html,
        link=_link,
        md_link=_md_link,
        refs_md=_refs_md,
        percentile_key=lambda q: "p" + f"{q:g}".replace(".", "_"),
        human_parameter=human_parameter,
        md=_md,
        reporter=reporter_usd,
        month=_month,
    )
    return env


def _alt(b: Brief) -> dict[str, str]:
    out = {}
    if b.uncertainty:
        u = b.uncertainty
        out["histogram"] = (
            f"Histogram of {u.summary['samples']:,} simulated yearly totals: median "
            f"{_usd(u.median_usd)}, 90% between {_usd(u.p5_usd)} and {_usd(u.p95_usd)}."
        )
    if b.sensitivity:
        rows, base = b.sensitivity
        top = rows[0]["parameter"] if rows else ""
        from .charts import human_parameter

        out["tornado"] = (
            f"Tornado chart: the total with each uncertain input at its 5th and 95th percentile "
            f"around {_usd(base)} with all inputs at their medians; "
            f"{human_parameter(str(top))} moves it most."
        )
    if b.timeline:
        rows, as_of = b.timeline
        projected = any(r["month"] > as_of for r in rows)
        out["timeline"] = (
            f"Revenue to date by month from {_month(rows[0]['month'])} to "
            f"{_month(rows[-1]['month'])}, with troops deployed below"
            + (f"; months after {_month(as_of)} are projected." if projected else ".")
        )
    return out


def _to_date(b: Brief) -> Decimal:
    if not b.timeline:
        return Decimal(0)
    rows, as_of = b.timeline
    reported = [r for r in rows if r["month"] <= as_of]
    return Decimal(reported[-1]["cumulative_usd"]) if reported else Decimal(0)


def chart_figures(b: Brief) -> dict[str, Any]:
    """The brief's charts as matplotlib figures, by name, drawn for a phone's width
    (``charts.PHONE``: every text at least 9 px high at 390 CSS px) and fine in print."""
    from . import charts

    figs: dict[str, Any] = {}
    try:
        _draw(b, figs)
    except BaseException:
        charts.close(figs.values())
        raise
    return figs


def _draw(b: Brief, figs: dict[str, Any]) -> None:
    from . import charts

    credit = "Sources: the numbered list below. Calculated with the revenue model (dprk_ru)."
    with charts.sized(charts.PHONE):
        if b.uncertainty:
            u = b.uncertainty
            marks = {charts.percentile_words(q): float(v) for q, v in u.percentiles}
            figs["histogram"] = charts.histogram(
                u.totals, marks, "Simulated revenue a year", f"{u.summary['samples']:,} draws",
                credit,
            )  # fmt: skip
        if b.sensitivity:
            rows, base = b.sensitivity
            titles = {c.name: charts.title_of(c) for c in b.estimate.scenario.contingents
                      if c.name}  # fmt: skip
            figs["tornado"] = charts.tornado(
                rows, base, "What moves the total most", credit, titles=titles
            )
        if b.timeline:
            months, cumulative, troops, events, projected = timeline_series(b)
            figs["timeline"] = charts.timeline(
                months, cumulative, troops, events, projected, "Revenue to date", credit
            )


def timeline_series(
    b: Brief,
) -> tuple[list[str], list[float], list[int], list[tuple[str, str, bool]], str | None]:
    """Months, cumulative totals, troops, events and the first projected month."""
    from .charts import timeline_events

    assert b.timeline is not None
    rows, as_of = b.timeline
    months = [r["month"] for r in rows]
    events = timeline_events(b.estimate.scenario.contingents)
    projected = next((m for m in months if m > as_of), None)
    return (months, [float(r["cumulative_usd"]) for r in rows], [r["troops"] for r in rows],
            events, projected)  # fmt: skip


def _inline(svg_text: str, alt: str, prefix: str) -> str:
    """An SVG made fit to inline: labelled for screen readers (the label's control and
    bidi characters shown as escapes, as everywhere), ids unique in the page."""
    from markupsafe import escape

    from ..core.text import printable

    svg_text = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', svg_text)
    svg_text = svg_text.replace("url(#", f"url(#{prefix}-").replace('href="#', f'href="#{prefix}-')
    svg_text = re.sub(r"<metadata>.*?</metadata>", "", svg_text, flags=re.S)
    label = escape(printable(alt))
    style = f' style="min-width: {_min_width(svg_text)}px"'
    return svg_text.replace("<svg ", f'<svg role="img" aria-label="{label}"{style} ', 1)


#: The smallest height, in CSS pixels, a chart's text may be drawn at on a screen.
MIN_TEXT_PX: Final = 9.5
#: A DejaVu Sans line's drawn height over its font size (ascent and descent).
_LINE: Final = 1.17


def _min_width(svg_text: str) -> int:
    """The width, in CSS pixels, below which the chart's smallest text would be drawn less
    than ``MIN_TEXT_PX`` high (a narrower screen scrolls the chart sideways instead)."""
    import math

    box = re.search(r'viewBox="[0-9.]+ [0-9.]+ ([0-9.]+) [0-9.]+"', svg_text)
    sizes = [float(f) for f in re.findall(r"font-size: ?([0-9.]+)px", svg_text)]
    if box is None or not sizes:
        return 0
    return math.ceil(float(box.group(1)) * MIN_TEXT_PX / (min(sizes) * _LINE))


def _svgs(figs: dict[str, Any], svg: Any, full: bool) -> dict[str, str]:
    """Each figure as SVG text, by name; every figure closed, even when one fails."""
    from .charts import close

    try:
        return {name: svg(fig, full=full) for name, fig in figs.items()}
    finally:
        close(figs.values())


def html(b: Brief) -> str:
    """The brief as one self-contained HTML page (charts inline as SVG)."""
    from .charts import svg

    env = _environment()
    alt = _alt(b)
    charts = {
        name: _inline(text, alt[name], f"c{i}")
        for i, (name, text) in enumerate(_svgs(chart_figures(b), svg, full=False).items())
    }
    template = env.get_template("brief.html.j2")
    return str(template.render(b=b, charts=charts, alt=alt, to_date=_to_date(b)))


def markdown(b: Brief, folder: str) -> tuple[str, dict[str, str]]:
    """The brief as Markdown, and its charts as SVG files (name -> text) for ``folder``."""
    from .charts import svg

    env = _environment()
    alt = _alt(b)
    texts = {f"{name}.svg": text for name, text in _svgs(chart_figures(b), svg, True).items()}
    files = {name.removesuffix(".svg"): f"{folder}/{name}" for name in texts}
    template = env.get_template("brief.md.j2")
    text = str(template.render(b=b, alt=alt, files=files, to_date=_to_date(b)))
    return re.sub(r"\n{3,}", "\n\n", text), texts


def write_html(b: Brief, out: IO[str]) -> None:
    out.write(html(b))


#: Every name the tool has ever written in a brief's folder: it replaces these, nothing else.
CHART_FILES: Final = frozenset(f"{name}.{ext}" for name in CHARTS for ext in ("svg", "png"))


def chart_folder(
    path: Path, given: Path | None = None, inputs: Sequence[tuple[str, str | None]] = ()
) -> Path:
    """The folder of a Markdown brief's charts, ``<stem>_files`` beside it; refused when it
    is not a folder or holds one of ``inputs`` (exit 2), or holds anything but regular,
    writable chart files (exit 1, naming them), which replacing it would delete
    (``files.check_folder``)."""
    from .files import check_folder

    folder = path.with_name(f"{(given or path).stem}_files")
    check_folder(folder, CHART_FILES, "--output", inputs)
    return folder


def write_markdown(b: Brief, path: Path, given: Path | None = None) -> None:
    """``path`` and its folder ``<stem>_files/`` replaced together or not at all
    (``files.write_with_folder``): nothing stale is left in the folder, and a brief
    without charts removes it. ``given`` is the name as given (before symlinks are
    followed), whose stem names the folder."""
    from .files import write_with_folder

    folder = chart_folder(path, given)
    text, charts = markdown(b, folder.name)
    write_with_folder(path, text, folder, charts, CHART_FILES, "--output",
                      str(given or path))  # fmt: skip
