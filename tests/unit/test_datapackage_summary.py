"""Hand-worked examples for models/datapackage_summary.py on a small descriptor and tables built here."""

import math

import pandas as pd
import pytest

from chinacompute.models import datapackage_summary as summary

RESOURCE = {
    "name": "chips_*",
    "path": "data/chips.csv",
    "description": "One row per *chip*.",
    "schema": {
        "fields": [
            {
                "name": "chip_id",
                "type": "string",
                "description": "Key.",
                "constraints": {"required": True, "pattern": "^[a-z-]+$"},
            },
            {"name": "tflops", "type": "number", "unit": "TFLOPS", "constraints": {"minimum": 0, "maximum": 5000}},
            {"name": "side", "constraints": {"enum": ["US", "CN", 3]}},
            {"name": "notes"},
        ]
    },
}


def test_constraints_text_in_order():
    fields = RESOURCE["schema"]["fields"]
    assert summary.constraints_text(fields[0]) == "required; pattern ^[a-z-]+$"
    assert summary.constraints_text(fields[1]) == "min 0; max 5000"
    assert summary.constraints_text(fields[2]) == "one of: US, CN, 3"  # enum values of any type, as text
    assert summary.constraints_text(fields[3]) == ""
    assert summary.constraints_text({"name": "x", "constraints": {"required": False}}) == ""


def test_field_table_defaults_type_to_string():
    table = summary.field_table(RESOURCE)
    assert list(table.columns) == ["Field", "Type", "Unit", "Description", "Constraints"]
    assert table.iloc[2].tolist() == ["side", "string", "", "", "one of: US, CN, 3"]
    assert table.iloc[1].tolist() == ["tflops", "number", "TFLOPS", "", "min 0; max 5000"]


def test_table_heading_escapes_descriptor_text_and_counts_rows():
    text = summary.table_heading(RESOURCE, 1234, 5678, "2025-06-30")
    # to_markdown escapes Markdown's special characters, the full stop included
    assert text == ("**chips\\_\\*** (`data/chips.csv`): One row per \\*chip\\*\\. 1,234 rows as of 2025-06-30 (5,678 in all).")


TABLES = {
    "a": pd.DataFrame({"confidence": pd.array(["official", "rumor", "official", "derived"], dtype="string")}),
    "b": pd.DataFrame({"confidence": pd.array(["press-report", "rumor"], dtype="string")}),
    "no_confidence": pd.DataFrame({"x": [1, 2, 3]}),
}


def test_confidence_counts_per_table():
    counts = summary.confidence_counts(TABLES)
    assert list(counts.columns) == ["Table", *summary.CONFIDENCE_LEVELS, "All rows"]
    assert counts.to_dict("records") == [
        {"Table": "a", "official": 2, "analyst-estimate": 0, "press-report": 0, "rumor": 1, "derived": 1, "All rows": 4},
        {"Table": "b", "official": 0, "analyst-estimate": 0, "press-report": 1, "rumor": 1, "derived": 0, "All rows": 2},
    ]


def test_confidence_share_over_all_tables():
    # 6 rows with a confidence: 2 official -> 1/3; 2 rumor -> 1/3; official or derived: 3/6
    assert summary.confidence_share(TABLES, ["official"]) == pytest.approx(1 / 3)
    assert summary.confidence_share(TABLES, ["rumor"]) == pytest.approx(1 / 3)
    assert summary.confidence_share(TABLES, ["official", "derived"]) == pytest.approx(0.5)


def test_confidence_share_without_rows_is_nan():
    empty = {"a": pd.DataFrame({"confidence": pd.array([], dtype="string")})}
    assert math.isnan(summary.confidence_share(empty, ["official"]))


DISPUTES = pd.DataFrame(
    {
        "chip_id": ["huawei-ascend-910c", "huawei-ascend-910c", "huawei-ascend-910c", "huawei-ascend-910b"],
        "field": ["compute_dies", "compute_dies", "die_area_mm2", "compute_dies"],
        "value": [2.0, 1.0, 665.5, 1.0],
        "claimed_by": ["Firm A", "Blog <B>", "Firm C", "Firm D"],
        "confidence": ["analyst-estimate", "rumor", "press-report", "rumor"],
        "published": pd.to_datetime(["2024-09-01", "2025-01-15", "2024-10-01", "2024-11-01"]),
        "notes": ["", "one die", "", ""],
    }
)


