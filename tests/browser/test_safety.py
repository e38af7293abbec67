"""Strings from data/ are shown as text wherever they land (tables, tooltips, CSV links, source lines), never run as
script or read as markup, in the HTML book and in the PDF."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest

from chinacompute.pipeline.book import build_book

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
SPECIALS = r"& % $ # _ { } ~ ^ \ *bold* [link](http://example.invalid) `code` $x^2$"
HOSTILE = f"{SCRIPT} {IMAGE} {SPECIALS}"


def poison(book) -> None:
    """Put the hostile text in a table cell (gadgets.label, b_table's table) and a chart tooltip (widgets.notes)."""
    for name, column in (("gadgets.csv", "label"), ("widgets.csv", "notes")):
        path = book / "data" / name
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for row in rows:
            row[column] = HOSTILE
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")


def test_hostile_data_stays_text(minibook, visit):
    poison(minibook)
    layout, _ = build_book(minibook, workers=2, report=lambda _: None)
    dialogs = []
    for page_name in ("b_table", "a_chart"):
        result = visit((layout.html / "chapters" / f"{page_name}.html").as_uri())
        page = result.page
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        assert page.locator("img[src='x']").count() == 0
        assert (
            page.evaluate(
                "() => Array.from(document.scripts).some(s => s.textContent.includes('alert(1)') && !s.textContent.includes('vegaEmbed'))"
            )
            is False
        )
        assert result.console_errors == []
        if page_name == "b_table":
            text = page.inner_text("main")
            assert SCRIPT in text and IMAGE in text and "*bold*" in text and "[link](http://example.invalid)" in text
        else:
            point = page.locator(".cc-vega g.mark-symbol path").nth(1)
            point.scroll_into_view_if_needed()
            box = point.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(x - 30, y - 30)
            page.mouse.move(x, y, steps=5)
            page.wait_for_selector("#vg-tooltip-element.visible", state="visible", timeout=5000)
            tooltip = page.inner_text("#vg-tooltip-element")
            assert SCRIPT in tooltip and IMAGE in tooltip
            csv_href = page.get_attribute("a.cc-download", "href")
            import base64

            assert HOSTILE in base64.b64decode(csv_href.split("base64,", 1)[1]).decode()
    assert dialogs == []


def test_hostile_data_prints(minibook):
    poison(minibook)
    layout, _ = build_book(minibook, workers=2, report=lambda _: None, target="pdf")
    text = subprocess.run(["pdftotext", str(layout.pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert SCRIPT in flat and IMAGE in flat
    assert "& % $ # _ { } ~ ^ \\" in flat and "*bold*" in flat
