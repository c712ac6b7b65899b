"""Python's Unicode character classes as data for the browser runtimes.

The citation reader (``citation/browser.py``) and the search engine (``search/browser.py``) run
in JavaScript, whose ``\\s``, ``\\d``, ``\\w`` and case folding differ from Python's outside
ASCII; they ship the very characters Python's mean.  They are found by Python's own ``re`` over
one string holding every code point (``\\s`` is ``str.isspace``, ``\\d`` ``str.isdecimal``, ``\\w``
``str.isalnum`` or ``_``: ``tests/test_unicode_classes.py`` checks each against a walk of all
1.1 million code points), ~40 ms; the answers are kept in the build cache (treaty.cache) keyed by
Python's Unicode version and this module's source, and once per process.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from functools import lru_cache
from pathlib import Path

from .cache import cached


def class_body(chars: list[int]) -> str:
    """Code points as the inside of a JavaScript character class (``u`` mode), in ranges."""
    out, i = [], 0
    while i < len(chars):
        j = i
        while j + 1 < len(chars) and chars[j + 1] == chars[j] + 1:
            j += 1
        a, b = chars[i], chars[j]
        out.append(f"\\u{{{a:x}}}" if a == b else f"\\u{{{a:x}}}-\\u{{{b:x}}}")
        i = j + 1
    return "".join(out)


def _kept(name: str, compute):
    return cached(name, [unicodedata.unidata_version, str(sys.maxunicode), Path(__file__)], compute)


@lru_cache(maxsize=1)
def every_character() -> str:
    """Every code point, in order, as one string (surrogates included): what the classes are read from."""
    return array("I", range(sys.maxunicode + 1)).tobytes().decode(f"utf-32-{sys.byteorder[0]}e", "surrogatepass")


def matching(pattern: str, text: str) -> list[int]:
    """The code points of ``text`` (every character) that ``pattern`` matches."""
    return [m.start() for m in re.finditer(pattern, text)]


def matching_body(pattern: str, text: str) -> str:
    """``class_body(matching(pattern, text))``, read by runs of matching code points at once."""
    return "".join(f"\\u{{{m.start():x}}}" if m.end() - m.start() == 1 else f"\\u{{{m.start():x}}}-\\u{{{m.end() - 1:x}}}"
                   for m in re.finditer(f"(?:{pattern})+", text))


#: code points compared a block at a time: a block whose casefold equals its lowercase is skipped
_BLOCK = 512


def casefold_differences(text: str) -> dict[str, str]:
    """The characters of ``text`` (not surrogates) whose ``casefold()`` differs from ``lower()``."""
    out = {}
    for i in range(0, len(text), _BLOCK):
        block = text[i:i + _BLOCK]
        if block.casefold() != block.lower():  # str.lower() is context-sensitive only for final sigma: then the block is walked
            out.update((c, c.casefold()) for c in block if c.casefold() != c.lower() and not 0xD800 <= ord(c) <= 0xDFFF)
    return out


def _reader_classes() -> dict:
    every = every_character()
    zeros = [c for c in matching(r"\d", every) if unicodedata.digit(chr(c)) == 0]
    digits = [z + k for z in zeros for k in range(10)]
    return {"space": matching_body(r"\s", every), "digit": class_body(digits), "zeros": zeros,
            "casefold": casefold_differences(every)}


@lru_cache(maxsize=1)
def reader_classes() -> dict:
    """Python's ``\\s`` and ``\\d`` as class bodies, the zeros of every decimal digit run, and
    the characters whose ``casefold`` differs from ``lower``."""
    return _kept("unicode-reader-classes", _reader_classes)


@lru_cache(maxsize=1)
def word_class() -> str:
    """Python's ``\\w`` (str patterns) as a JavaScript class body: alphanumerics and ``_``."""
    return _kept("unicode-word-class", lambda: matching_body(r"\w", every_character()))


__all__ = ["casefold_differences", "class_body", "every_character", "matching", "matching_body", "reader_classes", "word_class"]
