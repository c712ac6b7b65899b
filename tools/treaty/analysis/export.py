"""The map as JSON (the public shape of ``treaty map --json``), as GraphML (the typed
reference graph) and as readable lines (``treaty map``).  Pure: strings out, no files."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

from ..citation import Citation
from ..model import Document
from .edges import Edge
from .map import ImplementationMap


def select(m: ImplementationMap, within: Citation | None) -> ImplementationMap:
    """The part of the map inside one unit (an article, a paragraph): its provisions and options,
    and the edges from or to it."""
    if within is None:
        return m

    def inside(c: Citation) -> bool:
        return within == c or within.contains(c)

    return ImplementationMap(tuple(p for p in m.provisions if inside(p.citation) or p.citation.contains(within)),
                             tuple(o for o in m.options if inside(o.citation)),
                             tuple(e for e in m.edges if inside(e.source) or inside(e.target)))


def to_json(m: ImplementationMap) -> str:
    return json.dumps(m.json(), ensure_ascii=False, indent=2) + "\n"


def chapters_of(doc: Document) -> dict[Citation, str]:
    """Article → its chapter's number ("V")."""
    out = {}
    for ch in doc.part("convention").children:
        if ch.kind == "chapter":
            for art in ch.children:
                out[art.citation] = ch.num or ""
    return out


def to_graphml(edges: tuple[Edge, ...] | list[Edge], doc: Document) -> str:
    """The typed reference graph: one node per provision that cites or is cited, one edge per
    (reference, target); node and edge data keyed as declared at the top."""
    chapter = chapters_of(doc)
    nodes: list[Citation] = []
    for e in edges:
        for c in (e.source, e.target):
            if c not in nodes:
                nodes.append(c)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
           '  <key id="citation" for="node" attr.name="citation" attr.type="string"/>',
           '  <key id="article" for="node" attr.name="article" attr.type="int"/>',
           '  <key id="chapter" for="node" attr.name="chapter" attr.type="string"/>',
           '  <key id="url" for="node" attr.name="url" attr.type="string"/>',
           '  <key id="type" for="edge" attr.name="type" attr.type="string"/>',
           '  <key id="text" for="edge" attr.name="text" attr.type="string"/>',
           '  <graph id="references" edgedefault="directed">']
    for c in nodes:
        art = Citation.article(c.article_number) if c.article_number is not None else None
        data = [("citation", c.canonical), ("article", str(c.article_number) if art else None),
                ("chapter", chapter.get(art) if art else None), ("url", c.url)]
        inner = "".join(f'<data key="{k}">{escape(v)}</data>' for k, v in data if v)
        out.append(f"    <node id={quoteattr(c.id)}>{inner}</node>")
    for i, e in enumerate(edges, 1):
        out.append(f'    <edge id="e{i}" source={quoteattr(e.source.id)} target={quoteattr(e.target.id)}>'
                   f'<data key="type">{escape(e.type)}</data><data key="text">{escape(e.text)}</data></edge>')
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


def text_lines(m: ImplementationMap) -> list[str]:
    """``treaty map`` without --json: one line per provision, option and edge."""
    lines = ["Provisions (strength, addressee, trigger; qualifiers):"]
    for p in m.provisions:
        mixed = f" (mixed: {', '.join(p.strengths)})" if p.mixed else ""
        trig = f"  “{p.trigger}”" if p.trigger else ""
        qual = f"  [{'; '.join(p.qualifiers)}]" if p.qualifiers else ""
        lines.append(f"  {p.citation.canonical:<18} {p.strength}{mixed}  {p.addressee or '—'}{trig}{qual}")
    lines.append("")
    lines.append("Options (kind, who, when → modifies):")
    for o in m.options:
        mods = ", ".join(x.canonical for x in o.modifies) or "—"
        lines.append(f"  {o.citation.canonical:<18} {o.kind}  {o.who}  {o.when or 'when: not stated'}  → {mods}")
    lines.append("")
    lines.append("References (source → target: type, wording):")
    for e in m.edges:
        lines.append(f"  {e.source.canonical} → {e.target.canonical}: {e.type}  “{e.text}”")
    return lines


__all__ = ["to_json", "to_graphml", "text_lines", "select", "chapters_of"]
