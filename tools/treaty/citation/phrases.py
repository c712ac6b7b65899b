"""What the scanner finds: ``CitationPhrase`` (a phrase of running text with exact spans) naming
``PartialCitation``s (provisions, possibly relative to where the phrase stands), and
``split_by_target``, the one rule that cuts a list or range into one link per provision.
"""

from __future__ import annotations

from dataclasses import dataclass

from .address import Citation, CitationError, article_citation, is_roman


@dataclass(frozen=True, slots=True)
class PartialCitation:
    """One provision a phrase names, possibly relative to where the phrase stands.

    kind: ``article`` | ``chapter`` | ``note`` | ``notes`` (the interpretative notes, or with
    ``segments`` the article numbers, the notes on those articles) | ``preamble``.  For articles, ``segments`` are
    the paragraph number and item labels below the article (('21', 'b')) and ``article`` is None
    when the phrase is relative: ``relative_to`` says to what — ``article`` ("paragraph 1 of this
    article"), ``paragraph`` ("subparagraph (b) of this paragraph"), ``chapter`` ("this
    chapter") or ``context`` (a bare "paragraph 2" / "subparagraph (d)": the article, or the
    document's own paragraph, comes from the surrounding text).
    """

    kind: str
    article: int | None = None
    segments: tuple[str, ...] = ()
    number: int | None = None
    relative_to: str | None = None

    def resolve(self, context: Citation | None = None, known=None) -> Citation:
        """The absolute citation; ``context`` is the citation of the place the phrase stands in
        (for ``relative_to='chapter'``, a citation inside the chapter — i.e. the chapter).
        ``known`` (the citations that exist, when given) turns "the interpretative notes on
        articles 2, 17, 23 and 35" — a group the notes do not have — into the notes as a whole."""
        if self.kind == "chapter":
            if self.relative_to is None:
                return Citation("convention", (("chapter", str(self.number)),))
            ch = context.step("chapter") if context is not None else None
            if ch is None:
                raise CitationError("'this chapter' needs the chapter it stands in")
            return Citation("convention", (("chapter", ch),))
        if self.kind == "note":
            return Citation("notes", (("note", str(self.number)),))
        if self.kind == "notes":  # the interpretative notes, or those on some articles
            group = Citation("notes", (("group", "+".join(self.segments)),))
            return group if self.segments and (known is None or group in known) else Citation("notes")
        if self.kind == "preamble":
            c = Citation("convention", (("preamble", ""),))
            return c.child("recital", self.number) if self.number else c
        segs = list(self.segments)
        if self.relative_to is None:
            return article_citation(str(self.article), segs, f"article {self.article}")
        if context is None:
            raise CitationError(f"a citation relative to its {self.relative_to} needs a context: {self!r}")
        items = tuple(("item", s) for s in segs if not s.isdigit())
        if context.part in ("resolution", "report") and self.relative_to == "context" and segs and segs[0].isdigit():
            return Citation(context.part, (("paragraph", segs[0]),) + items)
        art = context.article_number
        if art is None:
            raise CitationError(f"{context.canonical} is not inside an article; cannot resolve {self.relative_to}-relative {segs}")
        if self.relative_to == "article" or (segs and segs[0].isdigit()):
            return article_citation(str(art), segs, f"{segs} of article {art}")
        path = context.path
        if self.relative_to == "context":
            ctx_items = [i for i, (k, _) in enumerate(path) if k == "item"]
            # a roman numeral below a lettered item: "article 2 (e) … subparagraph (ii)"
            if len(ctx_items) == 1 and segs and is_roman(segs[0]):
                return Citation(context.part, path[: ctx_items[0] + 1] + items)
        # the paragraph the context lies in; an article without numbered paragraphs counts as one
        keep = [i for i, (k, _) in enumerate(path) if k in ("article", "paragraph")]
        return Citation(context.part, path[: keep[-1] + 1] + items)


@dataclass(frozen=True, slots=True)
class CitationPhrase:
    """A phrase of running text that cites provisions: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    targets: tuple[PartialCitation, ...]
    #: the instrument the phrase names ("this Convention", "the Budapest Convention", "ICCPR",
    #: "above" for the citing document itself), None when it names none
    instrument: str | None = None
    instrument_start: int | None = None
    instrument_end: int | None = None
    #: parallel to ``targets``: the (start, end) of the words that name each target, so a list
    #: or range can be linked number by number.  The first target owns the phrase's opening
    #: words and its own number ("Articles 5"); each later one its own words ("9", "(c)",
    #: "paragraph 22"), the last also a qualifier the list shares ("2 of article 24" in
    #: "paragraphs 1 and 2 of article 24"); a target inside a range ("15" of "Articles 14 to
    #: 16") owns none: None.  A phrase with one target owns all its citation words (the
    #: instrument excepted).
    spans: tuple[tuple[int, int] | None, ...] = ()


def split_by_target(start: int, end: int, spans, targets) -> list[tuple[int, int, list]]:
    """A phrase [start, end) cut into one part per target that has words of its own, left to
    right: ``(part start, part end, [targets])``.  A target without words of its own (inside a
    range, or a span outside the phrase) rides with the part before it, or with the first part
    when none comes before; ``None`` targets (unresolved) give a part with no targets.  Shared by
    the site's cross-references and the linker, so both cut lists the same way."""
    if len(spans) != len(targets):
        return []
    parts: list[list] = []
    pending: list = []
    for span, target in zip(spans, targets):
        if span is not None:
            a, b = max(span[0], start), min(span[1], end)
            if a < b:
                parts.append([a, b, ([target] if target is not None else []) + pending])
                pending = []
                continue
        if target is None:
            continue
        if parts:
            if target not in parts[-1][2]:
                parts[-1][2].append(target)
        elif target not in pending:
            pending.append(target)
    return [(a, b, ts) for a, b, ts in parts]

