"""Shared fixtures: the repository root, a private copy of the fixture book, the built real book."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_BOOK = ROOT / "tests" / "fixtures" / "minibook"


def read_chapter(path: Path):
    """A chapter source (MyST `.md` or `.ipynb`) as an nbformat notebook, for tests that edit cells."""
    from chinacompute.notebooks import read_notebook

    return read_notebook(path)


def write_chapter(notebook, path: Path) -> None:
    """Store `notebook` back in the chapter's own format (a MyST text notebook for `.md`)."""
    import jupytext

    from chinacompute.notebooks import TEXT_FORMAT

    path = Path(path)
    jupytext.write(notebook, path, fmt=TEXT_FORMAT if path.suffix == ".md" else "ipynb")


def copy_book(source: Path, target: Path) -> Path:
    """A copy of a book's sources (no build output) that a test may change freely."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints", "__pycache__"))
    return target


@pytest.fixture
def minibook(tmp_path) -> Path:
    return copy_book(FIXTURE_BOOK, tmp_path / "book")


def shared_tmp(tmp_path_factory) -> Path:
    """A folder every test worker of this run sees (pytest-xdist gives each worker its own base temp)."""
    import os

    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(tmp_path_factory, name: str, make) -> Path:
    """The folder `name` in the run's shared temp folder, made by `make(folder)` once per test run: the first test
    worker to get here makes it under a file lock, the others wait and reuse it. A make that fails leaves no
    "done" mark, so the next worker tries again (and fails the same way, with its own message)."""
    import fcntl

    shared = shared_tmp(tmp_path_factory)
    folder, done = shared / name, shared / f"{name}.done"
    with open(shared / f"{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            done.write_text("made\n")
    return folder


@pytest.fixture(scope="session")
def built_minibook_once(tmp_path_factory) -> Path:
    """The fixture book built once per test run, into a folder the test workers share (see made_once). Never
    changed by a test: use `built_minibook` for a private copy."""
    from chinacompute.pipeline.book import build_book

    def make(folder: Path) -> None:
        book = copy_book(FIXTURE_BOOK, folder / "book")
        _, results = build_book(book, workers=2, report=lambda _: None)
        assert {r.name: r.status for r in results} == {"a_chart": "executed", "b_table": "executed"}

    return made_once(tmp_path_factory, "built-minibook", make) / "book"


@pytest.fixture
def built_minibook(built_minibook_once, tmp_path) -> Path:
    """A private copy of the built fixture book (sources and _build) that a test may change freely. Cache keys and
    the HTML stamp hold content digests only, no absolute paths, so the copy is up to date where it is."""
    return Path(shutil.copytree(built_minibook_once, tmp_path / "book"))


@pytest.fixture
def fixture_data(tmp_path) -> Path:
    """A private copy of the fixture data package."""
    return Path(shutil.copytree(FIXTURE_BOOK / "data", tmp_path / "data"))


def run_cli(*args: str, cwd: Path = ROOT, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run `python -m chinacompute ARGS` the way a reader would."""
    return subprocess.run([sys.executable, "-m", "chinacompute", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def run_cli_when_free(*args: str, cwd: Path = ROOT, timeout: int = 1500) -> subprocess.CompletedProcess:
    """Like run_cli, but wait while another build (e.g. another test worker's) holds the book's lock."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        done = run_cli(*args, cwd=cwd, timeout=timeout)
        if "another build is running" not in done.stderr or time.monotonic() > deadline:
            return done
        time.sleep(2)


@pytest.fixture(scope="session")
def real_book():
    """The real book, built the way `make book` builds it (cached chapters are reused)."""
    done = run_cli_when_free("book")
    assert done.returncode == 0, f"make book failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return ROOT / "_build" / "html"
