"""Browser contexts and pages lent to the tests and taken back clean (conftest's ``new_context``,
``new_page``, ``context`` and ``page``).

Why: Chromium's CPU, not the tests' own work, is most of the suite's time.  A new context with a
page costs ~0.2 s of CPU before it shows anything, and its first page load in the new renderer
process ~0.55 s more (nothing of the site's scripts and styles is compiled yet); a load in a page
already open costs ~0.25 s (measured with ``/proc``, 16 loads each).  So each worker keeps one
context, with one page, per set of context options, and lends it to one test at a time; the
viewport and the colour scheme are not in the set: a lent page takes them on (as Playwright does
for these options), so the many screens and schemes the tests ask for share a few contexts.

Taken back (``ctx.close()``), a context is made as a new one would be before it is lent again:
its other pages are closed; the page's storage (``localStorage``, ``sessionStorage``: the
palette choice, the search) is cleared and it leaves the site for ``about:blank``, so the next
test's first ``goto`` is a new document, never a same-document scroll, and nothing of the last
document runs on; the mouse is moved off the page (no hover carried over); cookies, granted
permissions, routes, listeners a test added, an emulated medium and a changed viewport are undone;
the request and error logs start empty.  A test that changes what cannot be undone
(``add_init_script``, ``expose_binding``/``expose_function``, extra headers, geolocation,
offline, timeouts, an emulated colour scheme, motion or contrast, HAR routes) gets its context
really closed when it gives it back; so does one whose clean-up fails, or whose page crashed."""

from __future__ import annotations

import json
from contextlib import contextmanager

DEFAULT_VIEWPORT = {"width": 1280, "height": 900}

#: calls whose effect a context or page keeps for good: after one, the context is not lent again
_LASTING = ("add_init_script", "expose_binding", "expose_function", "set_extra_http_headers",
            "set_geolocation", "set_offline", "route_from_har", "set_default_timeout",
            "set_default_navigation_timeout")
#: what emulate_media may change and the lent page can undo ("null": no emulation)
_UNDOABLE_MEDIA = {"media"}

#: context options a lent page takes on by itself (Playwright's defaults: 1280×900 here, light)
_PER_PAGE = {"viewport": DEFAULT_VIEWPORT, "color_scheme": "light"}

_free: dict[str, list] = {}  # options but _PER_PAGE's (as JSON) → contexts ready to be lent


def new_context(browser, **options):
    """A context with these options (and a 1280×900 viewport unless given) that records every
    request (``ctx.requests``) and every script error (``ctx.errors``); ``ctx.close()`` gives it
    back.  Lent from the worker's pool when one with the same options is free, but for its
    viewport and colour scheme, which each page it gives takes on (``set_viewport_size``,
    ``emulate_media``: what Playwright does with these options itself)."""
    options = {**_PER_PAGE, **options}
    key = json.dumps({k: v for k, v in options.items() if k not in _PER_PAGE}, sort_keys=True)
    free = _free.setdefault(key, [])
    ctx = None
    while free and ctx is None:
        candidate = free.pop()
        if candidate.browser is browser and browser.is_connected() and not candidate.closed:
            ctx = candidate
    if ctx is None:
        ctx = _open(browser, key, options)
    ctx.options = options
    ctx.requests = []
    ctx.errors = []
    ctx.lent = True
    return ctx


@contextmanager
def lent_page(browser, **options):
    """A page lent for a ``with`` block (for ``set_content``, ``goto``…), given back after."""
    ctx = new_context(browser, **options)
    try:
        yield new_page(ctx)
    finally:
        ctx.close()


