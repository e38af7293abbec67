"""Chapter 6's charts and table style: the DeepSeek fleet by units against compute, DeepSeek on the timeline, and
the reported-clusters table.

Builders take DataFrames from models.deepseek and return Altair charts or a pandas Styler.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler

from ..models.deepseek import SHARE_MEASURES


def cluster_table_style(table: pd.DataFrame) -> Styler:
    """The reported-clusters table (models.deepseek.cluster_table) styled: whole units and H100-equivalents with
    thousands separators, a dash for a missing figure, text escaped."""
    return (
        table.style.hide(axis="index")
        .format({"Units": "{:,.0f}", "H100-equivalents (BF16)": "{:,.0f}"}, na_rep="–")
        .format(escape="html", subset=["Cluster", "Purpose", "Chip", "Confidence"])
    )


def fleet_share_chart(long: pd.DataFrame) -> alt.Chart:
    """Two stacked, normalised bars (share of units, share of H100-equivalents), one segment per chip;
    `long` is models.deepseek.shares_long."""
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("measure:N", title=None, sort=list(SHARE_MEASURES.values())),
            x=alt.X("share:Q", title="Share of the fleet (%)", axis=alt.Axis(format="%"), stack="normalize"),
            color=alt.Color("chip:N", title="Chip"),
            tooltip=[
                alt.Tooltip("chip:N", title="Chip"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("share:Q", title="Share", format=".0%"),
                alt.Tooltip("confidence:N", title="Confidence"),
            ],
        )
        .properties(
            title="DeepSeek/High-Flyer fleet by chip: units vs compute",
            height=110,
            description="Stacked bar chart of the shares of each chip type in DeepSeek's reported fleet, by units and by H100-equivalents.",
        )
    )


def timeline_chart(ev: pd.DataFrame) -> alt.LayerChart:
    """Events as points on a date axis, one lane each (`ev` is models.deepseek.deepseek_events), coloured by actor
    group and labelled with their titles."""
    timeline = (
        alt.Chart(ev)
        .mark_point(size=120, filled=True)
        .encode(
            x=alt.X("date:T", title="Date", axis=alt.Axis(format="%Y-%m"), scale=alt.Scale(padding=10)),
            y=alt.Y("lane:O", title=None, axis=None),
            color=alt.Color("actor_group:N", title="Actor"),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%Y-%m-%d"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("description:N", title="What happened"),
                alt.Tooltip("confidence:N", title="Confidence"),
            ],
        )
    )
    text = timeline.mark_text(align="left", dx=7, fontSize=10, limit=300).encode(text="title:N", color=alt.value("#333333"))
    return (timeline + text).properties(
        title="DeepSeek on the timeline",
        height=22 * max(len(ev), 1),
        width=300,
        description="Timeline of events involving DeepSeek, with dates and titles.",
    )
