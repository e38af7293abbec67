"""The tables and facts chapter 04 builds on the maturity index, on a small hand-built set of stacks.

Index values worked out by hand with equal weights on age, openness, PyTorch and developers (0.25 each), as of
2026-03-01:
- cuda: age 19 years -> capped 1; partial 0.5; in-tree 1; 1e6 developers -> (6 - 4) / 3 = 2/3;
  (1 + 0.5 + 1 + 2/3) / 4 = 0.791667
- cann: 8 years -> 8/15 = 0.533333; partial 0.5; plugin 0.6; no developer count 0; 1.633333 / 4 = 0.408333
- musa: no year 0; closed 0; fork 0.3; 0; 0.3 / 4 = 0.075
- paddle (framework, PyTorch not applicable, so the other three weigh 1/3): 10/15 = 2/3; open 1; 1e7 -> 1;
  (2/3 + 1 + 1) / 3 = 0.888889
- flaggems (kernel library, not applicable): 2/15 = 0.133333; open 1; 0; 1.133333 / 3 = 0.377778
"""

from __future__ import annotations

import pandas as pd
import pytest

from chinacompute.models import ecosystem

AS_OF = "2026-03-01"
EQUAL = {"age": 1, "openness": 1, "pytorch": 1, "developers": 1}


def stacks() -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            (
                "cuda",
                "CUDA (Compute Unified Device Architecture)",
                "Nvidia",
                "US",
                "vendor-stack",
                2007,
                "partial",
                "in-tree",
                1e6,
            ),
            (
                "cann",
                "CANN (Compute Architecture for Neural Networks)",
                "Huawei",
                "CN",
                "vendor-stack",
                2018,
                "partial",
                "out-of-tree-plugin",
                None,
            ),
            ("musa", "MUSA", "Moore Threads", "CN", "vendor-stack", None, "no", "fork", None),
            ("paddle", "PaddlePaddle", "Baidu", "CN", "framework", 2016, "yes", "not-applicable", 1e7),
            ("flaggems", "FlagGems (Triton kernels)", "BAAI", "CN", "kernel-library", 2024, "yes", "not-applicable", None),
        ],
        columns=[
            "stack_id",
            "stack",
            "vendor",
            "vendor_country",
            "layer",
            "first_release_year",
            "open_source",
            "pytorch_upstream",
            "developers_claimed",
        ],
    )
    frame["first_release_year"] = frame["first_release_year"].astype("Int64")
    frame["developers_claimed"] = frame["developers_claimed"].astype("Float64")
    frame["confidence"] = "official"
    frame["license"] = "some licence"
    frame["pytorch_route"] = "some route"
    frame["library_breadth"] = "some libraries"
    frame["repo_url"] = ["https://example.org/cuda", None, None, "https://example.org/paddle", None]
    frame["source"] = ["k-" + s for s in frame["stack_id"]]
    return ecosystem.with_labels(frame)


def ranked() -> pd.DataFrame:
    return ecosystem.ranked_index(stacks(), AS_OF, EQUAL)


def test_with_labels_drops_only_a_trailing_parenthesis():
    frame = pd.DataFrame({"stack": ["CANN (Compute Architecture)", "MUSA", "A (B) C"]})
    assert ecosystem.with_labels(frame)["label"].tolist() == ["CANN", "MUSA", "A (B) C"]
    assert "label" not in frame.columns


def test_side_by_side_names_columns_and_words():
    table = ecosystem.side_by_side(stacks())
    assert table.columns.tolist() == [
        "Stack",
        "Vendor (country)",
        "Layer",
        "First release (year)",
        "Open source",
        "PyTorch back-end",
        "Developers claimed (people)",
        "Confidence",
    ]
    cann = table.iloc[1]
    assert (cann["Stack"], cann["Vendor (country)"], cann["Layer"]) == ("CANN", "Huawei (CN)", "vendor stack")
    assert cann["PyTorch back-end"] == "vendor plugin (out of tree)"
    assert table.iloc[4]["Layer"] == "kernel library" and table.iloc[4]["PyTorch back-end"] == "not a back-end"
    assert pd.isna(table.iloc[2]["First release (year)"])


def test_contents_columns():
    assert ecosystem.contents(stacks()).columns.tolist() == [
        "Stack",
        "Licence",
        "How PyTorch runs on it",
        "Libraries and tools (as the source states them)",
        "Public repository",
    ]


