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
import os

import altair as alt

# The chart's HTML (no Altair needed to read or write it), here too for the renderer's callers.
from ..embed import (  # noqa: F401
    ACTIONS_LABEL,
    CONTAINER_CLASS,
    EMBED_OPTIONS,
    SPEC_PREFIX,
    embed_html,
    script_safe_json,
    spec_from_embed_html,
)

RENDERER_NAME = "chinacompute-book"
BOOK_BUILD_ENV = "CHINACOMPUTE_BOOK_BUILD"
STATIC_ENV = "CHINACOMPUTE_STATIC"  # comma list of static formats to embed at execution: pdf, png (default none)


def vega_lite_version() -> str:
    """Altair's Vega-Lite version as vl-convert names it (e.g. 'v6.4')."""
    return "v" + ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


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
    use Altair's JupyterChart with its JavaScript from vl-convert, so charts draw there with no network too.

    Inside a build, Altair's debug mode is off: each chart is then validated once, whole, against the Vega-Lite
    schema when it is drawn, instead of also part by part as each part is made (the same schema checks; a tenth of a
    chapter's run). Interactively, debug mode stays on: an invalid part fails at the line that made it."""
    if RENDERER_NAME not in alt.renderers.names():
        alt.renderers.register(RENDERER_NAME, book_renderer)
    if os.environ.get(BOOK_BUILD_ENV):
        alt.renderers.enable(RENDERER_NAME)
        alt.utils.schemapi.disable_debug_mode()
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
