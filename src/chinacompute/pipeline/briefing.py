"""Briefing PDFs: a few chapters (plus the summary) under a scenario, with the parameters used on the first page."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import yaml

from ..escape import to_latex
from ..params import ParameterError, chapter_overrides, parse_assignments, resolve, specs_for
from .book import BuildError
from .smallbook import build_small_book

SUMMARY = "01_summary"


def briefing_parameters(notebooks: dict[str, Path], scenario: dict | None, assignments: list[str]) -> dict[str, dict]:
    """Validated parameters per chosen chapter: the scenario's values, then each --set NAME=VALUE for every chosen
    chapter that declares NAME (ParameterError if no chosen chapter does)."""
    pairs = parse_assignments(assignments)
    used: set[str] = set()
    result = {}
    for stem, notebook in notebooks.items():
        specs = specs_for(notebook)
        values = chapter_overrides(scenario, stem, specs)
        for name, value in pairs.items():
            if name in specs:
                values[name] = value
                used.add(name)
        result[stem] = resolve(specs, values, stem)
    for name in pairs:
        if name not in used:
            raise ParameterError(f"--set {name}: none of the chosen chapters ({', '.join(notebooks)}) has a parameter {name!r}")
    return result


def title_page(title: str, scenario_name: str, notebooks: dict[str, Path], parameters: dict[str, dict], today: dt.date) -> str:
    """LaTeX for page 1: title, date, scenario and every parameter of every chapter (changed ones in bold)."""
    rows = []
    for stem, notebook in notebooks.items():
        for spec in specs_for(notebook).values():
            changed = spec.name in parameters[stem]
            value = parameters[stem].get(spec.name, spec.default)
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            cell = "\\textbf{" + to_latex(shown) + "}" if changed else to_latex(shown)
            rows.append(f"{to_latex(stem)} & {to_latex(spec.name)} & {cell} \\\\")
    table = "\n".join(rows)
    return rf"""
\begin{{titlepage}}
\raggedright
{{\Large\bfseries {to_latex(title)}\par}}
\vspace{{0.6em}}
{{\large Briefing, {today.isoformat()}\par}}
\vspace{{0.8em}}
Scenario: \textbf{{{to_latex(scenario_name)}}}\par
Chapters: {to_latex(', '.join(notebooks))}\par
\vspace{{0.8em}}
Parameters used (bold: changed from the chapter's default):\par
\vspace{{0.3em}}
{{\footnotesize
\begin{{tabular}}{{llp{{9cm}}}}
\textbf{{Chapter}} & \textbf{{Parameter}} & \textbf{{Value}} \\ \hline
{table}
\end{{tabular}}\par}}
\vfill
{{\footnotesize Every figure comes from the book's data package (data/) with its source; rerun with
python -m chinacompute pdf --chapters ... to change the parameters.\par}}
\end{{titlepage}}
"""


def build_briefing(root: Path, notebooks: dict[str, Path], parameters: dict[str, dict], data_dir: Path,
                   scenario_name: str, output: Path | None = None, report=print) -> Path:
    """Execute the chosen chapters with their parameters and print them as one short PDF; return its path."""
    key = json.dumps({"chapters": list(notebooks), "parameters": parameters, "scenario": scenario_name}, sort_keys=True, default=str)
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    target = (output or root / "_build" / "pdf" / f"briefing-{digest}.pdf").resolve()
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    title = config.get("title", "Briefing")
    latex = config.setdefault("sphinx", {}).setdefault("config", {}).setdefault("latex_elements", {})
    latex["maketitle"] = title_page(title, scenario_name, notebooks, parameters, dt.date.today())
    config["title"] = f"Briefing: {title}"
    try:
        build_small_book(root, notebooks, parameters, data_dir, root / "_build" / "briefings" / digest, config=config,
                         html=False, pdf=target, references_page=True, report=report)
    except BuildError as exc:
        raise BuildError(f"briefing not printed:\n{exc}") from None
    report(f"briefing: {len(notebooks)} chapter(s), scenario {scenario_name} -> {target}")
    return target


__all__ = ["SUMMARY", "briefing_parameters", "build_briefing", "title_page", "BuildError", "ParameterError"]
