"""The oracle for HTML the linker writes: html5lib (the HTML standard's parser, scripting on as
in a browser) must read the output as the input's tree plus our ``<a>`` elements around text."""

from __future__ import annotations

import html5lib
from html5lib.constants import namespaces

from treaty.adapters.html import LINK_CLASS
from treaty.adapters.html_tree import NO_LINK, UNREAD

HTML = namespaces["html"]
_TEXT, _ELEMENT, _COMMENT, _DOCTYPE = 3, 1, 8, 10


def parse(markup: str):
    return html5lib.parse(markup, treebuilder="dom", scripting=True)


def _flatten(doc) -> tuple[list[tuple], dict[int, int]]:
    """The tree as a sequence of events (one per character of text), and for each element's
    start event the index of its end event.  Iterative: the input may nest deeply."""
    events: list[tuple] = []
    ends: dict[int, int] = {}
    stack = [(doc, False, None)]
    while stack:
        node, closing, start = stack.pop()
        if closing:
            events.append(("end",))
            ends[start] = len(events) - 1
            continue
        t = node.nodeType
        if t == _TEXT:
            events.extend(("t", c) for c in node.data)
        elif t == _COMMENT:
            events.append(("comment", node.data))
        elif t == _DOCTYPE:
            events.append(("doctype", node.name, node.publicId, node.systemId))
        elif t == _ELEMENT:
            attrs = tuple(sorted((a.name, a.value) for a in node.attributes.values()))
            events.append(("start", node.namespaceURI, node.localName, attrs, node))
            stack.append((node, True, len(events) - 1))
            stack.extend((c, False, None) for c in reversed(node.childNodes))
            continue
        if t != _TEXT and hasattr(node, "childNodes") and t not in (_COMMENT, _DOCTYPE):
            stack.extend((c, False, None) for c in reversed(node.childNodes))
    return events, ends


def _ours(event: tuple, base: str) -> bool:
    if event[0] != "start" or event[1:3] != (HTML, "a"):
        return False
    attrs = dict(event[3])
    return set(attrs) == {"href", "class", "title"} and attrs["class"] == LINK_CLASS and attrs["href"].startswith(base)


def added_links(src: str, out: str, base: str = "") -> list:
    """The ``a`` elements html5lib finds in ``out`` and not in ``src``; AssertionError when
    anything else differs, or when one of them is where no link may be."""
    before, _ = _flatten(parse(src))
    after, ends = _flatten(parse(out))
    added, skip = [], set()
    i = 0
    for o, event in enumerate(after):
        if o in skip:
            continue
        if i < len(before) and _key(event) == _key(before[i]):
            i += 1
            continue
        assert _ours(event, base), f"the output differs at event {o}: {event[:4]} where the input has {before[i][:4] if i < len(before) else 'nothing'}"
        skip.add(ends[o])
        added.append(event[4])
    assert i == len(before), f"the output lacks the input's events from {before[i][:4]}"
    for a in added:
        node = a.parentNode
        while node is not None and node.nodeType == _ELEMENT:
            assert node.namespaceURI == HTML and node.localName not in NO_LINK | UNREAD, f"a link inside <{node.localName}>"
            node = node.parentNode
        assert a.getElementsByTagName("a") == [], "a link around a link"
        assert a.childNodes and "".join(_text(a)).strip(), "an empty link"
    return added


def _key(event: tuple) -> tuple:
    return event[:4]


def _text(node) -> list[str]:
    out, stack = [], [node]
    while stack:
        n = stack.pop()
        if n.nodeType == _TEXT:
            out.append(n.data)
        else:
            stack.extend(reversed(getattr(n, "childNodes", [])))
    return out
