"""The scanner's fast path (citation.compiled): the same phrases as the token reader, always.

``scan(text, lexicon)`` reads the common phrases with expressions compiled from the lexicon and
leaves the rest to the token reader; ``scan(..., compiled=False)`` reads everything with the
reader.  Both must give equal phrases (targets, spans, instruments) on the corpus, every case
table, each lexicon's fixtures and generated text made of each lexicon's own words.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from treaty.citation import LEXICONS, scan
from treaty.citation.compiled import NONE, UNDECIDED, fast
from treaty.citation.tokens import roles
from treaty.corpus import load

FIXTURES = Path(__file__).parent / "fixtures"


@functools.lru_cache(maxsize=None)
def fast_languages() -> tuple[str, ...]:
    """The lexicons the fast path reads (the others are read by the token reader alone); asked
    when a test runs, not at import: compiling every lexicon's expressions costs ~0.7 s."""
    return tuple(sorted(lang for lang, lex in LEXICONS.items() if fast(roles(lex), roles(lex).attempts) is not None))


#: hypothesis draws a language of the fast path
FAST = st.deferred(lambda: st.sampled_from(fast_languages()))


def same(text: str, lang: str = "en") -> None:
    lex = LEXICONS[lang]
    assert scan(text, lex, compiled=True) == scan(text, lex, compiled=False), text


def test_the_fast_path_serves_the_spaced_languages():
    assert {"en", "fr", "es", "ru", "de", "pt", "it", "vi", "id"} <= set(fast_languages())
    assert not {"zh", "ja", "ko"} & set(fast_languages())  # keywords written around their number: the reader's


@pytest.mark.parametrize("text", [
    "Article 7 requires", "art. 5(2)(b) and the", "article 40.21.b extends", "article 5, paragraph 2 (b), of this Convention",
    "Article one states", "articles 14 to 16 of this Convention", "paragraph 3 of article 23", "paragraph 1 of this article",
    "interpretative note 4", "Chapter IV", "subparagraph (c) covers", "the preamble recalls", "Article 2 of the Budapest Convention",
    "Art. 17 ICCPR", "paragraphs 5 and 6 above", "article 5 — protection", "article 5(2)(a), (b) and (d) list the",
    "article on extradition", "articles of association", "Articles 14(1), 15(1) and 16(1) here", "Articles 40(21)(a) and (b) x",
    "Articles 23.2.b and 23.2.c", "art. 5(2)(b) requires", "article 5, paragraphs 1 and 2 x", "art. 5 para. 2 lit. b x",
    "article 5, paragraph 2, subparagraph (b) of this Convention", "paragraph 2, subparagraph (b) of article 5",
    "subparagraph (c) of paragraph 1 of article 35 of this Convention", "subparagraph (a) of paragraph 1 of this article",
    "interpretative notes on articles 2, 17, 23 and 35 of this Convention", "Chapters IV and V Article 21",
])
def test_the_common_forms_are_decided_by_the_expressions(text):
    """So the fast path is really used: these never reach the token reader."""
    r = roles(LEXICONS["en"])
    f = fast(r, r.attempts)
    found = f.read(text, 0)
    assert found is not None, text
    if found is not NONE and found.after is not None and (found.after.value in r.after_citation or found.after.raw.isupper()):
        assert f.instrument(text, found.after) is not UNDECIDED, text
    same(text)


