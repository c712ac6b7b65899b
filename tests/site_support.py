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
    """A built page as a browser reads it, parsed once per session, by lexbor (selectolax): a
    parser of the HTML standard, as html5lib and Chromium's are, which builds html5lib's tree of
    every built page node for node (all of them compared when it replaced html5lib here, a few on
    every run: test_site_build.test_lexbor_reads_the_pages_as_html5lib_does) in 1/40 of the time.
    Read it, never change it.  ``tree.css(selector)`` / ``css_first``: what a selector matches
    (asked of an element, the element itself too when it matches)."""
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(path.read_bytes())


def page_tree(site, page: str):
    """:func:`html_tree` of ``page``, a path in ``site``."""
    return html_tree(site / page)


def html_elements(tree, selector: str) -> list:
    """The HTML elements ``selector`` matches in ``tree``: not those of inline SVG or MathML (an
    SVG ``a`` is not HTML's; html5lib names them with their namespace)."""
    return [node for node in tree.css(selector) if not namespace(node)]


def namespace(node) -> str:
    """'svg' or 'math' for an element of inline SVG or MathML, '' for an HTML element: the pages
    put no HTML inside SVG or MathML, so what is inside ``svg`` or ``math`` is theirs (checked
    against html5lib's namespaces by :func:`outline`'s test)."""
    while node is not None:
        if node.tag in ("svg", "math"):
            return node.tag
        node = node.parent
    return ""


def visible_text(node) -> str:
    """The text of ``node`` outside script and style elements (what BeautifulSoup's get_text()
    reads in a page html.parser or lxml parsed)."""
    parts: list[str] = []

    def walk(child) -> None:
        while child is not None:
            if child.is_text_node:
                parts.append(child.text_content)
            elif child.tag not in ("script", "style", "template"):
                walk(child.child)
            child = child.next

    walk(node.child)
    return "".join(parts)


def stripped_text(node, separator: str = " ") -> str:
    """The text nodes under ``node`` stripped, the empty ones left out, joined by ``separator``
    (BeautifulSoup's get_text(separator, strip=True) on html5lib's tree)."""
    return separator.join(t for t in (n.text_content.strip() for n in node.traverse(include_text=True) if n.is_text_node) if t)


def ancestor(node, tag: str | None = None, ident: str | None = None):
    """The nearest element above ``node`` named ``tag`` / whose id is ``ident`` (None when none is)."""
    node = node.parent
    while node is not None and node.is_element_node:
        if (tag is None or node.tag == tag) and (ident is None or node.attributes.get("id") == ident):
            return node
        node = node.parent
    return None


def by_id(tree, ident: str):
    """The first element of ``tree`` whose id is ``ident`` (None when there is none)."""
    return tree.css_first('[id="%s"]' % ident.replace("\\", "\\\\").replace('"', '\\"'))


def ids(tree) -> list[str]:
    """The ids of ``tree``'s elements, in order (an empty ``id`` attribute names '')."""
    return [node.attributes["id"] or "" for node in tree.css("[id]")]


@functools.lru_cache(maxsize=None)
def page_anchors(path) -> frozenset[str]:
    """What a fragment can name on a page: every ``id``, and ``<a name>`` (once per page)."""
    tree = html_tree(path)
    return frozenset(ids(tree) + [a.attributes["name"] or "" for a in html_elements(tree, "a[name]")])


#: html5lib's namespaces, as :func:`namespace` names them (XLink, XML and XMLNS: attributes' prefixes)
_NAMESPACES = {"http://www.w3.org/2000/svg": "svg", "http://www.w3.org/1998/Math/MathML": "math",
               "http://www.w3.org/1999/xlink": "xlink", "http://www.w3.org/XML/1998/namespace": "xml",
               "http://www.w3.org/2000/xmlns/": "xmlns"}


