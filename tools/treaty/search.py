"""Full-text search at paragraph level: the one module that imports Whoosh.

Every citable unit (numbered paragraph, lettered and roman item, an article's own text,
preambular paragraph, interpretative note, resolution and report paragraph, footnote, and the
containers above them) is one Whoosh document.  The interface is three functions —
:func:`build_index`, :func:`open_index`, :func:`search` — plus :func:`ensure_index`, which
rebuilds the index whenever the corpus JSON it was built from changes, so that another engine
can replace Whoosh behind it.

Users' queries are read here, not by Whoosh's query parser: a search box receives pasted
text, unbalanced quotes and stray operators, and must answer every one of them.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from whoosh import highlight, index as whoosh_index, query as Q, scoring
from whoosh.analysis import STOP_WORDS, StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.query import spans

from .citation import Citation, CitationError, from_roman, parse as parse_citation, to_roman
from .corpus import CORPUS_PATH, ROOT
from .model import Document, Unit

#: Bump when the schema or what is indexed changes: an index of another version is rebuilt.
INDEX_VERSION = "4"
INDEX_DIR = ROOT / "build" / "index"
META_NAME = "treaty-index.json"
EXPANSIONS_PATH = Path(__file__).parent / "data" / "expansions.json"

MAX_QUERY_CHARS = 500
MAX_WORDS = 32
MAX_LIMIT = 200


class QueryError(ValueError):
    """A query that cannot be searched (empty, an unknown field): the message says why."""


class ExtraDocumentsError(ValueError):
    """The extra documents (annotations) could not be read; the message lists file:line problems."""


class IndexMissing(FileNotFoundError):
    """No usable index at the path given."""


# -- documents --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExtraDocument:
    """A text indexed beside the Convention (e.g. an editorial annotation).

    ``citation`` is shown as the result's name and, when it is a citation of the Convention
    ("Article 40(21)"), also files the document under that article and chapter, as do the
    provisions in ``targets`` (what an annotation is about).
    """

    citation: str
    id: str
    url: str
    kind: str
    title: str
    text: str
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtraSource:
    """Extra documents read only when the index is (re)built; ``fingerprint`` says when they changed."""

    fingerprint: str
    load: Callable[[Document], Sequence[ExtraDocument]]


@dataclass(frozen=True)
class Hit:
    citation: str
    id: str
    url: str
    kind: str
    score: float
    snippet: str  # HTML-safe: text escaped, matched words in <mark>

    def to_json(self) -> dict:
        return {"citation": self.citation, "id": self.id, "url": self.url, "score": round(self.score, 4), "snippet": self.snippet}


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    suggestion: str | None = None
    #: what was changed or ignored in the query, for people (not part of the JSON shape)
    notices: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"query": self.query, "results": [h.to_json() for h in self.hits], "suggestion": self.suggestion}


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
#: Kinds a ``kind:`` filter accepts, and friendly aliases.
KINDS = sorted(set(_STRUCTURAL_KINDS.values()) | {"footnote"})
_KIND_ALIASES = {"roman": "roman_item", "notes": "note", "interpretative_note": "note", "resolution": "resolution_paragraph", "report": "report_paragraph", "preambular": "recital", "paragraphs": "paragraph", "items": "item", "articles": "article"}


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


def records(doc: Document, extra_documents: Iterable[ExtraDocument] = ()) -> list[Record]:
    """Every citable unit of the document (and the extra documents) as index records."""
    from .terms import definitions

    out: list[Record] = []
    defined: dict[Citation, list[str]] = {}
    for d in definitions(doc):
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
            out.append(Record(
                cid=u.citation.id, citation=u.citation.canonical, url=u.citation.url, kind=kind, part=part,
                order=len(out), heading=heading, text=_own_text(u), context=context, inner=inner, body=body,
                articles=articles, chapter=chapter_tokens(chapter), defines=" · ".join(defined.get(u.citation, ())),
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
        for cited in (e.citation, *e.targets):
            try:
                n = parse_citation(cited).article_number
            except CitationError:
                continue
            if n and str(n) not in arts:
                arts.append(str(n))
        chapters = sorted({chapter_tokens(chapter_of.get(a)) for a in arts if chapter_of.get(a)})
        out.append(Record(cid=e.id, citation=e.citation, url=e.url, kind=e.kind, part="extra", order=len(out), heading=e.title,
                          text=e.text, body=e.text, articles=tuple(arts), chapter=" ".join(chapters), origin="extra"))
    return out


# -- the index --------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _analyzer():
    return StemmingAnalyzer()


@lru_cache(maxsize=1)
def _exact_analyzer():
    """Words as written (lower-cased): 'nationals' must not score as 'United Nations' does."""
    return StandardAnalyzer(stoplist=STOP_WORDS, minsize=2)


def _schema() -> Schema:
    ana = _analyzer()
    return Schema(
        cid=ID(stored=True, unique=True),
        citation=ID(stored=True),
        url=STORED,
        kind=KEYWORD(stored=True, lowercase=True),
        part=KEYWORD(lowercase=True),
        origin=ID,
        order=NUMERIC(stored=True, sortable=True),
        article=KEYWORD,
        chapter=KEYWORD(lowercase=True),
        heading=TEXT(analyzer=ana),
        text=TEXT(analyzer=ana, spelling=True),
        context=TEXT(analyzer=ana, stored=True),
        inner=TEXT(analyzer=ana),
        exact=TEXT(analyzer=_exact_analyzer()),
        defines=TEXT(analyzer=ana),
        body=STORED,
    )


def corpus_fingerprint(corpus_bytes: bytes) -> str:
    return hashlib.sha256(corpus_bytes).hexdigest()


def _extras_fingerprint(extra_documents: Sequence[ExtraDocument]) -> str:
    h = hashlib.sha256()
    for e in extra_documents:
        h.update(json.dumps(asdict(e), sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def build_index(doc: Document, path: Path | str = INDEX_DIR, extra_documents: Sequence[ExtraDocument] = (), *, corpus_sha256: str | None = None,
                extras_key: str | None = None) -> "SearchIndex":
    """Index ``doc`` (and ``extra_documents``) at ``path``, replacing what is there atomically.

    ``corpus_sha256`` is the hash of the corpus JSON the document was loaded from; without
    it the hash of the document's own serialisation is recorded.
    """
    from .corpus import dumps

    path = Path(path)
    extra_documents = tuple(extra_documents)
    if corpus_sha256 is None:
        corpus_sha256 = corpus_fingerprint(dumps(doc).encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        ix = whoosh_index.create_in(str(tmp), _schema())
        writer = ix.writer()
        recs = records(doc, extra_documents)
        for r in recs:
            writer.add_document(
                cid=r.cid, citation=r.citation, url=r.url, kind=r.kind, part=r.part, origin=r.origin, order=r.order,
                article=" ".join(r.articles), chapter=r.chapter, heading=r.heading, text=r.text, context=r.context,
                inner=r.inner, exact=" ".join(x for x in (r.heading, r.text) if x), defines=r.defines, body=r.body,
            )
        writer.commit()
        ix.close()
        meta = {"index_version": INDEX_VERSION, "corpus_sha256": corpus_sha256, "extras_sha256": extras_key or _extras_fingerprint(extra_documents),
                "documents": len(recs), "engine": "whoosh"}
        (tmp / META_NAME).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        os.chmod(tmp, 0o755)
        _swap_in(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return open_index(path, doc=doc)


def _swap_in(new: Path, path: Path) -> None:
    """Put the finished directory ``new`` at ``path``; readers never see a half-built index."""
    old = None
    if path.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old.", dir=path.parent))
        os.rmdir(old)
        try:
            os.replace(path, old)
        except FileNotFoundError:  # another process moved it away first
            old = None
    try:
        os.replace(new, path)
    except OSError:  # another process put its own fresh index there in the meantime: keep that one
        shutil.rmtree(new, ignore_errors=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def read_meta(path: Path | str) -> dict | None:
    try:
        return json.loads((Path(path) / META_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class SearchIndex:
    """An opened index: one searcher shared by the queries made through it."""

    def __init__(self, path: Path, meta: dict, doc_loader: Callable[[], Document] | None = None):
        self.path = path
        self.meta = meta
        self._ix = whoosh_index.open_dir(str(path))
        self._doc_loader = doc_loader
        self._searcher = None

    @property
    def searcher(self):
        if self._searcher is None:
            self._searcher = self._ix.searcher(weighting=scoring.BM25F())
        return self._searcher

    @cached_property
    def doc(self) -> Document | None:
        return self._doc_loader() if self._doc_loader else None

    @property
    def documents(self) -> int:
        return self._ix.doc_count()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._ix.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_index(path: Path | str = INDEX_DIR, *, doc: Document | None = None, doc_loader: Callable[[], Document] | None = None) -> SearchIndex:
    path = Path(path)
    meta = read_meta(path)
    if meta is None or not whoosh_index.exists_in(str(path)):
        raise IndexMissing(f"no search index at {path}; run 'treaty search' once to build it")
    if doc is not None:
        doc_loader = lambda: doc  # noqa: E731
    return SearchIndex(path, meta, doc_loader)


def ensure_index(corpus_path: Path | str = CORPUS_PATH, path: Path | str = INDEX_DIR, extra_documents: Sequence[ExtraDocument] = (), *,
                 extra_source: ExtraSource | None = None) -> SearchIndex:
    """Open the index at ``path``, rebuilding it first when it was built from another corpus
    (or other extra documents); ``extra_source`` is loaded only for a rebuild."""
    from .corpus import load

    corpus_path, path = Path(corpus_path), Path(path)
    data = corpus_path.read_bytes()
    sha = corpus_fingerprint(data)
    extra_documents = tuple(extra_documents)
    key = _extras_fingerprint(extra_documents)
    if extra_source is not None:
        key = hashlib.sha256(f"{key}\n{extra_source.fingerprint}".encode("utf-8")).hexdigest()
    meta = read_meta(path)
    loader = lambda: load(corpus_path)  # noqa: E731
    fresh = (meta is not None and meta.get("index_version") == INDEX_VERSION and meta.get("corpus_sha256") == sha
             and meta.get("extras_sha256") == key and whoosh_index.exists_in(str(path)))
    if fresh:
        try:
            return open_index(path, doc_loader=loader)
        except Exception:  # noqa: BLE001 - a damaged index (any Whoosh error) is rebuilt, not reported
            pass
    from .corpus import from_json

    doc = from_json(json.loads(data.decode("utf-8")))
    if extra_source is not None:
        extra_documents += tuple(extra_source.load(doc))
    index = build_index(doc, path, extra_documents, corpus_sha256=sha, extras_key=key)
    index._doc_loader = lambda: doc
    return index


def annotation_source(directory: Path | str | None = None) -> ExtraSource:
    """The editorial annotations (corpus/annotations/*.md) as extra documents, read by
    annotations.py only when the index is rebuilt; the fingerprint hashes the files."""
    from .corpus import CORPUS_DIR

    directory = Path(directory) if directory is not None else CORPUS_DIR / "annotations"  # annotations.ANNOTATIONS_DIR, not imported: start-up stays light
    h = hashlib.sha256()
    for p in sorted(directory.glob("*.md")):
        h.update(p.name.encode("utf-8") + b"\0" + p.read_bytes() + b"\0")

    def load(doc: Document) -> list[ExtraDocument]:
        if not directory.is_dir():
            return []
        from .annotations import AnnotationErrors, load_annotations, search_entries

        try:
            entries = search_entries(load_annotations(doc, directory))
        except AnnotationErrors as e:
            raise ExtraDocumentsError(str(e)) from None
        return [ExtraDocument(e["title"], e["id"], e["location"], e["kind"], e["title"], e["text"], tuple(e["targets"])) for e in entries]

    return ExtraSource("annotations " + h.hexdigest(), load)


# -- ranking ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ranking:
    """The knobs tuned on benchmarks/relevance.yaml (see benchmarks/bench_search.py)."""

    #: query-time weight of each text field (0 leaves the field out)
    fields: tuple[tuple[str, float], ...] = (("text", 1.0), ("heading", 1.0), ("context", 0.15), ("inner", 0.25), ("defines", 3.0))
    #: score multiplied by this for the kinds listed (others 1.0)
    priors: tuple[tuple[str, float], ...] = (
        ("note", 1.1), ("article", 1.0), ("paragraph", 1.0), ("item", 0.95), ("roman_item", 0.9), ("recital", 0.8),
        ("chapter", 0.6), ("note_group", 0.6), ("resolution_paragraph", 0.8), ("resolution_recital", 0.5), ("report_paragraph", 0.45),
        ("report_section", 0.3), ("masthead_line", 0.2), ("title", 0.3), ("footnote", 0.5), ("preamble", 0.5), ("resolution_preamble", 0.3),
        ("final_clause", 0.5), ("annotation", 0.8),
    )
    #: extra weight of all the query's words found near one another (and of each adjacent pair)
    proximity_boost: float = 1.5
    pair_boost: float = 0.6
    pair_slop: int = 3
    proximity_slop: int = 4
    #: weight of a word found as written (unstemmed, in heading or own text)
    exact_boost: float = 1.0
    #: weight of the words of an abbreviation's expansion, and of a spelling correction
    expansion_boost: float = 0.6
    correction_boost: float = 0.9
    #: expansions whose rarest word is in more than ``common_share`` of the units count ``common_factor`` as much
    common_share: float = 0.1
    common_factor: float = 0.3
    #: coordination: bonus for documents matching more of the query's words (Whoosh Or scale)
    coord: float | None = 0.2
    B: float = 0.4
    K1: float = 1.2

    def prior(self, kind: str) -> float:
        return dict(self.priors).get(kind, 1.0)


DEFAULT_RANKING = Ranking()
#: The untuned starting point, kept for the benchmark's before/after figures.
BASELINE_RANKING = Ranking(fields=(("text", 1.0), ("heading", 1.0), ("context", 0.0), ("inner", 0.0)), priors=(), proximity_boost=0.0, pair_boost=0.0,
                           coord=None, exact_boost=0.0)


# -- reading queries --------------------------------------------------------------------------
#: field filters users may write, and the index field each names
FILTER_FIELDS = {"article": "article", "art": "article", "chapter": "chapter", "ch": "chapter", "kind": "kind", "type": "kind", "part": "part"}
#: fields users may search words in
TEXT_FIELDS = {"heading": "heading", "title": "heading", "text": "text"}
PARTS = ("convention", "notes", "resolution", "report", "extra")

_TOKEN = re.compile(
    r'(?P<field>[A-Za-z_]{1,20}):(?:"(?P<fphrase>[^"]*)"?|(?P<fvalue>[^\s"]+))'
    r'|(?P<sign>[-+])?"(?P<phrase>[^"]*)"?'
    r'|(?P<word>[^\s"]+)'
)
_OPERATORS = {"AND", "OR", "NOT", "&&", "||", "!"}


@lru_cache(maxsize=1)
def expansions() -> dict[str, tuple[str, ...]]:
    """Abbreviations and everyday words (one to three words, lower case) → the Convention's words."""
    data = json.loads(EXPANSIONS_PATH.read_text(encoding="utf-8"))
    out: dict[str, tuple[str, ...]] = {}
    for table in ("abbreviations", "everyday_words"):
        for k, v in data[table].items():
            out[" ".join(k.casefold().split())] = tuple(out.get(k.casefold(), ())) + tuple(v)
    return out


def _expansion_key(word: str) -> str:
    return word.casefold().strip(".,;:!?()[]'\"")


def clean_query(text: str) -> tuple[str, list[str]]:
    """Normalise the raw query: control characters out, whitespace collapsed, length capped."""
    notices: list[str] = []
    text = unicodedata.normalize("NFKC", text)
    cleaned = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") else c for c in text)
    if cleaned != text and cleaned.strip() != text.strip():
        notices.append("control characters in the query were ignored")
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > MAX_QUERY_CHARS:
        cut = cleaned.rfind(" ", 0, MAX_QUERY_CHARS)
        cleaned = cleaned[: cut if cut > 0 else MAX_QUERY_CHARS]
        notices.append(f"the query was cut to its first {len(cleaned)} characters")
    return cleaned, notices


@dataclass
class _Clause:
    kind: str  # word | phrase | filter | prefix
    value: str
    field: str | None = None
    sign: str = ""  # "" should, "+" must, "-" must not


def tokenize(text: str) -> tuple[list[_Clause], list[str]]:
    """Split a cleaned query into clauses; never raises except for an unknown field."""
    clauses: list[_Clause] = []
    notices: list[str] = []
    pending = ""  # sign from a preceding AND/NOT
    for m in _TOKEN.finditer(text):
        if m.group("field") is not None:
            name = m.group("field").lower()
            value = m.group("fphrase") if m.group("fphrase") is not None else m.group("fvalue")
            if name in FILTER_FIELDS:
                clauses.append(_Clause("filter", value.strip(), FILTER_FIELDS[name], "+"))
            elif name in TEXT_FIELDS:
                kind = "phrase" if m.group("fphrase") is not None else "word"
                clauses.append(_Clause(kind, value, TEXT_FIELDS[name], pending or "+"))
            else:
                known = ", ".join(sorted(set(FILTER_FIELDS) | set(TEXT_FIELDS)))
                raise QueryError(f"unknown field {name!r} in {m.group(0)!r}; fields are: {known}")
            pending = ""
            continue
        if m.group("phrase") is not None:
            # A quoted phrase is required, as in every search box, unless it is negated.
            clauses.append(_Clause("phrase", m.group("phrase"), None, m.group("sign") or pending or "+"))
            pending = ""
            continue
        word = m.group("word")
        if word in _OPERATORS:
            if word in ("NOT", "!"):
                pending = "-"
            elif word in ("AND", "&&"):
                if clauses and clauses[-1].sign == "":
                    clauses[-1].sign = "+"
                pending = "+"
            else:
                pending = ""
            continue
        sign = pending
        if word[0] in "+-" and len(word) > 1:
            sign, word = word[0], word[1:]
        if word.endswith("*") and len(word.rstrip("*")) >= 2:
            clauses.append(_Clause("prefix", word.rstrip("*"), None, sign))
        elif word.strip("*?") == "":
            notices.append(f"{word!r} on its own matches nothing and was ignored")
        else:
            clauses.append(_Clause("word", word, None, sign))
        pending = ""
    if len(clauses) > MAX_WORDS:
        notices.append(f"only the first {MAX_WORDS} words of the query were used")
        clauses = clauses[:MAX_WORDS]
    return clauses, notices


# -- building the Whoosh query ----------------------------------------------------------------
@dataclass
class _Built:
    should: list = field(default_factory=list)
    must: list = field(default_factory=list)
    must_not: list = field(default_factory=list)
    filters: list = field(default_factory=list)
    highlight_terms: set = field(default_factory=set)
    corrections: dict = field(default_factory=dict)


def _terms(text: str) -> list[str]:
    return [t.text for t in _analyzer()(text)]


def _fields_query(terms: list[str], ranking: Ranking, only: str | None = None, boost: float = 1.0, slop: int = 1):
    subs = []
    for f, w in ranking.fields:
        if w <= 0 or (only and f != only):
            continue
        if len(terms) == 1:
            subs.append(Q.Term(f, terms[0], boost=w * boost))
        else:
            subs.append(Q.Phrase(f, terms, slop=slop, boost=w * boost))
    if only and not subs:
        subs.append(Q.Term(only, terms[0], boost=boost) if len(terms) == 1 else Q.Phrase(only, terms, slop=slop, boost=boost))
    return subs[0] if len(subs) == 1 else Q.Or(subs)


def _known(searcher, term: str) -> bool:
    return any(searcher.doc_frequency(f, term) for f in ("text", "heading", "context", "inner", "defines"))


def _correct(searcher, word: str) -> str | None:
    """The indexed word closest to ``word`` (fewest edits, then most frequent), if any."""
    lowered = word.lower()
    if not lowered.isalpha() or len(lowered) < 4:
        return None
    reader = searcher.reader()
    for dist in (1, 2):
        if dist == 2 and len(lowered) < 7:
            break
        cands = [c for c in reader.terms_within("spell_text", lowered, dist, prefix=1) if c != lowered]
        if cands:
            def freq(c: str) -> int:
                ts = _terms(c)
                return searcher.doc_frequency("text", ts[0]) if ts else 0
            return sorted(cands, key=lambda c: (-freq(c), c))[0]
    return None


def _find_expansions(clauses: list[_Clause]) -> dict[int, tuple[int, tuple[str, ...]]]:
    """Start index → (number of clauses, expansions) for runs of plain words found in the tables."""
    table = expansions()
    found: dict[int, tuple[int, tuple[str, ...]]] = {}
    i = 0
    while i < len(clauses):
        for n in (3, 2, 1):
            run = clauses[i : i + n]
            if len(run) == n and all(c.kind == "word" and not c.field and c.sign != "-" for c in run):
                key = " ".join(_expansion_key(c.value) for c in run)
                if key in table:
                    found[i] = (n, table[key])
                    i += n
                    break
        else:
            i += 1
    return found


def _exact_query(words: str, ranking: Ranking):
    terms = [t.text for t in _exact_analyzer()(words)]
    if not terms or ranking.exact_boost <= 0:
        return None
    if len(terms) == 1:
        return Q.Term("exact", terms[0], boost=ranking.exact_boost)
    return Q.Phrase("exact", terms, boost=ranking.exact_boost)


def build_query(searcher, clauses: list[_Clause], ranking: Ranking) -> _Built:
    b = _Built()
    plain_terms: list[str] = []
    expanded = _find_expansions(clauses)
    covered = {j for i, (n, _) in expanded.items() for j in range(i, i + n)}
    docs = max(1, searcher.doc_count())
    for i, (n, exps) in expanded.items():
        subs = []
        for e in exps:
            et = _terms(e)
            if et:
                # an expansion made of words found everywhere says little: weigh it down
                common = min(searcher.doc_frequency("text", t) for t in et) > ranking.common_share * docs
                subs.append(_fields_query(et, ranking, None, ranking.expansion_boost * (ranking.common_factor if common else 1.0)))
                b.highlight_terms.update(et)
        if subs:
            b.should.append(subs[0] if len(subs) == 1 else Q.Or(subs))
    for index, c in enumerate(clauses):
        target = {"+": b.must, "-": b.must_not}.get(c.sign, b.should)
        if c.kind == "filter":
            b.filters.append(_filter(c))
            continue
        if c.kind == "prefix":
            stem = c.value.lower()
            target.append(Q.Or([Q.Prefix(f, stem, boost=w) for f, w in ranking.fields if w > 0] or [Q.Prefix("text", stem)]))
            if c.sign != "-":
                b.highlight_terms.update(t.decode("utf-8") if isinstance(t, bytes) else t for t in searcher.reader().expand_prefix("text", stem))
            continue
        terms = _terms(c.value)
        if not terms:
            continue
        subs = []
        if terms:
            if c.kind == "word" and index not in covered and not c.field and not all(_known(searcher, t) for t in terms):
                fixed = _correct(searcher, c.value)
                if fixed:
                    b.corrections[c.value] = fixed
                    terms_fixed = _terms(fixed)
                    if terms_fixed:
                        subs.append(_fields_query(terms_fixed, ranking, c.field, ranking.correction_boost))
                        exact_fixed = _exact_query(fixed, ranking)
                        if exact_fixed is not None:
                            subs.append(exact_fixed)
                        if c.sign != "-":
                            b.highlight_terms.update(terms_fixed)
            subs.append(_fields_query(terms, ranking, c.field))
            exact = _exact_query(c.value, ranking) if not c.field or c.field in ("text", "heading") else None
            if exact is not None:
                subs.append(exact)
            if c.sign != "-":
                b.highlight_terms.update(terms)
                if c.kind == "word" and not c.field:
                    plain_terms.extend(terms)
        target.append(subs[0] if len(subs) == 1 else Q.Or(subs))
    if len(plain_terms) >= 2 and ranking.proximity_boost > 0:
        b.should.append(Q.Phrase("text", plain_terms, slop=ranking.proximity_slop, boost=ranking.proximity_boost))
    if len(plain_terms) >= 3 and ranking.pair_boost > 0:
        for a, z in zip(plain_terms, plain_terms[1:]):
            # each pair of neighbouring words, near one another in either order
            b.should.append(spans.SpanNear2([Q.Term("text", a), Q.Term("text", z)], slop=ranking.pair_slop, ordered=False).with_boost(ranking.pair_boost))
    return b


def _citations_in(clauses: list[_Clause]) -> tuple[list[_Clause], list[Citation]]:
    """Runs of plain words that are a citation ('article 40', 'note 4'): the scope they name."""
    rest: list[_Clause] = []
    found: list[Citation] = []
    i = 0
    while i < len(clauses):
        for n in range(min(6, len(clauses) - i), 1, -1):
            run = clauses[i : i + n]
            if not all(c.kind == "word" and not c.field and not c.sign for c in run):
                continue
            try:
                citation = parse_citation(" ".join(c.value for c in run))
            except (CitationError, ValueError):
                continue
            if citation.path and citation.kind not in ("title", "final_clause"):
                found.append(citation)
                i += n
                break
        else:
            rest.append(clauses[i])
            i += 1
    return rest, found


def _scope_query(citation: Citation):
    if citation.kind == "chapter" and len(citation.path) == 1:
        return Q.Term("chapter", to_roman(int(citation.key)).lower())
    inside = [Q.Term("cid", citation.id), Q.Prefix("cid", citation.id + "-")]
    if citation.kind == "article":  # and the interpretative notes on it
        inside.append(Q.And([Q.Term("article", citation.key), Q.Term("kind", "note")]))
    return Q.Or(inside)


def _filter(c: _Clause):
    name, value = c.field, c.value.strip().lower()
    if name == "article":
        values = [v for v in re.split(r"[,\s]+", value) if v]
        return Q.Or([Q.Term("article", str(int(v)) if v.isdigit() else v) for v in values] or [Q.NullQuery])
    if name == "chapter":
        return Q.Term("chapter", value)
    if name == "kind":
        value = _KIND_ALIASES.get(value, value)
        return Q.Term("kind", value)
    return Q.Term(name, value)


def _describe_filters(searcher, clauses: list[_Clause]) -> list[str]:
    notes = []
    for c in clauses:
        if c.kind == "filter" and c.field == "kind":
            v = _KIND_ALIASES.get(c.value.lower(), c.value.lower())
            kinds = sorted(k.decode("utf-8") if isinstance(k, bytes) else k for k in searcher.lexicon("kind"))
            if v not in kinds:
                notes.append(f"no unit is of kind {c.value!r}; kinds are: {', '.join(kinds)}")
        if c.kind == "filter" and c.field == "part" and c.value.lower() not in PARTS:
            notes.append(f"no part is called {c.value!r}; parts are: {', '.join(PARTS)}")
    return notes


# -- snippets ---------------------------------------------------------------------------------
class _MarkFormatter(highlight.Formatter):
    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text, token, replace=False):
        return "<mark>" + html.escape(highlight.get_text(text, token, replace), quote=False) + "</mark>"


def snippet(body: str, terms: set[str], chars: int = 240) -> str:
    """A short HTML-safe excerpt of ``body`` with the query's words in ``<mark>``."""
    if terms:
        frag = highlight.highlight(body, frozenset(terms), _analyzer(), highlight.ContextFragmenter(maxchars=chars, surround=70),
                                   _MarkFormatter(), top=2, order=highlight.FIRST)
        if frag:
            return frag.strip()
    if len(body) <= chars:
        return html.escape(body, quote=False)
    cut = body.rfind(" ", 0, chars)
    return html.escape(body[: cut if cut > 0 else chars], quote=False) + " …"


# -- searching --------------------------------------------------------------------------------
def _hit(stored: dict, score: float, terms: set[str]) -> Hit:
    body, context = stored.get("body", ""), stored.get("context") or ""
    text = snippet(body, terms)
    if terms and context and "<mark>" not in text:
        # matched through the paragraph above (an item's lead-in): show that lead-in first
        lead = snippet(context, terms, chars=120)
        if "<mark>" in lead:
            text = f"{lead} … {snippet(body, set(), chars=160)}"
    return Hit(stored["citation"], stored["cid"], stored["url"], stored["kind"], float(score), text)


def _citation_search(index: SearchIndex, citation: Citation, limit: int) -> SearchResult | None:
    """The provision a citation names first, then what lies inside it, the notes on it, and what holds it."""
    s = index.searcher
    exact = s.search(Q.Term("citation", citation.canonical), limit=1, filter=Q.Term("origin", "corpus"))
    if not exact:
        return None
    top = exact[0].fields()
    hits = [_hit(top, 1.0, set())]
    seen = {top["cid"]}
    inside = s.search(Q.Prefix("cid", top["cid"] + "-"), limit=None, sortedby="order", filter=Q.Term("origin", "corpus"))
    related = []
    if citation.step("article") and len(citation.path) == 1:
        related = s.search(Q.And([Q.Term("article", citation.step("article")), Q.Or([Q.Term("kind", "note"), Q.Term("origin", "extra")])]), limit=None, sortedby="order")
    elif citation.step("chapter"):
        related = s.search(Q.And([Q.Term("chapter", citation.step("chapter")), Q.Term("kind", "article")]), limit=None, sortedby="order")
    parent = citation.parent()
    around = s.search(Q.Term("citation", parent.canonical), limit=1, filter=Q.Term("origin", "corpus")) if parent and parent.path else []
    for group in (inside, related, around):
        for h in group:
            st = h.fields()
            if st["cid"] not in seen and len(hits) < limit:
                seen.add(st["cid"])
                hits.append(_hit(st, 0.5, set()))
    return SearchResult("", hits)


def _not_found_message(index: SearchIndex, citation: Citation) -> str | None:
    from .lookup import NotFound, find_citation

    doc = index.doc
    if doc is None:
        return f"{citation.canonical} is not in the index"
    try:
        find_citation(doc, citation)
    except NotFound as e:
        return str(e)
    return None  # exists, but is not a unit the index holds (a whole part): search its words


def search(index: SearchIndex, query: str, limit: int = 10, ranking: Ranking = DEFAULT_RANKING) -> SearchResult:
    """Ranked units for ``query``; raises QueryError only for an empty query or an unknown field."""
    if not isinstance(limit, int) or limit < 1:
        raise QueryError("limit must be a positive whole number")
    text, notices = clean_query(query)
    if limit > MAX_LIMIT:
        notices.append(f"at most {MAX_LIMIT} results are returned")
        limit = MAX_LIMIT
    if not text:
        raise QueryError("empty query: type some words, a \"phrase\", a citation such as 'Art. 40(21)' or a filter such as kind:note")

    # A query that is a citation answers with that provision.
    try:
        citation = parse_citation(text, bare=True)
    except (CitationError, ValueError):
        citation = None
    if citation is not None:
        found = _citation_search(index, citation, limit)
        if found is not None:
            found.query, found.notices = query, notices
            return found
        missing = _not_found_message(index, citation)
        if missing:
            return SearchResult(query, [], None, notices + [missing])

    clauses, more = tokenize(text)
    clauses, scopes = _citations_in(clauses)
    s = index.searcher
    notices += more + _describe_filters(s, clauses)
    scope_query, scope_docs = None, set()
    if scopes:
        scope_query = Q.Or([_scope_query(c) for c in scopes])
        scope_docs = set(s.docs_for_query(scope_query))
        for c in scopes:
            if not any(True for _ in s.docs_for_query(_scope_query(c))):
                notices.append(_not_found_message(index, c) or f"{c.canonical} is not in the index")
    b = build_query(s, clauses, ranking)
    positive = b.must or b.should
    if positive and scope_query is not None and not b.must:
        b.should.append(Q.ConstantScoreQuery(scope_query, score=0.01))  # the cited provision is a result even without the words
    if not positive and scope_query is not None:
        b.filters.append(scope_query)  # only citations and filters: what the citations name
    if not positive and not b.filters:
        return SearchResult(query, [], None, notices + ["nothing to search for: the query has only common words or operators"])
    if b.must:
        base = Q.And(b.must)
        q = Q.AndMaybe(base, Q.Or(b.should, scale=ranking.coord)) if b.should else base
    elif b.should:
        q = Q.Or(b.should, scale=ranking.coord) if len(b.should) > 1 else b.should[0]
    else:
        q = Q.Every()
    # Exclusions go through ``mask``: whoosh-reloaded 2.7.5's AndNot matcher lets excluded
    # documents through (seen here: ``text:privaci ANDNOT text:person`` kept a document with both).
    mask = Q.Or(b.must_not) if b.must_not else None
    filt = Q.And(b.filters) if b.filters else None
    s.weighting = scoring.BM25F(B=ranking.B, K1=ranking.K1)
    results = s.search(q, limit=None, filter=filt, mask=mask)
    scored = []
    for h in results:
        st = h.fields()
        scored.append((h.docnum in scope_docs, h.score * ranking.prior(st["kind"]), st["order"], st))
    # what lies inside a provision the query cites ('article 40 refused') comes first
    scored.sort(key=lambda x: (not x[0], -x[1], x[2]))
    hits = [_hit(st, score, b.highlight_terms) for _, score, _, st in scored[:limit]]
    suggestion = None
    if b.corrections:
        suggestion = text
        for wrong, right in b.corrections.items():
            suggestion = re.sub(r"(?<![\w-])" + re.escape(wrong) + r"(?![\w-])", right, suggestion)
    return SearchResult(query, hits, suggestion, notices)


__all__ = [
    "ExtraDocument", "Hit", "SearchResult", "SearchIndex", "QueryError", "IndexMissing", "Ranking", "DEFAULT_RANKING",
    "BASELINE_RANKING", "INDEX_DIR", "build_index", "open_index", "ensure_index", "search", "records", "KINDS", "expansions",
    "ExtraSource", "ExtraDocumentsError", "annotation_source",
]
