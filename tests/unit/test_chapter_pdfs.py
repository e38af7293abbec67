"""Chapter PDFs: page ranges read from the printed book's outline, and which PDFs a build may link."""

from __future__ import annotations

import json

from chinacompute.pipeline import chapter_pdfs
from chinacompute.pipeline.chapter_pdfs import OutlineEntry, chapter_ranges, current_pdfs, normalise_title
from chinacompute.sphinx_ext.downloads import pdf_for

# The real book's outline shape: parts at depth 0, chapters at 1, sections at 2; the bibliography is a chapter-level
# entry of the last part, the colophon after it.
OUTLINE = [
    OutlineEntry(0, "Findings", 4),
    OutlineEntry(1, "Summary: what the numbers say", 4),
    OutlineEntry(2, "Key findings", 5),
    OutlineEntry(0, "Supply and hardware", 7),
    OutlineEntry(1, "How many accelerators reach China", 7),
    OutlineEntry(2, "Huawei\u2019s output: the estimates disagree", 8),
    OutlineEntry(1, "How far domestic chips lag", 12),
    OutlineEntry(0, "Reference", 38),
    OutlineEntry(1, "Data and methods", 38),
    OutlineEntry(1, "Bibliography", 53),
    OutlineEntry(1, "About this edition", 75),
]


def test_a_chapter_ends_before_the_next_chapter_or_part():
    titles = {
        "01": "Summary: what the numbers say",
        "02": "How many accelerators reach China",
        "03": "How far domestic chips lag",
        "08": "Data and methods",
    }
    assert chapter_ranges(OUTLINE, titles, 75) == {"01": (4, 6), "02": (7, 11), "03": (12, 37), "08": (38, 52)}


def test_a_book_without_parts_and_a_last_chapter_that_runs_to_the_end():
    outline = [
        OutlineEntry(0, "Chapter A: a chart", 2),
        OutlineEntry(1, "A section", 3),
        OutlineEntry(0, "Chapter B: a table", 4),
    ]
    assert chapter_ranges(outline, {"a": "Chapter A: a chart", "b": "Chapter B: a table"}, 6) == {"a": (2, 3), "b": (4, 6)}


def test_titles_match_across_typographic_quotes_case_and_spacing_and_unknown_titles_are_left_out():
    assert normalise_title("China\u2019s AI  compute") == normalise_title("china's AI compute")
    outline = [OutlineEntry(0, "China\u2019s AI compute by source", 3), OutlineEntry(0, "Bibliography", 9)]
    assert chapter_ranges(outline, {"07": "China's AI compute by source", "x": "Not printed"}, 10) == {"07": (3, 8)}


def test_only_pdfs_printed_from_the_current_execution_are_linked(tmp_path):
    from chinacompute.pipeline import cache

    pdf_dir = tmp_path / "pdf"
    (pdf_dir / "chapters").mkdir(parents=True)
    for name in ("chapters/a.pdf", "chapters/b.pdf", "book.pdf"):
        (pdf_dir / name).write_bytes(b"%PDF-1.5")
    printed = {"a": "key-a", "b": "key-b"}
    (pdf_dir / "chapters" / "manifest.json").write_text(json.dumps({"chapters": printed, "book": chapter_pdfs.book_key(printed)}))
    meta = cache.CACHE_METADATA
    now = {}
    for stem, key in (("a", "key-a"), ("b", "key-b")):
        path = tmp_path / f"{stem}.ipynb"
        path.write_text(json.dumps({"cells": [], "metadata": {meta: {"key": key}}}))
        now[stem] = path
    assert set(current_pdfs(pdf_dir, now)) == {"a", "b", "book"}
    now["b"].write_text(json.dumps({"cells": [], "metadata": {meta: {"key": "key-b-rerun"}}}))
    assert set(current_pdfs(pdf_dir, now)) == {"a"}  # b's numbers changed since printing, so did the book's
    staged = tmp_path / "exec"
    (staged / "_pdf").mkdir(parents=True)
    (staged / "_pdf" / "b.pdf").write_bytes(b"old")
    assert chapter_pdfs.stage_pdfs(pdf_dir, now, staged) == ["a.pdf"]
    assert sorted(p.name for p in (staged / "_pdf").iterdir()) == ["a.pdf"]
    assert current_pdfs(tmp_path / "nothing-printed", now) == {}


def test_the_landing_page_links_the_book_and_a_chapter_its_own_pdf(tmp_path):
    (tmp_path / "book.pdf").write_bytes(b"x")
    (tmp_path / "02_supply_volume.pdf").write_bytes(b"x")
    assert pdf_for("index", tmp_path) == ("book.pdf", "Download the book as PDF")
    assert pdf_for("chapters/02_supply_volume", tmp_path) == ("02_supply_volume.pdf", "Download this chapter as PDF")
    assert pdf_for("chapters/03_hardware_gap", tmp_path) is None
