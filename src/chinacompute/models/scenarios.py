"""Scenario files to outlook assumptions: the knobs each scenario sets, how they read on the page, and the inputs
the outlook model (`models.outlook`) takes.

Scenario files (scenarios/*.yaml) are read by the chapter (`params.load_scenario`) and passed in as dicts keyed by
file stem. base.yaml gives every knob under `chapters: 07_outlook:`; the others state only their departures. Also
here: the ranges of the sensitivity analysis, the search intervals of the flip point, and which data rows stand
behind the base figures. No file access.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import prose
from . import outlook

#: The outlook chapter's section of a scenario file.
SECTION = "07_outlook"
#: The first projected year; growth rates compound from it.
START_YEAR = 2026
#: The knobs a scenario may set, in the order the assumptions table lists them.
KNOBS = ("smic_wafers_per_month", "wafer_growth_per_year", "dies_per_wafer", "die_yield", "dies_per_package",
         "hbm_stacks_per_year", "hbm_growth_per_year", "stacks_per_chip", "import_units_per_year", "import_chip",
         "import_multiplier")
#: Each knob in words.
LABELS = {"smic_wafers_per_month": "SMIC wafers for Huawei AI chips, 2026 (per month)",
          "wafer_growth_per_year": "Wafer growth after 2026 (per year)",
          "dies_per_wafer": "Die candidates per wafer", "die_yield": "Die yield",
          "dies_per_package": "Logic dies per 910C package", "hbm_stacks_per_year": "HBM stacks, 2026 (per year)",
          "hbm_growth_per_year": "HBM growth after 2026 (per year)", "stacks_per_chip": "HBM stacks per 910C",
          "import_units_per_year": "Nvidia imports before multiplier (units per year)",
          "import_chip": "Imported chip", "import_multiplier": "Import policy multiplier"}
#: Knobs given as fractions and shown as percentages.
PERCENT_KNOBS = frozenset({"wafer_growth_per_year", "die_yield", "hbm_growth_per_year"})
#: How an imported chip's id reads.
CHIP_NAMES = {"nvidia-h20": "H20", "nvidia-h200": "H200"}
#: The binding domestic input (`outlook.project_domestic_share`'s "binding") in words.
BINDING_TEXT = {"HBM": "HBM stacks", "wafers": "SMIC wafers"}
#: The domestic chip, the reference chip of an H100-equivalent, and the chips a scenario may import.
DOMESTIC_CHIP = "huawei-ascend-910c"
REFERENCE_CHIP = "nvidia-h100-sxm"
MODEL_CHIPS = (DOMESTIC_CHIP, REFERENCE_CHIP, "nvidia-h20", "nvidia-h200")

#: The supply_estimates rows behind each base value (see the comments in scenarios/base.yaml).
PROVENANCE = {"smic_wafers_per_month": ["ms-smic-huawei-ai-wafers-2026"],
              "wafer_growth_per_year": ["ms-smic-huawei-ai-wafers-2026", "ms-smic-huawei-ai-wafers-2027"],
              "dies_per_wafer": ["ms-910b-dies-per-wafer"], "die_yield": ["ms-910b-wafer-yield-2025"],
              "hbm_stacks_per_year": ["bloomberg-910c-target-2026"],
              "stacks_per_chip": ["semianalysis-hbm-stacks-china-total", "semianalysis-910c-packages-from-hbm"],
              "import_units_per_year": ["reuters-h200-approvals-jan2026"]}
#: Low and high values tried for each knob in the sensitivity (tornado) analysis.
RANGES = {"die_yield": (0.2, 0.6), "dies_per_package": (1, 2), "smic_wafers_per_month": (7000, 45000),
          "wafer_growth_per_year": (0.0, 1.0), "hbm_stacks_per_year": (2400000, 12800000),
          "hbm_growth_per_year": (0.0, 1.0), "import_units_per_year": (0, 2000000), "import_multiplier": (0.25, 2.0)}
#: Where each range comes from: data rows (low / high) or "assumption".
RANGE_BASIS = {"die_yield": "csis-smic-7nm-yield / ft-910c-yield-target",
               "dies_per_package": "spec_disputes sd-004 / sd-001",
               "smic_wafers_per_month": "ms-smic-huawei-ai-wafers-2025 / semianalysis-smic-adv-capacity-2025",
               "wafer_growth_per_year": "assumption", "hbm_growth_per_year": "assumption",
               "hbm_stacks_per_year": "semianalysis-ascend-output-2026 x 8 / semianalysis-910c-packages-from-hbm x 8",
               "import_units_per_year": "zero / reuters-h200-orders-2026", "import_multiplier": "assumption"}
#: The supply_estimates rows RANGE_BASIS names.
RANGE_ROWS = ("csis-smic-7nm-yield", "ft-910c-yield-target", "ms-smic-huawei-ai-wafers-2025",
              "semianalysis-smic-adv-capacity-2025", "semianalysis-ascend-output-2026",
              "semianalysis-910c-packages-from-hbm", "reuters-h200-orders-2026")
#: The knobs solved for the value at which the domestic share crosses a target, with the interval searched.
SOLVE = {"hbm_stacks_per_year": (0, 50000000), "smic_wafers_per_month": (1000, 200000), "die_yield": (0.05, 1.0),
         "import_units_per_year": (0, 10000000)}


def knob_text(name: str, value: object) -> str:
    """A knob's value as the page shows it: fractions as percentages (one decimal only when needed), the imported
    chip by name, the multiplier as "1.5x", anything else as a whole number with thousands separators."""
    if name in PERCENT_KNOBS:
        whole = abs(value * 100 - round(value * 100)) < 1e-9
        return prose.percent(value, 0 if whole else 1)
    if name == "import_chip":
        return CHIP_NAMES.get(value, value)
    if name == "import_multiplier":
        return f"{value:g}x"
    return prose.number(value)


def knob_values(files: Mapping[str, dict]) -> dict[str, dict]:
    """{scenario: {knob: value}} for every scenario file (base first, then the others in the order given): base's
    knobs with the scenario's own departures applied. Keys of a scenario's section that are not knobs are ignored."""
    base = {k: files["base"]["chapters"][SECTION][k] for k in KNOBS}
    order = ["base"] + [name for name in files if name != "base"]
    return {name: {**base, **{k: v for k, v in (files[name]["chapters"].get(SECTION) or {}).items() if k in KNOBS}}
            for name in order}


def base_horizon(files: Mapping[str, dict]) -> int:
    """The last projected year that base.yaml sets."""
    return int(files["base"]["chapters"][SECTION]["horizon"])


def years(horizon: int, start_year: int = START_YEAR) -> list[int]:
    """The projected years: start_year to horizon, both included."""
    return list(range(start_year, int(horizon) + 1))


def reader_changes(declared: Mapping[str, object], values_by_scenario: Mapping[str, Mapping],
                   scenario: str) -> dict[str, object]:
    """The knobs in `declared` (the chapter's parameters) whose value differs both from base's and from the chosen
    `scenario`'s (in `knob_values` form): settings the reader made, which win over the scenario's values."""
    base, chosen = values_by_scenario["base"], values_by_scenario[scenario]
    return {k: v for k, v in declared.items() if v != base[k] and v != chosen[k]}


def with_late_chips(known: pd.DataFrame, every: pd.DataFrame,
                    chips: tuple[str, ...] = MODEL_CHIPS) -> tuple[pd.DataFrame, list[str]]:
    """The accelerators the model can use on a date: the rows `known` then, plus the later rows (from `every`) of
    the model's `chips` not yet published; and the list of those late chip ids (in `chips` order)."""
    late = [c for c in chips if c not in set(known["chip_id"])]
    frame = pd.concat([known, every[every["chip_id"].isin(late)]], ignore_index=True)
    return frame, late


def assumptions(values: Mapping[str, object], accelerators: pd.DataFrame, start_year: int = START_YEAR) -> dict:
    """The outlook model's inputs for one scenario's knob values: the knobs (the imported chip replaced by its
    TFLOPS), the start year, and the TFLOPS of the 910C, the imported chip and the H100 from `accelerators`."""
    return {**{k: v for k, v in values.items() if k != "import_chip"}, "start_year": start_year,
            "domestic_tflops": outlook.chip_tflops(accelerators, DOMESTIC_CHIP),
            "import_tflops": outlook.chip_tflops(accelerators, values["import_chip"]),
            "h100_tflops": outlook.chip_tflops(accelerators, REFERENCE_CHIP)}


def final_shares(values_by_scenario: Mapping[str, Mapping], accelerators: pd.DataFrame,
                 projected_years: list[int]) -> dict[str, float]:
    """{scenario: domestic share of new compute in the last projected year}."""
    return {name: outlook.final_share(assumptions(values, accelerators), projected_years)
            for name, values in values_by_scenario.items()}


def assumption_table(values_by_run: Mapping[str, Mapping]) -> pd.DataFrame:
    """One row per knob: its label ("Assumption") and its text in each run (a column per run, in the order given)."""
    return pd.DataFrame({"Assumption": [LABELS[k] for k in KNOBS],
                         **{run: [knob_text(k, values[k]) for k in KNOBS] for run, values in values_by_run.items()}})


def provenance_ids() -> list[str]:
    """The supply_estimates ids behind the base values, in PROVENANCE order (an id may repeat)."""
    return [i for ids in PROVENANCE.values() for i in ids]


def provenance_rows(supply: pd.DataFrame, accelerators: pd.DataFrame) -> pd.DataFrame:
    """The rows the outlook cites: the supply estimates behind the base values, then the model's chips."""
    return pd.concat([supply[supply["estimate_id"].isin(provenance_ids())],
                      accelerators[accelerators["chip_id"].isin(MODEL_CHIPS)]], ignore_index=True)


def provenance_table(supply: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """The supply estimates behind the base values (supply table order): estimate_id, counted, value (its figure as
    text, see prose.estimate), unit, estimator, published, and known ("yes" when published on or before `as_of`,
    else "not yet")."""
    rows = supply[supply["estimate_id"].isin(provenance_ids())]
    table = rows[["estimate_id", "counted", "value", "unit", "estimator", "published"]].copy()
    table["value"] = [prose.estimate(row) for row in rows.to_dict("records")]
    table["known"] = table["published"].le(as_of).map({True: "yes", False: "not yet"})
    return table


def range_rows(supply: pd.DataFrame) -> pd.DataFrame:
    """The supply estimates the sensitivity ranges come from (RANGE_ROWS), in supply table order."""
    return supply[supply["estimate_id"].isin(RANGE_ROWS)]


def tornado_table(model: dict, projected_years: list[int], ranges: Mapping[str, tuple] = RANGES,
                  basis: Mapping[str, str] = RANGE_BASIS) -> pd.DataFrame:
    """`outlook.tornado` (largest swing first) plus label, range (the two ends as text), basis, and share_min /
    share_max (the bar's ends)."""
    torn = outlook.tornado(model, projected_years, ranges)
    torn["label"] = torn["assumption"].map(LABELS)
    torn["range"] = [f"{knob_text(a, lo)} to {knob_text(a, hi)}"
                     for a, lo, hi in zip(torn["assumption"], torn["low"], torn["high"])]
    torn["basis"] = torn["assumption"].map(basis)
    torn["share_min"] = torn[["share_low", "share_high"]].min(axis=1)
    torn["share_max"] = torn[["share_low", "share_high"]].max(axis=1)
    return torn


def slack_inputs(torn: pd.DataFrame, tolerance: float = 0.005) -> list[str]:
    """Labels of the tornado rows whose swing is below `tolerance`: inputs that do not bind."""
    return torn.loc[torn["swing"] < tolerance, "label"].tolist()


def flip_points(model: dict, projected_years: list[int], target: float = 0.5,
                solve: Mapping[str, tuple] = SOLVE) -> list[dict]:
    """For each knob in `solve`, one at a time: {"knob", "label", "now" (the model's value as text), "crossing"
    (the value at which the final-year share reaches `target`, as text, or "not reached between LOW and HIGH")}."""
    rows = []
    for name, (low, high) in solve.items():
        value = outlook.solve_for_share(model, projected_years, name, target, low, high)
        crossing = (knob_text(name, value) if value is not None
                    else f"not reached between {knob_text(name, low)} and {knob_text(name, high)}")
        rows.append({"knob": name, "label": LABELS[name], "now": knob_text(name, model[name]), "crossing": crossing})
    return rows
