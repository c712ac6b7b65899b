"""The implementation map's own pages — the checklist, the options, the reference graph — and
their downloads (written into the built site after MkDocs)."""

from __future__ import annotations

from pathlib import Path

from ..analysis.edges import EDGE_TYPES
from ..analysis.export import to_graphml, to_json
from ..corpus import write_atomic
from .implementation import (CHECKLIST, article_pairs, DIR, DOWNLOADS, GRAPH, KIND_ORDER, KIND_PLURAL, NAV, OPTIONS, STRENGTH_HELP,
                             STRENGTH_LABEL, downloads_html, map_node, table_html, checklist_csv, checklist_markdown, checklist_rows,
                             implementation_map)
from .map_graph import convention_svg, legend_html
from .layout import Page, articles, chapters, wrap
from ..settings import TITLE
from .context import PREVIEW_ATTR, Context, PageState, esc, href
from .derived import derived


#: the checklist and the options page use the width of the page (no table of contents beside)
WIDE = "---\nhide:\n  - toc\n---\n\n"
#: an empty cell to fill in (a dotted line; "to fill in" for screen readers)
BLANK = '<span class="map-blank"><span class="map-sr">to fill in</span></span>'


def _link(c, page: str, ctx: Context | None = None, state: PageState | None = None) -> str:
    """A link to a provision; with ``state``, hovering it shows the provision's text."""
    preview = f' {PREVIEW_ATTR}="{esc(state.preview_unit(ctx, c))}"' if state is not None else ""
    return f'<a href="{esc(href(c.url, page))}"{preview}>{esc(c.canonical)}</a>'


def _caveat() -> str:
    return (f'<p class="map-caveat">Read from the wording by rules kept as data and checked against a hand-made gold file '
            f'(<code>treaty map</code>; see the project’s docs/implementation-map.md). It is a reading aid, not legal advice: '
            f'the text of the Convention governs.</p>')


def checklist_page(ctx: Context) -> Page:
    page = CHECKLIST
    state = PageState(page)
    rows = checklist_rows(ctx)
    blocks = [f'<h1 id="checklist">Implementation checklist</h1>',
              f'<p class="lead">Every binding and soft duty of the Convention and every choice it leaves to a State, by chapter, '
              f'with an empty column for the national measure that gives effect to it. Download it to fill in:</p>',
              downloads_html(page, ["checklist.csv", "checklist.md"]),
              '<p class="map-key">' + " · ".join(f'<strong>{esc(STRENGTH_LABEL[s])}</strong>: {esc(STRENGTH_HELP[s])}' for s in ("binding", "soft"))
              + f' · <strong>options</strong>: see the <a href="{esc(href(OPTIONS, page))}">Options</a> page.</p>',
              _caveat()]
    by_chapter: dict[str, list] = {}
    for r in rows:
        by_chapter.setdefault(r.chapter.num, []).append(r)
    for ch in chapters(ctx):
        group = by_chapter.get(ch.num, [])
        if not group:
            continue
        cells = []
        for r in group:
            label = esc(r.label) + (f'<br><span class="map-note">mixed: {esc(r.mixed)}</span>' if r.mixed else "")
            wording = f'“{esc(r.wording)}”' if r.wording else ""
            extra = "; ".join(esc(x) for x in (r.conditions, r.when) if x)
            cells.append([_link(r.citation, page, ctx, state), f'<span class="map-kind map-{esc(r.kind)}">{label}</span>', wording, esc(r.who), extra,
                          BLANK])
        blocks.append(f'<h2 id="{ch.citation.id}">Chapter {esc(ch.num)} — {esc(ch.heading or "")}</h2>')
        blocks.append(table_html(["Provision", "Obligation", "Wording", "Falls on / who", "Qualifiers, when, modifies", "National measure"], cells,
                             f"Chapter {ch.num}: {len(group)} duties and options", "checklist"))
    body = WIDE + wrap(state, TITLE, *blocks)
    return Page(page, "Implementation checklist", body, nav=NAV, nav_title="Checklist")


