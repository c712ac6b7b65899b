"""The implementation map on the built site (site/implementation.py, implementation_pages.py,
map_graph.py): badges, the chapter filter, the checklist with its CSV and Markdown, the options
page, the reference graph (SVG, self-contained) and the article neighbourhoods."""

from __future__ import annotations

import csv
import io
import re

import pytest
from lxml import etree

from site_support import broken_anchors, html_tree, reachable
from treaty.analysis import build_map
from treaty.citation import parse

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def imap(doc, site_annotations):
    return build_map(doc, site_annotations)


@pytest.fixture(scope="module")
def site(built_site):
    return built_site.site_dir


def _duties(imap):
    from treaty.site.implementation import _duties

    return _duties(imap)


def test_the_checklist_csv_has_one_row_per_duty_and_option(site, imap):
    rows = list(csv.reader(io.StringIO((site / "implementation" / "checklist.csv").read_text(encoding="utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    assert header[-1] == "National measure" and header[:2] == ["Chapter", "Provision"]
    assert all(len(r) == len(header) and r[-1] == "" for r in body)
    duties, options = _duties(imap), imap.options
    assert len(body) == len(duties) + len(options)
    kinds = {"Binding duty", "Soft duty", "Optional element", "Reservation", "Declaration", "Exclusion", "Notification"}
    assert {r[3] for r in body} == kinds
    assert sorted((r[1], r[3]) for r in body if r[3] in ("Binding duty", "Soft duty")) == sorted(
        (p.citation.canonical, "Binding duty" if p.strength == "binding" else "Soft duty") for p in duties)
    assert sum(r[3] not in ("Binding duty", "Soft duty") for r in body) == len(options)
    assert all(parse(r[1]).canonical == r[1] for r in body)
    # a paragraph whose duties all stand in its items is represented by the items
    provisions = {r[1] for r in body}
    assert "Article 17(2)" not in provisions and {"Article 17(2)(a)", "Article 17(2)(d)"} <= provisions
    assert "Article 49(1)" in provisions and "Article 49(1)(c)" in provisions
    assert ["Chapter IX", "Article 63(3)", "articles/63.html#art63-3", "Reservation"] == next(r for r in body if r[1] == "Article 63(3)")[:4]


def test_the_checklist_markdown_and_page_hold_the_same_rows(site):
    n = len(list(csv.reader(io.StringIO((site / "implementation" / "checklist.csv").read_text(encoding="utf-8"), newline="")))) - 1
    md = (site / "implementation" / "checklist.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^\| Article ", md, re.M)) == n
    assert md.count("\n## Chapter ") == 9
    dom = html_tree(site / "implementation" / "checklist.html")
    assert len(dom.css('table[class="map-table map-checklist"] > tbody > tr')) == n
    assert len(dom.css("h2")) == 9


def test_the_options_page_lists_every_option_by_kind(site, imap):
    dom = html_tree(site / "implementation" / "options.html")
    rows = dom.css('table[class="map-table map-options"] > tbody > tr')
    assert len(rows) == len(imap.options)
    assert [h.attributes.get("id") for h in dom.css("h2")] == ["reservation", "declaration", "notification", "exclusion", "optional_element"]
    first = rows[0]
    assert first.css_first("td > a").text() == "Article 11(3)"


def test_every_provision_has_a_badge_on_its_article_page(site, imap):
    count = 0
    for page in sorted((site / "articles").glob("*.html")):
        for badge in html_tree(page).css("span[title]"):
            if "mb" in (badge.attributes.get("class") or "").split():
                count += 1
    assert count == len(imap.provisions)
    badge = html_tree(site / "articles" / "7.html").css_first('div[id="art7-2"] > span')
    assert badge.attributes.get("class") == "mb optional" and badge.attributes.get("title") == "“may require” — each State Party"
    assert "span" not in [child.tag for child in badge.iter()] and badge.text() == "optional"  # the title is its accessible description
    article10 = html_tree(site / "articles" / "10.html").css_first('section[aria-labelledby="art10"] > span')  # an article without paragraphs
    assert article10.attributes.get("class") == "mb binding"


def test_the_chapter_page_offers_a_filter_by_strength(site, imap):
    dom = html_tree(site / "chapters" / "5.html")
    rows = dom.css('ul[class="map-list"] > li')
    chapter5 = [p for p in imap.provisions if 35 <= p.citation.article_number <= 52]
    assert len(rows) == len(chapter5)
    radios = dom.css('fieldset[class="map-filter"] > input')
    assert [r.attributes.get("value") for r in radios] == ["all", "binding", "soft", "optional", "limit", "none"]
    assert all(dom.css_first(f'label[for="{r.attributes.get("id")}"]') is not None for r in radios)


def _check_svg(root, site, page_dir):
    assert root.tag == SVG + "svg"
    for el in root.iter():
        tag = el.tag.replace(SVG, "") if isinstance(el.tag, str) else ""
        assert tag not in ("script", "image", "foreignObject", "use"), tag
        for name, value in el.attrib.items():
            if name.endswith("href"):
                assert not re.match(r"^(?:[a-z]+:|//)", value), value
                target = (page_dir / value.split("#")[0]).resolve()
                assert target.is_file(), value
            assert "url(" not in value
    style = "".join(s.text or "" for s in root.iter(SVG + "style"))
    assert "@import" not in style and "url(" not in style


def test_the_graph_is_a_self_contained_svg(site, imap):
    svg = site / "implementation" / "graph.svg"
    root = etree.fromstring(svg.read_bytes())
    _check_svg(root, site, svg.parent)
    links = root.findall(f".//{SVG}a")
    assert len(links) == 68
    assert links[39].get("href") == "../articles/40.html" and links[39].get("aria-label").startswith("Article 40 — ")
    pairs = {(e.source.article_number, e.target.article_number) for e in imap.edges}
    assert len(root.findall(f".//{SVG}path")) == len({(s, t) for s, t in pairs if s and t and s != t})
    # the page shows the same drawing inline, and the article pages their neighbourhood
    page = (site / "implementation" / "graph.html").read_text(encoding="utf-8")
    inline = etree.fromstring(re.search(r'<svg[^>]*class="map-graph".*?</svg>', page, re.S).group(0))
    assert etree.tostring(inline) == etree.tostring(root)
    # an article page frames its neighbourhood, a drawing of its own that opens its links in the whole window
    article = (site / "articles" / "40.html").read_text(encoding="utf-8")
    frame = re.search(r'<iframe class="map-neighbourhood" src="([^"]+)" title="([^"]+)" loading="lazy"', article)
    assert frame and frame.group(1) == "../implementation/neighbourhoods/art40.svg"
    assert frame.group(2) == "Article 40: 4 articles refer to it, it refers to 4" and 'map-neighbourhood" viewBox' not in article
    drawing = site / "implementation" / "neighbourhoods" / "art40.svg"
    dom = etree.fromstring(drawing.read_bytes())
    _check_svg(dom, site, drawing.parent)
    assert {a.get("href") for a in dom.iter(SVG + "a")} >= {"../../articles/35.html", "../../articles/50.html", "../../articles/18.html"}
    assert all(a.find(SVG + "title") is not None and a.get("target") == "_top" for a in dom.iter(SVG + "a"))  # each link is named


def test_the_downloads_are_the_map(site, imap):
    import json

    assert json.loads((site / "implementation" / "map.json").read_text(encoding="utf-8")) == imap.json()
    graphml = etree.fromstring((site / "implementation" / "references.graphml").read_bytes())
    assert len(graphml.findall(".//{http://graphml.graphdrawing.org/xmlns}edge")) == len(imap.edges)


def test_the_map_pages_have_no_broken_link(site):
    """Their files, scripts and styles are linkchecker's in test_site_build.py (it follows every
    link from the home page): here, that it reaches them, and every anchor they link to."""
    pages = ["implementation/checklist.html", "implementation/options.html", "implementation/graph.html", "chapters/5.html", "articles/40.html"]
    assert set(pages) <= reachable(site, "index.html", set(pages))
    checked, broken = broken_anchors(site, [site / p for p in pages])
    assert broken == [] and checked > 300
