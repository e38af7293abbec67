"""Strings from data/ are shown literally in HTML, LaTeX and Markdown."""

from chinacompute.escape import to_html, to_latex, to_markdown

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> & % $ # _ { } ~ ^ \\ *bold* [link](x)"


def test_html():
    out = to_html(HOSTILE)
    assert "<" not in out and ">" not in out and '"' not in to_html('"')


def test_latex():
    assert to_latex("& % $ # _ { } ~ ^ \\") == r"\& \% \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{}"


def test_markdown():
    out = to_markdown(HOSTILE)
    assert "\\<script\\>" in out and "\\*bold\\*" in out and "\\[link\\]\\(x\\)" in out
