"""The subject index and the concordance on the built site: the Subject index (A–Z: an overview
and a page per letter, links to paragraphs), the subjects and the Origins box on each article page, the side-by-side comparison
with its word-level difference, the Concordance page (both directions, sortable), in Chromium with
axe.  Uses the session's one site build (conftest.built_site); HTML is read as a browser reads it
(site_support.html_tree)."""

from __future__ import annotations

import json
import posixpath
import re

import pytest
from playwright.sync_api import expect
from selectolax.lexbor import LexborHTMLParser

from treaty.citation import Citation
from treaty.editorial.concordance import load_concordance
from treaty.editorial.subjects import load_subjects
from treaty.site.build import BuildError, build_site
from treaty.site.subject_index import SCRIPT_PATH as SUBJECTS_SCRIPT
from treaty.site.subject_index import entry_url, heading_id

from site_support import by_id, ids, page_tree, serious_accessibility_violations, stripped_text


@pytest.fixture(scope="module")
def site(built_site):
    return built_site.site_dir


@pytest.fixture(scope="module")
def subjects(doc):
    return load_subjects(doc)


def resolve(site, page: str, link: str):
    """(page, fragment) a relative link on ``page`` leads to."""
    target, _, frag = link.partition("#")
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), target)) if target else page
    return path, frag



# -- the Subject index pages -----------------------------------------------------------------
def letter_pages(site):
    return sorted((site / "subjects").glob("*.html"))


def test_subject_index_lists_every_entry_a_to_z(site, subjects):
    overview = page_tree(site, "subjects.html").css_first(".treaty-page")
    letters = [a.text() for a in overview.css("nav.subject-az a")]
    assert letters[0] == "0–9" and letters[1:] == sorted(letters[1:]) and len(letters) >= 20
    assert f"{len(subjects)} entries" in overview.text()
    anchors = set()
    for path in letter_pages(site):
        anchors |= {f"{path.name}#{e.attributes['id']}" for e in page_tree(site, f"subjects/{path.name}").css(".treaty-page [id^=subject-]")}
    assert len(letter_pages(site)) == len(letters)
    for s in subjects.subjects:  # a subheading has its own anchor; a heading's entry is its group's
        page, anchor = entry_url(s).split("/")[1].split("#")
        assert f"{page}#{anchor}" in anchors, s.label
        assert anchor == (s.id if s.sub else heading_id(s.heading))
    d = page_tree(site, "subjects/d.html").css_first(".treaty-page").text()
    assert "Denial-of-service attacks" in d and "DDoS" in d


def test_subject_index_links_reach_paragraphs_and_entries(site):
    checked = 0
    cache: dict[str, set] = {}
    for path in letter_pages(site):
        page = f"subjects/{path.name}"
        for a in page_tree(site, page).css(".subject-locators a, .subject-see a"):
            target, frag = resolve(site, page, a.attributes["href"])
            if target not in cache:
                cache[target] = set(ids(page_tree(site, target)))
            assert (site / target).is_file() and (not frag or frag in cache[target]), (page, a.attributes["href"])
            checked += 1
    assert checked > 1200


def test_subject_index_is_in_the_navigation_and_the_browser_search(site):
    home = page_tree(site, "index.html")
    assert home.css_first('nav a[href="subjects.html"]') is not None
    from search_engine import site_index_docs

    docs = {d["citation"]: d for d in site_index_docs(site)}  # the site's search box: the same records as treaty search
    assert "Denial-of-service attacks" in docs["Article 10"]["subjects"]
    assert "Budapest Convention" in docs["Article 28"]["origins"]


# -- article pages ----------------------------------------------------------------------------
def shared_subjects(site) -> dict[str, str]:
    """The subjects of every article (assets/javascripts/treaty-subjects.js): article id → list items."""
    text = (site / SUBJECTS_SCRIPT).read_text(encoding="utf-8")
    return json.loads(text.split("window.treatySubjects=", 1)[1].rstrip().rstrip(";"))


