"""China's AI compute added per year, by source, 2022-2030: measured history plus projection, with uncertainty.

The book's central series. Pure: tables and plain values in, arrays and DataFrames out; no files, no plotting.

History (years with unit estimates). Only estimates whose `basis` is `reported` or `estimated` count as what was
delivered or made in a calendar year; orders, plans, forecasts, capacities and ceilings never stand in for output.
Where estimators disagree about one source in one year, its units are drawn from a triangular distribution
spanning their figures (low = smallest, mode = median, high = largest); a single figure gets a width set by its
confidence tag (`CONFIDENCE_WIDTH`). A total "all Chinese vendors" estimate leaves an "other domestic" remainder
after the named designers.

Projection (the years after the last history year) comes from drivers (`Drivers`), each a distribution:
Huawei's Ascend output is the smaller of what SMIC wafers allow and what HBM allows (a stock drawn down, plus any
domestic HBM output); other domestic designers grow from their last measured year; imports are set per product
by the scenario's policy.

Measures: H100-equivalents of dense BF16 throughput, and of memory bandwidth (inference is bound by memory, so the
ranking of sources depends on the measure). A unit's equivalent comes from the specifications of the chips its
source ships; where none of them has the figure, it spans the known figures of chips on the same side
(`fallback_chips`; said in `Factor.note`).

Every draw is seeded: the same inputs and seed give identical output.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import is_missing

MEASURES = ("h100e_bf16", "h100e_bandwidth")
SPEC_COLUMN = {"h100e_bf16": "fp16_bf16_dense_tflops", "h100e_bandwidth": "memory_bandwidth_tb_s"}
H100 = "nvidia-h100-sxm"

#: Estimate bases that count as what happened in a year (the data's `basis` column).
HISTORY_BASES = ("reported", "estimated")

#: Half-width, as a fraction of the figure, given to a single estimate by its confidence tag.
CONFIDENCE_WIDTH = {"official": 0.10, "analyst-estimate": 0.25, "derived": 0.30, "press-report": 0.35, "rumor": 0.50}

YEARS = tuple(range(2022, 2031))


# --- distributions ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A triangular distribution (low <= mode <= high); low == high is a certain value."""

    low: float
    mode: float
    high: float

    def __post_init__(self):
        if not (self.low <= self.mode <= self.high):
            raise ValueError(f"need low <= mode <= high, got {self.low}, {self.mode}, {self.high}")

    @classmethod
    def certain(cls, value: float) -> Quantity:
        return cls(float(value), float(value), float(value))

    @classmethod
    def spanning(cls, values: Sequence[float]) -> Quantity:
        """From several estimators' figures: smallest, median, largest."""
        values = sorted(float(v) for v in values)
        if not values:
            raise ValueError("no figures to span")
        return cls(values[0], float(np.median(values)), values[-1])

    @classmethod
    def around(cls, value: float, half_width: float) -> Quantity:
        """value * (1 - half_width) .. value * (1 + half_width), mode at value (floored at zero)."""
        value = float(value)
        return cls(max(value * (1 - half_width), 0.0), value, value * (1 + half_width))

    def sample(self, rng: np.random.Generator, draws: int) -> np.ndarray:
        if self.low == self.high:
            return np.full(draws, self.low)
        return rng.triangular(self.low, self.mode, self.high, draws)

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3


# --- history inputs --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A source of accelerators: its label, side, and the chips it ships (for the per-unit equivalents)."""

    name: str
    side: str  # domestic | imported | grey
    chips: tuple[str, ...] = ()
    note: str = ""


#: The sources the book counts. Estimates are assigned to them by `source_of`.
SOURCES = {
    s.name: s
    for s in (
        Source("Nvidia H20", "imported", ("nvidia-h20",)),
        Source("Nvidia H200", "imported", ("nvidia-h200",)),
        Source("Nvidia A800/H800", "imported", ("nvidia-a800", "nvidia-h800")),
        Source(
            "Nvidia (all products)",
            "imported",
            ("nvidia-h20",),
            "China's Nvidia shipments after the October 2023 rule are counted as H20s",
        ),
        Source("AMD", "imported", ("amd-mi308",)),
        Source("Huawei Ascend", "domestic", ("huawei-ascend-910b", "huawei-ascend-910c")),
        Source("Cambricon", "domestic", ("cambricon-mlu590", "cambricon-mlu370-x8")),
        Source("Alibaba T-Head", "domestic", ("alibaba-thead-ppu",)),
        Source("Baidu Kunlunxin", "domestic", ("baidu-kunlun-p800",)),
        Source("Other domestic", "domestic", ()),
        Source("Grey market (smuggled)", "grey", ("nvidia-h100-sxm", "nvidia-b200-hgx")),
        Source("Offshore cloud access", "grey", ("nvidia-h100-sxm", "nvidia-b200-hgx")),
    )
}

