"""The texts of other instruments this Convention draws on (its counterparts), as stored.

``corpus/counterparts/instruments.yaml`` names each instrument (its key as the concordance
writes it, a short name, the names and abbreviations readers cite it by) and, where its text is
kept, the file in ``corpus/counterparts/`` with its provenance (repository, path, commit, URL)
and SHA-256.  The stored files are the English texts of the Dutch treaty database as mirrored
in the public repository ``statengeneraal/laws-markdown``, byte for byte as received (the
English text, then a Dutch translation); :func:`articles` reads the English articles out of one:
number, title, and the text as blocks (one paragraph or item a block), with the Markdown
escapes of that mirror undone and nothing else changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..settings import CORPUS_DIR, DATA_DIR
from .yamlfile import YamlErrors, display, load_yaml

COUNTERPARTS_DIR = CORPUS_DIR / "counterparts"
INSTRUMENTS_PATH = COUNTERPARTS_DIR / "instruments.yaml"
INSTRUMENTS_SCHEMA = DATA_DIR / "corpus" / "schema" / "instruments.schema.json"

_ARTICLE = re.compile(r"^###\s+Article\s+(\d+)\s*$")
_HEADING = re.compile(r"^#{2,4}(?!#)")
_END = ("IN WITNESS WHEREOF",)
#: the mirror writes an opening quote as two backticks: ``computer system"
_QUOTED = re.compile(r'``([^"`]*)"')
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*([^*]+)\*")


@dataclass(frozen=True)
class Article:
    """One article of a counterpart instrument, read from its stored text."""

    number: int
    title: str
    #: the text, one paragraph or item a block, in order
    blocks: tuple[str, ...]
    #: the line of the stored file where the article starts
    line: int

    @property
    def text(self) -> str:
        return "\n".join(self.blocks)


@dataclass(frozen=True)
class Instrument:
    key: str
    short: str
    name: str
    #: the names and abbreviations a reader may cite it by (the key and name included)
    aliases: tuple[str, ...]
    #: the stored English text (None when the text is not kept here) and where it came from
    file: str | None
    sha256: str | None
    source: dict

    @property
    def path(self) -> Path | None:
        return COUNTERPARTS_DIR / self.file if self.file else None


def _clean(line: str) -> str:
    line = _QUOTED.sub("\u201c\\1\u201d", line.strip()).replace("``", "\u201c")
    line = _LINK.sub(r"\1", line)
    line = _EMPHASIS.sub(r"\1", line)
    return " ".join(line.split())


def articles(text: str) -> dict[int, Article]:
    """The English articles of a stored text: ``### Article N`` then ``####Title`` then the text,
    up to the next heading; the English part ends at "IN WITNESS WHEREOF" (a Dutch translation
    follows, with ``### Artikel`` headings, which are not read)."""
    out: dict[int, Article] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _ARTICLE.match(lines[i].rstrip())
        if m is None:
            if any(lines[i].startswith(e) for e in _END):
                break
            i += 1
            continue
        start, number, title, blocks = i + 1, int(m.group(1)), "", []
        i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i < len(lines) and lines[i].startswith("####"):
            title = _clean(lines[i].lstrip("#"))
            i += 1
        while i < len(lines) and not _HEADING.match(lines[i]) and not any(lines[i].startswith(e) for e in _END):
            block = _clean(lines[i])
            if block:
                blocks.append(block)
            i += 1
        if number not in out:  # the first (English) text of an article wins
            out[number] = Article(number, title, tuple(blocks), start)
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def instruments() -> dict[str, Instrument]:
    """key → Instrument, from instruments.yaml (schema-checked; YamlErrors if unsound)."""
    data, _ = load_yaml(INSTRUMENTS_PATH, INSTRUMENTS_SCHEMA)
    out: dict[str, Instrument] = {}
    for key, v in data.items():
        aliases = tuple(dict.fromkeys([key, v["name"], v["short"], *v.get("aliases", [])]))
        out[key] = Instrument(key, v["short"], v["name"], aliases, v.get("file"), v.get("sha256"), v.get("source", {}))
    return out


@lru_cache(maxsize=None)
def instrument_articles(key: str) -> dict[int, Article]:
    """The articles of one instrument's stored text ({} when its text is not kept here)."""
    inst = instruments()[key]
    if inst.path is None:
        return {}
    return articles(inst.path.read_text(encoding="utf-8"))


def check_texts() -> list[str]:
    """Each stored text's SHA-256 against instruments.yaml: problems as ``file:line: message``."""
    problems = []
    rel = display(INSTRUMENTS_PATH)
    for inst in instruments().values():
        if inst.path is None:
            continue
        if not inst.path.exists():
            problems.append(f"{rel}:1: {inst.key}: the text {inst.file} is missing")
        elif sha256(inst.path) != inst.sha256:
            problems.append(f"{rel}:1: {inst.key}: {inst.file} has SHA-256 {sha256(inst.path)}, not the recorded {inst.sha256}")
    return problems


__all__ = ["Article", "Instrument", "YamlErrors", "articles", "check_texts", "instrument_articles", "instruments", "sha256"]
