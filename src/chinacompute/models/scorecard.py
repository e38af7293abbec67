"""The summary's scorecard: the 17 claims of the magazine analysis, each scored by an explicit rule on the rows known
on the as-of date.

Each `Claim` holds its restated text, the chapter with the evidence, a plain-English `rule`, and a `judge` that
reads the `Evidence` (the data frames the chapter loaded, plus the outlook's final-year shares) and returns
(verdict, evidence text). A claim whose rows are not yet published scores NOT_YET. No file access: the chapter
loads the tables and passes them in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from .. import prose
from . import first_row

SUPPORTED = "supported"
PARTLY = "partly supported"
CONTESTED = "contested"
NOT_YET = "not testable yet"
NOT_TESTABLE = "not testable with public data"
#: Every verdict, in the order the page counts them.
VERDICTS = (SUPPORTED, PARTLY, CONTESTED, NOT_YET, NOT_TESTABLE)
#: The scorecard's columns.
COLUMNS = ("#", "Claim (restated)", "Verdict", "Evidence in the data", "Chapter")

SUPPLY = "02 Supply volume"
HARDWARE = "03 Hardware gap"
SOFTWARE = "04 Software ecosystem"
POLICY = "05 Policy timeline"
DEEPSEEK = "06 DeepSeek case"
OUTLOOK = "07 Outlook"

#: Chips whose dense BF16 throughput claims 11 compares (the domestic chip against the reference).
ASCEND_910C, H100 = "huawei-ascend-910c", "nvidia-h100-sxm"


@dataclass(frozen=True)
class Evidence:
    """What the claims are scored on: tables as known on the as-of date, and the outlook's domestic share of new
    compute in `outlook_year` by scenario."""

    events: pd.DataFrame
    supply: pd.DataFrame
    accelerators: pd.DataFrame
    systems: pd.DataFrame
    clusters: pd.DataFrame
    stacks: pd.DataFrame
    outlook_shares: Mapping[str, float]
    outlook_year: int


@dataclass(frozen=True)
class Claim:
    """One claim: its number, restated text, the chapter with the evidence, the rule in words, and the judge that
    applies the rule (Evidence -> (verdict, evidence text))."""

    number: int
    claim: str
    chapter: str
    rule: str
    judge: Callable[[Evidence], tuple[str, str]]

    def score(self, evidence: Evidence) -> dict:
        """The scorecard row: {#, Claim (restated), Verdict, Evidence in the data, Chapter}."""
        verdict, text = self.judge(evidence)
        return dict(zip(COLUMNS, (self.number, self.claim, verdict, text, self.chapter), strict=True))


def tflops_ratio(accelerators: pd.DataFrame, chip_id: str, reference_id: str = H100) -> float | None:
    """Dense BF16 TFLOPS of `chip_id` over the reference chip's; None when either chip has no row."""
    chip, reference = first_row(accelerators, "chip_id", chip_id), first_row(accelerators, "chip_id", reference_id)
    if not chip or not reference:
        return None
    return chip["fp16_bf16_dense_tflops"] / reference["fp16_bf16_dense_tflops"]


def _event(d: Evidence, event_id: str) -> dict:
    return first_row(d.events, "event_id", event_id)


def _estimate(d: Evidence, estimate_id: str) -> dict:
    return first_row(d.supply, "estimate_id", estimate_id)


def _known(rows: list[dict], what: str = "event rows") -> str:
    return f"{sum(bool(r) for r in rows)} of {len(rows)} {what} known"


CLAIMS: list[Claim] = []


def _claim(number: int, claim: str, chapter: str, rule: str):
    """Register the decorated judge as claim `number`."""

    def register(judge: Callable[[Evidence], tuple[str, str]]) -> Callable[[Evidence], tuple[str, str]]:
        CLAIMS.append(Claim(number, claim, chapter, rule, judge))
        return judge

    return register


@_claim(
    1,
    "US takes 15% of H20/MI308 China sales for export licences (Aug 2025)",
    POLICY,
    "Supported once event us-15pct-deal-2025-08 is known.",
)
def _us_revenue_share(d):
    deal = _event(d, "us-15pct-deal-2025-08")
    if not deal:
        return NOT_YET, _known([deal])
    return SUPPORTED, f"event {deal['date']:%Y-%m-%d} ({deal['confidence']})"


@_claim(
    2,
    "Beijing told cloud providers to stop buying H20 (Aug 2025)",
    POLICY,
    "Partly supported once event cn-h20-guidance-2025-08 is known: it records guidance, not a ban.",
)
def _beijing_h20_guidance(d):
    guidance = _event(d, "cn-h20-guidance-2025-08")
    if not guidance:
        return NOT_YET, _known([guidance])
    return PARTLY, (f"event {guidance['date']:%Y-%m-%d}: guidance discouraging H20, not a formal ban ({guidance['confidence']})")


@_claim(
    3,
    "US banned H20/MI308 sales (Apr 2025) after rescinding the AI Diffusion Rule (May 2025)",
    POLICY,
    "Needs events us-h20-license-2025-04 and us-bis-rescind-diffusion-2025-05: supported if the licence "
    "requirement came after the rescission, partly supported if before.",
)
def _h20_ban_order(d):
    licence, rescission = _event(d, "us-h20-license-2025-04"), _event(d, "us-bis-rescind-diffusion-2025-05")
    if not licence or not rescission:
        return NOT_YET, _known([licence, rescission])
    order = "after" if licence["date"] > rescission["date"] else "before"
    return (
        SUPPORTED if order == "after" else PARTLY,
        f"licence requirement {licence['date']:%Y-%m-%d} came {order} the rescission {rescission['date']:%Y-%m-%d}",
    )


@_claim(
    4,
    "China has had a chip self-sufficiency plan since the mid-2010s",
    POLICY,
    "Supported if at least one Chinese-government industrial-policy event dates from 2016 or earlier; "
    "otherwise not testable with public data.",
)
def _self_sufficiency_plan(d):
    ev = d.events
    policy = ev[(ev["actor_group"] == "Chinese government") & (ev["category"] == "industrial-policy")]
    early = policy[policy["date"].dt.year <= 2016]
    return (SUPPORTED if len(early) else NOT_TESTABLE, f"{len(policy)} Chinese industrial-policy events, {len(early)} by 2016")


@_claim(
    5,
    "Biren, Huawei, Moore Threads on the Entity List; SMIC makes 7 nm, heading to 5 nm",
    POLICY,
    "Partly supported once the Entity List events us-bis-huawei-el-2019-05 and us-bis-biren-mt-el-2023-10 are "
    "known (the SMIC 7 nm teardown may or may not be; no row covers 5 nm output).",
)
def _entity_list_and_smic(d):
    listings = [_event(d, "us-bis-huawei-el-2019-05"), _event(d, "us-bis-biren-mt-el-2023-10")]
    if not all(listings):
        return NOT_YET, _known(listings, "Entity List rows")
    teardown = _event(d, "techinsights-kirin9000s-2023-09")
    return PARTLY, (
        "Entity List rows for all three; SMIC 7 nm "
        + ("teardown row" if teardown else "not yet shown")
        + "; no row on 5 nm output"
    )


@_claim(
    6,
    "Model-Chip Ecosystem Innovation Alliance and Shanghai AI committee formed (summer 2025)",
    SOFTWARE,
    "Supported once events cn-model-chip-alliance-2025-07 and cn-shanghai-ai-committee-2025-07 are known.",
)
def _alliances(d):
    found = [_event(d, "cn-model-chip-alliance-2025-07"), _event(d, "cn-shanghai-ai-committee-2025-07")]
    if not all(found):
        return NOT_YET, _known(found)
    return SUPPORTED, f"2 event rows, {found[0]['date']:%Y-%m-%d}"


@_claim(
    7,
    "Huawei open-sourced CANN in early August 2025",
    SOFTWARE,
    "Partly supported once event huawei-cann-oss-2025-08 and the CANN stack row are known; the evidence quotes "
    "the stack table's open-source status.",
)
def _cann_open_source(d):
    announcement, cann = _event(d, "huawei-cann-oss-2025-08"), first_row(d.stacks, "stack_id", "cann")
    if not announcement or not cann:
        return NOT_YET, "announcement row not yet published"
    return PARTLY, (f"announced {announcement['date']:%Y-%m-%d}; open-source status in the stack table: {cann['open_source']}")


@_claim(
    8,
    "About one million H20 sold in 2024, almost all in China",
    SUPPLY,
    "Supported by the estimate semianalysis-h20-units-2024; partly supported if only the forecast "
    "semianalysis-h20-units-2024-forecast is known.",
)
def _h20_volume(d):
    h20, forecast = _estimate(d, "semianalysis-h20-units-2024"), _estimate(d, "semianalysis-h20-units-2024-forecast")
    if h20:
        return SUPPORTED, f"SemiAnalysis: {prose.estimate(h20)} units ({h20['confidence']}, single estimator)"
    if forecast:
        return PARTLY, f"forecast only: {prose.estimate(forecast)} units"
    return NOT_YET, "no H20 volume row yet"


DIE_BANK = ("heim-tsmc-sophgo-dies", "csis-tsmc-910b-dies", "semianalysis-tsmc-ascend-dies")
OUTPUT_910C = ("bloomberg-910c-output-2025", "semianalysis-910c-pace-2025")


@_claim(
    9,
    "Huawei got ~3 M TSMC dies, enough for 1.4-1.5 M Ascend 910C",
    SUPPLY,
    "Needs a TSMC die-bank estimate ("
    + ", ".join(DIE_BANK)
    + "): contested when 2025 910C output estimates ("
    + ", ".join(OUTPUT_910C)
    + ") are known as well, else partly supported.",
)
def _tsmc_die_bank(d):
    s = d.supply
    dies = s[s["metric"].eq("dies") & s["estimate_id"].isin(DIE_BANK)]
    output = s[s["estimate_id"].isin(OUTPUT_910C)]
    if dies.empty:
        return NOT_YET, "no die-bank row yet"
    figures = ", ".join(prose.estimate(r) for r in dies.to_dict("records"))
    tail = (
        f"2025 910C output estimates {prose.number(output['value'].min())} to {prose.number(output['value'].max())}"
        if len(output)
        else "no 910C output row yet"
    )
    return (CONTESTED if len(output) else PARTLY), f"{len(dies)} die-bank estimates ({figures}); {tail}"


@_claim(
    10,
    "Alibaba and Baidu design their own accelerators yet buy many H20",
    SUPPLY,
    "Supported once IDC's T-Head card count and Nikkei's H20 rush orders are known.",
)
def _hyperscalers_buy_h20(d):
    thead, kunlun = _estimate(d, "idc-thead-cards-china-2025"), _estimate(d, "idc-kunlunxin-cards-china-2025")
    rush = _estimate(d, "nikkei-h20-rush-orders-2025")
    if not thead or not rush:
        return NOT_YET, "IDC or H20 order rows not yet published"
    return SUPPORTED, (
        f"IDC 2025 cards: T-Head {prose.estimate(thead)}, Kunlunxin {prose.estimate(kunlun)}; "
        f"H20 rush orders incl. Alibaba {prose.estimate(rush)}"
    )


@_claim(
    11,
    "China cannot yet make hardware on par with Nvidia or AMD in volume",
    HARDWARE,
    "Needs IDC's 2025 card counts and the 910C and H100 specifications: supported if domestic cards are fewer "
    "than Nvidia's plus AMD's and a 910C delivers less dense BF16 than an H100, else contested.",
)
def _hardware_parity(d):
    cards = [_estimate(d, f"idc-{v}-cards-china-2025") for v in ("domestic", "nvidia", "amd")]
    ratio = tflops_ratio(d.accelerators, ASCEND_910C)
    if not all(cards) or ratio is None:
        return NOT_YET, "2025 shipment split or 910C spec not yet published"
    domestic, nvidia, amd = cards
    foreign = nvidia["value"] + amd["value"]
    behind = domestic["value"] < foreign and ratio < 1
    return (
        SUPPORTED if behind else CONTESTED,
        f"2025 cards: domestic {prose.estimate(domestic)} vs Nvidia+AMD {prose.number(foreign)}; "
        f"910C = {prose.percent(ratio)} of an H100 (BF16)",
    )


HOPPERS = ("nvidia-h800", "nvidia-h100-sxm", "nvidia-h20")


@_claim(
    12,
    "DeepSeek trained R1 on ~50,000 Hoppers (30k H20, 10k H800, 10k H100)",
    DEEPSEEK,
    "Contested once SemiAnalysis's DeepSeek fleet estimate is known: it counts holdings, not a training "
    "cluster; the V3 report's training cluster is quoted beside it.",
)
def _deepseek_hoppers(d):
    c = d.clusters
    fleet, v3 = c[c["cluster_id"] == "deepseek-fleet-semianalysis"], c[c["cluster_id"] == "deepseek-v3-training"]
    hopper = fleet[fleet["chip_id"].isin(HOPPERS)]
    if hopper.empty:
        return NOT_YET, "no fleet estimate yet"
    v3_text = (
        f"the V3 report names {prose.number(v3['units'].sum())} "
        f"{', '.join(v3['chip_id'].str.removeprefix('nvidia-').str.upper())}"
        if len(v3)
        else "no training-cluster row for V3 yet"
    )
    return CONTESTED, (
        f"SemiAnalysis fleet estimate {prose.number(hopper['units'].sum())} Hoppers "
        f"({(hopper['confidence'] == 'derived').sum()} of the split rows derived); "
        f"holdings, not a training cluster; {v3_text}"
    )


@_claim(
    13,
    "DeepSeek tried R2 on Ascend, went back to Nvidia for training",
    DEEPSEEK,
    "Partly supported once event deepseek-r2-ascend-2025-08 is known: a single report from anonymous sources.",
)
def _deepseek_r2(d):
    report = _event(d, "deepseek-r2-ascend-2025-08")
    if not report:
        return NOT_YET, _known([report])
    return PARTLY, f"single {report['confidence']} (anonymous sources), not confirmed by DeepSeek"


@_claim(
    14,
    "CUDA has a decade of stable software; Chinese stacks are proprietary and fragmented",
    SOFTWARE,
    "Supported if the CUDA stack row is known and more than three Chinese stacks are in the data; otherwise "
    "not testable with public data.",
)
def _cuda_and_fragmentation(d):
    cuda = first_row(d.stacks, "stack_id", "cuda")
    chinese = int((d.stacks["vendor_country"] == "CN").sum())
    first = int(cuda["first_release_year"]) if cuda else "n/a"
    return (
        SUPPORTED if cuda and chinese > 3 else NOT_TESTABLE,
        f"CUDA first released {first}; {chinese} Chinese stacks in the data",
    )


@_claim(
    15,
    "Chicken and egg: no installed base, so developers stay on CUDA",
    SOFTWARE,
    "Always not testable with public data: developer counts are vendor claims.",
)
def _developer_lock_in(d):
    return NOT_TESTABLE, "developer counts are vendor claims; no public measure of developer choice"


@_claim(
    16,
    "CloudMatrix 384 (Ascend 910C) is Huawei's rack-scale answer to Nvidia",
    HARDWARE,
    "Supported once the CloudMatrix 384 system row is known; the evidence sets it beside the GB200 NVL72.",
)
def _cloudmatrix(d):
    cm = first_row(d.systems, "system_id", "huawei-cloudmatrix-384")
    nvl = first_row(d.systems, "system_id", "nvidia-gb200-nvl72")
    if not cm:
        return NOT_YET, "no system row yet"
    return SUPPORTED, (
        f"{prose.number(cm['fp16_bf16_dense_pflops'])} PF BF16 at {prose.number(cm['power_kw'])} kW "
        f"vs NVL72 {prose.number(nvl.get('fp16_bf16_dense_pflops'))} PF at "
        f"{prose.number(nvl.get('power_kw'))} kW"
    )


@_claim(
    17,
    "Low volume, no standards and many fronts keep Chinese firms from challenging Nvidia",
    OUTLOOK,
    "Supported if the domestic share of new compute in the outlook's last year stays below half in every "
    "scenario; contested otherwise.",
)
def _no_challenge(d):
    shares = list(d.outlook_shares.values())
    if not shares:
        return NOT_YET, "no projection can be made from the rows known on this date"
    below = sum(s < 0.5 for s in shares)
    return (
        SUPPORTED if below == len(shares) else CONTESTED,
        f"domestic share of new compute in {d.outlook_year}: {prose.percent(min(shares))} to "
        f"{prose.percent(max(shares))} across {len(shares)} scenarios; below half in {below}",
    )


def score(evidence: Evidence, claims: list[Claim] = CLAIMS) -> pd.DataFrame:
    """The scorecard: one row per claim, columns COLUMNS."""
    return pd.DataFrame([c.score(evidence) for c in claims], columns=list(COLUMNS))


def rules(claims: list[Claim] = CLAIMS) -> pd.DataFrame:
    """Every claim's rule in words: columns #, Claim (restated), Rule, Chapter."""
    return pd.DataFrame([{"#": c.number, "Claim (restated)": c.claim, "Rule": c.rule, "Chapter": c.chapter} for c in claims])


def verdict_counts(scorecard: pd.DataFrame) -> dict[str, int]:
    """{verdict: number of claims with it} for every verdict in VERDICTS (0 when none)."""
    return {v: int((scorecard["Verdict"] == v).sum()) for v in VERDICTS}
