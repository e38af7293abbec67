"""Build the whole book: validate data, stage sources, execute chapters, compile HTML, publish atomically."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..files import write_atomic, write_if_changed
from ..notebooks import is_notebook
from ..validation import validate
from . import cache, chapter_pdfs, data_zip, execute, linkcheck, toc

#: Folders and files (relative to the book root) copied into the staging folder besides the toc's sources.
STAGED_EXTRAS = ("_config.yml", "_toc.yml", "data/references.bib", "_static", "images")


class BuildError(RuntimeError):
    """The build stopped; the message says where and why. The published book was left as it was."""


@dataclass
class Layout:
    """The folders of one build (the default book, or a scenario's book)."""

    root: Path
    out: Path  # e.g. <root>/_build

    @property
    def exec_dir(self) -> Path:
        return self.out / "exec"

    @property
    def work_dir(self) -> Path:
        return self.out / "work"

    @property
    def html(self) -> Path:
        return self.out / "html"

    @property
    def latex_work_dir(self) -> Path:
        return self.out / "latexwork"

    @property
    def pdf(self) -> Path:
        return self.out / "pdf" / "book.pdf"

    @property
    def lock(self) -> Path:
        return self.out / ".build.lock"


@contextmanager
def build_lock(path: Path):
    """Hold an exclusive lock for the build; a second build at the same time stops with a clear message."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise BuildError(f"another build is running in {path.parent} (held by {holder}); wait for it to finish") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def check_data(data_dir: Path, report=print) -> None:
    """Refuse to build on invalid data: every problem listed, nothing executed."""
    problems, *_ = validate(data_dir)
    if problems:
        lines = "\n".join(f"  {p}" for p in problems[:100])
        more = f"\n  ... and {len(problems) - 100} more" if len(problems) > 100 else ""
        raise BuildError(f"data in {data_dir} is invalid ({len(problems)} problem(s)); nothing was executed:\n{lines}{more}")
    report(f"data: {data_dir} is valid")


def sync_file(source: Path, target: Path) -> None:
    """Copy only when the content differs, so unchanged files keep their mtime (Sphinx rebuilds what changed)."""
    write_if_changed(target, source.read_bytes())


def stage_sources(root: Path, exec_dir: Path, sources: list[Path], data_dir: Path | None = None) -> None:
    """Mirror the book's non-notebook sources into the staging folder; remove staged files no longer in the book.
    The bibliography comes from `data_dir` (the data package the build uses, `--data`), not always ./data."""
    wanted = set()
    for rel in STAGED_EXTRAS:
        path = root / rel
        for file in [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []:
            wanted.add(file.relative_to(root))
    executed = set()
    for source in sources:
        if is_notebook(source):  # executed into the staging folder as .ipynb, never copied
            executed.add(source.relative_to(root).with_suffix(".ipynb"))
        else:
            wanted.add(source.relative_to(root))
    bibliography = Path("data/references.bib")
    for rel in sorted(wanted):
        source = data_dir / "references.bib" if data_dir is not None and rel == bibliography else root / rel
        sync_file(source, exec_dir / rel)
    wanted |= executed
    for staged in list(exec_dir.rglob("*")) if exec_dir.exists() else []:
        rel = staged.relative_to(exec_dir)
        if (
            staged.is_file()
            and rel not in wanted
            and not rel.name.startswith(".")
            and not {"_build", chapter_pdfs.STAGED, data_zip.STAGED} & set(rel.parts)
        ):  # staged after execution
            staged.unlink()


def run_sphinx(exec_dir: Path, work_dir: Path, builder: str = "html", report=print, strict: bool = True) -> Path:
    """Run `jupyter-book build` (warnings are errors when strict) into work_dir; return the builder's output folder."""
    return SphinxRun(exec_dir, work_dir, builder, strict).finish(report)


class SphinxRun:
    """One `jupyter-book build` of `exec_dir` into `work_dir`. Started with `warm=True`, the process imports Jupyter
    Book and Sphinx at once and waits: `finish` lets it build (and waits for it), `cancel` ends it unbuilt. A
    rerun starts it before executing its chapter, so those imports run while the chapter does."""

    def __init__(self, exec_dir: Path, work_dir: Path, builder: str = "html", strict: bool = True, warm: bool = False):
        from .jupyter_book_main import WAIT_FLAG

        self.builder, self.work_dir = builder, work_dir
        self.log = work_dir / f"{builder}-build.log"
        work_dir.mkdir(parents=True, exist_ok=True)
        # `jupyter-book build`, started through a wrapper that skips a slow optional import (chinacompute.startup).
        command = [sys.executable, "-m", "chinacompute.pipeline.jupyter_book_main", *([WAIT_FLAG] if warm else [])]
        command += ["build", str(exec_dir), "--path-output", str(work_dir), "--builder", builder]
        if strict:
            command += ["-W", "-n", "--keep-going"]
        self._out = open(self.log, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE if warm else subprocess.DEVNULL,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONWARNINGS": "ignore", "NO_COLOR": "1"},
        )
        self.warm = warm

    def _release(self, line: str) -> None:
        if self.warm and self.process.stdin and not self.process.stdin.closed:
            try:
                self.process.stdin.write(line.encode())
                self.process.stdin.close()
            except BrokenPipeError:  # the process already ended (its log says why)
                pass

    def cancel(self) -> None:
        """End the process without building (a warm start whose chapter failed or was interrupted)."""
        self._release("stop\n")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._out.close()

    def finish(self, report=print) -> Path:
        """Build (a warm start is told to go), wait, and return the builder's output folder; BuildError with the
        log's warnings and errors if the build failed."""
        build_started = time.perf_counter()
        self._release("go\n")
        try:
            code = self.process.wait()
        except BaseException:
            self.process.kill()
            self.process.wait()
            raise
        finally:
            self._out.close()
        text = self.log.read_text(encoding="utf-8", errors="replace")
        if code != 0:
            problems = [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line or "Error" in line]
            shown = "\n  ".join((problems or text.splitlines())[-25:])
            # A failed run can leave Sphinx's environment (and latexmk's state) inconsistent; start afresh next time.
            shutil.rmtree(self.work_dir / "_build" / ".doctrees", ignore_errors=True)
            shutil.rmtree(self.work_dir / "_build" / "latex", ignore_errors=True)
            raise BuildError(f"jupyter-book {self.builder} build failed (exit {code}); full log: {self.log}\n  {shown}")
        report(f"  sphinx    {self.builder:<28} {time.perf_counter() - build_started:6.1f} s")
        return self.work_dir / "_build" / self.builder


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def publish(built: Path, published: Path) -> None:
    """Swap a complete build into place: copy it to a fresh sibling folder, then exchange the two folders in one
    atomic step, so a reader (or a build killed at any moment) sees the old book or the new one, never neither."""
    fresh = published.with_name(published.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(built, fresh)
    if published.exists() and _exchange(fresh, published):
        shutil.rmtree(fresh, ignore_errors=True)  # now holds the old book
        return
    old = published.with_name(published.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if published.exists():
        published.rename(old)
    fresh.rename(published)
    shutil.rmtree(old, ignore_errors=True)


def html_inputs_digest(exec_dir: Path) -> str:
    """Digest of everything the HTML build reads: the staged sources (executed notebooks, pages, config, the
    bibliography), the Sphinx extension and the tool versions. Equal digest, equal HTML: Sphinx need not run."""
    from importlib.metadata import version

    from .. import sphinx_ext

    digest = hashlib.sha256()
    for path in sorted(p for p in exec_dir.rglob("*") if p.is_file()):
        parts = path.relative_to(exec_dir).parts
        if {"_build", "__pycache__", "failed"} & set(parts) or parts[-1].startswith("."):
            continue
        digest.update(f"{'/'.join(parts)}\0{cache.file_digest(path)}\0".encode())
    digest.update(f"sphinx_ext\0{sphinx_ext.extension_digest()}\0".encode())
    digest.update(" ".join(version(d) for d in ("jupyter-book", "sphinx", "myst-nb", "vl-convert-python")).encode())
    return digest.hexdigest()


def publish_file(built: Path, published: Path) -> None:
    """Put a finished file in place in one rename (a reader never sees half a PDF)."""
    write_atomic(published, built.read_bytes())


def latex_pdf(source_dir: Path, work_dir: Path, report=print, strict: bool = True, *, data_dir: Path, kind: str = "book") -> Path:
    """Run the Jupyter Book LaTeX builder (xelatex) over an executed book in its printed form (`print_figures`:
    numbered figures, no landing page; `print_edition`: cover and colophon); return the PDF it made."""
    from .print_edition import edition_of, print_config
    from .print_figures import prepare_print_sources

    def patch(config: dict) -> dict:
        return print_config(config, edition_of(source_dir, data_dir, config, kind))

    print_dir = prepare_print_sources(source_dir, work_dir / "print-source", work_dir / "figures", report, config_patch=patch)
    built = run_sphinx(print_dir, work_dir, "pdflatex", report, strict=strict)
    pdf = built.parent / "latex" / "book.pdf"
    if not pdf.is_file():
        raise BuildError(f"the LaTeX build finished but made no PDF; see {work_dir / 'pdflatex-build.log'}")
    return pdf


def book_title(root: Path) -> str:
    """The book's title, from its _config.yml."""
    import yaml

    return str((yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}).get("title", ""))


def build_book(*args, report=print, **kwargs) -> tuple[Layout, list[execute.Result]]:
    """The whole pipeline (see _build_book). Ctrl-C stops it before anything is published and says so in one line;
    the KeyboardInterrupt then goes on to the caller (the CLI exits 130)."""
    try:
        return _build_book(*args, report=report, **kwargs)
    except KeyboardInterrupt:
        report("interrupted: stopped before publishing; the previous book and PDF are as they were")
        raise


def _build_book(
    root: Path,
    out: Path | None = None,
    data_dir: Path | None = None,
    overrides: dict[str, dict] | None = None,
    workers: int | None = None,
    force: bool = False,
    report=print,
    target: str = "html",
) -> tuple[Layout, list[execute.Result]]:
    """The whole pipeline; returns the folders and what happened per chapter; raises BuildError (published book
    untouched) on any failure. `target` "html" publishes _build/html, "pdf" publishes _build/pdf/book.pdf from the
    same executed chapters, "linkcheck" checks their external links into _build/linkcheck/."""
    if target not in ("html", "pdf", "linkcheck"):
        raise ValueError(f"target must be html, pdf or linkcheck, got {target!r}")
    root = root.resolve()
    layout = Layout(root, (out or root / "_build").resolve())
    data_dir = (data_dir or root / "data").resolve()
    overrides = overrides or {}
    started = time.perf_counter()
    with build_lock(layout.lock):
        check_data(data_dir, report)
        sources = toc.toc_files(root)
        stage_sources(root, layout.exec_dir, sources, data_dir)
        jobs = [
            execute.Job(
                nb,
                toc.executed_path(layout.exec_dir, root, nb),
                overrides.get(nb.stem, {}),
                data_dir,
                extra_inputs=[root / "requirements.txt"],
                force=force,
            )
            for nb in sources
            if is_notebook(nb)
        ]
        results = execute.execute_all(jobs, workers=workers, report=report)
        failed = [r for r in results if r.status == "failed"]
        if failed:
            kept = layout.pdf if target == "pdf" else layout.html
            raise BuildError(
                f"{len(failed)} chapter(s) failed; the published {kept} was left as it was:\n"
                + "\n".join(r.error for r in failed)
            )
        executed_chapters = {nb.stem: toc.executed_path(layout.exec_dir, root, nb) for nb in sources if is_notebook(nb)}
        if target == "html":
            # Chapter PDFs printed from these very executions (`make pdf`) are linked from their pages.
            chapter_pdfs.stage_pdfs(layout.pdf.parent, executed_chapters, layout.exec_dir)
            data_zip.stage_zip(data_dir, layout.exec_dir)  # linked from the landing page and the methods chapter
            stamp = layout.out / ".html-inputs"
            inputs = html_inputs_digest(layout.exec_dir)
            # Up to date only if every page of the book is still there (a page deleted by hand is rebuilt).
            pages = [layout.html / source.relative_to(root).with_suffix(".html") for source in sources]
            if all(page.is_file() for page in pages) and stamp.is_file() and stamp.read_text() == inputs:
                report(f"  sphinx    {'html':<28} up to date (no input changed)")
            else:
                stamp.unlink(missing_ok=True)
                publish(run_sphinx(layout.exec_dir, layout.work_dir, "html", report), layout.html)
                stamp.write_text(inputs)
            result_path = layout.html / "index.html"
        elif target == "linkcheck":  # the links of the executed pages; nothing is published
            linkcheck.run_linkcheck(layout.exec_dir, layout.out / "linkcheck-work", layout.out / "linkcheck", report)
            result_path = layout.out / "linkcheck" / "broken.md"
        else:
            publish_file(latex_pdf(layout.exec_dir, layout.latex_work_dir, report, data_dir=data_dir), layout.pdf)
            chapter_pdfs.write_chapter_pdfs(layout.pdf, executed_chapters, book_title(root), report)
            result_path = layout.pdf
    executed = sum(r.status == "executed" for r in results)
    report(
        f"book: {len(sources)} page(s), {executed} chapter(s) executed, {len(results) - executed} skipped, "
        f"{time.perf_counter() - started:.1f} s -> {result_path}"
    )
    return layout, results
