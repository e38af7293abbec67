"""The headline chart renders for real (vl-convert) with its titles, legends and encodings."""

from __future__ import annotations

import json

import pandas as pd
import vl_convert as vlc

from chinacompute.charts import compute_supply as chart

TABLE = pd.DataFrame(
    [
        {
            "year": 2025,
            "source": "Huawei Ascend",
            "side": "domestic",
            "period": "history",
            "measure": "h100e_bf16",
            "p10": 1.0,
            "p50": 2.0,
            "p90": 3.0,
        },
        {
            "year": 2025,
            "source": "Nvidia (all products)",
            "side": "imported",
            "period": "history",
            "measure": "h100e_bf16",
            "p10": 1.0,
            "p50": 1.5,
            "p90": 2.0,
        },
        {
            "year": 2026,
            "source": "Huawei Ascend",
            "side": "domestic",
            "period": "projection",
            "measure": "h100e_bf16",
            "p10": 1.0,
            "p50": 2.5,
            "p90": 4.0,
        },
        {
            "year": 2026,
            "source": "Nvidia H200",
            "side": "imported",
            "period": "projection",
            "measure": "h100e_bf16",
            "p10": 1.0,
            "p50": 3.0,
            "p90": 5.0,
        },
        {
            "year": 2026,
            "source": "Nvidia H200",
            "side": "imported",
            "period": "projection",
            "measure": "units",
            "p10": 9.0,
            "p50": 9.0,
            "p90": 9.0,
        },
    ]
)
SHARE = pd.DataFrame(
    [
        {"year": 2025, "period": "history", "measure": "h100e_bf16", "p10": 0.5, "p50": 0.57, "p90": 0.7},
        {"year": 2026, "period": "projection", "measure": "h100e_bf16", "p10": 0.3, "p50": 0.45, "p90": 0.6},
    ]
)


def test_compute_by_source_renders_with_a_legend_of_sources_only_for_the_measure():
    built = chart.compute_by_source(TABLE)
    spec = built.to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Huawei Ascend", "Nvidia (all products)", "Nvidia H200"]
    assert spec["encoding"]["y"]["field"] == "p50" and spec["encoding"]["y"]["stack"] == "zero"
    values = next(iter(spec["datasets"].values()))
    assert {v["measure"] for v in values} == {"h100e_bf16"}  # the units row is not drawn
    svg = vlc.vegalite_to_svg(built.to_json())
    assert "added per year, by source" in svg and "Huawei Ascend" in svg and "projected" in svg


def test_share_band_draws_p10_to_p90_and_the_half_line():
    built = chart.domestic_share_band(SHARE)
    layers = built.to_dict()["layer"]
    band = layers[0]["encoding"]
    assert band["y"]["field"] == "p10" and band["y2"]["field"] == "p90"
    assert any(layer.get("mark", {}).get("type") == "rule" for layer in layers)
    svg = vlc.vegalite_to_svg(built.to_json())
    assert "Domestic share" in svg and "half" in svg


def test_headline_stacks_both():
    built = chart.headline(TABLE, SHARE)
    assert len(built.to_dict()["vconcat"]) == 2
    svg = vlc.vegalite_to_svg(json.dumps(built.to_dict()))
    assert svg.count("<svg") >= 1 and "Domestic share of the AI compute" in svg


def test_landing_size_is_shorter_and_a_bad_size_is_refused():
    import pytest

    def heights(spec):
        return [view.get("height") for view in spec["vconcat"]]

    assert heights(chart.headline(TABLE, SHARE).to_dict()) == [260, 200]
    landing = chart.headline(TABLE, SHARE, size="landing").to_dict()
    assert heights(landing) == [125, 80]
    share_panel = json.dumps(landing["vconcat"][1])
    assert '"legend": null' in share_panel and "dashed: projected years" in share_panel
    assert "dashed: projected years" not in json.dumps(chart.headline(TABLE, SHARE).to_dict()["vconcat"][1])
    assert "Domestic share of the AI compute" in vlc.vegalite_to_svg(json.dumps(landing))
    with pytest.raises(ValueError, match="size must be one of chapter, landing"):
        chart.headline(TABLE, SHARE, size="poster")
