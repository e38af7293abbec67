"""A chapter opened interactively (outside a book build, as in `make lab`) runs top to bottom with its defaults and
shows its charts as offline JupyterCharts (widgets whose JavaScript comes from vl-convert, not a CDN)."""

from __future__ import annotations

import json

import papermill as pm
import pytest

from chinacompute.notebooks import read_notebook, write_ipynb

pytestmark = pytest.mark.slow


def test_chapter_runs_interactively_with_offline_charts(minibook, tmp_path, monkeypatch):
    monkeypatch.delenv("CHINACOMPUTE_BOOK_BUILD", raising=False)
    monkeypatch.delenv("CHINACOMPUTE_DATA", raising=False)  # found from the notebook's folder, as in JupyterLab
    # JupyterLab's jupytext extension opens the .md chapter as this notebook; papermill runs it the same way.
    source = write_ipynb(read_notebook(minibook / "chapters" / "a_chart.md"), tmp_path / "source.ipynb")
    out = tmp_path / "a_chart.ipynb"
    pm.execute_notebook(str(source), str(out), cwd=str(minibook / "chapters"), kernel_name="python3", progress_bar=False)
    outputs = [o for c in json.loads(out.read_text())["cells"] for o in c.get("outputs", [])]
    kinds = {k for o in outputs for k in o.get("data", {})}
    assert "application/vnd.jupyter.widget-view+json" in kinds  # the chart, as a JupyterChart widget
    assert not any("cdn.jsdelivr" in json.dumps(o) for o in outputs)
    assert any("Source:" in "".join(o.get("data", {}).get("text/plain", "")) for o in outputs)
