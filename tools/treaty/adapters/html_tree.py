"""What each piece of an HTML document's text is inside, as a browser builds the tree.

html5lib's tree construction (the HTML standard's insertion modes, adoption agency, foster
parenting, foreign content, ``scripting`` on as in a browser) is driven by the tokenizer of
:mod:`treaty.adapters.html_tokens`, which knows where each token is in the source.  Our tree
builder keeps no text and no child order, only what linking needs: for every element whether
it or an ancestor is never read (``script``, ``textarea`` …) or never linked (``a``, ``code``,
``svg`` …).  After html5lib has handled a token, :class:`Record` says what the token was, its
source offsets, and the state it left (depth of the stack of open elements, current node,
length of the list of active formatting elements, insertion mode) — enough for the adapter to
prove that an ``<a>`` put around some text changes nothing else.

Text is *linkable* only where an inserted ``<a>`` start tag would be handled exactly like the
text itself: insertion mode "in body", "in cell" or "in caption"; inserted into the current
node (no foster parenting); no never-linked element around it; no ``a`` among the active
formatting elements (an ``<a>`` start tag would run the adoption agency on it).

Limits that keep the time linear: html5lib walks the stack of open elements for scope checks
and the list of active formatting elements on reconstruction, so a document nested deeper than
``MAX_DEPTH`` elements (browsers stop nesting at 512) or with more than ``MAX_FORMATTING``
open formatting elements is read (and linked) only up to that point: ``stopped`` says where.

Where html5lib's own tree construction fails (html5lib 1.1 asserts on some foreign content:
``<math><select><mi><select><textarea>``, html5lib-python issue #568, found by fuzzing), reading
stops before the token it failed on, as where parsers disagree: the tokenizer's ``halt`` says why.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from html5lib.constants import namespaces, tableInsertModeElements
from html5lib.html5parser import HTMLParser
from html5lib.treebuilders.base import Marker, TreeBuilder, listElementsMap

from .html_tokens import CHARACTERS, COMMENT, END, SPACE, START, Tokenizer

HTML = namespaces["html"]
MAX_DEPTH = 256
MAX_FORMATTING = 64

#: Elements whose text is not the document's prose (never read, never linked).
UNREAD = frozenset("head title style script noscript template textarea xmp iframe noembed noframes plaintext".split())
#: Elements whose text is read (it names instruments) but never linked.
NO_LINK = frozenset("a code pre listing kbd samp var button select option optgroup datalist label svg math".split())
#: Elements whose own text is only whitespace or foster-parented (never linked).
NO_TEXT = frozenset("html table tbody thead tfoot tr colgroup frameset".split())

_UNREAD, _NO_LINK = 1, 2
#: Elements whose end tags are implied (html5lib's generateImpliedEndTags)
_IMPLIED_END = frozenset(("dd", "dt", "li", "option", "optgroup", "p", "rp", "rt"))
#: (target, variant) → the names that end html5lib's scope walk for it (the target included)
_STOPS: dict = {}
_OWN_FLAGS = {**{n: _NO_LINK for n in NO_LINK}, **{n: _UNREAD | _NO_LINK for n in UNREAD}}


class _Node:
    """An element (or the document) as html5lib's tree construction needs it; children are
    kept unordered (only their parent links and flags matter here)."""

    __slots__ = ("name", "namespace", "nameTuple", "attributes", "parent", "children", "has_text", "flags")

    def __init__(self, name: str, namespace: str | None = None):
        self.name = name
        self.namespace = namespace
        self.nameTuple = (namespace or HTML, name)  # html5lib's name (an attribute: read per scope check)
        self.attributes: dict = {}
        self.parent: _Node | None = None
        self.children: dict = {}
        self.has_text = False
        self.flags = 0

    def _own_flags(self) -> int:
        if self.namespace not in (None, HTML):
            return _NO_LINK
        return _OWN_FLAGS.get(self.name, 0)

    def appendChild(self, node) -> None:  # noqa: N802
        node.parent = self
        self.children[node] = None
        if isinstance(node, _Node):
            # a node moved later (adoption agency, foster parenting) goes to a place whose
            # ancestors are among its old ones, so flags only ever err on the side of caution
            node.flags = self.flags | node._own_flags()

    def insertBefore(self, node, refNode) -> None:  # noqa: N802, N803
        self.appendChild(node)

    def removeChild(self, node) -> None:  # noqa: N802
        self.children.pop(node, None)
        node.parent = None

    def reparentChildren(self, newParent) -> None:  # noqa: N802, N803
        for child in list(self.children):
            newParent.appendChild(child)
        self.children = {}
        newParent.has_text = newParent.has_text or self.has_text
        self.has_text = False

    def insertText(self, data: str, insertBefore=None) -> None:  # noqa: N802, N803
        self.has_text = True

    def cloneNode(self):  # noqa: N802
        clone = _Node(self.name, self.namespace)
        clone.attributes = dict(self.attributes)
        return clone

    def hasContent(self) -> bool:  # noqa: N802
        return bool(self.children) or self.has_text


class _Leaf:
    """A comment or doctype: only ever appended."""

    __slots__ = ("parent",)

    def __init__(self, *args):
        self.parent = None


class _Builder(TreeBuilder):
    documentClass = staticmethod(lambda: _Node("#document"))
    elementClass = _Node
    commentClass = _Leaf
    doctypeClass = _Leaf
    fragmentClass = staticmethod(lambda: _Node("#fragment"))
    on_text: Callable[[str, _Node, bool], None] = staticmethod(lambda data, parent, foster: None)

    def elementInScope(self, target, variant=None):  # noqa: N802
        """html5lib's scope check, answered the same way with one set lookup per open element:
        it walks the whole stack for every block start tag ("close a p element"), so at the
        depth ``MAX_DEPTH`` allows it was most of the time of reading deeply nested HTML."""
        boundaries, invert = listElementsMap[variant]
        stack = self.openElements
        if invert or not isinstance(target, (str, _Node)):
            return super().elementInScope(target, variant)
        if isinstance(target, _Node):  # that element (the adoption agency asks, per end tag)
            for k in range(len(stack) - 1, -1, -1):
                node = stack[k]
                if node is target:
                    return True
                if node.nameTuple in boundaries:
                    return False
            return super().elementInScope(target, variant)
        target = (HTML, target)
        stops = _STOPS.get((target, variant))
        if stops is None:
            stops = _STOPS[(target, variant)] = boundaries | {target}
        for k in range(len(stack) - 1, -1, -1):
            name = stack[k].nameTuple
            if name in stops:
                return name == target
        return super().elementInScope(target[1], variant)  # html5lib: never reached (html is a boundary)

    def generateImpliedEndTags(self, exclude=None):  # noqa: N802
        """html5lib's, as a loop over one set (html5lib builds the set on every call)."""
        stack = self.openElements
        while stack[-1].name in _IMPLIED_END and stack[-1].name != exclude:
            stack.pop()

    def insertText(self, data, parent=None):  # noqa: N802
        current = self.openElements[-1]
        foster = parent is None and self.insertFromTable and current.name in tableInsertModeElements
        if foster:
            parent, _ = self.getTableMisnestedNodePosition()
        elif parent is None:
            parent = current
        parent.insertText(data)
        self.on_text(data, parent, foster)


