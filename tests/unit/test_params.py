"""Parameters are declared once in the notebook's parameters cell and every kind of bad value is refused."""

from __future__ import annotations

import pytest

from chinacompute.params import ParameterError, chapter_overrides, load_scenario, parse_assignments, parse_specs, resolve

CELL = """
as_of = "2026-11-28"  # date: the book as known on this date
die_yield = 0.75  # range 0.05..1.0: share of good dies
dies_per_package = 2  # range 1..4: compute dies per packaged chip
rule = "2023-10"  # choices 2022-10|2023-10|2025-04|2026-01: US rule applied
vendors = ["Huawei", "Nvidia"]  # subset Huawei|Nvidia|AMD: vendors shown
show_notes = False  # flag: print row notes
"""


@pytest.fixture
def specs():
    return parse_specs(CELL)


def test_specs_read_from_cell(specs):
    assert list(specs) == ["as_of", "die_yield", "dies_per_package", "rule", "vendors", "show_notes"]
    assert (specs["die_yield"].low, specs["die_yield"].high, specs["die_yield"].type) == (0.05, 1.0, "float")
    assert specs["dies_per_package"].type == "int"
    assert specs["rule"].choices == ("2022-10", "2023-10", "2025-04", "2026-01")
    assert specs["vendors"].meaning == "vendors shown"


def test_good_values_are_typed(specs):
    got = resolve(
        specs, {"die_yield": "0.5", "dies_per_package": "3", "vendors": "Huawei,AMD", "as_of": "2024-06-30", "show_notes": "true"}
    )
    assert got == {
        "die_yield": 0.5,
        "dies_per_package": 3,
        "vendors": ["Huawei", "AMD"],
        "as_of": "2024-06-30",
        "show_notes": True,
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"die_yeild": "0.5"}, "has no parameter 'die_yeild'. Did you mean 'die_yield'?"),
        ({"die_yield": "high"}, "parameter die_yield: 'high' is not a number; expected a number from 0.05 to 1"),
        ({"die_yield": "1.5"}, "parameter die_yield: '1.5' is out of range; expected a number from 0.05 to 1"),
        ({"dies_per_package": "2.5"}, "parameter dies_per_package: '2.5' is not a whole number"),
        ({"as_of": "2024-02-30"}, "parameter as_of: '2024-02-30' is not a date; expected a date YYYY-MM-DD"),
        ({"as_of": "June 2025"}, "parameter as_of: 'June 2025' is not a date"),
        ({"rule": "2024-01"}, "parameter rule: '2024-01' is not allowed; expected one of: 2022-10, 2023-10, 2025-04, 2026-01"),
        (
            {"vendors": "Huawei,Intel"},
            "parameter vendors: Intel not allowed; expected a comma-separated subset of: Huawei, Nvidia, AMD",
        ),
        ({"show_notes": "maybe"}, "parameter show_notes: 'maybe' is not allowed; expected true or false"),
    ],
)
def test_bad_values_are_refused(specs, overrides, message):
    with pytest.raises(ParameterError) as caught:
        resolve(specs, overrides, "02_supply_volume")
    assert message in str(caught.value)


def test_malformed_assignment():
    with pytest.raises(ParameterError, match="write it as NAME=VALUE"):
        parse_assignments(["die_yield"])


def test_undocumented_parameter_is_a_declaration_error():
    with pytest.raises(ParameterError, match="x needs a comment"):
        parse_specs("x = 1\n")


def test_scenario_files(tmp_path, specs):
    good = tmp_path / "hbm.yaml"
    good.write_text(
        "name: hbm-squeeze\nglobal:\n  as_of: '2025-06-30'\n  horizon: 2028\nchapters:\n  02_supply_volume:\n    die_yield: 0.6\n"
    )
    scenario = load_scenario(good)
    assert chapter_overrides(scenario, "02_supply_volume", specs) == {"as_of": "2025-06-30", "die_yield": 0.6}
    assert chapter_overrides(scenario, "03_hardware_gap", specs) == {"as_of": "2025-06-30"}
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nglobal: [1, 2\n")
    with pytest.raises(ParameterError, match=r"broken.yaml:\d+: not valid YAML"):
        load_scenario(broken)
    odd = tmp_path / "odd.yaml"
    odd.write_text("name: x\nglobals: {}\n")
    with pytest.raises(ParameterError, match="unknown key"):
        load_scenario(odd)


@pytest.mark.parametrize(
    "chapter",
    sorted(p for p in __import__("pathlib").Path(__file__).resolve().parents[2].joinpath("chapters").glob("*.md")),
    ids=lambda p: p.stem,
)
def test_papermill_reads_the_same_parameters_as_the_book(chapter, caplog):
    """papermill inspects the parameters cell itself when it injects values, and skips a line holding two `=` (a
    comment such as "open source = 1"): a rerun of chapter 04 printed "Unable to parse line" and "Passed unknown
    parameter" for parameters it then set correctly. Every chapter's cell must read the same to both."""
    import logging

    from papermill.translators import PythonTranslator

    from chinacompute.notebooks import cell_tags, is_text_notebook, read_notebook
    from chinacompute.params import specs_for

    if not is_text_notebook(chapter):
        pytest.skip(f"{chapter.name} is a plain page, not a chapter notebook")
    [cell] = [c for c in read_notebook(chapter).cells if c.cell_type == "code" and "parameters" in cell_tags(c)]
    with caplog.at_level(logging.WARNING, logger="papermill"):
        names = [p.name for p in PythonTranslator.inspect(cell)]
    assert names == list(specs_for(chapter))
    assert not [r for r in caplog.records if r.name.startswith("papermill")], caplog.text
