"""Chapter 02's chart builders (charts/supply.py), rendered for real with vl_convert on small tables built here."""

import json
import math

import pandas as pd
import vl_convert as vlc

from chinacompute.charts import supply as supply_charts
from chinacompute.charts.theme import SIDE_COLOURS


def svg(chart) -> str:
    return vlc.vegalite_to_svg(chart.to_json())


def spec(chart) -> dict:
    return json.loads(chart.to_json())


REV = pd.DataFrame(
    {
        "quarter_end": ["2025-01-26", "2025-04-27"],
        "value": [5.5, 3.0],
        "confidence": ["official", "rumor"],
        "estimator": ["Nvidia 10-Q", "Aggregator"],
    }
)
HW = pd.DataFrame(
    {
        "label": ["Firm X: Ascend 910C", "Gov Y: ", "Paper Z: Ascend 910B"],
        "point": [300.0, 900.0, 100.0],
        "range_low": [300.0, 900.0, 100.0],
        "range_high": [300.0, 900.0, 100.0],
        "kind": ["point estimate", "at most", "at least"],
        "estimator": ["Firm X", "Gov Y", "Paper Z"],
        "counted": ["a", "b", "c"],
        "confidence": ["analyst-estimate", "official", "press-report"],
        "basis": ["estimated", "capacity", "forecast"],
    }
)
LIVE = pd.DataFrame(
    {
        "estimator": ["Analyst A", "Analyst B"],
        "dies": [2_000_000.0, 1_000_000.0],
        "source": ["srcA", "srcB"],
        "tflops_per_die": [400.0, 400.0],
    }
)
CMP = pd.DataFrame(
    {
        "supply": ["Nvidia H20 to China, 2024", "Cambricon, 2025 (Goldman Sachs)"],
        "side": ["US", "CN"],
        "source": ["srcS", "srcG"],
        "units": [1_000.0, 500.0],
        "h100e": pd.array([150.0, None], dtype="Float64"),
    }
)


def test_china_revenue_chart_renders_bars_by_quarter():
    chart = supply_charts.china_revenue_chart(REV)
    assert "Nvidia revenue billed to China, by quarter" in svg(chart)
    enc = spec(chart)["encoding"]
    assert (enc["x"]["field"], enc["y"]["field"]) == ("quarter_end", "value")
    # rumour-level rows are drawn paler
    assert enc["opacity"]["scale"] == {"domain": ["official", "rumor"], "range": [1.0, 0.55]}
    assert spec(chart)["mark"]["color"] == SIDE_COLOURS["US"]


def test_huawei_estimates_chart_shapes_by_kind_and_grows_with_rows():
    chart = supply_charts.huawei_estimates_chart(HW)
    drawn = svg(chart)
    assert "Huawei Ascend output in 2025, by estimator" in drawn and "Kind" in drawn  # title and legend titles
    assert "The figure is" in drawn and "estimated output" in drawn and "forecast" in drawn
    layers = spec(chart)["layer"]
    assert (layers[0]["encoding"]["x"]["field"], layers[0]["encoding"]["x2"]["field"]) == ("range_low", "range_high")
    shape = layers[1]["encoding"]["shape"]
    assert shape["scale"]["range"] == ["circle", "triangle-left", "triangle-right"]
    # 3 rows: max(120, 34 x 3 = 102) = 120; 5 rows: 170
    assert spec(chart)["height"] == 120
    assert spec(supply_charts.huawei_estimates_chart(pd.concat([HW, HW.iloc[:2]])))["height"] == 170


def test_die_bank_live_chart_sliders_start_at_the_given_values():
    chart = supply_charts.die_bank_live_chart(LIVE, (1_400_000, 1_500_000), 1000.0, 4, 0.75, 2, 0.9, 13_000_000)
    drawn = svg(chart)
    assert "Ascend packages from the TSMC die bank: set the assumptions" in drawn and "Limited by" in drawn
    params = {p["name"]: p for p in spec(chart)["params"]}
    assert {n: p["value"] for n, p in params.items()} == {
        "die_yield": 0.75,
        "dies_per_package": 2,
        "packaging_yield": 0.9,
        "hbm_millions": 13.0,
    }
    assert params["hbm_millions"]["bind"]["max"] == 30
    bars = spec(chart)["layer"][1]
    calc = {t["as"]: t["calculate"] for t in bars["transform"]}
    # the stacks per die and the H100 figure are written into the browser's formulas
    assert calc["hbm_cap"] == "floor(hbm_millions * 1000000 / (4 * dies_per_package))"
    assert calc["h100e"].endswith("/ 1000.0")
    band = spec(chart)["layer"][0]
    assert band["encoding"]["x"]["field"] == "low" and band["encoding"]["x2"]["field"] == "high"
    band_data = spec(chart)["datasets"][band["data"]["name"]]
    assert band_data == [{"low": 1_400_000, "high": 1_500_000, "what": "article's claimed 910C range"}]


