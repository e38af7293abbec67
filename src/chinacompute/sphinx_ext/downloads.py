"""Downloads under each page's title, all served from the book itself (nothing from another host):

- "Download this chapter as PDF" on a chapter whose PDF was printed from the same execution (staged in `_pdf/` by
  the build, see pipeline.chapter_pdfs), "Download the book as PDF" on the landing page; copied to `pdf/`;
- "the executed notebook (.ipynb)" on every executed page, so a reader can rerun it; copied to `notebooks/`;
- "the data package (zip)" on the landing page and the methods chapter (staged in `_downloads/` by the build,
  see pipeline.data_zip); copied to `downloads/`.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

from docutils import nodes

STAGED = "_pdf"  # = pipeline.chapter_pdfs.STAGED (not imported: the extension loads without the pipeline)
STAGED_DOWNLOADS = "_downloads"  # = pipeline.data_zip.STAGED
SITE = "pdf"
SITE_NOTEBOOKS = "notebooks"
SITE_DOWNLOADS = "downloads"
BOOK = "book.pdf"
DATA_ZIP = "chinacompute-data.zip"  # = pipeline.data_zip.NAME
#: Pages that offer the data package.
DATA_PAGES = ("index", "chapters/08_data_and_methods")


def pdf_for(docname: str, staged: Path) -> tuple[str, str] | None:
    """(file name, link text) of the PDF a page links to, or None: the root page links the book, a chapter its own."""
    stem = PurePosixPath(docname).name
    name, text = (BOOK, "Download the book as PDF") if docname == "index" else (f"{stem}.pdf", "Download this chapter as PDF")
    return (name, text) if (staged / name).is_file() else None


def notebook_name(docname: str) -> str:
    """The site file name of a page's executed notebook: 'chapters/02_supply_volume' -> '02_supply_volume.ipynb'."""
    return PurePosixPath(docname).name + ".ipynb"


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1000))} kB"


def downloads_for(docname: str, srcdir: Path) -> list[tuple[str, str, str, str]]:
    """(site folder, file name, link text, size) of each download a page offers, in the order shown."""
    found = []
    pdf = pdf_for(docname, srcdir / STAGED)
    if pdf:
        found.append((SITE, pdf[0], pdf[1], _size(srcdir / STAGED / pdf[0])))
    notebook = srcdir / f"{docname}.ipynb"
    if notebook.is_file():
        found.append((SITE_NOTEBOOKS, notebook_name(docname), "the executed notebook (.ipynb)", _size(notebook)))
    data_zip = srcdir / STAGED_DOWNLOADS / DATA_ZIP
    if docname in DATA_PAGES and data_zip.is_file():
        found.append((SITE_DOWNLOADS, DATA_ZIP, "the data package (CSV tables, schema, references; zip)", _size(data_zip)))
    return found


def add_link(app, doctree, docname) -> None:
    if app.builder.format != "html":
        return
    offered = downloads_for(docname, Path(app.srcdir))
    section = next(iter(doctree.findall(nodes.section)), None)
    if not offered or section is None or not isinstance(section[0], nodes.title):
        return
    prefix = "../" * docname.count("/")
    paragraph = nodes.paragraph("", "", classes=["cc-pdf-download"])
    for index, (folder, name, text, size) in enumerate(offered):
        if index == 0 and folder != SITE:
            paragraph += nodes.Text("Download ")
        elif index:
            paragraph += nodes.Text(" · ")
        paragraph += nodes.reference(
            "", text, refuri=f"{prefix}{folder}/{name}", classes=["cc-pdf-link" if folder == SITE else "cc-download-link"]
        )
        paragraph += nodes.Text(f" ({size})")
    section.insert(1, paragraph)


def _replace_folder(target: Path, files: list[tuple[Path, str]]) -> None:
    if target.exists():
        shutil.rmtree(target)
    if files:
        target.mkdir(parents=True)
        for source, name in files:
            shutil.copyfile(source, target / name)


def copy_downloads(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    srcdir, outdir = Path(app.srcdir), Path(app.outdir)
    staged = srcdir / STAGED
    _replace_folder(outdir / SITE, [(p, p.name) for p in sorted(staged.glob("*.pdf"))] if staged.is_dir() else [])
    notebooks = [
        (srcdir / f"{doc}.ipynb", notebook_name(doc)) for doc in sorted(app.env.found_docs) if (srcdir / f"{doc}.ipynb").is_file()
    ]
    _replace_folder(outdir / SITE_NOTEBOOKS, notebooks)
    data_zip = srcdir / STAGED_DOWNLOADS / DATA_ZIP
    _replace_folder(outdir / SITE_DOWNLOADS, [(data_zip, DATA_ZIP)] if data_zip.is_file() else [])


def note_downloads(app, config) -> None:
    """A config value naming the staged files: when they change, Sphinx rewrites every page (links appear or go)."""
    srcdir = Path(app.srcdir)
    staged = sorted((srcdir / STAGED).glob("*.pdf")) + sorted((srcdir / STAGED_DOWNLOADS).glob("*.zip"))
    config.chinacompute_pdfs = " ".join(f"{p.name}:{p.stat().st_size}" for p in staged)


def setup(app):
    app.add_config_value("chinacompute_pdfs", "", "html")
    app.connect("config-inited", note_downloads)
    app.connect("doctree-resolved", add_link)
    app.connect("build-finished", copy_downloads)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
