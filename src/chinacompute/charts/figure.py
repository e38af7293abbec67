"""Show a chart the book's way: the chart, then a 'Source:' line built from the rows' source keys and a CSV link."""

from __future__ import annotations

import base64
import re

import altair as alt
import pandas as pd
from IPython.display import display

from .. import data as book_data
from ..csvsafe import spreadsheet_safe
from ..escape import to_html, to_markdown


class SourceLine:
    """A caption output: 'Source: ...' plus a link that downloads the chart's data as CSV (HTML); plain text in print."""

    def __init__(self, keys: list[str], table: pd.DataFrame, name: str, note: str = ""):
        # Two keys can name the same publisher and date (two pages of one site); say it once.
        self.labels = list(dict.fromkeys(book_data.cite_short(k) for k in keys))
        self.keys = keys
        self.table = table
        self.name = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-") or "chart-data"
        self.note = note

    def text(self) -> str:
        """The caption as plain text."""
        line = "Source: " + ("; ".join(self.labels) if self.labels else "see the data package")
        return f"{line}. {self.note}".strip() if self.note else line + "."

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        csv_bytes = spreadsheet_safe(self.table).to_csv(index=False).encode("utf-8")
        href = "data:text/csv;charset=utf-8;base64," + base64.b64encode(csv_bytes).decode()
        html = (f'<p class="cc-source" data-source-keys="{to_html(";".join(self.keys))}">{to_html(self.text())} '
                f'<a class="cc-download" download="{self.name}.csv" href="{href}">Download the data (CSV, '
                f"{len(self.table)} rows)</a></p>")
        # The PDF builder takes the Markdown form (myst-nb would wrap text/latex in a maths environment).
        return {"text/html": html, "text/markdown": f"*{to_markdown(self.text())}*", "text/plain": self.text()}


def show(chart: alt.TopLevelMixin, table: pd.DataFrame, name: str, sources: pd.DataFrame | list[str] | None = None, note: str = "") -> None:
    """Display `chart` and its source line; `table` is what the CSV link serves, `sources` the rows cited."""
    if getattr(chart, "description", alt.Undefined) in (alt.Undefined, None, ""):
        raise ValueError(f"chart {name!r} has no description: screen readers need one (chart.properties(description=...))")
    keys = sources if isinstance(sources, list) else book_data.source_keys(sources if sources is not None else table)
    display(chart)
    display(SourceLine(keys, table.drop(columns=[c for c in table.columns if c.startswith("_")]), name, note))