#: the edges where the reader stops early, reads on, or declines: each must come out the same
EDGES = [
    "Article 5, 7 and 9", "Articles 5, 9 requires", "Articles 5, 9 of this Convention", "articles 5 to 7 to 9", "articles 9 to 5",
    "Chapters IV and V", "Chapter IV and the", "chapter iv", "Chapter XL", "Chapter 45", "the Convention and Article 2 of the ICCPR",
    "article 5 of the Convention and Article 2", "paragraph 2 of article 5 (3)", "paragraph 2 of article 5 days", "article 5.2.3",
    "article 5.2.b (c)", "article 5.0", "article 5(2)(3)", "article 5(b)(2)", "article 5 (2) (a) (i) (x)", "article 5 (see) and 6",
    "articles 5 (definitions) and 6", "articles 5(a) and 6", "article 5 days", "article 5 and in particular 7", "article 5 as well as 7",
    "article 5 and/or 7", "article 5, and 7", "article 5 - 7", "article 5 — 7 days", "article 5, paragraph 2 and 3",
    "article 5, paragraph 2 (b) and (c)", "article 5, paragraph 2, subparagraph (b)", "article 5 paragraph 2 (a) (i) (x)",
    "paragraph 2, of this Convention", "paragraph 2 of this paragraph", "paragraph 2 of the present article 5", "paragraph 2 of the preamble",
    "paragraphs 1 and 2 of article 24", "paragraphs 1, 2 above", "paragraph 1 (a) of this article", "paragraph (2) of article 5",
    "interpretative notes clarify", "The interpretative notes clarify", "the interpretative notes on articles 2 and 17", "interpretative note 1000",
    "subparagraph (1)", "subparagraph (b) of paragraph 2", "subparagraph (b) (ii) of", "subparagraphs (a) and (b)",
    "Article 5 of the United Nations Convention against Transnational Organized Crime Article 6",
    "article 5 of the " + "Big " * 40, "article 5 of the Convention of the", "article 5 under Article 28", "under Art 28 (4)",
    "article 5 of the report of the Ad Hoc Committee", "article 5 of the convention", "article 5 of convention", "article 5 ICCPR's",
    "article 5 IV", "article 5 ART", "article 5 of État", "article 5 of the Convention Interpretative", "article 5 above.",
    "Article 5,", "article 5.", "article 5 .", "article5", "article 5º", "article 5\u0663", "article 05", "article 1000", "article 0",
    "Article 5 ARTICLE 6", "sixty-eight articles", "article sixty-eight", "article eight-sixty", "article 5 sixty-eight",
    # a label whose letter is also a range word ("a": Spanish, Italian "artículos 5 a 9"), found by generated text
    "dell’articolo5.2(a)IVConvenzione", "los artículos   999 (a) convenio al", "articles 5 (a) to the",
    # labels' siblings and ranges
    "article 5(2)(a), (b) and (d) list", "article 5 (a) to (c) and", "article 5(a) to (c) to (e)", "article 5(c) to (a)",
    "article 5(2) and (3) of the", "paragraph 2 (a) and (b) of article 5", "paragraph 2 (a) and (ii)", "article 5.2 and (b)",
    "article 5, paragraph 2 (b) and (c), of this Convention", "article 5 (a) and (1)", "article 5(a)(i) or (ii) and (b)",
    "article 5(a), (see)", "article 5(a) and (b)(2)", "article 5(a) and (b) (c) (d)", "paragraph 1 (a) to (c) of this article",
    # "§" is not the first half of "§§" (found by generated text)
    "der5)999deru.§§erste", "arts.1preambular paragraphyears—§§sixteen", "§§ 5 and § 6", "§§§ 5", "§ 5 StGB",
    # where labels are written "b)", a short word before ")" is a label (found by generated text)
    "o artigo5.b)supra, ou", "artigo um) da lei)", "artículo 5 de la ley) x", "article 5 of the Convention Article) 2",
    # glosses between the items of a list of articles
    "articles 29 (real-time collection of traffic data) and 30 (interception of content data) require",
    "arts. 5-6 (conference of the states parties) x", "articles 5 (data) and 6 (x) y", "articles 5 (data) and article 6",
    "articles 5 (a b c d e f g h i) and 6", "articles 5 (iv) and 6", "articles 5, 7 (x), 9 z", "articles 5 (x) to 9",
    "articles 5 (x, y - z) or 6", "articles 5 (x) and", "articles 5 (x) and the", "articles 5 (x) (y) and 6",
    "Arts. 57-58 (Conference of the States Parties; secretariat)", "articles 5 and 6 (1000) x", "articles 5 (see p. 3) and 6",
    "artículos1(definitions) , 7 a la presente", "artículos 1 (definiciones) y 7 x", "artigos 1 (definições), 7 e 9 x",
    # long runs where an expression could backtrack (each must stay linear; see benchmarks/bench_fuzz.py)
    "articles 5 (" + "abcdefghij" * 300 + " x ;)", "articles 5 (" + "ab-" * 3000 + ")", "article " + "a" * 20000 + ")",
    "article 5 " + "ABCDEFGH" * 2000 + "a", "articles 5 (" + "a " * 5000 + ") and 6", "article 5 of the " + "Big of the " * 2000,
    "articles 5 (" + "a, " * 5000 + ")", "article 5(a)" + ", (b)" * 5000, "articles 1" + ", 2" * 5000 + " x",
    "subparagraphs (a) and (b) are", "subparagraphs (a) to (c) of paragraph 1", "subparagraph (a)(i) and (ii)", "items (b), (c)",
    # lists of articles whose items have labels or dotted segments
    "Articles 14(1), 15(1) and 16(1) here", "Articles 40(21)(a) and (b) x", "Articles 23.2.b and 23.2.c of", "Articles 14(7) and 15(1)",
    "Articles 14(1) to 16", "articles 5(a) to 9", "articles 5 (a) to 9 of", "Articles 14(1), 15 to 17 x", "articles 5(2), 9 requires",
    "articles 5, 9(2) requires", "articles 5(2), 9(3)", "articles 5(a) (b) (c) (d) and 6", "articles 5(2) (definitions) and 6(1)",
    "articles 5.2 to 7", "articles 5(1)(a)(i)(x) and 6", "articles 5(01) and 6", "articles 5(a) and (b) and 6(c)", "articles 5.2.3 and 6",
    "articles 5(2)(a) to (c) and 7(1) of this Convention", "Articles 5(1) and article 7", "articles 5(1), 7.2.3", "articles 5(data) and 6",
    "articles 5 (a) days", "articles 5(2), (3) and 6(1)", "articles 5(2) and 6 (definitions) x", "articles 5(a), 6(b), ICCPR",
    "articles 5(1) and 6(1000)", "articles 5.b (c) and 6", "articles 5(1) and 6.2 above", "arts. 5(1)-(3) and 6",
    # an article's paragraphs, a paragraph's subparagraph
    "article 5, paragraphs 1 and 2 x", "Article 16, paras. 1–3 x", "article 5, paragraph 2, subparagraph (b) x", "art. 5 para. 2 lit. b x",
    "para. 2 lit. b", "paragraph 2 lit b", "paragraph 2, item a report", "paragraph 2, subparagraph (1)", "paragraph 2 subparagraph (B)",
    "paragraph 2, subparagraph (b) and (c) of article 5", "article 5, paragraph 2, subparagraph (b) (ii)", "article 5, paragraphs 1 to 3 days",
    "article 5, paragraphs 1, 2 and paragraph 4", "article 5, paragraph 2, 3", "article 5, paragraph 2 lit. ab", "article 5, paragraph 2, lit. b and c",
    "paragraphs 1 and 2, subparagraph (b)", "article 5, paragraphs 2 to 1", "article 5, paragraph 2 to 4, subparagraph (a)", "para. 2 lit. B",
    "article 5, paragraph 2, subparagraph (b), of this Convention", "paragraph 2, subparagraph (a) to (c) of this article", "para. 2 lit. b)",
    # a subparagraph of a paragraph (of an article)
    "subparagraph (b) of paragraph 1 of article 35", "subparagraph (c) of paragraph 1 of article 35 of this Convention",
    "subparagraph (a) of paragraph 1 of this article", "subparagraph (a) of paragraph 1 requires", "subparagraph (a) of paragraph 1 (b) of article 5",
    "subparagraph (a) of paragraph 1 and 2 of article 5", "subparagraph (a) of paragraph 1 of article 5 (2)", "subparagraph (a) of paragraph 1 of article 5 days",
    "subparagraph (a) of paragraph 1 of this paragraph", "subparagraph (a) and (b) of paragraph 2 of article 5", "subparagraph (a), of paragraph 2",
    "subparagraph (a) of the paragraph 2 of the article 5", "subparagraph (a) of paragraphs 1 to 3", "subparagraph (a) of paragraph 1, of this Convention",
    "subparagraph (a) of paragraph 1 of the Convention", "subparagraph (a) of paragraph 1000", "subparagraph (a) of paragraph 1 days",
    "subparagraph (a) of paragraph 1, subparagraph (b)", "subparagraph (a) of paragraph 1 of article 5, paragraph 2",
    # the notes on some articles
    "the interpretative notes on articles 2, 17, 23 and 35 of this Convention", "interpretative notes on article 5(2)",
    "the interpretative notes on extradition", "notes on paragraph 3 of article 5", "interpretative notes relating to the articles 5 and 6",
    "the interpretative notes on articles 5 to 7 above", "the interpretative notes on chapter IV", "the interpretative notes on articles",
    "interpretative notes on articles 5 days", "the interpretative notes on ", "The interpretative notes on Article 2 and article 17",
    "the interpretative notes on this article", "the interpretative notes on article five", "the interpretative notes on the relevant paragraphs of article 5",
    # lists of chapters; a chapter's list goes on with a roman numeral after a comma
    "Chapters 2, IV", "Chapter 5, IV and", "Chapters II, IV, V", "Chapters IV and V Article 21", "Chapters II to IV x", "Chapters II to IV to V",
    "Chapters IV to II", "Chapters II, IV requires", "chapters 2 and 3 days", "Chapters II and 45", "Chapters II and IIII", "Chapters II and five",
    "Chapters II and V of this Convention", "Chapters II to IV and VI", "Chapter II, III, of the Convention", "chapters 2-4", "Chapters II and Vth",
]


