"""References by name: "the article on extradition", "the extradition article", "the chapter on
international cooperation", "the procedural chapter", "the final provisions".

Generated from the corpus's headings, never listed per article: a phrase names an article (or a
chapter) when its subject words all occur in that one heading and in no other heading of its
kind.  A bare common word is never a reference ("extradition" alone is not): the keyword
("article", "provision", "chapter") and a determiner ("the") must be there.  A heading that is
itself a keyword phrase ("Final provisions", "General provisions") is named by itself.
"""

from __future__ import annotations

import re
from itertools import islice

from ..citation import Citation, CitationPhrase, PartialCitation
from ..model import Document

#: Words a heading shares with every kind of text: not subject words.
STOPWORDS = frozenset("a an and the of on in to for with by or its their this that".split())
#: Keyword nouns that a name attaches to, and what they name.
KEYWORDS = {"article": "article", "articles": "article", "provision": "article", "provisions": "article", "chapter": "chapter"}
#: Words that may follow the keyword before the subject: "the article *on* extradition".
LINKING = ("on the", "about the", "concerning the", "regarding the", "relating to the", "dealing with the", "governing the",
           "on", "about", "concerning", "regarding", "relating to", "dealing with", "governing", "for", "of")
_WORD = re.compile(r"[\w/\-]+")
_KEY = re.compile(r"(?i)\b(?:the\s+)((?:[\w/\-]+\s+){0,5}?)(articles?|provisions?|chapter)\b(?=((?:\s+[\w/\-]+[.,;:]?){0,9}))")
#: The keywords alone: found first (they are rare), then ``_KEY`` is tried from a little before.
_KEYWORD = re.compile(r"(?i)\b(?:articles?|provisions?|chapter)\b")
MAX_SUBJECT = 8


def _stem(word: str) -> str:
    w = word.lower()
    return w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w


def subject_words(words) -> frozenset[str]:
    return frozenset(_stem(w) for w in words if w.lower() not in STOPWORDS)


class NameIndex:
    """Headings of articles and chapters as sets of subject words, from the corpus."""

    def __init__(self, doc: Document):
        self.articles: list[tuple[frozenset, Citation]] = []
        self.chapters: list[tuple[frozenset, Citation]] = []
        self.whole: dict[str, Citation] = {}  # "final provisions" → Chapter IX
        for c, unit in doc.index().items():
            if c.part != "convention" or not unit.heading or len(c.path) != 1 or c.kind not in ("article", "chapter"):
                continue
            words = _WORD.findall(unit.heading)
            (self.articles if c.kind == "article" else self.chapters).append((subject_words(words), c))
            lowered = [w.lower() for w in words]
            if lowered and lowered[-1] in KEYWORDS:
                self.whole[" ".join(lowered)] = c

    def lookup(self, kind: str, words) -> Citation | None:
        """The one heading of ``kind`` that holds every subject word, or None."""
        subject = subject_words(words)
        if not subject or any(len(w) < 3 for w in subject):
            return None
        found = [c for heading, c in (self.articles if kind == "article" else self.chapters) if subject <= heading]
        return found[0] if len(found) == 1 else None


_INDEXES: dict[int, tuple[Document, NameIndex]] = {}


def name_index(doc: Document) -> NameIndex:
    """The name index of ``doc`` (built once per document)."""
    held = _INDEXES.get(id(doc))
    if held is None or held[0] is not doc:
        held = _INDEXES[id(doc)] = (doc, NameIndex(doc))
    return held[1]


def _partial(c: Citation) -> PartialCitation:
    if c.kind == "chapter":
        return PartialCitation("chapter", number=int(c.key))
    return PartialCitation("article", c.article_number)


def find_names(text: str, index: NameIndex) -> list[CitationPhrase]:
    """Every reference by name in ``text`` (English headings), left to right."""
    out: list[CitationPhrase] = []
    for m in _key_matches(text):
        kind = KEYWORDS[m.group(2).lower()]
        before = m.group(1).split()
        # "the extradition article", "the procedural chapter": subject words before the keyword
        if before and (c := index.lookup(kind, before)) is not None:
            out.append(_phrase(text, m.start(1), m.end(2), c))
            continue
        # "the final provisions": a heading that is a keyword phrase
        whole = " ".join(w.lower() for w in before + [m.group(2)])
        if before and whole in index.whole:
            out.append(_phrase(text, m.start(1), m.end(2), index.whole[whole]))
            continue
        # "the article on extradition", "the chapter on international cooperation"
        after = m.group(3)
        rest = after.lstrip()
        for link in LINKING:
            if rest.lower().startswith(link + " "):
                words = rest[len(link):].split()
                for n in range(min(MAX_SUBJECT, len(words)), 0, -1):
                    subject = [w.strip(".,;:") for w in words[:n]]
                    if words[n - 1][-1:] in ".,;:" and n < len(words):
                        continue
                    if subject[-1].lower() in STOPWORDS:
                        continue
                    c = index.lookup(kind, subject)
                    if c is not None:
                        offset = m.start(3) + (len(after) - len(rest)) + len(link)
                        end = _end_of_words(text, offset, n)
                        out.append(_phrase(text, m.start(2), end, c))
                        break
                break
    return [p for k, p in enumerate(out) if k == 0 or p.start >= out[k - 1].end]


def _key_matches(text: str):
    """``_KEY``'s matches, searched only near a keyword (linear: each window is bounded)."""
    pos = 0
    for k in _KEYWORD.finditer(text):
        if k.start() < pos:
            continue
        m = _key_match_at(text, max(pos, k.start() - 80), k.start(), k.end() + 200)
        if m is not None:
            yield m
            pos = m.end()


_THE = re.compile(r"(?i)\bthe\s")


def _key_match_at(text: str, pos: int, key: int, endpos: int):
    """The first of ``_KEY.finditer(text, pos, endpos)`` whose keyword starts at ``key``, tried
    only where a match can start ("the "): a dense text has a keyword every few words."""
    while (t := _THE.search(text, pos, key)) is not None:
        m = _KEY.match(text, t.start(), endpos)
        if m is None:
            pos = t.start() + 1
        elif m.start(2) == key:
            return m
        else:
            pos = m.end()
    return None


def _end_of_words(text: str, pos: int, n: int) -> int:
    words = list(islice(_WORD.finditer(text, pos), n))  # the n words only, not all to the end
    return words[n - 1].end() if len(words) >= n else pos


def _phrase(text: str, start: int, end: int, c: Citation) -> CitationPhrase:
    return CitationPhrase(start, end, text[start:end], (_partial(c),), spans=((start, end),))
