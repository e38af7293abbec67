"""The validated data package as one zip (every file of `data/`: the CSV tables, `datapackage.json`, the schema
and `references.bib`), staged beside the executed pages so the book links it (sphinx_ext.downloads).

The zip is reproducible: members in name order, each with the same fixed timestamp, so the same data give the same
bytes and an unchanged data package never makes Sphinx rewrite a page.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..files import write_if_changed

STAGED = "_downloads"  # = sphinx_ext.downloads.STAGED_DOWNLOADS
NAME = "chinacompute-data.zip"
FOLDER = "data"  # the members' folder inside the zip
_TIMESTAMP = (2020, 1, 1, 0, 0, 0)


def data_files(data_dir: Path) -> list[Path]:
    """Every file of the package, in name order (editor and cache files left out)."""
    return sorted(
        p for p in Path(data_dir).rglob("*") if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith((".", "~"))
    )


def zip_bytes(data_dir: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in data_files(data_dir):
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(data_dir).as_posix()}", date_time=_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def stage_zip(data_dir: Path, exec_dir: Path) -> Path:
    """Write the zip into the staging folder (only when its bytes change); return its path."""
    target = Path(exec_dir) / STAGED / NAME
    write_if_changed(target, zip_bytes(Path(data_dir)))
    return target
