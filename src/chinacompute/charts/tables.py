"""Tables in print: every pandas Styler a chapter shows also carries a MyST `list-table` (text/markdown).

The HTML book shows the Styler's own HTML; the LaTeX builder cannot use HTML, so it takes this Markdown version,
built from the Styler's rendered cells (its number formats, hidden index and caption included). Cell text is
escaped for Markdown here, in one place, so nothing from data/ can turn into markup in the PDF.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..escape import to_markdown

#: Tables longer than this use LaTeX's longtable, which can break across pages.
LONGTABLE_ROWS = 25
#: A cell that is one web address and nothing else (no spaces, quotes, brackets or backslashes).
_URL_CELL = re.compile(r"https?://[A-Za-z0-9.-]+(?:/[^\s<>\"'`\\\[\]{}|^]*)?")


def cell_markdown(text: str) -> str:
    """One cell's Markdown: escaped text, or an autolink when the cell is a web address (in print, a link breaks
    after its slashes instead of running off the page, and stays clickable)."""
    if _URL_CELL.fullmatch(text):
        return f"<{text}>"
    return to_markdown(text)


class _TableParser(HTMLParser):
    """Collect the text of each header and body row of the first <table> in Styler HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.caption, self.head, self.body = "", [], []
        self._section, self._row, self._cell, self._in_caption = None, None, None, False

    def handle_starttag(self, tag, attrs):
        if tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "caption":
            self._in_caption = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            (self.head if self._section == "thead" else self.body).append(self._row)
            self._row = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        if self._in_caption:
            self.caption += data
        elif self._cell is not None:
            self._cell.append(data)


def styler_to_myst(styler) -> str:
    """A MyST list-table holding the cells of a pandas Styler as the reader sees them."""
    parser = _TableParser()
    parser.feed(styler.to_html())
    head = parser.head[-1] if parser.head else []
    rows = [r for r in parser.body if any(r)]
    width = max([len(head)] + [len(r) for r in rows] + [1])
    lines = [f"```{{list-table}} {to_markdown(parser.caption.strip())}".rstrip(), f":header-rows: {1 if head else 0}"]
    # Short tables: tabulary sizes columns to their content. Long ones break across pages as a longtable, whose
    # columns only wrap when widths are given explicitly; proportional to the longest cell, within bounds.
    if len(rows) > LONGTABLE_ROWS:
        table = ([head] if head else []) + rows
        widths = [min(max(max((len(r[i]) for r in table if i < len(r)), default=1), 9), 28) for i in range(width)]
        lines += [":class: longtable", ":widths: " + " ".join(map(str, widths))]
    else:
        lines.append(":widths: auto")
    lines.append("")
    for row in ([head] if head else []) + rows:
        cells = row + [""] * (width - len(row))
        lines.append("* - " + (cell_markdown(cells[0]) or " "))
        lines.extend("  - " + (cell_markdown(c) or " ") for c in cells[1:])
    lines.append("```")
    return "\n".join(lines) + "\n"


def register() -> None:
    """Inside an IPython kernel, give every Styler a text/markdown form for the PDF builder."""
    try:
        from IPython import get_ipython
        from pandas.io.formats.style import Styler
    except ImportError:  # pragma: no cover - pandas and IPython are requirements
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/markdown"].for_type(Styler, styler_to_myst)
