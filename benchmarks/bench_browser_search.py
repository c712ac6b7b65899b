"""The browser's search against `treaty search`: over every query of benchmarks/relevance.yaml,
how often the first result agrees, and nDCG@10 of each (overall and held-out), the browser index's
size and the engine's query latency in headless Chromium.  Prints, asserts nothing.

    .venv/bin/python benchmarks/bench_browser_search.py [--per-query]
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_search import load_judgments, ndcg_at  # noqa: E402

from treaty.annotate import annotate  # noqa: E402
from treaty.corpus import load  # noqa: E402
from treaty.search import DEFAULT_RANKING, build_index, search  # noqa: E402
from treaty.search.browser import engine_source, index_data  # noqa: E402
from treaty.search.records import annotation_source, editorial_fields, records  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
_RUN = """(queries) => {
  const e = treatySearchEngine(TREATY_ENGINE_DATA); e.setup(TREATY_INDEX);
  return queries.map((q) => { const t0 = performance.now(); const r = e.search(q, 10); const ms = performance.now() - t0;
    return [r.hits.map((h) => h.doc.citation), ms, r.suggestion]; });
}"""


def browser_results(queries: list[str], index: dict) -> list:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        page.set_content("<!DOCTYPE html><title>bench</title><body></body>")
        page.add_script_tag(content=engine_source() + "\nvar TREATY_INDEX = " + json.dumps(index, ensure_ascii=False) + ";")
        out = page.evaluate(_RUN, queries)
        browser.close()
    return out


def parity() -> tuple[list, int]:
    """(query, CLI citations, site citations, ms, first agrees, nDCG CLI, nDCG site) per query,
    and the browser index's raw size in bytes."""
    doc = load()
    fields, aliases = editorial_fields(doc)
    annotations = annotate(doc)
    extras = annotation_source().load(doc)
    recs = records(doc, annotations, extras, fields)
    index = index_data(recs, DEFAULT_RANKING, aliases)
    raw = len(json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    queries = load_judgments(doc)
    with tempfile.TemporaryDirectory() as tmp:
        ix = build_index(doc, Path(tmp) / "ix", extras, annotations=annotations, editorial=(fields, aliases))
        cli = [[h.citation for h in search(ix, q["q"], 10).hits] for q in queries]
        ix.close()
    site = browser_results([q["q"] for q in queries], index)
    rows = []
    for q, c, (s, ms, _) in zip(queries, cli, site):
        rows.append((q, c, s, ms, (c[:1] == s[:1]), ndcg_at(c, q["relevant"]), ndcg_at(s, q["relevant"])))
    return rows, raw


def main(per_query: bool = False) -> None:
    rows, raw = parity()
    for name, part in (("all", rows), ("tuned", [r for r in rows if not r[0].get("holdout")]), ("held-out", [r for r in rows if r[0].get("holdout")])):
        if not part:
            continue
        agree = sum(r[4] for r in part) / len(part)
        print(f"{name:9s} {len(part):3d} queries  first result agrees {agree:6.1%}  nDCG@10 CLI {statistics.mean(r[5] for r in part):.3f}"
              f"  site {statistics.mean(r[6] for r in part):.3f}")
    print(f"browser index {raw / 1024:.0f} KB raw (JSON)   engine query latency median {statistics.median(r[3] for r in rows):.1f} ms"
          f"  max {max(r[3] for r in rows):.1f} ms")
    if per_query:
        for q, c, s, *_ in rows:
            if c[:1] != s[:1]:
                print(f"  {q['q']!r}: CLI {c[:3]} site {s[:3]}")


if __name__ == "__main__":
    main("--per-query" in sys.argv)
