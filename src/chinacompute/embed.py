"""The HTML of one chart in a page: a container, the Vega-Lite spec inlined, and a call to the page's `vegaEmbed`
(no CDN); and reading the spec back out of that HTML.

Nothing here imports Altair or pandas: the Sphinx extension (the Vega bundle, social cards) and the print step read
charts through this module, so a Sphinx run does not load the chart stack (about 0.4 s of every page build).
The Altair renderer that writes this HTML is `chinacompute.charts.render`.
"""

from __future__ import annotations

import json
import uuid
from importlib.metadata import PackageNotFoundError, version

CONTAINER_CLASS = "cc-vega"
EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}
#: vega-embed's action menu is a <details> whose <summary> holds only an icon (three dots): screen readers would
#: announce an unnamed control (axe summary-name, WCAG 4.1.2). It is named once the chart has drawn.
ACTIONS_LABEL = "Chart menu: save the chart as SVG or PNG"


def script_safe_json(value: object) -> str:
    """JSON that can sit inside a <script> element: no '</' and no HTML comment openers survive, and the text is
    still valid JSON (every replacement is a JSON string escape), so `spec_from_embed_html` can read it back."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("</", "<\\/")
        .replace("<!--", "\\u003c!--")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


SPEC_PREFIX = "var spec="


def spec_from_embed_html(html: str) -> dict | None:
    """The Vega-Lite spec inside a chart's `text/html` made by `embed_html`, or None if `html` is not one."""
    if f'class="{CONTAINER_CLASS}"' not in html or SPEC_PREFIX not in html:
        return None
    spec, _ = json.JSONDecoder().raw_decode(html, html.index(SPEC_PREFIX) + len(SPEC_PREFIX))
    return spec


def embed_html(spec: dict, element_id: str | None = None) -> str:
    """The HTML fragment that draws `spec` with the page's global vegaEmbed (no network access)."""
    element_id = element_id or "vega-" + uuid.uuid4().hex[:12]
    label = spec.get("description") or "chart"
    return (
        f'<div id="{element_id}" class="{CONTAINER_CLASS}" role="figure" aria-label="{_attr(label)}"></div>'
        "<script>(function(){"
        f"{SPEC_PREFIX}{script_safe_json(spec)};var opt={script_safe_json(EMBED_OPTIONS)};"
        f'function named(){{var s=document.querySelector("#{element_id} > details > summary");'
        f'if(s){{s.setAttribute("aria-label",{script_safe_json(ACTIONS_LABEL)});'
        'var i=s.querySelector("svg");if(i){i.setAttribute("aria-hidden","true");}}}'
        f'function draw(){{(window.ccDraw?ccDraw("{element_id}",spec,opt,named):vegaEmbed("#{element_id}",spec,opt)'
        ".then(named)).catch(function(e){console.error(e)});}"
        # In the book the bundle is deferred: draw once the page is parsed and laid out (DOMContentLoaded comes after
        # the deferred scripts), not while the column's width is still moving. Elsewhere (a notebook front end
        # inserting this output into a loaded page) draw at once, or when the page's scripts have loaded.
        'if(document.readyState==="loading"){document.addEventListener("DOMContentLoaded",draw);}'
        'else if(window.vegaEmbed){draw();}else{window.addEventListener("load",draw);}'
        "})();</script>"
    )


def _attr(text: str) -> str:
    return str(text).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def chart_stack_versions() -> str:
    """The installed Altair and vl-convert versions, read without importing either: they fix the Vega-Lite version
    of every spec and of the Vega bundle, so caches of drawn charts and the bundle are keyed on them."""

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "absent"

    return f"altair {installed('altair')} vl-convert {installed('vl-convert-python')}"
