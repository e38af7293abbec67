"""Chapter 6's DeepSeek figures: its reported clusters in H100-equivalents, the SemiAnalysis fleet's shares by units
and by compute, and the DeepSeek events.

Pure functions on the clusters, accelerators and events tables. A total over a cluster the data do not (yet) hold
is NaN and a share of an absent chip is NaN, so the chapter's sentences read "not yet estimated" / "not known".
"""

from __future__ import annotations

import math

import pandas as pd

from .supply import supply_in_h100e

#: SemiAnalysis's estimate of the whole DeepSeek / High-Flyer fleet, and DeepSeek's own V3 training cluster.
FLEET_CLUSTER = "deepseek-fleet-semianalysis"
V3_CLUSTER = "deepseek-v3-training"
#: The Hopper GPUs whose total SemiAnalysis gives (the H20 row is that total less the H800s and H100s).
HOPPERS = ["nvidia-h800", "nvidia-h100-sxm", "nvidia-h20"]
#: Fleet share columns and how the chart names them, in the order the chart stacks its bars.
SHARE_MEASURES = {"share_units": "Share of units", "share_h100e": "Share of H100-equivalents"}
CLUSTER_COLUMNS = {
    "cluster": "Cluster",
    "purpose": "Purpose",
    "chip": "Chip",
    "units": "Units",
    "h100e": "H100-equivalents (BF16)",
    "confidence": "Confidence",
}


def deepseek_clusters(clusters: pd.DataFrame, chips: pd.DataFrame, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """The cluster rows whose operator names DeepSeek, with the chip's name and `h100e` (dense BF16 H100-equivalents,
    models.supply.supply_in_h100e, the H100 figure taken from `reference` when given) added."""
    rows = clusters[clusters["operator"].str.contains("DeepSeek")].merge(chips[["chip_id", "chip"]], on="chip_id", how="left")
    return supply_in_h100e(rows, chips, reference=reference)


def cluster_table(ds: pd.DataFrame) -> pd.DataFrame:
    """The reported-clusters table: cluster, purpose, chip, units, H100-equivalents and confidence, display titles."""
    table = ds[list(CLUSTER_COLUMNS)].copy()
    table.columns = list(CLUSTER_COLUMNS.values())
    return table


def cluster_rows(ds: pd.DataFrame, cluster_id: str) -> pd.DataFrame:
    """The rows (one per chip type) of one cluster; empty when the data do not hold it."""
    return ds[ds["cluster_id"] == cluster_id].copy()


def fleet_shares(ds: pd.DataFrame, cluster_id: str = FLEET_CLUSTER) -> pd.DataFrame:
    """The fleet's rows with `share_units` and `share_h100e`: each chip's units and H100-equivalents over the fleet's
    totals. The columns exist (empty) when the fleet is not in the data."""
    fleet = cluster_rows(ds, cluster_id)
    if len(fleet):
        fleet["share_units"] = fleet["units"] / fleet["units"].sum()
        fleet["share_h100e"] = fleet["h100e"] / fleet["h100e"].sum()
    else:
        fleet = fleet.assign(share_units=pd.Series(dtype="float64"), share_h100e=pd.Series(dtype="Float64"))
    return fleet


def shares_long(fleet: pd.DataFrame) -> pd.DataFrame:
    """The fleet shares one row per (chip, measure): chip, confidence, source, measure (SHARE_MEASURES' labels), share."""
    long = fleet.melt(
        id_vars=["chip", "confidence", "source"], value_vars=list(SHARE_MEASURES), var_name="measure", value_name="share"
    )
    long["measure"] = long["measure"].map(SHARE_MEASURES)
    return long


def total(rows: pd.DataFrame, column: str) -> float:
    """The sum of `column` over `rows` (missing figures skipped); NaN when there are no rows."""
    return rows[column].sum() if len(rows) else math.nan


def chip_share(fleet: pd.DataFrame, chip_id: str, column: str) -> float:
    """One chip's value in a share column of fleet_shares; NaN if the chip is not in the fleet or has no figure."""
    hit = fleet[fleet["chip_id"] == chip_id]
    return hit[column].iloc[0] if len(hit) and pd.notna(hit[column].iloc[0]) else math.nan


def hopper_units(fleet: pd.DataFrame) -> float:
    """Units of Hopper GPUs (H800, H100, H20) in the fleet; 0 when there are none."""
    return fleet[fleet["chip_id"].isin(HOPPERS)]["units"].sum()


def derived_units(fleet: pd.DataFrame) -> float:
    """Units in the fleet rows whose confidence is 'derived' (worked out, not stated by the source); NaN if none."""
    return total(fleet[fleet["confidence"] == "derived"], "units")


def deepseek_events(events: pd.DataFrame) -> pd.DataFrame:
    """Events whose actor or title mentions DeepSeek (any case), by date, with `lane` (0, 1, ...) for the timeline."""
    mentions = events["actor"].str.contains("DeepSeek", case=False) | events["title"].str.contains("DeepSeek", case=False)
    ev = events[mentions].copy().sort_values("date").reset_index(drop=True)
    ev["lane"] = ev.index
    return ev


def event_date(ev: pd.DataFrame, event_id: str) -> pd.Timestamp:
    """The date of one event; NaT when the data do not hold it."""
    hit = ev[ev["event_id"] == event_id]
    return hit["date"].iloc[0] if len(hit) else pd.NaT
