"""The site's search box runs the project's search: mkdocs-material's overlay, our engine.

After ``mkdocs build`` this step
- writes ``search/treaty_index.js`` (``var TREATY_INDEX = …``): the browser index that
  ``treaty.search.browser.index_data`` exports from the very records ``treaty search`` indexes
  (a script, not JSON, so that it loads from ``file://``);
- replaces the search worker Material's pages name (``__config.search``, read from the built
  ``index.html``) by ours: the engine (``engine_source()``) and ``search_worker.js``, which speaks
  Material's worker protocol and loads the index only when the reader first searches;
- leaves Material's own index (``search/search_index.json`` and the offline plugin's
  ``search_index.js`` copy, which Material's page script still loads and hands to the worker)
  with its configuration and no documents, so that nothing is loaded or copied twice.

Replacing the emitted worker file, rather than overriding the ``config`` block of Material's
``base.html``, leaves every template of the theme untouched: what it depends on is the worker
message protocol and the ``search`` entry of the page configuration, both read here from the
built site (a build whose pages name no worker, or a worker that is not there, stops).
It is a step of our pipeline, not a MkDocs hook, so it survives a change of site generator.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from ..corpus import write_atomic
from .pages import Page
from .derived import derived
from .render import Context

INDEX_JSON = Path("search") / "search_index.json"
INDEX_JS = Path("search") / "search_index.js"
TREATY_INDEX = Path("search") / "treaty_index.js"
#: what the offline plugin writes before the JSON (``var __index = {...}``)
JS_PREFIX = "var __index = "
INDEX_PREFIX = "var TREATY_INDEX = "
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


class SearchWiringError(RuntimeError):
    """The built site is not shaped as this step expects (no worker named, or none there)."""


def dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def worker_path(site_dir: Path) -> Path:
    """The search worker file the built pages name (``__config.search``, relative to the home page)."""
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    m = _CONFIG.search(home)
    if not m or not json.loads(m.group(1)).get("search"):
        raise SearchWiringError("the built pages name no search worker (__config.search)")
    path = site_dir / json.loads(m.group(1))["search"]
    if not path.is_file():
        raise SearchWiringError(f"the search worker the pages name is not in the site: {path}")
    return path


def worker_script() -> str:
    """Our worker: the engine and its data, then the protocol glue (search_worker.js)."""
    from ..search.browser import engine_source

    glue = resources.files(__package__).joinpath("search_worker.js").read_text(encoding="utf-8")
    return engine_source() + "\n" + glue


def browser_index(ctx: Context) -> dict:
    """The browser index of the records `treaty search` indexes for this document, made from
    what the build has already read (the editorial annotations, subject index and concordance
    the pages show: not read and checked a second time)."""
    from ..editorial.search_fields import aliases, search_fields
    from ..search.browser import index_data
    from ..search.rank import DEFAULT_RANKING
    from ..search.records import editorial_documents, records
    from .origins import concordance
    from .subject_index import subject_index

    fields = derived(ctx, "search fields", lambda: search_fields(ctx.doc, subject_index(ctx), concordance(ctx)))
    recs = records(ctx.doc, ctx.annotations, editorial_documents(ctx.editorial), fields)
    return index_data(recs, DEFAULT_RANKING, aliases(), ctx.doc)


def rewrite(site_dir: Path, ctx: Context, pages: list[Page]) -> int:
    """Write our index and worker, empty Material's index; return the number of records."""
    index = derived(ctx, "browser index", lambda: browser_index(ctx))
    write_atomic(site_dir / TREATY_INDEX, INDEX_PREFIX + dumps(index) + ";\n")
    write_atomic(worker_path(site_dir), derived(ctx, "search worker", worker_script))
    path = site_dir / INDEX_JSON
    material = {"config": json.loads(path.read_text(encoding="utf-8")).get("config", {}), "docs": []}
    write_atomic(path, dumps(material))
    write_atomic(site_dir / INDEX_JS, JS_PREFIX + dumps(material))
    return len(index["docs"])
