"""The browser's search against `treaty search`: over every query of benchmarks/relevance.yaml,
how often the first result agrees, and nDCG@10 of each (overall and held-out), the browser index's
size and the engine's query latency in headless Chromium; then the same through the built site's
search box opened from file:// (Material's overlay, our worker), with the median time from the
last keystroke to the results on screen.  Prints, asserts nothing.

    .venv/bin/python benchmarks/bench_browser_search.py [--per-query] [--site DIR]

Without --site a site is built into a temporary directory first.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))  # tests/chromium.py: how Chromium is launched

from bench_search import load_judgments, ndcg_at  # noqa: E402

from treaty.annotate import annotate  # noqa: E402
from treaty.corpus import load  # noqa: E402
from treaty.search import DEFAULT_RANKING, build_index, search  # noqa: E402
from treaty.search.browser import engine_source, index_data  # noqa: E402
from treaty.search.records import annotation_source, editorial_fields, records  # noqa: E402

_RUN = """(queries) => {
  const e = treatySearchEngine(TREATY_ENGINE_DATA); e.setup(TREATY_INDEX);
  return queries.map((q) => { const t0 = performance.now(); const r = e.search(q, 10); const ms = performance.now() - t0;
    return [r.hits.map((h) => h.doc.citation), ms, r.suggestion]; });
}"""


def browser_results(queries: list[str], index: dict) -> list:
    from chromium import chromium

    with chromium() as browser:
        page = browser.new_page()
        page.set_content("<!DOCTYPE html><title>bench</title><body></body>")
        page.add_script_tag(content=engine_source() + "\nvar TREATY_INDEX = " + json.dumps(index, ensure_ascii=False) + ";")
        out = page.evaluate(_RUN, queries)
    return out


#: drives the built site's search box: for each query, clear the box and wait for the empty list,
#: then the whole query and one keyup, and wait for the result count to be written (Material
#: writes it with the results, in the same task); the time is keyup to that moment
SITE_RUN = """async (queries) => {
  const box = document.querySelector(".md-search__input"), meta = document.querySelector(".md-search-result__meta");
  const list = document.querySelector(".md-search-result__list");
  const placeholder = JSON.parse(document.getElementById("__config").textContent).translations["search.result.placeholder"];
  const until = (pred) => new Promise((done) => {
    if (pred()) return done();
    const mo = new MutationObserver(() => { if (pred()) { mo.disconnect(); done(); } });
    mo.observe(meta.parentElement, { subtree: true, childList: true, characterData: true });
  });
  const key = () => box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "End" }));
  const out = [];
  for (const q of queries) {
    box.value = ""; key();
    await until(() => meta.textContent === placeholder && list.children.length === 0);
    box.value = q; const t0 = performance.now(); key();
    await until(() => meta.textContent !== placeholder);
    const ms = performance.now() - t0;
    out.push([[...list.querySelectorAll(".md-search-result__item .treaty-hit__cite")].map((e) => e.textContent), ms]);
  }
  return out;
}"""


def site_results(page, root: str, queries: list[str]) -> list:
    """[citations of the first results, ms from keyup to results] per query, from the site's box."""
    page.goto(root + "articles/1.html")
    page.locator(".md-search__input").click()
    return page.evaluate(SITE_RUN, queries)


def first_query_long_tasks(browser, root: str, runs: int = 5) -> list[list[float]]:
    """The page's long tasks (over 50 ms) from the first keystroke in the search box to the first
    results, on a fresh page each run: the index's loading, its build in slices and the query.
    (Material's opening of the overlay, before, is its own and not counted.)"""
    out = []
    for _ in range(runs):
        page = browser.new_page()
        page.goto(root + "articles/1.html")
        page.wait_for_load_state("load")
        page.locator(".md-search__input").click()
        page.locator(".md-search__output").wait_for(state="visible")
        page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
        page.evaluate("""() => { window.__long = []; new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__long.push(e.duration)))
                                 .observe({ type: "longtask" }); }""")
        box = page.locator(".md-search__input")
        box.fill("article 2")
        box.press("End")
        page.locator(".md-search-result__item").first.wait_for(timeout=30000)
        out.append(page.evaluate("window.__long"))
        page.close()
    return out


