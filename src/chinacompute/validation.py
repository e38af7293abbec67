"""Check the data package against its schema and return every problem found, each naming file, line and field.

The schema is `data/datapackage.json` (Frictionless Data Package / Table Schema). We check it ourselves rather than
with the `frictionless` library so that every message has the one form readers act on:
``accelerators.csv:14: memory_bandwidth_tb_s: 'abc' is not a number``. Line numbers are those an editor shows
(the header is line 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import astuple, dataclass
from pathlib import Path

from .remembered import remembered_json

#: The columns every table ends with; their meaning is documented in the data dictionary.
PROVENANCE_FIELDS = ("source", "confidence", "published", "notes")
CONFIDENCE_LEVELS = ("official", "analyst-estimate", "press-report", "rumor", "derived")
SOURCE_SEPARATOR = ";"
REQUIRED_BIB_FIELDS = ("title", "year")
#: How close a source stands to the fact (see the methods chapter): filings, rules, official statements, datasheets
#: and papers; major press, named analysts and research institutes; aggregators, blogs, forums, wikis, AI-written pages.
GRADES = ("primary", "secondary", "tertiary")
#: Confidence tags that claim more than hearsay: such a row must cite at least one primary or secondary source.
STRONG_CONFIDENCE = ("official", "analyst-estimate")
#: The weakest tag: the only one a row resting on tertiary sources alone may carry.
WEAKEST_CONFIDENCE = "rumor"
#: Host name labels that mark a staging or test copy of a site, never a citable address.
STAGING_LABELS = frozenset({"dev", "stage", "staging", "test", "testing", "preview", "uat"})


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as we can."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataPackageError(Exception):
    """Raised when the data package is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:50])
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"the data package has {len(problems)} problem(s):\n{shown}{more}")


@dataclass
class RawTable:
    """A CSV read as text: header plus (line number, row dict) pairs."""

    name: str
    path: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def read_descriptor(data_dir: Path) -> dict:
    """The parsed `datapackage.json` (raises DataPackageError naming the file when it is unreadable)."""
    path = data_dir / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataPackageError([Problem("datapackage.json", None, None, f"not found in {data_dir}")]) from None
    except json.JSONDecodeError as exc:
        raise DataPackageError([Problem("datapackage.json", exc.lineno, None, f"invalid JSON: {exc.msg}")]) from None


def confined(data_dir: Path, relative: str, problems: list[Problem]) -> Path | None:
    """`data_dir / relative` when it is a plain file path inside the data folder; otherwise None, with a problem.
    A path that is absolute, climbs out with '..', or passes through a symbolic link is refused, so a data
    package can never make the book read (or print in an error) a file from elsewhere."""
    name = str(relative)
    rel = Path(name)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        problems.append(Problem("datapackage.json", None, "path", f"{name!r} is not a path inside the data folder"))
        return None
    path, here = data_dir / rel, data_dir
    for part in rel.parts:
        here = here / part
        if here.is_symlink():
            problems.append(Problem(name, None, None, "is a symbolic link; the data folder holds its files itself"))
            return None
    if path.exists() and not path.resolve().is_relative_to(data_dir.resolve()):
        problems.append(Problem(name, None, None, "resolves outside the data folder"))
        return None
    return path


