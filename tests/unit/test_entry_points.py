"""The Sphinx run of a build reads the installed packages' entry points once (startup.remember_entry_points) and
answers every later lookup as the standard library would."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib.metadata as md
plain = {group: sorted((ep.name, ep.value) for ep in md.entry_points(group=group))
         for group in ("pybtex.style.formatting", "sphinx.html_themes", "pygments.styles", "no.such.group")}
plain_named = sorted(ep.value for ep in md.entry_points(group="sphinx.html_themes", name="pydata_sphinx_theme"))
scans = []
real = md.distributions
def counting(*args, **kwargs):
    scans.append(1)
    return real(*args, **kwargs)
md.distributions = counting
from chinacompute.startup import remember_entry_points
remember_entry_points()
remember_entry_points()  # twice: still one layer
for _ in range(3):
    remembered = {group: sorted((ep.name, ep.value) for ep in md.entry_points(group=group)) for group in plain}
    named = sorted(ep.value for ep in md.entry_points(group="sphinx.html_themes", name="pydata_sphinx_theme"))
    assert remembered == plain, (remembered, plain)
    assert named == plain_named
assert plain["pybtex.style.formatting"] and plain["no.such.group"] == []
print(len(scans))
"""


def test_entry_points_are_read_once_and_answer_as_before():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"  # twelve lookups, one scan of the installed distributions
