"""The print form of a table: a MyST list-table of the cells as the reader sees them, escaped, links kept as links."""

from __future__ import annotations

import pandas as pd

from chinacompute.charts.tables import LONGTABLE_ROWS, cell_markdown, styler_to_myst


def test_cells_as_formatted_with_the_header():
    frame = pd.DataFrame({"Chip": ["H20", "910C"], "TFLOPS": [148.0, 781.5]})
    text = styler_to_myst(frame.style.hide(axis="index").format({"TFLOPS": "{:,.1f}"}))
    assert text.splitlines() == [
        "```{list-table}",
        ":header-rows: 1",
        ":widths: auto",
        "",
        "* - Chip",
        "  - TFLOPS",
        "* - H20",
        "  - 148\\.0",
        "* - 910C",
        "  - 781\\.5",
        "```",
    ]


def test_markup_in_data_stays_text_and_a_web_address_becomes_a_link():
    frame = pd.DataFrame(
        {
            "Note": ["*bold* <b>x</b> $1 {glue}`a`", "see https://example.org/a"],
            "Repository": ["https://github.com/MooreThreads/torch_musa", "https://evil.example/<script>"],
        }
    )
    text = styler_to_myst(frame.style.hide(axis="index").format(escape="html"))  # as charts.setup() makes every Styler
    assert "  - <https://github.com/MooreThreads/torch_musa>" in text.splitlines()
    assert "<script>" not in text and "<b>" not in text and "*bold*" not in text
    assert "\\<b\\>x\\</b\\>" in text and "https\\://evil\\.example/\\<script\\>" in text
    assert "see https\\://example\\.org/a" in text  # an address inside prose is text, not an autolink


def test_only_a_whole_cell_of_web_address_is_linked():
    assert cell_markdown("https://www.hiascend.com/en/software/cann") == "<https://www.hiascend.com/en/software/cann>"
    assert cell_markdown("http://a.b") == "<http://a.b>"
    for text in ("javascript:alert(1)", "https://x.org/a b", "https://x.org/`x`", "ftp://x.org/f", "not found"):
        assert not cell_markdown(text).startswith("<"), text


def test_long_tables_break_across_pages_with_widths():
    frame = pd.DataFrame({"a": range(LONGTABLE_ROWS + 1), "b": ["x" * 40] * (LONGTABLE_ROWS + 1)})
    lines = styler_to_myst(frame.style.hide(axis="index")).splitlines()
    assert ":class: longtable" in lines and ":widths: 9 28" in lines  # proportional to the longest cell, within 9..28
