"""The second phase of ranking: the full query scored on each candidate's own words.

At build time every unit's words in the ranked fields (term → positions) are written beside
the index, read from Whoosh's own postings (``treaty-forward.bin``), so scoring a candidate
costs the same whatever the size of the corpus — Whoosh's matchers would walk every posting
list up to each candidate.  The scores are Whoosh's: BM25F with Whoosh's idf, average field
length and (quantized) unit field length; a phrase or a span scores the sum of its words when
Whoosh's own span rule (``SpanNear2``) finds it; ``Or`` sums what matches, ``And`` needs all,
``AndMaybe`` adds its optional part.  Two choices of ours: a prefix scores its terms like
words; span queries (phrases, pairs) keep Whoosh's habit of ignoring their own boost.
"""

from __future__ import annotations

import pickle
from array import array
from pathlib import Path
from typing import Callable

from whoosh import query as Q
from whoosh.query import spans
from whoosh.scoring import bm25

from .records import RANKED_FIELDS

DATA_NAME = "treaty-forward.bin"
OFFSETS_NAME = "treaty-forward.idx"

#: a compiled query: (document number, the unit's words, field lengths) → score, or None (no match)
Scorer = Callable[[int, dict, dict], "float | None"]


def write(index_dir: Path, doc_count: int) -> None:
    """Write every unit's words per ranked field, from the postings of the index at ``index_dir``."""
    from whoosh import index as whoosh_index

    words: list[dict[str, dict[str, tuple[int, ...]]]] = [{} for _ in range(doc_count)]
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.reader() as reader:
        for field in RANKED_FIELDS:
            for term in reader.lexicon(field):
                text = term.decode("utf-8")
                m = reader.postings(field, term)
                while m.is_active():
                    words[m.id()].setdefault(field, {})[text] = tuple(m.value_as("positions"))
                    m.next()
    ix.close()
    offsets = array("q", [0])
    with open(index_dir / DATA_NAME, "wb") as out:
        for unit in words:
            data = pickle.dumps(unit, protocol=4)
            out.write(data)
            offsets.append(offsets[-1] + len(data))
    (index_dir / OFFSETS_NAME).write_bytes(offsets.tobytes())


class Forward:
    """The units' words, from the contents of its two files, unpickled one unit at a time."""

    def __init__(self, offsets: bytes, data: bytes):
        self.offsets = array("q")
        self.offsets.frombytes(offsets)
        if len(data) != self.offsets[-1]:
            raise ValueError(f"{DATA_NAME} holds {len(data)} bytes, not {self.offsets[-1]}")
        self._data = data

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def words(self, docnum: int) -> dict[str, dict[str, tuple[int, ...]]]:
        return pickle.loads(self._data[self.offsets[docnum] : self.offsets[docnum + 1]])


class _Positions:
    """What Whoosh's span rule asks of a matcher: the spans of one word in the unit."""

    def __init__(self, positions):
        self._spans = [spans.Span(p) for p in positions]

    def spans(self):
        return self._spans


def _near(positions: list, slop: int, ordered: bool, mindist: int) -> bool:
    holder = type("Near", (), {})()
    holder.slop, holder.ordered, holder.mindist, holder.ms = slop, ordered, mindist, [_Positions(p) for p in positions]
    return bool(spans.SpanNear2.SpanNear2Matcher._get_spans(holder))


def compile_query(searcher, query, B: float, K1: float) -> Scorer:
    """The scorer of ``query`` (the shapes query.py builds) with Whoosh's statistics."""
    reader = searcher.reader()

    def never(d, words, lengths):
        return None

    def term(field: str, text: str, boost: float) -> Scorer:
        if (field, text) not in reader:
            return never
        idf, avgfl = searcher.idf(field, text), searcher.avg_field_length(field) or 1

        def score(d, words, lengths):
            positions = words.get(field, {}).get(text)
            if not positions:
                return None
            fl = lengths.get(field)
            if fl is None:
                fl = lengths[field] = searcher.doc_field_length(d, field, 1)
            return boost * bm25(idf, len(positions), fl, avgfl, B, K1)

        return score

    def near(field: str, texts: list[str], slop: int, ordered: bool, mindist: int, boost: float) -> Scorer:
        if not texts or any((field, t) not in reader for t in texts):
            return never
        parts = [term(field, t, 1.0) for t in texts]

        def score(d, words, lengths):
            found = words.get(field, {})
            positions = [found.get(t) for t in texts]
            if not all(positions) or not _near(positions, slop, ordered, mindist):
                return None
            return boost * sum(p(d, words, lengths) for p in parts)

        return score

    def build(q) -> Scorer:
        if isinstance(q, Q.Term):
            return term(q.fieldname, _text(q.text), q.boost)
        if isinstance(q, Q.Phrase):
            return near(q.fieldname, [_text(w) for w in q.words], q.slop, True, 1, q.boost)
        if isinstance(q, spans.SpanNear2) and all(isinstance(s, Q.Term) for s in q.qs) and len({s.fieldname for s in q.qs}) == 1:
            return near(q.qs[0].fieldname, [_text(s.text) for s in q.qs], q.slop, q.ordered, q.mindist, 1.0)
        if isinstance(q, Q.Prefix):
            return build(Q.Or([Q.Term(q.fieldname, _text(t), boost=q.boost) for t in reader.expand_prefix(q.fieldname, q.text)]))
        if isinstance(q, Q.ConstantScoreQuery):
            inside, constant = set(searcher.docs_for_query(q.child)), q.score
            return lambda d, words, lengths: constant if d in inside else None
        if isinstance(q, Q.Every):
            return lambda d, words, lengths: q.boost
        if isinstance(q, Q.AndMaybe):
            required, optional = build(q.a), build(q.b)

            def and_maybe(d, words, lengths):
                s = required(d, words, lengths)
                if s is None:
                    return None
                extra = optional(d, words, lengths)
                return s + (extra or 0.0)

            return and_maybe
        if isinstance(q, (Q.And, Q.Or)):
            subs, boost, every = [build(s) for s in q.subqueries], q.boost, isinstance(q, Q.And)

            def compound(d, words, lengths):
                total, matched = 0.0, False
                for sub in subs:
                    s = sub(d, words, lengths)
                    if s is None:
                        if every:
                            return None
                        continue
                    total, matched = total + s, True
                return boost * total if matched else None

            return compound
        if isinstance(q, Q.NullQuery.__class__):
            return never
        raise TypeError(f"cannot rescore a {type(q).__name__} query")

    return build(query)


def _text(t) -> str:
    return t.decode("utf-8") if isinstance(t, bytes) else t
