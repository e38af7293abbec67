"""Supply arithmetic: dies to packages, wafers to dies, the HBM cap, and conversion to H100-equivalents.

Pure functions: numbers or DataFrames in, numbers or DataFrames out. Rounding rule: a package needs whole good
dies, so the count of die sets is floored first; the packaging yield is then applied and the result floored again
(a package either passes or it does not). Small float noise (1e-9) is removed before flooring so that 3,000,000 x
0.95 / 2 gives exactly 1,425,000.
"""

from __future__ import annotations

import math

import pandas as pd

#: The chip whose figures define one 'H100-equivalent'; its values are read from the accelerators table.
REFERENCE_CHIP = "nvidia-h100-sxm"
#: Accelerators columns a supply table can be converted by.
BASES = {"compute": "fp16_bf16_dense_tflops", "bandwidth": "memory_bandwidth_tb_s"}


def _floor(x: float) -> int:
    return int(math.floor(round(x, 9)))


def packages_from_dies(dies: float, die_yield: float, dies_per_package: int, packaging_yield: float = 1.0) -> int:
    """Whole packages from a stock of dies: floor(floor(dies x die_yield / dies_per_package) x packaging_yield)."""
    if dies_per_package < 1:
        raise ValueError(f"dies_per_package must be at least 1, got {dies_per_package}")
    for name, share in (("die_yield", die_yield), ("packaging_yield", packaging_yield)):
        if not 0 <= share <= 1:
            raise ValueError(f"{name} must be between 0 and 1, got {share}")
    return _floor(_floor(dies * die_yield / dies_per_package) * packaging_yield)


def die_yield_for_packages(packages: float, dies: float, dies_per_package: int, packaging_yield: float = 1.0) -> float:
    """The die yield at which `dies` make `packages` (inverse of packages_from_dies, ignoring rounding)."""
    return packages * dies_per_package / (dies * packaging_yield)


def dies_per_wafer(die_area_mm2: float, wafer_diameter_mm: float = 300, edge_exclusion_mm: float = 3) -> int:
    """Gross dies per wafer: pi (d/2)^2 / A - pi d / sqrt(2 A), d = diameter - 2 x edge exclusion, floored."""
    d = wafer_diameter_mm - 2 * edge_exclusion_mm
    return max(0, _floor(math.pi * (d / 2) ** 2 / die_area_mm2 - math.pi * d / math.sqrt(2 * die_area_mm2)))


def good_dies_from_wafers(wafers: float, die_area_mm2: float, die_yield: float, wafer_diameter_mm: float = 300,
                          edge_exclusion_mm: float = 3) -> int:
    """Good dies from a number of wafers: floor(wafers x gross dies per wafer x die_yield)."""
    return _floor(wafers * dies_per_wafer(die_area_mm2, wafer_diameter_mm, edge_exclusion_mm) * die_yield)


def hbm_limited_packages(packages: float, hbm_stacks_available: float, stacks_per_package: int) -> int:
    """Packages that can be finished when each needs `stacks_per_package` HBM stacks: min(packages, stacks // per)."""
    if stacks_per_package < 1:
        raise ValueError(f"stacks_per_package must be at least 1, got {stacks_per_package}")
    return int(min(packages, hbm_stacks_available // stacks_per_package))


def reference_value(accelerators: pd.DataFrame, basis: str = "compute") -> float:
    """The H100 SXM's figure for a basis (dense BF16 TFLOPS, or memory TB/s) from the accelerators table."""
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, got {basis!r}")
    rows = accelerators.loc[accelerators["chip_id"] == REFERENCE_CHIP, BASES[basis]]
    if rows.empty or pd.isna(rows.iloc[0]):
        raise KeyError(f"accelerators table has no {BASES[basis]} for {REFERENCE_CHIP!r}, the H100-equivalent unit")
    return float(rows.iloc[0])


def h100_equivalents(units: float, chip_tflops: float, h100_tflops: float) -> float:
    """Units of a chip expressed as H100s of equal throughput: units x chip_tflops / h100_tflops."""
    return units * chip_tflops / h100_tflops


def supply_in_h100e(supply: pd.DataFrame, accelerators: pd.DataFrame, basis: str = "compute",
                    units_column: str = "units") -> pd.DataFrame:
    """Add `h100e` (and the per-chip figure used) to a table with `chip_id` and units; NaN where the chip or figure is unknown.

    basis "compute" uses dense BF16/FP16 TFLOPS, "bandwidth" memory bandwidth (TB/s), each relative to the H100 SXM
    row of the same table.
    """
    h100_value = reference_value(accelerators, basis)
    column = BASES[basis]
    per_chip = accelerators.set_index("chip_id")[column].astype("Float64")
    out = supply.copy()
    out["per_chip"] = out["chip_id"].map(per_chip).astype("Float64")
    out["h100e"] = h100_equivalents(out[units_column].astype("Float64"), out["per_chip"], h100_value)
    return out
