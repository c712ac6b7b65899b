"""Shared fixtures: the real corpus parsed once per session, and small text snippets."""

from __future__ import annotations

from pathlib import Path

import pytest

from treaty.corpus import SOURCE_PATH
from treaty.parse import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def source_bytes() -> bytes:
    return SOURCE_PATH.read_bytes()


@pytest.fixture(scope="session")
def doc(source_bytes):
    return parse_bytes(source_bytes, "corpus/source/" + SOURCE_PATH.name)


@pytest.fixture(scope="session")
def index(doc):
    return {u.citation.canonical: u for u in doc.walk()}


@pytest.fixture(scope="session")
def mini_text() -> str:
    return (FIXTURES / "mini.txt").read_text(encoding="utf-8")


def parse_text(text: str, path: str = "mini.txt"):
    return parse_bytes(text.encode("utf-8"), path)


def append_to_article_text(corpus_path: Path, number: str, words: str) -> None:
    """Edit a copy of the corpus JSON: add words to an article's own text (for staleness tests)."""
    import json

    data = json.loads(corpus_path.read_text(encoding="utf-8"))
    conv = next(p for p in data["parts"] if p["kind"] == "convention")
    article = next(a for ch in conv["children"] if ch["kind"] == "chapter" for a in ch["children"] if a["num"] == number)
    article["text"] += " " + words
    corpus_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
