"""Every page works at phone and desktop width, light and dark: nothing scrolls sideways, every chart fits its
column, and on a phone no chart text is smaller than 11 px (charts are re-laid out, not scaled down)."""

from __future__ import annotations

import fcntl
import json

import pytest

from chinacompute.pipeline.toc import toc_files
from tests.browser.conftest import offline_visitor
from tests.conftest import ROOT, shared_tmp

pytestmark = [pytest.mark.browser]

PAGES = [f.relative_to(ROOT).with_suffix(".html") for f in toc_files(ROOT)]
DARK = (
    "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
    "document.documentElement.dataset.mode = 'dark'; document.documentElement.dataset.theme = 'dark';"
)
MEASURE = """() => {
  const charts = [...document.querySelectorAll('.cc-vega')].map(c => {
    const svg = c.querySelector('svg.marks'), box = svg.getBoundingClientRect();
    const scale = box.width / (parseFloat(svg.getAttribute('width')) || box.width);
    const sizes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
      .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
    const label = [...svg.querySelectorAll('.role-axis-label text, .role-legend-label text')][0];
    return {id: c.id, width: box.width, column: c.parentElement.clientWidth, smallest: Math.min(...sizes, 99),
            background: getComputedStyle(svg).backgroundColor, labelFill: label ? label.getAttribute('fill') : null};
  });
  const tables = [...document.querySelectorAll('article table')].map(t => {
    let box = t.parentElement;  // the box that scrolls a wide table, or the article
    while (box.tagName !== 'ARTICLE' && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
    const head = t.querySelector('thead th, caption');
    return {name: (t.querySelector('caption') || head || t).textContent.trim().slice(0, 60), width: t.getBoundingClientRect().width,
            box: box.clientWidth};
  });
  return {scroll: document.documentElement.scrollWidth, viewport: window.innerWidth, charts, tables};
}"""

# Every chart drawn for the width its column has now: cc-charts.js sets data-cc-drawn-width (the column width of
# the chart's latest finished draw) and redraws when the column changes by 24 px or more.
REDRAWN = """() => [...document.querySelectorAll('.cc-vega')].every(d => d.querySelector('svg.marks')
  && d.hasAttribute('data-cc-drawn-width')
  && Math.abs(Number(d.getAttribute('data-cc-drawn-width')) - Math.floor(d.parentElement.clientWidth)) < 24)"""


