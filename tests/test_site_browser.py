"""The built site in a real browser: Debian's Chromium driven by Playwright, opened from file://.

One browser for the module, a fresh context per test; the site is built once per session.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading

import pytest
from playwright.sync_api import expect

from conftest import new_context, new_page
from site_support import COLOUR_RULES, serious_accessibility_violations

TARGET_BG = "rgb(255, 243, 196)"  # --treaty-target in treaty.css
# the browser, root, context and page fixtures are in conftest.py (shared with test_site_reading.py)


def test_navigation_from_home_to_an_article_and_the_next(page, root):
    page.goto(root + "index.html")
    page.locator('.toc-articles a[href="articles/40.html"]').click()
    assert page.url == root + "articles/40.html"
    expect(page.locator("h1")).to_contain_text("Article 40")
    expect(page.locator("h1")).to_contain_text("General principles and procedures relating to mutual legal assistance")
    page.locator(".article-nav a", has_text="Article 41").first.click()
    assert page.url == root + "articles/41.html"
    page.locator(".breadcrumb a").click()
    assert page.url == root + "chapters/5.html"
    # the sidebar lists the chapter's articles
    expect(page.locator('.md-nav a[href="../articles/40.html"]').first).to_be_attached()


def test_arriving_at_an_anchor_highlights_the_provision(page, root):
    page.goto(root + "articles/40.html#art40-21-b")
    target = page.locator("#art40-21-b")
    assert target.evaluate("el => el.matches(':target')")
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") == TARGET_BG
    assert page.locator("#art40-21-a").evaluate("el => getComputedStyle(el).backgroundColor") != TARGET_BG
    expect(target).to_be_in_viewport()
    # following a permalink on the same page moves the highlight
    page.locator("#art40-21-c").hover()
    page.locator("#art40-21-c > .prov-tools .prov-link").click()
    assert page.locator("#art40-21-c").evaluate("el => getComputedStyle(el).backgroundColor") == TARGET_BG
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") != TARGET_BG


def test_copy_button_copies_citation_with_url(context, page, root, doc):
    from treaty.site.citing import load_style

    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(root + "articles/40.html")
    item = page.locator("#art40-21-b")
    item.hover()
    button = item.locator(":scope > .prov-tools .prov-copy")
    expect(button).to_be_visible()
    button.click()
    page.locator('#treaty-cite-menu [data-form="short"]').click()
    expected = load_style(doc).short_form("Article 40(21)(b)", "convention")
    expect(button).to_have_attribute("data-copied", expected)
    assert page.evaluate("navigator.clipboard.readText()") == expected == "Art. 40(21)(b) UN Cybercrime Convention"
    expect(page.locator("#treaty-live")).to_have_text("Copied: " + expected)


def _previews(page) -> dict:
    """The site's shared previews (treaty-previews.js), once the page has fetched them."""
    return page.evaluate("window.treatyPreviews")


SHARED_PREVIEWS = "assets/javascripts/treaty-previews.js"


def test_hover_preview_of_a_cross_reference_reads_the_shared_previews_once(context, page, root):
    with page.expect_request(root + "assets/images/favicon.png"):  # a page load's last request, after its load event
        page.goto(root + "articles/40.html")
    before = len(context.requests)
    assert _previews(page) is None, "the previews are fetched when first wanted, not with the page"
    link = page.locator('a.xref[data-peek]:not([href^="#"])').first
    keys = link.get_attribute("data-peek").split()
    link.hover()
    tip = page.locator("#treaty-preview")
    expect(tip).to_be_visible()
    data = _previews(page)
    expect(tip.locator(".treaty-preview__title").first).to_have_text(data[keys[0]]["c"])
    expect(tip.locator(".treaty-preview__text").first).to_have_text(data[keys[0]]["t"])
    assert link.get_attribute("aria-describedby") == "treaty-preview"
    assert context.requests[before:] == [root + SHARED_PREVIEWS], "one file of the site itself, fetched once"
    page.mouse.move(5, 890)
    expect(tip).to_be_hidden()
    # a term's preview: from the same file, nothing more fetched
    page.locator("a.term[data-peek]").first.hover()
    expect(tip.locator(".treaty-preview__title").first).to_contain_text("— Article 2(")
    assert context.requests[before:] == [root + SHARED_PREVIEWS]


