"""The "What changed" page's chart: each headline share across the book's editions.

Builders take DataFrames from models.editions and return Altair charts.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..models.editions import SHARE_WORDS


def series_label(key: str) -> str:
    """'share-h100e_bf16-2024' -> '2024, BF16 compute' (a legend label short enough for a phone)."""
    _, measure, year = key.split("-")
    return f"{year}, {SHARE_WORDS.get(measure, measure)}"


def share_history_chart(history: pd.DataFrame) -> alt.Chart:
    """One line per headline share (the domestic share of a measured year, in BF16 compute or in memory bandwidth),
    its median in each edition; `history` is models.editions.history. Editions without the number leave a gap."""
    shares = history[(history["unit"] == "share") & history["key"].str.startswith("share-")].dropna(subset=["value"])
    shares = shares.assign(series=shares["key"].map(series_label))
    return (
        alt.Chart(shares)
        .mark_line(point=True)
        .encode(
            x=alt.X("edition:T", title="Edition (as-of date)", axis=alt.Axis(format="%Y-%m")),
            y=alt.Y("value:Q", title="Domestic share, median (%)", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("series:N", title="Year measured, counted in", legend=alt.Legend(orient="bottom", columns=2)),
            tooltip=[
                alt.Tooltip("edition:T", title="Edition", format="%Y-%m-%d"),
                alt.Tooltip("finding:N", title="Number"),
                alt.Tooltip("shown:N", title="Value"),
            ],
        )
        .properties(
            title="The domestic share as each edition of the book measured it",
            height=220,
            description="Line chart of each headline domestic-share number, by the as-of date of the edition that computed it.",
        )
    )
