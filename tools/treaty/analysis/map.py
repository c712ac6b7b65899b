"""The implementation map: obligation strength per provision, State options and typed
reference edges, from the Document and the annotating stage's Annotations."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..citation import Citation
from ..model import Annotations, Document, Reference
from .edges import Edge, edges
from .options import OPTION_KINDS, Option, options
from .strength import STRENGTHS, Provision, provisions


@dataclass(frozen=True)
class ImplementationMap:
    provisions: tuple[Provision, ...]
    options: tuple[Option, ...]
    edges: tuple[Edge, ...]

    def json(self) -> dict:
        """``treaty map --json``: {"provisions": […], "options": […], "edges": […]}."""
        return {"provisions": [p.json() for p in self.provisions],
                "options": [o.json() for o in self.options],
                "edges": [e.json() for e in self.edges]}

    def counts(self) -> dict[str, dict[str, int]]:
        strengths = Counter(p.strength for p in self.provisions)
        kinds = Counter(o.kind for o in self.options)
        types = Counter(e.type for e in self.edges)
        return {"strength": {s: strengths.get(s, 0) for s in STRENGTHS},
                "mixed": {"mixed": sum(p.mixed for p in self.provisions)},
                "option": {k: kinds.get(k, 0) for k in OPTION_KINDS},
                "edge": dict(sorted(types.items()))}

    def provision(self, c: Citation) -> Provision | None:
        return next((p for p in self.provisions if p.citation == c), None)


def build_map(doc: Document, annotations: Annotations) -> ImplementationMap:
    convention = doc.part("convention")
    by_source: dict[Citation, list[Reference]] = {}
    for r in annotations.references:
        by_source.setdefault(r.source, []).append(r)
    return ImplementationMap(tuple(provisions(convention)), tuple(options(convention, by_source, annotations.definitions)),
                             tuple(edges(doc, annotations.references)))


__all__ = ["ImplementationMap", "build_map"]
