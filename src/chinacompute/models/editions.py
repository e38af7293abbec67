"""Editions of the book and what changed between them. An edition is the book as known on its as-of date: every
table cut to the rows published on or before it. Pure: tables in, numbers and differences out (no I/O).

The headline numbers of an edition are the compute-supply model's domestic share for each measured year (in BF16
throughput and in memory bandwidth), the first projected year above one half, and the landing page's unit and
specification figures. Each number names the rows it rests on, so a change between two editions can be traced to
the rows added in between.

The model is a seeded Monte Carlo simulation: a row added for one year shifts the random draws of every other year
by a little. A number is therefore reported as changed only when its shown value (whole percent, whole units)
moved and at least one of the rows it rests on was added between the two editions; a shift from sampling alone is
not a change in what is known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from . import compute_supply, first_row, is_missing

#: Tables whose added rows `added_rows` lists, with their id column and a short text column.
LISTED = {"events": ("event_id", "title"), "supply_estimates": ("estimate_id", "counted")}
ID_COLUMNS = {
    "supply_estimates": "estimate_id",
    "accelerators": "chip_id",
    "projection_drivers": "driver_row_id",
    "events": "event_id",
}
#: The tables an edition's numbers and lists are computed from.
TABLES = ("supply_estimates", "accelerators", "projection_drivers", "events")
SHARE_WORDS = {"h100e_bf16": "BF16 compute", "h100e_bandwidth": "memory bandwidth"}


@dataclass(frozen=True)
class Number:
    """One headline number of an edition. `value` None: not computable from the rows known then."""

    key: str
    label: str
    value: float | None
    unit: str  # share, year, units
    rows: tuple[str, ...] = ()

    def shown(self) -> str:
        """The value as the book shows it."""
        if self.value is None:
            return f"none by {compute_supply.YEARS[-1]}" if self.unit == "year" else "not known"
        if self.unit == "share":
            return f"{self.value:.0%}"
        if self.unit == "year":
            return str(int(self.value))
        return f"{self.value:,.0f}"

    def rounded(self) -> float | None:
        if self.value is None:
            return None
        return round(self.value * 100) if self.unit == "share" else round(self.value)


def parse_date(text: object, what: str) -> dt.date:
    """A YYYY-MM-DD date, or ValueError naming `what` (the option or parameter it came from)."""
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise ValueError(f"{what}: {text!r} is not a date in the form YYYY-MM-DD") from None


def known_on(frame: pd.DataFrame, as_of: object) -> pd.DataFrame:
    """The rows of a table published on or before `as_of` (every row when the table has no `published`)."""
    if "published" not in frame:
        return frame
    cutoff = pd.Timestamp(parse_date(as_of, "as_of"))
    return frame[pd.to_datetime(frame["published"]) <= cutoff].reset_index(drop=True)


def quarter_ends(first: object, last: object) -> list[str]:
    """Every quarter's last day from `first` to `last` inclusive, as YYYY-MM-DD."""
    start, end = parse_date(first, "first"), parse_date(last, "last")
    found = []
    for year in range(start.year, end.year + 1):
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
            date = dt.date(year, month, day)
            if start <= date <= end:
                found.append(date.isoformat())
    return found


def editions(current: object, since: object = "2024-01-01") -> list[str]:
    """The quarterly editions since `since` (quarter ends before `current`), then the current edition itself."""
    current = parse_date(current, "as_of").isoformat()
    return [d for d in quarter_ends(since, current) if d < current] + [current]


def _share_numbers(sim: compute_supply.Simulation, drivers_ids: tuple[str, ...]) -> list[Number]:
    numbers = []
    for measure in compute_supply.MEASURES:
        share = compute_supply.domestic_share_table(sim, measure)
        for _, row in share[share["period"] == "history"].iterrows():
            year = int(row["year"])
            ids = sorted({i for (y, _), found in sim.estimate_ids.items() if y == year for i in found})
            numbers.append(
                Number(
                    f"share-{measure}-{year}",
                    f"Domestic share of the AI compute China added in {year} ({SHARE_WORDS[measure]}), median",
                    float(row["p50"]),
                    "share",
                    tuple(ids),
                )
            )
    history_ids = tuple(sorted({i for found in sim.estimate_ids.values() for i in found}))
    above = compute_supply.first_year_above(sim)
    numbers.append(
        Number(
            "first-year-above-half",
            "First projected year with a domestic share above one half (BF16, base drivers, median)",
            above["year"],
            "year",
            history_ids + drivers_ids,
        )
    )
    return numbers


