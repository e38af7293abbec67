"""The software maturity index and event counts, on small hand-checked examples."""

from __future__ import annotations

import pandas as pd
import pytest

from chinacompute.models.ecosystem import events_per_year, maturity_index, normalise_weights

EQUAL = {"age": 1, "openness": 1, "pytorch": 1, "developers": 1}


def stacks() -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            # A: old, partly open, in-tree, one million developers
            {
                "stack_id": "a",
                "stack": "A",
                "vendor_country": "US",
                "first_release_year": 2006,
                "open_source": "partial",
                "pytorch_upstream": "in-tree",
                "developers_claimed": 1e6,
            },
            # B: no release year, closed, plugin, no developer claim
            {
                "stack_id": "b",
                "stack": "B",
                "vendor_country": "CN",
                "first_release_year": None,
                "open_source": "no",
                "pytorch_upstream": "out-of-tree-plugin",
                "developers_claimed": None,
            },
            # C: a framework (PyTorch not applicable), open, 100,000 developers
            {
                "stack_id": "c",
                "stack": "C",
                "vendor_country": "CN",
                "first_release_year": 2020,
                "open_source": "yes",
                "pytorch_upstream": "not-applicable",
                "developers_claimed": 1e5,
            },
        ]
    )
    frame["first_release_year"] = frame["first_release_year"].astype("Int64")
    frame["developers_claimed"] = frame["developers_claimed"].astype("Float64")
    return frame.astype({"open_source": "string", "pytorch_upstream": "string"})


def by_id(result: pd.DataFrame) -> dict[str, dict]:
    return {r["stack_id"]: r for r in result.to_dict("records")}


def test_component_scores_follow_the_documented_rules():
    rows = by_id(maturity_index(stacks(), "2026-03-01", EQUAL))
    # A: 2026-2006 = 20 years, capped at 15 -> 1.0; partial -> 0.5; in-tree -> 1; log10(1e6)=6 -> (6-4)/3 = 0.6667
    assert rows["a"]["age_score"] == 1.0
    assert rows["a"]["openness_score"] == 0.5
    assert rows["a"]["pytorch_score"] == 1.0
    assert rows["a"]["developers_score"] == pytest.approx(2 / 3)
    # C: 2026-2020 = 6 years -> 6/15 = 0.4; log10(1e5)=5 -> 1/3
    assert rows["c"]["age_score"] == pytest.approx(0.4)
    assert rows["c"]["developers_score"] == pytest.approx(1 / 3)


def test_equal_weights_index():
    rows = by_id(maturity_index(stacks(), "2026-03-01", EQUAL))
    # A: (1 + 0.5 + 1 + 2/3) / 4 = 3.16667 / 4 = 0.791667
    assert rows["a"]["maturity_index"] == pytest.approx(0.791667, abs=1e-6)
    # B: (0 + 0 + 0.6 + 0) / 4 = 0.15
    assert rows["b"]["maturity_index"] == pytest.approx(0.15)
    # C: PyTorch not applicable, so age, openness, developers weigh 1/3 each: (0.4 + 1 + 1/3) / 3 = 0.577778
    assert rows["c"]["maturity_index"] == pytest.approx(0.577778, abs=1e-6)


def test_missing_inputs_score_zero_and_are_reported():
    rows = by_id(maturity_index(stacks(), "2026-03-01", EQUAL))
    assert rows["b"]["age_score"] == 0.0 and rows["b"]["developers_score"] == 0.0
    assert rows["b"]["missing"] == "age, developers"
    assert rows["a"]["missing"] == ""


def test_not_applicable_pytorch_is_neutral_and_reported():
    rows = by_id(maturity_index(stacks(), "2026-03-01", EQUAL))
    assert pd.isna(rows["c"]["pytorch_score"])
    assert rows["c"]["pytorch_weighted"] == 0.0
    assert rows["c"]["not_applicable"] == "pytorch"
    assert "pytorch" not in rows["c"]["missing"]


