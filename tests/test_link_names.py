"""References by name (link/names.py): generated from the corpus's headings, never on a bare
common word."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treaty.corpus import load
from treaty.link import Linker, link_text
from treaty.link.names import name_index, subject_words

DOC = load()
INDEX = DOC.index()


def targets(text: str) -> list[str]:
    return [t.canonical for x in link_text(text, DOC, linker=Linker(DOC, index=INDEX)).links for t in x.targets]


@pytest.mark.parametrize("text,expected", [
    ("The article on extradition requires dual criminality.", ["Article 37"]),
    ("Critics focused on the extradition article.", ["Article 37"]),
    ("the article on the protection of witnesses", ["Article 33"]),
    ("the article on data protection", ["Article 36"]),
    ("The chapter on international cooperation is long.", ["Chapter V"]),
    ("the procedural chapter", ["Chapter IV"]),
    ("the criminalization chapter", ["Chapter II"]),
    ("The final provisions follow the UN model.", ["Chapter IX"]),
    ("the general provisions", ["Chapter I"]),
    ("The preamble recalls the Charter; the interpretative notes clarify.", ["Preamble", "Interpretative notes"]),
    ("the human rights article", ["Article 6"]),
])
def test_references_by_name(text, expected):
    assert targets(text) == expected


@pytest.mark.parametrize("text", [
    "Extradition, data protection and international cooperation were disputed.",  # bare words
    "The article on data is vague.",                      # "data" is in several headings
    "An article on extradition appeared in the press.",   # no determiner
    "The article on the Budapest Convention is interesting.",
    "the chapter on extradition",                         # no chapter has that heading
    "The preamble of the Rome Statute is different.",     # another instrument's preamble
])
def test_non_references(text):
    assert targets(text) == []


def test_every_article_is_named_by_its_own_heading():
    """Generated, not listed: "the article on <heading>" reaches every article whose heading's
    subject words are its own (no other heading holds them all) and not too many to write."""
    from treaty.link.names import MAX_SUBJECT

    index = name_index(DOC)
    reached = 0
    for heading_words, c in index.articles:
        others = [h for h, d in index.articles if d != c and heading_words <= h]
        heading = INDEX[c].heading
        if others or any(len(w) < 3 for w in heading_words) or len(heading.split()) > MAX_SUBJECT:
            continue
        assert targets(f"See the article on {heading.lower()}.") == [c.canonical], heading
        reached += 1
    assert reached >= 45


def test_subject_words_ignore_stopwords_and_plurals():
    assert subject_words("the Protection of Witnesses".split()) == subject_words(["protections", "witnesses"]) == {"protection", "witnesse"}
    assert subject_words(["of", "the", "and"]) == frozenset()


# -- other languages: the headings of the authentic text in that language (link/headings/) --------

def targets_in(lang: str, text: str) -> list[str]:
    return [t.canonical for x in link_text(text, DOC, linker=Linker(DOC, index=INDEX, lang=lang)).links for t in x.targets]


@pytest.mark.parametrize("lang,text,expected", [
    ("ar", "تلزم المادة المتعلقة بالوصول غير المشروع كل دولة طرف بالتجريم.", ["Article 7"]),
    ("ar", "انتقدت المنظمات المادة بشأن إساءة استخدام الأجهزة.", ["Article 11"]),
    ("ar", "يعالج الفصل المتعلق بالتجريم الأفعال المرتكبة.", ["Chapter II"]),
    ("ar", "ويضم فصل التجريم تسعة أفعال.", ["Chapter II"]),
    ("ar", "وفقا للمادة المتعلقة بصون السيادة، لا تمارس دولة ولايتها في إقليم دولة أخرى.", ["Article 5"]),
    ("ar", "تنص المادة المتعلقة بالتزوير المتعلق بنظام تكنولوجيا معلومات واتصالات على ذلك.", ["Article 12"]),
])
def test_references_by_name_in_other_languages(lang, text, expected):
    assert targets_in(lang, text) == expected


@pytest.mark.parametrize("lang,text", [
    ("ar", "أثار التجريم الواسع لمحتوى الإنترنت قلق المدافعين عن حرية التعبير."),  # a bare common word
    ("ar", "الوصول غير المشروع إلى البيانات جريمة في معظم القوانين الوطنية."),     # a heading without its keyword
    ("ar", "لا يكفي الحديث عن المادة المتعلقة بالتدخل."),                          # in two headings (9, 10)
    # part of a heading, in a language whose file lacks some headings: the whole heading is needed
    # (articles 25 ff., which the file lacks, speak of electronic data too)
    ("ar", "المادة المتعلقة بالبيانات الإلكترونية"),
    ("ar", "المادة الوصول"),                                                        # no heading is one word of it
])
def test_non_references_in_other_languages(lang, text):
    assert targets_in(lang, text) == []


def test_a_language_without_sourced_headings_reads_no_names_in_it():
    """Chinese headings are not sourced (docs/linking.md): "关于引渡的条款" stays unread."""
    from treaty.link.heading_names import headings

    assert headings("zh") is None
    assert targets_in("zh", "关于引渡的条款允许以本国国民为由拒绝引渡。") == []


@pytest.mark.parametrize("lang", ["ar"])
def test_every_sourced_heading_reaches_its_article(lang):
    """Generated from the file: "<keyword> <linking word> <heading>" reaches each article and
    chapter the headings file holds, and each names a provision of the corpus."""
    import json
    from importlib import resources

    from treaty.citation import LEXICONS

    data = json.loads(resources.files("treaty.link").joinpath("headings", f"{lang}.json").read_text(encoding="utf-8"))
    assert data["source"]["repository"] and data["source"]["path"] and data["source"]["document"]
    lex = LEXICONS[lang]
    for number, heading in data["articles"].items():
        for link in lex.name_words:
            glue = "" if len(link.split()[-1]) == 1 else " "
            assert targets_in(lang, f"{lex.name_article[0]} {link}{glue}{heading}") == [f"Article {number}"], (link, heading)
        assert targets_in(lang, f"{lex.name_article[-1]} {heading}") == [f"Article {number}"], heading
    for numeral, heading in data["chapters"].items():
        assert targets_in(lang, f"{lex.name_chapter[-1]} {heading}") == [f"Chapter {numeral}"], heading
    assert len(data["articles"]) >= 15


def test_heading_names_on_any_text_are_inert_and_in_order():
    """Any text: no error, phrases in order, not overlapping, each its own slice of the text."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from treaty.citation import LEXICONS
    from treaty.link.heading_names import find_heading_names, headings

    heads, lex = headings("ar"), LEXICONS["ar"]
    pieces = st.sampled_from(["المادة", "الفصل", "فصل", " ", "بشأن ", "المتعلقة ب", "المتعلق ب", "الوصول", " غير",
                              " المشروع", "التجريم", "،", ".", "17", "ـ", "\u064e", "x"])

    @settings(max_examples=200, deadline=None)
    @given(st.lists(pieces, max_size=30).map("".join))
    def check(text):
        found = find_heading_names(text, heads, lex)
        assert all(p.text == text[p.start:p.end] for p in found)
        assert all(a.end <= b.start for a, b in zip(found, found[1:]))

    check()


_KEY_WORDS = ["the", "The", "THE", "article", "articles", "provision", "provisions", "chapter", "on", "extradition", "final",
              "of", "procedural", "thé", "the\n", "the\u00a0", "them", "bathe", ",", ".", "(", "x", "criminalization"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_KEY_WORDS), max_size=40), st.sampled_from([" ", "", "  "]))
def test_name_phrases_are_found_where_finditer_finds_them(words, sep):
    """``_key_matches`` tries ``_KEY`` only where a match can start ("the "): the same matches
    as taking, near each keyword, the first of ``_KEY.finditer`` whose keyword it is."""
    from treaty.link.names import _KEY, _KEYWORD, _key_matches

    def plain(text):
        pos = 0
        for k in _KEYWORD.finditer(text):
            if k.start() < pos:
                continue
            m = next((m for m in _KEY.finditer(text, max(pos, k.start() - 80), k.end() + 200) if m.start(2) == k.start()), None)
            if m is not None:
                yield m
                pos = m.end()

    text = sep.join(words)
    assert [(m.span(), m.groups()) for m in _key_matches(text)] == [(m.span(), m.groups()) for m in plain(text)]
