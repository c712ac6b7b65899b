"""Annotation benchmark: annotate() on the corpus, and the scanner's throughput on prose.

Prints figures, asserts nothing.  `make bench` runs every benchmark; `python benchmarks/run.py refs`
runs this one.
"""

from __future__ import annotations

import random
import statistics
import time

from treaty.annotate import annotate
from treaty.citation import scan
from treaty.corpus import load
from treaty.refs import find_references

_SENTENCES = [
    "Each State Party shall adopt such legislative and other measures as may be necessary.",
    "As provided in article {a}, paragraph {p} ({l}), of this Convention, the request may be refused.",
    "Articles {a} to {b} apply, mutatis mutandis, to the measures referred to in paragraph {p} of this article.",
    "The Committee held 90 days of meetings with at least 60 States Parties over 18 years.",
    "Under Art. {a}({p})({l}) and Arts. {b} and {c}, see also Article 2 of the Budapest Convention.",
    "subparagraph ({l}) of paragraph {p} of article {a} is, like this chapter, relevant.",
]


_PLAIN = [
    "States Parties shall cooperate closely with one another, consistent with their domestic legal systems.",
    "The Conference of the States Parties shall be convened not later than one year after entry into force.",
    "Nothing in this Convention shall affect the rights and obligations of States under international law.",
]


def _prose(size: int, seed: int = 7, plain: int = 0) -> str:
    """Generated commentary: each cited sentence comes with ``plain`` sentences citing nothing."""
    rnd = random.Random(seed)
    out, n = [], 0
    while n < size:
        for _ in range(plain):
            out.append(rnd.choice(_PLAIN))
            n += len(out[-1]) + 1
        s = rnd.choice(_SENTENCES).format(a=rnd.randint(1, 60), b=rnd.randint(1, 68), c=rnd.randint(1, 68),
                                          p=rnd.randint(1, 30), l=rnd.choice("abcdefg"))
        out.append(s)
        n += len(s) + 1
    return " ".join(out)


def _median(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main(repeat: int = 20) -> None:
    doc = load()
    t_refs, refs = _median(lambda: find_references(doc), repeat)
    t_all, ann = _median(lambda: annotate(doc), repeat)
    internal = sum(not r.external for r in ann.references)
    print(f"annotate: {len(ann.references)} references ({internal} internal, {len(ann.references) - internal} external), "
          f"{len(ann.term_uses)} term uses, {len(ann.referenced_by)} provisions with backlinks; "
          f"median {t_all * 1000:.1f} ms (references alone {t_refs * 1000:.1f} ms) over {repeat} runs")
    for plain, label in ((0, "dense"), (8, "sparse")):
        for mb in (1, 2, 4):
            text = _prose(mb * 1_000_000, plain=plain)
            t, phrases = _median(lambda: scan(text), 3)
            print(f"scan: {mb} MB of {label} generated prose, {len(phrases)} phrases ({len(phrases) / len(text) * 1000:.1f}/KB), "
                  f"median {t:.2f} s, {len(text) / 1e6 / t:.2f} MB/s")


if __name__ == "__main__":
    main()
