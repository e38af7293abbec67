"""Hand-worked examples for models/estimates.py and the funnel, claim and wafer functions chapter 02 added to
models/supply.py, on small tables built here (every expected number is worked out in the comments)."""

import math

import pandas as pd
import pytest

from chinacompute.models import estimates, supply

COLUMNS = [
    "estimate_id",
    "vendor",
    "product",
    "metric",
    "counted",
    "period_start",
    "period_end",
    "value",
    "value_low",
    "value_high",
    "estimator",
    "source",
    "confidence",
    "published",
]


def frame(*rows):
    """A supply_estimates-like table from (id, vendor, product, metric, counted, start, end, value, low, high,
    estimator, source, confidence, published) tuples."""
    out = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("period_start", "period_end", "published"):
        out[col] = pd.to_datetime(out[col])
    for col in ("value", "value_low", "value_high"):
        out[col] = out[col].astype("float64")
    return out


N = math.nan
EST = frame(
    (
        "bank-a",
        "Huawei",
        "Ascend 910B",
        "dies",
        "TSMC-made dies",
        "2023-01-01",
        "2024-12-31",
        2_000_000,
        N,
        N,
        "Analyst A (note)",
        "srcA",
        "analyst-estimate",
        "2025-01-10",
    ),
    (
        "bank-b",
        "Huawei",
        "Ascend 910B",
        "dies",
        "TSMC dies via Sophgo",
        "2023-01-01",
        "2024-12-31",
        N,
        1_000_000,
        N,
        "Analyst B",
        "srcB",
        "press-report",
        "2025-02-10",
    ),
    (
        "smic-dies",
        "Huawei",
        "Ascend 910B",
        "dies",
        "SMIC dies",
        "2025-01-01",
        "2025-12-31",
        500,
        N,
        N,
        "Analyst C",
        "srcC",
        "rumor",
        "2025-03-01",
    ),
    (
        "hw-point",
        "Huawei",
        "Ascend 910C",
        "units",
        "910C packages",
        "2025-01-01",
        "2025-12-31",
        300,
        N,
        N,
        "Firm X (Shanghai)",
        "srcX",
        "analyst-estimate",
        "2025-04-01",
    ),
    (
        "hw-most",
        "Huawei",
        None,
        "units",
        "Ascend ceiling",
        "2025-01-01",
        "2025-12-31",
        N,
        N,
        900,
        "Gov Y",
        "srcY",
        "official",
        "2025-05-01",
    ),
    (
        "hw-least",
        "Huawei",
        "Ascend 910B",
        "units",
        "Ascend floor",
        "2025-01-01",
        "2025-12-31",
        N,
        100,
        N,
        "Paper Z",
        "srcZ",
        "press-report",
        "2025-06-01",
    ),
    (
        "hw-2024",
        "Huawei",
        "Ascend 910B",
        "units",
        "2024 output",
        "2024-01-01",
        "2024-12-31",
        50,
        N,
        N,
        "Firm X",
        "srcX",
        "analyst-estimate",
        "2025-01-01",
    ),
    (
        "nv-rev-q",
        "Nvidia",
        None,
        "revenue",
        estimates.CHINA_REVENUE,
        "2025-01-27",
        "2025-04-27",
        5.5,
        N,
        N,
        "Nvidia 10-Q",
        "srcN",
        "official",
        "2025-05-30",
    ),
    (
        "nv-rev-year",
        "Nvidia",
        None,
        "revenue",
        estimates.CHINA_REVENUE,
        "2024-01-29",
        "2025-01-26",
        17.0,
        N,
        N,
        "Nvidia 10-K",
        "srcN",
        "official",
        "2025-02-26",
    ),
    (
        "nv-h20",
        "Nvidia",
        "H20",
        "units",
        "H20 sold",
        "2024-01-01",
        "2024-12-31",
        1_000_000,
        N,
        N,
        "SemiAnalysis",
        "srcS",
        "analyst-estimate",
        "2025-01-15",
    ),
    (
        "nv-h20-range",
        "Nvidia",
        "H20",
        "units",
        "H20 inventory",
        "2025-07-28",
        "2025-07-28",
        N,
        600,
        700,
        "Reuters",
        "srcR",
        "press-report",
        "2025-07-30",
    ),
    (
        "yield-old",
        "Huawei",
        "Ascend 910B",
        "yield",
        "910B yield",
        "2024-01-01",
        "2024-12-31",
        20,
        N,
        N,
        "Old firm",
        "srcO",
        "rumor",
        "2024-06-01",
    ),
    (
        "yield-new",
        "Huawei",
        "Ascend 910B",
        "yield",
        "910B yield",
        "2025-01-01",
        "2025-12-31",
        40,
        N,
        N,
        "New firm",
        "srcM",
        "analyst-estimate",
        "2025-08-01",
    ),
    (
        "claim",
        "Huawei",
        "Ascend 910C",
        "units",
        "claimed 910C",
        "2024-01-01",
        "2025-12-31",
        N,
        1_400,
        1_500,
        "Article",
        "srcT",
        "press-report",
        "2025-09-01",
    ),
)
ACC = pd.DataFrame(
    {
        "chip_id": ["nvidia-h100-sxm", "nvidia-h20", "huawei-ascend-910c", "huawei-ascend-910b"],
        "fp16_bf16_dense_tflops": [1000.0, 150.0, 800.0, 320.0],
        "compute_dies": [1, 1, 2, 1],
        "die_area_mm2": [814.0, 814.0, None, 665.61],
    }
)


