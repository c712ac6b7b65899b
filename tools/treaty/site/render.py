"""Units and their spans → HTML, once, in our pipeline.

Provisions are rendered here rather than by Markdown so that one engine decides every anchor,
link and tooltip (Python-Markdown and markdown-it disagree on attribute syntax).  Inline markup
comes only from spans — the corpus ``marks`` and the annotations' references and term uses —
so nothing re-reads the text.  Every ``href`` is relative to the page being written, which is
what makes the site work from ``file://``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from ..citation import Citation
from ..model import Footnote, Unit
# Context, PageState and the HTML helpers live one level down (context.py) so that the stages
# render calls (the implementation map's badges) can use them too; re-exported here.
from .context import (PREVIEW_ATTR, PREVIEW_CHARS, PROVISIONS, Context, PageState, clip, esc, href, site_root,
                      term_slug)
from .implementation import provision_badge


# -- inline: a field of a unit and its spans --------------------------------------------------
@dataclass(frozen=True)
class Span:
    start: int
    end: int
    open: str
    close: str
    #: ties between spans with the same extent: lower is outer
    rank: int = 0


def inline_html(text: str, spans: list[Span]) -> str:
    """Text with spans as properly nested tags; overlapping spans are split, never crossed.

    Zero-width spans (footnote markers) are inserted at their offset.
    """
    ranged = [s for s in spans if s.end > s.start]
    inserts: dict[int, list[str]] = defaultdict(list)
    for s in spans:
        if s.end == s.start:
            inserts[s.start].append(s.open + s.close)
    points = sorted({0, len(text)} | {s.start for s in ranged} | {s.end for s in ranged} | set(inserts))
    out: list[str] = []
    stack: list[Span] = []
    for i, a in enumerate(points):
        b = points[i + 1] if i + 1 < len(points) else a
        active = sorted((s for s in ranged if s.start <= a and s.end >= b and b > a), key=lambda s: (s.start, -s.end, s.rank))
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        for s in reversed(stack[keep:]):
            out.append(s.close)
        stack = stack[:keep]
        out.extend(inserts.get(a, ()))
        for s in active[keep:]:
            out.append(s.open)
            stack.append(s)
        out.append(esc(text[a:b]))
    for s in reversed(stack):
        out.append(s.close)
    return "".join(out)


def _overlaps(a: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in taken)


def field_spans(ctx: Context, state: PageState, unit: Unit, fieldname: str) -> list[Span]:
    spans: list[Span] = []
    for m in unit.marks:
        if m.field != fieldname:
            continue
        if m.kind == "emphasis":
            spans.append(Span(m.start, m.end, "<em>", "</em>", 2))
        elif m.kind == "strong":
            spans.append(Span(m.start, m.end, "<strong>", "</strong>", 2))
        elif m.kind == "document":
            spans.append(Span(m.start, m.end, '<span class="docsym" translate="no">', "</span>", 3))
        elif m.kind == "footnote":
            fn = ctx.footnotes.get(m.target or "")
            if fn is not None:
                spans.append(Span(m.start, m.start, _footnote_marker(fn, state), ""))
    links: list[tuple[int, int]] = []
    for r in ctx.refs.get((unit.citation, fieldname), ()):
        links.append((r.start, r.end))
        if r.external or not r.targets:
            what = r.external_target or r.text
            spans.append(Span(r.start, r.end, f'<cite class="xref-external" data-external="{esc(what)}">', "</cite>", 0))
            continue
        # one link per provision named ("article 40, paragraph 21 (b)", "(c)", "paragraph 22")
        for link in r.links():
            spans.append(Span(link.start, link.end, _xref_open(ctx, state, link.targets), "</a>", 0))
    # a title names the instrument: its words are not uses of the defined terms
    uses = () if unit.kind == "title" else ctx.uses.get((unit.citation, fieldname), ())
    for use in uses:
        # a term inside a reference (or inside another term) would nest links: the outer one wins
        if _overlaps((use.start, use.end), links):
            continue
        d = ctx.definition_of(use)
        # each term is marked once per provision: the first use, not every repetition
        if d is None or (unit.citation, d.term) in state.marked_terms:
            continue
        state.marked_terms.add((unit.citation, d.term))
        links.append((use.start, use.end))
        key = state.preview_definition(d)
        spans.append(Span(use.start, use.end, f'<a class="term" href="{esc(state.link(d.defined_in))}" {PREVIEW_ATTR}="{esc(key)}">', "</a>", 1))
    return spans


def _xref_open(ctx: Context, state: PageState, targets: tuple[Citation, ...]) -> str:
    """A link to the first target, previewing all (a range's interior rides with its first number)."""
    keys = " ".join(state.preview_unit(ctx, t) for t in targets)
    return f'<a class="xref" href="{esc(state.link(targets[0]))}" {PREVIEW_ATTR}="{esc(keys)}">'


def _footnote_marker(fn: Footnote, state: PageState) -> str:
    return (f'<sup class="fn-ref" id="{fn.citation.id}-ref"><a href="{esc(state.link(fn.citation))}" '
            f'aria-label="{esc(fn.citation.canonical)}">{fn.number}</a></sup>')


def text_html(ctx: Context, state: PageState, unit: Unit, fieldname: str) -> str:
    value = getattr(unit, fieldname) or ""
    return inline_html(value, field_spans(ctx, state, unit, fieldname))


# -- blocks ------------------------------------------------------------------------------------
#: units shown as a numbered provision with an anchor, a permalink and a copy button


def citers_html(ctx: Context, state: PageState, sources: list[Citation]) -> str:
    return ", ".join(f'<a href="{esc(state.link(s))}" {PREVIEW_ATTR}="{state.preview_unit(ctx, s)}">{esc(s.canonical)}</a>' for s in sources)


def citing(ctx: Context, c: Citation) -> list[Citation]:
    """The provisions outside ``c`` that cite it or something inside it, in order, once each."""
    sources: list[Citation] = []
    for s in ctx.annotations.referenced_by.get(c, ()):
        if s not in sources and not c.contains(s):
            sources.append(s)
    return sources


def referred_by_html(ctx: Context, state: PageState, c: Citation) -> str:
    """"Referred to by" under ``c``, leaving out what is said once for a run it belongs to."""
    sources = [s for s in citing(ctx, c) if (c, s) not in state.cited_in_run]
    if not sources:
        return ""
    return f'<p class="prov-refby"><span class="prov-refby-label">Referred to by</span> {citers_html(ctx, state, sources)}</p>'


#: how a run of sibling provisions is named when one backlink covers them all
RUN_NAMES = {"paragraph": "Paragraphs", "recital": "Preambular paragraphs", "note": "Interpretative notes"}
#: the fewest consecutive provisions cited by the same provision that are shown as a run
RUN_MIN = 3


def citation_runs(ctx: Context, children: list[Unit]) -> dict[int, list[tuple[int, Citation]]]:
    """Runs of ``RUN_MIN`` or more consecutive siblings that one provision cites each of:
    index of the first → [(index of the last, citing provision)]."""
    runs: dict[int, list[tuple[int, Citation]]] = defaultdict(list)
    cited = [set(citing(ctx, ch.citation)) if ch.kind in RUN_NAMES else set() for ch in children]
    for source in dict.fromkeys(s for group in cited for s in sorted(group)):
        i = 0
        while i < len(children):
            j = i
            while j < len(children) and source in cited[j] and children[j].kind == children[i].kind:
                j += 1
            if j - i >= RUN_MIN:
                runs[i].append((j - 1, source))
            i = max(j, i + 1)
    return runs


def children_html(ctx: Context, state: PageState, unit: Unit, depth: int) -> str:
    """The children of ``unit``; a run of them cited by one provision says so once, at its top
    ("Paragraphs 9–29 are referred to by Article 40(7)"), instead of under each."""
    kids = unit.children
    runs = citation_runs(ctx, kids)
    for first, found in runs.items():
        for last, source in found:
            state.cited_in_run.update((kids[k].citation, source) for k in range(first, last + 1))
    out = []
    for i, ch in enumerate(kids):
        by_end: dict[int, list[Citation]] = defaultdict(list)
        for last, source in runs.get(i, ()):
            by_end[last].append(source)
        for last, sources in sorted(by_end.items()):
            what = f"{RUN_NAMES[ch.kind]} {esc(ch.citation.key)}–{esc(kids[last].citation.key)}"
            out.append(f'<p class="prov-refby prov-refby-run"><span class="prov-refby-label">{what}</span> are referred to by '
                       f'{citers_html(ctx, state, sources)}</p>')
        out.append(unit_html(ctx, state, ch, depth))
    return "".join(out)


def editorial_html(ctx: Context, state: PageState, c: Citation) -> str:
    """The editorial annotations on ``c``, beside it, collapsed.  An annotation on several
    provisions of one page is shown in full at the first and pointed to from the others."""
    from ..editorial.annotations import PAGE, sources_html

    out = []
    base = site_root(state.page)
    for a in (ctx.editorial_on.get(c, ()) if state.show_editorial else ()):
        if a.id in state.editorial_shown:
            out.append(f'<p class="annotation-ref"><span class="annotation-kind">{esc(a.kind.capitalize())}</span> '
                       f'<a href="#{a.id}">{esc(a.title)}</a> (above)</p>')
            continue
        state.editorial_shown.add(a.id)
        out.append(f'<details class="annotation annotation-{a.kind.replace(" ", "-")}" id="{a.id}"><summary>'
                   f'<span class="annotation-kind">{esc(a.kind.capitalize())}</span> {esc(a.title)} '
                   f'<span class="not-text">(editorial annotation, not part of the Convention)</span></summary>'
                   f'<div class="annotation-body">{a.html(base)}</div>'
                   f'<p class="annotation-sources-label">Sources</p>{sources_html(a, base)}'
                   f'<p class="annotation-more"><a href="{esc(href(f"{PAGE}#{a.id}", state.page))}">This annotation on the Annotations page</a></p>'
                   f'</details>')
    return "".join(out)


#: Marks written at the start of a provision (and under the heading of an article without
#: paragraphs): ``mark(ctx, state, unit) -> html`` ('' for none).
PROVISION_MARKS: list[Callable[[Context, PageState, Unit], str]] = [provision_badge]


def unit_html(ctx: Context, state: PageState, unit: Unit, depth: int = 2) -> str:
    """One unit and everything inside it."""
    c = unit.citation
    kind = unit.kind
    parts: list[str] = []
    if kind in PROVISIONS:
        # the provision's text is its unclassed <p>, its number the <b> that opens it: kept short,
        # they are on every provision (the stylesheet and scripts find them as `.prov > p:not([class])`)
        num = f'<b>{esc(unit.display_num)}</b> ' if unit.display_num and kind != "line" else ""
        # the script adds the permalink and copy button of every [data-cite] (they are reading
        # aids that need it; the paragraph navigation links to the same ids)
        parts.append(f'<div class="prov prov-{kind}" id="{c.id}" data-cite="{esc(c.canonical)}">')
        parts.extend(mark(ctx, state, unit) for mark in PROVISION_MARKS)
        if unit.text or num:
            parts.append(f'<p>{num}{text_html(ctx, state, unit, "text")}</p>')
        parts.append(children_html(ctx, state, unit, depth))
        if unit.tail:
            parts.append(f'<p class="prov-tail">{text_html(ctx, state, unit, "tail")}</p>')
        parent = ctx.units.get(c.parent()) if c.parent() else None
        if kind in ("paragraph", "recital", "note") or (parent is not None and parent.kind == "article"):
            parts.append(referred_by_html(ctx, state, c))
        parts.append(editorial_html(ctx, state, c))
        parts.append("</div>")
        return "".join(parts)
    if kind == "title":
        return f'<p class="doc-title" id="{c.id}">{text_html(ctx, state, unit, "text")}</p>'
    # containers: a heading with an anchor, then the lead-in, children and tail
    level = min(depth, 6)
    label = " ".join(x for x in (unit.display_num if kind in ("article", "chapter") else None,) if x)
    heading = text_html(ctx, state, unit, "heading") if unit.heading else ""
    if kind == "preamble" and not heading:
        heading = esc(c.canonical.split(", ")[-1].capitalize())
    if label or heading:
        sep = '<span class="sep"> — </span>' if label and heading else ""
        num = f'<span class="heading-num">{esc(label)}</span>' if label else ""
        parts.append(f'<h{level} id="{c.id}" class="heading-{kind}">{num}{sep}<span class="heading-text">{heading}</span></h{level}>')
        opened = f'<section class="unit-{kind}" aria-labelledby="{c.id}">'
    else:
        opened = f'<section class="unit-{kind}" id="{c.id}">'
    parts.insert(0, opened)
    if kind == "article":
        parts.extend(mark(ctx, state, unit) for mark in PROVISION_MARKS)
    if kind == "group" and unit.concerns:
        links = ", ".join(f'<a href="{esc(state.link(a))}">{esc(a.canonical)}</a>' for a in unit.concerns)
        parts.append(f'<p class="concerns">Concerns {links}</p>')
    if unit.text:
        parts.append(f'<p class="lead-in">{text_html(ctx, state, unit, "text")}</p>')
    parts.append(children_html(ctx, state, unit, depth + 1))
    if unit.tail:
        parts.append(f'<p class="prov-tail">{text_html(ctx, state, unit, "tail")}</p>')
    parts.append(editorial_html(ctx, state, c))
    parts.append("</section>")
    return "".join(parts)


def footnotes_html(ctx: Context, state: PageState) -> str:
    notes = [fn for page in (state.page, *sorted(state.merged)) for fn in ctx.footnotes_by_page.get(page, [])]
    if not notes:
        return ""
    items = []
    for fn in notes:
        spans = []
        for m in fn.marks:
            if m.kind == "document":
                spans.append(Span(m.start, m.end, '<span class="docsym" translate="no">', "</span>", 3))
            elif m.kind in ("emphasis", "strong"):
                tag = "em" if m.kind == "emphasis" else "strong"
                spans.append(Span(m.start, m.end, f"<{tag}>", f"</{tag}>", 2))
        back = f"#{fn.citation.id}-ref" if state.shows(fn.marker_in.page) else href(f"{fn.marker_in.page}#{fn.citation.id}-ref", state.page)
        items.append(f'<li class="prov prov-footnote" id="{fn.citation.id}" value="{fn.number}" data-cite="{esc(fn.citation.canonical)}">'
                     f'<p>{inline_html(fn.text, spans)} '
                     f'<a class="fn-back" href="{esc(back)}" aria-label="Back to the text">↩</a></p></li>')
    return f'<section class="footnotes" aria-label="Footnotes"><h2 id="footnotes">Footnotes</h2><ol>{"".join(items)}</ol></section>'
