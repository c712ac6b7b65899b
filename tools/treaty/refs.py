"""Cross-references: every citation phrase of the corpus, resolved to the provisions it names.

The phrases come from the one grammar (``citation.scan``); this stage only knows the corpus:
which unit a phrase stands in (so "paragraph 1 of this article" and "this chapter" become
absolute), whether the instrument it names is this Convention, and whether each target exists.
A target that does not exist stops the build (:class:`DanglingReference`).

Decisions, also in docs/cross-references.md:
- "this Convention", "this article", "this paragraph" alone are not references (they name the
  place the phrase stands in); "this chapter" is (it names a page of its own).
- A bare "paragraph 2" / "subparagraph (ii)" takes its article from the last provision cited
  before it in the same field ("article 2 (e) … in subparagraph (ii)"), else from the unit.
- "paragraphs 5 and 6 above" (resolution) and "see para. 15" (report) cite paragraphs of the
  same document: they are internal references to Resolution / Report paragraphs.
- A citation of another instrument ("paragraph 49 of the report of the Ad Hoc Committee"), a
  named instrument ("the Charter of the United Nations") and a UN document symbol are external
  references: ``external=True``, ``targets=()``, ``external_target`` says what is cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .citation import Citation, CitationError, CitationPhrase, is_this_convention, scan
from .model import Document, Reference, Unit

#: Fields of a unit, in reading order.
FIELDS = ("heading", "text", "tail")

#: Instruments named in the corpus outside citation phrases: printed name → what it is.
NAMED_INSTRUMENTS = {
    "Charter of the United Nations": "Charter of the United Nations",
    "Convention on the Rights of the Child": "Convention on the Rights of the Child",
    "Statute of the Court": "Statute of the International Court of Justice",
    "Statute of the International Court of Justice": "Statute of the International Court of Justice",
}

#: Instrument phrases of citation phrases that are not this Convention (casefolded) → what is cited.
#: Both name the Ad Hoc Committee's report whose paragraph 49 holds the draft resolution
#: ("in paragraph 49 of its report (A/78/986)", Report, paragraph 6).
CITED_INSTRUMENTS = {
    "the report of the ad hoc committee": "Report of the Ad Hoc Committee (A/78/986)",
    "its report": "Report of the Ad Hoc Committee (A/78/986)",
}

#: Instrument words that point into the citing document itself.
SELF_DOCUMENT = {"above", "below", "supra", "infra"}

#: UN document symbols the source did not mark as links: A/79/196, A/C.3/79/L.22, A/RES/74/247.
_SYMBOL = re.compile(r"\bA/(?:[A-Z]+(?:\.\d+)?/)*\d{2}/(?:[A-Z]+\.)?\d+\b")


class DanglingReference(ValueError):
    """A reference to a provision the corpus does not have (fails the build)."""


@dataclass(frozen=True)
class Place:
    """Where a field stands: its unit's citation, enclosing article and chapter."""

    citation: Citation
    chapter: Citation | None


def places(doc: Document) -> Iterator[tuple[Place, str, str]]:
    """Every (place, field name, field text) of the document, footnotes last."""

    def walk(unit: Unit, chapter: Citation | None):
        if unit.kind == "chapter":
            chapter = unit.citation
        place = Place(unit.citation, chapter)
        for f in FIELDS:
            value = getattr(unit, f)
            if value:
                yield place, f, value
        for child in unit.children:
            yield from walk(child, chapter)

    for part in doc.parts:
        yield from walk(part, None)
    for fn in doc.footnotes:
        yield Place(fn.citation, None), "text", fn.text


def _describe_target(phrase: CitationPhrase) -> str:
    name = CITED_INSTRUMENTS.get(" ".join(phrase.instrument.split()).casefold(), phrase.instrument)
    return name


def _resolve(phrase: CitationPhrase, place: Place, context: Citation, index: set[Citation]) -> tuple[tuple[Citation, ...], tuple]:
    """The phrase's distinct targets and, parallel to them, the words naming each (empty when a
    target is named twice: the phrase is then linked whole rather than a name dropped)."""
    out: list[Citation] = []
    spans = phrase.spans if len(phrase.spans) == len(phrase.targets) else ()
    for partial in phrase.targets:
        if partial.relative_to == "chapter":
            ctx = place.chapter
        elif partial.relative_to == "context":
            ctx = context
        else:
            ctx = place.citation
        try:
            target = partial.resolve(ctx, known=index)
        except CitationError as e:
            raise DanglingReference(f"{place.citation.canonical}: cannot resolve {phrase.text!r}: {e}") from None
        if target not in index:
            raise DanglingReference(
                f"{place.citation.canonical}: {phrase.text!r} cites {target.canonical}, which the corpus does not have")
        if target not in out:
            out.append(target)
        else:
            spans = ()
    return tuple(out), tuple(spans)


