"""Test scaffolding ONLY: a small stand-in for ``treaty.citation.scan`` until the shared scanner
lands on main.  ``install()`` uses it only when ``treaty.citation`` has no ``scan`` of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from treaty import citation as grammar
from treaty.citation import ARTICLE_WORD, PARAGRAPH_WORD, SUBPARAGRAPH_WORD, Citation, CitationError, from_roman


@dataclass(frozen=True)
class PartialCitation:
    kind: str
    article: int | None = None
    segments: tuple[str, ...] = ()
    number: int | None = None
    relative_to: str | None = None

    def resolve(self, context: Citation | None) -> Citation:
        if self.kind == "chapter":
            return Citation("convention", (("chapter", str(self.number)),))
        if self.kind == "note":
            return Citation("notes", (("note", str(self.number)),))
        if self.relative_to is None:
            return Citation.article(self.article, *self.segments)
        if context is None or context.article_number is None:
            raise CitationError("no article before it")
        if self.segments and self.segments[0].isdigit():
            return Citation.article(context.article_number, *self.segments)
        base = context.segments[:1] if context.segments and context.segments[0].isdigit() else ()
        return Citation.article(context.article_number, *base, *self.segments)


@dataclass(frozen=True)
class CitationPhrase:
    start: int
    end: int
    text: str
    targets: tuple
    instrument: str | None = None
    instrument_start: int | None = None
    instrument_end: int | None = None


_SEGS = r"(?:\s*\(\s*(?:\d{1,3}|[a-z]{1,5})\s*\)|\.\d{1,3}(?:\.[a-z]{1,4})?)*"
_NUM = r"\d{1,3}" + _SEGS
_PHRASE = re.compile(
    r"(?i:(?P<art>" + ARTICLE_WORD + r")\s+(?P<list>" + _NUM + r"(?:\s*(?:,\s*(?:and\s+)?|and\s+|to\s+|through\s+|[-–]\s*)" + _NUM + r")*))"
    r"|(?i:(?P<para>" + PARAGRAPH_WORD + r")\s*(?P<p>\d{1,3})(?P<psegs>" + _SEGS + r")(?:\s*(?:of|in)\s+(?:" + ARTICLE_WORD + r")\s*(?P<pa>\d{1,3}))?)"
    r"|(?i:(?P<sub>" + SUBPARAGRAPH_WORD + r")\s*\((?P<s>[a-z]{1,5})\))"
    r"|(?i:chapter)\s+(?P<ch>[IVX]+)\b"
    r"|(?i:interpretative\s+note)\s+(?P<note>\d)"
)
_INSTRUMENT = re.compile(r"\s*,?\s*(?:of|in)\s+(?P<i>(?:this|the)\s+(?:[A-Z][\w.]*\s+)*Convention(?:\s+on\s+Cybercrime|\s+against\s+Cybercrime)?)")


def _segments(s: str) -> tuple[str, ...]:
    s = s.strip()
    if s.startswith("."):
        return tuple(s[1:].split("."))
    return tuple(re.findall(r"\(\s*(\w+)\s*\)", s))


def scan(text: str) -> list[CitationPhrase]:
    out = []
    for m in _PHRASE.finditer(text):
        end = m.end()
        if m.group("list"):
            items = re.split(r"(\s*(?:,\s*(?:and\s+)?|and\s+|to\s+|through\s+|[-–]\s*))", m.group("list"))
            targets: list[PartialCitation] = []
            for i in range(0, len(items), 2):
                num = re.match(r"\d+", items[i]).group(0)
                segs = _segments(items[i][len(num):])
                if i and re.match(r"\s*(?:to|through|[-–])", items[i - 1]):
                    for n in range(targets[-1].article + 1, int(num)):
                        targets.append(PartialCitation("article", n))
                targets.append(PartialCitation("article", int(num), segs))
            tt = tuple(targets)
        elif m.group("p"):
            segs = (m.group("p"),) + _segments(m.group("psegs"))
            tt = (PartialCitation("article", int(m.group("pa")), segs),) if m.group("pa") else (PartialCitation("article", None, segs, relative_to="context"),)
        elif m.group("s"):
            tt = (PartialCitation("article", None, (m.group("s"),), relative_to="context"),)
        elif m.group("ch"):
            tt = (PartialCitation("chapter", number=from_roman(m.group("ch"))),)
        else:
            tt = (PartialCitation("note", number=int(m.group("note"))),)
        inst = _INSTRUMENT.match(text, end)
        if inst:
            out.append(CitationPhrase(m.start(), end, m.group(0), tt, inst.group("i"), inst.start("i"), inst.end("i")))
        else:
            out.append(CitationPhrase(m.start(), end, m.group(0), tt))
    return out


def install() -> bool:
    """Put the stand-in in place when the real scanner is missing; True when it did."""
    if hasattr(grammar, "scan"):
        return False
    grammar.scan = scan
    return True
