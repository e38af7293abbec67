"""Software-ecosystem models: a transparent maturity index for AI software stacks, and event counts per year.

The maturity index is a weighted sum of components, each scored 0..1 from one column of `software_stacks`:

- age: years from `first_release_year` to the as-of year, divided by `AGE_CAP_YEARS` (capped at 1);
- openness: `open_source` yes = 1, partial = 0.5, no = 0;
- pytorch: `pytorch_upstream` in-tree = 1, out-of-tree-plugin = 0.6, fork = 0.3, none = 0; `not-applicable` (a
  framework or compiler that is not a PyTorch device back-end) is neutral: the component is left out of that stack's
  sum and the other weights are rescaled to add up to 1 for that stack;
- developers: log10 of `developers_claimed`, scaled linearly from 1e4 developers (0) to 1e7 (1), clipped;
- signals: public maturity signals (rows of `software_signals` for the stack), `n / SIGNALS_CAP`, capped at 1.

A missing input scores 0 and is named in the `missing` column: nothing is imputed.
"""

from __future__ import annotations

import math

import pandas as pd

from . import is_missing

COMPONENTS = ("age", "openness", "pytorch", "developers", "signals")
AGE_CAP_YEARS = 15
DEVELOPERS_LOW, DEVELOPERS_HIGH = 1e4, 1e7
SIGNALS_CAP = 10
OPENNESS_SCORES = {"yes": 1.0, "partial": 0.5, "no": 0.0}
PYTORCH_SCORES = {"in-tree": 1.0, "out-of-tree-plugin": 0.6, "fork": 0.3, "none": 0.0}
NOT_APPLICABLE = "not-applicable"


def normalise_weights(weights: dict[str, float]) -> dict[str, float]:
    """Weights per component scaled to sum to 1 (unnamed components get 0); ValueError if negative, unknown or all 0."""
    unknown = set(weights) - set(COMPONENTS)
    if unknown:
        raise ValueError(f"unknown maturity component(s) {', '.join(sorted(unknown))}; allowed: {', '.join(COMPONENTS)}")
    if any(w < 0 for w in weights.values()):
        raise ValueError(f"maturity weights must be >= 0, got {weights}")
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("at least one maturity weight must be above 0")
    return {c: weights.get(c, 0.0) / total for c in COMPONENTS}


def _age(first_year: object, as_of_year: int) -> float | None:
    if is_missing(first_year):
        return None
    return min(max(as_of_year - int(first_year), 0) / AGE_CAP_YEARS, 1.0)


def _developers(claimed: object) -> float | None:
    if is_missing(claimed) or float(claimed) <= 0:
        return None
    scaled = (math.log10(float(claimed)) - math.log10(DEVELOPERS_LOW)) / (math.log10(DEVELOPERS_HIGH) - math.log10(DEVELOPERS_LOW))
    return min(max(scaled, 0.0), 1.0)


def maturity_index(stacks_frame: pd.DataFrame, as_of: str | pd.Timestamp, weights: dict[str, float],
                   signals_frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per stack: component scores (`<c>_score`), weighted contributions (`<c>_weighted`), `maturity_index`
    (the sum of contributions, 0..1), `missing` (components scored 0 for lack of data) and `not_applicable`."""
    as_of_year = pd.Timestamp(as_of).year
    base = normalise_weights(weights)
    signal_counts = (signals_frame["stack_id"].value_counts().to_dict() if signals_frame is not None else {})
    rows = []
    for stack in stacks_frame.to_dict("records"):
        scores: dict[str, float | None] = {
            "age": _age(stack.get("first_release_year"), as_of_year),
            "openness": OPENNESS_SCORES.get(stack.get("open_source")),
            "pytorch": PYTORCH_SCORES.get(stack.get("pytorch_upstream")),
            "developers": _developers(stack.get("developers_claimed")),
            "signals": min(signal_counts.get(stack["stack_id"], 0) / SIGNALS_CAP, 1.0) if signals_frame is not None else None,
        }
        not_applicable = ["pytorch"] if stack.get("pytorch_upstream") == NOT_APPLICABLE else []
        # a missing input is named even when its weight is 0, so the table shows every gap in the data
        missing = [c for c in COMPONENTS if scores[c] is None and c not in not_applicable
                   and (c != "signals" or signals_frame is not None)]
        used = {c: base[c] for c in COMPONENTS if c not in not_applicable}
        total = sum(used.values())
        row_weights = {c: (used[c] / total if c in used and total > 0 else 0.0) for c in COMPONENTS}
        row = {"stack_id": stack["stack_id"], "stack": stack.get("stack"), "vendor_country": stack.get("vendor_country")}
        for c in COMPONENTS:
            score = 0.0 if scores[c] is None else scores[c]
            row[f"{c}_score"] = float("nan") if c in not_applicable else score
            row[f"{c}_weighted"] = row_weights[c] * score
        row["maturity_index"] = sum(row[f"{c}_weighted"] for c in COMPONENTS)
        row["missing"] = ", ".join(missing)
        row["not_applicable"] = ", ".join(not_applicable)
        rows.append(row)
    columns = (["stack_id", "stack", "vendor_country"] + [f"{c}_score" for c in COMPONENTS]
               + [f"{c}_weighted" for c in COMPONENTS] + ["maturity_index", "missing", "not_applicable"])
    return pd.DataFrame(rows, columns=columns)


def events_per_year(events_frame: pd.DataFrame, categories: list[str] | None = None) -> pd.DataFrame:
    """Count events per calendar year and category (only the given categories; all when None).
    Columns: year, category, events; only non-zero counts, sorted by year then category."""
    frame = events_frame if categories is None else events_frame[events_frame["category"].isin(categories)]
    years = pd.to_datetime(frame["date"]).dt.year
    counts = (frame.assign(year=years).groupby(["year", "category"], observed=True).size()
              .rename("events").reset_index())
    counts["year"] = counts["year"].astype(int)
    counts["category"] = counts["category"].astype(str)
    counts["events"] = counts["events"].astype(int)
    return counts.sort_values(["year", "category"]).reset_index(drop=True)