def test_a_provision_on_the_same_page_is_previewed_from_the_page(page, root):
    page.goto(root + "articles/40.html")
    link = page.locator('#art40-7 a.xref[href="#art40-31"]').first
    link.hover()
    tip = page.locator("#treaty-preview")
    expect(tip.locator(".treaty-preview__title")).to_have_text(["Article 40(31)"])
    expect(tip.locator(".treaty-preview__text").first).to_contain_text("The requested State Party: (a) Shall provide to the requesting State Party copies of government records")
    assert "Referred to by" not in tip.text_content() and "¶" not in tip.text_content()
    assert "art40-31" not in _previews(page)


def test_each_provision_of_a_list_or_range_has_its_own_link_and_preview(page, root):
    page.goto(root + "articles/42.html")
    links = page.locator("#art42-6 a.xref")
    assert links.all_text_contents() == ["article 40, paragraph 21 (b)", "(c)", "paragraph 22"]
    tip = page.locator("#treaty-preview")
    for k, cited in enumerate(["Article 40(21)(c)", "Article 40(22)"], start=1):
        links.nth(k).hover()
        expect(tip.locator(".treaty-preview__title")).to_have_text([cited])
    links.nth(1).click()
    assert page.url == root + "articles/40.html#art40-21-c"
    # a range: its first link previews the numbers inside it, its last only itself
    page.goto(root + "articles/17.html")
    first, last = page.locator("#art17-2-a a.xref").all()
    first.hover()
    expect(tip.locator(".treaty-preview__title")).to_have_text([f"Article {n}" for n in range(7, 16)])
    last.hover()
    expect(tip.locator(".treaty-preview__title")).to_have_text(["Article 16"])


def test_defined_term_shows_its_definition(page, root, site_annotations, index):
    use = next(u for u in site_annotations.term_uses if index[u.source.canonical].kind != "title")
    page.goto(root + use.source.page)
    term = page.locator("a.term[data-peek]").first
    term.focus()
    tip = page.locator("#treaty-preview")
    expect(tip).to_be_visible()
    expect(tip.locator(".treaty-preview__title").first).to_contain_text("”")


def _ask(page, query: str) -> None:
    """Put the whole query in the search box at once.

    Material searches on keyup: typing key by key would start one search per prefix ("40(2") and
    a prefix's results can be on screen when we look.  Fill the whole query, then one key event,
    so the only results that can appear are the full query's.
    """
    box = page.locator(".md-search__input")
    box.click()
    box.fill(query)
    box.press("End")


def _search(page, query: str):
    """Ask, and wait for the results: the first result's link (each result is one provision)."""
    _ask(page, query)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
    return page.locator(".md-search-result__list > li").first.locator("a.md-search-result__link").first


def _cites(page) -> list[str]:
    return page.locator(".md-search-result__item .treaty-hit__cite").all_text_contents()


def test_search_from_file_lands_on_the_paragraph(page, root):
    page.goto(root + "index.html")
    first = _search(page, "40(21)(b)")
    assert first.get_attribute("href").split("?")[0] == root + "articles/40.html#art40-21-b"
    expect(first.locator(".treaty-hit__cite")).to_have_text("Article 40(21)(b)")
    expect(first.locator(".treaty-hit__text")).to_contain_text("If the requested State Party considers")
    # never folded under "more on this page": one provision a result
    assert page.locator(".md-search-result__more").count() == 0
    first.locator(".treaty-hit__text").click()  # any part of the result lands on the anchor
    page.wait_for_url("**/articles/40.html#art40-21-b")
    target = page.locator("#art40-21-b")
    assert target.evaluate("el => el.matches(':target')")
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") == TARGET_BG
    expect(target).to_be_in_viewport()


@pytest.mark.parametrize(("query", "first"), [
    ("Art. 40(21)(b)", "articles/40.html#art40-21-b"),
    ("11(1)(a)(ii)", "articles/11.html#art11-1-a-ii"),
    ("40(21)", "articles/40.html#art40-21"),  # the paragraph before the items inside it
    ("14(2)", "articles/14.html#art14-2"),
    ("article 2", "articles/2.html"),  # not Article 20 or 28
])
def test_search_offers_the_cited_provision_first(page, root, query, first):
    page.goto(root + "articles/1.html")
    assert _search(page, query).get_attribute("href") == root + first


