"""Citation text → the unit it names, or a message that says what does not exist.

Shared by ``treaty show`` and ``treaty resolve``: the grammar is citation.py's, the answer
comes from the corpus.
"""

from __future__ import annotations

from .citation import Citation, CitationError, parse
from .model import Document, Unit


class NotFound(LookupError):
    """A well-formed citation of something the Convention does not have (exit status 1)."""


def _describe(kind: str, key: str) -> str:
    if kind == "paragraph":
        return f"paragraph {key}"
    if kind == "item":
        return f"subparagraph ({key})"
    if kind == "article":
        return f"article {key}"
    if kind == "chapter":
        return f"chapter {key}"
    if kind in ("recital", "note", "line", "subsection", "footnote"):
        return f"{kind.replace('recital', 'preambular paragraph')} {key}"
    return f"{kind} {key}".strip()


def _articles(unit: Unit):
    """The articles under ``unit`` in document order, not walking into them (a linked
    document may cite many articles that do not exist)."""
    if unit.kind == "article":
        yield unit
        return
    for child in unit.children:
        yield from _articles(child)


def find(doc: Document, text: str, index: dict[Citation, Unit] | None = None) -> Unit:
    """Resolve a human citation against the document; raise CitationError or NotFound."""
    citation = parse(text, bare=True)
    return find_citation(doc, citation, index)


def find_citation(doc: Document, citation: Citation, index: dict[Citation, Unit] | None = None) -> Unit:
    index = index if index is not None else doc.index()
    unit = index.get(citation)
    if unit is not None:
        return unit
    # Name the deepest provision that exists and what it lacks: the first step, from the top,
    # that leads nowhere (top down, so a citation of thousands of steps costs what its real part does).
    path = citation.path
    parent = index.get(Citation(citation.part, ()))
    depth = 0
    while parent is not None and depth < len(path) - 1:
        below = index.get(Citation(citation.part, path[: depth + 1]))
        if below is None:
            break
        parent, depth = below, depth + 1
    if parent is not None:
        kind, key = path[depth]
        if not path[:depth]:
            if kind == "article":
                arts = list(_articles(doc.part("convention")))
                raise NotFound(f"The Convention has no article {key} (it has articles {arts[0].num}–{arts[-1].num})")
            if kind == "chapter":
                raise NotFound(f"The Convention has no chapter {key} (it has chapters I–IX)")
            owner = {"notes": "The interpretative notes have", "resolution": "The resolution has", "report": "The report has", "convention": "The Convention has"}[citation.part]
            raise NotFound(f"{owner} no {_describe(kind, key)}")
        if kind == "item" and any(c.kind == "paragraph" for c in parent.children):
            raise NotFound(f"{parent.citation.canonical} has numbered paragraphs; cite one of them before a subparagraph, e.g. {parent.citation.canonical}(1)({key})")
        raise NotFound(f"{parent.citation.canonical} has no {_describe(kind, key)}")
    raise NotFound(f"{citation.canonical} does not exist")


__all__ = ["find", "find_citation", "NotFound", "CitationError"]