def test_each_article_page_lists_its_subjects(site, doc, subjects):
    shared = shared_subjects(site)
    for unit in (u for u in doc.walk() if u.kind == "article"):
        page = page_tree(site, unit.citation.page)
        aside = page.css_first("aside.article-subjects")
        assert aside is not None, unit.citation.canonical
        expected = [s.label for s in subjects.concerning(unit.citation)]
        # the page says how many; its list is in the shared file, under the article's id
        assert aside.css_first(".subject-count").text() == f"({len(expected)})"
        assert aside.css_first("details").attributes["data-key"] == unit.citation.id and not aside.css("ul.subject-list > li")
        items = LexborHTMLParser(f'<ul>{shared[unit.citation.id]}</ul>').css("ul > li")
        assert [li.css_first("a").text() for li in items] == expected
        assert len(expected) >= 3
        anchors = set(ids(page))
        for a in (a for li in items for a in li.css("a")):  # every link reaches a page, in the same folder as any article
            target, frag = resolve(site, unit.citation.page, a.attributes["href"])
            assert (site / target).is_file() and (target != unit.citation.page or not frag or frag in anchors), a.attributes["href"]


def test_the_subjects_of_an_article_open_from_the_shared_file(page, root, context):
    page.goto(root + "articles/40.html")
    aside = page.locator("aside.article-subjects")
    expect(aside.locator("summary")).to_have_text("Subjects in this article (58)")
    aside.locator("summary").click()
    items = aside.locator("ul.subject-list > li")
    expect(items).to_have_count(58)
    # a run of consecutive items is written by its ends
    expect(items.filter(has_text="Central authority")).to_have_text("Central authority: 40(12)(a)–(d)")
    items.filter(has_text="Central authority").locator('a[aria-label="40(12)(d)"]').click()
    expect(page).to_have_url(re.compile(r"articles/40\.html#art40-12-d$"))
    assert [u for u in context.requests if "treaty-subjects" in u] == [root + SUBJECTS_SCRIPT]


def test_origins_box_names_counterparts_with_titles_and_relation(site, doc):
    conc = load_concordance(doc)
    page = page_tree(site, "articles/28.html")
    box = page.css_first("aside.origins")
    rows = [[stripped_text(td) for td in tr.css("td")] for tr in box.css("tbody tr")]
    assert rows == [["Budapest", "Article 19", "Search and seizure of stored computer data", "adapted", "side by side"]]
    assert "Relation to the Budapest Convention (ETS No. 185): adapted" in stripped_text(box)
    # each instrument spelt out at its first row, each relation's meaning said once, not on every row
    box = page_tree(site, "articles/40.html").css_first("aside.origins")
    assert ["title" in a.attributes for a in box.css("tbody abbr")] == [True, False, False, False, True, True, True]
    assert not box.css("span.relation[title]")
    assert box.css_first(".origins-summary").text().endswith("partial — the counterpart covers only part of the subject, or the same subject by different rules.")
    assert box.css_first(".origins-key").text().startswith("adapted: the same provision and structure")
    new = page_tree(site, "articles/4.html").css_first("aside.origins")
    assert "new" in new.css_first(".origins-summary").text() and not new.css("tbody tr")
    for e in conc.entries:  # every article has its box, with one row per counterpart
        box = page_tree(site, e.citation.page).css_first("aside.origins")
        assert len(box.css("tbody tr")) == len(e.counterparts)
    texts = {tr.css("td")[0].text(): tr.css("td")[4].text() for tr in page_tree(site, "articles/40.html").css("aside.origins tbody tr")}
    assert texts == {"Budapest": "—", "UNTOC": "side by side", "UNCAC": "side by side", "Second Protocol": "—"}


def test_comparison_with_the_word_level_difference(site):
    link = page_tree(site, "articles/10.html").css_first("aside.origins tbody a[href*='compare/']")
    path, frag = resolve(site, "articles/10.html", link.attributes["href"])
    assert (path, frag) == ("compare/10.html", "cmp-ets185-5")
    box = by_id(page_tree(site, path), frag)
    assert stripped_text(box.css_first("h2")) == "Budapest, Article 5 — System interference verbatim"
    them, us = box.css(".comparison-columns section")
    assert "computer system" in them.text() and "information and communications technology system" in us.text()
    diff = box.css_first(".comparison-diff")
    assert [d.text() for d in diff.css("del")] == ["without right"]
    assert [i.text() for i in diff.css("ins")] == ["and without right"]
    assert "96% of the words are the same" in box.text()
    # only verbatim or adapted counterparts whose text is kept are compared
    assert [sec.attributes["id"] for sec in page_tree(site, "compare/40.html").css("section.comparison")] == ["cmp-untoc-18", "cmp-uncac-46"]
    assert not (site / "compare" / "36.html").exists()  # CETS 224 (partial, text not kept) and nothing else
    lines = page_tree(site, "compare/28.html").css_first(".comparison-diff").css("br")
    assert len(lines) >= 3  # paragraph by paragraph


