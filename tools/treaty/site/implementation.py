"""The implementation map on the site: a quiet strength badge on every provision, a filter on
the chapter pages, the Implementation checklist (with CSV and Markdown to fill in), the
Options page, the reference graph of the whole Convention and each article's neighbourhood.

Everything comes from ``treaty.analysis`` (computed once per build, kept in
``Context.derived``); the drawings are map_graph.py's; the downloads are written into the
built site by ``write_downloads`` (a POST_BUILD step: a Markdown file in the pages directory
would be turned into a page by MkDocs).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ..analysis import ImplementationMap, Provision, build_map
from ..analysis.edges import article_edges, article_of
from ..citation import Citation
from ..model import Unit
from .map_graph import TYPE_COLOURS, Node, legend_html, neighbourhood_size, neighbourhood_svg, neighbourhood_title
from .context import Context, PageState, clip, esc, href
from .derived import derived

DIR = "implementation"
CHECKLIST, OPTIONS, GRAPH = f"{DIR}/checklist.html", f"{DIR}/options.html", f"{DIR}/graph.html"
#: downloads written into the built site: name → what it holds
DOWNLOADS = {
    "checklist.csv": "the checklist as CSV, one row per duty or option, with an empty “National measure” column",
    "checklist.md": "the checklist as Markdown tables, one per chapter, to fill in",
    "map.json": "the whole map as `treaty map --json` prints it",
    "references.graphml": "the typed reference graph (GraphML)",
    "graph.svg": "the drawing of the reference graph (SVG)",
}
NAV = ("Implementation map",)

STRENGTH_LABEL = {"binding": "binding", "soft": "soft duty", "optional": "optional", "limit": "limit", "none": "no duty"}
FILTER_LABEL = {"binding": "binding", "soft": "soft", "optional": "optional", "limit": "limits", "none": "no duty"}
STRENGTH_HELP = {
    "binding": "a duty: “shall …”",
    "soft": "a duty to try or to consider: “shall endeavour”, “shall consider”",
    "optional": "a permission or a choice: “may …”",
    "limit": "a prohibition or a no-obligation clause: “may not refuse”, “Nothing in this Convention shall …”",
    "none": "a definition or a statement",
}
KIND_LABEL = {"optional_element": "Optional element", "reservation": "Reservation", "declaration": "Declaration",
              "exclusion": "Exclusion", "notification": "Notification"}
KIND_ORDER = ("reservation", "declaration", "notification", "exclusion", "optional_element")
KIND_PLURAL = {"optional_element": "Optional elements and other choices", "reservation": "Reservations",
               "declaration": "Declarations", "exclusion": "Exclusions", "notification": "Notifications"}


def implementation_map(ctx: Context) -> ImplementationMap:
    """The map, made once per build (and kept between builds: site/derived.py)."""
    if "implementation" not in ctx.derived:
        ctx.derived["implementation"] = derived(ctx, "implementation map", lambda: build_map(ctx.doc, ctx.annotations))
    return ctx.derived["implementation"]


def article_pairs(ctx: Context) -> dict[tuple[Citation, Citation], dict[str, int]]:
    """``analysis.edges.article_edges`` of the map, made once per build (every article's
    neighbourhood, the graph page and its drawing read it)."""
    if "implementation_pairs" not in ctx.derived:
        ctx.derived["implementation_pairs"] = article_edges(list(implementation_map(ctx).edges))
    return ctx.derived["implementation_pairs"]


def _neighbours(ctx: Context) -> tuple[dict, dict]:
    """article → [(article referring to it, types)] by the referring article's number, and
    article → [(article it refers to, types)] by that one's number; made once per build."""
    if "implementation_neighbours" not in ctx.derived:
        pairs = article_pairs(ctx)
        cited_by: dict[Citation, list] = {}
        cites: dict[Citation, list] = {}
        for (s, t), types in sorted(pairs.items(), key=lambda kv: kv[0][0].article_number):
            cited_by.setdefault(t, []).append((s, types))
        for (s, t), types in sorted(pairs.items(), key=lambda kv: kv[0][1].article_number):
            cites.setdefault(s, []).append((t, types))
        ctx.derived["implementation_neighbours"] = cited_by, cites
    return ctx.derived["implementation_neighbours"]


def _by_citation(ctx: Context) -> dict[Citation, Provision]:
    if "implementation_by" not in ctx.derived:
        ctx.derived["implementation_by"] = {p.citation: p for p in implementation_map(ctx).provisions}
    return ctx.derived["implementation_by"]