def field_references(place: Place, field: str, text: str, index: set[Citation], marks=()) -> list[Reference]:
    """The references of one field of one unit, in text order."""
    refs: list[Reference] = []
    context = place.citation
    taken: list[tuple[int, int]] = []
    for phrase in scan(text):
        inst = phrase.instrument
        if inst is not None and not is_this_convention(inst) and inst.casefold() not in SELF_DOCUMENT:
            refs.append(Reference(place.citation, field, phrase.start, phrase.end, phrase.text, (),
                                  external=True, external_target=_describe_target(phrase)))
        else:
            self_document = inst is not None and inst.casefold() in SELF_DOCUMENT
            targets, spans = _resolve(phrase, place, place.citation if self_document else context, index)
            refs.append(Reference(place.citation, field, phrase.start, phrase.end, phrase.text, targets, spans=spans))
            if not self_document and any(p.relative_to != "context" for p in phrase.targets) and targets[-1].article_number:
                context = targets[-1]
        taken.append((phrase.start, phrase.end))
    # external documents: the source's document links, unmarked symbols, named instruments
    for m in marks:
        if m.field == field and m.kind == "document":
            refs.append(Reference(place.citation, field, m.start, m.end, text[m.start:m.end], (), True, m.target))
            taken.append((m.start, m.end))
    for m in _SYMBOL.finditer(text):
        if not _overlaps(m.start(), m.end(), taken):
            refs.append(Reference(place.citation, field, m.start(), m.end(), m.group(0), (), True, m.group(0)))
            taken.append((m.start(), m.end()))
    for name, target in NAMED_INSTRUMENTS.items():
        for m in re.finditer(re.escape(name), text):
            if not _overlaps(m.start(), m.end(), taken):
                refs.append(Reference(place.citation, field, m.start(), m.end(), name, (), True, target))
                taken.append((m.start(), m.end()))
    refs.sort(key=lambda r: r.start)
    return refs


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def find_references(doc: Document) -> list[Reference]:
    """All references of the corpus in document order; raises DanglingReference."""
    units = doc.index()
    index = set(units)
    footnotes = {fn.citation: fn for fn in doc.footnotes}
    refs: list[Reference] = []
    for place, field, text in places(doc):
        owner = units.get(place.citation) or footnotes[place.citation]
        refs.extend(field_references(place, field, text, index, owner.marks))
    return refs


def parents(doc: Document) -> dict[Citation, Citation]:
    """Each unit's parent in the document tree (chapters contain their articles here)."""
    out: dict[Citation, Citation] = {}
    for unit in doc.walk():
        for child in unit.children:
            out[child.citation] = unit.citation
    for fn in doc.footnotes:
        out[fn.citation] = Citation(fn.citation.part)
    return out


def ancestors(citation: Citation, parent: dict[Citation, Citation]) -> list[Citation]:
    """The citation and its containers up to (not including) the part itself."""
    chain = [citation]
    while (p := parent.get(chain[-1])) is not None and p.path:
        chain.append(p)
    return chain


def backlinks(doc: Document, references: list[Reference]) -> dict[Citation, list[Citation]]:
    """target → sources citing it or something inside it, in document order, each once.

    A provision is credited with every reference to itself; its containers (paragraph, article,
    chapter) are credited only with references from outside them, so Article 40 does not list
    its own paragraphs that say "paragraph 21 of this article".
    """
    parent = parents(doc)
    out: dict[Citation, list[Citation]] = {}
    for ref in references:
        if ref.external:
            continue
        source_chain = set(ancestors(ref.source, parent))
        for target in ref.targets:
            for i, holder in enumerate(ancestors(target, parent)):
                if i > 0 and holder in source_chain:
                    continue
                sources = out.setdefault(holder, [])
                if ref.source not in sources:
                    sources.append(ref.source)
    return out


__all__ = ["DanglingReference", "find_references", "field_references", "backlinks", "parents", "ancestors", "places", "Place"]
