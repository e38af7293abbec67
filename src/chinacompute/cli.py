"""`python -m chinacompute`: build the book, rerun a chapter, list parameters, validate and export data."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from . import outputs, paths
from .params import ParameterError
from .startup import skip_slow_optional_imports

skip_slow_optional_imports()  # a program's start-up: see chinacompute.startup

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Build and rerun the book 'Can China break free from Nvidia?'.",
)

EXIT_DATA = 1
EXIT_PARAMETERS = 2


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _in_project() -> bool:
    try:
        paths.project_root()
        return True
    except FileNotFoundError:
        return False


def _root() -> Path:
    try:
        return paths.project_root()
    except FileNotFoundError as exc:
        _fail(str(exc))


@app.command()
def validate(data: Path | None = typer.Option(None, "--data", help="Data package folder (default: ./data).")) -> None:
    """Check every table and source of the data package; one line per problem, exit 1 if any."""
    from .validation import DataPackageError
    from .validation import validate as run

    folder = paths.data_dir(data)
    try:
        problems, rows, bib, _ = run(folder)
    except DataPackageError as exc:
        problems, rows, bib = exc.problems, {}, {}
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {folder}", err=True)
        raise typer.Exit(EXIT_DATA)
    counts = ", ".join(f"{name} {len(r)}" for name, r in rows.items())
    typer.echo(f"valid: {folder} ({counts}; {len(bib)} sources)")
    from .validation import count_rows_by_grade, machine_copies

    grades = count_rows_by_grade(rows, bib)
    typer.echo("rows by best source grade: " + ", ".join(f"{g} {n}" for g, n in grades.items() if n or g != "none"))
    copies = machine_copies(rows, bib)
    if copies:
        typer.echo(f"{len(copies)} row(s) known only from a machine-written copy of a human original (want a human copy):")
        for name, line, cell in copies:
            typer.echo(f"  {name}.csv:{line}: source: {cell}")


@app.command()
def book(
    scenario: Path | None = typer.Option(
        None, "--scenario", help="Build the whole book under this scenario file, into _build/scenarios/<name>/."
    ),
    workers: int | None = typer.Option(None, "--workers", "-j", help="Chapters executed at once (default: cores)."),
    force: bool = typer.Option(False, "--force", help="Execute every chapter even if unchanged."),
    data: Path | None = typer.Option(None, "--data", help="Data package folder (default: ./data)."),
) -> None:
    """Execute the chapters (skipping unchanged ones) and build the HTML book into _build/html."""
    from .params import load_scenario
    from .pipeline.book import BuildError, build_book

    root = _root()
    out = None
    overrides: dict[str, dict] = {}
    try:
        if scenario:
            spec = load_scenario(scenario)
            overrides = _scenario_overrides(root, spec)
            out = outputs.output_folder(root, root / "_build" / "scenarios" / spec["name"], "scenario book folder")
            typer.echo(f"scenario {spec['name']}: building into {out}")
    except ParameterError as exc:
        _fail(str(exc), EXIT_PARAMETERS)
    try:
        build_book(
            root, out=out, data_dir=paths.data_dir(data), overrides=overrides, workers=workers, force=force, report=typer.echo
        )
    except (BuildError, FileNotFoundError) as exc:
        _fail(str(exc))


@app.command()
def chapter(
    name: str = typer.Argument(..., help="Chapter stem, e.g. 02_supply_volume."),
    set_: list[str] = typer.Option([], "--set", help="NAME=VALUE; repeat for several parameters."),
    as_of: str | None = typer.Option(None, "--as-of", help="Shortcut for --set as_of=DATE."),
    scenario: Path | None = typer.Option(None, "--scenario", help="Scenario file (scenarios/*.yaml); --set values win."),
    out: Path | None = typer.Option(None, "--out", help="Output folder (default: _build/runs/<chapter>-<hash>/)."),
    pdf: bool = typer.Option(False, "--pdf", help="Also print the rerun chapter as a PDF."),
    data: Path | None = typer.Option(None, "--data", help="Data package folder (default: ./data)."),
) -> None:
    """Rerun one chapter with new parameters into its own folder; the published book is not touched."""
    from .pipeline import toc
    from .pipeline.book import BuildError
    from .pipeline.execute import StartedKernel

    root = _root()
    notebooks = {nb.stem: nb for nb in toc.chapter_notebooks(root)}
    kernel = None
    try:
        if name not in notebooks:
            import difflib

            close = difflib.get_close_matches(name, list(notebooks), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ParameterError(f"no chapter {name!r}.{hint} Chapters: {', '.join(notebooks)}")
        # The chapter's kernel starts first and imports the book's modules while the rest of this command loads and
        # checks the parameters and the data.
        kernel = StartedKernel.try_start(name, notebooks[name], paths.data_dir(data))
        from .params import chapter_overrides, load_scenario, parse_assignments, resolve, specs_for
        from .pipeline.rerun import rerun_chapter, run_folder

        specs = specs_for(notebooks[name])
        values = {}
        if scenario:
            spec = load_scenario(scenario)
            check_scenario_names(spec, list(notebooks.values()))
            values = chapter_overrides(spec, name, specs)
        assignments = parse_assignments(set_)
        if as_of is not None and "as_of" in assignments:
            raise ParameterError("--as-of and --set as_of=... both given; give the date once")
        values.update(assignments)
        if as_of is not None:
            values["as_of"] = as_of
        parameters = resolve(specs, values, name)
        out = outputs.output_folder(root, out or run_folder(root, name, parameters), "--out")
        rerun_chapter(root, notebooks[name], parameters, paths.data_dir(data), out=out, pdf=pdf, report=typer.echo, kernel=kernel)
    except ParameterError as exc:
        _fail(str(exc), EXIT_PARAMETERS)
    except BuildError as exc:
        _fail(str(exc))
    finally:
        if kernel is not None:
            kernel.close()


@app.command()
def pdf(
    chapters: str | None = typer.Option(
        None, "--chapters", help="Comma-separated chapter stems for a briefing (the summary is always included)."
    ),
    scenario: Path | None = typer.Option(None, "--scenario", help="Scenario file (scenarios/*.yaml)."),
    set_: list[str] = typer.Option([], "--set", help="NAME=VALUE for a briefing; applies to each chosen chapter that has NAME."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Where to write a briefing PDF (default: _build/pdf/briefing-<hash>.pdf)."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing --output file."),
    data: Path | None = typer.Option(None, "--data", help="Data package folder (default: ./data)."),
) -> None:
    """The whole book as _build/pdf/book.pdf, or with --chapters a short briefing PDF that prints its parameters."""
    from .params import load_scenario
    from .pipeline import toc
    from .pipeline.book import BuildError, build_book
    from .pipeline.briefing import SUMMARY, briefing_parameters, build_briefing

    root = _root()
    try:
        spec = load_scenario(scenario) if scenario else None
        if not chapters:
            if set_ or output:
                raise ParameterError("--set and --output apply to briefings: add --chapters (or use 'chapter' to rerun one)")
            overrides = _scenario_overrides(root, spec) if spec else {}
        else:
            notebooks = {nb.stem: nb for nb in toc.chapter_notebooks(root)}
            chosen = [c.strip() for c in chapters.split(",") if c.strip()]
            unknown = [c for c in chosen if c not in notebooks]
            if unknown:
                raise ParameterError(f"no chapter {', '.join(unknown)}; chapters: {', '.join(notebooks)}")
            if SUMMARY in notebooks:
                chosen = [SUMMARY] + [c for c in chosen if c != SUMMARY]
            parameters = briefing_parameters({c: notebooks[c] for c in chosen}, spec, set_)
            if output:
                output = outputs.output_file(root, output, force=force, what="--output")
        if spec:
            outputs.output_folder(root, root / "_build" / "scenarios" / spec["name"], "scenario book folder")
    except ParameterError as exc:
        _fail(str(exc), EXIT_PARAMETERS)
    try:
        if not chapters:
            out = root / "_build" / "scenarios" / spec["name"] if spec else None
            build_book(root, out=out, data_dir=paths.data_dir(data), overrides=overrides, report=typer.echo, target="pdf")
            # The HTML book from the same executions, now linking each chapter page to its PDF.
            build_book(root, out=out, data_dir=paths.data_dir(data), overrides=overrides, report=typer.echo, target="html")
        else:
            build_briefing(
                root,
                {c: notebooks[c] for c in chosen},
                parameters,
                paths.data_dir(data),
                scenario_name=spec["name"] if spec else "base (defaults)",
                output=output,
                report=typer.echo,
            )
    except (BuildError, FileNotFoundError) as exc:
        _fail(str(exc))


@app.command()
def linkcheck(data: Path | None = typer.Option(None, "--data", help="Data package folder (default: ./data).")) -> None:
    """Check every external link of the book (the sources' URLs and the pages' links) into _build/linkcheck/; exit 1
    if one is broken. With no network it says so and exits 0, having checked nothing."""
    from .pipeline import linkcheck as links
    from .pipeline.book import BuildError, build_book

    if not links.network_available():
        typer.echo(links.NO_NETWORK)
        return
    root = _root()
    try:
        layout, _ = build_book(root, data_dir=paths.data_dir(data), report=typer.echo, target="linkcheck")
    except (BuildError, RuntimeError) as exc:
        _fail(str(exc))
    report = layout.out / "linkcheck"
    bad = [link for link in links.parse_report((report / "output.json").read_text(encoding="utf-8")) if link.status in links.BAD]
    if bad:
        _fail(f"{len(bad)} broken link(s); the list is in {report / 'broken.md'}")
    typer.echo(f"no broken link; the report is in {report}")


def check_scenario_names(spec: dict, notebooks: list[Path]) -> None:
    """Refuse a scenario section for a chapter that does not exist, or a global name no chapter declares (a typo
    there would otherwise be ignored silently)."""
    from .params import specs_for

    unknown = set(spec["chapters"]) - {nb.stem for nb in notebooks}
    if unknown:
        raise ParameterError(f"scenario {spec['name']}: no chapter named {', '.join(sorted(unknown))}")
    declared = {name for nb in notebooks for name in specs_for(nb)}
    stray = sorted(set(spec["global"]) - declared)
    if stray:
        raise ParameterError(f"scenario {spec['name']}: global value {', '.join(stray)} is not a parameter of any chapter")


def _scenario_overrides(root: Path, spec: dict) -> dict[str, dict]:
    """Validated per-chapter parameters of a scenario (ParameterError names what is wrong)."""
    from .params import chapter_overrides, resolve, specs_for
    from .pipeline import toc

    notebooks = toc.chapter_notebooks(root)
    check_scenario_names(spec, notebooks)
    overrides = {}
    for notebook in notebooks:
        specs = specs_for(notebook)
        overrides[notebook.stem] = resolve(specs, chapter_overrides(spec, notebook.stem, specs), notebook.stem)
    return overrides


@app.command()
def params(chapter: str | None = typer.Argument(None, help="Chapter stem, e.g. 02_supply_volume (default: all).")) -> None:
    """List each chapter's parameters: name, type, default, what is allowed, meaning."""
    from .params import specs_for
    from .pipeline import toc

    notebooks = toc.chapter_notebooks(_root())
    if chapter:
        notebooks = [nb for nb in notebooks if nb.stem == chapter]
        if not notebooks:
            _fail(
                f"no chapter {chapter!r}; chapters: {', '.join(nb.stem for nb in toc.chapter_notebooks(_root()))}",
                EXIT_PARAMETERS,
            )
    for notebook in notebooks:
        typer.echo(notebook.stem)
        for spec in specs_for(notebook).values():
            typer.echo(f"  {spec.name:<24} {spec.type:<6} default {spec.default!r:<24} {spec.allowed()}")
            typer.echo(f"  {'':<24} {spec.meaning}")


