"""The printed book's sources: the executed book mirrored into a print folder, charts made numbered figures.

An HTML build never uses a chart's vector PDF, and making it (vl-convert) cost 1.3-2.2 s of every chapter's
execution. So executed notebooks hold the interactive chart only, and before the LaTeX builder runs, this module
mirrors the executed book into a print folder where every chart output also carries `application/pdf`, made from
the Vega-Lite spec inside the chart's `text/html` (`charts.render.spec_from_embed_html`). PDFs are cached by the
digest of their spec and the tool versions, so a second PDF build converts nothing it converted before.

Each chart and the caption output after it become one MyST figure (the chart's PDF, "Figure 2.3." with its finding
as the caption, the short source note as the legend), which LaTeX prints as one float; a chapter whose figures had
long source lists gets them in full at its end. The landing page prints nothing: the cover and the executive
summary open the printed book.

The executed notebooks themselves are never modified: the HTML build's inputs (and its skip digest) stay as they were.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import yaml

from ..charts.figure import FIGURE_METADATA
from ..charts.render import pdf_base64, spec_from_embed_html, vega_lite_version
from ..escape import to_markdown
from ..files import write_atomic, write_if_changed

PDF_MIME = "application/pdf"
#: Folder and file names in an executed book that are not sources of the printed book.
_SKIPPED = {"_build", "_pdf", "failed", "__pycache__", ".ipynb_checkpoints"}
#: Folder of the print sources that holds the figures' PDFs.
FIGURES = "_figures"
#: The landing page: the web edition's front door; the printed book opens with its cover and summary instead.
LANDING = Path("index.ipynb")
BIBLIOGRAPHY_FENCE = "```{bibliography}"


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


def _figure_of(output: dict) -> dict | None:
    return (output.get("metadata") or {}).get(FIGURE_METADATA)


def figure_markdown(image: str, figure: dict) -> str:
    """A MyST figure: the chart, its caption ('Figure 2.3.' in bold, then the finding) and its source note as the
    legend. LaTeX prints it as one float (never split across pages); the text is escaped (nothing from data is
    markup)."""
    label = f"**Figure {to_markdown(figure['figure'])}.** " if figure.get("figure") else ""
    caption = (label + to_markdown(figure.get("caption", ""))).strip() or "Figure."
    return f"````{{figure}} {image}\n\n{caption}\n\n{to_markdown(figure.get('source', ''))}\n````\n"


def compose_figures(notebook: dict, figures_dir: Path, link_prefix: str) -> list[dict]:
    """Turn each chart output (with its vector PDF) and the caption output after it into one numbered figure, the
    PDF written to `figures_dir` and linked as `link_prefix`/<name>; return the figures' captions, in order."""
    composed = []
    for cell in notebook.get("cells", []):
        outputs = cell.get("outputs", [])
        index = 0
        while index < len(outputs) - 1:
            data = outputs[index].get("data") or {}
            figure = _figure_of(outputs[index + 1])
            if PDF_MIME in data and figure is not None:
                name = hashlib.sha256(data[PDF_MIME].encode()).hexdigest()[:20] + ".pdf"
                write_if_changed(figures_dir / name, base64.b64decode(data[PDF_MIME]))
                outputs[index : index + 2] = [
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"text/markdown": figure_markdown(f"{link_prefix}/{name}", figure)},
                    }
                ]
                composed.append(figure)
            index += 1
    return composed


def endnotes_cell(figures: list[dict]) -> dict | None:
    """A Markdown cell for the end of a printed chapter: the full source list of every figure whose note was
    shortened (None when no note was)."""
    long = [f for f in figures if f.get("shortened")]
    if not long:
        return None
    items = "\n".join(f"- **Figure {to_markdown(f['figure'])}:** {to_markdown('; '.join(f['sources']))}." for f in long)
    # Set small in print (chinacompute.sty: the cc-endnotes class): a timeline figure alone can cite 140 sources.
    return {
        "cell_type": "markdown",
        "metadata": {},
        "source": f"```{{rubric}} Sources of the figures, in full\n```\n\n:::{{container}} cc-endnotes\n{items}\n:::\n",
    }


