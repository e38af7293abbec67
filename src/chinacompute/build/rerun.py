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

from . import execute
from .book import BuildError, build_lock, check_data, latex_pdf, publish, publish_file, run_sphinx, sync_file


def run_folder(root: Path, chapter: str, parameters: dict) -> Path:
    """The default output folder of a rerun: stable for the same chapter and parameters."""
    digest = hashlib.sha256(json.dumps(parameters, sort_keys=True, default=str).encode()).hexdigest()[:8]
    return root / "_build" / "runs" / f"{chapter}-{digest}"


def rerun_chapter(root: Path, notebook: Path, parameters: dict, data_dir: Path, out: Path | None = None,
                  pdf: bool = False, report=print) -> Path:
    """Execute `notebook` with `parameters` and build its page (and with `pdf`, a PDF); return the run folder."""
    chapter = notebook.stem
    run_dir = (out or run_folder(root, chapter, parameters)).resolve()
    book = run_dir / "book"
    with build_lock(run_dir / ".build.lock"):
        check_data(data_dir, report)
        rel = notebook.relative_to(root)
        (book / rel.parent).mkdir(parents=True, exist_ok=True)
        (book / "_toc.yml").write_text(yaml.safe_dump({"format": "jb-book", "root": str(rel.with_suffix(""))}), encoding="utf-8")
        sync_file(root / "_config.yml", book / "_config.yml")
        sync_file(data_dir / "references.bib", book / "data" / "references.bib")
        job = execute.Job(notebook, book / rel, parameters, data_dir, extra_inputs=[root / "requirements.txt"])
        [result] = execute.execute_all([job], workers=1, report=report)
        if result.status == "failed":
            raise BuildError(result.error)
        # A single chapter may cite sources whose bibliography lives in another chapter: not an error here.
        built = run_sphinx(book, run_dir / "work", "html", report, strict=False)
        publish(built, run_dir / "html")
        if pdf:
            publish_file(latex_pdf(book, run_dir / "latexwork", report, strict=False), run_dir / f"{chapter}.pdf")
        shutil.copy2(book / rel, run_dir / notebook.name)
        (run_dir / "parameters.json").write_text(json.dumps({"chapter": chapter, "parameters": parameters}, indent=2, default=str))
    page = run_dir / "html" / rel.with_suffix(".html")
    report(f"rerun of {chapter} done:\n  page:     {page}\n  notebook: {run_dir / notebook.name}"
           + (f"\n  pdf:      {run_dir / (chapter + '.pdf')}" if pdf else ""))
    return run_dir
