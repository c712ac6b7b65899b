"""The one citation grammar of the project.

Every canonical citation, id (URL fragment), page path and Akoma Ntoso eId is made here and
nowhere else: the parser names units with it, ``treaty show``/``resolve`` read users' input
with it (``parse``), and the cross-reference finder and the linker find citations in running
text with its scanner (``scan`` → ``CitationPhrase``s of ``PartialCitation``s), whose words are
data (``Lexicon``).  See docs/citations.md for the scheme and docs/cross-references.md for the scanner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

__all__ = [
    "Citation",
    "CitationError",
    "CitationPhrase",
    "ENGLISH",
    "LEXICONS",
    "Lexicon",
    "PartialCitation",
    "THIS_CONVENTION",
    "is_this_convention",
    "parse",
    "parse_article_list",
    "scan",
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


#: (part, step kinds) → (canonical citation, id). Articles and groups of notes are formatted in
#: Citation._form because their paths vary in length; every other form is here, once.
_FORMS: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {
    ("convention", ()): ("Convention", "convention"),
    ("convention", ("chapter",)): ("Chapter {roman}", "ch{v0}"),
    ("convention", ("preamble",)): ("Preamble", "preamble"),
    ("convention", ("preamble", "recital")): ("Preamble, paragraph {v1}", "preamble-{v1}"),
    ("convention", ("title",)): ("Convention, title", "convention-title"),
    ("convention", ("final_clause",)): ("Final clause", "final-clause"),
    ("convention", ("footnote",)): ("Convention, footnote {v0}", "convention-fn{v0}"),
    ("notes", ()): ("Interpretative notes", "notes"),
    ("notes", ("title",)): ("Interpretative notes, title", "notes-title"),
    ("notes", ("note",)): ("Interpretative note {v0}", "note{v0}"),
    ("resolution", ()): ("Resolution", "resolution"),
    ("resolution", ("title",)): ("Resolution, title", "resolution-title"),
    ("resolution", ("preamble",)): ("Resolution, preamble", "res-preamble"),
    ("resolution", ("preamble", "recital")): ("Resolution, preamble, paragraph {v1}", "res-preamble-{v1}"),
    ("resolution", ("paragraph",)): ("Resolution, paragraph {v0}", "res-{v0}"),
    ("report", ()): ("Report", "report"),
    ("report", ("masthead",)): ("Report, masthead", "report-masthead"),
    ("report", ("masthead", "line")): ("Report, masthead, line {v1}", "report-masthead-{v1}"),
    ("report", ("section",)): ("Report, section {v0}", "report-sec{arabic}"),
    ("report", ("section", "subsection")): ("Report, section {v0}, subsection {v1}", "report-sec{arabic}-sub{v1}"),
    ("report", ("paragraph",)): ("Report, paragraph {v0}", "report-{v0}"),
    ("report", ("footnote",)): ("Report, footnote {v0}", "report-fn{v0}"),
}


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
    def _form(self) -> tuple[str, str]:
        """(canonical citation, id) from the one table of forms below."""
        p, path = self.part, self.path
        values = [v for _, v in path]
        if p == "convention" and path and path[0][0] == "article":
            return (f"Article {values[0]}" + "".join(f"({v})" for v in values[1:]),
                    "art" + values[0] + "".join(f"-{v}" for v in values[1:]))
        if p == "notes" and [k for k, _ in path] == ["group"]:
            arts = values[0].split("+")
            listed = arts[0] if len(arts) == 1 else ", ".join(arts[:-1]) + f" and {arts[-1]}"
            return f"Interpretative notes on article{'s' if len(arts) > 1 else ''} {listed}", "notes-art" + "-".join(arts)
        form = _FORMS.get((p, tuple(k for k, _ in path)))
        if form is None:
            raise CitationError(f"no canonical form for {p} {[k for k, _ in path]}")
        fields = {f"v{i}": v for i, v in enumerate(values)}
        if path and path[0][0] == "chapter":
            fields["roman"] = to_roman(int(values[0]))
        if path and path[0][0] == "section":
            fields["arabic"] = from_roman(values[0])
        return form[0].format(**fields), form[1].format(**fields)

    @cached_property
    def canonical(self) -> str:
        return self._form()[0]

    def __str__(self) -> str:
        return self.canonical

    @cached_property
    def id(self) -> str:
        """The URL fragment: short, lowercase, unique across the whole site."""
        return self._form()[1]

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
# The words of citations, per role (data: another language is another Lexicon)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lexicon:
    """The words of one language, per grammatical role; entries may span several words."""

    article: tuple[str, ...]
    articles: tuple[str, ...]
    paragraph: tuple[str, ...]
    paragraphs: tuple[str, ...]
    subparagraph: tuple[str, ...]
    chapter: tuple[str, ...]
    note: tuple[str, ...]
    preamble: tuple[str, ...]
    preambular: tuple[str, ...]
    #: "this" / "the present": makes "this article", "this paragraph", "this chapter" relative
    this: tuple[str, ...]
    #: joins a provision to its container: "paragraph 3 *of* article 23", "*of* this article"
    of: tuple[str, ...]
    #: joins a citation to the instrument it belongs to: "article 2 *of* the Budapest Convention"
    instrument_of: tuple[str, ...]
    #: list separators ("," alone is one too)
    separators: tuple[str, ...]
    #: range words
    to: tuple[str, ...]
    #: phrases that open a reference to a whole article: "the relevant paragraphs of article 40"
    relevant: tuple[str, ...]
    #: the citing document itself: "paragraphs 5 and 6 *above*"
    self_document: tuple[str, ...]
    #: words that may open an instrument's name: "*the* Budapest Convention", "*its* report"
    determiners: tuple[str, ...]
    #: lowercase nouns that name an instrument: "the convention", "its report"
    instrument_nouns: tuple[str, ...]
    #: lowercase words allowed inside a capitalised name: "Convention *on the* Rights *of the* Child"
    connectors: tuple[str, ...]
    #: a number followed by one of these is a quantity, not a provision ("5 to 10 days")
    quantities: tuple[str, ...]
    #: instrument phrases that mean this Convention ("this Convention", "la présente Convention")
    this_instrument: tuple[str, ...] = ()
    #: items written "a)" rather than "(a)" (French, Spanish)
    closing_labels: bool = False
    #: the container follows without a word for "of" (Russian "пункт 3 статьи 23")
    genitive: bool = False


ENGLISH = Lexicon(
    article=("article", "art.", "art"),
    articles=("articles", "arts.", "arts"),
    paragraph=("paragraph", "para.", "para", "par.", "par", "§"),
    paragraphs=("paragraphs", "paras.", "paras", "pars.", "pars", "§§"),
    subparagraph=("subparagraph", "subparagraphs", "sub-paragraph", "sub-paragraphs", "subpara.", "subparas.",
                  "subpara", "subparas", "item", "items", "letter", "letters", "lit.", "lit"),
    chapter=("chapter", "chapters", "chap.", "ch."),
    note=("interpretative note", "interpretative notes", "interpretive note", "interpretive notes"),
    preamble=("the preamble",),
    preambular=("preambular paragraph", "preambular paragraphs"),
    this=("this", "the present"),
    of=("of", "in"),
    instrument_of=("of", "under"),
    separators=(",", "and", "or", ", and", ", or", "and/or", "as well as", "and in", "&"),
    to=("to", "through", "-", "\u2013", "\u2014", "to and including"),
    relevant=("the relevant paragraphs of", "the relevant provisions of", "relevant paragraphs of"),
    self_document=("above", "below", "supra", "infra"),
    determiners=("the", "this", "that", "its", "their", "these", "those", "said", "the present"),
    instrument_nouns=("convention", "report", "resolution", "statute", "charter", "treaty", "protocol",
                      "covenant", "act", "code", "directive", "regulation", "constitution", "agreement",
                      "declaration"),
    connectors=("of", "on", "the", "and", "for", "against", "to", "in", "with", "between"),
    quantities=("day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours",
                "minute", "minutes", "per", "percent", "times", "pages", "words"),
    this_instrument=("this convention", "the present convention", "the convention",
                     "the united nations convention against cybercrime", "the un convention against cybercrime"),
)

#: French (UN style: "l'article 40, paragraphe 21, de la présente Convention", "articles 14 à 16").
FRENCH = Lexicon(
    article=("article", "l'article", "l\u2019article", "art."),
    articles=("articles", "arts."),
    paragraph=("paragraphe", "le paragraphe", "par.", "§"),
    paragraphs=("paragraphes", "les paragraphes", "§§"),
    subparagraph=("alinéa", "l'alinéa", "l\u2019alinéa", "alinéas", "sous-alinéa", "sous-alinéas"),
    chapter=("chapitre", "chapitres"),
    note=("note interprétative", "notes interprétatives"),
    preamble=("le préambule",),
    preambular=("alinéa du préambule",),
    this=("ce", "cet", "cette", "le présent", "la présente", "présent", "présente"),
    of=("de", "du", "de la", "des"),
    instrument_of=("de", "du", "de la", "des"),
    separators=(",", "et", "ou", ", et", ", ou"),
    to=("à", "-", "\u2013", "\u2014"),
    relevant=(),
    self_document=("ci-dessus", "ci-après", "supra", "infra"),
    determiners=("la", "le", "les", "la présente", "le présent", "présente", "présent", "cette", "ce"),
    instrument_nouns=("convention", "pacte", "charte", "protocole", "traité", "directive", "règlement"),
    connectors=("de", "des", "du", "la", "le", "les", "sur", "contre", "et", "pour", "relative", "relatif", "à"),
    quantities=("jours", "mois", "ans", "années", "heures", "pour", "fois", "États", "parties", "pages"),
    this_instrument=("la présente convention", "présente convention", "cette convention", "la convention"),
    closing_labels=True,
)

#: Spanish ("el artículo 40, párrafo 21, de la presente Convención", "los artículos 29 y 30").
SPANISH = Lexicon(
    article=("artículo", "art.", "art"),
    articles=("artículos", "arts."),
    paragraph=("párrafo", "el párrafo", "párr.", "§"),
    paragraphs=("párrafos", "los párrafos", "párrs.", "§§"),
    subparagraph=("apartado", "el apartado", "apartados", "inciso", "literal"),
    chapter=("capítulo", "capítulos"),
    note=("nota interpretativa", "notas interpretativas"),
    preamble=("el preámbulo",),
    preambular=("párrafo del preámbulo",),
    this=("este", "esta", "el presente", "la presente", "presente"),
    of=("de", "del", "de la"),
    instrument_of=("de", "del", "de la"),
    separators=(",", "y", "o", "e", ", y", ", o"),
    to=("a", "al", "-", "\u2013", "\u2014"),
    relevant=(),
    self_document=("supra", "infra", "anterior"),
    determiners=("la", "el", "los", "las", "la presente", "el presente", "presente", "esta", "este"),
    instrument_nouns=("convención", "convenio", "pacto", "carta", "protocolo", "tratado", "directiva", "reglamento"),
    connectors=("de", "del", "la", "el", "los", "las", "sobre", "contra", "y", "para", "relativo", "a"),
    quantities=("días", "meses", "años", "horas", "por", "veces", "estados", "partes", "páginas"),
    this_instrument=("la presente convención", "presente convención", "esta convención", "la convención"),
    closing_labels=True,
)

#: Russian: case forms of "статья" / "пункт"; the container follows in the genitive without "of".
RUSSIAN = Lexicon(
    article=("статья", "статьи", "статье", "статью", "статьей", "статьёй", "ст."),
    articles=("статьи", "статей", "статьям", "статьями", "статьях", "ст. ст.", "стст."),
    paragraph=("пункт", "пункта", "пункте", "пунктом", "пункту", "п."),
    paragraphs=("пункты", "пунктов", "пунктах", "пунктами", "пунктам", "пп."),
    subparagraph=("подпункт", "подпункта", "подпункте", "подпунктом", "подпункты", "подпунктов"),
    chapter=("глава", "главы", "главе", "главу", "главой"),
    note=("толковательное примечание", "толковательные примечания"),
    preamble=("преамбула", "преамбулы"),
    preambular=("пункт преамбулы",),
    this=("настоящей", "настоящая", "этой", "этого", "данной"),
    of=(),
    instrument_of=(),
    separators=(",", "и", "или"),
    to=("-", "\u2013", "\u2014", "по"),
    relevant=(),
    self_document=("выше", "ниже"),
    determiners=("настоящей", "этой"),
    instrument_nouns=("конвенции", "пакта", "устава", "протокола", "договора"),
    connectors=("о", "об", "против", "и", "по", "в"),
    quantities=("дней", "дня", "месяцев", "лет", "года", "часов", "раз", "государств", "страниц"),
    this_instrument=("настоящей конвенции",),
    genitive=True,
)

#: Arabic ("المادة 40 من هذه الاتفاقية", "الفقرة 3 من المادة 23"); Arabic-Indic digits read as numbers.
ARABIC = Lexicon(
    article=("المادة", "مادة", "والمادة"),
    articles=("المواد", "المادتين", "المادتان", "والمواد"),
    paragraph=("الفقرة", "فقرة", "والفقرة"),
    paragraphs=("الفقرات", "الفقرتين", "الفقرتان"),
    subparagraph=("الفقرة الفرعية", "الفقرات الفرعية"),
    chapter=("الفصل", "الفصول"),
    note=("الملاحظة التفسيرية", "الملاحظات التفسيرية"),
    preamble=("الديباجة",),
    preambular=("فقرة الديباجة",),
    this=("هذه", "هذا"),
    of=("من",),
    instrument_of=("من",),
    separators=(",", "\u060c", "و", "أو"),
    to=("إلى", "-", "\u2013", "\u2014"),
    relevant=(),
    self_document=("أعلاه", "أدناه"),
    determiners=("هذه", "هذا"),
    instrument_nouns=("الاتفاقية", "العهد", "الميثاق", "البروتوكول", "المعاهدة"),
    connectors=(),
    quantities=("يوما", "يوماً", "أيام", "شهرا", "أشهر", "سنة", "سنوات", "ساعة", "دولة"),
    this_instrument=("هذه الاتفاقية",),
)

#: Lexicons by language code (``treaty link --lang``).  Chinese is not among them: "第23条第3款"
#: reads as one run of letters to the tokenizer, which would need its own reader.
LEXICONS: dict[str, Lexicon] = {"en": ENGLISH, "fr": FRENCH, "es": SPANISH, "ru": RUSSIAN, "ar": ARABIC}

#: Instrument phrases that mean this Convention (casefolded, whitespace-normalised), English.
THIS_CONVENTION = ENGLISH.this_instrument


def is_this_convention(instrument: str | None, lexicon: Lexicon | None = None) -> bool:
    """True for 'this Convention', 'the Convention' … (in ``lexicon``'s language, or any
    registered one); False for any other instrument or None."""
    if instrument is None:
        return False
    phrase = " ".join(instrument.split()).casefold()
    lexicons = [lexicon] if lexicon is not None else LEXICONS.values()
    return any(phrase in lex.this_instrument for lex in lexicons)



# ---------------------------------------------------------------------------------------------
# Parsing human forms
# ---------------------------------------------------------------------------------------------



def _alternation(entries: tuple[str, ...]) -> str:
    """A regex alternation of lexicon entries, longest first (so 'articles' before 'article')."""
    return "(?:" + "|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True)) + ")"


#: Words that introduce an article, in the forms people write them (English), from the lexicon.
ARTICLE_WORD = _alternation(ENGLISH.article + ENGLISH.articles)
#: Words that introduce a numbered paragraph.
PARAGRAPH_WORD = _alternation(ENGLISH.paragraph + ENGLISH.paragraphs)
#: Words that introduce a lettered or roman item.
SUBPARAGRAPH_WORD = _alternation(ENGLISH.subparagraph)
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
    if s in ("interpretative notes, title", "interpretive notes, title"):
        return Citation("notes", (("title", ""),))
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
    if (c := _scan_whole(text)) is not None:
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


# ---------------------------------------------------------------------------------------------
# Scanning prose: every citation phrase in a text, with exact spans
# ---------------------------------------------------------------------------------------------
#
# ``scan`` reads running text (the Convention's own articles, a commentary, a court filing) and
# returns each phrase that cites provisions, with lists and ranges expanded.  It is a small
# hand-written parser over tokens rather than one big regular expression: the lexicon below is
# data (words per role), so another language is a new ``Lexicon``, not new patterns, and every
# attempt looks ahead a bounded number of tokens, so scanning is linear in the text's length.


_TOKEN_PATTERN = (
    r"(?P<b>\(\s*(?:\d{1,4}|[^\W\d_]{1,8})\s*\){closing})"
    r"|(?P<n>\d+)"
    r"|(?P<w>§§?|[^\W\d_]+(?:['\u2019\-\u2011][^\W\d_]+)*)"
    r"|(?P<p>[.,;:/\-\u2013\u2014])"
    r"|(?P<o>\S)"
)
#: Tokens: labels written "(a)"; with ``closing_labels`` also "a)" (not after a letter or "(").
_TOKEN = re.compile(_TOKEN_PATTERN.replace("{closing}", ""))
_TOKEN_CLOSING = re.compile(_TOKEN_PATTERN.replace("{closing}", r"|(?<![\w(])(?:[a-z]{1,5}|[ivx]{1,5})\)"))


@dataclass(frozen=True)
class _Tok:
    kind: str  # b (bracketed label) | n (number) | w (word) | p (punctuation) | o (other)
    value: str  # casefolded; for b the label inside the brackets
    start: int
    end: int
    raw: str


def _token(m: re.Match) -> _Tok:
    kind, raw = m.lastgroup, m.group(0)
    value = raw.strip("()").strip() if kind == "b" else raw
    return _Tok(kind, value.casefold(), m.start(), m.end(), value)


def _tokenize(text: str, token_re: re.Pattern = _TOKEN) -> list[_Tok]:
    return [_token(m) for m in token_re.finditer(text)]


class _Tokens:
    """The tokens from a phrase's first word on, read only as far as the parser looks."""

    def __init__(self, text: str, start: int, token_re: re.Pattern = _TOKEN):
        self._matches = token_re.finditer(text, start)
        self.items: list[_Tok] = []

    def has(self, i: int) -> bool:
        items = self.items
        while len(items) <= i:
            m = next(self._matches, None)
            if m is None:
                return False
            items.append(_token(m))
        return True

    def __getitem__(self, i: int) -> _Tok:
        if i >= len(self.items):
            self.has(i)
        return self.items[i]


