"""The book's headline chart: China's AI compute added per year by source, and the domestic share with its band.

Builders take the tables of `models.compute_supply` (`supply_table`, `domestic_share_table`) and return Altair
charts. Bars, not an area: each year's additions are a flow of that year, and bars do not draw a line between
years that the data do not have.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import SIDE_COLOURS, WIDTH

MEASURE_TITLES = {
    "h100e_bf16": "H100-equivalents (dense BF16 throughput)",
    "h100e_bandwidth": "H100-equivalents (memory bandwidth)",
    "units": "accelerators",
}

#: One colour per source: Chinese designers in the warm half, imports in blues and green, grey channels in grey.
SOURCE_COLOURS = {
    "Huawei Ascend": SIDE_COLOURS["CN"],
    "Cambricon": "#E69F00",
    "Alibaba T-Head": "#CC79A7",
    "Baidu Kunlunxin": "#8C510A",
    "Other domestic": "#7B6FA8",
    "Nvidia (all products)": SIDE_COLOURS["US"],
    "Nvidia H20": "#56B4E9",
    "Nvidia H200": "#003F66",
    "Nvidia A800/H800": "#4C8CBF",
    "AMD": "#009E73",
    "Grey market (smuggled)": SIDE_COLOURS["Other"],
    "Offshore cloud access": "#A8A8A8",
}


def _by_source(table: pd.DataFrame, measure: str) -> pd.DataFrame:
    frame = table[table["measure"] == measure].copy()
    order = {s: i for i, s in enumerate(SOURCE_COLOURS)}
    frame["stack_order"] = frame["source"].map(order)
    frame["period_label"] = frame["period"].map({"history": "measured", "projection": "projected"})
    return frame


def compute_by_source(
    table: pd.DataFrame, measure: str = "h100e_bf16", title: str | None = None, width: int = WIDTH, height: int = 260
) -> alt.Chart:
    """Stacked bars of the median compute each source added per year (domestic at the bottom); projected years
    lighter. Tooltips give each source's P10-P90."""
    frame = _by_source(table, measure)
    sources = [s for s in SOURCE_COLOURS if s in set(frame["source"])]
    unit = MEASURE_TITLES[measure]
    return (
        alt.Chart(frame, width=width, height=height)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("p50:Q", stack="zero", title="Added in the year (median)", axis=alt.Axis(format="~s")),
            color=alt.Color(
                "source:N",
                title="Source",
                scale=alt.Scale(domain=sources, range=[SOURCE_COLOURS[s] for s in sources]),
                sort=sources,
                legend=alt.Legend(columns=2, symbolType="square"),
            ),
            order=alt.Order("stack_order:Q"),
            opacity=alt.Opacity(
                "period_label:N", title="Years", scale=alt.Scale(domain=["measured", "projected"], range=[1.0, 0.5])
            ),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("source:N", title="Source"),
                alt.Tooltip("period_label:N", title="Years"),
                alt.Tooltip("p50:Q", title="Median", format=",.0f"),
                alt.Tooltip("p10:Q", title="P10", format=",.0f"),
                alt.Tooltip("p90:Q", title="P90", format=",.0f"),
            ],
        )
        .properties(
            title=alt.Title(
                title or "China's AI compute added per year, by source",
                subtitle=[f"{unit[0].upper()}{unit[1:]}; each bar is a source's median. Lighter bars: projected years."],
            ),
            description=f"Stacked bars per year from {frame['year'].min()} to {frame['year'].max()}: the median {unit} "
            "each source added, domestic designers at the bottom, imports above; projected years lighter.",
        )
    )


