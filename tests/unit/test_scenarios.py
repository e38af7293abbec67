"""Scenario knobs to outlook assumptions, on tiny hand-made scenario dicts and tables."""

import pandas as pd
import pytest

from chinacompute.models import scenarios

# The knobs of tests/unit/test_outlook.py's BASE, worked the same way: 10 wafers/month * 12 = 120 wafers; * 10 dies
# * 0.5 yield / 2 per package = 300 packages (die-limited; HBM allows 8,000 / 8 = 1,000). With a 500-TFLOPS 910C and a
# 1,000-TFLOPS H100 that is 150 H100-eq. Imports: 100 units * 1.5 = 150 units.
KNOBS = {"smic_wafers_per_month": 10, "wafer_growth_per_year": 0.0, "dies_per_wafer": 10, "die_yield": 0.5,
         "dies_per_package": 2, "hbm_stacks_per_year": 8000, "hbm_growth_per_year": 0.0, "stacks_per_chip": 8,
         "import_units_per_year": 100, "import_chip": "nvidia-h200", "import_multiplier": 1.5}
ACC = pd.DataFrame({"chip_id": ["huawei-ascend-910c", "nvidia-h100-sxm", "nvidia-h200", "nvidia-h20"],
                    "fp16_bf16_dense_tflops": [500.0, 1000.0, 1000.0, 250.0]})


def files(**others):
    """Scenario dicts as load_scenario returns them: base with every knob (and a non-knob horizon), then others."""
    result = {"base": {"chapters": {"07_outlook": {**KNOBS, "scenario": "base", "horizon": 2028}}}}
    result.update({name: {"chapters": section} for name, section in others.items()})
    return result


def test_knob_values_apply_departures_to_base_and_put_base_first():
    values = scenarios.knob_values({"cheap": {"chapters": {"07_outlook": {"import_chip": "nvidia-h20",
                                                                         "scenario": "cheap"}}},
                                    **files(empty={}, blank={"07_outlook": None})})
    assert list(values) == ["base", "cheap", "empty", "blank"]
    assert values["base"] == KNOBS  # horizon and scenario are not knobs
    assert values["cheap"] == {**KNOBS, "import_chip": "nvidia-h20"}
    assert values["empty"] == KNOBS and values["blank"] == KNOBS


def test_years_and_base_horizon():
    assert scenarios.base_horizon(files()) == 2028
    assert scenarios.years(2028) == [2026, 2027, 2028]
    assert scenarios.years(2026) == [2026]
    assert scenarios.years(2030, start_year=2029) == [2029, 2030]


def test_reader_changes_keep_only_values_off_both_base_and_scenario():
    values = {"base": {"die_yield": 0.3, "dies_per_wafer": 78}, "good": {"die_yield": 0.6, "dies_per_wafer": 78}}
    # die_yield 0.6 is the scenario's own value; 0.3 is base's; only 80 dies per wafer is the reader's.
    assert scenarios.reader_changes({"die_yield": 0.6, "dies_per_wafer": 78}, values, "good") == {}
    assert scenarios.reader_changes({"die_yield": 0.3, "dies_per_wafer": 80}, values, "good") == {"dies_per_wafer": 80}
    assert scenarios.reader_changes({"die_yield": 0.5, "dies_per_wafer": 78}, values, "base") == {"die_yield": 0.5}


def test_with_late_chips_adds_only_the_missing_model_chips():
    known = ACC[ACC["chip_id"].isin(["nvidia-h100-sxm", "nvidia-h200"])]
    frame, late = scenarios.with_late_chips(known, ACC)
    assert late == ["huawei-ascend-910c", "nvidia-h20"]
    assert frame["chip_id"].tolist() == ["nvidia-h100-sxm", "nvidia-h200", "huawei-ascend-910c", "nvidia-h20"]
    assert frame.index.tolist() == [0, 1, 2, 3]
    frame, late = scenarios.with_late_chips(ACC, ACC)
    assert late == [] and len(frame) == 4


def test_assumptions_replace_the_imported_chip_by_its_tflops():
    model = scenarios.assumptions({**KNOBS, "import_chip": "nvidia-h20"}, ACC)
    assert "import_chip" not in model
    assert model["start_year"] == 2026
    assert (model["domestic_tflops"], model["import_tflops"], model["h100_tflops"]) == (500.0, 250.0, 1000.0)
    with pytest.raises(KeyError):
        scenarios.assumptions({**KNOBS, "import_chip": "nvidia-b200"}, ACC)


def test_final_shares_by_scenario():
    # base: 150 domestic H100-eq vs 150 imported (H200 = 1,000 TFLOPS) -> 0.5.
    # cheap: the 150 imported H20 count 150 * 250 / 1000 = 37.5 H100-eq -> 150 / 187.5 = 0.8.
    values = {"base": KNOBS, "cheap": {**KNOBS, "import_chip": "nvidia-h20"}}
    shares = scenarios.final_shares(values, ACC, [2026, 2027])
    assert shares == {"base": pytest.approx(0.5), "cheap": pytest.approx(0.8)}


