"""Pure models: numbers or DataFrames in, numbers or DataFrames out; no file access, no plotting."""

import pandas as pd


def is_missing(value: object) -> bool:
    """Whether a table value is absent: None, NaN, pandas NA or NaT."""
    return value is None or bool(pd.isna(value))


def first_row(frame: pd.DataFrame, column: str, key: object) -> dict:
    """The first row of `frame` whose `column` equals `key`, as a dict; an empty dict when there is none (e.g. a row
    not yet published at the as-of date)."""
    hit = frame[frame[column] == key]
    return hit.iloc[0].to_dict() if len(hit) else {}
