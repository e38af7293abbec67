"""The book's headline chart: China's AI compute added per year by source, and the domestic share with its band.

Builders take the tables of `models.compute_supply` (`supply_table`, `domestic_share_table`) and return Altair
charts. Bars, not an area: each year's additions are a flow of that year, and bars do not draw a line between
years that the data do not have.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import SIDE_COLOURS, WIDTH

MEASURE_TITLES = {"h100e_bf16": "H100-equivalents (dense BF16 throughput)",
                  "h100e_bandwidth": "H100-equivalents (memory bandwidth)", "units": "accelerators"}

#: One colour per source: Chinese designers in the warm half, imports in blues and green, grey channels in grey.
SOURCE_COLOURS = {
    "Huawei Ascend": SIDE_COLOURS["CN"], "Cambricon": "#E69F00", "Alibaba T-Head": "#CC79A7",
    "Baidu Kunlunxin": "#8C510A", "Other domestic": "#7B6FA8",
    "Nvidia (all products)": SIDE_COLOURS["US"], "Nvidia H20": "#56B4E9", "Nvidia H200": "#003F66",
    "Nvidia A800/H800": "#4C8CBF", "AMD": "#009E73",
    "Grey market (smuggled)": SIDE_COLOURS["Other"], "Offshore cloud access": "#A8A8A8",
}


def _by_source(table: pd.DataFrame, measure: str) -> pd.DataFrame:
    frame = table[table["measure"] == measure].copy()
    order = {s: i for i, s in enumerate(SOURCE_COLOURS)}
    frame["stack_order"] = frame["source"].map(order)
    frame["period_label"] = frame["period"].map({"history": "measured", "projection": "projected"})
    return frame


def compute_by_source(table: pd.DataFrame, measure: str = "h100e_bf16", title: str | None = None,
                      width: int = WIDTH) -> alt.Chart:
    """Stacked bars of the median compute each source added per year (domestic at the bottom); projected years
    lighter. Tooltips give each source's P10-P90."""
    frame = _by_source(table, measure)
    sources = [s for s in SOURCE_COLOURS if s in set(frame["source"])]
    unit = MEASURE_TITLES[measure]
    return alt.Chart(frame, width=width, height=260).mark_bar().encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("p50:Q", stack="zero", title="Added in the year (median)", axis=alt.Axis(format="~s")),
        color=alt.Color("source:N", title="Source", scale=alt.Scale(domain=sources, range=[SOURCE_COLOURS[s] for s in sources]),
                        sort=sources, legend=alt.Legend(columns=2, symbolType="square")),
        order=alt.Order("stack_order:Q"),
        opacity=alt.Opacity("period_label:N", title="Years", scale=alt.Scale(domain=["measured", "projected"], range=[1.0, 0.5])),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("source:N", title="Source"),
                 alt.Tooltip("period_label:N", title="Years"), alt.Tooltip("p50:Q", title="Median", format=",.0f"),
                 alt.Tooltip("p10:Q", title="P10", format=",.0f"), alt.Tooltip("p90:Q", title="P90", format=",.0f")],
    ).properties(
        title=alt.Title(title or "China's AI compute added per year, by source",
                        subtitle=[f"{unit[0].upper()}{unit[1:]}; each bar is a source's median. Lighter bars: projected years."]),
        description=f"Stacked bars per year from {frame['year'].min()} to {frame['year'].max()}: the median {unit} "
                    "each source added, domestic designers at the bottom, imports above; projected years lighter.",
    )


def domestic_share_band(share: pd.DataFrame, measure: str = "h100e_bf16", title: str | None = None,
                        width: int = WIDTH) -> alt.LayerChart:
    """The domestic share of each year's added compute: median line, P10-P90 band, and the 50% line."""
    frame = share[share["measure"] == measure].copy()
    frame["period_label"] = frame["period"].map({"history": "measured", "projection": "projected"})
    measured = frame[frame["period"] == "history"]
    if len(measured) and (frame["period"] == "projection").any():
        # The projected line starts from the last measured year, so the two segments join.
        frame = pd.concat([frame, measured.tail(1).assign(period_label="projected")], ignore_index=True)
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    y_scale = alt.Scale(domain=[0, 1])
    band = alt.Chart(frame).mark_area(color=SIDE_COLOURS["CN"], opacity=0.2).encode(
        x=x, y=alt.Y("p10:Q", scale=y_scale, title="Domestic share", axis=alt.Axis(format="%")), y2="p90:Q")
    line = alt.Chart(frame).mark_line(color=SIDE_COLOURS["CN"], point=alt.OverlayMarkDef(color=SIDE_COLOURS["CN"])).encode(
        x=x, y=alt.Y("p50:Q", scale=y_scale),
        strokeDash=alt.StrokeDash("period_label:N", title="Years", scale=alt.Scale(domain=["measured", "projected"], range=[[1, 0], [5, 3]])),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("period_label:N", title="Years"),
                 alt.Tooltip("p50:Q", title="Median", format=".0%"), alt.Tooltip("p10:Q", title="P10", format=".0%"),
                 alt.Tooltip("p90:Q", title="P90", format=".0%")])
    half = alt.Chart(pd.DataFrame({"y": [0.5], "label": ["half"]})).mark_rule(color="#6F6F6F", strokeDash=[2, 2]).encode(y="y:Q")
    half_label = alt.Chart(pd.DataFrame({"y": [0.5], "label": ["half"]})).mark_text(
        align="left", dx=4, dy=-6, color="#444444").encode(y="y:Q", text="label:N", x=alt.value(0))
    return alt.layer(band, half, half_label, line, width=width, height=200).properties(
        title=alt.Title(title or "Domestic share of the AI compute China added",
                        subtitle=[f"{MEASURE_TITLES[measure]}; line: median, band: P10-P90 of the draws"]),
        description="Line chart of the domestic share of each year's added AI compute with its P10-P90 band and a "
                    "dashed line at one half; projected years dashed.",
    )


def headline(table: pd.DataFrame, share: pd.DataFrame, measure: str = "h100e_bf16") -> alt.VConcatChart:
    """The two charts stacked: compute by source above, the domestic share below, on the same years."""
    chart = alt.vconcat(compute_by_source(table, measure), domestic_share_band(share, measure)).resolve_scale(
        color="independent", opacity="independent", strokeDash="independent")
    return chart.properties(description="China's AI compute added per year by source (stacked bars) and the domestic "
                                        "share of it with its P10-P90 band (line).")
