"""Print forms of the charts, made when a PDF is built rather than when chapters execute.

An HTML build never uses a chart's vector PDF, and making it (vl-convert) cost 1.3-2.2 s of every chapter's
execution. So executed notebooks hold the interactive chart only, and before the LaTeX builder runs, this module
mirrors the executed book into a print folder where every chart output also carries `application/pdf`, made from
the Vega-Lite spec inside the chart's `text/html` (`charts.render.spec_from_embed_html`). PDFs are cached by the
digest of their spec and the tool versions, so a second PDF build converts nothing it converted before.

The executed notebooks themselves are never modified: the HTML build's inputs (and its skip digest) stay as they were.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..charts.render import pdf_base64, spec_from_embed_html, vega_lite_version
from ..files import write_atomic, write_if_changed

PDF_MIME = "application/pdf"
#: Folder and file names in an executed book that are not sources of the printed book.
_SKIPPED = {"_build", "failed", "__pycache__", ".ipynb_checkpoints"}


def _figure_key(spec: dict) -> str:
    from importlib.metadata import version

    text = json.dumps(spec, sort_keys=True, ensure_ascii=False) + vega_lite_version() + version("vl-convert-python")
    return hashlib.sha256(text.encode()).hexdigest()


def _html_text(data: dict) -> str:
    html = data.get("text/html", "")
    return "".join(html) if isinstance(html, list) else html


def add_chart_pdfs(notebook: dict, cache_dir: Path) -> tuple[int, int]:
    """Give every chart output of `notebook` (in place) a vector PDF; return (charts, PDFs newly converted)."""
    charts = converted = 0
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data or PDF_MIME in data:
                continue
            spec = spec_from_embed_html(_html_text(data))
            if spec is None:
                continue
            charts += 1
            cached = cache_dir / f"{_figure_key(spec)}.pdf.b64"
            if cached.is_file():
                data[PDF_MIME] = cached.read_text(encoding="ascii")
                continue
            data[PDF_MIME] = pdf_base64(spec)
            converted += 1
            write_atomic(cached, data[PDF_MIME])
    return charts, converted


def _is_source(rel: Path) -> bool:
    """Whether a file of an executed book (path relative to it) is a source of the printed book."""
    return not (_SKIPPED & set(rel.parts)) and not any(part.startswith(".") for part in rel.parts)


def prepare_print_sources(source_dir: Path, print_dir: Path, cache_dir: Path, report=print) -> Path:
    """Mirror the executed book `source_dir` into `print_dir`, notebooks with chart PDFs added; return print_dir."""
    wanted: set[Path] = set()
    charts = converted = 0
    for path in sorted(source_dir.rglob("*")):
        rel = path.relative_to(source_dir)
        if not path.is_file() or not _is_source(rel):
            continue
        wanted.add(rel)
        if path.suffix == ".ipynb":
            notebook = json.loads(path.read_text(encoding="utf-8"))
            found, made = add_chart_pdfs(notebook, cache_dir)
            charts, converted = charts + found, converted + made
            write_if_changed(print_dir / rel, json.dumps(notebook, ensure_ascii=False, indent=1))
        else:
            write_if_changed(print_dir / rel, path.read_bytes())
    for stale in [p for p in print_dir.rglob("*") if p.is_file()] if print_dir.exists() else []:
        rel = stale.relative_to(print_dir)
        if rel not in wanted and _is_source(rel):
            stale.unlink()
    report(f"  figures   {charts} chart(s) for print, {converted} converted to PDF ({charts - converted} cached)")
    return print_dir

