"""The shipped data package is valid, covers what the book needs, and filters by as-of date."""

from __future__ import annotations

import pandas as pd
import pytest

from chinacompute import data
from chinacompute.validation import validate
from tests.conftest import ROOT, run_cli

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def parsed():
    problems, rows, bib, descriptor = validate(DATA)
    assert [str(p) for p in problems] == []
    return rows, bib


def test_cli_validates_the_shipped_data():
    done = run_cli("validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("valid:")


@pytest.mark.parametrize(
    ("table", "minimum"), [("accelerators", 25), ("events", 50), ("software_stacks", 12), ("supply_estimates", 40)]
)
def test_coverage(parsed, table, minimum):
    rows, _ = parsed
    assert len(rows[table]) >= minimum


def test_required_chips_present(parsed):
    rows, _ = parsed
    names = " | ".join(f"{r['vendor']} {r['chip']}" for r in rows["accelerators"])
    for wanted in [
        "A100",
        "A800",
        "H100",
        "H800",
        "H20",
        "H200",
        "B200",
        "MI250X",
        "MI300X",
        "MI308",
        "MI325X",
        "Ascend 910 ",
        "910B",
        "910C",
        "950",
        "MLU290",
        "MLU590",
        "BR100",
        "BR104",
        "S4000",
        "S5000",
        "Hygon",
        "Kunlun",
        "PPU",
    ]:
        assert wanted in names + " ", f"no accelerator row for {wanted}"


def test_every_row_is_sourced_and_tagged(parsed):
    rows, bib = parsed
    for table, table_rows in rows.items():
        for row in table_rows:
            assert row["confidence"] and row["published"], f"{table} line {row['_line']}"
            if not row["source"]:
                # The one exception: a projection driver that no source gives, marked as an assumption.
                assert table == "projection_drivers" and "ASSUMPTION" in row["notes"], f"{table} line {row['_line']}: no source"
                continue
            assert all(k in bib for k in row["source"].split(";"))


def test_as_of_filters_rows():
    everything = data.table("events", data_dir=DATA)
    earlier = data.table("events", as_of="2024-06-30", data_dir=DATA)
    assert 0 < len(earlier) < len(everything)
    assert (earlier["published"] <= pd.Timestamp("2024-06-30")).all()
    assert str(everything["date"].dtype).startswith("datetime64")
    assert str(data.table("accelerators", data_dir=DATA)["tdp_w"].dtype) == "float64"


def test_export_matches_the_table(tmp_path):
    out = tmp_path / "acc.csv"
    done = run_cli("export", "accelerators", "--as-of", "2025-01-01", "-o", str(out))
    assert done.returncode == 0, done.stderr
    exported = pd.read_csv(out)
    expected = data.table("accelerators", as_of="2025-01-01", data_dir=DATA)
    assert list(exported["chip_id"]) == list(expected["chip_id"])
    unknown = run_cli("export", "acelerators")
    assert unknown.returncode == 2 and "no table 'acelerators'" in unknown.stderr


@pytest.mark.parametrize(
    ("entry", "label"),
    [
        (
            {"organization": "Reuters", "via": "The Sun (Malaysia)", "date": "2025-07-28", "year": "2025"},
            "Reuters (via The Sun), 2025-07-28",
        ),
        (
            {"organization": "The Information", "via": "Reuters; Dunya News", "date": "2025-04-02"},
            "The Information (via Reuters, Dunya News), 2025-04-02",
        ),
        ({"organization": "Huawei", "year": "2025"}, "Huawei, 2025"),
        ({"author": "Glenn K. Lockwood", "date": "2024-03-19"}, "Glenn K. Lockwood, 2024-03-19"),
        ({"organization": "Alston \\& Bird"}, "Alston & Bird"),
    ],
)
def test_short_label_puts_the_original_first(entry, label):
    assert data.short_label(entry) == label


def test_shipped_bibliography_has_the_provenance_model(parsed):
    """Issue 13: every entry graded, no reading-method wording, no reading date stored as publication date."""
    _, bib = parsed
    assert all(e.get("grade") in ("primary", "secondary", "tertiary") for e in bib.values())
    assert not [k for k, e in bib.items() if "stored cop" in e.get("note", "").lower()]
    assert not [k for k, e in bib.items() if e.get("date", "").startswith("2026-11-2")]
    assert data.cite_short("reuters2025h20tsmc") == "Reuters (via The Sun), 2025-07-28"


def test_rows_by_grade_counts_every_row(parsed):
    rows, _ = parsed
    counts = data.rows_by_grade()
    assert sum(counts.values()) == sum(len(r) for r in rows.values())
    assumptions = [r for r in rows["projection_drivers"] if not r["source"]]  # marked ASSUMPTION, no source gives them
    assert counts["none"] == len(assumptions) and counts["primary"] > 0
