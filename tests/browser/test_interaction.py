"""The live charts of the real book respond offline: tooltips on hover, legend filters, sliders, and CSV downloads
whose rows are the chart's rows."""

from __future__ import annotations

import base64
import csv
import io
import json
import math
import re
from urllib.parse import unquote_to_bytes

import pytest

from chinacompute.pipeline.toc import toc_files
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser]

TOOLTIP = "#vg-tooltip-element"
POINTS = "g.mark-symbol.role-mark path"


def chapter(real_book, name: str):
    return (real_book / "chapters" / f"{name}.html").as_uri()


def chart_with_title(page, title: str) -> str:
    """The id of the chart container whose SVG title text starts with `title`."""
    ids = page.eval_on_selector_all(
        ".cc-vega",
        "(ds, t) => ds.filter(d => Array.from(d.querySelectorAll('.role-title-text text'))"
        ".some(x => x.textContent.startsWith(t))).map(d => d.id)",
        title,
    )
    assert len(ids) == 1, f"expected one chart titled {title!r}, found {ids}"
    return ids[0]


def aria_fields(label: str) -> dict[str, str]:
    """Vega-Lite's mark aria-label ('Field: value; Field: value') as a dict (values may hold '; ' only at the end)."""
    fields = {}
    for part in re.split(r"; (?=[^;:]+: )", label or ""):
        key, _, value = part.partition(": ")
        fields[key] = value
    return fields


def mark_labels(page, chart_id: str, selector: str) -> list[str]:
    return page.eval_on_selector_all(f"#{chart_id} {selector}", "ps => ps.map(p => p.getAttribute('aria-label') || '')")


def opacities(page, chart_id: str) -> list[tuple[str, float]]:
    return [
        (aria_fields(label).get("Category", ""), float(op))
        for label, op in page.eval_on_selector_all(
            f"#{chart_id} {POINTS}", "ps => ps.map(p => [p.getAttribute('aria-label') || '', p.getAttribute('opacity') || '1'])"
        )
    ]


def decode_csv(href: str) -> list[dict[str, str]]:
    header, _, payload = href.partition(",")
    assert header.startswith("data:text/csv"), f"not a CSV data URI: {header}"
    raw = base64.b64decode(payload) if header.endswith(";base64") else unquote_to_bytes(payload)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


def inline_spec(page, chart_id: str) -> dict:
    """The Vega-Lite spec the page's inline script hands to vegaEmbed for `chart_id`."""
    scripts = page.eval_on_selector_all("script:not([src])", "ss => ss.map(s => s.textContent)")
    text = next(s for s in scripts if f'vegaEmbed("#{chart_id}"' in s)
    match = re.search(r"var spec=(.*?);var opt=", text, re.S)
    return json.loads(match.group(1).replace("<\\!--", "<!--"))


def csv_link_for(page, chart_id: str) -> dict:
    """The download link shown under the chart (same notebook cell output) and its text."""
    link = page.evaluate(
        """id => { const out = document.getElementById(id).closest('.cell_output');
        const a = out && out.querySelector('a.cc-download'); return a && {href: a.getAttribute('href'), text: a.textContent,
        download: a.getAttribute('download')}; }""",
        chart_id,
    )
    assert link, f"no CSV link under chart {chart_id}"
    return link


def test_hover_shows_tooltip(real_book, visit):
    """Chapter 05's timeline: pointing at an event shows that event's tooltip."""
    page = visit(chapter(real_book, "05_policy_timeline")).page
    chart = chart_with_title(page, "US controls and Chinese responses")
    assert not page.is_visible(TOOLTIP)
    point = page.locator(f"#{chart} {POINTS}").nth(3)
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=5)
    page.wait_for_selector(f"{TOOLTIP}.visible", state="visible", timeout=5_000)
    # The tooltip must describe the point under the pointer (the topmost one where points overlap).
    under = aria_fields(
        page.evaluate("([x, y]) => (document.elementFromPoint(x, y) || {}).getAttribute?.('aria-label') || ''", [x, y])
    )
    assert under.get("Event"), f"no event mark under the pointer: {under}"
    text = page.inner_text(TOOLTIP)
    for key in ("Date", "Actor", "Category", "Event", "What happened", "Confidence"):
        assert key in text, f"tooltip lacks {key!r}: {text!r}"
    for key in ("Event", "Actor", "Date"):
        assert under[key] in text, f"tooltip does not show the hovered {key} {under[key]!r}: {text!r}"
    page.mouse.move(5, 5)
    page.wait_for_selector(TOOLTIP, state="hidden", timeout=5_000)


