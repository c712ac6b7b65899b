"""Reading the built site as a lawyer would (issue 13), in Chromium at 1366 px and at 390 px
(a phone: touch, mobile viewport): citing, in-page navigation, previews, phone layout, print,
the full text, dark mode.  Fixtures (browser, root, contexts) are in conftest.py."""

from __future__ import annotations

import functools
import re
import http.server
import threading

import pytest
from playwright.sync_api import expect

from conftest import PUBLIC_BASE, new_context, new_page
from treaty.citation import parse
from treaty.site.citing import load_style

SCREENS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2},
}


@pytest.fixture(params=list(SCREENS))
def screen(request, browser):
    """A page on a desktop screen and on a phone; no script error allowed."""
    ctx = new_context(browser, **SCREENS[request.param])
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    page = new_page(ctx)
    page.kind = request.param
    yield page
    errors = ctx.errors
    ctx.close()
    assert errors == [], errors


@pytest.fixture(scope="module")
def style(doc):
    return load_style(doc)


@pytest.fixture(scope="module")
def base_root(built_site_with_base) -> str:
    return built_site_with_base.site_dir.as_uri() + "/"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served_with_base(built_site_with_base):
    """The base-URL site served from 127.0.0.1, as `treaty serve` does."""
    handler = functools.partial(_Quiet, directory=str(built_site_with_base.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _copy(page, anchor: str, form: str) -> str:
    button = page.locator(f"#{anchor} > .prov-tools .prov-copy")
    button.click()
    menu = page.locator("#treaty-cite-menu")
    expect(menu).to_be_visible()
    menu.locator(f'[data-form="{form}"]').click()
    expect(menu).to_be_hidden()
    copied = button.get_attribute("data-copied")
    assert page.evaluate("navigator.clipboard.readText()") == copied
    return copied


# -- citing -------------------------------------------------------------------------------------
def test_copy_citation_offers_short_full_and_link(screen, root, style):
    page = screen
    page.goto(root + "articles/40.html#art40-21-b")
    url = root + "articles/40.html#art40-21-b"
    c = parse("Article 40(21)(b)")
    button = page.locator("#art40-21-b > .prov-tools .prov-copy")
    button.click()
    menu = page.locator("#treaty-cite-menu")
    expect(menu.locator("button")).to_have_count(3)
    expect(menu.locator('[data-form="short"]')).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "true")
    box = menu.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    for form in ("short", "full", "link"):
        assert _copy(page, "art40-21-b", form) == style.forms(c, url)[form]
    expect(page.locator("#treaty-live")).to_contain_text("Copied: " + url)


@pytest.mark.parametrize("where", ["file", "http"])
def test_with_a_base_url_a_copied_citation_carries_the_public_url(screen, base_root, served_with_base, style, where):
    page = screen
    page.goto((base_root if where == "file" else served_with_base) + "notes.html")
    copied = [_copy(page, "note3", form) for form in ("short", "full", "link")]
    public = PUBLIC_BASE + "notes.html#note3"
    assert copied == [style.short_form("Interpretative note 3", "notes"), style.full_form("Interpretative note 3", "notes", public), public]
    assert not any("file:" in x or "127.0.0.1" in x for x in copied)


def test_the_script_writes_every_form_as_python_does(page, root, doc, style):
    """One rule: the script's forms (treaty.citationForms) against treaty.site.citing for every unit."""
    page.goto(root + "index.html")
    units = [(u.citation.canonical, u.citation.part, "https://x.org/" + u.citation.url) for u in doc.walk()]
    units += [(f.citation.canonical, f.citation.part, "https://x.org/" + f.citation.url) for f in doc.footnotes]
    got = page.evaluate("units => units.map(([c, p, u]) => treaty.citationForms(c, p, u))", units)
    expected = [{"short": style.short_form(c, p), "full": style.full_form(c, p, u), "link": u} for c, p, u in units]
    assert got == expected


# -- in-page navigation -------------------------------------------------------------------------
def _scroll_to(page, anchor: str) -> None:
    """Bring the provision's top just above the reading line (a third down the view), where the
    script marks the provision being read — not to the top of the view, from where a short
    provision's successor has passed the line too, when the page is long enough to scroll there."""
    page.evaluate("id => { const el = document.getElementById(id); el.scrollIntoView({block: 'start'});"
                  " window.scrollBy(0, el.getBoundingClientRect().top - window.innerHeight / 3 + 4); }", anchor)


def test_in_page_navigation_lists_the_paragraphs_and_follows_the_reading(screen, root, doc):
    page = screen
    page.goto(root + "articles/40.html")
    nav = page.locator("nav.treaty-paranav")
    links = nav.locator("a.treaty-paranav__link")
    paragraphs = [u for u in doc.index()[parse("Article 40")].children if u.kind == "paragraph"]
    expect(links).to_have_count(len(paragraphs))
    assert [a.get_attribute("href") for a in links.all()] == [f"#{u.citation.id}" for u in paragraphs]
    expect(links.nth(20)).to_have_text("21. Mutual legal assistance may be refused:")
    expect(nav).to_have_attribute("aria-label", "Paragraphs of Article 40")
    current = nav.locator('a[aria-current="location"]')
    expect(current).to_have_attribute("href", "#art40-1")
    if page.kind == "desktop":
        # in the right-hand column, open
        expect(page.locator(".md-sidebar--secondary nav.treaty-paranav")).to_be_visible()
        assert nav.bounding_box()["x"] > 1000
    else:
        # a bar under the header, closed, naming the provision being read
        expect(nav).to_have_class(re.compile("treaty-paranav--bar"))
        expect(links.first).to_be_hidden()
    for anchor in ("art40-21", "art40-30", "art40-9"):
        _scroll_to(page, anchor)
        expect(current).to_have_attribute("href", "#" + anchor)
        if page.kind == "phone":
            summary = nav.locator("summary")
            expect(summary).to_be_in_viewport()
            expect(summary.locator(".treaty-paranav__current")).to_have_text(re.compile(r"^" + anchor.split("-")[1] + r"\. "))
    if page.kind == "phone":
        nav.locator("summary").click()
        expect(links.nth(29)).to_be_visible()
        box = nav.locator("ol").bounding_box()
        assert box["height"] <= page.viewport_size["height"] * 0.6 + 1
        for link in links.all()[:5]:
            assert link.bounding_box()["height"] >= 44
    else:
        links.nth(29).scroll_into_view_if_needed()
    links.nth(29).click()
    page.wait_for_url("**#art40-30")
    expect(page.locator("#art40-30")).to_be_in_viewport()
    if page.kind == "phone":
        expect(links.first).to_be_hidden()  # following a link closes the list


@pytest.mark.parametrize(("path", "first", "group"), [
    ("notes.html", "#notes-art2", "Article 2"),
    ("resolution.html", "#res-preamble", "Preamble"),
    ("report.html", "#report-sec1", "Introduction"),
    ("preamble.html", "#preamble-1", None),
])
def test_in_page_navigation_on_the_other_parts(page, root, path, first, group):
    page.goto(root + path)
    nav = page.locator("nav.treaty-paranav")
    expect(nav).to_be_visible()
    assert nav.locator("a").first.get_attribute("href") == first
    if group:
        expect(nav.locator(".treaty-paranav__group a").first).to_have_text(group)


@pytest.mark.parametrize("path", ["index.html", "chapters/5.html", "glossary.html", "articles/10.html"])
def test_no_in_page_navigation_where_there_is_nothing_to_list(page, root, path):
    page.goto(root + path)
    page.wait_for_load_state("load")
    expect(page.locator(".treaty-page")).to_be_visible()
    assert page.locator("nav.treaty-paranav").count() == 0


# -- previews -----------------------------------------------------------------------------------
def _open_preview(page, link):
    """Hover with a mouse, tap on a touch screen; the preview box."""
    if page.kind == "phone":
        link.tap()
    else:
        link.hover()
    box = page.locator("#treaty-preview")
    expect(box).to_be_visible()
    return box


def test_a_range_preview_fits_the_window_and_scrolls(screen, root):
    page = screen
    page.goto(root + "articles/40.html#art40-7")
    link = page.locator('#art40-7 a.xref[href="#art40-8"]').first
    box = _open_preview(page, link)
    items = box.locator(".treaty-preview__item")
    expect(items).to_have_count(23)  # paragraphs 8 to 30 ride with "Paragraphs 8"; 31 has its own link
    expect(items.first.locator(".treaty-preview__title")).to_have_text("Article 40(8)")
    assert [a.get_attribute("href") for a in box.locator("a.treaty-preview__open").all()] == [f"#art40-{n}" for n in range(8, 31)]
    height = page.viewport_size["height"]
    rect = box.bounding_box()
    assert 0 <= rect["y"] and rect["y"] + rect["height"] <= height and rect["height"] <= height
    assert rect["x"] >= 0 and rect["x"] + rect["width"] <= page.viewport_size["width"]
    assert box.evaluate("el => el.scrollHeight > el.clientHeight && getComputedStyle(el).overflowY === 'auto'")
    # each line is one line: citation, heading (for articles) and the start of the text
    line = items.first.locator(".treaty-preview__line")
    assert line.evaluate("el => getComputedStyle(el).whiteSpace") == "nowrap"
    if page.kind == "desktop":
        # beside the link, never over it
        r = link.bounding_box()
        assert rect["y"] >= r["y"] + r["height"] or rect["y"] + rect["height"] <= r["y"]
    box.evaluate("el => el.scrollTop = el.scrollHeight")
    last = box.locator("a.treaty-preview__open").last
    expect(last).to_be_in_viewport()
    last.click()
    page.wait_for_url("**#art40-30")
    expect(page.locator("#art40-30")).to_be_in_viewport()


def test_a_range_of_articles_shows_each_heading(page, root):
    page.goto(root + "articles/17.html")
    page.locator("#art17-2-a a.xref").first.hover()
    box = page.locator("#treaty-preview")
    expect(box.locator(".treaty-preview__title")).to_have_text([f"Article {n}" for n in range(7, 16)])
    expect(box.locator(".treaty-preview__heading").first).to_have_text("Illegal access")


def test_on_a_touch_screen_the_first_tap_previews_the_second_follows(browser, root):
    ctx = new_context(browser, **SCREENS["phone"])
    page = new_page(ctx)
    page.goto(root + "articles/42.html#art42-6")
    link = page.locator("#art42-6 a.xref").nth(1)
    link.tap()
    sheet = page.locator("#treaty-preview")
    expect(sheet).to_be_visible()
    expect(sheet).to_have_attribute("role", "dialog")
    expect(sheet).to_have_class(re.compile("treaty-preview--sheet"))
    expect(sheet.locator(".treaty-preview__title")).to_have_text(["Article 40(21)(c)"])
    assert page.url.endswith("articles/42.html#art42-6")
    rect = sheet.bounding_box()
    assert abs(rect["y"] + rect["height"] - 844) < 2 and rect["width"] == 390  # at the bottom, the whole width
    for control in (sheet.locator(".treaty-preview__close"), sheet.locator("a.treaty-preview__open")):
        assert control.bounding_box()["height"] >= 44
    # a defined term too: its definition, then back to the reference
    page.locator('a.term[data-peek="def:seizure"]').first.tap()
    expect(sheet.locator(".treaty-preview__title")).to_have_text(["“seizure” — Article 2(k)"])
    assert page.url.endswith("articles/42.html#art42-6")
    # the close button closes; tapping the link twice follows it
    sheet.locator(".treaty-preview__close").tap()
    expect(sheet).to_be_hidden()
    link.tap()
    expect(sheet).to_be_visible()
    link.tap()
    page.wait_for_url("**/articles/40.html#art40-21-c")
    assert ctx.errors == []
    ctx.close()


def test_on_a_touch_screen_the_tapped_link_stays_above_the_sheet(browser, root):
    """A link low on the screen would be under the sheet its tap opens, and its second tap would
    land on the sheet: the page scrolls it into sight above the sheet."""
    ctx = new_context(browser, **SCREENS["phone"])
    page = new_page(ctx)
    page.goto(root + "articles/17.html")
    link = page.locator("#art17-2-a a.xref").first
    link.evaluate("el => window.scrollBy({top: el.getBoundingClientRect().bottom - window.innerHeight + 12, behavior: 'instant'})")
    link.tap()
    sheet = page.locator("#treaty-preview")
    expect(sheet.locator(".treaty-preview__title").first).to_have_text("Article 7")
    assert link.bounding_box()["y"] + link.bounding_box()["height"] <= sheet.bounding_box()["y"]
    link.tap()  # reaches the link, not the sheet
    page.wait_for_url("**/articles/7.html")
    assert ctx.errors == []
    ctx.close()


def test_previews_from_the_keyboard(page, root):
    page.goto(root + "articles/40.html#art40-7")
    link = page.locator('#art40-7 a.xref[href="#art40-8"]').first
    link.focus()
    box = page.locator("#treaty-preview")
    expect(box).to_be_visible()
    expect(link).to_have_attribute("aria-describedby", "treaty-preview")
    page.keyboard.press("ArrowDown")
    expect(box.locator("a.treaty-preview__open").first).to_be_focused()
    page.keyboard.press("Tab")
    expect(box.locator("a.treaty-preview__open").nth(1)).to_be_focused()
    page.keyboard.press("Escape")
    expect(box).to_be_hidden()
    expect(link).to_be_focused()
    assert link.get_attribute("aria-describedby") is None


# -- phone layout -------------------------------------------------------------------------------
def _unobscured(page, locator) -> bool:
    """Nothing covers the middle of the element (it is what a tap there reaches)."""
    return locator.evaluate("""el => {
        const r = el.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit === el || el.contains(hit);
    }""")


@pytest.mark.parametrize("width", [360, 390, 430, 1366])
def test_permalink_and_copy_controls_are_on_screen_and_not_covered(browser, root, width):
    phone = width < 1000
    ctx = new_context(browser, viewport={"width": width, "height": 800}, has_touch=phone, is_mobile=phone)
    page = new_page(ctx)
    page.goto(root + "articles/40.html#art40-21-b")
    for anchor in ("art40-21-b", "art40-21", "art40-12-a", "art40-32"):
        prov = page.locator("#" + anchor)
        prov.scroll_into_view_if_needed()
        if not phone:
            prov.hover()
        controls = [prov.locator(":scope > .prov-tools .prov-copy")]
        if not phone:
            controls.append(prov.locator(":scope > .prov-tools .prov-link"))
        for control in controls:
            expect(control).to_be_visible()
            box = control.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (anchor, box)
            if phone:
                assert box["width"] >= 44 and box["height"] >= 44, (anchor, box)
            assert _unobscured(page, control), anchor
    if phone:
        # the permalink is in the copy menu, which fits the screen
        page.locator("#art40-21-b > .prov-tools .prov-copy").tap()
        permalink = page.locator("#treaty-cite-menu a.treaty-cite-menu__permalink")
        expect(permalink).to_be_visible()
        box = page.locator("#treaty-cite-menu").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        for choice in page.locator("#treaty-cite-menu .treaty-cite-menu__choice").all():
            assert choice.bounding_box()["height"] >= 44
        permalink.tap()
        page.wait_for_url("**#art40-21-b")
    assert ctx.errors == []
    ctx.close()


def test_arriving_at_an_anchor_on_a_phone_the_provision_is_not_under_the_bars(screen, root):
    page = screen
    page.goto(root + "articles/40.html#art40-27")
    number = page.locator("#art40-27 > p:not([class]) > b:first-child")
    expect(number).to_be_in_viewport()
    assert _unobscured(page, number)


# -- print and the full text --------------------------------------------------------------------
def _pdf(page) -> list[str]:
    """The page printed to A4 by Chromium; the text of each printed page (read by PDFium, the
    PDF engine Chromium itself uses: ~0.4 s for the full text's 39 pages, pypdf took 8 s)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(page.pdf(prefer_css_page_size=True))
    texts = []
    try:
        for i in range(len(pdf)):
            p = pdf[i]
            width, height = p.get_size()
            assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2, "A4"
            texts.append(" ".join(p.get_textpage().get_text_range().split()))
    finally:
        pdf.close()
    return texts


def test_article_40_prints_on_at_most_six_a4_pages_with_header_and_footer(screen, root):
    page = screen
    page.goto(root + "articles/40.html")
    expect(page.locator("style#treaty-print-page")).to_be_attached()
    pages = _pdf(page)
    assert 1 < len(pages) <= 6, len(pages)
    for n, text in enumerate(pages, start=1):
        assert "United Nations Convention against Cybercrime" in text
        assert "Article 40 — General principles and procedures relating to mutual legal assistance" in text
        assert f"Page {n} of {len(pages)}" in text
        assert (root + "articles/40.html").replace("file://", "") in text.replace("ﬁ", "fi").replace("file://", "")
        assert "Text of the Third Committee's report of 27 November 2024" in text and "source SHA-256 3058bfbfc4c72881" in text
    whole = " ".join(pages)
    assert "32. States Parties shall consider" in whole  # the text is all there
    for chrome in ("Referred to by", "are referred to by", "Article 39", "Chapter V — International cooperation", "Paragraphs 1.", "Back to top", "Copy citation"):
        assert chrome not in whole, chrome


@pytest.mark.parametrize(("path", "hidden"), [
    ("articles/40.html", [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".treaty-paranav", ".article-nav",
                          ".breadcrumb", ".prov-refby", ".prov-refby-run", ".prov-tools"]),
    ("articles/2.html", ["aside.article-notes"]),
    ("articles/65.html", ["details.annotation"]),
])
def test_print_hides_navigation_asides_and_backlinks(page, root, path, hidden):
    page.goto(root + path)
    expect(page.locator(".prov-tools").first).to_be_attached()
    page.emulate_media(media="print")
    for selector in hidden:
        loc = page.locator(selector).first
        expect(loc).to_be_attached()
        assert loc.evaluate("el => getComputedStyle(el).display") == "none", selector
    expect(page.locator(".treaty-page h1")).to_be_visible()


def test_with_a_base_url_the_printout_carries_the_public_url(page, base_root):
    page.goto(base_root + "notes.html")
    expect(page.locator("style#treaty-print-page")).to_be_attached()
    pages = _pdf(page)
    assert all(PUBLIC_BASE + "notes.html" in text for text in pages)
    assert not any("file:" in text.replace("ﬁ", "fi") for text in pages)


def test_the_full_text_has_every_provision_once_with_its_own_id(built_site, doc):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((built_site.site_dir / "full-text.html").read_text(encoding="utf-8"), "lxml")
    page = soup.select_one(".treaty-page")
    ids = [el["id"] for el in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    ids = set(ids)
    for part in ("convention", "notes"):
        for unit in doc.part(part).walk():
            assert unit.citation.id in ids, unit.citation.canonical
    for unit in (*doc.part("resolution").walk(), *doc.part("report").walk()):
        assert unit.citation.id not in ids or unit.kind == "title"
    # links between provisions stay on the page; no editorial annotation is shown
    for a in page.select("a.xref"):
        assert a["href"].startswith("#") or not a["href"].startswith(("articles/", "notes.html", "preamble.html")), a["href"]
    assert page.select("details.annotation") == []
    home = BeautifulSoup((built_site.site_dir / "index.html").read_text(encoding="utf-8"), "lxml")
    assert home.select_one('.toc a[href="full-text.html"]') is not None


def test_the_full_text_reads_and_prints(screen, root):
    page = screen
    page.goto(root + "full-text.html#art40-21-b")
    target = page.locator("#art40-21-b")
    expect(target).to_be_in_viewport()
    assert target.evaluate("el => el.matches(':target')")
    nav = page.locator("nav.treaty-paranav")
    expect(nav.locator("summary .treaty-paranav__title")).to_have_text("Contents")
    expect(nav.locator('a[href="#art40"]')).to_have_count(1)
    expect(nav.locator('a[aria-current="location"]')).to_have_attribute("href", "#art40")
    # a cross-reference previews from the page and links within it
    link = page.locator('#art42-6 a.xref[href="#art40-21-c"]')
    expect(link).to_have_count(1)
    if page.kind == "phone":
        # a defined term's "Open" (from the shared previews) stays on this page, where the definition is
        page.locator('a.term[data-peek="def:seizure"]').first.tap()
        expect(page.locator("#treaty-preview a.treaty-preview__open")).to_have_attribute("href", "#art2-k")
        page.locator("#treaty-preview .treaty-preview__close").tap()
    pages = _pdf(page)
    assert 25 <= len(pages) <= 50, len(pages)
    assert "United Nations Convention against Cybercrime — full text" in pages[0]
    whole = " ".join(pages)
    assert "Article 68 — Depositary and languages" in whole and "5. Outside the convention, States parties may afford one another" in whole


# -- small things: the glossary's scoped terms, dark mode, accessibility in both ------------------
def test_glossary_says_the_scope_of_a_scoped_term(page, root):
    page.goto(root + "glossary.html")
    index = page.locator(".glossary-index a")
    expect(index.filter(has_text="criminal investigations")).to_have_text(["criminal investigations — in Article 23",
                                                                           "criminal investigations — in Article 35"])
    expect(index.filter(has_text="intimate image")).to_have_text(["intimate image — in Article 16(1)"])
    expect(index.filter(has_text="confiscation")).to_have_text(["confiscation"])
    assert "Interpretative note 4)" not in page.locator(".glossary-index").text_content()
    expect(page.locator("#term-criminal-investigations")).to_have_text("criminal investigations — in Article 23")


def test_dark_mode_follows_the_system_and_the_toggle_is_kept(browser, root):
    body_scheme = "() => document.body.getAttribute('data-md-color-scheme')"
    ctx = new_context(browser, color_scheme="dark")
    page = new_page(ctx)
    page.goto(root + "articles/40.html")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert page.locator("#art40-1").evaluate("el => getComputedStyle(el).color") != "rgba(0, 0, 0, 0.87)"
    ctx.close()
    ctx = new_context(browser, color_scheme="light")
    page = new_page(ctx)
    page.goto(root + "articles/40.html#art40-21")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    toggle = page.locator('form[data-md-component="palette"] label[title="Switch to dark mode"]')
    expect(toggle).to_be_visible()
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    # the highlighted provision takes the dark scheme's colours
    assert page.locator("#art40-21").evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(61, 53, 20)"
    page.goto(root + "glossary.html")
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.reload()
    assert page.evaluate(body_scheme) == "slate"
    page.locator('form[data-md-component="palette"] label[title="Switch to light mode"]').click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert ctx.errors == []
    ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(SCREENS))
def test_no_serious_accessibility_violation_in_either_scheme(browser, root, scheme, kind):
    """axe-core on the reading pages at both screen sizes in both schemes, then with a range
    preview and the citation menu open.  A dark page differs from its light one in colour only (and
    in which palette toggle shows; site_support.COLOUR_RULES): dark pages are checked with axe's
    colour rules, the toggle with all.  A popup changes the popup and the control that opened it:
    only they are checked once it is open, the page having been checked whole."""
    from site_support import COLOUR_RULES, PALETTE, serious_accessibility_violations

    ctx = new_context(browser, color_scheme=scheme, **SCREENS[kind])
    page = new_page(ctx)
    rules = COLOUR_RULES if scheme == "dark" else None
    found = []

    def check(what, include=None, rules=rules):
        report = serious_accessibility_violations(page, include, rules)
        found.extend(f"{what}: {line}" for line in report.splitlines())

    for path in ("index.html", "notes.html", "glossary.html", "how-to-cite.html", "articles/40.html#art40-21"):
        page.goto(root + path)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
        if path.startswith("articles/40"):
            expect(page.locator("nav.treaty-paranav")).to_be_attached()
        check(path)
    if scheme == "dark":
        check("palette toggle", [PALETTE], rules=None)
    # with a range preview and the citation menu open (the same page: only the fragment changes)
    page.goto(root + "articles/40.html#art40-7")
    link = '#art40-7 a.xref[href="#art40-8"]'
    page.locator(link).first.tap() if kind == "phone" else page.locator(link).first.hover()
    expect(page.locator("#treaty-preview")).to_be_visible()
    check("range preview", ["#treaty-preview", link])
    copy = "#art40-7 > .prov-tools .prov-copy"
    page.locator(copy).click()
    expect(page.locator("#treaty-cite-menu")).to_be_visible()
    check("citation menu", ["#treaty-cite-menu", copy])
    assert found == [], "\n".join(found)
    assert ctx.errors == []
    ctx.close()