def edition_numbers(tables: Mapping[str, pd.DataFrame], as_of: object, draws: int = 4000, seed: int = 0) -> list[Number]:
    """The headline numbers of the edition of `as_of`. `tables` holds the full supply_estimates, accelerators and
    projection_drivers tables; each is cut to the rows known on `as_of` here."""
    supply = known_on(tables["supply_estimates"], as_of)
    chips = known_on(tables["accelerators"], as_of)
    drivers = known_on(tables["projection_drivers"], as_of)
    base_drivers = drivers[drivers["driver_set"] == "base"] if "driver_set" in drivers else drivers
    numbers: list[Number] = []
    if len(supply):
        sim = compute_supply.run(supply, chips, drivers, draws=draws, seed=seed)
        numbers += _share_numbers(sim, tuple(sorted(base_drivers["driver_row_id"]))) if len(sim.period) else []
    for key, estimate_id, label in (
        ("huawei-2025-idc", "idc-huawei-cards-china-2025", "Huawei Ascend accelerators shipped in China in 2025 (IDC)"),
        ("nvidia-2025-idc", "idc-nvidia-cards-china-2025", "Nvidia AI accelerator cards shipped in China in 2025 (IDC)"),
        ("h200-orders-2026", "reuters-h200-orders-2026", "H200 ordered by Chinese firms for 2026 (at least)"),
    ):
        row = first_row(supply, "estimate_id", estimate_id)
        figure = next((row[c] for c in ("value", "value_low") if row and not is_missing(row.get(c))), None)
        value = None if figure is None else float(figure)
        numbers.append(Number(key, label, value, "units", (estimate_id,)))
    ascend, h100 = first_row(chips, "chip_id", "huawei-ascend-910c"), first_row(chips, "chip_id", "nvidia-h100-sxm")
    ratio = None
    if (
        ascend
        and h100
        and not is_missing(ascend.get("fp16_bf16_dense_tflops"))
        and not is_missing(h100.get("fp16_bf16_dense_tflops"))
    ):
        ratio = float(ascend["fp16_bf16_dense_tflops"]) / float(h100["fp16_bf16_dense_tflops"])
    numbers.append(
        Number(
            "ascend-910c-vs-h100",
            "An Ascend 910C's dense BF16 throughput against an H100's",
            ratio,
            "share",
            ("huawei-ascend-910c", "nvidia-h100-sxm"),
        )
    )
    return numbers


def rows_added(tables: Mapping[str, pd.DataFrame], start: object, end: object) -> set[str]:
    """Ids of every row (of the tables with an id column) published after `start` and on or before `end`."""
    lo, hi = pd.Timestamp(parse_date(start, "from")), pd.Timestamp(parse_date(end, "to"))
    ids: set[str] = set()
    for name, frame in tables.items():
        column = ID_COLUMNS.get(name)
        if column in frame and "published" in frame:
            published = pd.to_datetime(frame["published"])
            ids |= set(frame.loc[(published > lo) & (published <= hi), column].astype(str))
    return ids


def changes(old: list[Number], new: list[Number], added: set[str]) -> pd.DataFrame:
    """Every number whose shown value moved between two editions because rows were added: key, finding, old,
    new, change, rows (the added rows it rests on)."""
    before = {n.key: n for n in old}
    rows = []
    for number in new:
        previous = before.get(number.key, Number(number.key, number.label, None, number.unit))
        caused = sorted(set(number.rows) & added)
        if previous.rounded() == number.rounded() or not caused:
            continue
        change = ""
        if previous.value is not None and number.value is not None:
            delta = number.value - previous.value
            change = f"{delta * 100:+.0f} points" if number.unit == "share" else f"{delta:+,.0f}"
        rows.append(
            {
                "key": number.key,
                "finding": number.label,
                "old": previous.shown(),
                "new": number.shown(),
                "change": change or "new",
                "rows": "; ".join(caused),
            }
        )
    return pd.DataFrame(rows, columns=["key", "finding", "old", "new", "change", "rows"])


