"""Site build benchmark: our own stages vs `mkdocs build`, and page weights.  Prints, asserts nothing.

Three figures, each a median, each with its ratio ``our stages / mkdocs build``:

- **cold**: a fresh Python process builds the site once with an empty build cache
  (``TREATY_CACHE_DIR`` set to a new empty folder, so nothing computed by an earlier build is read;
  what the build computes is still written there, and that writing is counted).  Lazy imports made
  by a stage (MkDocs, the search engine, the exports) are counted in that stage; the process start
  (interpreter, ``import treaty``, reading the corpus, exit) is printed apart.  Only the
  operating system's file cache is warm.  This is ``treaty build`` on a fresh checkout.
- **rebuild**: a fresh process again, with the build cache the cold run left: ``treaty build``
  run a second time with nothing changed.
- **edited**: a fresh process again, with the build cache the rebuild left, after one editorial
  note (``EDITED_NOTE`` in a copy of the corpus folder) got one more sentence: ``treaty build``
  after the everyday editorial change.  The note is put back before the next cold run.
- **warm**: one process builds once untimed, then ``repeat`` more times (median): everything
  a module keeps in memory is warm.  Only tells what the stages cost once nothing is loaded.

"our stages" are every stage but ``mkdocs build``; each figure is given in wall-clock time
(``BuildReport.stages``) and in the process's CPU time (``BuildReport.cpu``): on a machine
shared with other work the wall clock counts time spent waiting for a core, the CPU time does
not (nor time spent waiting for the disk: writing and removing files shows in the wall clock
only).  Both are medians; the load average is printed before and after.
The fresh processes build from a copy of the corpus folder (``TREATY_CORPUS_DIR``), so that
the edited run leaves the checkout alone.
``python benchmarks/bench_site.py [runs]`` (default 3 cold, 3 rebuild, 3 edited and 3 warm runs).

``python benchmarks/bench_site.py weights`` prints only the weights of the built ``site/``
(no rebuild): home page, Article 40, the whole site, and what ships that no page uses.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from treaty.settings import CORPUS_DIR, SITE_DIR

#: what a page is made of, taken out in this order (each byte counted once): scripts and data,
#: the asides after the text, the theme's chrome, icons, the strength badges; what is left of the
#: page's own body is split into its text, each attribute and the tags themselves
PAGE_PARTS = [
    ("JSON-LD", r'<script type="application/ld\+json">.*?</script>'),
    ("previews JSON", r'<script type="application/json" id="treaty-previews">.*?</script>'),
    ("theme config and inline scripts", r'<script\b[^>]*>.*?</script>'),
    ("aside: referred to by", r'<aside class="article-refby.*?</aside>'),
    ("aside: neighbourhood graph", r'<aside class="map-neighbours.*?</aside>'),
    ("aside: subjects", r'<aside class="article-subjects.*?</aside>'),
    ("aside: origins", r'<aside class="origins.*?</aside>'),
    ("aside: other", r'<aside\b.*?</aside>'),
    ("head", r'<head>.*?</head>'),
    ("site navigation", r'<div class="md-sidebar md-sidebar--primary".*?</nav>\s*</div>\s*</div>\s*</div>'),
    ("table of contents sidebar", r'<div class="md-sidebar md-sidebar--secondary".*?</nav>\s*</div>\s*</div>\s*</div>'),
    ("header and search dialog", r'<header\b.*?</header>'),
    ("footer", r'<footer\b.*?</footer>'),
    ("other inline SVG (icons)", r'<svg\b.*?</svg>'),
    ("strength badges", r'<span class="mb\b[^>]*>.*?</span>'),
]
#: attributes counted apart in the rest of the page (name, then its value)
PAGE_ATTRIBUTES = ("class", "id", "href", "data-cite", "data-peek", "title", "aria-label", "aria-labelledby")


def breakdown(text: str) -> dict[str, int]:
    """Bytes of a page by kind of content (see PAGE_PARTS); the parts add up to the page."""
    size = lambda s: len(s.encode("utf-8"))  # noqa: E731
    parts: dict[str, int] = {}
    rest = text
    for name, pattern in PAGE_PARTS:
        found = re.findall(pattern, rest, re.S)
        parts[name] = sum(size(m) for m in found)
        rest = re.sub(pattern, "", rest, flags=re.S)
    for attr in PAGE_ATTRIBUTES:
        pattern = rf'\s{attr}="[^"]*"'
        parts[f"attribute {attr}"] = sum(size(m) for m in re.findall(pattern, rest))
        rest = re.sub(pattern, "", rest)
    tags = re.findall(r"<[^>]*>", rest)
    parts["other tags and attributes"] = sum(size(t) for t in tags)
    rest = re.sub(r"<[^>]*>", "", rest)
    parts["line breaks"] = rest.count("\n")
    parts["text"] = size(rest) - parts["line breaks"]
    return parts


def _kib(n: int) -> str:
    return f"{n / 1024:.1f} KiB"


def _page(site: Path, path: str, parts: bool = False) -> str:
    data = (site / path).read_bytes()
    line = f"{path}: {_kib(len(data))} raw ({len(data)} bytes), {_kib(len(gzip.compress(data, 9)))} gzipped"
    if parts:
        found = sorted(breakdown(data.decode("utf-8")).items(), key=lambda kv: -kv[1])
        line += "".join(f"\n    {name:34s} {n / 1024:5.1f} KiB" for name, n in found if n)
    return line


def _files(site: Path, pattern: str) -> tuple[int, int]:
    found = [p for p in site.rglob(pattern) if p.is_file()]
    return len(found), sum(p.stat().st_size for p in found)


def weights(site: Path) -> None:
    """Page weights of a built site (raw bytes as served, and gzipped at level 9)."""
    print(_page(site, "index.html", parts=True))
    print(_page(site, "articles/40.html", parts=True))
    articles = sorted((site / "articles").glob("*.html"), key=lambda p: p.stat().st_size)
    print(f"largest article page: {articles[-1].relative_to(site)} {_kib(articles[-1].stat().st_size)}; "
          f"median article page {_kib(statistics.median(p.stat().st_size for p in articles))}")
    if (site / "full-text.html").is_file():
        print(_page(site, "full-text.html"))
    for name in ("search/search_index.json", "search/search_index.js"):
        if (site / name).is_file():
            data = (site / name).read_bytes()
            print(f"{name}: {_kib(len(data))} ({_kib(len(gzip.compress(data, 9)))} gzipped)")
    # what the pages share or frame instead of carrying it: fetched when wanted, then cached
    shared = [site / "assets/javascripts/treaty-previews.js", site / "assets/javascripts/treaty-subjects.js"]
    drawings = _files(site, "implementation/neighbourhoods/*.svg")
    print("shared files: " + ", ".join(f"{p.name} {_kib(p.stat().st_size)} ({_kib(len(gzip.compress(p.read_bytes(), 9)))} gzipped)"
                                       for p in shared if p.is_file()) + f"; neighbourhood drawings: {drawings[0]} files, {_kib(drawings[1])}")
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


MKDOCS = "mkdocs build"
#: the editorial note the "edited" figure changes (relative to the corpus folder), and what is added to it
EDITED_NOTE = Path("annotations") / "signature.md"
EDIT = "\nThis sentence was added by the site build benchmark.\n"


def _one_build(root: str) -> None:
    """Child process of a cold or rebuild run: build once into ``root``, print the stages as JSON."""
    from treaty.corpus import load
    from treaty.site.build import build_site

    report = build_site(load(), site_dir=Path(root) / "site", build_dir=Path(root) / "build")
    print(json.dumps({"stages": report.stages, "cpu": report.cpu, "pages": report.pages}))


def _fresh_process(root: Path, cache: Path, corpus: Path) -> dict:
    env = dict(os.environ, TREATY_CACHE_DIR=str(cache), TREATY_CORPUS_DIR=str(corpus), NO_MKDOCS_2_WARNING="1")
    started = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--one-build", str(root)], env=env, check=True,
                         capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["start"] = time.perf_counter() - started - sum(result["stages"].values())  # all the process did but build
    return result


def _line(name: str, runs: list[dict[str, float]], what: str, note: str = "") -> None:
    stages = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    ours = sum(v for k, v in stages.items() if k != MKDOCS)
    print(f"{name:8s} {what}, median of {len(runs)}: our stages {ours:.2f} s + mkdocs build {stages[MKDOCS]:.2f} s "
          f"= {ours + stages[MKDOCS]:.2f} s; ratio {ours / stages[MKDOCS]:.2f}{note}")
    print("           " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in stages.items()))


def _summary(name: str, runs: list[dict], note: str = "") -> None:
    """Wall-clock time, then the process's CPU time (on a machine shared with other work the
    second is the steadier: time spent waiting for a core is not counted)."""
    _line(name, [r["stages"] for r in runs], "wall clock", note)
    _line("", [r["cpu"] for r in runs], "CPU time  ")


def main(repeat: int = 3) -> None:
    root = Path(tempfile.mkdtemp(prefix="treaty-bench-site-"))
    try:
        corpus = root / "corpus"
        shutil.copytree(CORPUS_DIR, corpus)  # links followed: a plain copy the edited run may change
        note = corpus / EDITED_NOTE
        original = note.read_bytes()
        cold, rebuild, edited, start = [], [], [], []
        for i in range(repeat):
            cache = root / f"cache-{i}"  # a new, empty build cache for each cold run
            run = _fresh_process(root / "fresh", cache, corpus)
            cold.append(run)
            start.append(run["start"])
            rebuild.append(_fresh_process(root / "fresh", cache, corpus))
            note.write_bytes(original + EDIT.encode("utf-8"))
            try:
                edited.append(_fresh_process(root / "fresh", cache, corpus))
            finally:
                note.write_bytes(original)
        print(f"site build: {run['pages']} pages; load average {os.getloadavg()[0]:.2f}")
        _summary("cold", cold, f"\n           (and the process around the build: interpreter, imports, reading the corpus {statistics.median(start) * 1000:.0f} ms)")
        _summary("rebuild", rebuild)
        _summary("edited", edited, f" (after one more sentence in {EDITED_NOTE.as_posix()})")
        os.environ["TREATY_CACHE_DIR"] = str(root / "cache-warm")
        from treaty.corpus import load
        from treaty.site.build import build_site

        doc = load()
        report = build_site(doc, site_dir=root / "site", build_dir=root / "build")  # warm-up, not counted
        warm = [vars(build_site(doc, site_dir=root / "site", build_dir=root / "build")) for _ in range(repeat)]
        _summary("warm", warm)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        weights(report.site_dir)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["weights"]:
        weights(SITE_DIR)
    elif sys.argv[1:2] == ["--one-build"]:
        _one_build(sys.argv[2])
    else:
        main(*(int(a) for a in sys.argv[1:2]))
