"""The scanner's rules for articles, paragraphs and items: 'Articles 14 to 16', 'article 40,
paragraph 21 (b) and (c)', 'subparagraph (a) of paragraph 1 of this article', '40.21.b'.

Each rule returns ``(targets or paths, end token, …, owns)`` or None, never raises; ``owns``
are the token ranges [a, b) that name each target (see ``CitationPhrase.spans``).
"""

from __future__ import annotations

from .address import from_roman, is_roman, to_roman
from .phrases import PartialCitation
from .tokens import Reader, label_kind


class ProvisionRules(Reader):
    """Recursive descent over tokens for provisions inside articles."""

    def relevant_phrase(self, i):
        j = self.match(i, "relevant")
        return self.article_phrase(j) if j is not None else None

    def article_phrase(self, i):
        j = self.match(i, "articles")
        plural = j is not None
        if j is None:
            j = self.match(i, "article")
        if j is None:
            return None
        f = self.match(j, "from_") if self._by_first["from_"] else None  # "articoli da 7 a 11", "các Điều từ 54 đến 69"
        r = self.article_item(f if f is not None and self.number(f) is not None else j, plural)
        if r is None:
            return None
        targets, j, owns = r
        owns = lead(owns, i)
        while True:
            # "Articles 29 (real-time collection) and 30": a gloss between the items of a list
            s = self.separator(self.gloss(j) if plural else j)
            if s is None:
                break
            k = self.match(s, "articles")
            more_plural = k is not None
            if k is None:
                k = self.match(s, "article")
            if k is not None:
                plural = more_plural
                r = self.article_item(k, more_plural)
            elif (plural or self.t[s - 1].value != ",") and self.number(s) is not None and self.list_number_ok(s):
                r = self.article_item(s, plural)
            else:
                r = None
            if r is None:
                break
            targets += r[0]
            owns += lead(r[2], s)
            j = r[1]
        return targets, j, None, owns

    MAX_GLOSS = 8  # words in a parenthetical gloss

    def gloss(self, j: int) -> int:
        """Just after a parenthetical gloss of words at token j ('(definitions)'), else j."""
        t = self.t
        if not t.has(j):
            return j
        if t[j].kind == "b":
            return j + 1 if t[j].raw.isalpha() and label_kind(t[j].raw) is None else j
        if t[j].kind != "o" or t[j].value != "(":
            return j
        k = j + 1
        while t.has(k) and k - j <= self.MAX_GLOSS and (t[k].kind == "w" or (t[k].kind == "p" and t[k].value in ",-\u2013")):
            k += 1
        if k > j + 1 and t.has(k) and t[k].kind == "o" and t[k].value == ")":
            return k + 1
        return j

    def list_number_ok(self, s: int) -> bool:
        """A number after a bare comma continues a list only if what follows it fits a citation."""
        nxt = s + 1
        if self.is_count(nxt):
            return False
        if self.t[s - 1].value != ",":
            return True  # after "and" / "or" / "to"
        if not self.t.has(nxt):
            return True
        tk = self.t[nxt]
        if tk.kind in ("p", "b"):
            return True
        return any(self.match(nxt, role) is not None for role in ("separators", "to", "of", "instrument_of", "paragraph", "paragraphs", "subparagraph", "self_document"))

    def article_item(self, j: int, plural: bool):
        """N, N to M, N(P)(x), N.P.x, 'N, paragraph P (x) and (y) and paragraph Q'."""
        art = self.number(j)
        if art is None:
            return None
        k = j + 1
        if self.t.has(k) and (nxt := self.t.items[k]).kind == "w" and nxt.value not in self.r.after_article_number:
            # the usual case, "Article 7 requires …": the rules below would each find nothing
            return [PartialCitation("article", art)], k, [(j, k)]
        if self.is_count(k):
            return None
        t = self.match(k, "to")
        # the last number may repeat the keyword: "第7条至第11条", "Pasal 7 sampai dengan Pasal 11"
        e = self.match(t, "articles") or self.match(t, "article") if t is not None else None
        e = t if e is None or self.number(e) is None else e
        if t is not None and (end := self.number(e)) is not None and end > art and not self.is_count(e + 1):
            return [PartialCitation("article", n) for n in range(art, end + 1)], e + 1, _range_owns(j, t, end - art + 1, e + 1)
        # dotted segments: 40.21.b
        segs: list[str] = []
        while self.kind(k) == "p" and self.t[k].value == "." and self.adjacent(k) and self.adjacent(k + 1):
            nxt = self.t[k + 1]
            lab = str(int(nxt.value)) if nxt.kind == "n" and self.number(k + 1) else (nxt.raw if nxt.kind == "w" and label_kind(nxt.raw) else None)
            if lab is None or (lab.isdigit() and segs):
                break
            segs.append(lab)
            k += 2
        if segs:
            paths, k, owns = self.brackets(k, segs, base=0, first_allows_num=False)
            return [PartialCitation("article", art, p) for p in paths], k, lead(owns, j)
        paths, k, owns = self.brackets(k, [], base=0, first_allows_num=True)
        if paths == [()]:
            # ", paragraph 21 (b) and (c) and paragraph 22" / ", subparagraph (e)"
            c = k + 1 if self.kind(k) == "p" and self.t[k].value == "," else k
            more = self.paragraph_list(c, allow_bare=not plural) or self.subparagraph_list(c, [])
            if more is not None:
                paths, k, owns = more
        return [PartialCitation("article", art, tuple(p)) for p in paths], k, lead(owns, j, j + 1)

    # -- paragraphs and items -------------------------------------------------------------------
    def para_number(self, j: int) -> int | None:
        """A paragraph number: '21', or bracketed after its keyword, 'ayat (2)'."""
        n = self.number(j)
        return n if n is not None else self.bracketed_number(j)

    def paragraph_list(self, i: int, allow_bare: bool = True):
        """'paragraph 21 (b) and (c) and paragraph 22', 'paragraphs 8 to 31' → segment paths."""
        j = self.match(i, "paragraphs")
        plural = j is not None
        if j is None:
            j = self.match(i, "paragraph")
        if j is None or self.para_number(j) is None or self.is_count(j + 1):
            return None
        paths: list[tuple[str, ...]] = []
        owns: list = []
        item = i  # where the current item's words begin
        while True:
            n = self.para_number(j)
            t = self.match(j + 1, "to")
            if t is not None and (end := self.para_number(t)) is not None and end > n and not self.is_count(t + 1):
                paths += [(str(x),) for x in range(n, end + 1)]
                owns += lead(_range_owns(j, t, end - n + 1), item)
                j = t + 1
            else:
                more, k, mo = self.brackets(j + 1, [str(n)], base=1, first_allows_num=False)
                paths += more
                owns += lead(mo, item, j + 1)
                j = k
                # ", subparagraph (b)" after a paragraph number
                c = j + 1 if self.kind(j) == "p" and self.t[j].value == "," else j
                if len(more) == 1 and len(more[0]) == 1 and (sp := self.subparagraph_list(c, [str(n)])) is not None:
                    paths[-1:] = sp[0]
                    owns[-1:] = lead(sp[2], item)
                    j = sp[1]
            s = self.separator(j)
            if s is None:
                break
            k = self.match(s, "paragraphs") or self.match(s, "paragraph")
            if k is not None and self.para_number(k) is not None:
                item, j = s, k
            elif (plural or allow_bare or self.t[s - 1].value != ",") and self.number(s) is not None and self.list_number_ok(s):
                item, j = s, s
            else:
                break
        return paths, j, owns

    def subparagraph_list(self, i: int, base: list[str]):
        """'subparagraph (b)', 'subparagraphs (a) to (c)', 'lit. b' → segment paths under ``base``."""
        j = self.match(i, "subparagraph")
        if j is None:
            return None
        if self.label(j) is None:
            tk = self.t[j] if self.t.has(j) else None
            if tk is None or tk.kind != "w" or label_kind(tk.raw) not in ("letter", "roman"):
                return None
            abbreviated = self.t[j - 1].value == "."  # "lit. b", "Buchst. c": surely a label
            if not abbreviated and self.kind(j + 1) == "w" and self.t[j + 1].raw[:1].islower() and not any(
                    self.match(j + 1, r) is not None for r in _AFTER_LABEL):
                return None  # "item a report": a word, not a label
            return [tuple(base) + (tk.value,)], j + 1, [(i, j + 1)]
        paths, k, owns = self.brackets(j, list(base), base=len(base), first_allows_num=False)
        if k == j:
            return None  # 'subparagraph (1)': no label a subparagraph can have
        return paths, k, lead(owns, i)

    def brackets(self, k: int, cur: list[str], base: int, first_allows_num: bool):
        """Bracketed labels after a number: '(21)(b)', '(a) (i) or (ii) or (b) (i)', '(a) to (c)'.

        Labels written side by side nest; after 'and' / 'or' / ',' a label replaces the label of
        its own level (letters for letters, roman numerals under a letter for roman numerals).
        """
        cur = list(cur)
        paths: list[tuple[str, ...]] = []
        owns: list = []  # the tokens [a, b) that name each path (see ``CitationPhrase.spans``)
        first = True
        own = (k, k)
        while (lab := self.label(k)) is not None and len(cur) < _MAX_DEPTH:
            if lab.isdigit() and not (first and first_allows_num and not cur):
                break
            cur.append(lab)
            first = False
            k += 1
        own = (own[0], k)
        if len(cur) == base:
            return [tuple(cur)], k, [own]
        while True:
            t = self.match(k, "to")
            if t is not None and (lab := self.label(t)) is not None and (rng := label_range(cur[-1], lab, item_level(cur))) is not None:
                paths += [tuple(cur[:-1]) + (x,) for x in rng[:-1]]
                owns += [own] + [None] * (len(rng) - 2)
                cur[-1] = rng[-1]
                own = (t, t + 1)
                k = t + 1
                continue
            s = self.separator(k)
            if s is None or (lab := self.label(s)) is None:
                break
            depth = sibling_depth(cur, base, lab)
            if depth is None:
                break
            paths.append(tuple(cur))
            owns.append(own)
            cur = cur[:depth] + [lab]
            k = s + 1
            while (lab := self.label(k)) is not None and not lab.isdigit() and len(cur) < _MAX_DEPTH:
                cur.append(lab)
                k += 1
            own = (s, k)
        paths.append(tuple(cur))
        owns.append(own)
        return paths, k, owns

    def qualifier(self, i: int, paths: list[tuple[str, ...]], has_paragraph: bool):
        """'of this article' / 'of this paragraph' / 'of article N' / 'of paragraph P …' / 'of the preamble'."""
        c = i + 1 if self.kind(i) == "p" and self.t[i].value == "," else i
        o = self.match(c, "of")
        if o is None and self.r.lex.genitive and any(self.match(c, r) for r in ("article", "this", "paragraph")):
            o = c
        if o is None:
            return None
        th = self.match(o, "this")
        if th is not None:
            if self.match(th, "article") is not None:
                return [PartialCitation("article", None, p, relative_to="article") for p in paths], self.match(th, "article")
            if self.match(th, "paragraph") is not None and not has_paragraph:
                return [PartialCitation("article", None, p, relative_to="paragraph") for p in paths], self.match(th, "paragraph")
            return None
        th = self.match(o, "determiners") or o
        a = self.match(th, "article")
        if a is not None and (art := self.number(a)) is not None and not self.is_count(a + 1):
            inner, k, _ = self.brackets(a + 1, [], base=0, first_allows_num=True)
            if inner != [()] and has_paragraph:
                return None
            prefix = inner[0] if inner != [()] else ()
            return [PartialCitation("article", art, prefix + p) for p in paths], k
        if not has_paragraph:
            pl = self.paragraph_list(th)
            if pl is not None and len(pl[0]) == 1:
                (prefix,), k, _ = pl
                q = self.qualifier(k, [prefix + p for p in paths], True)
                if q is not None:
                    return q
                return [PartialCitation("article", None, prefix + p, relative_to="context") for p in paths], k
        p = self.match(o, "preamble")
        if p is not None and has_paragraph and all(len(x) == 1 for x in paths):
            return [PartialCitation("preamble", number=int(x[0])) for x in paths], p
        return None

    def qualified(self, found, has_paragraph: bool):
        """Paths read so far, then 'of this article' / 'of article N' … or, bare, relative to context."""
        if found is None:
            return None
        paths, j, owns = found
        q = self.qualifier(j, paths, has_paragraph)
        if q is not None:
            return q[0], q[1], None, owns  # the qualifier keeps one target per path, in order
        return [PartialCitation("article", None, p, relative_to="context") for p in paths], j, None, owns

    def paragraph_phrase(self, i):
        return self.qualified(self.paragraph_list(i), True)

    def subparagraph_phrase(self, i):
        return self.qualified(self.subparagraph_list(i, []), False)


