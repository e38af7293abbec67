"""A warm Sphinx start (pipeline.book.SphinxRun with warm=True) sets Sphinx up, then waits: told to stop it exits
without writing any page; told to go it builds exactly as a plain run does."""

from __future__ import annotations

import pytest

from chinacompute.pipeline.book import BuildError, SphinxRun

pytestmark = [pytest.mark.slow]

TINY_CONFIG = "title: Tiny\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: 'off'\n"


def tiny_book(folder):
    folder.mkdir()
    (folder / "_config.yml").write_text(TINY_CONFIG)
    (folder / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (folder / "index.md").write_text("# Tiny\n\nA page with the word heliotrope.\n")
    return folder


def test_a_cancelled_warm_start_builds_nothing(tmp_path):
    run = SphinxRun(tiny_book(tmp_path / "book"), tmp_path / "work", "html", strict=False, warm=True)
    run.cancel()
    assert run.process.returncode == 0
    # Sphinx's set-up may create its (empty) output folder; no page, asset or search index is written.
    written = [p for p in (tmp_path / "work" / "_build" / "html").rglob("*") if p.is_file()]
    assert written == []
    # It had set Sphinx up (configuration, extensions, environment) before it read the word to stop.
    log = run.log.read_text()
    assert "Running Sphinx" in log and "reading sources" not in log, log


def test_a_warm_start_told_to_go_builds_the_page(tmp_path):
    run = SphinxRun(tiny_book(tmp_path / "book"), tmp_path / "work", "html", strict=False, warm=True)
    lines = []
    html = run.finish(lines.append)
    assert "heliotrope" in (html / "index.html").read_text()
    assert lines and lines[0].lstrip().startswith("sphinx    html")


def test_a_failing_warm_build_names_its_log(tmp_path):
    book = tiny_book(tmp_path / "book")
    (book / "_toc.yml").write_text("format: jb-book\nroot: missing_page\n")
    run = SphinxRun(book, tmp_path / "work", "html", strict=True, warm=True)
    with pytest.raises(BuildError, match="html-build.log"):
        run.finish(lambda _: None)


def test_compiled_templates_are_kept_between_builds(tmp_path, monkeypatch):
    """The book's extension keeps the theme's compiled Jinja templates in the user's cache folder, and a build of
    another book in another folder uses them (its page is still written)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    book = tiny_book(tmp_path / "book")
    (book / "_config.yml").write_text(TINY_CONFIG + "sphinx:\n  extra_extensions: [chinacompute.sphinx_ext]\n")
    SphinxRun(book, tmp_path / "work", "html", strict=False).finish(lambda _: None)
    [cache] = (tmp_path / "cache" / "chinacompute").glob("jinja-sphinx-*")
    cached = {p.name: p.stat().st_mtime_ns for p in cache.glob("__jinja2_*.cache")}
    assert cached, "no compiled template was kept"
    other = tiny_book(tmp_path / "other")
    (other / "_config.yml").write_text((book / "_config.yml").read_text())
    (other / "index.md").write_text("# Tiny\n\nNow the word is marigold.\n")
    html = SphinxRun(other, tmp_path / "other-work", "html", strict=False).finish(lambda _: None)
    assert "marigold" in (html / "index.html").read_text()
    # reused: Jinja rewrites a template's file only when it compiles the template again
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("__jinja2_*.cache")} == cached
