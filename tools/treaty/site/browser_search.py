"""Browser search that lands on the paragraph: one entry per citable unit.

mkdocs-material indexes a page in sections that start at headings with an id, so a paragraph is
not findable on its own.  After ``mkdocs build`` this step replaces the entries of every corpus
page by one page entry plus one entry per unit (location = ``Citation.url``, title = the
canonical citation) and rewrites both ``search/search_index.json`` and the ``search_index.js``
copy that the offline plugin made for ``file://``.  It is a step of our pipeline, not a MkDocs
hook, so it survives a change of site generator.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from ..corpus import write_atomic
from ..model import Unit
from .pages import Page
from .render import Context

INDEX_JSON = Path("search") / "search_index.json"
INDEX_JS = Path("search") / "search_index.js"
#: a provision ranks above the items inside it when a query ("40(21)") matches both equally
BOOST = {"paragraph": 1.6, "item": 1.3}
#: what the offline plugin writes before the JSON (``var __index = {...}``)
JS_PREFIX = "var __index = "


def _text(*parts: str | None) -> str:
    return html.escape(" ".join(p for p in parts if p).strip(), quote=False)


def unit_entry(unit: Unit) -> dict | None:
    """A unit's own words (not its children's: they have their own entries)."""
    c = unit.citation
    if "#" not in c.url:
        return None
    title = c.canonical
    if unit.heading and unit.kind in ("section", "subsection", "group", "chapter"):
        title = f"{c.canonical}: {unit.heading}"
    # a unit whose words are all in its children (an item made of roman items) shows them
    text = _text(unit.text, unit.tail) or _text(unit.full_text())
    if not text and not unit.heading:
        return None
    entry = {"location": c.url, "title": html.escape(title, quote=False), "text": text}
    if unit.kind in BOOST:
        entry["boost"] = BOOST[unit.kind]
    return entry


def page_entries(ctx: Context, page: Page) -> list[dict]:
    """The page entry (what the page is) followed by one entry per unit on it."""
    root = next((u for u in page.units if u.citation.url == page.path), None)
    lead = _text(root.heading, root.text, root.tail) if root is not None else ""
    entries = [{"location": page.path, "title": html.escape(page.title, quote=False), "text": lead}]
    for unit in page.units:
        entry = unit_entry(unit)
        if entry is not None and entry["location"].startswith(page.path + "#"):
            entries.append(entry)
    for fn in ctx.footnotes_by_page.get(page.path, []):
        entries.append({"location": fn.citation.url, "title": fn.citation.canonical, "text": _text(fn.text)})
    entries.extend(page.entries)  # e.g. one per editorial annotation on the Annotations page
    return entries


def extend(index: dict, ctx: Context, pages: list[Page]) -> dict:
    """Material's index with the entries of our corpus pages replaced by per-unit entries."""
    ours = {p.path: p for p in pages if p.units or p.entries}
    docs: list[dict] = []
    done: set[str] = set()
    for doc in index.get("docs", []):
        path = doc["location"].split("#", 1)[0]
        if path not in ours:
            docs.append(doc)
        elif path not in done:
            docs.extend(page_entries(ctx, ours[path]))
            done.add(path)
    for path, page in ours.items():
        if path not in done:
            docs.extend(page_entries(ctx, page))
    return {**index, "docs": docs}


def dumps(index: dict) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def rewrite(site_dir: Path, ctx: Context, pages: list[Page]) -> int:
    """Rewrite the JSON index and its script copy; return the number of entries."""
    path = site_dir / INDEX_JSON
    index = extend(json.loads(path.read_text(encoding="utf-8")), ctx, pages)
    data = dumps(index)
    write_atomic(path, data)
    write_atomic(site_dir / INDEX_JS, JS_PREFIX + data)
    return len(index["docs"])
