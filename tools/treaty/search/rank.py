"""Ranking: the weights tuned on benchmarks/relevance.yaml, and the scoring of a built query
(Whoosh's BM25F times a prior per kind of unit; what a cited provision holds first)."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import scoring


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
    #: coordination: bonus for documents matching more of the query's words (Whoosh Or scale)
    coord: float | None = 0.2
    B: float = 0.4
    K1: float = 1.2

    def prior(self, kind: str) -> float:
        return dict(self.priors).get(kind, 1.0)


DEFAULT_RANKING = Ranking()
#: The untuned starting point, kept for the benchmark's before/after figures.
BASELINE_RANKING = Ranking(fields=(("text", 1.0), ("heading", 1.0), ("context", 0.0), ("inner", 0.0)), priors=(), proximity_boost=0.0, pair_boost=0.0,
                           coord=None, exact_boost=0.0)


def rank(searcher, query, ranking: Ranking, *, filter=None, mask=None, first: frozenset | set = frozenset()) -> list[tuple[float, dict]]:  # noqa: A002
    """(score, stored fields) of every unit ``query`` matches, best first.

    Units whose document number is in ``first`` (inside a provision the query cites: 'article
    40 refused') come before the others; ties keep the order of the text.
    """
    searcher.weighting = scoring.BM25F(B=ranking.B, K1=ranking.K1)
    results = searcher.search(query, limit=None, filter=filter, mask=mask)
    scored = []
    for h in results:
        st = h.fields()
        scored.append((h.docnum in first, h.score * ranking.prior(st["kind"]), st["order"], st))
    scored.sort(key=lambda x: (not x[0], -x[1], x[2]))
    return [(score, st) for _, score, _, st in scored]
