"""Headless Chromium (Debian's, driven by Playwright) with every request that is not file: blocked."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class PageVisit:
    """A page opened offline: the Playwright page, console errors, page errors and blocked requests."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is not installed: run scripts/install-system-deps.sh browser"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def offline_visitor(browser, **context_options):
    """A page opener with every request that is not file: or data: blocked, and the contexts it opened (to close).

    `context_options` go to Playwright's new_context (e.g. color_scheme); `init_script` runs before the page's own."""
    contexts = []

    def open_page(url: str, wait_charts: bool = True, init_script: str | None = None) -> PageVisit:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
        contexts.append(context)
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        result = PageVisit(page)
        page.on("console", lambda m: result.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: result.console_errors.append(str(e)))

        def route(r):
            if r.request.url.startswith(("file:", "data:")):
                r.continue_()
            else:
                result.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(url)
        page.wait_for_load_state("load")
        if wait_charts:
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('.cc-vega')).every(d => d.querySelector('svg.marks'))", timeout=20_000
            )
        return result

    return open_page, contexts


@pytest.fixture
def visit(browser):
    """Open a file: URL offline and wait until every chart container has drawn (or time runs out)."""
    open_page, contexts = offline_visitor(browser)
    yield open_page
    for context in contexts:
        context.close()
