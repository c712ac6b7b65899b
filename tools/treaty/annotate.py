"""The annotating stage's one entry point: Document → Annotations (references, terms, backlinks).

The site, the search index and ``treaty show`` call :func:`annotate`; nothing re-reads text
another stage produced.
"""

from __future__ import annotations

from .model import Annotations, Document
from .refs import backlinks, find_references
from .terms import definitions, term_uses


def annotate(doc: Document) -> Annotations:
    """Raises refs.DanglingReference when a reference names a provision the corpus lacks."""
    references = find_references(doc)
    defs = definitions(doc)
    return Annotations(
        references=references,
        definitions=defs,
        term_uses=term_uses(doc, defs),
        referenced_by=backlinks(doc, references),
    )


__all__ = ["annotate"]
