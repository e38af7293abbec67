"""CSV that is safe to open in a spreadsheet: a text cell that starts like a formula is neutralised.

Excel, LibreOffice and Google Sheets run a cell beginning with `=`, `+`, `-` or `@` (and tab or carriage return, which
some of them strip first) as a formula: `=HYPERLINK(...)` or `=cmd|...` in a data row would then act on the reader's
machine. Such text cells get a leading apostrophe, which spreadsheets show as text; plain numbers ("-5", "+1.5e3")
are left as they are. Used for `export` and for every chart's "Download the data (CSV)" link.
"""

from __future__ import annotations

import re

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: object) -> object:
    """`value` with a leading apostrophe if it is text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells (and column names) cannot run as spreadsheet formulas."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    out.columns = [safe_cell(c) for c in out.columns]
    return out
