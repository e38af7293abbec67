"""Outlook model: China's domestic share of its new AI compute, year by year, under explicit assumptions.

Deliberately small and transparent. For each year y from `start_year`:

- wafers_y      = smic_wafers_per_month * 12 * (1 + wafer_growth_per_year) ** (y - start_year)
- die-limited   = wafers_y * dies_per_wafer * die_yield / dies_per_package        (accelerator packages)
- HBM-limited   = hbm_stacks_per_year * (1 + hbm_growth_per_year) ** (y - start_year) / stacks_per_chip
- domestic_y    = min(die-limited, HBM-limited)                                    (the scarcer input binds)
- imports_y     = import_units_per_year * import_multiplier                         (flat, policy-driven)
- H100-eq       = units * chip BF16 dense TFLOPS / H100 BF16 dense TFLOPS
- share_y       = domestic H100-eq / (domestic H100-eq + imported H100-eq)

The TFLOPS figures are inputs (`domestic_tflops`, `import_tflops`, `h100_tflops`), taken from data/accelerators.csv
by `chip_tflops`; the model itself reads no files.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

#: Assumptions the model needs (the values come from a scenario; see scenarios/*.yaml).
REQUIRED = ("start_year", "smic_wafers_per_month", "wafer_growth_per_year", "dies_per_wafer", "die_yield",
            "dies_per_package", "hbm_stacks_per_year", "hbm_growth_per_year", "stacks_per_chip",
            "import_units_per_year", "import_multiplier", "domestic_tflops", "import_tflops", "h100_tflops")


def chip_tflops(accelerators: pd.DataFrame, chip_id: str) -> float:
    """Dense BF16/FP16 TFLOPS of one chip from the accelerators table (error if the chip or its figure is missing)."""
    rows = accelerators.loc[accelerators["chip_id"] == chip_id, "fp16_bf16_dense_tflops"]
    if rows.empty or pd.isna(rows.iloc[0]):
        raise KeyError(f"accelerators.csv: no fp16_bf16_dense_tflops for chip_id {chip_id!r} (as of the date used)")
    return float(rows.iloc[0])


def _check(assumptions: dict) -> None:
    missing = [k for k in REQUIRED if k not in assumptions]
    if missing:
        raise KeyError(f"outlook assumptions missing: {', '.join(missing)}")
    for key in ("dies_per_package", "stacks_per_chip", "h100_tflops"):
        if assumptions[key] <= 0:
            raise ValueError(f"outlook assumption {key} must be positive, got {assumptions[key]!r}")


def project_domestic_share(assumptions: dict, years: Iterable[int]) -> pd.DataFrame:
    """One row per year: die- and HBM-limited domestic output, domestic and imported units and H100-eq, domestic share."""
    _check(assumptions)
    a = assumptions
    rows = []
    for year in years:
        t = year - a["start_year"]
        wafers = a["smic_wafers_per_month"] * 12 * (1 + a["wafer_growth_per_year"]) ** t
        die_limited = wafers * a["dies_per_wafer"] * a["die_yield"] / a["dies_per_package"]
        hbm_stacks = a["hbm_stacks_per_year"] * (1 + a["hbm_growth_per_year"]) ** t
        hbm_limited = hbm_stacks / a["stacks_per_chip"]
        domestic = min(die_limited, hbm_limited)
        imports = a["import_units_per_year"] * a["import_multiplier"]
        dom_h100e = domestic * a["domestic_tflops"] / a["h100_tflops"]
        imp_h100e = imports * a["import_tflops"] / a["h100_tflops"]
        total = dom_h100e + imp_h100e
        rows.append({
            "year": year, "wafers": wafers, "hbm_stacks": hbm_stacks,
            "die_limited_units": die_limited, "hbm_limited_units": hbm_limited,
            "binding": "HBM" if hbm_limited < die_limited else "wafers",
            "domestic_units": domestic, "domestic_h100e": dom_h100e,
            "import_units": imports, "import_h100e": imp_h100e,
            "domestic_share": dom_h100e / total if total > 0 else math.nan,
        })
    return pd.DataFrame(rows)


def final_share(assumptions: dict, years: Iterable[int]) -> float:
    """The domestic share in the last of `years`."""
    return float(project_domestic_share(assumptions, list(years))["domestic_share"].iloc[-1])


def project_scenarios(assumptions_by_scenario: dict[str, dict], years: Iterable[int]) -> pd.DataFrame:
    """`project_domestic_share` for each scenario, stacked in the order given, with a `scenario` column."""
    years = list(years)
    return pd.concat([project_domestic_share(a, years).assign(scenario=name)
                      for name, a in assumptions_by_scenario.items()], ignore_index=True)


def sensitivity(assumptions: dict, years: Iterable[int], name: str, low: float, high: float) -> dict:
    """Vary one assumption to `low` and `high` (others fixed): the final-year share at each and the change from base."""
    years = list(years)
    base = final_share(assumptions, years)
    at_low = final_share({**assumptions, name: low}, years)
    at_high = final_share({**assumptions, name: high}, years)
    return {"assumption": name, "low": low, "high": high, "base_share": base, "share_low": at_low,
            "share_high": at_high, "delta_low": at_low - base, "delta_high": at_high - base,
            "swing": abs(at_high - at_low)}


def tornado(assumptions: dict, years: Iterable[int], ranges: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """`sensitivity` for each assumption in `ranges` ({name: (low, high)}), largest swing first."""
    years = list(years)
    rows = [sensitivity(assumptions, years, name, lo, hi) for name, (lo, hi) in ranges.items()]
    return pd.DataFrame(rows).sort_values("swing", ascending=False).reset_index(drop=True)


def solve_for_share(assumptions: dict, years: Iterable[int], name: str, target: float, low: float, high: float,
                    tol: float = 1e-6) -> float | None:
    """The value of assumption `name` in [low, high] at which the final-year share reaches `target` (bisection).

    The share must be monotonic in `name` over the interval; returns None if `target` is not reached within it.
    """
    years = list(years)
    f_low = final_share({**assumptions, name: low}, years) - target
    f_high = final_share({**assumptions, name: high}, years) - target
    if f_low == 0:
        return float(low)
    if f_high == 0:
        return float(high)
    if f_low * f_high > 0:
        return None
    lo, hi = float(low), float(high)
    for _ in range(200):
        mid = (lo + hi) / 2
        f_mid = final_share({**assumptions, name: mid}, years) - target
        if (f_mid < 0) == (f_low < 0):
            lo, f_low = mid, f_mid
        else:
            hi = mid
        if hi - lo <= tol * max(1.0, abs(hi)):
            break
    return (lo + hi) / 2