def _compile_role(entries: tuple[str, ...], token_re: re.Pattern) -> tuple[tuple[tuple[str, str], ...], ...]:
    seqs = {tuple((t.kind, t.value) for t in _tokenize(e, token_re)) for e in entries}
    return tuple(sorted(seqs, key=len, reverse=True))


class _Roles:
    """A lexicon compiled to token sequences, longest first."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.token_re = _TOKEN_CLOSING if lex.closing_labels else _TOKEN
        roles = [name for name in Lexicon.__dataclass_fields__
                 if isinstance(getattr(lex, name), tuple) and name != "this_instrument"]
        self.seqs = {name: _compile_role(getattr(lex, name), self.token_re) for name in roles}
        self.words = {name: {e.casefold() for e in getattr(lex, name)} for name in ("instrument_nouns", "connectors", "quantities")}
        #: first token of each role's entries: a cheap test before trying the sequences
        self.first = {name: {seq[0] for seq in seqs} for name, seqs in self.seqs.items()}
        #: where a phrase may start: the entries of the roles that open one, as one regex
        opening = [e for role in ("article", "articles", "paragraph", "paragraphs", "subparagraph", "chapter", "note",
                                  "preamble", "preambular", "relevant") for e in getattr(lex, role)]
        opening += [f"{t} {c}" for t in lex.this for c in lex.chapter]
        alternatives = "|".join(_entry_regex(e) for e in sorted(set(opening), key=len, reverse=True))
        self.head_re = re.compile(r"(?<![^\W_])(?:" + alternatives + ")", re.IGNORECASE)


_ROLES: dict[int, _Roles] = {}


def _roles(lex: Lexicon) -> _Roles:
    r = _ROLES.get(id(lex))
    if r is None or r.lex is not lex:
        r = _ROLES[id(lex)] = _Roles(lex)
    return r


def _entry_regex(entry: str) -> str:
    """A lexicon entry as a regex: its words apart by any whitespace, not inside another word."""
    body = r"\s+".join(re.escape(w) for w in entry.split())
    return body + (r"(?![^\W\d_])" if entry[-1].isalpha() else "")


def _label_kind(label: str) -> str | None:
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


def _is_roman(label: str) -> bool:
    try:
        from_roman(label)
        return True
    except ValueError:
        return False


@dataclass(frozen=True)
class PartialCitation:
    """One provision a phrase names, possibly relative to where the phrase stands.

    kind: ``article`` | ``chapter`` | ``note`` | ``preamble``.  For articles, ``segments`` are
    the paragraph number and item labels below the article (('21', 'b')) and ``article`` is None
    when the phrase is relative: ``relative_to`` says to what — ``article`` ("paragraph 1 of this
    article"), ``paragraph`` ("subparagraph (b) of this paragraph"), ``chapter`` ("this
    chapter") or ``context`` (a bare "paragraph 2" / "subparagraph (d)": the article, or the
    document's own paragraph, comes from the surrounding text).
    """

    kind: str
    article: int | None = None
    segments: tuple[str, ...] = ()
    number: int | None = None
    relative_to: str | None = None

    def resolve(self, context: Citation | None = None) -> Citation:
        """The absolute citation; ``context`` is the citation of the place the phrase stands in
        (for ``relative_to='chapter'``, a citation inside the chapter — i.e. the chapter)."""
        if self.kind == "chapter":
            if self.relative_to is None:
                return Citation("convention", (("chapter", str(self.number)),))
            ch = context.step("chapter") if context is not None else None
            if ch is None:
                raise CitationError("'this chapter' needs the chapter it stands in")
            return Citation("convention", (("chapter", ch),))
        if self.kind == "note":
            return Citation("notes", (("note", str(self.number)),))
        if self.kind == "preamble":
            c = Citation("convention", (("preamble", ""),))
            return c.child("recital", self.number) if self.number else c
        segs = list(self.segments)
        if self.relative_to is None:
            return _article(str(self.article), segs, f"article {self.article}")
        if context is None:
            raise CitationError(f"a citation relative to its {self.relative_to} needs a context: {self!r}")
        items = tuple(("item", s) for s in segs if not s.isdigit())
        if context.part in ("resolution", "report") and self.relative_to == "context" and segs and segs[0].isdigit():
            return Citation(context.part, (("paragraph", segs[0]),) + items)
        art = context.article_number
        if art is None:
            raise CitationError(f"{context.canonical} is not inside an article; cannot resolve {self.relative_to}-relative {segs}")
        if self.relative_to == "article" or (segs and segs[0].isdigit()):
            return _article(str(art), segs, f"{segs} of article {art}")
        path = context.path
        if self.relative_to == "context":
            ctx_items = [i for i, (k, _) in enumerate(path) if k == "item"]
            # a roman numeral below a lettered item: "article 2 (e) … subparagraph (ii)"
            if len(ctx_items) == 1 and _is_roman(segs[0]):
                return Citation(context.part, path[: ctx_items[0] + 1] + items)
        # the paragraph the context lies in; an article without numbered paragraphs counts as one
        keep = [i for i, (k, _) in enumerate(path) if k in ("article", "paragraph")]
        return Citation(context.part, path[: keep[-1] + 1] + items)


@dataclass(frozen=True)
class CitationPhrase:
    """A phrase of running text that cites provisions: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    targets: tuple[PartialCitation, ...]
    #: the instrument the phrase names ("this Convention", "the Budapest Convention", "ICCPR",
    #: "above" for the citing document itself), None when it names none
    instrument: str | None = None
    instrument_start: int | None = None
    instrument_end: int | None = None
    #: parallel to ``targets``: the (start, end) of the words that name each target, so a list
    #: or range can be linked number by number.  The first target owns the phrase's opening
    #: words and its own number ("Articles 5"); each later one its own words ("9", "(c)",
    #: "paragraph 22"), the last also a qualifier the list shares ("2 of article 24" in
    #: "paragraphs 1 and 2 of article 24"); a target inside a range ("15" of "Articles 14 to
    #: 16") owns none: None.  A phrase with one target owns all its citation words (the
    #: instrument excepted).
    spans: tuple[tuple[int, int] | None, ...] = ()


def split_by_target(start: int, end: int, spans, targets) -> list[tuple[int, int, list]]:
    """A phrase [start, end) cut into one part per target that has words of its own, left to
    right: ``(part start, part end, [targets])``.  A target without words of its own (inside a
    range, or a span outside the phrase) rides with the part before it, or with the first part
    when none comes before; ``None`` targets (unresolved) give a part with no targets.  Shared by
    the site's cross-references and the linker, so both cut lists the same way."""
    if len(spans) != len(targets):
        return []
    parts: list[list] = []
    pending: list = []
    for span, target in zip(spans, targets):
        if span is not None:
            a, b = max(span[0], start), min(span[1], end)
            if a < b:
                parts.append([a, b, ([target] if target is not None else []) + pending])
                pending = []
                continue
        if target is None:
            continue
        if parts:
            if target not in parts[-1][2]:
                parts[-1][2].append(target)
        elif target not in pending:
            pending.append(target)
    return [(a, b, ts) for a, b, ts in parts]


class _Parser:
    """Recursive descent over tokens; every method returns an end index or None, never raises."""

    MAX_NAME = 16  # words in an instrument's name: bounds look-ahead, keeps scanning linear

    def __init__(self, text: str, toks: _Tokens, roles: _Roles):
        self.text, self.t, self.r = text, toks, roles

    # -- token helpers ----------------------------------------------------------------------
    def match(self, i: int, role: str) -> int | None:
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
        if self.kind(i) == "b" and _label_kind(self.t[i].raw) is not None:
            v = self.t[i].value
            return str(int(v)) if v.isdigit() else v
        return None

    def is_count(self, i: int) -> bool:
        """The number before token i is a quantity ('10 days'), not a provision."""
        return self.kind(i) == "w" and self.t[i].value in self.r.words["quantities"]

    def adjacent(self, i: int) -> bool:
        return i > 0 and self.t.has(i) and self.t[i - 1].end == self.t[i].start

    # -- entry point --------------------------------------------------------------------------
    def phrase_at(self, i: int) -> tuple[CitationPhrase, int] | None:
        for attempt in (self.relevant_phrase, self.article_phrase, self.paragraph_phrase, self.subparagraph_phrase,
                        self.preambular_phrase, self.chapter_phrase, self.note_phrase, self.preamble_phrase):
            r = attempt(i)
            if r is not None:
                targets, j, inst, owns = r
                words_end = self.t[j - 1].end
                if inst is None:
                    inst = self.instrument(j)
                if inst is not None:
                    j, inst_span = inst
                else:
                    inst_span = None
                start, end = self.t[i].start, self.t[j - 1].end
                if inst_span is not None:
                    end = max(end, inst_span[1])
                phrase = CitationPhrase(
                    start, end, self.text[start:end], tuple(targets),
                    self.text[inst_span[0]:inst_span[1]] if inst_span else None,
                    inst_span[0] if inst_span else None, inst_span[1] if inst_span else None,
                    self.spans(start, words_end, owns, len(targets)),
                )
                return phrase, j
        return None

    def spans(self, start: int, words_end: int, owns: list, n: int) -> tuple[tuple[int, int] | None, ...]:
        """Token ranges owned by each target → character spans (see ``CitationPhrase.spans``)."""
        if n == 1:
            return ((start, words_end),)
        # the first target's words start where the phrase does ("relevant articles 5 and 9"); the
        # last one's run on over a qualifier they share ("paragraphs 1 and 2 of article 24"), so
        # that no citation words are left that a second reading would take for a citation
        out = [None if own is None else (start if k == 0 else self.t[own[0]].start, self.t[own[1] - 1].end)
               for k, own in enumerate(owns)]
        out[-1] = (out[-1][0], words_end)
        return tuple(out)

    # -- articles -------------------------------------------------------------------------------
    def relevant_phrase(self, i):
        j = self.match(i, "relevant")
        return self.article_phrase(j) if j is not None else None

    def article_phrase(self, i):
        j = self.match(i, "articles")
        plural = j is not None
        if j is None:
            j = self.match(i, "article")
        if j is None:
            return None
        r = self.article_item(j, plural)
        if r is None:
            return None
        targets, j, owns = r
        owns = _lead(owns, i)
        while True:
            # "Articles 29 (real-time collection) and 30": a gloss between the items of a list
            s = self.separator(self.gloss(j) if plural else j)
            if s is None:
                break
            k = self.match(s, "articles")
            more_plural = k is not None
            if k is None:
                k = self.match(s, "article")
            if k is not None:
                plural = more_plural
                r = self.article_item(k, more_plural)
            elif (plural or self.t[s - 1].value != ",") and self.number(s) is not None and self.list_number_ok(s):
                r = self.article_item(s, plural)
            else:
                r = None
            if r is None:
                break
            targets += r[0]
            owns += _lead(r[2], s)
            j = r[1]
        return targets, j, None, owns

    MAX_GLOSS = 8  # words in a parenthetical gloss

    def gloss(self, j: int) -> int:
        """Just after a parenthetical gloss of words at token j ('(definitions)'), else j."""
        t = self.t
        if not t.has(j):
            return j
        if t[j].kind == "b":
            return j + 1 if t[j].raw.isalpha() and _label_kind(t[j].raw) is None else j
        if t[j].kind != "o" or t[j].value != "(":
            return j
        k = j + 1
        while t.has(k) and k - j <= self.MAX_GLOSS and (t[k].kind == "w" or (t[k].kind == "p" and t[k].value in ",-\u2013")):
            k += 1
        if k > j + 1 and t.has(k) and t[k].kind == "o" and t[k].value == ")":
            return k + 1
        return j

    def list_number_ok(self, s: int) -> bool:
        """A number after a bare comma continues a list only if what follows it fits a citation."""
        nxt = s + 1
        if self.is_count(nxt):
            return False
        if self.t[s - 1].value != ",":
            return True  # after "and" / "or" / "to"
        if not self.t.has(nxt):
            return True
        tk = self.t[nxt]
        if tk.kind in ("p", "b"):
            return True
        return any(self.match(nxt, role) is not None for role in ("separators", "to", "of", "instrument_of", "paragraph", "paragraphs", "subparagraph", "self_document"))

    def article_item(self, j: int, plural: bool):
        """N, N to M, N(P)(x), N.P.x, 'N, paragraph P (x) and (y) and paragraph Q'."""
        art = self.number(j)
        if art is None or self.is_count(j + 1):
            return None
        k = j + 1
        t = self.match(k, "to")
        if t is not None and (end := self.number(t)) is not None and end > art and not self.is_count(t + 1):
            return [PartialCitation("article", n) for n in range(art, end + 1)], t + 1, _range_owns(j, t, end - art + 1)
        # dotted segments: 40.21.b
        segs: list[str] = []
        while self.kind(k) == "p" and self.t[k].value == "." and self.adjacent(k) and self.adjacent(k + 1):
            nxt = self.t[k + 1]
            lab = str(int(nxt.value)) if nxt.kind == "n" and self.number(k + 1) else (nxt.raw if nxt.kind == "w" and _label_kind(nxt.raw) else None)
            if lab is None or (lab.isdigit() and segs):
                break
            segs.append(lab)
            k += 2
        if segs:
            paths, k, owns = self.brackets(k, segs, base=0, first_allows_num=False)
            return [PartialCitation("article", art, p) for p in paths], k, _lead(owns, j)
        paths, k, owns = self.brackets(k, [], base=0, first_allows_num=True)
        if paths == [()]:
            # ", paragraph 21 (b) and (c) and paragraph 22" / ", subparagraph (e)"
            c = k + 1 if self.kind(k) == "p" and self.t[k].value == "," else k
            more = self.paragraph_list(c, allow_bare=not plural) or self.subparagraph_list(c, [])
            if more is not None:
                paths, k, owns = more
        return [PartialCitation("article", art, tuple(p)) for p in paths], k, _lead(owns, j, j + 1)

    # -- paragraphs and items -------------------------------------------------------------------
    def paragraph_list(self, i: int, allow_bare: bool = True):
        """'paragraph 21 (b) and (c) and paragraph 22', 'paragraphs 8 to 31' → segment paths."""
        j = self.match(i, "paragraphs")
        plural = j is not None
        if j is None:
            j = self.match(i, "paragraph")
        if j is None or self.number(j) is None or self.is_count(j + 1):
            return None
        paths: list[tuple[str, ...]] = []
        owns: list = []
        item = i  # where the current item's words begin
        while True:
            n = self.number(j)
            t = self.match(j + 1, "to")
            if t is not None and (end := self.number(t)) is not None and end > n and not self.is_count(t + 1):
                paths += [(str(x),) for x in range(n, end + 1)]
                owns += _lead(_range_owns(j, t, end - n + 1), item)
                j = t + 1
            else:
                more, k, mo = self.brackets(j + 1, [str(n)], base=1, first_allows_num=False)
                paths += more
                owns += _lead(mo, item, j + 1)
                j = k
                # ", subparagraph (b)" after a paragraph number
                c = j + 1 if self.kind(j) == "p" and self.t[j].value == "," else j
                if len(more) == 1 and len(more[0]) == 1 and (sp := self.subparagraph_list(c, [str(n)])) is not None:
                    paths[-1:] = sp[0]
                    owns[-1:] = _lead(sp[2], item)
                    j = sp[1]
            s = self.separator(j)
            if s is None:
                break
            k = self.match(s, "paragraphs") or self.match(s, "paragraph")
            if k is not None and self.number(k) is not None:
                item, j = s, k
            elif (plural or allow_bare or self.t[s - 1].value != ",") and self.number(s) is not None and self.list_number_ok(s):
                item, j = s, s
            else:
                break
        return paths, j, owns

    def subparagraph_list(self, i: int, base: list[str]):
        """'subparagraph (b)', 'subparagraphs (a) to (c)', 'lit. b' → segment paths under ``base``."""
        j = self.match(i, "subparagraph")
        if j is None:
            return None
        if self.label(j) is None:
            tk = self.t[j] if self.t.has(j) else None
            if tk is None or tk.kind != "w" or _label_kind(tk.raw) not in ("letter", "roman"):
                return None
            if self.kind(j + 1) == "w" and not any(self.match(j + 1, r) is not None for r in ("of", "separators", "to")):
                return None  # "item a report": a word, not a label
            return [tuple(base) + (tk.value,)], j + 1, [(i, j + 1)]
        paths, k, owns = self.brackets(j, list(base), base=len(base), first_allows_num=False)
        return paths, k, _lead(owns, i)

    def brackets(self, k: int, cur: list[str], base: int, first_allows_num: bool):
        """Bracketed labels after a number: '(21)(b)', '(a) (i) or (ii) or (b) (i)', '(a) to (c)'.

        Labels written side by side nest; after 'and' / 'or' / ',' a label replaces the label of
        its own level (letters for letters, roman numerals under a letter for roman numerals).
        """
        cur = list(cur)
        paths: list[tuple[str, ...]] = []
        owns: list = []  # the tokens [a, b) that name each path (see ``CitationPhrase.spans``)
        first = True
        own = (k, k)
        while (lab := self.label(k)) is not None and len(cur) < _MAX_DEPTH:
            if lab.isdigit() and not (first and first_allows_num and not cur):
                break
            cur.append(lab)
            first = False
            k += 1
        own = (own[0], k)
        if len(cur) == base:
            return [tuple(cur)], k, [own]
        while True:
            t = self.match(k, "to")
            if t is not None and (lab := self.label(t)) is not None and (rng := _label_range(cur[-1], lab, _item_level(cur))) is not None:
                paths += [tuple(cur[:-1]) + (x,) for x in rng[:-1]]
                owns += [own] + [None] * (len(rng) - 2)
                cur[-1] = rng[-1]
                own = (t, t + 1)
                k = t + 1
                continue
            s = self.separator(k)
            if s is None or (lab := self.label(s)) is None:
                break
            depth = _sibling_depth(cur, base, lab)
            if depth is None:
                break
            paths.append(tuple(cur))
            owns.append(own)
            cur = cur[:depth] + [lab]
            k = s + 1
            while (lab := self.label(k)) is not None and not lab.isdigit() and len(cur) < _MAX_DEPTH:
                cur.append(lab)
                k += 1
            own = (s, k)
        paths.append(tuple(cur))
        owns.append(own)
        return paths, k, owns

    def separator(self, i: int) -> int | None:
        return self.match(i, "separators")

    def qualifier(self, i: int, paths: list[tuple[str, ...]], has_paragraph: bool):
        """'of this article' / 'of this paragraph' / 'of article N' / 'of paragraph P …' / 'of the preamble'."""
        c = i + 1 if self.kind(i) == "p" and self.t[i].value == "," else i
        o = self.match(c, "of")
        if o is None and self.r.lex.genitive and (self.match(c, "article") or self.match(c, "this")):
            o = c
        if o is None:
            return None
        th = self.match(o, "this")
        if th is not None:
            if self.match(th, "article") is not None:
                return [PartialCitation("article", None, p, relative_to="article") for p in paths], self.match(th, "article")
            if self.match(th, "paragraph") is not None and not has_paragraph:
                return [PartialCitation("article", None, p, relative_to="paragraph") for p in paths], self.match(th, "paragraph")
            return None
        th = self.match(o, "determiners") or o
        a = self.match(th, "article")
        if a is not None and (art := self.number(a)) is not None and not self.is_count(a + 1):
            inner, k, _ = self.brackets(a + 1, [], base=0, first_allows_num=True)
            if inner != [()] and has_paragraph:
                return None
            prefix = inner[0] if inner != [()] else ()
            return [PartialCitation("article", art, prefix + p) for p in paths], k
        if not has_paragraph:
            pl = self.paragraph_list(th)
            if pl is not None and len(pl[0]) == 1:
                (prefix,), k, _ = pl
                q = self.qualifier(k, [prefix + p for p in paths], True)
                if q is not None:
                    return q
                return [PartialCitation("article", None, prefix + p, relative_to="context") for p in paths], k
        p = self.match(o, "preamble")
        if p is not None and has_paragraph and all(len(x) == 1 for x in paths):
            return [PartialCitation("preamble", number=int(x[0])) for x in paths], p
        return None

    def qualified(self, found, has_paragraph: bool):
        """Paths read so far, then 'of this article' / 'of article N' … or, bare, relative to context."""
        if found is None:
            return None
        paths, j, owns = found
        q = self.qualifier(j, paths, has_paragraph)
        if q is not None:
            return q[0], q[1], None, owns  # the qualifier keeps one target per path, in order
        return [PartialCitation("article", None, p, relative_to="context") for p in paths], j, None, owns

    def paragraph_phrase(self, i):
        return self.qualified(self.paragraph_list(i), True)

    def subparagraph_phrase(self, i):
        return self.qualified(self.subparagraph_list(i, []), False)

    # -- chapters, notes, preamble --------------------------------------------------------------
    def numbered_list(self, j: int, read) -> tuple[list[int], int] | None:
        """'N', 'N to M', 'N, M and O' with ``read(i)`` giving the number at token i or None."""
        first = read(j)
        if first is None or self.is_count(j + 1):
            return None
        nums, j, owns = [first], j + 1, [(j, j + 1)]
        while True:
            t = self.match(j, "to")
            if t is not None and (end := read(t)) is not None and end > nums[-1] and not self.is_count(t + 1):
                owns += [None] * (end - nums[-1] - 1) + [(t, t + 1)]
                nums += list(range(nums[-1] + 1, end + 1))
                j = t + 1
                continue
            s = self.separator(j)
            if s is not None and (n := read(s)) is not None and self.list_number_ok(s):
                nums.append(n)
                owns.append((s, s + 1))
                j = s + 1
                continue
            return nums, j, owns

    def numbered_phrase(self, i: int, role: str, kind: str, read=None):
        """ROLE-word then numbers: 'Chapters II to IV', 'interpretative notes 1 and 2'."""
        j = self.match(i, role)
        r = self.numbered_list(j, read or self.number) if j is not None else None
        if r is None:
            return None
        return [PartialCitation(kind, number=n) for n in r[0]], r[1], None, _lead(r[2], i)

    def chapter_phrase(self, i):
        th = self.match(i, "this")
        if th is not None and (c := self.match(th, "chapter")) is not None:
            return [PartialCitation("chapter", relative_to="chapter")], c, None, [(i, c)]

        def read(k):
            if self.t.has(k) and self.t[k].kind == "w" and self.t[k].raw.isupper():
                try:
                    return from_roman(self.t[k].value)
                except ValueError:
                    return None
            n = self.number(k)
            return n if n is not None and n < 40 else None

        return self.numbered_phrase(i, "chapter", "chapter", read)

    def note_phrase(self, i):
        return self.numbered_phrase(i, "note", "note")

    def preambular_phrase(self, i):
        return self.numbered_phrase(i, "preambular", "preamble")

    def preamble_phrase(self, i):
        j = self.match(i, "preamble")
        if j is None:
            return None
        return [PartialCitation("preamble")], j, None, [(i, j)]

    # -- instruments ------------------------------------------------------------------------------
    def instrument(self, i: int) -> tuple[int, tuple[int, int]] | None:
        """'of this Convention', ', of the Statute of the Court', 'ICCPR', 'above' → (end, span)."""
        t = self.t
        s = self.match(i, "self_document")
        if s is not None:
            return s, (t[i].start, t[s - 1].end)
        if t.has(i) and t[i].kind == "w" and len(t[i].raw) >= 2 and t[i].raw.isupper() and t[i].raw.isalpha() \
                and not _is_roman(t[i].value) and not self.match(i, "articles") and not self.match(i, "article"):
            return i + 1, (t[i].start, t[i].end)
        c = i + 1 if self.kind(i) == "p" and t[i].value == "," else i
        o = self.match(c, "instrument_of")
        if o is None:
            return None
        d = self.match(o, "determiners")
        name_start = o if d is None else d
        if any(self.match(name_start, role) for role in ("article", "articles", "paragraph", "paragraphs", "chapter", "note")):
            return None
        e = self.capitalised_name(name_start)
        if e is None and d is not None:
            if self.kind(d) == "w" and t[d].value in self.r.words["instrument_nouns"]:
                e = d + 1
                # "the report of the Ad Hoc Committee"
                o2 = self.match(e, "instrument_of")
                if o2 is not None:
                    d2 = self.match(o2, "determiners") or o2
                    e2 = self.capitalised_name(d2)
                    if e2 is not None:
                        e = e2
        if e is None:
            return None
        return e, (t[o].start, t[e - 1].end)

    def capitalised_name(self, i: int) -> int | None:
        """End of a capitalised name starting at i ('Budapest Convention', 'Statute of the Court')."""
        t, conn = self.t, self.r.words["connectors"]
        end = None
        k = i
        while t.has(k) and k - i < self.MAX_NAME:
            tk = t[k]
            if any(self.match(k, role) is not None for role in ("article", "articles", "paragraph", "paragraphs", "chapter")):
                break  # "this Convention and Article 2 of …": a new citation, not part of the name
            if tk.kind == "w" and tk.raw[:1].isupper():
                k += 1
                end = k
            elif tk.kind == "w" and tk.value in conn and end is not None:
                k += 1
            else:
                break
        return end


#: Segments below an article: paragraph, lettered item, roman item.
_MAX_DEPTH = 3


def _lead(owns: list, start: int, min_end: int | None = None) -> list:
    """The first target also owns the words before it, from token ``start`` on ("Articles 5")."""
    if not owns:
        return owns
    a, b = owns[0]
    return [(start, max(b, min_end if min_end is not None else start + 1))] + owns[1:]


def _range_owns(first: int, to: int, count: int) -> list:
    """'14 to 16': the first number and the last own their tokens, those between own none."""
    return [(first, first + 1)] + [None] * (count - 2) + [(to, to + 1)]


def _item_level(cur: list[str]) -> str:
    """'letter' or 'roman': the level of the last label in a segment path."""
    items = [s for s in cur if not s.isdigit()]
    return "roman" if len(items) >= 2 else "letter"


def _sibling_depth(cur: list[str], base: int, label: str) -> int | None:
    """Where a label after 'and'/'or' goes in ``cur``: the index it replaces, or None."""
    if label.isdigit():
        for idx, s in enumerate(cur):
            if s.isdigit():
                return idx if idx >= base else None
        return None
    item_idx = [idx for idx, s in enumerate(cur) if not s.isdigit()]
    if len(item_idx) >= 2 and _is_roman(label):
        idx = item_idx[1]
    elif item_idx:
        idx = item_idx[0]
    else:
        return None
    return idx if idx >= base else None


def _label_range(a: str, b: str, level: str) -> list[str] | None:
    """'a'..'c' → a, b, c; 'i'..'iii' (roman level) → i, ii, iii; '8'..'31' → numbers."""
    if a.isdigit() and b.isdigit():
        x, y = int(a), int(b)
        return [str(n) for n in range(x, y + 1)] if x < y else None
    if level == "roman" and _is_roman(a) and _is_roman(b):
        x, y = from_roman(a), from_roman(b)
        return [to_roman(n).lower() for n in range(x, y + 1)] if x < y < 40 else None
    if len(a) == 1 and len(b) == 1 and a.isalpha() and b.isalpha() and a < b:
        return [chr(c) for c in range(ord(a), ord(b) + 1)]
    return None


def scan(text: str, lexicon: Lexicon = ENGLISH) -> list[CitationPhrase]:
    """Every citation phrase in ``text``, left to right, non-overlapping, with exact spans.

    Counts ("90 days", "sixty-eight articles") are not citations; "this Convention",
    "this article" and "this paragraph" alone are not either (they name the place the phrase
    stands in); "this chapter" is.  Targets are in the order written, ranges expanded.
    """
    roles = _roles(lexicon)
    out: list[CitationPhrase] = []
    pos = 0
    while (m := roles.head_re.search(text, pos)) is not None:
        r = _Parser(text, _Tokens(text, m.start(), roles.token_re), roles).phrase_at(0)
        if r is None:
            pos = m.start() + 1
        else:
            out.append(r[0])
            pos = r[0].end
    return out
