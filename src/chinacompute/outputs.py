"""One output-path policy for every command that writes (`book --scenario`, `chapter --out`, `pdf -o`, `export -o`).

- An output folder must be new, empty, one this tool made before (it holds the stamp file `STAMP`), or inside the
  project's `_build/` (the tool's own).
- It must never be, contain, or lie inside the project's sources (`chapters/`, `data/`, `scenarios/`, `src/`) or
  the published book (`_build/html`); nor be the project folder or one of its parents.
- An output file is never written inside those folders, and an existing file is replaced only with `force`.
Refusals raise `OutputPathError` (a ParameterError: exit 2) naming the path and the rule.
"""

from __future__ import annotations

from pathlib import Path

from .params import ParameterError

STAMP = ".chinacompute-output"
PROTECTED = ("chapters", "data", "scenarios", "src", "_build/html")


class OutputPathError(ParameterError):
    """An output path the tool refuses to write to."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _protected(root: Path) -> list[Path]:
    return [(root / p).resolve() for p in PROTECTED]


def check_not_protected(root: Path, path: Path, what: str) -> Path:
    """`path`, resolved, if it is neither inside nor around a protected folder (OutputPathError otherwise)."""
    root, path = Path(root).resolve(), Path(path).resolve()
    if _inside(root, path):
        raise OutputPathError(f"{what} {path}: that is the project folder or one of its parents; choose a new folder")
    for folder in _protected(root):
        if _inside(path, folder) or _inside(folder, path):
            raise OutputPathError(
                f"{what} {path}: inside or around {folder.relative_to(root)}/, which the tool never "
                "writes to; choose a folder under _build/ or outside the project"
            )
    return path


def output_folder(root: Path, folder: Path, what: str = "output folder") -> Path:
    """Check and claim `folder` for the tool's output: create it (with its stamp) if new; accept it if empty or
    stamped; refuse otherwise. Returns the resolved path."""
    folder = check_not_protected(root, folder, what)
    owned = _inside(folder, (Path(root) / "_build").resolve())  # the tool's own build folder (html is protected)
    if folder.exists() and not folder.is_dir():
        raise OutputPathError(f"{what} {folder}: is a file, not a folder")
    if folder.is_dir() and not owned and any(folder.iterdir()) and not (folder / STAMP).is_file():
        raise OutputPathError(
            f"{what} {folder}: exists, is not empty and was not made by this tool; choose a new "
            "or empty folder (nothing was changed)"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / STAMP).write_text(
            "made by python -m chinacompute; its contents may be replaced by later runs\n", encoding="utf-8"
        )
    except OSError as exc:
        raise OutputPathError(f"{what} {folder}: cannot write there ({exc.strerror})") from None
    return folder


def output_file(root: Path, path: Path, force: bool = False, what: str = "output file") -> Path:
    """Check `path` as a file to write: its folder exists, it is not a folder, not protected, and not an existing
    file unless `force`. Returns the resolved path."""
    path = check_not_protected(root, path, what)
    if path.is_dir():
        raise OutputPathError(f"{what} {path}: is a folder; give a file name")
    if not path.parent.is_dir():
        raise OutputPathError(f"{what} {path}: its folder {path.parent} does not exist")
    if path.exists() and not force:
        raise OutputPathError(f"{what} {path}: exists; add --force to replace it")
    return path
