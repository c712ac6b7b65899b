"""The previews of every page in one shared file (treaty.site.previews)."""

from __future__ import annotations

import json
import re

import pytest

from site_support import sample_annotations
from treaty.site import previews
from treaty.site.layout import Page
from treaty.site.pages import make_pages
from treaty.site.render import Context, PageState


def _page(path: str, body: str, items: dict) -> Page:
    state = PageState(path)
    state.previews.update(items)
    return Page(path, "t", f'<div class="treaty-page">{body}</div>{state.script()}\n')


def test_share_takes_the_block_out_of_each_page_and_merges_by_key():
    art18 = {"c": "Article 18", "d": "Liability of legal persons", "t": "1. Each State Party …", "u": "articles/18.html"}
    a = _page("articles/40.html", '<a data-peek="art18">x</a>', {"art18": art18})
    b = _page("full-text.html", '<a data-peek="art18 def:x">y</a>', {"art18": art18, "def:x": {"c": "“x”", "t": "<b>&", "u": "articles/2.html#art2-a"}})
    shared = previews.share([a, b, Page("index.html", "t", "<p>no previews</p>")])
    assert list(shared) == ["art18", "def:x"] and shared["art18"] == art18
    assert a.body == '<div class="treaty-page"><a data-peek="art18">x</a></div>\n' and "treaty-previews" not in b.body
    script = previews.script(shared)
    assert "<b>" not in script and script.startswith("/*")
    assert json.loads(script.split("window.treatyPreviews=", 1)[1].rstrip(";\n")) == shared


def test_one_key_read_two_ways_is_an_error():
    a = _page("a.html", "", {"art18": {"c": "Article 18", "t": "one", "u": "articles/18.html"}})
    b = _page("b.html", "", {"art18": {"c": "Article 18", "t": "two", "u": "articles/18.html"}})
    with pytest.raises(previews.PreviewConflict, match="art18"):
        previews.share([a, b])


def test_every_page_keeps_only_its_keys_and_every_key_is_shared_or_on_its_page(doc):
    ctx = Context.make(doc, sample_annotations(doc))
    pages = make_pages(ctx)
    shared = ctx.derived["previews"]
    assert shared and all(set(p) <= {"c", "d", "t", "u"} and "#" not in p["u"][:1] for p in shared.values())
    for page in pages:
        assert 'id="treaty-previews"' not in page.body, page.path
        for keys in re.findall(r'data-peek="([^"]*)"', page.body):
            for key in keys.split():
                assert key in shared or f'id="{key}"' in page.body, (page.path, key)
