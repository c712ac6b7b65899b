"""Obligation strength: the triggers of each field, and each operative provision's strength,
addressee and qualifiers.

A provision is every paragraph of an article, every article without paragraphs, and every
item whose own words carry a trigger of their own ("(c) Consider taking …", "(b) May, at its
discretion, …").  Its strength is the strongest of its triggers by ``order`` in
rules/strength.yaml; several different ones make it mixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..citation import Citation
from ..model import Unit
from .addressee import addressee, begins_with_actor
from .rules import folded, needed, qualifier_patterns, strength_rules
from .segments import INNER, Piece, leadins_of, pieces, sentence_at

#: strengths that do something to someone (``none`` is a statement)
OPERATIVE = ("binding", "soft", "optional", "limit")
STRENGTHS = OPERATIVE + ("none",)


@dataclass(frozen=True)
class Trigger:
    citation: Citation
    field: str
    start: int
    end: int
    #: the phrase as printed (words set off by commas shortened to "…")
    text: str
    strength: str
    addressee: str | None


@dataclass(frozen=True)
class Provision:
    citation: Citation
    strength: str
    #: the phrase that decided ``strength`` (None when nothing did)
    trigger: str | None
    addressee: str | None
    qualifiers: tuple[str, ...]
    #: every operative strength the provision carries, strongest first
    strengths: tuple[str, ...]
    triggers: tuple[Trigger, ...]

    @property
    def mixed(self) -> bool:
        return len(self.strengths) > 1

    def json(self) -> dict:
        """The public shape (``treaty map --json``): exactly these keys."""
        return {"citation": self.citation.canonical, "strength": self.strength, "trigger": self.trigger,
                "addressee": self.addressee, "qualifiers": list(self.qualifiers)}


def shorten(phrase: str) -> str:
    """'shall, if its domestic law so permits …, consider' → 'shall … consider'."""
    phrase = " ".join(phrase.split())
    if "," not in phrase:
        return phrase
    head, tail = phrase.split(",", 1)[0], phrase.rsplit(",", 1)[1].strip()
    return f"{head} … {tail}" if tail else head


def triggers(piece: Piece) -> list[Trigger]:
    """The triggers in one field, left to right (earlier rules win where two overlap)."""
    rules, _ = strength_rules()
    text = piece.text
    holds = folded(text)
    taken: list[tuple[int, int]] = []
    found: list[Trigger] = []
    for rule in rules:
        if needed(rule.regex) not in holds:
            continue
        for m in rule.regex.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            a, b = sentence_at(text, m.start())
            taken.append((m.start(), b if rule.sentence else m.end()))
            if rule.strength == "ignore":
                continue
            clause = text[a:m.start()]
            if piece.field == "tail" and a == 0 and piece.opening:
                clause = piece.opening + " " + clause
            strength = rule.strength
            if rule.with_actor and begins_with_actor(clause):
                strength = rule.with_actor
            who = addressee(clause, text[m.start():b], piece.leadins) if rule.has_addressee and strength != "none" else None
            found.append(Trigger(piece.citation, piece.field, m.start(), m.end(), shorten(m.group(0)), strength, who))
    return sorted(found, key=lambda t: (t.field != "text", t.start))


def qualifiers(texts: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for text in texts:
        hits: list[tuple[int, int]] = []
        holds = folded(text)
        for rx in qualifier_patterns():
            if needed(rx) not in holds:
                continue
            for m in rx.finditer(text):
                if not any(m.start() < e and s < m.end() for s, e in hits):
                    hits.append((m.start(), m.end()))
        for s, e in sorted(hits):
            words = " ".join(text[s:e].split()).strip(" ,")
            if words not in out:
                out.append(words)
    return tuple(out)


def classify(citation: Citation, found: list[Trigger], texts: list[str]) -> Provision:
    _, order = strength_rules()
    present = [s for s in order if any(t.strength == s for t in found)]
    if present:
        top = next(t for t in found if t.strength == present[0])
        return Provision(citation, top.strength, top.text, top.addressee, qualifiers(texts), tuple(present), tuple(found))
    statement = next((t for t in found if t.strength == "none"), None)
    return Provision(citation, "none", statement.text if statement else None, None, (), (), tuple(found))


def provisions(convention: Unit) -> list[Provision]:
    """Every operative provision of the Convention, in document order."""
    out: list[Provision] = []
    for art in (u for u in convention.walk() if u.kind == "article"):
        paragraphs = [c for c in art.children if c.kind == "paragraph"]
        for unit in paragraphs or [art]:
            leadins = leadins_of(unit, [art]) if unit is not art else ()
            ps = list(pieces(unit, leadins))
            found = [t for p in ps for t in triggers(p)]
            out.append(classify(unit.citation, found, [p.text for p in ps]))
            out.extend(_items(unit, [unit] if unit is art else [art, unit], found))
    return out


def _items(unit: Unit, parents: list[Unit], found: list[Trigger]) -> list[Provision]:
    """Items inside ``unit`` whose own words carry an operative trigger."""
    out = []
    for child in unit.children:
        if child.kind not in INNER[1:]:
            continue
        own = [t for t in found if t.citation == child.citation and t.strength in OPERATIVE]
        if own:
            ps = list(pieces(child, leadins_of(child, parents)))
            mine = [t for t in found if child.citation.contains(t.citation) or t.citation == child.citation]
            texts = [p.text for p in ps] + [lead for lead in leadins_of(child, parents)]
            out.append(classify(child.citation, mine, texts))
        out.extend(_items(child, parents + [child], found))
    return out


__all__ = ["Trigger", "Provision", "STRENGTHS", "OPERATIVE", "provisions", "triggers", "classify", "shorten"]
