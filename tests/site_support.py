"""Hand-made annotations for the site tests: a few references and defined terms placed on the
real corpus by searching the text, so rendering can be tested apart from the annotating stage."""

from __future__ import annotations

import functools

from treaty.citation import Citation, parse
from treaty.model import Annotations, Document, Reference, TermDefinition, TermUse


def _span(doc: Document, where: str, phrase: str, field: str = "text") -> tuple[Citation, int, int]:
    c = parse(where)
    unit = doc.index()[c]
    start = getattr(unit, field).index(phrase)
    return c, start, start + len(phrase)


def sample_annotations(doc: Document) -> Annotations:
    refs = []
    # Article 40(21)(a): "the provisions of this article" → Article 40 (a relative reference)
    src, s, e = _span(doc, "Article 40(21)(a)", "this article")
    refs.append(Reference(src, "text", s, e, "this article", (parse("Article 40"),)))
    # Article 40(22) cites paragraph 21 (b) (made up for the test: a link into another paragraph)
    src, s, e = _span(doc, "Article 40(22)", "mutual legal assistance")
    refs.append(Reference(src, "text", s, e, "mutual legal assistance", (parse("Article 40(21)(b)"), parse("Article 40(21)(c)"))))
    # across pages: Article 41(1) → Article 40(21)(b)
    unit = doc.index()[parse("Article 41(1)")]
    first = unit.text.split()[0]
    refs.append(Reference(unit.citation, "text", 0, len(first), first, (parse("Article 40(21)(b)"),)))
    # the article as a whole, cited from another part of the document
    unit = doc.index()[parse("Resolution, paragraph 2")]
    refs.append(Reference(unit.citation, "text", 0, 6, unit.text[:6], (parse("Article 40"),)))
    # Article 2(a) "information and communications technology system" is defined there; used in Article 40(1)? no: use 2(b)
    d_in = parse("Article 2(a)")
    definition = doc.index()[d_in].text
    defs = [TermDefinition("information and communications technology system", d_in, Citation("convention"), definition)]
    src, s, e = _span(doc, "Article 2(b)", "information and communications technology system")
    uses = [TermUse(src, "text", s, e, doc.index()[src].text[s:e], "information and communications technology system", d_in)]
    # a term inside a reference must not become a second link
    src, s, e = _span(doc, "Article 40(22)", "legal assistance")
    uses.append(TermUse(src, "text", s, e, "legal assistance", "information and communications technology system", d_in))
    referenced_by = {parse("Article 40"): [parse("Article 40(21)(a)")],
                     parse("Article 40(21)"): [parse("Article 40(22)")],
                     parse("Article 40(21)(b)"): [parse("Article 40(22)")]}
    return Annotations(references=refs, definitions=defs, term_uses=uses, referenced_by=referenced_by)


# -- checks shared by the site tests: links (linkchecker) and accessibility (axe-core) ---------
def linkcheck(urls: list[str], workdir, recursion: int = 1) -> str:
    """linkchecker over ``urls`` (file:// URIs), following links ``recursion`` levels deep (-1: no
    limit): every page, script, style sheet and image a link names exists; returns its summary line
    ("That's it. N links in M URLs checked. …").  Anchors are :func:`broken_anchors`' job:
    linkchecker's AnchorCheck fetches and parses a page again for every ``page#anchor`` it meets
    (1,400 of them here: 98 s of CPU for what one parse per page answers)."""
    import subprocess
    import sys
    from pathlib import Path

    rc = Path(workdir) / "linkcheckerrc"
    rc.write_text("[filtering]\ncheckextern=0\n", encoding="utf-8")
    rc.chmod(0o644)
    linkchecker = Path(sys.executable).parent / "linkchecker"
    out = subprocess.run([str(linkchecker), "--config", str(rc), "--no-status", f"--recursion-level={recursion}", *urls],
                         capture_output=True, text=True, cwd=workdir, timeout=600)
    summary = [line for line in out.stdout.splitlines() if line.startswith("That's it.")]
    assert summary, out.stdout[-4000:] + out.stderr[-2000:]
    assert "0 warnings found. 0 errors found." in summary[0], out.stdout[-4000:]
    assert out.returncode == 0, out.stdout[-4000:]
    return summary[0]


