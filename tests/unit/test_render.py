"""The book renderer's mimebundle: live HTML without any CDN, vector PDF and PNG for print, plain text."""

from __future__ import annotations

import base64

import altair as alt
import pandas as pd

from chinacompute.charts import SourceLine, render
from chinacompute.escape import to_markdown


def sample_chart(label: str = "a") -> alt.Chart:
    frame = pd.DataFrame({"year": [2023, 2024], "units": [1.0, 2.0], "label": [label, label]})
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(x="year:O", y="units:Q", tooltip=["label"])
        .properties(title="Units by year", description="Bar chart of units")
    )


def test_bundle_is_live_html_and_text_with_static_images_on_request(monkeypatch):
    monkeypatch.delenv(render.STATIC_ENV, raising=False)
    bundle = render.book_renderer(sample_chart().to_dict())
    assert set(bundle) == {"text/html", "text/plain"}  # the PDF build makes the print forms (print_figures)
    monkeypatch.setenv(render.STATIC_ENV, "pdf,png")
    static = render.book_renderer(sample_chart().to_dict())
    assert base64.b64decode(static["application/pdf"]).startswith(b"%PDF")
    assert base64.b64decode(static["image/png"]).startswith(b"\x89PNG")
    html = bundle["text/html"]
    assert "vegaEmbed(" in html and f'class="{render.CONTAINER_CLASS}"' in html
    # The spec's "$schema" URL is an identifier, never fetched; nothing else may point off the page.
    assert "src=" not in html and "cdn" not in html.lower() and "import(" not in html
    assert 'aria-label="Bar chart of units"' in html


def test_data_cannot_close_the_script():
    hostile = "</script><script>alert(1)</script><!--"
    html = render.book_renderer(sample_chart(hostile).to_dict())["text/html"]
    assert hostile not in html and "<!--" not in html
    assert html.count("</script>") == 1  # only the renderer's own closing tag


def test_the_spec_reads_back_from_the_html_exactly():
    hostile = '</script><!-- ";var opt={} \u2028\u2029 \\ "quoted" 中文'
    spec = sample_chart(hostile).to_dict()
    html = render.embed_html(spec)
    assert render.spec_from_embed_html(html) == spec
    assert render.spec_from_embed_html("<p>a table, not a chart</p>") is None


def test_static_formats_follow_environment(monkeypatch):
    monkeypatch.setenv(render.STATIC_ENV, "png")
    assert "application/pdf" not in render.book_renderer(sample_chart().to_dict())


def test_renderer_enabled_only_in_book_builds(monkeypatch):
    monkeypatch.delenv(render.BOOK_BUILD_ENV, raising=False)
    alt.renderers.enable("default")
    render.register()
    assert alt.renderers.active == "default"
    monkeypatch.setenv(render.BOOK_BUILD_ENV, "1")
    render.register()
    assert alt.renderers.active == render.RENDERER_NAME
    alt.renderers.enable("default")


def test_source_line_escapes_and_offers_csv(monkeypatch):
    monkeypatch.setattr("chinacompute.data.cite_short", lambda key, data_dir=None: "R&D <b>Lab</b> 100%_")
    line = SourceLine(["k1"], pd.DataFrame({"a": [1, 2]}), "My Chart!")
    bundle = line.mimebundle()
    assert "R&amp;D &lt;b&gt;Lab&lt;/b&gt;" in bundle["text/html"]
    assert 'download="my-chart.csv"' in bundle["text/html"]
    csv_b64 = bundle["text/html"].split("base64,")[1].split('"')[0]
    assert base64.b64decode(csv_b64).decode() == "a\n1\n2\n"
    assert bundle["text/markdown"] == "*" + to_markdown(line.text()) + "*"
    assert bundle["text/plain"].startswith("Source: R&D")


def test_show_refuses_a_chart_without_description():
    import pytest

    from chinacompute.charts import show

    frame = pd.DataFrame({"a": [1]})
    with pytest.raises(ValueError, match="has no description"):
        show(alt.Chart(frame).mark_bar().encode(x="a:Q").properties(title="t"), frame, "nodesc", sources=[])


def test_source_line_names_each_publisher_and_date_once(monkeypatch):
    labels = {"a": "Fundalyst, 2026-03-01", "b": "Fundalyst, 2026-03-01", "c": "IDC (via Reuters), 2026-04-01"}
    monkeypatch.setattr("chinacompute.data.cite_short", lambda key, data_dir=None: labels[key])
    line = SourceLine(["a", "b", "c"], pd.DataFrame({"x": [1]}), "n")
    assert line.text() == "Source: Fundalyst, 2026-03-01; IDC (via Reuters), 2026-04-01."
    assert 'data-source-keys="a;b;c"' in line.mimebundle()["text/html"]


def test_interactive_kernels_get_offline_jupyter_charts(monkeypatch):
    """In JupyterLab (a kernel, no book build) charts use JupyterChart with vl-convert's JavaScript, no CDN."""
    monkeypatch.delenv(render.BOOK_BUILD_ENV, raising=False)
    monkeypatch.setattr(render, "_in_kernel", lambda: True)
    try:
        render.register()
        assert alt.renderers.active == "jupyter"
        assert alt.JupyterChart._is_offline
    finally:
        alt.renderers.enable("default")


def test_in_a_build_a_chart_is_validated_once_whole_and_still_refused_when_invalid(monkeypatch):
    """Inside a build Altair's debug mode is off (parts are not validated as they are made), and an invalid chart is
    still refused when it is drawn; outside a build debug mode is left as Altair sets it."""
    import pytest
    from altair.utils import schemapi

    monkeypatch.setattr(schemapi, "DEBUG_MODE", True)  # restored after the test
    monkeypatch.delenv(render.BOOK_BUILD_ENV, raising=False)
    render.register()
    assert schemapi.DEBUG_MODE is True
    monkeypatch.setenv(render.BOOK_BUILD_ENV, "1")
    render.register()
    assert schemapi.DEBUG_MODE is False
    invalid = alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x=alt.X("a:Q", bin="not a bin"))
    with pytest.raises(schemapi.SchemaValidationError):
        invalid.to_dict()
    alt.renderers.enable("default")
