"""What the linker finds: links, unresolved citations, and the skipped list (JSON shapes are a
public contract, see docs/linking.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..citation import Citation

#: Why a citation-shaped phrase was not linked.
OTHER_INSTRUMENT, DANGLING, AMBIGUOUS, CITING_DOCUMENT = "other-instrument", "dangling", "ambiguous", "citing-document"
REASONS = (OTHER_INSTRUMENT, DANGLING, AMBIGUOUS, CITING_DOCUMENT)


@dataclass(frozen=True)
class Link:
    """A phrase that cites provisions of this Convention that exist; offsets into the input.

    ``parts`` are the links actually written, one per cited number or label ("Articles 5",
    "9", "12" of "Articles 5, 9, and 12"), each a ``Link`` whose first target is where it
    goes; a target without words of its own (inside a range) rides in the ``targets`` of the
    part before it.  No parts: the phrase is one link to its first target.
    """

    start: int
    end: int
    text: str
    targets: tuple[Citation, ...]
    parts: tuple[Link, ...] = ()

    @property
    def citation(self) -> Citation:
        return self.targets[0]

    def url(self, base_url: str = "") -> str:
        return base_url + self.citation.url

    def pieces(self) -> tuple[Link, ...]:
        """The links to write, left to right."""
        return self.parts or (self,)

    def shifted(self, offset: int) -> Link:
        parts = tuple(x.shifted(offset) for x in self.parts)
        return Link(self.start + offset, self.end + offset, self.text, self.targets, parts)

    def as_json(self, base_url: str = "") -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "targets": [t.canonical for t in self.targets], "url": self.url(base_url),
                "links": [{"text": x.text, "start": x.start, "end": x.end, "targets": [t.canonical for t in x.targets], "url": x.url(base_url)}
                          for x in self.pieces()]}


@dataclass(frozen=True)
class Unresolved:
    """A citation of this Convention that names nothing in it, and why."""

    start: int
    end: int
    text: str
    reason: str

    def shifted(self, offset: int) -> Unresolved:
        return Unresolved(self.start + offset, self.end + offset, self.text, self.reason)

    def as_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "reason": self.reason}


@dataclass(frozen=True)
class Skipped:
    """A citation-shaped phrase that was not linked: ``reason`` is one of ``REASONS``;
    ``instrument`` the instrument it was attributed to, as written ("Budapest Convention",
    "ECHR", "Penal Code"), or None."""

    start: int
    end: int
    text: str
    reason: str
    instrument: str | None = None

    def shifted(self, offset: int) -> Skipped:
        return Skipped(self.start + offset, self.end + offset, self.text, self.reason, self.instrument)

    def as_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "reason": self.reason, "instrument": self.instrument}

    def describe(self) -> str:
        """One line for a reader: 'not linked: another instrument (Budapest Convention)'."""
        why = {OTHER_INSTRUMENT: "another instrument", DANGLING: "no such provision in this Convention",
               AMBIGUOUS: "nothing to be relative to", CITING_DOCUMENT: "the citing document itself"}[self.reason]
        return f"not linked: {why}" + (f" ({self.instrument})" if self.instrument else "")


@dataclass
class Result:
    links: list[Link] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    #: what the reader of the output should know (e.g. where an adapter stopped linking)
    notes: list[str] = field(default_factory=list)

    def shifted(self, offset: int) -> Result:
        return Result([x.shifted(offset) for x in self.links], [x.shifted(offset) for x in self.unresolved],
                      [x.shifted(offset) for x in self.skipped])

    def extend(self, other: Result) -> None:
        self.links += other.links
        self.unresolved += other.unresolved
        self.skipped += other.skipped
        self.notes += other.notes

    def as_json(self, base_url: str = "") -> dict:
        return {"citations": [x.as_json(base_url) for x in self.links], "unresolved": [x.as_json() for x in self.unresolved],
                "skipped": [x.as_json() for x in self.skipped]}


def shown_skipped(result: Result) -> list[Skipped]:
    """The skipped phrases ``--show-skipped`` marks: those not inside a link (a dangling number
    of a list that is linked stays plain, as the list's links show)."""
    linked = [(x.start, x.end) for x in result.links]
    return [x for x in result.skipped if not any(a < x.end and x.start < b for a, b in linked)]


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_ABSOLUTE = re.compile(r"https?://[^/?#]+", re.IGNORECASE)


def check_base_url(url: str) -> str:
    """``url`` if links may start with it: ``http://…``, ``https://…``, a relative path, or ''.

    Anything else (``javascript:``, ``data:``, ``//host``, spaces, control characters, bytes
    that were not UTF-8) raises ValueError with one line saying why: a base URL is written into
    every link, so it must not be able to change what a link does.
    """
    if url == "":
        return url
    bad = next((c for c in url if not ("!" <= c <= "~") or c in '"<>\\^`{|}'), None)
    if bad is not None:
        raise ValueError(f"base URL {ascii(url)} contains {ascii(bad)}: only printable ASCII URL characters "
                         "are allowed (percent-encode others)")
    if _SCHEME.match(url):
        if not _ABSOLUTE.match(url):
            raise ValueError(f"base URL {ascii(url)} is not http:// or https:// (nor a relative path)")
    elif url.startswith("//"):
        raise ValueError(f"base URL {ascii(url)} has no scheme: write https:{url}")
    return url
