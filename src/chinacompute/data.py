"""Load the validated data package as typed pandas DataFrames, optionally as known on an `as_of` date.

Every table read is recorded (in memory, and in the file named by $CHINACOMPUTE_READS_LOG when the build sets it),
so the build knows which chapters depend on which data files.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .validation import SOURCE_SEPARATOR, DataPackageError, validate

READS_LOG_ENV = paths.READS_LOG_ENV
_PANDAS_TYPES = {"number": "float64", "integer": "Int64", "string": "string", "date": "datetime64[ns]"}


@dataclass(frozen=True)
class DataPackage:
    """The validated package: parsed rows per table, the bibliography and the descriptor (schema)."""

    folder: Path
    rows: dict[str, list[dict]]
    bibliography: dict[str, dict]
    descriptor: dict

    def resource(self, name: str) -> dict:
        """The descriptor entry (path, schema, description) of one table."""
        for resource in self.descriptor["resources"]:
            if resource["name"] == name:
                return resource
        raise KeyError(f"no table {name!r} in {self.folder}/datapackage.json (tables: {', '.join(self.rows)})")


@functools.cache
def _load(folder: Path) -> DataPackage:
    problems, rows, bib, descriptor = validate(folder)
    if problems:
        raise DataPackageError(problems)
    return DataPackage(folder, rows, bib, descriptor)


def package(data_dir: Path | str | None = None) -> DataPackage:
    """Load and validate the data package once per process (raises DataPackageError listing every problem)."""
    return _load(paths.data_dir(data_dir))


def _record_read(pkg: DataPackage, name: str) -> None:
    log = os.environ.get(READS_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as out:
            out.write(pkg.resource(name)["path"] + "\n")


def parse_as_of(as_of: str | dt.date | None) -> pd.Timestamp | None:
    """An as-of date as a Timestamp (None means: everything we know)."""
    if as_of is None or as_of == "":
        return None
    try:
        return pd.Timestamp(dt.date.fromisoformat(str(as_of)))
    except ValueError:
        raise ValueError(f"as_of: {as_of!r} is not a date in the form YYYY-MM-DD") from None


def table(name: str, as_of: str | dt.date | None = None, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table as a typed DataFrame; with `as_of`, only rows whose source was published on or before that date."""
    pkg = package(data_dir)
    resource = pkg.resource(name)
    fields = resource["schema"]["fields"]
    columns = [f["name"] for f in fields]
    frame = pd.DataFrame([{c: r[c] for c in columns} for r in pkg.rows[name]], columns=columns)
    for field in fields:
        frame[field["name"]] = frame[field["name"]].astype(_PANDAS_TYPES.get(field.get("type", "string"), "object"))
    _record_read(pkg, name)
    cutoff = parse_as_of(as_of)
    if cutoff is not None and "published" in frame:
        frame = frame[frame["published"] <= cutoff].reset_index(drop=True)
    return frame


def source_keys(frame: pd.DataFrame) -> list[str]:
    """The distinct bibliography keys cited by the rows of a frame, in first-seen order."""
    keys: dict[str, None] = {}
    for cell in frame.get("source", pd.Series(dtype="string")).dropna():
        for key in str(cell).split(SOURCE_SEPARATOR):
            keys.setdefault(key, None)
    return list(keys)


def rows_by_grade(data_dir: Path | str | None = None) -> dict[str, int]:
    """How many rows of the package rest on primary, secondary and tertiary sources (best grade among a row's
    sources; see validation.count_rows_by_grade)."""
    from .validation import count_rows_by_grade

    pkg = package(data_dir)
    return count_rows_by_grade(pkg.rows, pkg.bibliography)


def cite_short(key: str, data_dir: Path | str | None = None) -> str:
    """A short human label for a source key: the original publisher first, the relay read when there is one, then
    the date: 'Reuters (via The Sun), 2025-07-28', 'Huawei, 2025-09-20', 'SemiAnalysis, 2025' (year only when the
    day is not known). Parenthetical qualifiers of the relay are left to the bibliography page."""
    entry = package(data_dir).bibliography.get(key, {})
    return short_label(entry, key)


def short_label(entry: dict, key: str = "") -> str:
    """`cite_short` for one parsed bibliography entry (a pure function of its fields)."""
    who = entry.get("organization") or entry.get("publisher") or entry.get("author", "").split(" and ")[0] or key
    label = _strip_braces(who)
    via = re.sub(r"\s*\([^)]*\)", "", _strip_braces(entry.get("via", ""))).replace(";", ",").strip(" ,")
    if via:
        label += f" (via {via})"
    when = entry.get("date") or entry.get("year", "")
    return f"{label}, {when}" if when else label


def _strip_braces(text: str) -> str:
    return (
        text.replace("{", "")
        .replace("}", "")
        .replace("\\&", "&")
        .replace("\\%", "%")
        .replace("\\_", "_")
        .replace("\\#", "#")
        .replace("\\$", "$")
    )
