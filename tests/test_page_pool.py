"""The browser tests' page pool (tests/page_pool.py): a context lent again is as clean as a new
one where a test could tell, and one changed for good is never lent again."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from page_pool import new_context, new_page


@pytest.fixture
def options():
    """A viewport no other test asks for: a page showing it was lent with it."""
    return {"viewport": {"width": 1111, "height": 777}}


def _lend(browser, options):
    ctx = new_context(browser, **options)
    return ctx, new_page(ctx)


def test_a_context_given_back_is_lent_again_clean(browser, root, options):
    ctx, page = _lend(browser, options)
    page.goto(root + "articles/40.html")
    page.evaluate("() => { localStorage.setItem('pool-test', '1'); sessionStorage.setItem('pool-test', '1'); }")
    page.locator("#art40-7 a.xref").first.hover()
    assert page.evaluate("document.querySelectorAll(':hover').length") > 0
    seen = []
    page.on("console", lambda m: seen.append(m.text))
    page.route("**/treaty-previews.js", lambda route: route.abort())
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 500, "height": 500})
    ctx.grant_permissions(["clipboard-read"])
    other = ctx.new_page()
    ctx.errors.append("an error of the last test")
    ctx.close()
    assert other.is_closed()

    again, page_again = _lend(browser, options)
    assert again is ctx and page_again is page  # lent, not new
    assert page.url == "about:blank"
    assert again.errors == [] and again.requests == [] and again.pages == [page]
    assert page.viewport_size == options["viewport"]
    page.goto(root + "articles/40.html")
    assert page.evaluate("[localStorage.getItem('pool-test'), sessionStorage.getItem('pool-test')]") == [None, None]
    assert page.evaluate("document.querySelectorAll(':hover').length") == 0
    # the mouse is off the page: a press where it is reaches nothing in it (the root at most)
    page.evaluate("() => { window.pressed = []; addEventListener('mousedown', (e) => pressed.push(e.target.tagName), true); }")
    page.mouse.down()
    page.mouse.up()
    assert set(page.evaluate("window.pressed")) <= {"HTML"}
    assert page.evaluate("matchMedia('print').matches") is False
    assert page.evaluate("navigator.permissions.query({name: 'clipboard-read'}).then(p => p.state)") != "granted"
    page.evaluate("console.log('after')")
    assert "after" not in seen  # the last test's listener is gone
    page.locator("#art40-7 a.xref").first.hover()  # previews load: the route is gone
    expect(page.locator("#treaty-preview")).to_be_visible()
    assert any(url.endswith("treaty-previews.js") for url in again.requests)
    again.close()


def test_a_context_changed_for_good_is_closed_not_lent(browser, root, options):
    ctx, page = _lend(browser, options)
    page.add_init_script("window.changedForGood = true")
    ctx.close()
    assert page.is_closed()
    again, page_again = _lend(browser, options)
    assert again is not ctx
    page_again.goto(root + "index.html")
    assert page_again.evaluate("window.changedForGood") is None
    again.close()


def test_two_contexts_lent_at_once_are_two(browser, options):
    first, page1 = _lend(browser, options)
    second, page2 = _lend(browser, options)
    assert first is not second and page1 is not page2
    first.close()
    second.close()


def test_a_page_takes_on_the_viewport_and_scheme_it_is_lent_with(browser, root, options):
    ctx, page = _lend(browser, options)
    page.goto(root + "index.html")
    assert page.evaluate("[innerWidth, matchMedia('(prefers-color-scheme: dark)').matches]") == [1111, False]
    ctx.close()
    dark = {"viewport": {"width": 600, "height": 700}, "color_scheme": "dark"}
    again, page = _lend(browser, dark)
    assert again is ctx
    page.goto(root + "index.html")
    assert page.evaluate("[innerWidth, innerHeight, matchMedia('(prefers-color-scheme: dark)').matches]") == [600, 700, True]
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    second = new_page(again)  # a second page of the lent context wears them too
    second.goto(root + "index.html")
    assert second.evaluate("[innerWidth, matchMedia('(prefers-color-scheme: dark)').matches]") == [600, True]
    again.close()
    assert second.is_closed()
    ctx, page = _lend(browser, options)
    page.goto(root + "index.html")
    assert page.evaluate("[innerWidth, matchMedia('(prefers-color-scheme: dark)').matches]") == [1111, False]
    ctx.close()