@pytest.mark.parametrize(("query", "first"), [
    ("CSAM", "Article 14("),                     # an abbreviation
    ('"statute of limitations"', "Article 20"),   # a phrase
])
def test_search_answers_like_treaty_search(page, root, query, first):
    page.goto(root + "index.html")
    _search(page, query)
    assert _cites(page)[0].startswith(first), _cites(page)


def test_search_filters_by_kind(page, root):
    page.goto(root + "index.html")
    _search(page, "kind:note service provider")
    cites = _cites(page)
    assert cites and all(c.startswith("Interpretative note") for c in cites), cites


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_overlay_with_results_open_has_no_serious_accessibility_violation(browser, root, scheme):
    """axe on the overlay as a reader sees it: results listed, each a citation and a marked snippet.
    The page under it is checked in both schemes in test_site_reading; in the dark scheme, what
    differs is colour (site_support.COLOUR_RULES)."""
    ctx = new_context(browser, color_scheme=scheme)
    page = new_page(ctx)
    page.goto(root + "index.html")
    _search(page, "extradition")
    expect(page.locator(".treaty-hit__text mark").first).to_be_visible()
    # each result's heading is its citation; the snippet is a paragraph under it, not in it
    expect(page.locator(".md-search-result__article > p.treaty-hit__text").first).to_be_visible()
    assert page.locator(".md-search-result__article h1 .treaty-hit__text").count() == 0
    heading = page.locator(".md-search-result__article h1").first
    assert heading.text_content() == heading.locator(".treaty-hit__cite").text_content()
    report = serious_accessibility_violations(page, [".md-search"], COLOUR_RULES if scheme == "dark" else None)
    errors = ctx.errors
    ctx.close()
    assert report == "" and errors == [], report or errors


def test_a_misspelling_is_answered_with_did_you_mean(page, root):
    page.goto(root + "index.html")
    first = _search(page, "extradtion")
    expect(first.locator(".treaty-hit__suggest")).to_have_text("Did you mean extradition?")
    assert _cites(page)[0].startswith("Article 37")
    expect(first.locator(".treaty-hit__text mark").first).to_have_text("extradition", ignore_case=True)


def test_a_landed_page_highlights_whole_words_only(page, root):
    page.goto(root + "articles/40.html?h=art")
    assert page.locator("mark[data-md-highlight]").count() == 0  # "Parties", "Article" are not "art"
    page.goto(root + "articles/1.html")
    _ask(page, "bank secrecy")
    link = page.locator('a.md-search-result__link[href$="#art40-24"]').first
    expect(link).to_be_attached(timeout=15000)
    link.click()
    page.wait_for_url("**/articles/40.html?h=bank+secrecy#art40-24")
    marks = page.locator("#art40-24 mark[data-md-highlight]").all_text_contents()
    assert [m.lower() for m in marks] == ["bank", "secrecy"]
    assert {m.lower() for m in page.locator("mark[data-md-highlight]").all_text_contents()} <= {"bank", "secrecy"}


def test_the_index_loads_on_the_first_search_in_slices(context, page, root):
    """The index is not loaded with the page; the first search loads it and builds it in many
    short tasks (slices of a few milliseconds, yielding to the page between them), never in one.
    How long the page's tasks are is timed by benchmarks/bench_browser_search.py (longest task
    of a first query), not here: a duration depends on the machine's load, the slicing does not."""
    page.goto(root + "articles/1.html")
    page.wait_for_load_state("load")
    assert not [u for u in context.requests if "treaty_index" in u], "the index must not load with the page"
    _search(page, "article 2")
    assert [u for u in context.requests if "search/treaty_index.js" in u]
    built = [b for b in (f.evaluate("() => self.treatySearchBuild || null") for f in page.frames) if b]
    assert len(built) == 1, "one search worker"
    assert built[0]["steps"] > 600 and built[0]["slices"] > 1, built[0]  # a step: one record (64 while decoding)


