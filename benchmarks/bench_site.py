"""Site build benchmark: our own stages vs `mkdocs build`, and page weights.  Prints, asserts nothing."""

from __future__ import annotations

import gzip
import shutil
import statistics
import tempfile
from pathlib import Path

from treaty.corpus import load
from treaty.site.build import build_site


def _kib(n: int) -> str:
    return f"{n / 1024:.1f} KiB"


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
        site = report.site_dir
        articles = sorted((site / "articles").glob("*.html"), key=lambda p: p.stat().st_size)
        big = articles[-1]
        data = big.read_bytes()
        print(f"largest article page: {big.relative_to(site)} {_kib(len(data))} ({_kib(len(gzip.compress(data, 9)))} gzipped); "
              f"median article page {_kib(statistics.median(p.stat().st_size for p in articles))}")
        for name in ("search/search_index.json", "search/search_index.js"):
            data = (site / name).read_bytes()
            print(f"{name}: {_kib(len(data))} ({_kib(len(gzip.compress(data, 9)))} gzipped)")
        files = [p for p in site.rglob("*") if p.is_file()]
        print(f"whole site: {len(files)} files, {_kib(sum(p.stat().st_size for p in files))}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
