"""Editorial annotations and exports on the built site: beside their provisions, the Annotations
page, the browser search, JSON-LD on every article page, the downloads page with checksums.
Uses the session's one site build (conftest.built_site)."""

from __future__ import annotations

import hashlib
import json
import subprocess

import pytest

from treaty.editorial.annotations import load_annotations
from treaty.citation import parse
from treaty.exports import EXPORTS
from treaty.site.build import BuildError, build_site

from site_support import ancestor, by_id, page_tree, stripped_text


@pytest.fixture(scope="module")
def site(built_site):
    return built_site.site_dir


@pytest.fixture(scope="module")
def editorial(doc):
    return load_annotations(doc)



def test_each_annotation_sits_beside_every_provision_it_targets(site, editorial):
    for a in editorial:
        for target in a.targets:
            page = page_tree(site, target.page)
            holder = by_id(page, target.id) if "#" in target.url else ancestor(by_id(page, target.id), "section")
            shown = holder.css("details.annotation") + holder.css("p.annotation-ref")
            assert any(a.title in stripped_text(x) for x in shown), (a.slug, target.canonical)


def test_annotation_beside_article_65_is_rendered_with_links(site):
    page = page_tree(site, "articles/65.html")
    details = page.css("details.annotation")
    assert len(details) == 1 and details[0].attributes["id"] == "annotation-entry-into-force"
    assert ancestor(details[0], ident="art65-1") is not None
    assert stripped_text(details[0].css_first("summary")) == "Commentary How entry into force is counted (editorial annotation, not part of the Convention)"
    body = details[0].css_first(".annotation-body")
    assert "ninetieth day" in body.text() and body.css_first("em").text() == "ninetieth day"
    assert [a.attributes["href"] for a in body.css("a.provision")][:2] == ["../articles/65.html#art65-1", "../articles/65.html#art65-1"]
    # the second target on the same page points back to the first instead of repeating it
    ref = page.css_first("#art65-2 p.annotation-ref a")
    assert ref.attributes["href"] == "#annotation-entry-into-force"
    assert details[0].css_first(".annotation-more a").attributes["href"] == "../annotations.html#annotation-entry-into-force"


def test_annotations_page_lists_them_all(site, editorial):
    page = page_tree(site, "annotations.html")
    asides = page.css("aside.annotation")
    assert [x.attributes["id"] for x in asides] == [a.id for a in editorial]
    for aside, a in zip(asides, editorial):
        targets = [x.attributes["href"] for x in aside.css(".annotation-targets a")]
        assert targets == [t.url for t in a.targets]
        assert len(aside.css(".annotation-sources li")) == len(a.sources)
    assert page_tree(site, "index.html").css_first('a[href="annotations.html"]') is not None


def test_browser_search_index_has_the_annotations(site, editorial):
    from search_engine import site_index_docs

    docs = site_index_docs(site)
    by_url = {d["url"]: d for d in docs}
    for a in editorial:
        record = by_url[f"annotations.html#{a.id}"]
        assert record["citation"] == f"Annotation: {a.title}" and record["origin"] == "extra"
        assert a.text().split()[0] in record["text"]
    assert sum(d["url"].startswith("annotations.html") for d in docs) == len(editorial)


def test_every_article_page_carries_json_ld(site, doc):
    articles = [u for u in doc.part("convention").walk() if u.kind == "article"]
    for unit in articles:
        scripts = page_tree(site, unit.citation.page).css('script[type="application/ld+json"]')
        assert len(scripts) == 1, unit.citation.page
        data = json.loads(scripts[0].text())
        assert data["@type"] == "Legislation" and data["@context"] == "https://schema.org"
        assert parse(data["legislationIdentifier"]) == unit.citation
        assert data["url"] == "../" + unit.citation.url and data["isPartOf"]["@id"] == "../index.html"
        assert data["inLanguage"] == "en" and data["legislationType"] == "Article" and data["name"].startswith(f"Article {unit.num}")
    home = json.loads(page_tree(site, "index.html").css_first('script[type="application/ld+json"]').text())
    assert home["legislationType"] == "Convention" and home["url"] == "index.html"


def test_downloads_page_offers_the_exports_with_checksums(site):
    page = page_tree(site, "downloads.html")
    rows = {tr.css_first("a").text(): tr for tr in page.css("tbody tr")}
    for name in [*EXPORTS, "SHA256SUMS"]:
        assert name in rows, name
        link = rows[name].css_first("a").attributes["href"]
        data = (site / link).read_bytes()
        assert rows[name].css_first("code").text() == hashlib.sha256(data).hexdigest()
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=site / "downloads", capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == len(EXPORTS)


def test_a_broken_annotation_fails_the_build_and_leaves_no_site(doc, site_annotations, tmp_path, monkeypatch):
    import treaty.editorial.annotations as annotations_module
    from conftest import FIXTURES

    monkeypatch.setattr(annotations_module, "ANNOTATIONS_DIR", FIXTURES / "annotations" / "bad")
    with pytest.raises(BuildError, match=r"unknown-target\.md:3: targets: Article 14 has no paragraph 7"):
        build_site(doc, site_annotations, site_dir=tmp_path / "site", build_dir=tmp_path / "build")
    assert not (tmp_path / "site").exists()
