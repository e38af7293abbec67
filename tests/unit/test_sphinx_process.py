"""The Sphinx run of a build (pipeline.jupyter_book_main) leaves out myst-nb's notebook execution, which the book
never uses: papermill has executed each chapter before Sphinx reads it."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from chinacompute.pipeline.jupyter_book_main import skip_executing_clients
skip_executing_clients()
from myst_nb.core import execute
from myst_nb.core.config import NbParserConfig
import nbformat

print("sqlalchemy" in sys.modules, "jupyter_cache" in sys.modules)
notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
off = execute.create_client(notebook, "<string>", NbParserConfig(execution_mode="off"), None)
print(type(off).__name__)
for mode in ("cache", "force"):
    try:
        execute.create_client(notebook, "<string>", NbParserConfig(execution_mode=mode), None)
    except RuntimeError as exc:
        print(mode, "refused:", exc)
"""


def test_execution_clients_are_left_out_and_refuse_with_a_reason():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True)
    lines = done.stdout.splitlines()
    assert lines[0] == "False False"  # neither SQLAlchemy nor jupyter-cache was imported
    assert lines[1] == "NotebookClientBase"  # what the book's configuration (execution off) uses
    assert lines[2].startswith("cache refused: myst-nb's NotebookClientCache is not available")
    assert lines[3].startswith("force refused: myst-nb's NotebookClientDirect is not available")
    assert all('execute_notebooks: "off"' in line for line in lines[2:4])
