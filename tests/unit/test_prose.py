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
