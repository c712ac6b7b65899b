"""Finding citations of this Convention in other documents: clean → scan → instrument → resolve.

Commentaries, NGO analyses, national laws and court filings cite many instruments side by side,
so a citation is linked only when it cites *this* Convention: its attached instrument phrase
("of this Convention", "ICCPR", "of the Budapest Convention") decides, otherwise the instrument
most recently named in the document, otherwise the document's default (``assume``).  Every
target is checked against the corpus: a provision that does not exist is reported with the
reason ``treaty.lookup`` gives ("Article 14 has no paragraph 7"), never linked.

The citation phrases themselves come from the one grammar, :func:`treaty.citation.scan`; this
module only knows instruments, context and the corpus.  The adapters (``adapters/html.py``,
``adapters/markdown.py``) feed it blocks of text and map the offsets back to their documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable

from . import citation as grammar
from .citation import Citation, CitationError
from .lookup import NotFound, find_citation
from .model import Document

THIS, OTHER = "THIS", "OTHER"
ASSUME_CHOICES = (THIS, OTHER)

# -- instruments ------------------------------------------------------------------------------
#: Names of this Convention, as commentaries write them (matched case-insensitively).
THIS_NAMES = (
    "United Nations Convention against Cybercrime",
    "UN Convention against Cybercrime",
    "U.N. Convention against Cybercrime",
    "Convention against Cybercrime",
    "United Nations Cybercrime Convention",
    "UN Cybercrime Convention",
    "U.N. Cybercrime Convention",
    "Hanoi Convention",
    "Convention des Nations Unies contre la cybercriminalité",
    "Convention contre la cybercriminalité",
    "Convención de las Naciones Unidas contra la Ciberdelincuencia",
    "Convención contra la Ciberdelincuencia",
    "Конвенции Организации Объединенных Наций против киберпреступности",
    "Конвенция Организации Объединенных Наций против киберпреступности",
    "联合国打击网络犯罪公约",
    "اتفاقية الأمم المتحدة لمكافحة الجريمة السيبرانية",
)
#: Abbreviations of this Convention (matched with their case).
THIS_ABBREVIATIONS = ("UNCC", "UNCAC-C", "UNCCC")

#: Other instruments that documents about this Convention cite beside it.
OTHER_NAMES = (
    "Budapest Convention",
    "Convention de Budapest",
    "Convenio de Budapest",
    "Convenio sobre la Ciberdelincuencia",
    "Convention sur la cybercriminalité",
    "Будапештской конвенции",
    "Будапештская конвенция",
    "Конвенции о компьютерных преступлениях",
    "Международного пакта о гражданских и политических правах",
    "اتفاقية بودابست",
    "Convention on Cybercrime",
    "Council of Europe Convention on Cybercrime",
    "Additional Protocol to the Convention on Cybercrime",
    "Second Additional Protocol",
    "First Additional Protocol",
    "European Treaty Series No. 185",
    "International Covenant on Civil and Political Rights",
    "International Covenant on Economic, Social and Cultural Rights",
    "Universal Declaration of Human Rights",
    "European Convention on Human Rights",
    "European Convention for the Protection of Human Rights and Fundamental Freedoms",
    "American Convention on Human Rights",
    "African Charter on Human and Peoples' Rights",
    "African Union Convention on Cyber Security and Personal Data Protection",
    "Malabo Convention",
    "Arab Convention on Combating Information Technology Offences",
    "Convention against Transnational Organized Crime",
    "United Nations Convention against Transnational Organized Crime",
    "Palermo Convention",
    "Convention against Corruption",
    "United Nations Convention against Corruption",
    "Merida Convention",
    "Mérida Convention",
    "Convention on the Rights of the Child",
    "Optional Protocol to the Convention on the Rights of the Child",
    "Convention against Torture",
    "Convention on the Elimination of All Forms of Discrimination against Women",
    "Charter of the United Nations",
    "United Nations Charter",
    "UN Charter",
    "Charter of Fundamental Rights",
    "General Data Protection Regulation",
    "Vienna Convention on the Law of Treaties",
    "European Court of Human Rights",
    "Court of Justice of the European Union",
    "Inter-American Court of Human Rights",
    "Vienna Convention",
    "Rome Statute",
    "Lanzarote Convention",
    "Istanbul Convention",
    "Convention 108",
    "Convention 108+",
    "Treaty on European Union",
    "Treaty on the Functioning of the European Union",
)
OTHER_ABBREVIATIONS = (
    "ICCPR", "ICESCR", "UDHR", "ECHR", "ACHR", "ACHPR", "UNTOC", "UNCAC", "CRC", "OPSC", "CAT", "CEDAW",
    "GDPR", "TFEU", "TEU", "VCLT", "CETS No. 185", "ETS No. 185",
    # courts read with the instrument they apply: "the ECtHR's reading of Article 8"
    "ECtHR", "IACtHR", "CJEU", "ECJ",
)

#: Self-references whose meaning is the document's default ("this Convention" in a commentary on
#: the Budapest Convention is the Budapest Convention).
GENERIC_NAMES = (
    "this Convention", "the present Convention", "the Convention", "this Treaty", "the Treaty",
    "la présente Convention", "présente Convention", "cette Convention", "la Convention",
    "la presente Convención", "presente Convención", "esta Convención", "la Convención",
    "настоящей Конвенции", "настоящая Конвенция", "Конвенции",
    "هذه الاتفاقية", "الاتفاقية",
)


def _alternation(names: Iterable[str]) -> str:
    return "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in sorted(names, key=len, reverse=True))


#: Names are proper nouns: a name starts with a capital (or an uncased script's letter), which
#: lets the search skip most positions quickly.
_NAMED = re.compile(
    r"(?<!\w)(?=[A-ZÀ-ÖØ-ÞА-ЯЁ\u0600-\u06ff\u4e00-\u9fff])(?:(?P<this>(?i:" + _alternation(THIS_NAMES) + r")|" + _alternation(THIS_ABBREVIATIONS) + r")"
    r"|(?P<other>(?i:" + _alternation(OTHER_NAMES) + r")|" + _alternation(OTHER_ABBREVIATIONS) + r"))(?!\w)"
)
_GENERIC = re.compile(r"(?i:" + _alternation(GENERIC_NAMES) + r")(?!\w)")
#: An instrument named right after a citation: "Art. 19(2) ICCPR", "Article 25, Convention on Cybercrime".
_TRAILING = re.compile(r"[\s\u00a0]*,?[\s\u00a0]*(?:(?i:of|in|under|to)[\s\u00a0]+)?(?:(?i:the)[\s\u00a0]+)?(?=\S)")


def classify(phrase: str, default: str) -> str:
    """THIS or OTHER for an instrument phrase; a generic self-reference takes the default."""
    s = phrase.strip()
    s = re.sub(r"^(?i:the)\s+", "", s)
    m = _NAMED.match(s)
    if m:
        return THIS if m.group("this") else OTHER
    if _GENERIC.fullmatch(phrase.strip()):
        return default
    return OTHER  # some other instrument we do not know by name: never ours


def mentions(text: str) -> list[tuple[int, str]]:
    """Where instruments are named in ``text`` (position, THIS|OTHER), in order."""
    return [(m.start(), THIS if m.group("this") else OTHER) for m in _NAMED.finditer(text)]


def _trailing_instrument(text: str, end: int) -> str | None:
    m = _TRAILING.match(text, end)
    if not m:
        return None
    n = _NAMED.match(text, m.end())
    if n is None or (m.end() == end and end > 0 and text[end - 1].isalnum()):
        return None
    return THIS if n.group("this") else OTHER


# -- results ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Link:
    """A phrase that cites provisions of this Convention that exist; offsets into the input.

    ``parts`` are the links actually written, one per cited number or label ("Articles 5",
    "9", "12" of "Articles 5, 9, and 12"), each a ``Link`` whose first target is where it
    goes; a target without words of its own (inside a range) rides in the ``targets`` of the
    part before it.  No parts: the phrase is one link to its first target.
    """

    start: int
    end: int
    text: str
    targets: tuple[Citation, ...]
    parts: tuple[Link, ...] = ()

    @property
    def citation(self) -> Citation:
        return self.targets[0]

    def url(self, base_url: str = "") -> str:
        return base_url + self.citation.url

    def pieces(self) -> tuple[Link, ...]:
        """The links to write, left to right."""
        return self.parts or (self,)

    def shifted(self, offset: int) -> Link:
        parts = tuple(x.shifted(offset) for x in self.parts)
        return Link(self.start + offset, self.end + offset, self.text, self.targets, parts)

    def as_json(self, base_url: str = "") -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "targets": [t.canonical for t in self.targets], "url": self.url(base_url),
                "links": [{"text": x.text, "start": x.start, "end": x.end, "targets": [t.canonical for t in x.targets], "url": x.url(base_url)}
                          for x in self.pieces()]}


@dataclass(frozen=True)
class Unresolved:
    """A citation of this Convention that names nothing in it, and why."""

    start: int
    end: int
    text: str
    reason: str

    def as_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "reason": self.reason}


@dataclass(frozen=True)
class Foreign:
    """A citation of another instrument (kept for tests and reports, never linked)."""

    start: int
    end: int
    text: str


@dataclass
class Result:
    links: list[Link] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    foreign: list[Foreign] = field(default_factory=list)
    #: what the reader of the output should know (e.g. where an adapter stopped linking)
    notes: list[str] = field(default_factory=list)

    def shifted(self, offset: int) -> Result:
        return Result(
            [x.shifted(offset) for x in self.links],
            [Unresolved(x.start + offset, x.end + offset, x.text, x.reason) for x in self.unresolved],
            [Foreign(x.start + offset, x.end + offset, x.text) for x in self.foreign],
        )

    def extend(self, other: Result) -> None:
        self.links += other.links
        self.unresolved += other.unresolved
        self.foreign += other.foreign

    def as_json(self, base_url: str = "") -> dict:
        return {"citations": [x.as_json(base_url) for x in self.links], "unresolved": [x.as_json() for x in self.unresolved]}


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_ABSOLUTE = re.compile(r"https?://[^/?#]+", re.IGNORECASE)


def check_base_url(url: str) -> str:
    """``url`` if links may start with it: ``http://…``, ``https://…``, a relative path, or ''.

    Anything else (``javascript:``, ``data:``, ``//host``, spaces, control characters, bytes
    that were not UTF-8) raises ValueError with one line saying why: a base URL is written into
    every link, so it must not be able to change what a link does.
    """
    if url == "":
        return url
    bad = next((c for c in url if not ("!" <= c <= "~") or c in '"<>\\^`{|}'), None)
    if bad is not None:
        raise ValueError(f"base URL {ascii(url)} contains {ascii(bad)}: only printable ASCII URL characters "
                         "are allowed (percent-encode others)")
    if _SCHEME.match(url):
        if not _ABSOLUTE.match(url):
            raise ValueError(f"base URL {ascii(url)} is not http:// or https:// (nor a relative path)")
    elif url.startswith("//"):
        raise ValueError(f"base URL {ascii(url)} has no scheme: write https:{url}")
    return url


# -- the linker -------------------------------------------------------------------------------
class Linker:
    """Reads a document block by block, carrying the instrument named last from one to the next.

    A relative citation ("paragraph 2", "subparagraph (d)") takes the provision cited just
    before it in the same block; without one it is not a citation we can place, and is left.
    """

    def __init__(self, doc: Document, assume: str = THIS, index: dict[Citation, object] | None = None, lang: str = "en"):
        if assume not in ASSUME_CHOICES:
            raise ValueError(f"assume must be THIS or OTHER, not {assume!r}")
        if lang not in grammar.LEXICONS:
            raise ValueError(f"no citation lexicon for language {lang!r} (have: {', '.join(sorted(grammar.LEXICONS))})")
        self.lexicon = grammar.LEXICONS[lang]
        self._self_document = {w.casefold() for w in self.lexicon.self_document}
        self.doc = doc
        self.assume = assume
        self.index = index if index is not None else doc.index()
        self.instrument = assume

    def block(self, text: str, unlinkable: Iterable[tuple[int, int]] = ()) -> Result:
        """Link one block (a paragraph, list item, table cell); offsets into ``text``.

        ``unlinkable`` spans (an existing link, inline code) are read for the instruments they
        name but hidden from the scanner, so "`Article 5` and Article 6" still links Article 6.
        """
        out = Result()
        named = mentions(text)
        k = 0
        context: tuple[Citation | None, str] = (None, self.instrument)
        # a hidden span that cites something (an existing link: ours from an earlier run) ends
        # the context: what "paragraph 2" after it is relative to is unknown, so a second run
        # links nothing the first did not
        unlinkable = sorted(unlinkable)
        breaks = [a for a, b in unlinkable if grammar.scan(text[a:b], self.lexicon)]
        nb = 0
        for phrase in grammar.scan(_mask(text, unlinkable), self.lexicon):
            if nb < len(breaks) and breaks[nb] < phrase.start:
                context = (None, context[1])
                while nb < len(breaks) and breaks[nb] < phrase.start:
                    nb += 1
            phrase = replace(phrase, text=text[phrase.start:phrase.end])
            while k < len(named) and named[k][0] < phrase.start:
                self.instrument = named[k][1]
                k += 1
            relative = [t for t in phrase.targets if t.relative_to is not None]
            phrase = self._citation_part(text, phrase)
            if phrase.instrument is not None and phrase.instrument.casefold() in self._self_document:
                context = (None, context[1])
                continue  # "paragraph 5 above": the citing document's own paragraph
            if phrase.instrument is not None:
                # the longest name known from where the instrument starts: "UN Cybercrime Convention", not "UN"
                named_here = _NAMED.match(text, phrase.instrument_start) if phrase.instrument_start is not None else None
                cls = classify(named_here.group(0) if named_here else phrase.instrument, self.assume)
                self.instrument = cls
            elif (trailing := _trailing_instrument(text, phrase.end)) is not None:
                cls = trailing
            elif relative and len(relative) == len(phrase.targets):
                cls = context[1]
            else:
                cls = self.instrument
            while k < len(named) and named[k][0] < phrase.end:
                k += 1
            if cls != THIS:
                out.foreign.append(Foreign(phrase.start, phrase.end, phrase.text))
                context = (None, cls)
                continue
            targets, reasons, each = self._resolve(phrase, context[0])
            if not targets and not reasons:
                continue  # a relative citation with nothing before it to be relative to
            if targets:
                out.links.append(Link(phrase.start, phrase.end, phrase.text, tuple(targets), self._parts(text, phrase, each)))
                context = (targets[-1], THIS)
            if reasons:
                out.unresolved.append(Unresolved(phrase.start, phrase.end, phrase.text, "; ".join(reasons)))
        for _, cls in named[k:]:
            self.instrument = cls
        return out

    def _citation_part(self, text: str, phrase):
        """The phrase without its trailing instrument ('Article 2' of 'Article 2 of the ICCPR'):
        the link covers the citation, the instrument stays plain text."""
        if phrase.instrument_start is None or phrase.instrument_start <= phrase.start:
            return phrase
        head = text[phrase.start:phrase.instrument_start].rstrip(" ,\u00a0\t\n")
        folded = head.casefold()
        for word in sorted(self.lexicon.instrument_of + self.lexicon.of, key=len, reverse=True):
            if folded.endswith(word) and (len(folded) == len(word) or not folded[-len(word) - 1].isalnum()):
                head = head[: -len(word)].rstrip(" ,\u00a0\t\n")
                break
        if not head:
            return phrase
        return replace(phrase, end=phrase.start + len(head), text=head)

    def _resolve(self, phrase, context: Citation | None) -> tuple[list[Citation], list[str], list[Citation | None]]:
        """The distinct targets that exist, the reasons for those that do not, and per partial
        target its citation (None: unplaceable or dangling)."""
        targets: list[Citation] = []
        reasons: list[str] = []
        each: list[Citation | None] = []
        for partial in phrase.targets:
            each.append(None)
            if partial.relative_to is not None and context is None:
                continue
            try:
                c = partial.resolve(context if partial.relative_to is not None else None)
            except (CitationError, ValueError) as e:
                reasons.append(str(e))
                continue
            try:
                find_citation(self.doc, c, self.index)
            except NotFound as e:
                reasons.append(str(e))
                continue
            each[-1] = c
            if c not in targets:
                targets.append(c)
        return targets, reasons, each

    def _parts(self, text: str, phrase, each: list[Citation | None]) -> tuple[Link, ...]:
        """One link per target that has words of its own and exists, within the (instrument-less)
        phrase; a target without words (inside a range) joins the targets of the part before it.
        A phrase with a single part needs none: it is linked whole, as before."""
        spans = phrase.spans if len(phrase.spans) == len(each) else (None,) * len(each)
        parts = [[a, b, ts] for a, b, ts in grammar.split_by_target(phrase.start, phrase.end, spans, each)]
        kept: list[list] = []
        for k, part in enumerate(parts):
            if part[2]:
                kept.append(part)
            elif self._would_link(text[part[0]:part[1]]):
                # "7 of article 24" (24(7) does not exist) left plain would be linked by a second
                # run as "article 24": it joins a neighbouring link instead, as one phrase did
                if kept:
                    kept[-1][1] = part[1]
                elif k + 1 < len(parts):
                    parts[k + 1][0] = part[0]
            # else: "69" of "Articles 5 and 69" is reported, and stays plain
        if len(kept) <= 1 and all((a, b) == (phrase.start, phrase.end) for a, b, _ in kept):
            return ()
        return tuple(Link(a, b, text[a:b], tuple(cs)) for a, b, cs in kept)

    def _would_link(self, words: str) -> bool:
        """Whether ``words`` alone hold a citation of a provision that exists."""
        return any(self._resolve(p, None)[0] for p in grammar.scan(words, self.lexicon))


def _mask_char(ch: str) -> str:
    # same class as the hidden character, so no word boundary appears or vanishes ("5Article"
    # stays glued); a non-ASCII letter is no keyword, label or numeral in any lexicon
    if ch.isspace():
        return ch
    return "\u0436" if ch.isalnum() or ch == "_" else "\ufffc"


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span hidden character by character (same length, so offsets hold)."""
    spans = sorted(spans)
    if not spans:
        return text
    out, pos = [], 0
    for a, b in spans:
        a = max(a, pos)
        out.append(text[pos:a])
        out.append("".join(_mask_char(c) for c in text[a:b]))
        pos = max(pos, b)
    out.append(text[pos:])
    return "".join(out)