# -- badges and the chapter filter -------------------------------------------------------------
def badge_html(p: Provision) -> str:
    """A quiet badge ``<span class="mb binding">``, on every provision (so its markup is kept short);
    the trigger shows on hover and is the badge's accessible description (``title``), so a screen
    reader says "binding, “shall adopt” — each State Party"."""
    mixed = f"({', '.join(p.strengths)}) " if p.mixed else ""
    said = f"“{p.trigger}”" if p.trigger else STRENGTH_HELP["none"]
    who = f" — {p.addressee}" if p.addressee else ""
    return (f'<span class="mb {p.strength}" title="{esc(mixed + said + who)}">{esc(STRENGTH_LABEL[p.strength])}'
            f'{" · mixed" if p.mixed else ""}</span>')


def provision_badge(ctx: Context, state: PageState, unit: Unit) -> str:
    """render.PROVISION_MARKS: the badge of a provision (a paragraph, an item with a trigger of
    its own, an article without paragraphs)."""
    if unit.citation.part != "convention":
        return ""
    p = _by_citation(ctx).get(unit.citation)
    return badge_html(p) if p else ""


def chapter_block(ctx: Context, state: PageState, chapter: Unit) -> str:
    """pages.CHAPTER_BLOCKS: the chapter's provisions with their strength, filterable (CSS only:
    the radio buttons hide the other strengths with :has(), no script)."""
    members = {a.citation for a in chapter.children if a.kind == "article"}
    provs = [p for p in implementation_map(ctx).provisions if article_of(p.citation) in members]
    if not provs:
        return ""
    cid = chapter.citation.id
    present = [s for s in STRENGTH_LABEL if any(p.strength == s for p in provs)]
    radios = [f'<input type="radio" name="{cid}-show" id="{cid}-show-all" value="all" checked><label for="{cid}-show-all">all ({len(provs)})</label>']
    for s in present:
        n = sum(p.strength == s for p in provs)
        radios.append(f'<input type="radio" name="{cid}-show" id="{cid}-show-{s}" value="{s}" data-show="{s}">'
                      f'<label for="{cid}-show-{s}">only {esc(FILTER_LABEL[s])} ({n})</label>')
    items = []
    for p in provs:
        trig = f' <span class="map-trigger">“{esc(p.trigger)}”</span>' if p.trigger else ""
        who = f' <span class="map-who">— {esc(p.addressee)}</span>' if p.addressee else ""
        items.append(f'<li class="map-row map-s-{p.strength}"><a href="{esc(href(p.citation.url, state.page))}">{esc(p.citation.canonical)}</a> '
                     f'{badge_html(p)}{trig}{who}</li>')
    return (f'<section class="map-chapter" aria-labelledby="{cid}-map"><h2 id="{cid}-map">What this chapter obliges</h2>'
            f'<p class="map-intro">Each provision of the chapter with its obligation strength (see the '
            f'<a href="{esc(href(CHECKLIST, state.page))}">implementation checklist</a>).</p>'
            f'<fieldset class="map-filter"><legend>Show</legend>{"".join(radios)}</fieldset>'
            f'<ul class="map-list">{"".join(items)}</ul></section>')


# -- the neighbourhood of an article -----------------------------------------------------------
def map_node(ctx: Context, c: Citation, page: str) -> Node:
    unit = ctx.units[c]
    chapter = _chapters_by_article(ctx).get(c)
    return Node(c, str(c.article_number), f"{c.canonical} — {unit.heading}" if unit.heading else c.canonical,
                chapter.num if chapter else "", href(c.url, page))


def neighbourhood_aside(ctx: Context, state: PageState, article: Unit) -> str:
    """pages.ARTICLE_ASIDES: the articles that refer to this one and those it refers to.  The
    drawing is a file of its own (``neighbourhood_file``, written beside the pages), framed and
    loaded when the reader comes near it: the article page carries only the frame."""
    c = article.citation
    drawing = neighbourhood_file(c)
    referring, referred = _neighbours(ctx)
    cited_by = [(map_node(ctx, s, drawing), types) for s, types in referring.get(c, ())]
    cites = [(map_node(ctx, t, drawing), types) for t, types in referred.get(c, ())]
    if not cited_by and not cites:
        return ""
    types = sorted({t for _, ts in cited_by + cites for t in ts}, key=list(TYPE_COLOURS).index)
    centre = map_node(ctx, c, drawing)
    ctx.files[drawing] = neighbourhood_svg(centre, cited_by, cites)
    width, height = neighbourhood_size(cited_by, cites)
    frame = (f'<iframe class="map-neighbourhood" src="{esc(href(drawing, state.page))}" title="{esc(neighbourhood_title(centre, cited_by, cites))}" '
             f'loading="lazy" width="{width:.0f}" height="{height:.0f}" style="aspect-ratio:{width:.0f}/{height:.0f}"></iframe>')
    graph = href(GRAPH, state.page)
    return (f'<aside class="map-neighbours" aria-labelledby="{c.id}-neighbours"><h2 id="{c.id}-neighbours">How this article connects</h2>'
            f'<figure class="map-figure">{frame}<figcaption>Left: articles that refer to {esc(c.canonical)}; right: articles it refers to. '
            f'{legend_html(types)} <a href="{esc(graph)}">The whole Convention</a>.</figcaption></figure></aside>')


