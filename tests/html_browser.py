"""Which hostile documents run script in Chromium: each is the ``srcdoc`` of a hidden iframe
(set through the DOM, so every character arrives as written), its script calls ``top.__hit(N)``;
the page waits for every frame's load event, then reads the calls."""

from __future__ import annotations

from chromium import chromium  # noqa: F401 - launched here for the modules that import it from html_browser

_LOAD = """async (documents) => {
  const hits = {};
  window.__hit = (n) => { hits[n] = (hits[n] || 0) + 1; };
  await Promise.all(documents.map((d) => new Promise((resolve) => {
    const f = document.createElement("iframe");
    f.onload = resolve;
    f.style.display = "none";
    f.srcdoc = d;
    document.body.appendChild(f);
  })));
  return hits;
}"""


def script_hits(browser, documents: list[str], batch: int = 300) -> dict[int, int]:
    """For the documents (whose script calls ``top.__hit(N)``): N → how many calls."""
    hits: dict[int, int] = {}
    for k in range(0, len(documents), batch):
        page = browser.new_page()
        page.set_content("<!DOCTYPE html><title>payloads</title><body></body>")
        for n, count in page.evaluate(_LOAD, documents[k:k + batch]).items():
            hits[int(n)] = hits.get(int(n), 0) + count
        page.close()
    return hits
