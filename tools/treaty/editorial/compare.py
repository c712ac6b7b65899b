"""Word-level comparison of an article of this Convention with a counterpart article.

The counterpart's text first goes through the systematic terminology swap of its instrument
(``corpus/concordance/terminology.yaml``: computer system → information and communications
technology system, Party → State Party, British → United Nations spelling …) and its item labels
are written as this Convention writes them ("a)" → "(a)"); then the two texts are compared word
by word (difflib's algorithm on words and punctuation, case and quote style ignored).  What
remains is what the drafters changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..settings import CORPUS_DIR, DATA_DIR
from ..model import Unit
from .counterparts import Article
from .yamlfile import load_yaml

TERMINOLOGY_PATH = CORPUS_DIR / "concordance" / "terminology.yaml"
TERMINOLOGY_SCHEMA = DATA_DIR / "corpus" / "schema" / "terminology.schema.json"

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_LABEL = re.compile(r"^((?:[a-z]|[ivx]+))\)\s*")
#: a token written without a space before it
_CLOSING = re.compile(r"[,.;:)\]]")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


@lru_cache(maxsize=1)
def terminology() -> dict[str, tuple[tuple[str, str], ...]]:
    """instrument key → ((from, to), …), in the order they are applied."""
    data, _ = load_yaml(TERMINOLOGY_PATH, TERMINOLOGY_SCHEMA)
    return {k: tuple((r["from"], r["to"]) for r in rows) for k, rows in data.items()}


def swap(text: str, rules: tuple[tuple[str, str], ...]) -> str:
    """``text`` with each rule applied as a whole word or phrase; an occurrence already
    preceded by the rest of the replacement ("State Party") is left as it is."""
    for old, new in rules:
        lead = new[: -len(old)] if new.endswith(old) else ""
        guard = f"(?<!{re.escape(lead)})" if lead else ""
        text = re.sub(rf"{guard}(?<![\w-]){re.escape(old)}(?![\w-])", new, text)
    return text


def counterpart_blocks(article: Article, instrument: str) -> list[str]:
    """The counterpart's blocks after the swap, item labels written "(a)"."""
    rules = terminology().get(instrument, ())
    return [swap(_LABEL.sub(r"(\1) ", b), rules) for b in article.blocks]


def unit_blocks(unit: Unit) -> list[str]:
    """An article of this Convention as blocks (one paragraph or item each, with its number)."""
    out: list[str] = []

    def walk(u: Unit, top: bool) -> None:
        label = "" if top or not u.display_num else u.display_num + " "
        if u.text or label:
            out.append((label + u.text).strip())
        for ch in u.children:
            walk(ch, False)
        if u.tail:
            out.append(u.tail)

    walk(unit, True)
    return [b for b in out if b]


@dataclass(frozen=True)
class Piece:
    """A run of words: ``same`` in both, only in this Convention (``added``) or only in the
    counterpart (``removed``)."""

    kind: str
    text: str


def _key(token: str) -> str:
    return token.translate(_QUOTES).casefold()


def _join(tokens: list[str]) -> str:
    out = ""
    for t in tokens:
        if out and not (_CLOSING.match(t) or out.endswith(("(", "["))):
            out += " "
        out += t
    return out


def word_diff(this: str, counterpart: str) -> list[Piece]:
    """The word-level difference between this Convention's text and the (swapped) counterpart's:
    difflib's matching (cydifflib, its compiled port: the same opcodes, about eight times faster)."""
    from cydifflib import SequenceMatcher

    a, b = _TOKEN.findall(this), _TOKEN.findall(counterpart)
    sm = SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b], autojunk=False)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", _join(a[i1:i2])))
            continue
        if j2 > j1:
            pieces.append(Piece("removed", _join(b[j1:j2])))
        if i2 > i1:
            pieces.append(Piece("added", _join(a[i1:i2])))
    return pieces


def similarity(pieces: list[Piece]) -> float:
    """Share of words the two texts have in common (1.0: identical after the swap)."""
    count = {k: sum(len(_TOKEN.findall(p.text)) for p in pieces if p.kind == k) for k in ("same", "added", "removed")}
    total = 2 * count["same"] + count["added"] + count["removed"]
    return 2 * count["same"] / total if total else 1.0


__all__ = ["Piece", "counterpart_blocks", "similarity", "swap", "terminology", "unit_blocks", "word_diff"]
