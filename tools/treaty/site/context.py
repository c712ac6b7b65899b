"""What every page of the site is rendered with: the indexes a build makes once (``Context``),
what one page collects while it is written (``PageState``) and the small HTML helpers (escaping,
relative links, clipping).  Below ``render`` and the pages so that any stage can use them.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..citation import Citation
from ..model import PROVISIONS, Annotations, Document, Footnote, Reference, TermDefinition, TermUse, Unit
from .citing import Style, load_style



def site_root(page: str) -> str:
    """The way back to the site root from ``page`` ('../' from 'articles/40.html')."""
    return "../" * page.count("/")


#: how long a hover preview of a provision may be before it is cut (characters)
PREVIEW_CHARS = 480
#: the attribute naming the previews of a link (space-separated keys of the shared previews,
#: ``site/previews.py``, or ids of provisions on the page).  Not ``data-preview``: mkdocs-material treats links with that
#: attribute as its own "instant previews" and fetches sitemap.xml for them.
PREVIEW_ATTR = "data-peek"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def href(url: str, page: str) -> str:
    """``url`` (site-root relative, from ``Citation.url``) as seen from ``page``."""
    target, _, frag = url.partition("#")
    if target == page:
        return "#" + frag if frag else posixpath.basename(page)
    rel = _relpath(target, posixpath.dirname(page) or ".")
    return rel + ("#" + frag if frag else "")


@lru_cache(maxsize=8192)
def _relpath(target: str, start: str) -> str:
    """``posixpath.relpath``, once for each pair (a site has a few thousand links to a few hundred pages)."""
    return posixpath.relpath(target, start)


def term_slug(term: str) -> str:
    """The glossary anchor of a defined term: 'term-service-provider'."""
    word = "".join(c if c.isalnum() else "-" for c in term.casefold())
    return "term-" + "-".join(x for x in word.split("-") if x)


def clip(text: str, limit: int = PREVIEW_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + " …"


# -- the indexes a page needs, made once per build --------------------------------------------
@dataclass
class Context:
    doc: Document
    annotations: Annotations
    units: dict[Citation, Unit] = field(default_factory=dict)
    refs: dict[tuple[Citation, str], list[Reference]] = field(default_factory=lambda: defaultdict(list))
    uses: dict[tuple[Citation, str], list[TermUse]] = field(default_factory=lambda: defaultdict(list))
    definitions: dict[Citation, list[TermDefinition]] = field(default_factory=lambda: defaultdict(list))
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    footnotes_by_page: dict[str, list[Footnote]] = field(default_factory=lambda: defaultdict(list))
    #: article → interpretative notes that concern it
    notes_on: dict[Citation, list[Unit]] = field(default_factory=lambda: defaultdict(list))
    #: article → provisions that cite the article as a whole ("article 40"), in document order
    cited_whole_by: dict[Citation, list[Citation]] = field(default_factory=lambda: defaultdict(list))
    #: the editorial annotations (corpus/annotations/, treaty.editorial.annotations), and by target provision
    editorial: list = field(default_factory=list)
    editorial_on: dict[Citation, list] = field(default_factory=dict)
    #: export files offered on the downloads page: file name → built file
    exports: dict[str, Path] = field(default_factory=dict)
    #: the public base URL ('https://…/', from the build) or '' when none is configured
    base_url: str = ""
    #: how copied citations are written (site.citing)
    citing: Style | None = None
    #: data a later stage derives once per build (the implementation map: site/implementation.py)
    derived: dict = field(default_factory=dict)
    #: files a stage writes beside the pages, shared by them or framed in them (site-relative
    #: path → text): the shared previews, the subjects of each article, the neighbourhood drawings
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def make(cls, doc: Document, annotations: Annotations, editorial: list = ()) -> Context:
        from ..editorial.annotations import by_target

        ctx = cls(doc, annotations, units=doc.index(), editorial=list(editorial), editorial_on=by_target(editorial),
                  citing=load_style(doc))
        for r in annotations.references:
            ctx.refs[r.source, r.field].append(r)
            for t in r.targets:
                if t.kind == "article" and not t.contains(r.source) and r.source not in ctx.cited_whole_by[t]:
                    ctx.cited_whole_by[t].append(r.source)
        for u in annotations.term_uses:
            ctx.uses[u.source, u.field].append(u)
        for d in annotations.definitions:
            ctx.definitions[d.defined_in].append(d)
        for f in doc.footnotes:
            ctx.footnotes[f.citation.canonical] = f
            ctx.footnotes_by_page[f.citation.page].append(f)
        for unit in doc.part("notes").walk():
            if unit.kind == "note":
                for art in unit.concerns:
                    ctx.notes_on[art].append(unit)
        return ctx

    def definition_of(self, use: TermUse) -> TermDefinition | None:
        for d in self.definitions.get(use.defined_in, ()):
            if d.term.casefold() == use.term.casefold():
                return d
        found = self.definitions.get(use.defined_in, ())
        return found[0] if found else None


@dataclass
class PageState:
    """What rendering one page collects: the previews its links need (``{key: {"c": citation,
    "d": heading (articles, chapters, groups), "t": text, "u": URL from the site root}}``),
    written at the end of the page body and gathered from every page into one shared file
    (``site/previews.py``): a preview reads the same whichever page links to it."""

    page: str
    previews: dict[str, dict] = field(default_factory=dict)
    #: (unit, term) pairs already marked on this page
    marked_terms: set = field(default_factory=set)
    #: editorial annotations already shown in full on this page
    editorial_shown: set = field(default_factory=set)
    #: (provision, citing provision) pairs whose backlink is shown once for a run of provisions
    cited_in_run: set = field(default_factory=set)
    #: other pages whose units this page shows too (the full text): links to them stay on this page
    merged: frozenset = frozenset()
    #: whether editorial annotations are shown beside their provisions
    show_editorial: bool = True

    def shows(self, page: str) -> bool:
        return page == self.page or page in self.merged

    def link(self, c: Citation) -> str:
        """The href of ``c`` from this page."""
        return "#" + c.id if c.page in self.merged else href(c.url, self.page)

    def preview_unit(self, ctx: Context, c: Citation) -> str:
        """The preview key of ``c``: its id.  A provision shown on this page is previewed from the
        page itself (the script reads the element with that id), so only others are inlined."""
        key = c.id
        unit = ctx.units.get(c)
        if unit is not None and unit.kind in PROVISIONS and self.shows(c.page) and "#" in c.url:
            return key
        if key not in self.previews:
            preview = {"c": c.canonical, "t": clip(unit.full_text() if unit else ""), "u": c.url}
            if unit is not None and unit.heading and unit.kind in ("article", "chapter", "group"):
                preview["d"] = unit.heading
            self.previews[key] = preview
        return key

    def preview_definition(self, d: TermDefinition) -> str:
        key = "def:" + term_slug(d.term)[5:]
        if key not in self.previews:
            where = d.defined_in.canonical
            if d.scope != Citation("convention"):
                where += f", for the purposes of {d.scope.canonical}"
            self.previews[key] = {"c": f"“{d.term}” — {where}", "t": clip(d.definition), "u": d.defined_in.url}
        return key

    def script(self) -> str:
        data = json.dumps(dict(sorted(self.previews.items())), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return f'<script type="application/json" id="treaty-previews">{data}</script>'
