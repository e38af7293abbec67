"""One place for the chart theme, the renderer and the way a chart is shown with its source line."""

from . import render, tables, theme
from .figure import SourceLine, show


def setup() -> None:
    """Call once at the top of a chapter: the book theme, the offline renderer inside builds, tables that escape
    every cell (a string from data/ never becomes markup) and print as tables."""
    import pandas as pd

    pd.set_option("styler.format.escape", "html")
    theme.enable()
    render.register()
    tables.register()


__all__ = ["setup", "show", "SourceLine", "render", "tables", "theme"]
