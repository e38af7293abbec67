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


def test_bibliography_style_shows_original_via_and_accessed_date():
    """Issue 13: the bibliography page names the original publisher first, then 'via <relay>; accessed <date>'."""
    import yaml
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    from chinacompute.sphinx_ext.bibstyle import NAME, register
    from tests.conftest import ROOT

    register()
    register()  # idempotent: a second Sphinx app in the same process registers again
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["bibtex_default_style"] == NAME
    bib = parse_string(
        """@misc{wire2025, title = {{Chips ordered}}, organization = {Reuters}, via = {The Sun (Malaysia)},
      year = {2025}, month = {jul}, date = {2025-07-28}, url = {https://example.com/a}, urldate = {2026-11-28},
      grade = {secondary}}""",
        "bibtex",
    )
    style = find_plugin("pybtex.style.formatting", NAME)()
    text = next(iter(style.format_entries(bib.entries.values()))).text.render_as("text")
    assert text.startswith("Reuters. Chips ordered. 2025-07-28.")
    assert "via The Sun (Malaysia); accessed 2026-11-28. URL: https://example.com/a" in text


def test_a_pages_as_of_is_the_injected_value_when_papermill_injected_one():
    from chinacompute.sphinx_ext.edition import as_of_of

    def cell(source, tag):
        return {"cell_type": "code", "metadata": {"tags": [tag]}, "source": source}

    defaults = cell('as_of = "2026-11-28"  # date: the book as known on this date\nx = 1\n', "parameters")
    injected = cell('# Parameters\nas_of = "2024-06-30"\n', "injected-parameters")
    assert as_of_of({"cells": [defaults]}) == "2026-11-28"
    assert as_of_of({"cells": [defaults, injected]}) == "2024-06-30"
    assert as_of_of({"cells": [cell(["x = 1\n", "as_of = '2025-01-01'\n"], "parameters")]}) == "2025-01-01"
    assert as_of_of({"cells": [cell('print("as_of = \\"2020-01-01\\"")', "other")]}) is None  # only parameter cells
