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
from .records import STEMMED_FIELDS, analyzer, exact_analyzer

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


# -- the index: the records Whoosh indexes, in a compact form ----------------------------------
_SEP = " · "


def _joined(parts: list[str]) -> str:
    return " ".join(p for p in parts if p)


def _fields_of(r) -> dict:
    """The indexed fields of a record as Whoosh gets them (records.fields): the one truth."""
    from .records import fields

    return fields(r)


def parents_of(recs: list) -> list[int | None]:
    """Each record's nearest enclosing record (by id: ``art40-21`` holds ``art40-21-b``)."""
    at = {r.cid: i for i, r in enumerate(recs) if r.origin == "corpus"}
    out: list[int | None] = []
    for r in recs:
        cid, parent = r.cid, None
        while "-" in cid and parent is None:
            cid = cid.rpartition("-")[0]
            parent = at.get(cid)
        out.append(parent if r.origin == "corpus" else None)
    return out


def index_data(recs: list, ranking, aliases: dict[str, str] | None = None) -> dict:
    """The browser index: every record with the fields Whoosh indexes, written so that repeated
    words are stored once — a field that is the join of other records' words (an item's
    lead-in, a container's contents) is stored as the list of those records; the editorial
    fields as indexes into one table of phrases.  Each reconstruction is checked here."""
    from dataclasses import asdict

    from .query import EXPANSIONS_PATH
    from .questions import QUESTIONS_PATH
    import json

    phrases: dict[str, int] = {}
    parents = parents_of(recs)

    def table(value: str) -> list[int] | int:
        refs = [phrases.setdefault(p, len(phrases)) for p in value.split(_SEP)] if value else []
        return refs[0] if len(refs) == 1 else refs

    children: dict[int, list[int]] = {}
    for i, p in enumerate(parents):
        if p is not None:
            children.setdefault(p, []).append(i)
    kinds = sorted({r.kind for r in recs})
    docs = []
    for i, r in enumerate(recs):
        f = _fields_of(r)
        row: dict = {"c": r.citation, "u": r.url, "k": kinds.index(r.kind), "t": r.text}
        if r.cid != r.url.rpartition("#")[2]:
            row["id"] = r.cid
        if r.part != "convention":
            row["p"] = r.part
        if r.origin != "corpus":
            row["o"] = r.origin
        if parents[i] is not None:
            row["up"] = parents[i]
        for key, value in (("a", f["article"]), ("ch", r.chapter), ("d", r.defines), ("cp", f["counterpart"])):
            if value:
                row[key] = value
        for key, value in (("h", r.heading), ("s", r.subjects), ("g", r.origins)):
            if value:
                row[key] = table(value)
        docs.append(row)
    # derived text: context (ancestors' own words), inner (children's whole text), body
    full: dict[int, str] = {}
    for i, r in enumerate(recs):
        full[i] = r.body
    for i, r in enumerate(recs):
        row = docs[i]
        if r.context:
            anc, p = [], parents[i]
            while p is not None:
                if recs[p].kind in ("article", "paragraph", "item", "note", "preamble", "resolution_preamble") and recs[p].text:
                    anc.append(p)
                p = parents[p]
            anc.reverse()
            row["x"] = anc if _joined([recs[a].text for a in anc]) == r.context else r.context
        kids = children.get(i, [])
        if r.inner:
            row["i"] = 1 if kids and _joined([full[k] for k in kids]) == r.inner else r.inner
    return {
        "kinds": kinds, "phrases": list(phrases), "docs": docs,
        "ranking": {k: v for k, v in asdict(ranking).items()},
        "stemmed_fields": list(STEMMED_FIELDS),
        "expansions": json.loads(EXPANSIONS_PATH.read_text(encoding="utf-8")),
        "questions": json.loads(QUESTIONS_PATH.read_text(encoding="utf-8")),
        "aliases": aliases or {},
    }


def engine_data() -> dict:
    """What the engine needs besides the index: the analyzers, the citation grammar, Whoosh's
    field-length table (lengths are stored in one byte) and the kind aliases of ``kind:``."""
    from whoosh.util.numeric import _length_byte_cache

    from ..citation.browser import reader_data
    from ..editorial.concordance import BETWEEN_AFTER, BETWEEN_BEFORE, RUN_WORDS
    from .query import _KIND_ALIASES

    return {"analyzers": analyzer_data(), "citations": reader_data(), "lengths": [n for n in _length_byte_cache if n <= 70000],
            "kindAliases": dict(_KIND_ALIASES),
            "counterparts": {"after": BETWEEN_AFTER, "before": BETWEEN_BEFORE, "run": RUN_WORDS}}


def engine_source() -> str:
    """The citation reader and the engine, then the engine's data: one script."""
    import json

    from ..citation.browser import reader_script

    return (reader_script() + "\n" + engine_script() + "\nvar TREATY_ENGINE_DATA = "
            + json.dumps(engine_data(), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + ";\n")
