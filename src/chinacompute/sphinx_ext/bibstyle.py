"""The bibliography style of the book: pybtex's `plain`, with the provenance model of `data/references.bib`.

For a `@misc` entry (all of the book's sources) it prints the original publisher first (the author, or the
organization when no author is named), the title, the date (the ISO date when known, else month and year), the note, then "via <relay>; accessed <urldate>" and
the address of the copy read. Registered as the pybtex formatting style ``chinacompute`` (see `register`).
"""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.formatting.unsrt import date
from pybtex.style.template import field, first_of, join, optional, optional_field, sentence

NAME = "chinacompute"


class Style(PlainStyle):
    """`plain`, with organization, `via` and `urldate` shown for miscellaneous entries."""

    def get_misc_template(self, e):
        has_author = bool(e.persons.get("author"))
        who = self.format_names("author") if has_author else field("organization")
        return toplevel[
            optional[sentence[who]],
            optional[self.format_title(e, "title")],
            sentence[
                optional[field("organization")] if has_author else optional[field("howpublished")],
                first_of[optional[field("date")], date],
            ],
            sentence[optional_field("note")],
            sentence(sep="; ")[
                optional[join["via ", field("via")]],
                optional[join["accessed ", field("urldate")]],
            ],
            optional[self.format_url(e)],
        ]

    def get_online_template(self, e):
        return self.get_misc_template(e)


def register() -> None:
    """Make ``bibtex_default_style: chinacompute`` resolvable (pybtex plugin registry; idempotent)."""
    try:
        register_plugin("pybtex.style.formatting", NAME, Style)
    except Exception:  # already registered in this process (pybtex refuses a second registration)
        pass
