"""Chapters are stored as MyST text notebooks with no outputs and exactly one parameters cell (outputs are made by
the build), and saving one through JupyterLab's jupytext contents manager keeps it that way."""

from __future__ import annotations

import pytest

from chinacompute.notebooks import cell_tags, is_text_notebook, read_notebook, stored_output_problems
from tests.conftest import ROOT

CHAPTERS = sorted(ROOT.glob("chapters/*.md"))
NOTEBOOKS = CHAPTERS + sorted(p for p in (ROOT / "tests" / "fixtures").rglob("chapters/*.md") if "_build" not in p.parts)


def test_there_are_text_chapters():
    assert len(CHAPTERS) >= 8


def test_chapters_hold_no_json_notebooks():
    assert sorted(p.name for p in (ROOT / "chapters").glob("*.ipynb")) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_clean_text_with_one_parameters_cell(path):
    assert is_text_notebook(path)
    assert stored_output_problems(path) == []
    code = [c for c in read_notebook(path).cells if c.cell_type == "code"]
    assert sum("parameters" in cell_tags(c) for c in code) == 1


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_sets_up_the_book_outputs(path):
    """charts.setup(as_of) gives charts their offline renderer, tables their print form and figures their citation
    in the chapter's edition; every chapter needs it."""
    code = "\n".join(c.source for c in read_notebook(path).cells if c.cell_type == "code")
    assert "charts.setup(as_of)" in code


def test_stored_output_check_catches_outputs_and_pairing(tmp_path):
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1", execution_count=3)])
    notebook.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=3)]
    dirty = tmp_path / "dirty.ipynb"
    nbformat.write(notebook, dirty)
    assert stored_output_problems(dirty) == [f"{dirty}: cell 0 stores outputs or an execution count"]
    paired = tmp_path / "paired.md"
    paired.write_text(
        "---\njupytext:\n  formats: ipynb,md:myst\nkernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n# T\n"
    )
    assert "paired with an .ipynb" in stored_output_problems(paired)[0]
    plain = tmp_path / "plain.md"
    plain.write_text("# Just a page\n")
    assert "must be a MyST text notebook" in stored_output_problems(plain)[0]


def test_saving_in_jupyterlab_keeps_a_text_notebook_without_outputs(tmp_path):
    """JupyterLab saves through jupytext's contents manager: the executed model (with outputs) goes in, a text
    notebook with no outputs comes out, and its cells are unchanged."""
    import shutil

    import nbformat
    from jupytext import TextFileContentsManager

    chapter = shutil.copy(ROOT / "tests" / "fixtures" / "minibook" / "chapters" / "a_chart.md", tmp_path / "a.md")
    manager = TextFileContentsManager(root_dir=str(tmp_path))
    model = manager.get("a.md")
    assert model["type"] == "notebook"
    notebook = nbformat.from_dict(model["content"])
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.execution_count = 1
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="an output\n")]
    manager.save({"type": "notebook", "format": "json", "content": notebook}, "a.md")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]  # no paired .ipynb appears
    assert stored_output_problems(chapter) == []
    assert "an output" not in chapter.read_text(encoding="utf-8")
    before = [
        (c.cell_type, c.source) for c in read_notebook(ROOT / "tests" / "fixtures" / "minibook" / "chapters" / "a_chart.md").cells
    ]
    assert [(c.cell_type, c.source) for c in read_notebook(chapter).cells] == before


def test_a_text_is_parsed_once_and_each_reader_gets_its_own_copy(tmp_path, monkeypatch):
    """A rerun reads its chapter four times: the parse of one text is kept, a reader's edits to its notebook do not
    reach the next reader, and an edited file is parsed afresh."""
    import shutil

    import jupytext

    from chinacompute import notebooks

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    chapter = shutil.copy(ROOT / "tests" / "fixtures" / "minibook" / "chapters" / "a_chart.md", tmp_path / "a.md")
    parses = []
    real_reads = jupytext.reads
    monkeypatch.setattr(jupytext, "reads", lambda text, **kw: parses.append(1) or real_reads(text, **kw))
    notebooks._parsed.cache_clear()

    first = read_notebook(chapter)
    first.cells[0].source = "changed by its reader"
    second = read_notebook(chapter)
    assert len(parses) == 1
    assert second.cells[0].source != "changed by its reader"
    assert [(c.cell_type, c.source) for c in second.cells[1:]] == [(c.cell_type, c.source) for c in first.cells[1:]]

    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    assert read_notebook(chapter).cells[-1].source.endswith("A new closing paragraph.")
    assert len(parses) == 2


def test_a_conversion_is_remembered_across_processes_and_a_bad_text_never_is(tmp_path, monkeypatch):
    """The conversion of a text notebook is kept in the user's cache folder: a later process (here: the in-memory
    parse forgotten) reads it without jupytext and gets the same notebook; a text jupytext cannot read is refused
    with its file's name every time, and nothing is stored for it."""
    import shutil

    import jupytext

    from chinacompute import notebooks

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    chapter = shutil.copy(ROOT / "tests" / "fixtures" / "minibook" / "chapters" / "a_chart.md", tmp_path / "a.md")
    notebooks._parsed.cache_clear()
    first = read_notebook(chapter)
    notebooks._parsed.cache_clear()

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed again although the text was converted before")

    monkeypatch.setattr(jupytext, "reads", no_parse)
    again = read_notebook(chapter)
    assert [(c.cell_type, c.source, c.metadata) for c in again.cells] == [
        (c.cell_type, c.source, c.metadata) for c in first.cells
    ]
    assert again.metadata == first.metadata and type(again.cells[0]).__name__ == "NotebookNode"
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    stored = sorted((tmp_path / "cache" / "chinacompute" / "notebooks").glob("*.json"))
    bad = tmp_path / "bad.md"
    bad.write_text("---\njupytext:\n  text_representation: [unclosed\n---\n\n# Title\n", encoding="utf-8")
    for _ in range(2):
        notebooks._parsed.cache_clear()
        with pytest.raises(ValueError, match="bad.md: not a readable MyST text notebook"):
            read_notebook(bad)
    assert sorted((tmp_path / "cache" / "chinacompute" / "notebooks").glob("*.json")) == stored
