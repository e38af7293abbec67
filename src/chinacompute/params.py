"""Chapter parameters: read from each notebook's `parameters` cell (the one declaration) and validated.

A parameters cell is plain Python, one assignment per line, each followed by a comment that says what is allowed
and what the parameter means::

    as_of = "2026-11-28"      # date: the book as known on this date
    die_yield = 0.75          # range 0.05..1.0: share of good 910B compute dies
    rule = "2023-10"          # choices 2022-10|2023-10|2025-04|2026-01: the US rule to classify chips under
    vendors = ["Huawei"]      # subset Huawei|Nvidia|AMD: vendors shown
    scenario = "base"         # text: name of the scenario, printed on the page

The kind before the colon is one of: `date`, `range LO..HI`, `choices A|B`, `subset A|B`, `text`.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import io
import math
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PARAMETERS_TAG = "parameters"


class ParameterError(ValueError):
    """A parameter or scenario the reader gave is not acceptable; the message says what is allowed."""


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a chapter."""

    name: str
    type: str  # float, int, str, bool, date, list
    default: object
    meaning: str
    kind: str  # date, range, choices, subset, text, flag
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = field(default_factory=tuple)

    def allowed(self) -> str:
        """What values are allowed, in words."""
        if self.kind == "range":
            return f"a number from {self.low:g} to {self.high:g}"
        if self.kind == "choices":
            return "one of: " + ", ".join(self.choices)
        if self.kind == "subset":
            return "a comma-separated subset of: " + ", ".join(self.choices)
        if self.kind == "date":
            return "a date YYYY-MM-DD"
        if self.kind == "flag":
            return "true or false"
        return "any text"


_KIND = re.compile(r"^\s*(?P<kind>date|text|range|choices|subset|flag)\b\s*(?P<arg>[^:]*?)\s*:\s*(?P<meaning>.+)$")


