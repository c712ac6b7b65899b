"""analysis.edges: cross-references typed by their wording, built on the annotating stage's
references (never a second scan), and the GraphML export."""

from __future__ import annotations

import pytest
from lxml import etree

from treaty.analysis import EDGE_TYPES, build_map
from treaty.analysis.edges import article_edges, edge_type, edges
from treaty.analysis.export import to_graphml
from treaty.citation import parse
from treaty.model import Annotations, Reference


@pytest.mark.parametrize("sentence, ref, expected", [
    ("Subject to article 5 of this Convention, a State Party may", "article 5 of this Convention", "subject to"),
    ("Subject to the provisions of paragraph 2 of this article, such assistance", "paragraph 2 of this article", "subject to"),
    ("Notwithstanding paragraph 1 of this article, a State Party", "paragraph 1 of this article", "notwithstanding"),
    ("Without prejudice to the application of paragraph 11 of this article, a witness", "paragraph 11 of this article", "without prejudice to"),
    ("The provisions of article 40 of this Convention are applicable, mutatis mutandis, to this article.", "article 40 of this Convention", "mutatis mutandis"),
    ("an offence as defined in article 17 of this Convention;", "article 17 of this Convention", "as defined in"),
    ("Except as provided in article 9, each State Party shall", "article 9", "except as provided in"),
    ("offences established in accordance with articles 7 to 10 of this Convention", "articles 7 to 10 of this Convention", "in accordance with"),
    ("electronic data stored pursuant to article 44 of this Convention", "article 44 of this Convention", "in accordance with"),
    ("Paragraphs 8 to 31 of this article shall apply to requests", "Paragraphs 8 to 31 of this article", "applies"),
    ("reserve the right not to apply paragraph 1 of this article", "paragraph 1 of this article", "applies"),
    ("the measures referred to in article 29 of this Convention", "article 29 of this Convention", "other"),
])
def test_the_wording_types_the_edge(sentence, ref, expected):
    start = sentence.index(ref)
    kind, s, e = edge_type(sentence, start, start + len(ref))
    assert kind == expected and kind in EDGE_TYPES
    assert ref in sentence[s:e]


def test_a_cue_in_another_sentence_does_not_count():
    text = "This is subject to review. Article 5 of this Convention applies."
    start = text.index("Article 5")
    assert edge_type(text, start, start + len("Article 5 of this Convention"))[0] == "applies"
    text = "Notwithstanding that. See article 5."
    assert edge_type(text, text.index("article 5"), len(text) - 1)[0] == "other"


def test_edges_come_from_the_annotations_references(doc):
    """A reference the annotating stage reports is an edge even where no citation is written —
    proof that edges consume the annotations instead of scanning the text again."""
    unit = doc.index()[parse("Article 22(2)")]
    made_up = Reference(unit.citation, "text", 0, 10, unit.text[:10], (parse("Article 60"),))
    (edge,) = edges(doc, [made_up])
    assert (edge.source.canonical, edge.target.canonical, edge.type, edge.text) == ("Article 22(2)", "Article 60", "other", unit.text[:10])
    assert edges(doc, []) == []


def test_known_edges_of_the_convention(doc, site_annotations):
    m = build_map(doc, site_annotations)
    got = {(e.source.canonical, e.target.canonical, e.type) for e in m.edges}
    for edge in [("Article 22(2)", "Article 5", "subject to"), ("Article 37(2)", "Article 37(1)", "notwithstanding"),
                 ("Article 50(3)", "Article 40", "mutatis mutandis"), ("Article 40(29)", "Article 40(11)", "without prejudice to"),
                 ("Article 2(m)", "Article 17", "as defined in"), ("Article 35(2)", "Article 41", "applies"),
                 ("Article 17(2)(a)", "Article 7", "in accordance with"), ("Article 45(1)", "Article 45(2)", "subject to")]:
        assert edge in got
    units = doc.index()  # footnotes of the Convention are not provisions: their references are no edges
    internal = sum(len(r.targets) for r in site_annotations.references if not r.external and r.source.part == "convention" and r.source in units)
    assert len(m.edges) == internal
    pairs = article_edges(list(m.edges))
    assert pairs[parse("Article 50"), parse("Article 40")] == {"mutatis mutandis": 1, "other": 1}
    assert all(s != t for s, t in pairs)


def test_graphml_parses_and_holds_every_edge(doc, site_annotations):
    m = build_map(doc, site_annotations)
    root = etree.fromstring(to_graphml(m.edges, doc).encode("utf-8"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:edge", ns)) == len(m.edges)
    nodes = {n.get("id") for n in root.findall(".//g:node", ns)}
    assert {e.get("source") for e in root.findall(".//g:edge", ns)} <= nodes
    first = root.find(".//g:edge", ns)
    assert {d.get("key") for d in first.findall("g:data", ns)} == {"type", "text"}
    art40 = root.find(".//g:node[@id='art40']", ns)
    assert [d.text for d in art40.findall("g:data", ns)] == ["Article 40", "40", "V", "articles/40.html"]
