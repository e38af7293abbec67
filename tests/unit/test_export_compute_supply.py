"""`export compute_supply` / `export domestic_share`: the central series as CSV, seeded, as-of aware, refusing bad
options with exit 2 and the option's name."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.conftest import ROOT, run_cli


def export(*args):
    done = run_cli("export", *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_compute_supply_columns_and_seeded_identity():
    first = export("compute_supply", "--draws", "2000", "--seed", "11")
    assert first == export("compute_supply", "--draws", "2000", "--seed", "11")  # byte-identical
    assert first != export("compute_supply", "--draws", "2000", "--seed", "12")
    frame = pd.read_csv(io.StringIO(first))
    assert list(frame.columns) == ["year", "source", "side", "period", "measure", "p10", "p50", "p90"]
    assert set(frame["side"]) <= {"domestic", "imported", "grey"}
    assert set(frame["period"]) == {"history", "projection"}
    assert set(frame["measure"]) == {"units", "h100e_bf16", "h100e_bandwidth"}
    assert ((frame["p10"] <= frame["p50"]) & (frame["p50"] <= frame["p90"])).all()
    assert frame["year"].between(2022, 2030).all()


def test_domestic_share_per_year_and_measure():
    frame = pd.read_csv(io.StringIO(export("domestic_share", "--draws", "2000")))
    assert list(frame.columns) == ["year", "period", "measure", "p10", "p50", "p90"]
    assert frame["p10"].between(0, 1).all() and frame["p90"].between(0, 1).all()
    history = frame[(frame["period"] == "history") & (frame["measure"] == "h100e_bf16")]
    assert not history.empty


def test_as_of_changes_the_history():
    late = pd.read_csv(io.StringIO(export("compute_supply", "--draws", "500")))
    early = pd.read_csv(io.StringIO(export("compute_supply", "--draws", "500", "--as-of", "2024-06-30")))
    history = lambda f: f[f["period"] == "history"][["year", "source", "measure", "p50"]].reset_index(drop=True)  # noqa: E731
    assert not history(early).equals(history(late))


def test_a_scenario_selects_its_driver_set():
    base = pd.read_csv(io.StringIO(export("domestic_share", "--draws", "2000")))
    hold = pd.read_csv(
        io.StringIO(export("domestic_share", "--draws", "2000", "--scenario", str(ROOT / "scenarios" / "controls_hold.yaml")))
    )
    pick = lambda f: f[(f["period"] == "projection") & (f["measure"] == "h100e_bf16")]["p50"].to_numpy()  # noqa: E731
    assert (pick(hold) > pick(base)).all()  # no H200 exports: a larger domestic share every projection year


@pytest.mark.parametrize("option,value", [("--draws", "0"), ("--draws", "many"), ("--seed", "-1")])
def test_bad_options_exit_2_naming_the_option(option, value):
    done = run_cli("export", "compute_supply", option, value)
    assert done.returncode == 2
    assert option in done.stderr
