"""What is indexed: every citable unit as one engine-neutral :class:`Record`, the analyzers its
words go through, and the index schema that holds them.

A record per numbered paragraph, lettered and roman item, an article's own text, preambular
paragraph, interpretative note, resolution and report paragraph, footnote, and the containers
above them — plus the extra documents (editorial annotations) indexed beside the Convention.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

from whoosh.analysis import STOP_WORDS, StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from ..citation import Citation, from_roman, to_roman
from ..model import Annotations, Document, Unit

if TYPE_CHECKING:
    from ..editorial.annotations import Annotation
    from ..editorial.search_fields import SearchFields


class ExtraDocumentsError(ValueError):
    """The extra documents (annotations) could not be read; the message lists file:line problems."""


@dataclass(frozen=True)
class ExtraDocument:
    """A text indexed beside the Convention (e.g. an editorial annotation).

    ``citation`` is shown as the result's name; the provisions in ``targets`` (what the text
    is about) file the document under their articles and chapters.
    """

    citation: str
    id: str
    url: str
    kind: str
    title: str
    text: str
    targets: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class ExtraSource:
    """Extra documents read only when the index is (re)built; ``fingerprint`` says when they changed."""

    fingerprint: str
    load: Callable[[Document], Sequence[ExtraDocument]]


def editorial_documents(annotations: Iterable[Annotation]) -> list[ExtraDocument]:
    """The editorial annotations as extra documents: their words and title as the browser index
    has them (annotations.search_entries), their targets as the citations they are."""
    from ..editorial.annotations import search_entries

    annotations = list(annotations)
    return [ExtraDocument(e["title"], e["id"], e["location"], e["kind"], e["title"], e["text"], a.targets)
            for a, e in zip(annotations, search_entries(annotations))]


def annotation_source(directory: Path | str | None = None) -> ExtraSource:
    """The editorial annotations (corpus/annotations/*.md) as extra documents, read by
    editorial/annotations.py only when the index is rebuilt; the fingerprint hashes the files."""
    from ..settings import ANNOTATIONS_DIR

    directory = Path(directory) if directory is not None else ANNOTATIONS_DIR  # from settings, not annotations: start-up stays light
    h = hashlib.sha256()
    for p in sorted(directory.glob("*.md")):
        h.update(p.name.encode("utf-8") + b"\0" + p.read_bytes() + b"\0")

    def load(doc: Document) -> list[ExtraDocument]:
        if not directory.is_dir():
            return []
        from ..editorial.annotations import AnnotationErrors, load_annotations

        try:
            return editorial_documents(load_annotations(doc, directory))
        except AnnotationErrors as e:
            raise ExtraDocumentsError(str(e)) from None

    return ExtraSource("annotations " + h.hexdigest(), load)


def editorial_fields(doc: Document) -> tuple[dict[Citation, SearchFields], dict[str, str]]:
    """The subject index's and the concordance's words for each provision, and the names of the
    counterpart instruments (for reading queries that cite one); ExtraDocumentsError listing the
    editorial files' file:line problems."""
    from ..editorial.concordance import load_concordance
    from ..editorial.search_fields import aliases, search_fields
    from ..editorial.subjects import load_subjects
    from ..editorial.yamlfile import YamlErrors

    try:
        return search_fields(doc, load_subjects(doc), load_concordance(doc)), aliases()
    except YamlErrors as e:
        raise ExtraDocumentsError(str(e)) from None


def editorial_fingerprint() -> str:
    """Changes whenever the editorial files search reads change (the index is then rebuilt)."""
    from ..editorial.search_fields import fingerprint

    return "editorial " + fingerprint()


_STRUCTURAL_KINDS = {
    # (part, unit kind) -> indexed kind
    ("convention", "paragraph"): "paragraph",
    ("convention", "item"): "item",
    ("convention", "roman_item"): "roman_item",
    ("convention", "article"): "article",
    ("convention", "recital"): "recital",
    ("convention", "chapter"): "chapter",
    ("convention", "preamble"): "preamble",
    ("convention", "final_clause"): "final_clause",
    ("convention", "title"): "title",
    ("notes", "note"): "note",
    ("notes", "group"): "note_group",
    ("notes", "title"): "title",
    ("resolution", "paragraph"): "resolution_paragraph",
    ("resolution", "recital"): "resolution_recital",
    ("resolution", "preamble"): "resolution_preamble",
    ("resolution", "title"): "title",
    ("report", "paragraph"): "report_paragraph",
    ("report", "section"): "report_section",
    ("report", "subsection"): "report_section",
    ("report", "line"): "masthead_line",
}
#: Kinds a ``kind:`` filter accepts.
KINDS = sorted(set(_STRUCTURAL_KINDS.values()) | {"footnote"})
#: The parts a record belongs to (``part:`` filter).
PARTS = ("convention", "notes", "resolution", "report", "extra")


@dataclass(frozen=True)
class Record:
    """One indexed unit, engine-neutral."""

    cid: str
    citation: str
    url: str
    kind: str
    part: str
    order: int
    heading: str = ""
    text: str = ""
    context: str = ""
    inner: str = ""
    body: str = ""
    articles: tuple[str, ...] = ()
    chapter: str = ""
    origin: str = "corpus"
    #: the terms this unit defines ("service provider" for Article 2(e)), from terms.py
    defines: str = ""
    #: the subject-index entries pointing here: headings and the words readers use (editorial/subjects.py)
    subjects: str = ""
    #: counterparts in other instruments (names, article numbers, titles) and their terminology
    origins: str = ""
    #: "ETS 185/19": the counterpart articles, matched by a query that cites one
    counterparts: tuple[str, ...] = ()
    #: what comes before the unit's words in its parent's body ("(a)", "1."): Unit.lead
    lead: str = ""


def _own_text(u: Unit) -> str:
    return " ".join(x for x in (u.text, u.tail) if x)


#: containers whose own words ("Mutual legal assistance may be refused:") explain what they hold
_CONTEXT_KINDS = ("article", "paragraph", "item", "note", "preamble")


def _inner_and_body(u: Unit) -> tuple[str, str]:
    """What a unit holds (indexed at low weight) and the text its snippets come from."""
    if u.kind == "chapter":
        return " ".join(a.heading or "" for a in u.children), " · ".join(f"{a.display_num} {a.heading}" for a in u.children)
    if u.kind == "preamble" or not u.children:  # a preamble's paragraphs are results of their own
        return "", u.full_text()
    return " ".join(ch.full_text() for ch in u.children), u.full_text()


def records(doc: Document, annotations: Annotations, extra_documents: Iterable[ExtraDocument] = (),
            editorial: Mapping[Citation, SearchFields] | None = None) -> list[Record]:
    """Every citable unit of the document (and the extra documents) as index records.

    ``annotations`` is what the annotating stage made of ``doc`` (annotate.annotate): the terms
    each unit defines are read from it, not worked out again.  ``editorial`` gives each
    provision the words of the subject index and the concordance (editorial/search_fields.py).
    """
    editorial = editorial or {}
    out: list[Record] = []
    defined: dict[Citation, list[str]] = {}
    for d in annotations.definitions:
        defined.setdefault(d.defined_in, []).append(d.term)
    chapter_of: dict[str, str] = {}
    for ch in doc.part("convention").children:
        if ch.kind == "chapter":
            for art in ch.children:
                chapter_of[art.num] = ch.num

    def chapter_tokens(num: str | None) -> str:
        if not num:
            return ""
        n = int(num) if num.isdigit() else from_roman(num)
        return f"{to_roman(n).lower()} {n}"

    def visit(u: Unit, ancestors: list[Unit], heading: str) -> None:
        part = u.citation.part
        kind = _STRUCTURAL_KINDS.get((part, u.kind))
        if u.kind in ("article", "group", "section", "subsection", "chapter"):
            heading = u.heading or ""
        if kind is not None:
            art = u.citation.article_number
            articles = (str(art),) if art else tuple(str(c.article_number) for c in u.concerns if c.article_number)
            if u.kind == "chapter":
                chapter = u.num
            else:
                chapter = chapter_of.get(str(art)) if art else None
            context = " ".join(_own_text(a) for a in ancestors if a.kind in _CONTEXT_KINDS and _own_text(a))
            inner, body = _inner_and_body(u)
            extra = editorial.get(u.citation)
            out.append(Record(
                cid=u.citation.id, citation=u.citation.canonical, url=u.citation.url, kind=kind, part=part,
                order=len(out), heading=heading, text=_own_text(u), context=context, inner=inner, body=body,
                articles=articles, chapter=chapter_tokens(chapter), defines=" · ".join(defined.get(u.citation, ())),
                subjects=extra.subjects if extra else "", origins=extra.origins if extra else "",
                counterparts=extra.counterparts if extra else (), lead=u.lead(),
            ))
        for ch in u.children:
            visit(ch, ancestors + [u], heading)

    for p in doc.parts:
        visit(p, [], "")
    for f in doc.footnotes:
        art = f.marker_in.article_number
        out.append(Record(cid=f.citation.id, citation=f.citation.canonical, url=f.citation.url, kind="footnote", part=f.citation.part,
                          order=len(out), text=f.text, body=f.text, articles=(str(art),) if art else ()))
    for e in extra_documents:
        arts = []
        for target in e.targets:
            n = target.article_number
            if n and str(n) not in arts:
                arts.append(str(n))
        chapters = sorted({chapter_tokens(chapter_of.get(a)) for a in arts if chapter_of.get(a)})
        out.append(Record(cid=e.id, citation=e.citation, url=e.url, kind=e.kind, part="extra", order=len(out), heading=e.title,
                          text=e.text, body=e.text, articles=tuple(arts), chapter=" ".join(chapters), origin="extra"))
    return out


# -- how the words are indexed ----------------------------------------------------------------
@lru_cache(maxsize=1)
def analyzer():
    """The stemming analyzer of every ranked text field (and of the query's words)."""
    return StemmingAnalyzer()


@lru_cache(maxsize=1)
def exact_analyzer():
    """Words as written (lower-cased): 'nationals' must not score as 'United Nations' does."""
    return StandardAnalyzer(stoplist=STOP_WORDS, minsize=2)


def terms(text: str) -> list[str]:
    """The index terms of ``text`` as the stemming analyzer makes them."""
    return [t.text for t in analyzer()(text)]


#: the text fields ranked with BM25F whose words are stemmed (a query's words are counted there
#: for coordination), and all the ranked fields: those and ``exact`` (the same words unstemmed)
STEMMED_FIELDS = ("text", "heading", "context", "inner", "defines", "subjects", "origins")
RANKED_FIELDS = STEMMED_FIELDS + ("exact",)


def schema() -> Schema:
    ana = analyzer()
    return Schema(
        cid=ID(stored=True, unique=True),
        citation=ID(stored=True),
        url=STORED,
        kind=KEYWORD(stored=True, lowercase=True, sortable=True),
        part=KEYWORD(lowercase=True),
        origin=ID,
        order=NUMERIC(stored=True, sortable=True),
        article=KEYWORD,
        chapter=KEYWORD(lowercase=True),
        heading=TEXT(analyzer=ana),
        text=TEXT(analyzer=ana, spelling=True),
        context=TEXT(analyzer=ana, stored=True),
        inner=TEXT(analyzer=ana),
        exact=TEXT(analyzer=exact_analyzer()),
        defines=TEXT(analyzer=ana),
        subjects=TEXT(analyzer=ana),
        origins=TEXT(analyzer=ana),
        counterpart=KEYWORD(lowercase=True, commas=True),
        body=STORED,
    )


def fields(r: Record) -> dict:
    """The index document of one record (the fields of :func:`schema`)."""
    return dict(
        cid=r.cid, citation=r.citation, url=r.url, kind=r.kind, part=r.part, origin=r.origin, order=r.order,
        article=" ".join(r.articles), chapter=r.chapter, heading=r.heading, text=r.text, context=r.context,
        inner=r.inner, exact=" ".join(x for x in (r.heading, r.text) if x), defines=r.defines, body=r.body,
        subjects=r.subjects, origins=r.origins, counterpart=",".join(r.counterparts),
    )