def read_csv_text(path: Path, problems: list[Problem]) -> RawTable | None:
    """Read one CSV strictly (UTF-8, header present); add problems and return None when it cannot be read."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(name, None, None, "file not found (datapackage.json lists it)"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, None, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"))
        return None
    if not text.strip():
        problems.append(Problem(name, None, None, "empty file: expected a header row and data rows"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    rows: list[tuple[int, dict[str, str]]] = []
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(
                    name, line, None, f"has {len(cells)} cells but the header has {len(header)} columns (check quoting of commas)"
                )
            )
            continue
        rows.append((line, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    return RawTable(name.removesuffix(".csv"), name, header, rows)


def parse_cell(value: str, ftype: str) -> object:
    """Convert one non-empty cell to its schema type; raise ValueError with a reader-facing reason."""
    if ftype == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"{value!r} is not a finite number")
        return number
    if ftype == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise ValueError(f"{value!r} is not a whole number")
        return int(value)
    if ftype == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real calendar date") from None
    return value


def check_field(value: str, field: dict) -> tuple[object, list[str]]:
    """Parse a cell and check its constraints; return the parsed value and the list of reasons it fails."""
    constraints = field.get("constraints", {})
    if value == "":
        return None, (["is required but empty"] if constraints.get("required") else [])
    try:
        parsed = parse_cell(value, field.get("type", "string"))
    except ValueError as exc:
        return None, [str(exc)]
    reasons = []
    if "enum" in constraints and parsed not in constraints["enum"]:
        reasons.append(f"{value!r} is not one of: {', '.join(map(str, constraints['enum']))}")
    for key, test, word in (
        ("minimum", lambda a, b: a < b, "below the minimum"),
        ("maximum", lambda a, b: a > b, "above the maximum"),
    ):
        if key in constraints:
            bound = constraints[key]
            if field.get("type") == "date":
                bound = dt.date.fromisoformat(bound)
            if test(parsed, bound):
                reasons.append(f"{value} is {word} {bound}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        reasons.append(f"{value!r} does not match the pattern {constraints['pattern']}")
    if "maxLength" in constraints and len(value) > constraints["maxLength"]:
        reasons.append(f"is {len(value)} characters long; at most {constraints['maxLength']} allowed")
    return parsed, reasons


def check_table(table: RawTable, resource: dict, bib_keys: set[str], today: dt.date) -> tuple[list[Problem], list[dict]]:
    """Check one table's header, cells, primary key and provenance; return problems and the parsed rows."""
    problems: list[Problem] = []
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    for column in table.header:
        if column not in fields:
            problems.append(
                Problem(table.path, 1, column, f"column is not in the schema of {table.name} (allowed: {', '.join(fields)})")
            )
    for column in fields:
        if column not in table.header:
            problems.append(Problem(table.path, 1, column, "required column is missing from the header"))
    if problems:
        return problems, []

    key = resource["schema"].get("primaryKey")
    key_fields = [key] if isinstance(key, str) else list(key or [])
    seen: dict[tuple, int] = {}
    parsed_rows = []
    for line, row in table.rows:
        parsed = {"_line": line}
        for name, field in fields.items():
            value, reasons = check_field(row[name], field)
            parsed[name] = value
            problems.extend(Problem(table.path, line, name, r) for r in reasons)
        if key_fields:
            k = tuple(parsed[f] for f in key_fields)
            if k in seen and None not in k:
                problems.append(
                    Problem(
                        table.path,
                        line,
                        ",".join(key_fields),
                        f"duplicate key {', '.join(map(str, k))!r} (first on line {seen[k]})",
                    )
                )
            seen.setdefault(k, line)
        if "source" in fields and parsed.get("source"):
            for source_key in str(parsed["source"]).split(SOURCE_SEPARATOR):
                if source_key not in bib_keys:
                    problems.append(Problem(table.path, line, "source", f"{source_key!r} is not a key in references.bib"))
        published = parsed.get("published")
        if isinstance(published, dt.date) and published > today:
            problems.append(Problem(table.path, line, "published", f"{published} is in the future (today is {today})"))
        parsed_rows.append(parsed)
    return problems, parsed_rows


def check_foreign_keys(resource: dict, rows: list[dict], parsed: dict[str, list[dict]]) -> list[Problem]:
    """Every foreign-key value must exist in the referenced table's key column."""
    problems = []
    path = resource["path"]
    for fk in resource["schema"].get("foreignKeys", []):
        field, ref = fk["fields"], fk["reference"]
        target = ref["resource"]
        known = {r[ref["fields"]] for r in parsed.get(target, [])}
        for row in rows:
            value = row.get(field)
            if value is not None and value not in known:
                problems.append(Problem(path, row["_line"], field, f"{value!r} is not a {ref['fields']} in {target}.csv"))
    return problems


