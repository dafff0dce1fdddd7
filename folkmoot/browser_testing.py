"""Fixtures and helpers for browser tests: Playwright (sync API) driving Debian's Chromium.

Import the fixtures into an app's ``tests/conftest.py``::

    from folkmoot.browser_testing import browser, browser_page  # noqa: F401

and mark each test ``@pytest.mark.browser``. ``browser_page(viewport=..., javascript=...)``
opens a fresh browser context (its own cookies) and returns a page; relative URLs go to
pytest-django's ``live_server``. We never download browsers: without ``/usr/bin/chromium``
the tests are skipped (CI installs it with apt).

Set ``FOLKMOOT_SHOTS=/tmp/fm-shots`` to save screenshots wherever a test calls ``shoot()``.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("FOLKMOOT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# aria-describedby pointing at nothing: a hint or error a screen reader will never read.
_DANGLING_DESCRIPTIONS_JS = """() => Array.from(document.querySelectorAll('[aria-describedby]'))
 .filter(el => el.getAttribute('aria-describedby').split(/\\s+/)
               .some(id => !document.getElementById(id)))
 .map(el => el.outerHTML)"""

# What a person can type into or choose from; hidden inputs and buttons need no label.
_UNLABELLED_FIELDS_JS = """() => Array.from(
    document.querySelectorAll('input, select, textarea')
).filter(el => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type))
 .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label')
               && !el.getAttribute('aria-labelledby'))
 .map(el => el.outerHTML)"""


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. While Playwright's sync API runs, its event loop is
    "running" in this thread, so Django would refuse database access from the test itself;
    DJANGO_ALLOW_ASYNC_UNSAFE is set only for as long as the browser is up."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is not installed (apt-get install chromium); browser tests skipped"
        )
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_page(browser, live_server) -> Iterator[Callable]:
    """A factory: ``browser_page(viewport=PHONE, javascript=True)`` returns a new page."""
    contexts = []

    def open_page(viewport: dict | None = None, javascript: bool = True):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport or PHONE,
            java_script_enabled=javascript,
            locale="en-GB",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        # Stylesheets, scripts or images of our own that fail to load (checked by
        # check_page_basics): without them a page can pass every other check and look broken.
        page.broken_resources = []

        def note_broken(response) -> None:
            if (
                response.status >= 400
                and response.url.startswith(live_server.url)
                and response.request.resource_type != "document"
            ):
                page.broken_resources.append(f"{response.status} {response.url}")

        page.on("response", note_broken)
        return page

    yield open_page
    for context in contexts:
        context.close()


def unlabelled_fields(page) -> list[str]:
    """Form fields on the page that have no label a screen reader can announce."""
    return page.evaluate(_UNLABELLED_FIELDS_JS)


def check_page_basics(page, *, skip_link: bool = True) -> None:
    """Cheap accessibility checks: the page's own files load, one h1, every field labelled
    (and described by things that exist), the skip link works.
    Call it straight after a page loads: the skip link must be the first thing Tab reaches."""
    from playwright.sync_api import expect

    assert getattr(page, "broken_resources", []) == [], "the page's own files did not load"
    expect(page.locator("h1")).to_have_count(1)
    assert unlabelled_fields(page) == []
    assert page.evaluate(_DANGLING_DESCRIPTIONS_JS) == [], "aria-describedby points at nothing"
    assert page.locator("html").get_attribute("lang")
    if skip_link:
        page.keyboard.press("Tab")
        skip = page.locator(".skip-link")
        expect(skip).to_be_focused()
        expect(skip).to_be_visible()
        page.keyboard.press("Enter")
        expect(page.locator("main#main")).to_be_focused()
        # Drop the #main the skip link added, or a form posting to this URL would carry it
        # along and the next page would open with focus on main, not the skip link.
        page.go_back()


def shoot(page, name: str) -> None:
    """Save a full-page screenshot if FOLKMOOT_SHOTS names a directory (never in the repo)."""
    directory = os.environ.get("FOLKMOOT_SHOTS")
    if not directory:
        return
    Path(directory).mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=str(Path(directory) / f"{name}-{width}.png"), full_page=True)
