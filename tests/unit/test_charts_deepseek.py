"""Chapter 6's chart builders render for real (Vega-Lite to SVG) and encode what the chapter says; its table style
formats the cluster figures."""

from __future__ import annotations

import json
import math

import pandas as pd
import vl_convert

from chinacompute.charts import deepseek as deepseek_charts


def svg(chart) -> str:
    return vl_convert.vegalite_to_svg(chart.to_json())


def test_fleet_share_chart_stacks_normalised_shares_in_the_measure_order():
    long = pd.DataFrame(
        {
            "chip": ["H800", "H20", "H800", "H20"],
            "confidence": ["a", "b", "a", "b"],
            "source": ["k"] * 4,
            "measure": ["Share of units", "Share of units", "Share of H100-equivalents", "Share of H100-equivalents"],
            "share": [0.25, 0.75, 0.7, 0.3],
        }
    )
    chart = deepseek_charts.fleet_share_chart(long)
    image = svg(chart)
    assert "DeepSeek/High-Flyer fleet by chip: units vs compute" in image and "H20" in image
    spec = json.loads(chart.to_json())
    assert spec["encoding"]["x"]["stack"] == "normalize" and spec["encoding"]["x"]["axis"]["format"] == "%"
    assert spec["encoding"]["y"]["sort"] == ["Share of units", "Share of H100-equivalents"]
    assert spec["encoding"]["color"] == {"field": "chip", "title": "Chip", "type": "nominal"}


def test_fleet_share_chart_renders_an_empty_fleet():
    empty = pd.DataFrame(columns=["chip", "confidence", "source", "measure", "share"])
    assert "units vs compute" in svg(deepseek_charts.fleet_share_chart(empty))


def test_timeline_chart_labels_points_with_titles_one_lane_each():
    ev = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-12-26", "2025-08-14"]),
            "lane": [0, 1],
            "actor_group": ["Chinese AI lab", "Chinese AI lab"],
            "title": ["V3 report", "R2 on Ascend"],
            "description": ["x", "y"],
            "confidence": ["official", "press-report"],
        }
    )
    chart = deepseek_charts.timeline_chart(ev)
    image = svg(chart)
    assert "DeepSeek on the timeline" in image and "R2 on Ascend" in image
    spec = json.loads(chart.to_json())
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["point", "text"]
    assert spec["layer"][1]["encoding"]["text"]["field"] == "title"
    assert spec["layer"][0]["encoding"]["color"]["title"] == "Actor"
    assert spec["height"] == 44  # 22 per event


def test_cluster_table_style_formats_counts_and_dashes_missing_ones():
    table = pd.DataFrame(
        {
            "Cluster": ["V3 <cluster>"],
            "Purpose": ["training"],
            "Chip": ["H800"],
            "Units": [2048.0],
            "H100-equivalents (BF16)": [math.nan],
            "Confidence": ["official"],
        }
    )
    html = deepseek_charts.cluster_table_style(table).to_html()
    assert ">2,048<" in html and ">–<" in html and "V3 &lt;cluster&gt;" in html
