"""The pipeline on the fixture book: build, skip what is unchanged, re-execute exactly what changed, fail safely."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from pathlib import Path

import pytest

from chinacompute.pipeline.book import BuildError, Layout, build_book, build_lock
from tests.conftest import read_chapter, write_chapter

pytestmark = pytest.mark.slow


def statuses(results) -> dict[str, str]:
    return {r.name: r.status for r in results}


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def built(built_minibook):
    """A private copy of the fixture book, already built (built once per run and copied)."""
    return built_minibook, Layout(built_minibook.resolve(), (built_minibook / "_build").resolve())


def test_clean_build_then_nothing_to_do(minibook):
    layout, results = build_book(minibook, workers=2, report=lambda _: None)
    book = minibook
    assert statuses(results) == {"a_chart": "executed", "b_table": "executed"}
    for page in ("index.html", "chapters/a_chart.html", "chapters/b_table.html"):
        assert (layout.html / page).is_file()
    assert (layout.html / "_static" / "vega" / "vega-bundle.js").stat().st_size > 500_000
    executed = json.loads((layout.exec_dir / "chapters" / "a_chart.ipynb").read_text())
    assert executed["metadata"]["chinacompute"]["data_read"] == ["widgets.csv"]
    _, again = build_book(book, workers=2, report=lambda _: None)
    assert statuses(again) == {"a_chart": "skipped", "b_table": "skipped"}


def test_a_deleted_page_is_rebuilt_although_nothing_changed(built):
    book, layout = built
    build_book(book, workers=2, report=lambda _: None)  # up to date
    page = layout.html / "chapters" / "b_table.html"
    page.unlink()
    said = []
    build_book(book, workers=2, report=said.append)
    assert page.is_file(), "a page deleted from the published book was not restored"
    assert not any("up to date" in line for line in said)  # Sphinx ran again rather than trusting the stamp


def test_bundle_only_on_chart_pages(built):
    _, layout = built
    chart_page = (layout.html / "chapters" / "a_chart.html").read_text()
    assert chart_page.count("vega/vega-bundle.js") == 1
    assert "vega-bundle.js" not in (layout.html / "chapters" / "b_table.html").read_text()
    assert "vega-bundle.js" not in (layout.html / "index.html").read_text()


def test_no_page_loads_from_another_host(built):
    _, layout = built
    import re

    for page in layout.html.rglob("*.html"):
        for tag in re.findall(r"<(?:script|link)\b[^>]*>", page.read_text()):
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), f"{page.name} loads {tag}"


def test_editing_one_data_table_reexecutes_only_its_reader(built):
    book, layout = built
    path = book / "data" / "gadgets.csv"
    path.write_text(path.read_text().replace("Gadget two", "Gadget deux"))
    _, results = build_book(book, workers=2, report=lambda _: None)
    assert statuses(results) == {"a_chart": "skipped", "b_table": "executed"}
    assert "Gadget deux" in (layout.html / "chapters" / "b_table.html").read_text()


def test_changed_data_value_changes_the_page(built):
    book, layout = built
    assert "710" in (layout.html / "chapters" / "a_chart.html").read_text()
    path = book / "data" / "widgets.csv"
    path.write_text(path.read_text().replace("w2024,2024,260", "w2024,2024,1260"))
    _, results = build_book(book, workers=2, report=lambda _: None)
    assert statuses(results) == {"a_chart": "executed", "b_table": "skipped"}
    page = (layout.html / "chapters" / "a_chart.html").read_text()
    assert "1,710" in page and "1260" in page


def test_editing_one_chapter_reexecutes_only_it(built):
    book, _ = built
    path = book / "chapters" / "b_table.md"
    notebook = read_chapter(path)
    notebook.cells[0].source = "# Chapter B: a table, edited\n"
    write_chapter(notebook, path)
    _, results = build_book(book, workers=2, report=lambda _: None)
    assert statuses(results) == {"a_chart": "skipped", "b_table": "executed"}


def test_failing_chapter_keeps_the_old_book(built):
    book, layout = built
    before = tree_digest(layout.html)
    path = book / "chapters" / "a_chart.md"
    notebook = read_chapter(path)
    notebook.cells[-1].source = "raise RuntimeError('the model exploded')"
    write_chapter(notebook, path)
    with pytest.raises(BuildError) as caught:
        build_book(book, workers=2, report=lambda _: None)
    message = str(caught.value)
    assert "chapter a_chart failed in cell" in message and "RuntimeError: the model exploded" in message
    assert tree_digest(layout.html) == before


def test_invalid_data_stops_before_any_execution(built):
    book, layout = built
    before = tree_digest(layout.html)
    executed_before = tree_digest(layout.exec_dir)
    path = book / "data" / "widgets.csv"
    path.write_text(path.read_text().replace("w2022,2022,140", "w2022,2022,lots"))
    with pytest.raises(BuildError, match=r"widgets.csv:3: output_units: 'lots' is not a number"):
        build_book(book, workers=2, report=lambda _: None)
    assert tree_digest(layout.html) == before
    assert tree_digest(layout.exec_dir) == executed_before


def test_second_build_at_once_is_refused(tmp_path):
    lock = tmp_path / ".build.lock"
    holding, release = threading.Event(), threading.Event()

    def hold():
        with build_lock(lock):
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait(10)
    try:
        with pytest.raises(BuildError, match="another build is running"):
            with build_lock(lock):
                pass
    finally:
        release.set()
        thread.join()


def test_a_cell_with_runaway_output_stops_the_build_naming_the_chapter_and_cell(built, monkeypatch):
    book, layout = built
    before = tree_digest(layout.html)
    monkeypatch.setenv("CHINACOMPUTE_MAX_CELL_OUTPUT", "200000")  # 200 kB here; 10 MB by default
    path = book / "chapters" / "b_table.md"
    notebook = read_chapter(path)
    notebook.cells[-1].source = "for i in range(30_000):\n    print('x' * 20)"  # about 630 kB of stream output
    write_chapter(notebook, path)
    index = len(notebook.cells) - 1
    with pytest.raises(BuildError) as caught:
        build_book(book, workers=2, report=lambda _: None)
    assert f"chapter b_table stopped: cell {index} wrote 0." in str(caught.value)
    assert "over the 0.2 MB a cell may leave in its page" in str(caught.value)
    assert tree_digest(layout.html) == before


def test_a_cell_that_never_ends_stops_the_build_naming_the_chapter(built, monkeypatch):
    import tempfile

    book, layout = built
    before = tree_digest(layout.html)
    monkeypatch.setenv("CHINACOMPUTE_CELL_TIMEOUT", "3")
    path = book / "chapters" / "b_table.md"
    notebook = read_chapter(path)
    notebook.cells[-1].source = "while True:\n    pass"
    write_chapter(notebook, path)
    # A private temp folder (short path: kernel sockets live there too), so other tests running at the same
    # time on the same fixture chapter cannot leave their own reads-b_table-*.txt in the folder we inspect.
    private = Path(tempfile.mkdtemp(prefix="cc-"))
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setattr(tempfile, "tempdir", None)
    try:
        with pytest.raises(BuildError) as caught:
            build_book(book, workers=2, report=lambda _: None)
        assert "chapter b_table stopped: a cell ran longer than 3 s" in str(caught.value)
        assert tree_digest(layout.html) == before
        assert list(private.glob("reads-*.txt")) == []
    finally:
        shutil.rmtree(private, ignore_errors=True)
