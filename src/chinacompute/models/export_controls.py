"""US export-control tests for AI chips: total processing performance (TPP), performance density and the tier a
chip falls in under one rule of data/export_rules.csv.

Each rule row is a clause; a clause matches when every non-empty threshold holds (*_min inclusive, *_max
exclusive). A chip gets the tier of the highest tier_rank among matching clauses, else 'not controlled' (rank 0).
A clause that needs an input the chip lacks (NaN) does not match; the output names the missing inputs that could
have changed the answer.
"""

from __future__ import annotations

import math

import pandas as pd

from . import is_missing

NOT_CONTROLLED = "not controlled"
#: Throughput columns of the accelerators table and their bit lengths for TPP.
TPP_COLUMNS = {"fp16_bf16_dense_tflops": 16, "fp8_dense_tflops": 8, "int8_dense_tops": 8}
#: Rule threshold columns: (chip input they test, comparison).
THRESHOLDS = {
    "tpp_min": ("tpp", "min"),
    "tpp_max": ("tpp", "max"),
    "performance_density_min": ("performance_density", "min"),
    "performance_density_max": ("performance_density", "max"),
    "interconnect_bandwidth_min_gb_s": ("interconnect_bandwidth_gb_s", "min"),
    "memory_bandwidth_min_gb_s": ("memory_bandwidth_gb_s", "min"),
    "memory_bandwidth_max_gb_s": ("memory_bandwidth_gb_s", "max"),
    "combined_bandwidth_min_gb_s": ("combined_bandwidth_gb_s", "min"),
}


def tpp(tops_or_tflops: float, bit_length: int) -> float:
    """Total processing performance: dense TOPS (or TFLOPS) x bit length of the operation."""
    return tops_or_tflops * bit_length


def chip_tpp(row) -> float:
    """A chip's TPP: the largest of FP16 x 16, FP8 x 8 and INT8 x 8 among the figures it has (NaN if none)."""
    values = [tpp(row[c], bits) for c, bits in TPP_COLUMNS.items() if c in row and not is_missing(row[c])]
    return max(values) if values else math.nan


def performance_density(tpp_value: float, die_area_mm2: float) -> float:
    """TPP per mm2 of applicable die area (NaN if either is missing or the area is not positive)."""
    if is_missing(tpp_value) or is_missing(die_area_mm2) or die_area_mm2 <= 0:
        return math.nan
    return tpp_value / die_area_mm2


def chip_inputs(chips: pd.DataFrame) -> pd.DataFrame:
    """The inputs the rules test, per chip: TPP, density and bandwidths in GB/s (NaN where unknown)."""
    out = pd.DataFrame(index=chips.index)
    rows = chips.astype(object).where(chips.notna(), math.nan)
    out["tpp"] = [chip_tpp(r) for _, r in rows.iterrows()]
    area = rows.get("die_area_mm2", pd.Series(math.nan, index=chips.index))
    out["performance_density"] = [performance_density(t, a) for t, a in zip(out["tpp"], area, strict=True)]
    memory = rows.get("memory_bandwidth_tb_s", pd.Series(math.nan, index=chips.index)).astype(float) * 1000
    link = rows.get("interconnect_bandwidth_gb_s", pd.Series(math.nan, index=chips.index)).astype(float)
    out["memory_bandwidth_gb_s"] = memory
    out["interconnect_bandwidth_gb_s"] = link
    out["combined_bandwidth_gb_s"] = memory + link  # NaN when either is unknown
    return out


def _evaluate(inputs: pd.Series, clause: pd.Series) -> tuple[bool, set[str]]:
    """For one chip and one clause: whether every threshold the chip has data for holds, and which inputs it lacks.

    The clause matches when the first is True and nothing is lacking.
    """
    known_hold, missing = True, set()
    for column, (name, kind) in THRESHOLDS.items():
        threshold = clause.get(column)
        if is_missing(threshold):
            continue
        value = inputs[name]
        if is_missing(value):
            missing.add(name)
        elif (kind == "min" and not value >= threshold) or (kind == "max" and not value < threshold):
            known_hold = False
    return known_hold, missing