@pytest.mark.parametrize("text", EDGES)
def test_edges(text):
    for lang in fast_languages():
        same(text, lang)


def test_the_corpus():
    doc = load()
    text = "\n\n".join(u.full_text() for u in doc.walk() if u.full_text())
    for lang in fast_languages():
        same(text, lang)


def _cases() -> list[tuple[str, str]]:
    out = [(c.get("lang", "en"), c["t"]) for c in yaml.safe_load((FIXTURES / "link_cases.yaml").read_text(encoding="utf-8"))]
    for path in sorted((FIXTURES / "link_world").glob("*.yaml")):
        out += [(path.stem, c["t"]) for c in yaml.safe_load(path.read_text(encoding="utf-8")) or []]
    for path in sorted((FIXTURES / "lexicons").glob("*.yaml")):
        out += [(path.stem, c["t"]) for c in yaml.safe_load(path.read_text(encoding="utf-8")) or [] if isinstance(c, dict) and "t" in c]
    return out


def test_the_case_tables_in_every_language():
    cases = _cases()
    assert len(cases) > 500
    for lang, text in cases:
        for other in fast_languages():  # each text read in its own language and in every other
            same(text, other)


def _words(lang: str) -> list[str]:
    """The lexicon's own words and the pieces around them."""
    lex = LEXICONS[lang]
    words = [e for name in roles(lex).seqs for e in getattr(lex, name)] + [w for w, _ in lex.numbers][:20]
    return words + ["1", "5", "40", "999", "1000", "0", "5.2", "5.b", "(a)", "(ii)", "(2)", "(B)", "(see)", "IV", "V", "XL",
                    "ICCPR", "Budapest", "Convention", "État", "Big", ",", ".", ";", "(", ")", "-", "\u2013", "\n", "days", "requires",
                    "(definitions)", "(real-time collection)", "(data, x)"]


