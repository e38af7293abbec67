"""`make linkcheck`: Sphinx's linkcheck builder over the executed book, so every external link is checked, the
URLs of `data/references.bib` (printed on the bibliography page) as well as the links in the prose.

With no network the check is not run at all: it says so and succeeds, rather than reporting every source as broken
or pretending to have checked. With a network, `_build/linkcheck/` holds Sphinx's own report (`output.json`,
`output.txt`) and `broken.md`, the broken links as a Markdown list (the weekly workflow opens it as an issue).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NO_NETWORK", "Link", "network_available", "parse_report", "broken_markdown", "run_linkcheck"]

NO_NETWORK = "no network: no link was checked"
#: Hosts tried, in turn, to decide whether the machine is online (a DNS lookup and a TCP connection to each). They
#: are hosts the book links to, not package indexes, which an offline machine may reach through a local mirror.
PROBES = (("github.com", 443), ("www.reuters.com", 443), ("www.nvidia.com", 443))
#: Sphinx statuses that are a problem for a reader: the link does not lead to the page.
BAD = ("broken", "timeout")


@dataclass(frozen=True)
class Link:
    page: str  # the page's document name, e.g. "chapters/08_data_and_methods"
    line: int
    uri: str
    status: str  # Sphinx's: working, broken, redirected, timeout, ignored, unchecked, local
    info: str


def network_available(probes=PROBES, timeout: float = 3.0) -> bool:
    """True when one of the probe hosts resolves and accepts a TCP connection within `timeout` seconds."""
    for host, port in probes:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                return True
        except OSError:
            continue
    return False


def parse_report(text: str) -> list[Link]:
    """The links of Sphinx's `output.json` (one JSON object per line), in the order Sphinx wrote them."""
    links = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            links.append(
                Link(row["filename"], int(row.get("lineno") or 0), row["uri"], row["status"], str(row.get("info") or ""))
            )
        except (ValueError, KeyError, TypeError) as err:
            raise ValueError(f"output.json:{number}: not a linkcheck record ({err})") from err
    return links


def broken_markdown(links: list[Link], checked_on: str) -> str:
    """A Markdown report of the links that do not lead to their page, grouped by page; says so when there are none."""
    bad = [link for link in links if link.status in BAD]
    head = f"# Broken links, {checked_on}\n\n{len(links)} link(s) checked, {len(bad)} broken or timed out.\n"
    if not bad:
        return head
    lines = [head]
    for page in sorted({link.page for link in bad}):
        lines.append(f"\n## {page}\n")
        for link in (link for link in bad if link.page == page):
            reason = f": {link.info}" if link.info else ""
            lines.append(f"- line {link.line}: <{link.uri}> ({link.status}{reason})")
    return "\n".join(lines) + "\n"


def run_linkcheck(exec_dir: Path, work_dir: Path, report_dir: Path, report=print) -> list[Link]:
    """Run the linkcheck builder over the staged, executed book in `exec_dir`; write `report_dir`/{output.json,
    output.txt, broken.md}; return the bad links. Raises RuntimeError when Sphinx itself fails (not for broken links).
    `work_dir` must not be the HTML build's (see below): it is emptied first."""
    shutil.rmtree(work_dir, ignore_errors=True)
    work_dir.mkdir(parents=True, exist_ok=True)
    log = work_dir / "linkcheck-build.log"
    command = [sys.executable, "-m", "chinacompute.pipeline.jupyter_book_main", "build", str(exec_dir),
               "--path-output", str(work_dir), "--builder", "linkcheck"]  # fmt: skip
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"})
    # Jupyter Book 1 gives every builder but latex the `html` output folder; hence a work folder of its own.
    found = [work_dir / "_build" / folder / "output.json" for folder in ("linkcheck", "html")]
    output = next((path for path in found if path.is_file()), found[0])
    if not output.is_file():  # Sphinx exits 1 when a link is broken; without its report, the build itself failed
        raise RuntimeError(f"Sphinx linkcheck failed (exit {done.returncode}) before checking; full log: {log}")
    links = parse_report(output.read_text(encoding="utf-8"))
    report_dir.mkdir(parents=True, exist_ok=True)
    for name in ("output.json", "output.txt"):
        source = output.with_name(name)
        if source.is_file():
            (report_dir / name).write_bytes(source.read_bytes())
    (report_dir / "broken.md").write_text(broken_markdown(links, time.strftime("%Y-%m-%d")), encoding="utf-8")
    bad = [link for link in links if link.status in BAD]
    report(
        f"  linkcheck {len(links)} link(s), {len(bad)} broken, {time.perf_counter() - started:6.1f} s -> {report_dir / 'broken.md'}"
    )
    return bad
