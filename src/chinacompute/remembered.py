"""Results that are costly to compute and depend only on some texts, kept in the user's cache folder.

    value = remembered_json("bib", [code, name, text], lambda: parse(text))

The value is stored as plain JSON (nothing in the cache runs as code) under a digest of the texts, which include
the computing module's own code, so an edit to either gives a fresh computation. A missing, damaged or unwritable
cache only costs the computation. Only the newest few values of each kind are kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any

from .files import write_atomic
from .paths import user_cache_dir

#: Values kept per kind (the newest by modification time).
KEEP = 8


def digest(parts: Iterable[bytes | str]) -> str:
    """A digest of the parts that two different sequences of parts do not share."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()[:32]


def remembered_json(kind: str, parts: Iterable[bytes | str], compute: Callable[[], Any], keep: int = KEEP) -> Any:
    """`compute()` (a JSON value), read from the user's cache folder when it holds the value for these parts."""
    folder = user_cache_dir() / kind
    stored = folder / f"{digest(parts)}.json"
    try:
        return json.loads(stored.read_text(encoding="utf-8"))["value"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    value = compute()
    try:
        write_atomic(stored, json.dumps({"value": value}, ensure_ascii=False))
        for old in sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
    return value
