"""The scanner's lexicons for the other UN languages, and the grammar fixes the linker needed."""

from __future__ import annotations

import pytest

from treaty.citation import LEXICONS, scan


def read(text: str, lang: str = "en"):
    return [(p.text, p.instrument, [(t.article, t.segments) for t in p.targets]) for p in scan(text, LEXICONS[lang])]


@pytest.mark.parametrize("lang,text,expected", [
    # the instrument is attached, as in English ("of this Convention"): "présente" is a determiner
    ("fr", "l’article 40, paragraphe 21, de la présente Convention",
     [("l’article 40, paragraphe 21, de la présente Convention", "présente Convention", [(40, ("21",))])]),
    ("fr", "Les articles 14 à 16 visent", [("articles 14 à 16", None, [(14, ()), (15, ()), (16, ())])]),
    ("fr", "le paragraphe 3 de l'article 23", [("le paragraphe 3 de l'article 23", None, [(23, ("3",))])]),
    ("fr", "l’article 2 de la Convention de Budapest", [("l’article 2 de la Convention de Budapest", "Convention de Budapest", [(2, ())])]),
    ("es", "los artículos 29 y 30", [("artículos 29 y 30", None, [(29, ()), (30, ())])]),
    ("es", "el párrafo 3 del artículo 23", [("el párrafo 3 del artículo 23", None, [(23, ("3",))])]),
    ("es", "el artículo 2 del Convenio de Budapest", [("artículo 2 del Convenio de Budapest", "Convenio de Budapest", [(2, ())])]),
    ("ru", "пункт 3 статьи 23", [("пункт 3 статьи 23", None, [(23, ("3",))])]),
    ("ru", "со статьей 24 настоящей Конвенции", [("статьей 24", None, [(24, ())])]),
    ("ru", "статьи 14–16", [("статьи 14–16", None, [(14, ()), (15, ()), (16, ())])]),
    ("ar", "الفقرة 3 من المادة 23", [("الفقرة 3 من المادة 23", None, [(23, ("3",))])]),
    ("ar", "المادة ٤٠ من هذه الاتفاقية", [("المادة ٤٠ من هذه الاتفاقية", "هذه الاتفاقية", [(40, ())])]),
])
def test_other_languages(lang, text, expected):
    assert read(text, lang) == expected


@pytest.mark.parametrize("lang", ["fr", "es", "ru", "ar"])
def test_other_languages_do_not_read_english_counts(lang):
    assert read("68 articles, 9 chapters, 2024", lang) == []


def test_ampersand_joins_a_list():
    assert read("Articles 5 & 6") == [("Articles 5 & 6", None, [(5, ()), (6, ())])]


def test_an_instrument_name_stops_at_the_next_citation():
    assert read("Article 7 of this Convention and Article 2 of the Budapest Convention") == [
        ("Article 7 of this Convention", "this Convention", [(7, ())]),
        ("Article 2 of the Budapest Convention", "the Budapest Convention", [(2, ())]),
    ]


def test_a_gloss_between_list_items_is_part_of_the_list():
    assert read("Articles 29 (real-time collection) and 30 (interception)") == [
        ("Articles 29 (real-time collection) and 30", None, [(29, ()), (30, ())])]
    assert read("articles 2 (definitions) and 36") == [("articles 2 (definitions) and 36", None, [(2, ()), (36, ())])]
    # a bracketed label is not a gloss, and a gloss alone ends nothing
    assert read("Article 5 (sovereignty) and 6 others") == [("Article 5", None, [(5, ())])]
    assert read("articles 14 (a) and (b)")[0][2][0] == (14, ("a",))
