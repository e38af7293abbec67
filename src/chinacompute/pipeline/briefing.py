"""Briefing PDFs: a few chapters (plus the summary) under a scenario; the cover lists every parameter used."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

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


def build_briefing(
    root: Path,
    notebooks: dict[str, Path],
    parameters: dict[str, dict],
    data_dir: Path,
    scenario_name: str,
    output: Path | None = None,
    report=print,
) -> Path:
    """Execute the chosen chapters with their parameters and print them as one short PDF; return its path."""
    key = json.dumps(
        {"chapters": list(notebooks), "parameters": parameters, "scenario": scenario_name}, sort_keys=True, default=str
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    target = (output or root / "_build" / "pdf" / f"briefing-{digest}.pdf").resolve()
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    try:
        # The cover (print_edition) lists the chapters and every parameter, changed ones in bold.
        build_small_book(
            root,
            notebooks,
            parameters,
            data_dir,
            root / "_build" / "briefings" / digest,
            config=config,
            html=False,
            pdf=target,
            references_page=True,
            kind="briefing",
            landing=True,
            report=report,
        )
    except BuildError as exc:
        raise BuildError(f"briefing not printed:\n{exc}") from None
    report(f"briefing: {len(notebooks)} chapter(s), scenario {scenario_name} -> {target}")
    return target


__all__ = ["SUMMARY", "briefing_parameters", "build_briefing", "BuildError", "ParameterError"]
