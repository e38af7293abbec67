"""How to cite the book and its figures: one edition (title, authors, as-of date, data hash) in BibTeX and plain text.

Pure functions over an `Edition`; `edition_for` reads the book's `_config.yml` and hashes the data package. An
edition is named by its as-of date: two builds with the same date and the same data cite the same thing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

#: Used when `_config.yml` names no author.
DEFAULT_AUTHOR = "The chinacompute project"


@dataclass(frozen=True)
class Edition:
    title: str
    author: str
    as_of: str  # YYYY-MM-DD
    data_hash: str  # short sha256 of the data package
    url: str = ""


def data_hash(data_dir: Path | str) -> str:
    """A short digest of the data package (every file's name and bytes), printed so a reader can tell editions apart."""
    data_dir = Path(data_dir)
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(data_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def _bibtex_value(text: str) -> str:
    """A BibTeX field value in braces: braces and backslashes from the text cannot open or close a group."""
    return re.sub(r"[{}\\]", "", text)


def cite_key(edition: Edition) -> str:
    return "chinacompute" + edition.as_of.replace("-", "")


def bibtex(edition: Edition) -> str:
    """A @misc entry for the edition; the author is a corporate name, kept whole by double braces."""
    year, month = edition.as_of[:4], edition.as_of[5:7]
    fields = [
        ("title", "{" + _bibtex_value(edition.title) + "}"),
        ("author", "{" + _bibtex_value(edition.author) + "}"),
        ("year", year),
        ("month", month),
        ("date", edition.as_of),
        ("edition", f"Edition of {edition.as_of}"),
        ("note", f"Data package sha256 {edition.data_hash}"),
    ]
    if edition.url:
        fields.append(("url", _bibtex_value(edition.url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{cite_key(edition)},\n{body}\n}}"


def plain(edition: Edition) -> str:
    """'The chinacompute authors (2026). Can China break free from Nvidia? Edition of 2026-11-28. Data package
    sha256 0123abcd4567.' (with the URL when the edition has one)."""
    text = (
        f"{edition.author} ({edition.as_of[:4]}). {edition.title.rstrip('.')}"
        f"{'' if edition.title.rstrip().endswith(('?', '!')) else '.'} Edition of {edition.as_of}. "
        f"Data package sha256 {edition.data_hash}."
    )
    return f"{text} {edition.url}" if edition.url else text


def figure_plain(edition: Edition, figure: str, caption: str = "") -> str:
    """A figure's citation: the figure and its finding, then the book's."""
    finding = f" {caption.strip().rstrip('.')}." if caption.strip() else ""
    return f"Figure {figure}.{finding} In: {plain(edition)}"


def edition_for(as_of: str, root: Path | None = None, data_dir: Path | str | None = None) -> Edition:
    """The edition of the book at `root` (default: the project root) with the data package in use."""
    import yaml

    from . import paths

    root = root or paths.project_root()
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    html = config.get("html") or {}
    return Edition(
        title=str(config.get("title") or "").strip(),
        author=str(config.get("author") or "").strip() or DEFAULT_AUTHOR,
        as_of=str(as_of),
        data_hash=data_hash(paths.data_dir(data_dir)),
        url=str(html.get("baseurl") or "").strip() if isinstance(html, dict) else "",
    )


class CitationBlock:
    """'Cite this book' as a notebook output: the plain-text citation and the BibTeX entry (HTML, Markdown, text).
    Every string is escaped: a title from `_config.yml` never becomes markup."""

    def __init__(self, edition: Edition):
        self.edition = edition

    def _repr_mimebundle_(self, include=None, exclude=None):
        from .escape import to_html, to_markdown

        text, entry = plain(self.edition), bibtex(self.edition)
        html = (
            f'<div class="cc-cite"><p>{to_html(text)}</p>'
            f'<pre class="cc-bibtex" aria-label="BibTeX entry"><code>{to_html(entry)}</code></pre></div>'
        )
        markdown = f"{to_markdown(text)}\n\n```bibtex\n{entry.replace('`', '')}\n```"
        return {"text/html": html, "text/markdown": markdown, "text/plain": f"{text}\n\n{entry}"}
