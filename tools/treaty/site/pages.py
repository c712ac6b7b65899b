"""Corpus + annotations → the site's pages (Markdown files holding our own HTML).

Every page path of a provision comes from ``Citation.page``; a page generator is a function
``Context -> list[Page]`` and ``PAGE_GENERATORS`` lists them in navigation order, so another
stage (the citation linker's ``cite/`` pages, exports) adds pages by appending a generator.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from ..cache import digest
from ..citation import Citation
from ..editorial.annotations import PAGE as EDITORIAL_PAGE, page_html as editorial_page_html
from ..corpus import counts
from ..exports import EXPORTS, jsonld_script
from .citing import report_date
from ..model import TermDefinition, Unit
from .cite import cite_page
from .implementation import chapter_block, neighbourhood_aside
from .fulltext import full_text
from .implementation_pages import implementation_pages
from .layout import Page, articles, chapters, wrap
from .derived import keep_each, key_of, pickled, with_files
from . import previews
from .origins import comparison_pages, concordance_page, origins_aside
from .subject_index import subject_pages, subjects_aside
from ..settings import CITATIONS_DOC, CORPUS_PATH, PART_TITLES, SCHEMA_PATH, TITLE
from .render import Context, PageState, citers_html, clip, esc, footnotes_html, href, site_root, term_slug, text_html, unit_html

#: how a copied citation names the instrument, by part of the document
INSTRUMENT = {
    "convention": TITLE,
    "notes": TITLE,
    "resolution": f"draft resolution on the {TITLE}",
    "report": f"report of the Third Committee on the {TITLE}",
}


def _body(ctx: Context, state: PageState, part: str, *blocks: str) -> str:
    return wrap(state, INSTRUMENT[part], *blocks, footnotes_html(ctx, state), part=part)


def jsonld_base(ctx: Context, page: str) -> str:
    """How JSON-LD on ``page`` starts its URLs: the public base URL, else the way to the site root."""
    return ctx.base_url or site_root(page)


def chapter_title(ch: Unit) -> str:
    return f"{ch.display_num} — {ch.heading}"


def article_title(a: Unit) -> str:
    return f"{a.display_num} — {a.heading}" if a.heading else str(a.display_num)


def _link(c: Citation, page: str, text: str | None = None) -> str:
    return f'<a href="{esc(href(c.url, page))}">{esc(text or c.canonical)}</a>'


# -- home -------------------------------------------------------------------------------------
def _work(ctx: Context, title_unit: Unit) -> dict:
    """What the home page's JSON-LD says of the work beyond its address: title and adoption."""
    adoption = ctx.citing.adoption if ctx.citing else {}
    work: dict = {"alternateName": title_unit.text}
    if adoption:
        work["legislationDate"] = adoption["iso_date"]
        work["legislationPassedBy"] = {"@type": "Organization", "name": "United Nations General Assembly"}
    return work


