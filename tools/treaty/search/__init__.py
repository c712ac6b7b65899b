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

from .find import MAX_LIMIT, Hit, SearchResult, search
from .holder import IndexBusy, IndexHolder
from .index import INDEX_DIR, IndexDamaged, IndexMissing, SearchIndex, build_index, ensure_index, open_index, read_meta
from .query import QueryError, expansions
from .rank import BASELINE_RANKING, DEFAULT_RANKING, Ranking
from .records import KINDS, ExtraDocument, ExtraDocumentsError, ExtraSource, Record, annotation_source, records

__all__ = [
    "ExtraDocument", "Hit", "SearchResult", "SearchIndex", "QueryError", "IndexMissing", "IndexDamaged", "IndexHolder", "IndexBusy", "Ranking", "DEFAULT_RANKING",
    "BASELINE_RANKING", "INDEX_DIR", "MAX_LIMIT", "build_index", "open_index", "ensure_index", "read_meta", "search", "records", "Record",
    "KINDS", "expansions", "ExtraSource", "ExtraDocumentsError", "annotation_source",
]
