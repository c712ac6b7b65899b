"""Linker benchmark: throughput of the scanner (``citation.scan``) and of the whole linker
(``link_text``) on ordinary commentary prose and on citation-dense text, growth with size, side
by side with a plain-regex floor and citeurl; recall and precision of both on the case table.

Prints figures, asserts nothing.  `make bench` runs it (citeurl and its undeclared dependency
`markdown` are pinned in requirements-dev.txt).  citeurl re-runs its patterns after each match,
so its cost grows with the square of a document's length: it is fed paragraph-sized pieces and
one 100 KB document, never the whole 5 MB.

* prose: paragraphs of commentary sentences without citations, one in ten sentences citing
  (about one citation per 1,200 characters);
* dense: every sentence cites (the sentences of both case tables, English).
"""

from __future__ import annotations

import gc
import random
import re
import time
from collections import Counter
from pathlib import Path

import yaml

from treaty.citation import ENGLISH, scan
from treaty.corpus import load
from treaty.link import Linker, link_text

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
CASES = FIXTURES / "link_cases.yaml"
MB = 1_000_000

#: Prose without citations, the bulk of any commentary.
FILLER = [
    "The negotiating history shows that delegations disagreed on the scope of this provision.",
    "Several States proposed narrower language, which the Ad Hoc Committee did not retain.",
    "Civil society organizations warned that broad powers could be used against journalists and researchers.",
    "In practice, the central authority will decide whether the request meets the conditions of domestic law.",
    "This reading is consistent with the object and purpose of the treaty as a whole.",
    "Domestic legislation must define the conduct with sufficient precision to satisfy the principle of legality.",
    "The travaux préparatoires record 68 provisions in the final text and nine chapters.",
    "Implementation will depend on capacity, and technical assistance is expected to play a central role.",
    "Service providers asked for clear rules on the confidentiality of orders and on the costs of compliance.",
    "Courts in several jurisdictions have read similar clauses narrowly, requiring judicial authorization in advance.",
    "Critics argued that the text leaves too much to the discretion of the requesting State and its agencies.",
    "Supporters replied that the safeguards mirror those already accepted in other criminal justice treaties.",
]


def case_table() -> list[dict]:
    return yaml.safe_load(CASES.read_text(encoding="utf-8"))


def citing_sentences() -> list[str]:
    world = yaml.safe_load((FIXTURES / "link_world" / "en.yaml").read_text(encoding="utf-8"))
    return [c["t"] for c in case_table() if c.get("lang", "en") == "en"] + [c["t"] for c in world]


def commentary(size: int, citing: float, seed: int = 7) -> str:
    """One document of about ``size`` characters: paragraphs of sentences, a share ``citing`` of
    them citing provisions."""
    rng = random.Random(seed)
    sentences = citing_sentences()
    paragraphs, total = [], 0
    while total < size:
        n = rng.randint(4, 9)
        para = " ".join(rng.choice(sentences) if rng.random() < citing else rng.choice(FILLER) for _ in range(n))
        paragraphs.append(para)
        total += len(para) + 2
    return "\n\n".join(paragraphs)[:size]


#: The floor: one plain regular expression for "Article N" forms, no grammar at all.
FLOOR = re.compile(r"(?i)\b(?:articles?|arts?\.?)\s*\d{1,3}(?:\s*\(\w{1,4}\))*")

# -- citeurl, with a template equivalent to the forms the case table uses ------------------------
CITEURL_TEMPLATE = r"""
UN Cybercrime Convention:
  tokens:
    article: {regex: '\d{1,3}'}
    sub1: {regex: '\d{1,3}|[a-z]{1,5}'}
    sub2: {regex: '[a-z]{1,5}'}
    sub3: {regex: '[ivx]{1,5}'}
  patterns:
    - '(?i:art(icles?|s?\.?)) ?{article}( ?\({sub1}\))?( ?\({sub2}\))?( ?\({sub3}\))?'
    - '(?i:art(icles?|s?\.?)) ?{article}\.{sub1}(\.{sub2})?'
    - '(?i:article) {article}, (?i:paragraph) {sub1}( ?\({sub2}\))?( ?\({sub3}\))?'
    - '(?i:paragraph) {sub1}( ?\({sub2}\))? (of|in) (?i:article) {article}'
  shortform patterns:
    - '(?i:paragraph) {sub1}( ?\({sub2}\))?'
  name builder:
    parts: ['Article {article}', '({sub1})', '({sub2})', '({sub3})']
  URL builder:
    parts: ['articles/{article}.html', '#art{article}', '-{sub1}', '-{sub2}', '-{sub3}']
"""


def citeurl_citator():
    from citeurl import Citator

    return Citator.from_yaml(CITEURL_TEMPLATE)


def citeurl_targets(citator, text: str) -> list[str]:
    return [c.name for c in citator.list_cites(text)]


