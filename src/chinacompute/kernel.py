"""The kernel that executes chapters in a build: the standard IPython kernel (ipykernel), started without the slow
optional import described in `chinacompute.startup`, with the modules every chapter imports already imported.
Chapters run exactly as in a `python3` kernel otherwise.

    python -m chinacompute.kernel -f <connection file>

Importing pandas and Altair takes about 0.5 s, half of a chapter's own run time. A chapter would import them in its
first cell; the kernel imports them before it reports ready instead. A rerun starts its chapter's kernel as soon as
it knows the chapter (`pipeline.execute.StartedKernel`), so these imports run while it validates the parameters and
the data. In a whole-book build the work only moves from the first cell to the kernel's start.
"""

from __future__ import annotations

import errno
import importlib
import logging
import sys

from .startup import skip_slow_optional_imports

#: Optional modules a chapter's kernel never uses. Altair imports anywidget (and through it ipywidgets, about 0.2 s)
#: only for `alt.JupyterChart`, its interactive widget; in a build, charts go through the book's renderer
#: (`charts.render`) and JupyterChart is never used. Marked absent, Altair offers a stand-in that explains the absence
#: if a chapter asked for it. JupyterLab's kernels (`make lab`) are not this kernel and keep the widget.
UNUSED_IN_BUILDS = ("anywidget",)

#: What the chapters' first cells import (`from chinacompute import charts, data, prose`, `from myst_nb import glue`,
#: pandas and Altair through them). Importing a module twice is a no-op, so a chapter's cells run unchanged.
PRELOADED = (
    "pandas",
    "altair",
    "myst_nb",
    "chinacompute.charts",
    "chinacompute.data",
    "chinacompute.prose",
    "chinacompute.models",
)


class ShutdownRaceFilter(logging.Filter):
    """Drop ipykernel's report of one race in its own shutdown.

    When the kernel answers the build's shutdown request, it flushes its output streams while its output thread is
    closing: now and then, on a loaded machine, the flush reaches the thread's socket just after it was closed, and
    tornado logs "Uncaught exception in ZMQStream callback" with a ZMQError traceback ("Socket operation on
    non-socket") in the build's terminal. The chapter has finished and been saved by then; nothing is lost. Only that
    error (ENOTSOCK) is dropped: any other error is logged as before, and a socket failing while a chapter runs
    fails the chapter with its own message."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not (type(error).__name__ == "ZMQError" and getattr(error, "errno", None) == errno.ENOTSOCK)


def preload() -> None:
    """Import `PRELOADED` (a module that cannot be imported is left to the chapter to report)."""
    for name in PRELOADED:
        try:
            importlib.import_module(name)
        except ImportError:
            pass


def main() -> None:
    skip_slow_optional_imports()
    for name in UNUSED_IN_BUILDS:
        sys.modules.setdefault(name, None)
    preload()
    logging.getLogger("tornado.general").addFilter(ShutdownRaceFilter())
    from ipykernel.kernelapp import launch_new_instance

    launch_new_instance()


if __name__ == "__main__":
    main()
