"""The fast path's reading of one provision (``compiled.Fast`` builds the expressions): after
the keyword and number its expressions matched, the labels, dotted segments and glosses that
follow, and whether the token after them shows the token reader would stop there; lists are in
``compiled_lists.py``.  Each method answers a ``Found`` or None (the reader decides), never
raises.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .address import from_roman
from .articles import item_level, label_range, sibling_depth
from .phrases import PartialCitation
from .tokens import CJK, Token, label_kind, token_of, word_number

#: A provision number as the reader takes it (``Reader.number``): 1 to 999 in ASCII digits, the
#: whole number token (no digit of any script, nor an ordinal sign, after it).
NUM = r"[1-9][0-9]{0,2}(?!\d|\.?[ºª°])"
#: A bracketed label the reader's ``label`` takes (a subset of the token regex's ``b`` group).
LABEL = r"\(\s*([1-9][0-9]{0,2}|[a-z]{1,5})\s*\)"
LETTER = "[^\\W\\d_" + CJK + "]"
#: A whole word token (the token regex's ``w`` group, less "§" and CJK characters).
WORD = LETTER + "+(?:['\u2019\\-\u2011]" + LETTER + "+)*"
#: After a word: the token regex's word goes on no further.
WORD_END = r"(?![^\W\d_]|['\u2019\-\u2011][^\W\d_])"
MAX_DEPTH = 3  # articles._MAX_DEPTH
MAX_GLOSS = 8  # articles.ProvisionRules.MAX_GLOSS
MAX_NAME = 15  # words of a name (the reader reads at most scanner._Parser.MAX_NAME = 16)
#: The roles a phrase's provisions are read with (up to its instrument).
PROVISION_ROLES = ("article", "articles", "paragraph", "paragraphs", "subparagraph", "separators", "to", "from_")
#: What ``instrument`` answers when its expressions cannot decide: the token reader reads it.
UNDECIDED = object()
#: What ``read`` answers where the token reader would find no phrase.
NONE = object()
#: The rule each keyword role opens (``tokens.ATTEMPTS``).
RULES = {"articles": "article_phrase", "article": "article_phrase", "paragraphs": "paragraph_phrase",
          "paragraph": "paragraph_phrase", "chapter": "chapter_phrase"}


#: ``new(Found, (…))``: a named tuple made without the Python-level ``__new__`` it generates
new = tuple.__new__


class Found(NamedTuple):
    """A phrase read by the fast path: its targets, the character span each owns (None inside
    a range; see ``CitationPhrase.spans``), where its words end, and the token after them."""

    targets: list
    owns: list
    words_end: int
    after: Token | None


_TARGETS: dict[tuple, PartialCitation] = {}


def target(kind: str, article: int | None = None, segments: tuple[str, ...] = (), number: int | None = None,
           relative_to: str | None = None) -> PartialCitation:
    """``PartialCitation(...)``, one object per value (they are frozen; a dense text names the
    same provisions again and again, and making one costs as much as reading it)."""
    key = (kind, article, segments, number, relative_to)
    t = _TARGETS.get(key)
    if t is None:
        if len(_TARGETS) >= 4096:
            _TARGETS.clear()
        t = _TARGETS[key] = PartialCitation(kind, article, segments, number, relative_to)
    return t


#: ``ARTICLES[n] or article_target(n)``: the target of article n (1 to 999), made once
ARTICLES: list[PartialCitation | None] = [None] * 1000


def article_target(n: int) -> PartialCitation:
    t = ARTICLES[n] = target("article", n)
    return t


class FastRules:
    """Reading provisions with the expressions of ``compiled.Fast`` (a mixin: its attributes)."""

    def _next(self, text: str, pos: int) -> Token | None:
        m = self._search(text, pos)
        return token_of(m) if m is not None else None

    def _plain(self, tok: Token | None) -> bool:
        """A word no entry of the lexicon has (nor a number written as a word)."""
        return tok is not None and tok.kind == "w" and tok.value not in self.words and word_number(self.numbers, tok.value) is None

    def _ends(self, text: str, pos: int, tok: Token | None, extend: set, gloss: bool = False, roman: bool = False) -> bool:
        """Whether the token reader, having read a phrase's provisions to ``pos``, stops there
        when the next token is ``tok`` (and so reads nothing more but maybe an instrument).
        ``gloss``: a list of articles, which reads on past a gloss in brackets; ``roman``: chapters,
        whose lists go on with roman numerals."""
        if tok is None:
            return True
        kind, v = tok.kind, tok.value
        if v == "," and kind == "p":
            nxt = self._next(text, tok.end)
            return (nxt is not None and nxt.kind == "w" and nxt.value not in extend and nxt.value not in self.comma_extend
                    and word_number(self.numbers, nxt.value) is None and not (roman and nxt.raw.isupper()))  # ("Chapters II, IV")
        if (kind, v) in self.joins:  # "article 5 — protection", "art. 5 and ICCPR": nothing to join
            return not roman and self._plain(self._next(text, tok.end))
        if v in extend or kind == "n":
            return False
        if kind == "w":
            return "-" not in v or word_number(self.numbers, v) is None  # (the numbers written as one word are in ``extend``)
        if kind == "b":
            return not gloss and label_kind(tok.raw) is None
        if v == "(":
            return not gloss
        if v == "." and tok.start == pos and tok.end < len(text) and not text[tok.end].isspace():
            return False  # "40.21": dotted segments
        return True

    def _article(self, text: str, h: int, m: re.Match, g: str) -> Found | None:
        """One article: 'Article 5', 'art. 5(2)(b)', 'article 40.21.b', 'article 5, paragraph 2 (b)'
        (``g``: the last group of ``m`` that matched, ``dots``, ``plabels``, ``labels`` or ``word``)."""
        if g == "word":
            n = word_number(self.numbers, m.group("word").casefold())
            if n is None:
                return self._none(text, h)
        else:
            n = int(m.group("n"))
        segs = self._segments(text, m, g, [m.group("p")] if g == "plabels" else [])
        if segs is None:
            return None
        end = m.end()
        w = self.word_after(text, end)
        if w is not None:
            # the usual case, a word after it ("art. 5(2)(b) requires"): a word that neither
            # carries the phrase on nor joins a label to it ends it
            raw = w.group(1)
            v = raw.casefold()
            if v not in self.art_extend and ("-" not in v or word_number(self.numbers, v) is None):
                return new(Found, ([target("article", n, tuple(segs))], [(h, end)], end, new(Token, ("w", v, *w.span(1), raw))))
        if g == "plabels" and end == m.end("p"):  # "article 5, paragraphs 1 and 2", "Article 5, paras. 1–3"
            return self._list(text, h, m.start("p"), end, "paragraph", article=n)
        paths, owns = [tuple(segs)], [(h, end)]
        if g != "word":
            r = self._siblings(text, end, segs, 1 if g == "plabels" else 0, (h, end))
            if r is None:
                return None
            paths, owns, end = r
        return self._ended(text, end, self.art_extend, [target("article", n, p) for p in paths], owns)

    def _segments(self, text: str, m: re.Match, g: str, segs: list[str]) -> list[str] | None:
        """The dotted segments ('.21.b') or bracketed labels ('(2)(b)') an article's number has in
        ``m`` (group ``g``) after ``segs``; None where the reader would read them otherwise."""
        if g == "dots":
            for d in self.dot.finditer(text, m.start("dots"), m.end("dots")):
                s = d.group(1)
                if s.isdigit() and segs:
                    return None  # "5.2.3": the reader stops at 2
                if not s.isdigit() and label_kind(s) is None:
                    return None
                segs.append(s)
        elif g != "word":
            for lm in self.label.finditer(text, m.start(g), m.end()):
                lab = lm.group(1)
                if label_kind(lab) is None or (segs and lab.isdigit()):
                    return None
                segs.append(lab)
        return segs

    def _ended(self, text: str, end: int, extend: set, targets: list, owns: list) -> Found | None:
        """The phrase read to ``end``, if the reader stops there."""
        after = self._next(text, end)
        return new(Found, (targets, owns, end, after)) if self._ends(text, end, after, extend) else None

    def _gloss_end(self, text: str, tok: Token | None) -> int | None:
        """The end of a gloss in brackets opening with ``tok`` (``ProvisionRules.gloss``)."""
        if tok is None:
            return None
        if tok.kind == "b":
            return tok.end if tok.raw.isalpha() and label_kind(tok.raw) is None else None
        if tok.kind != "o" or tok.value != "(" or self.gloss is None:
            return None
        m = self.gloss(text, tok.start)
        return m.end() if m is not None else None

    def _siblings(self, text: str, pos: int, cur: list[str], base: int, own):
        """After labels ``cur`` read to ``pos``: their ranges and siblings ("(a) to (c)", "(a),
        (b) and (d)"), as ``articles.ProvisionRules.brackets`` reads them → (paths, owns, end),
        or None where it would read otherwise."""
        paths: list[tuple[str, ...]] = []
        owns: list = []
        cur = list(cur)
        while (s := self.label_step(text, pos)) is not None:
            lab = s.group("lab")
            if label_kind(lab) is None:
                return None
            if s.group("to") is not None:
                rng = label_range(cur[-1], lab, item_level(cur))
                if rng is None:
                    return None
                paths += [tuple(cur[:-1]) + (x,) for x in rng[:-1]]
                owns += [own] + [None] * (len(rng) - 2)
                cur[-1] = rng[-1]
                own = s.span("lt")
                pos = s.end()
                continue
            depth = sibling_depth(cur, base, lab)
            if depth is None:
                return None
            paths.append(tuple(cur))
            owns.append(own)
            cur = cur[:depth] + [lab]
            a, pos = s.start("lt"), s.end()
            while len(cur) < MAX_DEPTH and (lm := self.label_at(text, pos)) is not None:
                nested = lm.group(1)
                if nested.isdigit() or label_kind(nested) is None:
                    break
                cur.append(nested)
                pos = lm.end()
            own = (a, pos)
        paths.append(tuple(cur))
        owns.append(own)
        return paths, owns, pos

    def _notes(self, text: str, h: int, end: int) -> Found | None:
        """'the interpretative notes' as a whole: after a determiner, before no number nor a
        word that names their articles (``scanner._Parser.note_phrase``)."""
        after = self._next(text, end)
        if after is not None and after.value in self.name_words and self.name_on is not None \
                and (m := self.name_on(text, end)) is not None and m.end() < len(text):
            # "the interpretative notes on articles 2, 17, 23 and 35": the notes on those articles
            # (the articles as the fast path reads them at a head: as ``article_phrase`` does)
            f = self.read(text, m.end())
            if f is None or f is NONE or not all(t.kind == "article" and t.article is not None and t.relative_to is None
                                                 and not t.segments for t in f.targets):
                return None
            return new(Found, ([target("notes", None, tuple(str(t.article) for t in f.targets))], [(h, f.words_end)], f.words_end, f.after))
        if after is not None and (after.kind == "n" or after.value in self.name_words or word_number(self.numbers, after.value) is not None):
            return None
        before = text[max(0, h - 12):h].split()
        if not before or before[-1].casefold() not in self.determiners:
            return None
        return Found([target("notes")], [(h, end)], end, after)

    def _subparagraph(self, text: str, h: int, m: re.Match) -> Found | None:
        """'subparagraph (c)', 'subparagraphs (a) and (b)': relative to their context."""
        lab = m.group(m.re.groupindex["sl"] + 1)
        if lab.isdigit() or label_kind(lab) is None:
            return None
        r = self._siblings(text, m.end(), [lab], 0, (h, m.end()))
        if r is None:
            return None
        paths, owns, end = r
        if self.sub_qualifier is not None and (q := self.sub_qualifier(text, end)) is not None:
            return self._qualified([(q.group("spn"),) + p for p in paths], owns, text, q.end())
        return self._ended(text, end, self.para_extend, [target("article", None, p, None, "context") for p in paths], owns)

    def _chapter(self, text: str, h: int, m: re.Match) -> Found | None:
        """'Chapter IV', 'Chapters IV and V', 'chapters 2 to 4' (``scanner._Parser.numbered_list``
        with a chapter's numbers: a roman numeral in capitals, or a number below 40)."""
        n = self._chapter_number(m)
        if n is None:
            return None
        nums, owns, end, bare_comma = [n], [(h, m.end())], m.end(), False
        while (s := self.chapter_step(text, end)) is not None:
            n = self._chapter_number(s)
            if n is None:
                return None  # (the reader would not take it: where would it stop?)
            if s.group("to") is not None:
                if n <= nums[-1]:
                    return None
                owns += [None] * (n - nums[-1] - 1) + [s.span(s.lastgroup)]
                nums += list(range(nums[-1] + 1, n + 1))
                bare_comma = False
            else:
                nums.append(n)
                owns.append(s.span(s.lastgroup))
                bare_comma = text[s.start("sep"):s.end("sep")].rstrip().endswith(",")
            end = s.end()
        after = self._next(text, end)
        if after is not None and after.kind == "w" and after.value in self.quantities:
            return None
        if bare_comma and after is not None and not (after.kind in ("p", "b") or (after.kind, after.value) in self.after_comma_list):
            return None  # "Chapters II, IV requires": the reader does not take the IV
        if not self._ends(text, end, after, self.art_extend, roman=True):
            return None
        return new(Found, ([target("chapter", None, (), n) for n in nums], owns, end, after))

    @staticmethod
    def _chapter_number(m: re.Match) -> int | None:
        if m.group("roman") is not None:
            try:
                return from_roman(m.group("roman"))
            except ValueError:
                return None
        n = int(m.group("cn"))
        return n if n < 40 else None
