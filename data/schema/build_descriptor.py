"""Write data/datapackage.json from the field table below (run once after changing a table's columns).

Kept as code so that every field's type, unit, description and constraints are declared once, in one readable
place, and the shared provenance columns are not copied eight times. The JSON it writes is what readers, the
validator and the data-dictionary chapter use.
"""

import json
from pathlib import Path

CONFIDENCE = ["official", "analyst-estimate", "press-report", "rumor", "derived"]
SLUG = r"[a-z0-9][a-z0-9.\-_]*"


def f(name, type_="string", description="", unit=None, required=False, **constraints):
    field = {"name": name, "type": type_, "description": description}
    if unit:
        field["unit"] = unit
    if required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


def num(name, unit, description, **c):
    return f(name, "number", description, unit=unit, minimum=0, **c)


PROVENANCE = [
    f(
        "source",
        description="One or more keys of references.bib, separated by ';'.",
        required=True,
        pattern=r"[A-Za-z0-9_\-:.]+(;[A-Za-z0-9_\-:.]+)*",
    ),
    f(
        "confidence",
        description="How the figure is known: official (vendor or government), analyst-estimate, press-report, rumor, or derived (computed by us; formula in notes).",
        required=True,
        enum=CONFIDENCE,
    ),
    f(
        "published",
        "date",
        "Date the source stating the fact was published; the book's as_of filter keeps rows published on or before the as-of date.",
        required=True,
        minimum="2000-01-01",
    ),
    f("notes", description="Caveats, what exactly is counted, the formula of derived values."),
]

