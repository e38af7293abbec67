"""Only web links reach the page: any link whose target uses another scheme (`javascript:`, `data:`, `vbscript:`,
`file:` ...) is turned into plain text, whatever produced it (a `url` in references.bib, a link in a table cell).

The validator refuses such URLs in the data already; this transform is the renderer's own guard, so a bad value
can never become a live link even if it gets past validation.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

#: Schemes a link may use. Links without a scheme (relative pages, #anchors) are the book's own.
ALLOWED = ("http", "https", "mailto")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]*)\s*:")


def is_safe_target(uri: str) -> bool:
    """Whether a link target may stay a link: no scheme (the book's own pages), or an allowed one. Control
    characters and spaces inside a scheme (`java\\tscript:`) count as a scheme too."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", uri or "")
    match = _SCHEME.match(cleaned)
    return match is None or match.group(1).lower() in ALLOWED


class NeutraliseUnsafeLinks(SphinxPostTransform):
    """Replace each reference node with an unsafe target by its text."""

    default_priority = 900

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.reference)):
            uri = node.get("refuri")
            if uri is not None and not is_safe_target(uri):
                node.replace_self(nodes.inline(node.astext(), node.astext(), classes=["cc-unsafe-link"]))


def setup(app):
    app.add_post_transform(NeutraliseUnsafeLinks)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