# -- the Concordance page ---------------------------------------------------------------------
def test_concordance_page_has_both_directions(site, doc):
    conc = load_concordance(doc)
    page = page_tree(site, "concordance.html")
    forward = page.css("#table-forward tbody tr")
    assert len(forward) == sum(max(1, len(e.counterparts)) for e in conc.entries)
    budapest = {tr.attributes["id"]: [stripped_text(td) for td in tr.css("td")] for tr in page.css("#table-budapest tbody tr")}
    assert len(budapest) == 48
    assert budapest["ets185-19"][:3] == ["Article 19", "Search and seizure of stored computer data", "Article 28 ( adapted )"]
    assert budapest["ets185-10"][2] == "— (no article corresponds)"
    others = {tr.attributes["id"] for tr in page.css("#table-others tbody tr")}
    assert {"untoc-18", "uncac-46", "cets201-23"} <= others
    assert len(page.css("#corrections + p + ul > li")) == len(conc.corrections)
    # the Origins box links into these rows
    link = page_tree(site, "articles/28.html").css_first('aside.origins a[href$="#ets185-19"]')
    assert resolve(site, "articles/28.html", link.attributes["href"]) == ("concordance.html", "ets185-19")


def test_concordance_tables_sort_by_either_side(page, root):
    page.goto(root + "concordance.html")
    table = page.locator("#table-budapest")
    expect(table).to_have_attribute("data-sortable", "ready")
    first = table.locator("tbody tr").first
    expect(first).to_have_attribute("id", "ets185-1")
    table.locator("thead th").nth(2).locator("button").click()  # by this Convention's article
    expect(table.locator("thead th").nth(2)).to_have_attribute("aria-sort", "ascending")
    expect(table.locator("tbody tr").nth(1)).to_have_attribute("id", "ets185-18")  # 1 and 18 both lead to Article 2
    table.locator("thead th").nth(0).locator("button").click()
    table.locator("thead th").nth(0).locator("button").click()
    expect(table.locator("thead th").nth(0)).to_have_attribute("aria-sort", "descending")
    expect(table.locator("tbody tr").first).to_have_attribute("id", "ets185-48")


def test_comparison_shows_in_the_browser_and_requests_nothing_outside(page, root, context):
    page.goto(root + "articles/28.html")
    page.locator("aside.origins a", has_text="side by side").click()
    expect(page).to_have_url(re.compile(r"compare/28\.html#cmp-ets185-19$"))
    expect(page.locator("#cmp-ets185-19 .comparison-diff del").first).to_be_visible()
    assert all(u.startswith("file://") or u.startswith("data:") for u in context.requests), [u for u in context.requests if not u.startswith("file://")]


@pytest.mark.parametrize("path", ["subjects.html", "subjects/c.html", "subjects/digits.html", "concordance.html", "articles/28.html", "compare/10.html", "compare/40.html"])
def test_no_serious_accessibility_violation(page, root, path):
    page.goto(root + path)
    expect(page.locator(".treaty-page")).to_be_visible()
    report = serious_accessibility_violations(page)
    assert report == "", report


def test_an_unsound_subject_index_fails_the_build_with_file_and_line(doc, site_annotations, tmp_path, monkeypatch):
    import shutil

    from treaty.editorial import subjects as subjects_module

    d = tmp_path / "subjects"
    shutil.copytree(subjects_module.SUBJECTS_DIR, d)
    (d / "09-bad.yaml").write_text("- heading: Bad\n  targets: [Article 40(99)]\n", encoding="utf-8")
    monkeypatch.setattr(subjects_module, "SUBJECTS_DIR", d)
    with pytest.raises(BuildError, match=r"subject index: .*09-bad\.yaml:2: target 'Article 40\(99\)'"):
        build_site(doc, site_annotations, site_dir=tmp_path / "site", build_dir=tmp_path / "build")
    assert not (tmp_path / "site").exists()


def test_locators_are_short_for_articles(site):
    text = page_tree(site, "subjects/r.html").css_first("#subject-ransomware .subject-locators").text()
    assert text == "9(1), 10, 13(a), 13(b)"
    assert re.search(r"Preamble, paragraph \d+", page_tree(site, "subjects/s.html").css_first("#subject-safe-havens").text())
    assert Citation.article(9, 1).url == "articles/9.html#art9-1"
