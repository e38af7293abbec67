"""One place for the chart theme, the renderer and the way a chart is shown with its source line."""

from . import render, tables, theme
from .figure import SourceLine, show


def setup(as_of: str | None = None) -> None:
    """Call once at the top of a chapter: the book theme, the offline renderer inside builds, tables that escape
    every cell (a string from data/ never becomes markup) and print as tables. With the chapter's `as_of`, every
    figure's caption offers "Cite this figure" for that edition."""
    import pandas as pd

    from . import figure

    pd.set_option("styler.format.escape", "html")
    theme.enable()
    render.register()
    tables.register()
    figure.set_edition(as_of)


__all__ = ["setup", "show", "SourceLine", "render", "tables", "theme"]
