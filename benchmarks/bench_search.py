"""Search quality and speed: nDCG@10 and MRR over benchmarks/relevance.yaml, index build time,
query latency p50/p95/p99 on the corpus (1×) and on a synthetic corpus ten times its size (10×:
every record replicated with distinct ids), and the cold start of one `treaty search` process.
Prints, asserts nothing.  Wall-clock and CPU time are both printed: on a shared machine the
first varies with the load, the second much less.

    .venv/bin/python benchmarks/bench_search.py [--per-query]

Quality is printed for the untuned baseline ranking and for the tuned one (treaty.search.Ranking)
so that the effect of each change can be seen.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

from treaty.annotate import annotate
from treaty.citation import parse
from treaty.corpus import CORPUS_PATH, load
from treaty.search import BASELINE_RANKING, DEFAULT_RANKING, Ranking, build_index, open_index, records, search
from treaty.search import find
from treaty.search.index import write_index

HERE = Path(__file__).parent
RELEVANCE = HERE / "relevance.yaml"


def load_judgments(doc) -> list[dict]:
    """The relevance set, every graded citation checked against the corpus."""
    data = yaml.safe_load(RELEVANCE.read_text(encoding="utf-8"))
    units = {u.citation.canonical for u in doc.walk()}
    for q in data["queries"]:
        for cite, grade in q["relevant"].items():
            if cite not in units or parse(cite).canonical != cite:
                raise SystemExit(f"{RELEVANCE.name}: query {q['q']!r} grades {cite!r}, which is not a canonical citation in the corpus")
            if set(q) - {"q", "type", "relevant", "holdout"}:
                raise SystemExit(f"{RELEVANCE.name}: query {q['q']!r} has unknown keys {sorted(set(q) - {'q', 'type', 'relevant', 'holdout'})}")
            if grade not in (1, 2):
                raise SystemExit(f"{RELEVANCE.name}: query {q['q']!r} grades {cite!r} {grade}; grades are 1 or 2")
    return data["queries"]


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(c, 0) - 1) / math.log2(i + 2) for i, c in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(ranked: list[str], grades: dict[str, int]) -> float:
    for i, c in enumerate(ranked):
        if grades.get(c, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def evaluate(index, queries, ranking: Ranking, exhaustive: bool = False) -> dict:
    per_query, by_type = [], defaultdict(list)
    for q in queries:
        if exhaustive:  # the second phase on every match, no champion lists
            with _exhaustive():
                result = search(index, q["q"], 10, ranking)
        else:
            result = search(index, q["q"], 10, ranking)
        ranked = [h.citation for h in result.hits]
        n, rr = ndcg_at(ranked, q["relevant"]), reciprocal_rank(ranked, q["relevant"])
        per_query.append((q["q"], n, rr, ranked[:3]))
        by_type[q["type"]].append(n)
    return {
        "ndcg": statistics.mean(p[1] for p in per_query),
        "mrr": statistics.mean(p[2] for p in per_query),
        "per_query": per_query,
        "by_type": {t: statistics.mean(v) for t, v in sorted(by_type.items())},
    }


@contextlib.contextmanager
def _exhaustive():
    original = find.rank
    find.rank = functools.partial(original, exhaustive=True)
    try:
        yield
    finally:
        find.rank = original


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    i = min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))
    return values[i]


def replicate(recs, times: int) -> list:
    """The records ``times`` over, each copy with its own id, citation and place in the order."""
    n = len(recs)
    return [r if c == 0 else dataclasses.replace(r, cid=f"copy{c}-{r.cid}", citation=f"{r.citation} [copy {c}]", order=c * n + r.order)
            for c in range(times) for r in recs]


def measure(index, queries, rounds: int = 5) -> dict[str, list[float]]:
    """Wall-clock and CPU time of each query, ``rounds`` times over after one warm-up round."""
    for q in queries:
        search(index, q["q"], 10)
    out = {"wall": [], "cpu": []}
    for _ in range(rounds):
        for q in queries:
            w0, c0 = time.perf_counter(), time.thread_time()
            search(index, q["q"], 10)
            out["cpu"].append(time.thread_time() - c0)
            out["wall"].append(time.perf_counter() - w0)
    return out


def main(per_query: bool = False) -> None:
    doc = load(CORPUS_PATH)
    annotations = annotate(doc)  # the annotating stage, once: the index build consumes it
    queries = load_judgments(doc)
    with tempfile.TemporaryDirectory() as tmp:
        builds = []
        for i in range(3):
            t0 = time.perf_counter()
            index = build_index(doc, Path(tmp) / "index", annotations=annotations)
            builds.append(time.perf_counter() - t0)
            if i < 2:
                index.close()
        print(f"index: {index.documents} units; build median {statistics.median(builds) * 1000:.0f} ms (min {min(builds) * 1000:.0f} ms, 3 builds)")

        tuning = [q for q in queries if not q.get("holdout")]
        held = [q for q in queries if q.get("holdout")]
        print(f"quality (benchmarks/relevance.yaml: {len(tuning)} tuning queries, {len(held)} held out):")
        for label, subset in (("all", queries), ("tuning set", tuning), ("held out", held)):
            base = evaluate(index, subset, BASELINE_RANKING)
            tuned = evaluate(index, subset, DEFAULT_RANKING)
            print(f"  {label:>10} ({len(subset)}): baseline weights nDCG@10 {base['ndcg']:.3f} MRR {base['mrr']:.3f}  →  "
                  f"tuned nDCG@10 {tuned['ndcg']:.3f} MRR {tuned['mrr']:.3f}")
            print(f"  {'':>10} nDCG@10 by query type (baseline → tuned): " + ", ".join(
                f"{t} ({sum(q['type'] == t for q in subset)}) {base['by_type'][t]:.2f}→{v:.2f}" for t, v in tuned["by_type"].items()))
            if label == "all":
                if per_query:
                    for (q, n0, r0, _), (_, n1, r1, top) in zip(base["per_query"], tuned["per_query"]):
                        print(f"    {n0:.2f}→{n1:.2f}  rr {r0:.2f}→{r1:.2f}  {q!r:50} top: {', '.join(top)}")

        # The first phase against rescoring every match: what the champion lists cost in quality.
        every = evaluate(index, queries, DEFAULT_RANKING, exhaustive=True)
        tuned = evaluate(index, queries, DEFAULT_RANKING)
        same_first = sum(1 for a, b in zip(tuned["per_query"], every["per_query"]) if a[3][:1] == b[3][:1])
        print(f"  two-phase ranking nDCG@10 {tuned['ndcg']:.3f} vs every match rescored {every['ndcg']:.3f}; "
              f"same first result on {same_first} of {len(queries)} queries")
        index.close()
        latency = {}
        for times_bigger in (1, 10):
            path = Path(tmp) / f"index-{times_bigger}x"
            t0 = time.perf_counter()
            write_index(replicate(records(doc, annotations), times_bigger), path, corpus_sha256="benchmark")
            built = time.perf_counter() - t0
            with open_index(path, doc=doc) as scaled:
                print(f"index at {times_bigger:>2}×: {scaled.documents} units, built in {built * 1000:.0f} ms")
                latency[times_bigger] = measure(scaled, queries)
        print(f"query latency over {len(latency[1]['wall'])} queries (5 × the set, warm):   1×       10×   10×/1×")
        for clock, label in (("wall", "wall clock"), ("cpu", "CPU time")):
            for p in (50, 95, 99):
                one, ten = percentile(latency[1][clock], p), percentile(latency[10][clock], p)
                print(f"  {label:<10} p{p}  {one * 1000:>34.1f} ms {ten * 1000:>6.1f} ms {ten / one:>6.2f}×")

        # Cold start: a fresh `treaty search` process on an up-to-date index (hash check included).
        treaty = Path(sys.executable).parent / "treaty"
        cmd = [str(treaty), "search", "--index", str(Path(tmp) / "cli-index"), "mutual legal assistance"]
        subprocess.run(cmd, capture_output=True, check=True)  # builds the index once
        colds = []
        for _ in range(7):
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            colds.append(time.perf_counter() - t0)
        print(f"cold start of one CLI query (`treaty search 'mutual legal assistance'`, index built): median {statistics.median(colds) * 1000:.0f} ms, "
              f"min {min(colds) * 1000:.0f} ms over {len(colds)} runs")


if __name__ == "__main__":
    main(per_query="--per-query" in sys.argv[1:])