def test_knob_text():
    assert scenarios.knob_text("wafer_growth_per_year", 0.385) == "38.5%"
    assert scenarios.knob_text("die_yield", 0.3) == "30%"
    assert scenarios.knob_text("hbm_growth_per_year", 0.0) == "0%"
    assert scenarios.knob_text("import_chip", "nvidia-h20") == "H20"
    assert scenarios.knob_text("import_chip", "nvidia-b30a") == "nvidia-b30a"
    assert scenarios.knob_text("import_multiplier", 1.5) == "1.5x"
    assert scenarios.knob_text("import_multiplier", 2.0) == "2x"
    assert scenarios.knob_text("hbm_stacks_per_year", 4800000) == "4,800,000"
    assert scenarios.knob_text("dies_per_package", 1.0) == "1"


def test_assumption_table_has_a_text_column_per_run():
    table = scenarios.assumption_table({"base": KNOBS, "mine": {**KNOBS, "die_yield": 0.25}})
    assert table.columns.tolist() == ["Assumption", "base", "mine"]
    assert table["Assumption"].tolist() == [scenarios.LABELS[k] for k in scenarios.KNOBS]
    row = table.set_index("Assumption").loc["Die yield"]
    assert (row["base"], row["mine"]) == ("50%", "25%")
    assert table.set_index("Assumption").loc["Imported chip", "base"] == "H200"


SUPPLY = pd.DataFrame({
    "estimate_id": ["ms-910b-dies-per-wafer", "unrelated", "reuters-h200-approvals-jan2026", "ms-910b-wafer-yield-2025",
                    "csis-smic-7nm-yield"],
    "counted": ["dies", "x", "chips", "yield", "yield"], "value": [78.0, 1.0, None, None, 20.0],
    "value_low": [None, None, 400000.0, None, None], "value_high": [None, None, None, 35.0, None],
    "unit": ["dies", "x", "units", "%", "%"], "estimator": ["MS", "X", "Reuters", "MS", "CSIS"],
    "published": pd.to_datetime(["2025-09-06", "2020-01-01", "2026-01-28", "2025-09-06", "2025-01-01"]),
})


def test_provenance_table_marks_rows_published_after_the_date():
    table = scenarios.provenance_table(SUPPLY, pd.Timestamp("2025-12-31"))
    assert table.columns.tolist() == ["estimate_id", "counted", "value", "unit", "estimator", "published", "known"]
    # supply table order, unrelated rows and range rows left out; a lone bound reads "at least" / "at most"
    assert table["estimate_id"].tolist() == ["ms-910b-dies-per-wafer", "reuters-h200-approvals-jan2026",
                                             "ms-910b-wafer-yield-2025"]
    assert table["value"].tolist() == ["78", "at least 400,000", "at most 35"]
    assert table["known"].tolist() == ["yes", "not yet", "yes"]


def test_provenance_and_range_rows():
    rows = scenarios.provenance_rows(SUPPLY, pd.concat([ACC, pd.DataFrame({"chip_id": ["amd-mi308"]})]))
    assert rows["estimate_id"].dropna().tolist() == ["ms-910b-dies-per-wafer", "reuters-h200-approvals-jan2026",
                                                     "ms-910b-wafer-yield-2025"]
    assert rows["chip_id"].dropna().tolist() == ACC["chip_id"].tolist()
    assert scenarios.range_rows(SUPPLY)["estimate_id"].tolist() == ["csis-smic-7nm-yield"]


def test_tornado_table_labels_ranges_and_bar_ends():
    model = scenarios.assumptions(KNOBS, ACC)
    # multiplier 0.5 -> 50 imported H100-eq, share 150/200 = 0.75; 3 -> 300, share 150/450 = 1/3.
    # HBM 4,000..16,000 stacks -> 500..2,000 packages, never below the 300 die-limited: no swing.
    torn = scenarios.tornado_table(model, [2026], {"hbm_stacks_per_year": (4000, 16000),
                                                   "import_multiplier": (0.5, 3.0)},
                                   {"import_multiplier": "assumption", "hbm_stacks_per_year": "rows a / b"})
    assert torn["assumption"].tolist() == ["import_multiplier", "hbm_stacks_per_year"]
    assert torn["label"].tolist() == ["Import policy multiplier", "HBM stacks, 2026 (per year)"]
    assert torn["range"].tolist() == ["0.5x to 3x", "4,000 to 16,000"]
    assert torn["basis"].tolist() == ["assumption", "rows a / b"]
    assert torn["share_min"].tolist() == pytest.approx([1 / 3, 0.5])
    assert torn["share_max"].tolist() == pytest.approx([0.75, 0.5])
    assert scenarios.slack_inputs(torn) == ["HBM stacks, 2026 (per year)"]
    assert scenarios.slack_inputs(torn, tolerance=0.0) == []


def test_flip_points_reached_and_not_reached():
    model = scenarios.assumptions(KNOBS, ACC)
    # share 0.75 needs imports of 50 H100-eq = 50 / 1.5 = 33.3 units a year.
    # HBM: at most the 300 die-limited packages, so share <= 0.5 whatever the stacks; 0.75 is out of reach.
    flips = scenarios.flip_points(model, [2026], 0.75, {"import_units_per_year": (0, 1000),
                                                       "hbm_stacks_per_year": (0, 8000)})
    assert flips == [
        {"knob": "import_units_per_year", "label": scenarios.LABELS["import_units_per_year"], "now": "100",
         "crossing": "33"},
        {"knob": "hbm_stacks_per_year", "label": scenarios.LABELS["hbm_stacks_per_year"], "now": "8,000",
         "crossing": "not reached between 0 and 8,000"},
    ]
