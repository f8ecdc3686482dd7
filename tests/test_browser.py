"""The HTML brief in a real browser (headless Chromium, driven with Selenium): at 1280 and
390 pixels wide, nothing fails, nothing is fetched, nothing is wider than the screen,
every chart is drawn with its text at least 9 pixels high, the numbers are estimate's and
simulate's; printing gives A4 and Letter pages with nothing cut off, no word broken inside
itself (pdftotext) and at most 6 pages for the default brief, 10 for the deployments with
uncertain pay. Screenshots and PDFs are kept in build/test-artifacts/."""

from __future__ import annotations

import base64
import csv
import io
import re
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import Run

if TYPE_CHECKING:
    from selenium.webdriver import Chrome

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.skipif(
        not (CHROMIUM and DRIVER), reason="needs Debian's chromium and chromium-driver"
    ),
    pytest.mark.slow,
    # One worker starts the one browser and makes the one brief (module fixtures).
    pytest.mark.xdist_group("browser"),
]
ARTIFACTS = Path(__file__).parents[1] / "build" / "test-artifacts"
ARGS = ("--scenario", "deployments-2024-2025", "--monthly-pay", "1500 to 2500",
        "--samples", "5000", "--seed", "3")  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Chrome]:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM or ""
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"):  # fmt: skip
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER or ""), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _make(tmp_path_factory: pytest.TempPathFactory, *args: str) -> Path:
    from typer.testing import CliRunner

    from dprk_ru.cli import app

    path = tmp_path_factory.mktemp("brief") / "brief.html"
    r = CliRunner().invoke(app, ["report", *args, "-o", str(path)])
    assert r.exit_code == 0, r.stderr
    return path


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make(tmp_path_factory, *ARGS)


@pytest.fixture(scope="module")
def default_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``revenue report`` with nothing given: the article's figure."""
    return _make(tmp_path_factory)


def _open(driver: Chrome, path: Path, width: int, media: str = "screen") -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 900, "deviceScaleFactor": 1,
                            "mobile": width < 500})  # fmt: skip
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})
    driver.get_log("performance")  # type: ignore[no-untyped-call]  # drop what came before
    driver.get(path.as_uri())


# A chart inside its sideways-scrolling box (.chart) may be wider than the screen; the box
# may not.
_TOO_WIDE = """
const w = document.documentElement.clientWidth;
return Array.from(document.querySelectorAll('body *'))
  .filter(e => !(e.parentElement && e.parentElement.closest('.chart')))
  .filter(e => e.getBoundingClientRect().right > w + 0.5)
  .map(e => e.tagName + (e.id ? '#' + e.id : '') + ' '
             + Math.round(e.getBoundingClientRect().right));
"""


@pytest.mark.parametrize("width", [1280, 390])
def test_brief_in_a_browser(browser: Chrome, brief: Path, width: int) -> None:
    """No console errors, no request but the page, nothing wider than the viewport, every
    chart drawn with a non-zero size; a full-page screenshot is kept."""
    import json

    _open(browser, brief, width)
    assert (
        width - 20 <= browser.execute_script("return document.documentElement.clientWidth") <= width
    )
    # selenium leaves get_log unannotated
    logged = browser.get_log("browser")  # type: ignore[no-untyped-call]
    errors = [e for e in logged if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    performance = browser.get_log("performance")  # type: ignore[no-untyped-call]
    requests = [json.loads(e["message"])["message"] for e in performance]
    urls = {
        m["params"]["request"]["url"]
        for m in requests
        if m["method"] == "Network.requestWillBeSent"
    }
    assert urls <= {brief.as_uri()}
    assert browser.execute_script(_TOO_WIDE) == []
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    sizes = browser.execute_script(
        "return Array.from(document.querySelectorAll('figure svg'))"
        ".map(s => [s.getBoundingClientRect().width, s.getBoundingClientRect().height])"
    )
    assert len(sizes) == 3 and all(w > 100 and h > 100 for w, h in sizes)
    assert browser.execute_script("return document.querySelectorAll('figure svg text').length") > 20
    # Every chart's text is at least 9 CSS pixels high as drawn, on a phone too.
    heights = browser.execute_script(
        "return Array.from(document.querySelectorAll('figure svg text'))"
        ".map(t => [t.textContent, t.getBoundingClientRect().height])"
    )
    assert [(t, h) for t, h in heights if h < 9] == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1,
                             "mobile": width < 500})  # fmt: skip
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    (ARTIFACTS / f"brief-{width}.png").write_bytes(base64.b64decode(shot["data"]))