def test_unequal_weights_are_normalised():
    weights = {"age": 2, "openness": 0, "pytorch": 1, "developers": 1}  # -> 0.5, 0, 0.25, 0.25
    rows = by_id(maturity_index(stacks(), "2026-03-01", weights))
    # A: 0.5*1 + 0*0.5 + 0.25*1 + 0.25*2/3 = 0.5 + 0.25 + 0.166667 = 0.916667
    assert rows["a"]["maturity_index"] == pytest.approx(0.916667, abs=1e-6)
    assert rows["a"]["age_weighted"] == pytest.approx(0.5)
    # C: PyTorch dropped -> age 2/3, developers 1/3: 2/3*0.4 + 1/3*1/3 = 0.266667 + 0.111111 = 0.377778
    assert rows["c"]["maturity_index"] == pytest.approx(0.377778, abs=1e-6)


def test_weighted_components_sum_to_the_index():
    result = maturity_index(stacks(), "2026-03-01", {"age": 0.3, "openness": 0.2, "pytorch": 0.4, "developers": 0.1})
    weighted = result[[c for c in result.columns if c.endswith("_weighted")]].sum(axis=1)
    assert list(weighted.round(9)) == list(result["maturity_index"].round(9))


def test_signals_component_counts_rows_up_to_the_cap():
    signals = pd.DataFrame({"stack_id": ["a", "a", "a", "c"]})
    rows = by_id(maturity_index(stacks(), "2026-03-01", {**EQUAL, "signals": 1}, signals_frame=signals))
    # A: 3 signals / cap 10 = 0.3; five equal weights of 0.2: 0.2 * (1 + 0.5 + 1 + 2/3 + 0.3) = 0.693333
    assert rows["a"]["signals_score"] == pytest.approx(0.3)
    assert rows["a"]["maturity_index"] == pytest.approx(0.693333, abs=1e-6)
    # B: no signal rows is a count of 0, not a missing input
    assert rows["b"]["signals_score"] == 0.0 and "signals" not in rows["b"]["missing"]


def test_age_and_developers_are_clipped():
    frame = stacks().iloc[[0]].copy()
    frame["first_release_year"] = pd.array([2030], dtype="Int64")  # after the as-of year -> 0
    frame["developers_claimed"] = pd.array([5e7], dtype="Float64")  # above 1e7 -> 1
    row = maturity_index(frame, "2026-03-01", EQUAL).iloc[0]
    assert row["age_score"] == 0.0 and row["developers_score"] == 1.0
    frame["developers_claimed"] = pd.array([5000.0], dtype="Float64")  # below 1e4 -> 0, but not missing
    row = maturity_index(frame, "2026-03-01", EQUAL).iloc[0]
    assert row["developers_score"] == 0.0 and row["missing"] == ""


def test_weights_must_be_usable():
    with pytest.raises(ValueError, match="at least one"):
        normalise_weights({"age": 0, "openness": 0})
    with pytest.raises(ValueError, match="unknown"):
        normalise_weights({"agee": 1})
    with pytest.raises(ValueError, match=">= 0"):
        normalise_weights({"age": -1, "openness": 2})


def test_events_per_year_counts_selected_categories():
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2022-10-07", "2022-11-07", "2023-10-17", "2023-10-17", "2023-03-21"]),
            "category": ["export-control", "product", "export-control", "entity-list", "product"],
        }
    )
    counts = events_per_year(events, ["export-control", "product"])
    assert counts.to_dict("records") == [
        {"year": 2022, "category": "export-control", "events": 1},
        {"year": 2022, "category": "product", "events": 1},
        {"year": 2023, "category": "export-control", "events": 1},
        {"year": 2023, "category": "product", "events": 1},
    ]
    assert events_per_year(events)["events"].sum() == 5
    assert events_per_year(events, ["trade-deal"]).empty
