"""Pure models: numbers or DataFrames in, numbers or DataFrames out; no file access, no plotting."""

import pandas as pd


def is_missing(value: object) -> bool:
    """Whether a table value is absent: None, NaN, pandas NA or NaT."""
    return value is None or bool(pd.isna(value))
