"""Writing files so that a reader, or a process killed midway, never sees half of one."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` to a temporary sibling, then rename it over `path` in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    tmp.replace(path)


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """`write_atomic` only when the content differs; True when written. An unchanged file keeps its mtime, so
    Sphinx's incremental builds see it as unchanged."""
    new = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    if path.is_file() and path.read_bytes() == new:
        return False
    write_atomic(path, new)
    return True