def test_legend_click_filters(real_book, visit):
    """Chapter 05's timeline: clicking a category in the legend fades every other category; another entry moves the
    filter to that category."""
    page = visit(chapter(real_book, "05_policy_timeline")).page
    chart = chart_with_title(page, "US controls and Chinese responses")
    before = opacities(page, chart)
    assert before and all(op == pytest.approx(0.9) for _, op in before), f"not every point starts fully shown: {before[:5]}"
    counts = {c: sum(1 for cat, _ in before if cat == c) for c, _ in before}
    labels = page.locator(f"#{chart} g.category_legend_labels text")
    names = [n.strip() for n in labels.all_text_contents()]
    chosen = next(n for n in names if 0 < counts.get(n, 0) < len(before))
    labels.nth(names.index(chosen)).click()
    page.wait_for_function(
        f"() => Array.from(document.querySelectorAll('#{chart} {POINTS}')).some(p => Number(p.getAttribute('opacity')) < 0.5)",
        timeout=5_000,
    )
    after = opacities(page, chart)
    assert len(after) == len(before)
    shown = [cat for cat, op in after if op > 0.5]
    faded = [cat for cat, op in after if op <= 0.5]
    assert set(shown) == {chosen} and len(shown) == counts[chosen], f"after clicking {chosen!r}, shown: {sorted(set(shown))}"
    assert len(faded) == len(before) - counts[chosen] and chosen not in faded
    # A second legend entry moves the filter to that category.
    other = next(n for n in names if n != chosen and counts.get(n, 0) > 0)
    labels.nth(names.index(other)).click()
    page.wait_for_function(
        f"""() => Array.from(document.querySelectorAll('#{chart} {POINTS}'))
        .filter(p => Number(p.getAttribute('opacity')) > 0.5).length === {counts[other]}""",
        timeout=5_000,
    )
    assert {cat for cat, op in opacities(page, chart) if op > 0.5} == {other}


def bars_by_estimator(page, chart: str) -> dict[str, tuple[float, int]]:
    """For the slider chart's bars (layer 1): estimator -> (bar width in px, packages shown in its label)."""
    rows = page.eval_on_selector_all(
        f"#{chart} g.mark-rect.layer_1_marks path", "ps => ps.map(p => [p.getAttribute('aria-label') || '', p.getBBox().width])"
    )
    out = {}
    for label, width in rows:
        fields = aria_fields(label)
        out[fields["estimator"]] = (
            width,
            int(fields["Packages (units)"].replace(",", "")),
            int(fields["Dies (units)"].replace(",", "")),
        )
    return out


