"""`make lint` over the chapters' code cells. Ruff reads `.ipynb` notebooks but not MyST text notebooks, so each
chapter is converted by jupytext in memory and given to `ruff check` on standard input as `<chapter>.ipynb` (the
project's ruff rules and per-file ignores apply to that name); each finding is reported at the chapter's own line.

    python -m chinacompute.lint [CHAPTER.md ...]     (default: every notebook page in _toc.yml)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

__all__ = ["as_ruff_notebook", "cell_first_lines", "lint_chapter", "main"]

FENCE = re.compile(r"^(`{3,}|~{3,})\{code-cell\}")


def as_ruff_notebook(notebook) -> str:
    """The notebook as .ipynb JSON that ruff lints: ruff skips a notebook whose language it cannot see, and a text
    notebook's metadata names only its kernel."""
    import nbformat

    notebook = nbformat.from_dict(json.loads(nbformat.writes(notebook)))
    notebook.metadata["language_info"] = {"name": "python"}
    return nbformat.writes(notebook)


def cell_first_lines(text: str, notebook) -> dict[int, int]:
    """{1-based cell index, as ruff numbers cells: 1-based line of the text file where that code cell's source starts}."""
    lines = text.splitlines()
    fences = [n for n, line in enumerate(lines) if FENCE.match(line)]
    found, code_cells = {}, 0
    for index, cell in enumerate(notebook.cells, 1):
        if cell.cell_type != "code":
            continue
        if code_cells >= len(fences):
            break
        start = fences[code_cells] + 1
        code_cells += 1
        if start < len(lines) and lines[start].strip() == "---":  # options as a YAML block
            end = next((n for n in range(start + 1, len(lines)) if lines[n].strip() == "---"), start)
            start = end + 1
        while start < len(lines) and lines[start].startswith(":"):  # options as `:key: value` lines
            start += 1
        source = cell.source.splitlines()
        if source:  # a blank line may separate the options from the source
            start = next((n for n in range(start, min(start + 3, len(lines))) if lines[n] == source[0]), start)
        found[index] = start + 1
    return found


def lint_chapter(path: Path, root: Path) -> list[str]:
    """Ruff's findings in one chapter, as 'file:line:column: CODE message' at the chapter's lines."""
    from .notebooks import read_notebook

    path = Path(path).resolve()
    notebook = read_notebook(path)
    name = path.relative_to(root) if path.is_relative_to(root) else path
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--quiet", "--output-format", "json", "--stdin-filename",
         str(name.with_suffix(".ipynb")), "-"],
        input=as_ruff_notebook(notebook), capture_output=True, text=True, cwd=root,
    )  # fmt: skip
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{name}: ruff failed (exit {done.returncode}): {done.stderr.strip()}")
    first = cell_first_lines(path.read_text(encoding="utf-8"), notebook)
    findings = []
    for item in json.loads(done.stdout or "[]"):
        cell, row, column = item.get("cell"), item["location"]["row"], item["location"]["column"]
        line = first[cell] + row - 1 if cell in first else row
        findings.append(f"{name}:{line}:{column}: {item['code']} {item['message']}")
    return findings


def main(argv: list[str]) -> int:
    from .pipeline import toc

    root = Path.cwd().resolve()
    from .notebooks import is_text_notebook

    # Named files (pre-commit passes the changed ones): the MyST text notebooks among them; plain pages are skipped.
    chapters = (
        [p for p in map(Path, argv) if p.suffix == ".md" and is_text_notebook(p)]
        if argv
        else [f for f in toc.chapter_notebooks(root) if f.suffix == ".md"]
    )
    findings = [finding for chapter in chapters for finding in lint_chapter(chapter, root)]
    for finding in findings:
        print(finding)
    print(
        f"chapters: {len(chapters)} checked, {len(findings)} finding(s)"
        if findings
        else f"chapters: {len(chapters)} checked, all clean"
    )
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
