"""Selecting and reshaping rows of the `supply_estimates` table: lookups by id, the TSMC die bank and its funnel,
Nvidia's China revenue and units, Huawei's 2025 estimates, and the units-against-compute comparison.

Pure functions: the chapter loads the tables (already filtered to its as-of date) and passes them in. A row that is
not yet published at the as-of date is an empty dict, so `.get(...)` reads as None and the prose says so.
"""

from __future__ import annotations

import math

import pandas as pd

from . import first_row, supply

#: What the Nvidia China revenue rows count (the `counted` text of the quarterly series).
CHINA_REVENUE = "Nvidia revenue billed to China incl. Hong Kong"
#: Funnel steps, in order, as keys of `supply.die_bank_funnel`'s result.
FUNNEL_STEPS = ("dies", "good dies", "die sets", "packages passing test", "after HBM cap")


def row(estimates: pd.DataFrame, estimate_id: str) -> dict:
    """One estimate row as a dict (empty if not yet published at the as-of date)."""
    return first_row(estimates, "estimate_id", estimate_id)


def value(estimates: pd.DataFrame, estimate_id: str, column: str = "value") -> object:
    """One column of one estimate row; None when the row is absent."""
    return row(estimates, estimate_id).get(column)


def ratio(estimates: pd.DataFrame, numerator_id: str, denominator_id: str) -> float:
    """value(numerator) / value(denominator); NaN when either row is absent or its value is 0."""
    top, bottom = value(estimates, numerator_id), value(estimates, denominator_id)
    return top / bottom if top and bottom else math.nan


def with_point(estimates: pd.DataFrame) -> pd.DataFrame:
    """A copy with `point`: the row's `value`, else its `value_low`, else its `value_high`."""
    out = estimates.copy()
    out["point"] = out["value"].fillna(out["value_low"]).fillna(out["value_high"])
    return out


def bounds(estimates: pd.DataFrame, estimate_id: str) -> tuple[int, int]:
    """(value_low, value_high) of one range estimate, as whole numbers; KeyError when the row is absent."""
    hit = row(estimates, estimate_id)
    return int(hit["value_low"]), int(hit["value_high"])


def latest(estimates: pd.DataFrame, metric: str, product: str) -> dict:
    """The most recently published row for a metric and product, as a dict; empty when there is none."""
    rows = estimates[(estimates["metric"] == metric) & (estimates["product"] == product)].sort_values("published")
    return rows.iloc[-1].to_dict() if len(rows) else {}


def latest_yield(estimates: pd.DataFrame, product: str) -> dict:
    """The latest published yield of a product: {"share" (the percent as a fraction), "estimator", "source"};
    share NaN, estimator None and source "" when no yield is published."""
    hit = latest(estimates, "yield", product)
    return {"share": float(hit.get("value", math.nan)) / 100, "estimator": hit.get("estimator"), "source": hit.get("source", "")}


def die_bank(estimates: pd.DataFrame) -> pd.DataFrame:
    """The rows that count TSMC-made dies (the die bank), one per estimator."""
    return estimates[(estimates["metric"] == "dies") & estimates["counted"].str.contains("TSMC")].copy()


def china_revenue_quarters(estimates: pd.DataFrame) -> pd.DataFrame:
    """Nvidia's quarterly revenue billed to China (periods under 100 days), with `quarter_end` as YYYY-MM-DD text."""
    quarterly = (estimates["period_end"] - estimates["period_start"]).dt.days < 100
    rev = estimates[(estimates["counted"] == CHINA_REVENUE) & quarterly].copy()
    rev["quarter_end"] = rev["period_end"].dt.strftime("%Y-%m-%d")
    return rev


def nvidia_units_table(estimates: pd.DataFrame) -> pd.DataFrame:
    """Nvidia unit estimates by start of period, with readable column names and the period as 'start to end'."""
    nv = estimates[(estimates["vendor"] == "Nvidia") & (estimates["metric"] == "units")].sort_values("period_start")
    table = nv.assign(
        period=nv["period_start"].dt.strftime("%Y-%m-%d") + " to " + nv["period_end"].dt.strftime("%Y-%m-%d"),
        low=nv["value_low"],
        high=nv["value_high"],
    )[["product", "counted", "period", "value", "low", "high", "estimator", "confidence"]]
    table.columns = [
        "Product",
        "What is counted",
        "Period",
        "Estimate (units)",
        "Low (units)",
        "High (units)",
        "Estimator",
        "Confidence",
    ]
    return table


