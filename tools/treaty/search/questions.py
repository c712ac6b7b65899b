"""Questions: 'can a State refuse mutual legal assistance?', 'how long may preserved data be kept?'.

A question's framing — its question word, its auxiliary, the referents every provision shares
("the Convention", "a State") — says how the reader asks, not what about; searched as words it
only adds noise ("State" is in most paragraphs).  So in a question those words are left out and
the rest is searched as usual; a few question words that ask for a kind of answer the
Convention gives in words of its own ("how long" → period, days, duration) are searched beside
the rest, at low weight.  The word lists are data: ``tools/treaty/data/questions.json``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

QUESTIONS_PATH = Path(__file__).parents[1] / "data" / "questions.json"


@lru_cache(maxsize=1)
def _tables() -> tuple[frozenset, frozenset, dict[tuple[str, ...], tuple[str, ...]]]:
    data = json.loads(QUESTIONS_PATH.read_text(encoding="utf-8"))
    opening = frozenset(data["question_words"]) | frozenset(data["auxiliaries"])
    framing = opening | frozenset(data["framing"])
    intents = {tuple(k.split()): tuple(v) for k, v in data["intents"].items()}
    return opening, framing, intents


def _word(value: str) -> str:
    return value.casefold().strip(".,;:!?()[]\"'")


def is_question(text: str, clauses) -> bool:
    """True when the query ends with '?' or its first word is a question word or an auxiliary."""
    opening, _, _ = _tables()
    first = next((c for c in clauses if c.kind == "word" and not c.field), None)
    return text.rstrip().endswith("?") or (first is not None and clauses and clauses[0] is first and _word(first.value) in opening)


def read_question(text: str, clauses) -> tuple[list, list[str]]:
    """(the clauses without the question's framing, the intent words to search beside them).
    Clauses that are not plain unsigned words are always kept; a query that is not a question,
    or that would keep no word, comes back as it is."""
    if not is_question(text, clauses):
        return clauses, []
    _, framing, intents = _tables()
    words = [_word(c.value) if c.kind == "word" and not c.field and not c.sign else None for c in clauses]
    intent: list[str] = []
    for key, expansion in intents.items():
        n = len(key)
        if any(tuple(words[i : i + n]) == key for i in range(len(words) - n + 1)):
            intent.extend(expansion)
    asked = set()  # the words of an intent found ("how long"): its expansion says it better
    for key in intents:
        n = len(key)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == key:
                asked.update(range(i, i + n))
    kept = [c for i, (c, w) in enumerate(zip(clauses, words)) if w is None or (w not in framing and i not in asked)]
    kept = [replace(c, value=c.value.rstrip("?")) if c.kind == "word" else c for c in kept]
    kept = [c for c in kept if c.kind != "word" or c.value]
    if not any(c.kind in ("word", "phrase", "prefix") for c in kept):
        return clauses, []
    return kept, intent


__all__ = ["is_question", "read_question"]
