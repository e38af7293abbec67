"""The Font Awesome trimmer keeps the script's code and exactly the icons the book names (by name or alias)."""

from __future__ import annotations

import pytest

from chinacompute.sphinx_ext.fontawesome import MARKER, SCRIPT, trim, trim_outdir, used_names

# A miniature of pydata-sphinx-theme's fontawesome.js: code around icon packs whose keys are bare or quoted, with
# alias lists (strings and code points) and single or multiple SVG paths.
PACKS = (
    "var code=1;function pack(){return {"
    'bars:[448,512,["navicon"],"f0c9","M0 96Z"],'
    '"magnifying-glass":[512,512,[128269,"search"],"f002","M416 208Z"],'
    '"cc-visa":[576,512,[],"f1f0","M470 231Z"],'
    '0:[320,512,[],"30","M0 0Z"],'
    '"circle-half-stroke":[512,512,[9680,"adjust"],"f042",["M448 256Z","M0 0Z"]],'
    'xmark:[384,512,[128473,10005,"close","multiply","remove","times"],"f00d","M342 150Z"]'
    '}}var tail="fa-";\n//# sourceMappingURL=fontawesome.js.map\n'
)


def kept_names(text: str) -> list[str]:
    return [n for n in ("bars", '"magnifying-glass"', '"cc-visa"', "0:", '"circle-half-stroke"', "xmark") if n in text]


def test_keeps_named_icons_and_drops_the_rest():
    text, kept, total = trim(PACKS, {"bars", "circle-half-stroke"})
    assert (kept, total) == (2, 6)
    assert kept_names(text) == ["bars", '"circle-half-stroke"']
    assert text.startswith(MARKER) and "var code=1;function pack(){return {" in text and 'var tail="fa-";' in text
    assert "sourceMappingURL" not in text  # the map describes the whole file


def test_an_alias_keeps_its_icon():
    text, kept, _ = trim(PACKS, {"search", "times"})
    assert kept == 2 and kept_names(text) == ['"magnifying-glass"', "xmark"]


def test_the_trimmed_pack_is_still_an_object_literal():
    text, _, _ = trim(PACKS, {"bars", "cc-visa"})
    body = text[text.index("return {") + len("return ") : text.index("}}") + 1]
    assert body == '{bars:[448,512,["navicon"],"f0c9","M0 96Z"],"cc-visa":[576,512,[],"f1f0","M470 231Z"],}'
    text, kept, _ = trim(PACKS, set())
    assert kept == 0 and "return {}}" in text


def test_trim_outdir_reads_names_from_pages_and_scripts_and_runs_once(tmp_path):
    script = tmp_path / SCRIPT
    script.parent.mkdir(parents=True)
    script.write_text("x={" + ",".join(f'"icon-{i}":[1,1,[],"e{i:03x}","M{i}Z"]' for i in range(150)) + ',bars:[1,1,[],"f","M"]}')
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "a.html").write_text('<i class="fa-solid fa-icon-7"></i><span class="fa-lg fa-bars"></span>')
    (tmp_path / "_static" / "theme.js").write_text('e.classList="fa-solid fa-icon-42"')
    assert used_names(tmp_path) >= {"icon-7", "icon-42", "bars"}
    before, after, kept, total = trim_outdir(tmp_path)
    assert (kept, total) == (3, 151) and after < before
    assert '"icon-7"' in script.read_text() and '"icon-42"' in script.read_text() and '"icon-8"' not in script.read_text()
    assert trim_outdir(tmp_path) is None  # already trimmed: left alone


def test_an_unrecognised_script_is_left_whole(tmp_path):
    script = tmp_path / SCRIPT
    script.parent.mkdir(parents=True)
    script.write_text("console.log('a different icon library')")
    with pytest.raises(ValueError, match="left whole"):
        trim_outdir(tmp_path)
    assert script.read_text() == "console.log('a different icon library')"


def test_the_trim_is_remembered_for_the_same_script_and_names(tmp_path, monkeypatch):
    """Sphinx copies the whole script again on every build; the second trim of the same script for the same pages
    comes from the user's cache folder, and a different script or page set is trimmed afresh."""
    from chinacompute.sphinx_ext import fontawesome

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    whole = "x={" + ",".join(f'"icon-{i}":[1,1,[],"e{i:03x}","M{i}Z"]' for i in range(120)) + "}"
    book = tmp_path / "book"
    (book / SCRIPT).parent.mkdir(parents=True)
    (book / "page.html").write_text('<i class="fa-icon-3"></i>')
    (book / SCRIPT).write_text(whole)
    first = trim_outdir(book)
    trimmed = (book / SCRIPT).read_text()

    calls = []
    real_trim = fontawesome.trim
    monkeypatch.setattr(fontawesome, "trim", lambda script, names: calls.append(names) or real_trim(script, names))
    (book / SCRIPT).write_text(whole)  # the next build's fresh copy
    assert trim_outdir(book) == first and (book / SCRIPT).read_text() == trimmed
    assert calls == []

    (book / "page.html").write_text('<i class="fa-icon-3"></i><i class="fa-icon-9"></i>')
    (book / SCRIPT).write_text(whole)
    assert trim_outdir(book)[2] == 2 and '"icon-9"' in (book / SCRIPT).read_text()
    assert calls == [{"icon-3", "icon-9"}]
