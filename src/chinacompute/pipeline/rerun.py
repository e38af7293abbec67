"""Rerun one chapter with new parameters into its own folder: executed notebook and a standalone HTML page.

The published book is never touched: the chapter is executed into `_build/runs/<chapter>-<hash>/` and compiled as a
one-page Jupyter Book there.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import yaml

from .book import BuildError
from .execute import StartedKernel
from .smallbook import build_small_book

__all__ = ["BuildError", "rerun_chapter", "run_folder"]


def run_folder(root: Path, chapter: str, parameters: dict) -> Path:
    """The default output folder of a rerun: stable for the same chapter and parameters."""
    digest = hashlib.sha256(json.dumps(parameters, sort_keys=True, default=str).encode()).hexdigest()[:8]
    return root / "_build" / "runs" / f"{chapter}-{digest}"


def work_folder(root: Path, chapter: str) -> Path:
    """Where reruns of `chapter` build, whatever their parameters: its one-page book and Sphinx's environment stay
    there between reruns, so the next rerun re-reads only the chapter (not the theme, the bibliography and the
    configuration) and Sphinx writes only its page."""
    return root / "_build" / "rerun-work" / chapter


def rerun_config(root: Path) -> dict:
    """The book's configuration, for a rerun's one-page book: the same, except that the page's social card has no
    image (see `sphinx_ext.social`: the page is never shared as a link, and drawing a changed chart took 1.2 s)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("sphinx", {}).setdefault("config", {})["chinacompute_card_images"] = False
    return config


def rerun_chapter(
    root: Path,
    notebook: Path,
    parameters: dict,
    data_dir: Path,
    out: Path | None = None,
    pdf: bool = False,
    report=print,
    kernel: StartedKernel | None = None,
) -> Path:
    """Execute `notebook` with `parameters` (on `kernel` when one was started for it) and build its page (and with
    `pdf`, a PDF); return the run folder."""
    chapter = notebook.stem
    run_dir = (out or run_folder(root, chapter, parameters)).resolve()
    pdf_path = run_dir / f"{chapter}.pdf" if pdf else None
    work = work_folder(root.resolve(), chapter)
    # The references page: the chapter's citations link to their entries there, as the book's link to the methods
    # chapter's bibliography (without one, Sphinx leaves every citation as empty brackets).
    made = build_small_book(
        root,
        {chapter: notebook},
        {chapter: parameters},
        data_dir,
        work,
        pdf=pdf_path,
        references_page=True,
        report=report,
        kernels={chapter: kernel} if kernel is not None else None,
        html_to=run_dir / "html",
        config=rerun_config(root),
    )
    executed = run_dir / f"{chapter}.ipynb"
    shutil.copy2(made.executed[chapter], executed)
    (run_dir / "parameters.json").write_text(json.dumps({"chapter": chapter, "parameters": parameters}, indent=2, default=str))
    page = run_dir / "html" / notebook.relative_to(root).with_suffix(".html")
    report(f"rerun of {chapter} done:\n  page:     {page}\n  notebook: {executed}" + (f"\n  pdf:      {pdf_path}" if pdf else ""))
    return run_dir
