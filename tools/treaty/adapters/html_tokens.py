"""The HTML standard's tokenizer, with the source offsets of every token.

The tokens are html5lib's (dicts with ``type``, ``name``, ``data`` …), so html5lib's tree
construction (:mod:`treaty.adapters.html_tree`) can be driven by them: it switches this
tokenizer between the content models (``state = rcdataState`` …) exactly as it does its own.
Why not html5lib's own tokenizer: it reports no source offsets, and on hostile input it is
quadratic (every attribute name is compared with all earlier ones; comments, attribute names
and values grow one character at a time with ``+=``).  This one finds each token with a few
regular-expression searches, so its time is linear in the input, and ``start``/``end`` say
where in the source the token last yielded came from.

Followed, state by state: data, RCDATA (``title``, ``textarea``), RAWTEXT (``style``, ``xmp``,
``iframe``, ``noembed``, ``noframes``, ``noscript``), script data with its escaped and
double-escaped states, PLAINTEXT, tags and attributes (quoted, unquoted, duplicates — the first
wins), character references (named, with the legacy names that need no ``;``, and numeric),
comments (``<!-->``, unterminated, ``--!>``), bogus comments, DOCTYPE (name, public and system
identifiers, force-quirks), CDATA sections (only in foreign content).  Token granularity follows
html5lib's (a run of leading whitespace is a ``SpaceCharacters`` token, a character reference is
a token of its own), which its tree construction relies on.  Carriage returns are normalised to
line feeds in token data, as the standard's input stream does; offsets index the source as given.
"""

from __future__ import annotations

import re
import string

from html5lib.constants import entities as ENTITIES
from html5lib.constants import replacementCharacters, tokenTypes

DATA, RCDATA, RAWTEXT, SCRIPT, PLAINTEXT = "data", "rcdata", "rawtext", "script", "plaintext"

CHARACTERS = tokenTypes["Characters"]
SPACE = tokenTypes["SpaceCharacters"]
START = tokenTypes["StartTag"]
END = tokenTypes["EndTag"]
COMMENT = tokenTypes["Comment"]
DOCTYPE = tokenTypes["Doctype"]

_WS = frozenset("\t\n\x0c\r ")
_TAG_END = frozenset("\t\n\x0c\r />")
_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_SPACES = re.compile(r"[\t\n\x0c\r ]+")
_SPACES0 = re.compile(r"[\t\n\x0c\r ]*")
_TEXT = {DATA: re.compile(r"[^&<\0]+"), RCDATA: re.compile(r"[^&<\0]+"), RAWTEXT: re.compile(r"[^<\0]+")}
_TAG_NAME = re.compile(r"[^\t\n\x0c\r />]*")
#: A tag name of ASCII letters and digits right before its ">": no attributes, nothing to normalise
_PLAIN_TAG = re.compile(r"([A-Za-z][A-Za-z0-9]*)>")
_DOCTYPE_NAME = re.compile(r"[^\t\n\x0c\r >]*")
_ATTR_NAME = re.compile(r"[^\t\n\x0c\r />=]*")
_UNQUOTED = re.compile(r"[^\t\n\x0c\r >]*")
_UNTIL_GT = re.compile(r"[^>]*")
_COMMENT_END = re.compile(r"--!?>")
_CDATA_END = re.compile(r"\]\]>")
_ALPHA = re.compile(r"[A-Za-z]+")
_ENTITY_NAME = re.compile(r"[A-Za-z0-9;]{1,40}")
_ENTITY_PREFIXES = frozenset(name[:k] for name in ENTITIES for k in range(1, len(name) + 1))
_ALNUM = frozenset(string.ascii_letters + string.digits)
_NUMERIC = re.compile(r"#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));?")
_SCRIPT_STOP = re.compile(r"[<-]")


