"""`jupyter-book` as the build runs it: the same command-line program, started without the slow optional import
described in `chinacompute.startup` (about 2 s of every Sphinx run).

    python -m chinacompute.pipeline.jupyter_book_main build <folder> ...
    python -m chinacompute.pipeline.jupyter_book_main --wait-for-go build <folder> ...

With `--wait-for-go` the process imports Jupyter Book, Sphinx and the book's extensions first, then waits for one
line on standard input: `go` runs the build, anything else (or end of input) exits without building. A rerun starts
it this way before executing its chapter, so the imports (about 1.5 s) overlap the execution.
"""

from __future__ import annotations

import importlib
import sys

from ..startup import skip_slow_optional_imports

WAIT_FLAG = "--wait-for-go"
#: Imported ahead of the build by a warm start (what `jupyter-book build` and the book's Sphinx configuration load).
WARM_MODULES = (
    "jupyter_book.cli.main",
    "jupyter_book.sphinx",
    "sphinx.application",
    "myst_nb",
    "sphinx_book_theme",
    "sphinxcontrib.bibtex",
    "sphinx_design",
    "sphinx_togglebutton",
    "sphinx_copybutton",
    "sphinx_external_toc",
    "sphinx_jupyterbook_latex",
    "sphinx_multitoc_numbering",
    "sphinx_thebe",
    "sphinx_comments",
    "chinacompute.sphinx_ext",
)


def warm_up() -> None:
    """Import what the build will import (a module that cannot be imported is left to the build to report)."""
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            pass


if __name__ == "__main__":
    skip_slow_optional_imports()
    if sys.argv[1:2] == [WAIT_FLAG]:
        del sys.argv[1]
        warm_up()
        if sys.stdin.readline().strip() != "go":
            sys.exit(0)
    from jupyter_book.cli.main import main

    main()
