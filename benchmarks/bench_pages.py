"""Page speed: open every page of the built book in headless Chromium from file:// with the network cut off, and
report the time to the first chart drawn and to all charts drawn, and the bytes of script the page loads.

    .venv/bin/python benchmarks/bench_pages.py [--runs 3] [--book _build/html] [--budget 1.0]

Build the book first (`make book`). Times are medians over the runs, each in a fresh browser context (no cache).
The budget (seconds, default 1.0) is for every page's charts to be drawn; the table marks pages over it, and the
exit code is 0 either way: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from chinacompute.pipeline.toc import toc_files  # noqa: E402

# Milliseconds from navigation start until the first chart container holds a drawn SVG, and until all do.
PROBE = """() => new Promise(resolve => {
  const charts = () => [...document.querySelectorAll('.cc-vega')];
  const drawn = () => charts().filter(c => c.querySelector('svg.marks')).length;
  let first = null;
  const tick = () => {
    const n = drawn(), now = performance.now();
    if (n > 0 && first === null) first = now;
    if (n === charts().length) return resolve({first: charts().length ? first : 0, all: charts().length ? now : 0, charts: n});
    requestAnimationFrame(tick);
  };
  tick();
})"""


def measure(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    scripts = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    page.on("response", lambda resp: scripts.append(resp) if resp.request.resource_type == "script" else None)
    page.goto(url, wait_until="domcontentloaded")
    timing = page.evaluate(PROBE)
    page.wait_for_load_state("load")
    size = 0
    for response in scripts:
        try:
            size += len(response.body())
        except Exception:  # a response without a body (cached, aborted) counts as 0
            pass
    context.close()
    return {**timing, "script_bytes": size}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--book", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--budget", type=float, default=1.0, help="seconds for every chart of a page to be drawn")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    pages = [args.book / f.relative_to(ROOT).with_suffix(".html") for f in toc_files(ROOT)]
    missing = [p for p in pages if not p.is_file()]
    if missing:
        print(f"build the book first (make book): {missing[0]} is missing", file=sys.stderr)
        return 2
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
        for page in pages:
            runs = [measure(browser, page.as_uri()) for _ in range(args.runs)]
            rows.append(
                (
                    str(page.relative_to(args.book)),
                    runs[0]["charts"],
                    statistics.median(r["first"] for r in runs) / 1000,
                    statistics.median(r["all"] for r in runs) / 1000,
                    statistics.median(r["script_bytes"] for r in runs),
                )
            )
        browser.close()
    print(f"page speed, headless Chromium, file://, network cut off; medians of {args.runs} run(s); budget {args.budget:.1f} s")
    print(f"{'page':<38} {'charts':>6} {'first chart':>12} {'all charts':>11} {'scripts':>10}")
    over = 0
    for name, charts, first, everything, size in rows:
        flag = "  over budget" if everything > args.budget else ""
        over += bool(flag)
        print(f"{name:<38} {charts:>6} {first:>10.2f} s {everything:>9.2f} s {size / 1e6:>8.2f} MB{flag}")
    print(f"{len(rows) - over} of {len(rows)} pages draw every chart within {args.budget:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
