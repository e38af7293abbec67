"""Per-chip and per-rack comparisons of chapter 3: the chips chosen for display, spec ratios between chips, the
ranking by one measure, the export-control tier table and the CloudMatrix 384 / GB200 NVL72 pair.

Pure functions on the accelerators and systems tables (and the output of export_controls.classify); a ratio whose
inputs are missing is NaN, never an error, so a chapter run at an early date reads "not known".
"""

from __future__ import annotations

import math

import pandas as pd

from . import is_missing

#: Display label of each spec column, in the order the spec table shows them.
LABELS = {
    "fp16_bf16_dense_tflops": "BF16/FP16 dense (TFLOPS)",
    "fp8_dense_tflops": "FP8 dense (TFLOPS)",
    "int8_dense_tops": "INT8 dense (TOPS)",
    "memory_gb": "Memory (GB)",
    "memory_bandwidth_tb_s": "Memory bandwidth (TB/s)",
    "interconnect_bandwidth_gb_s": "Chip-to-chip (GB/s)",
    "tdp_w": "Power (W)",
}
#: The Nvidia chips every Chinese chip is measured against: chip_id -> short name used in column titles.
GAP_BASES = {"nvidia-b200-hgx": "B200", "nvidia-h20": "H20"}
#: Spec columns the gap table divides.
GAP_COLUMNS = ["fp16_bf16_dense_tflops", "memory_bandwidth_tb_s", "memory_gb", "interconnect_bandwidth_gb_s"]
#: The two racks compared at the end of the chapter.
CLOUDMATRIX, NVL72 = "huawei-cloudmatrix-384", "nvidia-gb200-nvl72"
TIER_COLUMNS = ["Chip", "TPP", "Density (TPP/mm²)", "Tier under {rule}", "Missing inputs", "Tier is a lower bound"]
SYSTEM_COLUMNS = {
    "system": "System",
    "chips_per_system": "Chips",
    "fp16_bf16_dense_pflops": "BF16 dense (PFLOPS)",
    "hbm_capacity_tb": "HBM (TB)",
    "memory_bandwidth_tb_s": "Memory bandwidth (TB/s)",
    "power_kw": "Power (kW)",
    "pflops_per_kw": "Efficiency (PFLOPS per kW)",
    "confidence": "Confidence",
}


def short_label(column: str) -> str:
    """A spec column's label without its unit: "memory_gb" -> "Memory"."""
    return LABELS[column].split(" (")[0]


def chosen_chips(chips: pd.DataFrame, vendors: list[str]) -> pd.DataFrame:
    """The chips of the given vendors, US designers first, then by vendor and release year."""
    chosen = chips[chips["vendor"].isin(vendors)]
    return chosen.sort_values(["vendor_country", "vendor", "release_year"], ascending=[False, True, True])


def spec_table(chosen: pd.DataFrame) -> pd.DataFrame:
    """The side-by-side figures: chip and every LABELS column, with display column titles. Who made each chip and
    how sure its figures are is `make_table` (two tables, so each fits a desktop column without scrolling)."""
    return chosen[["chip", *LABELS]].rename(columns={"chip": "Chip", **LABELS})


def make_table(chosen: pd.DataFrame) -> pd.DataFrame:
    """Who designed and made each chip of `spec_table`, when, and the confidence of its figures."""
    columns = {"chip": "Chip", "vendor": "Vendor", "process_node": "Process node", "foundry": "Foundry",
               "release_year": "Year", "confidence": "Confidence"}  # fmt: skip
    table = chosen[list(columns)].rename(columns=columns)
    table["Foundry"] = table["Foundry"].map(lambda f: f.replace(";", ", ") if isinstance(f, str) else f)
    return table


def spec_ratio(chips: pd.DataFrame, chip_id: str, base_id: str, column: str) -> float:
    """One chip's figure divided by another's in `column`; NaN if either chip or figure is missing or the base is 0."""
    ref = chips.set_index("chip_id")
    try:
        return float(ref.loc[chip_id, column]) / float(ref.loc[base_id, column])
    except (KeyError, TypeError, ZeroDivisionError):
        return math.nan


def gap_table(
    chosen: pd.DataFrame, chips: pd.DataFrame, bases: dict[str, str] = GAP_BASES, columns: list[str] = GAP_COLUMNS
) -> pd.DataFrame:
    """The Chinese chips among `chosen` (indexed by chip_id) with one column per (spec, base chip): the chip's figure
    over the base's, titled e.g. "Memory vs H20". A base chip absent from `chips` gives no columns; a base figure
    that is missing gives a column of NaN."""
    ref = chips.set_index("chip_id")
    cn = chosen[chosen["vendor_country"] == "CN"].set_index("chip_id")
    gap = pd.DataFrame({"Chip": cn["chip"]})
    for base_id, base_name in bases.items():
        if base_id in ref.index:
            for column in columns:
                base = ref.loc[base_id, column]
                gap[f"{short_label(column)} vs {base_name}"] = cn[column].astype(float) / (
                    math.nan if is_missing(base) else float(base)
                )
    return gap


