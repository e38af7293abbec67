"""`make linkcheck`: offline it checks nothing and says so; online it reports broken links from Sphinx's own
linkcheck builder (proved here against a local web server, as no machine here reaches the web)."""

from __future__ import annotations

import http.server
import json
import threading
from functools import partial

import pytest

from chinacompute.pipeline import linkcheck
from tests.conftest import run_cli


def test_offline_linkcheck_says_it_checked_nothing_and_succeeds(monkeypatch):
    if linkcheck.network_available():
        pytest.skip("this machine is online: the offline message is not expected")  # never the case here
    done = run_cli("linkcheck", timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == linkcheck.NO_NETWORK


def test_network_probe_fails_on_an_unreachable_host():
    assert linkcheck.network_available(probes=(("host.invalid", 443),), timeout=1) is False


def test_report_lists_only_the_broken_links_by_page():
    records = [
        {"filename": "index", "lineno": 3, "status": "working", "code": 0, "uri": "https://ok.example/", "info": ""},
        {"filename": "chapters/08", "lineno": 9, "status": "broken", "code": 404, "uri": "https://gone.example/a",
         "info": "404 Client Error: Not Found"},
        {"filename": "chapters/08", "lineno": 12, "status": "timeout", "code": 0, "uri": "https://slow.example/", "info": ""},
        {"filename": "index", "lineno": 5, "status": "redirected", "code": 301, "uri": "https://moved.example/", "info": "x"},
    ]  # fmt: skip
    links = linkcheck.parse_report("\n".join(json.dumps(r) for r in records) + "\n")
    text = linkcheck.broken_markdown(links, "2026-12-04")
    assert "4 link(s) checked, 2 broken or timed out." in text
    assert "## chapters/08" in text and "## index" not in text
    assert "- line 9: <https://gone.example/a> (broken: 404 Client Error: Not Found)" in text
    assert "- line 12: <https://slow.example/> (timeout)" in text
    assert "ok.example" not in text and "moved.example" not in text


def test_a_malformed_report_names_its_line():
    with pytest.raises(ValueError, match=r"output.json:2: not a linkcheck record"):
        linkcheck.parse_report('{"filename": "a", "lineno": 1, "status": "working", "uri": "u"}\nnot json\n')


@pytest.fixture
def local_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "here.html").write_text("<html><body>here</body></html>")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_sphinx_linkcheck_finds_the_broken_link(tmp_path, local_site):
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text("title: t\nexecute:\n  execute_notebooks: 'off'\n")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n")
    (book / "index.md").write_text(
        f"# T\n\n[a page that exists]({local_site}/here.html) and [one that does not]({local_site}/gone.html)\n"
    )
    bad = linkcheck.run_linkcheck(book, tmp_path / "work", tmp_path / "report", report=lambda _: None)
    assert [link.uri for link in bad] == [f"{local_site}/gone.html"]
    report = (tmp_path / "report" / "broken.md").read_text()
    assert "2 link(s) checked, 1 broken or timed out." in report and "gone.html" in report and "here.html" not in report