def chapter_counter_cell(stem: str) -> dict | None:
    """A raw-LaTeX cell that makes LaTeX number the chapter as the book does (a briefing of chapters 1 and 5 prints
    "Chapter 5", not "Chapter 2"); None for a page without a chapter number."""
    match = re.match(r"(\d+)_", stem)
    if not match:
        return None
    return {
        "cell_type": "markdown",
        "metadata": {},
        "source": f"```{{raw}} latex\n\\setcounter{{chapter}}{{{int(match.group(1)) - 1}}}\n```\n",
    }


def print_notebook(
    notebook: dict, stem: str, cache_dir: Path, figures_dir: Path, link_prefix: str, landing: bool = False
) -> tuple[int, int]:
    """The printed form of one executed notebook, in place: charts as numbered figures with their endnotes, the
    chapter counter set; the landing page prints nothing (the cover and the executive summary take its place).
    Return (charts, PDFs newly converted)."""
    if landing:  # keep only its title: the LaTeX builder needs the root page's top-level section
        first = next((c for c in notebook["cells"] if c.get("cell_type") == "markdown"), None)
        source = "".join(first["source"]) if first else ""
        title = next((line for line in source.splitlines() if line.startswith("# ")), "# Contents")
        notebook["cells"] = [{"cell_type": "markdown", "metadata": {}, "source": title + "\n"}]
        return 0, 0
    for cell in notebook["cells"]:
        cell_source = "".join(cell["source"]) if isinstance(cell.get("source"), list) else cell.get("source", "")
        if cell.get("cell_type") == "markdown" and BIBLIOGRAPHY_FENCE in cell_source:
            # LaTeX prints the bibliography after the last chapter, under its own heading: the section that holds
            # the directive would be an empty page. Keep the directive alone.
            fence = cell_source.index(BIBLIOGRAPHY_FENCE)
            heading = max(cell_source.rfind("\n## ", 0, fence) + 1, 0 if cell_source.startswith("## ") else -1)
            if heading >= 0:
                cell["source"] = cell_source[:heading] + cell_source[fence:]
    found, made = add_chart_pdfs(notebook, cache_dir)
    figures = compose_figures(notebook, figures_dir, link_prefix)
    counter, notes = chapter_counter_cell(stem), endnotes_cell(figures)
    notebook["cells"] = ([counter] if counter else []) + notebook["cells"] + ([notes] if notes else [])
    return found, made


def _is_source(rel: Path) -> bool:
    """Whether a file of an executed book (path relative to it) is a source of the printed book."""
    return not (_SKIPPED & set(rel.parts)) and not any(part.startswith(".") for part in rel.parts)


def prepare_print_sources(source_dir: Path, print_dir: Path, cache_dir: Path, report=print, config_patch=None) -> Path:
    """Mirror the executed book `source_dir` into `print_dir` in its printed form (`print_notebook`); `config_patch`
    (a function of the book's configuration dict) gives the print edition its cover and colophon. Return print_dir."""
    wanted: set[Path] = set()
    charts = converted = 0
    for path in sorted(source_dir.rglob("*")):
        rel = path.relative_to(source_dir)
        if not path.is_file() or not _is_source(rel):
            continue
        wanted.add(rel)
        if path.suffix == ".ipynb":
            notebook = json.loads(path.read_text(encoding="utf-8"))
            found, made = print_notebook(
                notebook, path.stem, cache_dir, print_dir / FIGURES, "/" + FIGURES, landing=rel == LANDING
            )
            charts, converted = charts + found, converted + made
            write_if_changed(print_dir / rel, json.dumps(notebook, ensure_ascii=False, indent=1))
        elif rel == Path("_config.yml") and config_patch is not None:
            config = config_patch(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
            write_if_changed(print_dir / rel, yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
        else:
            write_if_changed(print_dir / rel, path.read_bytes())
    wanted |= {p.relative_to(print_dir) for p in (print_dir / FIGURES).glob("*")} if (print_dir / FIGURES).is_dir() else set()
    for stale in [p for p in print_dir.rglob("*") if p.is_file()] if print_dir.exists() else []:
        rel = stale.relative_to(print_dir)
        if rel not in wanted and _is_source(rel):
            stale.unlink()
    report(f"  figures   {charts} chart(s) for print, {converted} converted to PDF ({charts - converted} cached)")
    return print_dir
