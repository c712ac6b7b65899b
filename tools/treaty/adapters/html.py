"""HTML in, HTML out: ``<a>`` elements inserted around citations, every other byte as it was.

The document is never re-serialised.  :mod:`treaty.adapters.html_tree` reads it as a browser
does (the HTML standard's tokenizer with source offsets, html5lib's tree construction) and says,
for each piece of text, where it is in the source, whether it is read (not inside ``script``,
``style``, ``textarea``, ``title``, ``xmp``, ``iframe``, ``noembed``, ``noframes``, ``noscript``,
``plaintext``, ``template``, ``head``; never a comment or an attribute) and whether it may be
linked (also not inside ``a``, ``code``, ``pre``, ``kbd``, ``samp``, ``var``, ``button``,
``select``, ``option``, ``label``, ``svg``, ``math``, nor foster-parented out of a table).  The
text of each block (p, li, td, h1 …) is read across inline elements — ``Article <em>40</em>(21)``
and ``Article&nbsp;40`` are one citation — and handed to :class:`treaty.link.Linker`; each link
becomes ``<a …>`` and ``</a>`` inserted into the original string.

A link spans markup only when the tokens it covers provably leave the tree as they found it
(phrasing elements opened and closed inside it, comments); otherwise each run of text it covers
gets its own ``<a>`` to the same target.  Our links are ``a`` elements, so linking twice changes
nothing.  A document nested too deep for linear time is linked up to that point
(``Result.notes`` says where).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from html import escape

from ..link import Link, Linker, Result, Unresolved, check_base_url, shown_skipped
from .html_tree import MAX_DEPTH, MAX_FORMATTING, NO_LINK, UNREAD, Reader, Record  # noqa: F401 (NO_LINK: markdown reads it)

#: Elements that end one block of text and start another.
BLOCKS = frozenset(
    "address article aside blockquote body br caption dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p section summary table tbody td tfoot th thead tr ul "
    "iframe object video audio".split()
) | UNREAD
#: Phrasing elements a link may contain, when opened and closed inside it.
INLINE = frozenset("abbr b bdi bdo big cite data del dfn em font i img ins mark q s small span strike strong sub sup time tt u wbr".split())
LINK_CLASS = "treaty-cite"
#: The mark --show-skipped puts on a phrase that is not linked.
SKIPPED_CLASS = "treaty-skipped"
_MAX_LIFT = 4  # phrasing start (end) tags right before (after) a phrase that may go inside its link


class _Piece:
    """A run of text of the block: where it is in the block text and in the source."""

    __slots__ = ("rec", "pos", "text", "start", "end", "linkable", "crlf", "atomic")

    def __init__(self, rec: int, pos: int, record: Record, source: str):
        self.rec, self.pos, self.text = rec, pos, record.text
        self.start, self.end, self.linkable = record.start, record.end, record.linkable
        raw = source[self.start:self.end]
        # a character reference (or CDATA section) is one unit; else the text is the source with
        # CR LF read as one line feed: ``crlf`` holds the text offsets of those (each adds one)
        self.atomic = raw != self.text and not ("\r" in raw and raw.replace("\r\n", "\n").replace("\r", "\n") == self.text)
        self.crlf = _crlf_offsets(raw) if not self.atomic and raw != self.text else []

    def source_offset(self, k: int, end: bool) -> int:
        """Where character ``k`` of the text starts (``end``: where character ``k - 1`` ends)."""
        if self.atomic:
            return self.start if (k == 0 if end else k < len(self.text)) else self.end
        return self.start + k + bisect_right(self.crlf, k - 1)

    def exact(self, k: int) -> bool:
        """Whether a tag may go before character ``k`` (not inside a character reference)."""
        return not self.atomic or k in (0, len(self.text))


def _crlf_offsets(raw: str) -> list[int]:
    out, shift, i = [], 0, raw.find("\r\n")
    while i >= 0:
        out.append(i - shift)
        shift += 1
        i = raw.find("\r\n", i + 2)
    return out


class _Linking:
    """Collects one block at a time from the reader's records and links it."""

    def __init__(self, source: str, linker: Linker, base_url: str, show_skipped: bool = False):
        self.source, self.linker, self.base_url, self.show_skipped = source, linker, base_url, show_skipped
        self.result = Result()
        self.inserts: list[tuple[int, int, str]] = []  # (offset, 0 for </a> | 1 for <a>, markup)
        self.records: list[Record] = []
        self.pieces: list[_Piece] = []
        self.length = 0

    # -- reading ------------------------------------------------------------------------------
    def add(self, record: Record) -> None:
        if record.kind in ("start", "end") and record.name in BLOCKS:
            self.flush()
        elif record.kind == "text" and record.text is not None:
            if not record.readable:
                self.flush()
                return
            self.pieces.append(_Piece(len(self.records), self.length, record, self.source))
            self.length += len(record.text)
        self.records.append(record)

    def flush(self) -> None:
        if self.pieces:
            self._link_block()
        self.records, self.pieces, self.length = [], [], 0

    # -- linking ------------------------------------------------------------------------------
    def _link_block(self) -> None:
        pieces, source = self.pieces, self.source
        self.starts = [p.pos for p in pieces]
        text = "".join(p.text for p in pieces)
        found = self.linker.block(text, _merged((p.pos, p.pos + len(p.text)) for p in pieces if not p.linkable))
        plans = {}
        for x in found.links:
            parts = x.pieces()
            planned = [self._plan(y) for y in parts]
            if any(p is None for p in planned) and len(parts) > 1:
                parts, planned = (x,), [self._plan(x)]  # as a second run would read it
            plans[id(x)] = [(y, p) for y, p in zip(parts, planned) if p is not None]
        for x in found.links:
            written = plans[id(x)]
            for y, spans in written:
                for a, b in spans:
                    self.inserts.append((a, 1, self._open_tag(y)))
                    self.inserts.append((b, 0, "</a>"))
            if written and (span := self._source_span(x.start, x.end)):
                a, b = span
                parts = tuple(Link(s[0], s[1], source[s[0]:s[1]], y.targets) for y, _ in written
                              if y is not x and (s := self._source_span(y.start, y.end)))
                self.result.links.append(Link(a, b, source[a:b], x.targets, parts))
        for x in found.unresolved:
            if span := self._source_span(x.start, x.end):
                self.result.unresolved.append(Unresolved(span[0], span[1], source[span[0]:span[1]], x.reason))
        for x in found.skipped:
            if span := self._source_span(x.start, x.end):
                self.result.skipped.append(replace(x, start=span[0], end=span[1], text=source[span[0]:span[1]]))
        for x in shown_skipped(found) if self.show_skipped else ():  # --show-skipped: marked, with why
            for a, b in self._plan(x) or ():
                self.inserts.append((a, 1, f'<span class="{SKIPPED_CLASS}" title="{escape(x.describe())}">'))
                self.inserts.append((b, 0, "</span>"))

    def _open_tag(self, part: Link) -> str:
        title = ", ".join(t.canonical for t in part.targets)
        return f'<a href="{escape(part.url(self.base_url))}" class="{LINK_CLASS}" title="{escape(title)}">'

    def _piece_range(self, start: int, end: int) -> tuple[int, int]:
        return bisect_right(self.starts, start) - 1, bisect_right(self.starts, end - 1) - 1

    def _source_span(self, start: int, end: int) -> tuple[int, int] | None:
        i, j = self._piece_range(start, end)
        if i < 0 or j < 0:
            return None
        pi, pj = self.pieces[i], self.pieces[j]
        return pi.source_offset(start - pi.pos, False), pj.source_offset(end - pj.pos, True)

    def _plan(self, link: Link) -> list[tuple[int, int]] | None:
        """The source spans to wrap in ``<a>`` for ``link``; None when it may not go in."""
        i, j = self._piece_range(link.start, link.end)
        pieces = self.pieces
        if i < 0 or not all(p.linkable for p in pieces[i:j + 1]):
            return None
        a, b = link.start - pieces[i].pos, link.end - pieces[j].pos
        if not (pieces[i].exact(a) and pieces[j].exact(b)):
            return None
        whole = self._whole(i, j, a, b)
        if whole is not None:
            return [whole]
        # markup that does not nest with the phrase: one link per run of text, same target
        spans, g = [], i
        while g <= j:
            h = self._joinable(g, j)
            s = pieces[g].source_offset(a, False) if g == i else pieces[g].start
            e = pieces[h].source_offset(b, True) if h == j else pieces[h].end
            if self.source[s:e].strip():
                spans.append((s, e))
            g = h + 1
        return spans or None

    def _whole(self, i: int, j: int, a: int, b: int) -> tuple[int, int] | None:
        """One source span for the phrase from character ``a`` of piece i to ``b`` of piece j, if
        the tokens it covers leave the tree as they found it.  When the phrase begins (ends) with
        a piece, the phrasing start (end) tags right before (after) it may go inside the link:
        ``<a><em>Article 9</em>(2)</a>``; the fewest that make it nest are taken."""
        records, pieces = self.records, self.pieces
        ri, rj = pieces[i].rec, pieces[j].rec
        first = ri
        if a == 0:
            while first > 1 and records[first - 1].kind == "start" and records[first - 1].name in INLINE:
                first -= 1
        last = rj
        if b == len(pieces[j].text):
            while last + 1 < len(records) and records[last + 1].kind == "end" and records[last + 1].name in INLINE:
                last += 1
        starts = [(ri, pieces[i].source_offset(a, False))] + [(r, records[r].start) for r in range(ri - 1, first - 1, -1)][:_MAX_LIFT]
        ends = [(rj, pieces[j].source_offset(b, True))] + [(r, records[r].end) for r in range(rj + 1, last + 1)][:_MAX_LIFT]
        for lift in range(len(starts) + len(ends) - 1):
            for k in range(max(0, lift - len(ends) + 1), min(lift, len(starts) - 1) + 1):
                (r0, s), (r1, e) = starts[k], ends[lift - k]
                if r0 == ri:  # from the state the first piece left
                    r0, base = ri + 1, records[ri].state
                else:
                    base = records[r0 - 1].state
                if self._clean(r0, r1, base)[1] == r1:
                    return s, e
        return None

    def _clean(self, r0: int, r1: int, base: tuple) -> tuple[int, int]:
        """How far records r0..r1 (after ``base``) open and close only phrasing elements, in
        nesting order: (the last record read before one that does not, the last record after
        which the state is ``base`` again — r0 - 1 if none)."""
        records = self.records
        nest: list[tuple] = []
        prev, back = base, r0 - 1
        for r in range(r0, r1 + 1):
            rec = records[r]
            state = rec.state
            if state[3] is not base[3]:
                return r - 1, back
            if rec.kind in ("text", "comment"):
                if not _same(state, prev) or (rec.kind == "text" and rec.text is not None and not rec.readable):
                    return r - 1, back
            elif rec.kind == "start" and rec.name in INLINE:
                if state[0] == prev[0] + 1:
                    nest.append(prev)
                elif not _same(state, prev):
                    return r - 1, back
            elif rec.kind == "end" and rec.name in INLINE and nest and _same(state, nest[-1]):
                nest.pop()
            else:
                return r - 1, back
            prev = state
            if not nest and _same(state, base):
                back = r
        return r1, back

    def _joinable(self, g: int, j: int) -> int:
        """The last piece ``h`` (g ≤ h ≤ j) such that the tokens from piece g to piece h leave the
        tree as they found it."""
        pieces = self.pieces
        r0 = pieces[g].rec
        _, back = self._clean(r0 + 1, pieces[j].rec, self.records[r0].state)
        h = g
        while h + 1 <= j and pieces[h + 1].rec <= back:
            h += 1
        return h


