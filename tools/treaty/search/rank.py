"""Ranking: the weights tuned on benchmarks/relevance.yaml, and the two-phase scoring of a
built query — cheap candidates from champion lists, then Whoosh's BM25F on the full query times
a prior per kind of unit and a coordination factor; what a cited provision holds first."""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass

from whoosh import query as Q
from whoosh.query import spans

from . import rescore
from .candidates import Champions
from .records import STEMMED_FIELDS
from .rescore import Forward


@dataclass(frozen=True)
class Ranking:
    """The knobs tuned on benchmarks/relevance.yaml (see benchmarks/bench_search.py)."""

    #: query-time weight of each text field (0 leaves the field out)
    fields: tuple[tuple[str, float], ...] = (("text", 1.0), ("heading", 1.0), ("context", 0.15), ("inner", 0.25), ("defines", 3.0),
                                             ("subjects", 1.5), ("origins", 1.0))
    #: score multiplied by this for the kinds listed (others 1.0)
    priors: tuple[tuple[str, float], ...] = (
        ("note", 1.1), ("article", 1.0), ("paragraph", 1.0), ("item", 0.95), ("roman_item", 0.9), ("recital", 0.8),
        ("chapter", 0.6), ("note_group", 0.6), ("resolution_paragraph", 0.8), ("resolution_recital", 0.5), ("report_paragraph", 0.45),
        ("report_section", 0.3), ("masthead_line", 0.2), ("title", 0.3), ("footnote", 0.5), ("preamble", 0.5), ("resolution_preamble", 0.3),
        ("final_clause", 0.5), ("annotation", 0.8),
    )
    #: extra weight of all the query's words found near one another (and of each adjacent pair)
    proximity_boost: float = 1.5
    pair_boost: float = 0.6
    pair_slop: int = 3
    proximity_slop: int = 4
    #: weight of a word found as written (unstemmed, in heading or own text)
    exact_boost: float = 1.0
    #: weight of the words of an abbreviation's expansion, and of a spelling correction
    expansion_boost: float = 0.6
    correction_boost: float = 0.9
    #: weight of the words a question asks for ("how long" → period, days, duration): questions.py
    intent_boost: float = 0.3
    #: expansions whose rarest word is in more than ``common_share`` of the units count ``common_factor`` as much
    common_share: float = 0.1
    common_factor: float = 0.3
    #: coordination: the score is multiplied by 1 + coord × the share of the query's words the unit holds
    coord: float = 2.0
    B: float = 0.4
    K1: float = 1.2

    def prior(self, kind: str) -> float:
        return dict(self.priors).get(kind, 1.0)


DEFAULT_RANKING = Ranking()
#: The untuned starting point, kept for the benchmark's before/after figures.
BASELINE_RANKING = Ranking(fields=(("text", 1.0), ("heading", 1.0), ("context", 0.0), ("inner", 0.0)), priors=(), proximity_boost=0.0, pair_boost=0.0,
                           coord=0.0, exact_boost=0.0)


#: the first phase keeps this many candidates per result asked for (at least MIN_CANDIDATES)
CANDIDATES_PER_RESULT = 5
MIN_CANDIDATES = 50
#: a prefix with more terms than this is not looked up in the champion lists
MAX_PREFIX_TERMS = 64


def rank(searcher, champions: Champions, forward: Forward, query, ranking: Ranking, *, limit: int, filter=None, mask=None,  # noqa: A002
         first: frozenset | set = frozenset(), exhaustive: bool = False) -> list[tuple[float, dict]]:
    """(score, stored fields) of the best ``limit`` units ``query`` matches, best first.

    Two phases: the champion lists of the query's terms give cheap candidates
    (candidates.py); the full query rescores the best of them on their own words
    (rescore.py).  The score is BM25F times the prior of the unit's kind times the
    coordination factor (how many of the query's words the unit holds).  Units whose document
    number is in ``first`` (inside a provision the query cites: 'article 40 refused') come
    before the others; ties keep the order of the text.  ``exhaustive`` rescores every match
    instead (what the first phase is measured against).
    """
    reader = searcher.reader()
    kinds, orders = reader.column_reader("kind"), reader.column_reader("order")
    allowed = set(searcher.docs_for_query(filter)) if filter is not None else None
    if allowed is not None:
        first = set(first) & allowed
    score = rescore.compile_query(searcher, query, ranking.B, ranking.K1)
    excluded = set(searcher.docs_for_query(mask)) if mask is not None else ()
    leaves, complete = _leaves(query, reader)
    words = sorted({t for f, t, _ in leaves if f in STEMMED_FIELDS})

    def rescored(docnums) -> dict[int, float]:
        out = {}
        for d in docnums:
            if d in excluded:
                continue
            unit = forward.words(d)
            s = score(d, unit, {})
            if s is None:
                continue
            s *= ranking.prior(kinds[d])
            if ranking.coord and words:
                held = sum(1 for w in words if any(w in unit.get(f, ()) for f in STEMMED_FIELDS))
                s *= 1 + ranking.coord * held / len(words)
            out[d] = s
        return out

    scored = None
    if leaves and not exhaustive:
        cheap, lists_complete = champions.scores(leaves)
        complete = complete and lists_complete
        if allowed is not None:
            cheap = {d: v for d, v in cheap.items() if d in allowed}
        n = max(CANDIDATES_PER_RESULT * limit, MIN_CANDIDATES)
        if len(cheap) > n:
            complete = False
            cheap = dict.fromkeys(heapq.nlargest(n, cheap, key=lambda d: cheap[d] * ranking.prior(kinds[d])))
        scored = rescored(set(cheap) | set(first))
        if len(scored) < limit and not complete:
            scored = None
    if scored is None:  # every unit the query matches (within the filter, when there is one)
        matching = searcher.docs_for_query(query)
        scored = rescored(d for d in matching if allowed is None or d in allowed)
    best = heapq.nsmallest(limit, ((d not in first, -s, orders[d], d) for d, s in scored.items()))
    return [(-neg, searcher.stored_fields(d)) for _, neg, _, d in best]


def _leaves(query, reader) -> tuple[list[tuple[str, str, float]], bool]:
    """(field, term, boost) of every term the query scores, and False when some could not be
    listed (a prefix of too many terms, a query of every unit)."""
    out: list[tuple[str, str, float]] = []
    complete = True

    def walk(q, boost: float) -> None:
        nonlocal complete
        if isinstance(q, Q.Term):
            out.append((q.fieldname, _text(q.text), boost * q.boost))
        elif isinstance(q, Q.Phrase):
            out.extend((q.fieldname, _text(w), boost * q.boost) for w in q.words)
        elif isinstance(q, Q.Prefix):
            terms = list(itertools.islice(reader.expand_prefix(q.fieldname, q.text), MAX_PREFIX_TERMS + 1))
            complete = complete and len(terms) <= MAX_PREFIX_TERMS
            out.extend((q.fieldname, _text(t), boost * q.boost) for t in terms[:MAX_PREFIX_TERMS])
        elif isinstance(q, (spans.SpanQuery, Q.ConstantScoreQuery)):
            pass  # proximity and the cited scope: scored in the second phase only
        elif q.is_leaf() or not list(q.children()):  # Every, or a query of no terms
            complete = False
        else:
            for child in q.children():
                walk(child, boost * getattr(q, "boost", 1.0))

    walk(query, 1.0)
    return out, complete


def _text(t) -> str:
    return t.decode("utf-8") if isinstance(t, bytes) else t
