"""What every page of the built book carries besides its article: one edition date, sharing tags with an image
that exists, and downloads (executed notebook, data zip) that resolve inside the book itself."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import pytest

from chinacompute.notebooks import is_notebook
from chinacompute.pipeline.toc import toc_files
from chinacompute.sphinx_ext.edition import as_of_of
from tests.conftest import ROOT

PAGES = toc_files(ROOT)


def _page(real_book: Path, source: Path) -> str:
    return (real_book / source.relative_to(ROOT).with_suffix(".html")).read_text(encoding="utf-8")


def _meta(page: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


def test_every_page_shows_the_same_as_of_date(real_book):
    dates = {}
    for source in PAGES:
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", _page(real_book, source))).split())
        dates[source.stem] = set(re.findall(r"Data as of (\d{4}-\d{2}-\d{2})", text))
    assert all(len(found) == 1 for found in dates.values()), dates  # every page states one date
    assert len(set.union(*dates.values())) == 1, dates  # and it is the same date everywhere
    # ... and it is the date the pages were executed with
    assert dates["index"] == {as_of_of(json.loads((real_book.parent / "exec" / "index.ipynb").read_text()))}


@pytest.mark.parametrize("source", PAGES, ids=lambda p: p.stem)
def test_every_page_has_sharing_tags_and_its_image_exists(real_book, source):
    page = _page(real_book, source)
    title, description = _meta(page, "og:title"), _meta(page, "og:description")
    assert title and description and len(description) > 40, (title, description)
    assert _meta(page, "twitter:card") in ("summary", "summary_large_image")
    image = _meta(page, "og:image")
    if image:  # a page with a chart shares a picture of its first chart
        assert _meta(page, "twitter:card") == "summary_large_image"
        target = (real_book / source.relative_to(ROOT)).parent / image
        assert target.resolve().is_file() and target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image
    else:
        assert 'class="cc-vega"' not in page, "a page with a chart has no og:image"


@pytest.mark.parametrize("source", [p for p in PAGES if is_notebook(p)], ids=lambda p: p.stem)
def test_each_executed_page_offers_its_notebook_from_the_book(real_book, source):
    page = _page(real_book, source)
    links = re.findall(r'href="([^"]*notebooks/[^"]+\.ipynb)"', page)
    assert len(links) == 1, links
    assert not links[0].startswith(("http:", "https:", "//"))  # served by the book itself, so it works offline
    url = urljoin((real_book / source.relative_to(ROOT).with_suffix(".html")).as_uri(), links[0])
    notebook = json.loads(Path(url.removeprefix("file://")).read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4 and any(c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code")


def test_the_data_zip_is_linked_and_holds_the_data_package(real_book):
    page = (real_book / "index.html").read_text(encoding="utf-8")
    link = re.search(r'href="(downloads/[^"]+\.zip)"', page)
    assert link, "the landing page does not link the data package"
    with zipfile.ZipFile(real_book / link.group(1)) as archive:
        names = {Path(n).name for n in archive.namelist()}
    assert {"datapackage.json", "references.bib", "accelerators.csv", "supply_estimates.csv"} <= names
