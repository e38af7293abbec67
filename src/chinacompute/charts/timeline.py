"""Charts and tables of the policy timeline (chapter 05): the interactive event timeline, events per year, the
action-and-response chain table."""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import theme
from .figure import with_source_labels

CATEGORY_ORDER = [
    "export-control",
    "entity-list",
    "enforcement",
    "trade-deal",
    "industrial-policy",
    "procurement",
    "product",
    "supply-chain",
    "software",
    "market",
]
CATEGORY_COLOURS = theme.PALETTE[:7] + ["#999999", "#8C564B", "#000000"]
ACTOR_ORDER = ["US government", "US industry", "Other", "Chinese industry", "Chinese government"]
CONFIDENCE_SHAPES = {
    "official": "circle",
    "press-report": "triangle-up",
    "analyst-estimate": "square",
    "rumor": "diamond",
    "derived": "cross",
}
#: Events of one lane are spread over this many sub-rows so points close in time do not hide each other.
LANE_ROWS = 3


def category_scale() -> alt.Scale:
    """The colour scale shared by the timeline and the per-year bars: one fixed colour per event category."""
    return alt.Scale(domain=CATEGORY_ORDER, range=CATEGORY_COLOURS)


def _day(value: str | pd.Timestamp) -> alt.DateTime:
    day = pd.Timestamp(value)
    return alt.DateTime(year=day.year, month=day.month, date=day.day)


def timeline_chart(events: pd.DataFrame, start: str | pd.Timestamp, end: str | pd.Timestamp) -> alt.Chart:
    """One point per event (needs date, date_text, actor_group, actor, category, title, description, source,
    confidence, date_precision) from `start` to `end`, in lanes by actor group, coloured by category (click the
    legend to filter), shaped by confidence; pan and zoom on the time axis."""
    frame = events.copy()
    frame["row"] = frame.groupby("actor_group").cumcount() % LANE_ROWS
    frame["source_text"] = frame["source"].str.replace(";", ", ")
    pick = alt.selection_point(fields=["category"], bind="legend")
    zoom = alt.selection_interval(encodings=["x"], bind="scales")
    return (
        alt.Chart(frame)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X(
                "date:T",
                title="Date (year)",
                scale=alt.Scale(domain=[_day(start), _day(end)]),
                axis=alt.Axis(format="%Y", tickCount="year"),
            ),
            y=alt.Y("actor_group:N", title=None, sort=ACTOR_ORDER),
            yOffset=alt.YOffset("row:O"),
            color=alt.Color("category:N", title="Category (click to filter)", scale=category_scale()),
            shape=alt.Shape(
                "confidence:N",
                title="Confidence",
                scale=alt.Scale(domain=list(CONFIDENCE_SHAPES), range=list(CONFIDENCE_SHAPES.values())),
            ),
            opacity=alt.condition(pick, alt.value(0.9), alt.value(0.08)),
            tooltip=[
                alt.Tooltip("date_text:N", title="Date"),
                alt.Tooltip("date_precision:N", title="Date precise to"),
                alt.Tooltip("actor:N", title="Actor"),
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("description:N", title="What happened"),
                alt.Tooltip("source_text:N", title="Source keys"),
                alt.Tooltip("confidence:N", title="Confidence"),
            ],
        )
        .add_params(pick, zoom)
        .properties(
            height=360,
            title=alt.Title(
                "US controls and Chinese responses", subtitle="One point per event; lanes by side; drag to pan, scroll to zoom"
            ),
            description="Timeline of export controls, entity listings, industrial policies and company responses, "
            "one point per event, in lanes by actor group.",
        )
    )


def events_per_year_chart(per_year: pd.DataFrame, start: str | pd.Timestamp, end: str | pd.Timestamp) -> alt.Chart:
    """Stacked bars of `per_year` (year, category, events) with every year from `start`'s to `end`'s on the axis,
    coloured by category."""
    years = list(range(pd.Timestamp(start).year, pd.Timestamp(end).year + 1))
    return (
        alt.Chart(per_year)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0), scale=alt.Scale(domain=years)),
            y=alt.Y("sum(events):Q", title="Events recorded (count)", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("category:N", title="Category", scale=category_scale()),
            order=alt.Order("category:N"),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("events:Q", title="Events (count)"),
            ],
        )
        .properties(
            title="Events per year by category",
            description="Stacked bar chart of the number of recorded events per year, split by category.",
        )
    )


def chain_table_style(table: pd.DataFrame):
    """The chain table as a pandas Styler: no index, day counts with thousands separators, blank for the first
    step, small top-aligned text; sources by publisher and date."""
    return (
        with_source_labels(table)
        .style.hide(axis="index")
        .format({"Days after previous step": "{:,.0f}"}, na_rep="", escape="html")
        .set_properties(**{"font-size": "max(0.85em, 12px)", "vertical-align": "top"})
        .set_properties(subset=[c for c in ("Date",) if c in table], **{"white-space": "nowrap"})
    )
