"""models/deepseek.py on a small hand-made fleet; every expected number is worked out by hand in the comments."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from chinacompute.models import deepseek

NAN = math.nan


def chips() -> pd.DataFrame:
    # Round figures: the H100 (the H100-equivalent unit) at 1000 TFLOPS, an H20 at 150, an A100 at 300.
    return pd.DataFrame(
        {
            "chip_id": ["nvidia-h100-sxm", "nvidia-h800", "nvidia-h20", "nvidia-a100-pcie"],
            "chip": ["H100", "H800", "H20", "A100"],
            "fp16_bf16_dense_tflops": [1000.0, 1000.0, 150.0, 300.0],
            "memory_bandwidth_tb_s": [3.0, 3.0, 4.0, NAN],
        }
    )


def clusters() -> pd.DataFrame:
    rows = [
        ("f-1", deepseek.FLEET_CLUSTER, "High-Flyer / DeepSeek", "nvidia-h800", 10000.0, "analyst-estimate"),
        ("f-2", deepseek.FLEET_CLUSTER, "High-Flyer / DeepSeek", "nvidia-h100-sxm", 10000.0, "analyst-estimate"),
        ("f-3", deepseek.FLEET_CLUSTER, "High-Flyer / DeepSeek", "nvidia-h20", 20000.0, "derived"),
        ("f-4", deepseek.FLEET_CLUSTER, "High-Flyer / DeepSeek", "nvidia-a100-pcie", 10000.0, "analyst-estimate"),
        ("v-1", deepseek.V3_CLUSTER, "DeepSeek", "nvidia-h800", 2048.0, "official"),
        ("o-1", "other-lab", "Moonshot", "nvidia-h800", 999.0, "rumor"),
    ]
    frame = pd.DataFrame(rows, columns=["cluster_row_id", "cluster_id", "operator", "chip_id", "units", "confidence"])
    return frame.assign(cluster=frame["cluster_id"], purpose="training", source="key2025")


@pytest.fixture
def ds() -> pd.DataFrame:
    return deepseek.deepseek_clusters(clusters(), chips())


def test_deepseek_clusters_keep_deepseek_rows_with_chip_names_and_h100e(ds):
    assert list(ds["cluster_row_id"]) == ["f-1", "f-2", "f-3", "f-4", "v-1"]  # Moonshot's row is dropped
    assert list(ds["chip"]) == ["H800", "H100", "H20", "A100", "H800"]
    # h100e = units x chip TFLOPS / 1000: 10,000; 10,000; 20,000 x 0.15 = 3,000; 10,000 x 0.3 = 3,000; 2,048
    assert list(ds["h100e"]) == [10000.0, 10000.0, 3000.0, 3000.0, 2048.0]
    table = deepseek.cluster_table(ds)
    assert list(table.columns) == ["Cluster", "Purpose", "Chip", "Units", "H100-equivalents (BF16)", "Confidence"]


def test_fleet_shares_by_units_and_by_compute(ds):
    fleet = deepseek.fleet_shares(ds)
    assert list(fleet["cluster_row_id"]) == ["f-1", "f-2", "f-3", "f-4"]
    # units 10k + 10k + 20k + 10k = 50k: 0.2, 0.2, 0.4, 0.2; H100e 10k + 10k + 3k + 3k = 26k: 10/26, 10/26, 3/26, 3/26
    assert list(fleet["share_units"]) == pytest.approx([0.2, 0.2, 0.4, 0.2])
    assert [float(x) for x in fleet["share_h100e"]] == pytest.approx([10 / 26, 10 / 26, 3 / 26, 3 / 26])
    assert deepseek.chip_share(fleet, "nvidia-h20", "share_units") == pytest.approx(0.4)
    assert deepseek.chip_share(fleet, "nvidia-h20", "share_h100e") == pytest.approx(3 / 26)
    assert math.isnan(deepseek.chip_share(fleet, "nvidia-b200", "share_units"))  # not in the fleet
    assert deepseek.total(fleet, "units") == 50000 and deepseek.total(fleet, "h100e") == 26000
    assert deepseek.hopper_units(fleet) == 40000  # H800 + H100 + H20, not the A100
    assert deepseek.derived_units(fleet) == 20000  # the H20 row only


def test_shares_long_has_one_row_per_chip_and_measure(ds):
    long = deepseek.shares_long(deepseek.fleet_shares(ds))
    assert list(long.columns) == ["chip", "confidence", "source", "measure", "share"]
    assert list(long["measure"]) == ["Share of units"] * 4 + ["Share of H100-equivalents"] * 4
    assert long.loc[2, "share"] == pytest.approx(0.4) and float(long.loc[6, "share"]) == pytest.approx(3 / 26)


def test_a_chip_without_a_figure_has_no_share_of_compute():
    fleet = deepseek.fleet_shares(
        deepseek.deepseek_clusters(
            clusters().assign(chip_id=lambda f: f["chip_id"].replace("nvidia-a100-pcie", "unknown-chip")), chips()
        )
    )
    # The unknown chip has no h100e: the others share 10k + 10k + 3k = 23k, and its own share is not known.
    assert math.isnan(deepseek.chip_share(fleet, "unknown-chip", "share_h100e"))
    assert deepseek.chip_share(fleet, "nvidia-h20", "share_h100e") == pytest.approx(3 / 23)
    assert deepseek.chip_share(fleet, "unknown-chip", "share_units") == pytest.approx(0.2)


def test_before_the_fleet_estimate_everything_reads_as_missing(ds):
    early = ds[ds["cluster_id"] != deepseek.FLEET_CLUSTER]
    fleet = deepseek.fleet_shares(early)
    assert fleet.empty and {"share_units", "share_h100e"} <= set(fleet.columns)
    assert deepseek.shares_long(fleet).empty
    assert math.isnan(deepseek.total(fleet, "units")) and math.isnan(deepseek.derived_units(fleet))
    assert math.isnan(deepseek.chip_share(fleet, "nvidia-h20", "share_units"))
    assert deepseek.hopper_units(fleet) == 0
    v3 = deepseek.cluster_rows(early, deepseek.V3_CLUSTER)
    assert deepseek.total(v3, "units") == 2048
    assert math.isnan(deepseek.total(deepseek.cluster_rows(early.iloc[:0], deepseek.V3_CLUSTER), "h100e"))


def test_a_fleet_without_derived_rows_has_no_derived_units(ds):
    fleet = deepseek.fleet_shares(ds.assign(confidence="analyst-estimate"))
    assert math.isnan(deepseek.derived_units(fleet))


def events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["late", "other", "early", "r2"],
            "date": pd.to_datetime(["2025-09-01", "2025-01-01", "2024-12-26", "2025-08-14"]),
            "actor": ["deepseek", "Huawei", "DeepSeek", "Huawei"],
            "title": ["V3.1 ships", "Ascend news", "V3 report", "DeepSeek R2 on Ascend"],
        }
    )


def test_deepseek_events_match_actor_or_title_in_any_case_and_get_lanes():
    ev = deepseek.deepseek_events(events())
    assert list(ev["event_id"]) == ["early", "r2", "late"]  # "other" mentions DeepSeek nowhere
    assert list(ev["lane"]) == [0, 1, 2]
    assert deepseek.event_date(ev, "r2") == pd.Timestamp("2025-08-14")
    assert pd.isna(deepseek.event_date(ev, "missing"))
    assert deepseek.deepseek_events(events().iloc[[1]]).empty
