"""Export and annotation benchmark: prints figures, asserts nothing.  `make bench` runs every benchmark."""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from treaty.editorial.annotations import load_annotations
from treaty.cache import CACHE_ENV
from treaty.corpus import load
from treaty.exports import akn_errors, akn_schema, akoma_ntoso, jsonld_for, plain_text, units_csv


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main(repeat: int = 10) -> None:
    doc = load()
    t0 = time.perf_counter()
    schema = akn_schema()
    schema_ms = (time.perf_counter() - t0) * 1000
    xml = akoma_ntoso(doc)
    articles = [u for u in doc.part("convention").walk() if u.kind == "article"]
    notes = load_annotations(doc)
    with tempfile.TemporaryDirectory() as tmp:  # the build's path: the verdict kept by hash (treaty.cache)
        os.environ[CACHE_ENV] = tmp
        t0 = time.perf_counter()
        akn_errors(xml)
        first_ms = (time.perf_counter() - t0) * 1000
        kept_ms = _median_ms(lambda: akn_errors(xml), repeat)
        del os.environ[CACHE_ENV]
    figures = {
        "Akoma Ntoso": _median_ms(lambda: akoma_ntoso(doc), repeat),
        "XSD validation": _median_ms(lambda: akn_errors(xml, schema), repeat),
        "plain text": _median_ms(lambda: plain_text(doc), repeat),
        "CSV": _median_ms(lambda: units_csv(doc), repeat),
        f"JSON-LD x{len(articles)}": _median_ms(lambda: [jsonld_for(a, "https://example.org/") for a in articles], repeat),
        f"load+check {len(notes)} annotations": _median_ms(lambda: load_annotations(doc), repeat),
        "render annotation HTML": _median_ms(lambda: [a.html() for a in notes], repeat),
    }
    print(f"exports: AKN {len(xml) / 1024:.0f} KiB; XSD load {schema_ms:.0f} ms (once per process); a build's check: "
          f"first {first_ms:.0f} ms, then {kept_ms:.1f} ms (verdict kept by schema and document hash); medians over {repeat} runs: "
          + "; ".join(f"{k} {v:.1f} ms" for k, v in figures.items()))


if __name__ == "__main__":
    main()
