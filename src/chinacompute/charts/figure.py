"""Show a chart the book's way: the chart, then its caption block: "Figure 2.3." and the finding it shows, a short
"Source:" note (at most eight publishers; the full list one click away in HTML, in the chapter's endnotes in print)
and a link that downloads the chart's data as CSV.

Figures are numbered by chapter: the chapter's number (from the notebook's name, e.g. 02_supply_volume -> 2, which
the book's pipeline gives the kernel as $CHINACOMPUTE_CHAPTER) and the chart's place in it. A briefing runs the
same chapter, so "Figure 2.3" stays 2.3 there. Showing the same chart name again keeps its number.
"""

from __future__ import annotations

import base64
import os
import re

import altair as alt
import pandas as pd
from IPython.display import display

from .. import data as book_data
from ..csvsafe import spreadsheet_safe
from ..escape import to_html, to_markdown

CHAPTER_ENV = "CHINACOMPUTE_CHAPTER"
#: A source note names at most this many sources; longer lists are summarised by publisher.
MAX_SOURCES = 8
#: Output metadata key the print edition reads to make a numbered figure (see pipeline.print_figures).
FIGURE_METADATA = "chinacompute_figure"

_numbers: dict[tuple[str, str], int] = {}
_edition: list = [None]  # the citation.Edition figures are cited in (charts.setup(as_of))


def set_edition(as_of: str | None) -> None:
    """Cite this chapter's figures in the edition of `as_of` (None: no "Cite this figure")."""
    from .. import citation

    _edition[0] = citation.edition_for(as_of) if as_of else None


def chapter_number(stem: str) -> int | None:
    """The chapter's number from its file stem ('02_supply_volume' -> 2); None for pages without one."""
    match = re.match(r"(\d+)_", stem)
    return int(match.group(1)) if match else None


def figure_number(name: str, stem: str | None = None) -> str:
    """'2.3' for the third distinct chart shown in chapter 02 (or '3' on a page without a chapter number)."""
    stem = os.environ.get(CHAPTER_ENV, "") if stem is None else stem
    if (stem, name) not in _numbers:
        _numbers[(stem, name)] = 1 + sum(1 for page, _ in _numbers if page == stem)
    count = _numbers[(stem, name)]
    number = chapter_number(stem)
    return f"{number}.{count}" if number is not None else str(count)


def publisher(label: str) -> str:
    """The publisher of a short source label: 'Reuters (via The Sun), 2025-07-28' -> 'Reuters'."""
    return re.split(r" \(via |, (?=\d{4})", label)[0].strip()


def short_sources(labels: list[str], limit: int = MAX_SOURCES) -> tuple[str, bool]:
    """The source note's list and whether it was shortened: every label when there are at most `limit`; otherwise
    the first `limit` publishers (each once) and how many sources are left out."""
    if len(labels) <= limit:
        return "; ".join(labels), False
    names = list(dict.fromkeys(publisher(label) for label in labels))
    shown = names[:limit]
    rest = len(labels) - sum(1 for label in labels if publisher(label) in shown)
    text = "; ".join(shown)
    if rest:
        text += f"; and {rest} more source{'s' if rest != 1 else ''}"
    return text, True


def with_source_labels(table: pd.DataFrame, column: str = "Source keys") -> pd.DataFrame:
    """`table` with its column of ';'-separated source keys replaced by 'Sources': each key's short label
    ('Reuters (via The Sun), 2025-07-28'), so a reader sees publishers and dates, not the data's keys."""
    if column not in table:
        return table
    labels = table[column].map(
        lambda keys: (
            "; ".join(dict.fromkeys(book_data.cite_short(k.strip()) for k in str(keys).split(";") if k.strip()))
            if isinstance(keys, str)
            else ""
        )  # fmt: skip
    )
    return table.drop(columns=[column]).assign(Sources=labels.to_numpy())