def ours_targets(linker: Linker, text: str) -> list[str]:
    return [t.canonical for link in linker.block(text).links for t in link.targets]


def score(found_by_case: list[list[str]], cases: list[dict]) -> tuple[float, float, int, int, int]:
    tp = fp = fn = 0
    for found, case in zip(found_by_case, cases):
        expected = Counter(t for _, targets in (case.get("l") or []) for t in targets)
        got = Counter(found)
        hit = sum((expected & got).values())
        tp += hit
        fp += sum(got.values()) - hit
        fn += sum(expected.values()) - hit
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return recall, precision, tp, fp, fn


def _time(fn, repeat: int = 1) -> float:
    """Best CPU time of this process over ``repeat`` runs (the machine is shared: wall-clock
    time would count other people's work)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main() -> None:
    doc = load()
    index = doc.index()
    texts = {"prose": commentary(5 * MB, 0.1), "dense": commentary(5 * MB, 1.0)}
    for kind, text in texts.items():
        print(f"{kind}: {len(text) / MB:.1f} MB, {len(FLOOR.findall(text)) / (len(text) / 1000):.2f} 'Article N' per 1,000 characters")

    # side by side, 1 MB of each: the regex floor, the scanner, the whole linker
    for kind, text in texts.items():
        one = text[:MB]
        t_floor = _time(lambda: sum(1 for _ in FLOOR.finditer(one)), repeat=3)
        t_scan = _time(lambda: scan(one, ENGLISH), repeat=3)
        t_link = _time(lambda: link_text(one, doc, linker=Linker(doc, index=index)), repeat=3)
        print(f"{kind:5} 1 MB: regex floor {1 / t_floor:6.1f} MB/s | scanner {1 / t_scan:5.1f} MB/s | linker {1 / t_link:5.1f} MB/s")

    # growth: still linear to 5 MB (sizes interleaved, best of three rounds)
    for kind, text in texts.items():
        rates = {size: float("inf") for size in (1, 2, 5)}
        for _ in range(3):
            for size in rates:
                part = text[: size * MB]
                rates[size] = min(rates[size], _time(lambda: scan(part, ENGLISH)))
        print(f"{kind:5} scanner growth: " + ", ".join(f"{s} MB {t:.2f} s ({s / t:.1f} MB/s)" for s, t in rates.items())
              + f"; 5 MB / 1 MB = {rates[5] / rates[1]:.2f}x time (linear: 5.0x)")
    rates = {size: _time(lambda: link_text(texts["prose"][: size * MB], doc, linker=Linker(doc, index=index))) for size in (1, 5)}
    print(f"prose linker growth: 1 MB {rates[1]:.2f} s, 5 MB {rates[5]:.2f} s; 5 MB / 1 MB = {rates[5] / rates[1]:.2f}x time")

    # citeurl side by side (paragraph pieces: it is quadratic on one large document)
    try:
        citator = citeurl_citator()
    except ImportError:
        print("citeurl: not installed (pip install citeurl==12.0.4 markdown); side-by-side figures skipped")
        citator = None
    if citator is not None:
        for kind, text in texts.items():
            pieces = text[:MB].split("\n\n")
            linker = Linker(doc, index=index)
            t_ours = _time(lambda: [linker.block(p) for p in pieces], repeat=2)
            t_cu = _time(lambda: [citator.list_cites(p) for p in pieces], repeat=2)
            print(f"{kind:5} paragraph pieces (1 MB, {len(pieces)} pieces): treaty linker {1 / t_ours:.2f} MB/s, citeurl {1 / t_cu:.2f} MB/s")
        small = texts["dense"][:100_000]
        t_ours = _time(lambda: link_text(small, doc, linker=Linker(doc, index=index)), repeat=3)
        t_cu = _time(lambda: citator.list_cites(small))
        print(f"one 100 KB dense document: treaty {t_ours * 1000:.0f} ms ({0.1 / t_ours:.2f} MB/s), citeurl {t_cu * 1000:.0f} ms "
              f"({0.1 / t_cu:.2f} MB/s)")

    # recall and precision on the case table (English cases for citeurl's English template too)
    cases = case_table()
    ours = []
    for case in cases:
        linker = Linker(doc, case.get("a", "THIS"), index=index, lang=case.get("lang", "en"))
        ours.append([t.canonical for x in link_text(case["t"], doc, linker=linker).links for t in x.targets])
    r, p, tp, fp, fn = score(ours, cases)
    print(f"case table ({len(cases)} cases, {tp + fn} expected targets): treaty recall {r:.3f} precision {p:.3f} (tp {tp}, fp {fp}, fn {fn})")
    if citator is not None:
        theirs = [citeurl_targets(citator, case["t"]) for case in cases]
        r, p, tp, fp, fn = score(theirs, cases)
        print(f"case table: citeurl recall {r:.3f} precision {p:.3f} (tp {tp}, fp {fp}, fn {fn})")


if __name__ == "__main__":
    main()
