"""Hand-checked examples for models/supply.py."""

import pandas as pd
import pytest

from chinacompute.models import supply


def test_packages_from_dies_two_dies_per_910c():
    # 3,000,000 dies x 0.95 = 2,850,000 good; / 2 = 1,425,000 packages; x 1.0 packaging yield
    assert supply.packages_from_dies(3_000_000, 0.95, 2) == 1_425_000


def test_packages_from_dies_floors_half_packages_then_packaging_yield():
    # 7 dies x 1.0 / 2 = 3.5 -> 3 whole die pairs; x 0.5 = 1.5 -> 1 package
    assert supply.packages_from_dies(7, 1.0, 2, packaging_yield=0.5) == 1


def test_packages_from_dies_with_packaging_loss():
    # 3,000,000 x 0.75 / 2 = 1,125,000; x 0.9 = 1,012,500
    assert supply.packages_from_dies(3_000_000, 0.75, 2, 0.9) == 1_012_500


@pytest.mark.parametrize("bad", [{"die_yield": 1.2}, {"dies_per_package": 0}, {"packaging_yield": -0.1}])
def test_packages_from_dies_rejects_impossible_inputs(bad):
    args = {"dies": 100, "die_yield": 0.5, "dies_per_package": 2, "packaging_yield": 1.0} | bad
    with pytest.raises(ValueError):
        supply.packages_from_dies(**args)


def test_heim_die_bank_needs_near_perfect_yield_for_the_seed_claim():
    # Seed claim 9: ~3 M 910B dies -> 1.4-1.5 M 910C at two dies each.
    # 1.4 M x 2 / 3 M = 0.9333; 1.5 M x 2 / 3 M = 1.0 (packaging yield 1)
    assert supply.die_yield_for_packages(1_400_000, 3_000_000, 2) == pytest.approx(0.93333, abs=1e-5)
    assert supply.die_yield_for_packages(1_500_000, 3_000_000, 2) == pytest.approx(1.0)
    # with a 0.95 packaging yield: 1.4 M x 2 / (3 M x 0.95) = 0.98246
    assert supply.die_yield_for_packages(1_400_000, 3_000_000, 2, 0.95) == pytest.approx(0.98246, abs=1e-5)
    # and the forward model lands in the claimed range at a 0.95 die yield
    assert 1_400_000 <= supply.packages_from_dies(3_000_000, 0.95, 2) <= 1_500_000


def test_dies_per_wafer_large_die():
    # 910B die 665.61 mm2, 300 mm wafer, 3 mm edge: d = 294
    # pi*147^2/665.61 = 67,886.7/665.61 = 101.99; pi*294/sqrt(1331.22) = 923.63/36.486 = 25.31 -> 76.68 -> 76
    # (Morgan Stanley counts 78 candidates per wafer.)
    assert supply.dies_per_wafer(665.61) == 76


def test_dies_per_wafer_100mm2_without_edge_exclusion():
    # d = 300: pi*150^2/100 = 706.86; pi*300/sqrt(200) = 942.48/14.142 = 66.64 -> 640.2 -> 640
    assert supply.dies_per_wafer(100, edge_exclusion_mm=0) == 640


def test_good_dies_from_wafers():
    # 1,000 wafers x 76 gross x 0.3 = 22,800
    assert supply.good_dies_from_wafers(1_000, 665.61, 0.3) == 22_800


def test_hbm_limited_packages():
    # 13 M stacks // 8 per 910C = 1,625,000, so 2 M die-limited packages are capped
    assert supply.hbm_limited_packages(2_000_000, 13_000_000, 8) == 1_625_000
    # fewer packages than the HBM allows: die-limited
    assert supply.hbm_limited_packages(1_000_000, 13_000_000, 8) == 1_000_000
    # 15 stacks // 8 = 1
    assert supply.hbm_limited_packages(10, 15, 8) == 1


def test_h100_equivalents():
    # 1,000,000 H20 x 148 / 989.4 = 149,585.6
    assert supply.h100_equivalents(1_000_000, 148, 989.4) == pytest.approx(149_585.6, abs=0.1)
    # 910C 780 TFLOPS: 1,000 x 780 / 989.4 = 788.36
    assert supply.h100_equivalents(1_000, 780, 989.4) == pytest.approx(788.36, abs=0.01)


def test_supply_in_h100e_by_compute_and_bandwidth():
    chips = pd.DataFrame(
        {
            "chip_id": ["h20", "x", "nvidia-h100-sxm"],
            "fp16_bf16_dense_tflops": [148.0, None, 989.4],
            "memory_bandwidth_tb_s": [4.0, 1.0, 3.35],
        }
    )
    table = pd.DataFrame({"chip_id": ["h20", "x", "unknown"], "units": [1000, 500, 10]})
    compute = supply.supply_in_h100e(table, chips)
    # 1000 x 148 / 989.4 = 149.586; chip x has no TFLOPS; unknown chip -> missing
    assert compute["h100e"].iloc[0] == pytest.approx(149.586, abs=1e-3)
    assert pd.isna(compute["h100e"].iloc[1]) and pd.isna(compute["h100e"].iloc[2])
    bandwidth = supply.supply_in_h100e(table, chips, basis="bandwidth")
    # 1000 x 4.0 / 3.35 = 1194.03; 500 x 1.0 / 3.35 = 149.25
    assert bandwidth["h100e"].iloc[0] == pytest.approx(1194.03, abs=0.01)
    assert bandwidth["h100e"].iloc[1] == pytest.approx(149.25, abs=0.01)
    with pytest.raises(ValueError):
        supply.supply_in_h100e(table, chips, basis="power")
    with pytest.raises(KeyError, match="nvidia-h100-sxm"):
        supply.supply_in_h100e(table, chips[chips["chip_id"] != "nvidia-h100-sxm"])
