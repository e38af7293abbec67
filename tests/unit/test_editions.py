"""Editions and what changed between them (models.editions) and the `diff` command."""

from __future__ import annotations

import csv
import shutil

import pandas as pd
import pytest

from chinacompute.models import editions
from chinacompute.models.editions import Number
from tests.conftest import ROOT, run_cli


def test_quarter_ends_are_the_last_days_of_each_quarter_in_the_range():
    assert editions.quarter_ends("2024-01-01", "2024-12-31") == ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"]
    assert editions.quarter_ends("2024-02-15", "2024-09-30") == ["2024-03-31", "2024-06-30", "2024-09-30"]
    assert editions.quarter_ends("2024-04-01", "2024-06-29") == []


def test_editions_are_past_quarter_ends_then_the_current_date_once():
    assert editions.editions("2024-11-15", "2024-01-01") == ["2024-03-31", "2024-06-30", "2024-09-30", "2024-11-15"]
    assert editions.editions("2024-06-30", "2024-01-01") == ["2024-03-31", "2024-06-30"]


def test_known_on_keeps_rows_published_on_or_before_the_date():
    frame = pd.DataFrame({"id": ["a", "b", "c"], "published": pd.to_datetime(["2025-01-01", "2025-03-31", "2025-04-01"])})
    assert list(editions.known_on(frame, "2025-03-31")["id"]) == ["a", "b"]
    with pytest.raises(ValueError, match="as_of: '2025-02-30'"):
        editions.known_on(frame, "2025-02-30")


def test_a_number_is_listed_when_its_shown_value_moved_because_one_of_its_rows_was_added():
    old = [
        Number("s", "Share", 0.421, "share", ("r1",)),
        Number("u", "Units", 100.0, "units", ("r2",)),
        Number("n", "Noise", 0.421, "share", ("r3",)),
    ]
    new = [
        Number("s", "Share", 0.452, "share", ("r1", "r9")),
        Number("u", "Units", 100.4, "units", ("r2", "r8")),
        Number("n", "Noise", 0.452, "share", ("r3",)),
        Number("f", "Fresh", 7.0, "units", ("r7",)),
    ]
    moved = editions.changes(old, new, added={"r9", "r8", "r7"})
    # s: 42% -> 45% with r9 added; u: shown 100 both times; n: moved with none of its rows added (sampling only);
    # f: new in the later edition.
    assert moved[["key", "old", "new", "change", "rows"]].values.tolist() == [
        ["s", "42%", "45%", "+3 points", "r9"],
        ["f", "not known", "7", "new", "r7"],
    ]


def test_rows_added_counts_the_window_as_after_from_and_up_to_to():
    tables = {
        "events": pd.DataFrame(
            {
                "event_id": ["e1", "e2", "e3"],
                "title": ["one", "two", "three"],
                "published": pd.to_datetime(["2025-03-31", "2025-04-01", "2025-06-30"]),
            }
        )
    }
    assert editions.rows_added(tables, "2025-03-31", "2025-06-30") == {"e2", "e3"}
    listed = editions.added_rows(tables, "2025-03-31", "2025-06-30")
    assert listed[["id", "published", "what"]].values.tolist() == [["e2", "2025-04-01", "two"], ["e3", "2025-06-30", "three"]]


def test_diff_refuses_a_later_from_and_bad_dates():
    with pytest.raises(ValueError, match="--from 2026-07-01 is later than --to 2026-06-30"):
        editions.diff({}, "2026-07-01", "2026-06-30")
    with pytest.raises(ValueError, match="--to: '2026-06-31'"):
        editions.diff({}, "2026-01-01", "2026-06-31")


def _planted_package(tmp_path):
    """A copy of the book's data with IDC's Huawei 2025 count changed and one event added in Q2 2026."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    path = data / "supply_estimates.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    planted = [r for r in rows if r["estimate_id"] == "idc-huawei-cards-china-2025"]
    assert planted and planted[0]["published"] == "2026-04-01"
    planted[0]["value"] = "912000"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    events = data / "events.csv"
    with open(events, newline="", encoding="utf-8") as handle:
        event_rows = list(csv.DictReader(handle))
    event_rows.append(
        {
            **event_rows[-1],
            "event_id": "planted-event-2026-05",
            "date": "2026-05-05",
            "title": "A planted event for the diff test",
            "published": "2026-05-05",
        }
    )
    with open(events, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(event_rows[0]))
        writer.writeheader()
        writer.writerows(event_rows)
    return data


def test_diff_command_shows_a_planted_change_with_its_row_id(tmp_path):
    data = _planted_package(tmp_path)
    done = run_cli("diff", "--from", "2026-03-31", "--to", "2026-06-30", "--data", str(data))
    assert done.returncode == 0, done.stderr
    huawei = next(line for line in done.stdout.splitlines() if line.startswith("Huawei Ascend accelerators"))
    assert "not known" in huawei and "912,000" in huawei and "idc-huawei-cards-china-2025" in huawei
    assert "planted-event-2026-05" in done.stdout and "A planted event for the diff test" in done.stdout
    # The same window over the book's own data shows the published figure, not the planted one.
    real = run_cli("diff", "--from", "2026-03-31", "--to", "2026-06-30")
    assert "812,000" in real.stdout and "912,000" not in real.stdout and "planted-event" not in real.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (("--from", "2026-13-01", "--to", "2026-06-30"), "--from: '2026-13-01' is not a date"),
        (("--from", "2026-07-01", "--to", "2026-06-30"), "later than --to"),
    ],
)
def test_diff_command_refuses_bad_dates_with_exit_2(args, message):
    done = run_cli("diff", *args)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