class Record(NamedTuple):
    """One token after tree construction handled it.

    ``kind``: "text", "start", "end", "comment" or "other"; ``text``: for a text token the
    characters inserted (None when the tree took none, e.g. a NUL in body); ``readable`` /
    ``linkable`` as the module says; ``state``: (depth, current node, formatting list length,
    insertion mode) afterwards.
    """

    kind: str
    name: str
    start: int
    end: int
    text: str | None
    readable: bool
    linkable: bool
    state: tuple


_new = tuple.__new__
_KINDS = {CHARACTERS: "text", SPACE: "text", START: "start", END: "end", COMMENT: "comment"}


class Reader:
    """Feeds the tokens of ``source`` through html5lib's tree construction; ``sink`` gets one
    :class:`Record` per token, in order.  ``stopped`` is the offset where reading stopped early
    (see the module's limits), else None."""

    def __init__(self, source: str, sink: Callable[[Record], None]):
        self.source = source
        self.sink = sink
        self.stopped: int | None = None
        self.parser = HTMLParser(tree=_Builder, namespaceHTMLElements=True)
        self.tree = self.parser.tree
        self.tree.on_text = self._on_text
        self.tokenizer = Tokenizer(source, foreign=self._foreign)
        self._body_phases = {self.parser.phases[k] for k in ("inBody", "inCell", "inCaption")}
        self._token = None
        self._inserted: tuple | None = None

    def run(self) -> None:
        drive(self.parser, _Tokens(self))

    def _foreign(self) -> bool:
        elements = self.tree.openElements
        return bool(elements) and elements[-1].namespace != HTML

    def _on_text(self, data: str, parent: _Node, foster: bool) -> None:
        token = self._token
        if self._inserted is not None or token is None or token["type"] not in (CHARACTERS, SPACE) or data != token["data"]:
            return  # not this token's own text (table text flushed late, a dropped newline)
        tree = self.tree
        linkable = (not foster and not parent.flags & _NO_LINK and parent.name not in NO_TEXT and self.parser.phase in self._body_phases
                    and parent is tree.openElements[-1] and not self._a_is_active())
        self._inserted = (data, not parent.flags & _UNREAD, linkable)

    def _a_is_active(self) -> bool:
        for entry in reversed(self.tree.activeFormattingElements):
            if entry is Marker:
                return False
            if entry.name == "a":
                return True
        return False

    def _record(self, token: dict) -> Record:
        tree = self.tree
        elements = tree.openElements
        state = (len(elements), elements[-1] if elements else None, len(tree.activeFormattingElements), self.parser.phase)
        kind = _KINDS.get(token["type"], "other")
        name = token.get("name", "") if kind in ("start", "end") else ""
        inserted = self._inserted
        if kind == "text" and inserted is not None:
            text, readable, linkable = inserted
        else:
            text, readable, linkable = None, False, False
        # tuple.__new__: a Record without the Python-level __new__ namedtuple generates (one per token)
        return _new(Record, (kind, name, self.tokenizer.start, self.tokenizer.end, text, readable, linkable, state))


