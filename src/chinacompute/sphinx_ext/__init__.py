"""Sphinx extension: serve the Vega bundle from the book itself, once per page that has charts; no CDN anywhere.

- On an HTML build, writes `vl_convert.javascript_bundle()` to `_static/vega/vega-bundle.js` (once per output
  folder, rewritten only when the Vega-Lite version changes) and adds it to pages whose body holds a chart.
- Drops duplicate script entries (sphinx-thebe's inline `const THEBE_JS_URL` is added twice by Jupyter Book,
  which throws "already declared" on every page).
- Removes any script that would load from another host (MathJax, which myst-nb requests for every notebook page,
  is the one seen): the book uses no math, and a reader offline must not wait on or fail at a CDN.
- Gives the LaTeX build a stub `bbm.sty` (see the file) and the report layout `chinacompute.sty`.
- Gives bibliography entries a list-item role (docutils' doc-biblioentry is deprecated).
- Registers the bibliography style `chinacompute` (bibstyle.py): original publisher first, via and accessed date.
- Adds the book's stylesheet (source lines, print rules that hide the chart action menu).
- Links each chapter page to its PDF and the landing page to the book's, when `make pdf` printed them; every executed page to its notebook; the landing page and the methods chapter to the data package (downloads.py).
- Writes "Data as of DATE" under every page's title, from the page's own executed `as_of` (edition.py).
- Adds OpenGraph and Twitter card tags to every page, with an image of its first chart (social.py).
- Trims the theme's Font Awesome script (1.49 MB on every page) to the icons the book uses (see fontawesome.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.util import logging

from ..embed import CONTAINER_CLASS, chart_stack_versions
from ..files import write_atomic
from ..paths import user_cache_dir

BUNDLE = "vega/vega-bundle.js"
FIT_SCRIPT = "cc-charts.js"
CSS = "chinacompute.css"
_HERE = Path(__file__).parent
logger = logging.getLogger(__name__)


def _is_external(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def _bundle_text(version: str) -> str:
    """The wrapped Vega bundle, generated once per version and kept in the user's cache (generating it costs
    about 2 s, on every fresh output folder otherwise: reruns, briefings, scenario books, test books)."""
    cached = user_cache_dir() / f"vega-bundle-{hashlib.sha256(version.encode()).hexdigest()[:16]}.js"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    import vl_convert as vlc

    from ..charts.render import vega_lite_version  # imports Altair: only when the bundle must be generated

    # The bundle declares top-level names (`const _`, ...) that clash with Sphinx's doctools.js in the shared
    # global scope of classic scripts; a function scope keeps them private. It exports window.vegaEmbed itself.
    text = "(function(){\n" + vlc.javascript_bundle(vl_version=vega_lite_version()) + "\n})();\n"
    try:
        write_atomic(cached, text)
    except OSError:
        pass  # no writable cache: generate again next time
    return text


def write_bundle(app) -> None:
    """Write the Vega/Vega-Lite/vega-embed bundle into the output's _static folder if missing or stale."""
    if app.builder.format != "html":
        return
    out = Path(app.outdir) / "_static" / BUNDLE
    stamp = out.with_suffix(".version")
    version = chart_stack_versions()
    if out.exists() and stamp.exists() and stamp.read_text() == version:
        return
    write_atomic(out, _bundle_text(version))
    stamp.write_text(version)


def page_context(app, pagename, templatename, context, doctree) -> None:
    """Add the bundle to chart pages only; drop scripts and stylesheets from other hosts."""
    body = context.get("body", "")
    if ' role="doc-biblioentry"' in body:
        # docutils marks bibliography entries with a deprecated DPUB-ARIA role inside role="list", which leaves the
        # list without list items for assistive technology (axe: aria-required-children, critical).
        context["body"] = body.replace(' role="doc-biblioentry"', ' role="listitem"')
    if f'class="{CONTAINER_CLASS}"' in body:
        # Deferred: the page's text is parsed and shown while the bundle loads; the charts draw at DOMContentLoaded.
        app.add_js_file(BUNDLE, priority=100, loading_method="defer")  # inside html-page-context: this page only
        app.add_js_file(FIT_SCRIPT, priority=101, loading_method="defer")  # ccDraw: charts fitted to their column
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if files:
            kept, seen = [], set()
            for entry in files:
                filename = str(getattr(entry, "filename", entry) or "")
                identity = (filename, str(getattr(entry, "attributes", {}).get("body", "")))
                if identity in seen or _is_external(filename):
                    continue
                seen.add(identity)
                kept.append(entry)
            files[:] = kept


def trim_icons(app, exception) -> None:
    """After a successful HTML build, keep only the Font Awesome icons the pages use."""
    if exception is not None or app.builder.format != "html":
        return
    from .fontawesome import trim_outdir

    try:
        done = trim_outdir(Path(app.outdir))
    except ValueError as exc:
        logger.warning(str(exc))
        return
    if done:
        before, after, kept, total = done
        logger.info(f"fontawesome.js trimmed to {kept} of {total} icon definitions: {before:,} -> {after:,} bytes")


def extension_digest() -> str:
    """Digest of every file of this extension (code, static files, LaTeX support files)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in _HERE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(_HERE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def cache_templates(app) -> None:
    """Keep the theme's compiled Jinja templates between builds, in the user's cache folder: compiling them took
    about 0.4 s of every build, a third of a rerun's page, and every build folder (the book, each chapter's reruns,
    scenario books, test books) compiles the same templates. Jinja checks each template's source against its cached
    code, so an edited or upgraded template is compiled again; the folder is per Sphinx version, so every build that
    shares it configures its template environment the same way."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or environment.bytecode_cache is not None:
        return
    import sphinx
    from jinja2 import FileSystemBytecodeCache

    folder = user_cache_dir() / f"jinja-sphinx-{sphinx.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # no writable cache: compile every time
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app):
    from .bibstyle import register

    register()  # bibtex_default_style: chinacompute (original publisher first, via and accessed date shown)
    # A config value that changes with the extension (its code, stylesheet and LaTeX files) makes Sphinx rewrite
    # every page and copy the static files again when any of them changes. Sphinx alone would not: with no page
    # out of date it stops before copying static files, so an edited stylesheet would never reach the book.
    app.add_config_value("chinacompute_ext_digest", extension_digest(), "html")
    app.connect("builder-inited", write_bundle)
    app.connect("builder-inited", cache_templates)
    app.connect("html-page-context", page_context)
    app.connect("build-finished", trim_icons)
    app.connect("config-inited", lambda a, config: config.html_static_path.append(str(_HERE / "static")))
    app.connect(
        "config-inited",
        lambda a, config: config.latex_additional_files.extend(
            str(_HERE / "latex" / name) for name in ("bbm.sty", "chinacompute.sty")
        ),
    )
    app.add_css_file(CSS)
    app.setup_extension("chinacompute.sphinx_ext.safe_links")
    app.setup_extension("chinacompute.sphinx_ext.downloads")
    app.setup_extension("chinacompute.sphinx_ext.social")
    app.setup_extension("chinacompute.sphinx_ext.edition")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
