"""HTML in, HTML out: citations linked inside text only, nothing else changed.

The document is parsed with beautifulsoup4 (``html.parser``: no tags added or moved).  The text
of each block (p, li, td, h1…) is concatenated — so ``Article <em>40</em>(21)`` and
``Article&nbsp;40`` read as one citation — handed to :class:`treaty.link.Linker`, and each
found span is mapped back to the text nodes it covers.  Text inside ``a``, ``code``, ``pre``,
``kbd``, ``samp`` is read (it names instruments) but never linked; ``script``, ``style``,
``template``, ``textarea`` and comments are not read at all.  Our links are ``a`` elements, so
linking twice changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.builder._htmlparser import BeautifulSoupHTMLParser, HTMLParserTreeBuilder
from bs4.exceptions import ParserRejectedMarkup
from bs4.dammit import EntitySubstitution
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction
from bs4.formatter import HTMLFormatter

from ..link import Link, Linker, Result, Skipped, Unresolved, shown_skipped

#: Elements whose text is never linked (but still read for context).
NO_LINK = frozenset({"a", "code", "pre", "kbd", "samp", "var", "button", "select", "option", "label", "svg", "math"})
#: Elements whose text is not the document's prose at all.
UNREAD = frozenset({"script", "style", "template", "textarea", "noscript", "title", "head"})
#: Elements that end one block of text and start another.
BLOCKS = frozenset(
    "address article aside blockquote body br caption dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p section summary table tbody td tfoot th thead tr ul "
    "iframe object video audio".split()
)
LINK_CLASS = "treaty-cite"


class HTMLError(ValueError):
    """Markup the HTML parser cannot read (e.g. a malformed ``<![`` section)."""
_SKIP_STRINGS = (Comment, CData, Declaration, Doctype, ProcessingInstruction)


class _Formatter(HTMLFormatter):
    """Escape only what must be escaped (plus the no-break space), keep attribute order."""

    def __init__(self) -> None:
        super().__init__(entity_substitution=_substitute, void_element_close_prefix=None)

    def attributes(self, tag: Tag):
        return list(tag.attrs.items())


def _substitute(text: str) -> str:
    return EntitySubstitution.substitute_xml(text).replace("\u00a0", "&nbsp;")


FORMATTER = _Formatter()


class _PositionParser(BeautifulSoupHTMLParser):
    """Records where in the source each piece of text data starts (entities arrive one by one)."""

    _in_reference = False

    def handle_data(self, data: str) -> None:
        line, col = self.getpos()
        self.soup._chunks.append((line, col, len(data), self._in_reference))
        super().handle_data(data)

    def handle_charref(self, name: str) -> None:
        self._in_reference = True
        try:
            super().handle_charref(name)
        finally:
            self._in_reference = False

    def handle_entityref(self, name: str) -> None:
        self._in_reference = True
        try:
            super().handle_entityref(name)
        finally:
            self._in_reference = False


class _PositionBuilder(HTMLParserTreeBuilder):
    def feed(self, markup, _parser_class=None) -> None:
        super().feed(markup, _parser_class=_PositionParser)


class _Soup(BeautifulSoup):
    """bs4 with two changes: whitespace-only text between tags is kept as written (bs4 shrinks it
    to one space or newline), and every text node knows where its characters are in the source."""

    def __init__(self, markup: str):
        self._chunks: list[tuple[int, int, int, bool]] = []
        self._line_starts = [0] + [i + 1 for i, c in enumerate(markup) if c == "\n"]
        super().__init__(markup, builder=_PositionBuilder())

    def endData(self, containerClass=None) -> None:
        saved = self.preserve_whitespace_tag_stack
        self.preserve_whitespace_tag_stack = saved or [None]
        chunks, self._chunks = self._chunks, []
        try:
            super().endData(containerClass)
        finally:
            self.preserve_whitespace_tag_stack = saved
        if chunks and self._most_recent_element is not None and isinstance(self._most_recent_element, NavigableString):
            self._most_recent_element.source_chunks = [
                (self._line_starts[line - 1] + col, n, entity) for line, col, n, entity in chunks
            ]


_CHARREF = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def _source_index(source: str, node: NavigableString, k: int, end: bool) -> int | None:
    """Where character ``k`` of a text node is in the source (``end``: just after it)."""
    chunks = getattr(node, "source_chunks", None)
    if not chunks or sum(n for _, n, _ in chunks) != len(node):
        return None
    for start, n, entity in chunks:
        if k < n:
            if not entity:
                return start + k + (1 if end else 0)
            if not end:
                return start
            m = _CHARREF.match(source, start)
            return m.end() if m else None
        k -= n
    return None


class _Doctype(Doctype):
    """bs4 writes a newline after the doctype; the input's own whitespace follows it anyway."""

    SUFFIX = ">"


@dataclass
class _Piece:
    node: NavigableString
    start: int  # offset in the block text
    linkable: bool


def _blocks(soup: BeautifulSoup) -> list[list[_Piece]]:
    blocks: list[list[_Piece]] = [[]]
    pos = [0]

    def flush() -> None:
        if blocks[-1]:
            blocks.append([])
            pos[0] = 0

    def walk(node: Tag, linkable: bool) -> None:
        for child in list(node.children):
            if isinstance(child, _SKIP_STRINGS):
                continue
            if isinstance(child, NavigableString):
                if child:
                    blocks[-1].append(_Piece(child, pos[0], linkable))
                    pos[0] += len(child)
                continue
            name = child.name.lower()
            if name in UNREAD:
                flush()
                continue
            if name in BLOCKS:
                flush()
            walk(child, linkable and name not in NO_LINK)
            if name in BLOCKS:
                flush()

    walk(soup, True)
    return [b for b in blocks if b]


#: The class of the mark --show-skipped puts on a phrase that is not linked.
SKIPPED_CLASS = "treaty-skipped"


def _split(piece: _Piece, start: int, end: int, new: Tag) -> NavigableString | None:
    """Replace ``piece.node[start:end]`` by ``new`` (which receives that text); return the text before."""
    text = str(piece.node)
    before, middle, after = text[:start], text[start:end], text[end:]
    new.append(NavigableString(middle))
    parts = [x for x in (NavigableString(before) if before else None, new, NavigableString(after) if after else None) if x is not None]
    piece.node.replace_with(*parts)
    return parts[0] if before else None


def _make_link(soup: BeautifulSoup, link: Link | Skipped, base_url: str) -> Tag:
    if isinstance(link, Skipped):  # --show-skipped: the phrase marked, with why it is not linked
        return soup.new_tag("span", attrs={"class": SKIPPED_CLASS, "title": link.describe()})
    return soup.new_tag("a", attrs={"href": link.url(base_url), "class": LINK_CLASS, "title": ", ".join(t.canonical for t in link.targets)})


def _covered(pieces: list[_Piece], link: Link) -> list[_Piece] | None:
    """The text pieces a link would wrap; None when it may not go there (inside a, code …)."""
    covered = [p for p in pieces if p.start < link.end and p.start + len(p.node) > link.start]
    return covered if covered and all(p.linkable for p in covered) else None


def _writable(pieces: list[_Piece], link: Link) -> tuple[Link, ...]:
    """The links to write for a phrase: one per cited number when each can go in, else (as a
    second run would read it otherwise) the phrase as one link."""
    parts = link.pieces()
    return parts if all(_covered(pieces, x) is not None for x in parts) else (link,)


def _apply(soup: BeautifulSoup, pieces: list[_Piece], link: Link, base_url: str) -> bool:
    covered = _covered(pieces, link)
    if covered is None:
        return False
    first, last = covered[0], covered[-1]
    if len(covered) == 1:
        node = _split(first, link.start - first.start, link.end - first.start, _make_link(soup, link, base_url))
        first.node = node if node is not None else first.node
        return True
    if _wrap_run(soup, first, last, link, base_url):
        return True
    # markup boundaries do not nest with the phrase: one link per text node, same target
    for p in reversed(covered):
        s = max(link.start - p.start, 0)
        e = min(link.end - p.start, len(p.node))
        if s < e:
            node = _split(p, s, e, _make_link(soup, link, base_url))
            if node is not None:
                p.node = node
    return True


def _strings(el) -> list[NavigableString]:
    if isinstance(el, NavigableString):
        return [el]
    return [d for d in el.descendants if isinstance(d, NavigableString) and not isinstance(d, _SKIP_STRINGS) and d]


def _wrap_run(soup: BeautifulSoup, first: _Piece, last: _Piece, link: Link, base_url: str) -> bool:
    """One link around the run of siblings that holds the phrase (``Article <em>40</em>(21)``),
    when the phrase begins and ends at element boundaries; False when markup crosses it."""
    firsts = list(first.node.parents)
    ids = {id(x) for x in firsts}
    lca = next((x for x in last.node.parents if id(x) in ids), None)
    if lca is None:
        return False

    def child_of_lca(node):
        while node.parent is not lca:
            node = node.parent
        return node

    s_el, e_el = child_of_lca(first.node), child_of_lca(last.node)
    cut_first, cut_last = link.start - first.start, link.end - last.start
    if s_el is not first.node and (cut_first != 0 or _strings(s_el)[0] is not first.node):
        return False
    if e_el is not last.node and (cut_last != len(last.node) or _strings(e_el)[-1] is not last.node):
        return False
    run = [s_el]
    while run[-1] is not e_el:
        run.append(run[-1].next_sibling)
    a = _make_link(soup, link, base_url)
    s_el.insert_before(a)
    new_first = None
    if s_el is first.node and cut_first:
        head = str(first.node)
        new_first = NavigableString(head[:cut_first])
        a.insert_before(new_first)
        run[0] = NavigableString(head[cut_first:])
        s_el.extract()
    tail_rest = None
    if e_el is last.node and cut_last < len(last.node):
        tail = str(last.node)
        tail_rest = NavigableString(tail[cut_last:])
        run[-1] = NavigableString(tail[:cut_last])
        e_el.extract()
    for node in run:
        a.append(node.extract() if node.parent is not None else node)
    if tail_rest is not None:
        a.insert_after(tail_rest)
    if new_first is not None:
        first.node = new_first
    return True


def parse(html: str) -> BeautifulSoup:
    """The document as bs4 reads it, with whitespace and the doctype kept as written."""
    try:
        soup = _Soup(html)
    except ParserRejectedMarkup as e:
        detail = str(e).strip().splitlines()[-1].strip()
        raise HTMLError(f"cannot parse the HTML: {detail}") from None
    for d in soup.find_all(string=lambda s: isinstance(s, Doctype)):
        d.replace_with(_Doctype(str(d)))
    return soup


def link_html(html: str, linker: Linker, base_url: str = "", show_skipped: bool = False) -> tuple[str, Result]:
    """Link the citations in ``html``; the result's offsets index the ``html`` source itself
    (a citation split by markup spans the markup: ``Article <em>40</em>(21)``)."""
    soup = parse(html)
    result = Result()
    for pieces in _blocks(soup):
        text = "".join(str(p.node) for p in pieces)
        found = linker.block(text, [(p.start, p.start + len(p.node)) for p in pieces if not p.linkable])
        writable = {id(x): _writable(pieces, x) for x in found.links}
        parts = [y for x in found.links for y in x.parts]
        spans = {id(x): _source_span(html, pieces, x.start, x.end) for x in found.links + parts + found.unresolved + found.skipped}
        # one <a> per cited number or label, right to left so that earlier offsets hold
        marks = [y for x in found.links for y in writable[id(x)]] + (shown_skipped(found) if show_skipped else [])
        applied = {id(y) for y in sorted(marks, key=lambda m: m.start, reverse=True) if _apply(soup, pieces, y, base_url)}
        for x in found.links:
            if any(id(y) in applied for y in writable[id(x)]) and spans[id(x)] is not None:
                a, b = spans[id(x)]
                written = tuple(Link(s[0], s[1], html[s[0]:s[1]], y.targets) for y in x.parts
                                if id(y) in applied and (s := spans[id(y)]) is not None)
                result.links.append(Link(a, b, html[a:b], x.targets, written))
        for x in found.unresolved:
            if spans[id(x)] is not None:
                a, b = spans[id(x)]
                result.unresolved.append(Unresolved(a, b, html[a:b], x.reason))
        for x in found.skipped:
            if spans[id(x)] is not None:
                a, b = spans[id(x)]
                result.skipped.append(replace(x, start=a, end=b, text=html[a:b]))
    return soup.decode(formatter=FORMATTER), result


def _source_span(source: str, pieces: list[_Piece], start: int, end: int) -> tuple[int, int] | None:
    first = next((p for p in pieces if p.start <= start < p.start + len(p.node)), None)
    last = next((p for p in pieces if p.start < end <= p.start + len(p.node)), None)
    if first is None or last is None:
        return None
    a = _source_index(source, first.node, start - first.start, end=False)
    b = _source_index(source, last.node, end - 1 - last.start, end=True)
    return (a, b) if a is not None and b is not None else None