@app.command("clean-runs")
def clean_runs(
    older_than: float = typer.Option(
        7.0, "--older-than", min=0, help="Remove reruns last changed more than DAYS days ago (0: all)."
    ),
) -> None:
    """Prune _build/runs/: the folders chapter reruns write (each about 11 MB)."""
    import shutil
    import time

    runs = _root() / "_build" / "runs"
    cutoff = time.time() - older_than * 86400
    removed = freed = 0
    for folder in sorted(runs.iterdir()) if runs.is_dir() else []:
        if not folder.is_dir() or folder.is_symlink():
            continue
        files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
        newest = max((p.stat().st_mtime for p in files), default=folder.stat().st_mtime)
        if newest <= cutoff:
            freed += sum(p.stat().st_size for p in files)
            shutil.rmtree(folder)
            removed += 1
    typer.echo(f"removed {removed} rerun folder(s) from {runs}, {freed / 1e6:.1f} MB")


MODEL_SERIES = ("compute_supply", "domestic_share")


def _model_series(name: str, as_of, data_dir, scenario_file, draws: int, seed: int):
    """The central model's series as a table, from the data as of `as_of` and the scenario's driver set."""
    import pandas as pd

    from . import data as book_data
    from .models import compute_supply
    from .params import load_scenario

    driver_set = load_scenario(scenario_file)["name"] if scenario_file else "base"
    drivers = book_data.table("projection_drivers", as_of=as_of, data_dir=data_dir)
    if driver_set not in set(drivers["driver_set"]) | {"base"}:
        raise ParameterError(
            f"--scenario {scenario_file}: no driver set {driver_set!r} in projection_drivers.csv "
            f"(have: {', '.join(compute_supply.driver_sets(drivers))})"
        )
    sim = compute_supply.run(
        book_data.table("supply_estimates", as_of=as_of, data_dir=data_dir),
        book_data.table("accelerators", as_of=as_of, data_dir=data_dir),
        drivers,
        driver_set,
        draws=draws,
        seed=seed,
    )
    if name == "compute_supply":
        frame = compute_supply.supply_table(sim)
        frame[["p10", "p50", "p90"]] = frame[["p10", "p50", "p90"]].round(1)
    else:
        frame = pd.concat([compute_supply.domestic_share_table(sim, m) for m in compute_supply.MEASURES], ignore_index=True)
        frame[["p10", "p50", "p90"]] = frame[["p10", "p50", "p90"]].round(4)
    return frame