def added_rows(tables: Mapping[str, pd.DataFrame], start: object, end: object) -> pd.DataFrame:
    """The events and estimates published after `start` and on or before `end`: table, id, published, what."""
    lo, hi = pd.Timestamp(parse_date(start, "from")), pd.Timestamp(parse_date(end, "to"))
    rows = []
    for name, (id_column, text_column) in LISTED.items():
        frame = tables.get(name)
        if frame is None or "published" not in frame:
            continue
        published = pd.to_datetime(frame["published"])
        for _, row in frame[(published > lo) & (published <= hi)].sort_values("published").iterrows():
            rows.append(
                {
                    "table": name,
                    "id": str(row[id_column]),
                    "published": pd.Timestamp(row["published"]).date().isoformat(),
                    "what": str(row[text_column]),
                }
            )
    return pd.DataFrame(rows, columns=["table", "id", "published", "what"])


def history(tables: Mapping[str, pd.DataFrame], dates: list[str], draws: int = 4000, seed: int = 0) -> pd.DataFrame:
    """Each headline number in each edition of `dates`: edition, key, finding, value, shown, unit."""
    rows = []
    for date in dates:
        for number in edition_numbers(tables, date, draws, seed):
            rows.append(
                {
                    "edition": date,
                    "key": number.key,
                    "finding": number.label,
                    "value": number.value,
                    "shown": number.shown(),
                    "unit": number.unit,
                }
            )
    return pd.DataFrame(rows, columns=["edition", "key", "finding", "value", "shown", "unit"])


def diff(
    tables: Mapping[str, pd.DataFrame], start: object, end: object, draws: int = 4000, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(numbers that moved, rows added) between the editions of `start` and `end` (`start` must not be later)."""
    lo, hi = parse_date(start, "--from"), parse_date(end, "--to")
    if lo > hi:
        raise ValueError(f"--from {lo} is later than --to {hi}")
    old, new = edition_numbers(tables, lo.isoformat(), draws, seed), edition_numbers(tables, hi.isoformat(), draws, seed)
    return changes(old, new, rows_added(tables, lo, hi)), added_rows(tables, lo, hi)


def text_table(frame: pd.DataFrame, columns: tuple[str, ...], width: int = 60) -> str:
    """A plain-text table for a terminal: a header, a rule, one line per row; cells longer than `width` are cut
    with an ellipsis (the CSV export keeps them whole)."""
    cells = [
        [str(row[c]) if len(str(row[c])) <= width else str(row[c])[: width - 1] + "…" for c in columns]
        for _, row in frame.iterrows()
    ]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = lambda values: "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()  # noqa: E731
    return "\n".join([line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells])


def changes_table(steps: list[tuple[str, str, pd.DataFrame, pd.DataFrame]]) -> pd.DataFrame:
    """The "What changed" page's table from (earlier, later, changes, added) steps: Editions, Finding, Change
    ('not known → 66%'), Rows."""
    rows = [
        {
            "Editions": f"{a} → {b}",
            "Finding": r["finding"],
            "Change": f"{r['old']} → {r['new']}" + (f" ({r['change']})" if r["change"] != "new" else ""),
            "Rows": r["rows"],
        }
        for a, b, moved, _ in steps
        for _, r in moved.iterrows()
    ]
    return pd.DataFrame(rows, columns=["Editions", "Finding", "Change", "Rows"])


def added_counts(steps: list[tuple[str, str, pd.DataFrame, pd.DataFrame]]) -> pd.DataFrame:
    """Per step, how many events and estimates were published in between."""
    rows = [
        {
            "Edition": b,
            "Since": a,
            "Events added": int((added["table"] == "events").sum()),
            "Estimates added": int((added["table"] == "supply_estimates").sum()),
        }
        for a, b, _, added in steps
    ]
    return pd.DataFrame(rows, columns=["Edition", "Since", "Events added", "Estimates added"])
