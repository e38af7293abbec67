"""Policy-timeline models: which events a page shows, the chain of US action and Chinese or industry response,
the days between two events, and per-year and per-side counts. Counting events per year and category is
`ecosystem.events_per_year`."""

from __future__ import annotations

import pandas as pd

#: One chain of action and response, in the order the chapter tells it: US rule, Nvidia's China chip, tighter rule,
#: and since 2025 Beijing's answers. Event ids of data/events.csv.
ACTION_RESPONSE_CHAIN = [
    "us-letters-nvidia-amd-2022-08",
    "us-bis-ifr-2022-10",
    "nvidia-a800-2022-11",
    "nvidia-h800-2023-03",
    "us-bis-ifr-2023-10",
    "nvidia-h20-reveal-2023-11",
    "nvidia-h20-massprod-2024-01",
    "us-h20-license-2025-04",
    "nvidia-h20-charge-2025-04",
    "nvidia-h20-resume-2025-07",
    "cn-cac-nvidia-summons-2025-07",
    "us-15pct-deal-2025-08",
    "cn-h20-guidance-2025-08",
    "cn-cac-6000d-2025-09",
    "cn-dc-domestic-mandate-2025-11",
    "us-h200-announce-2025-12",
    "us-bis-h200-rule-2026-01",
    "cn-customs-h200-block-2026-01",
    "cn-h200-approval-2026-01",
]


def select_events(events: pd.DataFrame, start: str | pd.Timestamp, categories: list[str], actors: list[str]) -> pd.DataFrame:
    """The events dated `start` or later whose category and actor group are among those given, sorted by date,
    with a fresh index and a `date_text` column (YYYY-MM-DD)."""
    chosen = (
        events[(events["date"] >= pd.Timestamp(start)) & events["category"].isin(categories) & events["actor_group"].isin(actors)]
        .sort_values("date")
        .reset_index(drop=True)
    )
    chosen["date_text"] = chosen["date"].dt.strftime("%Y-%m-%d")
    return chosen


def unknown_event_ids(event_ids: list[str], events: pd.DataFrame) -> list[str]:
    """The ids in `event_ids` that are not rows of `events`, sorted (a typo check for a hand-written chain)."""
    return sorted(set(event_ids) - set(events["event_id"]))


def chain_steps(events: pd.DataFrame, event_ids: list[str]) -> pd.DataFrame:
    """The rows of `events` named in `event_ids` (ids not in `events` are skipped), sorted by date (ties keep the
    order of `event_ids`), with `days_after`: days since the previous step (NaN for the first)."""
    present = set(events["event_id"])
    chain = events.set_index("event_id").reindex([e for e in event_ids if e in present]).reset_index()
    chain = chain.sort_values("date", kind="stable").reset_index(drop=True)
    chain["days_after"] = chain["date"].diff().dt.days
    return chain


def chain_table(chain: pd.DataFrame) -> pd.DataFrame:
    """The chain as the chapter's table: Step (1..n), Date, Side, Actor, Event, Days after previous step, Source keys."""
    table = chain.assign(step=range(1, len(chain) + 1), when=chain["date"].dt.strftime("%Y-%m-%d"))[
        ["step", "when", "actor_group", "actor", "title", "days_after", "source"]
    ]
    table.columns = ["Step", "Date", "Side", "Actor", "Event", "Days after previous step", "Source keys"]
    return table


def days_between(events: pd.DataFrame, later: str, earlier: str) -> int | None:
    """Days from event `earlier` to event `later` (negative if `later` is in fact earlier); None when either
    event is not in `events`."""
    dates = events.set_index("event_id")["date"]
    if later not in dates or earlier not in dates:
        return None
    return int((dates[later] - dates[earlier]).days)


def busiest_year(per_year: pd.DataFrame) -> tuple[int | None, int]:
    """From `events_per_year` counts: the year with the most events and that count (the earliest such year on a
    tie); (None, 0) when there are no counts."""
    totals = per_year.groupby("year")["events"].sum()
    if not len(totals):
        return None, 0
    return int(totals.idxmax()), int(totals.max())


def side_counts(events: pd.DataFrame, since: str | pd.Timestamp = "2025-01-01") -> dict[str, int]:
    """Counts of `events` by government: n_us_gov (actor group "US government"), n_cn_gov ("Chinese government")
    and n_cn_gov_2025 (Chinese government events dated `since` or later)."""
    us_gov = events["actor_group"] == "US government"
    cn_gov = events["actor_group"] == "Chinese government"
    recent = events["date"] >= pd.Timestamp(since)
    return {"n_us_gov": int(us_gov.sum()), "n_cn_gov": int(cn_gov.sum()), "n_cn_gov_2025": int((cn_gov & recent).sum())}
