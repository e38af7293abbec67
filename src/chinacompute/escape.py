"""Escaping for every place a string from data/ can land: HTML, LaTeX and Markdown (MyST)."""

from __future__ import annotations

import html
import re

_LATEX = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX))
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&$~^:])")


def to_html(text: object) -> str:
    """Text shown literally in HTML (quotes escaped too, so it is safe in attributes)."""
    return html.escape(str(text), quote=True)


def to_latex(text: object) -> str:
    """Text shown literally in LaTeX."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group(0)], str(text))


def to_markdown(text: object) -> str:
    """Text shown literally in MyST Markdown: every special character backslash-escaped, HTML made inert."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
