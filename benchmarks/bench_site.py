"""Site build benchmark: our own stages vs `mkdocs build`, and page weights.  Prints, asserts nothing.

``python benchmarks/bench_site.py weights`` prints only the weights of the built ``site/``
(no rebuild): home page, Article 40, the whole site, and what ships that no page uses.
"""

from __future__ import annotations

import gzip
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from treaty.corpus import load
from treaty.site.build import SITE_DIR, build_site

#: what a page carries besides its text, found by the markup that opens and closes it
PAGE_PARTS = {
    "JSON-LD": r'<script type="application/ld\+json">.*?</script>',
    "previews JSON": r'<script type="application/json" id="treaty-previews">.*?</script>',
    "site navigation": r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>\s*</div>',
    "table of contents (ours is made by treaty-nav.js)": r'<nav class="md-nav md-nav--secondary[^"]*".*?</nav>\s*</div>\s*</div>\s*</div>',
}


def _kib(n: int) -> str:
    return f"{n / 1024:.1f} KiB"


def _page(site: Path, path: str) -> str:
    data = (site / path).read_bytes()
    text = data.decode("utf-8")
    parts = []
    for name, pattern in PAGE_PARTS.items():
        size = sum(len(m.encode("utf-8")) for m in re.findall(pattern, text, re.S))
        if size:
            parts.append(f"{name} {_kib(size)}")
    return f"{path}: {_kib(len(data))} raw, {_kib(len(gzip.compress(data, 9)))} gzipped ({', '.join(parts)})"


def _files(site: Path, pattern: str) -> tuple[int, int]:
    found = [p for p in site.rglob(pattern) if p.is_file()]
    return len(found), sum(p.stat().st_size for p in found)


def weights(site: Path) -> None:
    """Page weights of a built site (raw bytes as served, and gzipped at level 9)."""
    print(_page(site, "index.html"))
    print(_page(site, "articles/40.html"))
    articles = sorted((site / "articles").glob("*.html"), key=lambda p: p.stat().st_size)
    print(f"largest article page: {articles[-1].relative_to(site)} {_kib(articles[-1].stat().st_size)}; "
          f"median article page {_kib(statistics.median(p.stat().st_size for p in articles))}")
    if (site / "full-text.html").is_file():
        print(_page(site, "full-text.html"))
    for name in ("search/search_index.json", "search/search_index.js"):
        if (site / name).is_file():
            data = (site / name).read_bytes()
            print(f"{name}: {_kib(len(data))} ({_kib(len(gzip.compress(data, 9)))} gzipped)")
    files = [p for p in site.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    html = _files(site, "*.html")
    print(f"whole site: {len(files)} files, {_kib(total)} ({html[0]} HTML pages, {_kib(html[1])})")
    maps = _files(site, "*.map")
    lunr = _files(site / "assets" / "javascripts", "lunr/**/*")
    downloads = _files(site, "downloads/**/*")
    print(f"  source maps: {maps[0]} files, {_kib(maps[1])}; lunr language and word-segmentation scripts: {lunr[0]} files, {_kib(lunr[1])}; "
          f"downloads: {downloads[0]} files, {_kib(downloads[1])}")
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        urls = re.findall(r"<loc>(.*?)</loc>", sitemap.read_text(encoding="utf-8"))
        absolute = sum(1 for u in urls if u.startswith(("http://", "https://")))
        print(f"  sitemap.xml: {len(urls)} URLs ({absolute} absolute) for {html[0]} pages")
    else:
        print("  sitemap.xml: none")
    requested = sum(1 for p in site.rglob("*.js") if b"sitemap.xml" in p.read_bytes())
    print(f"  scripts that request sitemap.xml: {requested}")


def main(repeat: int = 3) -> None:
    doc = load()
    root = Path(tempfile.mkdtemp(prefix="treaty-bench-site-"))
    try:
        runs = []
        for _ in range(repeat):
            report = build_site(doc, site_dir=root / "site", build_dir=root / "build")
            runs.append(report.stages)
        stages = {name: statistics.median(r[name] for r in runs) for name in runs[0]}
        total = sum(stages.values())
        ours = total - stages["mkdocs build"]
        print(f"site build: median of {repeat} runs, {report.pages} pages, {report.search_entries} search entries: "
              f"total {total:.2f} s = our stages {ours:.2f} s + mkdocs build {stages['mkdocs build']:.2f} s")
        print("  stages: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in stages.items()))
        weights(report.site_dir)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["weights"]:
        weights(SITE_DIR)
    else:
        main()
