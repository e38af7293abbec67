"""`jupyter-book` as the build runs it: the same command-line program, started without the slow optional import
described in `chinacompute.startup` (about 2 s of every Sphinx run).

    python -m chinacompute.pipeline.jupyter_book_main build <folder> ...
"""

from __future__ import annotations

from ..startup import skip_slow_optional_imports

if __name__ == "__main__":
    skip_slow_optional_imports()
    from jupyter_book.cli.main import main

    main()
