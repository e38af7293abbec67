"""The printed edition's front and back matter: a cover (title, subtitle, edition date, scenario, data hash, authors)
and a colophon (how the book was made, every parameter, the data hash, the software versions).

Both are LaTeX written per build into the print copy's `_config.yml` (`latex_elements` `maketitle` and
`atendofbody`); the layout itself (one-sided, running headers, "page N of M", parts as headings of the contents,
numbered figures) is the style file `sphinx_ext/latex/chinacompute.sty`. Everything from data or parameters is
escaped with `escape.to_latex`.
"""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass, field
from pathlib import Path

from .. import citation
from ..citation import data_hash
from ..escape import to_latex
from ..params import ParameterError, parameters_cell, parse_specs
from . import cache

SUBTITLE = "China's AI accelerators, Nvidia and the domestic chips: supply, the hardware and software gap, and policy"
ABSTRACT = (
    "An analytical report on how many AI accelerators China can get, from Nvidia and from its own designers, "
    "how far the domestic hardware and software lag, and how US export controls and Chinese policy moved the "
    "market. Every figure comes from the book's data package, with its original source, a grade and a "
    "confidence tag; the numbers in the text are computed from those rows."
)
#: Packages whose versions the colophon lists.
SOFTWARE = ("jupyter-book", "sphinx", "myst-nb", "papermill", "jupytext", "pandas", "altair", "vl-convert-python")


@dataclass
class Parameter:
    chapter: str
    name: str
    value: object
    changed: bool  # differs from the chapter's default


@dataclass
class Edition:
    """What the cover and the colophon say about one printed book."""

    title: str
    author: str
    as_of: str
    scenario: str
    data_hash: str
    kind: str = "book"  # book or briefing
    chapters: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    software: dict[str, str] = field(default_factory=dict)


def executed_parameters(notebook: dict, stem: str) -> list[Parameter]:
    """The parameters one executed chapter ran with: its declared defaults, overridden by what the build injected."""
    try:
        specs = parse_specs(parameters_cell(notebook), where=f"{stem} parameters cell")
    except ParameterError:
        return []  # a page without parameters
    injected = notebook.get("metadata", {}).get(cache.CACHE_METADATA, {}).get("parameters", {})
    return [
        Parameter(stem, name, injected.get(name, spec.default), name in injected and injected[name] != spec.default)
        for name, spec in specs.items()
    ]


def software_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"Python": platform.python_version()}
    for name in SOFTWARE:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


def edition_of(source_dir: Path, data_dir: Path, config: dict, kind: str = "book") -> Edition:
    """The edition of the executed book in `source_dir` (chapters in file order, the landing page excluded)."""
    parameters: list[Parameter] = []
    chapters = []
    for path in sorted(Path(source_dir).rglob("*.ipynb")):
        parts = path.relative_to(source_dir).parts
        if path.stem == "index" or any(part.startswith(".") or part in ("failed", "_build") for part in parts):
            continue
        chapters.append(path.stem)
        parameters += executed_parameters(json.loads(path.read_text(encoding="utf-8")), path.stem)
    first = {name: next((p.value for p in parameters if p.name == name), "") for name in ("as_of", "scenario")}
    return Edition(
        title=str(config.get("title", "")),
        author=str(config.get("author", "")),
        as_of=str(first["as_of"]),
        scenario=str(first["scenario"]),
        data_hash=data_hash(data_dir),
        kind=kind,
        chapters=chapters,
        parameters=parameters,
        software=software_versions(),
    )