def home(ctx: Context) -> list[Page]:
    page = Citation("convention").page
    state = PageState(page)
    conv = ctx.doc.part("convention")
    n = counts(ctx.doc)
    title_unit = next(u for u in conv.children if u.kind == "title")
    adopts = ctx.units.get(Citation("resolution", (("paragraph", "2"),)))
    date = report_date(ctx.doc)
    intro = (f'<p class="lead">The {esc(TITLE)} is a treaty negotiated under the United Nations on criminal offences committed by means of '
             f'information and communications technology systems and on international cooperation in collecting evidence in electronic form. '
             f'This site gives its text article by article, with every paragraph, lettered item and roman item addressable, cross-referenced '
             f'and searchable, together with the {_link(Citation("notes"), page, "interpretative notes")}, the '
             f'{_link(Citation("resolution"), page, "draft resolution")} that adopts it and the {_link(Citation("report"), page, "report")} that recommends it.</p>')
    status = (f'<p class="status"><strong>Status:</strong> text annexed to the draft resolution recommended to the General Assembly by its Third Committee'
              + (f" (report of {esc(date)})" if date else "") + ". "
              + (f'{_link(adopts.citation, page)}: <q>{text_html(ctx, state, adopts, "text")}</q>' if adopts else "")
              + "</p>")
    figures = (f'<p class="figures">{n["chapters"]} chapters · {n["articles"]} articles · {n["paragraphs"]} paragraphs · {n["items"]} lettered items · '
               f'{n["roman_items"]} roman items · {n["preambular_paragraphs"]} preambular paragraphs · {n["interpretative_notes"]} interpretative notes. '
               f'Source SHA-256 <code>{esc(ctx.doc.source_sha256[:16])}…</code> (<a href="downloads.html">downloads</a>).</p>')
    toc = ['<nav class="toc" aria-labelledby="contents"><h2 id="contents">Contents</h2><ul class="toc-chapters">',
           f'<li>{_link(Citation("convention", (("preamble", ""),)), page, "Preamble")}</li>']
    for ch in chapters(ctx):
        arts = "".join(f'<li><a href="{esc(href(a.citation.url, page))}"><span class="toc-num">{esc(a.display_num)}</span> {esc(a.heading or "")}</a></li>'
                       for a in ch.children if a.kind == "article")
        toc.append(f'<li><a class="toc-chapter" href="{esc(href(ch.citation.url, page))}">{esc(chapter_title(ch))}</a><ol class="toc-articles">{arts}</ol></li>')
    toc.append(f'<li>{_link(Citation("notes"), page, PART_TITLES["notes"])}</li>')
    toc.append('<li><a href="full-text.html">Full text: the whole Convention and its notes on one page, to print or save</a></li>')
    if ctx.editorial:
        toc.append(f'<li><a href="{esc(href(EDITORIAL_PAGE, page))}">Annotations</a></li>')
    toc.append('<li><a href="glossary.html">Definitions</a> · <a href="how-to-cite.html">How to cite</a></li>')
    toc.append(f'<li>{_link(Citation("resolution"), page, PART_TITLES["resolution"])} · {_link(Citation("report"), page, PART_TITLES["report"])}</li></ul></nav>')
    body = wrap(state, TITLE, f'<h1 id="top">{esc(TITLE)}</h1>',
                f'<p class="doc-title" id="{title_unit.citation.id}">{text_html(ctx, state, title_unit, "text")}</p>',
                intro, status, figures, "".join(toc)) + jsonld_script(conv, jsonld_base(ctx, page), text=False, extra=_work(ctx, title_unit)) + "\n"
    return [Page(page, "Home", body, nav_title="Home")]


# -- the Convention ---------------------------------------------------------------------------
def preamble(ctx: Context) -> list[Page]:
    unit = next(u for u in ctx.doc.part("convention").children if u.kind == "preamble")
    state = PageState(unit.citation.page)
    return [Page(unit.citation.page, "Preamble", _body(ctx, state, "convention", unit_html(ctx, state, unit, 1)))]


def _article_nav(ctx: Context, state: PageState, i: int, arts: list[Unit], where: str) -> str:
    prev = _link(arts[i - 1].citation, state.page, f"← {arts[i - 1].display_num}") if i > 0 else '<span></span>'
    nxt = _link(arts[i + 1].citation, state.page, f"{arts[i + 1].display_num} →") if i + 1 < len(arts) else '<span></span>'
    return f'<nav class="article-nav" aria-label="Previous and next article ({where})">{prev}{nxt}</nav>'


def _cited_whole_aside(ctx: Context, state: PageState, article: Unit) -> str:
    """Provisions citing the article as a whole (those citing a paragraph are listed under it)."""
    sources = ctx.cited_whole_by.get(article.citation, [])
    if not sources:
        return ""
    c = article.citation
    return (f'<aside class="article-refby" aria-labelledby="{c.id}-refby"><h2 id="{c.id}-refby">{esc(c.canonical)} is referred to by</h2>'
            f'<p class="prov-refby">{citers_html(ctx, state, sources)}</p></aside>')


def _notes_aside(ctx: Context, state: PageState, article: Unit) -> str:
    notes = ctx.notes_on.get(article.citation, [])
    if not notes:
        return ""
    items = "".join(f'<li><p>{_link(n.citation, state.page)}: {text_html(ctx, state, n, "text")}</p></li>' for n in notes)
    return (f'<aside class="article-notes" aria-labelledby="{article.citation.id}-notes"><h2 id="{article.citation.id}-notes">Interpretative notes on this article</h2>'
            f"<ul>{items}</ul></aside>")


#: Blocks shown after an article's text: ``aside(ctx, state, article) -> html`` ('' for none).
#: Another stage adds its own by appending; ``site_root(state.page)`` gives the prefix for its links.
#: (Editorial annotations are shown beside each provision they target, by ``render.editorial_html``.)
ARTICLE_ASIDES: list[Callable[[Context, PageState, Unit], str]] = [_cited_whole_aside, _notes_aside, neighbourhood_aside, subjects_aside, origins_aside]


