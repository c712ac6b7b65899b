"""The linker on the case table: every form, instruments, context, dangling citations, counts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from treaty.corpus import load
from treaty.link import THIS, Linker, classify, link_text, mentions, render_text

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "link_cases.yaml").read_text(encoding="utf-8"))
DOC = load()
INDEX = DOC.index()


def link(text: str, assume: str = THIS, lang: str = "en"):
    return link_text(text, DOC, linker=Linker(DOC, assume, index=INDEX, lang=lang))


def test_case_table_is_large_and_covers_every_form():
    assert len(CASES) >= 150
    kinds = {c["k"] for c in CASES}
    assert {"article", "abbrev", "paren", "dotted", "comma", "reversed", "list", "range", "chapter", "note", "relative",
            "dangling", "this-named", "other", "context", "count"} <= kinds
    assert sum(1 for c in CASES if not c.get("l") and not c.get("u")) >= 40  # negatives


@pytest.mark.parametrize("case", CASES, ids=[f"{i:03d}-{c['k']}" for i, c in enumerate(CASES)])
def test_case(case):
    text = case["t"]
    result = link(text, case.get("a", THIS), case.get("lang", "en"))
    got = [(text[x.start:x.end], [t.canonical for t in x.targets]) for x in result.links]
    expected = case.get("l") or []
    assert [targets for _, targets in got] == [targets for _, targets in expected], got
    for (span, _), (phrase, _) in zip(got, expected):
        assert phrase in span, (phrase, span)
    got_u = [(text[x.start:x.end], x.reason) for x in result.unresolved]
    expected_u = case.get("u") or []
    assert [r for _, r in got_u] == [r for _, r in expected_u], got_u
    for (span, _), (phrase, _) in zip(got_u, expected_u):
        assert phrase in span, (phrase, span)
    for x in result.links + result.unresolved:
        assert text[x.start:x.end] == x.text


def test_link_covers_the_citation_not_its_instrument():
    [x] = link("Article 27 of the UN Convention against Cybercrime applies.").links
    assert x.text == "Article 27"
    [x] = link("Art. 35 UNCC").links
    assert x.text == "Art. 35"


def test_classify_instruments():
    assert classify("the Budapest Convention", THIS) == "OTHER"
    assert classify("the Convention on Cybercrime", THIS) == "OTHER"
    assert classify("the Convention against Cybercrime", "OTHER") == "THIS"
    assert classify("this Convention", "OTHER") == "OTHER" and classify("this Convention", THIS) == THIS
    assert classify("the Treaty of Rome", THIS) == "OTHER"  # unknown names are never ours
    assert [c for _, c in mentions("the ICCPR, the UNCC and the EU")] == ["OTHER", "THIS"]


def test_context_does_not_leap_a_blank_line():
    result = link("Article 24 sets safeguards.\n\nParagraph 2 of the report is about something else.")
    assert [x.text for x in result.links] == ["Article 24"]


def test_render_text_lists_links_at_the_end():
    text = "Under Article 40(21)(b) and Articles 14 to 16."
    out = render_text(text, link(text), "https://ex.org/")
    # one marker per cited number; 15, inside the range, rides with the words before it
    assert out == ("Under Article 40(21)(b) [1] and Articles 14 [2] to 16 [3].\n\nLinks:\n"
                   "[1] Article 40(21)(b) = Article 40(21)(b): https://ex.org/articles/40.html#art40-21-b\n"
                   "[2] Articles 14 = Article 14, Article 15: https://ex.org/articles/14.html\n"
                   "[3] 16 = Article 16: https://ex.org/articles/16.html\n")


#: (text, the words of each link written → where it goes)
PER_TARGET = [
    ("See Articles 5, 9, and 12.", [("Articles 5", "Article 5"), ("9", "Article 9"), ("12", "Article 12")]),
    ("article 40, paragraph 21 (b) and (c)", [("article 40, paragraph 21 (b)", "Article 40(21)(b)"), ("(c)", "Article 40(21)(c)")]),
    ("Articles 14 to 16", [("Articles 14", "Article 14"), ("16", "Article 16")]),
    ("paragraphs 1 and 2 of article 24", [("paragraphs 1", "Article 24(1)"), ("2 of article 24", "Article 24(2)")]),
    # a dropped target's words that hold a citation join the link before them, so a second run finds nothing new
    ("paragraphs 1 and 7 of article 24", [("paragraphs 1 and 7 of article 24", "Article 24(1)")]),
    ("articles 5 and article 69", [("articles 5", "Article 5")]),
    ("Articles 5 and 69", [("Articles 5", "Article 5")]),  # 69 does not exist: reported, not linked
    ("Articles 67 to 69", [("Articles 67", "Article 67")]),  # 68 rides with 67; 69 is reported
    ("Article 5 of this Convention", [("Article 5", "Article 5")]),
]


@pytest.mark.parametrize("text,expected", PER_TARGET)
def test_each_cited_number_is_its_own_link(text, expected):
    (found,) = link(text).links
    assert [(x.text, x.citation.canonical) for x in found.pieces()] == expected
    assert all(text[x.start:x.end] == x.text and found.start <= x.start < x.end <= found.end for x in found.pieces())
    # the phrase keeps every target, for --json and for readers of the whole phrase
    assert set(found.targets) >= {x.citation for x in found.pieces()}


def test_a_range_carries_its_inner_numbers_in_the_link_before_them():
    (found,) = link("Articles 14 to 16").links
    assert [[t.canonical for t in x.targets] for x in found.pieces()] == [["Article 14", "Article 15"], ["Article 16"]]
    assert [t.canonical for t in found.targets] == ["Article 14", "Article 15", "Article 16"]
