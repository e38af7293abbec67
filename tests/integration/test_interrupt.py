"""A build killed at any point leaves the previous book complete; two builds at once do not corrupt each other."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from chinacompute.pipeline.book import Layout, build_book
from tests.conftest import read_chapter, write_chapter

pytestmark = pytest.mark.slow


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def slow_down(book: Path, seconds: float) -> None:
    """Make chapter a_chart change (so it executes) and take `seconds` longer."""
    import nbformat

    path = book / "chapters" / "a_chart.md"
    notebook = read_chapter(path)
    notebook.cells.append(nbformat.v4.new_code_cell(f"import time\ntime.sleep({seconds})"))
    write_chapter(notebook, path)


def start_build(book: Path, tmpdir: Path | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "chinacompute", "book"],
        cwd=book,
        env={**os.environ, "TMPDIR": str(tmpdir)} if tmpdir else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the build to reach the phase under test"
        time.sleep(0.05)


def build_in_phase(book: Path, layout, phase: str, tmpdir: Path | None = None) -> subprocess.Popen:
    """A build started and caught in `phase`: executing a chapter ("execution") or running Sphinx ("html-build")."""
    log = layout.work_dir / "html-build.log"
    log.unlink()
    slow_down(book, 4 if phase == "execution" else 0)
    process = start_build(book, tmpdir)
    if phase == "execution":
        # The notebook papermill executes exists from the moment the chapter starts until it ends.
        wait_for(lambda: any((layout.exec_dir / "chapters").glob(".a_chart.source.ipynb")) or process.poll() is not None)
        time.sleep(1)
    else:
        wait_for(lambda: log.exists() or process.poll() is not None)
        time.sleep(0.5)
    assert process.poll() is None, f"the build ended before it could be interrupted:\n{process.stdout.read()}"
    return process


@pytest.fixture
def built(built_minibook):
    """A private copy of the fixture book, already built (built once per run and copied)."""
    return built_minibook, Layout(built_minibook.resolve(), (built_minibook / "_build").resolve())


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
@pytest.mark.parametrize("phase", ["execution", "html-build"])
def test_killed_build_leaves_the_previous_book(built, sig, phase):
    book, layout = built
    before = digest(layout.html)
    # A killed build cannot remove its temporary files (the kernel's socket files, the log of tables read): they go
    # to a private folder (with a short path: socket paths are limited to about 100 bytes), removed afterwards.
    private = Path(tempfile.mkdtemp(prefix="cc-"))
    try:
        process = build_in_phase(book, layout, phase, private)
        os.killpg(process.pid, sig)
        process.wait(30)
    finally:
        shutil.rmtree(private, ignore_errors=True)
    assert process.returncode != 0
    assert digest(layout.html) == before, "the published book changed although the build was interrupted"
    # The lock died with the build; the next build completes and publishes the change. A chapter that finished
    # executing before the kill is reused; one killed mid-execution runs again.
    _, results = build_book(book, workers=2, report=lambda _: None)
    assert {r.name: r.status for r in results}["a_chart"] == ("executed" if phase == "execution" else "skipped")
    assert digest(layout.html) != before


@pytest.mark.parametrize("phase", ["execution", "html-build"])
def test_ctrl_c_stops_the_build_in_one_line_and_keeps_the_book(built, phase):
    """Ctrl-C sends SIGINT to the whole foreground process group: the build, its workers and their kernels."""
    book, layout = built
    before = digest(layout.html)
    process = build_in_phase(book, layout, phase)
    os.killpg(process.pid, signal.SIGINT)
    output = process.communicate(timeout=60)[0]
    assert process.returncode == 130, output
    assert "interrupted: stopped before publishing; the previous book and PDF are as they were" in output
    assert "Traceback" not in output and "ZMQError" not in output, output
    assert digest(layout.html) == before
    _, results = build_book(book, workers=2, report=lambda _: None)  # the lock was released; the next build runs
    assert digest(layout.html) != before


def test_second_build_is_refused_while_the_first_finishes(built):
    book, layout = built
    slow_down(book, 4)
    first = start_build(book)
    wait_for(lambda: (layout.lock.exists() and "pid" in layout.lock.read_text()) or first.poll() is not None)
    time.sleep(0.5)
    second = subprocess.run([sys.executable, "-m", "chinacompute", "book"], cwd=book, capture_output=True, text=True, timeout=120)
    assert second.returncode == 1
    assert "another build is running" in second.stderr
    output, _ = first.communicate(timeout=300)
    assert first.returncode == 0, output
    assert (layout.html / "chapters" / "a_chart.html").is_file()
