"""The outlook model on tiny hand-computed examples."""

import math

import pandas as pd
import pytest

from chinacompute.models import outlook

# Hand example: 10 wafers/month * 12 = 120 wafers/yr; * 10 dies/wafer * 0.5 yield = 600 good dies; / 2 per package
# = 300 packages (die-limited). HBM: 8,000 stacks / 8 per chip = 1,000 (not binding). Domestic = 300 units,
# * 500/1000 TFLOPS = 150 H100-eq. Imports: 100 units * 1.5 = 150 units * 1000/1000 = 150 H100-eq. Share 150/300 = 0.5.
BASE = {
    "start_year": 2026, "smic_wafers_per_month": 10, "wafer_growth_per_year": 0.0, "dies_per_wafer": 10,
    "die_yield": 0.5, "dies_per_package": 2, "hbm_stacks_per_year": 8000, "hbm_growth_per_year": 0.0,
    "stacks_per_chip": 8, "import_units_per_year": 100, "import_multiplier": 1.5, "domestic_tflops": 500,
    "import_tflops": 1000, "h100_tflops": 1000,
}


def test_die_limited_year():
    row = outlook.project_domestic_share(BASE, [2026]).iloc[0]
    assert row["die_limited_units"] == pytest.approx(300)
    assert row["hbm_limited_units"] == pytest.approx(1000)
    assert row["binding"] == "wafers"
    assert row["domestic_units"] == pytest.approx(300)
    assert row["domestic_h100e"] == pytest.approx(150)
    assert row["import_units"] == pytest.approx(150)
    assert row["import_h100e"] == pytest.approx(150)
    assert row["domestic_share"] == pytest.approx(0.5)


def test_hbm_cap_binds_when_stacks_are_scarce():
    # 800 stacks / 8 = 100 packages < 300 die-limited -> 100 units, 50 H100-eq; share 50 / (50 + 150) = 0.25
    row = outlook.project_domestic_share({**BASE, "hbm_stacks_per_year": 800}, [2026]).iloc[0]
    assert row["binding"] == "HBM"
    assert row["domestic_units"] == pytest.approx(100)
    assert row["domestic_share"] == pytest.approx(0.25)


def test_growth_compounds_from_start_year():
    # wafers double each year: 2027 -> 240 wafers/yr -> 600 packages; HBM grows 50%: 8,000 * 1.5^2 = 18,000 in 2028
    frame = outlook.project_domestic_share({**BASE, "wafer_growth_per_year": 1.0, "hbm_growth_per_year": 0.5},
                                           [2026, 2027, 2028])
    assert list(frame["year"]) == [2026, 2027, 2028]
    assert frame["die_limited_units"].tolist() == pytest.approx([300, 600, 1200])
    assert frame["hbm_stacks"].iloc[2] == pytest.approx(18000)
    # 2028: min(1200, 18000 / 8 = 2250) = 1200 units = 600 H100-eq; share 600 / 750 = 0.8
    assert frame["domestic_share"].iloc[2] == pytest.approx(0.8)


def test_no_compute_at_all_gives_nan_share():
    frame = outlook.project_domestic_share({**BASE, "die_yield": 0.0, "import_multiplier": 0.0}, [2026])
    assert math.isnan(frame["domestic_share"].iloc[0])


def test_sensitivity_of_import_multiplier():
    # low 0.5 -> 50 imported H100-eq, share 150/200 = 0.75; high 3 -> 300, share 150/450 = 1/3
    result = outlook.sensitivity(BASE, [2026], "import_multiplier", 0.5, 3.0)
    assert result["base_share"] == pytest.approx(0.5)
    assert result["share_low"] == pytest.approx(0.75)
    assert result["share_high"] == pytest.approx(1 / 3)
    assert result["delta_low"] == pytest.approx(0.25)
    assert result["swing"] == pytest.approx(0.75 - 1 / 3)


def test_tornado_sorts_by_swing_and_ignores_slack_inputs():
    # HBM is slack in BASE: 4,000..16,000 stacks give 500..2,000 packages, always >= 300, so the swing is 0.
    frame = outlook.tornado(BASE, [2026], {"hbm_stacks_per_year": (4000, 16000), "import_multiplier": (0.5, 3.0)})
    assert frame["assumption"].tolist() == ["import_multiplier", "hbm_stacks_per_year"]
    assert frame["swing"].iloc[1] == pytest.approx(0.0)


def test_solve_for_share():
    # share 0.75 needs imports of 50 units -> multiplier 0.5
    assert outlook.solve_for_share(BASE, [2026], "import_multiplier", 0.75, 0.0, 3.0) == pytest.approx(0.5, abs=1e-4)
    # HBM-bound case: share 0.4 needs 100 domestic H100-eq = 200 units = 1,600 stacks
    scarce = {**BASE, "hbm_stacks_per_year": 800}
    assert outlook.solve_for_share(scarce, [2026], "hbm_stacks_per_year", 0.4, 0, 8000) == pytest.approx(1600, rel=1e-4)
    # above 2,400 stacks the wafers bind at share 0.5, so 0.6 is out of reach with HBM alone
    assert outlook.solve_for_share(scarce, [2026], "hbm_stacks_per_year", 0.6, 0, 8000) is None


def test_chip_tflops_reads_the_table_and_refuses_missing_figures():
    table = pd.DataFrame({"chip_id": ["a", "b"], "fp16_bf16_dense_tflops": pd.array([780.0, None], dtype="Float64")})
    assert outlook.chip_tflops(table, "a") == 780.0
    with pytest.raises(KeyError):
        outlook.chip_tflops(table, "b")
    with pytest.raises(KeyError):
        outlook.chip_tflops(table, "zzz")


def test_missing_assumption_is_named():
    with pytest.raises(KeyError, match="die_yield"):
        outlook.project_domestic_share({k: v for k, v in BASE.items() if k != "die_yield"}, [2026])


def test_scenarios_match_the_outlook_chapter():
    """base.yaml holds the 07_outlook defaults, and every scenario value is a parameter the named chapter declares."""
    from chinacompute import params
    from tests.conftest import ROOT

    outlook_specs = params.specs_for(ROOT / "chapters" / "07_outlook.md")
    base = params.load_scenario(ROOT / "scenarios" / "base.yaml")
    for name, value in base["chapters"]["07_outlook"].items():
        assert outlook_specs[name].default == value, f"base.yaml {name}={value!r} != chapter default"
    names = {p.stem for p in (ROOT / "scenarios").glob("*.yaml")}
    assert set(outlook_specs["scenario"].choices) == names
    for path in (ROOT / "scenarios").glob("*.yaml"):
        scenario = params.load_scenario(path)
        for chapter, values in scenario["chapters"].items():
            specs = params.specs_for(ROOT / "chapters" / f"{chapter}.md")
            params.resolve(specs, values, chapter)


def test_project_scenarios_stacks_each_scenario_in_order():
    # "cheap": imports at multiplier 0.5 -> 50 H100-eq, share 150 / 200 = 0.75; BASE gives 0.5 (see above).
    frame = outlook.project_scenarios({"base": BASE, "cheap": {**BASE, "import_multiplier": 0.5}}, [2026, 2027])
    assert frame["scenario"].tolist() == ["base", "base", "cheap", "cheap"]
    assert frame["year"].tolist() == [2026, 2027, 2026, 2027]
    assert frame.index.tolist() == [0, 1, 2, 3]
    assert frame["domestic_share"].tolist() == pytest.approx([0.5, 0.5, 0.75, 0.75])
