"""The common citation phrases read by compiled regular expressions: the scanner's fast path.

Most phrases in a commentary are a keyword and a number or a short list of them ("Article 7",
"art. 5(2)(b)", "article 40.21.b", "article 5, paragraph 2", "articles 14 to 16", "paragraph 3
of article 23", "interpretative note 4", "Chapter IV"), then perhaps an instrument ("of this
Convention", "of the Budapest Convention", "ICCPR", "above").  ``Fast`` reads those with a few
regular expressions compiled once per lexicon from the same lexicon data the token reader uses
(it has no words of its own), then looks at the token after the phrase: when that token shows
the token reader would stop exactly there, the phrase is decided; otherwise — a form the
expressions do not cover, or anything doubtful — it answers None (``UNDECIDED`` for an
instrument) and the token reader (``scanner._Parser``) reads it as before.

So the fast path is an optimisation, not a second grammar: it accepts only what the token reader
reads the same way, and ``tests/test_citation_compiled.py`` checks that ``scan`` gives the same
phrases with and without it, on the corpus, the case tables and generated text.  Languages whose
tokens are rewritten (keywords written around their number, labels in their own letters) and
lexicons with entries it cannot mirror are left to the reader.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .address import from_roman, is_roman
from .articles import _item_level, _label_range, _sibling_depth
from .phrases import PartialCitation
from .tokens import ATTEMPTS, CJK, Roles, Token, label_kind, token_from, token_of, word_number

#: A provision number as the reader takes it (``Reader.number``): 1 to 999 in ASCII digits, the
#: whole number token (no digit of any script, nor an ordinal sign, after it).
_NUM = r"[1-9][0-9]{0,2}(?!\d|\.?[ºª°])"
#: A bracketed label the reader's ``label`` takes (a subset of the token regex's ``b`` group).
_LABEL = r"\(\s*([1-9][0-9]{0,2}|[a-z]{1,5})\s*\)"
_LETTER = "[^\\W\\d_" + CJK + "]"
#: A whole word token (the token regex's ``w`` group, less "§" and CJK characters).
_WORD = _LETTER + "+(?:['\u2019\\-\u2011]" + _LETTER + "+)*"
#: After a word: the token regex's word goes on no further.
_WORD_END = r"(?![^\W\d_]|['\u2019\-\u2011][^\W\d_])"
_MAX_DEPTH = 3  # articles._MAX_DEPTH
_MAX_GLOSS = 8  # articles.ProvisionRules.MAX_GLOSS
_MAX_NAME = 15  # words of a name (the reader reads at most scanner._Parser.MAX_NAME = 16)
#: The roles a phrase's provisions are read with (up to its instrument).
_PROVISION_ROLES = ("article", "articles", "paragraph", "paragraphs", "subparagraph", "separators", "to", "from_")
#: What ``instrument`` answers when its expressions cannot decide: the token reader reads it.
UNDECIDED = object()
#: What ``read`` answers where the token reader would find no phrase.
NONE = object()
#: The rule each keyword role opens (``tokens.ATTEMPTS``).
_RULES = {"articles": "article_phrase", "article": "article_phrase", "paragraphs": "paragraph_phrase",
          "paragraph": "paragraph_phrase", "chapter": "chapter_phrase"}


class Found(NamedTuple):
    """A phrase read by the fast path: its targets, the character span each owns (None inside
    a range; see ``CitationPhrase.spans``), where its words end, and the token after them."""

    targets: list
    owns: list
    words_end: int
    after: Token | None


def _ci(text: str) -> str:
    """``text`` (casefolded) as a regex matching exactly the spellings whose casefold it is."""
    out = []
    for ch in text:
        up = ch.upper()
        if up != ch and len(up) == 1 and up.casefold() == ch:
            out.append("[" + re.escape(ch) + re.escape(up) + "]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _entry_re(tokens: list[Token], we: str = _WORD_END) -> str:
    """An entry's tokens as a regex: whitespace between them as the tokenizer skips it."""
    out = []
    for k, t in enumerate(tokens):
        if k:
            out.append(r"\s*")
        # a whole token: a word goes on no further, "§" is not the first half of "§§"
        out.append(_ci(t.value) + (we if t.kind == "w" else "") + ("(?!§)" if t.value == "§" else ""))
    return "".join(out)


