"""The words of citations, per language and grammatical role: one data file per language.

``<code>.json`` in this folder holds one ``Lexicon``: a list of entries per role (entries may
span several words) and two flags.  Another language is another file — no code.  The files are
package data, read through ``importlib.resources`` so an installed package finds them too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    """The words of one language, per grammatical role; entries may span several words."""

    article: tuple[str, ...]
    articles: tuple[str, ...]
    paragraph: tuple[str, ...]
    paragraphs: tuple[str, ...]
    subparagraph: tuple[str, ...]
    chapter: tuple[str, ...]
    note: tuple[str, ...]
    preamble: tuple[str, ...]
    preambular: tuple[str, ...]
    #: "this" / "the present": makes "this article", "this paragraph", "this chapter" relative
    this: tuple[str, ...]
    #: joins a provision to its container: "paragraph 3 *of* article 23", "*of* this article"
    of: tuple[str, ...]
    #: joins a citation to the instrument it belongs to: "article 2 *of* the Budapest Convention"
    instrument_of: tuple[str, ...]
    #: list separators ("," alone is one too)
    separators: tuple[str, ...]
    #: range words
    to: tuple[str, ...]
    #: phrases that open a reference to a whole article: "the relevant paragraphs of article 40"
    relevant: tuple[str, ...]
    #: the citing document itself: "paragraphs 5 and 6 *above*"
    self_document: tuple[str, ...]
    #: words that may open an instrument's name: "*the* Budapest Convention", "*its* report"
    determiners: tuple[str, ...]
    #: lowercase nouns that name an instrument: "the convention", "its report"
    instrument_nouns: tuple[str, ...]
    #: lowercase words allowed inside a capitalised name: "Convention *on the* Rights *of the* Child"
    connectors: tuple[str, ...]
    #: a number followed by one of these is a quantity, not a provision ("5 to 10 days")
    quantities: tuple[str, ...]
    #: instrument phrases that mean this Convention ("this Convention", "la présente Convention")
    this_instrument: tuple[str, ...] = ()
    #: items written "a)" rather than "(a)" (French, Spanish)
    closing_labels: bool = False
    #: the container follows without a word for "of" (Russian "пункт 3 статьи 23")
    genitive: bool = False
    #: a word between an article word and the first number of a range: "articoli *da* 7 a 11"
    from_: tuple[str, ...] = ()
    #: numbers written as words, cardinal and ordinal: "one" → 1, "premier" → 1, "الثاني" → 2
    numbers: tuple[tuple[str, int], ...] = ()
    #: item labels in the language's own letters or numerals, in order: the first is (a), the
    #: second (b) … (Arabic "(أ)", Chinese "(一)")
    labels: tuple[str, ...] = ()
    #: written without spaces between words (Chinese, Japanese, Korean): each Han, kana or hangul
    #: character is a token of its own, and a keyword needs no word boundary before it
    unspaced: bool = False
    #: this Convention's names in the language: its title, short names, the names it had during
    #: negotiation and after adoption (the draft's titles, the city where it opened for signature)
    names: tuple[str, ...] = ()
    #: nouns that make the words before them the name of a law or code: "Penal *Code*", "刑*法*"
    law_words: tuple[str, ...] = ()
    #: what names a provision by its subject: "the article *on* extradition", "the extradition *article*"
    name_words: tuple[str, ...] = ()
    #: the keyword a reference by name to an article / a chapter opens with, in the forms it
    #: takes there ("المادة المتعلقة ب…", "فصل التجريم"); read with the language's headings
    #: (link/headings/<code>.json), English's from the corpus by link/names.py
    name_article: tuple[str, ...] = ()
    name_chapter: tuple[str, ...] = ()


#: Keys of a lexicon file that describe it rather than hold words.
ABOUT_KEYS = ("language", "about")


def lexicon_from_data(data: dict) -> Lexicon:
    """A ``Lexicon`` from a lexicon file's JSON object; an unknown or missing role is an error."""
    known = {f.name: f for f in fields(Lexicon)}
    unknown = {"from_" if k == "from" else k for k in data} - set(known) - set(ABOUT_KEYS)
    if unknown:
        raise ValueError(f"unknown lexicon roles: {', '.join(sorted(unknown))}")
    values = {}
    for name, value in data.items():
        if name in ABOUT_KEYS:
            continue
        if name == "from":
            name = "from_"
        if isinstance(value, bool):
            values[name] = value
        elif name == "numbers" and isinstance(value, dict) and all(isinstance(v, int) for v in value.values()):
            values[name] = tuple((k.casefold(), v) for k, v in value.items())
        elif isinstance(value, list) and all(isinstance(e, str) and e for e in value):
            values[name] = tuple(value)
        else:
            raise ValueError(f"lexicon role {name!r}: expected a list of words or true/false")
    return Lexicon(**values)


def load_lexicons() -> dict[str, Lexicon]:
    """Every lexicon file of this folder, by language code (the file's name), sorted."""
    folder = resources.files(__name__)
    found = sorted((p for p in folder.iterdir() if p.name.endswith(".json")), key=lambda p: p.name)
    return {p.name[: -len(".json")]: lexicon_from_data(json.loads(p.read_text(encoding="utf-8"))) for p in found}


#: Lexicons by language code (``treaty link --lang``).  Chinese is not among them: "第23条第3款"
#: reads as one run of letters to the tokenizer, which would need its own reader.
LEXICONS: dict[str, Lexicon] = load_lexicons()
ENGLISH = LEXICONS["en"]
FRENCH = LEXICONS["fr"]
SPANISH = LEXICONS["es"]
RUSSIAN = LEXICONS["ru"]
ARABIC = LEXICONS["ar"]

#: Instrument phrases that mean this Convention (casefolded, whitespace-normalised), English.
THIS_CONVENTION = ENGLISH.this_instrument


def is_this_convention(instrument: str | None, lexicon: Lexicon | None = None) -> bool:
    """True for 'this Convention', 'the Convention' … (in ``lexicon``'s language, or any
    registered one); False for any other instrument or None."""
    if instrument is None:
        return False
    phrase = " ".join(instrument.split()).casefold()
    lexicons = [lexicon] if lexicon is not None else LEXICONS.values()
    return any(phrase in lex.this_instrument for lex in lexicons)
