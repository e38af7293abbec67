"""`jupyter-book` as the build runs it: the same command-line program, started without the slow optional import
described in `chinacompute.startup` (about 2 s of every Sphinx run).

    python -m chinacompute.pipeline.jupyter_book_main build <folder> ...
    python -m chinacompute.pipeline.jupyter_book_main --wait-for-go build <folder> ...

With `--wait-for-go` the process does everything a build does before it reads the first page: it imports Jupyter
Book, Sphinx and the book's extensions, reads the configuration, sets the extensions up, loads Sphinx's pickled
environment and the bibliography, and prepares the theme. Then it waits for one line on standard input: `go` reads
and writes the pages, anything else (or end of input) exits without building. A rerun starts it this way before
executing its chapter, so that preparation (about 1.5 s) overlaps the execution. Nothing it prepares depends on the
executed chapters: Sphinx finds the pages to read, and reads them, after `go`.

Either way the process ends without the interpreter's teardown (`startup.exit_now`): freeing a loaded Sphinx
environment object by object took about 0.1 s after the last page was written.
"""

from __future__ import annotations

import importlib
import sys
import types

from ..startup import exit_now, remember_entry_points, skip_slow_optional_imports

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


#: myst-nb's clients that execute notebooks (`nb_execution_mode` "cache" and "force"/"auto"), with the modules they
#: import: jupyter-cache, SQLAlchemy and nbclient's executor, about 0.17 s of every Sphinx run. The book's Sphinx runs
#: never execute: papermill has executed each chapter before Sphinx reads it (`execute_notebooks: "off"`).
EXECUTING_CLIENTS = {
    "myst_nb.core.execute.cache": "NotebookClientCache",
    "myst_nb.core.execute.direct": "NotebookClientDirect",
}


def skip_executing_clients() -> None:
    """Put stand-ins for `EXECUTING_CLIENTS` in place before myst-nb is imported; a stand-in refuses to run and
    says why, should the configuration ever ask myst-nb to execute."""
    for module_name, class_name in EXECUTING_CLIENTS.items():
        if module_name in sys.modules:
            continue
        module = types.ModuleType(module_name, "stand-in: the book's Sphinx runs do not execute notebooks")

        def refuse(self, *args, _name=class_name, **kwargs):
            raise RuntimeError(
                f"myst-nb's {_name} is not available in the book's Sphinx runs: the pipeline executes each chapter "
                'with papermill before Sphinx reads it; keep `execute_notebooks: "off"` in _config.yml'
            )

        setattr(module, class_name, type(class_name, (), {"__init__": refuse}))
        sys.modules[module_name] = module


def hold_build_until_go() -> None:
    """Make `Sphinx.build` (the step that reads sources and writes pages, after the application is set up) wait for
    `go` on standard input; anything else ends the process, unbuilt, with status 0."""
    from sphinx.application import Sphinx

    build = Sphinx.build

    def build_on_go(self, *args, **kwargs):
        if sys.stdin.readline().strip() != "go":
            raise SystemExit(0)
        return build(self, *args, **kwargs)

    Sphinx.build = build_on_go


#: soupsieve's CSS grammar writes "a character of an identifier" as these classes. Python's regular-expression compiler
#: builds a class holding the range \x80-\U0010ffff by visiting, in Python code, each of the 65,000 code points below
#: U+10000: about 5 ms per occurrence, 0.1 s for the few selectors the theme runs, in every Sphinx run. Written as
#: below, the same sets compile in microseconds. `(?-i:...)` keeps them case-sensitive as they are: each already holds
#: both cases of every letter it matches, and tests/unit/test_sphinx_process.py compares the two on every code point.
QUICK_IDENTIFIER_CLASSES = {
    r"[A-Za-z_\x80-\U0010ffff]": r"(?-i:[A-Za-z_]|[^\x00-\x7f])",
    r"[-0-9A-Za-z_\x80-\U0010ffff]": r"(?-i:[-0-9A-Za-z_]|[^\x00-\x7f])",
}


def quick_css_identifiers() -> None:
    """Make soupsieve compile its selector patterns with `QUICK_IDENTIFIER_CLASSES` (left as it is if soupsieve's
    grammar is not the one this was written for)."""
    import re

    try:
        from soupsieve import css_parser
    except ImportError:
        return
    if {css_parser.IDENT_START, css_parser.IDENT_CHAR} != set(QUICK_IDENTIFIER_CLASSES) or not hasattr(css_parser, "RE_LOCK"):
        return

    def re_pattern(self) -> re.Pattern[str]:
        with css_parser.RE_LOCK:
            if self._re_pattern is None:
                pattern = self.pattern
                for slow, quick in QUICK_IDENTIFIER_CLASSES.items():
                    pattern = pattern.replace(slow, quick)
                self._re_pattern = re.compile(pattern, re.I | re.X | re.U)
        return self._re_pattern

    css_parser.SelectorPattern.re_pattern = property(re_pattern)


#: CSS selectors the theme runs on every page (pydata_sphinx_theme.toctree). soupsieve compiles its selector
#: grammar's regular expressions on first use: about 0.1 s, done before `go` in a warm start.
THEME_SELECTORS = ("li", "li.toctree-l1 > details", ".toc-h1")


def warm_up() -> None:
    """Import what the build will import, and compile what it compiles on first use (a module that cannot be
    imported is left to the build to report)."""
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    try:
        import soupsieve

        for selector in THEME_SELECTORS:
            soupsieve.compile(selector)
    except ImportError:
        pass
    try:  # myst-nb validates each executed notebook it reads: nbformat compiles its schema on first use (0.05 s)
        import nbformat

        nbformat.validate(nbformat.v4.new_notebook())
    except ImportError:
        pass


if __name__ == "__main__":
    skip_slow_optional_imports()
    skip_executing_clients()
    remember_entry_points()
    quick_css_identifiers()
    if sys.argv[1:2] == [WAIT_FLAG]:
        del sys.argv[1]
        warm_up()
        hold_build_until_go()
    from jupyter_book.cli.main import main

    try:
        main()
    except SystemExit as done:
        exit_now(done.code)
    exit_now(0)
