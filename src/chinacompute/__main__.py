"""`python -m chinacompute ...` runs the command-line interface.

The commands turn every expected failure into a one-line message and an exit code (cli.py). What is left here is
the file system refusing: run outside the book, a read-only project, a full disk. Those get one line naming the path
too, and exit 1, instead of a traceback. (Ctrl-C is reported by the build itself, pipeline.book; typer exits 130.)
"""

import errno
import sys

from .cli import app
from .startup import exit_now


def main() -> None:
    try:
        app(prog_name="python -m chinacompute")
    except (FileNotFoundError, PermissionError, NotADirectoryError, IsADirectoryError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        print(
            f"error: no space left on the device writing {exc.filename or 'the build'}; free some space and run again",
            file=sys.stderr,
        )
        sys.exit(1)


try:
    main()
except SystemExit as done:  # the interpreter's teardown is skipped (startup.exit_now): about 0.05 s of every command
    exit_now(done.code)
exit_now(0)