#: Blocks shown on a chapter page after its list of articles: ``block(ctx, state, chapter) -> html``.
CHAPTER_BLOCKS: list[Callable[[Context, PageState, Unit], str]] = [chapter_block]


def article_page(ctx: Context, i: int, arts: list[Unit]) -> Page:
    art = arts[i]
    conv = ctx.doc.part("convention")
    after = [u for u in conv.children if u.kind not in ("title", "preamble", "chapter")]  # the final clause
    chapter = next(c for c in chapters(ctx) if art in c.children)
    state = PageState(art.citation.page)
    crumbs = f'<p class="breadcrumb">{_link(chapter.citation, state.page, chapter_title(chapter))}</p>'
    extra = [u for u in after if u.citation.page == state.page]
    body = _body(ctx, state, "convention", _article_nav(ctx, state, i, arts, "top"), crumbs, unit_html(ctx, state, art, 1),
                 *(unit_html(ctx, state, u, 2) for u in extra),
                 *(aside(ctx, state, art) for aside in ARTICLE_ASIDES), _article_nav(ctx, state, i, arts, "bottom")) + jsonld_script(art, jsonld_base(ctx, state.page), text=False, parts=False) + "\n"
    return Page(art.citation.page, f"{art.display_num} — {art.heading}" if art.heading else str(art.display_num), body,
                nav=(chapter_title(chapter),), nav_title=article_title(art))


def article_pages(ctx: Context) -> list[Page]:
    """Every article's page.  Of the editorial annotations, a page shows those on its provisions
    only: each page is kept between builds (site/derived.py) under the key of the article pages
    (what they read but the annotations), the base URL and those annotations, so an edited note
    makes again the pages it is shown on."""
    arts = articles(ctx)
    notes: dict[str, list] = {}
    for a in ctx.editorial:
        for page in dict.fromkeys(t.page for t in a.targets):
            notes.setdefault(page, []).append(a)
    items = {f"{i}:{art.citation.page}:".encode("utf-8") + pickled(notes.get(art.citation.page, [])): i for i, art in enumerate(arts)}
    key = key_of(ctx, "article pages")

    def make(wanted: list[bytes]) -> list[tuple[Page, dict[str, str]]]:
        return [with_files(ctx, lambda: article_page(ctx, items[item], arts)) for item in wanted]

    made = keep_each(key and digest([key, ctx.base_url]), "article pages", list(items), make)
    for _, files in made:
        ctx.files.update(files)
    return [page for page, _ in made]


def chapter_pages(ctx: Context) -> list[Page]:
    pages = []
    for ch in chapters(ctx):
        state = PageState(ch.citation.page)
        items = []
        for a in ch.children:
            paras = sum(1 for u in a.children if u.kind == "paragraph")
            size = f'<span class="toc-size">{paras} paragraph{"s" if paras != 1 else ""}</span>' if paras else ""
            items.append(f'<li><a href="{esc(href(a.citation.url, state.page))}"><span class="toc-num">{esc(a.display_num)}</span> {esc(a.heading or "")}</a> {size}</li>')
        body = _body(ctx, state, "convention", f'<h1 id="{ch.citation.id}"><span class="heading-num">{esc(ch.display_num)}</span><span class="sep"> — </span>{esc(ch.heading or "")}</h1>',
                     f'<ol class="toc-articles">{"".join(items)}</ol>', *(block(ctx, state, ch) for block in CHAPTER_BLOCKS))
        pages.append(Page(ch.citation.page, chapter_title(ch), body, nav=(chapter_title(ch),), nav_title=f"{ch.display_num}: overview"))
    return pages


def convention_pages(ctx: Context) -> list[Page]:
    """Chapter contents page first, then its articles, so the navigation groups them."""
    by_chapter: dict[str, list[Page]] = {}
    for p in chapter_pages(ctx) + article_pages(ctx):
        by_chapter.setdefault(p.nav[0], []).append(p)
    return [p for group in by_chapter.values() for p in group]


