"""Browser test fixtures (Playwright + Debian's Chromium); see folkmoot/browser_testing.py."""

from folkmoot.browser_testing import browser, browser_page  # noqa: F401