def applies_to(clause: pd.Series, chip: pd.Series) -> bool:
    """Whether a clause can apply to a chip at all: `scope` data-centre clauses (the performance-density and grey-zone
    tests, Note 2 to 3A090) apply only to parts designed or marketed for data centres; `hbm` clauses control HBM
    itself, not accelerators. A clause or chip without the columns (older tables) applies."""
    scope = clause.get("scope")
    if is_missing(scope) or scope == "all":
        return True
    if scope == "hbm":
        return False
    segment = chip.get("segment")
    return is_missing(segment) or segment == "data-centre"


def classify(chips_frame: pd.DataFrame, rules_frame: pd.DataFrame, rule_id: str) -> pd.DataFrame:
    """Classify chips (accelerators columns) under one rule; one row per chip with its inputs and outcome.

    Columns added: tier, tier_rank, clauses (ids that matched), missing_inputs (inputs the chip lacks for clauses
    whose other thresholds hold, i.e. where the gap could change the answer) and lower_bound (True when such an
    untestable clause is stricter than the tier given).
    """
    clauses = rules_frame[rules_frame["rule_id"] == rule_id]
    if clauses.empty:
        raise ValueError(
            f"rule_id {rule_id!r} not in the rules table (have: {', '.join(sorted(rules_frame['rule_id'].unique()))})"
        )
    clauses = clauses.astype(object).where(clauses.notna(), math.nan)
    inputs = chip_inputs(chips_frame)
    results = []
    for index, values in inputs.iterrows():
        best_rank, best_tier, matched, missing, untestable_ranks = 0, NOT_CONTROLLED, [], set(), []
        for _, clause in clauses.iterrows():
            if not applies_to(clause, chips_frame.loc[index]):
                continue  # out of scope (Note 2 to 3A090, or an HBM clause): not a missing input either
            known_hold, lacking = _evaluate(values, clause)
            rank = int(clause["tier_rank"])
            if known_hold and not lacking:
                matched.append(clause["clause_id"])
                if rank > best_rank:
                    best_rank, best_tier = rank, clause["tier"]
            elif known_hold:
                missing |= lacking  # only where the missing figure could change the answer
                untestable_ranks.append(rank)
        results.append(
            {
                "tier": best_tier,
                "tier_rank": best_rank,
                "clauses": ";".join(matched),
                "missing_inputs": ", ".join(sorted(missing)),
                "lower_bound": any(r > best_rank for r in untestable_ranks),
            }
        )
    out = pd.concat(
        [chips_frame, inputs.drop(columns=[c for c in inputs if c in chips_frame]), pd.DataFrame(results, index=inputs.index)],
        axis=1,
    )
    out["tier_rank"] = out["tier_rank"].astype(int)
    return out


def rule_clauses(rules_frame: pd.DataFrame, rule_id: str) -> pd.DataFrame:
    """The clause rows of one rule (empty if the rule is not in the table)."""
    return rules_frame[rules_frame["rule_id"] == rule_id]


def threshold_values(rules_frame: pd.DataFrame, rule_id: str) -> tuple[list[float], list[float]]:
    """The distinct TPP thresholds and the distinct performance-density thresholds (min and max bounds alike) that
    one rule's clauses set, each sorted ascending; empty lists when the rule sets none or is not in the table."""
    clauses = rule_clauses(rules_frame, rule_id)
    tpp_values = clauses[["tpp_min", "tpp_max"]].stack().dropna().astype(float)
    density_values = clauses[["performance_density_min", "performance_density_max"]].stack().dropna().astype(float)
    return sorted(set(tpp_values)), sorted(set(density_values))


NOT_YET_PUBLISHED = "rule not yet published"


def classify_as_known(chips_frame: pd.DataFrame, rules_frame: pd.DataFrame, rule_id: str) -> pd.DataFrame:
    """`classify`, or, when the rule is not in the rules table (an as-of date before it was published), every
    chip with the tier NOT_YET_PUBLISHED and its inputs, so a chapter can say so instead of failing."""
    if (rules_frame["rule_id"] == rule_id).any():
        return classify(chips_frame, rules_frame, rule_id)
    inputs = chip_inputs(chips_frame)
    out = pd.concat([chips_frame, inputs.drop(columns=[c for c in inputs if c in chips_frame])], axis=1)
    return out.assign(tier=NOT_YET_PUBLISHED, tier_rank=0, clauses="", missing_inputs="", lower_bound=False)
