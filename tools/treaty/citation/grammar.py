"""Reading a citation a person typed: ``parse('Art. 40(21)(b)')`` → ``Citation``.

The forms people write ('Art. 40(21)(b)', 'article 40, paragraph 21 (b)', '40.21.b',
'paragraph 3 of article 23', 'Chapter V', 'Report, paragraph 8') are read by the regular
expressions below, built from the English lexicon's words; an article named in a phrase the
scanner understands ('Article 27 of the UN Convention against Cybercrime') is read by the
scanner.  See docs/citations.md.
"""

from __future__ import annotations

import re

from .address import Citation, CitationError, article_citation, from_roman, to_roman
from .lexicons import ENGLISH, THIS_CONVENTION, is_this_convention
from .scanner import scan


def alternation(entries: tuple[str, ...]) -> str:
    """A regex alternation of lexicon entries, longest first (so 'articles' before 'article')."""
    return "(?:" + "|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True)) + ")"


#: Words that introduce an article, in the forms people write them (English), from the lexicon.
ARTICLE_WORD = alternation(ENGLISH.article + ENGLISH.articles)
#: Words that introduce a numbered paragraph.
PARAGRAPH_WORD = alternation(ENGLISH.paragraph + ENGLISH.paragraphs)
#: Words that introduce a lettered or roman item.
SUBPARAGRAPH_WORD = alternation(ENGLISH.subparagraph)
#: One bracketed segment: (21), (b), (ii).
SEGMENT = r"\(\s*(?:\d{1,3}|[a-z]{1,5})\s*\)"
#: An item label inside brackets, captured.
SEG_RE = re.compile(r"\(\s*(\d{1,3}|[a-z]{1,5})\s*\)")

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2011": "-", "\u00a0": " ", "\u202f": " "})
OF_THIS = re.compile(r"\s*,?\s*(?:of|in)\s+(?:this|the\s+present|the)\s+convention\s*,?\s*$")


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
    rest = OF_THIS.sub("", rest)
    while pos < len(rest):
        for pat in SEGMENT_PATTERNS:
            m = pat.match(rest, pos)
            if m:
                value = m.group(1) if m.lastindex else SEG_RE.match(m.group(0).strip()).group(1)
                segs.append(value)
                pos = m.end()
                break
        else:
            raise CitationError(f"cannot read {rest[pos:].strip()!r} in citation {original!r}")
    return segs


CHAPTER = re.compile(r"^(?:chapter|chap\.?|ch\.?)\s*([ivx]+|\d{1,2})$")
PREAMBLE = re.compile(
    r"^(?:(?:the\s+)?preamble|preambular)(?:\s*,?\s*(?:" + PARAGRAPH_WORD + r"|recital)\s*(\d{1,2})|\s*\((\d{1,2})\))?$"
)
NOTE = re.compile(r"^(?:interpret(?:at)?ive\s+)?notes?\s*(\d{1,2})$")
NOTE_GROUP = re.compile(r"^interpret(?:at)?ive\s+notes\s+on\s+(.+)$")
RESOLUTION = re.compile(
    r"^(?:resolution|res\.?)(?:\s*,?\s*(?:"
    r"(?P<pre>preamble)(?:\s*,?\s*" + PARAGRAPH_WORD + r"\s*(?P<prep>\d{1,2}))?"
    r"|(?:operative\s+)?" + PARAGRAPH_WORD + r"\s*(?P<op>\d{1,2})"
    r"|(?P<title>title)))?$"
)
REPORT = re.compile(
    r"^report(?:\s*,?\s*(?:"
    + PARAGRAPH_WORD
    + r"\s*(?P<para>\d{1,2})"
    r"|section\s+(?P<sec>[ivx]+)(?:\s*,?\s*subsection\s+(?P<sub>\d))?"
    r"|(?P<mast>masthead)(?:\s*,?\s*line\s+(?P<line>\d{1,2}))?"
    r"|footnote\s+(?P<fn>\d))?)?$"
)
ARTICLE = re.compile(r"^" + ARTICLE_WORD + r"\s*(\d{1,3})(.*)$")
BARE = re.compile(r"^(\d{1,3})((?:\s*" + SEGMENT + r"|\.(?:\d{1,3}|[a-z]{1,5}))*)$")
REVERSED = re.compile(
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
    if s in ("interpretative notes, title", "interpretive notes, title"):
        return Citation("notes", (("title", ""),))
    if s in ("interpretative notes", "interpretive notes", "notes"):
        return Citation("notes")
    if m := CHAPTER.match(s):
        v = m.group(1)
        n = int(v) if v.isdigit() else _roman_or_error(v, text)
        return Citation("convention", (("chapter", str(n)),))
    if m := PREAMBLE.match(s):
        n = m.group(1) or m.group(2)
        c = Citation("convention", (("preamble", ""),))
        return c.child("recital", int(n)) if n else c
    if m := NOTE.match(s):
        return Citation("notes", (("note", str(int(m.group(1)))),))
    if m := NOTE_GROUP.match(s):
        arts = parse_article_list(m.group(1))
        return Citation("notes", (("group", "+".join(str(a) for a in arts)),))
    if m := RESOLUTION.match(s):
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
    if m := REPORT.match(s):
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
    if (c := _scan_whole(text)) is not None:
        return c
    if m := REVERSED.match(s):
        segs = [m.group("para")] + SEG_RE.findall(m.group("segs"))
        if m.group("sub"):
            segs += re.findall(r"[a-z]{1,5}", m.group("subv"))
        art = re.search(r"\d+", m.group("art")).group(0)
        rest = OF_THIS.sub("", m.group("tail"))
        if rest.strip():
            raise CitationError(f"cannot read {rest.strip()!r} in citation {text!r}")
        return article_citation(art, segs, text)
    if m := ARTICLE.match(s):
        return article_citation(m.group(1), _article_segments(m.group(2), text), text)
    if bare and (m := BARE.match(s)):
        return article_citation(m.group(1), _article_segments(m.group(2), text), text)
    raise CitationError(f"not a citation of this Convention: {text.strip()!r}")


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


def _roman_or_error(v: str, original: str) -> int:
    try:
        return from_roman(v)
    except ValueError:
        raise CitationError(f"not a roman numeral in {original!r}") from None


def parse_article_list(text: str) -> list[int]:
    """'article 2', 'articles 23 and 35' -> [23, 35] (used for interpretative-note headings)."""
    s = _normalise(text)
    m = re.match(r"^" + ARTICLE_WORD + r"\s*(\d{1,3}(?:\s*(?:,|and)\s*\d{1,3})*)", s)
    if not m:
        raise CitationError(f"expected 'Article N' or 'Articles N and M', found {text.strip()!r}")
    return [int(x) for x in re.findall(r"\d+", m.group(1))]

