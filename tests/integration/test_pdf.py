"""PDF export: the book through LaTeX (contents, chapters, a Source line per chart, references, embedded fonts) and
short briefings that print their parameters on page 1."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from chinacompute.pipeline.book import Layout, build_book
from tests.conftest import ROOT, made_once, run_cli

pytestmark = [pytest.mark.slow]


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    return subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def unembedded_fonts(path: Path) -> list[str]:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    # columns: name type encoding emb sub uni object ID; the name may hold spaces, so read from the right
    return [line for line in lines if line.split()[-5] != "yes"]


def test_fixture_book_pdf(minibook):
    layout, _ = build_book(minibook, workers=2, report=lambda _: None, target="pdf")
    assert layout.pdf.is_file() and not (layout.html).exists()
    text = pdf_text(layout.pdf)
    assert re.search(r"contents", text, re.I)
    assert re.search(r"chapter a: a chart", text, re.I) and re.search(r"chapter b: a table", text, re.I)
    assert len(re.findall(r"^\s*Source: ", text, re.M)) == 1  # one chart, one source line
    assert "Fixture source for pipeline tests" in text  # the bibliography
    assert re.search(r"Gadget\s+two", text)  # the table printed as a table, not as an HTML-only output
    assert unembedded_fonts(layout.pdf) == []


def test_pdf_refuses_bad_options_before_running(minibook):
    for args, message in [
        (["pdf", "--chapters", "nope"], "no chapter nope"),
        (["pdf", "--chapters", "b_table", "--set", "scale=2"], "none of the chosen chapters (b_table) has a parameter 'scale'"),
        (["pdf", "--chapters", "a_chart", "--set", "scale=99"], "parameter scale: '99' is out of range"),
        (["pdf", "--set", "scale=2"], "--set and --output apply to briefings"),
    ]:
        done = run_cli(*args, cwd=minibook)
        assert done.returncode == 2, done.stdout + done.stderr
        assert message in done.stderr
    assert not (minibook / "_build").exists()


def page_words(path: Path) -> list[int]:
    """Words of text on each page."""
    return [len(pdf_text(path, page, page).split()) for page in range(1, pdf_pages(path) + 1)]


def test_fixture_book_chapter_pdfs_are_linked_from_their_pages(built_minibook):
    minibook = built_minibook  # its chapters executed already: the PDF is printed from them
    done = run_cli("pdf", cwd=minibook)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    html, pdf = minibook / "_build" / "html", minibook / "_build" / "pdf"
    for stem, title, other in (("a_chart", "Chapter A: a chart", "Chapter B"), ("b_table", "Chapter B: a table", "Chapter A")):
        page = (html / "chapters" / f"{stem}.html").read_text()
        assert f'href="../pdf/{stem}.pdf">Download this chapter as PDF</a>' in page
        assert (html / "pdf" / f"{stem}.pdf").read_bytes() == (pdf / "chapters" / f"{stem}.pdf").read_bytes()
        text = pdf_text(pdf / "chapters" / f"{stem}.pdf")
        assert re.search(title, text, re.I) and not re.search(other, text)  # its own pages only, after the cover
        assert "Edition of" in pdf_text(pdf / "chapters" / f"{stem}.pdf", 1, 1)
    assert 'href="pdf/book.pdf">Download the book as PDF</a>' in (html / "index.html").read_text()
    # A chapter whose numbers change after printing loses its link (its PDF would show the old numbers), and so
    # does the book; the other chapter keeps its own.
    build_book(minibook, overrides={"a_chart": {"scale": 2}}, workers=2, report=lambda _: None)
    assert "Download this chapter as PDF" not in (html / "chapters" / "a_chart.html").read_text()
    assert not (html / "pdf" / "a_chart.pdf").exists() and not (html / "pdf" / "book.pdf").exists()
    assert "Download this chapter as PDF" in (html / "chapters" / "b_table.html").read_text()


@pytest.fixture(scope="session")
def printed(real_book, tmp_path_factory):
    """The real book printed (book.pdf, the chapter PDFs) and built as HTML into a private folder, from copies of
    the default build's executed chapters (nothing re-executes), so the book other tests read is never replaced.
    Printed once per run into a folder the test workers share (the first prints it under a file lock); read only."""

    def make(folder: Path) -> None:
        out = folder / "_build"
        shutil.copytree(ROOT / "_build" / "exec", out / "exec")
        if (ROOT / "_build" / "latexwork" / "figures").is_dir():  # the charts' PDFs, converted once
            shutil.copytree(ROOT / "_build" / "latexwork" / "figures", out / "latexwork" / "figures")
        _, results = build_book(ROOT, out=out, target="pdf", report=lambda _: None)
        assert {r.status for r in results} == {"skipped"}
        build_book(ROOT, out=out, target="html", report=lambda _: None)

    out = made_once(tmp_path_factory, "printed", make) / "_build"
    return Layout(ROOT.resolve(), out.resolve())


@pytest.fixture(scope="session")
def book_pdf(printed):
    return printed.pdf


def chapter_pages() -> list[Path]:
    from chinacompute.pipeline.toc import chapter_notebooks

    return [nb for nb in chapter_notebooks(ROOT) if nb.stem != "index"]


def test_book_pdf_has_every_chapter_source_lines_and_references(book_pdf, printed):
    text = pdf_text(book_pdf)
    flat = " ".join(text.split()).lower()
    from chinacompute.notebooks import read_notebook

    for notebook in chapter_pages():
        first = read_notebook(notebook).cells[0].source
        title = first.splitlines()[0].lstrip("# ").strip()
        plain = " ".join(title.split()).lower().replace("'", "\u2019")  # LaTeX prints typographic apostrophes
        assert plain in flat.replace("'", "\u2019"), f"chapter title {title!r} not in the PDF"
    # The landing page's headline chart is the web edition's; the printed book opens with its summary instead.
    pages = [printed.html / nb.relative_to(ROOT).with_suffix(".html") for nb in chapter_pages()]
    charts = sum(page.read_text().count('class="cc-vega"') for page in pages)
    assert charts > 0
    assert len(re.findall(r"^\s*Source: ", text, re.M)) == charts
    assert "bibliography" in flat
    assert "寒武纪" in text  # a Chinese source title prints (CJK font switch)
    assert unembedded_fonts(book_pdf) == []


def test_book_pdf_reads_like_a_report(book_pdf, printed):
    from pypdf import PdfReader

    from chinacompute.pipeline.chapter_pdfs import read_outline

    words = page_words(book_pdf)
    assert [(n, w) for n, w in enumerate(words, 1) if w < 20] == []  # no blank, part or near-empty pages
    cover = " ".join(pdf_text(book_pdf, 1, 1).split())
    as_of = re.search(
        r'data-cc-as-of="(\d{4}-\d{2}-\d{2})"|Data as of (\d{4}-\d{2}-\d{2})', (printed.html / "index.html").read_text()
    )
    assert "Can China break free from Nvidia?" in cover
    assert as_of and f"Edition of {as_of.group(1) or as_of.group(2)}" in cover  # the web edition's date
    outline = read_outline(PdfReader(book_pdf))
    summary = next(e for e in outline if e.title.startswith("Summary"))
    assert summary.page <= 4
    assert f"page 2 of {len(words)}" in pdf_text(book_pdf, 2, 2)  # "page N of M" footers


def test_every_chart_is_a_numbered_figure_on_one_page(book_pdf, printed):
    pages = [printed.html / nb.relative_to(ROOT).with_suffix(".html") for nb in chapter_pages()]
    html_charts = {}
    for page in pages:
        html = page.read_text()
        html_charts[page.stem] = re.findall(r"<strong>Figure (\d+(?:\.\d+)?)\.</strong>", html)
        assert len(html_charts[page.stem]) == html.count('class="cc-vega"'), f"{page.name}: a chart without a number"
    numbers_in_html = [n for found in html_charts.values() for n in found]
    found = []
    for page in range(1, pdf_pages(book_pdf) + 1):
        text = pdf_text(book_pdf, page, page)
        for number, _caption in re.findall(r"^\s*Figure (\d+(?:\.\d+)?)\. (\S.*)$", text, re.M):
            found.append(number)
            # Caption and source note sit on the figure's page: the float was not split.
            after = text.split(f"Figure {number}.", 1)[1]
            assert re.search(r"^\s*Source: ", after, re.M), f"figure {number} on page {page} lost its source note"
    assert found == numbers_in_html  # the same numbers, in the same order, as the web pages
    assert len(found) == len(set(found))
    tex = (printed.latex_work_dir / "_build" / "latex" / "book.tex").read_text()
    figures = re.findall(r"\\begin\{figure\}.*?\\end\{figure\}", tex, re.S)
    assert len(figures) == len(found)
    for figure in figures:  # image, caption and source note in one float, which LaTeX never splits
        assert figure.count("\\sphinxincludegraphics") == 1 and "Figure " in figure and "Source:" in figure
    assert tex.count("\\sphinxincludegraphics") == len(found)  # no chart printed outside a figure


def test_each_chapter_page_links_its_pdf(printed):
    from chinacompute.pipeline.chapter_pdfs import normalise_title

    for notebook in chapter_pages():
        page = (printed.html / notebook.relative_to(ROOT).with_suffix(".html")).read_text()
        assert f'href="../pdf/{notebook.stem}.pdf">Download this chapter as PDF</a>' in page, notebook.stem
        pdf = printed.html / "pdf" / f"{notebook.stem}.pdf"
        assert pdf.is_file()
        title = notebook.read_text(encoding="utf-8").split("\n# ", 1)[1].splitlines()[0]
        assert normalise_title(title) in normalise_title(" ".join(pdf_text(pdf, 2, 2).split()))
        assert "Edition of" in pdf_text(pdf, 1, 1)
    assert (printed.html / "pdf" / "book.pdf").read_bytes() == printed.pdf.read_bytes()


def test_briefing_is_short_and_prints_its_parameters(book_pdf, tmp_path):
    out = tmp_path / "briefing.pdf"
    done = run_cli(
        "pdf",
        "--chapters",
        "05_policy_timeline",
        "--set",
        "start=2022-01-01",
        "--scenario",
        "scenarios/hbm_squeeze.yaml",
        "-o",
        str(out),
        timeout=1500,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert pdf_pages(out) < pdf_pages(book_pdf)
    first_page = " ".join(pdf_text(out, 1, 1).split())
    assert "Scenario: hbm_squeeze" in first_page
    assert "05_policy_timeline start 2022-01-01" in first_page
    assert "01_summary scenario hbm_squeeze" in first_page
    assert [(n, w) for n, w in enumerate(page_words(out), 1) if w < 20] == []


def test_two_chapter_briefing_fits_a_short_read(book_pdf, tmp_path):
    out = tmp_path / "two.pdf"
    done = run_cli("pdf", "--chapters", "05_policy_timeline,06_deepseek_case", "-o", str(out), timeout=1500)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert pdf_pages(out) <= 14
    assert [(n, w) for n, w in enumerate(page_words(out), 1) if w < 20] == []
    text = pdf_text(out)
    assert re.search(r"^\s*Figure 5\.1\. ", text, re.M) and re.search(r"^\s*Figure 6\.1\. ", text, re.M)  # book numbers
    assert not re.search(r"^\s*Figure [2347]\.\d+\. ", text, re.M)
    assert unembedded_fonts(out) == []
