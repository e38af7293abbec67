"""The one look of every chart in the book: fonts, a colour-blind-safe palette, sizes that fit the page."""

from __future__ import annotations

import altair as alt

THEME_NAME = "chinacompute"
#: Okabe-Ito, safe for the common forms of colour blindness; black is kept last for 'other' series.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
#: Fixed colours for the two sides of the story, so Nvidia/US and China look the same in every chapter. Charts also
#: write text in these colours (country labels), so each must reach 4.5:1 on the white chart background (WCAG 1.4.3):
#: blue 5.2:1; China is Okabe-Ito vermillion darkened from #D55E00 (3.9:1) to #B85000 (5.0:1); grey 5.0:1.
SIDE_COLOURS = {"US": "#0072B2", "CN": "#B85000", "Other": "#6F6F6F"}
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
WIDTH = 620
HEIGHT = 320


def theme() -> alt.theme.ThemeConfig:
    """The Vega-Lite config shared by all charts."""
    axis = {
        "labelFont": FONT,
        "titleFont": FONT,
        "labelFontSize": 12,
        "titleFontSize": 12,
        "titleFontWeight": "normal",
        "labelColor": "#333333",
        "titleColor": "#333333",
        "gridColor": "#e6e6e6",
        "domainColor": "#888888",
        "tickColor": "#888888",
        # On a phone a chart is narrower: labels that would touch are dropped (greedily), never drawn over each other.
        "labelOverlap": "greedy",
        "labelSeparation": 6,
    }
    return {
        "config": {
            "background": "white",
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "discreteWidth": WIDTH, "stroke": None},
            "font": FONT,
            "title": {
                "font": FONT,
                "fontSize": 15,
                "fontWeight": "bold",
                "anchor": "start",
                "color": "#111111",
                "subtitleFont": FONT,
                "subtitleFontSize": 12,
                "subtitleColor": "#444444",
                "offset": 10,
            },
            "axis": axis,
            "legend": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelLimit": 260,
                "orient": "bottom",
                "direction": "horizontal",
                "columns": 3,
                "symbolType": "circle",
            },
            "header": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12},
            "range": {"category": PALETTE},
            "mark": {"font": FONT},
            "text": {"font": FONT, "fontSize": 11},
            "point": {"filled": True, "size": 70},
            "line": {"strokeWidth": 2.2},
        }
    }


def enable() -> None:
    """Register and enable the book theme (idempotent)."""
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(theme)
    alt.theme.enable(THEME_NAME)
