"""How to cite: the book's citation, the figure citation, CITATION.cff, the data zip and the download links."""

from __future__ import annotations

import io
import zipfile

import yaml

from chinacompute import citation
from chinacompute.pipeline import data_zip
from chinacompute.sphinx_ext import downloads, social
from tests.conftest import ROOT

EDITION = citation.Edition("Can China break free from Nvidia?", "The chinacompute authors", "2026-11-28", "0123abcd4567")


def test_plain_citation_names_authors_year_title_edition_and_data_hash():
    assert citation.plain(EDITION) == (
        "The chinacompute authors (2026). Can China break free from Nvidia? Edition of "
        "2026-11-28. Data package sha256 0123abcd4567."
    )


def test_bibtex_entry_is_keyed_by_edition_and_keeps_the_corporate_author_whole():
    entry = citation.bibtex(EDITION)
    assert entry.startswith("@misc{chinacompute20261128,\n")
    assert "  author = {{The chinacompute authors}}," in entry and "  month = {11}," in entry
    assert "  note = {Data package sha256 0123abcd4567}" in entry and entry.endswith("\n}")


def test_bibtex_drops_braces_a_title_could_use_to_break_the_entry():
    entry = citation.bibtex(citation.Edition("A} @misc{x", "Me", "2026-01-02", "abc"))
    assert "title = {{A @miscx}}" in entry


def test_figure_citation_puts_the_figure_and_its_finding_before_the_book():
    assert citation.figure_plain(EDITION, "2.3", "Huawei leads.") == "Figure 2.3. Huawei leads. In: " + citation.plain(EDITION)


def test_citation_block_escapes_html():
    block = citation.CitationBlock(citation.Edition("<b>x</b>", "A & B", "2026-01-02", "abc"))._repr_mimebundle_()
    assert "<b>x</b>" not in block["text/html"] and "&lt;b&gt;x&lt;/b&gt;" in block["text/html"]


def test_edition_for_reads_the_books_config_and_hashes_the_data():
    edition = citation.edition_for("2026-11-28", ROOT, ROOT / "data")
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert edition.title == config["title"] and edition.author == config["author"]
    assert edition.data_hash == citation.data_hash(ROOT / "data") and len(edition.data_hash) == 12


def test_citation_cff_matches_the_book():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert cff["cff-version"] == "1.2.0" and cff["title"] == config["title"]
    assert cff["authors"] == [{"name": config["author"]}]
    assert str(cff["version"]) == str(cff["date-released"]) == "2026-11-28"
    assert 'as_of = "2026-11-28"' in (ROOT / "index.md").read_text()  # the edition the file names is the book's


def test_data_zip_holds_exactly_the_data_package_and_is_reproducible(tmp_path):
    first = data_zip.zip_bytes(ROOT / "data")
    assert first == data_zip.zip_bytes(ROOT / "data")
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        members = {name.removeprefix("data/"): archive.read(name) for name in archive.namelist()}
    files = {p.relative_to(ROOT / "data").as_posix(): p.read_bytes() for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert members == files and "datapackage.json" in members and "references.bib" in members
    staged = data_zip.stage_zip(ROOT / "data", tmp_path)
    assert staged.read_bytes() == first and staged.parent.name == downloads.STAGED_DOWNLOADS


def test_pages_offer_pdf_notebook_and_data_downloads_that_exist(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "08_data_and_methods.ipynb").write_text("{}")
    (tmp_path / "chapters" / "02_supply_volume.ipynb").write_text("{}")
    (tmp_path / "_pdf").mkdir()
    (tmp_path / "_pdf" / "02_supply_volume.pdf").write_bytes(b"%PDF")
    (tmp_path / "_downloads").mkdir()
    (tmp_path / "_downloads" / downloads.DATA_ZIP).write_bytes(b"PK")
    supply = [(folder, name) for folder, name, _, _ in downloads.downloads_for("chapters/02_supply_volume", tmp_path)]
    assert supply == [("pdf", "02_supply_volume.pdf"), ("notebooks", "02_supply_volume.ipynb")]
    methods = [(folder, name) for folder, name, _, _ in downloads.downloads_for("chapters/08_data_and_methods", tmp_path)]
    assert methods == [("notebooks", "08_data_and_methods.ipynb"), ("downloads", downloads.DATA_ZIP)]
    assert downloads.downloads_for("reference/rerun", tmp_path) == []  # a Markdown page: nothing to download


def test_card_tags_escape_their_values():
    tags = social.meta_tags('A "quoted" <title>', "Desc & more", "_og/index.png", "", "Site")
    assert '<meta property="og:title" content="A &quot;quoted&quot; &lt;title&gt;" />' in tags
    assert '<meta name="twitter:card" content="summary_large_image" />' in tags
    assert 'content="Desc &amp; more"' in tags and "og:url" not in tags
