"""The concordance: each article of this Convention and its counterparts in other instruments.

``corpus/concordance/concordance.yaml`` (schema ``corpus/schema/concordance.schema.json``) lists,
for each of the 68 articles, the counterpart articles of the instruments named in
``corpus/counterparts/instruments.yaml`` with a relation (verbatim, adapted, partial), and
records each correction made to the research data it was compiled from.  Loading checks, with
every problem as ``file:line: message``: the schema; that the articles are this Convention's,
each once, in order, with their own titles; that each counterpart's instrument is known and,
where its text is stored, that the article exists there with that title; that no counterpart is
listed twice; and that each correction names a row as it now stands.

:func:`parse_counterpart` reads a citation of another instrument ("Budapest Convention,
Article 19", "ETS 185 art. 19", "article 19 of the Budapest Convention"): the instrument by the
names in instruments.yaml, the article by this project's citation grammar.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..citation import Citation, CitationError, parse
from ..settings import CORPUS_DIR, DATA_DIR
from ..model import Document
from .counterparts import Instrument, instrument_articles, instruments
from .yamlfile import YamlError, YamlErrors, display, line_of, load_yaml

CONCORDANCE_PATH = CORPUS_DIR / "concordance" / "concordance.yaml"
SCHEMA_PATH = DATA_DIR / "corpus" / "schema" / "concordance.schema.json"
#: closest first
RELATIONS = ("verbatim", "adapted", "partial")
BUDAPEST = "ETS 185"


@dataclass(frozen=True)
class Counterpart:
    instrument: Instrument
    article: int
    title: str
    relation: str

    @property
    def label(self) -> str:
        """'Budapest, Article 19'."""
        return f"{self.instrument.short}, Article {self.article}"


@dataclass(frozen=True)
class Entry:
    """One article of this Convention and its counterparts (ETS 185 first)."""

    article: int
    title: str
    counterparts: tuple[Counterpart, ...]

    @property
    def citation(self) -> Citation:
        return Citation.article(self.article)

    @property
    def budapest_relation(self) -> str:
        """The closest relation to an ETS 185 article, or 'new' when there is none."""
        rels = [c.relation for c in self.counterparts if c.instrument.key == BUDAPEST]
        return min(rels, key=RELATIONS.index) if rels else "new"


@dataclass(frozen=True)
class Correction:
    article: int
    instrument: str
    counterpart: int
    was: str
    now: str
    why: str


@dataclass(frozen=True)
class Concordance:
    entries: tuple[Entry, ...]
    corrections: tuple[Correction, ...]
    sources: tuple[dict, ...]

    def entry(self, article: int) -> Entry | None:
        return next((e for e in self.entries if e.article == article), None)

    def corresponding(self, instrument: str, article: int) -> list[tuple[Entry, Counterpart]]:
        """The articles of this Convention that have ``instrument``'s ``article`` as a counterpart."""
        return [(e, c) for e in self.entries for c in e.counterparts if c.instrument.key == instrument and c.article == article]

    def pairs(self) -> list[tuple[Entry, Counterpart]]:
        return [(e, c) for e in self.entries for c in e.counterparts]


def row(entry: Entry, c: Counterpart) -> dict[str, str]:
    """One row as ``treaty concordance --json`` prints it (a public shape: keep it)."""
    return {"article": f"Article {entry.article}", "instrument": c.instrument.name, "short": c.instrument.short,
            "counterpart": f"Article {c.article}", "relation": c.relation}


# -- reading another instrument's citations ---------------------------------------------------
@lru_cache(maxsize=8)
def _alias_pattern(names: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(a) for a in sorted(names, key=lambda a: (-len(a), a))), re.IGNORECASE)


