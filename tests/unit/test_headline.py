"""The landing page's headline numbers, on hand-made rows, and their Markdown (escaped, linked)."""

from __future__ import annotations

import math

import pandas as pd

from chinacompute.charts.headline import headline_list
from chinacompute.models.headline import headline_numbers

SUPPLY = pd.DataFrame(
    [
        {
            "estimate_id": "idc-huawei-cards-china-2025",
            "metric": "units",
            "value": 812_000.0,
            "value_low": math.nan,
            "value_high": math.nan,
            "confidence": "analyst-estimate",
            "dispute_group": "huawei-ascend-output-2025",
        },
        {
            "estimate_id": "cap",
            "metric": "units",
            "value": math.nan,
            "value_low": math.nan,
            "value_high": 200_000.0,
            "confidence": "official",
            "dispute_group": "huawei-ascend-output-2025",
        },
        {
            "estimate_id": "reuters-h200-orders-2026",
            "metric": "units",
            "value": math.nan,
            "value_low": 2_000_000.0,
            "value_high": math.nan,
            "confidence": "press-report",
            "dispute_group": None,
        },
    ]
)
CHIPS = pd.DataFrame(
    [
        {"chip_id": "huawei-ascend-910c", "fp16_bf16_dense_tflops": 780.0, "confidence": "analyst-estimate"},
        {"chip_id": "nvidia-h100-sxm", "fp16_bf16_dense_tflops": 1000.0, "confidence": "official"},
    ]
)
SHARE = {"year": 2025, "p10": 0.59, "p50": 0.66, "p90": 0.72}


def test_numbers_with_ranges_and_missing_rows():
    rows = {r["finding"]: r for r in headline_numbers(SUPPLY, CHIPS, SHARE, {}, "2026-11-28")}
    share = rows["Domestic share of the AI compute China added in 2025 (H100-equivalents, BF16)"]
    assert (share["figure"], share["range"]) == ("66%", "P10-P90: 59%-72%")
    huawei = rows["Huawei Ascend accelerators shipped in China in 2025 (IDC)"]
    assert (huawei["figure"], huawei["range"]) == ("812,000", "estimates and bounds: 200,000 to 812,000")
    assert rows["An Ascend 910C's dense BF16 throughput, against an H100's"]["figure"] == "78%"
    h200 = rows["H200 ordered by Chinese firms for 2026, against H200 delivered by 2026-02-24"]
    assert (h200["figure"], h200["range"]) == ("at least 2,000,000", "delivered: not reported")
    assert not any("memory bandwidth" in f for f in rows)  # no bandwidth share given: no row
    assert headline_numbers(SUPPLY.iloc[0:0], CHIPS.iloc[0:0], {}, {}, "2020-01-01") == []


def test_markdown_escapes_data_and_links_the_chapter():
    rows = [
        {
            "finding": "A *bold* claim <script>",
            "figure": "1",
            "range": "r",
            "confidence": "rumor",
            "chapter": "chapters/02_supply_volume",
        }
    ]
    text = headline_list(rows).data
    assert "*bold*" not in text and "<script>" not in text
    assert text.startswith("**Headline numbers**")
    assert "- **1** A " in text  # the figure first, in bold
    assert text.endswith("rumor. {doc}`Chapter 2 <chapters/02_supply_volume>`")
    assert "No headline number" in headline_list([]).data


def test_evidence_link_names_the_chapter_by_number():
    from chinacompute.charts.headline import evidence_link

    assert evidence_link("chapters/07_outlook") == "{doc}`Chapter 7 <chapters/07_outlook>`"
    assert evidence_link("chapters/10_more") == "{doc}`Chapter 10 <chapters/10_more>`"
    assert evidence_link("reference/rerun") == "{doc}`Evidence <reference/rerun>`"