@pytest.fixture(scope="module")
def measure(browser, real_book, tmp_path_factory):
    """measure(page) -> {(page, width, scheme): measurements} at 390 and 1280 px, light and dark. Each page is
    measured once per run, by whichever test worker asks first (under a file lock per page), and shared as JSON."""
    shared = shared_tmp(tmp_path_factory) / "layout-measurements"
    shared.mkdir(exist_ok=True)

    def measure_page(page_path: str) -> dict:
        name = page_path.replace("/", "__")
        stored = shared / f"{name}.json"
        with open(shared / f"{name}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not stored.is_file():
                found = []
                for scheme, script in (("light", None), ("dark", DARK)):
                    for width in (390, 1280):
                        open_page, contexts = offline_visitor(browser, color_scheme=scheme)
                        visit = open_page((real_book / page_path).as_uri(), init_script=script)
                        visit.page.set_viewport_size({"width": width, "height": 900})
                        visit.page.wait_for_function(REDRAWN)  # the charts redraw for the new width (150 ms debounce)
                        found.append([width, scheme, visit.page.evaluate(MEASURE)])
                        for context in contexts:
                            context.close()
                stored.write_text(json.dumps(found))
        return {(page_path, width, scheme): measured for width, scheme, measured in json.loads(stored.read_text())}

    return measure_page


@pytest.fixture
def pages(measure, request):
    """Measurements of the test's page (its `page_path` parameter), or of every page for a test without one."""
    page_path = request.node.callspec.params["page_path"] if hasattr(request.node, "callspec") else None
    return {key: m for path in ([page_path] if page_path else [str(p) for p in PAGES]) for key, m in measure(path).items()}


@pytest.mark.parametrize("page_path", [str(p) for p in PAGES])
def test_no_page_scrolls_sideways_and_charts_fit(pages, page_path):
    for (path, width, scheme), measured in pages.items():
        if path != page_path:
            continue
        assert measured["scroll"] <= measured["viewport"], f"{path} at {width} px ({scheme}) scrolls sideways"
        for chart in measured["charts"]:
            assert chart["width"] <= chart["column"] + 1, (
                f"{path} at {width} px ({scheme}): chart {chart['id']} wider than its column"
            )
            if width == 390:
                assert chart["smallest"] >= 10.95, (
                    f"{path} at 390 px ({scheme}): chart {chart['id']} text {chart['smallest']:.1f} px"
                )


@pytest.mark.parametrize("page_path", [str(p) for p in PAGES])
def test_every_table_column_shows_at_desktop_width(pages, page_path):
    """At 1280 px no table is wider than its column: nothing is hidden behind a scroll (on a phone, wide tables
    scroll inside their own box, first column fixed)."""
    for scheme in ("light", "dark"):
        hidden = [t["name"] for t in pages[(page_path, 1280, scheme)]["tables"] if t["width"] > t["box"] + 1]
        assert hidden == [], f"{page_path} at 1280 px ({scheme}): tables wider than their column: {hidden}"


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG) of '#rrggbb' or 'rgb(r, g, b)'."""
    import re

    if colour.startswith("#"):
        channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    else:
        channels = [int(float(v)) for v in re.findall(r"[\d.]+", colour)[:3]]
    linear = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("page_path", [str(p) for p in PAGES])
def test_charts_follow_the_dark_theme(pages, page_path):
    """In dark mode a chart has no white panel and its labels are light: at least 4.5:1 against the page's
    background (#14181e)."""
    page_bg = _luminance("#14181e")
    for width in (390, 1280):
        for chart in pages[(page_path, width, "dark")]["charts"]:
            assert chart["background"] in ("rgba(0, 0, 0, 0)", "transparent"), (
                f"{page_path}: {chart['id']} on {chart['background']}"
            )
            assert chart["labelFill"], f"{page_path}: {chart['id']} has no axis or legend label to measure"
            ratio = (_luminance(chart["labelFill"]) + 0.05) / (page_bg + 0.05)
            assert ratio >= 4.5, f"{page_path} ({width} px, dark): {chart['id']} labels {chart['labelFill']} at {ratio:.1f}:1"
        for chart in pages[(page_path, width, "light")]["charts"]:
            assert chart["background"] == "rgb(255, 255, 255)"  # light mode keeps its white chart


def test_the_chapters_have_charts_to_measure(pages):
    assert sum(len(m["charts"]) for (_, w, s), m in pages.items() if w == 390 and s == "light") >= 15


def test_landing_first_screen_holds_the_answer_the_chart_and_the_numbers(browser, real_book):
    """At 1280 x 900, before any scrolling: the answer sentence, the whole headline chart and every headline number."""
    open_page, contexts = offline_visitor(browser)
    try:
        page = open_page((real_book / "index.html").as_uri()).page
        page.wait_for_function(REDRAWN)  # the chart is fitted to its column after the first draw
        found = page.evaluate(
            """() => {
              const bottom = el => el ? el.getBoundingClientRect().bottom + window.scrollY : null;
              const answer = [...document.querySelectorAll('article p')].find(p => /domestic chips supplied/.test(p.textContent));
              const chart = document.querySelector('.tag_cc-landing-chart .cc-vega svg.marks');
              const items = [...document.querySelectorAll('.tag_cc-landing-numbers li')];
              // The published book links its PDF under the title, which can take one more line: a page built
              // without the PDF keeps room for that line.
              const pdf = document.querySelector('a.cc-pdf-link');
              return {answer: bottom(answer), chart: bottom(chart), numbers: items.map(bottom),
                      height: window.innerHeight - (pdf ? 0 : 26)};
            }"""
        )
    finally:
        for context in contexts:
            context.close()
    assert found["answer"] is not None and found["chart"] is not None, found
    assert len(found["numbers"]) >= 4, f"the landing page shows {len(found['numbers'])} headline numbers"
    assert found["answer"] <= found["height"], f"the answer sentence ends at {found['answer']:.0f} px, below the first screen"
    assert found["chart"] <= found["height"], f"the headline chart ends at {found['chart']:.0f} px, below the first screen"
    assert max(found["numbers"]) <= found["height"], f"the headline numbers end at {max(found['numbers']):.0f} px"
