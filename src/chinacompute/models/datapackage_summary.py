"""Summaries of the data package for the data-and-methods chapter: each table's fields and constraints as text,
rows by confidence level, the claims about one disputed figure, and what the supply rows count.

Pure functions: they take the package descriptor (a dict, as in datapackage.json) and tables the chapter has
loaded, and return text, numbers or DataFrames. No file is read here.
"""

from __future__ import annotations

import pandas as pd

from .. import prose
from ..escape import to_markdown
from . import is_missing

#: The confidence levels of the data package, strongest first.
CONFIDENCE_LEVELS = ["official", "analyst-estimate", "press-report", "rumor", "derived"]
#: Field constraints written as a word before their value, in the order they are listed.
_WORDED_CONSTRAINTS = (("minimum", "min"), ("maximum", "max"), ("pattern", "pattern"))
#: supply_estimates metrics that count things (not money or yields).
VOLUME_METRICS = ["units", "dies", "wafers", "wafer_capacity", "hbm_stacks"]


def constraints_text(field: dict) -> str:
    """A Table Schema field's constraints as text, e.g. "required; one of: a, b; min 0" ("" when it has none)."""
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if "enum" in c:
        parts.append("one of: " + ", ".join(map(str, c["enum"])))
    parts.extend(f"{word} {c[key]}" for key, word in _WORDED_CONSTRAINTS if key in c)
    return "; ".join(parts)


def field_table(resource: dict) -> pd.DataFrame:
    """One row per field of a resource's schema: Field, Type (default "string"), Unit, Description, Constraints."""
    return pd.DataFrame(
        [
            {
                "Field": f["name"],
                "Type": f.get("type", "string"),
                "Unit": f.get("unit", ""),
                "Description": f.get("description", ""),
                "Constraints": constraints_text(f),
            }
            for f in resource["schema"]["fields"]
        ]
    )


def table_heading(resource: dict, rows_as_of: int, rows_all: int, as_of: str) -> str:
    """A Markdown paragraph introducing one table: its name in bold, its path, its description and its row counts
    (as of the date and in all); descriptor text is escaped for Markdown."""
    return (
        f"**{to_markdown(resource['name'])}** (`{resource['path']}`): {to_markdown(resource.get('description', ''))} "
        f"{rows_as_of:,} rows as of {as_of} ({rows_all:,} in all)."
    )


def confidence_counts(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows per confidence level for each table that has a `confidence` column: Table, one column per level in
    CONFIDENCE_LEVELS, All rows."""
    return pd.DataFrame(
        [
            {"Table": name, **{level: int((t["confidence"] == level).sum()) for level in CONFIDENCE_LEVELS}, "All rows": len(t)}
            for name, t in tables.items()
            if "confidence" in t
        ]
    )


def confidence_share(tables: dict[str, pd.DataFrame], levels: list[str]) -> float:
    """The share of all rows, over every table with a `confidence` column, whose confidence is one of `levels` (a row
    without a confidence counts as not in them); NaN when there are no rows."""
    confidence = pd.concat([t["confidence"] for t in tables.values() if "confidence" in t])
    return confidence.isin(levels).mean()


def claims(disputes: pd.DataFrame, chip_id: str, field: str) -> pd.DataFrame:
    """The spec_disputes rows about one field of one chip."""
    return disputes[(disputes["chip_id"] == chip_id) & (disputes["field"] == field)]


def count_claiming(claim_rows: pd.DataFrame, value: float) -> int:
    """How many claims give `value` (their `value` read as a number)."""
    return int((pd.to_numeric(claim_rows["value"]) == value).sum())


def claims_table(claim_rows: pd.DataFrame, value_label: str) -> pd.DataFrame:
    """The claims for display, as text: value (titled `value_label`, "2" not "2.0"), Claimed by, Confidence,
    Published (YYYY-MM-DD), Notes."""
    table = claim_rows[["value", "claimed_by", "confidence", "published", "notes"]].rename(
        columns={
            "value": value_label,
            "claimed_by": "Claimed by",
            "confidence": "Confidence",
            "published": "Published",
            "notes": "Notes",
        }
    )
    return table.assign(
        **{value_label: table[value_label].map("{:g}".format), "Published": table["Published"].dt.strftime("%Y-%m-%d")}
    )


def figure_text(value: object, low: object, high: object) -> str:
    """An estimate's figure as text: its point value ("1,000"), else "at least <low>" when it has a lower bound
    (a full range reads as its lower bound), else "at most <high>"."""
    if not is_missing(value):
        return prose.number(value)
    return "at least " + prose.number(low) if not is_missing(low) else "at most " + prose.number(high)


def volume_table(supply: pd.DataFrame, vendor: str) -> pd.DataFrame:
    """A vendor's unit and die rows for display: Row, Metric, What is counted, Figure (figure_text), Estimator,
    Confidence."""
    rows = supply[supply["vendor"].eq(vendor) & supply["metric"].isin(["units", "dies"])].copy()
    rows["Figure"] = [
        figure_text(v, lo, hi) for v, lo, hi in zip(rows["value"], rows["value_low"], rows["value_high"], strict=True)
    ]
    return rows[["estimate_id", "metric", "counted", "Figure", "estimator", "confidence"]].rename(
        columns={
            "estimate_id": "Row",
            "metric": "Metric",
            "counted": "What is counted",
            "estimator": "Estimator",
            "confidence": "Confidence",
        }
    )


def volume_metric_counts(supply: pd.DataFrame) -> dict[str, int]:
    """Supply rows per volume metric (VOLUME_METRICS); a metric without rows is absent."""
    counts = supply.loc[supply["metric"].isin(VOLUME_METRICS), "metric"].value_counts()
    return {metric: int(n) for metric, n in counts.items()}


def rows_mentioning(supply: pd.DataFrame, word: str) -> int:
    """How many supply rows name `word` (any case) in what they count."""
    return int(supply["counted"].str.contains(word, case=False).sum())


def currency_table(tables: dict[str, pd.DataFrame], bibliography: dict[str, dict]) -> pd.DataFrame:
    """How far each table reaches and what its rows rest on: Table, Rows, Latest source (the last `published`
    date), Sources last read (the latest `urldate` of the sources its rows cite: when the table was last checked
    against its sources), and the rows whose best source is primary, secondary or tertiary (see
    validation.source_grade)."""
    from ..validation import GRADES, SOURCE_SEPARATOR, source_grade

    rows = []
    for name, table in tables.items():
        grades = [
            source_grade(str(cell).split(SOURCE_SEPARATOR), bibliography) if not is_missing(cell) else None
            for cell in table.get("source", pd.Series([None] * len(table), dtype=object))
        ]
        latest = table["published"].max() if "published" in table and len(table) else None
        keys = {
            key.strip()
            for cell in table.get("source", pd.Series([], dtype=object))
            if not is_missing(cell)
            for key in str(cell).split(SOURCE_SEPARATOR)
        }
        read = [str(bibliography[k]["urldate"]) for k in keys if k in bibliography and bibliography[k].get("urldate")]
        rows.append(
            {
                "Table": name,
                "Rows": len(table),
                "Latest source": "–" if latest is None or is_missing(latest) else pd.Timestamp(latest).date().isoformat(),
                "Sources last read": max(read) if read else "–",
                **{grade.capitalize(): grades.count(grade) for grade in GRADES},
            }
        )
    return pd.DataFrame(rows)
