"""One reader for ``treaty resolve``, the ``cite/`` page and ``treaty link``: a citation a person
typed, read as ``link`` reads it — a list or a range is every provision it names, in order.

The forms of the grammar (``citation.parse``: 'Art. 40(21)(b)', 'Report, paragraph 8', a bare
'40(21)(b)') are read first; anything else is read by the linker's own reader (scan, names,
instruments) in the language given, or in each lexicon's language in turn, and must be one
citation phrase, or several joined by separators, from its first word to its last.
"""

from __future__ import annotations

import re

from ..citation import LEXICONS, Citation, CitationError, parse
from ..lookup import NotFound, find_citation
from ..model import Document
from .instruments import THIS
from .linker import Linker
from .results import AMBIGUOUS, CITING_DOCUMENT, DANGLING, OTHER_INSTRUMENT

#: What may stand between the phrases of one citation: list words (and determiners: "the
#: article on extradition"), punctuation.
_JOINERS = re.compile(r"[\s,;&/]+")


def read_citations(text: str, doc: Document, index: dict | None = None, lang: str | None = None) -> list[Citation]:
    """Every provision ``text`` names, in order; raises ``CitationError`` (not a citation of
    this Convention, or unreadable) or ``NotFound`` (a provision the Convention does not have)."""
    s = " ".join(text.split()).strip().rstrip(".;,")
    if not s:
        raise CitationError("empty citation")
    index = index if index is not None else doc.index()
    first_error: CitationError | None = None
    try:
        c = parse(s, bare=True)
        find_citation(doc, c, index)
        return [c]
    except CitationError as e:
        first_error = e
    except NotFound:
        if lang is None or lang == "en":
            raise
    for code in ([lang] if lang else ["en"] + sorted(k for k in LEXICONS if k != "en")):
        got = _read_whole(s, doc, index, code)
        if got is not None:
            return got
    raise first_error


def _read_whole(s: str, doc: Document, index: dict, lang: str) -> list[Citation] | None:
    """The provisions ``s`` names when the lexicon of ``lang`` reads all of it, else None."""
    linker = Linker(doc, THIS, index=index, lang=lang)
    phrases = linker.phrases(s)
    if not phrases:
        return None
    lex = linker.lexicon
    words = [w for entry in lex.separators + lex.determiners for w in entry.split()]
    pos = 0
    for p in phrases:
        if not _joined(s[pos:p.start], words):
            return None
        pos = p.end
    if s[pos:].strip(" .;,"):
        return None
    result = linker.block(s)
    for x in result.skipped:
        if x.reason == OTHER_INSTRUMENT:
            raise CitationError(f"not a citation of this Convention: {x.text!r}" + (f" ({x.instrument})" if x.instrument else ""))
        if x.reason in (AMBIGUOUS, CITING_DOCUMENT):
            raise CitationError(f"{x.text!r} is relative to a place in a document; cite its article too, e.g. 'paragraph 2 of article 24'")
        if x.reason == DANGLING:
            raise NotFound("; ".join(u.reason for u in result.unresolved))
    out: list[Citation] = []
    for link in result.links:
        out += [t for t in link.targets if t not in out]
    return out or None


def _joined(gap: str, words: list[str]) -> bool:
    rest = _JOINERS.sub(" ", gap).split()
    return all(w.casefold() in {x.casefold() for x in words} for w in rest)


__all__ = ["read_citations"]
