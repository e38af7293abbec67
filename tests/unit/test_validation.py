"""Bad data is refused with the exact file, line and field named; good data passes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from chinacompute.validation import validate

TODAY = dt.date(2026, 11, 28)


def problems_of(folder: Path) -> list[str]:
    return [str(p) for p in validate(folder, today=TODAY)[0]]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_package_is_valid(fixture_data):
    assert problems_of(fixture_data) == []


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param(
            "widgets.csv",
            "w2022,2022,140",
            "w2022,2022,abc",
            "widgets.csv:3: output_units: 'abc' is not a number",
            id="wrong-type",
        ),
        pytest.param(
            "widgets.csv", "w2022,2022,140", "w2022,,140", "widgets.csv:3: year: is required but empty", id="missing-required"
        ),
        pytest.param(
            "widgets.csv",
            "w2023,2023,210,fixture2026source",
            "w2023,2023,210,nosuchkey2026",
            "widgets.csv:4: source: 'nosuchkey2026' is not a key in references.bib",
            id="unknown-source",
        ),
        pytest.param(
            "widgets.csv",
            "w2022,2022,140",
            "w2022,2022,-5",
            "widgets.csv:3: output_units: -5 is below the minimum 0",
            id="out-of-range",
        ),
        pytest.param(
            "widgets.csv",
            "analyst-estimate",
            "guess",
            "widgets.csv:4: confidence: 'guess' is not one of: official, analyst-estimate, press-report, rumor, derived",
            id="bad-enum",
        ),
        pytest.param(
            "widgets.csv",
            "w2022,2022",
            "w2021,2022",
            "widgets.csv:3: widget_id: duplicate key 'w2021' (first on line 2)",
            id="duplicate-key",
        ),
        pytest.param(
            "widgets.csv",
            "press-report,2026-01-01",
            "press-report,2026-13-01",
            "widgets.csv:5: published: '2026-13-01' is not a real calendar date",
            id="malformed-date",
        ),
        pytest.param(
            "widgets.csv",
            "press-report,2026-01-01",
            "press-report,01/02/2026",
            "widgets.csv:5: published: '01/02/2026' is not a date in the form YYYY-MM-DD",
            id="date-format",
        ),
        pytest.param(
            "widgets.csv",
            "published,notes",
            "published,notes,colour",
            "widgets.csv:1: colour: column is not in the schema of widgets",
            id="unknown-column",
        ),
        pytest.param(
            "widgets.csv",
            "output_units,",
            "",
            "widgets.csv:1: output_units: required column is missing from the header",
            id="missing-column",
        ),
        pytest.param(
            "widgets.csv",
            "press-report,2026-01-01",
            "press-report,2027-03-01",
            "widgets.csv:5: published: 2027-03-01 is in the future (today is 2026-11-28)",
            id="future-row",
        ),
        pytest.param(
            "widgets.csv",
            "w2021,2021,100,",
            "w2021,2021,100,x,",
            "widgets.csv:2: has 8 cells but the header has 7 columns",
            id="ragged-row",
        ),
        pytest.param(
            "widgets.csv", "w2022,2022", "w2022,1999", "widgets.csv:3: year: 1999 is below the minimum 2000", id="integer-minimum"
        ),
        pytest.param(
            "widgets.csv", "w2022,2022", "w2022,2022.5", "widgets.csv:3: year: '2022.5' is not a whole number", id="not-integer"
        ),
        pytest.param(
            "references.bib",
            "title = {Fixture source for pipeline tests},",
            "",
            "references.bib:1: title: entry 'fixture2026source' has no title",
            id="bib-without-title",
        ),
        # The provenance model (issue 13): each message names the line of the offending field.
        pytest.param(
            "references.bib",
            ",\n  grade = {primary}",
            "",
            "references.bib:1: grade: entry 'fixture2026source' has no grade (one of: primary, secondary, tertiary)",
            id="bib-without-grade",
        ),
        pytest.param(
            "references.bib",
            "grade = {primary}",
            "grade = {gospel}",
            "references.bib:6: grade: entry 'fixture2026source': 'gospel' is not one of: primary, secondary, tertiary",
            id="bib-bad-grade",
        ),
        pytest.param(
            "references.bib",
            "urldate = {2026-01-02}",
            "urldate = {2025-12-31}",
            "references.bib:5: urldate: entry 'fixture2026source' was read on 2025-12-31, before its publication date 2026-01-01",
            id="bib-read-before-published",
        ),
        pytest.param(
            "references.bib",
            "grade = {primary}",
            "url = {https://testing.dev.example.com/story},\n  grade = {primary}",
            "references.bib:6: url: entry 'fixture2026source' points at a staging or test host",
            id="bib-staging-host",
        ),
        pytest.param(
            "references.bib",
            "organization = {chinacompute tests},",
            "organization = {chinacompute tests},\n  via = {Chinacompute Tests},",
            "references.bib:4: via: entry 'fixture2026source': via 'Chinacompute Tests' needs a distinct original publisher",
            id="bib-via-without-original",
        ),
        pytest.param(
            "references.bib",
            "grade = {primary}",
            "grade = {tertiary}",
            "widgets.csv:2: confidence: 'official' rests only on tertiary sources (fixture2026source); it needs at least one primary or secondary source",
            id="official-on-tertiary",
        ),
        pytest.param(
            "references.bib",
            "grade = {primary}",
            "grade = {tertiary}",
            "widgets.csv:4: confidence: 'analyst-estimate' rests only on tertiary sources (fixture2026source); it needs at least one primary or secondary source",
            id="estimate-on-tertiary",
        ),
        pytest.param(
            "references.bib",
            "grade = {primary}",
            "grade = {tertiary}",
            "widgets.csv:5: confidence: 'press-report' rests only on tertiary sources (fixture2026source); it needs the tag 'rumor'",
            id="tertiary-only-not-rumor",
        ),
        pytest.param(
            "references.bib",
            "grade = {primary}",
            "grade = {primary},\n  ai_written = {true}",
            "widgets.csv:2: source: fixture2026source: machine-written pages only; a machine-written page cannot be the only source of a row",
            id="machine-written-only",
        ),
    ],
)
def test_bad_data_is_located(fixture_data, file, old, new, expected):
    edit(fixture_data / file, old, new)
    found = problems_of(fixture_data)
    assert any(p.startswith(expected) for p in found), f"expected {expected!r} among:\n" + "\n".join(found)


def test_empty_file(fixture_data):
    (fixture_data / "gadgets.csv").write_text("", encoding="utf-8")
    assert "gadgets.csv: empty file: expected a header row and data rows" in problems_of(fixture_data)


def test_bad_encoding_names_the_line(fixture_data):
    path = fixture_data / "gadgets.csv"
    path.write_bytes(path.read_bytes().replace(b"Gadget two", "Gadget tw\u00f6".encode("latin-1")))
    assert any(p.startswith("gadgets.csv:3: not valid UTF-8 (byte 0xf6)") for p in problems_of(fixture_data))


def test_csv_not_in_descriptor_is_reported(fixture_data):
    (fixture_data / "stray.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert any(p.startswith("stray.csv: CSV file is not described") for p in problems_of(fixture_data))


def test_foreign_key(fixture_data):
    import json

    descriptor = json.loads((fixture_data / "datapackage.json").read_text())
    gadgets = descriptor["resources"][1]["schema"]
    gadgets["fields"].insert(2, {"name": "widget_id", "type": "string"})
    gadgets["foreignKeys"] = [{"fields": "widget_id", "reference": {"resource": "widgets", "fields": "widget_id"}}]
    (fixture_data / "datapackage.json").write_text(json.dumps(descriptor))
    (fixture_data / "gadgets.csv").write_text(
        "gadget_id,label,widget_id,source,confidence,published,notes\n"
        "g1,One,w2021,fixture2026source,official,2026-01-01,\n"
        "g2,Two,w1999,fixture2026source,official,2026-01-01,\n",
        encoding="utf-8",
    )
    assert "gadgets.csv:3: widget_id: 'w1999' is not a widget_id in widgets.csv" in problems_of(fixture_data)


def test_cli_validate_exit_codes(fixture_data):
    from tests.conftest import run_cli

    ok = run_cli("validate", "--data", str(fixture_data))
    assert ok.returncode == 0, ok.stderr
    edit(fixture_data / "widgets.csv", "w2022,2022,140", "w2022,2022,abc")
    bad = run_cli("validate", "--data", str(fixture_data))
    assert bad.returncode == 1
    assert "widgets.csv:3: output_units: 'abc' is not a number" in bad.stdout


SECOND_ENTRY = """
@misc{fixture2026copy,
  title = {A second fixture source},
  organization = {Wire service},
  via = {Relay site},
  year = {2026}, date = {2026-01-01},
  url = {URL},
  urldate = {2026-01-02},
  grade = {GRADE}
}
"""


def add_second_entry(folder: Path, url: str, grade: str = "secondary", cite_in: str = "") -> None:
    bib = folder / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + SECOND_ENTRY.replace("URL", url).replace("GRADE", grade), encoding="utf-8")
    if cite_in:
        edit(folder / "widgets.csv", cite_in, cite_in.replace("fixture2026source", "fixture2026source;fixture2026copy"))


def test_two_keys_may_not_share_a_url(fixture_data):
    edit(fixture_data / "references.bib", "grade = {primary}", "url = {https://example.com/story/},\n  grade = {primary}")
    add_second_entry(fixture_data, "http://www.example.com/story")
    # The second entry's url is on line 15 of the file; the first one's on line 6.
    assert (
        "references.bib:15: url: entry 'fixture2026copy' has the same URL as 'fixture2026source' (line 6); merge the two keys"
        in problems_of(fixture_data)
    )


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>", "//example.com/a"]
)
def test_a_source_url_must_be_a_web_address(fixture_data, url):
    edit(fixture_data / "references.bib", "grade = {primary}", f"url = {{{url}}},\n  grade = {{primary}}")
    assert (
        f"references.bib:6: url: entry 'fixture2026source': url {url!r} is not an http(s) address; a link must lead to a web page"
        in problems_of(fixture_data)
    )


def test_tertiary_rows_tagged_rumor_pass(fixture_data):
    edit(fixture_data / "references.bib", "grade = {primary}", "grade = {tertiary}")
    path = fixture_data / "widgets.csv"
    text = path.read_text(encoding="utf-8")
    for tag in ("official", "analyst-estimate", "press-report"):
        text = text.replace(f",{tag},", ",rumor,")
    path.write_text(text, encoding="utf-8")
    path = fixture_data / "gadgets.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",official,", ",rumor,"), encoding="utf-8")
    assert problems_of(fixture_data) == []


def test_one_better_source_is_enough(fixture_data):
    """A tertiary page next to a secondary source: the row rests on the secondary one."""
    edit(fixture_data / "references.bib", "grade = {primary}", "grade = {tertiary}")
    for line in (
        "w2021,2021,100,fixture2026source",
        "w2022,2022,140,fixture2026source",
        "w2023,2023,210,fixture2026source",
        "w2024,2024,260,fixture2026source",
    ):
        edit(fixture_data / "widgets.csv", line, line + ";fixture2026copy")
    for line in ("g1,Gadget one,fixture2026source", "g2,Gadget two,fixture2026source"):
        edit(fixture_data / "gadgets.csv", line, line + ";fixture2026copy")
    add_second_entry(fixture_data, "https://example.com/wire")
    assert problems_of(fixture_data) == []


def test_machine_written_copy_of_a_human_original_is_listed_not_refused(fixture_data):
    """ai_written with via: the copy read is a machine digest of a human original (graded as the original)."""
    from chinacompute.validation import machine_copies

    edit(
        fixture_data / "references.bib",
        "grade = {primary}",
        "grade = {secondary},\n  via = {Digest site},\n  ai_written = {true}",
    )
    problems, rows, bib, _ = validate(fixture_data, today=TODAY)
    assert [str(p) for p in problems] == []
    assert ("widgets", 2, "fixture2026source") in machine_copies(rows, bib)


def test_rows_counted_by_their_best_source(fixture_data):
    from chinacompute.validation import count_rows_by_grade, source_grade

    add_second_entry(fixture_data, "https://example.com/wire", grade="tertiary")
    _, rows, bib, _ = validate(fixture_data, today=TODAY)
    assert source_grade(["fixture2026copy"], bib) == "tertiary"
    assert source_grade(["fixture2026copy", "fixture2026source"], bib) == "primary"
    assert source_grade(["nosuchkey"], bib) is None
    assert count_rows_by_grade(rows, bib) == {"primary": 6, "secondary": 0, "tertiary": 0, "none": 0}


def test_a_table_that_is_a_symbolic_link_is_refused_and_not_read(fixture_data, tmp_path):
    decoy = tmp_path / "outside.csv"
    decoy.write_text("secret_first_line,x\n1,2\n", encoding="utf-8")
    (fixture_data / "gadgets.csv").unlink()
    (fixture_data / "gadgets.csv").symlink_to(decoy)
    problems = problems_of(fixture_data)
    assert "gadgets.csv: is a symbolic link; the data folder holds its files itself" in problems
    assert not any("secret_first_line" in p for p in problems)  # the outside file's content never reaches a message


@pytest.mark.parametrize("path", ["../outside.csv", "ABSOLUTE", "sub/../../outside.csv"])
def test_a_resource_path_that_leaves_the_data_folder_is_refused(fixture_data, tmp_path, path):
    (tmp_path / "outside.csv").write_text("widget_id\nx\n", encoding="utf-8")
    path = str(tmp_path / "outside.csv") if path == "ABSOLUTE" else path  # a decoy, never a real system file
    edit(fixture_data / "datapackage.json", '"path": "widgets.csv"', f'"path": "{path}"')
    assert f"datapackage.json: path: {path!r} is not a path inside the data folder" in problems_of(fixture_data)


def test_a_bibliography_reached_through_a_linked_folder_is_refused(fixture_data, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "references.bib").write_bytes((fixture_data / "references.bib").read_bytes())
    (fixture_data / "linked").symlink_to(elsewhere, target_is_directory=True)
    text = (fixture_data / "datapackage.json").read_text(encoding="utf-8")
    import json

    descriptor = json.loads(text)
    descriptor["bibliography"] = "linked/references.bib"
    (fixture_data / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert "linked/references.bib: is a symbolic link; the data folder holds its files itself" in problems_of(fixture_data)


def test_a_parsed_bibliography_is_remembered_and_follows_its_text(tmp_path, monkeypatch):
    """bib_entries keeps its parse in the user's cache folder: the second read gives the same entries and problems
    from the stored copy, an edited text is parsed afresh, and a damaged stored copy is parsed again."""
    from chinacompute import validation

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bib = tmp_path / "references.bib"
    bib.write_text(
        "@misc{goodkey, title = {A report}, year = {2025}, organization = {Reuters}, grade = {primary}}\n"
        "@misc{nograde, title = {A blog post}, year = {2025}, organization = {A blog}}\n",
        encoding="utf-8",
    )
    first_problems: list = []
    first = validation.bib_entries(bib, first_problems)
    assert set(first) == {"goodkey", "nograde"}
    assert [(p.line, p.field) for p in first_problems] == [(2, "grade")]
    [stored] = (tmp_path / "cache" / "chinacompute" / "bib").glob("*.json")

    def parse_not_allowed(text, name):
        raise AssertionError("parsed again although the text did not change")

    monkeypatch.setattr(validation, "parse_bib", parse_not_allowed)
    again_problems: list = []
    assert validation.bib_entries(bib, again_problems) == first and again_problems == first_problems
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    bib.write_text(bib.read_text(encoding="utf-8").replace("{A blog}}", "{A blog}, grade = {tertiary}}"), encoding="utf-8")
    edited_problems: list = []
    assert validation.bib_entries(bib, edited_problems)["nograde"]["grade"] == "tertiary" and edited_problems == []

    stored.write_text("{not json", encoding="utf-8")  # the first text's stored parse, damaged
    bib.write_text(bib.read_text(encoding="utf-8").replace(", grade = {tertiary}", ""), encoding="utf-8")
    damaged_problems: list = []
    assert set(validation.bib_entries(bib, damaged_problems)) == {"goodkey", "nograde"}
    assert [(p.line, p.field) for p in damaged_problems] == [(2, "grade")]