DOMESTIC_TOTAL = "all Chinese vendors"


def source_of(vendor: object, product: object) -> str | None:
    """The source an estimate row counts towards (None: not a source of accelerators, e.g. HBM makers)."""
    vendor = "" if is_missing(vendor) else str(vendor)
    product = "" if is_missing(product) else str(product)
    if vendor == "Nvidia":
        for name, chips in (("Nvidia H20", ("H20",)), ("Nvidia H200", ("H200",)), ("Nvidia A800/H800", ("A800", "H800"))):
            if product in chips:
                return name
        return "Nvidia (all products)" if not product else None
    if vendor == "AMD":
        return "AMD"
    if vendor.startswith("Huawei"):
        return "Huawei Ascend"
    if vendor.startswith("Cambricon"):
        return "Cambricon"
    if "T-Head" in vendor:
        return "Alibaba T-Head"
    if "Kunlunxin" in vendor:
        return "Baidu Kunlunxin"
    if vendor.startswith("Chinese vendors"):
        return DOMESTIC_TOTAL
    return None


def calendar_year(start: object, end: object) -> int | None:
    """The calendar year an estimate's period covers, if it covers (at least eleven months of) exactly one."""
    if is_missing(start) or is_missing(end):
        return None
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if start.year != end.year or (end - start).days < 330:
        return None
    return int(start.year)


def estimate_figures(row: Mapping) -> list[float]:
    """The figures an estimate gives: its point value, else its low and high bounds (one-sided bounds are dropped:
    "at least" or "at most" alone does not place the figure)."""
    if not is_missing(row.get("value")):
        return [float(row["value"])]
    low, high = row.get("value_low"), row.get("value_high")
    if not is_missing(low) and not is_missing(high):
        return [float(low), float(high)]
    return []


@dataclass(frozen=True)
class HistoryInput:
    """Units one source added in one year, and the estimates behind them."""

    year: int
    source: str
    units: Quantity
    estimate_ids: tuple[str, ...]


def history_inputs(estimates: pd.DataFrame) -> list[HistoryInput]:
    """Per (year, source): the units distribution from the delivery/output estimates (basis reported or
    estimated, metric units, one calendar year). A source-wide Nvidia estimate replaces product estimates of the
    same year (never both). The "all Chinese vendors" totals are kept under the source DOMESTIC_TOTAL, for
    `other_domestic`."""
    if "basis" not in estimates.columns:
        raise KeyError("supply_estimates has no basis column: history needs it to tell output from orders and plans")
    rows = estimates[(estimates["metric"] == "units") & estimates["basis"].isin(HISTORY_BASES)]
    grouped: dict[tuple[int, str], list] = {}
    for _, row in rows.iterrows():
        year = calendar_year(row["period_start"], row["period_end"])
        source = source_of(row["vendor"], row.get("product"))
        figures = estimate_figures(row)
        if year is None or source is None or not figures:
            continue
        grouped.setdefault((year, source), []).append((row["estimate_id"], figures, row["confidence"]))
    years_with_all_nvidia = {y for (y, s) in grouped if s == "Nvidia (all products)"}
    result = []
    for (year, source), found in sorted(grouped.items()):
        if year in years_with_all_nvidia and source.startswith("Nvidia") and source != "Nvidia (all products)":
            continue
        ids = tuple(i for i, _, _ in found)
        if len(found) == 1 and len(found[0][1]) == 1:
            units = Quantity.around(found[0][1][0], CONFIDENCE_WIDTH.get(found[0][2], 0.5))
        else:
            units = Quantity.spanning([v for _, figures, _ in found for v in figures])
        result.append(HistoryInput(year, source, units, ids))
    return result


