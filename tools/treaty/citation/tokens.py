"""The scanner's tokens, a lexicon compiled to token sequences (``Roles``), and ``Reader``: the
token-level questions the scanner's rules ask ("does role R match at token i?", "is token i a
label?").  Tokens are made lazily, only as far as a rule looks, so scanning stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .address import from_roman
from .lexicons import Lexicon

_TOKEN_PATTERN = (
    r"(?P<b>\(\s*(?:\d{1,4}|[^\W\d_]{1,8})\s*\){closing})"
    r"|(?P<n>\d+)"
    r"|(?P<w>§§?|[^\W\d_]+(?:['\u2019\-\u2011][^\W\d_]+)*)"
    r"|(?P<p>[.,;:/\-\u2013\u2014])"
    r"|(?P<o>\S)"
)
#: Tokens: labels written "(a)"; with ``closing_labels`` also "a)" (not after a letter or "(").
TOKEN = re.compile(_TOKEN_PATTERN.replace("{closing}", ""))
TOKEN_CLOSING = re.compile(_TOKEN_PATTERN.replace("{closing}", r"|(?<![\w(])(?:[a-z]{1,5}|[ivx]{1,5})\)"))


@dataclass(frozen=True)
class Token:
    kind: str  # b (bracketed label) | n (number) | w (word) | p (punctuation) | o (other)
    value: str  # casefolded; for b the label inside the brackets
    start: int
    end: int
    raw: str


def _token(m: re.Match) -> Token:
    kind, raw = m.lastgroup, m.group(0)
    value = raw.strip("()").strip() if kind == "b" else raw
    return Token(kind, value.casefold(), m.start(), m.end(), value)


def tokenize(text: str, token_re: re.Pattern = TOKEN) -> list[Token]:
    return [_token(m) for m in token_re.finditer(text)]


class Tokens:
    """The tokens from a phrase's first word on, read only as far as the parser looks."""

    def __init__(self, text: str, start: int, token_re: re.Pattern = TOKEN):
        self._matches = token_re.finditer(text, start)
        self.items: list[Token] = []

    def has(self, i: int) -> bool:
        items = self.items
        while len(items) <= i:
            m = next(self._matches, None)
            if m is None:
                return False
            items.append(_token(m))
        return True

    def __getitem__(self, i: int) -> Token:
        if i >= len(self.items):
            self.has(i)
        return self.items[i]


def _compile_role(entries: tuple[str, ...], token_re: re.Pattern) -> tuple[tuple[tuple[str, str], ...], ...]:
    seqs = {tuple((t.kind, t.value) for t in tokenize(e, token_re)) for e in entries}
    return tuple(sorted(seqs, key=len, reverse=True))


#: The roles whose entries may open a citation phrase (``Roles.head_re``).
OPENING_ROLES = ("article", "articles", "paragraph", "paragraphs", "subparagraph", "chapter", "note",
                 "preamble", "preambular", "relevant")


class Roles:
    """A lexicon compiled to token sequences, longest first."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.token_re = TOKEN_CLOSING if lex.closing_labels else TOKEN
        roles = [name for name in Lexicon.__dataclass_fields__
                 if isinstance(getattr(lex, name), tuple) and name != "this_instrument"]
        self.seqs = {name: _compile_role(getattr(lex, name), self.token_re) for name in roles}
        self.words = {name: {e.casefold() for e in getattr(lex, name)} for name in ("instrument_nouns", "connectors", "quantities")}
        #: first token of each role's entries: a cheap test before trying the sequences
        self.first = {name: {seq[0] for seq in seqs} for name, seqs in self.seqs.items()}
        #: where a phrase may start: the entries of the roles that open one, as one regex
        opening = [e for role in OPENING_ROLES for e in getattr(lex, role)]
        opening += [f"{t} {c}" for t in lex.this for c in lex.chapter]
        alternatives = "|".join(entry_regex(e) for e in sorted(set(opening), key=len, reverse=True))
        self.head_re = re.compile(r"(?<![^\W_])(?:" + alternatives + ")", re.IGNORECASE)


_ROLES: dict[int, Roles] = {}


def roles(lex: Lexicon) -> Roles:
    """The compiled roles of ``lex`` (compiled once per lexicon)."""
    r = _ROLES.get(id(lex))
    if r is None or r.lex is not lex:
        r = _ROLES[id(lex)] = Roles(lex)
    return r


def entry_regex(entry: str) -> str:
    """A lexicon entry as a regex: its words apart by any whitespace, not inside another word."""
    body = r"\s+".join(re.escape(w) for w in entry.split())
    return body + (r"(?![^\W\d_])" if entry[-1].isalpha() else "")


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

    def __init__(self, text: str, toks: Tokens, roles: Roles):
        self.text, self.t, self.r = text, toks, roles

    def match(self, i: int, role: str) -> int | None:
        """The index after role ``role``'s longest entry starting at token i, or None."""
        t = self.t
        if not t.has(i):
            return None
        items = t.items
        tok = items[i]
        if (tok.kind, tok.value) not in self.r.first[role]:
            return None
        for seq in self.r.seqs[role]:
            if not t.has(i + len(seq) - 1):
                continue
            for k, (kind, v) in enumerate(seq):
                tk = items[i + k]
                if tk.kind != kind or tk.value != v:
                    break
            else:
                return i + len(seq)
        return None

    def kind(self, i: int) -> str | None:
        return self.t[i].kind if self.t.has(i) else None

    def number(self, i: int) -> int | None:
        if self.kind(i) == "n" and len(self.t[i].value) <= 3 and int(self.t[i].value) > 0:
            return int(self.t[i].value)
        return None

    def label(self, i: int) -> str | None:
        """A bracketed item or paragraph label: (b), (ii), (21)."""
        if self.kind(i) == "b" and label_kind(self.t[i].raw) is not None:
            v = self.t[i].value
            return str(int(v)) if v.isdigit() else v
        return None

    def is_count(self, i: int) -> bool:
        """The number before token i is a quantity ('10 days'), not a provision."""
        return self.kind(i) == "w" and self.t[i].value in self.r.words["quantities"]

    def adjacent(self, i: int) -> bool:
        return i > 0 and self.t.has(i) and self.t[i - 1].end == self.t[i].start

    def separator(self, i: int) -> int | None:
        return self.match(i, "separators")
