"""Full-text search at paragraph level: the one package that imports Whoosh.

Every citable unit is one Whoosh document (:mod:`.records`).  The interface is three
functions — :func:`build_index`, :func:`open_index`, :func:`search` — plus
:func:`ensure_index`, which rebuilds the index whenever the corpus JSON it was built from
changes, so that another engine can replace Whoosh behind it.

==================  ===========================================================================
``records.py``      what is indexed: records, analyzers, schema, the extra documents
``index.py``        the index's life: build, fingerprint, atomic swap, open, ensure
``query.py``        the query language: clean, tokenize, filters, expansions, the Whoosh query
``rank.py``         the tuned weights and the two-phase ranking (BM25F × prior × coordination)
``candidates.py``   phase one: champion lists (each term's best units, written at build time)
``rescore.py``      phase two: the full query scored on the candidates' own words
``snippets.py``     excerpts with the query's words marked
``find.py``         :func:`search`: citations first, then ranked words
``holder.py``       an index kept usable for a long-running reader: stale or damaged, rebuilt in
                    the background with no lock held across the rebuild
==================  ===========================================================================
"""

from importlib import import_module

# ``records`` names both a module and its function: imported here, the function is the package's name
from .records import KINDS, ExtraDocument, ExtraDocumentsError, ExtraSource, Record, annotation_source, records

#: each other name of the interface → the module that defines it, imported when the name is first
#: used (the browser index, made by the site build, needs the records and the ranking, not Whoosh's searching)
_WHERE = {
    "MAX_LIMIT": "find",
    "Hit": "find",
    "SearchResult": "find",
    "search": "find",
    "IndexBusy": "holder",
    "IndexHolder": "holder",
    "INDEX_DIR": "index",
    "IndexDamaged": "index",
    "IndexMissing": "index",
    "SearchIndex": "index",
    "build_index": "index",
    "ensure_index": "index",
    "open_index": "index",
    "read_meta": "index",
    "QueryError": "query",
    "expansions": "query",
    "BASELINE_RANKING": "rank",
    "DEFAULT_RANKING": "rank",
    "Ranking": "rank",
}


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "ExtraDocument", "Hit", "SearchResult", "SearchIndex", "QueryError", "IndexMissing", "IndexDamaged", "IndexHolder", "IndexBusy", "Ranking", "DEFAULT_RANKING",
    "BASELINE_RANKING", "INDEX_DIR", "MAX_LIMIT", "build_index", "open_index", "ensure_index", "read_meta", "search", "records", "Record",
    "KINDS", "expansions", "ExtraSource", "ExtraDocumentsError", "annotation_source",
]
