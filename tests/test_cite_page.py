"""The static resolver page cite/: its JavaScript reader agrees with the Python grammar, it
forwards ?query and #fragment forms offline, and an unknown citation gets a helpful page."""

from __future__ import annotations

import yaml
from pathlib import Path

import pytest

from chromium import chromium
from treaty.citation import CitationError, parse
from treaty.corpus import load
from treaty.site.cite import cite_html, cite_page, cite_table

FIXTURES = Path(__file__).parent / "fixtures"


def single_citations() -> list[str]:
    """Every single-citation text of the shared case table, plus the grammar's own variants."""
    cases = yaml.safe_load((FIXTURES / "link_cases.yaml").read_text(encoding="utf-8"))
    phrases = [x[0] for case in cases for x in (case.get("l") or []) + (case.get("u") or [])]
    texts = [case["t"] for case in cases]
    grammar_variants = ["Art 40 § 21 (b)", "Chap. IX", "Res. para. 4", "Report, section II, subsection 1", "Final clause",
                        "Convention, footnote 1", "Interpretative notes on articles 23 and 35", "preamble para 3", "40.21.b", "68"]
    return list(dict.fromkeys(phrases + texts + grammar_variants))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    doc = load()
    root = tmp_path_factory.mktemp("site")
    (root / "cite").mkdir()
    (root / "cite" / "index.html").write_text(cite_html(doc), encoding="utf-8")
    for url in set(cite_table(doc).values()):
        page = root / url.split("#")[0]
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<!DOCTYPE html><title>p</title><p>provision</p>", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def page(site):
    with chromium() as browser:
        context = browser.new_context()
        context.route("http*://**", lambda route: route.abort())  # offline: nothing may be fetched
        pg = context.new_page()
        pg.goto((site / "cite" / "index.html").as_uri())
        yield pg


def _load(page, url: str) -> None:
    """``url`` loaded afresh: the module's page may already show that document (another test left
    it there), and going to it with only a new #fragment would scroll, not load: the page reads
    its address when it loads."""
    page.goto("about:blank")
    page.goto(url)


def _python(text: str) -> str:
    try:
        return parse(text, bare=True).canonical
    except (CitationError, ValueError):
        return "ERROR"


def test_js_reader_agrees_with_python_grammar(page, site):
    page.goto((site / "cite" / "index.html").as_uri())  # the module's page: another test may have left it elsewhere
    cases = single_citations()
    assert len(cases) >= 150
    got = page.evaluate("qs => qs.map(q => { try { return treatyCite.parse(q, true) } catch (e) { return 'ERROR' } })", cases)
    mismatches = [(q, _python(q), js) for q, js in zip(cases, got) if _python(q) != js]
    assert not mismatches
    assert sum(1 for q in cases if _python(q) != "ERROR") >= 100  # mostly readable citations


@pytest.mark.parametrize("suffix,expected", [
    ("?Art.40(21)(b)", "articles/40.html#art40-21-b"),
    ("?Art.%2040(21)(b)", "articles/40.html#art40-21-b"),
    ("?paragraph+3+of+article+23", "articles/23.html#art23-3"),
    ("#40(21)(b)", "articles/40.html#art40-21-b"),
    ("?q=Chapter%20V", "chapters/5.html"),
    ("?Interpretative%20note%203", "notes.html#note3"),
    ("?Article%205", "articles/5.html"),
])
def test_forwards(page, site, suffix, expected):
    _load(page, (site / "cite" / "index.html").as_uri() + suffix)
    page.wait_for_url("**/" + expected.split("/")[-1].split("#")[0] + "*")
    assert page.url == (site / expected.split("#")[0]).as_uri() + ("#" + expected.split("#")[1] if "#" in expected else "")


def test_directory_url_form(page, site):
    page.goto((site / "cite").as_uri() + "/index.html?Art.40(21)(b)")
    page.wait_for_url("**/40.html*")
    assert page.url.endswith("articles/40.html#art40-21-b")


@pytest.mark.parametrize("query,reason,nearby", [
    ("Article%2014(7)", "Article 14 has no paragraph 7", "Article 14(1)"),
    ("Article%2069", "The Convention has no article 69 (it has articles 1–68)", None),
    ("Budapest%205", "not a citation of this Convention: 'Budapest 5'", None),
    ("Art.%2040(21)(z)", "Article 40(21) has no subparagraph (z)", "Article 40(21)(a)"),
])
def test_unknown_citation_gets_a_helpful_page(page, site, query, reason, nearby):
    page.goto((site / "cite" / "index.html").as_uri() + "?" + query)
    assert page.url.endswith("cite/index.html?" + query)
    assert page.is_visible("#cite-result")
    assert page.inner_text("#cite-asked") == query.replace("%20", " ")
    assert page.inner_text("#cite-reason") == reason
    if nearby:
        assert nearby in page.inner_text("#cite-suggestions")
    else:
        assert not page.is_visible("#cite-suggest")
    assert page.get_attribute("text=How to cite", "href") == "../how-to-cite.html"
    assert page.input_value("#cite-input") == query.replace("%20", " ")


