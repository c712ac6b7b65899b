"""treaty.unicode_classes: the classes read by ``re`` over every code point are exactly the
characters Python's ``str`` methods name (a walk of all 1.1 million code points, once)."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from treaty import unicode_classes as uc

EVERY = range(sys.maxunicode + 1)


@pytest.fixture(scope="module")
def text() -> str:
    return uc.every_character()


def test_every_character_is_every_code_point_in_order(text):
    assert len(text) == sys.maxunicode + 1
    assert all(ord(text[c]) == c for c in (0, 0x41, 0xD800, 0xDFFF, 0xFFFF, 0x10000, sys.maxunicode))


def test_space_is_isspace(text):
    assert uc.matching(r"\s", text) == [c for c in EVERY if chr(c).isspace()]


def test_digit_is_decimal_and_the_zeros_start_each_run(text):
    assert uc.matching(r"\d", text) == [c for c in EVERY if unicodedata.category(chr(c)) == "Nd"]


def test_word_is_isalnum_or_underscore(text):
    assert uc.matching(r"\w", text) == [c for c in EVERY if chr(c).isalnum() or c == 0x5F]


def test_casefold_differences_are_every_character_whose_casefold_is_not_its_lowercase(text):
    assert uc.casefold_differences(text) == {chr(c): chr(c).casefold() for c in EVERY
                                             if chr(c).casefold() != chr(c).lower() and not 0xD800 <= c <= 0xDFFF}


def test_the_shipped_classes_are_made_from_them(monkeypatch):
    monkeypatch.setenv("TREATY_CACHE_DIR", "")  # computed here, not read from an earlier build
    uc.reader_classes.cache_clear()
    uc.word_class.cache_clear()
    try:
        zeros = [c for c in EVERY if unicodedata.category(chr(c)) == "Nd" and unicodedata.digit(chr(c)) == 0]
        data = uc.reader_classes()
        assert data["zeros"] == zeros
        assert data["digit"] == uc.class_body([z + k for z in zeros for k in range(10)])
        assert data["space"] == uc.class_body([c for c in EVERY if chr(c).isspace()])
        assert "ß" in data["casefold"] and data["casefold"]["ß"] == "ss"
        assert uc.word_class() == uc.class_body([c for c in EVERY if chr(c).isalnum() or c == 0x5F])
    finally:
        uc.reader_classes.cache_clear()
        uc.word_class.cache_clear()


def test_class_body_writes_runs_as_ranges():
    assert uc.class_body([0x30, 0x31, 0x32, 0x41]) == "\\u{30}-\\u{32}\\u{41}"


@pytest.mark.parametrize("pattern", [r"\s", r"\w", r"\d"])
def test_a_class_read_by_runs_is_the_class_read_by_code_points(text, pattern):
    assert uc.matching_body(pattern, text) == uc.class_body(uc.matching(pattern, text))
