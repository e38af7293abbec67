"""Numbered figures: chapter-based numbers, finding captions, short source notes, and their printed form."""

from __future__ import annotations

import base64
import json

import pandas as pd
import pytest

from chinacompute.charts import figure
from chinacompute.charts.figure import FIGURE_METADATA, SourceLine, figure_number, publisher, short_sources
from chinacompute.pipeline.print_figures import (
    chapter_counter_cell,
    compose_figures,
    endnotes_cell,
    figure_markdown,
    print_notebook,
)


@pytest.fixture(autouse=True)
def fresh_numbers(monkeypatch):
    monkeypatch.setattr(figure, "_numbers", {})


def test_figures_are_numbered_by_chapter_and_keep_their_number():
    assert figure_number("a", "02_supply_volume") == "2.1"
    assert figure_number("b", "02_supply_volume") == "2.2"
    assert figure_number("a", "02_supply_volume") == "2.1"  # the same chart shown again
    assert figure_number("a", "07_outlook") == "7.1"  # numbering restarts per chapter
    assert figure_number("c", "02_supply_volume") == "2.3"
    assert figure_number("x", "index") == "1"  # a page without a chapter number


def test_number_comes_from_the_chapter_the_pipeline_names(monkeypatch):
    monkeypatch.setenv(figure.CHAPTER_ENV, "05_policy_timeline")
    assert figure_number("timeline") == "5.1"


def test_publisher_of_a_label():
    assert publisher("Reuters (via The Sun), 2025-07-28") == "Reuters"
    assert publisher("NVIDIA Corporation, Form 10-Q, 2025-05-28") == "NVIDIA Corporation, Form 10-Q"
    assert publisher("SemiAnalysis, 2025") == "SemiAnalysis"
    assert publisher("Huawei") == "Huawei"


def test_short_sources_lists_at_most_eight():
    few = [f"P{i}, 2025-01-0{i}" for i in range(1, 9)]
    assert short_sources(few) == ("; ".join(few), False)
    # 12 labels from 10 publishers (P1 three times): the first 8 publishers cover 10 labels, 2 are left out.
    many = ["P1, 2024-01-01", "P1, 2024-02-01", "P1 (via R), 2024-03-01"] + [f"P{i}, 2025" for i in range(2, 11)]
    text, shortened = short_sources(many)
    assert shortened
    assert text == "P1; P2; P3; P4; P5; P6; P7; P8; and 2 more sources"


def test_caption_block_escapes_and_folds_the_full_list(monkeypatch):
    labels = {f"k{i}": f"Outlet {i} <b>, 2025-01-{i:02d}" for i in range(1, 11)}
    monkeypatch.setattr("chinacompute.data.cite_short", lambda key, data_dir=None: labels[key])
    line = SourceLine(list(labels), pd.DataFrame({"a": [1]}), "n", caption="Share <script>x</script> rose", figure="2.3")
    html = line.mimebundle()["text/html"]
    assert '<p class="cc-caption"><strong>Figure 2.3.</strong> Share &lt;script&gt;x&lt;/script&gt; rose</p>' in html
    assert "<script>" not in html
    assert "All 10 sources" in html and html.count("<li>") == 10
    assert line.text(short=True).startswith("Source: Outlet 1 <b>; Outlet 2 <b>;")
    assert "and 2 more sources" in line.text(short=True)
    meta = line.metadata()[FIGURE_METADATA]
    assert meta["figure"] == "2.3" and meta["shortened"] and len(meta["sources"]) == 10
    assert line.mimebundle()["text/plain"].startswith("Figure 2.3. Share <script>x</script> rose\nSource:")


def test_no_caption_no_number_is_just_the_source_note(monkeypatch):
    monkeypatch.setattr("chinacompute.data.cite_short", lambda key, data_dir=None: "IDC, 2026")
    html = SourceLine(["k"], pd.DataFrame({"a": [1]}), "n").mimebundle()["text/html"]
    assert "cc-caption" not in html and "<details" not in html


PDF = base64.b64encode(b"%PDF-1.4 fake").decode()


