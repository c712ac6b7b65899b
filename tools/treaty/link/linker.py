"""Finding citations of this Convention in other documents: scan → instrument → resolve.

Commentaries, NGO analyses, national laws and court filings cite many instruments side by side,
so a citation is linked only when it cites *this* Convention (``context.py`` decides); every
target is checked against the corpus, and a provision that does not exist is reported with the
reason ``treaty.lookup`` gives ("Article 14 has no paragraph 7"), never linked.  Nothing is
dropped silently: every citation-shaped phrase that is not linked is in ``Result.skipped``, with
why and, when it is another instrument's, which one.

The citation phrases come from the one grammar, :func:`treaty.citation.scan` (in the language of
``lang``), and the references by name from the corpus's headings (``names.py``).  The adapters
(``adapters/html.py``, ``adapters/markdown.py``) feed it blocks of text and map offsets back.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from .. import citation as grammar
from ..citation import Citation, CitationError
from ..lookup import NotFound, find_citation
from ..model import Document
from .context import Context, Decision, only_ours
from .heading_names import find_heading_names, headings
from .instruments import OTHER, THIS, instruments
from .names import find_names, name_index
from .results import AMBIGUOUS, CITING_DOCUMENT, DANGLING, OTHER_INSTRUMENT, Link, Result, Skipped, Unresolved

ASSUME_CHOICES = (THIS, OTHER)
#: Names that look like citations and are not: the free-expression organisation ARTICLE 19
#: ("ARTICLE 19 urges …"), unless written as a heading ("ARTICLE 19 — Participation").
_NOT_CITATIONS = re.compile(r"ARTICLE 19(?![\s\u00a0]*[—–:\-.(]|[\s\u00a0]*\n)")


#: Letters glued to another instrument's number belong to it: "§ 202a StGB", "art. 615-ter".
_GLUED = re.compile(r"[^\W\d_]{1,3}\b|-[^\W\d_]{1,5}\b|")
_BRACKET_AFTER = re.compile(r"[\s\u00a0]*[(\[]")


class Linker:
    """Reads a document block by block, carrying the instrument named last from one to the next.

    A relative citation ("paragraph 2", "subparagraph (d)") takes the provision cited just
    before it in the same block; without one it is skipped as ambiguous.
    """

    def __init__(self, doc: Document, assume: str = THIS, index: dict[Citation, object] | None = None, lang: str = "en"):
        if assume not in ASSUME_CHOICES:
            raise ValueError(f"assume must be THIS or OTHER, not {assume!r}")
        if lang not in grammar.LEXICONS:
            raise ValueError(f"no citation lexicon for language {lang!r} (have: {', '.join(sorted(grammar.LEXICONS))})")
        self.lexicon = grammar.LEXICONS[lang]
        self._self_document = {w.casefold() for w in self.lexicon.self_document}
        self._of_words = sorted(self.lexicon.instrument_of + self.lexicon.of, key=len, reverse=True)
        self.doc = doc
        self.assume = assume
        self.index = index if index is not None else doc.index()
        self.inst = instruments()
        self.names = name_index(doc)
        self.headings = headings(lang) if lang != "en" else None
        english = grammar.LEXICONS["en"]
        self.context = Context(self.inst, assume, self.lexicon.of + self.lexicon.instrument_of + english.of + english.instrument_of)

    def phrases(self, text: str) -> list:
        """Citation phrases and references by name, left to right, not overlapping."""
        found = grammar.scan(text, self.lexicon)
        found = [p for p in found if not _NOT_CITATIONS.match(text, p.start)]
        names = find_names(text, self.names)
        if self.headings is not None:
            names = _without_overlaps(sorted(names + find_heading_names(text, self.headings, self.lexicon), key=lambda p: p.start))
        if not names:
            return found
        merged, k = [], 0
        for n in names:
            while k < len(found) and found[k].end <= n.start:
                merged.append(found[k])
                k += 1
            if k < len(found) and found[k].start < n.end:
                continue  # a citation in the same words wins
            if k < len(found) and _BRACKET_AFTER.fullmatch(text, n.end, found[k].start):
                continue  # "the criminalization chapter (Chapter II)": the citation is the reference
            merged.append(n)
        return merged + found[k:]

    def block(self, text: str, unlinkable: Iterable[tuple[int, int]] = ()) -> Result:
        """Link one block (a paragraph, list item, table cell); offsets into ``text``.

        ``unlinkable`` spans (an existing link, inline code) are read for the instruments they
        name but hidden from the scanner, so "`Article 5` and Article 6" still links Article 6.
        """
        out = Result()
        ctx = self.context
        named = self.inst.named(text)
        k = 0
        relative: tuple[Citation | None, Decision | None] = (None, None)
        # a hidden span that cites something (an existing link: ours from an earlier run) ends
        # the context: what "paragraph 2" after it is relative to is unknown, so a second run
        # links nothing the first did not
        unlinkable = sorted(unlinkable)
        breaks = [a for a, b in unlinkable if grammar.scan(text[a:b], self.lexicon)]
        nb = 0
        masked = _mask(text, unlinkable)
        for phrase in self.phrases(masked):
            if nb < len(breaks) and breaks[nb] < phrase.start:
                relative = (None, relative[1])
                while nb < len(breaks) and breaks[nb] < phrase.start:
                    nb += 1
            if masked is not text:  # the words as written, not as hidden
                phrase = replace(phrase, text=text[phrase.start:phrase.end])
            while k < len(named) and named[k].end <= phrase.start:
                if named[k].cls != "GENERIC":
                    ctx.mention(ctx.of_named(named[k], "context"))
                k += 1
            if phrase.instrument is not None and phrase.instrument.casefold() in self._self_document:
                relative = (None, None)
                out.skipped.append(Skipped(phrase.start, phrase.end, phrase.text, CITING_DOCUMENT))
                continue  # "paragraph 5 above": the citing document's own paragraph
            cut = self._citation_part(text, phrase)
            decision = self._decide(text, phrase, cut, named, relative)
            while k < len(named) and named[k].start < phrase.end:
                k += 1
            if decision.how in ("after", "before") and decision.name is not None:
                ctx.mention(decision)
            phrase = cut
            if decision.cls != THIS:
                end = _GLUED.match(text, phrase.end).end() if text[phrase.end - 1:phrase.end].isdigit() else phrase.end
                out.skipped.append(Skipped(phrase.start, end, text[phrase.start:end], OTHER_INSTRUMENT, decision.name))
                relative = (None, decision)
                continue
            targets, reasons, each = self._resolve(phrase, relative[0])
            if not targets and not reasons:
                out.skipped.append(Skipped(phrase.start, phrase.end, phrase.text, AMBIGUOUS))
                continue  # a relative citation with nothing before it to be relative to
            if targets:
                out.links.append(Link(phrase.start, phrase.end, phrase.text, tuple(targets), self._parts(text, phrase, each)))
                relative = (targets[-1], decision)
            if reasons:
                reason = "; ".join(reasons)
                out.unresolved.append(Unresolved(phrase.start, phrase.end, phrase.text, reason))
                out.skipped.append(Skipped(phrase.start, phrase.end, phrase.text, DANGLING))
        for n in named[k:]:
            if n.cls != "GENERIC":
                ctx.mention(ctx.of_named(n, "context"))
        return out

    def _decide(self, text: str, phrase, cut, named, relative) -> Decision:
        """The instrument of one phrase (context.py has the rule)."""
        ctx = self.context
        decision = None
        if phrase.instrument is not None and phrase.instrument_start is not None:
            decision = ctx.attached(text, phrase.instrument_start, phrase.instrument)
        if decision is None:
            decision = ctx.after(text, cut.end)
        if decision is None:
            decision = ctx.before(text, phrase.start, named)
        if decision is None:
            if all(t.relative_to is not None for t in phrase.targets):
                # relative to the citation before it in the block, and so of its instrument;
                # with none, relative to nothing (skipped as ambiguous)
                decision = relative[1] if relative[1] is not None else Decision(THIS, None, "relative")
            elif ctx.last is not None:
                decision = Decision(ctx.last.cls, ctx.last.name, "context", ctx.last.articles, ctx.last.chapters)
            else:
                decision = Decision(self.assume, None, "assume")
        if only_ours(decision, phrase.targets):
            decision = Decision(THIS, None, "only-ours")
        return decision

    def _citation_part(self, text: str, phrase):
        """The phrase without its trailing instrument ('Article 2' of 'Article 2 of the ICCPR'):
        the link covers the citation, the instrument stays plain text."""
        if phrase.instrument_start is None or phrase.instrument_start <= phrase.start:
            return phrase
        head = text[phrase.start:phrase.instrument_start].rstrip(" ,\u00a0\t\n")
        folded = head.casefold()
        for word in self._of_words:
            if folded.endswith(word) and (len(folded) == len(word) or not folded[-len(word) - 1].isalnum()):
                head = head[: -len(word)].rstrip(" ,\u00a0\t\n")
                break
        if not head:
            return phrase
        return replace(phrase, end=phrase.start + len(head), text=head)

    def _resolve(self, phrase, context: Citation | None) -> tuple[list[Citation], list[str], list[Citation | None]]:
        """The distinct targets that exist, the reasons for those that do not, and per partial
        target its citation (None: unplaceable or dangling)."""
        targets: list[Citation] = []
        reasons: list[str] = []
        each: list[Citation | None] = []
        for partial in phrase.targets:
            each.append(None)
            if partial.relative_to is not None and context is None:
                continue
            try:
                c = partial.resolve(context if partial.relative_to is not None else None, known=self.index)
            except (CitationError, ValueError) as e:
                reasons.append(str(e))
                continue
            try:
                find_citation(self.doc, c, self.index)
            except NotFound as e:
                reasons.append(str(e))
                continue
            each[-1] = c
            if c not in targets:
                targets.append(c)
        return targets, reasons, each

    def _parts(self, text: str, phrase, each: list[Citation | None]) -> tuple[Link, ...]:
        """One link per target that has words of its own and exists, within the (instrument-less)
        phrase; a target without words (inside a range) joins the targets of the part before it.
        A phrase with a single part needs none: it is linked whole, as before."""
        spans = phrase.spans if len(phrase.spans) == len(each) else (None,) * len(each)
        parts = [[a, b, ts] for a, b, ts in grammar.split_by_target(phrase.start, phrase.end, spans, each)]
        kept: list[list] = []
        for k, part in enumerate(parts):
            if part[2]:
                kept.append(part)
            elif self._would_link(text[part[0]:part[1]]):
                # "7 of article 24" (24(7) does not exist) left plain would be linked by a second
                # run as "article 24": it joins a neighbouring link instead, as one phrase did
                if kept:
                    kept[-1][1] = part[1]
                elif k + 1 < len(parts):
                    parts[k + 1][0] = part[0]
            # else: "69" of "Articles 5 and 69" is reported, and stays plain
        if len(kept) <= 1 and all((a, b) == (phrase.start, phrase.end) for a, b, _ in kept):
            return ()
        return tuple(Link(a, b, text[a:b], tuple(cs)) for a, b, cs in kept)

    def _would_link(self, words: str) -> bool:
        """Whether ``words`` alone hold a citation of a provision that exists."""
        return any(self._resolve(p, None)[0] for p in grammar.scan(words, self.lexicon))


def _mask_char(ch: str) -> str:
    # same class as the hidden character, so no word boundary appears or vanishes ("5Article"
    # stays glued); a non-ASCII letter is no keyword, label or numeral in any lexicon
    if ch.isspace():
        return ch
    return "\u0436" if ch.isalnum() or ch == "_" else "\ufffc"


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span hidden character by character (same length, so offsets hold)."""
    spans = sorted(spans)
    if not spans:
        return text
    out, pos = [], 0
    for a, b in spans:
        a = max(a, pos)
        out.append(text[pos:a])
        out.append("".join(_mask_char(c) for c in text[a:b]))
        pos = max(pos, b)
    out.append(text[pos:])
    return "".join(out)


_BLOCK_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


def text_blocks(text: str) -> list[tuple[int, str]]:
    """Plain text → (offset, block) at blank lines, so context never leaps a paragraph break."""
    out, pos = [], 0
    for m in _BLOCK_BREAK.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return [(o, b) for o, b in out if b]


def link_text(text: str, doc: Document, assume: str = THIS, linker: Linker | None = None) -> Result:
    """Find and resolve the citations in plain text; offsets into ``text``."""
    linker = linker or Linker(doc, assume)
    result = Result()
    for offset, block in text_blocks(text):
        result.extend(linker.block(block).shifted(offset))
    return result


def _without_overlaps(phrases: list) -> list:
    """``phrases`` (by start) without any that overlaps one before it."""
    out = []
    for p in phrases:
        if not out or p.start >= out[-1].end:
            out.append(p)
    return out
