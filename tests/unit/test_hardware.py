"""models/hardware.py on small hand-made chip and system tables; every expected number is worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from chinacompute.models import export_controls, hardware

NAN = math.nan


def chips() -> pd.DataFrame:
    """Four chips with round figures: two US (one the base), two CN (one lacking memory bandwidth)."""
    return pd.DataFrame(
        [
            {
                "chip_id": "base",
                "chip": "Base",
                "vendor": "Nvidia",
                "vendor_country": "US",
                "release_year": 2024,
                "fp16_bf16_dense_tflops": 1000.0,
                "fp8_dense_tflops": 2000.0,
                "int8_dense_tops": 2000.0,
                "memory_gb": 100.0,
                "memory_bandwidth_tb_s": 4.0,
                "interconnect_bandwidth_gb_s": 800.0,
                "tdp_w": 1000.0,
                "process_node": "4N",
                "foundry": "TSMC",
                "confidence": "official",
                "die_area_mm2": 800.0,
            },
            {
                "chip_id": "old",
                "chip": "Old",
                "vendor": "Nvidia",
                "vendor_country": "US",
                "release_year": 2020,
                "fp16_bf16_dense_tflops": 250.0,
                "fp8_dense_tflops": NAN,
                "int8_dense_tops": 500.0,
                "memory_gb": 40.0,
                "memory_bandwidth_tb_s": 2.0,
                "interconnect_bandwidth_gb_s": 600.0,
                "tdp_w": 400.0,
                "process_node": "N7",
                "foundry": "SMIC;TSMC",
                "confidence": "official",
                "die_area_mm2": 800.0,
            },
            {
                "chip_id": "cn-a",
                "chip": "CN A",
                "vendor": "Huawei (HiSilicon)",
                "vendor_country": "CN",
                "release_year": 2025,
                "fp16_bf16_dense_tflops": 750.0,
                "fp8_dense_tflops": NAN,
                "int8_dense_tops": NAN,
                "memory_gb": 125.0,
                "memory_bandwidth_tb_s": 3.0,
                "interconnect_bandwidth_gb_s": 200.0,
                "tdp_w": NAN,
                "process_node": "7 nm",
                "foundry": "SMIC;TSMC",
                "confidence": "analyst-estimate",
                "die_area_mm2": NAN,
            },
            {
                "chip_id": "cn-b",
                "chip": "CN B",
                "vendor": "Cambricon",
                "vendor_country": "CN",
                "release_year": 2022,
                "fp16_bf16_dense_tflops": 100.0,
                "fp8_dense_tflops": NAN,
                "int8_dense_tops": 400.0,
                "memory_gb": 50.0,
                "memory_bandwidth_tb_s": NAN,
                "interconnect_bandwidth_gb_s": NAN,
                "tdp_w": 250.0,
                "process_node": "7 nm",
                "foundry": "SMIC;TSMC",
                "confidence": "official",
                "die_area_mm2": NAN,
            },
        ]
    )


def test_chosen_chips_keeps_the_vendors_us_first_then_vendor_and_year():
    chosen = hardware.chosen_chips(chips(), ["Nvidia", "Huawei (HiSilicon)"])
    # US before CN; within Nvidia the 2020 chip before the 2024 one; Cambricon is not chosen.
    assert list(chosen["chip_id"]) == ["old", "base", "cn-a"]


def test_spec_table_has_the_display_columns_in_order():
    chosen = hardware.chosen_chips(chips(), ["Cambricon"])
    table = hardware.spec_table(chosen)
    assert list(table.columns) == ["Chip", *hardware.LABELS.values()]
    assert table.iloc[0]["Memory (GB)"] == 50.0
    made = hardware.make_table(chosen)
    assert list(made.columns) == ["Chip", "Vendor", "Process node", "Foundry", "Year", "Confidence"]
    assert list(made["Chip"]) == list(table["Chip"])  # the two tables list the same chips in the same order
    assert "SMIC, TSMC" in set(hardware.make_table(hardware.chosen_chips(chips(), ["Huawei (HiSilicon)"]))["Foundry"])


def test_spec_ratio_and_its_missing_cases():
    frame = chips()
    assert hardware.spec_ratio(frame, "cn-a", "base", "fp16_bf16_dense_tflops") == 0.75  # 750 / 1000
    assert hardware.spec_ratio(frame, "cn-a", "old", "memory_bandwidth_tb_s") == 1.5  # 3.0 / 2.0
    assert math.isnan(hardware.spec_ratio(frame, "cn-b", "base", "memory_bandwidth_tb_s"))  # chip lacks the figure
    assert math.isnan(hardware.spec_ratio(frame, "cn-a", "nvidia-x", "memory_gb"))  # base chip not in the table
    assert math.isnan(hardware.spec_ratio(frame.assign(memory_gb=0.0), "cn-a", "base", "memory_gb"))  # 0 / 0


def test_gap_table_divides_each_chinese_chip_by_each_base():
    frame = chips()
    gap = hardware.gap_table(frame, frame, bases={"base": "Base", "old": "Old"})
    assert list(gap.index) == ["cn-a", "cn-b"]
    assert list(gap.columns) == [
        "Chip",
        "BF16/FP16 dense vs Base",
        "Memory bandwidth vs Base",
        "Memory vs Base",
        "Chip-to-chip vs Base",
        "BF16/FP16 dense vs Old",
        "Memory bandwidth vs Old",
        "Memory vs Old",
        "Chip-to-chip vs Old",
    ]
    a, b = gap.loc["cn-a"], gap.loc["cn-b"]
    # CN A: 750/1000, 3/4, 125/100, 200/800; against Old: 750/250, 3/2, 125/40, 200/600
    assert [a[c] for c in gap.columns[1:5]] == [0.75, 0.75, 1.25, 0.25]
    assert [a[c] for c in gap.columns[5:]] == pytest.approx([3.0, 1.5, 3.125, 1 / 3])
    # CN B: 100/1000 = 0.1, memory 50/100 = 0.5, the bandwidths unknown
    assert b["BF16/FP16 dense vs Base"] == 0.1 and b["Memory vs Base"] == 0.5
    assert math.isnan(b["Memory bandwidth vs Base"]) and math.isnan(b["Chip-to-chip vs Base"])


def test_gap_table_without_a_base_chip_or_figure():
    frame = chips()
    gap = hardware.gap_table(frame, frame[frame["chip_id"] != "base"], bases={"base": "Base"})
    assert list(gap.columns) == ["Chip"]  # base chip absent at this date: no ratio columns, no error
    no_link = frame.assign(interconnect_bandwidth_gb_s=frame["interconnect_bandwidth_gb_s"].where(frame["chip_id"] != "base"))
    gap = hardware.gap_table(no_link, no_link, bases={"base": "Base"})
    assert gap["Chip-to-chip vs Base"].isna().all() and gap.loc["cn-a", "Memory vs Base"] == 1.25


def test_ranked_by_drops_chips_without_the_figure_and_adds_the_side():
    ranked = hardware.ranked_by(chips(), "tdp_w")
    assert list(ranked["chip_id"]) == ["base", "old", "cn-b"]  # CN A has no TDP
    assert list(ranked["side"]) == ["US", "US", "CN"]


def test_placed_chips_and_label_groups():
    classified = export_controls.classify(
        chips(),
        pd.DataFrame([{"clause_id": "r-1", "rule_id": "r", "tier": "controlled", "tier_rank": 1, "tpp_min": 4800.0}]),
        "r",
    )
    placed = hardware.placed_chips(classified)
    # Base: TPP max(1000x16, 2000x8, 2000x8) = 16,000, density 16,000/800 = 20; Old: max(250x16, 500x8) = 4,000,
    # density 5; CN A and CN B have no die area, so they are not placed.
    assert list(placed["chip_id"]) == ["base", "old"]
    assert list(placed["tpp"]) == [16000.0, 4000.0] and list(placed["performance_density"]) == [20.0, 5.0]
    # A twin at the same point (TPP 16,004 rounds to 16,000; density 20.005 to 20.0) shares the Base label.
    twin = placed.iloc[[0]].assign(chip="Twin", tpp=16004.0, performance_density=20.005)
    labels = hardware.label_groups(pd.concat([placed, twin]))
    assert labels.to_dict("records") == [
        {"tpp": 4000.0, "performance_density": 5.0, "chip": "Old"},
        {"tpp": 16000.0, "performance_density": 20.0, "chip": "Base / Twin"},
    ]


def test_tier_table_marks_lower_bounds_and_names_the_rule():
    classified = pd.DataFrame(
        [
            {
                "chip": "X",
                "vendor": "Nvidia",
                "tpp": 100.0,
                "performance_density": 1.0,
                "tier": "t1",
                "missing_inputs": "",
                "lower_bound": False,
            },
            {
                "chip": "Y",
                "vendor": "Cambricon",
                "tpp": 50.0,
                "performance_density": NAN,
                "tier": "not controlled",
                "missing_inputs": "performance_density",
                "lower_bound": True,
            },
            {
                "chip": "Z",
                "vendor": "AMD",
                "tpp": 1.0,
                "performance_density": 1.0,
                "tier": "t1",
                "missing_inputs": "",
                "lower_bound": False,
            },
        ]
    )
    tiers = hardware.tier_table(classified, ["Nvidia", "Cambricon"], "2023-10")
    assert list(tiers.columns) == [
        "Chip",
        "TPP",
        "Density (TPP/mm²)",
        "Tier under 2023-10",
        "Missing inputs",
        "Tier is a lower bound",
    ]
    assert list(tiers["Chip"]) == ["X", "Y"] and list(tiers["Tier is a lower bound"]) == ["", "yes"]


def systems() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "system_id": hardware.NVL72,
                "system": "NVL",
                "chips_per_system": 72,
                "fp16_bf16_dense_pflops": 180.0,
                "hbm_capacity_tb": 13.8,
                "memory_bandwidth_tb_s": 576.0,
                "power_kw": 150.0,
                "confidence": "official",
            },
            {
                "system_id": "other",
                "system": "Other",
                "chips_per_system": 8,
                "fp16_bf16_dense_pflops": 1.0,
                "hbm_capacity_tb": 1.0,
                "memory_bandwidth_tb_s": 1.0,
                "power_kw": 1.0,
                "confidence": "official",
            },
            {
                "system_id": hardware.CLOUDMATRIX,
                "system": "CM",
                "chips_per_system": 384,
                "fp16_bf16_dense_pflops": 300.0,
                "hbm_capacity_tb": 49.2,
                "memory_bandwidth_tb_s": 1229.0,
                "power_kw": 600.0,
                "confidence": "analyst-estimate",
            },
        ]
    )


def test_rack_pair_table_and_ratios():
    pair = hardware.rack_pair(systems())
    assert list(pair["system"]) == ["NVL", "CM"]
    assert list(pair["pflops_per_kw"]) == [1.2, 0.5]  # 180/150, 300/600
    assert list(hardware.systems_table(pair).columns) == [
        "System",
        "Chips",
        "BF16 dense (PFLOPS)",
        "HBM (TB)",
        "Memory bandwidth (TB/s)",
        "Power (kW)",
        "Efficiency (PFLOPS per kW)",
        "Confidence",
    ]
    ratios = hardware.rack_ratios(pair)
    # compute 300/180 = 1.667, power 600/150 = 4, efficiency 1.2/0.5 = 2.4 (Nvidia over Huawei), chips 384/72 = 5.333
    assert list(ratios) == ["compute", "power", "eff", "chips"]
    assert list(ratios.values()) == pytest.approx([5 / 3, 4.0, 2.4, 16 / 3])


def test_rack_ratios_are_nan_when_a_rack_is_missing():
    pair = hardware.rack_pair(systems()[systems()["system_id"] != hardware.CLOUDMATRIX])
    ratios = hardware.rack_ratios(pair)
    assert list(ratios) == ["compute", "power", "eff", "chips"] and all(math.isnan(v) for v in ratios.values())
    assert hardware.rack_pair(systems().iloc[:0]).empty


def test_declutter_keeps_labels_that_do_not_overlap_largest_tpp_first():
    labels = pd.DataFrame(
        {
            "tpp": [16000.0, 5000.0, 4900.0, 2400.0],
            "performance_density": [19.0, 6.0, 6.1, 2.9],
            "chip": ["H100", "A100", "RTX 4090D", "H20"],
        }
    )
    # A100's box: log10(5000)+0.03 = 3.729 .. +0.035*4 = 3.869, density 0.738..0.818; RTX 4090D starts at
    # log10(4900)+0.03 = 3.720 and its density box 0.745..0.825 meets A100's, so it is dropped. H100 and H20 are
    # far from both.
    assert hardware.declutter(labels)["chip"].tolist() == ["H100", "A100", "H20"]
    assert hardware.declutter(labels.iloc[[2, 3]])["chip"].tolist() == ["RTX 4090D", "H20"]  # alone, it is kept


def test_coverage_counts_figures_per_measure_and_lacking_names_the_chips_without_one():
    frame = chips()
    frame.loc[frame["chip_id"] == "cn-a", "fp16_bf16_dense_tflops"] = float("nan")
    counts = hardware.coverage(frame)
    assert counts["fp16_bf16_dense_tflops"] == len(frame) - 1
    assert counts.iloc[0] == max(counts) and list(counts) == sorted(counts, reverse=True)
    assert hardware.lacking(frame, "fp16_bf16_dense_tflops") == frame.loc[frame["chip_id"] == "cn-a", "chip"].tolist()
