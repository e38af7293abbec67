"""A link with a non-web scheme never becomes a live link on a page, whatever produced it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from chinacompute.sphinx_ext.safe_links import is_safe_target


@pytest.mark.parametrize(
    "uri,safe",
    [
        ("https://www.reuters.com/x", True),
        ("http://a.b", True),
        ("mailto:a@b.c", True),
        ("chapters/02.html#x", True),
        ("#top", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
    ],
)
def test_is_safe_target(uri, safe):
    assert is_safe_target(uri) is safe


def test_sphinx_page_keeps_web_links_and_drops_script_links(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text("extensions = ['chinacompute.sphinx_ext.safe_links']\n")
    (source / "index.rst").write_text("Title\n=====\n\n`bad <javascript:alert(1)>`_ and `good <https://example.org/>`_\n")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(tmp_path / "out")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "out" / "index.html").read_text()
    assert 'href="https://example.org/"' in page
    assert 'href="javascript' not in page and "bad" in page
