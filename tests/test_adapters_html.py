"""The HTML adapter on hostile input, judged by html5lib and Chromium — never by its own parser.

Each reproducer of issue 14 is a test here; the properties check every generated document
against html5lib (the output is the input's tree plus our links); the browser test loads
hundreds of payloads before and after linking; the linearity tests count work, not time.
"""

from __future__ import annotations

import cProfile
import pstats
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from html_oracle import added_links, parse
from html_payloads import CITATIONS, PIECES, VECTORS, payloads
from treaty.adapters import html as adapter
from treaty.adapters.html import link_html
from treaty.adapters.html_tree import MAX_DEPTH
from treaty.corpus import load
from treaty.link import Linker

DOC = load()
INDEX = DOC.index()
OURS = re.compile(r'<a href="[^"<>]*" class="treaty-cite" title="[^"<>]*">|</a>')


def link(src: str, base: str = ""):
    return link_html(src, Linker(DOC, index=INDEX), base)


def assert_only_inserted(src: str, out: str) -> None:
    """Every byte of the input is in the output, in order: only our tags were added."""
    assert OURS.sub("", out) == OURS.sub("", src)


# -- properties: html5lib is the judge ----------------------------------------------------------
FRAGMENTS = PIECES + CITATIONS + [v.replace("{N}", "1") for v in VECTORS]
hostile = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_property_output_is_the_input_tree_plus_links_and_twice_is_once(src):
    out, result = link(src)
    added = added_links(src, out)
    assert len(added) >= sum(len(x.pieces()) for x in result.links) > 0 or not result.links
    assert_only_inserted(src, out)
    assert link(out)[0] == out
    for x in result.links + result.unresolved:
        assert x.text == src[x.start:x.end]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4).map("".join), st.integers(20, 300), st.sampled_from(CITATIONS))