def test_first_row_and_missing_row():
    assert estimates.first_row(EST, "estimate_id", "nv-h20")["value"] == 1_000_000
    assert estimates.first_row(EST, "estimate_id", "no-such-row") == {}
    assert estimates.row(EST, "bank-b")["estimator"] == "Analyst B"
    assert estimates.value(EST, "no-such-row") is None
    assert estimates.value(EST, "nv-rev-q") == 5.5


def test_ratio_of_two_rows_and_missing_or_zero_denominator():
    # 1,000,000 H20 / 500 SMIC dies = 2,000
    assert estimates.ratio(EST, "nv-h20", "smic-dies") == 2_000
    assert math.isnan(estimates.ratio(EST, "nv-h20", "no-such-row"))
    zero = EST.assign(value=EST["value"].where(EST["estimate_id"] != "smic-dies", 0.0))
    assert math.isnan(estimates.ratio(zero, "nv-h20", "smic-dies"))


def test_with_point_takes_value_then_low_then_high():
    points = estimates.with_point(EST).set_index("estimate_id")["point"]
    assert points["bank-a"] == 2_000_000  # value
    assert points["bank-b"] == 1_000_000  # only a low bound
    assert points["hw-most"] == 900  # only a high bound
    assert points["claim"] == 1_400  # a range: its low end
    assert "point" not in EST  # the input is not changed


def test_bounds_of_a_range_row():
    assert estimates.bounds(EST, "claim") == (1_400, 1_500)
    with pytest.raises(KeyError):
        estimates.bounds(EST, "no-such-row")


def test_latest_yield_is_the_most_recently_published_as_a_fraction():
    # yield-new (published 2025-08) beats yield-old (2024-06): 40% -> 0.4
    assert estimates.latest_yield(EST, "Ascend 910B") == {"share": 0.4, "estimator": "New firm", "source": "srcM"}


def test_latest_yield_when_none_is_published():
    got = estimates.latest_yield(EST[EST["metric"] != "yield"], "Ascend 910B")
    assert math.isnan(got["share"]) and got["estimator"] is None and got["source"] == ""


def test_die_bank_keeps_only_tsmc_die_rows():
    assert list(estimates.die_bank(EST)["estimate_id"]) == ["bank-a", "bank-b"]


def test_china_revenue_keeps_quarters_only():
    # nv-rev-q spans 90 days (kept), nv-rev-year 363 days (dropped)
    rev = estimates.china_revenue_quarters(EST)
    assert list(rev["estimate_id"]) == ["nv-rev-q"]
    assert list(rev["quarter_end"]) == ["2025-04-27"]


def test_nvidia_units_table_columns_and_period_text():
    table = estimates.nvidia_units_table(EST)
    assert list(table.columns) == [
        "Product",
        "What is counted",
        "Period",
        "Estimate (units)",
        "Low (units)",
        "High (units)",
        "Estimator",
        "Confidence",
    ]
    assert list(table["Period"]) == ["2024-01-01 to 2024-12-31", "2025-07-28 to 2025-07-28"]
    assert table["Low (units)"].iloc[1] == 600 and table["High (units)"].iloc[1] == 700


