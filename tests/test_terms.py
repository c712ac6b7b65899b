"""Defined terms (terms.py): definitions read from the text, scopes, uses, longest match."""

from __future__ import annotations

import pytest

from treaty.citation import Citation, parse
from treaty.model import TermDefinition
from treaty.terms import definitions, field_uses, pattern, term_uses, variants


@pytest.fixture(scope="module")
def defs(doc):
    return definitions(doc)


@pytest.fixture(scope="module")
def uses(doc, defs):
    return term_uses(doc, defs)


def test_article_2_defines_every_item_a_to_o_and_both_terms_of_k(defs):
    art2 = [d for d in defs if d.defined_in.article_number == 2]
    assert [d.defined_in.segments[0] for d in art2] == list("abcdefghijkk" "lmno")
    assert {d.term for d in art2 if d.defined_in == parse("Article 2(k)")} == {"freezing", "seizure"}
    assert all(d.scope == Citation("convention") for d in art2)
    e = next(d for d in art2 if d.term == "service provider")
    assert e.definition.startswith("“Service provider” shall mean any public or private entity that: (i) Provides")


def test_definitions_inside_other_articles_and_notes(defs):
    by = {(d.term, d.scope.canonical): d.defined_in.canonical for d in defs if d.defined_in.article_number != 2}
    assert by == {
        ("child sexual abuse or child sexual exploitation material", "Article 14"): "Article 14(2)",
        ("intimate image", "Article 16(1)"): "Article 16(2)",
        ("criminal investigations", "Article 23"): "Interpretative note 4",
        ("criminal investigations", "Article 35"): "Interpretative note 4",
    }


def _uses_in(uses, source):
    c = parse(source) if isinstance(source, str) else source
    return [(u.text, u.term) for u in uses if u.source == c]


def test_scope_is_respected(uses):
    csam = [u for u in uses if u.term.startswith("child sexual abuse")]
    assert csam and all(u.source.article_number == 14 for u in csam)
    # article 16 (4) names the material "under article 14": the article 14 definition does not reach it
    assert not [u for u in _uses_in(uses, "Article 16(4)") if u[1].startswith("child")]
    image = [u for u in uses if u.term == "intimate image"]
    assert [u.source.canonical for u in image] == ["Article 16(1)"]
    inv = [u.source.canonical for u in uses if u.term == "criminal investigations"]
    assert inv and all(s.startswith(("Article 23", "Article 35")) for s in inv)


def test_not_annotated_inside_its_own_definition(uses, defs):
    for u in uses:
        assert not u.defined_in.contains(u.source), u
    # but another term used in a definition is: "property" inside freezing's definition
    assert ("property", "property") in _uses_in(uses, "Article 2(k)")


def test_longest_term_wins_and_plurals_and_case(uses):
    assert ("content data", "content data") in _uses_in(uses, "Article 25(1)")
    assert not [u for u in uses if u.text.casefold() == "data"]
    assert ("service providers", "service provider") in [(u.text, u.term) for u in uses]
    title = _uses_in(uses, "Convention, title")
    assert ("Information and Communications Technology Systems", "information and communications technology system") in title
    assert ("Proceeds of crime", "proceeds of crime") in _uses_in(uses, "Article 31(1)(a)")


def test_uses_never_overlap_and_spans_are_exact(doc, uses):
    units = doc.index()
    seen = {}
    for u in uses:
        assert getattr(units[u.source], u.field)[u.start:u.end] == u.text
        seen.setdefault((u.source, u.field), []).append((u.start, u.end))
    for spans in seen.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def _def(term):
    return TermDefinition(term, Citation.article(2, "x"), Citation("convention"), "")


@pytest.mark.parametrize("text,terms,expected", [
    ("the content data and the data", ["data", "content data"], [("content data", "content data"), ("data", "data")]),
    ("proceeds of crime or other property", ["property", "proceeds of crime", "crime"], [("proceeds of crime", "proceeds of crime"), ("property", "property")]),
    ("Service Providers and a service provider", ["service provider"], [("Service Providers", "service provider"), ("service provider", "service provider")]),
    ("emergencies; an emergency", ["emergency"], [("emergencies", "emergency"), ("emergency", "emergency")]),
    ("non-property and propertyless", ["property"], []),
])
def test_field_uses(text, terms, expected):
    defs = [(_def(t), pattern(t)) for t in terms]
    assert [(text[s:e], d.term) for s, e, d in field_uses(text, defs)] == expected


def test_variants():
    assert variants("service provider") == ["service providers", "service provider"]
    assert variants("criminal investigations") == ["criminal investigations", "criminal investigation"]
    assert variants("electronic data") == ["electronic data"]


def test_use_counts_match_the_source_text(doc, defs, uses):
    """For each term of article 2: its occurrences in the Convention's source text (a plain
    case-insensitive search, line breaks joined), less those inside its own definition, are
    exactly the uses annotated."""
    import re
    from collections import Counter

    from treaty.corpus import SOURCE_PATH

    lines = SOURCE_PATH.read_text(encoding="utf-8").splitlines()
    annex = next(i for i, line in enumerate(lines) if line.strip() == "Annex")
    notes = next(i for i, line in enumerate(lines) if line.startswith("Interpretative notes on specific articles"))
    convention = " ".join(" ".join(lines[annex:notes]).replace("*", "").split())
    ours = Counter(u.term for u in uses)
    checked = 0
    for d in defs:
        if d.defined_in.article_number != 2:
            continue
        plain = re.compile(r"(?<![\w-])" + r"\s+".join(map(re.escape, d.term.split())) + r"(?:s|es)?(?![\w-])", re.IGNORECASE)
        assert len(plain.findall(convention)) - len(plain.findall(d.definition)) == ours[d.term], d.term
        checked += 1
    assert checked == 16
