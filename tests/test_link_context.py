"""Which instrument a citation belongs to (link/context.py), and the skipped list: every
citation-shaped phrase that is not linked is reported, with why and to which instrument."""

from __future__ import annotations

import pytest

from treaty.corpus import load
from treaty.link import OTHER, THIS, Linker, link_text, render_text

DOC = load()
INDEX = DOC.index()


def run(text: str, lang: str = "en", assume: str = THIS):
    return link_text(text, DOC, linker=Linker(DOC, assume, index=INDEX, lang=lang))


def linked(result) -> list[tuple[str, list[str]]]:
    return [(x.text, [t.canonical for t in x.targets]) for x in result.links]


def skipped(result) -> list[tuple[str, str, str | None]]:
    return [(x.text, x.reason, x.instrument) for x in result.skipped]


def test_budapest_then_citations_only_this_convention_has():
    # the example: before, nothing at all, silently
    result = run("Compare article 15 of the Budapest Convention. Note interpretative note 3. See article 5.")
    assert linked(result) == [("interpretative note 3", ["Interpretative note 3"])]
    assert skipped(result) == [("article 15", "other-instrument", "Budapest Convention"),
                               ("article 5", "other-instrument", "Budapest Convention")]


@pytest.mark.parametrize("text,target", [
    ("The Budapest Convention has no equivalent of Article 57.", "Article 57"),      # 48 articles
    ("Under the Budapest Convention, Chapter VII has no counterpart.", "Chapter VII"),  # 4 chapters
    ("The ICCPR protects privacy. Interpretative note 4 concerns investigations.", "Interpretative note 4"),
])
def test_a_citation_only_this_convention_has_is_linked_whatever_was_named_before(text, target):
    assert [t for _, ts in linked(run(text)) for t in ts] == [target]


def test_only_ours_never_overrides_an_instrument_named_after_the_citation():
    result = run("Article 60 of the Budapest Convention")
    assert linked(result) == [] and skipped(result) == [("Article 60", "other-instrument", "Budapest Convention")]


@pytest.mark.parametrize("text,lang,phrase,instrument", [
    ("European Convention on Human Rights (ECHR) Art. 8 protects private life.", "en", "Art. 8", "ECHR"),
    ("Penal Code Art. 269 punishes unauthorized access.", "en", "Art. 269", "Penal Code"),
    ("TFEU Art. 16 was invoked.", "en", "Art. 16", "TFEU"),
    ("ICCPR Art. 19 protects expression.", "en", "Art. 19", "ICCPR"),
    ("El Código Penal, art. 269, castiga el acceso ilícito.", "es", "art. 269", "Código Penal"),
    ("KUHP Pasal 362 mengatur tindak pidana pencurian.", "id", "Pasal 362", "KUHP"),
    ("《刑法》第二百八十五条规定了非法侵入计算机信息系统罪。", "zh", "第二百八十五条", "刑法"),
    ("형법 제347조의2는 컴퓨터 등 사용사기죄를 규정한다.", "ko", "제347조", "형법"),
    ("The Computer Misuse Act, Art. 3, was amended.", "en", "Art. 3", "Computer Misuse Act"),
])
def test_an_instrument_named_just_before_art_takes_the_citation(text, lang, phrase, instrument):
    result = run(text, lang)
    assert linked(result) == []
    [(text_, reason, inst)] = skipped(result)
    assert phrase in text_ and reason == "other-instrument" and instrument in inst


@pytest.mark.parametrize("text,lang,expected", [
    # "the Convention" refers back to the instrument named before it …
    ("The Budapest Convention entered into force in 2004. Article 15 of the Convention requires safeguards.", "en", []),
    ("The Hanoi Convention was opened for signature in 2025. Article 64 of the Convention governs signature.", "en", ["Article 64"]),
    # … "this Convention" is the document's own
    ("Article 2 of the Budapest Convention and Article 7 of this Convention", "en", ["Article 7"]),
    # and a bare citation takes the instrument named last
    ("Будапештская конвенция вступила в силу в 2004 году; статья 15 Конвенции требует гарантий.", "ru", []),
    ("부다페스트 협약은 2004년에 발효되었다. 동 협약 제32조는 국경을 넘는 접근을 허용한다.", "ko", []),
])
def test_the_convention_means_the_convention_named_before(text, lang, expected):
    assert [t for _, ts in linked(run(text, lang)) for t in ts] == expected


def test_skipped_lists_every_phrase_not_linked_with_its_reason():
    text = ("Article 8 ECHR applies. Article 69 does not exist. As noted in paragraph 5 above, "
            "paragraph 2 of this article is unclear.")
    result = run(text)
    assert skipped(result) == [("Article 8", "other-instrument", "ECHR"), ("Article 69", "dangling", None),
                               ("paragraph 5 above", "citing-document", None), ("paragraph 2 of this article", "ambiguous", None)]
    for x in result.skipped:
        assert text[x.start:x.end] == x.text
        assert set(x.as_json()) == {"text", "start", "end", "reason", "instrument"}


def test_assume_other_skips_a_bare_citation():
    result = run("Article 5 requires it.", assume=OTHER)
    assert skipped(result) == [("Article 5", "other-instrument", None)]


def test_show_skipped_marks_them_in_text_output():
    text = "Article 24 of this Convention and Article 15 of the Budapest Convention."
    out = render_text(text, run(text), "https://ex.org/", show_skipped=True)
    assert out == ("Article 24 [1] of this Convention and Article 15 [~1] of the Budapest Convention.\n\n"
                   "Links:\n[1] Article 24 = Article 24: https://ex.org/articles/24.html\n\n"
                   "Not linked:\n[~1] Article 15: not linked: another instrument (Budapest Convention)\n")
    assert render_text(text, run(text), "https://ex.org/") == ("Article 24 [1] of this Convention and Article 15 of the Budapest Convention."
                                                               "\n\nLinks:\n[1] Article 24 = Article 24: https://ex.org/articles/24.html\n")


@pytest.mark.parametrize("text", [
    "ARTICLE 19 urges UN member states not to ratify.",        # the organisation, not a citation
    "Human Rights Watch and ARTICLE 19 analyzed the draft text.",
])
def test_the_organisation_article_19_is_not_a_citation(text):
    result = run(text)
    assert linked(result) == [] and skipped(result) == []


def test_a_heading_article_19_is_a_citation():
    assert linked(run("ARTICLE 19 — PARTICIPATION AND ATTEMPT")) == [("ARTICLE 19", ["Article 19"])]
