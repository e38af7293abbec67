"""Process start-up for the build's own processes (CLI, chapter workers, chapter kernels, the Sphinx run).

jsonschema imports `rfc3987_syntax` when it is installed (jupyter-events pulls it in through
`jsonschema[format-nongpl]`) to offer an optional "iri" format check. That module builds an Earley grammar with Lark
at import time: about 2 s of CPU in every process that imports jsonschema, and every build process does (altair,
nbformat and Jupyter Book all import it). Measured on the 2-core build machine: `import altair, pandas, chinacompute`
3.3 s with it, 1.4 s without; `import papermill` 2.6 s vs 0.6 s.

Nothing in the book validates IRIs, and jsonschema treats the module as optional (`with suppress(ImportError)`), so
the build's processes mark it as absent before anything imports jsonschema. Two smaller ones go the same way:
- `isoduration` (with `arrow`, about 10 ms in each process): jsonschema's check of the "duration" format, which no
  schema the build validates uses (Vega-Lite's uses "uri", "uri-reference" and "color-hex"; nbformat's none);
- `jupyter_server` (about 60 ms in the command line): jupytext offers its contents managers for Jupyter's server when
  it is installed (it is, for `make lab`), and treats it as optional too. Builds only read and write notebooks.

Only processes that call `skip_slow_optional_imports()` are affected; a reader's own Python or JupyterLab session is
not.
"""

from __future__ import annotations

import os
import sys

#: Optional modules whose import costs far more than the feature they add to the build.
SLOW_OPTIONAL_MODULES = ("rfc3987_syntax", "isoduration", "jupyter_server")


def skip_slow_optional_imports() -> None:
    """Make importing `SLOW_OPTIONAL_MODULES` raise ImportError in this process (unless something already did)."""
    for name in SLOW_OPTIONAL_MODULES:
        sys.modules.setdefault(name, None)


def remember_entry_points() -> None:
    """Make `importlib.metadata.entry_points` (and the `importlib_metadata` backport's) read the installed
    packages' entry points once in this process instead of at every call.

    Each call reads the metadata of every installed distribution (about 200 here). A Sphinx run calls it a dozen
    times while it writes pages (pybtex looks its style and backend plugins up for every citation it formats,
    Pygments its plugins for every highlighted block): about 0.1 s of a one-chapter page. Nothing installs packages
    during a build, so the answer cannot change. Only the Sphinx run of a build calls this (see
    `pipeline.jupyter_book_main`); it must run before the modules that bind `entry_points` at import."""
    import importlib.metadata as stdlib

    modules = [stdlib]
    try:
        import importlib_metadata as backport

        modules.append(backport)
    except ImportError:
        pass
    for module in modules:
        if getattr(module.entry_points, "remembered", False):
            continue
        module.entry_points = _remembering(module.entry_points)


def _remembering(entry_points):
    everything = None

    def remembered(**params):
        nonlocal everything
        if everything is None:
            everything = entry_points()
        return everything.select(**params) if params else everything

    remembered.remembered = True
    remembered.__doc__ = entry_points.__doc__
    return remembered


def exit_now(code: object = 0):
    """End this process with `code` (read as `SystemExit` reads it: None is 0, a message is printed and gives 1),
    running its atexit handlers but skipping the interpreter's teardown (as mypy's `hard_exit` does).

    At exit Python frees every module and object one by one: about 0.1 s for a Sphinx run that has loaded the book's
    environment, and 0.05 s for the CLI after a rerun, paid after the work is done. The atexit handlers still run
    (logging's flush, thread pools' joins, weakref finalizers), then the standard streams are flushed. A file left
    open would not be flushed: the build's processes write every file inside a `with` block or `files.write_atomic`."""
    import atexit

    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(code or 0)
