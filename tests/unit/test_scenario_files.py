"""The scenario files agree with the chapters and the projection drivers."""

from __future__ import annotations

from chinacompute import data, params
from chinacompute.models import compute_supply
from tests.conftest import ROOT

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def test_scenarios_match_the_outlook_chapter():
    """base.yaml holds the 07_outlook defaults, and every scenario value is a parameter the named chapter declares."""
    outlook_specs = params.specs_for(ROOT / "chapters" / "07_outlook.md")
    base = params.load_scenario(ROOT / "scenarios" / "base.yaml")
    for name, value in base["chapters"]["07_outlook"].items():
        assert outlook_specs[name].default == value, f"base.yaml {name}={value!r} != chapter default"
    assert set(outlook_specs["scenario"].choices) == {p.stem for p in SCENARIOS}
    for path in SCENARIOS:
        scenario = params.load_scenario(path)
        for chapter, values in scenario["chapters"].items():
            params.resolve(params.specs_for(ROOT / "chapters" / f"{chapter}.md"), values, chapter)


def test_every_scenario_has_a_driver_set_and_a_title():
    """A scenario's name is its driver set in projection_drivers.csv (base gives every driver), and its title is
    what legends show."""
    sets = set(compute_supply.driver_sets(data.table("projection_drivers")))
    for path in SCENARIOS:
        scenario = params.load_scenario(path)
        assert scenario["name"] == path.stem and scenario["name"] in sets
        assert scenario["title"] and "_" not in scenario["title"]
    assert compute_supply.drivers_from_table(data.table("projection_drivers"), "base") is not None
