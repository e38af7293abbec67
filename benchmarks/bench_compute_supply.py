"""Time the central compute-supply model (models/compute_supply.py) at 1,000, 10,000 and 100,000 draws.

    .venv/bin/python benchmarks/bench_compute_supply.py [--runs 5]

Prints the median seconds per call and the time per 1,000 draws, which should stay about flat (linear growth).
The tables are read and turned into history inputs and drivers once, outside the timing (that part does not depend
on the draws and is printed separately); what is timed is the simulation and the two summary tables a chapter uses.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from chinacompute import data  # noqa: E402
from chinacompute.models import compute_supply  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    estimates, chips, drivers = (data.table(n) for n in ("supply_estimates", "accelerators", "projection_drivers"))
    start = time.perf_counter()
    history = compute_supply.history_inputs(estimates)
    plan = compute_supply.drivers_from_table(drivers, "base")
    last = max(h.year for h in history)
    projection = [y for y in compute_supply.YEARS if y > last]
    print(
        f"compute_supply model: history inputs and drivers read from the rows in {time.perf_counter() - start:.3f} s "
        f"(once per call of run(), whatever the draws)"
    )
    print(f"simulation and summary tables, {args.runs} runs per size (median)")
    for draws in (1_000, 10_000, 100_000):
        times = []
        for run in range(args.runs):
            start = time.perf_counter()
            sim = compute_supply.simulate(history, chips, plan, projection, draws=draws, seed=run)
            compute_supply.supply_table(sim)
            compute_supply.domestic_share_table(sim)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"  {draws:>7,} draws: {median:7.3f} s  ({median / draws * 1000 * 1000:6.2f} ms per 1,000 draws)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
