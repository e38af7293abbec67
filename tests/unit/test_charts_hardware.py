"""Chapter 3's chart builders render for real (Vega-Lite to SVG) and encode what the chapter says; its table styles
format figures as the chapter shows them."""

from __future__ import annotations

import json
import math

import pandas as pd
import vl_convert

from chinacompute.charts import hardware as hardware_charts

NAN = math.nan


def svg(chart) -> str:
    return vl_convert.vegalite_to_svg(chart.to_json())


def test_ranking_chart_renders_with_title_and_side_colours():
    ranked = pd.DataFrame(
        {
            "chip": ["Big", "Small"],
            "vendor": ["Nvidia", "Huawei"],
            "side": ["US", "CN"],
            "confidence": ["official", "press-report"],
            "memory_gb": [192.0, 64.0],
        }
    )
    chart = hardware_charts.ranking_chart(ranked, "memory_gb", "Memory (GB)")
    image = svg(chart)
    assert "Chips ranked by Memory (GB)" in image and "Big" in image and "Small" in image
    spec = json.loads(chart.to_json())
    assert spec["encoding"]["x"]["field"] == "memory_gb" and spec["encoding"]["y"]["sort"] == "-x"
    assert spec["encoding"]["color"]["scale"] == {"domain": ["US", "CN"], "range": ["#0072B2", "#B85000"]}
    assert spec["height"] == 120  # two bars: max(120, 22 x 2)


def placed() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "chip": ["A", "B"],
            "tpp": [16000.0, 4000.0],
            "performance_density": [20.0, 5.0],
            "tier": ["controlled", "not controlled"],
            "vendor_country": ["US", "CN"],
            "missing_inputs": ["", ""],
        }
    )


def test_threshold_chart_draws_one_rule_layer_per_kind_of_threshold():
    labels = placed()[["tpp", "performance_density", "chip"]]
    chart = hardware_charts.threshold_chart(placed(), labels, [4800.0], [5.92], "2023-10")
    assert "Chips against the 2023-10 export-control thresholds" in svg(chart)
    spec = json.loads(chart.to_json())
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["point", "text", "rule", "text", "rule", "text"]  # each kind of line, then its name
    assert spec["layer"][0]["encoding"]["x"]["scale"]["type"] == "log"
    assert spec["layer"][0]["encoding"]["color"]["title"] == "Tier"
    assert spec["layer"][2]["encoding"]["x"]["field"] == "tpp" and spec["layer"][4]["encoding"]["y"]["field"] == "pd"
    drawn = svg(chart)
    assert "TPP 4,800" in drawn and "density 5.92" in drawn  # the thresholds are labelled with their values


def test_threshold_chart_without_thresholds_has_no_rules():
    labels = placed()[["tpp", "performance_density", "chip"]]
    chart = hardware_charts.threshold_chart(placed(), labels, [], [], "2022-10")
    assert "2022-10" in svg(chart)
    assert [layer["mark"]["type"] for layer in json.loads(chart.to_json())["layer"]] == ["point", "text"]


def test_table_styles_format_figures_and_dash_missing_ones():
    spec = pd.DataFrame(
        {
            "Chip": ["<X>"],
            "Vendor": ["V"],
            "BF16/FP16 dense (TFLOPS)": [1234.4],
            "FP8 dense (TFLOPS)": [NAN],
            "INT8 dense (TOPS)": [NAN],
            "Memory (GB)": [64.0],
            "Memory bandwidth (TB/s)": [1.6384],
            "Chip-to-chip (GB/s)": [NAN],
            "Power (W)": [NAN],
            "Process node": [None],
            "Year": [2024],
            "Confidence": ["official"],
        }
    )
    html = hardware_charts.spec_table_style(spec).to_html()
    assert ">1,234<" in html and ">1.64<" in html and ">–<" in html and "&lt;X&gt;" in html
    gap = hardware_charts.gap_table_style(pd.DataFrame({"Chip": ["X"], "Memory vs H20": [1 / 3]})).to_html()
    assert ">0.33<" in gap
    tiers = pd.DataFrame(
        {
            "Chip": ["X"],
            "TPP": [12480.0],
            "Density (TPP/mm²)": [NAN],
            "Tier under r": ["t"],
            "Missing inputs": ["performance_density"],
            "Tier is a lower bound": ["yes"],
        }
    )
    html = hardware_charts.tier_table_style(tiers, "r").to_html()
    assert ">12,480<" in html and ">–<" in html
    racks = pd.DataFrame(
        {
            "System": ["CM"],
            "Chips": [384],
            "BF16 dense (PFLOPS)": [300.2],
            "HBM (TB)": [49.24],
            "Memory bandwidth (TB/s)": [1229.0],
            "Power (kW)": [559.4],
            "Efficiency (PFLOPS per kW)": [0.5366],
            "Confidence": ["analyst-estimate"],
        }
    )
    html = hardware_charts.systems_table_style(racks).to_html()
    assert all(f">{text}<" in html for text in ("384", "300", "49.2", "1,229", "559", "0.54"))