def test_weights_table_lists_the_given_weights_normalised():
    table = ecosystem.weights_table({"age": 1, "openness": 3})
    assert table["Component"].tolist() == ["age", "openness"]
    assert table["Weight set"].tolist() == [1, 3]
    # 1 / (1 + 3) and 3 / (1 + 3)
    assert table["Weight used (normalised)"].tolist() == [0.25, 0.75]
    assert table["Scoring rule (0..1)"].iloc[0] == "years since first release / 15, capped at 1"


def test_ranked_index_sorts_and_adds_label_and_layer():
    index = ranked()
    assert index["stack_id"].tolist() == ["paddle", "cuda", "cann", "flaggems", "musa"]
    assert index["maturity_index"].tolist() == pytest.approx([0.888889, 0.791667, 0.408333, 0.377778, 0.075], abs=1e-6)
    assert index["label"].tolist()[:3] == ["PaddlePaddle", "CUDA", "CANN"]
    assert index["layer"].iloc[0] == "framework"


def test_score_table_columns():
    table = ecosystem.score_table(ranked())
    assert table.columns.tolist() == [
        "Stack",
        "Country",
        "Age (0-1)",
        "Openness (0-1)",
        "PyTorch (0-1)",
        "Developers (0-1)",
        "Signals (0-1)",
        "Maturity index (0-1)",
        "Missing inputs (scored 0)",
        "Not applicable",
    ]
    assert pd.isna(table["PyTorch (0-1)"].iloc[0])  # paddle: not applicable


def test_weighted_components_keeps_positive_points_in_words():
    long = ecosystem.weighted_components(ranked())
    # cuda 4 (signals 0), cann 3 (no developers), musa 1 (PyTorch only), paddle 3, flaggems 2 (no developers)
    assert len(long) == 13
    cuda = long[long["stack_id"] == "cuda"].set_index("component")["points"].to_dict()
    # 0.25 * 1, 0.25 * 0.5, 0.25 * 1, 0.25 * 2/3
    assert cuda == pytest.approx({"Age": 0.25, "Openness": 0.125, "PyTorch route": 0.25, "Developers": 1 / 6})
    assert long.loc[long["stack_id"] == "musa", "component"].tolist() == ["PyTorch route"]


def test_index_of_age_and_first_release_year():
    index = ranked()
    assert ecosystem.index_of(index, "cann") == pytest.approx(0.408333, abs=1e-6)
    assert ecosystem.index_of(index, "rocm") is None
    assert ecosystem.first_release_year(stacks(), "cuda") == 2007
    assert ecosystem.first_release_year(stacks(), "musa") is None  # year not found
    assert ecosystem.first_release_year(stacks(), "rocm") is None  # row not in the data
    assert ecosystem.stack_age(stacks(), "cuda", AS_OF) == 19  # 2026 - 2007
    assert ecosystem.stack_age(stacks(), "rocm", AS_OF) is None


def test_chinese_leaders():
    leaders = ecosystem.chinese_leaders(ranked())
    assert leaders["cn_best_stack"] == "PaddlePaddle"
    assert leaders["cn_best_index"] == pytest.approx(0.888889, abs=1e-6)
    assert leaders["cn_best_vendor_stack"] == "CANN"
    assert leaders["cn_best_vendor_index"] == pytest.approx(0.408333, abs=1e-6)
    # median of 0.888889, 0.408333, 0.377778, 0.075: (0.408333 + 0.377778) / 2
    assert leaders["cn_median_index"] == pytest.approx(0.393056, abs=1e-6)


def test_chinese_leaders_and_counts_without_chinese_stacks():
    only_cuda = stacks().iloc[:1]
    index = ecosystem.ranked_index(only_cuda, AS_OF, EQUAL)
    assert set(ecosystem.chinese_leaders(index).values()) == {None}
    counts = ecosystem.chinese_stack_counts(only_cuda, index)
    assert set(counts.values()) == {0}
    assert ecosystem.chinese_midlevel(only_cuda) == []


