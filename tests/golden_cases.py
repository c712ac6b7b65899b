"""What the golden files hold: whole-article outputs of `treaty show` (JSON and text), the outline,
the annotations: every reference (`treaty refs --json`) and every defined term with its uses,
search answers, site pages, the plain-text export of the Convention (convention.txt), and
`treaty link` on the commentary fixtures (HTML, Markdown, plain text, each with its JSON)."""

from __future__ import annotations

import json
from pathlib import Path

from treaty.annotate import annotate
from treaty.cli.shapes import outline_json, reference_json, unit_summary
from treaty.text import render_text
from treaty.exports import plain_text
from treaty.lookup import find

#: articles chosen for their shapes: items with roman items, text after lists, item-opened
#: paragraphs, letter (i), heading variants, page-break joins
GOLDEN_ARTICLES = [1, 2, 11, 13, 17, 19, 22, 23, 28, 29, 40, 47, 53, 65]


def render(doc, index=None) -> dict[str, str]:
    """Every golden output; ``index``: the search index of ``doc`` alone, when the caller has it."""
    files = {}
    for n in GOLDEN_ARTICLES:
        unit = find(doc, f"Article {n}")
        files[f"article-{n:02d}.json"] = json.dumps(unit_summary(unit), ensure_ascii=False, indent=2) + "\n"
        files[f"article-{n:02d}.txt"] = render_text(unit) + "\n"
    files["outline.json"] = json.dumps([outline_json(p) for p in doc.parts], ensure_ascii=False, indent=2) + "\n"
    ann = annotate(doc)
    files["references.json"] = json.dumps([reference_json(r, with_source=True) for r in ann.references], ensure_ascii=False, indent=2) + "\n"
    files["terms.json"] = json.dumps([terms_json(d, ann) for d in ann.definitions], ensure_ascii=False, indent=2) + "\n"
    files.update(render_search(doc, index))
    files.update(site_pages(doc))
    files["convention.txt"] = plain_text(doc)
    files.update(render_links(doc))
    return files


#: `treaty search --json` answers: a citation, a filter, a question, misspellings, an abbreviation
GOLDEN_SEARCHES = ["Art. 40(21)", "kind:note", "can a state refuse mutual legal assistance", "extradtion of nationls", "MLA"]


def render_search(doc, index=None) -> dict[str, str]:
    import re
    import tempfile
    from pathlib import Path

    from treaty.search import build_index, search

    def answers(index) -> dict[str, str]:
        return {"search-" + re.sub(r"[^a-z0-9]+", "-", q.lower()).strip("-") + ".json":
                json.dumps(search(index, q).to_json(), ensure_ascii=False, indent=2) + "\n" for q in GOLDEN_SEARCHES}

    if index is not None:
        return answers(index)
    with tempfile.TemporaryDirectory() as tmp, build_index(doc, Path(tmp) / "index") as index:
        return answers(index)


def terms_json(definition, ann) -> dict:
    """One defined term, its scope and every use (source citation, field, span)."""
    uses = [u for u in ann.term_uses if u.term == definition.term and u.defined_in == definition.defined_in
            and definition.scope.contains(u.source)]
    return {
        "term": definition.term,
        "defined_in": definition.defined_in.canonical,
        "scope": definition.scope.canonical,
        "uses": [f"{u.source.canonical} [{u.field} {u.start}:{u.end}] {u.text}" for u in uses],
    }


#: site pages kept whole (pretty-printed for reviewable diffs): an article with items, a
#: definitions article, the article that carries the final clause and footnote
GOLDEN_SITE_PAGES = ["articles/2.html", "articles/40.html", "articles/68.html"]


def site_pages(doc) -> dict[str, str]:
    from bs4 import BeautifulSoup

    from treaty.annotate import annotate
    from treaty.site.pages import make_pages
    from treaty.site.render import Context

    pages = {p.path: p for p in make_pages(Context.make(doc, annotate(doc)))}
    return {"site-" + path.replace("/", "-").replace(".html", ".html.txt"): BeautifulSoup(pages[path].body, "html.parser").prettify()
            for path in GOLDEN_SITE_PAGES}


#: fixtures under tests/fixtures/link/ linked with this base URL
LINK_FIXTURES = ["commentary.html", "commentary.md", "commentary.txt"]
LINK_BASE_URL = "https://example.org/uncc/"


def render_links(doc) -> dict[str, str]:
    from treaty.adapters.html import link_html
    from treaty.adapters.markdown import link_markdown
    from treaty.link import Linker, link_text
    from treaty.link import render_text as render_links_text

    files = {}
    for name in LINK_FIXTURES:
        src = (Path(__file__).parent / "fixtures" / "link" / name).read_text(encoding="utf-8")
        linker = Linker(doc)
        if name.endswith(".html"):
            out, result = link_html(src, linker, LINK_BASE_URL)
        elif name.endswith(".md"):
            out, result = link_markdown(src, linker, LINK_BASE_URL)
        else:
            result = link_text(src, doc, linker=linker)
            out = render_links_text(src, result, LINK_BASE_URL)
        stem, ext = name.rsplit(".", 1)
        files[f"link-{stem}.{ext}"] = out
        files[f"link-{stem}.{ext}.json"] = json.dumps(result.as_json(LINK_BASE_URL), ensure_ascii=False, indent=2) + "\n"
    return files