@settings(max_examples=400, deadline=None)
@given(FAST, st.data())
def test_generated_text_of_each_lexicon(lang, data):
    text = " ".join(data.draw(st.lists(st.sampled_from(_words(lang)), max_size=30)))
    same(text, lang)


@settings(max_examples=200, deadline=None)
@given(FAST, st.data())
def test_generated_text_glued(lang, data):
    """The same words with and without spaces between them ("art.5(2)", "5,7")."""
    text = "".join(data.draw(st.lists(st.sampled_from(_words(lang) + [" "]), max_size=30)))
    same(text, lang)


def _pieces(lang: str) -> dict[str, list[str]]:
    """The lexicon's words and the pieces of a phrase, by what they are in one."""
    lex = LEXICONS[lang]

    def entries(*roles_):
        return [e for role in roles_ for e in getattr(lex, role) if "#" not in e]

    return {
        "key": entries("article", "articles", "paragraph", "paragraphs", "subparagraph", "chapter", "note", "preamble", "preambular", "relevant"),
        "num": ["1", "2", "5", "7", "9", "14", "16", "21", "40"] * 3 + ["999", "0", "1000", "05", "IV", "V", "ii"] + [w for w, _ in lex.numbers][:5],
        "lab": ["(1)", "(2)", "(a)", "(b)", "(ii)", "(21)(a)", "(a)(i)", "(c)", "(definitions)", "(data)", "(see p. 3)", "(A)", "(01)", "b)"],
        "dot": [".2", ".2.b", ".b", ".21"],
        "join": entries("separators", "to", "from_") + [",", "and", "or"],
        "of": entries("of", "this", "determiners", "self_document", "instrument_of"),
        "inst": ["Convention", "Budapest Convention", "ICCPR", "report", "Ad Hoc Committee", "Preamble", "preamble", "Big Name"],
        "plain": ["requires", "days", "years", "the", "x", "lit.", "b", ".", ";", "(", ")", "\n", "-", "\u2013", "ART"],
    }


