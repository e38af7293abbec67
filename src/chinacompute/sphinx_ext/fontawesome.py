"""Trim the theme's Font Awesome script to the icons the book uses.

pydata-sphinx-theme loads `_static/scripts/fontawesome.js` on every page: Font Awesome Free's whole SVG icon set,
1.49 MB of JavaScript that each page parses, to draw about fifteen icons. After an HTML build this module keeps the
script's code and only the icon definitions whose name (or alias) appears in the built pages or in the other
scripts of `_static` (the theme creates a few icons from JavaScript, such as `fa-xmark`), which leaves about 80 kB.

An icon the book uses but the trimmed script lacks would be drawn as Font Awesome's "missing icon" placeholder
(an SVG holding `g.missing`, with no console message); the browser tests look for that placeholder on every page,
so a theme upgrade that adds an icon cannot slip through. If the script's format is not recognised (a theme
upgrade), it is left whole and the build warns.

Sphinx copies the whole script again on every build, and trimming it takes about 0.06 s, the same work each time;
the trimmed script is remembered in the user's cache folder under the script, the names and this module's code.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..files import write_atomic
from ..remembered import remembered_json

SCRIPT = Path("_static") / "scripts" / "fontawesome.js"
_STRING = r'"(?:[^"\\]|\\.)*"'
#: One icon definition inside a pack object: name: [width, height, [aliases], "unicode", "path" | ["path", ...]]
ICON = re.compile(
    r'(?<=[{,])(?:"(?P<quoted>[a-z0-9-]+)"|(?P<bare>[a-z0-9_$]+)):'
    r"\[\d+,\d+,\[(?P<aliases>[^\]]*)\]," + _STRING + r",(?:" + _STRING + r"|\[(?:" + _STRING + r",?)*\])\],?"
)
CLASS_NAME = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")
MARKER = "/* chinacompute: icons trimmed to those the book uses */\n"


def used_names(outdir: Path) -> set[str]:
    """Every `fa-<name>` written in the built pages or in the scripts under _static (except Font Awesome's own)."""
    names: set[str] = set()
    script = (outdir / SCRIPT).resolve()
    for path in outdir.rglob("*"):
        if path.suffix not in (".html", ".js") or not path.is_file() or path.resolve() == script:
            continue
        names.update(CLASS_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def trim(script: str, names: set[str]) -> tuple[str, int, int]:
    """The script with only the icon definitions named in `names` (by name or alias); (text, kept, total)."""
    counts = [0, 0]

    def keep_or_drop(match: re.Match) -> str:
        counts[1] += 1
        name = match.group("quoted") or match.group("bare")
        aliases = set(re.findall(r'"([^"]+)"', match.group("aliases")))
        if ({name} | aliases) & names:
            counts[0] += 1
            return match.group(0)
        return ""  # the kept entry before it may end in a comma: a trailing comma is valid in an object literal

    trimmed = ICON.sub(keep_or_drop, script)
    return MARKER + SOURCE_MAP.sub("\n", trimmed), counts[0], counts[1]


def trim_outdir(outdir: Path) -> tuple[int, int, int, int] | None:
    """Trim the script in an HTML output folder in place; (bytes before, after, icons kept, icons defined), or None
    when there is no such script or it is already trimmed."""
    path = outdir / SCRIPT
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    if text.startswith(MARKER):
        return None
    names = sorted(used_names(outdir))
    trimmed, kept, total = remembered_json(
        "fontawesome", [Path(__file__).read_bytes(), "\n".join(names), text], lambda: trim(text, set(names))
    )
    if total < 100:  # not the format this was written for: leave the script whole
        raise ValueError(f"{path}: found {total} icon definitions, expected Font Awesome's full set; left whole")
    write_atomic(path, trimmed)
    return len(text.encode()), len(trimmed.encode()), kept, total
