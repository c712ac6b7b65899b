"""Scanning prose: every citation phrase in a text, with exact spans.

``scan`` reads running text (the Convention's own articles, a commentary, a court filing) and
returns each phrase that cites provisions, with lists and ranges expanded.  It is a small
hand-written parser over tokens rather than one big regular expression: the lexicon is data
(words per role, ``lexicons/``), so another language is a new lexicon file, not new patterns,
and every attempt looks ahead a bounded number of tokens, so scanning is linear in the text's
length.  The rules for articles, paragraphs and items are in ``articles.py``; chapters, notes,
the preamble and instruments' names are here.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

from .address import from_roman, is_roman
from .articles import ProvisionRules, lead
from .compiled import NONE, UNDECIDED, Fast, Found, fast as fast_path, is_compiled
from .lexicons import ENGLISH, Lexicon
from .phrases import CitationPhrase, PartialCitation
from .tokens import Tokens, roles as compiled_roles


class _Parser(ProvisionRules):
    """Recursive descent over tokens; every method returns an end index or None, never raises."""

    MAX_NAME = 16  # words in an instrument's name: bounds look-ahead, keeps scanning linear

    # -- entry point --------------------------------------------------------------------------
    def phrase_at(self, i: int) -> tuple[CitationPhrase, int] | None:
        items = self.t.items
        if i >= len(items) and not self.t.has(i):
            return None
        for name in self.r.attempts.get(items[i].value, ()):
            r = getattr(self, name)(i)
            if r is not None:
                targets, j, inst, owns = r
                words_end = items[j - 1].end  # (the rule read token j - 1)
                if inst is None:
                    inst = self.instrument(j)
                start = items[i].start
                if inst is None:
                    spans = ((start, words_end),) if len(targets) == 1 else self.spans(start, words_end, owns, len(targets))
                    return self.phrase(start, words_end, words_end, targets, spans, None), j
                j, inst_span = inst
                return self.phrase(start, items[j - 1].end, words_end, targets,
                                   self.spans(start, words_end, owns, len(targets)), inst_span), j
        return None

    def phrase(self, start: int, end: int, words_end: int, targets, spans, inst_span) -> CitationPhrase:
        if inst_span is None:
            return CitationPhrase(start, end, self.text[start:end], tuple(targets), None, None, None, spans)
        end = max(end, inst_span[1])
        return CitationPhrase(start, end, self.text[start:end], tuple(targets),
                              self.text[inst_span[0]:inst_span[1]], inst_span[0], inst_span[1], spans)

    def fast_phrase(self, start: int, found: Found, fast: Fast) -> CitationPhrase:
        """A phrase the compiled fast path read to ``found.words_end``; its instrument, if any,
        read as ``phrase_at`` reads it."""
        targets, owns, words_end, after = found
        spans = ((start, words_end),) if len(targets) == 1 else tuple(owns[:-1]) + ((owns[-1][0], words_end),)
        text = self.text
        if after is not None and (after.value in self.r.after_citation or (after.kind == "w" and after.raw.isupper())):
            inst_span = fast.instrument(text, after)
            if inst_span is UNDECIDED:
                self.t = Tokens(text, after.start, self.r)
                inst = self.instrument(0)
                if inst is not None:
                    j, inst_span = inst
                    return self.phrase(start, self.t[j - 1].end, words_end, targets, spans, inst_span)
            elif inst_span is not None:
                a, b = inst_span
                return CitationPhrase(start, b, text[start:b], tuple(targets), text[a:b], a, b, spans)
        return CitationPhrase(start, words_end, text[start:words_end], tuple(targets), None, None, None, spans)

    def spans(self, start: int, words_end: int, owns: list, n: int) -> tuple[tuple[int, int] | None, ...]:
        """Token ranges owned by each target → character spans (see ``CitationPhrase.spans``)."""
        if n == 1:
            return ((start, words_end),)
        # the first target's words start where the phrase does ("relevant articles 5 and 9"); the
        # last one's run on over a qualifier they share ("paragraphs 1 and 2 of article 24"), so
        # that no citation words are left that a second reading would take for a citation
        out = [None if own is None else (start if k == 0 else self.t[own[0]].start, self.t[own[1] - 1].end)
               for k, own in enumerate(owns)]
        out[-1] = (out[-1][0], words_end)
        return tuple(out)

    # -- chapters, notes, preamble --------------------------------------------------------------
    def numbered_list(self, j: int, read) -> tuple[list[int], int] | None:
        """'N', 'N to M', 'N, M and O' with ``read(i)`` giving the number at token i or None."""
        first = read(j)
        if first is None or self.is_count(j + 1):
            return None
        nums, j, owns = [first], j + 1, [(j, j + 1)]
        while True:
            t = self.match(j, "to")
            if t is not None and (end := read(t)) is not None and end > nums[-1] and not self.is_count(t + 1):
                owns += [None] * (end - nums[-1] - 1) + [(t, t + 1)]
                nums += list(range(nums[-1] + 1, end + 1))
                j = t + 1
                continue
            s = self.separator(j)
            if s is not None and (n := read(s)) is not None and self.list_number_ok(s):
                nums.append(n)
                owns.append((s, s + 1))
                j = s + 1
                continue
            return nums, j, owns

    def numbered_phrase(self, i: int, role: str, kind: str, read=None):
        """ROLE-word then numbers: 'Chapters II to IV', 'interpretative notes 1 and 2'."""
        j = self.match(i, role)
        r = self.numbered_list(j, read or self.number) if j is not None else None
        if r is None:
            return None
        return [PartialCitation(kind, number=n) for n in r[0]], r[1], None, lead(r[2], i)

    def chapter_phrase(self, i):
        th = self.match(i, "this")
        if th is not None and (c := self.match(th, "chapter")) is not None:
            return [PartialCitation("chapter", relative_to="chapter")], c, None, [(i, c)]

        def read(k):
            if self.t.has(k) and self.t[k].kind == "w" and self.t[k].raw.isupper():
                try:
                    return from_roman(self.t[k].value)
                except ValueError:
                    return None
            n = self.number(k)
            return n if n is not None and n < 40 else None

        return self.numbered_phrase(i, "chapter", "chapter", read)

    def note_phrase(self, i):
        found = self.numbered_phrase(i, "note", "note")
        if found is not None:
            return found
        j = self.match(i, "note")
        if j is None:
            return None
        # "the interpretative notes on articles 2, 17, 23 and 35": the notes on those articles
        o = self.match(j, "name_words")
        if o is not None and (r := self.article_phrase(o)) is not None and all(t.relative_to is None and not t.segments for t in r[0]):
            return [PartialCitation("notes", segments=tuple(str(t.article) for t in r[0]))], r[1], None, [(i, r[1])]
        # "the interpretative notes" as a whole, after a determiner (not "des notes interprétatives")
        before = self.text[max(0, self.t[i].start - 12):self.t[i].start].split()
        if before and before[-1].casefold() in self.r.words["determiners"]:
            return [PartialCitation("notes")], j, None, [(i, j)]
        return None

    def preambular_phrase(self, i):
        return self.numbered_phrase(i, "preambular", "preamble")

    def preamble_phrase(self, i):
        j = self.match(i, "preamble")
        if j is None:
            return None
        return [PartialCitation("preamble")], j, None, [(i, j)]

    # -- instruments ------------------------------------------------------------------------------
    def instrument(self, i: int) -> tuple[int, tuple[int, int]] | None:
        """'of this Convention', ', of the Statute of the Court', 'ICCPR', 'above' → (end, span)."""
        t = self.t
        if i >= len(t.items) and not t.has(i):
            return None
        tok = t.items[i]
        if tok.value not in self.r.after_citation and not (tok.kind == "w" and tok.raw.isupper()):
            return None  # the usual case: the sentence goes on ("Article 7 requires …")
        s = self.match(i, "self_document")
        if s is not None:
            return s, (t[i].start, t[s - 1].end)
        if t.has(i) and t[i].kind == "w" and len(t[i].raw) >= 2 and t[i].raw.isupper() and t[i].raw.isalpha() \
                and not is_roman(t[i].value) and not self.match(i, "articles") and not self.match(i, "article"):
            return i + 1, (t[i].start, t[i].end)
        c = i + 1 if self.kind(i) == "p" and t[i].value == "," else i
        o = self.match(c, "instrument_of")
        if o is None:
            return None
        d = self.match(o, "determiners")
        name_start = o if d is None else d
        if any(self.match(name_start, role) for role in ("article", "articles", "paragraph", "paragraphs", "chapter", "note")):
            return None
        e = self.capitalised_name(name_start)
        if e is None and d is not None:
            if self.kind(d) == "w" and t[d].value in self.r.words["instrument_nouns"]:
                e = d + 1
                # "the report of the Ad Hoc Committee"
                o2 = self.match(e, "instrument_of")
                if o2 is not None:
                    d2 = self.match(o2, "determiners") or o2
                    e2 = self.capitalised_name(d2)
                    if e2 is not None:
                        e = e2
        if e is None:
            return None
        return e, (t[o].start, t[e - 1].end)

    def capitalised_name(self, i: int) -> int | None:
        """End of a capitalised name starting at i ('Budapest Convention', 'Statute of the Court')."""
        t, conn = self.t, self.r.words["connectors"]
        end = None
        k = i
        while t.has(k) and k - i < self.MAX_NAME:
            tk = t[k]
            if tk.value in self.r.citation_first and any(
                    self.match(k, role) is not None for role in ("article", "articles", "paragraph", "paragraphs", "chapter")):
                break  # "this Convention and Article 2 of …": a new citation, not part of the name
            if tk.kind == "w" and tk.raw[:1].isupper():
                k += 1
                end = k
            elif tk.kind == "w" and tk.value in conn and end is not None:
                k += 1
            else:
                break
        return end



#: below this many characters, and until the lexicon's expressions are compiled, the token reader
#: reads alone: compiling them costs 45–90 ms once per language per process (``treaty show
#: "Article 5"`` paid 87 ms for a 9-character citation), about what the reader spends on 200 KB
#: of citation-dense text; once compiled, they read texts of any length
FAST_PATH_FROM = 100_000


def scan(text: str, lexicon: Lexicon = ENGLISH, *, compiled: bool | None = None) -> list[CitationPhrase]:
    """Every citation phrase in ``text``, left to right, non-overlapping, with exact spans.

    Counts ("90 days", "sixty-eight articles") are not citations; "this Convention",
    "this article" and "this paragraph" alone are not either (they name the place the phrase
    stands in); "this chapter" is.  Targets are in the order written, ranges expanded.
    The common phrases are read by the lexicon's compiled expressions (``compiled.py``), the
    rest by the token reader; ``compiled=False`` reads all with the reader, ``True`` compiles
    them whatever the text's length, ``None`` as FAST_PATH_FROM says (the same phrases always).
    """
    roles = compiled_roles(lexicon)
    if compiled is None:
        compiled = len(text) >= FAST_PATH_FROM or is_compiled(roles)
    with no_collection():
        return _scan(text, roles, compiled)


@contextmanager
def no_collection():
    """The cyclic garbage collector paused: a scan makes many small objects and no cycles, all
    kept (the phrases), so a collection during it frees nothing, while each full collection walks
    every phrase made so far.  Measured (benchmarks/bench_link.py's dense text, corpus loaded,
    three interleaved rounds): 1 MB 0.308 s running, 0.295 s paused; 5 MB 1.743 s (5.66x)
    running, 1.495 s (5.06x) paused.  The objects are counted at the next collection after it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _scan(text: str, roles, compiled: bool) -> list[CitationPhrase]:
    fast = fast_path(roles, roles.attempts) if compiled else None
    read = fast.read if fast is not None else None
    out: list[CitationPhrase] = []
    pos = 0
    parser = _Parser(text, None, roles)
    search = roles.head_re.search
    after_citation = roles.after_citation
    while (m := search(text, pos)) is not None:
        h = m.start()
        if read is not None and (found := read(text, h)) is not None:
            if found is NONE:
                pos = h + 1
                continue
            targets, owns, end, after = found
            if len(targets) == 1 and (after is None or (after.value not in after_citation and not (after.kind == "w" and after.raw.isupper()))):
                # the usual phrase: one target, no instrument after it
                out.append(CitationPhrase(h, end, text[h:end], tuple(targets), None, None, None, ((h, end),)))
                pos = end
                continue
            phrase = parser.fast_phrase(h, found, fast)
            out.append(phrase)
            pos = phrase.end
            continue
        parser.t = Tokens(text, h, roles)
        r = parser.phrase_at(0)
        if r is None:
            pos = h + 1
        else:
            out.append(r[0])
            pos = r[0].end
    return out