def test_site_search_ranks_like_treaty_search_on_the_relevance_set(page, root, doc, served_ix):
    """Every query of benchmarks/relevance.yaml typed into the site's box from file://: the first
    result equals `treaty search`'s on >= 95 % of queries, nDCG@10 within 0.02 (overall and held out)."""
    import statistics
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from bench_browser_search import cli_results, load_judgments, score, site_results

    queries = load_judgments(doc)
    rows = score(queries, cli_results(doc, queries, served_ix), site_results(page, root, [q["q"] for q in queries]))
    assert len(rows) > 100
    agree = sum(r[4] for r in rows) / len(rows)
    assert agree >= 0.95, [(r[0]["q"], r[1][:2], r[2][:2]) for r in rows if not r[4]]
    for part in (rows, [r for r in rows if r[0].get("holdout")]):
        cli, site = statistics.mean(r[5] for r in part), statistics.mean(r[6] for r in part)
        assert abs(cli - site) <= 0.02, (cli, site)


def test_search_for_words_offers_paragraphs(page, root):
    page.goto(root + "articles/1.html")
    _ask(page, "bank secrecy")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
    hrefs = [a.get_attribute("href") for a in page.locator("a.md-search-result__link").all()]
    assert any(h.endswith("articles/40.html?h=bank+secrecy#art40-24") or h.endswith("#art40-24") for h in hrefs), hrefs


@pytest.mark.parametrize(("query", "expected"), [
    ("extradition", "articles/37.html"),    # whole words with suffixes (a stemmed index missed them)
    ("reservation", "articles/11.html"),
    ("Denunciation", "articles/67.html"),
])
def test_search_finds_whole_words(page, root, query, expected):
    page.goto(root + "index.html")
    _ask(page, query)
    expect(page.locator(f'a.md-search-result__link[href*="{expected}"]').first).to_be_attached(timeout=15000)


def test_editorial_annotation_opens_beside_its_provision_and_is_found_by_search(page, root):
    page.goto(root + "articles/65.html")
    details = page.locator("#art65-1 details.annotation")
    body = details.locator(".annotation-body")
    expect(body).to_be_hidden()
    details.locator("summary").click()
    expect(body).to_be_visible()
    expect(body).to_contain_text("ninetieth day")
    details.locator(".annotation-more a").click()
    page.wait_for_url("**/annotations.html#annotation-entry-into-force")
    expect(page.locator("#annotation-entry-into-force")).to_be_in_viewport()
    _ask(page, "ninetieth")
    # the result list is filled asynchronously by the search worker: wait for the entry itself
    expect(page.locator('a.md-search-result__link[href*="annotations.html"][href$="#annotation-entry-into-force"]').first).to_be_attached(timeout=15000)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _visit_everything(page, base: str) -> None:
    for path in ("index.html", "articles/40.html#art40-21-b", "glossary.html", "notes.html", "how-to-cite.html", "downloads.html", "report.html"):
        page.goto(base + path)
        page.wait_for_load_state("load")
    page.locator("a.xref[data-peek], a.term[data-peek]").first.hover()
    page.goto(base + "articles/2.html")
    _ask(page, "electronic data")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
    page.locator("a.md-search-result__link").first.click()
    page.wait_for_load_state("load")


def test_no_request_leaves_the_site(context, page, root, built_site):
    _visit_everything(page, root)
    # and served over HTTP from 127.0.0.1, as `make serve` does
    handler = functools.partial(_Quiet, directory=str(built_site.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _visit_everything(page, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
    outside = [u for u in context.requests if not u.startswith(("file://", "http://127.0.0.1:", "data:", "blob:", "about:"))]
    assert context.requests and outside == []
    # and no page asks for a sitemap (there is none without a public base URL)
    assert not [u for u in context.requests if "sitemap" in u]


def test_an_article_prints_without_navigation(page, root):
    page.goto(root + "articles/40.html")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".article-nav", ".md-search"):
        loc = page.locator(chrome).first
        assert loc.evaluate("el => getComputedStyle(el).display") == "none", chrome
    expect(page.locator("#art40-21-b")).to_be_visible()
    assert page.locator("#art40-21-b .prov-tools").evaluate("el => getComputedStyle(el).display") == "none"


# index.html, notes.html, glossary.html, how-to-cite.html and articles/40.html: test_site_reading checks
# them at two screen sizes in both colour schemes
@pytest.mark.parametrize("path", ["articles/68.html", "chapters/5.html", "preamble.html", "resolution.html", "report.html",
                                  "downloads.html", "cite/index.html", "annotations.html", "articles/2.html", "articles/65.html"])
def test_no_serious_accessibility_violation(page, root, path):
    page.goto(root + path)
    report = serious_accessibility_violations(page)
    assert report == "", report
