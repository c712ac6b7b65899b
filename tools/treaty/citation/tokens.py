"""The scanner's tokens, a lexicon compiled to token sequences (``Roles``), and ``Reader``: the
token-level questions the scanner's rules ask ("does role R match at token i?", "is token i a
label?").  Tokens are made lazily, only as far as a rule looks, so scanning stays linear.

Scripts written without spaces (Chinese, Japanese, Korean) are read a character at a time, and
their keywords around a number ("第23条", "제2항", "(b)호") are lexicon entries with ``#`` where
the number goes: ``Tokens`` turns each such group into the keyword, then the number, so that one
grammar reads "第23条第3款" as it reads "article 23, paragraph 3".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from .address import from_roman, is_roman
from .lexicons import Lexicon

#: Characters of the scripts written without spaces: kana, CJK ideographs, hangul.
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
#: CJK numerals ("二十四" = 24, "一百一十" = 110).
CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_NUMERAL = "[" + "".join(CJK_DIGITS) + "".join(CJK_UNITS) + "]+"

_TOKEN_PATTERN = (
    r"(?P<b>\(\s*(?:\d{1,4}|[^\W\d_]{1,8})\s*\){closing})"
    r"|(?P<n>\d+(?:\.?[ºª°](?![^\W\d_]))?|" + _CJK_NUMERAL + r")"
    r"|(?P<w>§§?|[" + CJK + r"]|[^\W\d_" + CJK + r"]+(?:['\u2019\-\u2011][^\W\d_" + CJK + r"]+)*)"
    r"|(?P<p>[.,;:/\-\u2013\u2014])"
    r"|(?P<o>\S)"
)
#: Tokens: labels written "(a)"; with ``closing_labels`` also "a)" (not after a letter or "(").
TOKEN = re.compile(_TOKEN_PATTERN.replace("{closing}", ""))
TOKEN_CLOSING = re.compile(_TOKEN_PATTERN.replace("{closing}", r"|(?<![\w(])(?:[a-z]{1,5}|[ivx]{1,5})\)"))


class Token(NamedTuple):
    kind: str  # b (bracketed label) | n (number) | w (word) | p (punctuation) | o (other)
    value: str  # casefolded; for b the label inside the brackets; for n the number in ASCII digits
    start: int
    end: int
    raw: str


#: Above this a number names no provision; a longer one reads as this (no huge integers).
TOO_LARGE = 10**6


def cjk_number(s: str) -> int:
    """'二十四' → 24, '一百一十' → 110, '三十七' → 37, '十' → 10; ``TOO_LARGE`` at most."""
    total, digit = 0, None
    for ch in s:
        if ch in CJK_DIGITS:
            digit = CJK_DIGITS[ch] if digit is None else digit * 10 + CJK_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * CJK_UNITS[ch]
            digit = None
        if total >= TOO_LARGE or (digit or 0) >= TOO_LARGE:
            return TOO_LARGE
    return total + (digit or 0)


def _digits(raw: str) -> str:
    """Decimal digits of any script as ASCII, without leading zeros (``int`` refuses more than
    4,300 digits, and a number of any length may be written)."""
    if not raw.isascii():
        raw = "".join(str(unicodedata.decimal(ch)) for ch in raw)
    return raw.lstrip("0") or "0"


_new = tuple.__new__  # builds a Token without the Python-level __new__ namedtuple generates


def token_of(m: re.Match) -> Token:
    return token_from(m.lastgroup, m.group(), *m.span())


def token_from(kind: str, raw: str, start: int, end: int) -> Token:
    """The token of kind ``kind`` (a group of the token regex) written ``raw`` at [start, end)."""
    if kind == "w":
        return _new(Token, (kind, raw.casefold(), start, end, raw))
    if kind == "n":
        if raw.isascii() and raw.isdigit():
            value = raw if raw[0] != "0" else _digits(raw)
        else:
            digits = raw.rstrip("ºª°.")
            value = _digits(digits) if digits[:1].isdigit() else str(cjk_number(digits))
        return _new(Token, (kind, value, start, end, value))
    if kind == "b":
        value = raw.strip("()").strip()
        return _new(Token, (kind, value.casefold(), start, end, value))
    return _new(Token, (kind, raw, start, end, raw))


def tokenize(text: str, token_re: re.Pattern = TOKEN) -> list[Token]:
    return [token_of(m) for m in token_re.finditer(text)]


class Tokens:
    """The tokens from a phrase's first word on, read only as far as the parser looks.

    With ``roles``, a keyword written around its number ("第23条", "제2항", "(b)호": the lexicon's
    ``#`` entries) becomes two tokens, the keyword (over the words before the number, or empty
    at the number when there are none) then the number (over the number and the words after
    it); a label written in the language's own letters ("(أ)", "(二)") reads as a latin one.
    """

    __slots__ = ("_matches", "items", "_circumfix", "_labels", "_raw")

    def __init__(self, text: str, start: int, roles: Roles | re.Pattern = TOKEN):
        if isinstance(roles, Roles):
            token_re, self._circumfix, self._labels = roles.token_re, roles.circumfix, roles.labels
        else:
            token_re, self._circumfix, self._labels = roles, (), {}
        self._matches = token_re.finditer(text, start)
        self.items: list[Token] = []
        self._raw: list[Token] = []

    def _pull(self, k: int) -> bool:
        """At least k raw tokens waiting (or the text's end)."""
        raw = self._raw
        while len(raw) < k:
            m = next(self._matches, None)
            if m is None:
                return False
            tok = token_of(m)
            if tok.kind == "b" and tok.value in self._labels:
                tok = Token("b", self._labels[tok.value], tok.start, tok.end, self._labels[tok.value])
            raw.append(tok)
        return True

    def has(self, i: int) -> bool:
        items = self.items
        if i < len(items):
            return True
        if not self._circumfix and not self._labels:
            matches = self._matches
            while len(items) <= i:
                m = next(matches, None)
                if m is None:
                    return False
                kind = m.lastgroup
                if kind == "w":  # most tokens: token_of's cases, without the call
                    raw = m.group()
                    items.append(_new(Token, ("w", raw.casefold(), *m.span(), raw)))
                elif kind == "p" or (kind == "n" and (raw := m.group()).isascii() and raw.isdigit() and raw[0] != "0"):
                    raw = m.group()
                    items.append(_new(Token, (kind, raw, *m.span(), raw)))
                else:
                    items.append(token_of(m))
            return True
        while len(items) <= i:
            if not self._pull(1):
                return False
            if not (self._circumfix and self._around()):
                items.append(self._raw.pop(0))
        return True

    def _around(self) -> bool:
        """Rewrite a keyword written around its number at the head of the raw tokens."""
        raw = self._raw
        for before, after, value, middle in self._circumfix:
            n = len(before)
            if not self._pull(n + 1 + len(after)):
                continue
            if any((raw[k].kind, raw[k].value) != before[k] for k in range(n)):
                continue
            mid = raw[n]
            if not _fits(mid, middle) or any((raw[n + 1 + k].kind, raw[n + 1 + k].value) != after[k] for k in range(len(after))):
                continue
            end = raw[n + len(after)].end
            key_start, key_end = (raw[0].start, raw[n - 1].end) if n else (mid.start, mid.start)
            self.items.append(Token("w", value, key_start, key_end, value))
            self.items.append(Token(mid.kind, mid.value, mid.start, end, mid.raw))
            del raw[: n + 1 + len(after)]
            return True
        return False

    def __getitem__(self, i: int) -> Token:
        try:
            return self.items[i]
        except IndexError:
            self.has(i)
            return self.items[i]


def _fits(tok: Token, middle: str) -> bool:
    """Whether a token may stand where a ``#`` entry has its number: a number, or for items a
    label (a letter, a bracketed label), for chapters also a roman numeral ("第I章")."""
    if tok.kind == "n":
        return True
    if tok.kind == "b":
        return middle == "label"
    if tok.kind == "w" and tok.raw.isascii() and tok.raw.isalpha():
        if middle == "label":
            return len(tok.raw) <= 2
        return middle == "roman" and tok.raw.isupper() and is_roman(tok.raw)
    return False


def _compile_role(entries: tuple[str, ...], token_re: re.Pattern) -> tuple[tuple[tuple[str, str], ...], ...]:
    seqs = {((("w", circumfix_key(e)),) if "#" in e else tuple((t.kind, t.value) for t in tokenize(e, token_re)))
            for e in entries}
    return tuple(sorted(seqs, key=len, reverse=True))


def circumfix_key(entry: str) -> str:
    """The value of the keyword token a ``#`` entry becomes ('第#条' → '#第#条')."""
    return "#" + " ".join(entry.split()).casefold()


#: The roles whose entries may open a citation phrase (``Roles.head_re``).
OPENING_ROLES = ("article", "articles", "paragraph", "paragraphs", "subparagraph", "chapter", "note",
                 "preamble", "preambular", "relevant")
#: The scanner's rules (``scanner._Parser`` methods) in the order tried, and the roles whose
#: entries may open a phrase each reads.
ATTEMPTS = (("relevant_phrase", ("relevant",)), ("article_phrase", ("articles", "article")),
            ("paragraph_phrase", ("paragraphs", "paragraph")), ("subparagraph_phrase", ("subparagraph",)),
            ("preambular_phrase", ("preambular",)), ("chapter_phrase", ("this", "chapter")),
            ("note_phrase", ("note",)), ("preamble_phrase", ("preamble",)))
#: What may stand for ``#`` in each role's entries.
_MIDDLE = {"subparagraph": "label", "chapter": "roman"}
_NUMBER_RE = r"(?:\d+|" + _CJK_NUMERAL + r")"
_LABEL_RE = r"(?:\d+|" + _CJK_NUMERAL + r"|\(\s*[^\s()]{1,8}\s*\)|[A-Za-z]{1,2})"
_NOT_IN_NUMBER = r"(?<![\d" + "".join(CJK_DIGITS) + "".join(CJK_UNITS) + r"])"


class Roles:
    """A lexicon compiled to token sequences, longest first."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.token_re = TOKEN_CLOSING if lex.closing_labels else TOKEN
        roles = [name for name in Lexicon.__dataclass_fields__
                 if isinstance(getattr(lex, name), tuple) and name not in ("this_instrument", "numbers")]
        self.seqs = {name: _compile_role(getattr(lex, name), self.token_re) for name in roles}
        self.words = {name: {e.casefold() for e in getattr(lex, name)} for name in ("instrument_nouns", "connectors", "quantities", "determiners")}
        self.numbers = dict(lex.numbers)
        self.labels = {label.casefold(): chr(ord("a") + k) for k, label in enumerate(lex.labels)}
        #: '#' entries: (tokens before the number, tokens after it, keyword value, what # may be)
        circumfix = []
        for role in roles:
            for e in getattr(lex, role):
                if "#" in e:
                    before, after = e.split("#", 1)
                    circumfix.append((tuple((t.kind, t.value) for t in tokenize(before, self.token_re)),
                                      tuple((t.kind, t.value) for t in tokenize(after, self.token_re)),
                                      circumfix_key(e), _MIDDLE.get(role, "number")))
        self.circumfix = tuple(sorted(set(circumfix), key=lambda c: -(len(c[0]) + len(c[1]))))
        #: first token of each role's entries: a cheap test before trying the sequences
        self.first = {name: {seq[0] for seq in seqs} for name, seqs in self.seqs.items()}
        self.first_values = {name: {v for _, v in firsts} for name, firsts in self.first.items()}
        #: per role, the entries (longest first) by the value of their first token
        self.by_first: dict[str, dict[str, tuple]] = {}
        for name, seqs in self.seqs.items():
            index: dict[str, list] = {}
            for seq in seqs:
                index.setdefault(seq[0][1], []).append(seq)
            self.by_first[name] = {v: tuple(x) for v, x in index.items()}
        #: what may open an instrument after a citation ("above", "of", ","; capitals aside)
        self.after_citation = self.first_values["self_document"] | self.first_values["instrument_of"] | {","}
        #: which rules may read a phrase opening with a token of this value, in the order tried
        self.attempts: dict[str, tuple[str, ...]] = {}
        for rule, opening_roles in ATTEMPTS:
            for v in set().union(*(self.first_values[r] for r in opening_roles)):
                self.attempts[v] = self.attempts.get(v, ()) + (rule,)
        #: what may follow an article's number inside its phrase, when a word ("Article 5 *to* 9",
        #: "*paragraph* 2", "*lit.* b"; a count: "5 *days*"): any other word ends it (a cheap test)
        self.after_article_number = set().union(*(self.first_values[r] for r in ("to", "paragraph", "paragraphs", "subparagraph")),
                                                self.words["quantities"])
        #: the values that may open a citation (a name stops before them): a cheap test first
        self.citation_first = set().union(*(self.first_values[r] for r in ("article", "articles", "paragraph", "paragraphs", "chapter")))
        #: where a phrase may start: the entries of the roles that open one, as one regex
        opening = [(e, role) for role in OPENING_ROLES for e in getattr(lex, role)]
        opening += [(f"{t} {c}", "chapter") for t in lex.this for c in lex.chapter if "#" not in c]
        self.head_re = head_regex(opening)


_ROLES: dict[int, Roles] = {}


def roles(lex: Lexicon) -> Roles:
    """The compiled roles of ``lex`` (compiled once per lexicon)."""
    r = _ROLES.get(id(lex))
    if r is None or r.lex is not lex:
        r = _ROLES[id(lex)] = Roles(lex)
    return r


def head_regex(opening: list[tuple[str, str]]) -> re.Pattern:
    """Where a phrase may start: every opening entry, as one regex.  Entries written with spaces
    are a trie (alternatives share their prefixes, so a position that opens none is rejected at
    its first character), not inside a word nor inside a run of the same symbol ("§" in "§§");
    CJK and '#' entries need no boundary."""
    spaced, other = [], []
    for e, role in sorted(set(opening)):
        if "#" in e or re.match("[" + CJK + "]", e):
            other.append(entry_regex(e, _MIDDLE.get(role, "number")))
        else:
            end = r"(?![^\W\d_])" if e[-1].isalpha() else ""
            spaced.append((" ".join(e.casefold().split()), end))
    alternatives = []
    if spaced:
        alternatives.append(r"(?<![^\W_])(?<!§)" + _trie(spaced))
    alternatives += sorted(other, key=len, reverse=True)
    return re.compile("|".join(alternatives) or "(?!)", re.IGNORECASE)


def _trie(entries: list[tuple[str, str]]) -> str:
    """``(text, end)`` pairs as one regex trie: each text, then its end condition; where one
    text continues another, the longer is tried first."""
    root: dict = {}
    for text, end in entries:
        node = root
        for ch in text:
            node = node.setdefault(ch, {})
        node.setdefault("", set()).add(end)

    def emit(node: dict) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        alts += sorted(node.get("", ()))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


def entry_regex(entry: str, middle: str = "number") -> str:
    """A lexicon entry as a regex: its words apart by any whitespace, not inside another word
    (a CJK character needs no boundary); ``#`` stands for the number (or label)."""
    if "#" in entry:
        before, after = (entry_regex(part) if part.strip() else "" for part in entry.split("#", 1))
        mid = {"label": _LABEL_RE, "roman": r"(?:" + _NUMBER_RE + r"|[IVX]{1,6})"}.get(middle, _NUMBER_RE)
        if not before:
            # the entry opens with its number ("#호"): it starts where a number starts, never
            # inside one nor on the spaces before it, so a long run of digits or spaces is read
            # once, not once per character (which was quadratic)
            return _NOT_IN_NUMBER + mid + r"\s*" + after
        return before + r"\s*" + mid + r"\s*" + after
    body = r"\s+".join(re.escape(w) for w in entry.split())
    if not re.match("[" + CJK + "]", entry):
        # not inside a word, nor inside a run of the same symbol ("§" is not read inside "§§")
        body = r"(?<![^\W_])" + ("(?<!" + re.escape(entry[0]) + ")" if not entry[0].isalnum() else "") + body
    return body + (r"(?![^\W\d_])" if entry[-1].isalpha() and not re.match("[" + CJK + "]", entry[-1]) else "")
def word_number(numbers: dict[str, int], word: str) -> int | None:
    """A number written as a word of the lexicon ("one", "premier"), or two joined by a hyphen,
    the larger first ("sixty-eight"); ``word`` casefolded."""
    n = numbers.get(word)
    if n is None and "-" in word:
        parts = [numbers.get(p) for p in word.split("-")]
        n = sum(parts) if len(parts) == 2 and None not in parts and parts[0] > parts[1] else None
    return n


@lru_cache(maxsize=4096)
def label_kind(label: str) -> str | None:
    """'num' | 'letter' | 'roman' (a roman numeral that is not a single letter) | None."""
    if label.isdigit():
        return "num" if 0 < int(label) < 1000 else None
    if not label.isascii() or not label.isalpha() or not label.islower():
        return None
    if len(label) == 1 or (len(label) == 2 and label[0] == label[1] and label not in ("ii", "xx")):
        return "letter"
    try:
        from_roman(label)
    except ValueError:
        return None
    return "roman"


class Reader:
    """Token-level questions over the tokens of one phrase; never raises, returns None for no."""

    def __init__(self, text: str, toks: Tokens | None, roles: Roles):
        self.text, self.t, self.r = text, toks, roles
        self._by_first = roles.by_first
        self._quantities = roles.words["quantities"]

    def match(self, i: int, role: str) -> int | None:
        """The index after role ``role``'s longest entry starting at token i, or None."""
        t = self.t
        items = t.items
        if i >= len(items) and not t.has(i):
            return None
        seqs = self._by_first[role].get(items[i].value)
        if seqs is None:
            return None
        for seq in seqs:
            n = len(seq)
            if i + n > len(items) and not t.has(i + n - 1):
                continue
            for k in range(n):
                kind, v = seq[k]
                tk = items[i + k]
                if tk.value != v or tk.kind != kind:
                    break
            else:
                return i + n
        return None

    def kind(self, i: int) -> str | None:
        t = self.t
        items = t.items
        return items[i].kind if i < len(items) or t.has(i) else None

    def number(self, i: int) -> int | None:
        """A provision number at token i: digits, CJK numerals, or a number word of the lexicon
        ("one", "sixty-eight", "premier", "الثاني")."""
        t = self.t
        if i >= len(t.items) and not t.has(i):
            return None
        kind, v = t.items[i][:2]
        if kind == "n":
            return int(v) if len(v) <= 3 and int(v) > 0 else None
        if kind == "w" and self.r.numbers:
            return word_number(self.r.numbers, v)
        return None

    def bracketed_number(self, i: int) -> int | None:
        """A paragraph number written in brackets after its keyword: 'ayat (2)'."""
        if self.kind(i) == "b" and self.t[i].value.isdigit() and 0 < int(self.t[i].value) < 1000:
            return int(self.t[i].value)
        return None

    def label(self, i: int) -> str | None:
        """A bracketed item or paragraph label: (b), (ii), (21)."""
        t = self.t
        if i >= len(t.items) and not t.has(i):
            return None
        tok = t.items[i]
        if tok.kind == "b" and label_kind(tok.raw) is not None:
            v = tok.value
            return str(int(v)) if v.isdigit() else v
        return None

    def is_count(self, i: int) -> bool:
        """The number before token i is a quantity ('10 days'), not a provision."""
        t = self.t
        if i >= len(t.items) and not t.has(i):
            return False
        tok = t.items[i]
        return tok.kind == "w" and tok.value in self._quantities

    def adjacent(self, i: int) -> bool:
        return i > 0 and self.t.has(i) and self.t[i - 1].end == self.t[i].start

    def separator(self, i: int) -> int | None:
        return self.match(i, "separators")