# --- per-unit equivalents --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Factor:
    """H100-equivalents per unit of a source, in one measure."""

    value: Quantity
    chips: tuple[str, ...]
    note: str = ""


def fallback_chips(source: Source, accelerators: pd.DataFrame) -> list[str]:
    """Chips of the same market segment as the source's (a China-compliant import is measured against the other
    China-compliant parts, a Chinese design against the other Chinese designs); Chinese designs for a source that
    names no chip."""
    segments = accelerators.set_index("chip_id")["market_segment"] if "market_segment" in accelerators else pd.Series(dtype=str)
    mine = [segments[c] for c in source.chips if c in segments]
    segment = mine[0] if mine else "domestic-china"
    return accelerators.loc[
        accelerators.get("market_segment", pd.Series(index=accelerators.index, dtype=str)) == segment, "chip_id"
    ].tolist()


def unit_factor(source: Source, measure: str, accelerators: pd.DataFrame, side_chips: Iterable[str] = ()) -> Factor:
    """Equivalents per unit: the source's chips' figure over the H100's, spanning them when there are several;
    when none has the figure, spanning the figures of `side_chips` (and saying so in the note)."""
    column = SPEC_COLUMN[measure]
    specs = accelerators.set_index("chip_id")[column]
    if H100 not in specs or is_missing(specs[H100]):
        raise KeyError(f"accelerators: the H100 reference ({H100}) has no {column}")
    reference = float(specs[H100])

    def ratios(chips):
        return [(c, float(specs[c]) / reference) for c in chips if c in specs and not is_missing(specs[c])]

    known = ratios(source.chips)
    note = ""
    if not known:
        known = ratios(side_chips)
        note = "no published figure for its chips: spans the other chips of its market segment"
    if not known:
        raise KeyError(f"no chip gives {column} for {source.name}")
    return Factor(Quantity.spanning([r for _, r in known]), tuple(c for c, _ in known), note)


# --- projection drivers ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Drivers:
    """What the projection years are made of. Quantities are for the first projection year unless named growth."""

    smic_ai_wafers_per_month: Quantity  # SMIC 7 nm-class wafers/month for Huawei AI chips
    wafer_growth_per_year: Quantity
    dies_per_wafer: Quantity
    die_yield: Quantity
    packaging_yield: Quantity
    dies_per_package: Quantity
    hbm_stock_stacks: Quantity  # HBM stacks in China at the start of the projection, not yet in a chip
    domestic_hbm_stacks_per_year: Quantity  # e.g. CXMT output, first projection year
    domestic_hbm_growth_per_year: Quantity
    stacks_per_chip: Quantity
    other_domestic_growth_per_year: Quantity  # Cambricon, T-Head, Kunlunxin and the rest, from their last year
    imports_per_year: Mapping[str, Quantity] = field(default_factory=dict)  # source name -> units per year
    grey_per_year: Mapping[str, Quantity] = field(default_factory=dict)


