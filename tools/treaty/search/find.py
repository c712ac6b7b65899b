"""Answering a query: a citation opens that provision first; anything else is read by the query
language, ranked, and shown with snippets."""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as Q

from ..citation import Citation, CitationError, OutOfRange, parse as parse_citation
from .index import SearchIndex
from .query import QueryError, build_query, citations_in, clean_query, compose, describe_filters, scope_query, suggestion, tokenize
from .questions import read_question
from .rank import DEFAULT_RANKING, Ranking, rank
from .snippets import unit_snippet

MAX_LIMIT = 200


@dataclass(frozen=True)
class Hit:
    citation: str
    id: str
    url: str
    kind: str
    score: float
    snippet: str  # HTML-safe: text escaped, matched words in <mark>

    def to_json(self) -> dict:
        return {"citation": self.citation, "id": self.id, "url": self.url, "score": round(self.score, 4), "snippet": self.snippet}


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    suggestion: str | None = None
    #: what was changed or ignored in the query, for people (not part of the JSON shape)
    notices: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"query": self.query, "results": [h.to_json() for h in self.hits], "suggestion": self.suggestion}


def _hit(stored: dict, score: float, terms: set[str]) -> Hit:
    return Hit(stored["citation"], stored["cid"], stored["url"], stored["kind"], float(score), unit_snippet(stored.get("body", ""), stored.get("context") or "", terms))


def _citation_search(index: SearchIndex, citation: Citation, limit: int) -> SearchResult | None:
    """The provision a citation names first, then what lies inside it, the notes on it, and what holds it."""
    s = index.searcher
    exact = s.search(Q.Term("citation", citation.canonical), limit=1, filter=Q.Term("origin", "corpus"))
    if not exact:
        return None
    top = exact[0].fields()
    hits = [_hit(top, 1.0, set())]
    seen = {top["cid"]}
    inside = s.search(Q.Prefix("cid", top["cid"] + "-"), limit=None, sortedby="order", filter=Q.Term("origin", "corpus"))
    related = []
    if citation.step("article") and len(citation.path) == 1:
        related = s.search(Q.And([Q.Term("article", citation.step("article")), Q.Or([Q.Term("kind", "note"), Q.Term("origin", "extra")])]), limit=None, sortedby="order")
    elif citation.step("chapter"):
        related = s.search(Q.And([Q.Term("chapter", citation.step("chapter")), Q.Term("kind", "article")]), limit=None, sortedby="order")
    parent = citation.parent()
    around = s.search(Q.Term("citation", parent.canonical), limit=1, filter=Q.Term("origin", "corpus")) if parent and parent.path else []
    for group in (inside, related, around):
        for h in group:
            if len(hits) >= limit:
                break
            st = h.fields()
            if st["cid"] not in seen:
                seen.add(st["cid"])
                hits.append(_hit(st, 0.5, set()))
    return SearchResult("", hits)


def _counterpart_search(index: SearchIndex, text: str, limit: int) -> SearchResult | None:
    """The articles whose counterpart the query cites, each followed by what it holds; None when
    the query cites no other instrument's article."""
    from ..editorial.concordance import parse_counterpart
    from ..editorial.search_fields import counterpart_key

    aliases = index.meta.get("counterpart_aliases")
    if not aliases:
        return None
    try:
        cited = parse_counterpart(text, aliases, loose=True)
    except CitationError:
        return None
    if cited is None:
        return None
    s = index.searcher
    articles = s.search(Q.Term("counterpart", counterpart_key(*cited).lower()), limit=None, sortedby="order", filter=Q.Term("origin", "corpus"))
    if not articles:
        return None  # no article corresponds: the words are searched instead
    hits = [_hit(h.fields(), 1.0, set()) for h in articles][:limit]
    seen = {h.id for h in hits}
    for h in articles:
        group = _citation_search(index, parse_citation(h["citation"]), limit)
        for hit in group.hits[1:] if group else []:
            if len(hits) < limit and hit.id not in seen:
                seen.add(hit.id)
                hits.append(hit)
    return SearchResult("", hits)


def _not_found_message(index: SearchIndex, citation: Citation) -> str | None:
    from ..lookup import NotFound, find_citation

    doc = index.doc
    if doc is None:
        return f"{citation.canonical} is not in the index"
    try:
        find_citation(doc, citation)
    except NotFound as e:
        return str(e)
    return None  # exists, but is not a unit the index holds (a whole part): search its words


def search(index: SearchIndex, query: str, limit: int = 10, ranking: Ranking = DEFAULT_RANKING) -> SearchResult:
    """Ranked units for ``query``; raises QueryError only for an empty query or an unknown field."""
    if not isinstance(limit, int) or limit < 1:
        raise QueryError("limit must be a positive whole number")
    text, notices = clean_query(query)
    if limit > MAX_LIMIT:
        notices.append(f"at most {MAX_LIMIT} results are returned")
        limit = MAX_LIMIT
    if not text:
        raise QueryError("empty query: type some words, a \"phrase\", a citation such as 'Art. 40(21)' or a filter such as kind:note")

    # A query citing another instrument's article ("article 19 of the Budapest Convention")
    # answers with the articles of this Convention that correspond (the concordance).
    found = _counterpart_search(index, text, limit)
    if found is not None:
        found.query, found.notices = query, notices + found.notices
        return found

    # A query that is a citation answers with that provision; one whose number names nothing
    # ("Article 0", "Article 5(0)") says so, as a citation of an article the Convention lacks does.
    try:
        citation = parse_citation(text, bare=True)
    except OutOfRange as e:
        return SearchResult(query, [], None, notices + [str(e)])
    except (CitationError, ValueError):
        citation = None
    if citation is not None:
        found = _citation_search(index, citation, limit)
        if found is not None:
            found.query, found.notices = query, notices
            return found
        missing = _not_found_message(index, citation)
        if missing:
            return SearchResult(query, [], None, notices + [missing])

    clauses, more = tokenize(text)
    clauses, intent = read_question(text, clauses)
    clauses, scopes = citations_in(clauses)
    s = index.searcher
    notices += more + describe_filters(s, clauses)
    scope, scope_docs = None, set()
    if scopes:
        scope = Q.Or([scope_query(c) for c in scopes])
        scope_docs = set(s.docs_for_query(scope))
        for c in scopes:
            if not any(True for _ in s.docs_for_query(scope_query(c))):
                notices.append(_not_found_message(index, c) or f"{c.canonical} is not in the index")
    b = build_query(s, clauses, ranking, beside=intent)
    q, filt, mask = compose(b, ranking, scope)
    if q is None:
        return SearchResult(query, [], None, notices + ["nothing to search for: the query has only common words or operators"])
    ranked = rank(s, index.champions, index.forward, q, ranking, limit=limit, filter=filt, mask=mask, first=scope_docs)
    hits = [_hit(st, score, b.highlight_terms) for score, st in ranked]
    return SearchResult(query, hits, suggestion(text, b), notices)