def test_huawei_2025_kinds_labels_and_ranges():
    hw = estimates.huawei_2025(estimates.with_point(EST)).set_index("estimate_id")
    # the 2024 row and the 2024-2025 claim are not full-year 2025
    assert sorted(hw.index) == ["hw-least", "hw-most", "hw-point"]
    assert hw.loc["hw-point", "kind"] == "point estimate"
    assert hw.loc["hw-most", "kind"] == "at most"
    assert hw.loc["hw-least", "kind"] == "at least"
    # the bracketed note is dropped; a missing product leaves "estimator: "
    assert hw.loc["hw-point", "label"] == "Firm X: Ascend 910C"
    assert hw.loc["hw-most", "label"] == "Gov Y: "
    # a bound-only row's range runs from the bound to the point (which is that bound)
    assert (hw.loc["hw-most", "range_low"], hw.loc["hw-most", "range_high"]) == (900, 900)
    assert (hw.loc["hw-point", "range_low"], hw.loc["hw-point", "range_high"]) == (300, 300)


def test_die_bank_funnel_steps():
    # 1,000 dies x 0.75 = 750 good; / 2 = 375 sets; x 0.9 = 337.5 -> 337; HBM 2,000 stacks / 8 = 250 -> 250
    assert supply.die_bank_funnel(1_000, 0.75, 2, 0.9, 2_000, 8) == {
        "dies": 1_000,
        "good dies": 750,
        "die sets": 375,
        "packages passing test": 337,
        "after HBM cap": 250,
    }
    # with HBM to spare the cap does not bind: 3,000 / 8 = 375 >= 337
    assert supply.die_bank_funnel(1_000, 0.75, 2, 0.9, 3_000, 8)["after HBM cap"] == 337
    # an odd good-die count: 7 good dies make 3 pairs (one die left over); x 0.5 = 1.5 -> 1 package
    assert supply.die_bank_funnel(7, 1.0, 2, 0.5, 100, 8) == {
        "dies": 7,
        "good dies": 7,
        "die sets": 3,
        "packages passing test": 1,
        "after HBM cap": 1,
    }


def test_funnel_table_rows_columns_and_h100e():
    bank = estimates.die_bank(estimates.with_point(EST))
    # bank-a: 2,000,000 x 0.5 = 1,000,000 good; / 2 = 500,000 sets; x 1.0 = 500,000; HBM 3,200,000 / 8 = 400,000 cap
    # bank-b: 1,000,000 x 0.5 = 500,000 good; 250,000 sets; 250,000 packages; under the cap
    # H100-equivalents at 800 TFLOPS a package against 1,000: 400,000 x 0.8 = 320,000; 250,000 x 0.8 = 200,000
    table = estimates.funnel_table(bank, 0.5, 2, 1.0, 3_200_000, 8, 800.0, 1000.0)
    assert list(table.columns) == [
        "Estimator",
        "Dies (units)",
        "Good dies (units)",
        "Die sets (units)",
        "Packages passing test (units)",
        "After HBM cap (units)",
        "H100-equivalents",
    ]
    assert table.iloc[0].tolist() == ["Analyst A (note)", 2_000_000, 1_000_000, 500_000, 500_000, 400_000, 320_000]
    assert table.iloc[1].tolist() == ["Analyst B", 1_000_000, 500_000, 250_000, 250_000, 250_000, 200_000]


def test_funnel_table_without_a_die_bank_has_no_h100e_column():
    table = estimates.funnel_table(EST.iloc[0:0].assign(point=[]), 0.5, 2, 1.0, 1, 8, 800.0, 1000.0)
    assert len(table) == 0
    assert list(table.columns) == [
        "Estimator",
        "Dies (units)",
        "Good dies (units)",
        "Die sets (units)",
        "Packages passing test (units)",
        "After HBM cap (units)",
    ]


def test_live_die_bank():
    live = estimates.live_die_bank(estimates.die_bank(estimates.with_point(EST)), 400.0)
    assert list(live.columns) == ["estimator", "dies", "source", "tflops_per_die"]
    assert live["dies"].tolist() == [2_000_000, 1_000_000] and live["tflops_per_die"].tolist() == [400.0, 400.0]


def test_check_claim_against_the_funnel():
    # claim 1,400..1,500 packages from 3,000 dies at 2 dies each, no packaging loss:
    # 1,400 x 2 / 3,000 = 0.9333; 1,500 x 2 / 3,000 = 1.0; at packaging yield 0.9: 2,800 / 2,700 = 1.0370
    # the funnel: 3,000 x 0.75 = 2,250 / 2 = 1,125 sets; x 0.9 = 1,012.5 -> 1,012; HBM 1,000,000 / 8 -> no cap
    got = supply.check_claim((1_400, 1_500), 3_000, 0.75, 2, 0.9, 1_000_000, 8)
    assert got["packages"] == 1_012
    assert got["yield for low"] == pytest.approx(0.93333, abs=1e-5)
    assert got["yield for high"] == pytest.approx(1.0)
    assert got["yield for low with packaging loss"] == pytest.approx(1.03704, abs=1e-5)


