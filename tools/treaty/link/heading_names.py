"""References by name in other languages than English: "المادة المتعلقة بالوصول غير المشروع",
"فصل التجريم" — generated from the headings of the Convention's authentic text in that language.

The headings are data, copied from a published text of that language version and never
translated: ``headings/<code>.json`` holds them with their source, the words a heading shares
with any text (``stopwords``) and the prefixes that fuse with a word (Arabic "ال").  The words
that open a reference are the language's lexicon's: ``name_article`` / ``name_chapter`` (the
keyword), then a ``name_words`` entry ("بشأن", "المتعلقة ب") and the subject words.  A language
without a headings file reads no references by name.

- keyword + linking word + subject: the subject's words all occur in one heading and in no other
  of its kind; when the file does not hold every heading (``complete: false``) they must be the
  whole heading, so that a heading the file lacks can never be the one meant;
- keyword + subject with no linking word ("فصل التجريم"): the subject is a whole heading.

A bare common word is never a reference: the keyword must be there.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice

from ..citation import CitationPhrase, PartialCitation
from ..citation.address import from_roman
from ..citation.lexicons import Lexicon

#: A word with its combining marks (Arabic harakat, tatweel); digits are words too.
_WORD = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u0640]+")
#: Letters written in more than one way: compared in one.
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "’": "'"})
MAX_SUBJECT = 14


@lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    word = "".join(ch for ch in unicodedata.normalize("NFC", word) if not unicodedata.combining(ch) and ch != "\u0640")
    return word.casefold().translate(_FOLD)


@dataclass(frozen=True)
class Headings:
    """One language's headings, as sets of compared subject words, with what they name."""

    language: str
    complete: bool
    stopwords: frozenset[str]
    prefixes: tuple[str, ...]
    articles: tuple[tuple[frozenset[str], PartialCitation], ...]
    chapters: tuple[tuple[frozenset[str], PartialCitation], ...]
    #: every compared word of every heading
    vocabulary: frozenset[str] = frozenset()

    def form(self, word: str) -> str | None:
        """The compared form of ``word``: folded, without a fused prefix; None for a stopword."""
        f = _fold(word)
        if f in self.stopwords:
            return None
        for p in self.prefixes:
            if f.startswith(p) and len(f) - len(p) >= 2:
                return f[len(p):]
        return f

    def subject(self, words) -> frozenset[str]:
        """The compared forms of ``words``, stopwords left out."""
        return frozenset(f for f in map(self.form, words) if f is not None)

    def lookup(self, kind: str, words, whole: bool) -> PartialCitation | None:
        """The one heading of ``kind`` that the subject ``words`` name, or None."""
        return self.lookup_forms(kind, self.subject(words), whole)

    def lookup_forms(self, kind: str, subject: frozenset[str], whole: bool) -> PartialCitation | None:
        """The one heading of ``kind`` that holds the compared words ``subject`` (is them, when
        ``whole`` or when the file lacks some headings), or None."""
        if not subject:
            return None
        whole = whole or not self.complete
        found = [c for heading, c in (self.articles if kind == "article" else self.chapters)
                 if (subject == heading if whole else subject <= heading)]
        return found[0] if len(found) == 1 else None


def headings_from_data(data: dict) -> Headings:
    """A ``Headings`` from a headings file's JSON object."""
    stop = frozenset(_fold(w) for w in data.get("stopwords", ()))
    prefixes = tuple(sorted((_fold(p) for p in data.get("prefixes", ())), key=len, reverse=True))
    empty = Headings(data["language"], bool(data.get("complete")), stop, prefixes, (), ())
    articles = tuple((empty.subject(_WORD.findall(h)), PartialCitation("article", int(n))) for n, h in data["articles"].items())
    chapters = tuple((empty.subject(_WORD.findall(h)), PartialCitation("chapter", number=from_roman(n)))
                     for n, h in data.get("chapters", {}).items())
    vocabulary = frozenset().union(*(h for h, _ in articles + chapters))
    return Headings(empty.language, empty.complete, stop, prefixes, articles, chapters, vocabulary)


