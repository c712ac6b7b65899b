"""Instruments by name: this Convention's names (each lexicon's ``names``), other instruments
(``instruments.json``: names in any language, abbreviations, sizes), the phrases that mean "the
convention just named" (each lexicon's ``this_instrument``) and the words that make a name a law
or a code (each lexicon's ``law_words``).  All data; this module only compiles and matches it.

Names are matched case-insensitively, abbreviations ("UNCC", "ECHR") with their case; a name in
a script without spaces needs no word boundary.  The regular expressions are tries (alternatives
share their prefixes), so finding every name in a long text stays fast.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..citation import LEXICONS
from ..citation.tokens import CJK

THIS, OTHER = "THIS", "OTHER"
_CJK_CHAR = re.compile("[" + CJK + "]")


@dataclass(frozen=True)
class Named:
    """An instrument named in a text: where, whether it is this Convention, its name as written,
    and (for another instrument) how many articles and chapters it has, when known."""

    start: int
    end: int
    cls: str
    name: str
    articles: int | None = None
    chapters: int | None = None


def trie_regex(words) -> str:
    """One regex alternation of ``words`` as a trie: alternatives share their prefixes, so a
    position that starts no word is rejected after one character.  A space matches any run of
    whitespace."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(trie)


#: A capital letter of the scripts the names are written in, or a letter of a script without case.
_CAPITAL = "(?=[A-ZÀ-ÖØ-ÞĐА-ЯЁ\u0600-\u06ff])"


def _bounded(words, case_insensitive: bool, capital: bool = False) -> str:
    """Words as a trie regex, each not inside a longer word (CJK names excepted)."""
    spaced = [w for w in words if not _CJK_CHAR.match(w)]
    cjk = [w for w in words if _CJK_CHAR.match(w)]
    parts = []
    fold = (lambda w: w.lower()) if case_insensitive else (lambda w: w)
    flags = "(?i:" if case_insensitive else "(?:"
    if spaced:
        # names are proper nouns: they start with a capital (a cheap test at every position)
        parts.append(r"(?<![^\W_])" + (_CAPITAL if capital else "") + flags + trie_regex(sorted({fold(w) for w in spaced})) + r")(?![^\W_])")
    if cjk:
        parts.append("(?:" + trie_regex(sorted(set(cjk))) + ")")
    return "|".join(parts) if parts else "(?!)"


def _norm(name: str) -> str:
    return " ".join(name.split())


