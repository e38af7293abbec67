"""Charts and tables of the software ecosystem (chapter 04): the maturity index by stack, installed base against
the index, public signals by stack and kind, and the chapter's table styles."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..models.ecosystem import COMPONENT_LABELS, SIGNAL_KINDS
from . import theme
from .figure import with_source_labels

#: Problems in warm colours, steps forward in blues, in the order of `SIGNAL_KINDS`.
KIND_COLOURS = ["#D55E00", "#E69F00", "#CC79A7", "#F0E442", "#999999", "#56B4E9", "#0072B2"]
_SMALL_TOP = {"font-size": "max(0.85em, 12px)", "vertical-align": "top"}


def maturity_chart(long: pd.DataFrame, index: pd.DataFrame) -> alt.LayerChart:
    """Horizontal stacked bars of each stack's weighted components (`weighted_components`), stacks in the order
    of `index` (a `ranked_index`), with the vendor's country written after each bar in its side's colour."""
    order = index["label"].tolist()
    bars = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=220)),
            x=alt.X("sum(points):Q", title="Maturity index (0 to 1, weighted points)", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("component:N", title="Component", sort=list(COMPONENT_LABELS.values())),
            order=alt.Order("component:N"),
            tooltip=[
                alt.Tooltip("label:N", title="Stack"),
                alt.Tooltip("vendor_country:N", title="Country"),
                alt.Tooltip("component:N", title="Component"),
                alt.Tooltip("points:Q", title="Weighted points", format=".2f"),
                alt.Tooltip("maturity_index:Q", title="Index (0-1)", format=".2f"),
                alt.Tooltip("missing:N", title="Missing inputs (scored 0)"),
            ],
        )
    )
    country = (
        alt.Chart(index)
        .mark_text(align="left", dx=4, fontSize=10)
        .encode(
            y=alt.Y("label:N", sort=order),
            x=alt.X("maturity_index:Q"),
            text="vendor_country:N",
            color=alt.Color(
                "vendor_country:N",
                scale=alt.Scale(domain=list(theme.SIDE_COLOURS), range=list(theme.SIDE_COLOURS.values())),
                legend=None,
            ),
        )
    )
    return (
        alt.layer(bars, country)
        .resolve_scale(color="independent")
        .properties(
            width=560,
            height=alt.Step(20),
            title=alt.Title(
                "Software maturity index by stack",
                subtitle="Weighted components; the label after each bar is the vendor's country",
            ),
            description="Horizontal stacked bars of the maturity index per software stack, split into weighted age, "
            "openness, PyTorch and developer components.",
        )
    )


def installed_base_chart(loop: pd.DataFrame) -> alt.LayerChart:
    """Scatter of 2025 China card shipments (log scale) against the maturity index, one labelled point per vendor
    (an `installed_base` frame), coloured by the vendor's country."""
    base = alt.Chart(loop).encode(
        x=alt.X(
            "value:Q",
            title="Accelerator cards shipped in China, 2025 (units, log scale)",
            scale=alt.Scale(type="log", domain=[5e4, 4e6]),
        ),
        y=alt.Y("maturity_index:Q", title="Software maturity index (0 to 1)", scale=alt.Scale(domain=[0, 1])),
        tooltip=[
            alt.Tooltip("vendor:N", title="Vendor"),
            alt.Tooltip("stack:N", title="Stack"),
            alt.Tooltip("value:Q", title="Cards shipped 2025 (units)", format=",.0f"),
            alt.Tooltip("maturity_index:Q", title="Index (0-1)", format=".2f"),
            alt.Tooltip("developers_claimed:Q", title="Developers claimed", format=",.0f"),
            alt.Tooltip("missing:N", title="Missing inputs (scored 0)"),
            alt.Tooltip("estimator:N", title="Estimator"),
        ],
    )
    side = alt.Color(
        "vendor_country:N",
        title="Vendor country",
        scale=alt.Scale(domain=["US", "CN"], range=[theme.SIDE_COLOURS["US"], theme.SIDE_COLOURS["CN"]]),
    )
    return alt.layer(
        base.mark_point(size=120).encode(color=side), base.mark_text(align="left", dx=9, dy=-6).encode(text="label:N")
    ).properties(
        title=alt.Title("Installed base vs software maturity", subtitle="China shipments in 2025 (IDC) against the index above"),
        description="Scatter plot of 2025 accelerator card shipments in China per vendor against that vendor's "
        "software maturity index.",
    )


def signals_chart(sig: pd.DataFrame) -> alt.Chart:
    """Stacked horizontal bars counting the signals (a `signals_by_stack` frame) per stack, most first, coloured
    by kind of signal."""
    return (
        alt.Chart(sig)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            y=alt.Y("stack:N", title=None, sort="-x", axis=alt.Axis(labelLimit=220)),
            x=alt.X("sum(one):Q", title="Public signals collected (threads)", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("kind:N", title="Kind of signal", scale=alt.Scale(domain=SIGNAL_KINDS, range=KIND_COLOURS)),
            order=alt.Order("kind_order:Q"),
            tooltip=[
                alt.Tooltip("stack:N", title="Stack"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("date_text:N", title="Date"),
                alt.Tooltip("title:N", title="Thread"),
                alt.Tooltip("summary:N", title="What it shows"),
            ],
        )
        .properties(
            width=560,
            height=alt.Step(22),
            title="Public maturity signals by stack and kind",
            description="Stacked horizontal bars counting the collected public issue threads and pull requests "
            "per stack, coloured by kind of signal.",
        )
    )


def side_by_side_style(table: pd.DataFrame):
    """The stacks-compared table as a pandas Styler: no index, years as integers, developer counts with thousands
    separators, "not found" for gaps, small top-aligned text."""
    return (
        table.style.hide(axis="index")
        .format({"First release (year)": "{:.0f}", "Developers claimed (people)": "{:,.0f}"}, na_rep="not found", escape="html")
        .set_properties(**_SMALL_TOP)
    )


def contents_style(table: pd.DataFrame):
    """The stack-contents table as a pandas Styler: "not found" for gaps, small top-aligned text, web addresses
    allowed to wrap anywhere."""
    return (
        table.style.hide(axis="index")
        .format(na_rep="not found", escape="html")
        .set_properties(**_SMALL_TOP)
        .set_properties(subset=["Public repository"], **{"overflow-wrap": "anywhere", "min-width": "8em"})
    )


def weights_style(table: pd.DataFrame):
    """The weights table as a pandas Styler: weights set to two decimals, weights used as percentages."""
    return table.style.hide(axis="index").format({"Weight set": "{:.2f}", "Weight used (normalised)": "{:.0%}"}, escape="html")


def scores_style(table: pd.DataFrame):
    """The score table as a pandas Styler: scores to two decimals ("n/a" where not applicable) and a bar from 0
    to 1 behind the index."""
    return (
        table.style.hide(axis="index")
        .format(
            {c: "{:.2f}" for c in table.columns if "(0-1)" in c},
            na_rep="n/a",
            escape="html",
        )
        .bar(subset=["Maturity index (0-1)"], color="#9ecae1", vmin=0, vmax=1)
    )


def events_style(table: pd.DataFrame):
    """An events table as a pandas Styler: no index, small top-aligned text; sources by publisher and date."""
    styled = with_source_labels(table).style.hide(axis="index").format(escape="html").set_properties(**_SMALL_TOP)
    return styled.set_properties(subset=["Date"], **{"white-space": "nowrap"}) if "Date" in table else styled
