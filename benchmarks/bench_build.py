"""Build-speed benchmark (issue 7): this project's pipeline against plain Jupyter Book execution, on this machine.

Run with the package's Python from the project root:

    .venv/bin/python benchmarks/bench_build.py            # 3 runs of every case (about 10 minutes on 2 cores)
    .venv/bin/python benchmarks/bench_build.py --quick    # 1 run
    .venv/bin/python benchmarks/bench_build.py --runs 5 --no-pdf --keep

Nothing is built in the project folder. The book's sources (src/ included) are copied into a fresh temporary
folder and every command runs there with PYTHONPATH=<copy>/src, so the chapters, the Sphinx extension and the cache
keys all use one frozen snapshot of the package (edits made in the project while the benchmark runs cannot make a
chapter look changed). Each case is a separate process, exactly as a reader runs it:

  (a) clean build              `python -m chinacompute book` after removing _build
  (b) no-change rebuild        the same command again
  (c) one chapter edited       a sentence appended to a markdown cell of --edit-chapter
  (d) one data table edited    the notes of one row of --edit-table changed (still valid data)
  (e) one chapter rerun        `python -m chinacompute chapter --rerun-chapter --set ... --out <fresh folder>`
  (e2) next rerun              the same chapter again with other values (--rerun-set-next): the edit-and-see loop
  (f) make pdf                 `python -m chinacompute pdf` if `pdf --help` works, else 'not available'
  (g) baseline                 `jupyter-book build <copy>` with execute_notebooks: force (Jupyter Book executes every
                               chapter itself, one after another), after removing that copy's _build

The table shows the median over the runs, min and max, the ratio to (g) and the number of chapters each case
executed; then the targets, then page weight of the chapter pages of the clean build.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(
    "_build", ".venv", ".git", "node_modules", "__pycache__", ".ipynb_checkpoints", ".pytest_cache", "*.egg-info"
)
BOOK_LINE = re.compile(r"book: (\d+) page\(s\), (\d+) chapter\(s\) executed, (\d+) skipped")
CASES = {
    "a": "clean build",
    "b": "rebuild, no change",
    "c": "rebuild, one chapter edited",
    "d": "rebuild, one data table edited",
    "e": "one chapter rerun, new params",
    "e2": "next rerun, other params",
    "f": "make pdf",
    "g": "baseline: jupyter-book, force",
}


@dataclass
class Case:
    key: str
    seconds: list[float] = field(default_factory=list)
    executed: list[int] = field(default_factory=list)
    note: str = ""
    available: bool = True


class BenchError(RuntimeError):
    pass


# ---------------------------------------------------------------------------------------------------------- set-up


def copy_sources(target: Path) -> Path:
    """The book's sources (what git tracks, plus new files not yet committed), without any build output."""
    shutil.copytree(ROOT, target, ignore=IGNORE, symlinks=False)
    return target


def environment(copy: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(copy / "src"), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("CHINACOMPUTE_DATA", None)
    env.pop("CHINACOMPUTE_BOOK_BUILD", None)
    env["PYTHONWARNINGS"] = "ignore"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: float, log: Path) -> tuple[float, str]:
    """Run one command; return (wall seconds, combined output); raise BenchError (with the log's tail) on failure."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"timed out after {timeout:.0f} s: {' '.join(command)}") from exc
    seconds = time.perf_counter() - started
    log.write_text(done.stdout, encoding="utf-8")
    if done.returncode != 0:
        tail = "\n    ".join(done.stdout.strip().splitlines()[-12:])
        raise BenchError(f"exit {done.returncode}: {' '.join(command)} (log {log})\n    {tail}")
    return seconds, done.stdout


def book_executed(output: str) -> int:
    match = BOOK_LINE.search(output)
    if not match:
        raise BenchError("no 'book: ...' summary line in the build output")
    return int(match.group(2))


def toc_notebooks(book: Path) -> list[Path]:
    """Chapter notebooks listed in the copy's _toc.yml (the same set both pipelines execute)."""
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    files: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(toc)
    from chinacompute.notebooks import is_text_notebook

    return [book / f"{f}.md" for f in files if is_text_notebook(book / f"{f}.md")]


def edit_chapter(book: Path, chapter: str, tag: str) -> None:
    """Append one sentence to the first markdown cell: a reader-visible edit that changes the notebook's source."""
    import jupytext

    from chinacompute.notebooks import TEXT_FORMAT, read_notebook

    path = book / "chapters" / f"{chapter}.md"
    notebook = read_notebook(path)
    cell = next(c for c in notebook.cells if c.cell_type == "markdown")
    cell.source = cell.source.rstrip("\n") + f"\n\n(Benchmark edit {tag}.)\n"
    jupytext.write(notebook, path, fmt=TEXT_FORMAT)


