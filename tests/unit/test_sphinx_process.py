"""The Sphinx run of a build (pipeline.jupyter_book_main) leaves out myst-nb's notebook execution, which the book
never uses (papermill has executed each chapter before Sphinx reads it), and compiles soupsieve's CSS grammar with
identifier classes that match the same characters but compile in microseconds."""

from __future__ import annotations

import json
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


def test_quick_identifier_classes_match_exactly_the_same_characters():
    """Each replacement matches the same set of characters as soupsieve's class, as soupsieve compiles it
    (case-insensitive), over every code point."""
    import re

    from chinacompute.pipeline.jupyter_book_main import QUICK_IDENTIFIER_CLASSES

    everything = "".join(map(chr, range(0x110000)))
    flags = re.I | re.X | re.U
    for slow, quick in QUICK_IDENTIFIER_CLASSES.items():
        assert set(re.findall(quick, everything, flags)) == set(re.findall(slow, everything, flags)), slow


SELECT = """
import json, sys
if sys.argv[1] == "quick":
    from chinacompute.pipeline.jupyter_book_main import quick_css_identifiers
    quick_css_identifiers()
from bs4 import BeautifulSoup
html = '''<ul><li class="toctree-l1"><details><a class="café" id="ǅx" data-ä="1" href="#">a</a></details></li>
<li class="toctree-l2 \\u212a"><p class="toc-h1">b</p><span class="k">c</span></li></ul>'''
soup = BeautifulSoup(html, "html.parser")
selectors = ["li", "li.toctree-l1 > details", ".toc-h1", ".café", "#ǅx", '[data-ä="1"]', ".\\u212a", ".K", ".k", "a.CAFÉ"]
print(json.dumps({s: [str(e) for e in soup.select(s)] for s in selectors}))
"""


def test_the_theme_selects_the_same_elements_with_quick_identifiers():
    """soupsieve, with the quick classes and without, selects the same elements (the theme's selectors and some
    with identifiers beyond ASCII)."""

    def selected(mode: str) -> dict:
        done = subprocess.run([sys.executable, "-c", SELECT, mode], capture_output=True, text=True, timeout=60, check=True)
        return json.loads(done.stdout)

    quick, plain = selected("quick"), selected("plain")
    assert quick == plain
    assert len(quick["li"]) == 2 and len(quick[".café"]) == 1 and len(quick["#ǅx"]) == 1  # the sample exercises them
