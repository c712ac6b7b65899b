"""analysis.rules: the run of characters a rule needs (``needed``) never skips a text the rule matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treaty.analysis.rules import _AS_ASCII, folded, needed, qualifier_patterns, strength_rules
from treaty.corpus import load

RULES = [r.regex for r in strength_rules()[0]] + list(qualifier_patterns())


def test_every_other_character_a_pattern_matches_as_an_ascii_letter_is_folded():
    letter = re.compile("[a-z]", re.IGNORECASE)
    found = {c for c in range(128, 0x110000) if letter.fullmatch(chr(c))}
    assert found == set(_AS_ASCII)
    assert all(re.fullmatch(folded(chr(c)), chr(c), re.IGNORECASE) for c in found)


@pytest.mark.parametrize("pattern, run", [
    (r"\bshall not\s+(?:be\s+)?\w+", "shall not"),
    (r"\bShall\b \bbe deposited", "shall be deposited"),  # across zero-width assertions
    (r"\b(?:is|are) not bound\b", " not bound"),
    (r"\bshalls?", "shall"),  # an optional letter is not needed
    (r"\bshall|may", ""),  # either: neither is needed
    (r"(?:shall)", ""),  # inside a group: not read
    (r"ab(?:b|c)dee{2}fgh[^,]{0,60}", "fgh"),  # a repeated letter is not needed
    (r"shall[](|]may\.be (?i:x)\w+(?#|)done well", "done well"),  # classes, escapes and groups end a run
    (r"(?x)shall may", ""),  # verbose: spaces are not characters
    (r"\bexcès de pouvoir", "s de pouvoir"),
    (r"\bentitled\bé", "entitled"),  # a run stops at a character that is not ASCII
    (r"^(?:if\b[^.;,]*,\s*)?(?:consider|seek)\b", ""),
])
def test_the_run_a_pattern_needs(pattern, run):
    assert needed(re.compile(pattern, re.IGNORECASE)) == run


def test_every_rule_matches_only_a_text_holding_its_run():
    """Over every text of the corpus, every strength and qualifier rule: a match implies the run."""
    texts = [t for u in load().walk() for t in (u.text, u.tail, u.heading) if t]
    assert sum(bool(needed(rx)) for rx in RULES) > len(RULES) * 0.9
    for rx in RULES:
        for text in texts:
            if rx.search(text):
                assert needed(rx) in folded(text), (rx.pattern, text)


WORDS = ["shall", "SHALL", "ſhall", "may", "İn accordance with", "in accordance with", "domestic law", "State Party", "not",
         "be", "bound", "refuse", "Nothing", "in this Convention", "consider", "endeavour", "K", "as appropriate", "where"]


@given(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from([" ", ", ", "; ", ". ", " "]), st.text(max_size=3)), max_size=30))
def test_a_rule_that_matches_a_made_up_text_finds_its_run_there(parts):
    text = "".join(parts)
    holds = folded(text)
    for rx in RULES:
        if rx.search(text):
            assert needed(rx) in holds, (rx.pattern, text)