def test_units_vs_h100e_chart_one_row_per_measure_and_no_bar_without_h100_figure():
    chart = supply_charts.units_vs_h100e_chart(CMP)
    drawn = svg(chart)
    assert "The same supplies in units and in H100-equivalents" in drawn and "Side" in drawn
    assert drawn.count("no BF16 figure") == 1  # Cambricon's missing figure is said, not drawn as a zero bar
    s = spec(chart)
    assert [v["title"]["text"] for v in s["vconcat"]] == ["Units", "H100-equivalents (dense BF16)"]
    assert s["resolve"]["scale"]["x"] == "shared"  # one scale: units and compute compare bar for bar
    bars, gaps = s["vconcat"][1]["layer"]
    assert bars["encoding"]["color"]["scale"]["range"] == [SIDE_COLOURS["US"], SIDE_COLOURS["CN"]]
    assert (bars["transform"][-1]["filter"], gaps["transform"][-1]["filter"]) == ("!datum.missing", "datum.missing")
    rows = s["datasets"][next(iter(s["datasets"]))]
    # two units bars and one H100-equivalents bar; Cambricon's H100-equivalents row is the one missing
    assert sorted((r["measure"], r["amount"]) for r in rows if not r["missing"]) == [
        ("H100-equivalents (dense BF16)", 150.0),
        ("Units", 500.0),
        ("Units", 1_000.0),
    ]
    assert [r["measure"] for r in rows if r["missing"]] == ["H100-equivalents (dense BF16)"]


def test_number_table_formats_numbers_and_escapes_text():
    table = pd.DataFrame({"Estimator": ["<b>A</b>"], "Dies (units)": [1234567.4], "Low (units)": [math.nan]})
    html = supply_charts.number_table(table).to_html()
    assert "1,234,567" in html and "–" in html
    assert "&lt;b&gt;A&lt;/b&gt;" in html and "<b>A</b>" not in html


def test_number_table_escapes_only_the_text_columns_given():
    table = pd.DataFrame({"Estimator": ["a&b"], "Note": ["c&d"], "Dies (units)": [1.0]})
    with pd.option_context("styler.format.escape", None):  # as without charts.setup(): no escaping by default
        html = supply_charts.number_table(table, ["Estimator"]).to_html()
    assert "a&amp;b" in html and "c&d" in html


def test_huawei_chart_draws_plans_and_forecasts_hollow_with_a_legend_for_what_each_figure_is():
    import pandas as pd

    from chinacompute.charts.supply import huawei_estimates_chart

    hw = pd.DataFrame(
        {
            "label": ["A: Ascend", "B: 910C", "C: Ascend"],
            "basis": ["estimated", "plan", "capacity"],
            "point": [800_000.0, 300_000.0, 200_000.0],
            "range_low": [800_000.0, 300_000.0, 200_000.0],
            "range_high": [800_000.0, 300_000.0, 200_000.0],
            "kind": ["point estimate", "point estimate", "at most"],
            "estimator": ["A", "B", "C"],
            "counted": ["cards shipped", "planned chips", "capacity"],
            "confidence": ["analyst-estimate", "press-report", "official"],
        }
    )
    spec = huawei_estimates_chart(hw).to_dict()
    points = [layer for layer in spec["layer"] if layer["mark"]["type"] == "point"]
    filled = {layer["transform"][0]["filter"]: layer["mark"]["filled"] for layer in points}
    assert filled == {"datum.output": True, "!datum.output": False}  # output filled, the rest hollow
    colour = points[0]["encoding"]["color"]
    assert colour["title"] == "The figure is" and colour.get("legend", {}) is not None
    assert colour["scale"]["domain"] == ["estimated output", "plan", "capacity or ceiling"]
    rows = {r["label"]: r for r in next(iter(spec["datasets"].values()))}
    assert rows["A: Ascend"]["output"] is True and rows["B: 910C"]["output"] is False
    assert "Hollow: forecasts, plans and ceilings" in spec["title"]["subtitle"]
