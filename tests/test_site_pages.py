"""Page generation (treaty.site.pages) without MkDocs."""

from __future__ import annotations

import pytest

from site_support import sample_annotations
from treaty.citation import Citation
from treaty.site import pages as site_pages
from treaty.site.pages import ARTICLE_ASIDES, Page, make_pages, site_root
from treaty.site.render import Context


@pytest.fixture(scope="module")
def ctx(doc):
    return Context.make(doc, sample_annotations(doc))


def test_page_files_come_from_citations(ctx, doc):
    paths = {p.path for p in make_pages(ctx)}
    for unit in doc.walk():
        assert unit.citation.page in paths
    assert Page("articles/40.html", "t", "").source == "articles/40.md"


def test_two_generators_claiming_one_page_is_an_error(ctx):
    with pytest.raises(ValueError, match="two pages claim index.html"):
        make_pages(ctx, [site_pages.home, site_pages.home])


def test_site_root():
    assert site_root("index.html") == ""
    assert site_root("articles/40.html") == "../"


def test_article_asides_are_an_extension_point(ctx, monkeypatch):
    monkeypatch.setattr(site_pages, "ARTICLE_ASIDES", ARTICLE_ASIDES + [lambda c, state, art: f'<aside id="x-{art.citation.id}">{site_root(state.page)}</aside>'])
    page = next(p for p in site_pages.article_pages(ctx) if p.path == Citation.article(40).page)
    assert '<aside id="x-art40">../</aside>' in page.body


def test_every_page_is_one_raw_html_block(ctx):
    for page in make_pages(ctx):
        if page.path in ("how-to-cite.html", "cite/index.html"):
            continue  # Markdown (docs/citations.md), and a Markdown heading over site/cite.py's block
        body = page.body.split("---\n\n", 1)[1] if page.body.startswith("---\nhide:") else page.body  # front matter: page options (hide: toc)
        assert "\n\n" not in body and body.startswith('<div class="treaty-page"'), page.path


def test_article_cited_as_a_whole_lists_its_citers_apart_from_paragraphs(ctx):
    page = next(p for p in site_pages.article_pages(ctx) if p.path == "articles/40.html")
    aside = page.body.split('<aside class="article-refby"', 1)[1].split("</aside>", 1)[0]
    assert "Article 40 is referred to by" in aside
    assert 'href="../resolution.html#res-2"' in aside
    # a reference from inside the article to the article itself is not a citer
    assert "Article 40(21)(a)" not in aside
