"""The public JSON shapes of the ``treaty`` commands (documented in docs/cli.md; keep them stable):
a provision (``show``), the outline, a reference (``refs``), a resolved citation (``resolve``), a
subject (``subjects``).  The shapes other stages own are theirs: search results
(``search.SearchResult.to_json``), linked citations (``link``), the implementation map
(``analysis.export.to_json``), concordance rows (``editorial.concordance.row``), annotations
(``Annotation.json``)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Annotations, Reference, Unit


def unit_summary(unit: Unit, notes: AnnotationIndex | None = None) -> dict:
    """The public JSON shape of one provision (documented in docs/cli.md; keep it stable).

    With ``notes`` (the annotations) each unit also carries ``references``, ``terms`` and
    ``referenced_by`` for its own heading, text and tail (offsets into ``field``).
    """
    c = unit.citation
    extra = notes.summary(c) if notes is not None else {}
    return {
        "citation": c.canonical,
        "id": c.id,
        "eid": c.eid,
        "url": c.url,
        "kind": unit.kind,
        "num": unit.num,
        "heading": unit.heading,
        "text": unit.full_text(),
        "lead_in": unit.text,
        "tail": unit.tail,
        "concerns": [x.canonical for x in unit.concerns],
        "children": [unit_summary(ch, notes) for ch in unit.children],
        **extra,
    }


@lru_cache(maxsize=1)
def outline_kinds() -> frozenset:
    """The units the outline lists: all but the provisions (the final clause is listed)."""
    from ..model import PROVISIONS, Kind

    return frozenset(Kind) - PROVISIONS | {Kind.FINAL_CLAUSE}


def outline_json(unit: Unit) -> dict:
    return {
        "citation": unit.citation.canonical,
        "id": unit.citation.id,
        "url": unit.citation.url,
        "kind": unit.kind,
        "num": unit.num,
        "heading": unit.heading,
        "children": [outline_json(ch) for ch in unit.children if ch.kind in outline_kinds()],
    }


def reference_json(ref: Reference, with_source: bool = False) -> dict:
    """One reference; offsets index the unit's ``field`` (heading | text | tail)."""
    d = {"source": ref.source.canonical} if with_source else {}
    d.update({"field": ref.field, "text": ref.text, "start": ref.start, "end": ref.end,
              "targets": [t.canonical for t in ref.targets], "external": ref.external})
    if ref.external:
        d["external_target"] = ref.external_target
    else:
        # per target, the words that name it (null inside a range), and the links the site writes
        d["spans"] = [list(sp) if sp is not None else None for sp in ref.spans]
        d["links"] = [{"text": x.text, "start": x.start, "end": x.end, "targets": [t.canonical for t in x.targets]}
                      for x in ref.links()]
    return d


class AnnotationIndex:
    """Annotations looked up by the unit they stand in."""

    def __init__(self, ann: Annotations):
        self.ann = ann
        self.refs: dict = {}
        self.terms: dict = {}
        for r in ann.references:
            self.refs.setdefault(r.source, []).append(r)
        for t in ann.term_uses:
            self.terms.setdefault(t.source, []).append(t)

    def referenced_by(self, c) -> list[str]:
        return [s.canonical for s in self.ann.referenced_by.get(c, [])]

    def summary(self, c) -> dict:
        return {
            "references": [reference_json(r) for r in self.refs.get(c, [])],
            "terms": [{"field": t.field, "text": t.text, "start": t.start, "end": t.end, "term": t.term,
                       "defined_in": t.defined_in.canonical} for t in self.terms.get(c, [])],
            "referenced_by": self.referenced_by(c),
        }


def resolve_json(unit: Unit, base_url: str = "") -> dict:
    c = unit.citation
    return {"citation": c.canonical, "id": c.id, "url": base_url + c.url, "text": unit.full_text()}


def subject_json(s) -> dict:
    return {"heading": s.heading, "sub": s.sub, "variants": list(s.variants), "see": list(s.see),
            "targets": [t.canonical for t in s.targets], "file": f"{s.file}:{s.line}"}