def neighbourhood_file(article: Citation) -> str:
    """Where the drawing of an article's neighbourhood is written (site-relative)."""
    return f"{DIR}/neighbourhoods/{article.id}.svg"


# -- the checklist -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    chapter: Unit
    citation: Citation
    #: "binding", "soft" or an option kind
    kind: str
    label: str
    mixed: str
    wording: str
    who: str
    when: str
    conditions: str
    text: str


def _order(ctx: Context) -> dict[Citation, int]:
    if "order" not in ctx.derived:
        ctx.derived["order"] = {u.citation: i for i, u in enumerate(ctx.doc.walk())}
    return ctx.derived["order"]


def _chapters_by_article(ctx: Context) -> dict[Citation, Unit]:
    """article → its chapter, made once per build."""
    if "chapter_of_article" not in ctx.derived:
        ctx.derived["chapter_of_article"] = {a.citation: u for u in ctx.doc.part("convention").children if u.kind == "chapter"
                                             for a in u.children}
    return ctx.derived["chapter_of_article"]


def _chapter_of(ctx: Context, c: Citation) -> Unit:
    return _chapters_by_article(ctx)[article_of(c)]


def _duties(m: ImplementationMap) -> list[Provision]:
    """Every binding and soft provision, except a paragraph whose duties all stand in items
    listed on their own (Article 17(2): its items (a)–(d) are the rows)."""
    listed = {p.citation for p in m.provisions}
    out = []
    for p in m.provisions:
        if p.strength not in ("binding", "soft"):
            continue
        duties = [t for t in p.triggers if t.strength in ("binding", "soft")]
        if duties and all(t.citation != p.citation and t.citation in listed for t in duties):
            continue
        out.append(p)
    return out


def checklist_rows(ctx: Context) -> list[Row]:
    m = implementation_map(ctx)
    rows: list[tuple[tuple[int, int], Row]] = []
    order = _order(ctx)
    for p in _duties(m):
        unit = ctx.units[p.citation]
        rows.append(((order[p.citation], 0), Row(_chapter_of(ctx, p.citation), p.citation, p.strength,
                                                 "Binding duty" if p.strength == "binding" else "Soft duty",
                                                 ", ".join(p.strengths) if p.mixed else "", p.trigger or "", p.addressee or "", "",
                                                 "; ".join(p.qualifiers), clip(unit.full_text(), 400))))
    for o in m.options:
        rows.append(((order[o.citation], 1), Row(_chapter_of(ctx, o.citation), o.citation, o.kind, KIND_LABEL[o.kind], "", o.trigger,
                                                 o.who, o.when or "", ", ".join(x.canonical for x in o.modifies), clip(o.text, 400))))
    return [r for _, r in sorted(rows, key=lambda x: x[0])]


CSV_HEADER = ["Chapter", "Provision", "URL", "Obligation", "Mixed", "Wording", "Falls on / who", "When",
              "Qualifiers / modifies", "Text", "National measure"]


def checklist_csv(rows: list[Row]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    for r in rows:
        w.writerow([f"Chapter {r.chapter.num}", r.citation.canonical, r.citation.url, r.label, r.mixed, r.wording, r.who, r.when,
                    r.conditions, r.text, ""])
    return buf.getvalue()


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|") or " "


def checklist_markdown(rows: list[Row], title: str) -> str:
    out = [f"# Implementation checklist — {title}", "",
           "Every binding and soft duty and every State option, by chapter. Fill in the last column.", ""]
    chapter = None
    for r in rows:
        if r.chapter is not chapter:
            chapter = r.chapter
            out += ["", f"## Chapter {chapter.num} — {chapter.heading}", "",
                    "| Provision | Obligation | Wording | Falls on / who | Qualifiers / when / modifies | National measure |",
                    "|---|---|---|---|---|---|"]
        extra = "; ".join(x for x in (r.conditions, r.when) if x)
        label = r.label + (f" (mixed: {r.mixed})" if r.mixed else "")
        out.append(f"| {_md_cell(r.citation.canonical)} | {_md_cell(label)} | {_md_cell(r.wording)} | {_md_cell(r.who)} | {_md_cell(extra)} |   |")
    return "\n".join(out) + "\n"


def downloads_html(page: str, names: list[str]) -> str:
    items = "".join(f'<li><a href="{esc(href(f"{DIR}/{n}", page))}" download>{esc(n)}</a> — {esc(DOWNLOADS[n])}</li>' for n in names)
    return f'<ul class="map-downloads">{items}</ul>'


def table_html(head: list[str], rows: list[list[str]], caption: str, kind: str = "") -> str:
    th = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    extra = f" map-{kind}" if kind else ""
    return (f'<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="map-table{extra}">'
            f'<caption>{esc(caption)}</caption><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div></div>')