class SourceLine:
    """A chart's caption block: figure number and finding (when given), 'Source: ...' and a CSV download (HTML);
    plain text in print."""

    def __init__(self, keys: list[str], table: pd.DataFrame, name: str, note: str = "", caption: str = "", figure: str = ""):
        # Two keys can name the same publisher and date (two pages of one site); say it once.
        self.labels = list(dict.fromkeys(book_data.cite_short(k) for k in keys))
        self.keys = keys
        self.table = table
        self.name = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-") or "chart-data"
        self.note = note
        self.caption = caption.strip()
        self.figure = figure

    def text(self, short: bool = False) -> str:
        """The source note as plain text (`short`: at most MAX_SOURCES sources named)."""
        listed = short_sources(self.labels)[0] if short else "; ".join(self.labels)
        line = "Source: " + (listed if self.labels else "see the data package")
        return f"{line}. {self.note}".strip() if self.note else line + "."

    def heading(self) -> str:
        """'Figure 2.3. <finding>' (or just the finding, or nothing)."""
        label = f"Figure {self.figure}." if self.figure else ""
        return " ".join(part for part in (label, self.caption) if part)

    def shortened(self) -> bool:
        return short_sources(self.labels)[1]

    def metadata(self) -> dict:
        """What the print edition needs to make this chart a numbered LaTeX figure (pipeline.print_figures)."""
        return {
            FIGURE_METADATA: {
                "figure": self.figure,
                "caption": self.caption,
                "source": self.text(short=True),
                "sources": self.labels,
                "shortened": self.shortened(),
            }
        }

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.mimebundle(), self.metadata()

    def cite_html(self) -> str:
        """'Cite this figure', folded: the figure's number and finding, then the edition's citation."""
        edition = _edition[0]
        if edition is None or not self.figure:
            return ""
        from ..citation import figure_plain

        return (
            f'<details class="cc-cite-figure"><summary>Cite this figure</summary>'
            f"<p>{to_html(figure_plain(edition, self.figure, self.caption))}</p></details>"
        )

    def mimebundle(self) -> dict:
        """The output's forms: HTML (caption, note, full list, CSV link), Markdown (print without the print
        edition: myst-nb would wrap text/latex in a maths environment) and plain text."""
        csv_bytes = spreadsheet_safe(self.table).to_csv(index=False).encode("utf-8")
        href = "data:text/csv;charset=utf-8;base64," + base64.b64encode(csv_bytes).decode()
        caption = ""
        if self.heading():
            number = f"<strong>Figure {to_html(self.figure)}.</strong> " if self.figure else ""
            caption = f'<p class="cc-caption">{number}{to_html(self.caption)}</p>'
        full = ""
        if self.shortened():
            items = "".join(f"<li>{to_html(label)}</li>" for label in self.labels)
            full = f'<details class="cc-sources"><summary>All {len(self.labels)} sources</summary><ul>{items}</ul></details>'
        html = (
            f'{caption}<p class="cc-source" data-source-keys="{to_html(";".join(self.keys))}">'
            f"{to_html(self.text(short=True))} "
            f'<a class="cc-download" download="{self.name}.csv" href="{href}">Download the data (CSV, '
            f"{len(self.table)} rows)</a></p>{full}{self.cite_html()}"
        )
        plain = "\n".join(part for part in (self.heading(), self.text(short=True)) if part)
        markdown = "\n\n".join(
            part
            for part in (
                f"**{to_markdown(self.heading())}**" if self.heading() else "",
                f"*{to_markdown(self.text(short=True))}*",
            )
            if part
        )
        return {"text/html": html, "text/markdown": markdown, "text/plain": plain}


def show(
    chart: alt.TopLevelMixin,
    table: pd.DataFrame,
    name: str,
    sources: pd.DataFrame | list[str] | None = None,
    note: str = "",
    caption: str = "",
) -> None:
    """Display `chart` as a numbered figure: the chart, then its caption (`caption`: the finding it shows), source
    note and CSV link. `table` is what the CSV link serves, `sources` the rows cited."""
    if getattr(chart, "description", alt.Undefined) in (alt.Undefined, None, ""):
        raise ValueError(f"chart {name!r} has no description: screen readers need one (chart.properties(description=...))")
    keys = sources if isinstance(sources, list) else book_data.source_keys(sources if sources is not None else table)
    display(chart)
    display(
        SourceLine(
            keys,
            table.drop(columns=[c for c in table.columns if c.startswith("_")]),
            name,
            note,
            caption=caption,
            figure=figure_number(name),
        )
    )
