"""The package's layering, checked on the source: models are pure (no charts, no pipeline, no I/O modules), charts
never reach into the pipeline, and chapters call the models and charts but never the build pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from chinacompute.notebooks import read_notebook
from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "chinacompute"

#: Imports each layer may not make, as module prefixes (relative imports are resolved first).
FORBIDDEN = {
    "models": (
        "chinacompute.charts",
        "chinacompute.pipeline",
        "chinacompute.cli",
        "altair",
        "papermill",
        "subprocess",
        "urllib",
        "requests",
    ),
    "charts": ("chinacompute.pipeline", "chinacompute.cli", "papermill"),
}
CHAPTER_FORBIDDEN = ("chinacompute.pipeline", "chinacompute.cli", "papermill", "subprocess")


def imported_modules(source: str, module: str) -> set[str]:
    """Absolute names of every module `source` (the text of module `module`) imports."""
    names = set()
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names.add(prefix)
            names.update(f"{prefix}.{alias.name}" for alias in node.names)
    return names


def violations(names: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names for f in forbidden if n == f or n.startswith(f + "."))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) + (".__init__" if parts[-1] == "__init__" else "")


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer):
    found = {}
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        bad = violations(imported_modules(path.read_text(encoding="utf-8"), module_name(path)), FORBIDDEN[layer])
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    assert found == {}


@pytest.mark.parametrize("chapter", sorted(ROOT.glob("chapters/*.md")), ids=lambda p: p.name)
def test_chapters_do_not_import_the_pipeline(chapter):
    code = "\n".join(c.source for c in read_notebook(chapter).cells if c.cell_type == "code")
    assert violations(imported_modules(code, "chapter.main"), CHAPTER_FORBIDDEN) == []


def test_the_rules_catch_a_bad_import():
    """A model that imports the charts, relatively or absolutely, is caught."""
    relative = imported_modules("from ..charts import theme\n", "chinacompute.models.supply")
    assert violations(relative, FORBIDDEN["models"]) == ["chinacompute.charts", "chinacompute.charts.theme"]
    absolute = imported_modules("import chinacompute.pipeline.book as b\n", "chinacompute.models.supply")
    assert violations(absolute, FORBIDDEN["models"]) == ["chinacompute.pipeline.book"]
    fine = imported_modules("from . import is_missing\nimport math\n", "chinacompute.models.supply")
    assert violations(fine, FORBIDDEN["models"]) == []