def new_page(ctx):
    """The context's page: its lent page while it has one free, else a new one, reporting its
    uncaught exceptions to ``ctx.errors``."""
    page = getattr(ctx, "pool_page", None)
    if page is not None and not page.is_closed() and not page.lent:
        page.lent = True
        return _dress(page, ctx)
    page = ctx.new_page()
    page.on("pageerror", lambda e: ctx.errors.append(str(e)))
    if not hasattr(ctx, "pool_key"):
        return page
    page.worn = (ctx.created["viewport"], ctx.created["color_scheme"])
    page.set_size, page.set_media = page.set_viewport_size, page.emulate_media  # the real ones, before _watch wraps them
    if ctx.pool_page is None or ctx.pool_page.is_closed():
        ctx.pool_page = page
        _watch(page, ctx, undo=ctx.undo)
        page.lent = True
    return _dress(page, ctx)


def _dress(page, ctx):
    """``page`` with the viewport and colour scheme the context was lent with."""
    viewport, scheme = ctx.options["viewport"], ctx.options["color_scheme"]
    if page.worn[0] != viewport:
        page.set_size(viewport)
    if page.worn[1] != scheme:
        page.set_media(color_scheme=scheme)
    page.worn = (viewport, scheme)
    return page


def _open(browser, key: str, options: dict):
    ctx = browser.new_context(**options)
    ctx.on("request", lambda r: ctx.requests.append(r.url))
    ctx.on("weberror", lambda e: ctx.errors.append(str(e.error)))
    ctx.on("close", lambda _: setattr(ctx, "closed", True))
    ctx.pool_key, ctx.pool_page, ctx.created, ctx.closed = key, None, options, False
    ctx.lasting, ctx.undo = [], []
    real_close = ctx.close
    ctx.close = lambda **kw: _give_back(ctx, real_close)
    _watch(ctx, ctx, undo=ctx.undo)
    return ctx


def _watch(target, ctx, undo: list) -> None:
    """Wrap ``target``'s methods (a context or a page) to note what the test changed: what can be
    undone, and whether it did what cannot (``ctx.lasting``)."""
    for name in _LASTING:
        if hasattr(target, name):
            _wrap(target, name, lambda *a, _name=name, **kw: ctx.lasting.append(_name))
    _wrap(target, "on", lambda event, handler: undo.append(lambda: target.remove_listener(event, handler)))
    _wrap(target, "once", lambda event, handler: undo.append(lambda: target.remove_listener(event, handler)))
    _wrap(target, "route", lambda *a, **kw: undo.append(lambda: target.unroute_all(behavior="ignoreErrors")))
    if hasattr(target, "grant_permissions"):
        _wrap(target, "grant_permissions", lambda *a, **kw: undo.append(target.clear_permissions))
    if hasattr(target, "emulate_media"):  # a page: undone with its real methods (new_page keeps them)
        def media(**kw):
            if {k for k, v in kw.items() if v is not None} - _UNDOABLE_MEDIA:
                ctx.lasting.append("emulate_media")
            undo.append(lambda: target.set_media(media="null"))
        _wrap(target, "emulate_media", media)
        _wrap(target, "set_viewport_size", lambda *a, **kw: undo.append(lambda: target.set_size(ctx.options["viewport"])))


def _wrap(target, name: str, note) -> None:
    real = getattr(target, name)

    def call(*args, **kwargs):
        note(*args, **kwargs)
        return real(*args, **kwargs)

    setattr(target, name, call)


def _give_back(ctx, real_close) -> None:
    """Clean ``ctx`` (see the module's text) and put it back in the pool, or close it."""
    ctx.lent = False
    page = ctx.pool_page
    if ctx.closed or ctx.lasting or not ctx.browser.is_connected() or (page is not None and page.is_closed()):
        return real_close()
    try:
        for other in ctx.pages:
            if other is not page:
                other.close()
        undo = list(ctx.undo)
        ctx.undo.clear()
        for step in reversed(undo):
            step()
        if page is not None:
            if page.url.startswith(("file:", "http:", "https:")):
                page.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
            page.goto("about:blank")
            page.mouse.move(-1, -1)
            page.lent = False
        ctx.clear_cookies()
    except Exception:  # a context that cannot be cleaned is not lent again
        return real_close()
    _free.setdefault(ctx.pool_key, []).append(ctx)
