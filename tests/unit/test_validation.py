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
        pytest.param("widgets.csv", "w2022,2022,140", "w2022,2022,abc", "widgets.csv:3: output_units: 'abc' is not a number", id="wrong-type"),
        pytest.param("widgets.csv", "w2022,2022,140", "w2022,,140", "widgets.csv:3: year: is required but empty", id="missing-required"),
        pytest.param("widgets.csv", "w2023,2023,210,fixture2026source", "w2023,2023,210,nosuchkey2026", "widgets.csv:4: source: 'nosuchkey2026' is not a key in references.bib", id="unknown-source"),
        pytest.param("widgets.csv", "w2022,2022,140", "w2022,2022,-5", "widgets.csv:3: output_units: -5 is below the minimum 0", id="out-of-range"),
        pytest.param("widgets.csv", "analyst-estimate", "guess", "widgets.csv:4: confidence: 'guess' is not one of: official, analyst-estimate, press-report, rumor, derived", id="bad-enum"),
        pytest.param("widgets.csv", "w2022,2022", "w2021,2022", "widgets.csv:3: widget_id: duplicate key 'w2021' (first on line 2)", id="duplicate-key"),
        pytest.param("widgets.csv", "press-report,2026-01-01", "press-report,2026-13-01", "widgets.csv:5: published: '2026-13-01' is not a real calendar date", id="malformed-date"),
        pytest.param("widgets.csv", "press-report,2026-01-01", "press-report,01/02/2026", "widgets.csv:5: published: '01/02/2026' is not a date in the form YYYY-MM-DD", id="date-format"),
        pytest.param("widgets.csv", "published,notes", "published,notes,colour", "widgets.csv:1: colour: column is not in the schema of widgets", id="unknown-column"),
        pytest.param("widgets.csv", "output_units,", "", "widgets.csv:1: output_units: required column is missing from the header", id="missing-column"),
        pytest.param("widgets.csv", "press-report,2026-01-01", "press-report,2027-03-01", "widgets.csv:5: published: 2027-03-01 is in the future (today is 2026-11-28)", id="future-row"),
        pytest.param("widgets.csv", "w2021,2021,100,", "w2021,2021,100,x,", "widgets.csv:2: has 8 cells but the header has 7 columns", id="ragged-row"),
        pytest.param("widgets.csv", "w2022,2022", "w2022,1999", "widgets.csv:3: year: 1999 is below the minimum 2000", id="integer-minimum"),
        pytest.param("widgets.csv", "w2022,2022", "w2022,2022.5", "widgets.csv:3: year: '2022.5' is not a whole number", id="not-integer"),
        pytest.param("references.bib", "title = {Fixture source for pipeline tests},", "", "references.bib:1: title: entry 'fixture2026source' has no title", id="bib-without-title"),
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
        "g2,Two,w1999,fixture2026source,official,2026-01-01,\n", encoding="utf-8")
    assert "gadgets.csv:3: widget_id: 'w1999' is not a widget_id in widgets.csv" in problems_of(fixture_data)


def test_cli_validate_exit_codes(fixture_data):
    from tests.conftest import run_cli

    ok = run_cli("validate", "--data", str(fixture_data))
    assert ok.returncode == 0, ok.stderr
    edit(fixture_data / "widgets.csv", "w2022,2022,140", "w2022,2022,abc")
    bad = run_cli("validate", "--data", str(fixture_data))
    assert bad.returncode == 1
    assert "widgets.csv:3: output_units: 'abc' is not a number" in bad.stdout