class Instruments:
    """The compiled names of every instrument (all languages at once: a French name in an
    English document is still a name)."""

    def __init__(self, data: dict, lexicons: dict):
        self.info: dict[str, tuple[str, int | None, int | None]] = {}  # casefolded name → (cls, articles, chapters)
        names, abbrevs = [], []
        for lex in lexicons.values():
            for n in lex.names:
                (abbrevs if n.isupper() else names).append(_norm(n))
                self.info[_norm(n).casefold()] = (THIS, None, None)
        for inst in data["instruments"]:
            for n in inst.get("names", ()):
                names.append(_norm(n))
                self.info.setdefault(_norm(n).casefold(), (OTHER, inst.get("articles"), inst.get("chapters")))
            for n in inst.get("abbreviations", ()):
                abbrevs.append(_norm(n))
                self.info.setdefault(_norm(n).casefold(), (OTHER, inst.get("articles"), inst.get("chapters")))
        self.named_re = re.compile(_bounded(sorted(set(names)), True, capital=True) + "|" + _bounded(sorted(set(abbrevs)), False, capital=True))
        self.generic = {_norm(g).casefold() for lex in lexicons.values() for g in lex.this_instrument}
        self.generic_re = re.compile(_bounded(sorted(self.generic), True))
        self.this_words = {t.split()[-1].casefold() for lex in lexicons.values() for t in lex.this}
        law = sorted({_norm(w) for lex in lexicons.values() for w in lex.law_words})
        self.law_suffixes = {w for w in law if len(w) == 1 and _CJK_CHAR.match(w)}  # 刑法, 형법: a name ending in 法/법
        # as written: "Code", "Luật", "кодекс" (a lowercase "code" in prose is no law's name)
        self.law_re = re.compile(_bounded([w for w in law if w not in self.law_suffixes], False))
        self.determiners = {d.casefold() for lex in lexicons.values() for d in lex.determiners} | {"the", "a", "an", "see", "under", "cf."}

    def named(self, text: str, start: int = 0, end: int | None = None) -> list[Named]:
        """Every instrument named in ``text[start:end]`` (and every 《bracketed》 title), in order."""
        end = len(text) if end is None else end
        out = [self._named(m.start(), m.end(), m.group(0)) for m in self.named_re.finditer(text, start, end)]
        if "《" in text[start:end]:
            out += [self.bracketed(m.start(), m.end(), m.group(1)) for m in _BRACKETED.finditer(text, start, end)]
            out.sort(key=lambda n: n.start)
        return out

    def _named(self, start: int, end: int, name: str) -> Named:
        cls, arts, chs = self.info.get(_norm(name).casefold(), (OTHER, None, None))
        return Named(start, end, cls, name, arts, chs)

    def bracketed(self, start: int, end: int, title: str) -> Named:
        """《title》: a named instrument; a title we do not know is not this Convention's."""
        m = self.named_re.fullmatch(title)
        if m:
            return self._named(start, end, title)
        return Named(start, end, "GENERIC" if self.is_generic(title) else OTHER, title)

    def named_at(self, text: str, pos: int) -> Named | None:
        m = self.named_re.match(text, pos)
        if m:
            return self._named(m.start(), m.end(), m.group(0))
        m = _BRACKETED.match(text, pos)
        return self.bracketed(m.start(), m.end(), m.group(1)) if m else None

    def is_generic(self, phrase: str) -> bool:
        """'this Convention', 'la Convention', '本公约', '《公约》'…: a phrase meaning the
        instrument named before it (or, with none, the document's own)."""
        s = _norm(phrase).casefold()
        for det in ("the ", "its ", "that "):
            if s.startswith(det) and s[len(det):] in self.generic:
                return True
        return s in self.generic or s.strip("《》") in self.generic

    def is_demonstrative(self, phrase: str) -> bool:
        """'this Convention', 'la présente Convention', 'Konvensi ini', '本公约': the document's
        own instrument, not the one named last."""
        words = set(_norm(phrase).casefold().replace("《", " ").split())
        return bool(words & self.this_words) or phrase.strip("《 ")[:1] in self.this_words

    def generic_at(self, text: str, pos: int) -> int | None:
        m = self.generic_re.match(text, pos)
        return m.end() if m else None

    def law_at(self, text: str, pos: int) -> int | None:
        """End of a law or code's keyword at ``pos`` ('Penal Code', 'Luật', 'UU', 'StGB')."""
        m = self.law_re.match(text, pos)
        return m.end() if m else None

    def law_before(self, text: str, end: int) -> int | None:
        """Start of a law or code named just before ``end`` ('Penal Code', 'KUHP', '刑法', 'Código
        Penal,'), allowing a closing bracket, a comma and up to two words after the law word."""
        s = text[max(0, end - 80):end]
        offset = end - len(s)
        s = s.rstrip(" \t\u00a0,:)）》」』")
        if not s:
            return None
        if s[-1] in self.law_suffixes or s[-1] == "》":
            k = len(s)
            while k > 0 and _CJK_CHAR.match(s[k - 1]):
                k -= 1
            return offset + k
        if not (s[-1].isalnum() or s[-1] == "."):
            return None
        if self.law_re.search(s) is None:
            return None  # no law word in the window: none can start at any of its words
        words = list(_WORD.finditer(s))
        for back in range(min(4, len(words)), 0, -1):  # the longest name first: "Penal Code", not "Code"
            w = words[-back]
            m = self.law_re.match(s, w.start())
            if m and m.end() >= words[-1].start() - 1 and all(x.group(0)[:1].isupper() or _TRAILING_OK.match(x.group(0))
                                                              for x in words[len(words) - back + 1:]):
                k = len(words) - back
                # the capitalised words before it are its name: "Computer Misuse Act"
                while k > 0 and words[k - 1].group(0)[:1].isupper() and words[k - 1].end() + 1 >= words[k].start() \
                        and words[k - 1].group(0).casefold() not in self.determiners:
                    k -= 1
                return offset + words[k].start()
        return None


_BRACKETED = re.compile(r"《([^《》\n]{1,60})》")
_WORD = re.compile(r"[^\W\d_][\w.\-]*")
#: Words allowed after a law word before the citation: adjectives of codes ("Codice *penale*").
_TRAILING_OK = re.compile(r"(?i)penal[e]?|pénal|civil[e]?|criminal|procedural|hình|sự")


@lru_cache(maxsize=1)
def instruments() -> Instruments:
    data = json.loads(resources.files(__package__).joinpath("instruments.json").read_text(encoding="utf-8"))
    return Instruments(data, LEXICONS)
