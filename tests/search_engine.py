"""The site's search engine (browser.js with the exported index) on a blank page in Chromium,
set up once: ``window.__engine``."""

from __future__ import annotations

import functools
import json
from contextlib import contextmanager


@contextmanager
def engine_page(doc):
    from treaty.annotate import annotate
    from treaty.search.browser import engine_source, index_data
    from treaty.search.rank import DEFAULT_RANKING
    from treaty.search.records import annotation_source, editorial_fields, records

    from html_browser import chromium
    from page_pool import lent_page

    fields, aliases = editorial_fields(doc)
    index = index_data(records(doc, annotate(doc), annotation_source().load(doc), fields), DEFAULT_RANKING, aliases, doc)
    with chromium() as browser, lent_page(browser) as page:
        page.set_content("<!DOCTYPE html><title>engine</title><body></body>")
        page.add_script_tag(content=engine_source() + "\nvar TREATY_INDEX = " + json.dumps(index) + ";")
        page.evaluate("() => { window.__engine = treatySearchEngine(TREATY_ENGINE_DATA); window.__engine.setup(TREATY_INDEX); }")
        yield page


@functools.lru_cache(maxsize=None)
def site_index_docs(site) -> list[dict]:
    """The records of the built site's search index (search/treaty_index.js) as browser.js
    decodes them: citation, url, origin, kind and the indexed fields.  Decoded once per site and
    process: read them, never change them."""
    from treaty.search.browser import engine_source
    from treaty.site.browser_search import TREATY_INDEX

    from html_browser import chromium
    from page_pool import lent_page

    with chromium() as browser, lent_page(browser) as page:
        page.set_content("<!DOCTYPE html><title>index</title><body></body>")
        page.add_script_tag(content=engine_source() + "\n" + (site / TREATY_INDEX).read_text(encoding="utf-8"))
        return page.evaluate("""() => { const e = treatySearchEngine(TREATY_ENGINE_DATA); e.setup(TREATY_INDEX);
            return e.docs.map((d) => ({citation: d.citation, url: d.url, origin: d.origin, kind: d.kind,
                                       text: d.fields.text, subjects: d.fields.subjects, origins: d.fields.origins})); }""")
