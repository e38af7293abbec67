"""The policy-timeline charts render to SVG and keep the encodings the chapter relies on."""

from __future__ import annotations

import pandas as pd
import vl_convert

from chinacompute.charts.timeline import CATEGORY_ORDER, chain_table_style, events_per_year_chart, timeline_chart


def events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["a", "b", "c", "d"],
            "date": pd.to_datetime(["2022-10-07", "2022-11-08", "2023-10-17", "2023-10-18"]),
            "date_text": ["2022-10-07", "2022-11-08", "2023-10-17", "2023-10-18"],
            "date_precision": "day",
            "actor_group": ["US government", "US industry", "US government", "US government"],
            "actor": ["BIS", "Nvidia", "BIS", "BIS"],
            "category": ["export-control", "product", "export-control", "entity-list"],
            "title": ["Rule A", "Chip A", "Rule B", "Listing"],
            "description": ["x", "y", "z", "w"],
            "source": ["s1;s2", "s2", "s3", "s4"],
            "confidence": ["official", "press-report", "official", "official"],
        }
    )


def test_timeline_chart_renders_with_lanes_colours_and_sub_rows():
    frame = events()
    chart = timeline_chart(frame, "2022-01-01", "2024-06-30")
    svg = vl_convert.vegalite_to_svg(chart.to_json())
    assert "US controls and Chinese responses" in svg
    spec = chart.to_dict()
    assert spec["encoding"]["y"]["field"] == "actor_group"
    assert spec["encoding"]["color"]["scale"]["domain"] == CATEGORY_ORDER
    assert spec["encoding"]["color"]["title"] == "Category (click to filter)"
    rows = chart.data.set_index("event_id")
    # US government events a, c, d take sub-rows 0, 1, 2; Nvidia's b is the first of its lane
    assert rows["row"].to_dict() == {"a": 0, "b": 0, "c": 1, "d": 2}
    assert rows.loc["a", "source_text"] == "s1, s2"
    assert "row" not in frame.columns  # the caller's frame is left alone


def test_events_per_year_chart_shows_every_year_of_the_range():
    per_year = pd.DataFrame({"year": [2022, 2024], "category": ["export-control", "product"], "events": [2, 1]})
    chart = events_per_year_chart(per_year, "2021-03-01", "2024-06-30")
    svg = vl_convert.vegalite_to_svg(chart.to_json())
    assert "Events per year by category" in svg and "2023" in svg  # a year without events still gets its slot
    spec = chart.to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == [2021, 2022, 2023, 2024]
    assert spec["encoding"]["y"]["field"] == "events" and spec["encoding"]["y"]["aggregate"] == "sum"


def test_chain_table_style_blanks_the_first_gap_and_formats_days():
    table = pd.DataFrame({"Step": [1, 2], "Days after previous step": [float("nan"), 1343.0]})
    html = chain_table_style(table).to_html()
    assert "1,343" in html and "nan" not in html.lower()