def parameters_cell(notebook: dict) -> str:
    """The source of the cell tagged `parameters` (error if there is none or more than one)."""
    cells = [c for c in notebook.get("cells", []) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ParameterError(f"expected exactly one cell tagged '{PARAMETERS_TAG}', found {len(cells)}")
    source = cells[0]["source"]
    return "".join(source) if isinstance(source, list) else source


def parse_specs(source: str, where: str = "parameters cell") -> dict[str, ParamSpec]:
    """Parse a parameters cell into specs, keyed by name, in declaration order."""
    comments = {
        tok.start[0]: tok.string.lstrip("#").strip()
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type == tokenize.COMMENT
    }
    specs: dict[str, ParamSpec] = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            raise ParameterError(
                f"{where}, line {node.lineno}: only simple assignments 'name = value  # kind: meaning' are allowed"
            )
        name = node.targets[0].id
        default = ast.literal_eval(node.value)
        comment = comments.get(node.lineno, "")
        match = _KIND.match(comment)
        if not match:
            raise ParameterError(
                f"{where}, line {node.lineno}: {name} needs a comment '# <date|text|flag|range LO..HI|choices A|B|subset A|B>: meaning'"
            )
        specs[name] = _spec(name, default, match["kind"], match["arg"], match["meaning"].strip(), f"{where}, line {node.lineno}")
    return specs


def _spec(name: str, default: object, kind: str, arg: str, meaning: str, where: str) -> ParamSpec:
    if kind == "range":
        bounds = re.fullmatch(r"(-?[\d.]+)\.\.(-?[\d.]+)", arg)
        if not bounds:
            raise ParameterError(f"{where}: {name}: write the range as 'range LO..HI'")
        kind_type = "int" if isinstance(default, int) and not isinstance(default, bool) else "float"
        return ParamSpec(name, kind_type, default, meaning, kind, float(bounds[1]), float(bounds[2]))
    if kind in ("choices", "subset"):
        choices = tuple(c.strip() for c in arg.split("|") if c.strip())
        return ParamSpec(name, "list" if kind == "subset" else "str", default, meaning, kind, choices=choices)
    return ParamSpec(name, {"date": "date", "text": "str", "flag": "bool"}[kind], default, meaning, kind)


def specs_for(notebook_path: Path) -> dict[str, ParamSpec]:
    """The parameter specs declared by one chapter notebook."""
    from .notebooks import read_notebook

    notebook = read_notebook(Path(notebook_path))
    try:
        return parse_specs(parameters_cell(notebook), where=f"{Path(notebook_path).name} parameters cell")
    except ParameterError as exc:
        raise ParameterError(f"{Path(notebook_path).name}: {exc}") from None


#: The longest parameter value accepted, in characters (a list counts its items' text).
MAX_VALUE_CHARS = 1000


def shown(value: object, limit: int = 60) -> str:
    """A value for an error message: its repr, cut to `limit` characters (never the whole of a huge value)."""
    import reprlib

    short = reprlib.Repr()
    short.maxstring = short.maxother = limit
    short.maxlist = short.maxdict = 6
    short.maxlevel = 2
    text = short.repr(value)
    return text if len(text) <= limit + 10 else text[:limit] + "..."


def _check_shape(spec: ParamSpec, value: object) -> None:
    """Refuse a value of the wrong kind or size before anything formats or converts it."""
    allowed = (str, int, float, bool, dt.date) + ((list,) if spec.type == "list" else ())
    if not isinstance(value, allowed):
        raise ParameterError(f"parameter {spec.name}: a {type(value).__name__} is not allowed; expected {spec.allowed()}")
    items = value if isinstance(value, list) else [value]
    if len(items) > 100 or any(not isinstance(i, (str, int, float, bool, dt.date)) for i in items):
        raise ParameterError(f"parameter {spec.name}: expected {spec.allowed()}, got a nested or very long list")
    if sum(len(str(i)) if not isinstance(i, int) or abs(i) < 10**50 else 51 for i in items) > MAX_VALUE_CHARS:
        raise ParameterError(f"parameter {spec.name}: value longer than {MAX_VALUE_CHARS} characters; expected {spec.allowed()}")


def coerce(spec: ParamSpec, value: object) -> object:
    """Convert a value (text from the command line, or YAML) to the spec's type and check it; ParameterError if not."""
    _check_shape(spec, value)
    bad = f"parameter {spec.name}: {shown(value)} is not allowed; expected {spec.allowed()}"
    if spec.type in ("float", "int"):
        if isinstance(value, bool):
            raise ParameterError(bad)
        if isinstance(value, int) and abs(value) > 10**15:
            raise ParameterError(f"parameter {spec.name}: {shown(value)} is out of range; expected {spec.allowed()}")
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise ParameterError(f"parameter {spec.name}: {shown(value)} is not a number; expected {spec.allowed()}") from None
        if not math.isfinite(number):
            raise ParameterError(f"parameter {spec.name}: {shown(value)} is not a finite number; expected {spec.allowed()}")
        if spec.type == "int":
            if number != int(number):
                raise ParameterError(f"parameter {spec.name}: {shown(value)} is not a whole number; expected {spec.allowed()}")
            number = int(number)
        if not (spec.low <= number <= spec.high):
            raise ParameterError(f"parameter {spec.name}: {shown(value)} is out of range; expected {spec.allowed()}")
        return number
    if spec.type == "date":
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        try:
            dt.date.fromisoformat(text)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
        except ValueError:
            raise ParameterError(f"parameter {spec.name}: {shown(value)} is not a date; expected {spec.allowed()}") from None
        return text
    if spec.type == "bool":
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "yes", "1"):
            return True
        if str(value).lower() in ("false", "no", "0"):
            return False
        raise ParameterError(bad)
    if spec.type == "list":
        items = value if isinstance(value, list) else [v.strip() for v in str(value).split(",") if v.strip()]
        unknown = [i for i in items if i not in spec.choices]
        if unknown or not items:
            raise ParameterError(
                f"parameter {spec.name}: {', '.join(map(str, unknown))[:80] if unknown else 'nothing'} not allowed; expected {spec.allowed()}"
            )
        return list(items)
    text = str(value)
    if spec.kind == "choices" and text not in spec.choices:
        raise ParameterError(f"parameter {spec.name}: {shown(text)} is not allowed; expected {spec.allowed()}")
    return text