def options_page(ctx: Context) -> Page:
    page = OPTIONS
    state = PageState(page)
    m = implementation_map(ctx)
    blocks = [f'<h1 id="options">Options</h1>',
              f'<p class="lead">Every place where the Convention lets a State choose — a reservation, a declaration, a notification to the '
              f'Secretary-General, an exclusion, an optional element of an offence or another choice for its own law — with who may make '
              f'it, when, and the provision it modifies. {len(m.options)} in all.</p>',
              _caveat()]
    toc = []
    for kind in KIND_ORDER:
        group = [o for o in m.options if o.kind == kind]
        if not group:
            continue
        toc.append(f'<li><a href="#{kind}">{esc(KIND_PLURAL[kind])}</a> ({len(group)})</li>')
        cells = [[_link(o.citation, page, ctx, state), esc(o.who), esc(o.when or "not stated"),
                  ", ".join(_link(x, page) for x in o.modifies) or "—", f'<q>{esc(o.text)}</q>',
                  BLANK] for o in group]
        blocks.append(f'<h2 id="{kind}">{esc(KIND_PLURAL[kind])}</h2>')
        blocks.append(table_html(["Provision", "Who", "When", "Modifies", "Wording", "Decision"], cells, f"{KIND_PLURAL[kind]}: {len(group)}", "options"))
    blocks.insert(2, f'<nav aria-label="Kinds of option"><ul class="map-kinds">{"".join(toc)}</ul></nav>')
    body = WIDE + wrap(state, TITLE, *blocks)
    return Page(page, "Options", body, nav=NAV, nav_title="Options")


def graph_svg(ctx: Context, page: str) -> str:
    """The drawing of the whole reference graph, links as from ``page`` (made once per build and page)."""
    done = ctx.derived.setdefault("graph drawings", {})
    if page not in done:
        nodes = [map_node(ctx, a.citation, page) for a in articles(ctx)]
        titles = {ch.num: ch.heading or "" for ch in chapters(ctx)}
        done[page] = convention_svg(nodes, article_pairs(ctx), titles)
    return done[page]


def graph_page(ctx: Context) -> Page:
    page = GRAPH
    state = PageState(page)
    m = implementation_map(ctx)
    pairs = article_pairs(ctx)
    present = [t for t in EDGE_TYPES if any(t in ts for ts in pairs.values())]
    chapters_key = "".join(f'<li><a href="{esc(href(ch.citation.url, page))}">Chapter {esc(ch.num)}</a> — {esc(ch.heading or "")}</li>' for ch in chapters(ctx))
    rows = []
    for a in articles(ctx):
        out = [(t, ts) for (s, t), ts in sorted(pairs.items(), key=lambda kv: kv[0][1].article_number) if s == a.citation]
        if out:
            rows.append([_link(a.citation, page), ", ".join(f'{_link(t, page)} ({esc(", ".join(sorted(ts)))})' for t, ts in out)])
    blocks = [f'<h1 id="graph">Reference graph</h1>',
              f'<p class="lead">How the articles lean on each other: each arc joins an article to one it refers to, coloured by the '
              f'words of the reference ({len(pairs)} pairs of articles, {len(m.edges)} references between provisions). '
              f'Hover over an arc or an article for details; each article links to its page.</p>',
              f'<figure class="map-figure map-graph-wrap">{graph_svg(ctx, page)}<figcaption>{legend_html(present)}</figcaption></figure>',
              f'<h2 id="chapters">Chapters</h2><ul class="map-chapters">{chapters_key}</ul>',
              f'<h2 id="downloads">Downloads</h2>', downloads_html(page, ["graph.svg", "references.graphml", "map.json"]),
              f'<h2 id="list">The references as a list</h2>',
              table_html(["Article", "Refers to (kind of reference)"], rows, "Articles and the articles they refer to")]
    body = WIDE + wrap(state, TITLE, *blocks)
    return Page(page, "Reference graph", body, nav=NAV, nav_title="Reference graph")


def implementation_pages(ctx: Context) -> list[Page]:
    return [checklist_page(ctx), options_page(ctx), graph_page(ctx)]


def downloads(ctx: Context) -> dict[str, str]:
    """The checklist (CSV, Markdown), the map (JSON), the graph (GraphML, SVG): name → text."""
    m = implementation_map(ctx)
    rows = checklist_rows(ctx)
    return {
        "checklist.csv": checklist_csv(rows),
        "checklist.md": checklist_markdown(rows, TITLE),
        "map.json": to_json(m),
        "references.graphml": to_graphml(m.edges, ctx.doc),
        "graph.svg": '<?xml version="1.0" encoding="UTF-8"?>\n' + graph_svg(ctx, GRAPH) + "\n",
    }


def write_downloads(site_dir: Path, ctx: Context, pages: list[Page]) -> int:
    """build.POST_BUILD: the downloads, written into the built site (kept between builds: site/derived.py)."""
    files = derived(ctx, "implementation downloads", lambda: downloads(ctx))
    assert set(files) == set(DOWNLOADS)
    for name, text in files.items():
        write_atomic(Path(site_dir) / DIR / name, text)
    return len(files)


__all__ = ["downloads", "implementation_pages", "write_downloads", "graph_svg"]
