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
lexicons with entries it cannot mirror are left to the reader.  The expressions are built here;
reading what follows a keyword and its number is in ``compiled_rules.py`` (one provision) and
``compiled_lists.py`` (lists, an article's paragraphs, qualifiers).
"""

from __future__ import annotations

import re

from .address import is_roman
from .compiled_lists import FastLists
from .compiled_rules import (LABEL, LETTER, MAX_DEPTH, MAX_GLOSS, MAX_NAME, NONE, NUM, PROVISION_ROLES, RULES, UNDECIDED,
                             WORD, WORD_END, ARTICLES, Found, article_target, new, target)
from .tokens import ATTEMPTS, CJK, Roles, Token, label_kind, token_of, word_number

__all__ = ["Fast", "Found", "NONE", "UNDECIDED", "fast"]


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


def _entry_re(tokens: list[Token], we: str = WORD_END) -> str:
    """An entry's tokens as a regex: whitespace between them as the tokenizer skips it."""
    out = []
    for k, t in enumerate(tokens):
        if k:
            out.append(r"\s*")
        # a whole token: a word goes on no further, "§" is not the first half of "§§"
        out.append(_ci(t.value) + (we if t.kind == "w" else "") + ("(?!§)" if t.value == "§" else ""))
    return "".join(out)


class Fast(FastLists):
    """The fast path for one lexicon: ``read(text, h)`` → ``Found``, ``NONE`` or None, and
    ``instrument(text, token)`` → (start, end), None or ``UNDECIDED``."""

    def __init__(self, roles: Roles, attempts: dict[str, tuple[str, ...]]):
        self.r = roles
        lex = roles.lex
        token_re = roles.token_re
        self._search = token_re.search
        #: the end of a word token; where labels may be written "a)", no ")" after it either
        self.we = we = WORD_END + (r"(?!\))" if lex.closing_labels else "")
        first = roles.first_values
        entries: dict[str, list[tuple[int, str]]] = {}
        #: every token value of the entries a phrase's provisions are read with
        self.words: set[str] = set()
        mirrored = not (roles.circumfix or roles.labels or lex.unspaced)
        for role in roles.seqs:
            parsed = []
            for e in getattr(lex, role):
                toks = [token_of(m) for m in token_re.finditer(e)]
                if role in PROVISION_ROLES:
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
        labels = rf"(?:\s*{LABEL})"
        heads = []
        if art is not None and arts is not None and not (first["articles"] & first["article"]):
            # "Article 5", "art. 5(2)(b)", "article 40.21.b", "article 5, paragraph 2 (b)", "article five"
            para_in = (rf"|(?:\s*,)?\s*(?:{'|'.join(para_any)})\s*(?P<p>{NUM})(?P<plabels>{labels}{{0,{MAX_DEPTH - 1}}})"
                       if para_any else "")
            heads.append((("articles",), rf"(?P<arts>{arts})\s*(?P<an>{NUM})"))
            # (after a bare number, the word token that follows it, if one does: "Article 7 *requires*")
            heads.append((("article",), rf"(?P<art>{art})\s*(?:(?P<n>{NUM})(?:(?P<dots>(?:\.(?:{NUM}|[a-z]{{1,5}}{self.we}))+)"
                         rf"{para_in}|(?P<labels>{labels}{{1,{MAX_DEPTH}}})|(?=\s*(?P<nw>(?>{WORD}){self.we})))?|(?P<word>(?>{WORD}){self.we}))"))
        if paras:
            heads.append((("paragraphs", "paragraph"), rf"(?P<para>{'|'.join(paras)})\s*(?P<pn>{NUM})(?P<pl>{labels}{{1,{MAX_DEPTH - 1}}})?"))
        if note is not None:
            heads.append((("note",), rf"(?P<note>{note})(?:\s*(?P<nn>{NUM}))?"))
        if chap is not None:
            heads.append((("chapter",), rf"(?P<chap>{chap})\s*(?:(?P<roman>[IVX]+){self.we}|(?P<cn>{NUM}))"))
        if sub is not None:
            heads.append((("subparagraph",), rf"(?P<sub>{sub})\s*(?P<sl>{LABEL})"))
        if pre is not None:
            heads.append((("preamble",), rf"(?P<pre>{pre})"))
        self.name_words = first["name_words"]
        name_words = alt("name_words")
        self.name_on = re.compile(rf"\s*(?>{name_words})\s*").match if name_words else None
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
                if all(attempts.get(v) == (RULES[role],) for v in first[role])}
        rejects = [rf"(?P<{g}>{'|'.join(only[r] for r in rs if only.get(r))})" for g, rs in
                   (("ra", ("articles", "article")), ("rp", ("paragraphs", "paragraph")), ("rc", ("chapter",)))
                   if all(only.get(r) for r in rs)]
        self.reject = re.compile("|".join(rejects)).match if rejects else None
        self.from_ = first["from_"]
        self.label = re.compile(LABEL)
        self.label_at = re.compile(r"\s*" + LABEL).match
        self.word_after = re.compile(rf"\s*((?>{WORD}){self.we})").match
        #: after a paragraph's number: ", subparagraph (b)", "lit. b"
        sub_any = alt("subparagraph")
        self.sub_after = re.compile(rf"\s*(?:,\s*)?(?P<sub_>{sub_any})\s*(?:(?P<lt>{LABEL})|(?P<letter>[a-z]{{1,5}}){self.we})").match \
            if sub_any else None
        #: after the number of an item of a list of articles: its dotted segments or labels
        self.item_rest = re.compile(rf"(?P<dots>(?:\.(?:{NUM}|[a-z]{{1,5}}{self.we}))+)|(?P<labels>{labels}{{1,{MAX_DEPTH}}})").match
        # a gloss: "(" then up to 8 words and ", - –", then ")" (where labels are written "a)",
        # a word before ")" may be one: the reader's)
        # (atomic words and a possessive count: a word is never split, nothing is tried twice)
        word_token = "(?>§§?|[" + CJK + "]|" + WORD + ")"
        self.gloss = None if lex.closing_labels else re.compile(
            r"\((?:\s*(?:" + word_token + r"|[,\-\u2013])){1,%d}+\s*\)" % MAX_GLOSS).match
        self.sep_first = roles.first["separators"]
        self.dot = re.compile(r"\.(\w+)")
        to, sep = alt("to"), alt("separators")
        steps = [x for x in (f"(?P<to>{to})" if to else None, f"(?P<sep>{sep})" if sep else None) if x]
        # a step of a list ("and 7", "to 9") or else the token after the list
        token = re.sub(r"\(\?P<(\w)>", r"(?P<x\1>", token_re.pattern)
        self.tail = re.compile(r"\s*(?:(?:" + "|".join(steps or ["(?!)"]) + rf")\s*(?P<n>{NUM})|{token})").match
        #: a step of a list of chapters ("and V", "to IV")
        self.chapter_step = re.compile(r"\s*(?:" + "|".join(steps or ["(?!)"]) + rf")\s*(?:(?P<roman>[IVX]+){self.we}|(?P<cn>{NUM}))").match
        # a label's sibling or range end: "(a), (b) and (d)", "(a) to (c)"
        self.label_step = re.compile(r"\s*(?:" + "|".join(steps or ["(?!)"]) + r")\s*(?P<lt>\(\s*(?P<lab>[1-9][0-9]{0,2}|[a-z]{1,5})\s*\))").match
        self.sub_qualifier = None
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
        # after a subparagraph: "of paragraph 1" (then perhaps "of article 35"); not where a
        # paragraph's keyword could open an article or "this"
        paras = [x for x in (alt("paragraphs"), alt("paragraph")) if x]
        if paras and not (first["paragraph"] | first["paragraphs"]) & (first["article"] | first["this"]):
            self.sub_qualifier = re.compile(rf"\s*(?:,\s*)?(?>{of_})\s*(?:{det})?(?>{'|'.join(paras)})\s*(?P<spn>{NUM})").match
        return re.compile(rf"\s*(?:,\s*)?(?>{of_})\s*(?:(?P<this>(?>{this}))\s*{art_any}|(?:{det})?{art_any}\s*(?P<qn>{NUM}))").match

    def _instrument_re(self, lex, alt):
        """An instrument after a phrase (``scanner._Parser.instrument``): 'above', 'ICCPR',
        '(,) of [the] Capitalised Name', '(,) of the convention'."""
        of_, det = alt("instrument_of"), alt("determiners")
        if of_ is None or self.r.words["instrument_nouns"] & self.citation_words:
            return None
        self_doc = alt("self_document") or "(?!)"
        cite = "|".join(_ci(w) for w in sorted(self.citation_words, key=len, reverse=True) if w.isalpha())
        cap = (rf"(?!(?:{cite}){WORD_END})" if cite else "") + r"[A-Z]" + LETTER + "*(?:['\u2019\\-\u2011]" + LETTER + "+)*"
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
                          rf"|(?:,\s*)?(?>{of_})\s*(?P<inst>{det_part}(?:(?>(?P<name>{cap}(?:\s+(?:{conn}\s+){{0,{MAX_NAME}}}{cap}){{0,{MAX_NAME}}})(?P<trail>(?:\s+{conn}){{0,{MAX_NAME}}}))(?!\s*{stop}(?![a-z])[^\W\d_])|(?P<noun>{noun})|(?P<role>{role})))").match

    # -- reading --------------------------------------------------------------------------------
    def read(self, text: str, h: int):
        """The phrase at ``h`` (a ``Found``), ``NONE`` when the reader would find none there, or
        None: the reader decides."""
        head = self.heads.get(text[h])
        m = head(text, h) if head is not None else None
        if m is None:
            return self._none(text, h)
        g = m.lastgroup  # the last group closed names the shape
        if g == "nw":  # "Article 7 requires": one article, then a word that ends the phrase (``_ends``)
            raw = m.group("nw")
            v = raw.casefold()
            if v not in self.art_extend and ("-" not in v or word_number(self.numbers, v) is None):
                end, n = m.end(), int(m.group("n"))
                return new(Found, ([ARTICLES[n] or article_target(n)], [(h, end)], end, new(Token, ("w", v, *m.span("nw"), raw))))
            g = "n"
        if g == "n":
            return self._list(text, h, m.start(g), m.end(g), "article", plural=False)
        if g in ("labels", "dots", "plabels", "word"):
            return self._article(text, h, m, g)
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
            return Found([target("preamble")], [(h, end)], end, self._next(text, end))
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
        g = m.lastgroup  # "self", "acr", or "inst" for the rest
        if g == "self":
            return m.span("self")
        if g == "acr":
            v = tok.value
            return UNDECIDED if is_roman(v) or v in self.citation_words else m.span("acr")
        a = m.start("name")
        if a >= 0:  # the usual case: "of the Budapest Convention", "of this Convention"
            e = m.end()
            if e - a >= 2 * MAX_NAME - 1 and len(text[a:e].split()) >= MAX_NAME:
                return UNDECIDED  # the reader reads at most 16 words of a name
            return m.start("inst"), m.end("name")
        if m.group("role") is not None:
            return None  # "under Article 28": a citation, not a name
        if m.group("noun")[:1].isupper():
            return UNDECIDED  # a capital the expression does not know: a name ("des Übereinkommens")
        if m.group("det") is None:
            return None
        after = self._next(text, m.end())
        if after is not None and after.value in self.instrument_of:
            return UNDECIDED  # "the report of the Ad Hoc Committee"
        return m.start("inst"), m.end()


_FAST: dict[int, Fast] = {}


def is_compiled(roles: Roles) -> bool:
    """Whether ``roles``' fast path is compiled already (in this process)."""
    f = _FAST.get(id(roles))
    return f is not None and f.r is roles


def fast(roles: Roles, attempts: dict[str, tuple[str, ...]]) -> Fast | None:
    """The fast path of ``roles``' lexicon (compiled once), or None where it has none."""
    if not is_compiled(roles):
        _FAST[id(roles)] = Fast(roles, attempts)
    f = _FAST[id(roles)]
    return f if f.ok else None
