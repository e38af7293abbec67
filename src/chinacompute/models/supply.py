"""Supply arithmetic: dies to packages, wafers to dies, the HBM cap, and conversion to H100-equivalents.

Pure functions: numbers or DataFrames in, numbers or DataFrames out. Rounding rule: a package needs whole good
dies, so the count of die sets is floored first; the packaging yield is then applied and the result floored again
(a package either passes or it does not). Small float noise (1e-9) is removed before flooring so that 3,000,000 x
0.95 / 2 gives exactly 1,425,000.
"""

from __future__ import annotations

import math

import pandas as pd

from . import is_missing

#: The chip whose figures define one 'H100-equivalent'; its values are read from the accelerators table.
REFERENCE_CHIP = "nvidia-h100-sxm"
#: Accelerators columns a supply table can be converted by.
BASES = {"compute": "fp16_bf16_dense_tflops", "bandwidth": "memory_bandwidth_tb_s"}
#: HBM stacks per compute die of an Ascend 910C: 8 stacks for 2 dies, as SemiAnalysis's 13 M stacks ~ 1.6 M packages
#: implies (chapter 02 checks it against that ratio).
HBM_STACKS_PER_DIE = 4


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


def good_dies_from_wafers(
    wafers: float, die_area_mm2: float, die_yield: float, wafer_diameter_mm: float = 300, edge_exclusion_mm: float = 3
) -> int:
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


def supply_in_h100e(
    supply: pd.DataFrame,
    accelerators: pd.DataFrame,
    basis: str = "compute",
    units_column: str = "units",
    reference: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Add `h100e` (and the per-chip figure used) to a table with `chip_id` and units; NaN where the chip or figure is unknown.

    basis "compute" uses dense BF16/FP16 TFLOPS, "bandwidth" memory bandwidth (TB/s), each relative to the H100 SXM
    row of the same table, or of `reference` (the H100-equivalent is a unit: a chapter filtered to an as-of date
    before the H100 was announced passes the whole table here).
    """
    h100_value = reference_value(accelerators if reference is None else reference, basis)
    column = BASES[basis]
    per_chip = accelerators.set_index("chip_id")[column].astype("Float64")
    out = supply.copy()
    out["per_chip"] = out["chip_id"].map(per_chip).astype("Float64")
    out["h100e"] = h100_equivalents(out[units_column].astype("Float64"), out["per_chip"], h100_value)
    return out


def die_bank_funnel(
    dies: float,
    die_yield: float,
    dies_per_package: int,
    packaging_yield: float,
    hbm_stacks_available: float,
    stacks_per_package: int,
) -> dict[str, float]:
    """One die count through the funnel, as a dict of its steps in order: "dies", "good dies" (floor(dies x
    die_yield)), "die sets" (whole sets of good dies), "packages passing test" (die sets x packaging yield, floored)
    and "after HBM cap" (those packages capped by the HBM stacks available)."""
    sets = packages_from_dies(dies, die_yield, dies_per_package)
    packed = packages_from_dies(dies, die_yield, dies_per_package, packaging_yield)
    return {
        "dies": dies,
        "good dies": math.floor(dies * die_yield),
        "die sets": sets,
        "packages passing test": packed,
        "after HBM cap": hbm_limited_packages(packed, hbm_stacks_available, stacks_per_package),
    }


def _chip(accelerators: pd.DataFrame, chip_id: str) -> pd.Series | None:
    rows = accelerators[accelerators["chip_id"] == chip_id]
    return rows.iloc[0] if len(rows) else None


def tflops_per_die(accelerators: pd.DataFrame, chip_id: str) -> float:
    """A chip's dense BF16/FP16 TFLOPS divided by its compute dies; NaN when the chip is not in the table."""
    chip = _chip(accelerators, chip_id)
    if chip is None:
        return math.nan
    return float(chip["fp16_bf16_dense_tflops"]) / float(chip["compute_dies"])


def die_area(accelerators: pd.DataFrame, chip_id: str) -> float:
    """A chip's die area in mm2; NaN when the chip is not in the table or its area is not known."""
    chip = _chip(accelerators, chip_id)
    return math.nan if chip is None or pd.isna(chip["die_area_mm2"]) else float(chip["die_area_mm2"])


def wafer_capacity(
    wafers: float, die_area_mm2: float, die_yield: float, dies_per_package: int, packaging_yield: float
) -> dict[str, float]:
    """What a number of wafers can make: {"gross dies per wafer", "good dies", "packages"} (packages of
    `dies_per_package` good dies passing a `packaging_yield` test); all NaN when the die area or yield is NaN."""
    if math.isnan(die_yield) or math.isnan(die_area_mm2):
        return {"gross dies per wafer": math.nan, "good dies": math.nan, "packages": math.nan}
    good = good_dies_from_wafers(wafers, die_area_mm2, die_yield)
    return {
        "gross dies per wafer": dies_per_wafer(die_area_mm2),
        "good dies": good,
        "packages": packages_from_dies(good, 1.0, dies_per_package, packaging_yield),
    }


def check_claim(
    claim: tuple[float, float],
    dies: float,
    die_yield: float,
    dies_per_package: int,
    packaging_yield: float,
    hbm_stacks_available: float,
    stacks_per_package: int,
    claim_dies_per_package: int = 2,
) -> dict[str, float]:
    """A claim that `dies` make claim[0] to claim[1] packages, checked against the funnel. Returns:

    "packages": what the funnel makes of `dies` with the given assumptions ("after HBM cap");
    "yield for low" / "yield for high": the die yield each end of the claim needs at `claim_dies_per_package` dies per
    package and no packaging loss; "yield for low with packaging loss": the low end's at `packaging_yield`.
    All NaN when `dies` is missing (the die count is not yet published).
    """
    keys = ("packages", "yield for low", "yield for high", "yield for low with packaging loss")
    if is_missing(dies):
        return dict.fromkeys(keys, math.nan)
    funnel = die_bank_funnel(dies, die_yield, dies_per_package, packaging_yield, hbm_stacks_available, stacks_per_package)
    return dict(
        zip(
            keys,
            (
                funnel["after HBM cap"],
                die_yield_for_packages(claim[0], dies, claim_dies_per_package),
                die_yield_for_packages(claim[1], dies, claim_dies_per_package),
                die_yield_for_packages(claim[0], dies, claim_dies_per_package, packaging_yield),
            ),
            strict=True,
        )
    )
