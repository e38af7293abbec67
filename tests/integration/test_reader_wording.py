"""No page shows words that belong to the pipeline rather than the reader: how the book was researched ("stored
copy", "helper"), missing values rendered as values ("nan", "None", "<NA>"), Python reprs, or sentences with an
empty slot. Scans the visible text of every page of the built book."""

from __future__ import annotations

import html
import re

import pytest

from chinacompute.pipeline.toc import toc_files
from tests.conftest import ROOT

PIPELINE_WORDS = re.compile(
    r"\b(?:stored copy|this helper|helper|re-opened by|nan|NaN|None(?! of)|NaT|<NA>|inf)\b|object at 0x|Timestamp\(|"
    r"\bat not reached\b|\brun: none\b|\{glue:|\bat (?:least|most) nan\b"
)


def visible_text(page_html: str) -> str:
    """The article's text as a reader sees it: no scripts, styles or tags."""
    body = page_html.split("<article", 1)[-1].split("</article>", 1)[0]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def pipeline_wording(text: str) -> list[str]:
    """Each place the text uses a pipeline word, with a little context."""
    return [text[max(0, m.start() - 50) : m.end() + 30] for m in PIPELINE_WORDS.finditer(text)]


@pytest.mark.parametrize("source", toc_files(ROOT), ids=lambda p: p.stem)
def test_no_page_speaks_the_pipelines_language(real_book, source):
    page = real_book / source.relative_to(ROOT).with_suffix(".html")
    assert pipeline_wording(visible_text(page.read_text(encoding="utf-8"))) == []


def test_a_planted_string_is_caught():
    planted = "<article><p>Huawei made nan units (Read via stored copy).</p><script>var nan = 1;</script></article>"
    found = pipeline_wording(visible_text(planted))
    assert len(found) == 2 and "stored copy" in found[1]
    assert pipeline_wording(visible_text("<article><p>Nanjing and financial data; no value is missing.</p></article>")) == []
