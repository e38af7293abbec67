"""The software-ecosystem charts render to SVG and keep the encodings chapter 04 relies on; its table styles
format the cells as the chapter shows them."""

from __future__ import annotations

import pandas as pd
import vl_convert

from chinacompute.charts import ecosystem as ecosystem_charts
from chinacompute.models import ecosystem
from tests.unit.test_ecosystem_chapter import AS_OF, EQUAL, signals, stacks, supply


def ranked() -> pd.DataFrame:
    return ecosystem.ranked_index(stacks(), AS_OF, EQUAL)


def test_maturity_chart_renders_bars_in_index_order():
    index = ranked()
    chart = ecosystem_charts.maturity_chart(ecosystem.weighted_components(index), index)
    svg = vl_convert.vegalite_to_svg(chart.to_json())
    assert "Software maturity index by stack" in svg and "PaddlePaddle" in svg
    bars, country = chart.to_dict()["layer"]
    assert bars["encoding"]["y"]["sort"] == ["PaddlePaddle", "CUDA", "CANN", "FlagGems", "MUSA"]
    assert bars["encoding"]["color"]["title"] == "Component"
    assert bars["encoding"]["color"]["sort"] == ["Age", "Openness", "PyTorch route", "Developers", "Public signals"]
    assert country["encoding"]["text"]["field"] == "vendor_country"
    assert country["encoding"]["color"]["legend"] is None


def test_installed_base_chart_is_a_log_scatter_coloured_by_side():
    loop = ecosystem.installed_base(supply(), ranked(), stacks())
    chart = ecosystem_charts.installed_base_chart(loop)
    svg = vl_convert.vegalite_to_svg(chart.to_json())
    assert "Installed base vs software maturity" in svg and "Vendor country" in svg
    points = chart.to_dict()["layer"][0]
    assert points["encoding"]["x"]["field"] == "value" and points["encoding"]["x"]["scale"]["type"] == "log"
    assert points["encoding"]["color"]["scale"]["domain"] == ["US", "CN"]


def test_signals_chart_colours_every_kind():
    chart = ecosystem_charts.signals_chart(ecosystem.signals_by_stack(signals(), stacks()))
    svg = vl_convert.vegalite_to_svg(chart.to_json())
    assert "Public maturity signals by stack and kind" in svg and "Kind of signal" in svg
    color = chart.to_dict()["encoding"]["color"]
    assert color["scale"]["domain"] == ecosystem.SIGNAL_KINDS
    assert len(color["scale"]["range"]) == len(ecosystem.SIGNAL_KINDS)


def test_table_styles_format_gaps_and_numbers():
    side = ecosystem_charts.side_by_side_style(ecosystem.side_by_side(stacks())).to_html()
    assert "1,000,000" in side and "not found" in side and "2007" in side and "2007.0" not in side
    scores = ecosystem_charts.scores_style(ecosystem.score_table(ranked())).to_html()
    assert "n/a" in scores and "0.89" in scores  # paddle's PyTorch score; its index 0.888889
    weights = ecosystem_charts.weights_style(ecosystem.weights_table({"age": 1, "openness": 3})).to_html()
    assert "75%" in weights and "3.00" in weights
    contents = ecosystem_charts.contents_style(ecosystem.contents(stacks())).to_html()
    assert "overflow-wrap: anywhere" in contents
