"""Links to the printed edition: each chapter page whose PDF was printed from the same execution (staged in
`_pdf/` by the build, see pipeline.chapter_pdfs) gets "Download this chapter as PDF" under its title, and the
landing page "Download the book as PDF". The files are copied to the site's `pdf/` folder."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

from docutils import nodes

STAGED = "_pdf"  # = pipeline.chapter_pdfs.STAGED (not imported: the extension loads without the pipeline)
SITE = "pdf"
BOOK = "book.pdf"


def pdf_for(docname: str, staged: Path) -> tuple[str, str] | None:
    """(file name, link text) of the PDF a page links to, or None: the root page links the book, a chapter its own."""
    stem = PurePosixPath(docname).name
    name, text = (BOOK, "Download the book as PDF") if docname == "index" else (f"{stem}.pdf", "Download this chapter as PDF")
    return (name, text) if (staged / name).is_file() else None


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1000))} kB"


def add_link(app, doctree, docname) -> None:
    if app.builder.format != "html":
        return
    staged = Path(app.srcdir) / STAGED
    found = pdf_for(docname, staged)
    section = next(iter(doctree.findall(nodes.section)), None)
    if found is None or section is None or not isinstance(section[0], nodes.title):
        return
    name, text = found
    uri = "../" * docname.count("/") + f"{SITE}/{name}"
    link = nodes.reference("", text, refuri=uri, classes=["cc-pdf-link"])
    paragraph = nodes.paragraph("", "", link, nodes.Text(f" ({_size(staged / name)})"), classes=["cc-pdf-download"])
    section.insert(1, paragraph)


def copy_pdfs(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    staged = Path(app.srcdir) / STAGED
    target = Path(app.outdir) / SITE
    if target.exists():
        shutil.rmtree(target)
    if staged.is_dir() and any(staged.glob("*.pdf")):
        target.mkdir(parents=True)
        for pdf in sorted(staged.glob("*.pdf")):
            shutil.copyfile(pdf, target / pdf.name)


def note_pdfs(app, config) -> None:
    """A config value naming the staged PDFs: when they change, Sphinx rewrites every page (links appear or go)."""
    staged = Path(app.srcdir) / STAGED
    config.chinacompute_pdfs = " ".join(f"{p.name}:{p.stat().st_size}" for p in sorted(staged.glob("*.pdf"))) \
        if staged.is_dir() else ""


def setup(app):
    app.add_config_value("chinacompute_pdfs", "", "html")
    app.connect("config-inited", note_pdfs)
    app.connect("doctree-resolved", add_link)
    app.connect("build-finished", copy_pdfs)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
