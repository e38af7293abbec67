"""Rerunning one chapter: bad parameters are refused before anything runs; good ones give a new page elsewhere."""

from __future__ import annotations

import hashlib
import re

import pytest

from chinacompute.pipeline.book import build_book
from tests.conftest import run_cli

pytestmark = pytest.mark.slow


def digest(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a_chart", "--set", "scael=2"], "a_chart has no parameter 'scael'. Did you mean 'scale'?"),
        (["a_chart", "--set", "scale=big"], "parameter scale: 'big' is not a number; expected a number from 0.1 to 10"),
        (["a_chart", "--set", "scale=50"], "parameter scale: '50' is out of range"),
        (["a_chart", "--as-of", "2025-02-30"], "parameter as_of: '2025-02-30' is not a date"),
        (
            ["a_chart", "--set", "title_word=Bananas"],
            "parameter title_word: 'Bananas' is not allowed; expected one of: Widgets, Gizmos",
        ),
        (["a_chart", "--set", "scale"], "write it as NAME=VALUE"),
        (["a_chrat"], "no chapter 'a_chrat'. Did you mean 'a_chart'?"),
        (["a_chart", "--scenario", "missing.yaml"], "scenario file missing.yaml not found"),
    ],
)
def test_bad_parameters_refused_before_execution(minibook, args, message):
    done = run_cli("chapter", *args, cwd=minibook)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr
    assert not (minibook / "_build").exists(), "something ran although the parameters were refused"


def test_malformed_scenario_file(minibook):
    (minibook / "bad.yaml").write_text("name: x\nchapters: [oops\n")
    done = run_cli("chapter", "a_chart", "--scenario", "bad.yaml", cwd=minibook)
    assert done.returncode == 2 and re.search(r"bad.yaml:\d+: not valid YAML", done.stderr), done.stderr


def test_reruns_differ_and_leave_the_book_alone(built_minibook):
    minibook = built_minibook
    layout, _ = build_book(minibook, workers=2, report=lambda _: None)
    before = digest(layout.html)
    low = run_cli("chapter", "a_chart", "--set", "scale=2", "--out", str(minibook / "run-low"), cwd=minibook)
    high = run_cli(
        "chapter", "a_chart", "--set", "scale=3", "--set", "title_word=Gizmos", "--out", str(minibook / "run-high"), cwd=minibook
    )
    assert low.returncode == 0 and high.returncode == 0, low.stderr + high.stderr
    low_page = (minibook / "run-low" / "html" / "chapters" / "a_chart.html").read_text()
    high_page = (minibook / "run-high" / "html" / "chapters" / "a_chart.html").read_text()
    assert "1,420" in low_page and "2,130" in high_page  # 710 units x 2 and x 3
    assert "Gizmos output by year" in high_page and "Gizmos" not in low_page
    assert (minibook / "run-low" / "html" / "_static" / "vega" / "vega-bundle.js").is_file()
    # The chapter's citation links to its entry on the run's own references page (not empty brackets).
    citation = re.search(
        r'class="bibtex-citation"[^>]*>\[<a class="reference internal" href="\.\./references\.html#([^"]+)"', low_page
    )
    assert citation, re.search(r'class="bibtex-citation".{0,200}', low_page).group(0)
    references = (minibook / "run-low" / "html" / "references.html").read_text()
    assert f'id="{citation.group(1)}"' in references and "Fixture source for pipeline tests" in references
    # The run's page keeps its card tags but has no card image (a page in a run folder is never shared as a link);
    # the book's own page of the chapter has one.
    assert 'property="og:title"' in low_page and "og:image" not in low_page
    assert not (minibook / "run-low" / "html" / "_og").exists()
    assert 'property="og:image"' in (layout.html / "chapters" / "a_chart.html").read_text()
    assert digest(layout.html) == before
    # The second rerun of the chapter built in the first one's Sphinx environment: only the chapter and its
    # references page (whose entries follow the chapter's citations) were read again.
    log = (minibook / "_build" / "rerun-work" / "a_chart" / "work" / "html-build.log").read_text(errors="replace")
    assert re.search(r"updating environment: (\x1b\[[0-9;]*m)?0 added, 2 changed, 0 removed", log), log[-2000:]


def test_rerun_prints_a_pdf(minibook):
    done = run_cli("chapter", "a_chart", "--set", "scale=4", "--pdf", "--out", str(minibook / "run-pdf"), cwd=minibook)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    pdf = minibook / "run-pdf" / "a_chart.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    import subprocess

    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "2,840" in text  # 710 units x 4, glued into the prose


def test_book_under_a_scenario_goes_to_its_own_folder(built_minibook):
    minibook = built_minibook
    layout, _ = build_book(minibook, workers=2, report=lambda _: None)
    before = digest(layout.html)
    (minibook / "big.yaml").write_text(
        "name: big\ndescription: every widget count five times\nchapters:\n  a_chart:\n    scale: 5\n"
    )
    done = run_cli("book", "--scenario", "big.yaml", cwd=minibook)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    page = (minibook / "_build" / "scenarios" / "big" / "html" / "chapters" / "a_chart.html").read_text()
    assert "3,550" in page  # 710 x 5
    assert digest(layout.html) == before
    (minibook / "odd.yaml").write_text("name: odd\nchapters:\n  a_chart:\n    scale: 500\n")
    refused = run_cli("book", "--scenario", "odd.yaml", cwd=minibook)
    assert refused.returncode == 2 and "parameter scale: 500 is out of range" in refused.stderr.replace("'", "")
