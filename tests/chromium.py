"""Debian's Chromium driven by Playwright: the one place its path and launch options are written
(tests' ``browser`` fixture, the browser test modules and the benchmarks all launch through here).
Never ``playwright install``: it downloads a browser and fails offline.

One Chromium per process: Playwright's sync API cannot run two at once in a thread, and a launch
costs about a second.  While a browser is open (the test session's ``browser`` fixture holds one),
``chromium()`` hands out that same browser instead of launching another, and leaves it open."""

from __future__ import annotations

from contextlib import contextmanager

EXECUTABLE = "/usr/bin/chromium"
#: quiet on a closed network: no background requests, updates, sync or first-run pages
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

_open = None  # the browser launched by the outermost chromium(), while it is open


@contextmanager
def chromium():
    """A launched Chromium (a Playwright ``Browser``), closed on exit by whoever launched it."""
    global _open
    if _open is not None and _open.is_connected():
        before = list(_open.contexts)
        try:
            yield _open
        finally:  # what this caller opened (browser.new_page() makes a context per page) is closed
            for ctx in _open.contexts:
                if not any(ctx is b for b in before):
                    ctx.close()
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=EXECUTABLE, args=ARGS)
        _open = browser
        try:
            yield browser
        finally:
            _open = None
            browser.close()
