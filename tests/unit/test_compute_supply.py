"""The central compute-supply model on hand-worked cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chinacompute.models import compute_supply as cs
from chinacompute.models.compute_supply import Quantity

#: Three chips: the H100 reference (1000 TFLOPS, 4 TB/s), a domestic chip at half of each, an import at a quarter
#: of the compute and the full bandwidth.
CHIPS = pd.DataFrame(
    [
        {
            "chip_id": "nvidia-h100-sxm",
            "market_segment": "global",
            "fp16_bf16_dense_tflops": 1000.0,
            "memory_bandwidth_tb_s": 4.0,
        },
        {
            "chip_id": "huawei-ascend-910b",
            "market_segment": "domestic-china",
            "fp16_bf16_dense_tflops": 500.0,
            "memory_bandwidth_tb_s": 2.0,
        },
        {
            "chip_id": "huawei-ascend-910c",
            "market_segment": "domestic-china",
            "fp16_bf16_dense_tflops": 500.0,
            "memory_bandwidth_tb_s": 2.0,
        },
        {
            "chip_id": "nvidia-h20",
            "market_segment": "china-compliant",
            "fp16_bf16_dense_tflops": 250.0,
            "memory_bandwidth_tb_s": 4.0,
        },
        {
            "chip_id": "amd-mi308",
            "market_segment": "china-compliant",
            "fp16_bf16_dense_tflops": None,
            "memory_bandwidth_tb_s": None,
        },
        {
            "chip_id": "nvidia-b200-hgx",
            "market_segment": "global",
            "fp16_bf16_dense_tflops": 2500.0,
            "memory_bandwidth_tb_s": 8.0,
        },
    ]
)


def row(
    estimate_id,
    vendor,
    product,
    value,
    basis="estimated",
    start="2024-01-01",
    end="2024-12-31",
    confidence="official",
    low=None,
    high=None,
    metric="units",
):
    return {
        "estimate_id": estimate_id,
        "vendor": vendor,
        "product": product,
        "metric": metric,
        "basis": basis,
        "period_start": start,
        "period_end": end,
        "value": value,
        "value_low": low,
        "value_high": high,
        "confidence": confidence,
    }


def certain_history(*items):
    return [cs.HistoryInput(year, source, Quantity.certain(units), ("x",)) for year, source, units in items]


def test_two_sources_two_years_by_hand():
    # 2024: 200 Ascend (x0.5 = 100 H100e) and 1,200 H20 (x0.25 = 300): share 100/400 = 25%.
    # 2025: 600 Ascend (300 H100e) and 400 H20 (100): share 300/400 = 75%.
    # In bandwidth: 2024 Ascend 200x0.5 = 100, H20 1,200x1 = 1,200: share 100/1,300 = 7.7%.
    history = certain_history(
        (2024, "Huawei Ascend", 200), (2024, "Nvidia H20", 1200), (2025, "Huawei Ascend", 600), (2025, "Nvidia H20", 400)
    )
    sim = cs.simulate(history, CHIPS, None, [], draws=50, seed=1)
    share = cs.domestic_share_table(sim)
    assert share["year"].tolist() == [2024, 2025]
    assert share["p50"].tolist() == pytest.approx([0.25, 0.75])
    assert (share["p10"] == share["p90"]).all()  # zero width: every input certain
    bandwidth = cs.domestic_share_table(sim, "h100e_bandwidth")
    assert bandwidth["p50"].iloc[0] == pytest.approx(100 / 1300)
    table = cs.supply_table(sim)
    h20 = table[(table["year"] == 2024) & (table["source"] == "Nvidia H20")].set_index("measure")["p50"]
    assert h20.to_dict() == pytest.approx({"units": 1200, "h100e_bf16": 300, "h100e_bandwidth": 1200})


def test_quantiles_are_ordered_and_seeded():
    history = [
        cs.HistoryInput(2025, "Huawei Ascend", Quantity(100, 300, 900), ("a",)),
        cs.HistoryInput(2025, "Nvidia H20", Quantity(500, 1000, 1500), ("b",)),
    ]
    first = cs.simulate(history, CHIPS, None, [], draws=2000, seed=7)
    table = cs.supply_table(first)
    assert ((table["p10"] <= table["p50"]) & (table["p50"] <= table["p90"])).all()
    again = cs.supply_table(cs.simulate(history, CHIPS, None, [], draws=2000, seed=7))
    pd.testing.assert_frame_equal(table, again)
    other = cs.supply_table(cs.simulate(history, CHIPS, None, [], draws=2000, seed=8))
    assert not other.equals(table)


def test_monte_carlo_matches_a_known_distribution():
    # Triangular(0, 1, 2) has CDF x^2/2 on [0, 1]: P10 = sqrt(0.2) = 0.447, P50 = 1, P90 = 2 - sqrt(0.2).
    history = certain_history((2025, "Nvidia H20", 1000)) + [cs.HistoryInput(2025, "Huawei Ascend", Quantity(0, 1, 2), ("a",))]
    sim = cs.simulate(history, CHIPS, None, [], draws=200_000, seed=3)
    p10, p50, p90 = np.percentile(sim.units[(2025, "Huawei Ascend")], [10, 50, 90])
    assert p10 == pytest.approx(np.sqrt(0.2), abs=0.01)
    assert p50 == pytest.approx(1.0, abs=0.01)
    assert p90 == pytest.approx(2 - np.sqrt(0.2), abs=0.01)


def test_history_counts_only_output_and_deliveries():
    estimates = pd.DataFrame(
        [
            row("h20-sold", "Nvidia", "H20", 1000.0),
            row("h20-ordered", "Nvidia", "H20", 9_000_000.0, basis="order"),
            row("ascend-plan", "Huawei", "Ascend 910C", 5_000_000.0, basis="plan"),
            row("ascend-made", "Huawei", "Ascend 910B", 200.0, confidence="press-report"),
            row("ascend-stock", "Huawei", "Ascend 910B", 3e6, start="2023-01-01", end="2024-12-31"),  # two years: a stock
            row("hbm", "All HBM makers", "HBM", 13e6, metric="hbm_stacks"),
        ]
    )
    history = cs.history_inputs(estimates)
    assert [(h.year, h.source, h.estimate_ids) for h in history] == [
        (2024, "Huawei Ascend", ("ascend-made",)),
        (2024, "Nvidia H20", ("h20-sold",)),
    ]
    ascend = history[0].units
    assert (ascend.low, ascend.mode, ascend.high) == pytest.approx((130, 200, 270))  # press-report: +-35%
    with pytest.raises(KeyError, match="basis"):
        cs.history_inputs(estimates.drop(columns="basis"))


def test_estimators_who_disagree_are_spanned_and_totals_leave_a_remainder():
    estimates = pd.DataFrame(
        [
            row("a", "Huawei", "Ascend", 300.0, start="2025-01-01", end="2025-12-31"),
            row("b", "Huawei", "Ascend", 800.0, start="2025-01-01", end="2025-12-31"),
            row("c", "Huawei", "Ascend", None, low=400.0, high=600.0, start="2025-01-01", end="2025-12-31"),
            row("d", "Chinese vendors (all)", None, 1000.0, start="2025-01-01", end="2025-12-31"),
            row("e", "Nvidia", None, 2000.0, start="2025-01-01", end="2025-12-31"),
            row("f", "Nvidia", "H20", 1500.0, start="2025-01-01", end="2025-12-31"),  # replaced by the all-products row
        ]
    )
    history = {(h.year, h.source): h for h in cs.history_inputs(estimates)}
    huawei = history[(2025, "Huawei Ascend")].units
    assert (huawei.low, huawei.mode, huawei.high) == (300, 500, 800)  # figures 300, 400, 600, 800: median 500
    assert (2025, "Nvidia H20") not in history
    certain = [cs.HistoryInput(h.year, h.source, Quantity.certain(h.units.mode), h.estimate_ids) for h in history.values()]
    sim = cs.simulate(certain, CHIPS, None, [], draws=10, seed=0)
    assert sim.units[(2025, "Other domestic")][0] == pytest.approx(1000 - 500)


def test_projection_takes_the_scarcer_of_wafers_and_hbm_and_draws_the_stock_down():
    # Wafer limit: 100 wafers/month x 12 x 10 dies x 0.5 yield x 1.0 packaging / 2 dies = 3,000 packages a year.
    # HBM: 16,000 stacks in stock, none made, 8 per chip: 2,000 chips in year 1 (stock gone), 0 in year 2.
    c = Quantity.certain
    drivers = cs.Drivers(
        smic_ai_wafers_per_month=c(100),
        wafer_growth_per_year=c(0),
        dies_per_wafer=c(10),
        die_yield=c(0.5),
        packaging_yield=c(1.0),
        dies_per_package=c(2),
        hbm_stock_stacks=c(16_000),
        domestic_hbm_stacks_per_year=c(0),
        domestic_hbm_growth_per_year=c(0),
        stacks_per_chip=c(8),
        other_domestic_growth_per_year=c(0),
        imports_per_year={"Nvidia H20": c(1000)},
    )
    sim = cs.simulate(
        certain_history((2025, "Huawei Ascend", 10), (2025, "Nvidia H20", 10)), CHIPS, drivers, [2026, 2027], draws=5, seed=0
    )
    assert sim.units[(2026, "Huawei Ascend")][0] == pytest.approx(2000)
    assert sim.units[(2027, "Huawei Ascend")][0] == pytest.approx(0)
    assert sim.period == {2025: "history", 2026: "projection", 2027: "projection"}
    # 2026 share: 2,000 x 0.5 = 1,000 H100e against 1,000 H20 x 0.25 = 250: 80%.
    assert cs.domestic_share_table(sim).set_index("year").loc[2026, "p50"] == pytest.approx(0.8)
    assert cs.first_year_above(sim)["year"] == 2026
    # With plenty of HBM the wafer limit binds: 3,000 a year.
    roomy = cs.Drivers(**{**drivers.__dict__, "hbm_stock_stacks": c(1e9)})
    assert cs.simulate([], CHIPS, roomy, [2026], draws=3, seed=0).units[(2026, "Huawei Ascend")][0] == pytest.approx(3000)


def test_variance_ranking_finds_the_input_that_matters():
    history = [
        cs.HistoryInput(2025, "Huawei Ascend", Quantity(100, 500, 900), ("a",)),  # wide
        cs.HistoryInput(2025, "Nvidia H20", Quantity(990, 1000, 1010), ("b",)),
    ]  # narrow
    sim = cs.simulate(history, CHIPS, None, [], draws=20_000, seed=5)
    ranking = cs.variance_ranking(sim, 2025)
    assert ranking["input"].iloc[0] == "Huawei Ascend units 2025"
    assert ranking["variance_share"].iloc[0] > 0.9
    assert ranking["variance_share"].iloc[-1] < 0.05


def test_missing_spec_falls_back_to_the_sides_chips_and_says_so():
    history = certain_history((2025, "Alibaba T-Head", 100), (2025, "Nvidia H20", 100))
    sim = cs.simulate(history, CHIPS, None, [], draws=10, seed=0)
    assert "Alibaba T-Head (h100e_bf16)" in sim.notes
    assert sim.equivalents[(2025, "Alibaba T-Head", "h100e_bf16")][0] == pytest.approx(50)  # 910B/910C: 0.5 each
    assert sim.notes["Grey market (smuggled)"] == "no source gives a figure: counted as none"
    # An AMD part with no figure is measured against the other China-compliant part (H20: 0.25), not the B200.
    amd = cs.simulate(certain_history((2025, "AMD", 100)), CHIPS, None, [], draws=10, seed=0)
    assert amd.equivalents[(2025, "AMD", "h100e_bf16")][0] == pytest.approx(25)


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="draws"):
        cs.simulate([], CHIPS, None, [], draws=0)
    with pytest.raises(ValueError, match="low <= mode <= high"):
        Quantity(3, 1, 2)


def test_views_for_the_chapters():
    history = certain_history((2024, "Huawei Ascend", 200), (2024, "Nvidia H20", 1200))
    sims = {
        "base": cs.simulate(history, CHIPS, None, [], draws=10, seed=0),
        "other": cs.simulate(certain_history((2024, "Huawei Ascend", 600), (2024, "Nvidia H20", 400)), CHIPS, None, [], draws=10),
    }
    shares = cs.shares_by_set(sims)
    assert shares["driver_set"].tolist() == ["base", "other"]
    assert cs.final_medians(shares) == (2024, pytest.approx({"base": 0.25, "other": 0.75}))
    assert cs.final_medians(cs.shares_by_set({})) == (None, {})
    assert cs.last_measured(shares[shares["driver_set"] == "base"])["p50"] == pytest.approx(0.25)
    assert cs.input_label("Huawei Ascend h100e_bf16 per unit") == "Huawei Ascend: BF16 compute per unit"
    assert cs.input_label("die_yield") == "Die yield at SMIC"
    assert cs.input_label("all Chinese vendors units 2025") == "All Chinese designers' units 2025"


def test_driver_table_takes_the_sets_own_rows_over_base():
    frame = pd.DataFrame(
        [
            {
                "driver_set": "base",
                "driver": "die_yield",
                "applies_to": "Huawei Ascend",
                "low": 0.2,
                "mode": 0.3,
                "high": 0.5,
                "unit": "fraction",
                "confidence": "derived",
                "source": "a",
                "notes": "base yield",
            },
            {
                "driver_set": "base",
                "driver": "imports_per_year",
                "applies_to": "Nvidia H200",
                "low": 1,
                "mode": 2,
                "high": 3,
                "unit": "units",
                "confidence": "derived",
                "source": "b",
                "notes": "base imports",
            },
            {
                "driver_set": "hold",
                "driver": "imports_per_year",
                "applies_to": "Nvidia H200",
                "low": 0,
                "mode": 0,
                "high": 0,
                "unit": "units",
                "confidence": "derived",
                "source": "c",
                "notes": "none",
            },
        ]
    )
    table = cs.driver_table(frame, "hold")
    assert table[["label", "driver_set", "notes"]].values.tolist() == [
        ["Imports a year", "hold", "none"],
        ["Die yield at SMIC", "base", "base yield"],
    ]


def test_a_later_row_replaces_an_earlier_one_for_the_same_driver():
    """A driver revised on new evidence: the later row is in force, in the simulation's drivers and in the table."""
    rows = [
        {"driver_set": "base", "driver": d, "applies_to": "Huawei Ascend", "low": 1.0, "mode": 1.0, "high": 1.0,
         "unit": "u", "confidence": "derived", "source": "s", "notes": d}
        for d in cs.SCALAR_DRIVERS
    ]  # fmt: skip
    old = {"driver_set": "base", "driver": "imports_per_year", "applies_to": "Nvidia H200", "low": 400.0, "mode": 700.0,
           "high": 2000.0, "unit": "units", "confidence": "derived", "source": "a", "notes": "before"}  # fmt: skip
    new = {**old, "low": 0.0, "mode": 0.0, "high": 700.0, "source": "b", "notes": "after"}
    drivers = cs.drivers_from_table(pd.DataFrame([*rows, old, new]))
    assert drivers.imports_per_year["Nvidia H200"] == cs.Quantity(0.0, 0.0, 700.0)
    assert cs.drivers_from_table(pd.DataFrame([*rows, old])).imports_per_year["Nvidia H200"] == cs.Quantity(400.0, 700.0, 2000.0)
    table = cs.driver_table(pd.DataFrame([*rows, old, new]), "base")
    assert table[table["applies_to"] == "Nvidia H200"]["notes"].tolist() == ["after"]
