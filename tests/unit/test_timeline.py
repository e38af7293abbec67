"""Policy-timeline models on small hand-built event tables; expected values worked out by hand."""

from __future__ import annotations

import pandas as pd

from chinacompute.models.timeline import (
    busiest_year,
    chain_steps,
    chain_table,
    days_between,
    select_events,
    side_counts,
    unknown_event_ids,
)


def events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["rule-a", "chip-a", "rule-b", "cn-answer", "old"],
            "date": pd.to_datetime(["2022-10-07", "2022-11-08", "2023-10-17", "2025-08-12", "2014-05-01"]),
            "actor_group": ["US government", "US industry", "US government", "Chinese government", "Chinese government"],
            "actor": ["BIS", "Nvidia", "BIS", "CAC", "MIIT"],
            "category": ["export-control", "product", "export-control", "procurement", "industrial-policy"],
            "title": ["Rule A", "Chip A", "Rule B", "Answer", "Old plan"],
            "source": ["s1", "s2", "s3", "s4;s5", "s6"],
        }
    )


def test_select_events_filters_by_start_category_and_side_and_sorts():
    chosen = select_events(
        events().iloc[::-1], "2015-01-01", ["export-control", "procurement"], ["US government", "Chinese government"]
    )
    # "old" is before the start, "chip-a" is a product of US industry: three rows remain, in date order
    assert chosen["event_id"].tolist() == ["rule-a", "rule-b", "cn-answer"]
    assert chosen.index.tolist() == [0, 1, 2]
    assert chosen["date_text"].tolist() == ["2022-10-07", "2023-10-17", "2025-08-12"]


def test_select_events_can_select_nothing():
    chosen = select_events(events(), "2030-01-01", ["export-control"], ["US government"])
    assert chosen.empty and "date_text" in chosen.columns


def test_unknown_event_ids_are_listed_sorted():
    assert unknown_event_ids(["rule-a", "zz-typo", "aa-typo"], events()) == ["aa-typo", "zz-typo"]
    assert unknown_event_ids(["rule-a"], events()) == []


def test_chain_steps_skip_missing_ids_sort_by_date_and_count_days():
    # "later-step" is not in the data (an earlier as-of date): skipped. Listed out of date order on purpose.
    chain = chain_steps(events(), ["rule-b", "rule-a", "later-step", "chip-a"])
    assert chain["event_id"].tolist() == ["rule-a", "chip-a", "rule-b"]
    # 2022-10-07 -> 2022-11-08: 24 days left in October + 8 = 32; 2022-11-08 -> 2023-10-17: 365 - 22 = 343
    assert chain["days_after"].isna().tolist() == [True, False, False]
    assert chain["days_after"].iloc[1:].tolist() == [32, 343]


def test_chain_table_numbers_steps_and_names_columns():
    table = chain_table(chain_steps(events(), ["rule-a", "chip-a"]))
    assert table.columns.tolist() == ["Step", "Date", "Side", "Actor", "Event", "Days after previous step", "Source keys"]
    assert table["Step"].tolist() == [1, 2]
    assert table["Date"].tolist() == ["2022-10-07", "2022-11-08"]
    assert chain_table(chain_steps(events(), ["nothing"])).empty


def test_days_between_known_and_unknown_events():
    assert days_between(events(), "chip-a", "rule-a") == 32
    assert days_between(events(), "rule-a", "chip-a") == -32
    assert days_between(events(), "not-yet", "rule-a") is None
    assert days_between(events(), "rule-a", "not-yet") is None


def test_busiest_year_and_empty_counts():
    per_year = pd.DataFrame({"year": [2022, 2022, 2023, 2025], "category": ["a", "b", "a", "a"], "events": [1, 2, 2, 1]})
    # 2022: 1 + 2 = 3, 2023: 2, 2025: 1
    assert busiest_year(per_year) == (2022, 3)
    # a tie goes to the earlier year
    assert busiest_year(per_year.assign(events=[1, 1, 2, 1])) == (2022, 2)
    assert busiest_year(per_year.iloc[0:0]) == (None, 0)


def test_side_counts():
    counts = side_counts(events(), since="2025-01-01")
    # US government: rule-a, rule-b; Chinese government: cn-answer (2025) and old (2014)
    assert counts == {"n_us_gov": 2, "n_cn_gov": 2, "n_cn_gov_2025": 1}
    assert side_counts(events().iloc[0:0]) == {"n_us_gov": 0, "n_cn_gov": 0, "n_cn_gov_2025": 0}