TABLES = [
    (
        "accelerators",
        "AI accelerators: Nvidia, AMD and Chinese chips, one row per chip with the book's reference specification (alternative figures in spec_disputes).",
        "chip_id",
        [
            f("chip_id", description="Stable identifier (slug).", required=True, pattern=SLUG),
            f("vendor", description="Designer of the chip.", required=True),
            f("chip", description="Product name as marketed.", required=True),
            f("vendor_country", description="Country of the designer.", required=True, enum=["US", "CN"]),
            f(
                "market_segment",
                description="global (sold worldwide), china-compliant (US part cut down to pass US export rules for China), domestic-china (Chinese design).",
                required=True,
                enum=["global", "china-compliant", "domestic-china"],
            ),
            f(
                "segment",
                description="What the chip is designed or marketed for: data-centre, workstation or gaming. US rules scope on it: under Note 2 to ECCN 3A090 (October 2023 rule onward) the performance-density and grey-zone tests apply only to chips designed or marketed for data centres, so a workstation or gaming part is caught only by the plain TPP test (export_rules.scope).",
                required=True,
                enum=["data-centre", "workstation", "gaming"],
            ),
            num(
                "fp16_bf16_dense_tflops",
                "TFLOPS",
                "Dense (no sparsity) 16-bit floating-point throughput (BF16, or FP16 where BF16 is absent).",
            ),
            num("fp8_dense_tflops", "TFLOPS", "Dense FP8 throughput."),
            num("int8_dense_tops", "TOPS", "Dense INT8 throughput."),
            num("memory_gb", "GB", "On-package memory capacity."),
            f("memory_type", description="Memory technology (HBM2e, HBM3, GDDR6...)."),
            num("memory_bandwidth_tb_s", "TB/s", "Memory bandwidth."),
            num(
                "interconnect_bandwidth_gb_s",
                "GB/s",
                "Aggregate bidirectional chip-to-chip bandwidth (NVLink, HCCS, Infinity Fabric...).",
            ),
            num("tdp_w", "W", "Thermal design power of the module or card."),
            f("process_node", description="Manufacturing process as stated by the source."),
            f("foundry", description="Foundry that makes the compute dies."),
            f("compute_dies", "integer", "Number of compute dies in the package.", unit="dies", minimum=1),
            num(
                "die_area_mm2",
                "mm2",
                "Total area of the compute dies (the 'applicable die area' of US performance-density rules).",
            ),
            f(
                "release_year",
                "integer",
                "Year of release or first volume shipment.",
                unit="year",
                required=True,
                minimum=2015,
                maximum=2030,
            ),
            f("release_date", "date", "Release date where known."),
        ],
    ),
    (
        "spec_disputes",
        "Conflicting claims about accelerator specifications, one row per claim and source; never averaged.",
        "dispute_id",
        [
            f("dispute_id", description="Identifier (slug).", required=True, pattern=SLUG),
            f("chip_id", description="The chip (accelerators.chip_id).", required=True),
            f("field", description="The accelerators column the claim is about.", required=True),
            f("value", "number", "The claimed value, in that column's unit.", required=True),
            f("claimed_by", description="Who makes the claim.", required=True),
        ],
    ),
    (
        "systems",
        "Rack- and pod-scale systems (Huawei CloudMatrix, Nvidia NVL72...).",
        "system_id",
        [
            f("system_id", description="Identifier (slug).", required=True, pattern=SLUG),
            f("vendor", description="Vendor.", required=True),
            f("system", description="System name.", required=True),
            f("chip_id", description="Accelerator in the system (accelerators.chip_id).", required=True),
            f("chips_per_system", "integer", "Accelerators per system.", unit="chips", required=True, minimum=1),
            num("fp16_bf16_dense_pflops", "PFLOPS", "Dense BF16/FP16 throughput of the whole system."),
            num("hbm_capacity_tb", "TB", "Total HBM capacity."),
            num("memory_bandwidth_tb_s", "TB/s", "Total HBM bandwidth."),
            num("scale_up_bandwidth_tb_s", "TB/s", "Total scale-up (chip-to-chip) bandwidth."),
            num("power_kw", "kW", "All-in system power."),
            f("release_year", "integer", "Year of release.", unit="year", minimum=2015, maximum=2030),
        ],
    ),
    (
        "clusters",
        "Reported compute clusters, one row per chip type in a cluster.",
        "cluster_row_id",
        [
            f("cluster_row_id", description="Identifier of the row (slug).", required=True, pattern=SLUG),
            f(
                "cluster_id",
                description="Identifier of the cluster (rows with the same id form one cluster).",
                required=True,
                pattern=SLUG,
            ),
            f("operator", description="Who operates the cluster.", required=True),
            f("cluster", description="Cluster name or description.", required=True),
            f("purpose", description="What it is reported to be used for."),
            f("chip_id", description="Accelerator (accelerators.chip_id).", required=True),
            num("units", "chips", "Number of accelerators of this type.", required=True),
        ],
    ),
    (
        "supply_estimates",
        "Supply volumes, capacities, revenue and market shares, one row per estimate and source.",
        "estimate_id",
        [
            f("estimate_id", description="Identifier (slug).", required=True, pattern=SLUG),
            f("vendor", description="Vendor the estimate is about.", required=True),
            f("product", description="Product or product family."),
            f("chip_id", description="The chip, where the estimate is about one (accelerators.chip_id)."),
            f(
                "metric",
                description="What kind of quantity (capex: capital expenditure of a buyer of AI chips, all of it unless counted says otherwise; trade_value: value of chips that changed hands outside licensed sales, such as smuggled chips).",
                required=True,
                enum=[
                    "units",
                    "dies",
                    "wafers",
                    "wafer_capacity",
                    "hbm_stacks",
                    "yield",
                    "revenue",
                    "market_share",
                    "compute_share",
                    "capacity_share",
                    "charge",
                    "capex",
                    "trade_value",
                ],
            ),
            f(
                "basis",
                description="What kind of figure the row is: reported (the company's or a government's own figure for a past period), estimated (an analyst's or reporter's estimate of what happened), forecast (a projection of a period not yet over when published), plan (a vendor's or a government's target), order (purchase orders or approvals, not deliveries), capacity (what could be made or supplied, not what was), ceiling (an upper bound). Only reported and estimated output, shipments and revenue count as history.",
                required=True,
                enum=["reported", "estimated", "forecast", "plan", "order", "capacity", "ceiling"],
            ),
            f("counted", description="Exactly what is counted.", required=True),
            f("period_start", "date", "First day of the period covered.", required=True),
            f("period_end", "date", "Last day of the period covered.", required=True),
            f("value", "number", "Point estimate (in unit)."),
            f("value_low", "number", "Low end of the range given by the source."),
            f("value_high", "number", "High end of the range given by the source."),
            f(
                "unit",
                description="Unit of value, value_low and value_high (cny_billion: billions of renminbi as the source states them, not converted).",
                required=True,
                enum=[
                    "units",
                    "dies",
                    "wafers",
                    "wafers_per_month",
                    "stacks",
                    "usd_billion",
                    "cny_billion",
                    "percent",
                    "fraction",
                ],
            ),
            f("estimator", description="Who made the estimate.", required=True),
            f(
                "dispute_group",
                description="Rows that give conflicting figures for the same quantity (same thing counted, same period) share this identifier; they are kept side by side and never averaged, and each row's notes say how its figure differs from the others'. Empty when no other row disputes the figure.",
                pattern=SLUG,
            ),
        ],
    ),
    (
        "events",
        "The policy and industry timeline, 2015 onward.",
        "event_id",
        [
            f("event_id", description="Identifier (slug).", required=True, pattern=SLUG),
            f(
                "date",
                "date",
                "When it happened (first of month/year when only that is known).",
                required=True,
                minimum="2015-01-01",
            ),
            f("date_precision", description="How precise date is.", required=True, enum=["day", "month", "year"]),
            f("actor", description="Who acted.", required=True),
            f(
                "actor_group",
                description="Side of the actor.",
                required=True,
                enum=["US government", "Chinese government", "US industry", "Chinese industry", "Other"],
            ),
            f(
                "category",
                description="Kind of event.",
                required=True,
                enum=[
                    "export-control",
                    "entity-list",
                    "industrial-policy",
                    "procurement",
                    "product",
                    "supply-chain",
                    "software",
                    "market",
                    "enforcement",
                    "trade-deal",
                ],
            ),
            f("title", description="One-line title.", required=True, maxLength=90),
            f("description", description="One sentence.", required=True, maxLength=240),
        ],
    ),
    (
        "software_stacks",
        "AI software stacks: CUDA and its alternatives, one row per stack.",
        "stack_id",
        [
            f("stack_id", description="Identifier (slug).", required=True, pattern=SLUG),
            f("stack", description="Name.", required=True),
            f("vendor", description="Who makes it.", required=True),
            f("vendor_country", description="Country of the vendor.", required=True, enum=["US", "CN", "Other"]),
            f(
                "layer",
                description="What kind of software it is.",
                required=True,
                enum=["vendor-stack", "framework", "compiler", "kernel-library", "portability-layer"],
            ),
            f("hardware", description="Chips it targets."),
            f("first_release_year", "integer", "Year of first public release.", unit="year", minimum=1990, maximum=2030),
            f("open_source", description="Whether its source is open.", required=True, enum=["yes", "partial", "no"]),
            f("license", description="Licence as stated."),
            f("opened_date", "date", "When the source was opened, if later than first release."),
            f("pytorch_route", description="How PyTorch runs on it."),
            f(
                "pytorch_upstream",
                description="Whether that route is in PyTorch itself.",
                required=True,
                enum=["in-tree", "out-of-tree-plugin", "fork", "none", "not-applicable"],
            ),
            num("developers_claimed", "developers", "Developers the vendor claims."),
            f("developers_claimed_date", "date", "Date of that claim."),
            f("library_breadth", description="Key libraries."),
            f("repo_url", description="Public repository or project page."),
        ],
    ),
    (
        "software_signals",
        "Maturity signals from public issue threads, pull requests and release notes.",
        "signal_id",
        [
            f("signal_id", description="Identifier (slug).", required=True, pattern=SLUG),
            f("stack_id", description="The stack (software_stacks.stack_id).", required=True),
            f("date", "date", "Date of the thread or release.", required=True),
            f(
                "kind",
                description="What the signal shows.",
                required=True,
                enum=["missing-op", "performance", "install", "compatibility", "upstreaming", "release", "documentation"],
            ),
            f("title", description="Title of the thread.", required=True),
            f("url", description="Address of the thread."),
            f("summary", description="One sentence.", required=True),
        ],
    ),
    (
        "export_rules",
        "US export-control tests for AI chips: each row is one clause (all its thresholds must hold); a chip falls in a tier when any clause of that tier holds.",
        "clause_id",
        [
            f("clause_id", description="Identifier (slug).", required=True, pattern=SLUG),
            f(
                "rule_id",
                description="The rule (2022-10, 2023-10, 2024-12, 2025-04, 2026-01).",
                required=True,
                enum=["2022-10", "2023-10", "2024-12", "2025-04", "2026-01"],
            ),
            f("rule", description="Name of the rule.", required=True),
            f("tier", description="Outcome when the clause holds.", required=True),
            f(
                "tier_rank",
                "integer",
                "Severity of the tier within its rule (higher = stricter); a chip gets the strictest tier any clause gives.",
                required=True,
                minimum=1,
                maximum=9,
            ),
            f("effective_date", "date", "When the rule took effect.", required=True),
            f(
                "scope",
                description="Which chips the clause applies to: all (every integrated circuit) or data-centre (only chips designed or marketed for use in data centres, accelerators.segment = data-centre; Note 2 to ECCN 3A090 exempts other chips from the performance-density and grey-zone tests). A data-centre clause never matches a workstation or gaming chip. hbm: the clause controls high-bandwidth memory stacks (3A090.c), not accelerators, and never classifies a chip.",
                required=True,
                enum=["all", "data-centre", "hbm"],
            ),
            num("tpp_min", "TPP", "Total processing performance at least this."),
            num("tpp_max", "TPP", "Total processing performance below this."),
            num("performance_density_min", "TPP/mm2", "Performance density at least this."),
            num("performance_density_max", "TPP/mm2", "Performance density below this."),
            num("interconnect_bandwidth_min_gb_s", "GB/s", "Bidirectional chip-to-chip bandwidth at least this."),
            num("memory_bandwidth_min_gb_s", "GB/s", "DRAM bandwidth at least this."),
            num("memory_bandwidth_max_gb_s", "GB/s", "DRAM bandwidth below this."),
            num("combined_bandwidth_min_gb_s", "GB/s", "DRAM plus interconnect bandwidth at least this."),
            num(
                "memory_bandwidth_density_min_gb_s_mm2",
                "GB/s/mm2",
                "Memory bandwidth density of an HBM stack (bandwidth divided by package or stack area) above this; used only by scope = hbm clauses.",
            ),
        ],
    ),
]