class _Tokens:
    """The tokenizer html5lib's parser iterates: ours, with a record made after each token."""

    def __init__(self, reader: Reader):
        self._reader = reader
        tokenizer = reader.tokenizer
        self.stream = tokenizer.stream
        self.dataState = tokenizer.dataState
        self.rcdataState = tokenizer.rcdataState
        self.rawtextState = tokenizer.rawtextState
        self.scriptDataState = tokenizer.scriptDataState
        self.plaintextState = tokenizer.plaintextState

    @property
    def state(self):
        return self._reader.tokenizer.state

    @state.setter
    def state(self, value):
        self._reader.tokenizer.state = value

    @property
    def tokenizer(self):
        return self._reader.tokenizer

    def __iter__(self):
        reader = self._reader
        tree = reader.tree
        for token in reader.tokenizer:
            reader._token, reader._inserted = token, None
            yield token
            reader.sink(reader._record(token))
            reader._token = None
            if len(tree.openElements) > MAX_DEPTH or len(tree.activeFormattingElements) > MAX_FORMATTING:
                reader.stopped = reader.tokenizer.end
                return


def drive(parser: HTMLParser, tokens) -> None:
    """What ``HTMLParser.parse`` does, with ``tokens`` (a :class:`Tokenizer`) in place of
    html5lib's own tokenizer, scripting on as in a browser."""
    parser.innerHTMLMode, parser.container, parser.scripting = False, None, True
    parser.tokenizer = tokens
    parser.reset()
    parser.errors = _Discard()
    try:
        parser.mainLoop()
    except Exception as error:  # html5lib's own failure, not ours: reading stops before that token
        where = _innermost_module(error)
        if not where.startswith("html5lib."):
            raise
        tokenizer = getattr(tokens, "tokenizer", tokens)
        tokenizer.halt = f"html5lib cannot build the tree at this tag ({type(error).__name__} in {where})"
        tokenizer.end = tokenizer.start


def _innermost_module(error: BaseException) -> str:
    """The module whose code raised ``error`` (its traceback's last frame)."""
    tb = error.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_globals.get("__name__", "")


class _Discard(list):
    """Parse errors are not needed: keep none (a hostile input can have one per character)."""

    def append(self, item) -> None:
        pass