def domestic_share_band(
    share: pd.DataFrame,
    measure: str = "h100e_bf16",
    title: str | None = None,
    width: int = WIDTH,
    height: int = 200,
    legend: bool = True,
) -> alt.LayerChart:
    """The domestic share of each year's added compute: median line, P10-P90 band, and the 50% line. Without
    `legend`, the subtitle says which years are dashed instead of a legend below the plot (it saves a row)."""
    frame = share[share["measure"] == measure].copy()
    frame["period_label"] = frame["period"].map({"history": "measured", "projection": "projected"})
    measured = frame[frame["period"] == "history"]
    if len(measured) and (frame["period"] == "projection").any():
        # The projected line starts from the last measured year, so the two segments join.
        frame = pd.concat([frame, measured.tail(1).assign(period_label="projected")], ignore_index=True)
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    y_scale = alt.Scale(domain=[0, 1])
    band = (
        alt.Chart(frame)
        .mark_area(color=SIDE_COLOURS["CN"], opacity=0.2)
        .encode(x=x, y=alt.Y("p10:Q", scale=y_scale, title="Domestic share", axis=alt.Axis(format="%")), y2="p90:Q")
    )
    line = (
        alt.Chart(frame)
        .mark_line(color=SIDE_COLOURS["CN"], point=alt.OverlayMarkDef(color=SIDE_COLOURS["CN"]))
        .encode(
            x=x,
            y=alt.Y("p50:Q", scale=y_scale),
            strokeDash=alt.StrokeDash(
                "period_label:N",
                title="Years",
                scale=alt.Scale(domain=["measured", "projected"], range=[[1, 0], [5, 3]]),
                legend=alt.Legend() if legend else None,
            ),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("period_label:N", title="Years"),
                alt.Tooltip("p50:Q", title="Median", format=".0%"),
                alt.Tooltip("p10:Q", title="P10", format=".0%"),
                alt.Tooltip("p90:Q", title="P90", format=".0%"),
            ],
        )
    )
    half = alt.Chart(pd.DataFrame({"y": [0.5], "label": ["half"]})).mark_rule(color="#6F6F6F", strokeDash=[2, 2]).encode(y="y:Q")
    half_label = (
        alt.Chart(pd.DataFrame({"y": [0.5], "label": ["half"]}))
        .mark_text(align="left", dx=4, dy=-6, color="#444444")
        .encode(y="y:Q", text="label:N", x=alt.value(0))
    )
    return alt.layer(band, half, half_label, line, width=width, height=height).properties(
        title=alt.Title(
            title or "Domestic share of the AI compute China added",
            subtitle=[
                f"{MEASURE_TITLES[measure]}; line: median, band: P10-P90 of the draws"
                + ("" if legend else "; dashed: projected years")
            ],
        ),
        description="Line chart of the domestic share of each year's added AI compute with its P10-P90 band and a "
        "dashed line at one half; projected years dashed.",
    )


#: Plot heights (bars, share) of the headline chart: in a chapter, and on the landing page, where the chart shares
#: the first screen with the answer sentence and the headline numbers (1280 x 900).
HEIGHTS = {"chapter": (260, 200), "landing": (125, 80)}
#: Whether the share panel has its own legend of measured and projected years (the landing page says it in the
#: subtitle instead, to save a row).
SHARE_LEGEND = {"chapter": True, "landing": False}


def headline(table: pd.DataFrame, share: pd.DataFrame, measure: str = "h100e_bf16", size: str = "chapter") -> alt.VConcatChart:
    """The two charts stacked: compute by source above, the domestic share below, on the same years. `size`
    "landing" draws both shorter (see HEIGHTS)."""
    if size not in HEIGHTS:
        raise ValueError(f"size must be one of {', '.join(HEIGHTS)}, got {size!r}")
    bars, band = HEIGHTS[size]
    chart = alt.vconcat(
        compute_by_source(table, measure, height=bars),
        domestic_share_band(share, measure, height=band, legend=SHARE_LEGEND[size]),
    ).resolve_scale(color="independent", opacity="independent", strokeDash="independent")
    return chart.properties(
        description="China's AI compute added per year by source (stacked bars) and the domestic "
        "share of it with its P10-P90 band (line)."
    )


def share_by_scenario(
    shares: pd.DataFrame, labels: dict[str, str], chosen: str, measure: str = "h100e_bf16", width: int = WIDTH
) -> alt.LayerChart:
    """Median domestic share per year under each driver set (one line each, labelled by its title), with the
    chosen set's P10-P90 band; the measured years are common to every set."""
    frame = shares[shares["measure"] == measure].copy()
    frame["scenario"] = frame["driver_set"].map(lambda n: labels.get(n, n))
    order = [labels.get(n, n) for n in dict.fromkeys(frame["driver_set"])]
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y("p50:Q", title="Domestic share (median)", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%"))
    band = (
        alt.Chart(frame[frame["driver_set"] == chosen])
        .mark_area(color="#888888", opacity=0.18)
        .encode(x=x, y=alt.Y("p10:Q", scale=alt.Scale(domain=[0, 1])), y2="p90:Q")
    )
    lines = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color("scenario:N", title="Scenario", sort=order, legend=alt.Legend(columns=2)),
            tooltip=[
                alt.Tooltip("scenario:N", title="Scenario"),
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("p50:Q", title="Median", format=".0%"),
                alt.Tooltip("p10:Q", title="P10", format=".0%"),
                alt.Tooltip("p90:Q", title="P90", format=".0%"),
            ],
        )
    )
    half = alt.Chart(pd.DataFrame({"y": [0.5]})).mark_rule(color="#6F6F6F", strokeDash=[2, 2]).encode(y="y:Q")
    return alt.layer(band, half, lines, width=width, height=260).properties(
        title=alt.Title(
            "Domestic share of added AI compute, by scenario",
            subtitle=[f"{MEASURE_TITLES[measure]}; band: P10-P90 of {labels.get(chosen, chosen)}; dashed line: half"],
        ),
        description="Line chart of the median domestic share of each year's added AI compute under each scenario, "
        "with the chosen scenario's P10-P90 band.",
    )


