"""The outlook chapter's chart builders, rendered for real, and its styled tables."""

import json

import pandas as pd
import vl_convert

from chinacompute.charts import outlook as outlook_charts
from chinacompute.models import outlook, scenarios
from tests.unit.test_scenarios import ACC, KNOBS


def projections():
    runs = {"base": KNOBS, "cheap": {**KNOBS, "import_chip": "nvidia-h20"}}
    return outlook.project_scenarios({s: scenarios.assumptions(v, ACC) for s, v in runs.items()}, [2026, 2027])


def svg(chart) -> str:
    return vl_convert.vegalite_to_svg(chart.to_json())


def test_share_chart_renders_one_line_per_scenario_in_the_order_given():
    chart = outlook_charts.share_by_scenario(projections(), ["cheap", "base"])
    drawn = svg(chart)
    assert "China's domestic share of its new AI compute, by scenario" in drawn
    assert "Scenario" in drawn  # legend title
    spec = json.loads(chart.to_json())
    line = spec["layer"][1]
    assert line["encoding"]["y"]["field"] == "domestic_share"
    assert line["encoding"]["color"] == {"field": "scenario", "type": "nominal", "title": "Scenario",
                                         "sort": ["cheap", "base"]}
    # the chart carries only the columns the page serves as CSV
    rows = spec["datasets"][line["data"]["name"]]
    assert sorted(rows[0]) == sorted(outlook_charts.SHARE_COLUMNS)
    assert len(rows) == 4


def test_tornado_renders_bars_in_swing_order_with_the_scenario_rule():
    torn = scenarios.tornado_table(scenarios.assumptions(KNOBS, ACC), [2026],
                                   {"hbm_stacks_per_year": (4000, 16000), "import_multiplier": (0.5, 3.0)})
    chart = outlook_charts.tornado(torn, 2026)
    drawn = svg(chart)
    assert "What moves the 2026 answer: one assumption at a time" in drawn
    assert "Import policy multiplier" in drawn
    spec = json.loads(chart.to_json())
    bars, rule = spec["layer"]
    assert bars["encoding"]["y"]["sort"] == ["Import policy multiplier", "HBM stacks, 2026 (per year)"]
    assert (bars["encoding"]["x"]["field"], bars["encoding"]["x2"]["field"]) == ("share_min", "share_max")
    assert spec["datasets"][rule["data"]["name"]] == [{"x": 0.5}]  # base share, worked in test_scenarios


def test_assumptions_styler_bolds_departures_from_base_only():
    table = scenarios.assumption_table({"base": KNOBS, "mine": {**KNOBS, "die_yield": 0.25}})
    html = outlook_charts.assumptions_styler(table).to_html()
    assert "Assumptions by scenario (bold: departs from base)" in html
    styled = outlook_charts.assumptions_styler(table)
    styled._compute()
    bold = sorted(k for k, v in styled.ctx.items() if ("font-weight", "bold") in v)
    # die_yield is knob 3 (0-based) and "mine" column 2: the only cell that departs
    assert bold == [(3, 2)]


def test_provenance_styler_headers_and_dates():
    table = pd.DataFrame({"estimate_id": ["a<b"], "counted": ["dies"], "value": ["78"], "unit": ["dies"],
                          "estimator": ["MS"], "published": pd.to_datetime(["2025-09-06"]), "known": ["yes"]})
    html = outlook_charts.provenance_styler(table, "2025-12-31").to_html()
    assert "Known on 2025-12-31?" in html and "Row (supply_estimates)" in html
    assert "2025-09-06" in html and "00:00:00" not in html
    assert "a&lt;b" in html


def test_flip_styler_columns_and_caption():
    flips = [{"knob": "die_yield", "label": "Die yield", "now": "30%", "crossing": "45%"}]
    styled = outlook_charts.flip_styler(flips, "base (your settings)", 2028)
    assert styled.data.columns.tolist() == ["Input", "Value in base (your settings)",
                                            "Value at which the share crosses 50%"]
    assert styled.data.iloc[0].tolist() == ["Die yield", "30%", "45%"]
    assert "Inputs at which the 2028 domestic share crosses 50%, one at a time" in styled.to_html()
