"""HTML linking under hostile input: payloads tried, XSS found by html5lib and by Chromium,
throughput on a realistic ~10 MB document and on a long list.

Prints figures, asserts nothing.  A payload counts as an html5lib finding when html5lib reads the
linked output as anything but the input's tree plus our links (a changed, added or re-read node
is what a script vector needs); as a Chromium finding when it runs script (``top.__hit``) after
linking that it did not run before.  Only payloads whose output differs are loaded in Chromium
(identical bytes behave identically).
"""

from __future__ import annotations

import gc
import html
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from bench_link import commentary  # noqa: E402
from html_oracle import added_links  # noqa: E402
from html_payloads import payloads  # noqa: E402

from treaty.adapters.html import link_html  # noqa: E402
from treaty.corpus import load  # noqa: E402
from treaty.link import Linker  # noqa: E402

MB = 1_000_000
PAYLOADS = 10_000
CHROMIUM_SAMPLE = 600


def html_commentary(size: int, seed: int = 7) -> str:
    """A commentary as a site would publish it: headings, paragraphs with emphasis, lists,
    tables with links and code, a style sheet and a script."""
    rng = random.Random(seed)
    out = ["<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>Commentary</title>"
           "<style>p { margin: 0 }</style><script>var x = '<p>Article 5</p>';</script></head><body>\n"]
    for k, para in enumerate(commentary(size, seed).split("\n\n")):
        words = html.escape(para, quote=False).split(" ")
        for i in range(0, len(words), 7):
            if rng.random() < 0.3:
                words[i] = f"<em>{words[i]}</em>"
        para = " ".join(words)
        r = rng.random()
        if r < 0.1:
            out.append(f"<h2 id=s{k}>Section {k}</h2>\n")
        if r < 0.6:
            out.append(f"<p class=x>{para}</p>\n")
        elif r < 0.8:
            out.append("<ul>" + "".join(f"<li>{s}.</li>" for s in para.split(". ")) + "</ul>\n")
        else:
            out.append(f"<table><tr><td>{para}</td><td><a href='#s{k}'>ref</a> <code>x</code></td></tr></table>\n")
    out.append("</body></html>\n")
    return "".join(out)


def _cpu(fn) -> float:
    gc.collect()
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def main() -> None:
    doc = load()
    index = doc.index()

    def link(src: str) -> str:
        return link_html(src, Linker(doc, index=index))[0]

    docs = payloads(PAYLOADS, seed=2026)
    findings = crashes = linked = 0
    outs = []
    t0 = time.process_time()
    for src in docs:
        try:
            out = link(src)
        except Exception:  # noqa: BLE001 - counted, not hidden
            crashes += 1
            outs.append(src)
            continue
        outs.append(out)
        linked += out != src
        try:
            added_links(src, out)
        except AssertionError:
            findings += 1
    print(f"HTML payloads tried: {len(docs)} ({linked} got links; {time.process_time() - t0:.1f} s CPU with the oracle); "
          f"crashes {crashes}; XSS (or any other change) found by the html5lib oracle: {findings}")

    try:
        from html_browser import chromium, script_hits
    except ImportError:
        print("Chromium sample: playwright not installed, skipped")
    else:
        changed = [k for k in range(len(docs)) if outs[k] != docs[k]][:CHROMIUM_SAMPLE]
        with chromium() as browser:
            before = script_hits(browser, [docs[k] for k in changed])
            after = script_hits(browser, [outs[k] for k in changed])
        new = {n for n, c in after.items() if c > before.get(n, 0)}
        print(f"Chromium sample: {len(changed)} linked payloads loaded before and after ({len(before)} run script as written); "
              f"XSS found by Chromium (script that ran only after linking): {len(new)}")

    for name, text in (("realistic commentary", html_commentary(10 * MB)),
                       ("one long list", "<ul>\n" + "<li>See Article 5, Articles 14 to 16 and article 40, paragraph 21 (b).</li>\n" * 40_000 + "</ul>\n")):
        seconds = _cpu(lambda: link(text))
        half = text[: len(text) // 2]
        half_seconds = _cpu(lambda: link(half))
        print(f"{name}: {len(text) / MB:.1f} MB in {seconds:.1f} s CPU = {len(text) / MB / seconds:.2f} MB/s "
              f"(half the document: {half_seconds:.1f} s; linear: 0.5x, seen {half_seconds / seconds:.2f}x)")


if __name__ == "__main__":
    main()
