"""The cheap first phase of ranking: champion lists.

At build time, for every term of every ranked field, the ``K`` units where Whoosh's BM25F
weighs that term highest are written beside the index (``treaty-candidates.json`` and
``.bin``).  A query's candidates are the units found in the lists of its terms, scored by the
sum of their weights times the query's field boosts; only the best of them are rescored with
the full query (rank.py).  The work is bounded by the number of the query's terms times ``K``,
not by the size of the corpus; a query whose lists were all complete (no term in more than
``K`` units) loses nothing, and rank.py falls back to scoring every match when the candidates
cannot fill the page.
"""

from __future__ import annotations

import heapq
import json
from array import array
from pathlib import Path

from whoosh import scoring

from .records import RANKED_FIELDS

#: units kept per term
K = 64
JSON_NAME = "treaty-candidates.json"
BIN_NAME = "treaty-candidates.bin"


def write(index_dir: Path, B: float, K1: float, k: int = K) -> None:
    """Write the champion lists of the (single-segment) index at ``index_dir``."""
    from whoosh import index as whoosh_index

    weighting = scoring.BM25F(B=B, K1=K1)
    ix = whoosh_index.open_dir(str(index_dir))
    docs, weights = array("i"), array("f")
    table: dict[str, dict[str, list[int]]] = {}
    with ix.searcher(weighting=weighting) as s:
        reader = s.reader()
        for field in RANKED_FIELDS:
            lists = table[field] = {}
            for term in reader.lexicon(field):
                m = s.postings(field, term, weighting=weighting)
                found = []
                while m.is_active():
                    found.append((m.score(), m.id()))
                    m.next()
                best = heapq.nlargest(k, found)
                lists[term.decode("utf-8")] = [len(docs), len(best), int(len(found) > k)]
                for w, d in best:
                    docs.append(d)
                    weights.append(w)
    ix.close()
    (index_dir / BIN_NAME).write_bytes(docs.tobytes() + weights.tobytes())
    header = {"k": k, "B": B, "K1": K1, "entries": len(docs), "lists": table}
    (index_dir / JSON_NAME).write_text(json.dumps(header, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


class Champions:
    """The champion lists of an index, from the contents of its two files."""

    def __init__(self, header_json: bytes, data: bytes):
        header = json.loads(header_json.decode("utf-8"))
        self.k = header["k"]
        self.lists = header["lists"]
        n = header["entries"]
        if len(data) != 8 * n:
            raise ValueError(f"{BIN_NAME} holds {len(data)} bytes, not {8 * n}")
        self.docs, self.weights = array("i"), array("f")
        self.docs.frombytes(data[: 4 * n])
        self.weights.frombytes(data[4 * n :])

    def scores(self, leaves: list[tuple[str, str, float]]) -> tuple[dict[int, float], bool]:
        """(unit → cheap score, complete): the units in the lists of ``leaves`` (field, term,
        boost), and whether those lists held every unit the terms occur in."""
        out: dict[int, float] = {}
        complete = True
        docs, weights = self.docs, self.weights
        for field, term, boost in leaves:
            entry = self.lists.get(field, {}).get(term)
            if entry is None:
                continue
            start, n, truncated = entry
            complete = complete and not truncated
            for i in range(start, start + n):
                d = docs[i]
                out[d] = out.get(d, 0.0) + boost * weights[i]
        return out, complete
