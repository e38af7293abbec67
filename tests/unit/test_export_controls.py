"""Hand-checked examples for models/export_controls.py, on the real rule table and hand-made chips."""

import math

import pandas as pd
import pytest

from chinacompute import data
from chinacompute.models import export_controls as ec

NAN = math.nan
# Figures as in data/accelerators.csv (H100 SXM, A800, H20, B200 HGX).
CHIPS = pd.DataFrame(
    [
        {
            "chip_id": "h100",
            "fp16_bf16_dense_tflops": 989.4,
            "fp8_dense_tflops": 1978.9,
            "int8_dense_tops": 1978.9,
            "memory_bandwidth_tb_s": 3.35,
            "interconnect_bandwidth_gb_s": 900,
            "die_area_mm2": 814,
        },
        {
            "chip_id": "a800",
            "fp16_bf16_dense_tflops": 312,
            "fp8_dense_tflops": NAN,
            "int8_dense_tops": 624,
            "memory_bandwidth_tb_s": NAN,
            "interconnect_bandwidth_gb_s": 400,
            "die_area_mm2": NAN,
        },
        {
            "chip_id": "h20",
            "fp16_bf16_dense_tflops": 148,
            "fp8_dense_tflops": NAN,
            "int8_dense_tops": 296,
            "memory_bandwidth_tb_s": 4.0,
            "interconnect_bandwidth_gb_s": 900,
            "die_area_mm2": 814,
        },
        {
            "chip_id": "b200",
            "fp16_bf16_dense_tflops": 2250,
            "fp8_dense_tflops": 4500,
            "int8_dense_tops": 4500,
            "memory_bandwidth_tb_s": 8,
            "interconnect_bandwidth_gb_s": 1800,
            "die_area_mm2": NAN,
        },
    ]
)


@pytest.fixture(scope="module")
def rules():
    return data.table("export_rules")


def tier(rules, rule_id, chip_id):
    out = ec.classify(CHIPS, rules, rule_id).set_index("chip_id")
    return out.loc[chip_id]


def test_tpp_is_throughput_times_bit_length():
    # 989.4 x 16 = 15,830.4; 624 x 8 = 4,992
    assert ec.tpp(989.4, 16) == pytest.approx(15830.4)
    assert ec.tpp(624, 8) == 4992


def test_chip_tpp_takes_the_largest_precision():
    # H100: FP16 15,830.4; FP8 1978.9 x 8 = 15,831.2; INT8 the same -> 15,831.2
    assert ec.chip_tpp(CHIPS.iloc[0]) == pytest.approx(15831.2)
    # H20: 148 x 16 = 2,368 = 296 x 8
    assert ec.chip_tpp(CHIPS.iloc[2]) == pytest.approx(2368)
    # B200: 2250 x 16 = 36,000 = 4500 x 8
    assert ec.chip_tpp(CHIPS.iloc[3]) == pytest.approx(36000)
    assert math.isnan(ec.chip_tpp(pd.Series({"fp16_bf16_dense_tflops": NAN})))


def test_performance_density():
    # 15,830 / 814 = 19.447
    assert ec.performance_density(15830, 814) == pytest.approx(19.447, abs=1e-3)
    assert math.isnan(ec.performance_density(15830, NAN))


def test_h100(rules):
    # 2022: TPP 15,831 >= 4,800 and interconnect 900 >= 600 -> licence required
    assert tier(rules, "2022-10", "h100")["tier"] == "licence required"
    # 2023: TPP >= 4,800 -> 3A090.a
    row = tier(rules, "2023-10", "h100")
    assert row["tier"] == "3A090.a: licence required" and row["tier_rank"] == 3
    assert row["performance_density"] == pytest.approx(19.45, abs=0.01)


def test_a800(rules):
    # 2022: TPP 4,992 >= 4,800 but interconnect 400 < 600 -> not controlled (rank 0)
    row = tier(rules, "2022-10", "a800")
    assert row["tier"] == "not controlled" and row["tier_rank"] == 0 and row["tpp"] == pytest.approx(4992)
    # 2023: TPP alone decides -> 3A090.a
    assert tier(rules, "2023-10", "a800")["tier"] == "3A090.a: licence required"


def test_h20(rules):
    # 2023: TPP 2,368 < 2,400 (mid grey zone) and density 2,368/814 = 2.91 < 3.2 (dense grey zone) -> not controlled
    assert tier(rules, "2023-10", "h20")["tier"] == "not controlled"
    # 2025-04: memory bandwidth 4.0 TB/s = 4,000 GB/s >= 1,400 -> bandwidth test
    row = tier(rules, "2025-04", "h20")
    assert row["tier"] == "licence required: bandwidth test"
    assert "r2025-bw-memory" in row["clauses"] and "r2025-bw-io" not in row["clauses"]  # 900 < 1,100
    assert "r2025-bw-combined" in row["clauses"]  # 4,000 + 900 = 4,900 >= 1,700
    # 2026-01: TPP < 21,000 and 1,400 <= 4,000 < 6,500 -> case-by-case
    assert tier(rules, "2026-01", "h20")["tier"] == "case-by-case licence review"


