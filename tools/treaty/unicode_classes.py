"""Python's Unicode character classes as data for the browser runtimes.

The citation reader (``citation/browser.py``) and the search engine (``search/browser.py``) run
in JavaScript, whose ``\\s``, ``\\d``, ``\\w`` and case folding differ from Python's outside
ASCII; they ship the very characters Python's mean.  Finding them walks all 1.1 million code
points (~0.5 s), so the answers are kept in the build cache (treaty.cache) keyed by Python's
Unicode version and this module's source, and once per process.
"""

from __future__ import annotations

import sys
import unicodedata
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


def _reader_classes() -> dict:
    every = range(sys.maxunicode + 1)
    spaces = [c for c in every if chr(c).isspace()]
    zeros = [c for c in every if unicodedata.category(chr(c)) == "Nd" and unicodedata.digit(chr(c)) == 0]
    digits = [z + k for z in zeros for k in range(10)]
    casefold = {chr(c): chr(c).casefold() for c in every
                if chr(c).casefold() != chr(c).lower() and not 0xD800 <= c <= 0xDFFF}
    return {"space": class_body(spaces), "digit": class_body(digits), "zeros": zeros, "casefold": casefold}


@lru_cache(maxsize=1)
def reader_classes() -> dict:
    """Python's ``\\s`` and ``\\d`` as class bodies, the zeros of every decimal digit run, and
    the characters whose ``casefold`` differs from ``lower``."""
    return _kept("unicode-reader-classes", _reader_classes)


@lru_cache(maxsize=1)
def word_class() -> str:
    """Python's ``\\w`` (str patterns) as a JavaScript class body: alphanumerics and ``_``."""
    return _kept("unicode-word-class", lambda: class_body([c for c in range(sys.maxunicode + 1) if chr(c).isalnum() or c == 0x5F]))


__all__ = ["class_body", "reader_classes", "word_class"]
