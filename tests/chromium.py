"""Debian's Chromium driven by Playwright: the one place its path and launch options are written
(tests' ``browser`` fixture, the browser test modules and the benchmarks all launch through here).
Never ``playwright install``: it downloads a browser and fails offline."""

from __future__ import annotations

from contextlib import contextmanager

EXECUTABLE = "/usr/bin/chromium"
#: quiet on a closed network: no background requests, updates, sync or first-run pages
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@contextmanager
def chromium():
    """A launched Chromium (a Playwright ``Browser``), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=EXECUTABLE, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