def resolve(specs: dict[str, ParamSpec], overrides: dict[str, object], chapter: str = "chapter") -> dict[str, object]:
    """Validate overrides against the specs; return only the overridden names with typed values."""
    resolved = {}
    for name, value in overrides.items():
        if name not in specs:
            close = difflib.get_close_matches(name, list(specs), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ParameterError(f"{chapter} has no parameter {name!r}.{hint} Its parameters: {', '.join(specs)}")
        resolved[name] = coerce(specs[name], value)
    return resolved


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """`NAME=VALUE` strings from the command line into a dict (ParameterError on a malformed one)."""
    result = {}
    for pair in pairs:
        if "=" not in pair or not pair.split("=", 1)[0].strip():
            raise ParameterError(f"--set {pair!r}: write it as NAME=VALUE, e.g. --set die_yield=0.5")
        name, value = pair.split("=", 1)
        if name.strip() in result:
            raise ParameterError(f"--set {name.strip()} is given twice; give each parameter once")
        result[name.strip()] = value.strip()
    return result


MAX_SCENARIO_BYTES = 64_000
SCENARIO_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
MAX_SCENARIO_ALIASES = 20


class _BoundedLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses more than a few aliases, so an alias bomb ("billion laughs") is refused at
    once instead of expanding into gigabytes."""

    def __init__(self, stream):
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_SCENARIO_ALIASES:
                raise ParameterError(f"more than {MAX_SCENARIO_ALIASES} YAML aliases (*name); write the values out")
        return super().compose_node(parent, index)


def load_scenario(path: Path) -> dict:
    """A scenario file: {'name', 'description', 'global': {...}, 'chapters': {stem: {...}}} (ParameterError if malformed)."""
    path = Path(path)
    if path.is_file() and path.stat().st_size > MAX_SCENARIO_BYTES:
        raise ParameterError(
            f"scenario file {path}: larger than {MAX_SCENARIO_BYTES // 1000} kB; a scenario is a short list of values"
        )
    try:
        content = yaml.load(path.read_text(encoding="utf-8"), Loader=_BoundedLoader)
    except ParameterError as exc:
        raise ParameterError(f"scenario file {path}: {exc}") from None
    except UnicodeDecodeError:
        raise ParameterError(f"scenario file {path}: not UTF-8 text") from None
    except FileNotFoundError:
        raise ParameterError(f"scenario file {path} not found") from None
    except IsADirectoryError:
        raise ParameterError(f"scenario file {path} is a folder; give a .yaml file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ParameterError(f"scenario file {path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(content, dict):
        raise ParameterError(f"scenario file {path}: expected a mapping with keys name, description, global, chapters")
    unknown = set(content) - {"name", "title", "description", "global", "chapters"}
    if unknown:
        raise ParameterError(
            f"scenario file {path}: unknown key(s) {', '.join(sorted(unknown))}; allowed: name, title, description, global, chapters"
        )
    for key in ("global", "chapters"):
        if content.get(key) is not None and not isinstance(content[key], dict):
            raise ParameterError(f"scenario file {path}: '{key}' must be a mapping of names to values")
    content.setdefault("name", path.stem)
    content.setdefault("title", str(content["name"]).replace("_", " ").capitalize())
    if not isinstance(content["name"], str) or not SCENARIO_NAME.fullmatch(content["name"]):
        # The name becomes a folder (_build/scenarios/<name>): only a plain slug can never leave that folder.
        raise ParameterError(
            f"scenario file {path}: name {shown(content['name'])} must be lower-case letters, digits, "
            "'_' or '-' (it names the output folder)"
        )
    content["global"] = content.get("global") or {}
    content["chapters"] = content.get("chapters") or {}
    return content


def chapter_overrides(scenario: dict | None, chapter: str, specs: dict[str, ParamSpec]) -> dict[str, object]:
    """The scenario's values that apply to one chapter: its global values the chapter declares, then its own."""
    if not scenario:
        return {}
    values = {k: v for k, v in scenario["global"].items() if k in specs}
    values.update(scenario["chapters"].get(chapter) or {})
    return values
