"""Dependency tracking: after each kind of change, exactly the chapters whose output depends on it execute again.

The fixture book has two chapters: `a_chart` reads `widgets.csv`, `b_table` reads `gadgets.csv`; both depend on the
schema (`datapackage.json`), the bibliography (`references.bib`), the package's model code and `requirements.txt`.
The book is built once per test run (tests/conftest.py); each test works on its own copy of that built book (cache keys hold content
digests only, no absolute paths, so a copied build stays up to date).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chinacompute.pipeline import cache
from chinacompute.pipeline.book import build_book
from tests.conftest import read_chapter, write_chapter

pytestmark = pytest.mark.slow

BOTH = {"a_chart", "b_table"}


def build(book: Path, **kwargs) -> dict[str, str]:
    _, results = build_book(book, workers=2, report=lambda _: None, **kwargs)
    return {r.name: r.status for r in results}


def executed(statuses: dict[str, str]) -> set[str]:
    assert not [name for name, status in statuses.items() if status == "failed"], statuses
    return {name for name, status in statuses.items() if status == "executed"}


@pytest.fixture
def book(built_minibook) -> Path:
    """A private copy of the built fixture book (sources and _build; built once per run, both chapters executed)."""
    return built_minibook


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_markdown_cell(notebook: Path, extra: str) -> None:
    content = read_chapter(notebook)
    cell = next(c for c in content.cells if c.cell_type == "markdown")
    cell.source = cell.source + extra
    write_chapter(content, notebook)


def test_copied_build_is_up_to_date(book):
    assert executed(build(book)) == set()


def test_no_change_executes_nothing_twice(book):
    assert executed(build(book)) == set()
    assert executed(build(book)) == set()


def test_widgets_table_reexecutes_only_its_reader(book):
    edit(book / "data" / "widgets.csv", "w2023,2023,210", "w2023,2023,215")
    assert executed(build(book)) == {"a_chart"}
    assert executed(build(book)) == set()


def test_gadgets_table_reexecutes_only_its_reader(book):
    edit(book / "data" / "gadgets.csv", "Gadget one", "Gadget uno")
    assert executed(build(book)) == {"b_table"}
    assert executed(build(book)) == set()


def test_schema_change_reexecutes_every_chapter(book):
    edit(book / "data" / "datapackage.json", '"name": "fixture"', '"name": "fixture", "title": "Fixture data"')
    assert executed(build(book)) == BOTH


def test_bibliography_change_reexecutes_every_chapter(book):
    edit(book / "data" / "references.bib", "Fixture source for pipeline tests", "Fixture source for the pipeline tests")
    assert executed(build(book)) == BOTH


def test_new_unread_data_file_executes_nothing(book):
    (book / "data" / "notes.txt").write_text("not a table any chapter reads\n", encoding="utf-8")
    assert executed(build(book)) == set()


@pytest.mark.parametrize("chapter", ["a_chart", "b_table"])
def test_chapter_edit_reexecutes_only_it(book, chapter):
    edit_markdown_cell(book / "chapters" / f"{chapter}.md", "\nAn added sentence.\n")
    assert executed(build(book)) == {chapter}
    assert executed(build(book)) == set()


def test_notebook_metadata_only_change_executes_nothing(book):
    path = book / "chapters" / "a_chart.md"
    before = path.read_text(encoding="utf-8")
    content = read_chapter(path)
    content.metadata["unrelated_editor_state"] = {"zoom": 2}  # editor state: jupytext drops it on save
    write_chapter(content, path)
    edit(path, "jupytext_version: 1.19.6", "jupytext_version: 1.17.0")  # saved by another jupytext release
    edit(path, "```{code-cell}\n:tags: [remove-input]", "```{code-cell} ipython3\n:tags: [remove-input]")
    assert path.read_text(encoding="utf-8") != before
    assert executed(build(book)) == set()


def test_package_model_code_change_reexecutes_every_chapter(book, monkeypatch):
    real = cache.package_code_digest()
    monkeypatch.setattr(cache, "package_code_digest", lambda: "0" * 64 if real != "0" * 64 else "1" * 64)
    assert executed(build(book)) == BOTH


def test_requirements_change_reexecutes_every_chapter(book):
    (book / "requirements.txt").write_text("altair==0.0.0-pinned-for-this-test\n", encoding="utf-8")
    assert executed(build(book)) == BOTH


def test_new_parameters_reexecute_only_that_chapter(book):
    assert executed(build(book, overrides={"a_chart": {"scale": 2.0}})) == {"a_chart"}
    assert executed(build(book, overrides={"a_chart": {"scale": 2.0}})) == set()
    # back to the defaults: the chapter's output depends on its parameters, so it executes again
    assert executed(build(book)) == {"a_chart"}


def test_force_executes_every_chapter(book):
    assert executed(build(book, force=True)) == BOTH


def test_non_chapter_page_edit_executes_nothing_but_updates_the_page(book):
    (book / "index.md").write_text((book / "index.md").read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    assert executed(build(book)) == set()
    assert "A new closing line." in (book / "_build" / "html" / "index.html").read_text(encoding="utf-8")


def test_deleted_executed_notebook_is_executed_again(book):
    (book / "_build" / "exec" / "chapters" / "b_table.ipynb").unlink()
    assert executed(build(book)) == {"b_table"}
