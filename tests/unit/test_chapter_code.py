"""Chapters read like articles: their code cells load, call a model, call a chart builder, show and glue. The
analysis lives in the package (models/, charts/), where it is tested."""

from __future__ import annotations

import ast

import pytest

from chinacompute.notebooks import read_notebook
from tests.conftest import ROOT

CHAPTERS = sorted(ROOT.glob("chapters/*.md"))
MAX_TOTAL = 450
MAX_CELL = 25


def counted_lines(source: str) -> int:
    """Non-blank lines of code that are not pure comments."""
    return sum(1 for line in source.splitlines() if line.strip() and not line.strip().startswith("#"))


def code_cells(path):
    return [c.source for c in read_notebook(path).cells if c.cell_type == "code"]


def definitions(source: str) -> list[str]:
    """Functions, lambdas and classes defined in `source`, by line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            found.append((node.lineno, f"line {node.lineno}: {type(node).__name__}"))
    return [text for _, text in sorted(found)]


def test_all_chapters_together_stay_short():
    total = sum(counted_lines(s) for path in CHAPTERS for s in code_cells(path))
    assert len(CHAPTERS) >= 8
    assert total <= MAX_TOTAL, f"{total} code lines across the chapters (at most {MAX_TOTAL}): move analysis into the package"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_long_cell_and_no_definitions(path):
    for index, source in enumerate(code_cells(path)):
        assert counted_lines(source) <= MAX_CELL, f"{path.name} code cell {index}: {counted_lines(source)} lines"
        assert definitions(source) == [], f"{path.name} code cell {index} defines {definitions(source)}"


def test_the_checks_catch_what_they_forbid():
    assert counted_lines("x = 1\n\n# a comment\ny = 2\n") == 2
    assert definitions("def f():\n    pass\ng = lambda x: x\nclass C:\n    pass\n") == [
        "line 1: FunctionDef",
        "line 3: Lambda",
        "line 4: ClassDef",
    ]
    assert definitions("nm_class = 'data-centre class part'\n") == []