def bib_entries(path: Path, problems: list[Problem]) -> dict[str, dict]:
    """Parse references.bib into {key: fields}; every entry needs a title and a year."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(name, None, None, "not found: every source key must be defined here"))
        return {}
    except UnicodeDecodeError:
        problems.append(Problem(name, None, None, "not valid UTF-8"))
        return {}
    entries, found = _remembered_bib(text, name)
    problems.extend(found)
    return entries


def _remembered_bib(text: str, name: str) -> tuple[dict[str, dict], list[Problem]]:
    """`parse_bib(text, name)`, remembered in the user's cache folder (`remembered`) under the text and this
    module's code. Parsing the book's 370 entries takes about 0.15 s, and the command line and every chapter's kernel
    parse the same file; reading the stored result takes a few milliseconds."""

    def parse() -> dict:
        entries, problems = parse_bib(text, name)
        return {"entries": entries, "problems": [astuple(p) for p in problems]}

    kept = remembered_json("bib", [Path(__file__).read_bytes(), name, text], parse)
    return kept["entries"], [Problem(*problem) for problem in kept["problems"]]


def parse_bib(text: str, name: str) -> tuple[dict[str, dict], list[Problem]]:
    """The entries of a BibTeX text as {key: fields} and the problems found in it (named after file `name`)."""
    from pybtex.database import parse_string
    from pybtex.scanner import PybtexError

    problems: list[Problem] = []
    try:
        database = parse_string(text, "bibtex")
    except PybtexError as exc:
        return {}, [Problem(name, getattr(exc, "lineno", None), None, f"cannot be parsed: {exc}")]
    lines = {m.group(1).lower(): text[: m.start()].count("\n") + 1 for m in re.finditer(r"@\w+\s*\{\s*([^,\s]+)", text)}
    entries = {}
    for key, entry in database.entries.items():
        fields = {k.lower(): str(v) for k, v in entry.fields.items()}
        fields["author"] = " and ".join(str(p) for p in entry.persons.get("author", []))
        for required in REQUIRED_BIB_FIELDS:
            if not fields.get(required, "").strip():
                problems.append(Problem(name, lines.get(key.lower()), required, f"entry {key!r} has no {required}"))
        if not (fields.get("author") or fields.get("organization") or fields.get("publisher")):
            problems.append(
                Problem(name, lines.get(key.lower()), "organization", f"entry {key!r} names no author or organization")
            )
        entries[key] = fields
    problems.extend(check_provenance(name, text, entries, lines))
    return entries, problems


def _field_lines(text: str) -> dict[tuple[str, str], int]:
    """(entry key, field) -> the line the field starts on, for messages that point at the field itself."""
    found: dict[tuple[str, str], int] = {}
    key = None
    for number, line in enumerate(text.splitlines(), start=1):
        head = re.match(r"\s*@\w+\s*\{\s*([^,\s]+)", line)
        if head:
            key = head.group(1).lower()
            continue
        if key:
            for field in re.findall(r"(?:^|,)\s*(\w+)\s*=", line):
                found.setdefault((key, field.lower()), number)
    return found


def url_identity(url: str) -> str:
    """A URL reduced to what makes two addresses the same page: no scheme, no www., no trailing slash or dot."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def is_staging_host(url: str) -> bool:
    """True for a staging or test copy of a site (testing.dev.example.com, stage.example.com)."""
    from urllib.parse import urlsplit

    labels = (urlsplit(url.strip()).hostname or "").rstrip(".").lower().split(".")
    return any(label in STAGING_LABELS for label in labels[:-2])


def check_provenance(name: str, text: str, entries: dict[str, dict], entry_lines: dict[str, int]) -> list[Problem]:
    """The provenance model of each entry: a grade; a citable, unshared URL; read after publication; via names a
    relay distinct from the original publisher."""
    problems: list[Problem] = []
    where = _field_lines(text)

    def line_of(key: str, field: str) -> int | None:
        return where.get((key.lower(), field), entry_lines.get(key.lower()))

    first_url: dict[str, str] = {}
    for key, fields in entries.items():
        grade = fields.get("grade", "").strip()
        if not grade:
            problems.append(
                Problem(name, line_of(key, "grade"), "grade", f"entry {key!r} has no grade (one of: {', '.join(GRADES)})")
            )
        elif grade not in GRADES:
            problems.append(
                Problem(name, line_of(key, "grade"), "grade", f"entry {key!r}: {grade!r} is not one of: {', '.join(GRADES)}")
            )
        url = fields.get("url", "").strip()
        if url and not re.match(r"https?://[^\s/]", url, re.I):
            problems.append(
                Problem(
                    name,
                    line_of(key, "url"),
                    "url",
                    f"entry {key!r}: url {url[:80]!r} is not an http(s) address; a link must lead to a web page",
                )
            )
        elif url:
            if is_staging_host(url):
                problems.append(
                    Problem(
                        name,
                        line_of(key, "url"),
                        "url",
                        f"entry {key!r} points at a staging or test host ({url}); cite the production address or drop the url",
                    )
                )
            same = first_url.setdefault(url_identity(url), key)
            if same != key:
                problems.append(
                    Problem(
                        name,
                        line_of(key, "url"),
                        "url",
                        f"entry {key!r} has the same URL as {same!r} (line {line_of(same, 'url')}); merge the two keys",
                    )
                )
        dates = {}
        for field in ("date", "urldate"):
            value = fields.get(field, "").strip()
            if value:
                try:
                    dates[field] = dt.date.fromisoformat(value)
                except ValueError:
                    problems.append(
                        Problem(
                            name, line_of(key, field), field, f"entry {key!r}: {value!r} is not a date in the form YYYY-MM-DD"
                        )
                    )
        if "date" in dates and "urldate" in dates and dates["urldate"] < dates["date"]:
            problems.append(
                Problem(
                    name,
                    line_of(key, "urldate"),
                    "urldate",
                    f"entry {key!r} was read on {dates['urldate']}, before its publication date {dates['date']}",
                )
            )
        via = fields.get("via", "").strip()
        if via:
            original = (fields.get("organization") or fields.get("author") or fields.get("journal") or "").strip()
            if not original or original.lower() == via.lower():
                problems.append(
                    Problem(
                        name,
                        line_of(key, "via"),
                        "via",
                        f"entry {key!r}: via {via!r} needs a distinct original publisher in organization, author or journal",
                    )
                )
    return problems


