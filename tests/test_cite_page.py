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


def _python(text: str) -> str:
    try:
        return parse(text, bare=True).canonical
    except (CitationError, ValueError):
        return "ERROR"


def test_js_reader_agrees_with_python_grammar(page):
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
    page.goto((site / "cite" / "index.html").as_uri() + suffix)
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
    from axe_playwright_python import sync_playwright as axe
    page.goto((site / "cite" / "index.html").as_uri() + query)
    results = axe.Axe().run(page)
    assert results.violations_count == 0, [v["id"] for v in results.response["violations"]]


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
    page.goto(cite.as_uri() + query)
    page.wait_for_url("**/" + target.split("/")[-1].split("#")[0] + "*")
    assert page.url == (built_site.site_dir / target.split("#")[0]).as_uri() + ("#" + target.split("#")[1] if "#" in target else "")
    if "#" in target:
        assert page.locator("#" + target.split("#")[1]).count() == 1


def test_built_site_unknown_citation_page(page, built_site):
    page.goto((built_site.site_dir / "cite" / "index.html").as_uri() + "?Article%2014(7)")
    assert page.inner_text("#cite-reason") == "Article 14 has no paragraph 7"
    page.click("text=How to cite")
    page.wait_for_url("**/how-to-cite.html")
