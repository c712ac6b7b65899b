"""The concordance: the shipped data against the corpus and the stored texts, broken files, citations
of other instruments, the stored texts' checksums, the word-level comparison."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treaty.citation import CitationError
from treaty.editorial import concordance as conc_mod
from treaty.editorial.compare import counterpart_blocks, similarity, swap, terminology, unit_blocks, word_diff
from treaty.editorial.concordance import CONCORDANCE_PATH, RELATIONS, load_concordance, parse_counterpart, row
from treaty.editorial.counterparts import articles, check_texts, instrument_articles, instruments
from treaty.editorial.yamlfile import YamlErrors


@pytest.fixture(scope="module")
def conc(doc):
    return load_concordance(doc)


# -- the shipped data -------------------------------------------------------------------------
def test_every_article_once_in_order_with_its_title(doc, conc):
    articles_ = [u for u in doc.walk() if u.kind == "article"]
    assert [e.article for e in conc.entries] == [int(u.num) for u in articles_] == list(range(1, 69))
    assert [e.title for e in conc.entries] == [u.heading for u in articles_]


def test_every_counterpart_resolves_in_its_stored_text(conc):
    checked = 0
    for e, c in conc.pairs():
        assert c.relation in RELATIONS
        text = instrument_articles(c.instrument.key)
        if c.instrument.file:
            assert text[c.article].title == c.title, (e.article, c.label)
            checked += 1
        else:
            assert c.instrument.key == "CETS 224" and not text
    assert checked >= 120


def test_budapest_relations(conc):
    with_budapest = [e for e in conc.entries if e.budapest_relation != "new"]
    assert len(with_budapest) == 41  # "about 41 of the 68 articles"
    assert conc.entry(28).budapest_relation == "adapted"
    assert conc.entry(10).budapest_relation == "verbatim"
    assert conc.entry(2).budapest_relation == "partial"
    assert conc.entry(4).budapest_relation == "new" and not conc.entry(4).counterparts
    # ETS 185 rows come first on each article
    for e in conc.entries:
        keys = [c.instrument.key for c in e.counterparts]
        assert keys == sorted(keys, key=lambda k: k != "ETS 185")


def test_corrections_are_recorded_with_reasons(conc):
    assert len(conc.corrections) >= 5
    for c in conc.corrections:
        assert c.was != c.now and len(c.why) > 60
    assert any(c.article == 48 and c.instrument == "UNTOC" and (c.was, c.now) == ("verbatim", "adapted") for c in conc.corrections)


def test_verbatim_relations_add_few_words_after_the_swap(doc, conc):
    """A check of the data against the texts: a 'verbatim' counterpart differs only by the swap,
    renumbered cross-references and drafting style, so this Convention adds few words to it."""
    index = doc.index()
    for e, c in conc.pairs():
        art = instrument_articles(c.instrument.key).get(c.article)
        if c.relation != "verbatim" or art is None:
            continue
        pieces = word_diff(" ".join(unit_blocks(index[e.citation])), " ".join(counterpart_blocks(art, c.instrument.key)))
        added = sum(len(re.findall(r"\w+", p.text)) for p in pieces if p.kind == "added")
        assert added <= 30, (e.article, c.label, added)


def test_rows_have_the_public_shape(conc):
    e = conc.entry(28)
    assert [row(e, c) for c in e.counterparts] == [{"article": "Article 28", "instrument": "Council of Europe Convention on Cybercrime (ETS No. 185)",
                                                    "short": "Budapest", "counterpart": "Article 19", "relation": "adapted"}]
    assert [x.article for x, _ in conc.corresponding("ETS 185", 19)] == [28]


def test_stored_texts_match_their_checksums():
    assert check_texts() == []
    assert {k for k, i in instruments().items() if i.file} == {"ETS 185", "UNTOC", "UNCAC", "CETS 201"}
    assert len(instrument_articles("ETS 185")) == 48 and len(instrument_articles("UNTOC")) == 41
    assert len(instrument_articles("UNCAC")) == 71 and len(instrument_articles("CETS 201")) == 50


def test_articles_reads_the_english_text_only():
    text = ("##Titel\n\n### Article  1  \n\n####Definitions\n\na) ``computer system\" means *inter alia* [x](y);  \n\n"
            "### CHAPTER  II  \n\n### Article  2  \n\n####Illegal access\n\n1.  Each Party  \n2.  A Party\n\n"
            "IN WITNESS WHEREOF the undersigned\n\n### Artikel  1  \n\n####Definities\n\nDutch\n")
    arts = articles(text)
    assert list(arts) == [1, 2]
    assert arts[1].title == "Definitions" and arts[1].blocks == ("a) \u201ccomputer system\u201d means inter alia x;",)
    assert arts[2].blocks == ("1. Each Party", "2. A Party") and arts[2].line == 11


# -- broken files -----------------------------------------------------------------------------
def broken(tmp_path, doc, old, new, count=1):
    text = CONCORDANCE_PATH.read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "concordance.yaml"
    p.write_text(text.replace(old, new, count), encoding="utf-8")
    with pytest.raises(YamlErrors) as e:
        load_concordance(doc, p)
    return [str(x) for x in e.value.errors]


def line_no(old):
    return CONCORDANCE_PATH.read_text(encoding="utf-8").split(old)[0].count("\n") + 1


@pytest.mark.parametrize("old, new, message", [
    ("{instrument: ETS 185, article: 19, title: \"Search and seizure of stored computer data\"",
     "{instrument: ETS 186, article: 19, title: \"Search and seizure of stored computer data\"", "unknown instrument 'ETS 186'"),
    ("{instrument: ETS 185, article: 19, title: \"Search and seizure of stored computer data\"",
     "{instrument: ETS 185, article: 19, title: \"Search and seizure\"", "ETS 185 Article 19 is titled 'Search and seizure of stored computer data', not 'Search and seizure'"),
    ("{instrument: ETS 185, article: 19, title: \"Search and seizure of stored computer data\"",
     "{instrument: ETS 185, article: 99, title: \"Search and seizure of stored computer data\"", "ETS 185 has no Article 99"),
    ("{instrument: ETS 185, article: 19, title: \"Search and seizure of stored computer data\", relation: adapted}",
     "{instrument: ETS 185, article: 19, title: \"Search and seizure of stored computer data\", relation: adapted}\n"
     "      - {instrument: ETS 185, article: 19, title: \"Search and seizure of stored computer data\", relation: partial}",
     "ETS 185 Article 19 is listed twice for Article 28"),
    ("title: \"Search and seizure of stored electronic data\"", "title: \"Search and seizure\"",
     "Article 28 is titled 'Search and seizure of stored electronic data', not 'Search and seizure'"),
    ("relation: adapted}\n  - article: 29", "relation: copied}\n  - article: 29", "'copied' is not one of"),
])
def test_a_broken_row_is_reported_at_its_line(tmp_path, doc, old, new, message):
    errs = broken(tmp_path, doc, old, new)
    assert any(message in e for e in errs), errs
    assert all(re.match(r"^\S+concordance\.yaml:\d+: ", e) for e in errs)
    # the line of the changed value (a repeated row: the repeat, on the next line)
    assert any(f":{line_no(old) + ('twice' in message)}:" in e for e in errs), errs


def test_articles_out_of_order_or_missing(tmp_path, doc):
    errs = broken(tmp_path, doc, "  - article: 7\n", "  - article: 70\n")
    assert any("Article 70 is out of place: expected Article 7 here" in e for e in errs)
    assert any("this Convention has no Article 70" in e for e in errs)


def test_a_correction_must_match_the_data(tmp_path, doc):
    errs = broken(tmp_path, doc, "{article: 48, instrument: UNTOC, counterpart: 19, was: verbatim, now: adapted,",
                  "{article: 48, instrument: UNTOC, counterpart: 19, was: verbatim, now: partial,")
    assert any("Article 48 — UNTOC Article 19 is now 'adapted' in the articles above, not 'partial'" in e for e in errs)


def test_an_alias_is_refused_in_the_concordance(tmp_path, doc):
    errs = broken(tmp_path, doc, "  - article: 1\n    title:", "  - article: 1\n    title: &t")
    assert any("anchors and aliases" in e for e in errs)


# -- citations of other instruments -----------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Budapest Convention, Article 19", ("ETS 185", 19)),
    ("ETS 185 art. 19", ("ETS 185", 19)),
    ("ETS No. 185, Article 19(1)", ("ETS 185", 19)),
    ("article 19 of the Budapest Convention", ("ETS 185", 19)),
    ("Art. 19 ETS 185", ("ETS 185", 19)),
    ("the Convention on Cybercrime, article 19, paragraph 2", ("ETS 185", 19)),
    ("UNTOC art. 18", ("UNTOC", 18)),
    ("article 18 of the Palermo Convention", ("UNTOC", 18)),
    ("UNCAC, Article 46", ("UNCAC", 46)),
    ("Lanzarote Convention, Article 23", ("CETS 201", 23)),
    ("Article 28", None),
    ("ETS 1855 art. 19", None),
    ("Budapesting art. 19", None),
])
def test_parse_counterpart(text, expected):
    assert parse_counterpart(text) == expected


@pytest.mark.parametrize("text", ["Budapest Convention", "Budapest Convention, blah", "ETS 185 art. 19 and more", "UNCAC, Chapter IV"])
def test_parse_counterpart_unreadable_article(text):
    with pytest.raises(CitationError):
        parse_counterpart(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Budapest ETS185art.ofthe,()19 UNTOCConvention")), max_size=40))
def test_parse_counterpart_never_crashes(text):
    try:
        out = parse_counterpart(text)
    except CitationError:
        return
    assert out is None or (out[0] in instruments() and out[1] >= 1)


# -- the comparison ---------------------------------------------------------------------------
def test_swap_is_whole_word_and_does_not_double():
    rules = terminology()["ETS 185"]
    assert swap("each Party and the Parties, non-member States Parties", rules) == "each State Party and the States Parties, non-member States Parties"
    assert swap("a computer system or computer systems; computer-data storage medium", rules) == (
        "an information and communications technology system or information and communications technology systems; electronic data storage medium")
    assert swap("Partyline co-operation", rules) == "Partyline cooperation"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["the", "State", "Party", "shall", "data", ",", "computer", "system", "(a)", "“x”"]), max_size=30),
       st.lists(st.sampled_from(["the", "State", "Party", "shall", "data", ",", "computer", "system", "(a)", "“x”"]), max_size=30))
def test_word_diff_keeps_both_texts(a, b):
    this, other = " ".join(a), " ".join(b)
    pieces = word_diff(this, other)
    words = lambda s: re.findall(r"\w+|[^\w\s]", s)
    assert words(" ".join(p.text for p in pieces if p.kind != "removed")) == words(this)
    assert [w.casefold() for w in words(" ".join(p.text for p in pieces if p.kind != "added"))] == [
        w.casefold() for w in words(other.replace("“", '"').replace("”", '"'))] or "“" in other
    assert 0.0 <= similarity(pieces) <= 1.0


def test_comparison_of_a_verbatim_article(doc, conc):
    e = conc.entry(10)
    c = e.counterparts[0]
    art = instrument_articles("ETS 185")[c.article]
    pieces = word_diff(" ".join(unit_blocks(doc.index()[e.citation])), " ".join(counterpart_blocks(art, "ETS 185")))
    assert [(p.kind, p.text) for p in pieces if p.kind != "same"] == [
        ("added", "and without right"), ("removed", "without right")]
    assert similarity(pieces) > 0.9


def test_load_is_independent_of_the_working_directory(tmp_path, doc, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(CONCORDANCE_PATH, tmp_path / "c.yaml")
    assert len(load_concordance(doc, tmp_path / "c.yaml").entries) == 68
    assert conc_mod.CONCORDANCE_PATH.is_absolute()


@pytest.mark.parametrize("text, expected", [
    ("what does article 19 of the Budapest Convention say", ("ETS 185", 19)),
    ("which article corresponds to ETS 185 art. 29", ("ETS 185", 29)),
    ("the Budapest Convention's article 29 preservation", ("ETS 185", 29)),
    ("article 19 of ETS 185", ("ETS 185", 19)),
    ("Budapest Convention search and seizure", None),
    ("Article 28 and the Budapest Convention", None),  # an article of this Convention beside the name
])
def test_parse_counterpart_loose_reads_a_query(text, expected):
    assert parse_counterpart(text, loose=True) == expected


def _opcodes(module, a: list[str], b: list[str]) -> list[tuple]:
    return [tuple(op) for op in module.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "State", "Party", "shall", ",", "data", "(", "a", ")", "."]), max_size=120),
       st.lists(st.sampled_from(["the", "State", "Party", "shall", ",", "data", "(", "a", ")", ".", "may"]), max_size=120))
def test_the_compiled_matcher_gives_difflib_s_opcodes(a, b):
    import difflib

    import cydifflib

    assert _opcodes(cydifflib, a, b) == _opcodes(difflib, a, b)


def test_every_comparison_the_site_shows_is_the_one_difflib_makes(doc, conc, monkeypatch):
    """word_diff (its matcher: cydifflib) on every compared pair of texts, then again with difflib's own matcher."""
    import difflib
    import sys

    index, pairs = doc.index(), []
    for e in conc.entries:
        for c in e.counterparts:
            art = instrument_articles(c.instrument.key).get(c.article)
            if art is not None and c.relation in ("verbatim", "adapted"):
                pairs.append((" ¶ ".join(unit_blocks(index[e.citation])), " ¶ ".join(counterpart_blocks(art, c.instrument.key))))
    compiled = [word_diff(a, b) for a, b in pairs]
    monkeypatch.setitem(sys.modules, "cydifflib", difflib)
    assert [word_diff(a, b) for a, b in pairs] == compiled and len(pairs) >= 50