def _norm(text: str) -> str:
    """The input stream's newline normalisation; NUL stays for the states to decide."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def char_ref(s: str, pos: int, in_attribute: bool = False, limit: int | None = None) -> tuple[str, int]:
    """The character reference at ``s[pos] == '&'``: (its characters, where it ends).

    As html5lib reads one: the longest run of characters that begins an entity name is consumed,
    the longest entity name in it is decoded (in an attribute value not when it lacks ``;`` and
    a letter, digit or ``=`` follows), the rest of the run stays as it is; ``&`` that starts no
    reference is itself.  Nothing at or after ``limit`` is read.
    """
    limit = len(s) if limit is None else limit
    m = _NUMERIC.match(s, pos + 1, limit)
    if m:
        digits, radix = (m.group(1), 16) if m.group(1) is not None else (m.group(2), 10)
        digits = digits.lstrip("0") or "0"
        n = int(digits, radix) if len(digits) <= 8 else 0x110000
        if n in replacementCharacters:
            ch = replacementCharacters[n]
        elif 0xD800 <= n <= 0xDFFF or n > 0x10FFFF:
            ch = "\ufffd"
        else:
            ch = chr(n)
        return ch, m.end()
    if s.startswith("#", pos + 1, limit):  # no digits
        k = 3 if pos + 2 < limit and s[pos + 2] in ("x", "X") else 2
        return s[pos:pos + k], pos + k
    run = _ENTITY_NAME.match(s, pos + 1, limit)
    run = run.group(0) if run else ""
    k = len(run)
    while k and run[:k] not in _ENTITY_PREFIXES:
        k -= 1
    consumed = run[:k]
    for j in range(k, 0, -1):
        if consumed[:j] in ENTITIES:
            after = pos + 1 + j
            if in_attribute and consumed[j - 1] != ";" and after < limit and (s[after] in _ALNUM or s[after] == "="):
                break
            return ENTITIES[consumed[:j]] + consumed[j:], pos + 1 + k
    return "&" + consumed, pos + 1 + k


def decode(s: str, start: int, end: int, in_attribute: bool) -> str:
    """``s[start:end]`` with its character references replaced (attribute values)."""
    out, pos = [], start
    while pos < end:
        amp = s.find("&", pos, end)
        if amp < 0:
            amp = end
        out.append(_norm(s[pos:amp]).replace("\0", "\ufffd"))
        if amp == end:
            break
        text, pos = char_ref(s, amp, in_attribute, end)
        out.append(text)
    return "".join(out)


class _Stream:
    """What html5lib's parser asks of its input stream: where it is (for parse errors) and the
    encoding (the text is already decoded: certain)."""

    charEncoding = (None, "certain")

    def __init__(self, tokenizer: Tokenizer):
        self._tokenizer = tokenizer

    def position(self) -> tuple[int, int]:
        return (0, self._tokenizer.end)


class Tokenizer:
    """Iterate to get html5lib tokens; after each, ``start``/``end`` are its source offsets.

    ``foreign`` says whether the current node is outside the HTML namespace (where
    ``<![CDATA[`` opens a CDATA section); the tree builder sets ``state`` after a start tag.
    """

    dataState, rcdataState, rawtextState, scriptDataState, plaintextState = DATA, RCDATA, RAWTEXT, SCRIPT, PLAINTEXT

    def __init__(self, source: str, foreign=lambda: False):
        self.source = source
        self.foreign = foreign
        self.state = DATA
        self.start = self.end = 0
        self.halt: str | None = None  # why reading stopped before the end (at ``end``)
        self.stream = _Stream(self)
        self._last_start_tag = ""

    def __iter__(self):
        s, n, pos = self.source, len(self.source), 0
        while pos < n:
            state = self.state
            if state == PLAINTEXT:
                token, end = {"type": CHARACTERS, "data": _norm(s[pos:]).replace("\0", "\ufffd")}, n
            elif state == SCRIPT:
                token, end = self._script(s, pos)
            elif s[pos] == "<":
                token, end = (self._markup if state == DATA else self._raw_end_tag)(s, pos)
            elif s[pos] == "&" and state != RAWTEXT:
                text, end = char_ref(s, pos)
                token = {"type": SPACE if text in _WS else CHARACTERS, "data": text}
            elif s[pos] == "\0":
                token, end = {"type": CHARACTERS, "data": "\0" if state == DATA else "\ufffd"}, pos + 1
            else:
                m = _SPACES.match(s, pos) if state != RAWTEXT else None
                if m:
                    token, end = {"type": SPACE, "data": _norm(m.group(0))}, m.end()
                else:
                    end = _TEXT[state].match(s, pos).end()
                    token = {"type": CHARACTERS, "data": _norm(s[pos:end])}
            if self.halt:
                return
            self.start, pos = pos, end
            if token is not None:
                self.end = end
                if token["type"] in (START, END):
                    self.state = DATA
                    if token["type"] == START:
                        self._last_start_tag = token["name"]
                yield token

    # -- markup in the data state -------------------------------------------------------------
    def _markup(self, s: str, pos: int):
        n = len(s)
        c = s[pos + 1] if pos + 1 < n else ""
        if c.isascii() and c.isalpha():
            return self._tag(s, pos + 1, START)
        if c == "/":
            c2 = s[pos + 2] if pos + 2 < n else ""
            if c2.isascii() and c2.isalpha():
                return self._tag(s, pos + 2, END)
            if c2 == ">":
                return None, pos + 3
            if not c2:
                return {"type": CHARACTERS, "data": "</"}, n
            return self._bogus_comment(s, pos + 2)
        if c == "!":
            if s.startswith("--", pos + 2):
                return self._comment(s, pos + 4)
            if s[pos + 2:pos + 9].upper() == "DOCTYPE":
                return self._doctype(s, pos + 9)
            if s.startswith("[CDATA[", pos + 2) and self.foreign():
                m = _CDATA_END.search(s, pos + 9)
                end = m.start() if m else n
                data = s[pos + 9:end].replace("\0", "\ufffd")
                return ({"type": CHARACTERS, "data": _norm(data)} if data else None), (m.end() if m else n)
            return self._bogus_comment(s, pos + 2)
        if c == "?":
            return self._bogus_comment(s, pos + 1)
        if c == ">":
            return {"type": CHARACTERS, "data": "<>"}, pos + 2
        return {"type": CHARACTERS, "data": "<"}, pos + 1

    def _bogus_comment(self, s: str, pos: int):
        end = _UNTIL_GT.match(s, pos).end()
        return {"type": COMMENT, "data": _norm(s[pos:end]).replace("\0", "\ufffd")}, min(end + 1, len(s))

    def _comment(self, s: str, pos: int):
        """After ``<!--``: the comment ends at the first ``-->`` or ``--!>`` (``<!-->`` and
        ``<!--->`` end at once), or at the end of the input."""
        if s.startswith("\0", pos) or s.startswith("-\0", pos):
            # html5lib stays in its comment start states on NUL (the standard does not): the
            # parsers disagree about where this comment ends, so reading stops before it
            self.halt = "a comment that begins with NUL, which HTML parsers read differently"
            return None, pos - 4
        if s.startswith(">", pos):
            return {"type": COMMENT, "data": ""}, pos + 1
        if s.startswith("->", pos):
            return {"type": COMMENT, "data": ""}, pos + 2
        m = _COMMENT_END.search(s, pos)
        if m:
            return {"type": COMMENT, "data": _norm(s[pos:m.start()]).replace("\0", "\ufffd")}, m.end()
        data = s[pos:]  # unterminated: the dashes of an unfinished "--!>" are not its text
        data = data[:-3] if data.endswith("--!") else data[:-2] if data.endswith("--") else data[:-1] if data.endswith("-") else data
        return {"type": COMMENT, "data": _norm(data).replace("\0", "\ufffd")}, len(s)

    # -- tags -----------------------------------------------------------------------------------
    def _tag(self, s: str, pos: int, kind: int):
        """A start or end tag whose name begins at ``pos``; (None, end of input) if the input
        ends inside it (the standard drops such a tag)."""
        if (m := _PLAIN_TAG.match(s, pos)) is not None:  # "<b>", "</div>": what the loop below reads, at once
            if kind == START:
                return {"type": START, "name": m.group(1).translate(_LOWER), "data": {}, "selfClosing": False,
                        "selfClosingAcknowledged": False}, m.end()
            return {"type": END, "name": m.group(1).translate(_LOWER), "data": {}, "selfClosing": False}, m.end()
        n = len(s)
        end = _TAG_NAME.match(s, pos).end()
        name = _norm(s[pos:end]).translate(_LOWER).replace("\0", "\ufffd")
        attrs: dict[str, str] = {}
        self_closing = False
        pos = end
        while True:
            pos = _SPACES0.match(s, pos).end()
            if pos >= n:
                return None, n
            c = s[pos]
            if c == ">":
                pos += 1
                break
            if c == "/":
                pos += 1
                if pos >= n:
                    return None, n
                if s[pos] == ">":
                    self_closing = True
                    pos += 1
                    break
                continue  # a stray solidus: reconsumed before an attribute name
            # an attribute name (its first character may be '=')
            end = _ATTR_NAME.match(s, pos + 1).end()
            attr = _norm(s[pos:end]).translate(_LOWER).replace("\0", "\ufffd")
            pos = _SPACES0.match(s, end).end()
            value = ""
            if pos < n and s[pos] == "=":
                pos = _SPACES0.match(s, pos + 1).end()
                if pos >= n:
                    return None, n
                q = s[pos]
                if q in "\"'":
                    close = s.find(q, pos + 1)
                    if close < 0:
                        return None, n
                    value = decode(s, pos + 1, close, True)
                    pos = close + 1
                elif q != ">":
                    end = _UNQUOTED.match(s, pos).end()
                    value = decode(s, pos, end, True)
                    pos = end
            if attr not in attrs:
                attrs[attr] = value
        if kind == START:
            return {"type": START, "name": name, "data": attrs, "selfClosing": self_closing, "selfClosingAcknowledged": False}, pos
        return {"type": END, "name": name, "data": {}, "selfClosing": self_closing}, pos

    def _appropriate_end_tag(self, s: str, pos: int) -> bool:
        """``</name`` of the last start tag at ``pos``, followed by whitespace, ``/`` or ``>``."""
        name = self._last_start_tag
        k = pos + 2 + len(name)
        return (s.startswith("</", pos) and s[pos + 2:k].translate(_LOWER) == name and k < len(s) and s[k] in _TAG_END)

    def _raw_end_tag(self, s: str, pos: int):
        """``<`` in RCDATA or RAWTEXT: the element's end tag, or text."""
        if self._appropriate_end_tag(s, pos):
            return self._tag(s, pos + 2, END)
        return {"type": CHARACTERS, "data": "<"}, pos + 1

    def _script(self, s: str, pos: int):
        """Script data up to its end tag, through the escaped (``<!--``) and double-escaped
        (``<!--<script>``) states: the text as one token, or the end tag itself."""
        if self._appropriate_end_tag(s, pos):
            return self._tag(s, pos + 2, END)
        start, n, state = pos, len(s), "data"
        while pos < n:
            if state == "data":
                pos = s.find("<", pos)
                if pos < 0:
                    pos = n
                    break
                if self._appropriate_end_tag(s, pos):
                    break
                state, pos = ("escaped-dash-dash", pos + 4) if s.startswith("<!--", pos) else ("data", pos + 1)
                continue
            base = "escaped" if state.startswith("escaped") else "double"
            if state == base:
                m = _SCRIPT_STOP.search(s, pos)
                if not m:
                    pos = n
                    break
                pos = m.start()
                if s[pos] == "-":
                    state, pos = base + "-dash", pos + 1
                    continue
            else:  # after one or two dashes
                c = s[pos]
                if c == "-":
                    state, pos = base + "-dash-dash", pos + 1
                    continue
                if c != "<":
                    state, pos = ("data" if c == ">" and state.endswith("dash-dash") else base), pos + 1
                    continue
                state = base
            # s[pos] == "<"
            if base == "escaped":
                if self._appropriate_end_tag(s, pos):
                    break
                m = _ALPHA.match(s, pos + 1)
                if m:  # "<script" followed by whitespace, "/" or ">" starts the double-escaped state
                    if m.group(0).translate(_LOWER) == "script" and m.end() < n and s[m.end()] in _TAG_END:
                        state = "double"
                    pos = m.end()
                else:
                    pos += 1
            else:  # "</script" followed by whitespace, "/" or ">" ends it
                m = _ALPHA.match(s, pos + 2) if s.startswith("</", pos) else None
                if m:
                    if m.group(0).translate(_LOWER) == "script" and m.end() < n and s[m.end()] in _TAG_END:
                        state = "escaped"
                    pos = m.end()
                else:
                    pos += 1
        return {"type": CHARACTERS, "data": _norm(s[start:pos]).replace("\0", "\ufffd")}, pos

    # -- DOCTYPE --------------------------------------------------------------------------------
    def _doctype(self, s: str, pos: int):
        """After ``<!DOCTYPE``: name, public and system identifiers; ``correct`` is False when
        the standard sets force-quirks."""
        n = len(s)
        token = {"type": DOCTYPE, "name": "", "publicId": None, "systemId": None, "correct": True}
        pos = _SPACES0.match(s, pos).end()
        if pos >= n or s[pos] == ">":
            token["correct"] = False
            return token, min(pos + 1, n)
        end = _DOCTYPE_NAME.match(s, pos + 1).end()
        token["name"] = _norm(s[pos:end]).replace("\0", "\ufffd").translate(_LOWER)
        pos = _SPACES0.match(s, end).end()
        if pos >= n:
            token["correct"] = False
            return token, n
        if s[pos] == ">":
            return token, pos + 1
        keyword = s[pos:pos + 6].upper()
        if keyword not in ("PUBLIC", "SYSTEM"):
            token["correct"] = False
            return self._bogus_doctype(s, pos, token)
        ids = ["publicId", "systemId"] if keyword == "PUBLIC" else ["systemId"]
        pos += 6
        first = True
        while ids:
            pos = _SPACES0.match(s, pos).end()
            if pos >= n:
                token["correct"] = False
                return token, n
            q = s[pos]
            if q == ">":
                if first:
                    token["correct"] = False
                return token, pos + 1
            if q not in "\"'":
                token["correct"] = False
                return self._bogus_doctype(s, pos, token)
            close_gt = s.find(">", pos + 1)
            close = s.find(q, pos + 1)
            if close < 0 or 0 <= close_gt < close:
                end = close_gt if close_gt >= 0 else n
                token[ids[0]] = _norm(s[pos + 1:end]).replace("\0", "\ufffd")
                token["correct"] = False
                return token, min(end + 1, n)
            token[ids.pop(0)] = _norm(s[pos + 1:close]).replace("\0", "\ufffd")
            pos, first = close + 1, False
            if keyword == "PUBLIC" and ids:  # a system identifier may follow, or '>'
                pos = _SPACES0.match(s, pos).end()
                if pos < n and s[pos] == ">":
                    return token, pos + 1
        pos = _SPACES0.match(s, pos).end()
        if pos >= n:
            token["correct"] = False
            return token, n
        if s[pos] == ">":
            return token, pos + 1
        return self._bogus_doctype(s, pos, token)

    @staticmethod
    def _bogus_doctype(s: str, pos: int, token: dict):
        end = _UNTIL_GT.match(s, pos).end()
        return token, min(end + 1, len(s))
