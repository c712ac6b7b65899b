"""The browser's copy of this search: the very records Whoosh indexes, the analyzer's rules and
the ranking's weights, exported as data that ``browser.js`` interprets.

Nothing here is a second definition.  The analyzer's rules are read off the analyzers Whoosh
indexes with (``records.analyzer()``, ``records.exact_analyzer()``): the tokenizer's pattern, the
lower-casing, the stop words and minimum size, and the Porter stemmer's own rules (the regular
expressions and suffix tables of ``whoosh.lang.porter``, which ``browser.js`` applies in the same
steps).  The weights are ``rank.DEFAULT_RANKING``; the abbreviation table is ``query.expansions()``;
the question words are ``questions.py``'s.  ``tests/test_search_browser.py`` runs both analyzers
over every unit of the corpus and asserts identical token streams.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib import resources

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import porter

from ..citation.browser import _class_body
from .records import analyzer, exact_analyzer

#: the Porter stemmer's patterns, used by ``stem()`` with ``re.match`` (anchored at the start)
_PORTER_PATTERNS = ("_mgr0", "_meq1", "_mgr1", "_s_v", "_c_v", "_ed_ing", "_at_bl_iz", "_step1b", "_step2", "_step3",
                    "_step4_1", "_step4_2", "_step5")


@lru_cache(maxsize=1)
def _word_class() -> str:
    """Python's ``\\w`` (str patterns) as a JavaScript class body: alphanumerics and ``_``."""
    return _class_body([c for c in range(sys.maxunicode + 1) if chr(c).isalnum() or c == 0x5F])


def _js_pattern(source: str) -> str:
    """A tokenizer pattern with Python's ``\\w`` spelled out for JavaScript."""
    if "\\W" in source or "\\b" in source or "\\B" in source:
        raise ValueError(f"not expressible here: {source!r}")
    return source.replace("\\w", _word_class())


def _steps(ana) -> dict:
    """The steps of one of our analyzers, read off its parts (an unknown part is an error)."""
    out: dict = {"lowercase": False, "stop": None, "stem": False}
    for part in ana.items:
        if isinstance(part, RegexTokenizer):
            if part.gaps:
                raise ValueError("a gaps tokenizer has no browser runtime")
            out["pattern"] = _js_pattern(part.expression.pattern)
        elif isinstance(part, LowercaseFilter):
            out["lowercase"] = True
        elif isinstance(part, StopFilter):
            if not part.renumber:
                raise ValueError("the browser runtime renumbers positions after stop words")
            out["stop"] = {"words": sorted(part.stops), "min": part.min, "max": part.max}
        elif isinstance(part, StemFilter):
            if part.stemfn is not porter.stem or part.ignore:
                raise ValueError("the browser runtime has Whoosh's Porter stemmer only")
            out["stem"] = True
        else:
            raise ValueError(f"no browser runtime for {type(part).__name__}")
    return out


def _porter() -> dict:
    patterns = {}
    for name in _PORTER_PATTERNS:
        src = getattr(porter, name).pattern
        patterns[name.lstrip("_")] = src if src.startswith("^") else "^(?:" + src + ")"  # re.match anchors at the start
    return {"patterns": patterns, "step2": dict(porter._step2list), "step3": dict(porter._step3list)}


def analyzer_data() -> dict:
    """The stemming analyzer (ranked fields, the query's words) and the exact one, as data."""
    return {"stemming": _steps(analyzer()), "exact": _steps(exact_analyzer()), "porter": _porter()}


def engine_script() -> str:
    """``browser.js``: defines ``treatySearchEngine(data)`` (the analyzers, the index, the ranking)."""
    return resources.files(__package__).joinpath("browser.js").read_text(encoding="utf-8")