def test_brief_numbers_in_the_browser(browser: Chrome, brief: Path, run: Run) -> None:
    """The headline in the rendered page is estimate's total at the medians; the percentiles
    are simulate's for the same inputs and seed."""
    _open(browser, brief, 1280)
    shown = browser.execute_script("return document.getElementById('total').textContent")
    point = ("--scenario", "deployments-2024-2025", "--monthly-pay", "1936.49")
    est = list(csv.DictReader(io.StringIO(run("estimate", *point, "-f", "csv").stdout)))
    total = Decimal([r for r in est if r["contingent"] == "total"][0]["total_usd"])
    assert shown == f"${total:,}"
    sim = next(csv.DictReader(io.StringIO(run("simulate", *ARGS, "-f", "csv").stdout)))
    cells = browser.execute_script(
        "return Array.from(document.querySelectorAll('[data-percentile]'))"
        ".map(td => [td.dataset.percentile, td.textContent])"
    )
    want = {k.removesuffix("_usd"): f"${int(v):,}" for k, v in sim.items()
            if re.fullmatch(r"p[0-9_]+_usd", k)}  # fmt: skip
    assert dict(cells) == want


PAPERS = [("A4", 8.27, 11.69), ("Letter", 8.5, 11)]


def _print(browser: Chrome, path: Path, width_in: float, height_in: float) -> bytes:
    _open(browser, path, 1280)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    return base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {
        "paperWidth": width_in, "paperHeight": height_in, "printBackground": True,
        "preferCSSPageSize": False,
    })["data"])  # fmt: skip


@pytest.mark.parametrize("paper,width_in,height_in", PAPERS)
def test_brief_prints(
    browser: Chrome, brief: Path, paper: str, width_in: float, height_in: float
) -> None:
    """Printed to PDF on A4 and Letter: pages of that size, and at the printable width
    (15 mm margins) no element is wider than the page."""
    printable = round((width_in * 25.4 - 30) / 25.4 * 96)
    _open(browser, brief, printable, media="print")
    assert browser.execute_script(_TOO_WIDE) == []
    pdf = _print(browser, brief, width_in, height_in)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"brief-{paper}.pdf").write_bytes(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", pdf)
    assert boxes, "no pages"
    for w, h in boxes:
        assert abs(float(w) - width_in * 72) < 2 and abs(float(h) - height_in * 72) < 2


PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(PDFTOTEXT is None, reason="needs pdftotext (poppler-utils)")
@pytest.mark.parametrize("paper,width_in,height_in", PAPERS)
@pytest.mark.parametrize("which,most", [("default_brief", 6), ("brief", 10)])
def test_printed_words_whole_and_pages_few(
    browser: Chrome,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    which: str,
    most: int,
    paper: str,
    width_in: float,
    height_in: float,
) -> None:
    """On paper every "stated", "derived" and "assumed" of the page is whole in the PDF's
    text (a narrow column once broke them letter by letter: "DE/RIV/ED"), and the brief
    keeps to its pages: the default at most 6, the deployments with uncertain pay 10."""
    import subprocess

    path = request.getfixturevalue(which)
    pdf = _print(browser, path, width_in, height_in)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{which}-{paper}.pdf").write_bytes(pdf)
    (tmp_path / "b.pdf").write_bytes(pdf)
    text = subprocess.run([PDFTOTEXT or "", str(tmp_path / "b.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    shown = browser.execute_script("return document.body.innerText")
    for word in ("stated", "derived", "assumed"):
        want = len(re.findall(rf"\b{word}\b", shown))
        assert want > 0 and len(re.findall(rf"\b{word}\b", text)) == want, word
    pages = text.count("\f")
    assert 1 <= pages <= most, f"{pages} {paper} pages"