def test_chinese_stack_counts():
    counts = ecosystem.chinese_stack_counts(stacks(), ranked())
    # vendor stacks: cann (partial, plugin) and musa (closed, fork); musa alone lacks a year; flaggems is mid-level
    assert counts == {
        "n_cn_vendor": 2,
        "n_cn_vendor_closed": 1,
        "n_cn_vendor_partial": 1,
        "n_cn_routes": 2,
        "n_cn_plugin": 1,
        "n_cn_fork": 1,
        "n_cn_intree": 0,
        "n_cn_missing_age": 1,
        "n_cn": 4,
        "n_cn_midlevel": 1,
    }
    assert ecosystem.chinese_midlevel(stacks()) == ["FlagGems (Triton kernels)"]


def supply() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "estimate_id": ["idc-nv", "idc-hw", "idc-amd", "idc-nv-usd", "other-hw", "idc-intel"],
            "metric": ["units", "units", "units", "usd", "units", "units"],
            "vendor": ["Nvidia", "Huawei", "AMD", "Nvidia", "Huawei", "Intel"],
            "value": [2.2e6, 8.1e5, 1e5, 5e9, 9e5, 1e4],
            "estimator": "IDC",
            "source": "idc2026",
        }
    )


def test_installed_base_keeps_idc_units_of_vendors_with_a_stack():
    loop = ecosystem.installed_base(supply(), ranked(), stacks())
    # AMD's ROCm is not among the stacks, the usd row is not units, other-hw is not IDC's, Intel has no stack
    assert loop["vendor"].tolist() == ["Nvidia", "Huawei"]
    assert loop["stack_id"].tolist() == ["cuda", "cann"]
    assert loop["maturity_index"].tolist() == pytest.approx([0.791667, 0.408333], abs=1e-6)
    assert loop["developers_claimed"].iloc[0] == 1e6 and pd.isna(loop["developers_claimed"].iloc[1])


def test_cards_shipped_share_and_rank_correlation():
    loop = ecosystem.installed_base(supply(), ranked(), stacks())
    assert ecosystem.cards_shipped(loop, "Nvidia") == 2.2e6
    assert ecosystem.cards_shipped(loop, "Cambricon") is None
    assert ecosystem.shipment_share(loop, "Huawei", "Nvidia") == pytest.approx(8.1e5 / 2.2e6)  # 0.368182
    assert ecosystem.shipment_share(loop, "Cambricon", "Nvidia") is None
    assert ecosystem.shipment_share(loop, "Huawei", "Cambricon") is None
    assert ecosystem.rank_correlation(loop) is None  # two points only
    # ranks (1, 2, 3) against (1, 3, 2): deviations (-1, 0, 1) and (-1, 1, 0), covariance 1, variances 2 -> 0.5
    three = pd.DataFrame({"value": [10, 20, 30], "maturity_index": [0.1, 0.3, 0.2]})
    assert ecosystem.rank_correlation(three) == pytest.approx(0.5)


def signals() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "signal_id": ["s1", "s2", "s3"],
            "stack_id": ["cann", "cann", "unlisted"],
            "kind": ["missing-op", "upstreaming", "performance"],
            "date": pd.to_datetime(["2025-01-05", "2026-02-01", "2025-03-03"]),
        }
    )


def test_signals_by_stack_labels_orders_and_counts():
    sig = ecosystem.signals_by_stack(signals(), stacks())
    assert sig["stack"].tolist() == ["CANN", "CANN", "unlisted"]  # an unlisted stack keeps its id
    assert sig["kind_order"].tolist() == [0, 6, 1]
    assert sig["date_text"].tolist() == ["2025-01-05", "2026-02-01", "2025-03-03"]
    assert sig["one"].tolist() == [1, 1, 1]
    assert ecosystem.signal_counts(sig) == {"n_signals": 3, "n_problem": 2, "n_upstream": 1, "n_cann_signals": 2}


def test_events_table_keeps_one_category_by_date():
    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-08-05", "2025-07-26", "2025-01-01"]),
            "category": ["software", "software", "export-control"],
            "actor": ["Huawei", "Alliance", "BIS"],
            "title": ["CANN opens", "Alliance", "Rule"],
            "description": ["d1", "d2", "d3"],
            "source": ["a", "b", "c"],
        }
    )
    table = ecosystem.events_table(events, "software")
    assert table.columns.tolist() == ["Date", "Actor", "Event", "What happened", "Source keys"]
    assert table["Date"].tolist() == ["2025-07-26", "2025-08-05"]
    assert ecosystem.events_table(events, "market").empty