def chart_and_caption(meta: dict) -> list[dict]:
    return [
        {"output_type": "display_data", "metadata": {}, "data": {"application/pdf": PDF, "text/html": "<div></div>"}},
        {"output_type": "display_data", "metadata": {FIGURE_METADATA: meta}, "data": {"text/markdown": "*Source*"}},
    ]


META = {"figure": "5.2", "caption": "Events *per* year", "source": "Source: A; B.", "sources": ["A", "B"], "shortened": False}


def test_a_chart_and_its_caption_become_one_figure(tmp_path):
    book = {"cells": [{"cell_type": "code", "source": "", "metadata": {}, "outputs": chart_and_caption(META)}]}
    composed = compose_figures(book, tmp_path / "_figures", "/_figures")
    outputs = book["cells"][0]["outputs"]
    assert len(outputs) == 1 and composed == [META]
    text = outputs[0]["data"]["text/markdown"]
    assert text.startswith("````{figure} /_figures/") and text.rstrip().endswith("````")
    assert "**Figure 5\\.2.** Events \\*per\\* year" in text  # the finding is text, never markup
    assert "Source\\: A; B\\." in text
    (written,) = (tmp_path / "_figures").iterdir()
    assert written.read_bytes() == b"%PDF-1.4 fake" and written.name in text


def test_a_hostile_caption_cannot_close_the_fence():
    text = figure_markdown("/_figures/x.pdf", {**META, "caption": "````\n```{raw} latex\n\\input{/etc/passwd}\n```"})
    assert text.count("````") == 2  # opening and closing only: the caption's backticks are escaped
    assert "\\`\\`\\`\\`" in text


def test_endnotes_list_only_shortened_notes_and_counter_follows_the_chapter():
    assert endnotes_cell([META]) is None
    cell = endnotes_cell([META, {**META, "figure": "5.3", "sources": ["A", "B", "C"], "shortened": True}])
    assert "Figure 5\\.3:" in cell["source"] and "Figure 5\\.2" not in cell["source"] and "A; B; C." in cell["source"]
    assert ":::{container} cc-endnotes\n" in cell["source"]  # set small in print (chinacompute.sty)
    assert "\\setcounter{chapter}{4}" in chapter_counter_cell("05_policy_timeline")["source"]
    assert chapter_counter_cell("index") is None


def test_printed_chapter_and_landing_page(tmp_path):
    bib = "Text before.\n\n## Bibliography\n\nEvery source.\n\n```{bibliography}\n:all:\n```\n"
    chapter = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Data\n"},
            {"cell_type": "markdown", "metadata": {}, "source": bib},
        ]
    }
    print_notebook(chapter, "08_data_and_methods", tmp_path, tmp_path / "_figures", "/_figures")
    assert chapter["cells"][0]["source"].startswith("```{raw} latex\n\\setcounter{chapter}{7}")
    assert chapter["cells"][2]["source"] == "Text before.\n\n```{bibliography}\n:all:\n```\n"
    landing = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# The title\n\nLong text."},
            {"cell_type": "code", "metadata": {}, "source": "x", "outputs": []},
        ]
    }
    assert print_notebook(landing, "index", tmp_path, tmp_path, "/f", landing=True) == (0, 0)
    assert landing["cells"] == [{"cell_type": "markdown", "metadata": {}, "source": "# The title\n"}]
    json.dumps(landing)


def test_tables_show_publishers_and_dates_not_source_keys():
    import pandas as pd

    from chinacompute import data
    from chinacompute.charts.figure import with_source_labels

    keys = sorted(data.package().bibliography)[:2]
    table = pd.DataFrame({"Event": ["a", "b", "c"], "Source keys": [f"{keys[0]};{keys[1]}", keys[0], None]})
    shown = with_source_labels(table)
    assert list(shown.columns) == ["Event", "Sources"]
    assert shown["Sources"].tolist() == [
        f"{data.cite_short(keys[0])}; {data.cite_short(keys[1])}",
        data.cite_short(keys[0]),
        "",
    ]
    assert not any(key in " ".join(shown["Sources"]) for key in keys)  # the labels name publishers, not keys
