"""The Markdown adapter on hostile input (issue 14): any line endings, NUL, deep nesting, and
many citations in one paragraph, in work linear in the document's size."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import treaty.adapters.markdown as adapter
from treaty.adapters.markdown import link_markdown
from treaty.corpus import load
from treaty.link import Linker

DOC = load()
LINKER = Linker(DOC, index=DOC.index())


def md(text: str) -> tuple[str, list[str]]:
    out, result = link_markdown(text, LINKER)
    for link in result.links:
        assert text[link.start:link.end] == link.text
    return out, [link.text for link in result.links]


def unlinked(out: str) -> str:
    """The output with our links taken out again: the input, byte for byte."""
    import re

    return re.sub(r"\[([^\[\]]*)\]\(articles/[^()\s]*\)", r"\1", out)


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_any_line_ending_is_kept_and_linked(newline):
    """Issue 14: bare CR line endings were an IndexError (markdown-it reads CR as a line end)."""
    src = newline.join(["Article 5", "Article 6(1) and", "", "- see *Article 7*", "- x", ""])
    out, links = md(src)
    assert links == ["Article 5", "Article 6(1)", "Article 7"]
    assert unlinked(out) == src and out.count(newline) == src.count(newline)


def test_nul_is_kept_and_the_text_around_it_linked():
    out, links = md("Article 5 \x00 Article 6")
    assert out == "[Article 5](articles/5.html) \x00 [Article 6](articles/6.html)" and links == ["Article 5", "Article 6"]


@pytest.mark.parametrize("src", ["> " * 50_000 + "Article 5", "- " * 50_000 + "Article 5", "[" * 20_000 + "Article 5" + "](x)" * 20_000,
                                 "*" * 20_000 + "Article 5" + "*" * 20_000, "<" * 20_000 + "Article 5", "\\" * 50_000 + "Article 5"])
def test_deep_nesting_gives_an_answer(src):
    out, _ = md(src)
    assert unlinked(out) == src


def _work(src: str, monkeypatch) -> int:
    """Characters compared while aligning, plus pieces looked at per link: what grew with the
    square of the citations before (a scan of every piece for every link)."""
    count = 0
    align_at, covered = adapter._align_at, adapter._Block.covered

    def counting_align(content, i, stop, text):
        nonlocal count
        count += len(text) + 1
        return align_at(content, i, stop, text)

    def counting_covered(self, start, end):
        nonlocal count
        found = covered(self, start, end)
        count += len(found) + 1
        return found

    monkeypatch.setattr(adapter, "_align_at", counting_align)
    monkeypatch.setattr(adapter._Block, "covered", counting_covered)
    out, links = md(src)
    assert unlinked(out) == src
    return count


@pytest.mark.parametrize("unit", ["*Article 5* ", "**Article 40(21)(b)** and ", "`x` Article 5 ![i](a.png) ", "[a](b) Article 6, "])
def test_many_citations_in_one_paragraph_take_linear_work(unit, monkeypatch):
    """Issue 14: `*Article 5* ` x 10,000 took more than 60 s; the work for 1,000 copies is four
    times that for 250, not sixteen (the work is counted, so the sizes need not be large)."""
    small, large = _work(unit * 250, monkeypatch), _work(unit * 1000, monkeypatch)
    assert large <= 4.2 * small


@pytest.mark.parametrize("lang", ["ko", "ja", "zh"])
def test_runs_of_digits_before_a_keyword_take_linear_work(lang):
    """Issue 14 (the fuzz run): a 793 KB Markdown file read in Korean took 8 s: a run of digits
    or spaces before a keyword written after its number ("(b)호") was read again from each of
    its characters.  The tokens the scanner makes for four copies are four times one copy's."""
    from test_citation_scan import counting_tokens

    linker = Linker(DOC, index=DOC.index(), lang=lang)
    unit = "".join("*" + "1" * 300 + key + "* " + " " * 300 + "1" + key + " " + "一" * 300 + key + " " for key in "호号项") + "\n\n"
    (_, one), small = counting_tokens(lambda: link_markdown(unit * 10, linker))
    (_, four), large = counting_tokens(lambda: link_markdown(unit * 40, linker))
    assert large <= 4.2 * small and small <= 40 * 10
    assert len(four.links) == 4 * len(one.links)


_PIECES = st.sampled_from(["Article 5", "article 40 paragraph 21 (b)", "*", "**", "_", "`", "[", "]", "(x)", "!", "\\", "&amp;", "&#0;",
                           "<a>", "</a>", "<b>", "\r", "\n", "\r\n", "\x00", " ", "    ", "> ", "- ", "1. ", "#", "|", "~~", "\t"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_property_any_markdown_keeps_its_bytes(src):
    out, _ = md(src)
    assert unlinked(out) == src
