"""The landing page's headline numbers as a Markdown list: each figure in bold first, then what it measures, its
range and confidence, and a link to the chapter with the evidence. Every value from the data is escaped, so it can
never become markup; only the `{doc}` link, built here from a known chapter path, is MyST."""

from __future__ import annotations

import re

from IPython.display import Markdown

from ..escape import to_markdown


def evidence_link(chapter: str) -> str:
    """A short MyST link to a chapter: `chapters/07_outlook` -> {doc}`Chapter 7 <chapters/07_outlook>`."""
    number = re.match(r"(?:.*/)?(\d+)_", chapter)
    label = f"Chapter {int(number.group(1))}" if number else "Evidence"
    return f"{{doc}}`{label} <{chapter}>`"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def headline_list(rows: list[dict]) -> Markdown:
    """A bulleted list of headline numbers under a bold "Headline numbers" line (an empty-data sentence when there
    are none). Short lines: the list sits beside the headline chart at desktop width."""
    if not rows:
        return Markdown("*No headline number can be computed from the rows known on this date.*")
    lines = [
        f"- **{to_markdown(r['figure'])}** {to_markdown(r['finding'])}. {to_markdown(_capitalised(r['range']))}; "
        f"{to_markdown(r['confidence'])}. {evidence_link(r['chapter'])}"
        for r in rows
    ]
    return Markdown("**Headline numbers**\n\n" + "\n".join(lines))
