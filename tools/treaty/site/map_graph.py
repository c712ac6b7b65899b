"""The typed reference graph drawn as SVG, in Python, at build time: the whole Convention at
article level (an arc diagram — articles in order along a line, chapters as bands, each
article-to-article reference an arc coloured by its type) and the small neighbourhood of one
article (who cites it, what it cites).

Self-contained: no script, no external font or image, links relative to the page that holds
the drawing; every number is formatted the same way so two builds are byte-identical.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from ..citation import Citation

#: one colour per edge type (Okabe–Ito, safe for colour-blind readers); "other" is grey
TYPE_COLOURS = {
    "in accordance with": "#0072B2",
    "applies": "#009E73",
    "subject to": "#D55E00",
    "mutatis mutandis": "#CC79A7",
    "notwithstanding": "#E69F00",
    "without prejudice to": "#56B4E9",
    "as defined in": "#8B6D00",
    "except as provided in": "#000000",
    "other": "#8A8A8A",
}
#: chapter bands alternate between two quiet fills
BANDS = ("#e8eaf6", "#f3f3f3")


@dataclass(frozen=True)
class Node:
    citation: Citation
    label: str          # "40"
    title: str          # "Article 40 — General principles …"
    chapter: str        # "V"
    href: str


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def dominant(types: dict[str, int]) -> str:
    """The type an arc is drawn in: the most frequent, "other" only when nothing else."""
    typed = {t: n for t, n in types.items() if t != "other"} or types
    return sorted(typed.items(), key=lambda kv: (-kv[1], list(TYPE_COLOURS).index(kv[0]) if kv[0] in TYPE_COLOURS else 99))[0][0]


def _describe(types: dict[str, int]) -> str:
    return ", ".join(f"{t} ×{n}" if n > 1 else t for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))


def legend_html(types: list[str]) -> str:
    items = "".join(f'<li><span class="map-swatch" style="background:{TYPE_COLOURS.get(t, "#8A8A8A")}"></span>{escape(t)}</li>' for t in types)
    return f'<ul class="map-legend" aria-label="Kinds of reference">{items}</ul>'


def convention_svg(nodes: list[Node], edges: dict[tuple[Citation, Citation], dict[str, int]], chapter_titles: dict[str, str]) -> str:
    """The arc diagram of the whole Convention."""
    step, left, top = 14.0, 24.0, 20.0
    pos = {n.citation: left + i * step for i, n in enumerate(nodes)}
    span = max((abs(pos[s] - pos[t]) for s, t in edges if s in pos and t in pos), default=step)
    base = top + span / 2 + 10
    width = left * 2 + step * (len(nodes) - 1)
    height = base + 70
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="map-graph" viewBox="0 0 {_f(width)} {_f(height)}" '
           f'width="{_f(width)}" height="{_f(height)}" aria-labelledby="map-graph-title map-graph-desc">',
           '<title id="map-graph-title">References between the articles of the Convention</title>',
           f'<desc id="map-graph-desc">{len(nodes)} articles in order, grouped by chapter; {len(edges)} pairs of articles '
           'joined by an arc from the citing article to the cited one, above the line, coloured by the kind of reference.</desc>',
           '<style>.map-graph text{font:9px sans-serif;fill:#222}.map-graph .ch{font-size:11px;font-weight:700}'
           '.map-graph a:focus circle,.map-graph a:hover circle{stroke:#000;stroke-width:2}'
           '.map-graph path{fill:none;stroke-opacity:.65}</style>']
    # chapter bands under the line
    groups: list[tuple[str, list[Node]]] = []
    for n in nodes:
        if not groups or groups[-1][0] != n.chapter:
            groups.append((n.chapter, []))
        groups[-1][1].append(n)
    for i, (ch, members) in enumerate(groups):
        x0, x1 = pos[members[0].citation] - step / 2, pos[members[-1].citation] + step / 2
        title = escape(f"Chapter {ch} — {chapter_titles.get(ch, '')}")
        out.append(f'<g><title>{title}</title><rect x="{_f(x0)}" y="{_f(base + 14)}" width="{_f(x1 - x0)}" height="34" fill="{BANDS[i % 2]}"/>'
                   f'<text class="ch" x="{_f((x0 + x1) / 2)}" y="{_f(base + 44)}" text-anchor="middle">{escape(ch)}</text></g>')
    # arcs, longest first so that short ones stay on top
    for (s, t), types in sorted(edges.items(), key=lambda kv: (-abs(pos[kv[0][0]] - pos[kv[0][1]]), kv[0][0].article_number, kv[0][1].article_number)):
        if s not in pos or t not in pos:
            continue
        x1, x2 = pos[s], pos[t]
        r = abs(x2 - x1) / 2
        sweep = 1 if x2 > x1 else 0
        n = sum(types.values())
        colour = TYPE_COLOURS.get(dominant(types), "#8A8A8A")
        out.append(f'<path d="M{_f(x1)} {_f(base)} A{_f(r)} {_f(r)} 0 0 {sweep} {_f(x2)} {_f(base)}" stroke="{colour}" '
                   f'stroke-width="{_f(1 + math.log2(n))}"><title>{escape(f"{s.canonical} → {t.canonical}: {_describe(types)}")}</title></path>')
    out.append(f'<line x1="{_f(left - step / 2)}" y1="{_f(base)}" x2="{_f(width - left + step / 2)}" y2="{_f(base)}" stroke="#999"/>')
    for n in nodes:
        x = pos[n.citation]
        out.append(f'<a href="{escape(n.href)}" aria-label="{escape(n.title)}"><title>{escape(n.title)}</title>'
                   f'<circle cx="{_f(x)}" cy="{_f(base)}" r="4" fill="#3f51b5"/>'
                   f'<text x="{_f(x)}" y="{_f(base + 11)}" text-anchor="middle">{escape(n.label)}</text></a>')
    out.append("</svg>")
    return "".join(out)


#: the neighbourhood drawing's own style: it is a document of its own (a file the article page
#: frames), which the site's stylesheets do not reach
NEIGHBOURHOOD_STYLE = ("<style>text{font:11px sans-serif;fill:#222}rect{stroke:#3f51b5}path{fill:none;stroke-opacity:.8}"
                       "a:focus rect,a:hover rect{stroke:#000;stroke-width:2}</style>")
#: its width in user units; its height follows from the number of rows (:func:`neighbourhood_size`)
NEIGHBOURHOOD_WIDTH = 520.0
_ROW = 24.0


def neighbourhood_size(cited_by: list, cites: list) -> tuple[float, float]:
    return NEIGHBOURHOOD_WIDTH, max(len(cited_by), len(cites), 1) * _ROW + 16


def neighbourhood_title(centre: Node, cited_by: list, cites: list) -> str:
    return f'{centre.citation.canonical}: {len(cited_by)} article{"s" if len(cited_by) != 1 else ""} refer to it, it refers to {len(cites)}'


def neighbourhood_svg(centre: Node, cited_by: list[tuple[Node, dict[str, int]]], cites: list[tuple[Node, dict[str, int]]]) -> str:
    """One article in the middle, the articles citing it on the left, those it cites on the right:
    a standalone SVG document (the article page frames it, so the page stays light), with its own
    style; it fills the frame it is shown in; each link opens in the whole window and is named by
    its <title>."""
    row, box_w, box_h = _ROW, 92.0, 18.0
    width, height = neighbourhood_size(cited_by, cites)
    mid = height / 2
    cx = width / 2
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<svg xmlns="http://www.w3.org/2000/svg" class="map-neighbourhood" viewBox="0 0 {_f(width)} {_f(height)}" '
           f'width="100%" height="100%" aria-labelledby="title">',
           f'<title id="title">{escape(neighbourhood_title(centre, cited_by, cites))}</title>', NEIGHBOURHOOD_STYLE]

    def box(node: Node, x: float, y: float, fill: str, link: bool = True) -> str:
        inner = (f'<rect x="{_f(x - box_w / 2)}" y="{_f(y - box_h / 2)}" width="{_f(box_w)}" height="{_f(box_h)}" rx="4" fill="{fill}" stroke="#3f51b5"/>'
                 f'<text x="{_f(x)}" y="{_f(y + 4)}" text-anchor="middle">{escape(node.citation.canonical)}</text>')
        if not link:
            return f"<g><title>{escape(node.title)}</title>{inner}</g>"
        return f'<a href="{escape(node.href)}" target="_top"><title>{escape(node.title)}</title>{inner}</a>'

    def side(items: list[tuple[Node, dict[str, int]]], x: float, incoming: bool) -> None:
        top = mid - (len(items) - 1) * row / 2
        for i, (node, types) in enumerate(items):
            y = top + i * row
            a = x + (box_w / 2 if incoming else -box_w / 2)
            b = cx + (-box_w / 2 if incoming else box_w / 2)
            colour = TYPE_COLOURS.get(dominant(types), "#8A8A8A")
            what = f"{node.citation.canonical} → {centre.citation.canonical}" if incoming else f"{centre.citation.canonical} → {node.citation.canonical}"
            out.append(f'<path d="M{_f(a)} {_f(y)} C{_f((a + b) / 2)} {_f(y)} {_f((a + b) / 2)} {_f(mid)} {_f(b)} {_f(mid)}" '
                       f'stroke="{colour}" stroke-width="{_f(1.5 + math.log2(sum(types.values())))}"><title>{escape(f"{what}: {_describe(types)}")}</title></path>')
            out.append(box(node, x, y, "#ffffff"))

    side(cited_by, box_w / 2 + 6, True)
    side(cites, width - box_w / 2 - 6, False)
    out.append(box(centre, cx, mid, "#e8eaf6", link=False))
    out.append("</svg>\n")
    return "".join(out)


__all__ = ["Node", "TYPE_COLOURS", "convention_svg", "neighbourhood_size", "neighbourhood_svg", "neighbourhood_title", "legend_html", "dominant"]