def test_no_query_shows_the_form(page, site):
    page.goto((site / "cite" / "index.html").as_uri())
    assert not page.is_visible("#cite-result") and page.is_visible("#cite-input")
    page.fill("#cite-input", "Art. 2(e)")
    page.press("#cite-input", "Enter")
    page.wait_for_url("**/2.html*")
    assert page.url.endswith("articles/2.html#art2-e")


@pytest.mark.parametrize("query", ["", "?Article%2014(7)", "?Budapest%205"])
def test_accessibility(page, site, query):
    from site_support import axe

    page.goto((site / "cite" / "index.html").as_uri() + query)
    violations = axe(page)["violations"]
    assert violations == [], [v["id"] for v in violations]


def test_page_is_deterministic_self_contained_and_markdown_safe():
    doc = load()
    body = cite_page(doc)
    assert body == cite_page(load())
    assert "\n\n" not in body
    assert "src=" not in body and "<link" not in body  # nothing fetched
    table = cite_table(doc)
    assert len(table) == sum(1 for _ in doc.walk()) + len(doc.footnotes)
    assert table["Article 40(21)(b)"] == "articles/40.html#art40-21-b"


def test_python_markdown_passes_the_page_through_unchanged():
    """The site build writes cite_page() to cite/index.md: Markdown must not touch it."""
    import markdown
    body = cite_page(load())
    for extensions in ([], ["attr_list", "md_in_html", "toc"]):
        assert markdown.markdown(body, extensions=extensions) == body.rstrip("\n")


@pytest.mark.parametrize("query,target", [("?Art.40(21)(b)", "articles/40.html#art40-21-b"), ("#Chapter%20V", "chapters/5.html")])
def test_built_site_forwards_to_the_provision(page, built_site, query, target):
    """In the real site (mkdocs build): cite/ forwards, offline, and the provision is there."""
    cite = built_site.site_dir / "cite" / "index.html"
    assert cite.exists()
    _load(page, cite.as_uri() + query)
    page.wait_for_url("**/" + target.split("/")[-1].split("#")[0] + "*")
    assert page.url == (built_site.site_dir / target.split("#")[0]).as_uri() + ("#" + target.split("#")[1] if "#" in target else "")
    if "#" in target:
        assert page.locator("#" + target.split("#")[1]).count() == 1


def test_built_site_unknown_citation_page(page, built_site):
    page.goto((built_site.site_dir / "cite" / "index.html").as_uri() + "?Article%2014(7)")
    assert page.inner_text("#cite-reason") == "Article 14 has no paragraph 7"
    page.click("text=How to cite")
    page.wait_for_url("**/how-to-cite.html")


# -- lists and ranges: the page reads what `treaty resolve` reads (issue 12) -----------------------
def list_phrases() -> list[str]:
    """Every English phrase of both case tables that names several provisions."""
    cases = yaml.safe_load((FIXTURES / "link_cases.yaml").read_text(encoding="utf-8"))
    cases += yaml.safe_load((FIXTURES / "link_world" / "en.yaml").read_text(encoding="utf-8"))
    return list(dict.fromkeys(p for case in cases if case.get("lang", "en") == "en"
                              for p, targets in case.get("l") or [] if len(targets) > 1))


def _resolved(text: str, doc) -> list[str] | str:
    from treaty.link.reader import read_citations
    from treaty.lookup import NotFound

    try:
        return [c.canonical for c in read_citations(text, doc)]
    except (CitationError, NotFound):
        return "ERROR"


def test_page_reads_lists_and_ranges_as_resolve_does(page, site):
    page.goto((site / "cite" / "index.html").as_uri())
    phrases = list_phrases() + ["articles 5 to 9", "paragraphs 1 and 2 of article 37", "Chapters IV and V"]
    assert len(phrases) >= 30
    got = page.evaluate("""qs => qs.map(q => {
        try { const r = treatyCite.targets(q); return r ? r.map(x => x.citation) : 'ERROR' } catch (e) { return 'ERROR' } })""", phrases)
    doc = load()  # once: a load is ~25 ms
    python = [_resolved(q, doc) for q in phrases]
    read = [(q, py) for q, py in zip(phrases, python) if py != "ERROR" and len(py) > 1]
    # the page reads every list Python reads as one (of English forms), to the same provisions
    mismatches = [(q, py, js) for (q, py), js in zip(read, [g for g, py in zip(got, python) if py != "ERROR" and len(py) > 1]) if py != js]
    assert not mismatches
    assert len(read) >= 25


def test_a_list_gets_a_page_of_links(page, site):
    page.goto((site / "cite" / "index.html").as_uri() + "?articles%205%20to%207")
    page.wait_for_selector("#cite-list-items li")
    items = page.eval_on_selector_all("#cite-list-items a", "as => as.map(a => [a.textContent, a.getAttribute('href')])")
    assert items == [["Article 5", "../articles/5.html"], ["Article 6", "../articles/6.html"], ["Article 7", "../articles/7.html"]]
    assert not page.is_visible("#cite-result")
    assert page.inner_text("#cite-list-asked") == "articles 5 to 7"


def test_a_list_with_a_provision_that_does_not_exist_says_which(page, site):
    page.goto((site / "cite" / "index.html").as_uri() + "?Articles%2066%20to%2070")
    page.wait_for_selector("#cite-result:not([hidden])")
    assert page.inner_text("#cite-reason") == "The Convention has no article 69 (it has articles 1–68)"
