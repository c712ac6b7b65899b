"""Cross-references and backlinks over the real corpus (refs.py, annotate.py)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from treaty.annotate import annotate
from treaty.citation import Citation, parse
from treaty.corpus import SOURCE_PATH
from treaty.refs import DanglingReference, Place, ancestors, field_references, parents


@pytest.fixture(scope="module")
def ann(doc):
    return annotate(doc)


@pytest.fixture(scope="module")
def units(doc):
    out = dict(doc.index())
    out.update({fn.citation: fn for fn in doc.footnotes})
    return out


def refs_of(ann, source: str):
    c = parse(source)
    return [(r.text, [t.canonical for t in r.targets] or r.external_target) for r in ann.references if r.source == c]


@pytest.mark.parametrize("source,phrase,targets", [
    ("Article 2(m)", "article 17 of this Convention", ["Article 17"]),
    ("Article 17(2)(a)", "articles 7 to 16 of this Convention", [f"Article {n}" for n in range(7, 17)]),
    ("Article 42(6)", "article 40, paragraph 21 (b) and (c) and paragraph 22, of this Convention", ["Article 40(21)(b)", "Article 40(21)(c)", "Article 40(22)"]),
    ("Article 22(3)", "article 37, paragraph 11, of this Convention", ["Article 37(11)"]),
    ("Article 28(2)", "paragraph 1 (a) of this article", ["Article 28(1)(a)"]),
    ("Article 40(7)", "paragraphs 8 to 31 of this article", [f"Article 40({n})" for n in range(8, 32)]),
    ("Article 17(2)(c)", "subparagraph (b) of this paragraph", ["Article 17(2)(b)"]),
    ("Article 14(1)(d)", "subparagraphs (a) to (c) of this paragraph", ["Article 14(1)(a)", "Article 14(1)(b)", "Article 14(1)(c)"]),
    ("Article 14(4)(b)", "paragraph 2 (a) to (c) of this article", ["Article 14(2)(a)", "Article 14(2)(b)", "Article 14(2)(c)"]),
    ("Article 23(3)(b)", "articles 29 and 30 of this Convention", ["Article 29", "Article 30"]),
    ("Article 22(2)(c)", "article 17, paragraph 1 (a) (i) or (ii) or (b) (i), of this Convention", ["Article 17(1)(a)(i)", "Article 17(1)(a)(ii)", "Article 17(1)(b)(i)"]),
    ("Article 35(2)", "the relevant paragraphs of article 40, and articles 41 to 46 of this Convention", ["Article 40"] + [f"Article {n}" for n in range(41, 47)]),
    ("Article 23(1)", "this chapter", ["Chapter IV"]),
    ("Article 44(2)", "this chapter", ["Chapter V"]),
    ("Resolution, paragraph 5", "articles 57, paragraph 5 (g), 61 and 62 of the Convention", ["Article 57(5)(g)", "Article 61", "Article 62"]),
    ("Interpretative note 1", "article 2 (e)", ["Article 2(e)"]),
    ("Interpretative note 1", "subparagraph (ii)", ["Article 2(e)(ii)"]),
    ("Interpretative note 1", "subparagraph (i)", ["Article 2(e)(i)"]),
    ("Interpretative note 3", "articles 7 to 16 of the convention", [f"Article {n}" for n in range(7, 17)]),
    ("Article 52(1)", "article 31 or 50 of this Convention", ["Article 31", "Article 50"]),
    ("Resolution, paragraph 10", "paragraphs 5 and 6 above", ["Resolution, paragraph 5", "Resolution, paragraph 6"]),
    ("Report, paragraph 13", "para. 15", ["Report, paragraph 15"]),
    # the notes on articles 2, 17, 23 and 35 — a group the notes do not have as such: the notes
    ("Convention, footnote 1", "interpretative notes on articles 2, 17, 23 and 35 of this Convention", ["Interpretative notes"]),
    ("Interpretative notes on articles 23 and 35", "Articles 23 and 35", ["Article 23", "Article 35"]),
])
def test_reference_forms_in_the_corpus(ann, source, phrase, targets):
    assert (phrase, targets) in refs_of(ann, source)


@pytest.mark.parametrize("source,text,target", [
    ("Article 21(7)", "Convention on the Rights of the Child", "Convention on the Rights of the Child"),
    ("Article 63(2)", "Statute of the Court", "Statute of the International Court of Justice"),
    ("Preamble, paragraph 1", "Charter of the United Nations", "Charter of the United Nations"),
    ("Preamble, paragraph 14", "74/247", "A/RES/74/247"),
    ("Resolution, paragraph 5", "75/282", "A/RES/75/282"),
    ("Report, paragraph 3", "A/79/196", "A/79/196"),  # not marked as a link in the source
    ("Report, paragraph 8", "A/C.3/79/L.22", "A/C.3/79/L.22"),
    ("Report, section II", "paragraph 49 of the report of the Ad Hoc Committee", "Report of the Ad Hoc Committee (A/78/986)"),
    ("Report, paragraph 6", "paragraph 49 of its report", "Report of the Ad Hoc Committee (A/78/986)"),
    ("Report, footnote 2", "A/C.3/79/SR.47", "A/C.3/79/SR.47"),
])
def test_external_references(ann, source, text, target):
    hits = [r for r in ann.references if r.source == parse(source) and r.text == text]
    assert hits and all(r.external and r.targets == () and r.external_target == target for r in hits)


def test_this_convention_alone_is_not_a_reference(ann):
    assert not any(r.text.casefold() in ("this convention", "the convention", "this article", "this paragraph") for r in ann.references)


def test_every_span_is_exact_and_spans_do_not_overlap(ann, units):
    by_field = {}
    for r in ann.references:
        value = getattr(units[r.source], r.field)
        assert value[r.start:r.end] == r.text, r
        by_field.setdefault((r.source, r.field), []).append((r.start, r.end))
    for spans in by_field.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), spans


def test_every_target_exists(ann, units):
    for r in ann.references:
        assert r.external == (not r.targets)
        for t in r.targets:
            assert t in units, (r, t)


def test_every_backlink_has_a_source_span(doc, ann):
    parent = parents(doc)
    for target, sources in ann.referenced_by.items():
        assert sources
        for source in sources:
            spans = [r for r in ann.references if r.source == source and any(target in ancestors(t, parent) for t in r.targets)]
            assert spans, (target, source)


def test_backlinks_reach_containers(ann):
    by = {k.canonical: [s.canonical for s in v] for k, v in ann.referenced_by.items()}
    assert by["Article 40(21)(b)"] == ["Article 42(6)", "Article 43(2)"]
    assert {"Article 42(6)", "Article 43(2)", "Article 40(28)", "Article 40(7)"} <= set(by["Article 40(21)"])
    assert {"Article 35(2)", "Article 42(6)", "Article 43(2)", "Article 50(3)"} == set(by["Article 40"])
    # a container does not list its own paragraphs citing each other
    assert "Article 40(28)" not in by["Article 40"]
    assert by["Chapter IV"][:4] == ["Article 3(b)", "Article 23(1)", "Article 24(1)", "Article 24(3)"]
    assert by["Article 2(e)(ii)"] == ["Interpretative note 1"]
    assert by["Resolution, paragraph 5"] == ["Resolution, paragraph 10"]
    assert "Article 17" in by and "Interpretative note 3" in by["Article 17"]


def test_dangling_reference_fails_naming_provision_and_phrase(doc):
    index = set(doc.index())
    place = Place(Citation.article(14, "3"), Citation("convention", (("chapter", "2"),)))
    with pytest.raises(DanglingReference, match=r"Article 14\(3\): 'paragraph 7 of this article' cites Article 14\(7\)"):
        field_references(place, "text", "as set out in paragraph 7 of this article", index)
    with pytest.raises(DanglingReference, match=r"Article 14\(3\): 'article 69 of this Convention' cites Article 69"):
        field_references(place, "text", "see article 69 of this Convention", index)
    # another instrument's article 69 is not ours to check
    (ext,) = field_references(place, "text", "article 69 of the Budapest Convention", index)
    assert ext.external and ext.external_target == "the Budapest Convention"


# -- the count, verified against the source text, not against our own output -------------------
#: Where a citation phrase starts, written the plainest way: a keyword followed by a number or
#: a bracket, or "this chapter".  Applied to the raw source file, independently of the corpus.
_KEYWORD = re.compile(r"\b(?:articles?|paragraphs?|subparagraphs?|para\.)\s+(?:\d|\()|\bthis chapter\b", re.IGNORECASE)
#: Structural headings of the Convention ("Article 20", "*Article 20**Statute of limitations*").
_HEADING = re.compile(r"^\W*Article \d+\b")


def _source_keyword_count() -> int:
    lines = SOURCE_PATH.read_text(encoding="utf-8").splitlines()
    notes_start = next(i for i, line in enumerate(lines) if line.startswith("Interpretative notes on specific articles"))
    annex = next(i for i, line in enumerate(lines) if line.strip() == "Annex")
    count = 0
    for i, line in enumerate(lines):
        if annex < i < notes_start and _HEADING.match(line):
            continue  # an article's number is its heading, not a reference
        count += len(_KEYWORD.findall(re.sub(r"\[([^\]]*)\]\(#\)", r"\1", line).replace("*", "")))
    return count


def test_reference_count_matches_the_source_text(ann):
    """Every keyword that opens a citation in the source falls inside exactly one reference
    phrase, and every citation phrase holds at least one: so the phrases found are all there are."""
    in_phrases = [len(_KEYWORD.findall(r.text)) for r in ann.references]
    assert sum(in_phrases) == _source_keyword_count()
    assert all(n >= 1 for r, n in zip(ann.references, in_phrases) if not r.external)


def test_document_symbol_count_matches_the_source_text(ann):
    """Every UN document symbol of the source (linked or not) is one external reference."""
    text = SOURCE_PATH.read_text(encoding="utf-8")
    symbols = re.findall(r"\bA/[A-Z0-9./]*\d|\b\d\d/\d{3}\b", text)
    documents = [r for r in ann.references if r.external and re.fullmatch(r"A/\S+|\d\d/\d{3}", r.text)]
    assert len(documents) == len(symbols)


def _words(ann, units, source: str, phrase: str) -> list[str | None]:
    ref = next(r for r in ann.references if r.source == parse(source) and r.text == phrase)
    text = getattr(units[ref.source], ref.field)
    return [text[s:e] if s is not None else None for s, e in (sp or (None, None) for sp in ref.spans)]


@pytest.mark.parametrize("source,phrase,words", [
    ("Article 42(6)", "article 40, paragraph 21 (b) and (c) and paragraph 22, of this Convention",
     ["article 40, paragraph 21 (b)", "(c)", "paragraph 22"]),
    ("Article 17(2)(a)", "articles 7 to 16 of this Convention", ["articles 7"] + [None] * 8 + ["16"]),
    ("Resolution, paragraph 5", "articles 57, paragraph 5 (g), 61 and 62 of the Convention",
     ["articles 57, paragraph 5 (g)", "61", "62"]),
    ("Article 31(3)", "paragraphs 1 and 2 of this article", ["paragraphs 1", "2 of this article"]),
    ("Article 22(3)", "article 37, paragraph 11, of this Convention", ["article 37, paragraph 11"]),
])
def test_each_target_has_the_words_that_name_it(ann, units, source, phrase, words):
    assert _words(ann, units, source, phrase) == words


def test_target_spans_lie_inside_their_phrase_in_order_without_overlap(ann):
    multi = 0
    for r in ann.references:
        if r.external:
            assert r.spans == ()
            continue
        assert len(r.spans) == len(r.targets)
        assert r.spans[0] is not None
        multi += len(r.targets) > 1
        end = r.start
        for sp in r.spans:
            if sp is None:
                continue
            s, e = sp
            assert end <= s < e <= r.end, (r.source.canonical, r.text, r.spans)
            end = e
    assert multi >= 30  # the lists and ranges of the corpus


def test_links_one_per_named_target_range_interior_rides_with_the_first(ann):
    ref = next(r for r in ann.references if r.source == parse("Article 17(2)(a)") and r.text.startswith("articles 7 to 16"))
    links = ref.links()
    assert [x.text for x in links] == ["articles 7", "16"]
    assert [t.canonical for t in links[0].targets] == [f"Article {n}" for n in range(7, 16)]
    assert [t.canonical for t in links[1].targets] == ["Article 16"]
    one = next(r for r in ann.references if r.source == parse("Article 22(3)"))
    assert [(x.start, x.end, x.targets) for x in one.links()] == [(one.start, one.end, one.targets)]


def test_a_target_named_twice_keeps_the_phrase_one_link(doc):
    (ref,) = field_references(Place(parse("Article 3"), None), "text", "see articles 5 and 5 of this Convention", set(doc.index()))
    assert [t.canonical for t in ref.targets] == ["Article 5"] and ref.spans == ()
    assert [(x.start, x.end, x.text) for x in ref.links()] == [(ref.start, ref.end, ref.text)]


def test_links_of_hand_made_references():
    from treaty.model import Reference

    a, b, c = parse("Article 5"), parse("Article 6"), parse("Article 7")
    text = "articles 5 to 7"
    ref = Reference(parse("Article 1"), "text", 10, 25, text, (a, b, c), spans=((10, 20), None, (24, 25)))
    assert [(x.text, x.targets) for x in ref.links()] == [("articles 5", (a, b)), ("7", (c,))]
    # no spans (made by hand, or a target named twice): one link over the whole phrase
    assert [(x.text, x.targets) for x in replace(ref, spans=()).links()] == [(text, (a, b, c))]
    # a target without words before any that has some rides with the first link
    assert [(x.text, x.targets) for x in replace(ref, spans=(None, (10, 20), (24, 25))).links()] == [("articles 5", (b, a)), ("7", (c,))]
    # spans are kept inside the phrase
    assert [x.text for x in replace(ref, spans=((5, 20), None, (24, 40))).links()] == ["articles 5", "7"]
    assert replace(ref, external=True, targets=()).links() == ()
