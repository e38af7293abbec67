""" "Data as of DATE" under every page's title, so a reader always knows which edition a page shows (the landing
page states it in its own text). The date is the page's own `as_of` parameter, as executed: the value papermill
injected for a rerun or a scenario, else the chapter's default. Pages that are not notebooks show the landing
page's date. The date is read from the parameters cell's text, never executed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes

AS_OF = re.compile(r"""^as_of\s*=\s*["'](\d{4}-\d{2}-\d{2})["']""", re.M)
LINE_CLASS = "cc-pdf-download"  # the line under the title that downloads.py writes (same style, hidden in print)


def as_of_of(notebook: dict) -> str | None:
    """The `as_of` a notebook ran with: from papermill's injected cell if there is one, else the parameters cell."""
    found = None
    for cell in notebook.get("cells", []):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "code" and ("parameters" in tags or "injected-parameters" in tags):
            source = cell.get("source", "")
            match = AS_OF.search(source if isinstance(source, str) else "".join(source))
            if match:
                found = match.group(1)  # a later (injected) cell wins
    return found


def page_as_of(srcdir: Path, docname: str, root_doc: str) -> str | None:
    for name in (docname, root_doc):
        path = srcdir / f"{name}.ipynb"
        if path.is_file():
            try:
                date = as_of_of(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                date = None
            if date:
                return date
    return None


def add_edition(app, doctree, docname) -> None:
    if app.builder.format != "html" or docname == app.config.root_doc:
        return
    date = page_as_of(Path(app.srcdir), docname, app.config.root_doc)
    section = next(iter(doctree.findall(nodes.section)), None)
    if not date or section is None or not isinstance(section[0], nodes.title):
        return
    text = nodes.inline("", f"Data as of {date}", classes=["cc-as-of"])
    line = section[1] if len(section) > 1 else None
    if isinstance(line, nodes.paragraph) and LINE_CLASS in line.get("classes", []):
        line.insert(0, nodes.Text(" · "))
        line.insert(0, text)
    else:
        section.insert(1, nodes.paragraph("", "", text, classes=[LINE_CLASS]))


def setup(app):
    app.connect("doctree-resolved", add_edition, priority=600)  # after downloads.add_link (500) wrote its line
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
