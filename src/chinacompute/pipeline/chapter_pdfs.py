"""One PDF per chapter, cut from the printed book: the cover (title, edition, scenario, data hash) and the chapter's
own pages, so a chapter's figures keep the book's numbers ("Figure 2.3") and its running headers and page numbers
are the book's. Written by `pdf` next to book.pdf as `chapters/<stem>.pdf`, with a manifest of the chapters' cache
keys; the HTML build links a chapter page to its PDF only while that key is the chapter's current one, so a page
never offers a PDF of older numbers.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..files import write_atomic

#: Folder, next to book.pdf, that holds the chapter PDFs and their manifest.
CHAPTERS_DIR = "chapters"
MANIFEST = "manifest.json"
#: Folder of the staged HTML sources that holds the PDFs a build links to (copied to the site's `pdf/`).
STAGED = "_pdf"
#: Name of the whole book's PDF in that folder and on the site.
BOOK = "book.pdf"


@dataclass(frozen=True)
class OutlineEntry:
    depth: int
    title: str
    page: int  # 1-based


def normalise_title(title: str) -> str:
    """Titles as LaTeX prints them and as the notebook writes them compare equal: typographic quotes, dashes and
    spacing are folded, case is ignored."""
    text = unicodedata.normalize("NFKC", title)
    for typographic, plain in (
        ("\u2019", "'"),
        ("\u2018", "'"),
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u2013", "-"),
        ("\u2014", "-"),
    ):
        text = text.replace(typographic, plain)
    return " ".join(text.split()).casefold()


def chapter_ranges(outline: list[OutlineEntry], titles: dict[str, str], total_pages: int) -> dict[str, tuple[int, int]]:
    """First and last page (1-based, inclusive) of each chapter, keyed like `titles` ({stem: title}).

    A chapter starts at its outline entry and ends the page before the next entry of the same or a shallower depth
    (the next chapter, the next part, the bibliography), or at the last page. A title not in the outline is left
    out of the result; a chapter whose next heading starts on the page it starts on gets that one page."""
    wanted = {normalise_title(title): stem for stem, title in titles.items()}
    ranges: dict[str, tuple[int, int]] = {}
    for index, entry in enumerate(outline):
        stem = wanted.get(normalise_title(entry.title))
        if stem is None or stem in ranges:
            continue
        end = total_pages
        for later in outline[index + 1 :]:
            if later.depth <= entry.depth:
                end = max(entry.page, later.page - 1)
                break
        ranges[stem] = (entry.page, end)
    return ranges


def read_outline(reader) -> list[OutlineEntry]:
    """The PDF's bookmarks, flattened in reading order with their depth."""
    entries: list[OutlineEntry] = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append(OutlineEntry(depth, str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return entries


def notebook_title(notebook: dict) -> str:
    """The first level-1 heading of an executed notebook ('' when it has none)."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        match = re.search(r"^#\s+(.+?)\s*$", source, re.M)
        if match:
            return match.group(1)
    return ""


def _web_links(page) -> list[tuple[list[float], str]]:
    """The page's links to web addresses (rectangle, URL): the ones a cut-out page keeps."""
    annotations = page.get("/Annots")
    links = []
    for annotation in annotations.get_object() if annotations is not None else []:
        annotation = annotation.get_object()
        action = annotation.get("/A") or {}
        if action.get("/S") == "/URI" and "/Rect" in annotation:
            links.append(([float(v) for v in annotation["/Rect"]], str(action["/URI"])))
    return links


def cut_pdf(book_pdf: Path, pages: list[int], title: str) -> bytes:
    """A PDF of the given pages (1-based) of book_pdf. Web links are kept; links into the rest of the book (the
    bibliography, other chapters) have no target in the cut and are dropped."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link

    reader = PdfReader(book_pdf)
    writer = PdfWriter()
    writer.append(reader, pages=[p - 1 for p in pages], import_outline=False)
    for number, page in enumerate(pages):
        for rect, url in _web_links(reader.pages[page - 1]):
            writer.add_annotation(number, Link(rect=rect, url=url))
    writer.add_metadata({"/Title": title, "/Creator": "chinacompute"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def book_key(chapter_keys: dict[str, str]) -> str:
    """One key for the whole book: the chapters' keys together."""
    return hashlib.sha256(json.dumps(chapter_keys, sort_keys=True).encode()).hexdigest()


def write_chapter_pdfs(book_pdf: Path, chapters: dict[str, Path], book_title: str, report=print) -> dict[str, Path]:
    """Cut book_pdf into one PDF per executed chapter ({stem: executed notebook}) under chapters/ beside it, with a
    manifest of the keys they were printed from. Returns {stem: pdf}. A chapter the outline does not show (the
    landing page) gets none."""
    from pypdf import PdfReader

    from . import cache

    notebooks = {stem: json.loads(path.read_text(encoding="utf-8")) for stem, path in chapters.items()}
    titles = {stem: notebook_title(nb) for stem, nb in notebooks.items()}
    reader = PdfReader(book_pdf)
    ranges = chapter_ranges(read_outline(reader), {s: t for s, t in titles.items() if t}, len(reader.pages))
    out_dir = book_pdf.parent / CHAPTERS_DIR
    written: dict[str, Path] = {}
    keys: dict[str, str] = {}
    for stem, (first, last) in ranges.items():
        target = out_dir / f"{stem}.pdf"
        write_atomic(target, cut_pdf(book_pdf, [1, *range(first, last + 1)], f"{titles[stem]} \u2014 {book_title}"))
        written[stem] = target
        keys[stem] = cache.recorded(chapters[stem]).get("key", "")
    all_keys = {stem: cache.recorded(path).get("key", "") for stem, path in chapters.items()}
    manifest = {"book": book_key(all_keys), "chapters": keys}
    write_atomic(out_dir / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    for stale in out_dir.glob("*.pdf"):
        if stale.stem not in written:
            stale.unlink()
    report(f"  pdf       {len(written)} chapter PDF(s) -> {out_dir}")
    return written


def current_pdfs(pdf_dir: Path, chapters: dict[str, Path]) -> dict[str, Path]:
    """The PDFs in pdf_dir (book.pdf and chapters/) printed from the chapters as they are now executed
    ({stem: executed notebook}); keyed by stem, the whole book under "book"."""
    from . import cache

    try:
        manifest = json.loads((pdf_dir / CHAPTERS_DIR / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    now = {stem: cache.recorded(path).get("key", "") for stem, path in chapters.items()}
    found: dict[str, Path] = {}
    for stem, key in manifest.get("chapters", {}).items():
        path = pdf_dir / CHAPTERS_DIR / f"{stem}.pdf"
        if key and now.get(stem) == key and path.is_file():
            found[stem] = path
    if manifest.get("book") == book_key(now) and (pdf_dir / BOOK).is_file():
        found["book"] = pdf_dir / BOOK
    return found


def stage_pdfs(pdf_dir: Path, chapters: dict[str, Path], exec_dir: Path) -> list[str]:
    """Put the current PDFs into the staged HTML sources (`_pdf/`), remove the ones no longer current; returns the
    staged names. The HTML build's input digest covers them, so the pages gain or lose their links."""
    from ..files import write_if_changed

    staged = exec_dir / STAGED
    current = current_pdfs(pdf_dir, chapters)
    names = []
    for stem, path in sorted(current.items()):
        name = BOOK if stem == "book" else f"{stem}.pdf"
        write_if_changed(staged / name, path.read_bytes())
        names.append(name)
    for old in staged.glob("*.pdf") if staged.is_dir() else []:
        if old.name not in names:
            old.unlink()
    return names