@app.command()
def export(
    table: str = typer.Argument(..., help="Table name, e.g. accelerators."),
    as_of: str | None = typer.Option(None, "--as-of", help="Only rows published on or before this date."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this CSV file (default: standard output)."),
    data: Path | None = typer.Option(None, "--data", help="Data package folder (default: ./data)."),
    scenario: Path | None = typer.Option(
        None, "--scenario", help="compute_supply/domestic_share: scenario file whose name is the driver set (default: base)."
    ),
    draws: int = typer.Option(10_000, "--draws", min=1, max=1_000_000, help="compute_supply/domestic_share: Monte Carlo draws."),
    seed: int = typer.Option(
        0, "--seed", min=0, max=2**32 - 1, help="compute_supply/domestic_share: random seed (same seed, same output)."
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing --output file."),
) -> None:
    """Export one validated table (typed, as-of filtered) as CSV; or the model's series: `compute_supply` (one row
    per year x source x measure) and `domestic_share` (one row per year and measure), each with P10/P50/P90."""
    from . import data as book_data
    from .csvsafe import spreadsheet_safe
    from .validation import DataPackageError

    try:
        if output:
            output = outputs.output_file(
                paths.project_root() if _in_project() else Path.cwd(), output, force=force, what="--output"
            )
        if table in MODEL_SERIES:
            frame = _model_series(table, as_of, data, scenario, draws, seed)
        else:
            frame = book_data.table(table, as_of=as_of, data_dir=data)
    except DataPackageError as exc:
        _fail(str(exc), EXIT_DATA)
    except ParameterError as exc:
        _fail(str(exc), EXIT_PARAMETERS)
    except (KeyError, ValueError) as exc:
        _fail(str(exc).strip('"'), EXIT_PARAMETERS)
    text = spreadsheet_safe(frame).to_csv(index=False, date_format="%Y-%m-%d")
    if output:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"--output {output}: cannot write ({exc.strerror})", EXIT_PARAMETERS)
        typer.echo(f"wrote {len(frame)} rows to {output}", err=True)
    else:
        sys.stdout.write(text)


@app.command("diff")
def diff_editions(
    start: str = typer.Option(..., "--from", help="The earlier edition's as-of date (YYYY-MM-DD)."),
    end: str = typer.Option(..., "--to", help="The later edition's as-of date (YYYY-MM-DD)."),
    data: Path | None = typer.Option(None, "--data", help="Data package folder (default: ./data)."),
) -> None:
    """What changed between two editions: every headline number whose value moved (old, new, change, the rows
    added that moved it), then the events and estimates published in between."""
    from . import data as book_data
    from .models import editions
    from .validation import DataPackageError

    try:
        tables = {name: book_data.table(name, data_dir=data) for name in editions.TABLES}
        moved, added = editions.diff(tables, start, end)
    except DataPackageError as exc:
        _fail(str(exc), EXIT_DATA)
    except ValueError as exc:
        _fail(str(exc), EXIT_PARAMETERS)
    typer.echo(f"Editions {start} -> {end}: {len(moved)} headline number(s) moved, {len(added)} row(s) added.")
    typer.echo("")
    typer.echo(
        editions.text_table(moved, ("finding", "old", "new", "change", "rows")) if len(moved) else "No headline number moved."
    )
    typer.echo("")
    typer.echo(
        editions.text_table(added, ("table", "id", "published", "what"))
        if len(added)
        else "No event or estimate was published in between."
    )
