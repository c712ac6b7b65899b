"""Typed cross-references: each internal reference the annotating stage found (refs.py), typed
by the words around it (rules/edges.yaml) — "subject to article 5", "notwithstanding
paragraph 1", "the provisions of article 40 … are applicable, mutatis mutandis".

The references are consumed as they are (``Annotations.references``): nothing re-reads the
text for citations; only the words just before and after each one are looked at.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..citation import Citation
from ..model import Document, Reference
from .rules import edge_rules
from .segments import sentence_at

EDGE_TYPES = ("applies", "subject to", "in accordance with", "mutatis mutandis", "notwithstanding",
              "without prejudice to", "as defined in", "except as provided in", "other")


@dataclass(frozen=True)
class Edge:
    source: Citation
    target: Citation
    type: str
    #: the cue and the reference as printed ("subject to article 5 of this Convention")
    text: str

    def json(self) -> dict:
        """The public shape (``treaty map --json``): exactly these keys."""
        return {"source": self.source.canonical, "target": self.target.canonical, "type": self.type, "text": self.text}


def edge_type(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The type of the reference at ``text[start:end]`` and the extent of its wording (cue and
    reference), looking only inside the reference's sentence."""
    rules, fallback, _ = edge_rules()
    a, b = sentence_at(text, start)
    before, after = text[a:start], text[end:b]
    for rule in rules:
        if rule.before is not None:
            m = rule.before.search(before)
            if m:
                return rule.type, a + m.start(), end
        if rule.after is not None:
            m = rule.after.search(after)
            if m:
                return rule.type, start, end + m.end()
    return fallback, start, end


def field_text(doc_index: dict, ref: Reference) -> str:
    unit = doc_index[ref.source]
    return getattr(unit, ref.field) or ""


def edges(doc: Document, references: list[Reference]) -> list[Edge]:
    """One edge per (reference, target) whose source is in the Convention, in document order."""
    index = doc.index()
    out: list[Edge] = []
    for ref in references:
        if ref.external or not ref.targets or ref.source.part != "convention" or ref.source not in index:
            continue
        text = field_text(index, ref)
        kind, s, e = edge_type(text, ref.start, ref.end)
        words = " ".join(text[s:e].split())
        out.extend(Edge(ref.source, t, kind, words) for t in ref.targets)
    return out


def article_of(c: Citation) -> Citation | None:
    n = c.article_number
    return Citation.article(n) if n is not None else None


def article_edges(items: list[Edge]) -> dict[tuple[Citation, Citation], dict[str, int]]:
    """Edges between different articles: (source article, target article) → type → count."""
    out: dict[tuple[Citation, Citation], dict[str, int]] = {}
    for e in items:
        s, t = article_of(e.source), article_of(e.target)
        if s is None or t is None or s == t:
            continue
        counts = out.setdefault((s, t), {})
        counts[e.type] = counts.get(e.type, 0) + 1
    return out


__all__ = ["Edge", "EDGE_TYPES", "edges", "edge_type", "article_edges", "article_of"]
