"""Markdown in, Markdown out: the original text with ``[citation](url)`` inserted.

markdown-it-py parses the document; its block tokens' ``map`` says which source lines hold
prose (code blocks, fences and raw HTML blocks are left alone), and the inline rules that
consume links, images, autolinks, code spans and inline HTML are wrapped to record the source
span each consumed, so nothing inside them is linked.  The text a reader sees (emphasis
markers, escapes and entities removed) is what is scanned; each character keeps its source
offset, so ``Article *40*(21)`` is found and becomes ``[Article *40*(21)](url)``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from urllib.parse import quote

from markdown_it import MarkdownIt

from ..link import Link, Linker, Result, shown_skipped
from .html import NO_LINK, UNREAD

#: inline rules whose source span must never receive a link
_OPAQUE_RULES = ("link", "image", "autolink", "backticks", "html_inline")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: a line ends at CR LF, CR or LF (as CommonMark reads it; markdown-it turns each into LF)
_LINE_END = re.compile(r"\r\n|\r|\n")
_SPACES = re.compile(r"[ \t]*")
#: how far past the spaces after the previous text a text token may begin (delimiters between):
#: beyond it the text is left unlinked, so that aligning stays linear in the document's size
_ALIGN_WINDOW = 256


def _recording(fn):
    def rule(state, silent):
        start, n = state.pos, len(state.tokens)
        ok = fn(state, silent)
        if ok and not silent:
            # the first token this rule pushed (pending text is flushed before it)
            first = next((t for t in state.tokens[n:] if t.type != "text"), None)
            if first is not None:
                first.meta = {**(first.meta or {}), "src": (start, state.pos)}
        return ok

    return rule


def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    ruler = md.inline.ruler
    for name in _OPAQUE_RULES:
        ruler.at(name, _recording(ruler.__rules__[ruler.__find__(name)].fn))
    return md


@dataclass
class _Piece:
    text: str
    offsets: list[int] | None  # source offset of each character; None: never linked
    nest: tuple  # the open emphasis around it: a link may not cross its boundary


def _content_offsets(source: str, line_starts: list[int], token_map, content: str) -> list[int] | None:
    """Source offset of every character of an inline token's content (lines found in order;
    each LF of the content stands for the CR LF, CR or LF of the source)."""
    lo, hi = token_map
    if lo >= len(line_starts):
        return None
    cursor = line_starts[lo]
    end = line_starts[hi] if hi < len(line_starts) else len(source)
    out: list[int] = []
    lines = content.split("\n")
    for k, line in enumerate(lines):
        at = source.find(line, cursor, end)
        if at < 0:
            return None
        out.extend(range(at, at + len(line)))
        cursor = at + len(line)
        if k < len(lines) - 1:
            nl = _LINE_END.search(source, cursor, end)
            if nl is None:
                return None
            out.append(nl.start())
            cursor = nl.end()
    return out


def _align(content: str, start: int, stop: int, text: str) -> tuple[list[int], int] | None:
    """Where ``text`` (decoded) first lies in ``content[start:stop]`` (raw): per-character offsets."""
    if text[:1] not in (" ", "\t"):
        start = _SPACES.match(content, start).end()
    verbatim = "&" not in text  # then a character-for-character match is what _align_at would find there
    for begin in range(start, min(stop, start + _ALIGN_WINDOW)):
        if verbatim and content.startswith(text, begin) and begin + len(text) <= stop:
            return list(range(begin, begin + len(text))), begin + len(text)
        found = _align_at(content, begin, stop, text)
        if found is not None:
            return found
    return None


def _align_at(content: str, i: int, stop: int, text: str) -> tuple[list[int], int] | None:
    offs: list[int] = []
    for ch in text:
        if i >= stop:
            return None
        c = content[i]
        if c == "&" and (m := _ENTITY.match(content, i, stop)) and html.unescape(m.group(0)) == ch:
            offs.append(i)
            i = m.end()
        elif c == ch:
            offs.append(i)
            i += 1
        elif c == "\\" and i + 1 < stop and content[i + 1] == ch:
            offs.append(i + 1)
            i += 2
        else:
            return None
    return offs, i


def _pieces(children, content: str) -> list[_Piece]:
    opaque = sorted(t.meta["src"] for t in _flatten(children) if t.meta and "src" in t.meta)
    opaque_starts = [a for a, _ in opaque]
    pieces: list[_Piece] = []
    cursor, depth, nest = 0, 0, []  # depth: inside a link (Markdown or inline HTML)
    links: list = []  # the source span of each open Markdown link
    for t in children:
        if t.type in ("link_open",):
            depth += 1
            links.append((t.meta or {}).get("src"))
        elif t.type == "link_close":
            depth -= 1
            src = links.pop() if links else None
            if src:
                cursor = max(cursor, src[1])
        elif t.type in ("em_open", "strong_open", "s_open"):
            nest.append(id(t))
        elif t.type in ("em_close", "strong_close", "s_close"):
            if nest:
                nest.pop()
        elif t.type == "html_inline" and (m := _HTML_TAG.match(t.content)) and m.group(2).lower() in NO_LINK | UNREAD:
            depth = max(0, depth + (-1 if m.group(1) else 1))  # text inside inline <a>, <code>… is not ours to link
            src = (t.meta or {}).get("src")
            cursor = max(cursor, src[1]) if src else cursor
        elif t.type in ("code_inline", "image", "html_inline"):
            src = (t.meta or {}).get("src")
            pieces.append(_Piece(t.content if t.type != "image" else "", None, tuple(nest)))
            if src:
                cursor = max(cursor, src[1])
        elif t.type in ("text", "softbreak", "hardbreak"):
            text = t.content if t.type == "text" else "\n"
            if depth:
                pieces.append(_Piece(text, None, tuple(nest)))
                continue
            k = bisect_left(opaque_starts, cursor)
            stop = opaque_starts[k] if k < len(opaque_starts) else len(content)
            found = _align(content, cursor, stop, text) if text else None
            if found is None:
                pieces.append(_Piece(text, None, tuple(nest)))
                continue
            offs, cursor = found
            pieces.append(_Piece(text, offs, tuple(nest)))
    return pieces


def _flatten(tokens):
    stack = list(reversed(tokens))
    while stack:
        t = stack.pop()
        yield t
        stack.extend(reversed(t.children or []))


class _Block:
    """The pieces of one inline token laid end to end: which piece holds a character of the
    block text, and where that character is in the source (bisection, not a scan)."""

    def __init__(self, pieces: list[_Piece], content_offsets: list[int] | None):
        self.pieces, self.content_offsets = pieces, content_offsets
        self.starts, pos = [], 0
        for p in pieces:
            self.starts.append(pos)
            pos += len(p.text)
        self.length = pos

    def covered(self, start: int, end: int) -> list[tuple[_Piece, int]]:
        """The pieces that overlap [start, end), with their starts (empty pieces inside included)."""
        if start >= end or start >= self.length:
            return []
        lo, hi = bisect_right(self.starts, start) - 1, bisect_left(self.starts, end)
        return list(zip(self.pieces[lo:hi], self.starts[lo:hi]))

    def char_source(self, i: int) -> int | None:
        if not 0 <= i < self.length or not self.content_offsets:
            return None
        k = bisect_right(self.starts, i) - 1
        p = self.pieces[k]
        return self.content_offsets[p.offsets[i - self.starts[k]]] if p.offsets is not None else None

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        a, b = self.char_source(start), self.char_source(end - 1)
        if a is None or b is None:
            return None
        return a, b + 1


def _url(link: Link, base_url: str) -> str:
    return quote(link.url(base_url), safe=":/#?&=%~+,;@!$'*.-_")


def link_markdown(source: str, linker: Linker, base_url: str = "", show_skipped: bool = False) -> tuple[str, Result]:
    """Link the citations in Markdown ``source``; offsets in the result index ``source``; with
    ``show_skipped`` the phrases not linked are marked (``<span class="treaty-skipped" title>``)."""
    md = parser()
    tokens = md.parse(source)
    line_starts = [0] + [m.end() for m in _LINE_END.finditer(source)]
    read = source.replace("\0", "\ufffd")  # as markdown-it reads it (same length, same offsets)
    inserts: list[tuple[int, int, str]] = []  # (offset, order, text)
    result = Result()
    for tok in tokens:
        if tok.type != "inline" or tok.map is None:
            continue
        content_offsets = _content_offsets(read, line_starts, tok.map, tok.content)
        block = _Block(_pieces(tok.children or [], tok.content), content_offsets)
        text = "".join(p.text for p in block.pieces)
        found = linker.block(text, [(s, s + len(p.text)) for p, s in zip(block.pieces, block.starts) if p.offsets is None])
        for link in found.links:
            if not content_offsets:
                continue
            # one [..](..) per cited number or label when each can go in; else, as a second run
            # would read the words left plain otherwise, the phrase as one link (or none)
            written = link.pieces()
            placed = [_place(part, block, source, base_url) for part in written]
            if any(x is None for x in placed):
                placed, written = [_place(link, block, source, base_url)], (link,)
                if placed[0] is None:
                    continue
            for x in placed:
                inserts.extend(x)
            s, e = block.source_span(link.start, link.end)
            parts = tuple(Link(a, b, source[a:b], x.targets)
                          for x in written if x is not link for a, b in [block.source_span(x.start, x.end)])
            result.links.append(Link(s, e, source[s:e], link.targets, parts))
        for x in found.unresolved:
            span = block.source_span(x.start, x.end) if content_offsets else None
            if span:
                result.unresolved.append(type(x)(span[0], span[1], source[span[0]:span[1]], x.reason))
        for x in shown_skipped(found) if show_skipped and content_offsets else ():
            mark = (f'<span class="treaty-skipped" title="{html.escape(x.describe(), quote=True)}">', "</span>")
            inserts.extend(_place(x, block, source, base_url, mark) or ())
        for x in found.skipped:
            span = block.source_span(x.start, x.end) if content_offsets else None
            if span:
                result.skipped.append(replace(x, start=span[0], end=span[1], text=source[span[0]:span[1]]))
    out, pos = [], 0
    for offset, _, ins in sorted(inserts):
        out.append(source[pos:offset])
        out.append(ins)
        pos = offset
    out.append(source[pos:])
    return "".join(out), result


def _is_boundary(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _flanking_kept(source: str, sa: int, sb: int) -> bool:
    """'[' and '](url)' are punctuation: next to a run of * _ ~ they can change whether the run
    opens or closes emphasis (CommonMark's flanking rules).  Safe are: before the link, a run
    whose other side is whitespace or the start; after it, a run whose other side is whitespace
    or the end, or punctuation other than '[' when the citation itself ends in punctuation
    ("**Art. 23(2)(b)**."), since ')' then replaces ')' as the run's neighbour.  '[' is excluded
    so that a second run over the output decides as the first did."""
    i = sa
    while i > 0 and source[i - 1] in "*_~" and source[i - 1] == source[sa - 1] and not (i >= 2 and source[i - 2] == "\\"):
        i -= 1  # one delimiter run: the same character repeated
    if i < sa and not _is_boundary(source[i - 1] if i > 0 else ""):
        return False
    j = sb + 1
    while j < len(source) and source[j] in "*_~" and source[j] == source[sb + 1]:
        j += 1
    if j > sb + 1:
        after = source[j] if j < len(source) else ""
        if not _is_boundary(after) and not (_is_punctuation(after) and after != "[" and _is_punctuation(source[sb])):
            return False
    return True


def _is_punctuation(ch: str) -> bool:
    return bool(ch) and unicodedata.category(ch)[0] in "PS"


def _place(link: Link, block: _Block, source: str, base_url: str, wrap: tuple[str, str] | None = None):
    covered = block.covered(link.start, link.end)
    if not covered or any(p.offsets is None for p, _ in covered):
        return None
    opening, closing = wrap or ("[", f"]({_url(link, base_url)})")
    runs: list[tuple[int, int]] = []  # (first char, last char) in block text, per run of one nesting
    outer = covered[0][0].nest
    if covered[-1][0].nest == outer and all(p.nest[: len(outer)] == outer for p, _ in covered):
        runs.append((link.start, link.end - 1))
    else:
        for p, s in covered:
            a, b = max(link.start, s), min(link.end, s + len(p.text)) - 1
            while a <= b and p.text[a - s].isspace():
                a += 1
            while b >= a and p.text[b - s].isspace():
                b -= 1
            if a <= b:
                runs.append((a, b))
    out = []
    for a, b in runs:
        sa, sb = block.char_source(a), block.char_source(b)
        if sa is None or sb is None:
            return None
        if sa > 0 and source[sa - 1] in "!\\[]":
            return None  # '![' would make an image, '\[' an escaped bracket
        if not _flanking_kept(source, sa, sb):
            return None
        segment = source[sa:sb + 1]
        if any(c in segment for c in "[]\\`<>") or "\n\n" in segment:
            return None
        out.append((sa, 0, opening))
        out.append((sb + 1, -1, closing))
    return out