def edit_table(book: Path, table: str, tag: str) -> None:
    """Change the notes of the first data row (valid before and after), as a maintainer correcting a row would."""
    import csv
    import io

    path = book / "data" / table
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    if "notes" not in header:
        raise BenchError(f"{table} has no notes column to edit")
    column = header.index("notes")
    rows[1][column] = (rows[1][column] + f" Benchmark edit {tag}.").strip()
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def make_baseline(copy: Path, target: Path, cell_timeout: int) -> Path:
    """A second copy whose _config.yml lets Jupyter Book execute every notebook itself (execute_notebooks: force)."""
    shutil.copytree(copy, target, ignore=IGNORE)
    config_path = target / "_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config.setdefault("execute", {})
    config["execute"]["execute_notebooks"] = "force"
    config["execute"]["timeout"] = cell_timeout
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def baseline_executed(output: str, notebooks: int) -> int:
    """Chapters Jupyter Book executed, from myst-nb's log ('Executing notebook using local CWD' / 'Executed notebook')."""
    found = len(re.findall(r"Executed notebook in", output))
    return found or len(re.findall(r"Executing notebook", output)) or notebooks


# ------------------------------------------------------------------------------------------------------ page weight


def page_weight(html_dir: Path) -> tuple[list[dict], int, str]:
    """Bytes of each chapter page's HTML and of the local scripts it loads, and the inline-bundle equivalent.

    The inline-bundle equivalent is what Altair's `html` renderer with inline=True would give: the same page, but every
    chart carries the whole Vega/Vega-Lite/vega-embed bundle in its output instead of the page loading one copy.
    It is computed, not rendered: page HTML + other scripts + charts x bundle size, where the bundle size is that of
    `vl_convert.javascript_bundle()` (the very bundle Altair inlines, for the same Vega-Lite version).
    """
    import altair as alt
    import vl_convert as vlc

    vl_version = "v" + ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    bundle_bytes = len(vlc.javascript_bundle(vl_version=vl_version).encode("utf-8"))
    rows = []
    for page in sorted((html_dir / "chapters").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        html_bytes = len(text.encode("utf-8"))
        charts = len(re.findall(r'class="cc-vega"', text))
        scripts, vega = 0, 0
        for src in re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', text):
            if re.match(r"(?:https?:)?//", src):
                continue  # none expected: the book loads nothing from another host
            path = (page.parent / src.split("?")[0]).resolve()
            size = path.stat().st_size if path.is_file() else 0
            scripts += size
            if "vega-bundle" in src:
                vega += size
        total = html_bytes + scripts
        inline = html_bytes + (scripts - vega) + charts * bundle_bytes
        rows.append(
            {
                "page": page.stem,
                "charts": charts,
                "html": html_bytes,
                "scripts": scripts,
                "total": total,
                "inline": inline,
                "ratio": total / inline if inline else 1.0,
            }
        )
    return rows, bundle_bytes, vl_version


# ------------------------------------------------------------------------------------------------------- the runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of every case (default 3; medians are reported)")
    parser.add_argument("--quick", action="store_true", help="one run of every case")
    parser.add_argument("--no-pdf", action="store_true", help="skip case (f)")
    parser.add_argument("--edit-chapter", default="05_policy_timeline", help="chapter edited in case (c)")
    parser.add_argument("--edit-table", default="spec_disputes.csv", help="data table edited in case (d)")
    parser.add_argument("--rerun-chapter", default="02_supply_volume", help="chapter rerun in case (e)")
    parser.add_argument("--rerun-set", default="die_yield=0.5", help="NAME=VALUE for case (e)")
    parser.add_argument("--rerun-set-next", default="die_yield=0.6", help="NAME=VALUE for case (e2), unlike (e)'s")
    parser.add_argument("--workers", type=int, default=None, help="chapters at once (default: the build's default, cores)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed per command")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else max(1, args.runs)
    python = sys.executable
    jupyter_book = str(Path(python).with_name("jupyter-book"))

    workdir = Path(tempfile.mkdtemp(prefix="chinacompute-bench-"))
    logs = workdir / "logs"
    logs.mkdir()
    copy = copy_sources(workdir / "book")
    env = environment(copy)
    baseline = make_baseline(copy, workdir / "baseline", cell_timeout=int(args.timeout))
    baseline_env = {**env, "CHINACOMPUTE_DATA": str(baseline / "data"), "CHINACOMPUTE_BOOK_BUILD": "1", "NO_COLOR": "1"}
    notebooks = toc_notebooks(copy)
    book_cmd = [python, "-m", "chinacompute", "book"] + (["--workers", str(args.workers)] if args.workers else [])

    print(f"benchmark of {ROOT.name}: {len(notebooks)} chapters, {os.cpu_count()} cores, {runs} run(s); sources copied to {copy}")
    print(f"python {sys.version.split()[0]} at {python}")

    cases = {key: Case(key) for key in CASES}
    pdf_check = subprocess.run([python, "-m", "chinacompute", "pdf", "--help"], cwd=copy, env=env, capture_output=True, text=True)
    if args.no_pdf:
        cases["f"].available, cases["f"].note = False, "skipped (--no-pdf)"
    elif pdf_check.returncode != 0:
        cases["f"].available, cases["f"].note = False, "not available (`python -m chinacompute pdf --help` fails)"
    pdf_out = None

    started = time.perf_counter()
    html_for_weight = None
    try:
        for i in range(1, runs + 1):
            tag = f"run {i}"
            print(f"\nrun {i}/{runs}")
            shutil.rmtree(copy / "_build", ignore_errors=True)

            def timed(key: str, command: list[str], cwd: Path, environ: dict, count, i: int = i) -> None:
                seconds, output = run(command, cwd, environ, args.timeout, logs / f"{key}-{i}.log")
                executed = count(output)
                cases[key].seconds.append(seconds)
                cases[key].executed.append(executed)
                print(f"  ({key}) {CASES[key]:<32} {seconds:7.1f} s   {executed} chapter(s) executed")

            timed("a", book_cmd, copy, env, book_executed)
            if html_for_weight is None:
                html_for_weight = workdir / "weight-html"
                shutil.copytree(copy / "_build" / "html", html_for_weight)
            timed("b", book_cmd, copy, env, book_executed)
            edit_chapter(copy, args.edit_chapter, tag)
            timed("c", book_cmd, copy, env, book_executed)
            edit_table(copy, args.edit_table, tag)
            timed("d", book_cmd, copy, env, book_executed)
            # (e) the first rerun of the chapter in this build folder; (e2) the reader's loop: the next rerun of the
            # same chapter with other values (Sphinx's environment for the chapter is kept between the two).
            for key, setting, folder in (("e", args.rerun_set, "first"), ("e2", args.rerun_set_next, "next")):
                timed(
                    key,
                    [
                        python,
                        "-m",
                        "chinacompute",
                        "chapter",
                        args.rerun_chapter,
                        "--set",
                        setting,
                        "--out",
                        str(workdir / "runs" / f"{args.rerun_chapter}-{folder}-{i}"),
                    ],
                    copy,
                    env,
                    lambda out: len(re.findall(r"^\s*executed\s", out, flags=re.M)),
                )
            if cases["f"].available:
                try:
                    timed(
                        "f",
                        [python, "-m", "chinacompute", "pdf"],
                        copy,
                        env,
                        lambda out: (
                            book_executed(out) if BOOK_LINE.search(out) else len(re.findall(r"^\s*executed\s", out, flags=re.M))
                        ),
                    )
                    pdf_out = next((p for p in [copy / "_build" / "pdf" / "book.pdf"] if p.is_file()), None)
                except BenchError as exc:
                    cases["f"].available = False
                    cases["f"].note = "failed: " + str(exc).splitlines()[0]
                    print(f"  (f) make pdf failed, not timed further:\n    {exc}")
            shutil.rmtree(baseline / "_build", ignore_errors=True)
            timed(
                "g",
                [jupyter_book, "build", str(baseline)],
                workdir,
                baseline_env,
                lambda out: baseline_executed(out, len(notebooks)),
            )
    except BenchError as exc:
        print(f"\nbenchmark stopped: {exc}")
        print(f"logs and copies kept in {workdir}")
        return 1
    elapsed = time.perf_counter() - started

    report(cases, runs, len(notebooks), elapsed, args)
    if pdf_out:
        print(f"\n(f) produced {pdf_out.relative_to(copy)} ({pdf_out.stat().st_size:,} bytes)")
    if html_for_weight:
        weight_report(html_for_weight)
    if args.keep:
        print(f"\nkept: {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(cases: dict[str, Case], runs: int, chapters: int, elapsed: float, args) -> None:
    base = median(cases["g"].seconds)
    print(f"\nBuild times over {runs} run(s) ({elapsed / 60:.1f} min in all); ratio = median / median of (g)")
    print(f"{'case':<38} {'median s':>9} {'min s':>7} {'max s':>7} {'x (g)':>7}  executed (of {chapters})")
    for key, case in cases.items():
        label = f"({key}) {CASES[key]}"
        if not case.seconds:
            print(f"{label:<38} {case.note or 'not available'}")
            continue
        m = median(case.seconds)
        executed = sorted(set(case.executed))
        shown = "/".join(str(n) for n in executed) + ("" if len(executed) == 1 else " (varied by run)")
        print(
            f"{label:<38} {m:9.1f} {min(case.seconds):7.1f} {max(case.seconds):7.1f} {m / base:7.2f}  {shown}"
            + (f"   [{case.note}]" if case.note else "")
        )

    a, b = median(cases["a"].seconds), median(cases["b"].seconds)
    c_exec = cases["c"].executed
    print("\nTargets")
    check("no-change rebuild <= 1/10 of a clean build", b <= a / 10, f"(b)/(a) = {b / a:.3f}")
    check(
        "one-chapter edit re-executes exactly one chapter",
        bool(c_exec) and all(n == 1 for n in c_exec),
        f"(c) executed {c_exec} ({args.edit_chapter})",
    )
    check("clean build >= 3x faster than plain Jupyter Book (g)", base / a >= 3, f"(g)/(a) = {base / a:.2f}x")
    for key in ("e", "e2"):
        if cases[key].seconds:
            e = median(cases[key].seconds)
            # Three decimals: a ratio just over the line must not print as "0.15". Each round's own ratio (its rerun
            # against its clean build, minutes apart) shows how much of a miss or a margin is the host's drift.
            rounds = ", ".join(f"{r / c:.3f}" for r, c in zip(cases[key].seconds, cases["a"].seconds, strict=False))
            check(
                f"({key}) {CASES[key]} <= 0.15 of a clean build",
                e <= 0.15 * a,
                f"({key})/(a) = {e / a:.3f} ({e:.2f} s / {a:.2f} s); by round {rounds}",
            )
    print(f"  info  one data table edit ({args.edit_table}) executed {cases['d'].executed} chapter(s): the chapters that read it")


def check(label: str, ok: bool, detail: str) -> bool:
    print(f"  {'MET ' if ok else 'MISS'}  {label:<56} {detail}")
    return ok


def weight_report(html_dir: Path) -> None:
    rows, bundle, vl_version = page_weight(html_dir)
    print("\nPage weight of chapter pages (clean build): HTML + the local scripts each page loads (bytes), against the")
    print(f"inline-bundle equivalent = page HTML + the other scripts + charts x {bundle:,} (vl_convert.javascript_bundle")
    print(f"for Vega-Lite {vl_version}: what Altair's html renderer with inline=True embeds once per chart)")
    print(f"{'page':<24} {'charts':>6} {'html':>10} {'scripts':>10} {'total':>10} {'inline eq.':>11} {'ratio':>6}")
    for r in rows:
        print(
            f"{r['page']:<24} {r['charts']:>6} {r['html']:>10,} {r['scripts']:>10,} {r['total']:>10,} {r['inline']:>11,} {r['ratio']:>6.2f}"
        )
    chart_rows = [r for r in rows if r["charts"]]
    total = sum(r["total"] for r in chart_rows)
    inline = sum(r["inline"] for r in chart_rows)
    if chart_rows:
        print(
            f"{'chart pages, together':<24} {sum(r['charts'] for r in chart_rows):>6} {'':>10} {'':>10} {total:>10,} {inline:>11,} {total / inline:>6.2f}"
        )
        worst = max(chart_rows, key=lambda r: r["ratio"])
        check(
            "chart pages weigh <= 1/3 of the inline-bundle equivalent (bundle counted on every page)",
            worst["ratio"] <= 1 / 3 and total / inline <= 1 / 3,
            f"together {total / inline:.2f}, worst page {worst['page']} {worst['ratio']:.2f}",
        )
        # The shared bundle is one cached file: a reader downloads it once per book, the inline output once per chart.
        html = sum(r["html"] for r in chart_rows)
        bundle_once = html + bundle
        inline_html = html + sum(r["charts"] for r in chart_rows) * bundle
        check(
            "chart pages (HTML + the shared bundle once) <= 1/3 of inline",
            bundle_once / inline_html <= 1 / 3,
            f"{bundle_once:,} / {inline_html:,} = {bundle_once / inline_html:.2f}",
        )
        worst_html = max(chart_rows, key=lambda r: r["html"] / (r["html"] + r["charts"] * bundle))
        check(
            "each chart page, bundle cached, <= 1/3 of inline",
            all(r["html"] / (r["html"] + r["charts"] * bundle) <= 1 / 3 for r in chart_rows),
            f"worst {worst_html['page']} {worst_html['html'] / (worst_html['html'] + worst_html['charts'] * bundle):.2f}",
        )
    print(
        "  (pages without charts weigh the same either way: ratio 1.00; theme scripts, e.g. fontawesome.js, count on both sides)"
    )


if __name__ == "__main__":
    sys.exit(main())