# -- the other parts --------------------------------------------------------------------------
def _part_page(ctx: Context, name: str, title: str) -> Page:
    part = ctx.doc.part(name)
    state = PageState(part.citation.page)
    blocks = [f'<h1 id="{part.citation.id}">{esc(title)}</h1>']
    if part.label:
        blocks.append(f'<p class="label">{esc(part.label)}</p>')
    blocks += [unit_html(ctx, state, ch, 2) for ch in part.children]
    return Page(part.citation.page, title, _body(ctx, state, name, *blocks))


def notes_page(ctx: Context) -> list[Page]:
    return [_part_page(ctx, "notes", PART_TITLES["notes"])]


def resolution_page(ctx: Context) -> list[Page]:
    return [_part_page(ctx, "resolution", PART_TITLES["resolution"])]


def report_page(ctx: Context) -> list[Page]:
    return [_part_page(ctx, "report", PART_TITLES["report"])]


# -- reference pages --------------------------------------------------------------------------
def _scope_label(d: TermDefinition) -> str:
    """' — in Article 23' for a term defined for one provision only; '' for the whole Convention."""
    if d.scope == Citation("convention"):
        return ""
    return f' <span class="scope-label">— in {esc(d.scope.canonical)}</span>'


def glossary(ctx: Context) -> list[Page]:
    page = "glossary.html"
    state = PageState(page)
    defs = sorted(ctx.annotations.definitions, key=lambda d: (d.term.casefold(), d.defined_in))
    uses: dict[str, int] = {}
    for u in ctx.annotations.term_uses:
        uses[term_slug(u.term)] = uses.get(term_slug(u.term), 0) + 1
    rows = []
    anchors: list[tuple[str, TermDefinition]] = []
    seen = set()
    for d in defs:
        slug = term_slug(d.term)
        anchor = slug if slug not in seen else f"{slug}-{d.defined_in.id}"
        seen.add(anchor)
        anchors.append((anchor, d))
        scoped = d.scope != Citation("convention")
        scope = f' <span class="scope">(for the purposes of {_link(d.scope, page)} only)</span>' if scoped else ""
        count = uses.get(slug, 0)
        used = f' <span class="uses">Used {count} time{"s" if count != 1 else ""} in the text.</span>' if count else ""
        rows.append(f'<dt id="{anchor}"><dfn>{esc(d.term)}</dfn>{_scope_label(d)}</dt><dd><p>{esc(d.definition)}</p>'
                    f'<p class="defined-in">Defined in {_link(d.defined_in, page)}{scope}.{used}</p></dd>')
    intro = (f'<p>The terms the Convention defines, in alphabetical order, each with the provision that defines it. In the text, a defined term is '
             f'<a class="term" href="#glossary">marked like this</a>: hover over it (or focus it) to read its definition.</p>')
    if not rows:
        intro += "<p>No definitions were found by the annotating stage.</p>"
    twice = {t for t in (d.term for _, d in anchors) if sum(1 for _, e in anchors if e.term == t) > 1}
    index = "".join(f'<li><a href="#{a}">{esc(d.term)}{_scope_label(d)}</a>'
                    f'{f" ({esc(d.defined_in.canonical)})" if d.term in twice and d.scope == Citation("convention") else ""}</li>'
                    for a, d in anchors)
    body = wrap(state, TITLE, '<h1 id="glossary">Definitions</h1>', intro,
                f'<nav aria-label="Defined terms"><ul class="glossary-index">{index}</ul></nav>' if anchors else "",
                f'<dl class="glossary">{"".join(rows)}</dl>')
    return [Page(page, "Definitions", body)]


def how_to_cite(ctx: Context) -> list[Page]:
    """docs/citations.md (the scheme's one description) with the copied forms in front."""
    example = Citation.article(40, 21, "b")
    url = (ctx.base_url or "https://…/") + example.url
    forms = ctx.citing.forms(example, url)
    text = CITATIONS_DOC.read_text(encoding="utf-8")
    lines = text.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    head = ("# How to cite\n\n"
            "Every provision has a canonical citation, an id and a URL that do not change. "
            "Hover over a provision (or move to it with the Tab key; on a phone the buttons are always shown) and press the copy "
            "button in the margin: it offers the citation in three forms.\n\n"
            + "".join(f"- **{name.capitalize()}**: {esc(form)}\n" for name, form in forms.items()) + "\n"
            "The ¶ sign next to it is the permalink to the provision. "
            + ("" if ctx.base_url else "This copy of the site has no public base URL, so a copied link is the address the page was opened at. ")
            + "The date and the number of the General Assembly's resolution are not in the source text (the Third Committee's report of "
            f"{report_date(ctx.doc)}, which precedes the adoption): they come from the General Assembly's records.\n\n"
            "## The scheme\n")
    body = head + "\n".join(lines).replace("\n## ", "\n### ") + "\n"
    return [Page("how-to-cite.html", "How to cite", body)]


