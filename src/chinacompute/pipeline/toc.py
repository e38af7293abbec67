"""Read the book's `_toc.yml`: which source files make the book, in reading order."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..notebooks import is_notebook

SOURCE_SUFFIXES = (".ipynb", ".md")


def toc_entries(root: Path) -> list[str]:
    """Every `file`/`root` entry of `_toc.yml` (suffix-less paths relative to the book root), in order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    entries = [toc["root"]]

    def walk(node) -> None:
        if isinstance(node, dict):
            if "file" in node:
                entries.append(node["file"])
            for key in ("parts", "chapters", "sections"):
                for child in node.get(key, []) or []:
                    walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk({k: v for k, v in toc.items() if k != "root"})
    return entries


def toc_files(root: Path) -> list[Path]:
    """The source file (with suffix) of every toc entry; error naming the entry when none exists."""
    files = []
    for entry in toc_entries(root):
        candidates = [root / (entry + s) for s in SOURCE_SUFFIXES] + [root / entry]
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            raise FileNotFoundError(f"_toc.yml lists {entry!r} but no {entry}.ipynb or {entry}.md exists in {root}")
        files.append(found)
    return files


def chapter_notebooks(root: Path) -> list[Path]:
    """The chapters the pipeline executes (MyST text notebooks, or JSON notebooks), in reading order."""
    return [f for f in toc_files(root) if is_notebook(f)]


def executed_path(exec_dir: Path, root: Path, source: Path) -> Path:
    """Where the executed form of a chapter goes: the same relative path in the staging folder, as `.ipynb`."""
    return exec_dir / source.relative_to(root).with_suffix(".ipynb")