def test_slider_changes_the_chart(real_book, visit):
    """Chapter 02's 'Try it: move the sliders': lowering 'Die yield' shortens every bar to what the model gives."""
    page = visit(chapter(real_book, "02_supply_volume")).page
    slider = page.locator("input[type=range][name=die_yield]")
    chart = slider.evaluate("i => i.closest('.cc-vega').id")
    section = page.evaluate("id => document.getElementById(id).closest('section').querySelector('h1, h2, h3').textContent", chart)
    assert "move the sliders" in section, f"the Die yield slider is not in the 'Try it' section: {section!r}"
    params = {
        n: float(page.locator(f"#{chart} input[type=range][name={n}]").input_value())
        for n in ("die_yield", "dies_per_package", "packaging_yield", "hbm_millions")
    }
    labels_before = mark_labels(page, chart, "g.mark-rect.layer_1_marks path")
    before = bars_by_estimator(page, chart)
    assert before and all(w > 0 for w, _, _ in before.values()), before
    slider.focus()
    page.keyboard.press("Home")  # a real input event, as a reader dragging to the left end would send
    low = float(slider.get_attribute("min"))
    assert float(slider.input_value()) == pytest.approx(low)
    page.wait_for_function(
        "([id, old]) => Array.from(document.querySelectorAll('#' + id + ' g.mark-rect.layer_1_marks path'))"
        ".some((p, i) => p.getAttribute('aria-label') !== old[i])",
        arg=[chart, labels_before],
        timeout=5_000,
    )
    after = bars_by_estimator(page, chart)
    assert after.keys() == before.keys()
    assert page.inner_text(f"#{chart} .vega-bind:has(input[name=die_yield]) span:not(.vega-bind-name)").strip() == f"{low:g}"
    stacks = 4  # STACKS_PER_DIE in the chapter (910C: 8 HBM stacks for 2 dies)
    for estimator, (width, packages, dies) in after.items():
        sets = math.floor(dies * low / params["dies_per_package"] + 1e-9)
        expected = min(
            math.floor(sets * params["packaging_yield"] + 1e-9),
            math.floor(params["hbm_millions"] * 1_000_000 / (stacks * params["dies_per_package"])),
        )
        assert packages == expected, (
            f"{estimator}: chart shows {packages:,} packages at die yield {low}, the model gives {expected:,}"
        )
        assert width < before[estimator][0], f"{estimator}: bar did not shrink ({before[estimator][0]} -> {width})"
        assert packages < before[estimator][1]


def test_csv_download_matches_the_timeline(real_book, visit):
    """Chapter 05's timeline: the CSV has one row per point drawn, the same events in the same categories."""
    page = visit(chapter(real_book, "05_policy_timeline")).page
    chart = chart_with_title(page, "US controls and Chinese responses")
    link = csv_link_for(page, chart)
    rows = decode_csv(link["href"])
    assert link["download"].endswith(".csv")
    assert f"{len(rows)} rows" in link["text"], f"link says {link['text']!r}, CSV has {len(rows)} rows"
    marks = [aria_fields(label) for label in mark_labels(page, chart, POINTS)]
    assert len(rows) == len(marks), f"CSV has {len(rows)} rows, the chart draws {len(marks)} points"
    spec = inline_spec(page, chart)
    datasets = list(spec.get("datasets", {}).values())
    assert len(datasets) == 1 and len(datasets[0]) == len(rows), "the chart's inline data and the CSV differ in length"
    assert sorted((r["event_id"], r["category"], r["title"]) for r in rows) == sorted(
        (d["event_id"], d["category"], d["title"]) for d in datasets[0]
    )
    assert sorted((r["title"], r["category"]) for r in rows) == sorted((m["Event"], m["Category"]) for m in marks)


def test_every_csv_link_is_a_valid_csv_of_its_chart(real_book, visit):
    """Every chart in the book: its CSV decodes, has the row count its link states, and shares the chart's columns."""
    checked = 0
    for source in toc_files(ROOT):
        page = visit((real_book / source.relative_to(ROOT).with_suffix(".html")).as_uri()).page
        for chart in page.eval_on_selector_all(".cc-vega", "ds => ds.map(d => d.id)"):
            link = csv_link_for(page, chart)
            rows = decode_csv(link["href"])
            stated = re.search(r"\(CSV, (\d+) rows?\)", link["text"])
            assert stated and int(stated.group(1)) == len(rows) > 0, (
                f"{source.stem} {chart}: {link['text']!r} vs {len(rows)} rows"
            )
            fields = {k for data in inline_spec(page, chart).get("datasets", {}).values() for row in data for k in row}
            shared = set(rows[0]) & fields
            assert shared, f"{source.stem} {chart}: the CSV columns {sorted(rows[0])} share nothing with the chart's data"
            checked += 1
        print(f"\ncsv {source.stem}: ok")
    assert checked >= 10