def measure_comparison(shares: pd.DataFrame, width: int = WIDTH) -> alt.LayerChart:
    """The domestic share counted two ways (BF16 throughput and memory bandwidth), median and P10-P90 each."""
    frame = shares.copy()
    frame["counted as"] = frame["measure"].map({"h100e_bf16": "dense BF16 throughput", "h100e_bandwidth": "memory bandwidth"})
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0))
    colour = alt.Color(
        "counted as:N",
        title="Counted as",
        scale=alt.Scale(domain=["dense BF16 throughput", "memory bandwidth"], range=[SIDE_COLOURS["CN"], "#0072B2"]),
    )
    band = (
        alt.Chart(frame)
        .mark_area(opacity=0.15)
        .encode(x=x, y=alt.Y("p10:Q", scale=alt.Scale(domain=[0, 1])), y2="p90:Q", color=colour)
    )
    line = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("p50:Q", title="Domestic share (median)", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
            color=colour,
            tooltip=[
                alt.Tooltip("counted as:N", title="Counted as"),
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("p50:Q", title="Median", format=".0%"),
                alt.Tooltip("p10:Q", title="P10", format=".0%"),
                alt.Tooltip("p90:Q", title="P90", format=".0%"),
            ],
        )
    )
    return alt.layer(band, line, width=width, height=240).properties(
        title=alt.Title(
            "The answer depends on what a chip is counted as",
            subtitle=["Domestic share of added compute, H100-equivalents of BF16 throughput or of memory bandwidth"],
        ),
        description="Two lines with bands: the domestic share counted in BF16 throughput and in memory bandwidth.",
    )


def uncertainty_drivers(ranking: pd.DataFrame, width: int = WIDTH) -> alt.Chart:
    """Bars of each input's share of the variance of the domestic share, one panel row per year."""
    frame = ranking.copy()
    return (
        alt.Chart(frame)
        .mark_bar(color="#0072B2")
        .encode(
            x=alt.X(
                "variance_share:Q",
                title="Share of the variance of the domestic share",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            y=alt.Y("label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
            row=alt.Row("year:O", title=None, header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold")),
            tooltip=[
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("label:N", title="Input"),
                alt.Tooltip("variance_share:Q", title="Share of variance", format=".0%"),
            ],
        )
        .resolve_scale(y="independent")
        .properties(
            width=width - 280,
            height=alt.Step(18),
            title=alt.Title("What drives the uncertainty", subtitle=["First-order share of the variance, top inputs per year"]),
            description="Horizontal bars per year: how much of the uncertainty of the domestic share each input explains.",
        )
    )


UNIT_WORDS = {"wafers_per_month": "wafers a month", "dies": "dies", "stacks": "stacks", "units": "units", "fraction": ""}


def driver_range(low: float, mode: float, high: float, unit: str) -> str:
    """'7,000 to 18,000 (most likely 13,000) wafers a month'; fractions as percentages; one value when certain."""

    def show(v):
        return f"{v:.0%}" if unit == "fraction" else f"{v:,.0f}"

    words = UNIT_WORDS.get(unit, unit)
    text = show(low) if low == high else f"{show(low)} to {show(high)} (most likely {show(mode)})"
    return f"{text} {words}".strip()


def driver_styler(drivers: pd.DataFrame, scenario_title: str):
    """The projection drivers in force, as a three-column table: driver (and what it applies to), range, and how
    it was set (with the row's confidence tag). Every text cell is escaped."""
    shown = pd.DataFrame(
        {
            "Driver": [f"{d} ({a})" for d, a in zip(drivers["label"], drivers["applies_to"], strict=True)],
            "Range": [
                driver_range(lo, mo, hi, u)
                for lo, mo, hi, u in zip(drivers["low"], drivers["mode"], drivers["high"], drivers["unit"], strict=True)
            ],
            "How it was set": [
                f"{n} [{c}{'' if s == 'base' else '; ' + s}]"
                for n, c, s in zip(drivers["notes"], drivers["confidence"], drivers["driver_set"], strict=True)
            ],
        }
    )
    return (
        shown.style.hide(axis="index")
        .format(escape="html")
        .set_caption(f"Projection drivers of the {scenario_title} scenario: triangular ranges")
    )
