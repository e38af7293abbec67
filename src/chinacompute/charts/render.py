"""The book's Altair renderer: one output per chart that serves the offline HTML book and the PDF alike.

The mimebundle holds `text/html` (a container plus a `vegaEmbed` call, spec inlined, no CDN: the Vega bundle is
served once per page by `chinacompute.sphinx_ext`) and `text/plain`. The vector PDF the LaTeX builder prints is not
made here: `chinacompute.pipeline.print_figures` makes it from the spec in `text/html` when a PDF is built (it cost
1.3-2.2 s of every chapter's execution, for HTML builds that never use it). $CHINACOMPUTE_STATIC=pdf,png still
embeds static images at execution time for those who want them in the executed notebook. The renderer is enabled
only inside book builds ($CHINACOMPUTE_BOOK_BUILD), so interactive Jupyter keeps a renderer that works there.
"""

from __future__ import annotations

import base64
import json
import os
import uuid

import altair as alt

RENDERER_NAME = "chinacompute-book"
BOOK_BUILD_ENV = "CHINACOMPUTE_BOOK_BUILD"
STATIC_ENV = "CHINACOMPUTE_STATIC"  # comma list of static formats to embed at execution: pdf, png (default none)
CONTAINER_CLASS = "cc-vega"
EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}
#: vega-embed's action menu is a <details> whose <summary> holds only an icon (three dots): screen readers would
#: announce an unnamed control (axe summary-name, WCAG 4.1.2). It is named once the chart has drawn.
ACTIONS_LABEL = "Chart menu: save the chart as SVG or PNG"


def vega_lite_version() -> str:
    """Altair's Vega-Lite version as vl-convert names it (e.g. 'v6.4')."""
    return "v" + ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


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


def static_formats() -> list[str]:
    """Which static images to embed in each chart output at execution time (none by default: the PDF build makes
    the vector PDFs it prints itself, and a PNG costs 1-2 s a chart with vl-convert)."""
    return [f.strip() for f in os.environ.get(STATIC_ENV, "").split(",") if f.strip()]


def book_renderer(spec: dict, **_metadata) -> dict:
    """Altair renderer entry point: the full mimebundle for one chart."""
    bundle = {"text/html": embed_html(spec), "text/plain": f"<chart: {spec.get('description', 'Altair chart')}>"}
    formats = static_formats()
    if "pdf" in formats:
        bundle["application/pdf"] = pdf_base64(spec)
    if "png" in formats:
        import vl_convert as vlc

        bundle["image/png"] = base64.b64encode(vlc.vegalite_to_png(spec, vl_version=vega_lite_version(), scale=2)).decode()
    return bundle


def pdf_base64(spec: dict) -> str:
    """The chart as a vector PDF (vl-convert), base64-encoded as notebooks store it."""
    import vl_convert as vlc

    return base64.b64encode(vlc.vegalite_to_pdf(spec, vl_version=vega_lite_version())).decode()


def register() -> None:
    """Register the renderer; enable it inside a book build. In an interactive kernel (JupyterLab, `make lab`),
    use Altair's JupyterChart with its JavaScript from vl-convert, so charts draw there with no network too."""
    if RENDERER_NAME not in alt.renderers.names():
        alt.renderers.register(RENDERER_NAME, book_renderer)
    if os.environ.get(BOOK_BUILD_ENV):
        alt.renderers.enable(RENDERER_NAME)
    elif _in_kernel():
        alt.JupyterChart.enable_offline()
        alt.renderers.enable("jupyter", offline=True)


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a requirement
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")
