"""The one citation grammar of the project.

Every canonical citation, id (URL fragment), page path and Akoma Ntoso eId is made here and
nowhere else: the parser names units with it, ``treaty show``/``resolve`` read users' input
with it, and the cross-reference finder and the linker build their scanners from the
patterns exported at the bottom of this module.  See docs/citations.md for the scheme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

__all__ = [
    "Citation",
    "CitationError",
    "parse",
    "parse_article_list",
    "to_roman",
    "from_roman",
]


class CitationError(ValueError):
    """A string that is not a citation this grammar understands."""


_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(n: int) -> str:
    if not 0 < n < 40:
        raise ValueError(f"roman numeral out of range: {n}")
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def from_roman(s: str) -> int:
    s = s.upper()
    values = {"I": 1, "V": 5, "X": 10}
    if not s or any(c not in values for c in s):
        raise ValueError(f"not a roman numeral: {s!r}")
    total = 0
    for i, c in enumerate(s):
        v = values[c]
        if i + 1 < len(s) and values[s[i + 1]] > v:
            total -= v
        else:
            total += v
    if to_roman(total) != s:
        raise ValueError(f"not a canonical roman numeral: {s!r}")
    return total


#: Step kinds allowed in each part, in the order they may nest.
PARTS = ("report", "resolution", "convention", "notes")

#: Pages that are the home of a whole unit (no fragment in its URL).
_PAGE_ROOT_KINDS = {"article", "chapter", "preamble"}


@dataclass(frozen=True, order=True)
class Citation:
    """A provision's address: a part of the document and a path of (kind, key) steps.

    Articles are addressed without their chapter (``Article 40`` not ``Chapter V, Article 40``);
    paragraphs are numbers; lettered and roman items are both ``item`` steps, told apart by
    the corpus, not by the address.
    """

    part: str
    path: tuple[tuple[str, str], ...] = ()

    # -- construction helpers -------------------------------------------------------------
    def child(self, kind: str, key: str | int = "") -> Citation:
        return Citation(self.part, self.path + ((kind, str(key)),))

    @classmethod
    def article(cls, number: int | str, *segments: str | int) -> Citation:
        c = cls("convention", (("article", str(int(number))),))
        for i, seg in enumerate(segments):
            seg = str(seg)
            kind = "paragraph" if seg.isdigit() else "item"
            if kind == "paragraph" and i != 0:
                raise CitationError(f"a paragraph number must come first: {seg}")
            c = c.child(kind, seg)
        return c

    # -- reading ----------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.path[-1][0] if self.path else self.part

    @property
    def key(self) -> str:
        return self.path[-1][1] if self.path else ""

    def step(self, kind: str) -> str | None:
        for k, v in self.path:
            if k == kind:
                return v
        return None

    @property
    def article_number(self) -> int | None:
        a = self.step("article")
        return int(a) if a is not None else None

    @property
    def segments(self) -> tuple[str, ...]:
        """Paragraph and item keys below the article: ('21', 'b')."""
        return tuple(v for k, v in self.path if k in ("paragraph", "item"))

    def parent(self) -> Citation | None:
        if not self.path:
            return None
        return Citation(self.part, self.path[:-1])

    def contains(self, other: Citation) -> bool:
        """True when ``other`` is this provision or lies inside it (by address)."""
        return self.part == other.part and other.path[: len(self.path)] == self.path

    # -- formatting -------------------------------------------------------------------------
    @cached_property
    def canonical(self) -> str:
        p, path = self.part, self.path
        kinds = [k for k, _ in path]
        if p == "convention":
            if not path:
                return "Convention"
            k0, v0 = path[0]
            if k0 == "article":
                return f"Article {v0}" + "".join(f"({v})" for _, v in path[1:])
            if k0 == "chapter":
                return f"Chapter {to_roman(int(v0))}"
            if k0 == "preamble":
                return "Preamble" if len(path) == 1 else f"Preamble, paragraph {path[1][1]}"
            if k0 == "title":
                return "Convention, title"
            if k0 == "final_clause":
                return "Final clause"
            if k0 == "footnote":
                return f"Convention, footnote {v0}"
        elif p == "notes":
            if not path:
                return "Interpretative notes"
            k0, v0 = path[0]
            if k0 == "note":
                return f"Interpretative note {v0}"
            if k0 == "title":
                return "Interpretative notes, title"
            if k0 == "group":
                arts = v0.split("+")
                if len(arts) == 1:
                    return f"Interpretative notes on article {arts[0]}"
                return "Interpretative notes on articles " + ", ".join(arts[:-1]) + f" and {arts[-1]}"
        elif p == "resolution":
            if not path:
                return "Resolution"
            k0, v0 = path[0]
            if k0 == "paragraph":
                return f"Resolution, paragraph {v0}"
            if k0 == "title":
                return "Resolution, title"
            if k0 == "preamble":
                return "Resolution, preamble" if len(path) == 1 else f"Resolution, preamble, paragraph {path[1][1]}"
        elif p == "report":
            if not path:
                return "Report"
            k0, v0 = path[0]
            if k0 == "paragraph":
                return f"Report, paragraph {v0}"
            if k0 == "footnote":
                return f"Report, footnote {v0}"
            if k0 == "masthead":
                return "Report, masthead" if len(path) == 1 else f"Report, masthead, line {path[1][1]}"
            if k0 == "section":
                base = f"Report, section {v0}"
                return base if len(path) == 1 else f"{base}, subsection {path[1][1]}"
        raise CitationError(f"no canonical form for {p} {kinds}")

    def __str__(self) -> str:
        return self.canonical

    @cached_property
    def id(self) -> str:
        """The URL fragment: short, lowercase, unique across the whole site."""
        p, path = self.part, self.path
        if p == "convention":
            if not path:
                return "convention"
            k0, v0 = path[0]
            if k0 == "article":
                return "art" + v0 + "".join(f"-{v}" for _, v in path[1:])
            if k0 == "chapter":
                return f"ch{v0}"
            if k0 == "preamble":
                return "preamble" if len(path) == 1 else f"preamble-{path[1][1]}"
            if k0 == "title":
                return "convention-title"
            if k0 == "final_clause":
                return "final-clause"
            if k0 == "footnote":
                return f"convention-fn{v0}"
        elif p == "notes":
            if not path:
                return "notes"
            k0, v0 = path[0]
            if k0 == "note":
                return f"note{v0}"
            if k0 == "title":
                return "notes-title"
            if k0 == "group":
                return "notes-art" + v0.replace("+", "-")
        elif p == "resolution":
            if not path:
                return "resolution"
            k0, v0 = path[0]
            if k0 == "paragraph":
                return f"res-{v0}"
            if k0 == "title":
                return "resolution-title"
            if k0 == "preamble":
                return "res-preamble" if len(path) == 1 else f"res-preamble-{path[1][1]}"
        elif p == "report":
            if not path:
                return "report"
            k0, v0 = path[0]
            if k0 == "paragraph":
                return f"report-{v0}"
            if k0 == "footnote":
                return f"report-fn{v0}"
            if k0 == "masthead":
                return "report-masthead" if len(path) == 1 else f"report-masthead-{path[1][1]}"
            if k0 == "section":
                base = f"report-sec{from_roman(v0)}"
                return base if len(path) == 1 else f"{base}-sub{path[1][1]}"
        raise CitationError(f"no id for {self.part} {self.path}")

    @cached_property
    def eid(self) -> str:
        """Akoma Ntoso-style eId (secondary id), e.g. ``art_40__para_21__list_1__item_b``."""
        p, path = self.part, self.path
        prefix = {"convention": "", "notes": "notes", "resolution": "resolution", "report": "report"}[p]
        parts: list[str] = [prefix] if prefix else []
        if p == "convention" and not path:
            return "convention"
        for kind, v in path:
            if kind == "article":
                parts.append(f"art_{v}")
            elif kind == "paragraph":
                parts.append(f"para_{v}")
            elif kind == "item":
                parts.append(f"list_1__item_{v}")
            elif kind == "chapter":
                parts.append(f"chp_{v}")
            elif kind == "preamble":
                parts.append("preamble")
            elif kind == "recital":
                parts.append(f"recital_{v}")
            elif kind == "final_clause":
                parts.append("conclusions")
            elif kind == "title":
                parts.append("longTitle")
            elif kind == "footnote":
                parts.append(f"authorialNote_{v}")
            elif kind == "note":
                parts.append(f"para_{v}")
            elif kind == "group":
                parts.append("hcontainer_art_" + v.replace("+", "_"))
            elif kind == "masthead":
                parts.append("coverPage")
            elif kind == "line":
                parts.append(f"p_{v}")
            elif kind == "section":
                parts.append(f"sec_{from_roman(v)}")
            elif kind == "subsection":
                parts.append(f"subsec_{v}")
            else:  # pragma: no cover - guarded by the parser
                raise CitationError(f"no eId for step {kind}")
        return "__".join(parts)

    @cached_property
    def page(self) -> str:
        """The site page (relative to the site root) that shows this unit."""
        p, path = self.part, self.path
        if p == "convention":
            if not path or path[0][0] == "title":
                return "index.html"
            k0, v0 = path[0]
            if k0 == "article":
                return f"articles/{v0}.html"
            if k0 == "chapter":
                return f"chapters/{v0}.html"
            if k0 == "preamble":
                return "preamble.html"
            return "articles/68.html"  # final clause and the Convention's footnote follow article 68
        return {"notes": "notes.html", "resolution": "resolution.html", "report": "report.html"}[p]

    @cached_property
    def url(self) -> str:
        """Page plus fragment; a unit that is the whole page gets the bare page."""
        if not self.path or (self.part == "convention" and len(self.path) == 1 and self.path[0][0] in _PAGE_ROOT_KINDS):
            return self.page
        return f"{self.page}#{self.id}"


# ---------------------------------------------------------------------------------------------
# Parsing human forms
# ---------------------------------------------------------------------------------------------

#: Words that introduce an article, in the forms people write them (English).
ARTICLE_WORD = r"(?:articles?|arts?\.?)"
#: Words that introduce a numbered paragraph.
PARAGRAPH_WORD = r"(?:paragraphs?|paras?\.?|pars?\.?|§§?)"
#: Words that introduce a lettered or roman item.
SUBPARAGRAPH_WORD = r"(?:sub-?paragraphs?|subparas?\.?|items?|letters?|lit\.?)"
#: One bracketed segment: (21), (b), (ii).
SEGMENT = r"\(\s*(?:\d{1,3}|[a-z]{1,5})\s*\)"
#: An item label inside brackets, captured.
_SEG_RE = re.compile(r"\(\s*(\d{1,3}|[a-z]{1,5})\s*\)")

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2011": "-", "\u00a0": " ", "\u202f": " "})
_OF_THIS = re.compile(r"\s*,?\s*(?:of|in)\s+(?:this|the\s+present|the)\s+convention\s*,?\s*$")


def _normalise(text: str) -> str:
    s = text.translate(_DASHES).replace("&nbsp;", " ")
    s = re.sub(r"\s+", " ", s).strip().casefold()
    return s.rstrip(" ,;")


#: What may follow an article number, tried in order at each position (the cite page's
#: JavaScript parser is generated from these too): (21), .21, ", paragraph 21", ", subparagraph (b)".
SEGMENT_PATTERNS = (
    re.compile(r"\s*" + SEGMENT),
    re.compile(r"\.(\d{1,3}|[a-z]{1,5})(?=\.|\(|\s|$)"),
    re.compile(r"\s*,?\s*" + PARAGRAPH_WORD + r"\s*(\d{1,3})"),
    re.compile(r"\s*,?\s*" + SUBPARAGRAPH_WORD + r"\s*\(?\s*([a-z]{1,5})\s*\)?"),
)


def _article_segments(rest: str, original: str) -> list[str]:
    """Read what follows an article number: (21)(b), .21.b, ', paragraph 21 (b)'."""
    segs: list[str] = []
    pos = 0
    rest = _OF_THIS.sub("", rest)
    while pos < len(rest):
        for pat in SEGMENT_PATTERNS:
            m = pat.match(rest, pos)
            if m:
                value = m.group(1) if m.lastindex else _SEG_RE.match(m.group(0).strip()).group(1)
                segs.append(value)
                pos = m.end()
                break
        else:
            raise CitationError(f"cannot read {rest[pos:].strip()!r} in citation {original!r}")
    return segs


_CHAPTER = re.compile(r"^(?:chapter|chap\.?|ch\.?)\s*([ivx]+|\d{1,2})$")
_PREAMBLE = re.compile(
    r"^(?:(?:the\s+)?preamble|preambular)(?:\s*,?\s*(?:" + PARAGRAPH_WORD + r"|recital)\s*(\d{1,2})|\s*\((\d{1,2})\))?$"
)
_NOTE = re.compile(r"^(?:interpret(?:at)?ive\s+)?notes?\s*(\d{1,2})$")
_NOTE_GROUP = re.compile(r"^interpret(?:at)?ive\s+notes\s+on\s+(.+)$")
_RESOLUTION = re.compile(
    r"^(?:resolution|res\.?)(?:\s*,?\s*(?:"
    r"(?P<pre>preamble)(?:\s*,?\s*" + PARAGRAPH_WORD + r"\s*(?P<prep>\d{1,2}))?"
    r"|(?:operative\s+)?" + PARAGRAPH_WORD + r"\s*(?P<op>\d{1,2})"
    r"|(?P<title>title)))?$"
)
_REPORT = re.compile(
    r"^report(?:\s*,?\s*(?:"
    + PARAGRAPH_WORD
    + r"\s*(?P<para>\d{1,2})"
    r"|section\s+(?P<sec>[ivx]+)(?:\s*,?\s*subsection\s+(?P<sub>\d))?"
    r"|(?P<mast>masthead)(?:\s*,?\s*line\s+(?P<line>\d{1,2}))?"
    r"|footnote\s+(?P<fn>\d))?)?$"
)
_ARTICLE = re.compile(r"^" + ARTICLE_WORD + r"\s*(\d{1,3})(.*)$")
_BARE = re.compile(r"^(\d{1,3})((?:\s*" + SEGMENT + r"|\.(?:\d{1,3}|[a-z]{1,5}))*)$")
_REVERSED = re.compile(
    r"^(?:(?P<sub>" + SUBPARAGRAPH_WORD + r")\s*(?P<subv>\(?[a-z]{1,5}\)?(?:\s*\([a-z]{1,5}\))*)\s*(?:of|in)\s+)?"
    + PARAGRAPH_WORD
    + r"\s*(?P<para>\d{1,3})(?P<segs>(?:\s*"
    + SEGMENT
    + r")*)\s*,?\s*(?:of|in)\s+(?:the\s+)?(?P<art>"
    + ARTICLE_WORD
    + r"\s*\d{1,3})(?P<tail>.*)$"
)


def parse(text: str, *, bare: bool = False) -> Citation:
    """Read a human citation ('Art. 40(21)(b)', 'article 40, paragraph 21 (b)', 'Chapter V').

    With ``bare=True`` a citation without the word 'article' ('40(21)(b)', '40.21.b') is read
    as an article of the Convention, as search boxes need.
    """
    s = _normalise(text)
    if not s:
        raise CitationError("empty citation")
    if s in ("convention", "the convention", "this convention"):
        return Citation("convention")
    if s in ("convention, title", "title"):
        return Citation("convention", (("title", ""),))
    if s in ("final clause", "final clauses", "in witness whereof", "testimonium"):
        return Citation("convention", (("final_clause", ""),))
    if m := re.fullmatch(r"convention,?\s*footnote\s*(\d)", s):
        return Citation("convention", (("footnote", m.group(1)),))
    if s in ("interpretative notes", "interpretive notes", "notes"):
        return Citation("notes")
    if m := _CHAPTER.match(s):
        v = m.group(1)
        n = int(v) if v.isdigit() else _roman_or_error(v, text)
        return Citation("convention", (("chapter", str(n)),))
    if m := _PREAMBLE.match(s):
        n = m.group(1) or m.group(2)
        c = Citation("convention", (("preamble", ""),))
        return c.child("recital", int(n)) if n else c
    if m := _NOTE.match(s):
        return Citation("notes", (("note", str(int(m.group(1)))),))
    if m := _NOTE_GROUP.match(s):
        arts = parse_article_list(m.group(1))
        return Citation("notes", (("group", "+".join(str(a) for a in arts)),))
    if m := _RESOLUTION.match(s):
        c = Citation("resolution")
        if m.group("pre"):
            c = c.child("preamble")
            if m.group("prep"):
                c = c.child("recital", int(m.group("prep")))
        elif m.group("op"):
            c = c.child("paragraph", int(m.group("op")))
        elif m.group("title"):
            c = c.child("title")
        return c
    if m := _REPORT.match(s):
        c = Citation("report")
        if m.group("para"):
            c = c.child("paragraph", int(m.group("para")))
        elif m.group("sec"):
            c = c.child("section", to_roman(_roman_or_error(m.group("sec"), text)))
            if m.group("sub"):
                c = c.child("subsection", int(m.group("sub")))
        elif m.group("mast"):
            c = c.child("masthead")
            if m.group("line"):
                c = c.child("line", int(m.group("line")))
        elif m.group("fn"):
            c = c.child("footnote", int(m.group("fn")))
        return c
    if m := _REVERSED.match(s):
        segs = [m.group("para")] + _SEG_RE.findall(m.group("segs"))
        if m.group("sub"):
            segs += re.findall(r"[a-z]{1,5}", m.group("subv"))
        art = re.search(r"\d+", m.group("art")).group(0)
        rest = _OF_THIS.sub("", m.group("tail"))
        if rest.strip():
            raise CitationError(f"cannot read {rest.strip()!r} in citation {text!r}")
        return _article(art, segs, text)
    if m := _ARTICLE.match(s):
        return _article(m.group(1), _article_segments(m.group(2), text), text)
    if bare and (m := _BARE.match(s)):
        return _article(m.group(1), _article_segments(m.group(2), text), text)
    raise CitationError(f"not a citation of this Convention: {text.strip()!r}")


def _roman_or_error(v: str, original: str) -> int:
    try:
        return from_roman(v)
    except ValueError:
        raise CitationError(f"not a roman numeral in {original!r}") from None


def _article(number: str, segs: list[str], original: str) -> Citation:
    n = int(number)
    if n == 0:
        raise CitationError(f"there is no article 0: {original!r}")
    for i, seg in enumerate(segs):
        if seg.isdigit() and i != 0:
            raise CitationError(f"paragraph number {seg} must come right after the article in {original!r}")
        if seg.isdigit() and int(seg) == 0:
            raise CitationError(f"there is no paragraph 0: {original!r}")
    return Citation.article(n, *[str(int(s)) if s.isdigit() else s for s in segs])


def parse_article_list(text: str) -> list[int]:
    """'article 2', 'articles 23 and 35' -> [23, 35] (used for interpretative-note headings)."""
    s = _normalise(text)
    m = re.match(r"^" + ARTICLE_WORD + r"\s*(\d{1,3}(?:\s*(?:,|and)\s*\d{1,3})*)", s)
    if not m:
        raise CitationError(f"expected 'Article N' or 'Articles N and M', found {text.strip()!r}")
    return [int(x) for x in re.findall(r"\d+", m.group(1))]