def test_property_deep_nesting(unit, times, citation):
    src = (unit + citation) * min(times, 6000 // (len(unit) + len(citation)))
    out, _ = link(src)
    added_links(src, out)
    assert_only_inserted(src, out)


def test_linked_citations_in_hostile_documents_are_common():
    """The properties are not vacuous: most generated documents with a citation get links."""
    linked = sum(link(p)[0] != p for p in payloads(300))
    assert linked > 100


# -- the reproducers of issue 14 -------------------------------------------------------------
@pytest.mark.parametrize("tag", ["textarea", "title", "xmp", "noembed", "noframes", "iframe", "noscript", "style", "script"])
def test_raw_text_elements_are_read_as_browsers_read_them(tag):
    src = f"<div><{tag}></div><img src=x onerror=alert(1)>Article 5</{tag}></div><p>Article 6</p>"
    out, _ = link(src)
    assert out == src.replace("<p>Article 6</p>", '<p><a href="articles/6.html" class="treaty-cite" title="Article 6">Article 6</a></p>')
    added_links(src, out)


@pytest.mark.parametrize("src", [
    "<xmp>Article 5</xmp>", "<noembed>Article 5</noembed>", "<noframes>Article 5</noframes>", "<iframe>Article 5</iframe>",
    "<plaintext>Article 5 <p>Article 6</p>", "<template><p>Article 5</p></template>", "<svg><text>Article 5</text></svg>",
    "<math><mi>Article 5</mi></math>", "<!-- Article 5 -->", "<select><option>Article 5</option></select>", "<pre>Article 5</pre>",
    "<a href=x>Article 5</a>", "<code>Article 5</code>", "<textarea>Article 5</textarea>", "<title>Article 5</title>",
    "<table>Article 5<tr><td>x</td></tr></table>", "<svg><foreignObject><p>Article 5</p></foreignObject></svg>",
    "<p><a href=x>x</p><p>Article 5</p>",  # the a is reopened around the second paragraph's text
])
def test_never_links_where_a_link_may_not_go(src):
    assert link(src)[0] == src


@pytest.mark.parametrize("src", [
    '<img src=x onerror="" onerror="alert(1)">',
    '<a href="x" href="javascript:alert(1)">x</a>',
    "<!--x><img src=x onerror=alert(1)>",
    "<!--><img src=x onerror=alert(1)>-->",
    "<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]></svg>",
    "<math><mtext><textarea></math><img src=x onerror=alert(1)></textarea>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<!--\0><img src=x onerror=alert(1)>-->",
    "<div title='Article 5'>Article 5</div>",
])
def test_markup_is_kept_byte_for_byte(src):
    for doc in (src, src + "<p>Article 6</p>", "<p>Article 7</p>" + src):
        out, _ = link(doc)
        assert_only_inserted(doc, out)
        added_links(doc, out)
        assert src in out or "Article 5" in src


def test_script_contents_are_never_altered():
    script = '<script>var s = "Article 5 <p>Article 6</p>"; /* <!-- <script> Article 7 </script> --> */ x("</scripts>")</script>'
    src = script + "<p>Article 8</p>"
    out, _ = link(src)
    assert out.startswith(script) and out.count("treaty-cite") == 1


def test_citations_keep_working_across_inline_markup_entities_and_crlf():
    out, result = link("<p>Under Article&nbsp;40(21); Article <em>40</em>(22);\r\nArticle\r\n5; &amp; <b>Art.</b> <i>9</i></p>")
    assert [x.text for x in result.links] == ["Article&nbsp;40(21)", "Article <em>40</em>(22)", "Article\r\n5", "Art.</b> <i>9"]  # the citation's words; the link holds the b and i
    assert '<a href="articles/5.html" class="treaty-cite" title="Article 5">Article\r\n5</a>' in out


def test_a_phrase_that_crosses_misnested_markup_gets_a_link_per_run():
    src = "<p><b>see Article <i>9</b>(2)</i> x</p>"
    out, _ = link(src)
    assert len(added_links(src, out)) >= 2


def test_where_html5lib_fails_linking_stops_and_the_rest_is_kept():
    """html5lib 1.1 fails on some foreign content (html5lib-python issue #568): the document is
    linked up to that tag, the rest kept byte for byte, and the note says where and why."""
    rest = "<math><select><mi><select><textarea>Article 6"
    out, result = link("<p>See Article 5.</p>" + rest)
    assert out == '<p>See <a href="articles/5.html" class="treaty-cite" title="Article 5">Article 5</a>.</p>' + rest
    assert result.notes == [f"stopped linking at offset {len('<p>See Article 5.</p>') + rest.index('<textarea>')}: "
                            "html5lib cannot build the tree at this tag (AssertionError in html5lib.html5parser)"]


def test_deep_nesting_does_not_crash_and_links_up_to_the_limit():
    shallow = "<div>" * 1000 + "Article 5"
    out, result = link("<p>Article 4</p>" + shallow)
    assert out.startswith('<p><a href="articles/4.html"') and out.endswith(shallow)
    assert result.notes and f"more than {MAX_DEPTH}" in result.notes[0]
    for src in ("<div>" + "<rt>" * 5000 + "</div>", "<b>" * 5000 + "Article 5", "<table>" * 3000, "<svg>" + "<g>" * 5000):
        assert_only_inserted(src, link(src)[0])
    nested = "<div>" * (MAX_DEPTH - 10) + "<p>Article 5</p>"
    assert "treaty-cite" in link(nested)[0]


def test_base_url_is_checked():
    with pytest.raises(ValueError):
        link("<p>Article 5</p>", "javascript:alert(1)//")
    out, _ = link("<p>Article 5</p>", "https://ex.org/a?x=1&y=2/")
    assert parse(out).getElementsByTagName("a")[0].getAttribute("href") == "https://ex.org/a?x=1&y=2/articles/5.html"


# -- Chromium: no script runs in the output that did not run in the input ----------------------
def test_chromium_runs_no_script_the_input_did_not():
    from html_browser import chromium, script_hits

    docs = payloads(250, seed=7)
    outs = [link(d)[0] for d in docs]
    changed = [k for k, (d, o) in enumerate(zip(docs, outs)) if d != o]  # identical bytes behave alike
    assert len(changed) > 80
    with chromium() as browser:
        before = script_hits(browser, [docs[k] for k in changed])
        after = script_hits(browser, [outs[k] for k in changed])
    assert len(before) > 50  # the payloads do run script as written
    assert {n: c for n, c in after.items() if c > before.get(n, 0)} == {}
    assert after == before


# -- linear time, measured as work ---------------------------------------------------------------
UNITS = [
    "<li>Articles 5, 9 and 12; Article <em>40</em>(21)(b)</li>\n",
    "<p>Art.&nbsp;5 &amp; <b>Art.</b> <i>9</i> of the Budapest Convention; paragraph 2</p>",
    " a=1", "&amp;", "-", "<b id=x>Article 5</b>", "<div>", "<p><b id=x>x</p>", "</x>", "<!--", "<script><!--<script>-->",
    "<em>Article 5</em>", "<table><tr><td>Article 5", "<svg><![CDATA[x]]>", "<rt>",
]


def _work(src: str) -> int:
    """Python function calls made while linking, plus the elements html5lib walks in its stack
    of open elements and list of active formatting elements (loops, not calls)."""
    from html5lib.treebuilders.base import TreeBuilder

    from treaty.adapters.html_tree import _Builder

    walked = 0
    in_scope, reconstruct = _Builder.elementInScope, TreeBuilder.reconstructActiveFormattingElements

    def counted_in_scope(self, *args, **kwargs):
        nonlocal walked
        walked += len(self.openElements)
        return in_scope(self, *args, **kwargs)

    def counted_reconstruct(self):
        nonlocal walked
        walked += len(self.activeFormattingElements) * (1 + len(self.openElements))
        return reconstruct(self)

    _Builder.elementInScope, TreeBuilder.reconstructActiveFormattingElements = counted_in_scope, counted_reconstruct
    profile = cProfile.Profile()
    try:
        profile.runcall(link, src)
    finally:
        _Builder.elementInScope, TreeBuilder.reconstructActiveFormattingElements = in_scope, reconstruct
    return pstats.Stats(profile).total_calls + walked


_SCOPE_NAMES = ["div", "p", "b", "li", "ul", "ol", "button", "table", "td", "html", "select", "option", "optgroup", "applet", "span"]


@given(st.lists(st.tuples(st.sampled_from(_SCOPE_NAMES), st.sampled_from([None, "svg"])), max_size=30),
       st.sampled_from(_SCOPE_NAMES), st.sampled_from([None, "button", "list", "table", "select"]))
def test_scope_check_answers_as_html5lib(stack, target, variant):
    """The tree builder's faster scope check (a set lookup per open element) gives html5lib's
    answer on any stack of open elements."""
    from html5lib.constants import namespaces
    from html5lib.treebuilders.base import TreeBuilder

    from treaty.adapters.html_tree import _Builder, _Node

    builder = _Builder(namespaceHTMLElements=True)
    builder.openElements = [_Node("html")] + [_Node(n, namespaces["svg"] if ns else None) for n, ns in stack]
    assert builder.elementInScope(target, variant) == TreeBuilder.elementInScope(builder, target, variant)
    node = builder.openElements[len(builder.openElements) // 2]
    assert builder.elementInScope(node, variant) == TreeBuilder.elementInScope(builder, node, variant)


@pytest.mark.parametrize("unit", UNITS, ids=lambda u: repr(u[:20]))
def test_work_grows_linearly(unit):
    wrapped = (lambda n: "<p " + unit * n + ">") if unit == " a=1" else (lambda n: "<p title='" + unit * n + "'>x") if unit == "&amp;" \
        else (lambda n: "<!--" + unit * n) if unit == "-" else (lambda n: unit * n)
    n = max(100, 6_000 // len(unit))
    small, large = _work(wrapped(n)), _work(wrapped(4 * n))
    assert large <= 4.6 * small, (small, large)
    assert large <= 400 * len(wrapped(4 * n)) + 10_000