def test_b200(rules):
    # 2026-01: TPP 36,000 >= 21,000 (and 8,000 GB/s >= 6,500) -> presumption of denial
    row = tier(rules, "2026-01", "b200")
    assert row["tier"] == "presumption of denial" and row["tier_rank"] == 3


def test_missing_input_does_not_match_and_is_reported(rules):
    # A800 in 2026-01: the case-by-case clauses need DRAM bandwidth < 6,500, which the row lacks -> no match,
    # the answer is flagged as a lower bound and memory bandwidth is named as missing.
    row = tier(rules, "2026-01", "a800")
    assert row["tier"] == "not controlled"
    assert "memory_bandwidth_gb_s" in row["missing_inputs"]
    assert row["lower_bound"]
    # H100 has every input: nothing missing
    assert tier(rules, "2026-01", "h100")["missing_inputs"] == ""


def test_min_is_inclusive_and_max_exclusive():
    rules = pd.DataFrame([{"clause_id": "c", "rule_id": "r", "tier": "t", "tier_rank": 1, "tpp_min": 4800, "tpp_max": 5000}])
    chips = pd.DataFrame({"chip_id": ["at-min", "at-max"], "fp16_bf16_dense_tflops": [300.0, 312.5]})
    # 300 x 16 = 4,800 (>= min holds); 312.5 x 16 = 5,000 (< max fails)
    out = ec.classify(chips, rules, "r").set_index("chip_id")
    assert out.loc["at-min", "tier"] == "t" and out.loc["at-max", "tier"] == "not controlled"


def test_unknown_rule_is_an_error(rules):
    with pytest.raises(ValueError, match="rule_id"):
        ec.classify(CHIPS, rules, "1999-01")


def test_threshold_values_are_the_distinct_bounds_of_one_rule():
    rules = pd.DataFrame(
        [
            # r: TPP 4800 appears as a max and a min (counted once), density 5.92 once, one empty clause
            {"rule_id": "r", "tpp_min": 4800.0, "tpp_max": NAN, "performance_density_min": 5.92, "performance_density_max": NAN},
            {
                "rule_id": "r",
                "tpp_min": 1600.0,
                "tpp_max": 4800.0,
                "performance_density_min": NAN,
                "performance_density_max": 5.92,
            },
            {"rule_id": "r", "tpp_min": NAN, "tpp_max": NAN, "performance_density_min": NAN, "performance_density_max": NAN},
            {"rule_id": "other", "tpp_min": 1.0, "tpp_max": NAN, "performance_density_min": 2.0, "performance_density_max": NAN},
        ]
    )
    assert ec.threshold_values(rules, "r") == ([1600.0, 4800.0], [5.92])
    assert ec.threshold_values(rules, "none") == ([], [])
    assert list(ec.rule_clauses(rules, "other")["tpp_min"]) == [1.0]
    assert ec.rule_clauses(rules, "none").empty


def test_a100_pcie_is_controlled_under_the_october_2022_rule(rules):
    # The A100 PCIe: TPP 312 x 16 = 4,992 >= 4,800 and 600 GB/s through the NVLink bridge >= 600: both tests hold.
    chips = data.table("accelerators")
    out = ec.classify(chips[chips["chip_id"] == "nvidia-a100-pcie"], rules, "2022-10").iloc[0]
    assert out["tier"] == "licence required"


def test_density_tests_apply_only_to_data_centre_parts(rules):
    # TPP 294.2 x 16 = 4,707 (below 4,800) on a 611 mm2 die: density 4,707 / 611 = 7.7 (above 5.92). Under the
    # October 2023 rule that is 3A090.a for a data-centre part, and nothing for a gaming card (Note 2 to 3A090).
    chip = {
        "fp16_bf16_dense_tflops": 294.2,
        "fp8_dense_tflops": NAN,
        "int8_dense_tops": NAN,
        "memory_bandwidth_tb_s": 1.0,
        "interconnect_bandwidth_gb_s": NAN,
        "die_area_mm2": 611.0,
    }
    chips = pd.DataFrame([{"chip_id": "dc", "segment": "data-centre", **chip}, {"chip_id": "game", "segment": "gaming", **chip}])
    out = ec.classify(chips, rules, "2023-10").set_index("chip_id")
    assert out.loc["dc", "tier"].startswith("3A090.a")
    assert out.loc["game", "tier"] == "not controlled" and out.loc["game", "missing_inputs"] == ""


def test_hbm_clauses_never_classify_an_accelerator():
    rules = pd.DataFrame([{"clause_id": "h", "rule_id": "r", "tier": "HBM", "tier_rank": 5, "scope": "hbm", "tpp_min": NAN}])
    out = ec.classify(CHIPS, rules, "r")
    assert set(out["tier"]) == {"not controlled"}


def test_a_rule_not_yet_published_is_said_not_raised():
    rules = pd.DataFrame([{"clause_id": "c", "rule_id": "2022-10", "tier": "t", "tier_rank": 1, "tpp_min": 4800}])
    out = ec.classify_as_known(CHIPS, rules, "2023-10")
    assert set(out["tier"]) == {ec.NOT_YET_PUBLISHED} and len(out) == len(CHIPS)
    assert ec.classify_as_known(CHIPS, rules, "2022-10").set_index("chip_id").loc["h100", "tier"] == "t"
