"""Chapters are MyST Markdown text notebooks (`.md` with a jupytext/kernelspec header); this module reads them.

A text notebook is reviewed as text and executed as a notebook: `read_notebook` gives the same nbformat structure
for a `.md` chapter and for a JSON `.ipynb` (which the test fixtures and executed chapters still are), and
`write_ipynb` writes the JSON notebook that papermill executes.

`python -m chinacompute.notebooks FILE...` (the pre-commit hook) fails on any chapter that stores outputs or
execution counts, or that is not a text notebook.
"""

from __future__ import annotations

import copy
import functools
import json
import sys
from pathlib import Path

#: The text format of the chapters, as jupytext names it.
TEXT_FORMAT = "md:myst"


def is_text_notebook(path: Path) -> bool:
    """Whether a `.md` file is a MyST text notebook (its front matter carries a jupytext or kernelspec header),
    as opposed to a plain Markdown page such as `index.md`."""
    path = Path(path)
    if path.suffix != ".md" or not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return False
    header = text.split("\n---", 1)[0]
    return "jupytext:" in header or "kernelspec:" in header


def is_notebook(path: Path) -> bool:
    """Whether the pipeline executes this source: a JSON notebook or a MyST text notebook."""
    return Path(path).suffix == ".ipynb" or is_text_notebook(path)


def read_notebook(path: Path):
    """The notebook (an nbformat NotebookNode) stored at `path`, `.ipynb` or MyST `.md`.

    A rerun reads its chapter four times (parameters, change check, cache key, execution); the parse of a given text
    is kept in memory and each caller gets its own copy. A text notebook's conversion is also remembered in the
    user's cache folder (`remembered`, keyed by the text, jupytext's version and this module's code): a rerun then
    needs neither jupytext (about 0.1 s to import) nor its parse."""
    path = Path(path)
    return copy.deepcopy(_parsed(path.suffix, path.read_text(encoding="utf-8"), str(path)))


@functools.lru_cache(maxsize=16)
def _parsed(suffix: str, text: str, name: str):
    from importlib.metadata import version

    import nbformat

    from .remembered import remembered_json

    if suffix == ".ipynb":
        return nbformat.reads(text, as_version=4)

    def convert() -> dict:
        import jupytext

        try:
            return jupytext.reads(text, fmt=TEXT_FORMAT)
        except Exception as exc:  # jupytext raises several types on a malformed file
            raise ValueError(f"{name}: not a readable MyST text notebook: {exc}") from exc

    return nbformat.from_dict(remembered_json("notebooks", [Path(__file__).read_bytes(), version("jupytext"), text], convert))


def write_ipynb(notebook, target: Path) -> Path:
    """Write `notebook` as a JSON `.ipynb` (the form papermill executes); return the target."""
    import nbformat

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(notebook, version=4)
    target.write_text(text, encoding="utf-8")
    return target


def cell_tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def stored_output_problems(path: Path) -> list[str]:
    """Why a chapter source is not stored clean: outputs or execution counts in any code cell ([] when clean)."""
    path = Path(path)
    if path.suffix == ".md" and not is_text_notebook(path):
        return [f"{path}: a chapter must be a MyST text notebook (front matter with a jupytext/kernelspec header)"]
    try:
        notebook = read_notebook(path)
    except (ValueError, json.JSONDecodeError) as exc:
        return [str(exc)]
    problems = []
    if path.suffix == ".md":
        # A text notebook holds no outputs by construction; jupytext would only keep them in a paired .ipynb.
        header = path.read_text(encoding="utf-8").split("\n---", 1)[0]
        if "formats:" in header and "ipynb" in header:
            problems.append(f"{path}: paired with an .ipynb (jupytext formats); chapters are stored as text only")
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
            problems.append(f"{path}: cell {index} stores outputs or an execution count")
    return problems


def main(argv: list[str]) -> int:
    """`python -m chinacompute.notebooks FILE...` (the pre-commit hook): exit 1 if a chapter stores outputs. A
    Markdown page outside chapters/ that is not a notebook (a plain page such as reference/rerun.md) is skipped."""
    paths = [Path(name) for name in argv]
    paths = [p for p in paths if not (p.suffix == ".md" and "chapters" not in p.parts and not is_text_notebook(p))]
    problems = [p for path in paths for p in stored_output_problems(path)]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
