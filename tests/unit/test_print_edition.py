"""The printed edition's cover and colophon: what they say, taken from the executed chapters, and escaped."""

from __future__ import annotations

import json

from chinacompute.pipeline import cache
from chinacompute.pipeline.print_edition import (
    Edition,
    Parameter,
    colophon_latex,
    cover_latex,
    data_hash,
    edition_of,
    print_config,
)

PARAMS = 'as_of = "2026-11-28"  # date: the book as known on this date\nscenario = "base"  # choices base|hbm_squeeze: s\n'


def executed(path, injected: dict) -> None:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "# A chapter"},
        {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": PARAMS, "outputs": []},
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cells": cells, "metadata": {cache.CACHE_METADATA: {"parameters": injected}}}))


def test_edition_reads_the_parameters_the_chapters_ran_with(tmp_path):
    exec_dir, data = tmp_path / "exec", tmp_path / "data"
    data.mkdir()
    (data / "a.csv").write_text("x\n1\n")
    executed(exec_dir / "chapters" / "01_summary.ipynb", {"scenario": "hbm_squeeze"})
    executed(exec_dir / "chapters" / "05_policy_timeline.ipynb", {})
    executed(exec_dir / "index.ipynb", {"as_of": "2020-01-01"})  # the landing page is not part of the print
    executed(exec_dir / "failed" / "09_x.ipynb", {})
    edition = edition_of(exec_dir, data, {"title": "T", "author": "A"}, kind="briefing")
    assert edition.chapters == ["01_summary", "05_policy_timeline"]
    assert (edition.as_of, edition.scenario) == ("2026-11-28", "hbm_squeeze")
    assert [(p.chapter, p.name, p.value, p.changed) for p in edition.parameters] == [
        ("01_summary", "as_of", "2026-11-28", False),
        ("01_summary", "scenario", "hbm_squeeze", True),
        ("05_policy_timeline", "as_of", "2026-11-28", False),
        ("05_policy_timeline", "scenario", "base", False),
    ]
    first = data_hash(data)
    assert len(first) == 12 and first == data_hash(data)
    (data / "a.csv").write_text("x\n2\n")
    assert data_hash(data) != first


def edition(**changes) -> Edition:
    values = dict(
        title="Can China break free?",
        author="The authors",
        as_of="2026-11-28",
        scenario="base",
        data_hash="abc123def456",
        parameters=[Parameter("05_policy_timeline", "start", "2022-01-01", True)],
        software={"Python": "3.11.7", "sphinx": "7.4.7"},
    )
    return Edition(**{**values, **changes})


def test_cover_says_title_edition_scenario_hash_and_author():
    cover = cover_latex(edition())
    for text in (
        "Can China break free?",
        "Edition of 2026\\sphinxhyphen{}11\\sphinxhyphen{}28",
        "Scenario: base",
        "sha256 abc123def456",
        "The authors",
        "MakeUppercase{Report}",
    ):
        assert text.replace("\\sphinxhyphen{}", "-") in cover.replace("\\sphinxhyphen{}", "-"), text
    assert "Parameter" not in cover  # a book lists its parameters in the colophon
    briefing = cover_latex(edition(kind="briefing", chapters=["01_summary", "05_policy_timeline"]))
    assert "Briefing" in briefing and "textbf{2022" in briefing.replace("\\sphinxhyphen{}", "-")


def test_cover_and_colophon_escape_everything_from_data_and_parameters():
    hostile = edition(
        title="\\input{/etc/passwd} $x$ 100%",
        scenario="a_b & {c}",
        parameters=[Parameter("01_summary", "note", "\\write18{rm -rf /}", True)],
    )
    for latex in (
        cover_latex(hostile),
        colophon_latex(hostile),
        cover_latex(edition(kind="briefing", parameters=hostile.parameters)),
    ):
        assert "\\input{" not in latex and "\\write18" not in latex
        assert "$x$" not in latex and " 100%" not in latex


def test_colophon_lists_parameters_software_and_hash():
    colophon = colophon_latex(edition())
    assert "About this edition" in colophon and "abc123def456" in colophon
    assert "sphinx 7.4.7" in colophon and "05\\_policy\\_timeline" in colophon
    assert "listed on the cover" in colophon_latex(edition(kind="briefing"))
    assert "longtable" not in colophon_latex(edition(kind="briefing"))


def test_print_config_sets_cover_colophon_and_no_contents_for_briefings():
    config = print_config({"sphinx": {"config": {"latex_elements": {"preamble": "\\usepackage{chinacompute}\n"}}}}, edition())
    latex = config["sphinx"]["config"]["latex_elements"]
    assert latex["preamble"].startswith("\\usepackage{chinacompute}") and "ccbooktitle" in latex["preamble"]
    assert "maketitle" in latex and "atendofbody" in latex and "tableofcontents" not in latex
    briefing = print_config({}, edition(kind="briefing"))["sphinx"]["config"]["latex_elements"]
    assert briefing["tableofcontents"] == ""
