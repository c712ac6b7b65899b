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

import re
from importlib import resources

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import porter

from ..unicode_classes import word_class
from .records import STEMMED_FIELDS, analyzer, exact_analyzer

#: the Porter stemmer's patterns, used by ``stem()`` with ``re.match`` (anchored at the start)
_PORTER_PATTERNS = ("_mgr0", "_meq1", "_mgr1", "_s_v", "_c_v", "_ed_ing", "_at_bl_iz", "_step1b", "_step2", "_step3",
                    "_step4_1", "_step4_2", "_step5")


def _js_pattern(source: str) -> str:
    """A tokenizer pattern with Python's ``\\w`` spelled out for JavaScript."""
    if "\\W" in source or "\\b" in source or "\\B" in source:
        raise ValueError(f"not expressible here: {source!r}")
    return source.replace("\\w", word_class())


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
#: the characters of a code: printable ASCII but the two that JSON strings escape (" and \\)
ALPHABET = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in '"\\')
#: the first TERMINAL characters end a code, the others lead it: a number is zero or more
#: leading digits (base len(ALPHABET) - TERMINAL) and one terminal digit (base TERMINAL)
TERMINAL = 53
#: a text as the tokens it is made of: runs of word characters and runs of the rest
_TOKEN = re.compile(r"\w+|\W+")


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


def code(n: int) -> str:
    """The code of the number ``n`` (shortest for the smallest)."""
    leading, block = 0, TERMINAL
    while n >= block:
        n, leading, block = n - block, leading + 1, block * (len(ALPHABET) - TERMINAL)
    last, n = n % TERMINAL, n // TERMINAL
    digits = []
    for _ in range(leading):
        n, d = divmod(n, len(ALPHABET) - TERMINAL)
        digits.append(ALPHABET[TERMINAL + d])
    return "".join(reversed(digits)) + ALPHABET[last]


class _Words:
    """The token dictionary the texts and phrases share: each text is the codes of its tokens,
    a single space between two words left out; the most frequent tokens get the shortest codes."""

    def __init__(self, texts: list[str]):
        counts: dict[str, int] = {}
        for text in texts:
            for tok in self._kept(text):
                counts[tok] = counts.get(tok, 0) + 1
        self.tokens = sorted(counts, key=lambda t: (-counts[t], t))
        self._codes = {t: code(i) for i, t in enumerate(self.tokens)}

    @staticmethod
    def _kept(text: str) -> list[str]:
        toks = _TOKEN.findall(text)
        return [t for i, t in enumerate(toks) if not (t == " " and 0 < i < len(toks) - 1)]

    def encode(self, text: str) -> str:
        return "".join(self._codes[t] for t in self._kept(text))

    def data(self) -> dict:
        """The dictionary and which of its tokens are gaps (not words)."""
        return {"tokens": self.tokens, "gaps": [i for i, t in enumerate(self.tokens) if not re.fullmatch(r"\w+", t)]}


def _refs(indexes: list[int]) -> int | str:
    """One index as itself; several as runs: ``"603+5,2061"`` is 603…608 and 2061."""
    if len(indexes) == 1:
        return indexes[0]
    runs, i = [], 0
    while i < len(indexes):
        j = i
        while j + 1 < len(indexes) and indexes[j + 1] == indexes[j] + 1:
            j += 1
        runs.append(f"{indexes[i]}" if i == j else f"{indexes[i]}+{j - i}")
        i = j + 1
    return ",".join(runs)