#: Segments below an article: paragraph, lettered item, roman item.
_MAX_DEPTH = 3


def lead(owns: list, start: int, min_end: int | None = None) -> list:
    """The first target also owns the words before it, from token ``start`` on ("Articles 5")."""
    if not owns:
        return owns
    a, b = owns[0]
    return [(start, max(b, min_end if min_end is not None else start + 1))] + owns[1:]


def _range_owns(first: int, to: int, count: int, last_end: int | None = None) -> list:
    """'14 to 16': the first number and the last own their tokens, those between own none."""
    return [(first, first + 1)] + [None] * (count - 2) + [(to, last_end if last_end is not None else to + 1)]


#: What may follow an item label written as a bare letter ("lit. b"), besides capitalised words.
_AFTER_LABEL = ("of", "separators", "to", "instrument_of", "paragraph", "paragraphs", "article", "articles")


def item_level(cur: list[str]) -> str:
    """'letter' or 'roman': the level of the last label in a segment path."""
    items = [s for s in cur if not s.isdigit()]
    return "roman" if len(items) >= 2 else "letter"


def sibling_depth(cur: list[str], base: int, label: str) -> int | None:
    """Where a label after 'and'/'or' goes in ``cur``: the index it replaces, or None."""
    if label.isdigit():
        for idx, s in enumerate(cur):
            if s.isdigit():
                return idx if idx >= base else None
        return None
    item_idx = [idx for idx, s in enumerate(cur) if not s.isdigit()]
    if len(item_idx) >= 2 and is_roman(label):
        idx = item_idx[1]
    elif item_idx:
        idx = item_idx[0]
    else:
        return None
    return idx if idx >= base else None


def label_range(a: str, b: str, level: str) -> list[str] | None:
    """'a'..'c' → a, b, c; 'i'..'iii' (roman level) → i, ii, iii; '8'..'31' → numbers."""
    if a.isdigit() and b.isdigit():
        x, y = int(a), int(b)
        return [str(n) for n in range(x, y + 1)] if x < y else None
    if level == "roman" and is_roman(a) and is_roman(b):
        x, y = from_roman(a), from_roman(b)
        return [to_roman(n).lower() for n in range(x, y + 1)] if x < y < 40 else None
    if len(a) == 1 and len(b) == 1 and a.isalpha() and b.isalpha() and a < b:
        return [chr(c) for c in range(ord(a), ord(b) + 1)]
    return None

