"""The extension's config digest covers all its files, so an edited stylesheet or LaTeX file reaches the book.

Sphinx stops before copying static files when no page is out of date; the digest is a config value, and a changed
config value makes every page out of date.
"""

from __future__ import annotations

import shutil

from chinacompute import sphinx_ext


def test_digest_changes_with_any_file_of_the_extension(tmp_path, monkeypatch):
    copy = tmp_path / "sphinx_ext"
    shutil.copytree(sphinx_ext._HERE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(sphinx_ext, "_HERE", copy)
    digests = {sphinx_ext.extension_digest()}
    for name in ("static/chinacompute.css", "latex/bbm.sty", "fontawesome.py"):
        with open(copy / name, "a", encoding="utf-8") as handle:
            handle.write("\n% edited\n")
        digests.add(sphinx_ext.extension_digest())
    assert len(digests) == 4
    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert sphinx_ext.extension_digest() in digests  # compiled files are not sources
