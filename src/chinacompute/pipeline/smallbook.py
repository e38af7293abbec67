"""One path for every book smaller than the whole: a rerun of one chapter, a briefing, a chapter's PDF.

`build_small_book` builds the chosen chapters with the chosen parameters into one folder: it takes the folder's
lock, refuses invalid data, writes the small book's `_toc.yml` and `_config.yml`, copies the bibliography, executes
the chapters (skipping unchanged ones), then compiles HTML and/or a PDF. Links to chapters left out cannot resolve,
so Sphinx runs non-strict here. The published book is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..files import write_if_changed
from . import execute, toc
from .book import BuildError, SphinxRun, build_lock, check_data, latex_pdf, publish, publish_file, sync_file

#: The chapter that prints the bibliography; a small book without it gets a references page of its own.
BIBLIOGRAPHY_CHAPTER = "08_data_and_methods"


@dataclass
class SmallBook:
    """What a small-book build made (paths that exist are filled in)."""

    folder: Path  # the run folder: book/ (sources and executed chapters), work folders, outputs
    executed: dict[str, Path]  # chapter stem -> executed notebook
    html: Path | None = None  # the HTML folder
    pdf: Path | None = None  # the published PDF


def build_small_book(
    root: Path,
    chapters: dict[str, Path],
    parameters: dict[str, dict],
    data_dir: Path,
    folder: Path,
    *,
    config: dict | None = None,
    html: bool = True,
    pdf: Path | None = None,
    references_page: bool = False,
    kind: str = "book",
    landing: bool = False,
    report=print,
    kernels: dict[str, execute.StartedKernel] | None = None,
    html_to: Path | None = None,
) -> SmallBook:
    """Build `chapters` (stem -> source, first one is the book's root page) with `parameters` (stem -> overrides)
    into `folder`. `config` replaces the book's `_config.yml`; `pdf` is where the PDF is published;
    `references_page` adds a bibliography page when the methods chapter is not among the chapters; `landing` makes
    the root a title-only page (printed books: the cover takes its place); `kind` is what the cover says (book or
    briefing); `kernels` are kernels already started for chapters (stem -> kernel; the caller closes them);
    `html_to` is where the HTML is published (default: `folder`/html)."""
    folder = folder.resolve()
    book = folder / "book"
    with build_lock(folder / ".build.lock"):
        check_data(data_dir, report)
        book.mkdir(parents=True, exist_ok=True)
        if config is None:
            sync_file(root / "_config.yml", book / "_config.yml")
        else:
            write_if_changed(book / "_config.yml", yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
        sync_file(data_dir / "references.bib", book / "data" / "references.bib")
        entries = [str(source.relative_to(root).with_suffix("")) for source in chapters.values()]
        if landing:  # a title-only root page: every chapter, the first too, prints as a numbered chapter; it holds
            # the bibliography directive too (LaTeX prints the bibliography after the last chapter in any case)
            cited = "\n```{bibliography}\n```\n" if references_page and BIBLIOGRAPHY_CHAPTER not in chapters else ""
            (book / "index.md").write_text(f"# {(config or {}).get('title', 'Briefing')}\n{cited}", encoding="utf-8")
            entries.insert(0, "index")
            references_page = False
        tree: dict = {"format": "jb-book", "root": entries[0]}
        rest = [{"file": e} for e in entries[1:]]
        if references_page and BIBLIOGRAPHY_CHAPTER not in chapters:
            (book / "references.md").write_text("# References\n\n```{bibliography}\n```\n", encoding="utf-8")
            rest.append({"file": "references"})
        if rest:
            tree["chapters"] = rest
        (book / "_toc.yml").write_text(yaml.safe_dump(tree, sort_keys=False), encoding="utf-8")
        jobs = [
            execute.Job(
                source,
                toc.executed_path(book, root, source),
                parameters.get(stem, {}),
                data_dir,
                extra_inputs=[root / "requirements.txt"],
            )
            for stem, source in chapters.items()
        ]
        # Sphinx starts now and imports while the chapters execute; it builds once they are done.
        sphinx = SphinxRun(book, folder / "work", "html", strict=False, warm=True) if html else None
        try:
            failed = [r for r in execute.execute_all(jobs, report=report, kernels=kernels) if r.status == "failed"]
            if failed:
                raise BuildError("\n".join(r.error for r in failed))
        except BaseException:
            if sphinx is not None:
                sphinx.cancel()
            raise
        made = SmallBook(folder, {job.name: job.target for job in jobs})
        if sphinx is not None:
            made.html = html_to or folder / "html"
            publish(sphinx.finish(report), made.html)
        if pdf is not None:
            publish_file(latex_pdf(book, folder / "latexwork", report, strict=False, data_dir=data_dir, kind=kind), pdf)
            made.pdf = pdf
    return made