def ascend_units(d: Mapping[str, np.ndarray], years: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ascend packages per projection year (shape [years, draws]) as the smaller of the wafer and HBM limits, with
    the HBM stock drawn down as it is used; also the wafer and HBM limits themselves."""
    t = np.arange(years)[:, None]
    wafers = d["smic_ai_wafers_per_month"] * 12 * (1 + d["wafer_growth_per_year"]) ** t
    wafer_limit = wafers * d["dies_per_wafer"] * d["die_yield"] * d["packaging_yield"] / d["dies_per_package"]
    new_hbm = d["domestic_hbm_stacks_per_year"] * (1 + d["domestic_hbm_growth_per_year"]) ** t
    stock = d["hbm_stock_stacks"].copy()
    units = np.empty_like(wafer_limit)
    hbm_limit = np.empty_like(wafer_limit)
    for y in range(years):
        available = stock + new_hbm[y]
        hbm_limit[y] = available / d["stacks_per_chip"]
        units[y] = np.minimum(wafer_limit[y], hbm_limit[y])
        stock = np.maximum(available - units[y] * d["stacks_per_chip"], 0.0)
    return units, wafer_limit, hbm_limit


# --- the simulation --------------------------------------------------------------------------------------------


@dataclass
class Simulation:
    """Draws of units and equivalents: arrays of shape [draws] keyed by (year, source) and (year, source, measure)."""

    draws: int
    units: dict[tuple[int, str], np.ndarray]
    equivalents: dict[tuple[int, str, str], np.ndarray]
    period: dict[int, str]  # year -> history | projection
    inputs: dict[str, np.ndarray]  # named uncertain inputs, for the variance ranking
    notes: dict[str, str]  # source -> what the reader must know about it
    estimate_ids: dict[tuple[int, str], tuple[str, ...]]


def simulate(
    history: Sequence[HistoryInput],
    accelerators: pd.DataFrame,
    drivers: Drivers | None,
    projection_years: Sequence[int],
    draws: int = 10_000,
    seed: int = 0,
) -> Simulation:
    """Draw every uncertain input `draws` times (seeded) and add up each year's compute by source."""
    if int(draws) < 1:
        raise ValueError(f"draws must be at least 1, got {draws!r}")
    rng = np.random.default_rng(int(seed))
    draws = int(draws)
    units: dict[tuple[int, str], np.ndarray] = {}
    inputs: dict[str, np.ndarray] = {}
    notes: dict[str, str] = {}
    ids: dict[tuple[int, str], tuple[str, ...]] = {}
    period: dict[int, str] = {}

    for item in history:
        units[(item.year, item.source)] = inputs[f"{item.source} units {item.year}"] = item.units.sample(rng, draws)
        ids[(item.year, item.source)] = item.estimate_ids
        period[item.year] = "history"
    for year in sorted({y for (y, s) in units if s == DOMESTIC_TOTAL}):
        total = units.pop((year, DOMESTIC_TOTAL))
        named = sum((v for (y, s), v in units.items() if y == year and SOURCES[s].side == "domestic"), np.zeros(draws))
        units[(year, "Other domestic")] = np.maximum(total - named, 0.0)
        ids[(year, "Other domestic")] = ids.pop((year, DOMESTIC_TOTAL))
        notes["Other domestic"] = (
            "all Chinese vendors' total minus the named designers (Hygon, MetaX, Moore Threads, Biren, Enflame and others)"
        )

    projection_years = [y for y in projection_years if y not in period]
    if drivers is not None and projection_years:
        d = {name: getattr(drivers, name).sample(rng, draws) for name in SCALAR_DRIVERS}
        inputs.update(d)
        ascend, _, _ = ascend_units(d, len(projection_years))
        last = max((y for y in period), default=None)
        for i, year in enumerate(projection_years):
            period[year] = "projection"
            units[(year, "Huawei Ascend")] = ascend[i]
            if last is not None:
                for (y, s), v in list(units.items()):
                    if y == last and SOURCES[s].side == "domestic" and s != "Huawei Ascend":
                        units[(year, s)] = v * (1 + d["other_domestic_growth_per_year"]) ** (year - last)
            for source, quantity in {**drivers.imports_per_year, **drivers.grey_per_year}.items():
                key = f"{source} units per year"
                if key not in inputs:
                    inputs[key] = quantity.sample(rng, draws)
                units[(year, source)] = inputs[key]
        notes["Huawei Ascend"] = (
            "projection counts every Ascend as the chips of its history (910B/910C): the later "
            "roadmap parts have no published BF16 figure in the data"
        )

    equivalents: dict[tuple[int, str, str], np.ndarray] = {}
    factors: dict[tuple[str, str], np.ndarray] = {}
    for (year, source), u in units.items():
        for measure in MEASURES:
            if (source, measure) not in factors:
                factor = unit_factor(SOURCES[source], measure, accelerators, fallback_chips(SOURCES[source], accelerators))
                factors[(source, measure)] = inputs[f"{source} {measure} per unit"] = factor.value.sample(rng, draws)
                if factor.note:
                    notes[f"{source} ({measure})"] = factor.note
            equivalents[(year, source, measure)] = u * factors[(source, measure)]
    for source in SOURCES.values():
        if source.side == "grey" and not any(s == source.name for (_, s) in units):
            notes[source.name] = "no source gives a figure: counted as none"
    return Simulation(draws, units, equivalents, period, {k: v for k, v in inputs.items() if np.ptp(v) > 0}, notes, ids)


# --- summaries -------------------------------------------------------------------------------------------------


def _quantiles(values: np.ndarray) -> tuple[float, float, float]:
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return float(p10), float(p50), float(p90)


def supply_table(sim: Simulation) -> pd.DataFrame:
    """One row per year x source x measure (units, h100e_bf16, h100e_bandwidth): p10, p50, p90."""
    rows = []
    for (year, source), u in sorted(sim.units.items()):
        side = SOURCES[source].side
        for measure, values in [("units", u)] + [(m, sim.equivalents[(year, source, m)]) for m in MEASURES]:
            rows.append(
                {
                    "year": year,
                    "source": source,
                    "side": side,
                    "period": sim.period[year],
                    "measure": measure,
                    **dict(zip(("p10", "p50", "p90"), _quantiles(values), strict=True)),
                }
            )
    return pd.DataFrame(rows, columns=["year", "source", "side", "period", "measure", "p10", "p50", "p90"])


def share_draws(sim: Simulation, year: int, measure: str = "h100e_bf16") -> np.ndarray:
    """Domestic share of the compute added in `year`, per draw (grey and offshore count as not domestic)."""
    parts = [(SOURCES[s].side, v) for (y, s, m), v in sim.equivalents.items() if y == year and m == measure]
    if not parts:
        raise KeyError(f"no compute estimate for {year}")
    domestic = sum((v for side, v in parts if side == "domestic"), np.zeros(sim.draws))
    total = sum((v for _, v in parts), np.zeros(sim.draws))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, domestic / total, np.nan)