def cli_results(doc, queries: list[dict], index=None) -> list[list[str]]:
    """`treaty search`'s first ten citations per query, on ``index`` (the corpus and its
    annotations indexed, as `treaty search` keeps it) or on one built here."""
    if index is not None:
        return [[h.citation for h in search(index, q["q"], 10).hits] for q in queries]
    extras = annotation_source().load(doc)
    with tempfile.TemporaryDirectory() as tmp:
        ix = build_index(doc, Path(tmp) / "ix", extras, annotations=annotate(doc), editorial=editorial_fields(doc))
        out = [[h.citation for h in search(ix, q["q"], 10).hits] for q in queries]
        ix.close()
    return out


def score(queries: list[dict], cli: list, site: list) -> list:
    """(query, CLI citations, site citations, ms, first agrees, nDCG CLI, nDCG site) per query."""
    return [(q, c, s, ms, (c[:1] == s[:1]), ndcg_at(c, q["relevant"]), ndcg_at(s, q["relevant"])) for q, c, (s, ms) in zip(queries, cli, site)]


def site_parity(site_dir: Path) -> list:
    from chromium import chromium

    doc = load()
    queries = load_judgments(doc)
    cli = cli_results(doc, queries)
    with chromium() as browser:
        site = site_results(browser.new_page(), Path(site_dir).resolve().as_uri() + "/", [q["q"] for q in queries])
    return score(queries, cli, site)


def parity(search_index=None) -> tuple[list, int]:
    """(query, CLI citations, site citations, ms, first agrees, nDCG CLI, nDCG site) per query,
    and the browser index's raw size in bytes (``search_index``: cli_results' ``index``)."""
    doc = load()
    fields, aliases = editorial_fields(doc)
    recs = records(doc, annotate(doc), annotation_source().load(doc), fields)
    index = index_data(recs, DEFAULT_RANKING, aliases, doc)
    raw = len(json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    queries = load_judgments(doc)
    site = browser_results([q["q"] for q in queries], index)
    return score(queries, cli_results(doc, queries, search_index), [(s, ms) for s, ms, _ in site]), raw


def report(rows: list, label: str) -> None:
    print(label)
    for name, part in (("all", rows), ("tuned", [r for r in rows if not r[0].get("holdout")]), ("held-out", [r for r in rows if r[0].get("holdout")])):
        if not part:
            continue
        agree = sum(r[4] for r in part) / len(part)
        print(f"{name:9s} {len(part):3d} queries  first result agrees {agree:6.1%}  nDCG@10 CLI {statistics.mean(r[5] for r in part):.3f}"
              f"  site {statistics.mean(r[6] for r in part):.3f}")


def disagreements(rows: list) -> None:
    for q, c, s, *_ in rows:
        if c[:1] != s[:1]:
            print(f"  {q['q']!r}: CLI {c[:3]} site {s[:3]}")


def main(per_query: bool = False, site_dir: str | None = None) -> None:
    rows, raw = parity()
    report(rows, "the engine (browser.js on the exported index) against `treaty search`:")
    print(f"browser index {raw / 1024:.0f} KB raw (JSON)   engine query latency median {statistics.median(r[3] for r in rows):.1f} ms"
          f"  max {max(r[3] for r in rows):.1f} ms")
    if per_query:
        disagreements(rows)
    with tempfile.TemporaryDirectory() as tmp:
        if site_dir is None:
            from treaty.site.build import build_site

            site_dir = build_site(load(), site_dir=Path(tmp) / "site", build_dir=Path(tmp) / "build").site_dir
        rows = site_parity(Path(site_dir))
        from chromium import chromium

        with chromium() as browser:
            long_tasks = first_query_long_tasks(browser, Path(site_dir).resolve().as_uri() + "/")
        index_kb = (Path(site_dir) / "search" / "treaty_index.js").stat().st_size / 1024
    report(rows, "the built site's search box from file:// against `treaty search`:")
    ms = [r[3] for r in rows]
    print(f"site index search/treaty_index.js {index_kb:.0f} KB raw   keystroke to results median {statistics.median(ms):.1f} ms"
          f"  max {max(ms):.1f} ms (the first query includes loading the index)")
    longest = [max(r, default=0.0) for r in long_tasks]
    print(f"first query on a fresh page, {len(long_tasks)} runs: long tasks (> 50 ms) {sum(map(len, long_tasks))},"
          f" longest task per run {', '.join(f'{t:.0f} ms' if t else '-' for t in longest)}")
    if per_query:
        disagreements(rows)


if __name__ == "__main__":
    args = sys.argv[1:]
    main("--per-query" in args, args[args.index("--site") + 1] if "--site" in args else None)