@functools.lru_cache(maxsize=None)
def html_tree(path):
    """A built page as a browser reads it (html5lib, into an lxml tree), parsed once per session."""
    import html5lib

    return html5lib.parse(path.read_bytes(), treebuilder="lxml", namespaceHTMLElements=False)


def page_anchors(path) -> frozenset[str]:
    """What a fragment can name on a page: every ``id``, and ``<a name>``."""
    tree = html_tree(path)
    return frozenset(tree.xpath("//@id") + tree.xpath("//a/@name"))


def broken_anchors(site, pages) -> tuple[int, list[str]]:
    """Every link with a fragment on ``pages`` (paths below ``site``) into the site: its page
    exists and has that id.  Returns (links checked, the broken ones as 'page: href')."""
    import posixpath
    from urllib.parse import unquote, urlsplit

    checked, broken = 0, []
    for page in pages:
        rel = page.relative_to(site).as_posix()
        for href in html_tree(page).xpath("//*[self::a or self::area or self::link]/@href"):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.fragment:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path))) if parts.path else rel
            checked += 1
            file = site / target
            if not file.is_file() or unquote(parts.fragment) not in page_anchors(file):
                broken.append(f"{rel}: {href}")
    return checked, broken


def reachable(site, start: str, goal: set[str] | None = None) -> set[str]:
    """The pages (paths below ``site``) a reader reaches from ``start`` by following links
    (breadth first; with ``goal``, as far as needed to reach all of it)."""
    import posixpath
    from urllib.parse import unquote, urlsplit

    seen, todo = {start}, [start]
    while todo and not (goal and goal <= seen):
        rel = todo.pop(0)
        for href in html_tree(site / rel).xpath("//a/@href"):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.endswith(".html"):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
            if target not in seen and (site / target).is_file():
                seen.add(target)
                todo.append(target)
    return seen


#: what a colour scheme changes, in axe-core's terms: its colour rules (tag ``cat.color``;
#: color-contrast-enhanced, the AAA level, is off by default).  Light and dark pages differ in
#: colour only, and in which of the header's two palette toggles shows (``PALETTE``): compared
#: element by element (tag, attributes, display, visibility, opacity, font) on the pages
#: test_site_reading checks, at both screen sizes.
COLOUR_RULES = ("color-contrast", "link-in-text-block")
PALETTE = 'form[data-md-component="palette"]'


def axe(page, include=None, rules=None) -> dict:
    """axe-core's results (``violations`` only) on the page Playwright shows, once no transition
    is running: colours mid-transition (Material fades the search overlay and its results in, and the header's title
    when a page opens scrolled to an anchor) are not the colours a reader sees, and under load axe
    measured a fading element's contrast (the dark search overlay; the header topic on
    articles/40.html#art40-21).

    ``include``: CSS selectors of the parts to check (what changed since the page was checked
    whole, e.g. a popup and the control that opened it); ``rules``: only these rules.  Frames are
    not entered: axe is in the top document only, and asking a frame without axe (Material's search
    worker runs in one on every page) costs each run up to 0.5 s for nothing."""
    page.wait_for_function("""() => document.getAnimations().every((a) => a.playState !== "running"
                                      || a.effect.getComputedTiming().iterations === Infinity)""")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_script())
    options = {"resultTypes": ["violations"], "iframes": False}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    return page.evaluate("([include, options]) => axe.run(include ? {include} : document, options)", [include, options])


@functools.lru_cache(maxsize=1)
def _axe_script() -> str:
    """axe-core, as axe-playwright-python bundles it."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def serious_accessibility_violations(page, include=None, rules=None) -> str:
    """axe-core on the page Playwright shows (see :func:`axe`): its serious and critical
    violations, one a line ("" when there is none)."""
    serious = [v for v in axe(page, include, rules)["violations"] if v["impact"] in ("serious", "critical")]
    return "\n".join(f'{v["id"]} ({v["impact"]}): {v["help"]} — {[n["target"] for n in v["nodes"]][:5]}' for v in serious)


@functools.lru_cache(maxsize=256)
def soup(site, page: str):
    """A built page as a browser reads it (html5lib), for the tests' selectors; parsed once per
    session (~20 ms a page, 97 pages asked 283 times by the editorial tests): read it, never change it."""
    from bs4 import BeautifulSoup

    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html5lib")