def domestic_share_table(sim: Simulation, measure: str = "h100e_bf16") -> pd.DataFrame:
    """One row per year with compute: period, p10, p50, p90 of the domestic share, and which sides it counts."""
    rows = []
    for year in sorted(sim.period):
        sides = {SOURCES[s].side for (y, s) in sim.units if y == year}
        if not ({"domestic", "imported"} <= sides):
            continue  # a share needs both sides measured
        values = share_draws(sim, year, measure)
        rows.append(
            {
                "year": year,
                "period": sim.period[year],
                "measure": measure,
                **dict(zip(("p10", "p50", "p90"), _quantiles(values), strict=True)),
            }
        )
    return pd.DataFrame(rows, columns=["year", "period", "measure", "p10", "p50", "p90"])


def first_year_above(sim: Simulation, threshold: float = 0.5, measure: str = "h100e_bf16") -> dict:
    """The first projection year whose median domestic share passes `threshold`, with that year's P10-P90
    (None when no projection year does)."""
    for year in sorted(y for y, p in sim.period.items() if p == "projection"):
        p10, p50, p90 = _quantiles(share_draws(sim, year, measure))
        if p50 > threshold:
            return {"year": year, "p10": p10, "p50": p50, "p90": p90}
    return {"year": None}


def variance_ranking(sim: Simulation, year: int, measure: str = "h100e_bf16", bins: int = 20) -> pd.DataFrame:
    """Which inputs drive the uncertainty of `year`'s domestic share: each input's first-order variance share
    Var(E[share | input]) / Var(share), estimated by grouping the draws into `bins` quantile bins of the input.
    Shares add up to at most about 1 (less when inputs interact)."""
    share = share_draws(sim, year, measure)
    total = float(np.nanvar(share))
    rows = []
    for name, values in sim.inputs.items():
        if total == 0:
            rows.append({"input": name, "variance_share": 0.0})
            continue
        edges = np.quantile(values, np.linspace(0, 1, bins + 1))
        group = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, bins - 1)
        means = np.bincount(group, weights=share, minlength=bins) / np.maximum(np.bincount(group, minlength=bins), 1)
        counts = np.bincount(group, minlength=bins)
        explained = float(np.sum(counts * (means - share.mean()) ** 2) / counts.sum())
        rows.append({"input": name, "variance_share": explained / total})
    table = pd.DataFrame(rows, columns=["input", "variance_share"])
    return table.sort_values("variance_share", ascending=False, ignore_index=True)


# --- drivers from the data -------------------------------------------------------------------------------------

