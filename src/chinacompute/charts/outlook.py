"""The outlook chapter's charts (domestic share by scenario, the tornado) and its styled tables (assumptions by
scenario, provenance of the base figures, flip points)."""

from __future__ import annotations

import altair as alt
import pandas as pd
from pandas.io.formats.style import Styler

from . import theme

#: The projection columns the share chart draws and its CSV serves.
SHARE_COLUMNS = ["scenario", "year", "domestic_share", "domestic_units", "domestic_h100e", "import_h100e", "binding"]
#: The tornado columns its CSV serves.
TORNADO_COLUMNS = ["assumption", "label", "low", "high", "share_low", "share_high", "swing", "basis"]


def share_by_scenario(projections: pd.DataFrame, scenario_order: list[str]) -> alt.LayerChart:
    """A line per scenario of the domestic share of new AI compute by year (0 to 100%), legend click highlights a
    scenario, with a dashed rule at 50%. `projections` is `models.outlook.project_scenarios`; the chart carries
    only its SHARE_COLUMNS."""
    legend = alt.selection_point(fields=["scenario"], bind="legend")
    line = alt.Chart(projections[SHARE_COLUMNS]).mark_line(point=True).encode(
        x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("domestic_share:Q", title="Domestic share of new AI compute (% of H100-eq)",
                axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("scenario:N", title="Scenario", sort=list(scenario_order)),
        opacity=alt.condition(legend, alt.value(1), alt.value(0.15)),
        tooltip=[alt.Tooltip("scenario:N", title="Scenario"), alt.Tooltip("year:O", title="Year"),
                 alt.Tooltip("domestic_share:Q", title="Domestic share", format=".0%"),
                 alt.Tooltip("domestic_units:Q", title="Ascend 910C made (units)", format=",.0f"),
                 alt.Tooltip("domestic_h100e:Q", title="Domestic compute (H100-eq)", format=",.0f"),
                 alt.Tooltip("import_h100e:Q", title="Imported compute (H100-eq)", format=",.0f"),
                 alt.Tooltip("binding:N", title="Binding domestic input")],
    ).add_params(legend)
    half = alt.Chart(pd.DataFrame({"y": [0.5]})).mark_rule(strokeDash=[4, 4], color="#777777").encode(y="y:Q")
    return (half + line).properties(
        title="China's domestic share of its new AI compute, by scenario",
        description="Line chart of the projected share of China's newly added AI compute, in H100-equivalents, made "
                    "by domestic Ascend chips, one line per scenario, with a dashed line at 50%.")


def tornado(torn: pd.DataFrame, year: int) -> alt.LayerChart:
    """Horizontal bars from share_min to share_max per assumption (in the frame's order, largest swing first), with a
    black rule at the scenario's share (base_share). `torn` is `models.scenarios.tornado_table`."""
    tip = [alt.Tooltip("label:N", title="Assumption"), alt.Tooltip("range:N", title="Range tried"),
           alt.Tooltip("share_low:Q", title="Share at low end", format=".0%"),
           alt.Tooltip("share_high:Q", title="Share at high end", format=".0%"),
           alt.Tooltip("basis:N", title="Basis of the range")]
    bars = alt.Chart(torn).mark_bar(color=theme.SIDE_COLOURS["CN"], height=16).encode(
        y=alt.Y("label:N", sort=torn["label"].tolist(), title=None, axis=alt.Axis(labelLimit=330)),
        x=alt.X("share_min:Q", title=f"Domestic share of new AI compute in {year} (% of H100-eq)",
                axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        x2="share_max:Q", tooltip=tip)
    base_rule = alt.Chart(pd.DataFrame({"x": [torn["base_share"].iloc[0]]})).mark_rule(color="#111111").encode(
        x="x:Q", tooltip=[alt.Tooltip("x:Q", title="Share with the scenario's values", format=".0%")])
    return (bars + base_rule).properties(
        width=300, height=260,
        title=f"What moves the {year} answer: one assumption at a time",
        description="Tornado chart: for each assumption, a bar from the domestic share at its low value to the share "
                    "at its high value, largest swing first, with a black line at the scenario's share.")


def assumptions_styler(table: pd.DataFrame, base: str = "base") -> Styler:
    """The assumptions-by-scenario table (`models.scenarios.assumption_table`), cells that differ from the `base`
    column in bold."""
    base_text = table[base].tolist()

    def bold_departures(column: pd.Series) -> list[str]:
        if column.name == "Assumption":
            return [""] * len(column)
        return ["font-weight: bold" if v != b else "" for v, b in zip(column, base_text)]

    return (table.style.hide(axis="index").apply(bold_departures).format(escape="html")
            .set_caption("Assumptions by scenario (bold: departs from base)"))


def provenance_styler(table: pd.DataFrame, as_of: str) -> Styler:
    """The rows behind the base values (`models.scenarios.provenance_table`) with readable headers, dates as
    YYYY-MM-DD."""
    renamed = table.rename(columns={"estimate_id": "Row (supply_estimates)", "counted": "What is counted",
                                    "value": "Value", "unit": "Unit", "estimator": "Estimator",
                                    "published": "Published", "known": f"Known on {as_of}?"})
    return (renamed.style.hide(axis="index").format({"Published": lambda d: d.strftime("%Y-%m-%d")})
            .format(escape="html", subset=["Row (supply_estimates)", "What is counted", "Unit", "Estimator"]))


def flip_styler(flips: list[dict], run: str, year: int) -> Styler:
    """The flip points (`models.scenarios.flip_points`): input, its value in `run`, and the value at which the
    `year` share crosses 50%."""
    table = pd.DataFrame([{"Input": f["label"], f"Value in {run}": f["now"],
                           "Value at which the share crosses 50%": f["crossing"]} for f in flips])
    return (table.style.hide(axis="index").format(escape="html")
            .set_caption(f"Inputs at which the {year} domestic share crosses 50%, one at a time"))
