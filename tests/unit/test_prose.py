"""Prose numbers: hand-worked cases, including every way a value can be missing."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from chinacompute import prose


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA, pd.NaT])
def test_missing_values_read_as_words(missing):
    assert prose.number(missing) == "not yet estimated"
    assert prose.percent(missing) == "not known"
    assert prose.ratio(missing, missing="n/a") == "n/a"
    assert prose.span(missing, missing) == "not yet estimated"


def test_numbers():
    assert prose.number(1234567) == "1,234,567"
    assert prose.number(2.345, " kW", digits=1) == "2.3 kW"
    assert prose.percent(0.634) == "63%"
    assert prose.percent(0.6346, digits=1) == "63.5%"
    assert prose.ratio(0.4567) == "0.46"


def test_spans():
    assert prose.span(100_000, 200_000) == "100,000 to 200,000"
    assert prose.span(5, 5, " units") == "5 units"
    assert prose.span(300, None) == "at least 300"
    assert prose.span(math.nan, 700) == "at most 700"


def test_estimate_rows():
    assert prose.estimate({"value": 1_000_000.0, "value_low": math.nan, "value_high": math.nan}) == "1,000,000"
    assert prose.estimate({"value": math.nan, "value_low": 1.4e6, "value_high": 1.5e6}) == "1,400,000 to 1,500,000"
    assert prose.estimate({"value": None, "value_low": None, "value_high": 2e5}) == "at most 200,000"
    assert prose.estimate({}) == "no figure"
    assert prose.estimate(None, missing="not in the data") == "not in the data"
    assert prose.estimate({"value": math.nan, "value_low": math.nan, "value_high": math.nan}) == "no figure"


def test_share_answer_describes_the_projected_path():
    path = {2026: 0.53, 2027: 0.42, 2028: 0.47, 2029: 0.52, 2030: 0.57}
    assert prose.share_answer(2025, 0.57, 0.64, 0.70, path, "2026-11-28", "base") == (
        "In 2025 domestic chips supplied 64% (P10-P90: 57%-70%) of the AI compute China added, in H100-equivalents "
        "of dense BF16 throughput; under the base scenario the median runs from 42% to 57% over 2026-2030, above "
        "half in 3 of those 5 years. Data as of 2026-11-28."
    )
    below = prose.share_answer(2025, 0.57, 0.64, 0.70, {2026: 0.36, 2027: 0.26}, "2026-11-28", "Sales reopen")
    assert "the median stays below half in every year of 2026-2027 (median 26% to 36%)" in below
    assert prose.share_answer(2025, 0.5, 0.6, 0.7, {}, "2025-12-31", "base").endswith(
        "dense BF16 throughput. Data as of 2025-12-31."
    )
