"""Numbers for sentences, written one way across the book.

Every function takes a value that may be missing (None, NaN, NA) and returns text: the formatted number, or a
plain statement that the data as of the chosen date do not hold it. Chapters glue these strings into their prose,
so a missing row reads as "not yet estimated", never as "nan".
"""

from __future__ import annotations

from collections.abc import Mapping

from .models import is_missing

NOT_ESTIMATED = "not yet estimated"
NOT_KNOWN = "not known"


def number(value: object, unit: str = "", digits: int = 0, missing: str = NOT_ESTIMATED) -> str:
    """1234567 -> "1,234,567"; with unit " kW" -> "1,234,567 kW"; missing -> `missing`."""
    if is_missing(value):
        return missing
    return f"{float(value):,.{digits}f}{unit}"


def percent(share: object, digits: int = 0, missing: str = NOT_KNOWN) -> str:
    """A share given as a fraction: 0.634 -> "63%"; digits=1 -> "63.4%"."""
    if is_missing(share):
        return missing
    return f"{float(share):.{digits}%}"


def ratio(value: object, digits: int = 2, missing: str = NOT_KNOWN) -> str:
    """A plain ratio: 0.4567 -> "0.46"."""
    if is_missing(value):
        return missing
    return f"{float(value):.{digits}f}"


def span(low: object, high: object, unit: str = "", digits: int = 0, missing: str = NOT_ESTIMATED) -> str:
    """A range: (1e5, 2e5) -> "100,000 to 200,000"; equal ends give one number; one end missing gives
    "at least ..." or "at most ..."."""
    if is_missing(low) and is_missing(high):
        return missing
    if is_missing(high):
        return "at least " + number(low, unit, digits)
    if is_missing(low):
        return "at most " + number(high, unit, digits)
    if float(low) == float(high):
        return number(low, unit, digits)
    return f"{number(low, '', digits)} to {number(high, unit, digits)}"


def estimate(row: Mapping | None, unit: str = "", digits: int = 0, missing: str = "no figure") -> str:
    """An estimate row's figure: its point `value` if given, else its `value_low`/`value_high` bounds as a span;
    `missing` when the row is absent or holds no figure."""
    if row is None or len(row) == 0:
        return missing
    value = row.get("value")
    if not is_missing(value):
        return number(value, unit, digits)
    return span(row.get("value_low"), row.get("value_high"), unit, digits, missing=missing)


def share_answer(year: int, p10: float, p50: float, p90: float, projected: Mapping[int, float], as_of: str, scenario: str) -> str:
    """The book's quotable sentence: the domestic share of the compute added in the last measured `year`, with its
    P10-P90, then the path of the projected medians (`projected`: year -> median share) under `scenario`."""
    first = (
        f"In {year} domestic chips supplied {percent(p50)} (P10-P90: {percent(p10)}-{percent(p90)}) of the AI "
        f"compute China added, in H100-equivalents of dense BF16 throughput"
    )
    if not projected:
        return f"{first}. Data as of {as_of}."
    years = sorted(projected)
    low, high = min(projected.values()), max(projected.values())
    above = sum(v > 0.5 for v in projected.values())
    span_text = f"{years[0]}-{years[-1]}"
    if above == len(years):
        path = f"stays above half in every year of {span_text} (median {percent(low)} to {percent(high)})"
    elif above == 0:
        path = f"stays below half in every year of {span_text} (median {percent(low)} to {percent(high)})"
    else:
        path = f"runs from {percent(low)} to {percent(high)} over {span_text}, above half in {above} of those {len(years)} years"
    return f"{first}; under the {scenario} scenario the median {path}. Data as of {as_of}."


def headline_caption(measured: dict, scenario_title: str, measure: str = "dense BF16 throughput") -> str:
    """The headline figure's finding: 'Domestic chips supplied 66% (P10-P90: 59%-72%) of the AI compute China added
    in 2025 (dense BF16 throughput); later years are the Base scenario's projection.'"""
    if not measured:
        return f"China's AI compute added per year, by source; the {scenario_title} scenario's projection."
    return (
        f"Domestic chips supplied {percent(measured['p50'])} (P10-P90: {percent(measured['p10'])}-"
        f"{percent(measured['p90'])}) of the AI compute China added in {int(measured['year'])} ({measure}); "
        f"later years are the {scenario_title} scenario's projection."
    )
