"""What the golden files hold: whole-article outputs of `treaty show` (JSON and text) and the outline."""

from __future__ import annotations

import json

from treaty.cli import outline_json, render_text, unit_summary
from treaty.lookup import find

#: articles chosen for their shapes: items with roman items, text after lists, item-opened
#: paragraphs, letter (i), heading variants, page-break joins
GOLDEN_ARTICLES = [1, 2, 11, 13, 17, 19, 22, 23, 28, 29, 40, 47, 53, 65]


def render(doc) -> dict[str, str]:
    files = {}
    for n in GOLDEN_ARTICLES:
        unit = find(doc, f"Article {n}")
        files[f"article-{n:02d}.json"] = json.dumps(unit_summary(unit), ensure_ascii=False, indent=2) + "\n"
        files[f"article-{n:02d}.txt"] = render_text(unit) + "\n"
    files["outline.json"] = json.dumps([outline_json(p) for p in doc.parts], ensure_ascii=False, indent=2) + "\n"
    files.update(site_pages(doc))
    return files


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