def load_headings() -> dict[str, Headings]:
    """Every headings file, by language code."""
    folder = resources.files(__package__).joinpath("headings")
    found = sorted((p for p in folder.iterdir() if p.name.endswith(".json")), key=lambda p: p.name)
    return {p.name[: -len(".json")]: headings_from_data(json.loads(p.read_text(encoding="utf-8"))) for p in found}


_HEADINGS: dict[str, Headings] | None = None


def headings(lang: str) -> Headings | None:
    """The headings of ``lang``'s authentic text, or None when none are sourced (read once)."""
    global _HEADINGS
    if _HEADINGS is None:
        _HEADINGS = load_headings()
    return _HEADINGS.get(lang)


def find_heading_names(text: str, heads: Headings, lex: Lexicon) -> list[CitationPhrase]:
    """Every reference by name in ``text`` (``heads``' language), left to right, not overlapping.

    The keywords are found first (they are rare), then at most ``MAX_SUBJECT`` words after each
    are read: linear in the text."""
    held = _GRAMMARS.get(id(lex))
    if held is None or held[0] is not lex:
        held = _GRAMMARS[id(lex)] = (lex, *_grammar(lex))
    _, keywords, links, kinds = held
    out: list[CitationPhrase] = []
    for m in keywords.finditer(text):
        if out and m.start() < out[-1].end:
            continue
        kind = kinds.get(_fold(m.group()), "chapter")
        rest_at = m.end() + len(text[m.end():m.end() + 8]) - len(text[m.end():m.end() + 8].lstrip())
        link = next((w for w in links if _opens(text, rest_at, w)), None)
        start = rest_at + len(link) if link else rest_at
        following = list(islice(_WORD.finditer(text, start), MAX_SUBJECT))
        found = _subject(text, start, following, kind, heads, whole=link is None)
        if found is not None:
            end, target = found
            out.append(CitationPhrase(m.start(), end, text[m.start():end], (target,), spans=((m.start(), end),)))
    return out


_GRAMMARS: dict[int, tuple] = {}


def _grammar(lex: Lexicon) -> tuple[re.Pattern, tuple[str, ...], dict[str, str]]:
    """The keywords of ``lex`` as one regex (whole words), its linking words longest first, and
    what each keyword names."""
    keys = sorted(lex.name_article + lex.name_chapter, key=len, reverse=True)
    pattern = re.compile(r"(?i)(?<![\w\u064B-\u065F])(?:" + "|".join(map(re.escape, keys)) + r")(?![\w\u064B-\u065F])") if keys else re.compile(r"(?!)")
    kinds = {_fold(k): "article" for k in lex.name_article}
    return pattern, tuple(sorted(lex.name_words, key=len, reverse=True)), kinds


def _opens(text: str, at: int, link: str) -> bool:
    """``link`` is written at ``at``: as a word, or ending in a one-letter proclitic ("المتعلقة ب")
    fused with the next word."""
    n = len(link)
    if _fold(text[at:at + n]) != _fold(link):
        return False
    if link.split()[-1:] and len(link.split()[-1]) == 1:
        return at + n < len(text) and not text[at + n].isspace()
    return at + n >= len(text) or not (text[at + n].isalnum() or unicodedata.combining(text[at + n]))


def _subject(text, start, following, kind, heads: Headings, whole: bool):
    """The longest run of ``following`` words from ``start`` that names one heading → (end, target).

    The run stops at punctuation and at a word no heading has (a cheap test, so that the usual
    "المادة 17 من …" costs one look)."""
    vocabulary = heads.vocabulary
    run = []
    for w in following:
        form = heads.form(text[max(start, w.start()):w.end()])
        if form is not None and form not in vocabulary:
            break
        run.append((form, w.end()))
        if text[w.end():w.end() + 1] in (".", ",", ";", ":", "،", "؛", "!", "?", "؟"):
            break  # a subject ends at punctuation
    for n in range(len(run), 0, -1):
        if run[n - 1][0] is None:
            continue  # a subject does not end in a stopword
        target = heads.lookup_forms(kind, frozenset(f for f, _ in run[:n] if f is not None), whole)
        if target is not None:
            return run[n - 1][1], target
    return None