SCALAR_DRIVERS = (
    "smic_ai_wafers_per_month",
    "wafer_growth_per_year",
    "dies_per_wafer",
    "die_yield",
    "packaging_yield",
    "dies_per_package",
    "hbm_stock_stacks",
    "domestic_hbm_stacks_per_year",
    "domestic_hbm_growth_per_year",
    "stacks_per_chip",
    "other_domestic_growth_per_year",
)


def driver_sets(frame: pd.DataFrame) -> list[str]:
    """The driver sets the table defines, `base` first."""
    names = list(dict.fromkeys(frame["driver_set"]))
    return sorted(names, key=lambda n: (n != "base", n))


def drivers_from_table(frame: pd.DataFrame, driver_set: str = "base") -> Drivers | None:
    """The Drivers of `driver_set`: the base set's rows, overridden by the named set's (None when a base driver is
    not in the table, e.g. at an as-of date before its source was published). Within a set, a later row for the
    same driver and source replaces an earlier one: a driver revised when new evidence was published."""
    if driver_set not in set(frame["driver_set"]) and driver_set != "base":
        raise KeyError(f"projection_drivers: no driver set {driver_set!r} (have: {', '.join(driver_sets(frame))})")
    chosen: dict[tuple[str, str], Quantity] = {}
    for name in ("base", driver_set):
        for _, row in frame[frame["driver_set"] == name].iterrows():
            chosen[(row["driver"], row["applies_to"])] = Quantity(float(row["low"]), float(row["mode"]), float(row["high"]))
    scalars = {d: q for (d, _), q in chosen.items() if d in SCALAR_DRIVERS}
    if set(SCALAR_DRIVERS) - set(scalars):
        return None
    per_source = {
        kind: {s: q for (d, s), q in chosen.items() if d == kind and q.high > 0} for kind in ("imports_per_year", "grey_per_year")
    }
    unknown = [s for kind in per_source.values() for s in kind if s not in SOURCES]
    if unknown:
        raise KeyError(f"projection_drivers: applies_to {unknown[0]!r} is not a source ({', '.join(SOURCES)})")
    return Drivers(**scalars, **per_source)


def run(
    estimates: pd.DataFrame,
    accelerators: pd.DataFrame,
    drivers_frame: pd.DataFrame,
    driver_set: str = "base",
    years: Sequence[int] = YEARS,
    draws: int = 10_000,
    seed: int = 0,
) -> Simulation:
    """History from the estimates, then the projection of `driver_set` for the years after the last measured one."""
    history = [h for h in history_inputs(estimates) if h.year in years]
    last = max((h.year for h in history), default=None)
    projection = [y for y in years if last is not None and y > last]
    return simulate(history, accelerators, drivers_from_table(drivers_frame, driver_set), projection, draws, seed)


# --- the book's views of the model -----------------------------------------------------------------------------

DRIVER_LABELS = {
    "smic_ai_wafers_per_month": "SMIC wafers a month for Ascend",
    "wafer_growth_per_year": "Growth of those wafers",
    "dies_per_wafer": "Ascend dies per wafer",
    "die_yield": "Die yield at SMIC",
    "packaging_yield": "Packaging yield",
    "dies_per_package": "Dies per Ascend package",
    "hbm_stock_stacks": "HBM stock at the start of the projection",
    "domestic_hbm_stacks_per_year": "New HBM supply a year",
    "domestic_hbm_growth_per_year": "Growth of new HBM supply",
    "stacks_per_chip": "HBM stacks per Ascend",
    "other_domestic_growth_per_year": "Growth of the other Chinese designers",
    "imports_per_year": "Imports a year",
    "grey_per_year": "Grey-market units a year",
}
MEASURE_WORDS = {"h100e_bf16": "BF16 compute", "h100e_bandwidth": "memory bandwidth"}


def input_label(name: str) -> str:
    """A reader's name for one uncertain input of a simulation."""
    if name in DRIVER_LABELS:
        return DRIVER_LABELS[name]
    for measure, words in MEASURE_WORDS.items():
        if name.endswith(f" {measure} per unit"):
            return f"{name[: -len(measure) - 10]}: {words} per unit"
    if name.endswith(" units per year"):
        return name.replace(" units per year", " units a year")
    if name.startswith(DOMESTIC_TOTAL):
        return "All Chinese designers' units" + name[len(DOMESTIC_TOTAL) + len(" units") :]
    return name