def _value(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def parameter_rows(parameters: list[Parameter]) -> str:
    """LaTeX table rows chapter & parameter & value, values changed from the default in bold."""
    rows = []
    for p in parameters:
        value = to_latex(_value(p.value))
        rows.append(
            f"{to_latex(p.chapter)} & {to_latex(p.name)} & {chr(92) + 'textbf{' + value + '}' if p.changed else value} \\\\"
        )
    return "\n".join(rows)


def cover_latex(edition: Edition) -> str:
    """Page 1: title, subtitle, edition date, scenario, data hash, authors; a briefing adds its chapters and every
    parameter it ran with."""
    kind = "Briefing" if edition.kind == "briefing" else "Report"
    details = ""
    if edition.kind == "briefing":
        details = (
            r"\vspace{6mm}{\small Chapters: " + to_latex(", ".join(edition.chapters)) + r"\par}\vspace{2mm}"
            r"{\small Parameters used (bold: changed from the chapter's default):\par}\vspace{1mm}"
            r"{\footnotesize\rmfamily\begin{tabular}{@{}llp{0.55\linewidth}@{}}\textbf{Chapter} & "
            r"\textbf{Parameter} & \textbf{Value} \\ \hline"
            + "\n"
            + parameter_rows(edition.parameters)
            + "\n"
            + r"\end{tabular}\par}"
        )
    return rf"""
\begingroup\thispagestyle{{empty}}\raggedright\sffamily
\vspace*{{18mm}}
{{\color{{ccAccent}}\rule{{\linewidth}}{{2.5pt}}}}\par\vspace{{6mm}}
{{\small\color{{ccAccent}}\MakeUppercase{{{kind}}}\par}}\vspace{{4mm}}
{{\fontsize{{28}}{{34}}\selectfont\bfseries\color{{ccInk}}{to_latex(edition.title)}\par}}\vspace{{5mm}}
{{\large\color{{ccMuted}}{to_latex(SUBTITLE)}\par}}\vspace{{12mm}}
{{\large Edition of {to_latex(edition.as_of)} (data as of that date)\par}}\vspace{{2mm}}
{{\normalsize Scenario: {to_latex(edition.scenario)}\par}}\vspace{{1mm}}
{{\normalsize Data package: sha256 {to_latex(edition.data_hash)}\par}}
{details}
\vspace{{10mm}}
\begin{{minipage}}{{0.82\linewidth}}\rmfamily\small {to_latex(ABSTRACT)}\end{{minipage}}\par
\vfill
{{\normalsize {to_latex(edition.author)}\par}}
\clearpage\endgroup
"""


def colophon_latex(edition: Edition) -> str:
    """The last pages: how the book was made, the scenario, the data hash, every parameter and the software."""
    software = "; ".join(f"{to_latex(name)} {to_latex(v)}" for name, v in edition.software.items())
    parameters = "" if edition.kind == "briefing" else _parameter_table(edition)  # a briefing's cover lists them
    return rf"""
\chapter*{{About this edition}}\addcontentsline{{toc}}{{chapter}}{{About this edition}}\markboth{{About this edition}}{{}}
\sphinxAtStartPar
This {"briefing" if edition.kind == "briefing" else "book"} was made from the data package of the edition of
{to_latex(edition.as_of)} (sha256 {to_latex(edition.data_hash)}). Each chapter is a parameterised notebook: papermill
executed it with the parameters {"listed on the cover" if edition.kind == "briefing" else "below"}, its charts were drawn with Altair (Vega-Lite) and converted to vector PDF with
vl-convert, and Jupyter Book (Sphinx) typeset the result with XeLaTeX. The same chapters, run with other parameters
(python -m chinacompute chapter NAME -{{}}-set NAME=VALUE), give other numbers; the text
and the figures change with them.

{parameters}
\sphinxAtStartPar
Software: {software}.

{_citation(edition)}
"""


def _citation(edition: Edition) -> str:
    """'How to cite': the edition's plain-text citation and its BibTeX entry (the same as the landing page's)."""
    cited = citation.Edition(edition.title, edition.author or citation.DEFAULT_AUTHOR, edition.as_of, edition.data_hash)
    bibtex = "\n".join(
        (r"\hspace*{1em}" if line.startswith(" ") else "") + to_latex(line.strip()) + r"\\"
        for line in citation.bibtex(cited).splitlines()
    )
    return rf"""\section*{{How to cite}}
\sphinxAtStartPar
{to_latex(citation.plain(cited))}

{{\footnotesize\ttfamily\raggedright\noindent
{bibtex}
\par}}
"""


def _parameter_table(edition: Edition) -> str:
    return rf"""\sphinxAtStartPar
Scenario: {to_latex(edition.scenario)}. Parameters (bold: changed from the chapter's default):

{{\footnotesize
\begin{{longtable}}{{@{{}}p{{0.27\linewidth}}p{{0.2\linewidth}}p{{0.47\linewidth}}@{{}}}}
\textbf{{Chapter}} & \textbf{{Parameter}} & \textbf{{Value}} \\ \hline
\endhead
{parameter_rows(edition.parameters)}
\end{{longtable}}}}

"""


def print_config(config: dict, edition: Edition) -> dict:
    """The book's configuration for the print edition: its cover, colophon and running-header title."""
    latex = config.setdefault("sphinx", {}).setdefault("config", {}).setdefault("latex_elements", {})
    latex["maketitle"] = cover_latex(edition)
    latex["atendofbody"] = colophon_latex(edition)
    if edition.kind == "briefing":  # a few chapters need no contents page
        latex["tableofcontents"] = ""
    latex["preamble"] = latex.get("preamble", "") + "\\renewcommand{\\ccbooktitle}{" + to_latex(edition.title) + "}\n"
    return config


__all__ = ["Edition", "Parameter", "colophon_latex", "cover_latex", "data_hash", "edition_of", "print_config"]
