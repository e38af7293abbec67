"""PDF export: the book through LaTeX (contents, chapters, a Source line per chart, references, embedded fonts) and
short briefings that print their parameters on page 1."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from chinacompute.pipeline.book import build_book
from tests.conftest import ROOT, run_cli, run_cli_when_free


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


@pytest.fixture(scope="module")
def book_pdf(real_book):
    done = run_cli_when_free("pdf")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return ROOT / "_build" / "pdf" / "book.pdf"


def test_book_pdf_has_every_chapter_source_lines_and_references(book_pdf, real_book):
    text = pdf_text(book_pdf)
    flat = " ".join(text.split()).lower()
    from chinacompute.notebooks import read_notebook
    from chinacompute.pipeline.toc import chapter_notebooks

    for notebook in chapter_notebooks(ROOT):
        first = read_notebook(notebook).cells[0].source
        title = first.splitlines()[0].lstrip("# ").strip()
        plain = " ".join(title.split()).lower().replace("'", "\u2019")  # LaTeX prints typographic apostrophes
        assert plain in flat.replace("'", "\u2019"), f"chapter title {title!r} not in the PDF"
    from chinacompute.pipeline.toc import toc_files

    pages = [real_book / f.relative_to(ROOT).with_suffix(".html") for f in toc_files(ROOT)]  # the landing page too
    charts = sum(page.read_text().count('class="cc-vega"') for page in pages)
    assert charts > 0
    assert len(re.findall(r"^\s*Source: ", text, re.M)) == charts
    assert "bibliography" in flat
    assert "寒武纪" in text  # a Chinese source title prints (CJK font switch)
    assert unembedded_fonts(book_pdf) == []


def test_briefing_is_short_and_prints_its_parameters(book_pdf, tmp_path):
    out = tmp_path / "briefing.pdf"
    done = run_cli("pdf", "--chapters", "05_policy_timeline", "--set", "start=2022-01-01", "--scenario",
                   "scenarios/hbm_squeeze.yaml", "-o", str(out), timeout=1500)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert pdf_pages(out) < pdf_pages(book_pdf)
    first_page = " ".join(pdf_text(out, 1, 1).split())
    assert "Scenario: hbm_squeeze" in first_page
    assert "05_policy_timeline start 2022-01-01" in first_page
    assert "01_summary scenario hbm_squeeze" in first_page
