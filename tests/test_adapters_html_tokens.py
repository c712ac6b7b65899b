"""The tokenizer with offsets against html5lib's own: the same tree, token by token in the source."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from html5lib import treebuilders
from html5lib.html5parser import HTMLParser

from html_payloads import CITATIONS, PIECES, VECTORS
from treaty.adapters.html_tokens import CHARACTERS, COMMENT, END, SPACE, START, Tokenizer, char_ref
from treaty.adapters.html_tree import HTML, drive

FRAGMENTS = PIECES + CITATIONS + [v.replace("{N}", "1") for v in VECTORS] + [
    "</SCRIPT>", "<sCrIpT>", "</scrip", "<script ", "--->", "</script/", "<scriptx>", "</style/>", "</title x='</title>'>",
    "<a b=c&amp;d e=&lt f=&notit; g='&#x0;' h=\"&#13;\" i=&ampx=1>", "&#x0000041;", "&CounterClockwiseContourIntegral;", "&amp;amp;",
    "<!DOCTYPE html PUBLIC \"a\" \"b\">", "<!DOCTYPE x SYSTEM 'y'>", "<!DOCTYPE html PUBLIC>", "<!DOCTYPE html SYSTEM \"x>",
    "<input type=hidden>", "<isindex>", "<image>", "<frameset>", "<colgroup>", "<caption>", "<dd>", "<h1>", "</h2>",
]


def _serialised(parser: HTMLParser) -> str:
    return parser.tree.testSerializer(parser.tree.getDocument())


def html5lib_tree(src: str) -> str:
    parser = HTMLParser(tree=treebuilders.getTreeBuilder("etree"), namespaceHTMLElements=True)
    parser.parse(src, scripting=True)
    return _serialised(parser)


def our_tree(src: str) -> tuple[str | None, Tokenizer]:
    parser = HTMLParser(tree=treebuilders.getTreeBuilder("etree"), namespaceHTMLElements=True)
    tokenizer = Tokenizer(src, foreign=lambda: bool(parser.tree.openElements) and parser.tree.openElements[-1].namespace != HTML)
    drive(parser, tokenizer)
    return (None if tokenizer.halt else _serialised(parser)), tokenizer


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_property_same_tree_as_html5lib(src):
    ours, tokenizer = our_tree(src)
    if ours is not None:  # stopped where parsers disagree (see test_stops_where_parsers_disagree)
        assert ours == html5lib_tree(src)
    elif tokenizer.halt.startswith("html5lib cannot"):  # where html5lib itself fails on the document
        with pytest.raises(Exception):
            html5lib_tree(src)


def test_stops_where_html5lib_fails():
    """html5lib 1.1 asserts on a select in foreign content (html5lib-python issue #568): reading
    stops before the tag it fails on, as where parsers disagree, instead of failing."""
    src = "<p>x</p><math><select><mi><select><textarea>"
    with pytest.raises(AssertionError):
        html5lib_tree(src)
    tree, tokenizer = our_tree(src)
    assert tree is None and tokenizer.end == src.index("<textarea>")
    assert tokenizer.halt == "html5lib cannot build the tree at this tag (AssertionError in html5lib.html5parser)"


def test_a_failure_of_our_own_is_not_taken_for_html5lib_s():
    parser = HTMLParser(tree=treebuilders.getTreeBuilder("etree"), namespaceHTMLElements=True)

    def broken():
        raise AssertionError("ours")

    with pytest.raises(AssertionError, match="ours"):
        drive(parser, Tokenizer("<p>x<math><![CDATA[y]]>", foreign=broken))  # asked at a CDATA section


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_property_tokens_tile_the_source(src):
    """Tokens come in source order, none overlaps another, and text is its source (CR LF read
    as LF) unless it is a character reference."""
    end = 0
    tokenizer = Tokenizer(src)
    for token in tokenizer:
        assert end <= tokenizer.start < tokenizer.end <= len(src)
        raw = src[tokenizer.start:tokenizer.end]
        if token["type"] in (CHARACTERS, SPACE) and not raw.startswith(("&", "<")):
            assert token["data"] in (raw.replace("\r\n", "\n").replace("\r", "\n"), raw.replace("\0", "\ufffd"))
        if token["type"] in (START, END):
            assert raw.startswith("<") and (raw.endswith(">"))
        if token["type"] == COMMENT:
            assert raw.startswith("<")
        end = tokenizer.end


@pytest.mark.parametrize("src,end,text", [
    ("&amp;x", 5, "&"), ("&ampx", 4, "&"), ("&notit;", 5, "¬i"), ("&noti x", 5, "¬i"), ("&xyz;", 2, "&x"), ("& x", 1, "&"),
    ("&#65;", 5, "A"), ("&#x41", 5, "A"), ("&#0;", 4, "\ufffd"), ("&#128;", 6, "€"), ("&#x110000;", 10, "\ufffd"), ("&#", 2, "&#"),
    ("&#x;", 3, "&#x"), ("&#" + "9" * 5000 + ";", 5003, "\ufffd"),
])
def test_character_references(src, end, text):
    assert char_ref(src, 0) == (text, end)


def test_character_references_in_attributes():
    # a legacy name without ';' followed by a letter, digit or '=' stays as written
    assert char_ref("&notit=", 0, in_attribute=True) == ("&noti", 5)
    assert char_ref("&amp=", 0, in_attribute=True) == ("&amp", 4)
    assert char_ref("&amp x", 0, in_attribute=True) == ("&", 4)
    assert char_ref("&amp;=", 0, in_attribute=True) == ("&", 5)


def test_stops_where_parsers_disagree():
    # html5lib ends "<!--\0>" at ">", the standard (and Chromium) at "-->": nothing after it is read
    tree, tokenizer = our_tree("<p>x</p><!--\0><img src=x onerror=alert(1)>-->")
    assert tree is None and tokenizer.halt and tokenizer.end == len("<p>x</p>")


def test_linear_on_what_makes_html5lib_quadratic():
    """Many attributes, dashes in a comment, references in an attribute: one pass each."""
    for src in ("<p " + " ".join(f"a{i}=1" for i in range(50_000)) + ">", "<!--" + "-x" * 200_000, "<p title='" + "&amp;" * 100_000 + "'>"):
        tokens = list(Tokenizer(src))
        assert len(tokens) <= 2