def annotations_page(ctx: Context) -> list[Page]:
    """Every editorial annotation, with its targets and sources; each is also beside its provisions."""
    if not ctx.editorial:
        return []
    state = PageState(EDITORIAL_PAGE)
    body = wrap(state, TITLE, '<h1 id="annotations">Annotations</h1>', editorial_page_html(ctx.editorial, site_root(EDITORIAL_PAGE)))
    return [Page(EDITORIAL_PAGE, "Annotations", body)]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def downloads(ctx: Context) -> list[Page]:
    files = {"downloads/convention.json": CORPUS_PATH, "downloads/schema/convention.schema.json": SCHEMA_PATH}
    rows = []
    what = {CORPUS_PATH: "The whole parsed corpus: every unit with its citation, id, eId, URL, text, marks and source lines.",
            SCHEMA_PATH: "The JSON Schema (draft 2020-12) the corpus follows."}
    # the exports (treaty.exports), built with the site; convention.json is the corpus file above
    for name, path in ctx.exports.items():
        if name != "convention.json":
            files[f"downloads/{name}"] = path
            what[path] = EXPORTS[name][1] if name in EXPORTS else "SHA-256 checksums of the files in downloads/ (sha256sum -c SHA256SUMS)."
    for dest, src in files.items():
        size = src.stat().st_size
        rows.append(f'<tr><td><a href="{esc(dest)}" download>{esc(Path(dest).name)}</a></td><td>{esc(what[src])}</td>'
                    f'<td>{size / 1024:,.0f} KiB</td><td><code>{_sha256(src)}</code></td></tr>')
    state = PageState("downloads.html")
    body = wrap(state, TITLE, '<h1 id="downloads">Downloads</h1>',
                "<p>The data this site is built from, under the same terms as the site. The corpus carries its schema's "
                "relative location in <code>$schema</code>.</p>",
                '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table><thead><tr><th scope="col">File</th><th scope="col">What it holds</th>'
                f'<th scope="col">Size</th><th scope="col">SHA-256</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div></div>')
    return [Page("downloads.html", "Downloads", body, files=files)]


def cite_pages(ctx: Context) -> list[Page]:
    """``cite/index.html``: the citation resolver (``site/cite.py``)."""
    return [Page("cite/index.html", "Cite a provision", '<h1 id="cite">Cite a provision</h1>\n' + cite_page(ctx.doc))]


#: Page generators in navigation order; later stages append theirs (``Context -> list[Page]``).
PAGE_GENERATORS: list[Callable[[Context], list[Page]]] = [
    home, preamble, convention_pages, notes_page, full_text, glossary, subject_pages, concordance_page, comparison_pages, annotations_page,
    implementation_pages, resolution_page, report_page, how_to_cite, cite_pages, downloads,
]


def make_pages(ctx: Context, generators=None) -> list[Page]:
    """Every page; the previews their links need are taken out of them into one shared table,
    ``ctx.derived["previews"]`` (``site/previews.py``), written beside the pages as a script."""
    pages = [p for g in (generators or PAGE_GENERATORS) for p in g(ctx)]
    seen: set[str] = set()
    for p in pages:
        if p.path in seen:
            raise ValueError(f"two pages claim {p.path}")
        seen.add(p.path)
    ctx.derived["previews"] = previews.share(pages)
    ctx.files[previews.SCRIPT_PATH] = previews.script(ctx.derived["previews"])
    return pages


def nav(pages: list[Page]) -> list:
    """MkDocs ``nav``: pages grouped by their ``nav`` sections, in first-appearance order."""
    out: list = []
    sections: dict[tuple[str, ...], list] = {(): out}
    for p in pages:
        for depth in range(1, len(p.nav) + 1):
            key = p.nav[:depth]
            if key not in sections:
                sections[key] = []
                sections[key[:-1]].append({key[-1]: sections[key]})
        sections[p.nav].append({p.nav_title or p.title: p.source})
    return out


__all__ = ["Page", "PAGE_GENERATORS", "make_pages", "nav", "INSTRUMENT", "clip"]
