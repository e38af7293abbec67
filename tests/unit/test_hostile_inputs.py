"""Hostile or careless input is refused with exit 2 and one line naming it; no file outside the output is touched.

Each case is a reproduction from the adversarial probe (issue 18) turned into an assertion. Decoy folders live under
tmp_path; nothing here builds the book (every refusal happens before a build starts).
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from chinacompute import outputs, params
from chinacompute.csvsafe import safe_cell, spreadsheet_safe
from tests.conftest import ROOT, run_cli


def scenario(tmp_path, text, name="s.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(done, *words):
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


@pytest.mark.parametrize("name", ["../../../x", "/tmp/abs", "..", "", "12", "Has Space"])
def test_scenario_name_is_never_a_path(tmp_path, name):
    decoy = tmp_path / "decoy"
    decoy.mkdir()
    (decoy / "keep.txt").write_text("mine")
    path = scenario(tmp_path, f"name: {name!r}\nchapters: {{}}\n" if name != "12" else "name: 12\n")
    for command in (["book", "--scenario", str(path)], ["pdf", "--scenario", str(path)]):
        refused(run_cli(*command), "name")
    assert (decoy / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("out", ["chapters", "data", "_build/html", ".", "/", "src/chinacompute", "scenarios"])
def test_chapter_out_never_writes_into_sources_or_the_published_book(out):
    before = sorted(p.name for p in (ROOT / "chapters").iterdir())
    refused(run_cli("chapter", "05_policy_timeline", "--out", out), "--out")
    assert sorted(p.name for p in (ROOT / "chapters").iterdir()) == before


def test_out_refuses_a_stranger_folder_and_a_file(tmp_path):
    stranger = tmp_path / "mine"
    stranger.mkdir()
    (stranger / "html").mkdir()
    (stranger / "html" / "notes.txt").write_text("keep")
    refused(run_cli("chapter", "05_policy_timeline", "--out", str(stranger)), "not made by this tool")
    assert (stranger / "html" / "notes.txt").read_text() == "keep"
    a_file = tmp_path / "a.txt"
    a_file.write_text("x")
    refused(run_cli("chapter", "05_policy_timeline", "--out", str(a_file)), "is a file")


def test_output_folder_policy_claims_new_and_own_folders(tmp_path):
    made = outputs.output_folder(ROOT, tmp_path / "new")
    assert (made / outputs.STAMP).is_file()
    (made / "page.html").write_text("x")
    assert outputs.output_folder(ROOT, made) == made  # stamped: the tool's own, may be replaced
    assert outputs.output_folder(ROOT, ROOT / "_build" / "runs" / "x") == (ROOT / "_build" / "runs" / "x").resolve()


def test_export_never_overwrites_without_force_and_never_into_data(tmp_path):
    refused(run_cli("export", "accelerators", "-o", "data/accelerators.csv", "--as-of", "2020-01-01"), "data/")
    assert len(pd.read_csv(ROOT / "data" / "accelerators.csv")) > 1
    target = tmp_path / "out.csv"
    target.write_text("precious")
    refused(run_cli("export", "accelerators", "-o", str(target)), "--force")
    assert target.read_text() == "precious"
    assert run_cli("export", "accelerators", "-o", str(target), "--force").returncode == 0
    refused(run_cli("export", "accelerators", "-o", str(tmp_path / "missing" / "x.csv")), "does not exist")


@pytest.mark.parametrize(
    "cell,expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+1", "'+1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("\tx", "'\tx"),
        ("-5", "-5"),
        ("+1.5e3", "+1.5e3"),
        ("plain", "plain"),
        (7, 7),
    ],
)
def test_spreadsheet_safe_cells(cell, expected):
    assert safe_cell(cell) == expected


def test_export_and_download_links_neutralise_formulas(tmp_path):
    frame = spreadsheet_safe(pd.DataFrame({"notes": ["=1+1", "ok"], "value": [-1.0, 2.0]}))
    assert frame["notes"].tolist() == ["'=1+1", "ok"] and frame["value"].tolist() == [-1.0, 2.0]
    from chinacompute.charts.figure import SourceLine

    line = SourceLine([], pd.DataFrame({"notes": ["=HYPERLINK(1)"]}), "x")
    import base64

    href = line.mimebundle()["text/html"].split('href="')[1].split('"')[0]
    csv = base64.b64decode(href.split(",", 1)[1]).decode()
    assert pd.read_csv(io.StringIO(csv))["notes"].tolist() == ["'=HYPERLINK(1)"]


def test_yaml_alias_bomb_is_refused_at_once(tmp_path):
    lines = ["global:", "  a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1 if i > 1 else ''}"] * 10) + "]")
    path = scenario(tmp_path, "\n".join(lines).replace("*a0", "*a") + "\n")
    with pytest.raises(params.ParameterError, match="aliases"):
        params.load_scenario(path)
    refused(run_cli("book", "--scenario", str(path)), "aliases")


def test_huge_scenario_file_is_refused(tmp_path):
    path = scenario(tmp_path, "# " + "x" * 70_000 + "\nname: big\n")
    with pytest.raises(params.ParameterError, match="larger than"):
        params.load_scenario(path)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e309", "9" * 400])
def test_numbers_that_are_not_finite_or_huge_exit_2_naming_the_parameter(value):
    refused(run_cli("chapter", "07_outlook", "--set", f"horizon={value}"), "horizon")


def test_huge_value_is_not_formatted_whole():
    spec = params.ParamSpec("x", "str", "a", "m", "text")
    with pytest.raises(params.ParameterError) as caught:
        params.coerce(spec, "y" * 100_000)
    assert len(str(caught.value)) < 300


def test_duplicates_and_stray_names_are_refused(tmp_path):
    refused(run_cli("chapter", "07_outlook", "--set", "horizon=2028", "--set", "horizon=2029"), "twice")
    refused(run_cli("chapter", "07_outlook", "--as-of", "2025-01-01", "--set", "as_of=2026-01-01"), "--as-of")
    stray_chapter = scenario(tmp_path, "name: s\nchapters:\n  99_nothing:\n    x: 1\n")
    refused(run_cli("chapter", "07_outlook", "--scenario", str(stray_chapter)), "99_nothing")
    stray_global = scenario(tmp_path, "name: s\nglobal:\n  as_off: '2025-01-01'\n", "g.yaml")
    refused(run_cli("chapter", "07_outlook", "--scenario", str(stray_global)), "as_off")


def test_clean_runs_prunes_only_old_runs(tmp_path):
    import os
    import shutil
    import time

    book = tmp_path / "book"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minibook", book, ignore=shutil.ignore_patterns("_build"))
    old, new = book / "_build" / "runs" / "a-1", book / "_build" / "runs" / "b-2"
    for folder in (old, new):
        folder.mkdir(parents=True)
        (folder / "page.html").write_text("x" * 1000)
    ancient = time.time() - 30 * 86400
    os.utime(old / "page.html", (ancient, ancient))
    done = run_cli("clean-runs", "--older-than", "7", cwd=book)
    assert done.returncode == 0, done.stderr
    assert not old.exists() and new.exists()
    assert "removed 1 rerun folder(s)" in done.stdout


def test_the_bibliography_is_staged_from_the_data_folder_the_build_uses(tmp_path):
    from chinacompute.pipeline.book import stage_sources
    from chinacompute.pipeline.toc import toc_files

    other = tmp_path / "other-data"
    other.mkdir()
    (other / "references.bib").write_text("@misc{only_in_other, title = {Other}, year = {2026}}\n", encoding="utf-8")
    exec_dir = tmp_path / "exec"
    stage_sources(ROOT, exec_dir, toc_files(ROOT), other)
    assert (exec_dir / "data" / "references.bib").read_text(encoding="utf-8") == (other / "references.bib").read_text(
        encoding="utf-8"
    )
    stage_sources(ROOT, exec_dir, toc_files(ROOT))  # without --data: the project's own
    assert (exec_dir / "data" / "references.bib").read_bytes() == (ROOT / "data" / "references.bib").read_bytes()


@pytest.mark.parametrize("command", [["validate"], ["export", "accelerators"], ["params"], ["book"]])
def test_commands_outside_the_book_say_so_in_one_line(tmp_path, command):
    done = run_cli(*command, cwd=tmp_path, timeout=120)
    assert done.returncode in (1, 2), done.stderr
    assert "Traceback" not in done.stderr and "no _toc.yml found" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_oversized_outputs_names_each_cell_over_the_limit():
    from chinacompute.pipeline.execute import oversized_outputs

    small = {"output_type": "stream", "name": "stdout", "text": "ok\n"}
    big = {"output_type": "stream", "name": "stdout", "text": "x" * 5_000}
    notebook = {"cells": [{"cell_type": "markdown", "source": "x" * 9_000},
                          {"cell_type": "code", "outputs": [small]},
                          {"cell_type": "code", "outputs": [big, big]}]}  # fmt: skip
    found = oversized_outputs(notebook, 4_000)
    assert [index for index, _ in found] == [2]  # the markdown cell and the small output are not counted
    assert found[0][1] > 10_000
    assert oversized_outputs(notebook, 20_000) == []
