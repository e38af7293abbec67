"""Content hashes that decide whether a chapter must be executed again.

A chapter's key covers everything its output depends on: the notebook source, the parameters injected, the package
code that notebooks call (not the build machinery), the pinned requirements, and the data files the chapter read
when it last executed (recorded at execution time), plus the bibliography and schema every chapter uses.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..notebooks import read_notebook
from ..paths import package_dir

#: Package folders whose code cannot change what a notebook computes or displays.
_NOT_CHAPTER_CODE = ("pipeline", "sphinx_ext")
CACHE_METADATA = "chinacompute"


def file_digest(path: Path) -> str:
    """sha256 of one file's bytes ('missing' when it does not exist, so a deleted input changes the key)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"


def package_code_digest() -> str:
    """One digest over the package modules a chapter can call."""
    digest = hashlib.sha256()
    root = package_dir()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in _NOT_CHAPTER_CODE or rel.name == "cli.py":
            continue
        digest.update(str(rel).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def notebook_source_digest(path: Path) -> str:
    """Digest of a chapter's cells (sources, types, tags) read from its source (a MyST text notebook or an .ipynb),
    ignoring outputs and volatile metadata: reflowing the header or re-saving in JupyterLab changes nothing."""
    notebook = read_notebook(path)
    cells = [
        (
            c["cell_type"],
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"],
            sorted(c.get("metadata", {}).get("tags", [])),
        )
        for c in notebook["cells"]
    ]
    return hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()


#: Data files every chapter depends on, whatever tables it reads.
ALWAYS_READ = ("datapackage.json", "references.bib")


def snapshot(notebook: Path, parameters: dict, data_dir: Path, extra: list[Path]) -> dict:
    """Digests of every input a chapter can depend on, taken before it executes (so an edit made while it runs
    makes the stored key stale rather than fresh)."""
    return {
        "notebook": notebook_source_digest(notebook),
        "parameters": json.dumps(parameters, sort_keys=True, default=str),
        "code": package_code_digest(),
        "data": {p.name: file_digest(p) for p in sorted(Path(data_dir).iterdir()) if p.is_file()},
        "extra": {str(p.name): file_digest(p) for p in extra},
    }


def key_from(inputs: dict, data_files: list[str]) -> str:
    """The cache key of one chapter execution: its inputs, restricted to the data files it read."""
    wanted = set(data_files) | set(ALWAYS_READ)
    parts = {**inputs, "data": {name: inputs["data"].get(name, "missing") for name in sorted(wanted)}}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def chapter_key(notebook: Path, parameters: dict, data_dir: Path, data_files: list[str], extra: list[Path]) -> str:
    """The cache key of one chapter as its inputs are now."""
    return key_from(snapshot(notebook, parameters, data_dir, extra), data_files)


def recorded(executed: Path) -> dict:
    """The cache metadata stored in an executed notebook ({} when absent or unreadable)."""
    try:
        return json.loads(Path(executed).read_text(encoding="utf-8"))["metadata"].get(CACHE_METADATA, {})
    except (FileNotFoundError, json.JSONDecodeError, KeyError):
        return {}