def index_data(recs: list, ranking, aliases: dict[str, str] | None = None, doc=None) -> dict:
    """The browser index: every record with the fields Whoosh indexes, written compactly and
    decoded by ``browser.js`` (tests/test_search_browser.py checks every record it rebuilds):

    - texts and phrases as codes into one token dictionary (``words``);
    - a field that is the join of other records' words (an item's lead-in, a container's
      contents) as the list of those records; the text snippets come from (``body``) only where
      it is not the record's own text then its children's numbers (``l``) and bodies;
    - headings and the editorial fields as indexes into one table of phrases, runs of
      consecutive indexes written ``first+more``;
    - a link as its page (``pg``, written only where it changes from the record before) and the
      record's id (``id``) as fragment, unless the record is the whole page (``w``);
    - the citations of ``doc`` that are no record (whole parts: ``unindexed``), so that a query
      citing one searches its words while a citation of nothing finds nothing (find.py)."""
    from dataclasses import asdict

    from .query import EXPANSIONS_PATH
    from .questions import QUESTIONS_PATH
    import json

    phrases: dict[str, int] = {}
    parents = parents_of(recs)

    def table(value: str) -> list[int]:
        return [phrases.setdefault(p, len(phrases)) for p in value.split(_SEP)] if value else []

    children: dict[int, list[int]] = {}
    for i, p in enumerate(parents):
        if p is not None:
            children.setdefault(p, []).append(i)
    kinds = sorted({r.kind for r in recs})
    pages: dict[str, int] = {}
    docs, texts, page = [], [], None
    for i, r in enumerate(recs):
        f = _fields_of(r)
        url_page, hash_, fragment = r.url.partition("#")
        if hash_ and fragment != r.cid:
            raise ValueError(f"{r.citation}: the link's fragment {fragment!r} is not the record's id {r.cid!r}")
        row: dict = {"c": r.citation, "id": r.cid, "k": kinds.index(r.kind), "t": r.text}
        texts.append(r.text)
        if url_page != page:
            row["pg"] = pages.setdefault(url_page, len(pages))
            page = url_page
        if not hash_:
            row["w"] = 1
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
                row[key] = _refs(table(value))
        docs.append(row)
    # derived text: context (ancestors' own words), inner (children's whole text), body
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
            row["i"] = 1 if kids and _joined([recs[k].body for k in kids]) == r.inner else r.inner
        # a body is derived as its own text and its children's leads (numbers) and bodies, or written out
        if r.body != _joined([r.text, *(_joined([recs[k].lead, recs[k].body]) for k in kids)]):
            row["b"] = r.body
        elif r.body != r.text:
            for k in kids:
                if recs[k].lead:
                    docs[k]["l"] = recs[k].lead
        texts += [v for v in (row.get("x"), row.get("i"), row.get("b")) if isinstance(v, str)]
    words = _Words(texts + list(phrases))
    for row in docs:
        for key in ("t", "x", "i", "b"):
            if isinstance(row.get(key), str):
                row[key] = words.encode(row[key])
    return {
        "kinds": kinds, "pages": list(pages), "words": words.data(), "code": {"alphabet": ALPHABET, "terminal": TERMINAL},
        "phrases": [words.encode(p) for p in phrases], "docs": docs,
        "ranking": {k: v for k, v in asdict(ranking).items()},
        "stemmed_fields": list(STEMMED_FIELDS),
        "expansions": json.loads(EXPANSIONS_PATH.read_text(encoding="utf-8")),
        "questions": json.loads(QUESTIONS_PATH.read_text(encoding="utf-8")),
        "aliases": aliases or {},
        "unindexed": sorted({u.citation.canonical for u in doc.walk()} - {r.citation for r in recs}) if doc is not None else None,
    }


def engine_data() -> dict:
    """What the engine needs besides the index: the analyzers, the citation grammar, Whoosh's
    field-length table (lengths are stored in one byte) and the kind aliases of ``kind:``."""
    from whoosh.util.numeric import byte_to_length

    from ..citation.browser import reader_data
    from ..editorial.concordance import BETWEEN_AFTER, BETWEEN_BEFORE, BETWEEN_TOKENS, RUN_WORDS
    from .query import KIND_ALIASES

    return {"analyzers": analyzer_data(), "citations": reader_data(), "lengths": [n for n in map(byte_to_length, range(256)) if n <= 70000],
            "kindAliases": dict(KIND_ALIASES),
            "counterparts": {"after": BETWEEN_AFTER, "before": BETWEEN_BEFORE, "run": RUN_WORDS,
                             "between": BETWEEN_TOKENS}}


def engine_source() -> str:
    """The citation reader and the engine, then the engine's data: one script."""
    import json

    from ..citation.browser import reader_script

    return (reader_script() + "\n" + engine_script() + "\nvar TREATY_ENGINE_DATA = "
            + json.dumps(engine_data(), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + ";\n")
