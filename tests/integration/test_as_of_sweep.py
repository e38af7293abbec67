"""Every as-of date from the earliest data row to today runs every chapter: rows not yet published read as "not
yet known", never as a crash. One date per year since 2015, each chapter's code run in this process (the cells as
the kernel would run them, with the date injected after the parameters cell), so the sweep takes about a minute."""

from __future__ import annotations

import contextlib
import io

import pytest

from chinacompute.notebooks import cell_tags, read_notebook
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

PAGES = sorted(ROOT.glob("chapters/*.md")) + [ROOT / "index.md"]
DATES = [f"{year}-06-30" for year in range(2015, 2027)]


def run_chapter(path, as_of: str) -> None:
    namespace: dict = {"__name__": "__chapter__"}
    for cell in read_notebook(path).cells:
        if cell.cell_type != "code":
            continue
        exec(compile(cell.source, f"{path.name} cell", "exec"), namespace)  # noqa: S102 - the book's own chapters
        if "parameters" in cell_tags(cell):
            namespace["as_of"] = as_of


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_year_since_2015_runs(page, monkeypatch):
    monkeypatch.chdir(page.parent)
    monkeypatch.setenv("CHINACOMPUTE_BOOK_BUILD", "1")
    failures = []
    for as_of in DATES:
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                run_chapter(page, as_of)
            except Exception as exc:  # noqa: BLE001 - collect every date that fails, then report them together
                failures.append(f"{as_of}: {type(exc).__name__}: {exc}")
    assert failures == [], f"{page.name} fails at " + "; ".join(failures)
