"""Charts and number tables of accelerator supply (chapter 02): Nvidia's China revenue, Huawei's 2025 estimates,
the interactive die-bank funnel, and the same supplies in units and in H100-equivalents.

Each builder takes the DataFrames the models return (see models/estimates.py) and plain values, and returns an
Altair chart (or a pandas Styler for number tables) ready for charts.show or display.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import SIDE_COLOURS

#: Grey for ranges and for packages limited by HBM rather than dies.
GREY = "#999999"
#: The x scale of the interactive die-bank chart stays fixed while the sliders move.
LIVE_MAX_PACKAGES = 3_000_000
#: The two measures of the units-against-compute chart, in the order they are drawn.
MEASURES = {"units": "Units", "h100e": "H100-equivalents (dense BF16)"}


def number_table(frame: pd.DataFrame, text_columns: list[str] | None = None):
    """`frame` as a Styler without its index: numbers as whole numbers with thousands separators and '–' for
    missing ones; `text_columns` (default: every column that is not numeric) shown as escaped text."""
    if text_columns is None:
        text_columns = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    return (
        frame.style.hide(axis="index").format(precision=0, thousands=",", na_rep="–").format(escape="html", subset=text_columns)
    )


def china_revenue_chart(rev: pd.DataFrame) -> alt.Chart:
    """Bars of Nvidia's quarterly revenue billed to China (models.estimates.china_revenue_quarters), the rumour-level
    rows paler."""
    return (
        alt.Chart(rev)
        .mark_bar(color=SIDE_COLOURS["US"])
        .encode(
            x=alt.X("quarter_end:O", title="Nvidia fiscal quarter ending (date)", axis=alt.Axis(labelAngle=-30)),
            y=alt.Y("value:Q", title="Revenue billed to China incl. HK (US$ billion)"),
            opacity=alt.Opacity(
                "confidence:N", title="Confidence", scale=alt.Scale(domain=["official", "rumor"], range=[1.0, 0.55])
            ),
            tooltip=[
                alt.Tooltip("quarter_end:O", title="Quarter ending"),
                alt.Tooltip("value:Q", title="US$ billion", format=",.2f"),
                alt.Tooltip("estimator:N", title="Reported in"),
                alt.Tooltip("confidence:N", title="Confidence"),
            ],
        )
        .properties(
            title="Nvidia revenue billed to China, by quarter",
            description="Bar chart of Nvidia's quarterly revenue billed to China including Hong Kong, in US dollars billion.",
        )
    )


#: What a supply figure is (supply_estimates.basis), as the Huawei chart's legend says it. Output figures are drawn
#: filled; forecasts, plans, capacities and orders hollow, so they never read as output.
BASIS_LABELS = {
    "reported": "reported output",
    "estimated": "estimated output",
    "forecast": "forecast",
    "plan": "plan",
    "capacity": "capacity or ceiling",
    "ceiling": "capacity or ceiling",
    "order": "order",
}
OUTPUT_BASES = ("reported", "estimated")
#: One colour per kind of figure (Okabe-Ito, as the theme's palette), the same in every chart that shows it.
BASIS_COLOURS = {
    "reported output": "#009E73",
    "estimated output": "#0072B2",
    "forecast": "#D55E00",
    "plan": "#CC79A7",
    "capacity or ceiling": "#555555",
    "order": "#E69F00",
    "not stated": "#999999",
}


def huawei_estimates_chart(hw: pd.DataFrame) -> alt.LayerChart:
    """One mark per 2025 Huawei estimate (models.estimates.huawei_2025), largest first: a grey rule for a range; the
    mark's colour says what the figure is (its basis), filled for output and hollow for forecasts, plans and
    ceilings; its shape the kind (a triangle for a bound)."""
    frame = hw.assign(
        what=hw["basis"].map(BASIS_LABELS).fillna("not stated"),
        output=hw["basis"].isin(OUTPUT_BASES),
    )
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("point", order="descending"), axis=alt.Axis(labelLimit=300))
    )
    tips = [
        alt.Tooltip("estimator:N", title="Estimator"),
        alt.Tooltip("counted:N", title="What is counted"),
        alt.Tooltip("point:Q", title="Units", format=",.0f"),
        alt.Tooltip("what:N", title="The figure is"),
        alt.Tooltip("kind:N", title="Kind"),
        alt.Tooltip("confidence:N", title="Confidence"),
    ]
    shapes = alt.Scale(domain=["point estimate", "at most", "at least"], range=["circle", "triangle-left", "triangle-right"])
    shown = [label for label in BASIS_COLOURS if label in set(frame["what"])]
    colours = alt.Scale(domain=shown, range=[BASIS_COLOURS[label] for label in shown])
    mark = dict(
        x=alt.X("point:Q", title="Ascend units in 2025 (units)", axis=alt.Axis(format="~s")),
        color=alt.Color("what:N", title="The figure is", scale=colours, sort=shown),
        shape=alt.Shape("kind:N", title="Kind", scale=shapes),
        tooltip=tips,
    )
    output = base.transform_filter("datum.output").mark_point(size=120, filled=True).encode(**mark)
    other = base.transform_filter("!datum.output").mark_point(size=120, filled=False, strokeWidth=2.2).encode(**mark)
    return (base.mark_rule(strokeWidth=2, color=GREY).encode(x="range_low:Q", x2="range_high:Q") + output + other).properties(
        title=alt.Title(
            "Huawei Ascend output in 2025, by estimator",
            subtitle="Filled: output estimated after the fact. Hollow: forecasts, plans and ceilings.",
        ),
        height=max(120, 34 * len(hw)),
        description="Dot chart of 2025 Huawei Ascend output estimates in units, one mark per estimator; filled marks "
        "are estimates of output, hollow marks forecasts, plans and ceilings.",
    )


def _slider(name: str, value: float, low: float, high: float, step: float, label: str) -> alt.Parameter:
    return alt.param(name=name, value=value, bind=alt.binding_range(min=low, max=high, step=step, name=label))


def die_bank_live_chart(
    live: pd.DataFrame,
    claim: tuple[float, float],
    h100_tflops: float,
    stacks_per_die: int,
    die_yield: float,
    dies_per_package: int,
    packaging_yield: float,
    hbm_stacks_available: float,
) -> alt.LayerChart:
    """Bars of packages from each die-bank estimate (models.estimates.live_die_bank), recomputed in the browser from
    four sliders (die yield, dies per package, packaging yield, HBM stacks in millions) that start at the given
    values; coloured by what limits them, over a shaded band for the claimed range `claim` (low, high)."""
    sliders = (
        _slider("die_yield", die_yield, 0.05, 1.0, 0.01, "Die yield "),
        _slider("dies_per_package", dies_per_package, 1, 4, 1, "Dies per package "),
        _slider("packaging_yield", packaging_yield, 0.5, 1.0, 0.01, "Packaging yield "),
        _slider("hbm_millions", hbm_stacks_available / 1e6, 0, 30, 0.5, "HBM stacks (millions) "),
    )
    bars = (
        alt.Chart(live)
        .transform_calculate(
            sets="floor(datum.dies * die_yield / dies_per_package + 1e-9)",
            packed="floor(datum.sets * packaging_yield + 1e-9)",
            hbm_cap=f"floor(hbm_millions * 1000000 / ({stacks_per_die} * dies_per_package))",
            packages="min(datum.packed, datum.hbm_cap)",
            limited_by="datum.packed <= datum.hbm_cap ? 'dies' : 'HBM stacks'",
            h100e=f"datum.packages * datum.tflops_per_die * dies_per_package / {h100_tflops}",
        )
        .mark_bar()
        .encode(
            y=alt.Y("estimator:N", title=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X(
                "packages:Q",
                title="Ascend packages from the die bank (units)",
                scale=alt.Scale(domain=[0, LIVE_MAX_PACKAGES]),
                axis=alt.Axis(format="~s"),
            ),
            color=alt.Color(
                "limited_by:N",
                title="Limited by",
                scale=alt.Scale(domain=["dies", "HBM stacks"], range=[SIDE_COLOURS["CN"], GREY]),
            ),
            tooltip=[
                alt.Tooltip("estimator:N", title="Die count by"),
                alt.Tooltip("dies:Q", title="Dies (units)", format=",.0f"),
                alt.Tooltip("packages:Q", title="Packages (units)", format=",.0f"),
                alt.Tooltip("h100e:Q", title="H100-equivalents (BF16)", format=",.0f"),
                alt.Tooltip("limited_by:N", title="Limited by"),
            ],
        )
        .add_params(*sliders)
    )
    claimed = pd.DataFrame([{"low": claim[0], "high": claim[1], "what": "article's claimed 910C range"}])
    band = (
        alt.Chart(claimed)
        .mark_rect(opacity=0.18, color=SIDE_COLOURS["US"])
        .encode(
            x="low:Q",
            x2="high:Q",
            tooltip=[
                alt.Tooltip("what:N", title="Band"),
                alt.Tooltip("low:Q", title="From (units)", format=",.0f"),
                alt.Tooltip("high:Q", title="To (units)", format=",.0f"),
            ],
        )
    )
    return (band + bars).properties(
        title="Ascend packages from the TSMC die bank: set the assumptions",
        height=150,
        description="Interactive bar chart: packages Huawei could build from each estimate of TSMC-made dies, recomputed from slider values.",
    )


def units_vs_h100e_chart(comparison: pd.DataFrame) -> alt.VConcatChart:
    """Two rows of bars on one shared scale, the same supplies in units and in H100-equivalents, from a table with
    supply, side, source, units and h100e (models.supply.supply_in_h100e); a supply with no H100 figure says
    "no BF16 figure" in the second row instead of showing an empty bar that would read as zero."""
    long = comparison.melt(
        id_vars=["supply", "side", "source"], value_vars=list(MEASURES), var_name="measure", value_name="amount"
    )
    long["measure"] = long["measure"].map(MEASURES)
    long["missing"] = long["amount"].isna()
    colour = alt.Color(
        "side:N", title="Side", scale=alt.Scale(domain=["US", "CN"], range=[SIDE_COLOURS["US"], SIDE_COLOURS["CN"]])
    )
    tips = [
        alt.Tooltip("supply:N", title="Supply"),
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("amount:Q", title="Amount", format=",.0f"),
    ]

    def row(measure: str, last: bool) -> alt.LayerChart:
        base = (
            alt.Chart(long)
            .transform_filter(alt.datum.measure == measure)
            .encode(y=alt.Y("supply:N", title=None, axis=alt.Axis(labelLimit=280)))
        )
        x_title = "Accelerators (units or H100-equivalents)" if last else None
        bars = (
            base.transform_filter("!datum.missing")
            .mark_bar()
            .encode(x=alt.X("amount:Q", title=x_title, axis=alt.Axis(format="~s")), color=colour, tooltip=tips)
        )
        gaps = (
            base.transform_filter("datum.missing")
            .mark_text(align="left", dx=4, fontStyle="italic", color="#555555")
            .encode(x=alt.datum(0), text=alt.value("no BF16 figure"), tooltip=[alt.Tooltip("supply:N", title="Supply")])
        )
        return alt.layer(bars, gaps).properties(width=380, height=110, title=alt.Title(measure, fontSize=12, fontWeight="normal"))

    names = list(MEASURES.values())
    return (
        alt.vconcat(*(row(m, i == len(names) - 1) for i, m in enumerate(names)))
        .resolve_scale(x="shared", color="shared")
        .properties(
            title="The same supplies in units and in H100-equivalents",
            description="Bar chart comparing Nvidia and Chinese accelerator supplies in units and in H100-equivalents of "
            "dense BF16 throughput; a supply without a BF16 figure is labelled instead of drawn as zero.",
        )
    )