def run_all(
    estimates: pd.DataFrame,
    accelerators: pd.DataFrame,
    drivers_frame: pd.DataFrame,
    years: Sequence[int] = YEARS,
    draws: int = 10_000,
    seed: int = 0,
) -> dict[str, Simulation]:
    """`run` for every driver set of the table (base first), each with the same seed."""
    sets = driver_sets(drivers_frame) or ["base"]  # no driver row known yet: history only
    return {name: run(estimates, accelerators, drivers_frame, name, years, draws, seed) for name in sets}


def shares_by_set(sims: Mapping[str, Simulation], measure: str = "h100e_bf16") -> pd.DataFrame:
    """The domestic-share table of each simulation, stacked, with a `driver_set` column."""
    frames = [domestic_share_table(sim, measure).assign(driver_set=name) for name, sim in sims.items()]
    if not frames:
        return pd.DataFrame(columns=["year", "period", "measure", "p10", "p50", "p90", "driver_set"])
    return pd.concat(frames, ignore_index=True)


def last_measured(share: pd.DataFrame) -> dict:
    """The last history year's row of a domestic-share table ({} when no year is measured)."""
    history = share[share["period"] == "history"]
    return history.iloc[-1].to_dict() if len(history) else {}


def projected_medians(share: pd.DataFrame) -> dict[int, float]:
    """Projected year -> median domestic share."""
    projected = share[share["period"] == "projection"]
    return dict(zip(projected["year"].astype(int), projected["p50"].astype(float), strict=True))


def ranking_by_year(sim: Simulation, years: Iterable[int], measure: str = "h100e_bf16", top: int = 5) -> pd.DataFrame:
    """The `top` inputs driving the share's uncertainty in each of `years` that the simulation has, with readers'
    labels: year, input, label, variance_share."""
    frames = []
    for year in years:
        if year in sim.period:
            ranked = variance_ranking(sim, year, measure).head(top)
            frames.append(ranked.assign(year=year, label=ranked["input"].map(input_label)))
    if not frames:
        return pd.DataFrame(columns=["year", "input", "label", "variance_share"])
    return pd.concat(frames, ignore_index=True)[["year", "input", "label", "variance_share"]]


def driver_table(frame: pd.DataFrame, driver_set: str) -> pd.DataFrame:
    """The driver rows in force for `driver_set` (its own rows, else base's), for a reader: driver, applies to,
    low, mode, high, unit, confidence, source, notes, and which set the row comes from. Of two rows for the same
    set, driver and source, the later one is in force (as in drivers_from_table)."""
    frame = frame.drop_duplicates(["driver_set", "driver", "applies_to"], keep="last")
    base = frame[frame["driver_set"] == "base"]
    own = frame[frame["driver_set"] == driver_set] if driver_set != "base" else frame.iloc[0:0]
    replaced = set(zip(own["driver"], own["applies_to"], strict=True))
    kept = base[[(d, a) not in replaced for d, a in zip(base["driver"], base["applies_to"], strict=True)]]
    rows = pd.concat([own, kept], ignore_index=True)
    rows = rows.assign(label=rows["driver"].map(lambda d: DRIVER_LABELS.get(d, d.replace("_", " "))))
    return rows[["label", "applies_to", "low", "mode", "high", "unit", "confidence", "driver_set", "source", "notes"]]


def both_measures(sim: Simulation) -> pd.DataFrame:
    """The domestic-share table counted in BF16 throughput and in memory bandwidth, one after the other."""
    return pd.concat([domestic_share_table(sim, m) for m in MEASURES], ignore_index=True)


def rows_used(estimates: pd.DataFrame, sim: Simulation) -> pd.DataFrame:
    """The estimate rows the simulation's history rests on (for its source line and data download)."""
    ids = {i for found in sim.estimate_ids.values() for i in found}
    return estimates[estimates["estimate_id"].isin(ids)]


def final_medians(shares: pd.DataFrame) -> tuple[int | None, dict[str, float]]:
    """The last year of a `shares_by_set` table and each driver set's median share in it ((None, {}) when empty)."""
    if shares.empty:
        return None, {}
    year = int(shares["year"].max())
    last = shares[shares["year"] == year]
    return year, dict(zip(last["driver_set"], last["p50"].astype(float), strict=True))