@st.composite
def _phrase(draw, pieces: dict[str, list[str]]) -> str:
    """KEYWORD ITEM (JOIN ITEM)* [QUALIFIER] [INSTRUMENT] WORD, each piece perhaps glued to the
    next, an item a number perhaps with labels or dotted segments (a walk over the lexicon's words
    seldom makes a list long enough: "Articles 14(1) to 16" was missed in 20,000 of them)."""
    def pick(kind):
        return draw(st.sampled_from(pieces[kind])) + draw(st.sampled_from([" ", " ", ""]))

    def item():
        return pick("num") + "".join(pick(draw(st.sampled_from(["lab", "dot"]))) for _ in range(draw(st.integers(0, 2))))

    out = pick("key") + item() + "".join(pick("join") + (pick("key") if draw(st.booleans()) else "") + item()
                                         for _ in range(draw(st.integers(0, 3))))
    if draw(st.booleans()):
        out += pick("of") + pick("key") + item()
    if draw(st.booleans()):
        out += pick("of") + pick("inst")
    return out + pick("plain")


@settings(max_examples=500, deadline=None)
@given(FAST, st.data())
def test_generated_phrases_of_each_lexicon(lang, data):
    """Text that reads like citations: lists, ranges, labels, qualifiers and instruments."""
    pieces = _pieces(lang)
    same("".join(data.draw(st.lists(_phrase(pieces), min_size=1, max_size=3))), lang)


def test_a_short_text_is_read_without_compiling_the_expressions_a_long_one_compiles_them(monkeypatch):
    """``treaty show "Article 5"`` must not pay the expressions' compilation (87 ms) for one
    citation: below FAST_PATH_FROM characters the reader reads alone until they are compiled."""
    import treaty.citation.compiled as compiled
    from treaty.citation.scanner import FAST_PATH_FROM

    monkeypatch.setattr(compiled, "_FAST", {})
    lex = LEXICONS["en"]
    short, long = "Article 5(1)(a)", "See article 5, paragraph 2, of this Convention. " * (FAST_PATH_FROM // 40)
    assert scan(short, lex) == scan(short, lex, compiled=False)
    assert not compiled.is_compiled(roles(lex))
    assert scan(long, lex) == scan(long, lex, compiled=False)
    assert compiled.is_compiled(roles(lex))
    assert scan(short, lex) == scan(short, lex, compiled=False)  # (now by the expressions)
