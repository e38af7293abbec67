"""Every built page opens with the network cut off: every chart draws, nothing is fetched, the console is clean."""

from __future__ import annotations

import pytest

from chinacompute.pipeline.book import build_book
from chinacompute.pipeline.toc import toc_files
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser]


def chart_marks(page) -> list[int]:
    """For each chart container, how many drawn marks its SVG holds."""
    return page.eval_on_selector_all(
        ".cc-vega",
        "ds => ds.map(d => d.querySelectorAll('svg.marks g.mark-group, svg.marks path, svg.marks rect, svg.marks text').length)",
    )


def check_page(visit, html_file):
    result = visit(html_file.as_uri())
    marks = chart_marks(result.page)
    assert all(n > 0 for n in marks), f"{html_file.name}: a chart drew no marks ({marks})"
    assert result.blocked == [], f"{html_file.name} tried to load from the network: {result.blocked}"
    assert result.console_errors == [], f"{html_file.name} console errors: {result.console_errors}"
    # The theme's icons are drawn by a Font Awesome script trimmed to the icons the book uses; an icon it lacks
    # would be drawn as Font Awesome's placeholder (an SVG holding g.missing), silently.
    icons = result.page.eval_on_selector_all("svg.svg-inline--fa", "e => e.length")
    missing = result.page.eval_on_selector_all(
        "svg.svg-inline--fa .missing", "e => e.map(m => m.closest('svg').outerHTML.slice(0, 160))"
    )
    assert icons > 0, f"{html_file.name}: no theme icon was drawn"
    assert missing == [], f"{html_file.name}: icons missing from the trimmed fontawesome.js: {missing}"
    return marks


def test_fixture_book_offline(built_minibook, visit):
    layout, _ = build_book(built_minibook, workers=2, report=lambda _: None)
    assert check_page(visit, layout.html / "chapters" / "a_chart.html") == [
        check_page(visit, layout.html / "chapters" / "a_chart.html")[0]
    ]
    assert check_page(visit, layout.html / "chapters" / "b_table.html") == []


def test_every_page_of_the_book_draws_offline(real_book, visit):
    pages = [real_book / f.relative_to(ROOT).with_suffix(".html") for f in toc_files(ROOT)]
    charted = 0
    for page in pages:
        assert page.is_file(), f"{page} was not built"
        charted += len(check_page(visit, page))
    assert charted >= 10, f"only {charted} charts in the whole book"
    script = real_book / "_static" / "scripts" / "fontawesome.js"
    assert script.stat().st_size < 200_000, f"{script} was not trimmed ({script.stat().st_size:,} bytes)"


#: Counts every vegaEmbed call the page makes (the book's pages draw through window.vegaEmbed, set by the bundle).
COUNT_DRAWS = """
(() => { let real; window.__ccDraws = [];
  Object.defineProperty(window, 'vegaEmbed', {configurable: true,
    get() { return real && function () { window.__ccDraws.push(String(arguments[0])); return real.apply(this, arguments); }; },
    set(v) { real = v; }});
})();
"""


def test_each_chart_is_drawn_once_when_a_page_opens(browser, real_book):
    """A page draws each chart once when it opens: after the layout has settled (no draw at a width that then
    moves), in the light theme it was drawn in (no redraw when the theme sets the same theme), fitted to its column
    in one pass (no second draw for long axis labels)."""
    from tests.browser.conftest import offline_visitor

    open_page, contexts = offline_visitor(browser)
    try:
        for html_file in [real_book / p.relative_to(ROOT).with_suffix(".html") for p in toc_files(ROOT)]:
            page = open_page(html_file.as_uri(), init_script=COUNT_DRAWS).page
            page.wait_for_timeout(400)  # a redraw would follow the 150 ms resize debounce
            charts = page.eval_on_selector_all(".cc-vega", "ds => ds.map(d => '#' + d.id)")
            draws = page.evaluate("window.__ccDraws")
            assert sorted(draws) == sorted(charts), f"{html_file.name}: charts {charts}, drawn {draws}"
    finally:
        for context in contexts:
            context.close()
