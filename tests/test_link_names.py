"""References by name (link/names.py): generated from the corpus's headings, never on a bare
common word."""

from __future__ import annotations

import pytest

from treaty.corpus import load
from treaty.link import Linker, link_text
from treaty.link.names import name_index, subject_words

DOC = load()
INDEX = DOC.index()


def targets(text: str) -> list[str]:
    return [t.canonical for x in link_text(text, DOC, linker=Linker(DOC, index=INDEX)).links for t in x.targets]


@pytest.mark.parametrize("text,expected", [
    ("The article on extradition requires dual criminality.", ["Article 37"]),
    ("Critics focused on the extradition article.", ["Article 37"]),
    ("the article on the protection of witnesses", ["Article 33"]),
    ("the article on data protection", ["Article 36"]),
    ("The chapter on international cooperation is long.", ["Chapter V"]),
    ("the procedural chapter", ["Chapter IV"]),
    ("the criminalization chapter", ["Chapter II"]),
    ("The final provisions follow the UN model.", ["Chapter IX"]),
    ("the general provisions", ["Chapter I"]),
    ("The preamble recalls the Charter; the interpretative notes clarify.", ["Preamble", "Interpretative notes"]),
    ("the human rights article", ["Article 6"]),
])
def test_references_by_name(text, expected):
    assert targets(text) == expected


@pytest.mark.parametrize("text", [
    "Extradition, data protection and international cooperation were disputed.",  # bare words
    "The article on data is vague.",                      # "data" is in several headings
    "An article on extradition appeared in the press.",   # no determiner
    "The article on the Budapest Convention is interesting.",
    "the chapter on extradition",                         # no chapter has that heading
    "The preamble of the Rome Statute is different.",     # another instrument's preamble
])
def test_non_references(text):
    assert targets(text) == []


def test_every_article_is_named_by_its_own_heading():
    """Generated, not listed: "the article on <heading>" reaches every article whose heading's
    subject words are its own (no other heading holds them all) and not too many to write."""
    from treaty.link.names import MAX_SUBJECT

    index = name_index(DOC)
    reached = 0
    for heading_words, c in index.articles:
        others = [h for h, d in index.articles if d != c and heading_words <= h]
        heading = INDEX[c].heading
        if others or any(len(w) < 3 for w in heading_words) or len(heading.split()) > MAX_SUBJECT:
            continue
        assert targets(f"See the article on {heading.lower()}.") == [c.canonical], heading
        reached += 1
    assert reached >= 45


def test_subject_words_ignore_stopwords_and_plurals():
    assert subject_words("the Protection of Witnesses".split()) == subject_words(["protections", "witnesses"]) == {"protection", "witnesse"}
    assert subject_words(["of", "the", "and"]) == frozenset()
