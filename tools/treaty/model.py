"""The one data model every stage shares.

A ``Document`` is four parts (report, resolution, convention, interpretative notes), each a
tree of ``Unit``s.  A unit owns three strings — its heading, its own (lead-in) text and the
text that follows its children (``tail``) — all plain text; inline markup lives in ``marks``
as character spans, so later stages (cross-references, terms, rendering) can add spans
without re-reading any text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Iterator

from .citation import Citation, split_by_target


class Kind(StrEnum):
    """What a unit is: the one list of unit kinds (the corpus schema's ``kind`` enum holds the same
    values, tests/test_corpus.py checks it).  A member is a ``str``: ``unit.kind == "article"``
    and JSON keep working, and ``Kind.ARTICLE`` can be written instead."""

    REPORT = "report"
    MASTHEAD = "masthead"
    LINE = "line"
    SECTION = "section"
    SUBSECTION = "subsection"
    PARAGRAPH = "paragraph"
    RESOLUTION = "resolution"
    TITLE = "title"
    PREAMBLE = "preamble"
    RECITAL = "recital"
    CONVENTION = "convention"
    CHAPTER = "chapter"
    ARTICLE = "article"
    ITEM = "item"
    ROMAN_ITEM = "roman_item"
    FINAL_CLAUSE = "final_clause"
    NOTES = "notes"
    GROUP = "group"
    NOTE = "note"


#: the items of a list: "(a)" and "(i)"
LIST_ITEMS = frozenset({Kind.ITEM, Kind.ROMAN_ITEM})
#: units whose number and heading are a line of their own in running text
HEADED = frozenset({Kind.CHAPTER, Kind.ARTICLE, Kind.GROUP, Kind.SECTION, Kind.SUBSECTION, Kind.MASTHEAD})
#: the provisions: units with a number (or none), a text and an anchor of their own on the site
PROVISIONS = frozenset({Kind.PARAGRAPH, Kind.ITEM, Kind.ROMAN_ITEM, Kind.RECITAL, Kind.NOTE, Kind.LINE, Kind.FINAL_CLAUSE})


@dataclass(frozen=True)
class Mark:
    """An inline span of a unit's heading, text or tail.

    kind: ``emphasis`` | ``strong`` | ``document`` (a UN document symbol, ``target`` holds it)
    | ``footnote`` (zero-width marker; ``target`` holds the footnote's canonical citation).
    """

    field: str
    start: int
    end: int
    kind: str
    target: str | None = None


@dataclass
class Unit:
    kind: str
    citation: Citation
    num: str | None = None
    heading: str | None = None
    text: str = ""
    children: list[Unit] = field(default_factory=list)
    tail: str = ""
    marks: list[Mark] = field(default_factory=list)
    lines: tuple[int, int] = (0, 0)
    #: words printed before the unit in the source ("Annex") that are neither heading nor text
    label: str | None = None
    #: interpretative notes (and their groups): the articles they concern
    concerns: list[Citation] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.citation.id

    def walk(self) -> Iterator[Unit]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def display_num(self) -> str | None:
        """The number as printed: '1.', '(a)', 'Article 4', 'Chapter II'."""
        if self.num is None:
            return None
        if self.kind in LIST_ITEMS:
            return f"({self.num})"
        if self.kind == "article":
            return f"Article {self.num}"
        if self.kind == "chapter":
            return f"Chapter {self.num}"
        return f"{self.num}."

    def lead(self) -> str:
        """What comes before this unit's words in its parent's full text: its number (and heading)."""
        if self.kind in HEADED:
            return " ".join(x for x in (self.display_num, self.heading) if x)
        return self.display_num or ""

    def full_text(self) -> str:
        """Own text, children (with their numbers) and tail, whitespace-normalised."""
        parts = [self.text]
        for child in self.children:
            parts.append(child.lead())
            parts.append(child.full_text())
        parts.append(self.tail)
        return " ".join(p for p in parts if p).strip()


@dataclass(frozen=True)
class Footnote:
    citation: Citation
    number: int
    text: str
    marks: tuple[Mark, ...]
    line: int
    #: the unit whose text carries the marker, and where
    marker_in: Citation
    marker_field: str
    marker_offset: int


@dataclass(frozen=True)
class SourceNote:
    """A defect or conversion artefact of the source, kept as is and recorded here."""

    line: int
    kind: str
    citation: str | None
    detail: str


@dataclass
class Document:
    parts: list[Unit]
    footnotes: list[Footnote]
    source_notes: list[SourceNote]
    source_path: str
    source_sha256: str
    source_lines: int

    def walk(self) -> Iterator[Unit]:
        for part in self.parts:
            yield from part.walk()

    def index(self) -> dict[Citation, Unit]:
        return {u.citation: u for u in self.walk()}

    def part(self, name: str) -> Unit:
        for p in self.parts:
            if p.citation.part == name and not p.citation.path:
                return p
        raise KeyError(name)


# -- annotations made by later stages (refs.py, terms.py); spans index a unit's field ----------
@dataclass(frozen=True)
class Reference:
    """A phrase in ``source``'s ``field`` that cites provisions (``targets``) or an outside text."""

    source: Citation
    field: str
    start: int
    end: int
    text: str
    targets: tuple[Citation, ...]
    external: bool = False
    #: for external references: what is cited ("Convention on the Rights of the Child", "A/RES/74/247")
    external_target: str | None = None
    #: parallel to ``targets``: the words that name each target ("article 40, paragraph 21 (b)",
    #: "(c)", "paragraph 22"), offsets into the field like ``start``/``end``; None for a target
    #: inside a range ("8" … "15" of "articles 7 to 16").  Empty: the phrase is cited as a whole.
    spans: tuple[tuple[int, int] | None, ...] = ()

    def links(self) -> tuple[ReferenceLink, ...]:
        """The links to write for this phrase, left to right: one per target that has words of
        its own; a target inside a range rides with the link before it.  A phrase that cites
        one provision, or has no usable spans, is one link over the whole phrase."""
        if self.external or not self.targets:
            return ()
        groups = split_by_target(self.start, self.end, self.spans, self.targets)
        if len(groups) <= 1:
            return (ReferenceLink(self.start, self.end, self.text, self.targets),)
        return tuple(ReferenceLink(a, b, self.text[a - self.start:b - self.start], tuple(ts)) for a, b, ts in groups)


@dataclass(frozen=True)
class ReferenceLink:
    """One link of a reference: ``targets[0]`` is where it goes, the others ride along (a
    range's interior) and are shown in its preview."""

    start: int
    end: int
    text: str
    targets: tuple[Citation, ...]


@dataclass(frozen=True)
class TermDefinition:
    term: str
    #: the unit whose text defines the term (Article 2(k), Article 14(2), Article 16(2) …)
    defined_in: Citation
    #: where the definition applies: the Convention, or only the article that says "for the purposes of this article"
    scope: Citation
    definition: str


@dataclass(frozen=True)
class TermUse:
    source: Citation
    field: str
    start: int
    end: int
    text: str
    term: str
    defined_in: Citation


@dataclass
class Annotations:
    references: list[Reference] = field(default_factory=list)
    definitions: list[TermDefinition] = field(default_factory=list)
    term_uses: list[TermUse] = field(default_factory=list)
    #: target → sources that cite it or something inside it, in document order
    referenced_by: dict[Citation, list[Citation]] = field(default_factory=dict)
