"""OpenGraph and Twitter card tags on every page: the page's title, a description (its first paragraph of text)
and an image of its first chart, drawn at build time with vl-convert from the chart's own Vega-Lite spec.

The images are cached by the spec's digest in the user's cache folder (a chart that did not change is not drawn
again) and written to the site's `_og/` folder. With `html_baseurl` set, the image and page URLs are absolute, as
the card protocols want; without it they are relative to the page.

`chinacompute_card_images = False` (Sphinx configuration) leaves the image out and keeps the other tags: a rerun's
page does, since it lives in the reader's run folder, is never shared as a link, and drawing a changed chart's image
took about 1.2 s of the rerun (importing Altair and vl-convert in Sphinx, then drawing).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from ..embed import CONTAINER_CLASS, chart_stack_versions, spec_from_embed_html
from ..paths import user_cache_dir

SITE = "_og"
DESCRIPTION_CHARS = 200
logger = logging.getLogger(__name__)


def description_of(doctree) -> str:
    """The page's first paragraph of prose (not the download line), whitespace collapsed, cut at a word."""
    for paragraph in doctree.findall(nodes.paragraph):
        if "cc-pdf-download" in paragraph.get("classes", []):
            continue
        text = re.sub(r"\s+", " ", paragraph.astext()).strip()
        if len(text) >= 40:
            if len(text) > DESCRIPTION_CHARS:
                text = text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
            return text
    return ""


def first_spec(body: str) -> dict | None:
    """The Vega-Lite spec of the first chart in a page's HTML body, or None."""
    start = body.find(f'class="{CONTAINER_CLASS}"')
    return spec_from_embed_html(body[start - 200 if start > 200 else 0 :]) if start >= 0 else None


def _cache_dir() -> Path:
    return user_cache_dir() / "og"


def chart_png(spec: dict) -> bytes:
    """The chart as PNG, from the cache when this spec was drawn before."""
    key = hashlib.sha256((chart_stack_versions() + json.dumps(spec, sort_keys=True)).encode()).hexdigest()[:20]
    cached = _cache_dir() / f"{key}.png"
    if cached.is_file():
        return cached.read_bytes()
    import vl_convert as vlc

    from ..charts.render import vega_lite_version  # imports Altair: only when a chart must be drawn

    png = vlc.vegalite_to_png(spec, vl_version=vega_lite_version(), scale=1)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        tmp.write_bytes(png)
        tmp.replace(cached)
    except OSError:
        pass
    return png


def meta_tags(title: str, description: str, image: str, url: str, site: str) -> str:
    """The tags, every value escaped as an attribute."""

    def tag(attribute: str, name: str, value: str) -> str:
        return f'<meta {attribute}="{name}" content="{html.escape(value, quote=True)}" />\n'

    tags = tag("property", "og:type", "article") + tag("property", "og:title", title)
    tags += tag("property", "og:site_name", site)
    if description:
        tags += tag("property", "og:description", description) + tag("name", "description", description)
    if url:
        tags += tag("property", "og:url", url)
    tags += tag("name", "twitter:card", "summary_large_image" if image else "summary")
    tags += tag("name", "twitter:title", title)
    if description:
        tags += tag("name", "twitter:description", description)
    if image:
        tags += tag("property", "og:image", image) + tag("name", "twitter:image", image)
    return tags


def add_tags(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html" or doctree is None:
        return
    site = str(getattr(app.config, "html_title", "") or app.config.project or "")
    title = re.sub(r"<[^>]+>", "", html.unescape(str(context.get("title") or site)))
    base = (app.config.html_baseurl or "").rstrip("/")
    prefix = f"{base}/" if base else "../" * pagename.count("/")
    image = ""
    spec = first_spec(context.get("body", "")) if app.config.chinacompute_card_images else None
    if spec is not None:
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", pagename) + ".png"
        try:
            png = chart_png(spec)
        except Exception as exc:  # a chart vl-convert cannot draw costs the card its image, not the build
            logger.warning(f"{pagename}: no card image: {exc}")
        else:
            target = Path(app.outdir) / SITE / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.is_file() or target.read_bytes() != png:
                target.write_bytes(png)
            image = f"{prefix}{SITE}/{name}"
    url = f"{base}/{pagename}.html" if base else ""
    context["metatags"] = context.get("metatags", "") + meta_tags(title, description_of(doctree), image, url, site)


def setup(app):
    app.add_config_value("chinacompute_card_images", True, "html", types=[bool])
    app.connect("html-page-context", add_tags)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