@pytest.mark.parametrize("dies", [None, math.nan, pd.NA])
def test_check_claim_without_a_die_count(dies):
    got = supply.check_claim((1_400, 1_500), dies, 0.75, 2, 0.9, 1_000_000, 8)
    assert all(math.isnan(v) for v in got.values()) and len(got) == 4


def test_tflops_per_die_and_die_area():
    assert supply.tflops_per_die(ACC, "huawei-ascend-910c") == 400.0  # 800 / 2 dies
    assert math.isnan(supply.tflops_per_die(ACC, "no-such-chip"))
    assert supply.die_area(ACC, "huawei-ascend-910b") == 665.61
    assert math.isnan(supply.die_area(ACC, "huawei-ascend-910c"))  # area not known
    assert math.isnan(supply.die_area(ACC, "no-such-chip"))


def test_wafer_capacity():
    # 665.61 mm2 -> 76 gross dies a wafer (see test_supply); 1,000 wafers x 76 x 0.3 = 22,800 good dies;
    # / 2 = 11,400 sets; x 0.9 = 10,260 packages
    assert supply.wafer_capacity(1_000, 665.61, 0.3, 2, 0.9) == {
        "gross dies per wafer": 76,
        "good dies": 22_800,
        "packages": 10_260,
    }


@pytest.mark.parametrize("area, share", [(math.nan, 0.3), (665.61, math.nan)])
def test_wafer_capacity_without_area_or_yield(area, share):
    assert all(math.isnan(v) for v in supply.wafer_capacity(1_000, area, share, 2, 0.9).values())


def test_supply_comparison_units_h100e_and_dropped_rows():
    est = estimates.with_point(
        EST.assign(
            estimate_id=EST["estimate_id"].replace({"nv-h20": "semianalysis-h20-units-2024", "bank-b": "heim-tsmc-sophgo-dies"})
        )
    )
    # Cambricon's row is not published, so only three supplies have units
    cmp = estimates.supply_comparison(est, ACC, 1_000, 200, 50, "srcM", dies_per_package=2).set_index("supply")
    assert list(cmp.index) == [
        "Nvidia H20 to China, 2024",
        "910C from Heim's die count (model)",
        "910C from a year of SMIC (model)",
    ]
    assert cmp["source"].tolist() == ["srcS", "srcB", "srcM"]
    # H100-equivalents: 1,000 H20 x 150 / 1,000 = 150; 200 x 800 / 1,000 = 160; 50 x 0.8 = 40
    assert cmp["h100e"].tolist() == [150, 160, 40]
    assert estimates.h100e_total(cmp.reset_index(), "910C from Heim") == 160


def test_supply_comparison_drops_the_model_rows_unless_two_dies_per_package():
    cmp = estimates.supply_comparison(estimates.with_point(EST), ACC, 1_000, 200, 50, "", dies_per_package=3)
    assert cmp["supply"].tolist() == ["Nvidia H20 to China, 2024"]
    assert cmp["source"].tolist() == [""]  # the H20 row's source is not published here
    assert math.isnan(estimates.h100e_total(cmp, "910C from Heim"))


def test_h100e_total_of_zero_packages_reads_as_missing():
    zero = pd.DataFrame({"supply": ["910C from Heim's die count (model)"], "h100e": [0.0]})
    assert math.isnan(estimates.h100e_total(zero, "910C from Heim"))


def test_h100_equivalents_take_the_unit_from_a_reference_table():
    from chinacompute.models import supply as supply_model

    chips = pd.DataFrame([{"chip_id": "nvidia-h20", "fp16_bf16_dense_tflops": 148.0}])  # filtered: no H100 row
    reference = pd.DataFrame([{"chip_id": "nvidia-h100-sxm", "fp16_bf16_dense_tflops": 1000.0}])
    rows = pd.DataFrame([{"chip_id": "nvidia-h20", "units": 100.0}])
    out = supply_model.supply_in_h100e(rows, chips, reference=reference)
    assert float(out["h100e"].iloc[0]) == pytest.approx(14.8)  # 100 x 148 / 1000
    with pytest.raises(KeyError, match="H100-equivalent unit"):
        supply_model.supply_in_h100e(rows, chips)
