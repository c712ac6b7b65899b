"""Rendering units and spans to HTML (treaty.site.render), with hand-made annotations."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from site_support import sample_annotations
from treaty.citation import parse
from treaty.site.render import Context, PageState, Span, href, inline_html, term_slug, unit_html


class _Tags(HTMLParser):
    """Checks that tags nest properly and collects the text."""

    VOID = {"br", "img", "input", "meta", "link", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check(markup: str) -> str:
    p = _Tags()
    p.feed(markup)
    p.close()
    assert not p.stack, p.stack
    return "".join(p.text)


def test_href_is_relative_to_the_page():
    assert href("articles/40.html#art40-21-b", "articles/40.html") == "#art40-21-b"
    assert href("articles/40.html#art40-21-b", "articles/41.html") == "40.html#art40-21-b"
    assert href("articles/40.html", "index.html") == "articles/40.html"
    assert href("notes.html#note3", "articles/17.html") == "../notes.html#note3"
    assert href("articles/40.html", "articles/40.html") == "40.html"


def test_term_slug():
    assert term_slug("Service provider") == "term-service-provider"
    assert term_slug("“Traffic data”") == "term-traffic-data"


def test_overlapping_spans_are_split_not_crossed():
    out = inline_html("abcdef", [Span(0, 4, "<em>", "</em>"), Span(2, 6, "<strong>", "</strong>")])
    assert out == "<em>ab<strong>cd</strong></em><strong>ef</strong>"
    assert check(out) == "abcdef"


def test_zero_width_span_is_inserted_after_closing_spans():
    out = inline_html("a<b", [Span(0, 1, "<em>", "</em>"), Span(1, 1, "<sup>1</sup>", "")])
    assert out == "<em>a</em><sup>1</sup>&lt;b"


spans = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from(["em", "strong", "a", "span"])), max_size=8)


@given(st.text(alphabet="ab <&>\"'", max_size=30), spans)
def test_inline_html_keeps_the_text_and_nests(text, raw):
    spans_ = [Span(min(a, b, len(text)), min(max(a, b), len(text)), f"<{t}>", f"</{t}>") for a, b, t in raw]
    assert check(inline_html(text, spans_)) == text


def _article(doc, number):
    ctx = Context.make(doc, sample_annotations(doc))
    unit = doc.index()[parse(f"Article {number}")]
    state = PageState(unit.citation.page)
    return ctx, state, unit_html(ctx, state, unit, 1)


def test_every_provision_has_its_id_and_citation_for_the_reading_aids(doc):
    ctx, state, out = _article(doc, 40)
    check(out)
    for unit in doc.index()[parse("Article 40")].walk():
        c = unit.citation
        assert f'id="{c.id}"' in out
        if unit.kind != "article":
            # the script makes the permalink and copy button from these (test_site_browser)
            assert f'id="{c.id}" data-cite="{c.canonical}"' in out
    assert '<h1 id="art40"' in out
    assert "<em>ordre public</em>" in out


def test_references_link_to_the_exact_anchor_with_inlined_previews(doc):
    ctx, state, out = _article(doc, 40)
    assert '<a class="xref" href="#art40-21-b" data-peek="art40-21-b art40-21-c">mutual legal assistance</a>' in out
    # a provision on the same page is previewed from the page: nothing inlined for it
    previews = json.loads(re.search(r">(.*)</script>", state.script()).group(1))
    assert "art40-21-b" not in previews and "art40-21-c" not in previews
    # a term inside a reference does not become a nested link
    assert out.count('class="term"') == 0


def test_reference_from_another_page_is_relative(doc):
    ctx, state, out = _article(doc, 41)
    assert 'href="40.html#art40-21-b"' in out
    previews = json.loads(re.search(r">(.*)</script>", state.script()).group(1))
    assert previews["art40-21-b"]["c"] == "Article 40(21)(b)"
    assert previews["art40-21-b"]["t"].startswith("If the requested State Party considers")
    assert previews["art40-21-b"]["u"] == "articles/40.html#art40-21-b"  # from the site root: one address for every page


def test_defined_terms_link_to_their_definition_with_a_tooltip(doc):
    ctx, state, out = _article(doc, 2)
    assert re.search(r'<a class="term" href="#art2-a" data-peek="def:information-and-communications-technology-system">'
                     r"information and communications technology system</a>", out)
    assert state.previews["def:information-and-communications-technology-system"]["c"].startswith("“information and communications technology system” — Article 2(a)")


def test_referred_to_by_per_paragraph(doc):
    ctx, state, out = _article(doc, 40)
    block = re.search(r'id="art40-21".*?<p class="prov-refby">(.*?)</p>', out).group(1)
    assert 'href="#art40-22"' in block and "Article 40(22)" in block


def test_footnote_marker_links_to_the_footnote(doc):
    ctx = Context.make(doc, sample_annotations(doc))
    unit = doc.index()[parse("Report, paragraph 2")]
    state = PageState("report.html")
    out = unit_html(ctx, state, unit)
    assert '<sup class="fn-ref" id="report-fn1-ref"><a href="#report-fn1"' in out


def _real(doc, where):
    from treaty.annotate import annotate

    ctx = Context.make(doc, annotate(doc))
    unit = doc.index()[parse(where)]
    state = PageState(unit.citation.page)
    return state, unit_html(ctx, state, unit, 1)


def test_a_phrase_citing_several_provisions_is_one_link_per_provision(doc):
    state, out = _real(doc, "Article 42(6)")
    check(out)
    assert ('<a class="xref" href="40.html#art40-21-b" data-peek="art40-21-b">article 40, paragraph 21 (b)</a> and '
            '<a class="xref" href="40.html#art40-21-c" data-peek="art40-21-c">(c)</a> and '
            '<a class="xref" href="40.html#art40-22" data-peek="art40-22">paragraph 22</a>, of this Convention') in out
    assert {"art40-21-b", "art40-21-c", "art40-22"} <= set(state.previews)


def test_a_range_links_its_ends_and_previews_the_interior_with_the_first(doc):
    state, out = _real(doc, "Article 17(2)(a)")
    interior = " ".join(f"art{n}" for n in range(7, 16))
    assert (f'<a class="xref" href="7.html" data-peek="{interior}">articles 7</a> to '
            '<a class="xref" href="16.html" data-peek="art16">16</a> of this Convention') in out
    assert state.previews["art8"]["c"] == "Article 8"


def test_a_run_of_paragraphs_cited_by_one_provision_says_so_once_at_its_top(doc):
    state, out = _real(doc, "Article 40")
    check(out)
    # Article 40(7) applies paragraphs 8 to 31: one line above paragraph 8, none under each of them
    run = re.search(r'<p class="prov-refby prov-refby-run">(.*?)</p><div class="prov prov-paragraph" id="art40-8"', out)
    assert run is not None
    assert re.sub(r"<[^>]+>", "", run.group(1)) == "Paragraphs 8–31 are referred to by Article 40(7)"
    assert out.count("prov-refby-run") == 1
    for n in range(8, 32):
        block = re.search(rf'id="art40-{n}".*?(?=<div class="prov prov-paragraph"|$)', out).group(0)
        refby = re.findall(r'<p class="prov-refby">(.*?)</p>', block)
        assert all("Article 40(7)" not in r for r in refby), n
    # what is cited alone keeps its own line: paragraph 21 is cited by Article 42(6), among others
    block = re.search(r'id="art40-21".*?(?=<div class="prov prov-paragraph" id="art40-22")', out).group(0)
    assert "Article 42(6)" in block


def test_citation_runs_need_three_siblings_of_one_kind(doc, site_annotations):
    from treaty.site.render import RUN_MIN, citation_runs

    ctx = Context.make(doc, site_annotations)
    kids = doc.index()[parse("Article 40")].children
    runs = citation_runs(ctx, kids)
    assert {(kids[i].citation.canonical, kids[j].citation.canonical, s.canonical) for i, found in runs.items() for j, s in found} == {
        ("Article 40(8)", "Article 40(31)", "Article 40(7)")}
    assert RUN_MIN == 3