def test_claims_about_one_field_of_one_chip_and_their_counts():
    dies = summary.claims(DISPUTES, "huawei-ascend-910c", "compute_dies")
    assert dies["claimed_by"].tolist() == ["Firm A", "Blog <B>"]
    assert (summary.count_claiming(dies, 2), summary.count_claiming(dies, 1), summary.count_claiming(dies, 4)) == (1, 1, 0)


def test_claims_table_as_text():
    table = summary.claims_table(summary.claims(DISPUTES, "huawei-ascend-910c", "compute_dies"), "Dies")
    assert list(table.columns) == ["Dies", "Claimed by", "Confidence", "Published", "Notes"]
    assert table.iloc[0].tolist() == ["2", "Firm A", "analyst-estimate", "2024-09-01", ""]
    assert table.iloc[1].tolist() == ["1", "Blog <B>", "rumor", "2025-01-15", "one die"]  # escaped when shown, not here


@pytest.mark.parametrize(
    "value, low, high, text",
    [
        (1234567.0, math.nan, math.nan, "1,234,567"),
        (math.nan, 2_000_000.0, math.nan, "at least 2,000,000"),
        (math.nan, math.nan, 200_000.0, "at most 200,000"),
        (math.nan, 1_400_000.0, 1_500_000.0, "at least 1,400,000"),  # a range reads as its lower bound
        (5.0, 1.0, 9.0, "5"),  # a point value wins over bounds
    ],
)
def test_figure_text(value, low, high, text):
    assert summary.figure_text(value, low, high) == text


SUPPLY = pd.DataFrame(
    {
        "estimate_id": ["hw-units", "hw-dies", "hw-yield", "nv-units", "hw-cards"],
        "vendor": ["Huawei", "Huawei", "Huawei", "Nvidia", "Huawei"],
        "metric": ["units", "dies", "yield", "units", "units"],
        "counted": ["910C packages", "TSMC dies", "910B yield", "H20 Cards shipped", "Ascend cards"],
        "value": [300.0, math.nan, 40.0, 1000.0, 50.0],
        "value_low": [math.nan, 2_000_000.0, math.nan, math.nan, math.nan],
        "value_high": [math.nan] * 5,
        "estimator": ["Firm X", "Analyst A", "Firm Y", "SemiAnalysis", "Firm Z"],
        "confidence": ["analyst-estimate", "press-report", "rumor", "analyst-estimate", "rumor"],
    }
)


def test_volume_table_for_one_vendor():
    table = summary.volume_table(SUPPLY, "Huawei")
    assert list(table.columns) == ["Row", "Metric", "What is counted", "Figure", "Estimator", "Confidence"]
    assert table["Row"].tolist() == ["hw-units", "hw-dies", "hw-cards"]  # no yield row, no Nvidia row
    assert table["Figure"].tolist() == ["300", "at least 2,000,000", "50"]


def test_volume_metric_counts_and_rows_mentioning_a_word():
    # units: hw-units, nv-units, hw-cards = 3; dies: 1; yield is not a volume metric
    assert summary.volume_metric_counts(SUPPLY) == {"units": 3, "dies": 1}
    # "card" in any case: "H20 Cards shipped", "Ascend cards"
    assert summary.rows_mentioning(SUPPLY, "card") == 2
    assert summary.rows_mentioning(SUPPLY, "wafer") == 0


def test_currency_table_reaches_and_last_reads_by_hand():
    import pandas as pd

    from chinacompute.models.datapackage_summary import currency_table

    bibliography = {
        "a": {"grade": "primary", "urldate": "2026-11-28"},
        "b": {"grade": "secondary", "urldate": "2026-12-07"},
        "c": {"grade": "tertiary", "urldate": "2026-10-01"},
    }
    events = pd.DataFrame({"source": ["a", "b;c", "c"], "published": pd.to_datetime(["2025-01-01", "2026-05-31", "2026-02-01"])})
    empty = pd.DataFrame({"source": pd.Series([], dtype=object), "published": pd.Series([], dtype="datetime64[ns]")})
    table = currency_table({"events": events, "empty": empty}, bibliography).set_index("Table")
    assert table.loc["events", "Latest source"] == "2026-05-31"
    assert table.loc["events", "Sources last read"] == "2026-12-07"
    assert (table.loc["events", "Primary"], table.loc["events", "Secondary"], table.loc["events", "Tertiary"]) == (1, 1, 1)
    assert table.loc["empty", "Sources last read"] == "–" and table.loc["empty", "Rows"] == 0
