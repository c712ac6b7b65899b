"""The one citation grammar: canonical forms, variants, ids, eIds, URLs, containment."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treaty.citation import Citation, CitationError, from_roman, parse, to_roman

CANONICAL = [
    "Article 40",
    "Article 40(21)",
    "Article 40(21)(b)",
    "Article 11(1)(a)(ii)",
    "Article 2(e)",
    "Chapter V",
    "Preamble",
    "Preamble, paragraph 3",
    "Interpretative note 3",
    "Resolution, paragraph 4",
    "Resolution, preamble",
    "Resolution, preamble, paragraph 2",
    "Report, paragraph 8",
    "Report, section II",
    "Report, section II, subsection 1",
    "Final clause",
    "Convention, footnote 1",
    "Report, footnote 2",
    "Interpretative notes on article 2",
    "Interpretative notes on articles 23 and 35",
]


@pytest.mark.parametrize("text", CANONICAL)
def test_canonical_forms_round_trip(text):
    assert parse(text).canonical == text


VARIANTS = [
    ("Art. 40(21)(b)", "Article 40(21)(b)"),
    ("article 40, paragraph 21 (b)", "Article 40(21)(b)"),
    ("art. 40 para. 21(b)", "Article 40(21)(b)"),
    ("Article 40.21.b", "Article 40(21)(b)"),
    ("ARTICLE 40 (21) (b)", "Article 40(21)(b)"),
    ("Art 40 § 21 (b)", "Article 40(21)(b)"),
    ("article 40, paragraph 21, subparagraph (b)", "Article 40(21)(b)"),
    ("paragraph 21 (b) of article 40", "Article 40(21)(b)"),
    ("subparagraph (b) of paragraph 21 of article 40", "Article 40(21)(b)"),
    ("paragraph 3 in Article 23", "Article 23(3)"),
    ("article 17 of this Convention", "Article 17"),
    ("article 37, paragraph 11, of this Convention", "Article 37(11)"),
    ("article 2 (e)", "Article 2(e)"),
    ("Art.\u00a040(21)", "Article 40(21)"),
    ("article 11, paragraph 1 (a) (ii)", "Article 11(1)(a)(ii)"),
    ("chapter 5", "Chapter V"),
    ("Chap. IX", "Chapter IX"),
    ("preamble para 3", "Preamble, paragraph 3"),
    ("interpretive note 5", "Interpretative note 5"),
    ("Res. para. 4", "Resolution, paragraph 4"),
    ("report para. 15", "Report, paragraph 15"),
]


@pytest.mark.parametrize("text,expected", VARIANTS)
def test_variants(text, expected):
    assert parse(text).canonical == expected


@pytest.mark.parametrize("text,expected", [("40(21)(b)", "Article 40(21)(b)"), ("40.21.b", "Article 40(21)(b)"), ("2(e)", "Article 2(e)"), ("68", "Article 68")])
def test_bare_forms_only_when_asked(text, expected):
    assert parse(text, bare=True).canonical == expected
    with pytest.raises(CitationError):
        parse(text)


@pytest.mark.parametrize("bad", ["", "   ", "Article", "Article 0", "Article 40(0)", "Article 40(b)(21)", "Budapest", "Chapter XL", "Chapter IIII", "Article 40 of the ECHR"])
def test_rejects(bad):
    with pytest.raises(CitationError):
        parse(bad)


def test_ids_eids_urls():
    c = parse("Article 40(21)(b)")
    assert (c.id, c.eid, c.url) == ("art40-21-b", "art_40__para_21__list_1__item_b", "articles/40.html#art40-21-b")
    c = parse("Article 11(1)(a)(ii)")
    assert c.eid == "art_11__para_1__list_1__item_a__list_1__item_ii"
    assert parse("Article 2(e)").eid == "art_2__list_1__item_e"
    assert parse("Article 40").url == "articles/40.html"
    assert parse("Chapter V").url == "chapters/5.html"
    assert parse("Preamble, paragraph 3").url == "preamble.html#preamble-3"
    assert parse("Interpretative note 3").url == "notes.html#note3"
    assert parse("Resolution, paragraph 4").url == "resolution.html#res-4"
    assert parse("Resolution, preamble").url == "resolution.html#res-preamble"
    assert parse("Report, paragraph 8").url == "report.html#report-8"


def test_containment():
    assert parse("Article 40(21)").contains(parse("Article 40(21)(b)"))
    assert parse("Article 40").contains(parse("Article 40(21)(b)"))
    assert parse("Article 40(21)(b)").contains(parse("Article 40(21)(b)"))
    assert not parse("Article 40(21)(b)").contains(parse("Article 40(21)"))
    assert not parse("Article 4").contains(parse("Article 40"))
    assert not parse("Article 40(2)").contains(parse("Article 40(21)"))


def test_roman():
    assert [to_roman(i) for i in (1, 4, 9, 14, 39)] == ["I", "IV", "IX", "XIV", "XXXIX"]
    assert from_roman("ix") == 9
    with pytest.raises(ValueError):
        from_roman("IIII")


_letters = st.sampled_from("abcdefghjklmno")
_romans = st.sampled_from(["i", "ii", "iii", "iv", "v"])


@st.composite
def article_citations(draw):
    art = draw(st.integers(1, 68))
    segs = []
    if draw(st.booleans()):
        segs.append(str(draw(st.integers(1, 40))))
    if draw(st.booleans()):
        segs.append(draw(_letters))
        if draw(st.booleans()):
            segs.append(draw(_romans))
    return Citation.article(art, *segs)


@given(article_citations())
def test_every_form_reads_back(c):
    assert parse(c.canonical) == c
    segs = c.segments
    dotted = "Article " + ".".join([str(c.article_number), *segs])
    assert parse(dotted) == c
    if segs and segs[0].isdigit():
        long = f"article {c.article_number}, paragraph {segs[0]}" + "".join(f" ({s})" for s in segs[1:])
        assert parse(long) == c
        assert parse("Art. " + c.canonical.split(" ", 1)[1]) == c
    ids = {c.id, c.eid, c.url}
    assert len(ids) == 3


@given(st.text(max_size=60))
def test_never_crashes(text):
    try:
        parse(text, bare=True)
    except CitationError:
        pass


def test_every_unit_of_the_corpus_reads_back(doc):
    """Canonical citation → parse → the same address, for all units and footnotes."""
    for c in [u.citation for u in doc.walk()] + [f.citation for f in doc.footnotes]:
        assert parse(c.canonical) == c, c.canonical