_BLOCK_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


def text_blocks(text: str) -> list[tuple[int, str]]:
    """Plain text → (offset, block) at blank lines, so context never leaps a paragraph break."""
    out, pos = [], 0
    for m in _BLOCK_BREAK.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return [(o, b) for o, b in out if b]


def link_text(text: str, doc: Document, assume: str = THIS, linker: Linker | None = None) -> Result:
    """Find and resolve the citations in plain text; offsets into ``text``."""
    linker = linker or Linker(doc, assume)
    result = Result()
    for offset, block in text_blocks(text):
        result.extend(linker.block(block).shifted(offset))
    return result


def render_text(text: str, result: Result, base_url: str = "") -> str:
    """Plain text output: each linked citation gets a marker [n]; the links are listed at the end.

    The input text is otherwise unchanged, so the output reads as the original.
    """
    if not result.links:
        return text
    links = [x for link in result.links for x in link.pieces()]
    pieces, pos = [], 0
    for n, link in enumerate(links, 1):
        pieces.append(text[pos:link.end])
        pieces.append(f" [{n}]")
        pos = link.end
    pieces.append(text[pos:])
    body = "".join(pieces)
    listing = [f"[{n}] {link.text} = {', '.join(t.canonical for t in link.targets)}: {link.url(base_url)}" for n, link in enumerate(links, 1)]
    return body.rstrip("\n") + "\n\nLinks:\n" + "\n".join(listing) + "\n"
