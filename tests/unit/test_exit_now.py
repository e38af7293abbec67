"""The CLI and the Sphinx run end with startup.exit_now: the exit status SystemExit would give, atexit handlers run,
buffered output written, and no teardown."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import atexit, sys
from chinacompute.startup import exit_now
atexit.register(lambda: open(sys.argv[2], "w").write("atexit ran"))
print("buffered line")  # standard output is a pipe here: block-buffered until flushed
print("to stderr", file=sys.stderr)
code = {"three": 3, "none": None, "message": "error: a message for the reader"}[sys.argv[1]]
class Teardown:
    def __del__(self):
        print("teardown ran")
keep = Teardown()  # a module-level object: its __del__ runs only in the interpreter's teardown
exit_now(code)
print("not reached")
"""


def _run(code: str, tmp_path):
    marker = tmp_path / f"atexit-{code}.txt"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, code, str(marker)], capture_output=True, text=True, timeout=60, check=False
    )
    return done, marker


def test_exit_status_output_and_atexit(tmp_path):
    done, marker = _run("three", tmp_path)
    assert done.returncode == 3
    assert done.stdout == "buffered line\n"  # flushed; neither "not reached" nor the teardown's print
    assert done.stderr == "to stderr\n"
    assert marker.read_text() == "atexit ran"


def test_none_is_success(tmp_path):
    done, marker = _run("none", tmp_path)
    assert done.returncode == 0
    assert marker.exists()


def test_a_message_is_printed_and_fails(tmp_path):
    done, _ = _run("message", tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "error: a message for the reader"
