"""Defined terms: where each is defined, where it applies, and every use inside that scope.

Definitions are read from the text, not listed by hand:
- article 2 ("For the purposes of this Convention:"): each item's quoted words before
  "shall mean" — both "freezing" and "seizure" in article 2 (k);
- elsewhere in the Convention, a paragraph opening "For the purpose(s) of X, [the term] “T”
  shall mean / shall include": X is the scope ("this article" → the article; "paragraph 1 of
  this article" → that paragraph, read by the citation grammar);
- an interpretative note opening 'The term “T” covers …': scoped to the articles its group of
  notes concerns (note 4: "criminal investigations" in articles 23 and 35).

A use is a case-insensitive match of the term or its plural (singular, for a plural term),
inside the scope, outside the definition itself; where two terms overlap the longest wins.
Scope follows the words of the text: "intimate image" (article 16 (2): "For the purpose of
paragraph 1 of this article") applies to article 16 (1) only, not to paragraphs 3 and 4.
"""

from __future__ import annotations

import re

from .citation import Citation, scan
from .model import Document, TermDefinition, TermUse, Unit
from .refs import places

_QUOTED = re.compile(r"[\u201c\"]([^\u201d\"]+)[\u201d\"]")
_PURPOSE = re.compile(r"^For the purposes? of (?P<scope>[^,]+), (?:the term )?[\u201c\"](?P<term>[^\u201d\"]+)[\u201d\"] shall (?:mean|include)\b")
_NOTE_TERM = re.compile(r"^The term [\u201c\"](?P<term>[^\u201d\"]+)[\u201d\"] (?:covers|means|includes)\b")
#: Nouns without a plural of their own in the Convention's English.
_UNCOUNTABLE = {"data", "information"}


class TermError(ValueError):
    """A definition whose scope cannot be read."""


def _scope(phrase: str, unit: Unit) -> Citation:
    """'this Convention' / 'this article' / 'paragraph 1 of this article' → the scope's citation."""
    words = " ".join(phrase.split()).casefold()
    if words in ("this convention", "the present convention"):
        return Citation("convention")
    if words in ("this article", "the present article"):
        return Citation.article(unit.citation.article_number)
    found = scan(phrase)
    if len(found) != 1 or len(found[0].targets) != 1:
        raise TermError(f"{unit.citation.canonical}: cannot read the scope {phrase!r} of a definition")
    return found[0].targets[0].resolve(unit.citation)


def definitions(doc: Document) -> list[TermDefinition]:
    out: list[TermDefinition] = []
    for unit in doc.walk():
        c = unit.citation
        if c.part == "convention" and c.article_number == 2 and unit.kind == "item" and len(c.segments) == 1:
            head = unit.text.split("shall mean", 1)[0]
            for term in _QUOTED.findall(head):
                out.append(TermDefinition(term.casefold(), c, Citation("convention"), unit.full_text()))
        elif c.part == "convention" and unit.kind == "paragraph" and (m := _PURPOSE.match(unit.text)):
            out.append(TermDefinition(m.group("term"), c, _scope(m.group("scope"), unit), unit.full_text()))
        elif c.part == "notes" and unit.kind == "note" and (m := _NOTE_TERM.match(unit.text)):
            group = next(g for g in doc.part("notes").children if unit in g.children)
            for article in group.concerns:
                out.append(TermDefinition(m.group("term"), c, article, unit.full_text()))
    return out


def variants(term: str) -> list[str]:
    """The term as written, plus its plural (or singular): 'service provider(s)', 'emergencies'."""
    words = term.split()
    last = words[-1].casefold()
    forms = {last}
    if last not in _UNCOUNTABLE:
        if last.endswith("s") and not last.endswith("ss"):
            forms.add(last[:-1])
        elif last.endswith("y"):
            forms.add(last[:-1] + "ies")
        else:
            forms.add(last + "s")
    return sorted((" ".join(words[:-1] + [f]) for f in forms), key=len, reverse=True)


def pattern(term: str) -> re.Pattern:
    alts = "|".join(r"\s+".join(re.escape(w) for w in v.split()) for v in variants(term))
    return re.compile(r"(?<![\w-])(?:" + alts + r")(?![\w-])", re.IGNORECASE)


def field_uses(text: str, defs: list[tuple[TermDefinition, re.Pattern]]) -> list[tuple[int, int, TermDefinition]]:
    """The uses of ``defs`` in one text: where matches overlap, the longest term wins."""
    candidates = [(m.start(), m.end(), d) for d, pat in defs for m in pat.finditer(text)]
    chosen: list[tuple[int, int, TermDefinition]] = []
    for start, end, d in sorted(candidates, key=lambda x: (x[0] - x[1], x[0])):
        if all(end <= s or e <= start for s, e, _ in chosen):
            chosen.append((start, end, d))
    return sorted(chosen, key=lambda x: x[0])


def term_uses(doc: Document, defs: list[TermDefinition]) -> list[TermUse]:
    """Every use of a defined term inside its scope, outside its own definition."""
    patterns = [(d, pattern(d.term)) for d in defs]
    out: list[TermUse] = []
    for place, field, text in places(doc):
        here = place.citation
        applicable = [(d, p) for d, p in patterns if d.scope.contains(here) and not d.defined_in.contains(here)]
        for start, end, d in field_uses(text, applicable):
            out.append(TermUse(here, field, start, end, text[start:end], d.term, d.defined_in))
    return out


__all__ = ["definitions", "term_uses", "field_uses", "pattern", "variants", "TermError"]
