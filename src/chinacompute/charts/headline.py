"""The landing page's headline numbers as a Markdown list: each finding, its figure in bold, its range and
confidence, and a link to the chapter with the evidence. Every value from the data is escaped, so it can never
become markup; only the `{doc}` link, built here from a known chapter path, is MyST."""

from __future__ import annotations

from IPython.display import Markdown

from ..escape import to_markdown


def headline_list(rows: list[dict]) -> Markdown:
    """A bulleted list of headline numbers (an empty-data sentence when there are none)."""
    if not rows:
        return Markdown("*No headline number can be computed from the rows known on this date.*")
    lines = [
        f"- {to_markdown(r['finding'])}: **{to_markdown(r['figure'])}** ({to_markdown(r['range'])}; "
        f"{to_markdown(r['confidence'])}). Evidence: {{doc}}`{r['chapter']}`"
        for r in rows
    ]
    return Markdown("\n".join(lines))