class Fast:
    """The fast path for one lexicon: ``read(text, h)`` → ``Found`` or None, and
    ``instrument(text, token)`` → (start, end), None or ``UNDECIDED``."""

    def __init__(self, roles: Roles, attempts: dict[str, tuple[str, ...]]):
        self.r = roles
        lex = roles.lex
        token_re = roles.token_re
        self._search = token_re.search
        #: the end of a word token; where labels may be written "a)", no ")" after it either
        self.we = we = _WORD_END + (r"(?!\))" if lex.closing_labels else "")
        first = roles.first_values
        entries: dict[str, list[tuple[int, str]]] = {}
        #: every token value of the entries a phrase's provisions are read with
        self.words: set[str] = set()
        mirrored = not (roles.circumfix or roles.labels or lex.unspaced)
        for role in roles.seqs:
            parsed = []
            for e in getattr(lex, role):
                toks = [token_of(m) for m in token_re.finditer(e)]
                if role in _PROVISION_ROLES:
                    self.words.update(t.value for t in toks)
                if "#" in e or any(ch.isdigit() for ch in e):
                    mirrored = False  # a number inside an entry: the expressions' order could differ
                if all(t.kind in ("w", "p", "o") and t.value != "(" for t in toks) and toks:
                    parsed.append((len(toks), _entry_re(toks, we)))
                else:
                    parsed = None  # an entry the expressions cannot mirror: the role is the reader's
                    break
            if parsed:
                entries[role] = sorted(set(parsed), key=lambda x: (-x[0], -len(x[1]), x[1]))
        numbers = roles.numbers
        self.numbers = numbers
        self.words |= set(numbers)

        def alt(role: str, rule: str | None = None) -> str | None:
            """The role's entries, longest first; with ``rule``, None unless each opens that rule
            first (``phrase_at`` tries the rules in order)."""
            es = entries.get(role)
            if not es or (rule is not None and any(attempts.get(v, ("",))[0] != rule for v in first[role])):
                return None
            return "(?:" + "|".join(x for _, x in es) + ")"

        #: tokens after a number that could carry an article phrase on (and after a comma, also
        #: another article keyword: "Article 5, article 7")
        self.art_extend = set().union(*(first[r] for r in ("paragraph", "paragraphs", "subparagraph", "to", "separators")),
                                      roles.after_article_number, roles.words["quantities"], numbers)
        self.comma_extend = first["article"] | first["articles"]
        #: … a paragraph phrase, which also reads "of article N" / "of this article" after it
        self.para_extend = self.art_extend | first["of"] | first["this"]
        if lex.genitive:
            self.para_extend |= first["article"] | first["paragraph"]
        #: separators and range words: a phrase goes on past them only to what they join
        firsts = roles.first  # (kind, value) of each role's first tokens
        self.joins = {(k, v) for k, v in firsts["separators"] | firsts["to"]
                      if v not in first["of"] and v not in first["this"] and v not in roles.after_citation}
        self.quantities = roles.words["quantities"]
        #: after a bare comma a number continues a list only before these (``list_number_ok``)
        self.after_comma_list = {seq[0] for r in ("of", "instrument_of", "self_document") for seq in roles.seqs[r] if len(seq) == 1}
        self.after_citation = roles.after_citation
        self.instrument_of = first["instrument_of"]
        self.comma_opens = "," in first["self_document"] or "," in first["instrument_of"]
        self.citation_words = roles.citation_first | first["note"]

        art, arts = alt("article", "article_phrase"), alt("articles", "article_phrase")
        paras = [x for x in (alt("paragraphs", "paragraph_phrase"), alt("paragraph", "paragraph_phrase")) if x]
        para_any = [x for x in (alt("paragraphs"), alt("paragraph")) if x]
        note, chap = alt("note", "note_phrase"), alt("chapter", "chapter_phrase")
        sub, pre = alt("subparagraph", "subparagraph_phrase"), alt("preamble")
        if chap is not None and first["chapter"] & first["this"]:
            chap = None
        if pre is not None and not self._opens_alone("preamble", "preamble_phrase", attempts):
            pre = None
        labels = rf"(?:\s*{_LABEL})"
        heads = []
        if art is not None and arts is not None and not (first["articles"] & first["article"]):
            # "Article 5", "art. 5(2)(b)", "article 40.21.b", "article 5, paragraph 2 (b)", "article five"
            para_in = (rf"|(?:\s*,)?\s*(?:{'|'.join(para_any)})\s*(?P<p>{_NUM})(?P<plabels>{labels}{{0,{_MAX_DEPTH - 1}}})"
                       if para_any else "")
            heads.append((("articles",), rf"(?P<arts>{arts})\s*(?P<an>{_NUM})"))
            heads.append((("article",), rf"(?P<art>{art})\s*(?:(?P<n>{_NUM})(?:(?P<dots>(?:\.(?:{_NUM}|[a-z]{{1,5}}{self.we}))+)"
                         rf"{para_in}|(?P<labels>{labels}{{1,{_MAX_DEPTH}}}))?|(?P<word>(?>{_WORD}){self.we}))"))
        if paras:
            heads.append((("paragraphs", "paragraph"), rf"(?P<para>{'|'.join(paras)})\s*(?P<pn>{_NUM})(?P<pl>{labels}{{1,{_MAX_DEPTH - 1}}})?"))
        if note is not None:
            heads.append((("note",), rf"(?P<note>{note})(?:\s*(?P<nn>{_NUM}))?"))
        if chap is not None:
            heads.append((("chapter",), rf"(?P<chap>{chap})\s*(?:(?P<roman>[IVX]+){self.we}|(?P<cn>{_NUM}))"))
        if sub is not None:
            heads.append((("subparagraph",), rf"(?P<sub>{sub})\s*(?P<sl>{_LABEL})"))
        if pre is not None:
            heads.append((("preamble",), rf"(?P<pre>{pre})"))
        self.name_words = first["name_words"]
        self.determiners = roles.words["determiners"]
        self.ok = mirrored and bool(heads)
        if not self.ok:
            return
        # by the phrase's first character: only the shapes whose keywords open with it are tried
        by_char: dict[str, list[str]] = {}
        for opening, rx in heads:
            for c in {e.casefold()[0] for r in opening for e in getattr(lex, r)}:
                for k in {c, c.upper()} if len(c.upper()) == 1 and c.upper().casefold() == c else {c}:
                    by_char.setdefault(k, []).append(rx)
        compiled: dict[tuple, object] = {}
        for v in by_char.values():
            if tuple(v) not in compiled:
                compiled[tuple(v)] = re.compile("|".join(v)).match
        self.heads = {k: compiled[tuple(v)] for k, v in by_char.items()}
        # keywords followed by no number: the reader finds no phrase there ("the article on …")
        only = {role: alt(role) for role in ("articles", "article", "paragraphs", "paragraph", "chapter")
                if all(attempts.get(v) == (_RULES[role],) for v in first[role])}
        rejects = [rf"(?P<{g}>{'|'.join(only[r] for r in rs if only.get(r))})" for g, rs in
                   (("ra", ("articles", "article")), ("rp", ("paragraphs", "paragraph")), ("rc", ("chapter",)))
                   if all(only.get(r) for r in rs)]
        self.reject = re.compile("|".join(rejects)).match if rejects else None
        self.from_ = first["from_"]
        self.label = re.compile(_LABEL)
        self.label_at = re.compile(r"\s*" + _LABEL).match
        # a gloss: "(" then up to 8 words and ", - –", then ")" (where labels are written "a)",
        # a word before ")" may be one: the reader's)
        # (atomic words and a possessive count: a word is never split, nothing is tried twice)
        word_token = "(?>§§?|[" + CJK + "]|" + _WORD + ")"
        self.gloss = None if lex.closing_labels else re.compile(
            r"\((?:\s*(?:" + word_token + r"|[,\-\u2013])){1,%d}+\s*\)" % _MAX_GLOSS).match
        self.sep_first = roles.first["separators"]
        self.dot = re.compile(r"\.(\w+)")
        to, sep = alt("to"), alt("separators")
        steps = [x for x in (f"(?P<to>{to})" if to else None, f"(?P<sep>{sep})" if sep else None) if x]
        # a step of a list ("and 7", "to 9") or else the token after the list
        token = re.sub(r"\(\?P<(\w)>", r"(?P<x\1>", token_re.pattern)
        self.tail = re.compile(r"\s*(?:(?:" + "|".join(steps or ["(?!)"]) + rf")\s*(?P<n>{_NUM})|{token})").match
        # a label's sibling or range end: "(a), (b) and (d)", "(a) to (c)"
        self.label_step = re.compile(r"\s*(?:" + "|".join(steps or ["(?!)"]) + r")\s*(?P<lt>\(\s*(?P<lab>[1-9][0-9]{0,2}|[a-z]{1,5})\s*\))").match
        self.qualifier = self._qualifier_re(lex, alt)
        self.inst = self._instrument_re(lex, alt)

    def _first(self, entry: str) -> str:
        return token_of(self.r.token_re.search(entry)).value

    def _qualifier_re(self, lex, alt):
        """'of article N' / 'of this article' after paragraphs (``ProvisionRules.qualifier``)."""
        first = self.r.first_values
        of_, this, art_any = alt("of"), alt("this"), alt("article")
        if not (of_ and this and art_any) or lex.genitive or first["this"] & first["article"]:
            return None
        # determiners the reader would take whole here (none that opens a "this" entry or shares
        # its first word with another determiner)
        dets = [d for d in lex.determiners
                if self._first(d) not in first["this"] and sum(self._first(x) == self._first(d) for x in lex.determiners) == 1]
        det = ("(?:" + "|".join(_entry_re([token_of(m) for m in self.r.token_re.finditer(d)], self.we) for d in dets) + r")\s*") if dets else ""
        return re.compile(rf"\s*(?:,\s*)?(?>{of_})\s*(?:(?P<this>(?>{this}))\s*{art_any}|(?:{det})?{art_any}\s*(?P<qn>{_NUM}))").match

    def _instrument_re(self, lex, alt):
        """An instrument after a phrase (``scanner._Parser.instrument``): 'above', 'ICCPR',
        '(,) of [the] Capitalised Name', '(,) of the convention'."""
        of_, det = alt("instrument_of"), alt("determiners")
        if of_ is None or self.r.words["instrument_nouns"] & self.citation_words:
            return None
        self_doc = alt("self_document") or "(?!)"
        cite = "|".join(_ci(w) for w in sorted(self.citation_words, key=len, reverse=True) if w.isalpha())
        cap = (rf"(?!(?:{cite}){_WORD_END})" if cite else "") + r"[A-Z]" + _LETTER + "*(?:['\u2019\\-\u2011]" + _LETTER + "+)*"
        conns = [c for c in self.r.words["connectors"] if c.isalpha()]
        conn = "(?:" + "|".join(_ci(c) + self.we for c in conns) + ")" if conns else "(?!)"
        nouns = [n for n in self.r.words["instrument_nouns"] if n.isalpha()]
        noun = "(?:" + "|".join(_ci(n) + self.we for n in nouns) + ")" if nouns else "(?!)"
        det_part = rf"(?P<det>(?>{det})\s*)?+" if det else "(?P<det>(?!))?"
        # single-token entries of the roles that stop a name ("of Article 2": no instrument; "the
        # Convention and Article 2": the name ends before it)
        single = {r: {seq[0][1] for seq in self.r.seqs[r] if len(seq) == 1 and seq[0][0] == "w"}
                  for r in ("article", "articles", "paragraph", "paragraphs", "chapter", "note")}
        self.stops = set().union(*(single[r] for r in ("article", "articles", "paragraph", "paragraphs", "chapter")))
        roles_ = self.stops | single["note"]
        role = "(?:" + "|".join(_ci(w) + self.we for w in sorted(roles_, key=len, reverse=True)) + ")" if roles_ else "(?!)"
        # after a name: no word with a capital the expression does not know (non-ASCII, a
        # citation word), unless it stops a name ("the Convention and Article 2")
        stop = "(?!(?:" + "|".join(_ci(w) + self.we for w in sorted(self.stops, key=len, reverse=True)) + "))" if self.stops else ""
        return re.compile(rf"(?P<self>(?>{self_doc}))|(?P<acr>(?>[A-Z]{{2,}})){self.we}"
                          rf"|(?:,\s*)?(?>{of_})\s*(?P<inst>{det_part}(?:(?>(?P<name>{cap}(?:\s+(?:{conn}\s+){{0,{_MAX_NAME}}}{cap}){{0,{_MAX_NAME}}})(?P<trail>(?:\s+{conn}){{0,{_MAX_NAME}}}))(?!\s*{stop}(?![a-z])[^\W\d_])|(?P<noun>{noun})|(?P<role>{role})))").match

    # -- reading --------------------------------------------------------------------------------
    def read(self, text: str, h: int):
        """The phrase at ``h`` (a ``Found``), ``NONE`` when the reader would find none there, or
        None: the reader decides."""
        head = self.heads.get(text[h])
        m = head(text, h) if head is not None else None
        if m is None:
            return self._none(text, h)
        g = m.lastgroup  # the last group closed names the shape
        if g == "n":
            return self._list(text, h, m.start(g), m.end(g), "article", plural=False)
        if g in ("labels", "dots", "plabels", "word"):
            return self._article(text, h, m)
        if g == "an":
            return self._list(text, h, m.start(g), m.end(g), "article")
        if g == "pn" or g == "pl":
            segs = [lm.group(1) for lm in self.label.finditer(text, m.end("pn"), m.end())] if g == "pl" else []
            if any(x.isdigit() or label_kind(x) is None for x in segs):
                return None
            return self._list(text, h, m.start("pn"), m.end("pn"), "paragraph", segs=segs, end=m.end())
        if g == "nn":
            return self._list(text, h, m.start(g), m.end(g), "note")
        if g == "note":
            return self._notes(text, h, m.end())
        if g == "sl":
            return self._subparagraph(text, h, m)
        if g == "pre":
            end = m.end()
            return Found([PartialCitation("preamble")], [(h, end)], end, self._next(text, end))
        return self._chapter(text, h, m)

    def _none(self, text: str, h: int):
        """``NONE`` where a keyword that opens one rule only is followed by no number (the
        reader's rule reads none there), else None."""
        m = self.reject(text, h) if self.reject is not None else None
        if m is None:
            return None
        tok = self._next(text, m.end())
        if tok is None:
            return NONE
        kind = tok.kind
        if kind == "n" or kind == "b" or tok.value in self.from_ or word_number(self.numbers, tok.value) is not None:
            return None
        if m.lastgroup == "rc" and kind == "w" and tok.raw.isupper():
            return None  # a roman numeral, perhaps
        return NONE

    def _opens_alone(self, role: str, rule: str, attempts) -> bool:
        """Whether, where an entry of ``role`` stands, the rules tried before ``rule`` find
        nothing: no entry of the roles they open with fits the same tokens as far as both go."""
        opening = dict(ATTEMPTS)
        for e in getattr(self.r.lex, role):
            seq = self.r.seqs[role]
            v = self._first(e)
            rules = attempts.get(v, ())
            if rule not in rules:
                return False
            for earlier in rules[: rules.index(rule)]:
                for other_role in opening[earlier]:
                    for other in self.r.seqs[other_role]:
                        for mine in seq:
                            n = min(len(mine), len(other))
                            if mine[:n] == other[:n]:
                                return False
        return True

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
                    and word_number(self.numbers, nxt.value) is None)
        if (kind, v) in self.joins:  # "article 5 — protection", "art. 5 and ICCPR": nothing to join
            return not roman and self._plain(self._next(text, tok.end))
        if v in extend or kind == "n":
            return False
        if kind == "w":
            return word_number(self.numbers, v) is None
        if kind == "b":
            return not gloss and label_kind(tok.raw) is None
        if v == "(":
            return not gloss
        if v == "." and tok.start == pos and tok.end < len(text) and not text[tok.end].isspace():
            return False  # "40.21": dotted segments
        return True

    def _article(self, text: str, h: int, m: re.Match) -> Found | None:
        """One article: 'Article 5', 'art. 5(2)(b)', 'article 40.21.b', 'article 5, paragraph 2 (b)'."""
        if m.group("word") is not None:
            n = word_number(self.numbers, m.group("word").casefold())
            if n is None:
                return self._none(text, h)
        else:
            n = int(m.group("n"))
        segs: list[str] = []
        if m.group("dots"):
            for d in self.dot.finditer(text, m.start("dots"), m.end("dots")):
                s = d.group(1)
                if s.isdigit() and segs:
                    return None  # "5.2.3": the reader stops at 2
                if not s.isdigit() and label_kind(s) is None:
                    return None
                segs.append(s)
        elif m.group("p") is not None:
            segs.append(m.group("p"))
            if m.group("plabels"):
                for lm in self.label.finditer(text, m.end("p"), m.end()):
                    lab = lm.group(1)
                    if lab.isdigit() or label_kind(lab) is None:
                        return None
                    segs.append(lab)
        elif m.group("labels"):
            for lm in self.label.finditer(text, m.end("n"), m.end()):
                lab = lm.group(1)
                if label_kind(lab) is None or (segs and lab.isdigit()):
                    return None
                segs.append(lab)
        end = m.end()
        paths, owns = [tuple(segs)], [(h, end)]
        if m.group("dots") or m.group("labels") or m.group("plabels"):
            r = self._siblings(text, end, segs, 1 if m.group("p") is not None else 0, (h, end))
            if r is None:
                return None
            paths, owns, end = r
        after = self._next(text, end)
        if not self._ends(text, end, after, self.art_extend):
            return None
        return Found([PartialCitation("article", n, p) for p in paths], owns, end, after)

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
                rng = _label_range(cur[-1], lab, _item_level(cur))
                if rng is None:
                    return None
                paths += [tuple(cur[:-1]) + (x,) for x in rng[:-1]]
                owns += [own] + [None] * (len(rng) - 2)
                cur[-1] = rng[-1]
                own = s.span("lt")
                pos = s.end()
                continue
            depth = _sibling_depth(cur, base, lab)
            if depth is None:
                return None
            paths.append(tuple(cur))
            owns.append(own)
            cur = cur[:depth] + [lab]
            a, pos = s.start("lt"), s.end()
            while len(cur) < _MAX_DEPTH and (lm := self.label_at(text, pos)) is not None:
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
        if after is not None and (after.kind == "n" or after.value in self.name_words or word_number(self.numbers, after.value) is not None):
            return None
        before = text[max(0, h - 12):h].split()
        if not before or before[-1].casefold() not in self.determiners:
            return None
        return Found([PartialCitation("notes")], [(h, end)], end, after)

    def _subparagraph(self, text: str, h: int, m: re.Match) -> Found | None:
        """'subparagraph (c)', 'subparagraphs (a) and (b)': relative to their context."""
        lab = m.group(m.re.groupindex["sl"] + 1)
        if lab.isdigit() or label_kind(lab) is None:
            return None
        r = self._siblings(text, m.end(), [lab], 0, (h, m.end()))
        if r is None:
            return None
        paths, owns, end = r
        after = self._next(text, end)
        if not self._ends(text, end, after, self.para_extend):
            return None
        return Found([PartialCitation("article", None, p, relative_to="context") for p in paths], owns, end, after)

    def _chapter(self, text: str, h: int, m: re.Match) -> Found | None:
        if m.group("roman") is not None:
            try:
                n = from_roman(m.group("roman"))
            except ValueError:
                return None
        else:
            n = int(m.group("cn"))
            if n >= 40:
                return None
        end = m.end()
        after = self._next(text, end)
        if not self._ends(text, end, after, self.art_extend, roman=True):
            return None
        return Found([PartialCitation("chapter", number=n)], [(h, end)], end, after)

    def _list(self, text: str, h: int, a: int, b: int, kind: str, plural: bool = True, segs=(), end: int | None = None) -> Found | None:
        """'articles 5, 7 and 9 to 11', 'paragraphs 1 and 2 (of article 24)', 'interpretative
        notes 3 to 5': numbers joined by separators and range words (``plural``: a bare comma
        joins too; ``segs``: the labels after a paragraph's one number, read up to ``end``)."""
        nums, owns = [int(text[a:b])], [(h, b)]
        end, bare_comma, after_range = (b if end is None else end), False, False
        paths = None  # (paragraphs with labels: their segment paths)
        if segs:
            r = self._siblings(text, end, [text[a:b]] + list(segs), 1, (h, end))
            if r is None:
                return None
            paths, owns, end = r
        tail = self.tail
        glossed = False  # the list ends before a gloss ("(definitions)") nothing follows
        glosses = plural and kind == "article"
        while True:
            s = tail(text, end)
            if s is None:
                after = None
                break
            if s.group("n") is None or segs:  # the token after the list (with labels: a list of one)
                g = s.lastgroup
                after = token_from(g[1], s.group(g), *s.span(g)) if s.group("n") is None else self._next(text, end)
                if not glosses or (g_end := self._gloss_end(text, after)) is None:
                    glosses = False  # (no gloss: a bracket ends the list as it ends any phrase)
                    break
                # "Articles 29 (real-time collection) and 30": the list goes on past a gloss
                # only with a separator and a number
                s = tail(text, g_end)
                if s is not None and s.group("n") is None:
                    g = s.lastgroup
                    if (g[1], s.group(g).casefold()) in self.sep_first:
                        return None
                if s is None or s.group("sep") is None:
                    glossed = True
                    break
            n = int(s.group("n"))
            if s.group("to") is not None:
                if after_range:
                    after = self._next(text, end)
                    break  # "5 to 7 to 9": the reader stops at 7
                if n <= nums[-1]:
                    return None
                owns += [None] * (n - nums[-1] - 1) + [s.span("n")]
                nums += list(range(nums[-1] + 1, n + 1))
                after_range, bare_comma = True, False
            else:
                bare_comma = text[s.start("sep"):s.end("sep")].rstrip().endswith(",")
                if bare_comma and not plural:
                    after = self._next(text, end)
                    break  # "Article 5, 7": the reader stops at 5
                nums.append(n)
                owns.append(s.span("n"))
                after_range = False
            end = s.end()
        if after is not None and after.kind == "w" and after.value in self.quantities:
            return None
        if bare_comma and plural and after is not None and not (after.kind in ("p", "b") or (after.kind, after.value) in self.after_comma_list):
            return None  # "articles 5, 9 requires": the reader does not take the 9
        if kind == "paragraph":
            if paths is None:
                paths = [(str(n),) for n in nums]
            q = self.qualifier(text, end) if self.qualifier is not None else None
            if q is not None:
                after = self._next(text, q.end())
                if q.group("this") is not None:
                    targets = [PartialCitation("article", None, p, relative_to="article") for p in paths]
                else:
                    if after is not None and (after.kind == "b" or (after.kind == "w" and after.value in self.quantities)):
                        return None  # "of article 5 (2)": the reader's qualifier declines
                    art = int(q.group("qn"))
                    targets = [PartialCitation("article", art, p) for p in paths]
                return Found(targets, owns, q.end(), after)
            if not self._ends(text, end, after, self.para_extend):
                return None
            return Found([PartialCitation("article", None, p, relative_to="context") for p in paths], owns, end, after)
        if not glossed and not self._ends(text, end, after, self.art_extend, gloss=glosses):
            return None
        if kind == "note":
            return Found([PartialCitation("note", number=n) for n in nums], owns, end, after)
        return Found([PartialCitation("article", n) for n in nums], owns, end, after)

    # -- instruments ------------------------------------------------------------------------------
    def instrument(self, text: str, tok: Token):
        """The instrument the token reader would read from ``tok`` on: its span, None, or
        ``UNDECIDED``."""
        if self.inst is None:
            return UNDECIDED
        if tok.value == "," and tok.kind == "p" and not self.comma_opens:
            nxt = self._next(text, tok.end)
            if nxt is None or nxt.value not in self.instrument_of:
                return None  # "Article 5, which": no instrument
        m = self.inst(text, tok.start)
        if m is None:
            return UNDECIDED
        if m.group("self") is not None:
            return m.span("self")
        if m.group("acr") is not None:
            v = tok.value
            return UNDECIDED if is_roman(v) or v in self.citation_words else m.span("acr")
        if m.group("role") is not None:
            return None  # "under Article 28": a citation, not a name
        if m.group("noun") is not None:
            if m.group("noun")[:1].isupper():
                return UNDECIDED  # a capital the expression does not know: a name ("des Übereinkommens")
            if m.group("det") is None:
                return None
            after = self._next(text, m.end())
            if after is not None and after.value in self.instrument_of:
                return UNDECIDED  # "the report of the Ad Hoc Committee"
            return m.start("inst"), m.end()
        if m.end() - m.start("name") >= 2 * _MAX_NAME - 1 and len(text[m.start("name"):m.end()].split()) >= _MAX_NAME:
            return UNDECIDED  # the reader reads at most 16 words of a name
        return m.start("inst"), m.end("name")


_FAST: dict[int, Fast] = {}


def fast(roles: Roles, attempts: dict[str, tuple[str, ...]]) -> Fast | None:
    """The fast path of ``roles``' lexicon (compiled once), or None where it has none."""
    f = _FAST.get(id(roles))
    if f is None or f.r is not roles:
        f = _FAST[id(roles)] = Fast(roles, attempts)
    return f if f.ok else None
