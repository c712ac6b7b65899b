"""The one citation grammar of the project.

Every canonical citation, id (URL fragment), page path and Akoma Ntoso eId is made here and
nowhere else: the parser names units with it, ``treaty show``/``resolve`` read users' input
with it (``parse``), and the cross-reference finder and the linker find citations in running
text with its scanner (``scan`` → ``CitationPhrase``s of ``PartialCitation``s), whose words are
data (``lexicons/``).  See docs/citations.md for the scheme and docs/cross-references.md for the
scanner.

- ``address``  — ``Citation``, the value type: canonical form, id, URL, eId from one table
- ``lexicons`` — the words of citations, one data file per language
- ``grammar``  — ``parse``: a citation a person typed
- ``scanner``  — ``scan``: citations in running text (rules in ``articles``, tokens in ``tokens``);
  the common phrases read first by expressions compiled from the lexicon (``compiled``,
  ``compiled_rules``, ``compiled_lists``), which give way to the rules wherever they could read otherwise
- ``phrases``  — what the scanner finds, and ``split_by_target``
"""

from __future__ import annotations

from .address import PARTS, Citation, CitationError, OutOfRange, article_citation, from_roman, is_roman, to_roman
from .grammar import parse, parse_article_list
from .lexicons import (
    ARABIC,
    ENGLISH,
    FRENCH,
    LEXICONS,
    RUSSIAN,
    SPANISH,
    THIS_CONVENTION,
    Lexicon,
    is_this_convention,
)
from .phrases import CitationPhrase, PartialCitation, split_by_target
from .scanner import scan

__all__ = [
    "ARABIC",
    "Citation",
    "CitationError",
    "CitationPhrase",
    "ENGLISH",
    "FRENCH",
    "LEXICONS",
    "Lexicon",
    "OutOfRange",
    "PARTS",
    "PartialCitation",
    "RUSSIAN",
    "SPANISH",
    "THIS_CONVENTION",
    "article_citation",
    "from_roman",
    "is_roman",
    "is_this_convention",
    "parse",
    "parse_article_list",
    "scan",
    "split_by_target",
    "to_roman",
]