def ranked_by(chosen: pd.DataFrame, metric: str) -> pd.DataFrame:
    """The chosen chips that have a figure in `metric`, with a `side` column (the designer's country) for colour."""
    ranked = chosen.dropna(subset=[metric]).copy()
    ranked["side"] = ranked["vendor_country"]
    return ranked


def coverage(chosen: pd.DataFrame) -> pd.Series:
    """How many of the chosen chips have a figure in each LABELS column, most first (ties in LABELS order)."""
    counts = pd.Series({column: int(chosen[column].notna().sum()) for column in LABELS})
    return counts.sort_values(ascending=False, kind="stable")


def lacking(chosen: pd.DataFrame, metric: str) -> list[str]:
    """The chosen chips without a figure in `metric`, by name, in table order."""
    return chosen.loc[chosen[metric].isna(), "chip"].tolist()


def placed_chips(classified: pd.DataFrame) -> pd.DataFrame:
    """The classified chips that can be drawn on the TPP/density plane (both figures known)."""
    return classified.dropna(subset=["tpp", "performance_density"])


def label_groups(placed: pd.DataFrame) -> pd.DataFrame:
    """One label per point on the plane: chips whose TPP rounds to the same 10 and density to the same 0.1 share a
    label, their names joined by " / ", at the first chip's position. Columns tpp, performance_density, chip."""
    return placed.groupby([placed["tpp"].round(-1), placed["performance_density"].round(1)], as_index=False).agg(
        tpp=("tpp", "first"), performance_density=("performance_density", "first"), chip=("chip", " / ".join)
    )


def declutter(labels: pd.DataFrame, char_decades: float = 0.035, line_decades: float = 0.08) -> pd.DataFrame:
    """The labels of `label_groups` that can be drawn without overlapping on the log-log threshold chart, largest TPP
    first: a label is a box starting just right of its point, `char_decades` (of TPP) wide per character and
    `line_decades` (of density) tall, sized for a phone-width chart. A label whose box meets a kept one is dropped;
    its point stays, with its name in the tooltip and in the tier table."""
    kept: list[tuple[float, float, float, float]] = []
    keep = []
    for index, row in labels.sort_values("tpp", ascending=False).iterrows():
        x, y = math.log10(row["tpp"]), math.log10(row["performance_density"])
        box = (x + 0.03, x + 0.03 + char_decades * len(str(row["chip"])), y - line_decades / 2, y + line_decades / 2)
        if all(box[1] < k[0] or box[0] > k[1] or box[3] < k[2] or box[2] > k[3] for k in kept):
            kept.append(box)
            keep.append(index)
    return labels.loc[[i for i in labels.index if i in keep]]


def tier_table(classified: pd.DataFrame, vendors: list[str], rule: str) -> pd.DataFrame:
    """The chosen vendors' chips with TPP, density, tier under `rule`, missing inputs and whether the tier is a lower
    bound ("yes" or ""), with display column titles."""
    tiers = classified[classified["vendor"].isin(vendors)][
        ["chip", "tpp", "performance_density", "tier", "missing_inputs", "lower_bound"]
    ]
    tiers = tiers.assign(lower_bound=tiers["lower_bound"].map({True: "yes", False: ""}))
    tiers.columns = [c.format(rule=rule) for c in TIER_COLUMNS]
    return tiers


def rack_pair(systems: pd.DataFrame, ids: tuple[str, str] = (CLOUDMATRIX, NVL72)) -> pd.DataFrame:
    """The rows of the two compared systems (those present), in table order, with `pflops_per_kw` added."""
    pair = systems[systems["system_id"].isin(list(ids))].copy()
    pair["pflops_per_kw"] = pair["fp16_bf16_dense_pflops"] / pair["power_kw"]
    return pair


def systems_table(pair: pd.DataFrame) -> pd.DataFrame:
    """The rack comparison table: the SYSTEM_COLUMNS of `pair` under their display titles."""
    table = pair[list(SYSTEM_COLUMNS)]
    table.columns = list(SYSTEM_COLUMNS.values())
    return table


def rack_ratios(pair: pd.DataFrame, huawei: str = CLOUDMATRIX, nvidia: str = NVL72) -> dict[str, float]:
    """How the Huawei rack compares with the Nvidia one, as a dict in this order: compute (Huawei's dense BF16 over
    Nvidia's), power (Huawei's over Nvidia's), eff (Nvidia's PFLOPS per kW over Huawei's) and chips (Huawei's chip
    count over Nvidia's). All NaN when either system is missing from `pair` (a rack_pair output)."""
    s = pair.set_index("system_id")
    if not {huawei, nvidia} <= set(s.index):
        return dict.fromkeys(("compute", "power", "eff", "chips"), math.nan)
    cm, nv = s.loc[huawei], s.loc[nvidia]
    return {
        "compute": cm["fp16_bf16_dense_pflops"] / nv["fp16_bf16_dense_pflops"],
        "power": cm["power_kw"] / nv["power_kw"],
        "eff": nv["pflops_per_kw"] / cm["pflops_per_kw"],
        "chips": cm["chips_per_system"] / nv["chips_per_system"],
    }
