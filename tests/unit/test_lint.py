"""`make lint`: ruff over the package, tests and benchmarks, and over the chapters' code cells through jupytext."""

from __future__ import annotations

import subprocess
import sys

from chinacompute import lint
from tests.conftest import ROOT


def _planted(tmp_path, after: str, code: str):
    """A copy of chapter 02 in a copy of the project (its pyproject.toml, so the project's ruff rules and per-file
    ignores apply), with `code` inserted as the first source line of the code cell after the line `after`;
    returns (project root, chapter path, line of `code`)."""
    lines = (ROOT / "chapters" / "02_supply_volume.md").read_text(encoding="utf-8").splitlines()
    at = lines.index(after)
    first = next(n for n in range(at + 1, len(lines)) if lines[n] and not lines[n].startswith((":", "```")))
    lines.insert(first, code)
    (tmp_path / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    (tmp_path / "chapters").mkdir()
    path = tmp_path / "chapters" / "02_supply_volume.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path, path, first + 1


def test_chapters_are_clean():
    done = subprocess.run([sys.executable, "-m", "chinacompute.lint"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all clean" in done.stdout


def test_a_finding_in_a_chapter_is_reported_at_the_chapters_own_line(tmp_path):
    root, path, line = _planted(tmp_path, "```{code-cell}", "import os")  # the parameters cell, after its :tags: line
    assert lint.lint_chapter(path, root) == [f"chapters/02_supply_volume.md:{line}:8: F401 `os` imported but unused"]
    assert path.read_text(encoding="utf-8").splitlines()[line - 1] == "import os"
    done = subprocess.run([sys.executable, "-m", "chinacompute.lint", str(path)], cwd=root, capture_output=True, text=True)
    assert done.returncode == 1 and f"02_supply_volume.md:{line}:8: F401" in done.stdout, done.stdout + done.stderr


def test_an_undefined_name_in_a_later_cell_is_caught(tmp_path):
    root, path, line = _planted(tmp_path, 'carry the confidence "rumor".', "print(undefined_in_this_chapter)")
    assert lint.lint_chapter(path, root) == [
        f"chapters/02_supply_volume.md:{line}:7: F821 Undefined name `undefined_in_this_chapter`"
    ]


def test_the_project_rules_apply_to_chapters(tmp_path):
    # E402 (an import after code) is allowed in chapters by pyproject's per-file ignores: an article imports late.
    root, path, _ = _planted(tmp_path, 'carry the confidence "rumor".', "import math; print(math.pi)")
    assert [f for f in lint.lint_chapter(path, root) if "E402" in f] == []


def test_python_sources_pass_ruff_check_and_format():
    for command in (["check", "."], ["format", "--check", "."]):
        done = subprocess.run([sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_is_pinned_and_every_ignored_rule_has_a_reason():
    pins = (ROOT / "requirements.txt").read_text().splitlines()
    assert any(line.startswith("ruff==") for line in pins)
    pyproject = (ROOT / "pyproject.toml").read_text()
    block = pyproject.split("[tool.ruff.lint]", 1)[1].split("\n[", 1)[0]
    ignores = block.split("ignore = [", 1)[1].split("]", 1)[0]
    for line in (line.strip() for line in ignores.splitlines() if line.strip().startswith('"')):
        assert "#" in line and len(line.split("#", 1)[1].strip()) > 10, f"ignored rule without a reason: {line}"
