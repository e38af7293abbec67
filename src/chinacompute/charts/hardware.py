"""Chapter 3's charts and table styles: chips ranked by one measure, chips on the export-control plane, and the
number formats of its spec, gap, tier and rack tables.

Chart builders take DataFrames from models.hardware / models.export_controls and return Altair charts; style
functions take those tables and return pandas Stylers (index hidden, a dash for a missing figure, text escaped).
"""

from __future__ import annotations

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler

from ..models.hardware import LABELS
from .theme import SIDE_COLOURS

#: What a table shows for a missing figure.
DASH = "–"


def ranking_chart(ranked: pd.DataFrame, metric: str, label: str) -> alt.Chart:
    """Horizontal bars of `metric` per chip (largest on top), coloured by designer side (US, CN); `label` names the
    measure in the axis, tooltip and title. `ranked` needs chip, vendor, side, confidence and the metric column."""
    return (
        alt.Chart(ranked)
        .mark_bar()
        .encode(
            y=alt.Y("chip:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
            x=alt.X(f"{metric}:Q", title=label),
            color=alt.Color(
                "side:N", title="Designer", scale=alt.Scale(domain=["US", "CN"], range=[SIDE_COLOURS["US"], SIDE_COLOURS["CN"]])
            ),
            tooltip=[
                alt.Tooltip("chip:N", title="Chip"),
                alt.Tooltip("vendor:N", title="Vendor"),
                alt.Tooltip(f"{metric}:Q", title=label, format=",.4~g"),
                alt.Tooltip("confidence:N", title="Confidence"),
            ],
        )
        .properties(
            title=f"Chips ranked by {label}",
            height=max(120, 22 * len(ranked)),
            description=f"Horizontal bar chart ranking accelerators by {label}.",
        )
    )


def threshold_chart(
    placed: pd.DataFrame, labels: pd.DataFrame, tpp_lines: list[float], density_lines: list[float], rule: str
) -> alt.LayerChart:
    """Log-log scatter of chips by TPP and performance density, coloured by tier and shaped by designer country,
    with the text labels given (`labels`: tpp, performance_density, chip; models.hardware.declutter keeps those that
    do not overlap), a dashed vertical rule per TPP threshold and a dotted horizontal rule per density threshold,
    each named with its value (none drawn for an empty list)."""
    points = (
        alt.Chart(placed)
        .mark_point(size=110)
        .encode(
            x=alt.X("tpp:Q", title="Total processing performance (TPP, TOPS x bits)", scale=alt.Scale(type="log")),
            y=alt.Y("performance_density:Q", title="Performance density (TPP per mm²)", scale=alt.Scale(type="log")),
            color=alt.Color("tier:N", title="Tier"),
            shape=alt.Shape("vendor_country:N", title="Designer"),
            tooltip=[
                alt.Tooltip("chip:N", title="Chip"),
                alt.Tooltip("tpp:Q", title="TPP", format=",.0f"),
                alt.Tooltip("performance_density:Q", title="Density (TPP/mm²)", format=".2f"),
                alt.Tooltip("tier:N", title="Tier"),
                alt.Tooltip("missing_inputs:N", title="Missing inputs"),
            ],
        )
    )
    text = (
        alt.Chart(labels)
        .mark_text(align="left", dx=8, fontSize=10, color="#333333")
        .encode(x="tpp:Q", y="performance_density:Q", text="chip:N")
    )
    layers = [points, text]
    if tpp_lines:
        lines = pd.DataFrame({"tpp": tpp_lines, "label": [f"TPP {v:,.0f}" for v in tpp_lines]})
        layers.append(
            alt.Chart(lines)
            .mark_rule(strokeDash=[4, 3], color="#555555")
            .encode(x="tpp:Q", tooltip=[alt.Tooltip("tpp:Q", title="TPP threshold", format=",.0f")])
        )
        # Each threshold named at the top of its line, written upwards so neighbouring lines' names never collide.
        layers.append(
            alt.Chart(lines)
            .mark_text(angle=270, align="right", baseline="bottom", dx=-4, dy=-3, fontSize=11, color="#444444")
            .encode(x="tpp:Q", y=alt.value(0), text="label:N")
        )
    if density_lines:
        bands = pd.DataFrame({"pd": density_lines, "label": [f"density {v:g}" for v in density_lines]})
        layers.append(
            alt.Chart(bands)
            .mark_rule(strokeDash=[2, 2], color="#999999")
            .encode(y="pd:Q", tooltip=[alt.Tooltip("pd:Q", title="Density threshold (TPP/mm²)", format=".2f")])
        )
        layers.append(
            alt.Chart(bands)
            .mark_text(align="right", baseline="bottom", dy=-2, fontSize=11, color="#444444")
            .encode(y="pd:Q", x=alt.value("width"), text="label:N")
        )
    return alt.layer(*layers).properties(
        title=f"Chips against the {rule} export-control thresholds",
        width=560,
        description=f"Log-log scatter of chips by TPP and performance density with the {rule} rule's thresholds as lines, coloured by tier.",
    )


def spec_table_style(table: pd.DataFrame) -> Styler:
    """The spec table (models.hardware.spec_table) styled: bandwidth in TB/s to 2 decimals, other figures as whole
    numbers with thousands separators, text columns escaped."""
    # One format call per column group: a later dict-style .format() resets columns it does not name.
    numeric = {
        label: ("{:.2f}" if label == "Memory bandwidth (TB/s)" else "{:,.0f}") for label in LABELS.values() if label in table
    }
    text = [c for c in table.columns if c not in numeric]
    return table.style.hide(axis="index").format(numeric, na_rep=DASH).format(escape="html", na_rep=DASH, subset=text)


def make_table_style(table: pd.DataFrame) -> Styler:
    """The make table (models.hardware.make_table): every cell escaped, the year as a plain number."""
    return table.style.hide(axis="index").format(escape="html", na_rep=DASH).format("{:.0f}", subset=["Year"], na_rep=DASH)


def gap_table_style(gap: pd.DataFrame) -> Styler:
    """The gap table (models.hardware.gap_table) styled: ratios to 2 decimals, chip names escaped."""
    return gap.style.hide(axis="index").format(precision=2, na_rep=DASH).format(escape="html", subset=["Chip"])


def tier_table_style(tiers: pd.DataFrame, rule: str) -> Styler:
    """The tier table (models.hardware.tier_table for `rule`) styled: TPP whole, density to 2 decimals, text escaped."""
    return (
        tiers.style.hide(axis="index")
        .format({"TPP": "{:,.0f}", "Density (TPP/mm²)": "{:.2f}"}, na_rep=DASH)
        .format(escape="html", subset=["Chip", f"Tier under {rule}", "Missing inputs", "Tier is a lower bound"])
    )


def systems_table_style(table: pd.DataFrame) -> Styler:
    """The rack table (models.hardware.systems_table) styled: HBM to 1 decimal, efficiency to 2, others whole."""
    return (
        table.style.hide(axis="index")
        .format(
            {
                "Chips": "{:,.0f}",
                "BF16 dense (PFLOPS)": "{:,.0f}",
                "HBM (TB)": "{:.1f}",
                "Memory bandwidth (TB/s)": "{:,.0f}",
                "Power (kW)": "{:,.0f}",
                "Efficiency (PFLOPS per kW)": "{:.2f}",
            },
            na_rep=DASH,
        )
        .format(escape="html", subset=["System", "Confidence"])
    )