def check_row_grades(resource: dict, rows: list[dict], bib: dict[str, dict]) -> list[Problem]:
    """A row's confidence must match the grade of what it rests on: official and analyst-estimate need a primary or
    secondary source; a row resting on tertiary sources alone is a rumor; a machine-written page never stands alone."""
    problems = []
    path = resource["path"]
    for row in rows:
        cell, confidence = row.get("source"), row.get("confidence")
        if not cell:
            continue
        entries = [bib[k] for k in str(cell).split(SOURCE_SEPARATOR) if k in bib]
        if not entries:
            continue
        grades = {e.get("grade") for e in entries}
        if not grades & {"primary", "secondary"} and confidence and confidence != WEAKEST_CONFIDENCE:
            need = (
                "at least one primary or secondary source"
                if confidence in STRONG_CONFIDENCE
                else f"the tag {WEAKEST_CONFIDENCE!r}"
            )
            problems.append(
                Problem(
                    path, row["_line"], "confidence", f"{confidence!r} rests only on tertiary sources ({cell}); it needs {need}"
                )
            )
        if all(is_machine_written(e) for e in entries):
            problems.append(
                Problem(
                    path,
                    row["_line"],
                    "source",
                    f"{cell}: machine-written pages only; a machine-written page cannot be the only source of a row",
                )
            )
    return problems


def is_machine_written(entry: dict) -> bool:
    """True when the page itself is the machine-written work (`ai_written` and no `via`). With `via`, `ai_written`
    describes the copy read of a human original (a machine digest of an analyst's report), see `machine_copies`."""
    return entry.get("ai_written", "").strip().lower() == "true" and not entry.get("via", "").strip()


def machine_copies(rows: dict[str, list[dict]], bib: dict[str, dict]) -> list[tuple[str, int, str]]:
    """Rows whose only copies read are machine-written digests of a human original: (table, line, source cell).
    They pass validation (the original is graded) but want a human copy of the original."""
    found = []
    for name, table_rows in rows.items():
        for row in table_rows:
            cell = row.get("source")
            entries = [bib[k] for k in str(cell).split(SOURCE_SEPARATOR) if k in bib] if cell else []
            if entries and all(e.get("ai_written", "").strip().lower() == "true" for e in entries):
                found.append((name, row["_line"], str(cell)))
    return found


def source_grade(keys: list[str], bib: dict[str, dict]) -> str | None:
    """The grade a row rests on: the best grade among its sources (None when no source is graded)."""
    found = {bib.get(k, {}).get("grade") for k in keys}
    return next((g for g in GRADES if g in found), None)


def count_rows_by_grade(rows: dict[str, list[dict]], bib: dict[str, dict]) -> dict[str, int]:
    """How many data rows rest on primary, secondary and tertiary sources (rows without a graded source: 'none')."""
    counts = {g: 0 for g in GRADES} | {"none": 0}
    for table_rows in rows.values():
        for row in table_rows:
            cell = row.get("source")
            grade = source_grade(str(cell).split(SOURCE_SEPARATOR), bib) if cell else None
            counts[grade or "none"] += 1
    return counts


def validate(data_dir: Path, today: dt.date | None = None) -> tuple[list[Problem], dict[str, list[dict]], dict[str, dict], dict]:
    """Validate the whole package; return (problems, parsed rows per table, bibliography, descriptor)."""
    today = today or dt.date.today()
    descriptor = read_descriptor(data_dir)
    problems: list[Problem] = []
    bib_path = confined(data_dir, descriptor.get("bibliography", "references.bib"), problems)
    bib = bib_entries(bib_path, problems) if bib_path else {}
    parsed: dict[str, list[dict]] = {}
    for resource in descriptor["resources"]:
        path = confined(data_dir, resource["path"], problems)
        table = read_csv_text(path, problems) if path else None
        if table is None:
            continue
        table_problems, rows = check_table(table, resource, set(bib), today)
        problems.extend(table_problems)
        parsed[resource["name"]] = rows
    for resource in descriptor["resources"]:
        problems.extend(check_foreign_keys(resource, parsed.get(resource["name"], []), parsed))
        problems.extend(check_row_grades(resource, parsed.get(resource["name"], []), bib))
    listed = {r["path"] for r in descriptor["resources"]}
    for stray in sorted(p.name for p in data_dir.glob("*.csv")):
        if stray not in listed:
            problems.append(
                Problem(stray, None, None, "CSV file is not described in datapackage.json (add a resource or remove it)")
            )
    return sorted(set(problems), key=_problem_order), parsed, bib, descriptor


def _problem_order(p: Problem) -> tuple:
    return (p.file, p.line or 0, p.field or "", p.message)
