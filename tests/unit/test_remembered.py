"""remembered_json keeps a computed JSON value in the user's cache folder, keyed by every part it depends on."""

from __future__ import annotations

from chinacompute.remembered import digest, remembered_json


def test_the_value_is_computed_once_per_set_of_parts(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def compute(label):
        def run():
            calls.append(label)
            return {"label": label, "items": [1, 2.5, None]}

        return run

    assert remembered_json("kind", ["code", "text"], compute("a")) == {"label": "a", "items": [1, 2.5, None]}
    assert remembered_json("kind", ["code", "text"], compute("b")) == {"label": "a", "items": [1, 2.5, None]}
    assert remembered_json("kind", ["code", "other text"], compute("c"))["label"] == "c"
    assert remembered_json("other-kind", ["code", "text"], compute("d"))["label"] == "d"
    assert calls == ["a", "c", "d"]


def test_parts_are_not_just_concatenated():
    assert digest(["ab", "c"]) != digest(["a", "bc"])
    assert digest([b"x", "y"]) == digest(["x", b"y"])


def test_a_damaged_or_unwritable_cache_costs_only_the_computation(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    remembered_json("kind", ["p"], lambda: 1)
    [stored] = (tmp_path / "chinacompute" / "kind").glob("*.json")
    stored.write_text("{not json", encoding="utf-8")
    assert remembered_json("kind", ["p"], lambda: 2) == 2
    assert remembered_json("kind", ["p"], lambda: 3) == 2  # the damaged copy was replaced

    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert remembered_json("kind", ["p"], lambda: 4) == 4


def test_only_the_newest_values_are_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for index in range(5):
        remembered_json("kind", [str(index)], lambda index=index: index, keep=3)
    assert len(list((tmp_path / "chinacompute" / "kind").glob("*.json"))) == 3
