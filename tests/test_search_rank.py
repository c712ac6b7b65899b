"""Ranking in two phases (search/candidates.py, rescore.py, rank.py): the second phase scores
exactly as Whoosh's BM25F does, the champion lists hold each term's best units, and the first
phase never changes a query's first result."""

from __future__ import annotations

import functools
import math
from pathlib import Path

import pytest
import yaml
from whoosh import scoring

from treaty.search import DEFAULT_RANKING, find, rank as rank_module, rescore
from treaty.search.candidates import K
from treaty.search.records import RANKED_FIELDS, STEMMED_FIELDS, schema

RELEVANCE = Path(__file__).parents[1] / "benchmarks" / "relevance.yaml"
QUERIES = [q["q"] for q in yaml.safe_load(RELEVANCE.read_text(encoding="utf-8"))["queries"]]


@pytest.fixture(scope="module")
def built_queries(ix):
    """The Whoosh query each relevance query is ranked with (citations answer without one)."""
    built = []
    original = rank_module.rank

    def capture(searcher, champions, forward, query, ranking, **kw):
        built.append(query)
        return original(searcher, champions, forward, query, ranking, **kw)

    find.rank = capture
    try:
        for q in QUERIES + ['"dual criminality" -nationals', "+extradition nationals", "kind:note service provider"]:
            find.search(ix, q)
    finally:
        find.rank = original
    return built


def test_the_ranked_fields_are_the_text_fields_of_the_schema():
    from whoosh.fields import TEXT

    assert set(RANKED_FIELDS) == {name for name, f in schema().items() if isinstance(f, TEXT)}
    assert {f for f, _ in DEFAULT_RANKING.fields} <= set(STEMMED_FIELDS)


def test_the_second_phase_scores_as_whoosh_does(ix, built_queries):
    s = ix.searcher
    assert len(built_queries) > 100
    # every unit's words, read once (a scorer only reads them), and its field lengths, kept as the
    # scorers ask for them (they are the unit's, whatever the query)
    words = [ix.forward.words(d) for d in range(s.doc_count_all())]
    lengths = [{} for _ in words]
    for q in built_queries:
        s.weighting = scoring.BM25F(B=DEFAULT_RANKING.B, K1=DEFAULT_RANKING.K1)
        whoosh = {h.docnum: h.score for h in s.search(q, limit=None)}
        score = rescore.compile_query(s, q, DEFAULT_RANKING.B, DEFAULT_RANKING.K1)
        ours = {}
        for d, unit in enumerate(words):
            v = score(d, unit, lengths[d])
            if v is not None:
                ours[d] = v
        assert ours.keys() == whoosh.keys(), q
        assert all(math.isclose(ours[d], whoosh[d], rel_tol=1e-9) for d in ours), q


def test_the_forward_index_holds_what_whoosh_indexed(ix):
    reader = ix.searcher.reader()
    for field in RANKED_FIELDS:
        for term in list(reader.lexicon(field))[::40]:
            m = reader.postings(field, term)
            while m.is_active():
                assert ix.forward.words(m.id())[field][term.decode("utf-8")] == tuple(m.value_as("positions"))
                m.next()


def test_champion_lists_hold_each_terms_best_units(ix):
    s = ix.searcher
    s.weighting = scoring.BM25F(B=DEFAULT_RANKING.B, K1=DEFAULT_RANKING.K1)
    for term, common in (("state", True), ("groom", False)):
        best = sorted(((h.score, h.docnum) for h in s.search(rank_module.Q.Term("text", term), limit=None)), reverse=True)
        start, n, truncated = ix.champions.lists["text"][term]
        assert bool(truncated) == common == (len(best) > K)
        listed = {ix.champions.docs[i]: ix.champions.weights[i] for i in range(start, start + n)}
        assert n == min(K, len(best)) and min(listed.values()) >= best[n - 1][0] * (1 - 1e-6)
        assert all(math.isclose(listed[d], w, rel_tol=1e-6) for w, d in best if d in listed)


def test_the_first_phase_keeps_every_first_result(ix):
    original = rank_module.rank
    for q in QUERIES:
        two_phase = find.search(ix, q).hits[:1]
        find.rank = functools.partial(original, exhaustive=True)
        try:
            every = find.search(ix, q).hits[:1]
        finally:
            find.rank = original
        assert [h.citation for h in two_phase] == [h.citation for h in every], q


def test_coordination_multiplies_by_the_share_of_the_words_a_unit_holds(ix):
    from dataclasses import replace

    query = "may a state adopt stricter laws than the convention requires"
    plain = {h.id: h.score for h in find.search(ix, query, 200, replace(DEFAULT_RANKING, coord=0.0)).hits}
    built = []
    original = rank_module.rank
    find.rank = lambda searcher, champions, forward, q, ranking, **kw: built.append(q) or original(searcher, champions, forward, q, ranking, **kw)
    try:
        hits = find.search(ix, query, 20).hits
    finally:
        find.rank = original
    leaves, _ = rank_module._leaves(built[0], ix.searcher.reader())
    words = {t for f, t, _ in leaves if f in rank_module.STEMMED_FIELDS}
    assert {"stricter", "law", "adopt"} <= words
    for hit in hits:
        docnum = next(iter(ix.searcher.docs_for_query(rank_module.Q.Term("cid", hit.id))))
        unit = ix.forward.words(docnum)
        held = sum(1 for w in words if any(w in unit.get(f, ()) for f in rank_module.STEMMED_FIELDS))
        assert math.isclose(hit.score, plain[hit.id] * (1 + DEFAULT_RANKING.coord * held / len(words)), rel_tol=1e-9), hit.citation
