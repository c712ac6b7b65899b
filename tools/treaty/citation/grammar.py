"""Reading a citation a person typed: ``parse('Art. 40(21)(b)')`` → ``Citation``.

The forms people write ('Art. 40(21)(b)', 'article 40, paragraph 21 (b)', '40.21.b',
'paragraph 3 of article 23', 'Chapter V', 'Report, paragraph 8') are the rows of ``RULES``:
a regular expression (built from the English lexicon's words) and what to make of its groups.
``parse`` tries the rows in order.  The table is plain data, so the site's ``cite/`` page reads
citations with the very same rows (``browser.py`` ships them, ``reader.js`` interprets them);
one row, ``running text`` (the prose scanner, for forms such as 'subparagraph (b) of article 5'
or 'Article 27 under this Convention'), only Python has.  See docs/citations.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .address import MESSAGES as ADDRESS_MESSAGES
from .address import Citation, CitationError, article_citation, from_roman, number, to_roman
from .lexicons import ENGLISH, THIS_CONVENTION, is_this_convention
from .scanner import scan

#: Characters that are regular-expression syntax in both Python and JavaScript (``u`` mode,
#: where escaping anything else is an error).
_SYNTAX = set("\\^$.|?*+()[]{}")


def escape(text: str) -> str:
    """``text`` as a regex that matches it literally, in Python and in JavaScript alike."""
    return "".join("\\" + c if c in _SYNTAX else c for c in text)


def alternation(entries: tuple[str, ...]) -> str:
    """A regex alternation of lexicon entries, longest first (so 'articles' before 'article')."""
    return "(?:" + "|".join(escape(e) for e in sorted(entries, key=len, reverse=True)) + ")"


def _exactly(*phrases: str) -> str:
    return "^" + alternation(phrases) + "$"


#: Words that introduce an article, in the forms people write them (English), from the lexicon.
ARTICLE_WORD = alternation(ENGLISH.article + ENGLISH.articles)
#: Words that introduce a numbered paragraph.
PARAGRAPH_WORD = alternation(ENGLISH.paragraph + ENGLISH.paragraphs)
#: Words that introduce a lettered or roman item.
SUBPARAGRAPH_WORD = alternation(ENGLISH.subparagraph)
#: One bracketed segment: (21), (b), (ii).
SEGMENT = r"\(\s*(?:\d+|[a-z]{1,5})\s*\)"
#: An item label inside brackets, captured.
SEG_RE = re.compile(r"\(\s*(\d+|[a-z]{1,5})\s*\)")
#: "of this Convention" closing an article citation: dropped before its segments are read.
OF_THIS = re.compile(r"\s*,?\s*(?:of|in)\s+(?:this|the\s+present|the)\s+convention\s*,?\s*$")

#: What may follow an article number, tried in order at each position, each capturing one
#: segment: (21), .21, ", paragraph 21", ", subparagraph (b)".
SEGMENT_PATTERNS = (
    re.compile(r"\s*" + SEG_RE.pattern),
    re.compile(r"\.(\d+|[a-z]{1,5})(?=\.|\(|\s|$)"),
    re.compile(r"\s*,?\s*" + PARAGRAPH_WORD + r"\s*(\d+)"),
    re.compile(r"\s*,?\s*" + SUBPARAGRAPH_WORD + r"\s*\(?\s*([a-z]{1,5})\s*\)?"),
)

#: Readers of a group's text into segments (see ``Rule.segments``): every capture of a pattern.
FINDALL = {"brackets": SEG_RE.pattern, "letters": r"([a-z]{1,5})", "numbers": r"(\d+)"}

#: 'article 2', 'articles 23 and 35' (the heading of a group of interpretative notes).
ARTICLE_LIST = re.compile(r"^" + ARTICLE_WORD + r"\s*(\d{1,3}(?:\s*(?:,|and)\s*\d{1,3})*)")

#: What parse() says when it cannot read a citation ({name!r}: the value quoted).
MESSAGES = {
    "empty": "empty citation",
    "roman": "not a roman numeral in {original!r}",
    "unread": "cannot read {rest!r} in citation {original!r}",
    "article list": "expected 'Article N' or 'Articles N and M', found {text!r}",
    "not a citation": "not a citation of this Convention: {text!r}",
    **ADDRESS_MESSAGES,
}


@dataclass(frozen=True)
class Rule:
    """One form of citation: ``pattern`` matched against the whole normalised text, then

    - ``steps``: the citation ``part`` with one step per row ``(kind, group(s), conversion)``,
      a row kept when its group took part in the match (always when it names none);
    - ``article``: an article numbered by group ``number``, its segments read from the groups
      of ``segments`` in order, ``(group, reader)`` with reader ``one`` | a ``FINDALL`` name |
      ``segments`` (``SEGMENT_PATTERNS``, one after another) | ``nothing`` (only "of this
      Convention" may stand there);
    - ``inner``: the group read again as a citation, kept when it is an article;
    - ``scan``: the prose scanner reads the text (Python only).
    """

    name: str
    pattern: str
    action: str = "steps"
    part: str = ""
    steps: tuple[tuple[str, str | tuple[str, ...] | None, str], ...] = ()
    number: str = ""
    segments: tuple[tuple[str, str], ...] = ()
    inner: str = ""
    bare_only: bool = False


_RESOLUTION = (
    r"^(?:resolution|res\.?)(?:\s*,?\s*(?:"
    r"(?P<pre>preamble)(?:\s*,?\s*" + PARAGRAPH_WORD + r"\s*(?P<prep>\d+))?"
    r"|(?:operative\s+)?" + PARAGRAPH_WORD + r"\s*(?P<op>\d+)"
    r"|(?P<title>title)))?$"
)
_REPORT = (
    r"^report(?:\s*,?\s*(?:"
    + PARAGRAPH_WORD
    + r"\s*(?P<para>\d+)"
    r"|section\s+(?P<sec>[ivx]+)(?:\s*,?\s*subsection\s+(?P<sub>\d+))?"
    r"|(?P<mast>masthead)(?:\s*,?\s*line\s+(?P<line>\d+))?"
    r"|footnote\s+(?P<fn>\d+))?)?$"
)
_REVERSED = (
    r"^(?:(?P<sub>" + SUBPARAGRAPH_WORD + r")\s*(?P<subv>\(?[a-z]{1,5}\)?(?:\s*\([a-z]{1,5}\))*)\s*(?:of|in)\s+)?"
    + PARAGRAPH_WORD
    + r"\s*(?P<para>\d+)(?P<segs>(?:\s*"
    + SEGMENT
    + r")*)\s*,?\s*(?:of|in)\s+(?:the\s+)?"
    + ARTICLE_WORD
    + r"\s*(?P<art>\d+)(?P<tail>.*)$"
)

#: The forms of citation, tried in this order.
RULES: tuple[Rule, ...] = (
    Rule("convention", _exactly("convention", "the convention", "this convention"), part="convention"),
    Rule("title", _exactly("convention, title", "title"), part="convention", steps=(("title", None, ""),)),
    Rule("final clause", _exactly("final clause", "final clauses", "in witness whereof", "testimonium"),
         part="convention", steps=(("final_clause", None, ""),)),
    Rule("footnote", r"^convention,?\s*footnote\s*(?P<fn>\d+)$", part="convention", steps=(("footnote", "fn", "number"),)),
    Rule("notes title", _exactly("interpretative notes, title", "interpretive notes, title"), part="notes",
         steps=(("title", None, ""),)),
    Rule("notes", _exactly("interpretative notes", "interpretive notes", "notes"), part="notes"),
    Rule("chapter", r"^(?:chapter|chap\.?|ch\.?)\s*(?P<n>[ivx]+|\d+)$", part="convention",
         steps=(("chapter", "n", "number or roman"),)),
    Rule("preamble", r"^(?:(?:the\s+)?preamble|preambular)(?:\s*,?\s*(?:" + PARAGRAPH_WORD
         + r"|recital)\s*(?P<n>\d+)|\s*\((?P<n2>\d+)\))?$",
         part="convention", steps=(("preamble", None, ""), ("recital", ("n", "n2"), "number"))),
    Rule("note", r"^(?:interpret(?:at)?ive\s+)?notes?\s*(?P<n>\d+)$", part="notes", steps=(("note", "n", "number"),)),
    Rule("notes on articles", r"^interpret(?:at)?ive\s+notes\s+on\s+(?P<arts>.+)$", part="notes",
         steps=(("group", "arts", "article list"),)),
    Rule("resolution", _RESOLUTION, part="resolution",
         steps=(("preamble", "pre", ""), ("recital", "prep", "number"), ("paragraph", "op", "number"), ("title", "title", ""))),
    Rule("report", _REPORT, part="report",
         steps=(("paragraph", "para", "number"), ("section", "sec", "roman"), ("subsection", "sub", "number"),
                ("masthead", "mast", ""), ("line", "line", "number"), ("footnote", "fn", "number"))),
    Rule("running text", "", action="scan"),
    Rule("named instrument", r"^(?P<inner>.*?)\s*,?\s*" + alternation(ENGLISH.instrument_of) + r"\s+"
         + alternation(THIS_CONVENTION) + r"\s*,?$", action="inner", inner="inner"),
    Rule("paragraph of article", _REVERSED, action="article", number="art",
         segments=(("para", "one"), ("segs", "brackets"), ("subv", "letters"), ("tail", "nothing"))),
    Rule("article", r"^" + ARTICLE_WORD + r"\s*(?P<n>\d+)(?P<rest>.*)$", action="article", number="n",
         segments=(("rest", "segments"),)),
    Rule("bare", r"^(?P<n>\d{1,3})(?P<rest>(?:\s*" + SEGMENT + r"|\.(?:\d{1,3}|[a-z]{1,5}))*)$", action="article",
         number="n", segments=(("rest", "segments"),), bare_only=True),
)

_COMPILED = {rule.name: re.compile(rule.pattern) for rule in RULES if rule.pattern}
_FINDALL = {name: re.compile(p) for name, p in FINDALL.items()}

#: Characters normalised before reading: dashes to "-", no-break spaces to " ".
DASHES = {"\u2013": "-", "\u2014": "-", "\u2011": "-", "\u00a0": " ", "\u202f": " "}
_DASHES = str.maketrans(DASHES)


def _normalise(text: str) -> str:
    s = text.translate(_DASHES).replace("&nbsp;", " ")
    s = re.sub(r"\s+", " ", s).strip().casefold()
    return s.rstrip(" ,;")


def _error(key: str, **fields) -> CitationError:
    return CitationError(MESSAGES[key].format(**fields))


def _roman_or_error(v: str, original: str) -> int:
    try:
        return from_roman(v)
    except ValueError:
        raise _error("roman", original=original) from None


def _convert(conversion: str, v: str, original: str, kind: str) -> str:
    """A group's text as the key of a ``kind`` step."""
    if conversion == "":
        return ""
    if conversion == "text":
        return v
    if conversion == "number":
        return str(number(v, kind, original))
    if conversion == "number or roman":
        return str(number(v, kind, original) if v.isdigit() else _roman_or_error(v, original))
    if conversion == "roman":
        return to_roman(_roman_or_error(v, original))
    if conversion == "article list":
        return "+".join(str(a) for a in parse_article_list(v))
    raise ValueError(f"no conversion {conversion!r}")  # pragma: no cover - the table is fixed


def _read_segments(reader: str, v: str | None, original: str) -> list[str]:
    if reader in ("segments", "nothing"):
        rest = OF_THIS.sub("", v or "")
        if reader == "nothing":
            if rest.strip():
                raise _error("unread", rest=rest.strip(), original=original)
            return []
        return _article_segments(rest, original)
    if v is None:
        return []
    return [v] if reader == "one" else _FINDALL[reader].findall(v)


def _article_segments(rest: str, original: str) -> list[str]:
    """Read what follows an article number: (21)(b), .21.b, ', paragraph 21 (b)'."""
    segs: list[str] = []
    pos = 0
    while pos < len(rest):
        for pat in SEGMENT_PATTERNS:
            m = pat.match(rest, pos)
            if m:
                segs.append(m.group(1))
                pos = m.end()
                break
        else:
            raise _error("unread", rest=rest[pos:].strip(), original=original)
    return segs


def _apply(rule: Rule, m: re.Match, original: str) -> Citation:
    if rule.action == "article":
        segs = [s for group, reader in rule.segments for s in _read_segments(reader, m.group(group), original)]
        return article_citation(m.group(rule.number), segs, original)
    c = Citation(rule.part)
    for kind, groups, conversion in rule.steps:
        if groups is None:
            c = c.child(kind)
            continue
        values = [m.group(g) for g in ((groups,) if isinstance(groups, str) else groups)]
        v = next((x for x in values if x is not None), None)
        if v is not None:
            c = c.child(kind, _convert(conversion, v, original, kind))
    return c


def parse(text: str, *, bare: bool = False) -> Citation:
    """Read a human citation ('Art. 40(21)(b)', 'article 40, paragraph 21 (b)', 'Chapter V').

    With ``bare=True`` a citation without the word 'article' ('40(21)(b)', '40.21.b') is read
    as an article of the Convention, as search boxes need.
    """
    return read(text, bare=bare)


def read(text: str, *, bare: bool = False, scanner: bool = True) -> Citation:
    """``parse`` by the rows of ``RULES``; ``scanner=False`` leaves out the row only Python has
    (what the browser's reader does, for the parity tests)."""
    s = _normalise(text)
    if not s:
        raise _error("empty")
    for rule in RULES:
        if rule.bare_only and not bare:
            continue
        if rule.action == "scan":
            if scanner and (c := _scan_whole(text)) is not None:
                return c
            continue
        m = _COMPILED[rule.name].match(s)
        if m is None:
            continue
        if rule.action == "inner":
            try:
                c = read(m.group(rule.inner), scanner=scanner)
            except CitationError:
                continue
            if c.part == "convention" and c.path and c.path[0][0] == "article":
                return c
            continue
        return _apply(rule, m, text)
    raise _error("not a citation", text=text.strip())


def _scan_whole(text: str) -> Citation | None:
    """The article the whole text names, read by the scanner's grammar; None to fall back on the
    forms below (bare numbers for search boxes) and their precise error messages."""
    s = " ".join(text.translate(_DASHES).replace("&nbsp;", " ").split()).rstrip(" ,;")
    found = scan(s)
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(s) or len(found[0].targets) != 1:
        return None
    phrase, target = found[0], found[0].targets[0]
    if phrase.instrument is not None and not is_this_convention(phrase.instrument):
        return None
    if target.kind != "article" or target.relative_to is not None:
        return None
    return target.resolve()


def parse_article_list(text: str) -> list[int]:
    """'article 2', 'articles 23 and 35' -> [23, 35] (used for interpretative-note headings)."""
    m = ARTICLE_LIST.match(_normalise(text))
    if not m:
        raise _error("article list", text=text.strip())
    return [int(x) for x in _FINDALL["numbers"].findall(m.group(1))]
