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

from site_support import soup


@pytest.fixture(scope="module")
def site(built_site):
    return built_site.site_dir


@pytest.fixture(scope="module")
def editorial(doc):
    return load_annotations(doc)


def test_each_annotation_sits_beside_every_provision_it_targets(site, editorial):
    for a in editorial:
        for target in a.targets:
            page = soup(site, target.page)
            holder = page.find(id=target.id) if "#" in target.url else page.find(id=target.id).find_parent("section")
            shown = holder.select("details.annotation") + holder.select("p.annotation-ref")
            assert any(a.title in x.get_text(" ", strip=True) for x in shown), (a.slug, target.canonical)


def test_annotation_beside_article_65_is_rendered_with_links(site):
    page = soup(site, "articles/65.html")
    details = page.select("details.annotation")
    assert len(details) == 1 and details[0]["id"] == "annotation-entry-into-force"
    assert details[0].find_parent(id="art65-1") is not None
    assert details[0].summary.get_text(" ", strip=True) == "Commentary How entry into force is counted (editorial annotation, not part of the Convention)"
    body = details[0].select_one(".annotation-body")
    assert "ninetieth day" in body.get_text() and body.find("em").get_text() == "ninetieth day"
    assert [a["href"] for a in body.select("a.provision")][:2] == ["../articles/65.html#art65-1", "../articles/65.html#art65-1"]
    # the second target on the same page points back to the first instead of repeating it
    ref = page.select_one("#art65-2 p.annotation-ref a")
    assert ref["href"] == "#annotation-entry-into-force"
    assert details[0].select_one(".annotation-more a")["href"] == "../annotations.html#annotation-entry-into-force"


def test_annotations_page_lists_them_all(site, editorial):
    page = soup(site, "annotations.html")
    asides = page.select("aside.annotation")
    assert [x["id"] for x in asides] == [a.id for a in editorial]
    for aside, a in zip(asides, editorial):
        targets = [x["href"] for x in aside.select(".annotation-targets a")]
        assert targets == [t.url for t in a.targets]
        assert len(aside.select(".annotation-sources li")) == len(a.sources)
    assert soup(site, "index.html").find("a", href="annotations.html") is not None


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
        scripts = soup(site, unit.citation.page).find_all("script", type="application/ld+json")
        assert len(scripts) == 1, unit.citation.page
        data = json.loads(scripts[0].string)
        assert data["@type"] == "Legislation" and data["@context"] == "https://schema.org"
        assert parse(data["legislationIdentifier"]) == unit.citation
        assert data["url"] == "../" + unit.citation.url and data["isPartOf"]["@id"] == "../index.html"
        assert data["inLanguage"] == "en" and data["legislationType"] == "Article" and data["name"].startswith(f"Article {unit.num}")
    home = json.loads(soup(site, "index.html").find("script", type="application/ld+json").string)
    assert home["legislationType"] == "Convention" and home["url"] == "index.html"


def test_downloads_page_offers_the_exports_with_checksums(site):
    page = soup(site, "downloads.html")
    rows = {tr.find("a").get_text(): tr for tr in page.select("tbody tr")}
    for name in [*EXPORTS, "SHA256SUMS"]:
        assert name in rows, name
        link = rows[name].find("a")["href"]
        data = (site / link).read_bytes()
        assert rows[name].find("code").get_text() == hashlib.sha256(data).hexdigest()
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=site / "downloads", capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == len(EXPORTS)


def test_a_broken_annotation_fails_the_build_and_leaves_no_site(doc, site_annotations, tmp_path, monkeypatch):
    import treaty.editorial.annotations as annotations_module
    from conftest import FIXTURES

    monkeypatch.setattr(annotations_module, "ANNOTATIONS_DIR", FIXTURES / "annotations" / "bad")
    with pytest.raises(BuildError, match=r"unknown-target\.md:3: targets: Article 14 has no paragraph 7"):
        build_site(doc, site_annotations, site_dir=tmp_path / "site", build_dir=tmp_path / "build")
    assert not (tmp_path / "site").exists()
