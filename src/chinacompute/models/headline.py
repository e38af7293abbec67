"""The book's headline numbers: a handful of figures a reader can quote, each with its range, confidence and the
chapter that holds the evidence. Pure: tables and the model's share table in, rows out."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from .. import prose
from . import first_row, is_missing


def _figures(frame: pd.DataFrame) -> list[float]:
    values = []
    for column in ("value", "value_low", "value_high"):
        values += [float(v) for v in frame[column] if not is_missing(v)]
    return values


def headline_numbers(
    supply: pd.DataFrame, accelerators: pd.DataFrame, share_bf16: Mapping, share_bandwidth: Mapping, as_of: str
) -> list[dict]:
    """Rows {finding, figure, range, confidence, chapter} for the landing page; a finding whose rows are not known
    on `as_of` says so instead of a number."""
    rows = []
    if share_bf16:
        year = int(share_bf16["year"])
        rows.append(
            {
                "finding": f"Domestic share of the AI compute China added in {year} (H100-equivalents, BF16)",
                "figure": prose.percent(share_bf16["p50"]),
                "range": f"P10-P90: {prose.percent(share_bf16['p10'])}-{prose.percent(share_bf16['p90'])}",
                "confidence": "model over analyst estimates",
                "chapter": "chapters/07_outlook",
            }
        )
    if share_bandwidth:
        rows.append(
            {
                "finding": f"The same share counted in memory bandwidth, {int(share_bandwidth['year'])}",
                "figure": prose.percent(share_bandwidth["p50"]),
                "range": f"P10-P90: {prose.percent(share_bandwidth['p10'])}-{prose.percent(share_bandwidth['p90'])}",
                "confidence": "model over analyst estimates",
                "chapter": "chapters/07_outlook",
            }
        )
    huawei = supply[
        (supply.get("dispute_group", pd.Series(index=supply.index, dtype=object)) == "huawei-ascend-output-2025")
        & (supply["metric"] == "units")
    ]
    idc = first_row(supply, "estimate_id", "idc-huawei-cards-china-2025")
    if idc:
        figures = _figures(huawei)
        rows.append(
            {
                "finding": "Huawei Ascend accelerators shipped in China in 2025 (IDC)",
                "figure": prose.number(idc["value"]),
                "range": f"estimates and bounds: {prose.span(min(figures), max(figures))}"
                if len(figures) > 1
                else "one estimate",
                "confidence": idc["confidence"],
                "chapter": "chapters/02_supply_volume",
            }
        )
    nvidia = first_row(supply, "estimate_id", "idc-nvidia-cards-china-2025")
    if nvidia:
        rows.append(
            {
                "finding": "Nvidia AI accelerator cards shipped in China in 2025 (IDC)",
                "figure": prose.number(nvidia["value"]),
                "range": "one estimate",
                "confidence": nvidia["confidence"],
                "chapter": "chapters/02_supply_volume",
            }
        )
    specs = accelerators.set_index("chip_id")["fp16_bf16_dense_tflops"]
    if {"huawei-ascend-910c", "nvidia-h100-sxm"} <= set(specs.index) and not specs[
        ["huawei-ascend-910c", "nvidia-h100-sxm"]
    ].isna().any():
        chip = first_row(accelerators, "chip_id", "huawei-ascend-910c")
        rows.append(
            {
                "finding": "An Ascend 910C's dense BF16 throughput, against an H100's",
                "figure": prose.percent(specs["huawei-ascend-910c"] / specs["nvidia-h100-sxm"]),
                "range": "spec figures disputed (see the hardware chapter)",
                "confidence": chip["confidence"],
                "chapter": "chapters/03_hardware_gap",
            }
        )
    orders, none = (
        first_row(supply, "estimate_id", "reuters-h200-orders-2026"),
        first_row(supply, "estimate_id", "commerce-h200-china-deliveries-feb2026"),
    )
    if orders:
        rows.append(
            {
                "finding": "H200 ordered by Chinese firms for 2026, against H200 delivered by 2026-02-24",
                "figure": prose.estimate(orders),
                "range": f"delivered: {prose.estimate(none, missing='not reported')}",
                "confidence": orders["confidence"],
                "chapter": "chapters/02_supply_volume",
            }
        )
    return rows
