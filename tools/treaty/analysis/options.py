"""State options: where a State chooses once (an optional element, a reservation, a
declaration, an exclusion) or tells the depositary or the Conference (a notification).

The rules are rules/options.yaml; the subject of each is found as for a trigger
(addressee.py), and "what it modifies" comes from the references the annotating stage found
in the option's sentence — never from a second scan of the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..citation import Citation
from ..model import Reference, TermDefinition, Unit
from .addressee import addressee
from .rules import option_rules
from .segments import pieces, sentence_at, sentence_spans

OPTION_KINDS = ("optional_element", "reservation", "declaration", "exclusion", "notification")


@dataclass(frozen=True)
class Option:
    citation: Citation
    kind: str
    #: the sentence that offers the choice, as printed
    text: str
    who: str
    when: str | None
    modifies: tuple[Citation, ...]
    #: the phrase that made it an option
    trigger: str

    def json(self) -> dict:
        """The public shape (``treaty map --json``): exactly these keys."""
        return {"citation": self.citation.canonical, "kind": self.kind, "text": self.text, "who": self.who,
                "when": self.when, "modifies": [m.canonical for m in self.modifies]}


def _cited(refs: list[Reference], citation: Citation, field: str, text: str, a: int, b: int) -> list[Citation]:
    """The provisions cited in ``text[a:b]`` (a field of ``citation``) up to "provided that",
    leaving out those it is "subject to" and offences "established in accordance with" them."""
    rules = option_rules()
    cut = rules.cut.search(text, a, b)
    end = cut.start() if cut else b
    out: list[Citation] = []
    for r in refs:
        if r.external or r.source != citation or r.field != field or not (a <= r.start < end):
            continue
        if rules.skip_before.search(text[max(a, r.start - 60):r.start]):
            continue
        out.extend(t for t in r.targets if t not in out)
    return out


def first_sentence(text: str) -> str:
    a, b = sentence_spans(text)[0]
    return text[a:b]


def _defined(text: str, definitions: list[TermDefinition]) -> list[Citation]:
    """The provisions defining the terms whose "definition" ``text`` speaks of."""
    rx = option_rules().definition_of
    out: list[Citation] = []
    for m in rx.finditer(text):
        rest = text[m.end():].casefold()
        for d in definitions:
            if rest.startswith(d.term.casefold()) and d.defined_in not in out:
                out.append(d.defined_in)
    return out


def options(convention: Unit, refs_by_source: dict[Citation, list[Reference]], definitions: list[TermDefinition] = ()) -> list[Option]:
    """Every State option of the Convention, in document order."""
    rules = option_rules()
    out: list[Option] = []
    seen: set[tuple[Citation, str]] = set()
    for art in (u for u in convention.walk() if u.kind == "article"):
        units = {u.citation: u for u in art.walk()}
        for piece in pieces(art):
            refs = refs_by_source.get(piece.citation, [])
            taken: list[tuple[int, int]] = []
            for rule in rules.rules:
                for m in rule.regex.finditer(piece.text):
                    if any(m.start() < e and s < m.end() for s, e in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    a, b = sentence_at(piece.text, m.start())
                    # a tail's first sentence ends the sentence its unit's lead-in began
                    opening = piece.opening if piece.field == "tail" and a == 0 else ""
                    clause = (opening + " " if opening else "") + piece.text[a:m.start()]
                    who = rule.who or addressee(clause, piece.text[m.start():b], piece.leadins)
                    if who not in rules.who or (piece.citation, rule.kind) in seen:
                        continue
                    seen.add((piece.citation, rule.kind))
                    sentence = piece.text[a:b].strip()
                    context = " ".join(x for x in (*piece.leadins[:1], opening, sentence) if x)
                    # the wording shown: the sentence, with the lead-in it completes
                    if opening:
                        wording = first_sentence(units[piece.citation].full_text())
                    elif a == 0 and piece.leadins and piece.field == "text":
                        wording = piece.leadins[0] + " " + sentence
                    else:
                        wording = sentence
                    when = next((w.group(0) for rx in rules.when for w in [rx.search(context)] if w), None)
                    mods = _cited(refs, piece.citation, piece.field, piece.text, a, b)
                    if opening:
                        lead = units[piece.citation].text
                        mods += [t for t in _cited(refs, piece.citation, "text", lead, len(lead) - len(opening), len(lead)) if t not in mods]
                    if not mods:
                        mods = _defined(sentence, list(definitions))
                    if not mods and any(rx.search(context) for rx in rules.anaphora):
                        mods = [art.citation.child("paragraph", "1")]
                    out.append(Option(piece.citation, rule.kind, " ".join(wording.split()), who, when, tuple(mods),
                                      " ".join(m.group(0).split())))
    return out


__all__ = ["Option", "OPTION_KINDS", "options"]