def outline(tree) -> list[tuple]:
    """The nodes of an :func:`html_tree` in document order: (depth, namespace, name, attributes)
    for an element, (depth, "#text", text) with adjacent text joined, (depth, "#comment", text)."""
    out: list[tuple] = []

    def walk(node, depth: int) -> None:
        while node is not None:
            if node.is_text_node:
                _add_text(out, depth, node.text_content)
            elif node.is_comment_node:
                out.append((depth, "#comment", node.comment_content))
            else:
                out.append((depth, namespace(node), node.tag, sorted((k, v or "") for k, v in node.attributes.items())))
                walk(node.child, depth + 1)
            node = node.next

    walk(tree.root, 0)
    return out


def html5lib_outline(path) -> list[tuple]:
    """:func:`outline` of the page at ``path`` as html5lib (into lxml) parses it."""
    import html5lib
    from lxml import etree

    def name(qualified: str) -> tuple[str, str]:
        ns, _, local = qualified[1:].rpartition("}") if qualified.startswith("{") else ("", "", qualified)
        return _NAMESPACES.get(ns, ns), local

    def attribute(qualified: str) -> str:
        ns, local = name(qualified)
        return local if not ns or (ns, local) == ("xmlns", "xmlns") else f"{ns}:{local}"

    out: list[tuple] = []

    def walk(el, depth: int) -> None:
        if el.tag is etree.Comment:
            out.append((depth, "#comment", el.text or ""))
        else:
            out.append((depth, *name(el.tag), sorted((attribute(k), v) for k, v in el.attrib.items())))
            _add_text(out, depth + 1, el.text)
            for child in el:
                walk(child, depth + 1)
        _add_text(out, depth, el.tail)

    walk(html5lib.parse(path.read_bytes(), treebuilder="lxml", namespaceHTMLElements=False).getroot(), 0)
    return out


def _add_text(out: list[tuple], depth: int, text: str | None) -> None:
    if not text:
        return
    if out and out[-1][:2] == (depth, "#text"):
        out[-1] = (depth, "#text", out[-1][2] + text)
    else:
        out.append((depth, "#text", text))


def broken_anchors(site, pages) -> tuple[int, list[str]]:
    """Every link with a fragment on ``pages`` (paths below ``site``) into the site: its page
    exists and has that id.  Returns (links checked, the broken ones as 'page: href')."""
    import posixpath
    from urllib.parse import unquote, urlsplit

    checked, broken = 0, []
    for page in pages:
        rel = page.relative_to(site).as_posix()
        for href in (e.attributes["href"] or "" for e in html_elements(html_tree(page), "a[href], area[href], link[href]")):
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
        for href in (a.attributes["href"] or "" for a in html_elements(html_tree(site / rel), "a[href]")):
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
    _inject(page)
    options = {"resultTypes": ["violations"], "iframes": False}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    return page.evaluate("([include, options]) => axe.run(include ? {include} : document, options)", [include, options])


def _inject(page) -> None:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_script())


#: axe-core's rules that can report a serious or critical violation.  In axe-core 4 every rule has
#: an impact and its violations take it (``finalizeRuleResult``; tests/test_axe_rules.py checks it
#: on this version), so a rule of moderate or minor impact can never fail the checks below: they
#: are not run (``region``, ``landmark-*``, ``heading-order``… were a third of axe's time).
_SERIOUS_RULES = """() => axe._audit.rules.filter((r) => r.enabled !== false && (r.impact === "serious" || r.impact === "critical"))
                                          .map((r) => r.id)"""


def serious_rules(page) -> tuple[str, ...]:
    """The ids of axe-core's rules that report serious or critical violations (``page`` has axe,
    or is given it)."""
    _inject(page)
    return tuple(page.evaluate(_SERIOUS_RULES))


@functools.lru_cache(maxsize=1)
def _axe_script() -> str:
    """axe-core, as axe-playwright-python bundles it."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def serious_accessibility_violations(page, include=None, rules=None) -> str:
    """axe-core on the page Playwright shows (see :func:`axe`): its serious and critical
    violations, one a line ("" when there is none).  Without ``rules``, the rules that can report
    one (:func:`serious_rules`)."""
    serious = [v for v in axe(page, include, rules or serious_rules(page))["violations"] if v["impact"] in ("serious", "critical")]
    return "\n".join(f'{v["id"]} ({v["impact"]}): {v["help"]} — {[n["target"] for n in v["nodes"]][:5]}' for v in serious)
