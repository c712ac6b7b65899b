"""A provision's words as the analysis reads them: each field of each unit (lead-in, item,
tail), cut into sentences, with the lead-ins that introduce it.

Nothing here knows a rule; it only says where a sentence starts and ends and which lead-in an
item continues ("Each State Party shall: … (c) Consider taking …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..citation import Citation
from ..model import Unit

#: a sentence ends at a full stop followed by a capital letter, a quotation mark or a bracket
_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-Z“\"(])")
#: units inside a provision that carry words of their own
INNER = ("paragraph", "item", "roman_item")


@dataclass(frozen=True)
class Piece:
    """One field of one unit: its citation, which field, and the words."""

    citation: Citation
    field: str
    text: str
    #: the lead-ins this piece continues, innermost first (an item's paragraph lead-in …)
    leadins: tuple[str, ...] = ()
    #: the unit's own lead-in, when this piece is its tail (the tail ends the lead-in's sentence)
    opening: str = ""


def split_spans(separator: re.Pattern, text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` between the matches of ``separator``, as (start, end)."""
    spans, start = [], 0
    for m in separator.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    return split_spans(_SENTENCE_END, text)


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    for a, b in sentence_spans(text):
        if a <= offset <= b:
            return a, b
    return 0, len(text)


def last_sentence(text: str) -> str:
    a, b = sentence_spans(text)[-1]
    return text[a:b]


def pieces(unit: Unit, leadins: tuple[str, ...] = ()) -> Iterator[Piece]:
    """The unit's fields and its inner units', in reading order."""
    if unit.text:
        yield Piece(unit.citation, "text", unit.text, leadins)
    inner = ((last_sentence(unit.text),) if unit.text else ()) + leadins
    for child in unit.children:
        if child.kind in INNER:
            yield from pieces(child, inner)
    if unit.tail:
        yield Piece(unit.citation, "tail", unit.tail, leadins, opening=last_sentence(unit.text) if unit.text else "")


def leadins_of(unit: Unit, parents: list[Unit]) -> tuple[str, ...]:
    """The lead-ins an inner unit continues, from the units enclosing it (outermost first given)."""
    return tuple(last_sentence(p.text) for p in reversed(parents) if p.text and p.kind in INNER + ("article",))
