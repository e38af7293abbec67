"""Charts get their vector PDF when a PDF is built: added to a print copy, cached by spec, sources left untouched."""

from __future__ import annotations

import base64
import json

import altair as alt
import pandas as pd

from chinacompute.charts import render
from chinacompute.pipeline.print_figures import add_chart_pdfs, prepare_print_sources


def chart_output(units: float) -> dict:
    spec = alt.Chart(pd.DataFrame({"year": [2024], "units": [units]})).mark_bar().encode(x="year:O", y="units:Q").to_dict()
    return {"output_type": "display_data", "metadata": {}, "data": render.book_renderer(spec)}


def notebook(*outputs) -> dict:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "Text"},
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "x", "outputs": list(outputs)},
    ]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


TABLE = {
    "output_type": "display_data",
    "metadata": {},
    "data": {"text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "t"},
}


def pdf_of(output: dict) -> bytes:
    return base64.b64decode(output["data"]["application/pdf"])


def test_every_chart_and_nothing_else_gets_a_pdf(tmp_path):
    book = notebook(chart_output(1.0), TABLE, chart_output(2.0))
    assert add_chart_pdfs(book, tmp_path / "figures") == (2, 2)
    outputs = book["cells"][1]["outputs"]
    assert pdf_of(outputs[0]).startswith(b"%PDF") and pdf_of(outputs[2]).startswith(b"%PDF")
    assert pdf_of(outputs[0]) != pdf_of(outputs[2])
    assert "application/pdf" not in outputs[1]["data"]
    assert add_chart_pdfs(book, tmp_path / "figures") == (0, 0)  # already printed


def test_pdfs_are_cached_by_spec(tmp_path):
    first, second = notebook(chart_output(1.0)), notebook(chart_output(1.0), chart_output(3.0))
    assert add_chart_pdfs(first, tmp_path) == (1, 1)
    assert add_chart_pdfs(second, tmp_path) == (2, 1)  # the identical chart came from the cache
    assert pdf_of(second["cells"][1]["outputs"][0]) == pdf_of(first["cells"][1]["outputs"][0])


def test_print_copy_mirrors_the_book_and_leaves_it_alone(tmp_path):
    source, printed = tmp_path / "exec", tmp_path / "print"
    (source / "chapters").mkdir(parents=True)
    (source / "failed").mkdir()
    chapter = source / "chapters" / "a.ipynb"
    chapter.write_text(json.dumps(notebook(chart_output(1.0))))
    (source / "_toc.yml").write_text("root: index\n")
    (source / "failed" / "b.ipynb").write_text("{}")
    before = chapter.read_bytes()
    lines = []
    prepare_print_sources(source, printed, tmp_path / "figures", report=lines.append)
    assert chapter.read_bytes() == before
    assert sorted(str(p.relative_to(printed)) for p in printed.rglob("*") if p.is_file()) == ["_toc.yml", "chapters/a.ipynb"]
    assert pdf_of(json.loads((printed / "chapters" / "a.ipynb").read_text())["cells"][1]["outputs"][0]).startswith(b"%PDF")
    assert lines == ["  figures   1 chart(s) for print, 1 converted to PDF (0 cached)"]
    mtime = (printed / "chapters" / "a.ipynb").stat().st_mtime_ns
    (source / "_toc.yml").unlink()
    prepare_print_sources(source, printed, tmp_path / "figures", report=lines.append)
    assert not (printed / "_toc.yml").exists()  # removed from the book, removed from the print copy
    assert (printed / "chapters" / "a.ipynb").stat().st_mtime_ns == mtime  # unchanged: not rewritten
    assert lines[-1] == "  figures   1 chart(s) for print, 0 converted to PDF (1 cached)"
