"""What the editorial data adds to a provision's search record.

- ``subjects``: the heading, subheading and variants of every subject-index entry that targets
  the provision (``subjects.py``);
- ``origins``: for an article, the names of the instruments its counterparts belong to, the
  counterparts' article numbers and titles ("Budapest Convention … Article 19 Search and
  seizure of stored computer data"); for every unit, the counterparts' own terminology for the
  words it uses (the terminology swap read backwards: "computer system" where the Convention
  says "information and communications technology system");
- ``counterparts``: keys ``"<instrument key>/<article>"`` ("ETS 185/19") that a query citing
  another instrument's article is matched on.

Pure functions of the loaded data; the search package indexes the result (records.py), and the
browser index is generated from the same records.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..citation import Citation
from ..settings import CORPUS_DIR
from ..model import Document
from .compare import terminology
from .concordance import Concordance
from .counterparts import instruments
from .subjects import SubjectIndex

#: the editorial files search depends on (their hash says when an index must be rebuilt)
SOURCES = ("subjects/*.yaml", "concordance/*.yaml", "counterparts/instruments.yaml")


@dataclass(frozen=True)
class SearchFields:
    subjects: str = ""
    origins: str = ""
    counterparts: tuple[str, ...] = ()


def counterpart_key(instrument: str, article: int) -> str:
    return f"{instrument}/{article}"


def fingerprint(corpus_dir: Path | None = None) -> str:
    corpus_dir = CORPUS_DIR if corpus_dir is None else Path(corpus_dir)
    h = hashlib.sha256()
    for pattern in SOURCES:
        for p in sorted(Path(corpus_dir).glob(pattern)):
            h.update(str(p.relative_to(corpus_dir)).encode("utf-8") + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def aliases() -> dict[str, str]:
    """Every name or abbreviation of a counterpart instrument → its key (for reading queries)."""
    return {a: key for key, inst in instruments().items() for a in inst.aliases}


def _swaps() -> list[tuple[str, str, re.Pattern]]:
    """(the counterparts' word, the Convention's word, that word as a whole word or phrase) of every rule that says something new."""
    return [(old, new, re.compile(rf"(?<![\w-]){re.escape(new)}(?![\w-])"))
            for rules in terminology().values() for old, new in rules
            if not new.endswith(old)]  # "Party" → "State Party" says nothing new


def _swapped_terms(text: str, swaps: list[tuple[str, str, re.Pattern]]) -> list[str]:
    """The counterparts' words for what ``text`` says in this Convention's words (``swaps``: :func:`_swaps`);
    a pattern is tried only on a text that holds its word (a plain substring test: many times faster)."""
    out = []
    for old, new, pattern in swaps:
        if old not in out and new in text and pattern.search(text):
            out.append(old)
    return out


def search_fields(doc: Document, subjects: SubjectIndex, concordance: Concordance) -> dict[Citation, SearchFields]:
    """citation → the editorial words to index with that provision (only those that have some)."""
    subject_words: dict[Citation, list[str]] = {}
    for target, entries in subjects.by_target().items():
        for s in entries:
            subject_words.setdefault(target, []).extend([s.heading, *([s.sub] if s.sub else []), *s.variants])
    origin_words: dict[Citation, list[str]] = {}
    keys: dict[Citation, list[str]] = {}
    for e in concordance.entries:
        for c in e.counterparts:
            names = " · ".join(c.instrument.aliases)
            origin_words.setdefault(e.citation, []).append(f"{names} Article {c.article} {c.title}")
            keys.setdefault(e.citation, []).append(counterpart_key(c.instrument.key, c.article))
    out: dict[Citation, SearchFields] = {}
    swaps = _swaps()
    for u in doc.walk():
        c = u.citation
        own = " ".join(x for x in (u.heading or "", u.text, u.tail) if x)
        words = origin_words.get(c, []) + _swapped_terms(own, swaps)
        if c in subject_words or words or c in keys:
            out[c] = SearchFields(" · ".join(dict.fromkeys(subject_words.get(c, []))), " · ".join(words), tuple(keys.get(c, ())))
    return out


__all__ = ["SOURCES", "SearchFields", "aliases", "counterpart_key", "fingerprint", "search_fields"]