def parse_counterpart(text: str, aliases: dict[str, str] | None = None, *, loose: bool = False) -> tuple[str, int] | None:
    """(instrument key, article number) for a citation of another instrument, None when the text
    names no known instrument; CitationError when it names one but its article is unreadable.

    ``aliases`` (name or abbreviation → instrument key) defaults to instruments.yaml's; the
    search index passes the table it was built with, so reading a query loads no YAML.  With
    ``loose`` (a search query: "what does article 19 of the Budapest Convention say"), the words
    beside the instrument may hold other words, as long as they cite exactly one article."""
    if aliases is None:
        aliases = {a: key for key, inst in instruments().items() for a in inst.aliases}
    by_alias = {a.casefold(): key for a, key in aliases.items()}
    s = " ".join(text.split())
    if loose:
        return _loose(s, by_alias)
    for m in _alias_pattern(tuple(sorted(by_alias))).finditer(s):
        before, after = s[: m.start()], s[m.end():]
        # the instrument's name must stand alone: at one end, with the article on the other side
        if m.start() and not re.search(r"(?:^|\s)(?:of|under|in)?\s*(?:the\s+)?$", before, re.IGNORECASE):
            continue
        if m.end() < len(s) and not re.match(r"[\s,]", after):
            continue
        opening = before.strip().casefold() in ("", "the")
        rest = before if after.strip(" ,") == "" and not opening else after if opening else None
        if rest is None:
            continue
        rest = re.sub(r"\s*,?\s*(?:(?:of|under|in)\s+)?(?:the\s+)?$", "", rest, flags=re.IGNORECASE).strip(" ,")
        if not rest:
            raise CitationError(f"which article of the {m.group(0)}? e.g. '{m.group(0)}, Article 19'")
        try:
            c = parse(rest)
        except CitationError:
            raise CitationError(f"not a citation of an article of the {m.group(0)}: {text.strip()!r}") from None
        if c.article_number is None:
            raise CitationError(f"not a citation of an article of the {m.group(0)}: {text.strip()!r}")
        return by_alias[m.group(0).casefold()], c.article_number
    return None


#: what may stand between an article and the instrument it belongs to: "art. 19 of the" Budapest
#: Convention; Budapest Convention("'s", ",") art. 19.  Data the browser reads too (search/browser.py).
BETWEEN_AFTER = r"^\s*,?\s*(?:(?:of|under|in)\s+)?(?:the\s+)?$"
BETWEEN_BEFORE = r"^(?:['’]s)?\s*,?\s*$"
#: the most words the citation beside an instrument's name may take ("paragraph 1 of article 19")
RUN_WORDS = 6
#: the most whitespace-separated tokens either BETWEEN_ pattern can match (", under the"): only
#: the words this close to a name are tried, so reading a query costs linear time in its length
BETWEEN_TOKENS = 3
_AFTER, _BEFORE = re.compile(BETWEEN_AFTER, re.IGNORECASE), re.compile(BETWEEN_BEFORE, re.IGNORECASE)