FOREIGN_KEYS = {
    "spec_disputes": [("chip_id", "accelerators", "chip_id")],
    "systems": [("chip_id", "accelerators", "chip_id")],
    "clusters": [("chip_id", "accelerators", "chip_id")],
    "supply_estimates": [("chip_id", "accelerators", "chip_id")],
    "software_signals": [("stack_id", "software_stacks", "stack_id")],
}


#: The projection's drivers (models/compute_supply.py), appended to TABLES below. `source` is optional here: a row
#: whose notes begin its reasoning with ASSUMPTION has no source that gives the figure, and says so.
PROJECTION_DRIVERS = (
    "projection_drivers",
    "Drivers of the compute-supply projection after the last measured year: one triangular distribution (low, mode, high) per driver set and driver, each built from the estimates it names. Where two rows give the same driver set, driver and applies_to, the later row in the file replaces the earlier from its published date (the as_of filter keeps the earlier one for earlier editions).",
    "driver_row_id",
    [
        f("driver_row_id", description="Identifier (slug).", required=True, pattern=SLUG),
        f(
            "driver_set",
            description="Named set of drivers; `base` gives every driver, the others only their departures.",
            required=True,
            pattern=SLUG,
        ),
        f(
            "driver",
            description="Which driver (a field of compute_supply.Drivers).",
            required=True,
            enum=[
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
                "imports_per_year",
                "grey_per_year",
            ],
        ),
        f("applies_to", description="The source of accelerators it drives (a compute_supply source name).", required=True),
        num("low", "as unit", "Lowest plausible value.", required=True),
        num("mode", "as unit", "Most likely value.", required=True),
        num("high", "as unit", "Highest plausible value.", required=True),
        f(
            "unit",
            description="Unit of low, mode and high.",
            required=True,
            enum=["wafers_per_month", "fraction", "dies", "stacks", "units"],
        ),
        f("based_on", description="supply_estimates rows the figures come from, separated by ';'."),
        f(
            "source",
            description="Keys of references.bib, separated by ';' (empty only for an ASSUMPTION that no source gives).",
            pattern=r"[A-Za-z0-9_\-:.]+(;[A-Za-z0-9_\-:.]+)*",
        ),
        f("confidence", description="How the figure is known (as in the other tables).", required=True, enum=CONFIDENCE),
        f(
            "published",
            "date",
            "Date of the newest source the row rests on; the as_of filter keeps rows published on or before the as-of date.",
            required=True,
            minimum="2000-01-01",
        ),
        f("notes", description="How low, mode and high were set; ASSUMPTION marks what no source gives.", required=True),
    ],
)
TABLES.append(PROJECTION_DRIVERS)


def descriptor() -> dict:
    resources = []
    for name, description, key, fields in TABLES:
        own = {field["name"] for field in fields}  # a table may declare a provenance field its own way
        schema = {"primaryKey": key, "fields": fields + [p for p in PROVENANCE if p["name"] not in own]}
        if name in FOREIGN_KEYS:
            schema["foreignKeys"] = [{"fields": a, "reference": {"resource": r, "fields": b}} for a, r, b in FOREIGN_KEYS[name]]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "format": "csv",
                "encoding": "utf-8",
                "description": description,
                "schema": schema,
            }
        )
    return {
        "name": "china-ai-compute",
        "title": "China's AI compute: accelerators, supply, software, policy",
        "description": "Every figure of the book 'Can China break free from Nvidia?', with its source and a confidence tag.",
        "licenses": [
            {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 (our compilation; sources keep their own terms)"}
        ],
        "bibliography": "references.bib",
        "resources": resources,
    }


if __name__ == "__main__":
    out = Path(__file__).resolve().parents[1] / "datapackage.json"
    out.write_text(json.dumps(descriptor(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
