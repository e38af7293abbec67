"""The summary's scorecard as a styled table: the verdict cell coloured by verdict."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

#: Background of the verdict cell, by verdict (the verdicts of `models.scorecard.VERDICTS`).
VERDICT_COLOURS = {
    "supported": "#d9f0d3",
    "partly supported": "#fff2cc",
    "contested": "#f4cccc",
    "not testable yet": "#e6e6e6",
    "not testable with public data": "#e6e6e6",
}
#: The text columns, escaped as HTML.
TEXT_COLUMNS = ["Claim (restated)", "Verdict", "Evidence in the data", "Chapter"]


def verdict_style(verdict: object) -> str:
    """The CSS of one verdict cell: its light background colour and dark text, which stays readable in the dark
    theme too (empty for an unknown verdict)."""
    colour = VERDICT_COLOURS.get(verdict, "")
    return f"background-color: {colour}; color: #1a1a1a" if colour else ""


def scorecard_styler(scorecard: pd.DataFrame, as_of: str) -> Styler:
    """The scorecard (`models.scorecard.score`) without its index, text escaped, verdicts coloured, captioned with the
    number of claims and the as-of date."""
    return (
        scorecard.style.hide(axis="index")
        .format(escape="html", subset=TEXT_COLUMNS)
        .map(verdict_style, subset=["Verdict"])
        .set_caption(f"The {len(scorecard)} claims scored against the data as of {as_of}")
    )


def rules_styler(rules: pd.DataFrame) -> Styler:
    """The scorecard's rules (`models.scorecard.rules`) as a table, text escaped."""
    return (
        rules.style.hide(axis="index")
        .format(escape="html", subset=["Claim (restated)", "Rule", "Chapter"])
        .set_caption("How each verdict of the summary's scorecard is computed")
    )