def _same(x: tuple, y: tuple) -> bool:
    return x[0] == y[0] and x[1] is y[1] and x[2] == y[2]


def _merged(spans) -> list[tuple[int, int]]:
    """Adjacent spans as one (the text of one existing link, read across its markup)."""
    out: list[list[int]] = []
    for a, b in spans:
        if out and out[-1][1] == a:
            out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def link_html(html: str, linker: Linker, base_url: str = "", show_skipped: bool = False) -> tuple[str, Result]:
    """Link the citations in ``html``; the result's offsets index the ``html`` source itself
    (a citation split by markup spans the markup: ``Article <em>40</em>(21)``); with
    ``show_skipped`` the phrases not linked are marked ``<span class="treaty-skipped" title>``."""
    base_url = check_base_url(base_url)
    linking = _Linking(html, linker, base_url, show_skipped)
    reader = Reader(html, linking.add)
    reader.run()
    linking.flush()
    if reader.tokenizer.halt:
        linking.result.notes.append(f"stopped linking at offset {reader.tokenizer.end}: {reader.tokenizer.halt}")
    elif reader.stopped is not None:
        linking.result.notes.append(f"stopped linking at offset {reader.stopped}: the document nests more than "
                                    f"{MAX_DEPTH} elements or {MAX_FORMATTING} formatting elements")
    out, pos = [], 0
    for offset, _, markup in sorted(linking.inserts):
        out.append(html[pos:offset])
        out.append(markup)
        pos = offset
    out.append(html[pos:])
    return "".join(out), linking.result
