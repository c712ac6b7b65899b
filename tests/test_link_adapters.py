"""The HTML and Markdown adapters: where links go, what is kept, idempotence, escaping."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bs4.exceptions import ParserRejectedMarkup

from conftest import FIXTURES
from html_oracle import added_links
from treaty.adapters.html import LINK_CLASS, link_html
from treaty.adapters.markdown import link_markdown
from treaty.corpus import load
from treaty.link import Linker

DOC = load()
INDEX = DOC.index()


def html(text: str, base: str = "") -> str:
    return link_html(text, Linker(DOC, index=INDEX), base)[0]


def md(text: str, base: str = "") -> str:
    return link_markdown(text, Linker(DOC, index=INDEX), base)[0]


# -- HTML -------------------------------------------------------------------------------------
def test_html_links_plain_text():
    assert html("<p>See Article 40(21)(b).</p>") == (
        '<p>See <a href="articles/40.html#art40-21-b" class="treaty-cite" title="Article 40(21)(b)">Article 40(21)(b)</a>.</p>'
    )


def test_html_citation_split_by_inline_markup_is_one_link():
    out = html("<p>under Article <em>40</em>(21) only</p>")
    assert out == '<p>under <a href="articles/40.html#art40-21" class="treaty-cite" title="Article 40(21)">Article <em>40</em>(21)</a> only</p>'


def test_html_citation_across_unnested_markup_links_each_piece():
    out = html("<p><em>see Article 9</em>(2)</p>")
    soup = BeautifulSoup(out, "html.parser")
    links = soup.find_all("a")
    assert [a.get_text() for a in links] == ["Article 9", "(2)"]
    assert {a["href"] for a in links} == {"articles/9.html#art9-2"}
    assert soup.get_text() == "see Article 9(2)"


def test_html_citation_ending_at_element_boundaries_is_one_link():
    assert html("<p><em>Article 9</em>(2) x</p>") == (
        '<p><a href="articles/9.html#art9-2" class="treaty-cite" title="Article 9(2)"><em>Article 9</em>(2)</a> x</p>'
    )
    assert html("<p>x <b>Art.</b> <i>9</i></p>") == '<p>x <a href="articles/9.html" class="treaty-cite" title="Article 9"><b>Art.</b> <i>9</i></a></p>'


def test_html_nbsp_joins_and_is_kept():
    out = html("<p>Article&nbsp;40(21)</p>")
    assert 'title="Article 40(21)">Article&nbsp;40(21)</a>' in out


@pytest.mark.parametrize("tag", ["a", "code", "pre", "kbd", "samp"])
def test_html_never_links_inside(tag):
    src = f'<p><{tag} class="x">Article 5</{tag}> and Article 6</p>'
    out = html(src)
    assert out.count("<a ") == (1 if tag != "a" else 2)
    assert f'<{tag} class="x">Article 5</{tag}>' in out


@pytest.mark.parametrize("tag", ["script", "style", "textarea"])
def test_html_never_reads_or_links_unread_elements(tag):
    src = f"<div><{tag}>Article 5</{tag}></div>"
    assert html(src) == src


def test_html_keeps_everything_else():
    src = '<!DOCTYPE html>\n<html lang="en"><body><!-- Article 5 --><p data-z="1" class="b a" id="p">x &amp; y &lt;z&gt; é</p><img src="a.png" alt=""><br></body></html>'
    assert html(src) == src


def test_html_base_url_and_escaping_of_attributes():
    out = html("<p>Article 5</p>", "https://ex.org/a?b=1&c=2/")
    assert '<a href="https://ex.org/a?b=1&amp;c=2/articles/5.html"' in out
    a = BeautifulSoup(out, "html.parser").a
    assert a["href"] == "https://ex.org/a?b=1&c=2/articles/5.html"
    with pytest.raises(ValueError, match="not http"):
        html("<p>Article 5</p>", "javascript:alert(1)//")


def test_html_offsets_index_the_source():
    src = "<p>x</p>\r\n<p class=a>Under Article&nbsp;40(21); Article <em>40</em>(22) &#x41; Article 14(7)&#46;</p>"
    _, result = link_html(src, Linker(DOC, index=INDEX))
    assert [src[x.start:x.end] for x in result.links] == ["Article&nbsp;40(21)", "Article <em>40</em>(22)"]
    assert [(src[x.start:x.end], x.reason) for x in result.unresolved] == [("Article 14(7)", "Article 14 has no paragraph 7")]
    assert all(x.text == src[x.start:x.end] for x in result.links + result.unresolved)


def test_html_fixture_twice_is_unchanged():
    src = (FIXTURES / "link" / "commentary.html").read_text(encoding="utf-8")
    once = html(src)
    assert html(once) == once
    assert once.count('class="treaty-cite"') > src.count('class="treaty-cite"')


# -- Markdown ---------------------------------------------------------------------------------
def test_markdown_inserts_links_and_keeps_the_rest():
    assert md("See Article 40(21)(b) and `Article 5`.\n") == "See [Article 40(21)(b)](articles/40.html#art40-21-b) and `Article 5`.\n"


def test_markdown_link_spans_emphasis():
    assert md("under Article *40*(21) only\n") == "under [Article *40*(21)](articles/40.html#art40-21) only\n"


def test_markdown_skips_code_blocks_links_images_and_html():
    src = "```\nArticle 5\n```\n\n    Article 6\n\n[Article 7](x) ![Article 8](y.png) <a href='z'>Article 9</a> <https://e.org/Article-10>\n"
    assert md(src) == src
    assert md("<span>Article 9</span>\n") == "<span>[Article 9](articles/9.html)</span>\n"


def test_markdown_entities_and_escapes_map_back_to_source():
    assert md("a &amp; Article&nbsp;5 \\*Article 6\\*\n") == "a &amp; [Article&nbsp;5](articles/5.html) \\*[Article 6](articles/6.html)\\*\n"


def test_markdown_tables_lists_and_quotes():
    src = "- Art. 35\n> Article 36\n\n| a | Article 37 |\n|---|---|\n| Article 38 | b |\n"
    out = md(src)
    for n in (35, 36, 37, 38):
        assert f"](articles/{n}.html)" in out


def test_markdown_offsets_index_the_source():
    src = "x\n\nSee Article *40*(21); also Article 14(7).\n"
    out, result = link_markdown(src, Linker(DOC, index=INDEX))
    assert [(src[x.start:x.end], [t.canonical for t in x.targets]) for x in result.links] == [("Article *40*(21)", ["Article 40(21)"])]
    assert [(src[x.start:x.end], x.reason) for x in result.unresolved] == [("Article 14(7)", "Article 14 has no paragraph 7")]


def test_markdown_fixture_twice_is_unchanged():
    src = (FIXTURES / "link" / "commentary.md").read_text(encoding="utf-8")
    once = md(src)
    assert once != src and md(once) == once


def test_html_list_one_link_per_number_and_split_by_markup():
    out = html("<p>Articles <em>5</em>, 9 and <b>12</b>; article 40, paragraph 21 (b) and (c).</p>")
    soup = BeautifulSoup(out, "html.parser")
    assert [(a.get_text(), a["href"]) for a in soup.find_all("a")] == [
        ("Articles 5", "articles/5.html"), ("9", "articles/9.html"), ("12", "articles/12.html"),
        ("article 40, paragraph 21 (b)", "articles/40.html#art40-21-b"), ("(c)", "articles/40.html#art40-21-c")]
    assert html(out) == out


def test_markdown_list_one_link_per_number():
    out = md("Articles 14 to 16 and paragraphs 1 and 2 of article 24.\n")
    assert out == ("[Articles 14](articles/14.html) to [16](articles/16.html) and "
                   "[paragraphs 1](articles/24.html#art24-1) and [2 of article 24](articles/24.html#art24-2).\n")
    assert md(out) == out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 68), min_size=2, max_size=6, unique=True), st.sampled_from(["html", "markdown"]))
def test_property_each_listed_article_is_its_own_link(numbers, fmt):
    listed = ", ".join(map(str, numbers[:-1])) + ", and " + str(numbers[-1])
    if fmt == "html":
        soup = BeautifulSoup(html(f"<p>See Articles {listed}.</p>"), "html.parser")
        got = [(a.get_text(), a["href"]) for a in soup.find_all("a")]
    else:
        got = [(m.group(1), m.group(2)) for m in re.finditer(r"\[([^]]*)\]\(([^)]*)\)", md(f"See Articles {listed}.\n"))]
    want = [(f"Articles {numbers[0]}" if k == 0 else str(n), f"articles/{n}.html") for k, n in enumerate(numbers)]
    assert got == want


def test_an_existing_link_that_cites_ends_the_context():
    # "paragraph 2" after a link to Article 5 is not placed (a second run sees our links so)
    assert md("Article 24 applies; [see](x) paragraph 2.\n") == \
        "[Article 24](articles/24.html) applies; [see](x) [paragraph 2](articles/24.html#art24-2).\n"
    assert md("Article 24 applies; [Article 5](x) and paragraph 2.\n") == \
        "[Article 24](articles/24.html) applies; [Article 5](x) and paragraph 2.\n"
    assert html("<p>Article 24; <code>Article 5</code> and paragraph 2.</p>").endswith("</code> and paragraph 2.</p>")


def test_a_list_whose_links_cannot_all_go_in_is_one_link_or_none():
    # "[Articles 5](…)*," would change the emphasis: then the phrase is tried whole, as before
    # (here that cannot go in either), never "9" and "12" alone, which a second run would re-read
    assert md("See *Articles 5*, 9 and 12.\n") == "See *Articles 5*, 9 and 12.\n"
    assert md("See article 40, paragraph 21 (b) and *(c)*.\n") == (
        "See [article 40, paragraph 21 (b)](articles/40.html#art40-21-b) and *[(c)](articles/40.html#art40-21-c)*.\n")


# -- properties: idempotence and escaping ------------------------------------------------------
WORDS = ["Article 5", "Art. 40(21)(b)", "Articles 14 to 16", "paragraph 2", "Article 14(7)", "of the Budapest Convention",
         " ", "\n", "&", "&amp;", "&nbsp;", "<", ">", '"', "'", "(", ")", "[", "]", "*", "_", "`", "\\", "!", "#", "-", "|",
         "<em>", "</em>", "<a href='x'>", "</a>", "<code>", "</code>", "<p>", "</p>", "<b title='Article 3'>", "</b>",
         "<script>", "</script>", "<!--", "-->", "x", "é", "\u00a0", "<https://e.org/Article-5>", "[Article 9](u)", "![Article 8](i.png)",
         ".", ":", ",", "**", "~~", "Article 2(e)(ii)", "\n\n", "> ", "- ",
         # lists: one link per cited number
         "Articles 5, 9, and 12", "article 40, paragraph 21 (b) and (c)", " and 9", " and (c)", "Articles 5 and 69",
         "paragraphs 1 and 2", "paragraphs 1 and 7", " of article 24", "subparagraphs (a) to (c)", " of paragraph 1"]
documents = st.lists(st.sampled_from(WORDS), max_size=30).map("".join)


def _elements(soup: BeautifulSoup, ours: bool) -> Counter:
    return Counter(
        (t.name, tuple(sorted((k, " ".join(v) if isinstance(v, list) else v) for k, v in t.attrs.items())))
        for t in soup.find_all(True)
        if ours or LINK_CLASS not in (t.get("class") or []) or "title" not in t.attrs
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_html_property_only_our_links_are_added_and_twice_is_once(src):
    # judged by html5lib (a browser's reading), never by the parser that wrote it
    once, result = link_html(src, Linker(DOC, index=INDEX))
    assert html(once) == once
    for a in added_links(src, once):
        assert a.getAttribute("href").startswith("articles/")
    for x in result.links + result.unresolved:  # offsets index the source: its text reads as the citation
        assert x.text == src[x.start:x.end]


_MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_markdown_property_only_our_links_are_added_and_twice_is_once(src):
    once = md(src)
    assert md(once) == once
    try:
        before = _elements(BeautifulSoup(_MD.render(src), "html.parser"), True)
    except ParserRejectedMarkup:
        return  # raw HTML in the input that html.parser cannot read: nothing to compare with
    after = _elements(BeautifulSoup(_MD.render(once), "html.parser"), True)
    for (name, attrs), _ in (after - before).items():
        assert name == "a" and dict(attrs)["href"].startswith("articles/"), (name, attrs)
    assert not (before - after)


HOSTILE_BASES = ["", "https://ex.org/uncc/", "HTTP://EX.ORG/", "../uncc/", "https://e.org/a)(&'*!$/"]
REFUSED_BASES = ["javascript:alert(1)//", "JavaScript:alert(1)", " https://e.org/", "java\tscript:x", "data:text/html,x", "vbscript:x",
                 "//evil.org/", "https://e.org/a b", 'https://e.org/"x', "https://e.org/<x>", "https://e.org/\udcff", "\x00", "https:x"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from(HOSTILE_BASES))
def test_property_base_url_cannot_inject_markup(src, base):
    out = html(src, base)
    for a in added_links(src, out, base):
        assert a.getAttribute("href").startswith(base)
    out = md(src, base)
    try:
        before = _elements(BeautifulSoup(_MD.render(src), "html.parser"), True)
    except ParserRejectedMarkup:
        return
    added = _elements(BeautifulSoup(_MD.render(out), "html.parser"), True) - before
    assert all(name == "a" for (name, _), _ in added.items()), added


@pytest.mark.parametrize("base", REFUSED_BASES)
def test_base_urls_that_could_change_what_a_link_does_are_refused(base):
    with pytest.raises(ValueError):
        html("<p>Article 5</p>", base)


# -- --show-skipped: the phrases not linked, marked -------------------------------------------------
def test_show_skipped_marks_phrases_in_markdown_and_html():
    import html5lib
    from markdown_it import MarkdownIt

    from treaty.adapters.html import link_html

    doc = load()
    md_in = "Article 24 applies; *Art. 8* ECHR and Article 15 of the Budapest Convention do not."
    md_out, result = link_markdown(md_in, Linker(doc), "https://ex.org/", show_skipped=True)
    assert [x.text for x in result.skipped] == ["Art. 8", "Article 15"]
    tree = html5lib.parse(MarkdownIt().render(md_out), namespaceHTMLElements=False)
    marks = [(s.text, s.get("title")) for s in tree.iter("span") if s.get("class") == "treaty-skipped"]
    assert marks == [("Art. 8", "not linked: another instrument (ECHR)"),
                     ("Article 15", "not linked: another instrument (Budapest Convention)")]
    assert [a.get("href") for a in tree.iter("a")] == ["https://ex.org/articles/24.html"]
    # without the flag, the output is the linked document only
    assert "treaty-skipped" not in link_markdown(md_in, Linker(doc), "https://ex.org/")[0]

    html_in = "<p>Article 24 applies; <em>Art. 8</em> ECHR and Article 15 of the Budapest Convention do not.</p>"
    html_out, result = link_html(html_in, Linker(doc), "https://ex.org/", show_skipped=True)
    tree = html5lib.parse(html_out, namespaceHTMLElements=False)
    marks = [(s.text, s.get("title")) for s in tree.iter("span") if s.get("class") == "treaty-skipped"]
    assert marks == [("Art. 8", "not linked: another instrument (ECHR)"),
                     ("Article 15", "not linked: another instrument (Budapest Convention)")]
    assert [html_in[x.start:x.end] for x in result.skipped] == ["Art. 8", "Article 15"]
    assert "treaty-skipped" not in link_html(html_in, Linker(doc), "https://ex.org/")[0]
