"""Software-ecosystem models: a transparent maturity index for AI software stacks, the tables and facts chapter 04
builds on it, and event counts per year.

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
    scaled = (math.log10(float(claimed)) - math.log10(DEVELOPERS_LOW)) / (
        math.log10(DEVELOPERS_HIGH) - math.log10(DEVELOPERS_LOW)
    )
    return min(max(scaled, 0.0), 1.0)


def maturity_index(
    stacks_frame: pd.DataFrame, as_of: str | pd.Timestamp, weights: dict[str, float], signals_frame: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per stack: component scores (`<c>_score`), weighted contributions (`<c>_weighted`), `maturity_index`
    (the sum of contributions, 0..1), `missing` (components scored 0 for lack of data) and `not_applicable`."""
    as_of_year = pd.Timestamp(as_of).year
    base = normalise_weights(weights)
    signal_counts = signals_frame["stack_id"].value_counts().to_dict() if signals_frame is not None else {}
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
        missing = [
            c
            for c in COMPONENTS
            if scores[c] is None and c not in not_applicable and (c != "signals" or signals_frame is not None)
        ]
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
    columns = (
        ["stack_id", "stack", "vendor_country"]
        + [f"{c}_score" for c in COMPONENTS]
        + [f"{c}_weighted" for c in COMPONENTS]
        + ["maturity_index", "missing", "not_applicable"]
    )
    return pd.DataFrame(rows, columns=columns)


def events_per_year(events_frame: pd.DataFrame, categories: list[str] | None = None) -> pd.DataFrame:
    """Count events per calendar year and category (only the given categories; all when None).
    Columns: year, category, events; only non-zero counts, sorted by year then category."""
    frame = events_frame if categories is None else events_frame[events_frame["category"].isin(categories)]
    years = pd.to_datetime(frame["date"]).dt.year
    counts = frame.assign(year=years).groupby(["year", "category"], observed=True).size().rename("events").reset_index()
    counts["year"] = counts["year"].astype(int)
    counts["category"] = counts["category"].astype(str)
    counts["events"] = counts["events"].astype(int)
    return counts.sort_values(["year", "category"]).reset_index(drop=True)


# --- The chapter's tables and facts (chapter 04) ---------------------------------------------------------------

LAYER_NAMES = {
    "vendor-stack": "vendor stack",
    "framework": "framework",
    "compiler": "compiler",
    "kernel-library": "kernel library",
    "portability-layer": "portability layer",
}
BACKEND_NAMES = {
    "in-tree": "in PyTorch (in-tree)",
    "out-of-tree-plugin": "vendor plugin (out of tree)",
    "fork": "vendor build of PyTorch",
    "none": "none",
    "not-applicable": "not a back-end",
}
COMPONENT_RULES = {
    "age": f"years since first release / {AGE_CAP_YEARS}, capped at 1",
    "openness": "open source: yes 1, partial 0.5, no 0",
    "pytorch": "in-tree 1, out-of-tree plugin 0.6, fork 0.3, none 0; not applicable: left out",
    "developers": "log10(developers claimed), 10,000 = 0 to 10,000,000 = 1",
    "signals": f"public signals collected / {SIGNALS_CAP}, capped at 1",
}
COMPONENT_LABELS = {
    "age": "Age",
    "openness": "Openness",
    "pytorch": "PyTorch route",
    "developers": "Developers",
    "signals": "Public signals",
}
#: Vendors whose China shipments are set against their stack's index, and that stack.
VENDOR_TO_STACK = {"Nvidia": "cuda", "Huawei": "cann", "AMD": "rocm", "Baidu Kunlunxin": "kunlun-xpu-sdk", "Cambricon": "neuware"}
#: Kinds of public signal: problems first, then steps forward.
SIGNAL_KINDS = ["missing-op", "performance", "compatibility", "install", "documentation", "release", "upstreaming"]
PROBLEM_KINDS = ["missing-op", "performance", "compatibility", "install", "documentation"]


