"""Where things live: the project root, the data package, the build folders."""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable that points the package (and executing notebooks) at a data package folder.
DATA_ENV = "CHINACOMPUTE_DATA"
#: Environment variable naming the file where `chinacompute.data` records each table a chapter reads (set by the
#: build for each chapter's kernel: the chapter's cache key covers what it read).
READS_LOG_ENV = "CHINACOMPUTE_READS_LOG"


def project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` (default: cwd) that holds `_toc.yml`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file():
            return folder
    raise FileNotFoundError(f"no _toc.yml found in {here} or any folder above it: run from inside the book")


def data_dir(explicit: Path | str | None = None) -> Path:
    """The data package folder: the argument, else $CHINACOMPUTE_DATA, else `<project root>/data`."""
    if explicit:
        return Path(explicit).resolve()
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).resolve()
    return project_root() / "data"


def package_dir() -> Path:
    """The folder of the installed `chinacompute` package (its code is part of every chapter's cache key)."""
    return Path(__file__).resolve().parent


def user_cache_dir() -> Path:
    """The user's cache folder for this package ($XDG_CACHE_HOME/chinacompute, else ~/.cache/chinacompute): what
    is costly to make and the same for every build on this machine (the Vega bundle, social-card images, compiled
    page templates). Deleting it loses nothing but time."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chinacompute"