def huawei_2025(estimates: pd.DataFrame) -> pd.DataFrame:
    """Huawei's full-year 2025 unit estimates (needs `point`, see with_point), with the columns the dot chart draws:

    `kind` ("point estimate", or "at most"/"at least" for a row with only an upper/lower bound), `label`
    ("estimator: product", the estimator's bracketed note dropped) and `range_low`/`range_high` (the bounds, or the
    point where a bound is missing).
    """
    hw = estimates[
        (estimates["vendor"] == "Huawei")
        & (estimates["metric"] == "units")
        & (estimates["period_start"] == "2025-01-01")
        & (estimates["period_end"] == "2025-12-31")
    ].copy()
    hw["kind"] = "point estimate"
    hw.loc[hw["value"].isna() & hw["value_high"].notna() & hw["value_low"].isna(), "kind"] = "at most"
    hw.loc[hw["value"].isna() & hw["value_low"].notna() & hw["value_high"].isna(), "kind"] = "at least"
    hw["label"] = hw["estimator"].str.replace(r" \(.*\)$", "", regex=True) + ": " + hw["product"].fillna("")
    hw["range_low"] = hw["value_low"].fillna(hw["point"])
    hw["range_high"] = hw["value_high"].fillna(hw["point"])
    return hw


def funnel_table(
    bank: pd.DataFrame,
    die_yield: float,
    dies_per_package: int,
    packaging_yield: float,
    hbm_stacks_available: float,
    stacks_per_package: int,
    tflops_per_package: float,
    h100_tflops: float,
) -> pd.DataFrame:
    """One row per die-bank estimator: its die count (`point`) through each step of supply.die_bank_funnel, then
    H100-equivalents of the packages left after the HBM cap (that column only when there are rows).

    Columns: Estimator, Dies (units), Good dies (units), Die sets (units), Packages passing test (units),
    After HBM cap (units)[, H100-equivalents].
    """
    steps = {
        "die_yield": die_yield,
        "dies_per_package": dies_per_package,
        "packaging_yield": packaging_yield,
        "hbm_stacks_available": hbm_stacks_available,
        "stacks_per_package": stacks_per_package,
    }
    rows = pd.DataFrame(
        [{"Estimator": r["estimator"], **supply.die_bank_funnel(r["point"], **steps)} for _, r in bank.iterrows()],
        columns=["Estimator", *FUNNEL_STEPS],
    )
    if len(rows):
        rows["H100-equivalents"] = supply.h100_equivalents(rows["after HBM cap"], tflops_per_package, h100_tflops)
    rows.columns = [
        c if c == "Estimator" else c[0].upper() + c[1:] + (" (units)" if c != "H100-equivalents" else "") for c in rows.columns
    ]
    return rows


def live_die_bank(bank: pd.DataFrame, tflops_per_die: float) -> pd.DataFrame:
    """The die bank as the interactive chart needs it: estimator, dies (the row's point), source, tflops_per_die."""
    live = bank[["estimator", "point", "source"]].rename(columns={"point": "dies"}).copy()
    live["tflops_per_die"] = tflops_per_die
    return live


def supply_comparison(
    estimates: pd.DataFrame,
    accelerators: pd.DataFrame,
    h20_units: float,
    die_bank_910c: float,
    smic_910c: float,
    smic_source: str,
    dies_per_package: int,
    reference: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The supplies set against each other, in units and in H100-equivalents: Nvidia's 2024 H20s, the model's 910Cs
    from Heim's die count and from a year of SMIC, and Goldman Sachs's Cambricon units for 2025.

    Columns supply, side, chip_id, units, source, per_chip, h100e (see supply.supply_in_h100e). A supply without a
    unit count is left out: the model's packages are 910Cs only at two dies per package, and Cambricon's row may not
    be published yet. `reference` gives the H100 figure when `accelerators` (filtered to a date) lacks it.
    """
    two_dies = dies_per_package == 2
    rows = pd.DataFrame(
        [
            {
                "supply": "Nvidia H20 to China, 2024",
                "side": "US",
                "chip_id": "nvidia-h20",
                "units": h20_units,
                "source": row(estimates, "semianalysis-h20-units-2024").get("source", ""),
            },
            {
                "supply": "910C from Heim's die count (model)",
                "side": "CN",
                "chip_id": "huawei-ascend-910c",
                "units": die_bank_910c if two_dies else math.nan,
                "source": row(estimates, "heim-tsmc-sophgo-dies").get("source", ""),
            },
            {
                "supply": "910C from a year of SMIC (model)",
                "side": "CN",
                "chip_id": "huawei-ascend-910c",
                "units": smic_910c if two_dies else math.nan,
                "source": smic_source,
            },
            {
                "supply": "Cambricon, 2025 (Goldman Sachs)",
                "side": "CN",
                "chip_id": "",
                "units": value(estimates, "goldman-cambricon-units-2025"),
                "source": row(estimates, "goldman-cambricon-units-2025").get("source", ""),
            },
        ]
    )
    return supply.supply_in_h100e(rows.dropna(subset=["units"]), accelerators, reference=reference)


def h100e_total(comparison: pd.DataFrame, supply_prefix: str) -> float:
    """The H100-equivalents of the supplies (rows of supply_comparison) whose name starts with `supply_prefix`,
    added up; NaN when there are none, none has a figure, or they add up to 0 (no package made)."""
    return comparison.loc[comparison["supply"].str.startswith(supply_prefix), "h100e"].sum() or math.nan