def _loose(s: str, by_alias: dict[str, str]) -> tuple[str, int] | None:
    """An article cited right beside an instrument's name anywhere in a query, or None.

    For each name (a whole word, longest name first): the words just before it, with only
    ``BETWEEN_AFTER`` between them and the name, or just after it, with only ``BETWEEN_BEFORE``
    between; of those, the longest run of at most ``RUN_WORDS`` words that ``parse`` reads as one
    article.  browser.js (``counterpartQuery``) reads a query by this same rule, with the same
    grammar: tests/test_search_counterparts.py holds both to one case table."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", s)]
    word_starts, word_ends = [b for b, _ in words], [e for _, e in words]
    for m in _alias_pattern(tuple(sorted(by_alias))).finditer(s):
        if (m.start() and s[m.start() - 1].isalnum()) or (m.end() < len(s) and s[m.end()].isalnum()):
            continue
        before = bisect_right(word_ends, m.start())  # the words ending before the name: words[:before]
        after = bisect_left(word_starts, m.end())  # those starting after it: words[after:]
        ends = [i for i in range(max(0, before - BETWEEN_TOKENS - 1), before) if _AFTER.match(s[words[i][1]:m.start()])]
        starts = [i for i in range(after, min(len(words), after + BETWEEN_TOKENS + 1)) if _BEFORE.match(s[m.end():words[i][0]])]
        runs = [(j, i) for i in ends for j in range(i, max(-1, i - RUN_WORDS), -1)]
        runs += [(i, j) for i in starts for j in range(i, min(len(words), i + RUN_WORDS))]
        for a, b in sorted(runs, key=lambda r: (r[0] - r[1], r)):  # longest run first
            try:
                c = parse(s[words[a][0]:words[b][1]])
            except CitationError:
                continue
            if c.part == "convention" and c.article_number is not None:
                return by_alias[m.group(0).casefold()], c.article_number
    return None


# -- loading ----------------------------------------------------------------------------------
def load_concordance(doc: Document, path: Path | None = None) -> Concordance:
    """The concordance, checked against the corpus and the stored counterpart texts; YamlErrors
    listing every problem otherwise."""
    path = CONCORDANCE_PATH if path is None else Path(path)
    data, node = load_yaml(path, SCHEMA_PATH)
    where = display(path)
    errors: list[YamlError] = []

    def err(steps, message):
        errors.append(YamlError(where, line_of(node, steps), message))

    known = instruments()
    index = doc.index()
    convention_articles = [u for u in doc.walk() if u.kind == "article"]
    entries = []
    for i, a in enumerate(data["articles"]):
        n = a["article"]
        if i < len(convention_articles) and int(convention_articles[i].num) != n:
            err(["articles", i, "article"], f"Article {n} is out of place: expected Article {convention_articles[i].num} here (every article once, in order)")
        unit = index.get(Citation.article(n))
        if unit is None:
            err(["articles", i, "article"], f"this Convention has no Article {n}")
        elif unit.heading != a["title"]:
            err(["articles", i, "title"], f"Article {n} is titled {unit.heading!r}, not {a['title']!r}")
        counterparts, seen = [], set()
        for j, c in enumerate(a["counterparts"]):
            at = ["articles", i, "counterparts", j]
            inst = known.get(c["instrument"])
            if inst is None:
                err(at + ["instrument"], f"unknown instrument {c['instrument']!r}: the instruments are {', '.join(known)} (corpus/counterparts/instruments.yaml)")
                continue
            if (inst.key, c["article"]) in seen:
                err(at, f"{inst.key} Article {c['article']} is listed twice for Article {n}")
            seen.add((inst.key, c["article"]))
            text = instrument_articles(inst.key)
            if text and c["article"] not in text:
                err(at + ["article"], f"{inst.key} has no Article {c['article']} (stored text {inst.file})")
            elif text and text[c["article"]].title != c["title"]:
                err(at + ["title"], f"{inst.key} Article {c['article']} is titled {text[c['article']].title!r}, not {c['title']!r}")
            counterparts.append(Counterpart(inst, c["article"], c["title"], c["relation"]))
        counterparts.sort(key=lambda c: c.instrument.key != BUDAPEST)
        entries.append(Entry(n, a["title"], tuple(counterparts)))
    if len(data["articles"]) != len(convention_articles):
        err(["articles"], f"{len(data['articles'])} articles listed; this Convention has {len(convention_articles)}")

    by_row = {(e.article, c.instrument.key, c.article): c.relation for e in entries for c in e.counterparts}
    corrections = []
    for k, c in enumerate(data["corrections"]):
        now = by_row.get((c["article"], c["instrument"], c["counterpart"]), "none")
        if now != c["now"]:
            err(["corrections", k, "now"], f"Article {c['article']} — {c['instrument']} Article {c['counterpart']} is now {now!r} in the articles above, not {c['now']!r}")
        if c["was"] == c["now"]:
            err(["corrections", k, "was"], "a correction must change something: 'was' and 'now' are the same")
        corrections.append(Correction(**c))
    if errors:
        raise YamlErrors(errors)
    return Concordance(tuple(entries), tuple(corrections), tuple(data["sources"]))


__all__ = ["BUDAPEST", "CONCORDANCE_PATH", "RELATIONS", "Concordance", "Correction", "Counterpart", "Entry",
           "load_concordance", "parse_counterpart", "row"]