def with_labels(stacks_frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `stacks_frame` with `label`: the stack's name without a trailing parenthesis
    ("CANN (Compute Architecture ...)" -> "CANN")."""
    return stacks_frame.assign(label=stacks_frame["stack"].str.replace(r"\s*\(.*\)$", "", regex=True))


def side_by_side(stacks_frame: pd.DataFrame) -> pd.DataFrame:
    """The stacks compared (needs `label`): Stack, Vendor (country), Layer, First release (year), Open source,
    PyTorch back-end, Developers claimed (people), Confidence; layers and back-ends in words."""
    table = stacks_frame.assign(
        vendor_country=stacks_frame["vendor"] + " (" + stacks_frame["vendor_country"] + ")",
        layer=stacks_frame["layer"].map(LAYER_NAMES),
        pytorch_upstream=stacks_frame["pytorch_upstream"].map(BACKEND_NAMES),
    )[
        [
            "label",
            "vendor_country",
            "layer",
            "first_release_year",
            "open_source",
            "pytorch_upstream",
            "developers_claimed",
            "confidence",
        ]
    ]
    table.columns = [
        "Stack",
        "Vendor (country)",
        "Layer",
        "First release (year)",
        "Open source",
        "PyTorch back-end",
        "Developers claimed (people)",
        "Confidence",
    ]
    return table


def contents(stacks_frame: pd.DataFrame) -> pd.DataFrame:
    """Each stack's licence, PyTorch route, libraries and public repository, under the chapter's column names."""
    table = stacks_frame[["stack", "license", "pytorch_route", "library_breadth", "repo_url"]].copy()
    table.columns = [
        "Stack",
        "Licence",
        "How PyTorch runs on it",
        "Libraries and tools (as the source states them)",
        "Public repository",
    ]
    return table


def weights_table(weights: dict[str, float]) -> pd.DataFrame:
    """One row per weight given: Component, Weight set, Weight used (normalised), Scoring rule (0..1)."""
    normalised = normalise_weights(weights)
    return pd.DataFrame(
        {
            "Component": list(weights),
            "Weight set": list(weights.values()),
            "Weight used (normalised)": [normalised[c] for c in weights],
            "Scoring rule (0..1)": [COMPONENT_RULES[c] for c in weights],
        }
    )


def ranked_index(
    stacks_frame: pd.DataFrame, as_of: str | pd.Timestamp, weights: dict[str, float], signals_frame: pd.DataFrame | None = None
) -> pd.DataFrame:
    """`maturity_index` sorted from the highest index down, with each stack's `label` and `layer` (needs `label`)."""
    index = maturity_index(stacks_frame, as_of, weights, signals_frame=signals_frame)
    index = index.sort_values("maturity_index", ascending=False)
    return index.merge(stacks_frame[["stack_id", "label", "layer"]], on="stack_id")


def score_table(index: pd.DataFrame) -> pd.DataFrame:
    """The index's scores under the chapter's column names (score columns end in "(0-1)")."""
    table = index[
        [
            "stack",
            "vendor_country",
            "age_score",
            "openness_score",
            "pytorch_score",
            "developers_score",
            "signals_score",
            "maturity_index",
            "missing",
            "not_applicable",
        ]
    ]
    table.columns = [
        "Stack",
        "Country",
        "Age (0-1)",
        "Openness (0-1)",
        "PyTorch (0-1)",
        "Developers (0-1)",
        "Signals (0-1)",
        "Maturity index (0-1)",
        "Missing inputs (scored 0)",
        "Not applicable",
    ]
    return table


def weighted_components(index: pd.DataFrame) -> pd.DataFrame:
    """The index in long form, one row per stack and component with points above 0: stack_id, label,
    vendor_country, maturity_index, missing, component (in words, `COMPONENT_LABELS`), points."""
    long = index.melt(
        id_vars=["stack_id", "label", "vendor_country", "maturity_index", "missing"],
        value_vars=[f"{c}_weighted" for c in COMPONENTS],
        var_name="component",
        value_name="points",
    )
    long["component"] = long["component"].str.removesuffix("_weighted").map(COMPONENT_LABELS)
    return long[long["points"] > 0]


def index_of(index: pd.DataFrame, stack_id: str) -> float | None:
    """The maturity index of one stack; None when the stack is not in `index`."""
    row = index[index["stack_id"] == stack_id]
    return float(row["maturity_index"].iloc[0]) if len(row) else None


def first_release_year(stacks_frame: pd.DataFrame, stack_id: str) -> int | None:
    """The stack's first release year; None when the stack or its year is not in the data."""
    row = stacks_frame[stacks_frame["stack_id"] == stack_id]
    if not len(row) or is_missing(row["first_release_year"].iloc[0]):
        return None
    return int(row["first_release_year"].iloc[0])


def stack_age(stacks_frame: pd.DataFrame, stack_id: str, as_of: str | pd.Timestamp) -> int | None:
    """Years from the stack's first release year to the as-of year; None when that year is not known."""
    year = first_release_year(stacks_frame, stack_id)
    return None if year is None else pd.Timestamp(as_of).year - year


def chinese_leaders(index: pd.DataFrame) -> dict[str, object]:
    """From a `ranked_index`: the best Chinese stack (`cn_best_stack` label, `cn_best_index`), the best Chinese
    vendor stack (`cn_best_vendor_stack`, `cn_best_vendor_index`) and the Chinese median (`cn_median_index`); None
    where there is no such stack."""
    cn = index[index["vendor_country"] == "CN"]
    vendor = cn[cn["layer"] == "vendor-stack"]
    return {
        "cn_best_stack": cn["label"].iloc[0] if len(cn) else None,
        "cn_best_index": float(cn["maturity_index"].iloc[0]) if len(cn) else None,
        "cn_best_vendor_stack": vendor["label"].iloc[0] if len(vendor) else None,
        "cn_best_vendor_index": float(vendor["maturity_index"].iloc[0]) if len(vendor) else None,
        "cn_median_index": float(cn["maturity_index"].median()) if len(cn) else None,
    }


def chinese_midlevel(stacks_frame: pd.DataFrame) -> list[str]:
    """Names of the Chinese compilers and kernel libraries, in table order."""
    midlevel = stacks_frame["layer"].isin(["compiler", "kernel-library"]) & (stacks_frame["vendor_country"] == "CN")
    return stacks_frame.loc[midlevel, "stack"].tolist()


def chinese_stack_counts(stacks_frame: pd.DataFrame, index: pd.DataFrame) -> dict[str, int]:
    """Counts behind the fragmentation claim: Chinese vendor stacks (n_cn_vendor), closed (n_cn_vendor_closed) and
    partly open (n_cn_vendor_partial) ones, their PyTorch routes (n_cn_routes distinct; n_cn_plugin, n_cn_fork,
    n_cn_intree), Chinese stacks (n_cn) and those without an age (n_cn_missing_age), Chinese compilers and kernel
    libraries (n_cn_midlevel)."""
    cn = index[index["vendor_country"] == "CN"]
    vendor = stacks_frame[(stacks_frame["vendor_country"] == "CN") & (stacks_frame["layer"] == "vendor-stack")]
    routes = vendor["pytorch_upstream"].value_counts()
    return {
        "n_cn_vendor": len(vendor),
        "n_cn_vendor_closed": int((vendor["open_source"] == "no").sum()),
        "n_cn_vendor_partial": int((vendor["open_source"] == "partial").sum()),
        "n_cn_routes": len(routes),
        "n_cn_plugin": int(routes.get("out-of-tree-plugin", 0)),
        "n_cn_fork": int(routes.get("fork", 0)),
        "n_cn_intree": int(routes.get("in-tree", 0)),
        "n_cn_missing_age": int(cn["missing"].str.contains("age").sum()),
        "n_cn": len(cn),
        "n_cn_midlevel": len(chinese_midlevel(stacks_frame)),
    }


def installed_base(supply_frame: pd.DataFrame, index: pd.DataFrame, stacks_frame: pd.DataFrame) -> pd.DataFrame:
    """IDC's card shipments (estimate ids "idc-...", metric units) of the `VENDOR_TO_STACK` vendors, each joined to
    its stack's index row (stack, label, vendor_country, maturity_index, missing) and developers_claimed; vendors
    whose stack is not in `index` drop out."""
    shipments = supply_frame[
        supply_frame["estimate_id"].str.startswith("idc-")
        & (supply_frame["metric"] == "units")
        & supply_frame["vendor"].isin(list(VENDOR_TO_STACK))
    ].copy()
    shipments["stack_id"] = shipments["vendor"].map(VENDOR_TO_STACK)
    loop = shipments.merge(index[["stack_id", "stack", "label", "vendor_country", "maturity_index", "missing"]], on="stack_id")
    return loop.merge(stacks_frame[["stack_id", "developers_claimed"]], on="stack_id")


def cards_shipped(loop: pd.DataFrame, vendor: str) -> float | None:
    """The vendor's shipped cards in an `installed_base` frame (its first row); None when the vendor is absent."""
    value = loop.loc[loop["vendor"] == vendor, "value"]
    return float(value.iloc[0]) if len(value) else None


def shipment_share(loop: pd.DataFrame, vendor: str, of: str) -> float | None:
    """`vendor`'s shipped cards as a fraction of `of`'s; None when either is absent or `of` shipped none."""
    part, whole = cards_shipped(loop, vendor), cards_shipped(loop, of)
    return None if part is None or not whole else part / whole


def rank_correlation(loop: pd.DataFrame) -> float | None:
    """Spearman-style correlation (Pearson on average ranks) of shipments and index; None with fewer than 3 rows."""
    if len(loop) <= 2:
        return None
    rank = loop[["value", "maturity_index"]].rank()
    return float(rank["value"].corr(rank["maturity_index"]))


def signals_by_stack(signals_frame: pd.DataFrame, stacks_frame: pd.DataFrame) -> pd.DataFrame:
    """The signals with `stack` (the stack's label, or its id when the stack is not in `stacks_frame`), `label`,
    `kind_order` (position in `SIGNAL_KINDS`), `date_text` (YYYY-MM-DD) and `one` (1, for counting)."""
    sig = signals_frame.merge(stacks_frame[["stack_id", "stack"]], on="stack_id", how="left")
    sig = sig.merge(stacks_frame[["stack_id", "label"]], on="stack_id", how="left")
    sig["stack"] = sig["label"].fillna(sig["stack_id"])
    sig["kind_order"] = sig["kind"].map({k: i for i, k in enumerate(SIGNAL_KINDS)})
    sig["date_text"] = sig["date"].dt.strftime("%Y-%m-%d")
    sig["one"] = 1
    return sig


def signal_counts(sig: pd.DataFrame) -> dict[str, int]:
    """Counts of signals: all (n_signals), problems (n_problem, `PROBLEM_KINDS`), upstreaming steps (n_upstream),
    and CANN's (n_cann_signals)."""
    return {
        "n_signals": len(sig),
        "n_problem": int(sig["kind"].isin(PROBLEM_KINDS).sum()),
        "n_upstream": int((sig["kind"] == "upstreaming").sum()),
        "n_cann_signals": int((sig["stack_id"] == "cann").sum()),
    }


def events_table(events_frame: pd.DataFrame, category: str) -> pd.DataFrame:
    """The events of one category by date: Date (YYYY-MM-DD), Actor, Event, What happened, Source keys."""
    chosen = events_frame[events_frame["category"] == category].sort_values("date")
    table = chosen.assign(when=chosen["date"].dt.strftime("%Y-%m-%d"))[["when", "actor", "title", "description", "source"]]
    table.columns = ["Date", "Actor", "Event", "What happened", "Source keys"]
    return table
