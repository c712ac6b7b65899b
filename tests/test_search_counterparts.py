"""A query citing another instrument's article ("article 19 of the Budapest Convention"), read by
one rule in two runtimes: editorial/concordance.py (``parse_counterpart(loose=True)``, used by
`treaty search`) and browser.js (``counterpartQuery``, the site's box), both on the citation
grammar the two already share.  The case table (tests/fixtures/counterpart_queries.yaml) was
written before browser.js read such queries; its held-out part is reported apart."""

from __future__ import annotations

from pathlib import Path

import itertools

import pytest
import yaml

import treaty.editorial.concordance as concordance
from treaty.editorial.concordance import BETWEEN_AFTER, BETWEEN_BEFORE, BETWEEN_TOKENS, RUN_WORDS, instruments, parse_counterpart
from treaty.search import search

from html_browser import chromium

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "counterpart_queries.yaml").read_text(encoding="utf-8"))
#: held-out cases the rule does not read; each must still fail, so that a fix is noticed
KNOWN_GAPS = {"article 28 Palermo"}  # "Palermo" alone is not one of UNTOC's aliases


def _aliases() -> dict[str, str]:
    return {a: key for key, inst in instruments().items() for a in inst.aliases}


def _want(case) -> tuple[str, int] | None:
    return tuple(case["want"]) if case["want"] else None


def _python(q: str):
    return parse_counterpart(q, _aliases(), loose=True)


@pytest.mark.parametrize("case", [c for c in CASES if not c.get("holdout")], ids=lambda c: c["q"])
def test_python_reads_every_tuned_case(case):
    assert _python(case["q"]) == _want(case)


def test_held_out_cases():
    held = [c for c in CASES if c.get("holdout")]
    wrong = {c["q"] for c in held if _python(c["q"]) != _want(c)}
    assert wrong == KNOWN_GAPS
    assert len(held) >= 13


def _queries() -> list[str]:
    """Every case, every relevance query, and each alias in many positions and shapes."""
    relevance = yaml.safe_load((Path(__file__).parents[1] / "benchmarks" / "relevance.yaml").read_text(encoding="utf-8"))
    qs = [c["q"] for c in CASES] + [r["q"] for r in relevance["queries"]]
    shapes = ["article 5 of the {a}", "{a}, art. 12", "{a}'s article 3", "{a} article 99", "{a}", "{a} article",
              "under the {a} paragraph 2 of article 7", "{a} chapter II", "x{a} article 4", "{a}x article 4",
              "art. 4(1)(b) in {a}", "what does {a} Article 16 say", "articles 19 and 20 of the {a}",
              "article 19 and the {a}", "{a} note 3", "{a} ,article 8", "article 10 , {a}", "ARTICLE 2 OF THE {a}"]
    qs += [s.format(a=a) for a in sorted(_aliases()) for s in shapes]
    qs += [("budapest " * 60)[:500], ("article 19 of the budapest convention, " * 13)[:500], "art. 1 " * 70 + "ETS 185"]
    return [" ".join(q.split()) for q in qs]


def test_browser_reads_every_query_as_python_does(engine_page):
    qs = _queries()
    got = engine_page.evaluate("(qs) => qs.map((q) => window.__engine.counterpartQuery(q))", qs)
    want = [list(r) if r else None for r in map(_python, qs)]
    assert len(qs) > 300 and sum(1 for w in want if w) > 100  # both readings and non-readings tried
    diffs = [(q, w, g) for q, w, g in zip(qs, want, got) if w != g]
    assert not diffs, f"{len(diffs)} differ, first: {diffs[:3]}"


@pytest.mark.parametrize("case", [c for c in CASES if c["want"]], ids=lambda c: c["q"])
def test_the_site_box_answers_a_counterpart_query_as_treaty_search_does(engine_page, ix, case):
    cli = [h.citation for h in search(ix, case["q"]).hits]
    site = engine_page.evaluate("(q) => window.__engine.search(q, 10).hits.map((h) => h.doc.citation)", case["q"])
    assert site[:3] == cli[:3]


@pytest.fixture(scope="module")
def engine_page(doc):
    from search_engine import engine_page as page

    with page(doc) as p:
        yield p


def test_the_between_patterns_hold_at_most_between_tokens():
    """Only the BETWEEN_TOKENS words nearest a name are tried (both runtimes): no longer run of
    the patterns' own words may match them, or a reading would be missed."""
    import re

    vocabulary = [",", "of", "under", "in", "the", "'s", "’s", "x"]
    for pattern in (BETWEEN_AFTER, BETWEEN_BEFORE):
        rx = re.compile(pattern, re.IGNORECASE)
        for n in range(BETWEEN_TOKENS + 1, BETWEEN_TOKENS + 3):
            for tokens in itertools.product(vocabulary, repeat=n):
                for between in (" " + " ".join(tokens) + " ", "".join(tokens[:1]) + " " + " ".join(tokens[1:]) + " "):
                    assert not rx.match(between), (pattern, between)
    assert re.match(BETWEEN_AFTER, " , under the ", re.IGNORECASE)  # BETWEEN_TOKENS is reached


def test_reading_a_query_tries_a_bounded_number_of_runs_per_name(monkeypatch):
    """Linear in the query: each mention of a name costs at most a fixed number of between-checks
    and parses, however long the query."""
    calls = []

    class Counting:
        def __init__(self, rx):
            self.rx = rx

        def match(self, text):
            calls.append(("between", text))
            return self.rx.match(text)

    real = concordance.parse
    monkeypatch.setattr(concordance, "parse", lambda text: calls.append(("parse", text)) or real(text))
    monkeypatch.setattr(concordance, "_AFTER", Counting(concordance._AFTER))
    monkeypatch.setattr(concordance, "_BEFORE", Counting(concordance._BEFORE))
    query = ("budapest " * 60)[:500]
    assert _python(query) is None
    names = query.count("budapest")
    per_name = 2 * (BETWEEN_TOKENS + 1)
    assert sum(1 for kind, _ in calls if kind == "between") <= names * per_name
    assert 0 < sum(1 for kind, _ in calls if kind == "parse") <= names * per_name * RUN_WORDS
