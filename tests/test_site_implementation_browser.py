"""The implementation map's pages in Chromium (Playwright, from file://; fixtures in conftest.py): the chapter filter,
the badges, the graph's links, no request leaving the site, no serious axe violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from site_support import serious_accessibility_violations


def test_the_chapter_filter_shows_only_binding_duties(page, root):
    page.goto(root + "chapters/5.html")
    rows = page.locator(".map-row")
    binding = page.locator(".map-row.map-s-binding")
    total, n = rows.count(), binding.count()
    assert 0 < n < total
    expect(page.locator(".map-row.map-s-optional").first).to_be_visible()
    page.locator('label[for="ch5-show-binding"]').click()
    expect(page.locator(".map-row.map-s-optional").first).to_be_hidden()
    expect(binding.first).to_be_visible()
    assert page.locator(".map-row:visible").count() == n
    expect(page.locator('label[for="ch5-show-binding"]')).to_contain_text(f"({n})")
    page.locator('label[for="ch5-show-all"]').click()
    expect(page.locator(".map-row.map-s-optional").first).to_be_visible()
    assert page.locator(".map-row:visible").count() == total


def test_a_badge_is_quiet_and_says_its_trigger(page, root):
    page.goto(root + "articles/7.html")
    badge = page.locator("#art7-2 > .mb")
    expect(badge).to_be_visible()
    expect(badge).to_have_attribute("title", "“may require” — each State Party")
    small = badge.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    text = page.locator("#art7-2 > p:not([class])").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert small < 0.8 * text
    # what a screen reader is told: the label, and the trigger as its description
    assert page.evaluate("el => el.textContent", badge.element_handle()) == "optional"


def test_the_graph_links_each_article(page, root, context):
    page.goto(root + "implementation/graph.html")
    svg = page.locator("svg.map-graph")
    expect(svg).to_be_visible()
    assert svg.locator("a").count() == 68
    svg.locator('a[href="../articles/40.html"]').click()
    page.wait_for_url("**/articles/40.html")
    frame = page.locator("iframe.map-neighbourhood")
    frame.scroll_into_view_if_needed()  # loaded when the reader comes near it
    expect(frame).to_be_visible()
    box = frame.bounding_box()
    assert abs(box["width"] / box["height"] - 520 / 112) < 0.05  # the drawing's own proportions
    page.frame_locator("iframe.map-neighbourhood").locator('a[href="../../articles/50.html"]').click()
    page.wait_for_url("**/articles/50.html")  # the whole window goes there, not the frame
    assert all(u.startswith("file://") for u in context.requests), [u for u in context.requests if not u.startswith("file://")]


def test_the_checklist_previews_a_provision_on_hover(page, root, context):
    page.goto(root + "implementation/checklist.html")
    link = page.locator('.map-table a[href="../articles/7.html#art7-1"]')
    link.hover()
    tip = page.locator("#treaty-preview")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Each State Party shall adopt")
    for name in ("checklist.csv", "checklist.md"):
        expect(page.locator(f'a[download][href="{name}"]')).to_be_visible()
    assert all(u.startswith("file://") for u in context.requests)


# chapters/5.html (its map table) is checked in test_site_browser, articles/40.html (its badges) in test_site_reading
@pytest.mark.parametrize("path", ["implementation/checklist.html", "implementation/options.html", "implementation/graph.html",
                                  "articles/10.html"])
def test_no_serious_accessibility_violation_on_the_map_pages(page, root, path):
    page.goto(root + path)
    report = serious_accessibility_violations(page)
    assert report == "", report
