"""Which instrument a citation belongs to — decided within its sentence, then by the nearest
preceding mention (docs/linking.md has the rule with examples):

1. an instrument attached after it: "Article 2 *of the Budapest Convention*", "Art. 8 *ECHR*",
   "Điều 47 *của Luật* …", "§ 202a *StGB*";
2. an instrument named just before it: "*ECHR* Art. 8", "*Penal Code* Art. 269", "*《刑法》*第285条";
3. otherwise the instrument named last before it — earlier in its sentence or before — and "the
   Convention", "本公约", "该公约" (``this_instrument`` phrases) mean that instrument too;
4. with none named, the document's own (``--assume``).

A citation that only this Convention can have — an interpretative note, an article or chapter
number beyond the other instrument's size — is this Convention's whatever was named before it
(rules 2–4), but never against an instrument attached after it (rule 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .instruments import OTHER, THIS, Instruments, Named

#: Where a sentence ends, for the search of an instrument named just before a citation.
_SENTENCE_END = re.compile(r"[.!?。！？]\s|\n")
#: What may stand between a citation and an instrument attached after it.
_GLUED = re.compile(r"[\w\-]*")  # "§ 202a", "Art. 615-ter", "제347조의2"
_GAP = re.compile(r"[\s\u00a0,]*(?:\(\s*)?")


@dataclass(frozen=True)
class Decision:
    """``cls``: THIS or OTHER; ``name``: the instrument as written, or None; ``how``: 'after'
    (attached), 'before' (just before), 'context' (named earlier), 'assume' (none named)."""

    cls: str
    name: str | None
    how: str
    articles: int | None = None
    chapters: int | None = None


class Context:
    """The instrument state of a document read block by block."""

    def __init__(self, inst: Instruments, assume: str, of_words: tuple[str, ...]):
        self.inst = inst
        self.assume = assume
        self.last: Decision | None = None  # the instrument named last, carried from block to block
        ofs = sorted({w for w in of_words if w.strip()}, key=len, reverse=True)
        self._of = re.compile(r"(?i:" + "|".join(re.escape(w) for w in ofs) + r")\s+(?:(?i:the|la|le|el|los|las|die|der|das|des|il|lo|o|a)\s+)?") if ofs else None

    # -- the named instrument as a decision -----------------------------------------------------
    def of_named(self, n: Named, how: str) -> Decision:
        if n.cls == "GENERIC":
            return self.generic(n.name, how)
        return Decision(n.cls, n.name, how, n.articles, n.chapters)

    def generic(self, name: str, how: str) -> Decision:
        """'the Convention', '该公约': the instrument named last (or the document's own); 'this
        Convention', 'la présente Convention', '本公约': the document's own."""
        if self.last is not None and not self.inst.is_demonstrative(name):
            return Decision(self.last.cls, self.last.name, "context", self.last.articles, self.last.chapters)
        return Decision(self.assume, None, "assume")

    def mention(self, d: Decision) -> None:
        self.last = d

    # -- rules 1 and 2 ------------------------------------------------------------------------
    def attached(self, text: str, start: int, phrase_instrument: str) -> Decision:
        """Rule 1: the instrument the scanner found written right after the citation, read from
        where its name starts (or from the determiner or "of" just before: "des Übereinkommens")."""
        d = _DETERMINER.match(text, start)
        starts = ([d.end()] if d else []) + [start] + [m.start() for m in _WORDS_BEFORE.finditer(text, max(0, start - 24), start)][-2:][::-1]
        for p in starts:
            n = self.inst.named_at(text, p)
            if n is not None and n.end > start and n.cls != "GENERIC":
                return self.of_named(n, "after")
        for p in starts:
            if (g := self.inst.generic_at(text, p)) is not None and g > start:
                return self.generic(text[p:g], "after")
        return Decision(OTHER, phrase_instrument, "after")

    def after(self, text: str, end: int) -> Decision | None:
        """Rule 1 when the scanner saw no instrument: 'Art. 19(2) ICCPR', '§ 202a StGB',
        'Khoản 1 Điều 32 Luật …', 'Điều 68 của Luật nêu trên', 'Article 25, Convention on Cybercrime'."""
        p = _GLUED.match(text, end).end() if end > 0 and text[end - 1:end].isalnum() else end
        p = _GAP.match(text, p).end()
        if self._of is not None and (m := self._of.match(text, p)):
            q = m.end()
            if (d := self._name_at(text, q)) is not None:
                return d
        return self._name_at(text, p, generic=False)

    def _name_at(self, text: str, p: int, generic: bool = True) -> Decision | None:
        n = self.inst.named_at(text, p)
        if n is not None:
            return self.of_named(n, "after")
        if generic and (g := self.inst.generic_at(text, p)) is not None:
            return self.generic(text[p:g], "after")
        if (e := self.inst.law_at(text, p)) is not None:
            return Decision(OTHER, text[p:e], "after")
        m = _ABBREV.match(text, p)
        if m and not _ROMAN.fullmatch(m.group(0)):
            return Decision(OTHER, m.group(0), "after")
        return None

    def before(self, text: str, start: int, named: list[Named]) -> Decision | None:
        """Rule 2: an instrument named just before the citation, in its sentence."""
        gap_start = start
        while gap_start > 0 and text[gap_start - 1] in " \t\u00a0,:()（）》":
            gap_start -= 1
        for n in reversed(named):
            if n.end <= start:
                if n.end >= gap_start and "\n" not in text[n.end:start]:
                    return self.of_named(n, "before")
                break
        k = self.inst.law_before(text, start)
        if k is not None and not _SENTENCE_END.search(text, k, start):
            return Decision(OTHER, text[k:start].strip(" \t\u00a0,:()（）"), "before")
        m = _ABBREV_BEFORE.search(text, max(0, gap_start - 12), gap_start)
        if m and m.end() == gap_start and not _ROMAN.fullmatch(m.group(1)):
            return Decision(OTHER, m.group(1), "before")
        return None


#: An unknown abbreviation written in capitals ("UU", "LPD", "EMRK"): another instrument's name.
_ABBREV = re.compile(r"(?<![^\W_])[A-ZА-ЯЁ][A-ZА-ЯЁ0-9]{1,7}(?![^\W_])")
_ABBREV_BEFORE = re.compile(r"(?<![^\W_])([A-ZА-ЯЁ][A-ZА-ЯЁ0-9]{1,7})$")
_ROMAN = re.compile(r"[IVXLC]+")
_WORDS_BEFORE = re.compile(r"(?<![^\W_])[^\W\d_][\w'’]*\s+")
#: A determiner before an instrument's name: "of *the* Budapest Convention".
_DETERMINER = re.compile(r"(?i:the|la|le|les|el|los|las|die|der|des|das|dem|il|lo|o|a|os|as)\s+")


def only_ours(decision: Decision, targets) -> bool:
    """A citation only this Convention can have, whatever other instrument was named before it:
    an interpretative note, or a number beyond the other instrument's articles or chapters."""
    if decision.cls != OTHER or decision.how == "after":
        return False
    if targets and all(t.kind in ("note", "notes") for t in targets):
        return True
    for t in targets:
        if t.kind == "article" and t.article is not None and decision.articles is not None and t.article > decision.articles:
            return True
        if t.kind == "chapter" and t.number is not None and decision.chapters is not None and t.number > decision.chapters:
            return True
    return False


__all__ = ["Context", "Decision", "only_ours", "THIS", "OTHER"]
