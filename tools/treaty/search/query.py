"""The query language: what a user typed, read into clauses and built into a Whoosh query.

Users' queries are read here, not by Whoosh's query parser: a search box receives pasted
text, unbalanced quotes and stray operators, and must answer every one of them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from whoosh import query as Q
from whoosh.query import spans

from ..citation import Citation, CitationError, parse as parse_citation, to_roman
from .rank import Ranking
from .records import PARTS, exact_analyzer, schema, terms as _terms

EXPANSIONS_PATH = Path(__file__).parents[1] / "data" / "expansions.json"

MAX_QUERY_CHARS = 500
MAX_WORDS = 32


class QueryError(ValueError):
    """A query that cannot be searched (empty, an unknown field): the message says why."""


#: friendly names of the kinds a ``kind:`` filter accepts (records.KINDS)
KIND_ALIASES = {"roman": "roman_item", "notes": "note", "interpretative_note": "note", "resolution": "resolution_paragraph", "report": "report_paragraph", "preambular": "recital", "paragraphs": "paragraph", "items": "item", "articles": "article"}
#: field filters users may write, and the index field each names
FILTER_FIELDS = {"article": "article", "art": "article", "chapter": "chapter", "ch": "chapter", "kind": "kind", "type": "kind", "part": "part"}
#: fields users may search words in
TEXT_FIELDS = {"heading": "heading", "title": "heading", "text": "text"}

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
class Clause:
    kind: str  # word | phrase | filter | prefix
    value: str
    field: str | None = None
    sign: str = ""  # "" should, "+" must, "-" must not


#: where a sign, a field name or NOT may start: the query's start, after a space (or a quote, for fields)
_START = r"(?:^|(?<=\s))"


@lru_cache(maxsize=1)
def _parser():
    """Whoosh's query parser, with the plugins for the syntax of our query language (and none
    that would misread a pasted citation: no groups, since "40(21)(b)" has parentheses; no
    boosts, ranges, single quotes or mid-word wildcards)."""
    from whoosh.qparser import QueryParser, syntax
    from whoosh.qparser import plugins as P

    parser = QueryParser("text", schema(), plugins=[], group=syntax.OrGroup)
    parser.add_plugins([
        P.FieldsPlugin(expr=r'(?:^|(?<=[\s"])|(?<=^[-+])|(?<=\s[-+]))(?P<text>[A-Za-z_]{1,20}):(?=\S)', remove_unknown=False),
        P.PhrasePlugin(expr=r'"(?P<text>[^"]*)"?(?P<slop>)'),  # an unclosed quote runs to the end; no ~slop
        P.PrefixPlugin(expr=r'(?P<text>[^\s*"]+)[*]+(?=\s|$)'),
        P.PlusMinusPlugin(plusexpr=_START + r"\+(?=\S)", minusexpr=_START + r"-(?=\S)"),
        P.OperatorsPlugin(And=_START + r"(?:AND|&&)(?=\s|$)", Or=_START + r"(?:OR|\|\|)(?=\s|$)", Not=_START + r"(?:NOT|!)(?=\s|$)",
                          AndNot=None, AndMaybe=None, Require=None),
    ])
    return parser


def tokenize(text: str) -> tuple[list[Clause], list[str]]:
    """Split a cleaned query into clauses; never raises except for an unknown field.

    Whoosh's parser reads the syntax (words, "phrases", field:value, prefix*, +/-, AND/OR/NOT);
    the clauses say what each part asks for: a word or phrase the results should (+ must,
    - must not) contain, a filter, or a prefix.
    """
    from whoosh.qparser import syntax

    found: list[tuple[int, Clause]] = []  # (where it starts in the query, clause)
    notices: list[str] = []

    def walk(node, sign: str) -> None:
        if isinstance(node, syntax.NotGroup):
            sign = "-"
        elif isinstance(node, syntax.AndMaybeGroup):  # from +: the first group is required
            walk(node[0], "-" if sign == "-" else "+")
            walk(node[1], sign)
            return
        elif isinstance(node, syntax.AndNotGroup):  # from -: the second group is excluded
            walk(node[0], sign)
            walk(node[1], "-")
            return
        elif isinstance(node, syntax.AndGroup) and sign != "-":
            sign = "+"
        if isinstance(node, syntax.GroupNode):
            for child in node:
                walk(child, sign)
            return
        if not getattr(node, "has_text", False):
            return  # an operator with nothing to apply to
        phrase = node.__class__.__name__ == "PhraseNode"
        prefix = node.__class__.__name__ == "PrefixNode"
        value = node.text + ("*" if prefix else "")
        if node.fieldname:
            clause = _field_clause(node.fieldname, value, phrase, sign)
        elif phrase:  # a quoted phrase is required, as in every search box, unless it is negated
            clause = Clause("phrase", value, None, sign or "+")
        elif prefix and len(node.text) >= 2:
            clause = Clause("prefix", node.text, None, sign)
        elif value.strip("*?") == "":
            notices.append(f"{value!r} on its own matches nothing and was ignored")
            return
        else:
            clause = Clause("word", value, None, sign)
        found.append((node.startchar or 0, clause))

    walk(_parser().process(text), "")
    clauses = [c for _, c in sorted(found, key=lambda x: x[0])]  # as typed: proximity counts the order
    if len(clauses) > MAX_WORDS:
        notices.append(f"only the first {MAX_WORDS} words of the query were used")
        clauses = clauses[:MAX_WORDS]
    return clauses, notices


def _field_clause(name: str, value: str, phrase: bool, sign: str) -> Clause:
    key = name.lower()
    if key in FILTER_FIELDS:
        return Clause("filter", value.strip(), FILTER_FIELDS[key], "-" if sign == "-" else "+")
    if key in TEXT_FIELDS:
        return Clause("phrase" if phrase else "word", value, TEXT_FIELDS[key], sign or "+")
    known = ", ".join(sorted(set(FILTER_FIELDS) | set(TEXT_FIELDS)))
    shown = f'{name}:"{value}"' if phrase else f"{name}:{value}"
    raise QueryError(f"unknown field {key!r} in {shown!r}; fields are: {known}")


# -- building the Whoosh query ----------------------------------------------------------------
@dataclass
class Built:
    should: list = field(default_factory=list)
    must: list = field(default_factory=list)
    must_not: list = field(default_factory=list)
    filters: list = field(default_factory=list)
    highlight_terms: set = field(default_factory=set)
    corrections: dict = field(default_factory=dict)


#: fields holding the editorial words about a provision (subject index, concordance), not its text:
#: a quoted phrase asks for the text's own words, so it is not looked for there
EDITORIAL_FIELDS = ("subjects", "origins")


def _fields_query(terms: list[str], ranking: Ranking, only: str | None = None, boost: float = 1.0, slop: int = 1, *, editorial: bool = True):
    subs = []
    for f, w in ranking.fields:
        if w <= 0 or (only and f != only) or (not editorial and f in EDITORIAL_FIELDS):
            continue
        if len(terms) == 1:
            subs.append(Q.Term(f, terms[0], boost=w * boost))
        else:
            subs.append(Q.Phrase(f, terms, slop=slop, boost=w * boost))
    if only and not subs:
        subs.append(Q.Term(only, terms[0], boost=boost) if len(terms) == 1 else Q.Phrase(only, terms, slop=slop, boost=boost))
    return subs[0] if len(subs) == 1 else Q.Or(subs)


def _known(searcher, term: str) -> bool:
    return any(searcher.doc_frequency(f, term) for f in ("text", "heading", "context", "inner", "defines") + EDITORIAL_FIELDS)


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


def _find_expansions(clauses: list[Clause]) -> dict[int, tuple[int, tuple[str, ...]]]:
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
    terms = [t.text for t in exact_analyzer()(words)]
    if not terms or ranking.exact_boost <= 0:
        return None
    if len(terms) == 1:
        return Q.Term("exact", terms[0], boost=ranking.exact_boost)
    return Q.Phrase("exact", terms, boost=ranking.exact_boost)


def build_query(searcher, clauses: list[Clause], ranking: Ranking, beside: tuple[str, ...] | list[str] = ()) -> Built:
    """The Whoosh clauses for the query's clauses; ``beside`` are phrases searched next to them at
    ``ranking.intent_boost`` (what a question asks for: questions.read_question)."""
    b = Built()
    for phrase in beside:
        pt = _terms(phrase)
        if pt and ranking.intent_boost > 0:
            b.should.append(_fields_query(pt, ranking, None, ranking.intent_boost))
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
            (b.must_not if c.sign == "-" else b.filters).append(_filter(c))
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
            # the editorial fields rank plain words; a phrase, a required or an excluded word is about the provision's own text
            subs.append(_fields_query(terms, ranking, c.field, editorial=c.kind == "word" and not c.sign))
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


def citations_in(clauses: list[Clause]) -> tuple[list[Clause], list[Citation]]:
    """Runs of plain words that are a citation ('article 40', 'note 4'): the scope they name."""
    rest: list[Clause] = []
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


def scope_query(citation: Citation):
    if citation.kind == "chapter" and len(citation.path) == 1:
        return Q.Term("chapter", to_roman(int(citation.key)).lower())
    inside = [Q.Term("cid", citation.id), Q.Prefix("cid", citation.id + "-")]
    if citation.kind == "article":  # and the interpretative notes on it
        inside.append(Q.And([Q.Term("article", citation.key), Q.Term("kind", "note")]))
    return Q.Or(inside)


def _filter(c: Clause):
    name, value = c.field, c.value.strip().lower()
    if name == "article":
        values = [v for v in re.split(r"[,\s]+", value) if v]
        return Q.Or([Q.Term("article", str(int(v)) if v.isdigit() else v) for v in values] or [Q.NullQuery])
    if name == "chapter":
        return Q.Term("chapter", value)
    if name == "kind":
        value = KIND_ALIASES.get(value, value)
        return Q.Term("kind", value)
    return Q.Term(name, value)


def describe_filters(searcher, clauses: list[Clause]) -> list[str]:
    notes = []
    for c in clauses:
        if c.kind == "filter" and c.field == "kind":
            v = KIND_ALIASES.get(c.value.lower(), c.value.lower())
            kinds = sorted(k.decode("utf-8") if isinstance(k, bytes) else k for k in searcher.lexicon("kind"))
            if v not in kinds:
                notes.append(f"no unit is of kind {c.value!r}; kinds are: {', '.join(kinds)}")
        if c.kind == "filter" and c.field == "part" and c.value.lower() not in PARTS:
            notes.append(f"no part is called {c.value!r}; parts are: {', '.join(PARTS)}")
    return notes


def compose(b: Built, ranking: Ranking, scope=None):
    """(query, filter, mask) for Whoosh from the built clauses; ``scope`` is what the query's
    citations name.  None for the query when there is nothing to search for."""
    positive = b.must or b.should
    if positive and scope is not None and not b.must:
        b.should.append(Q.ConstantScoreQuery(scope, score=0.01))  # the cited provision is a result even without the words
    if not positive and scope is not None:
        b.filters.append(scope)  # only citations and filters: what the citations name
    if not positive and not b.filters:
        return None, None, None
    if b.must:
        base = Q.And(b.must)
        q = Q.AndMaybe(base, Q.Or(b.should)) if b.should else base
    elif b.should:
        q = Q.Or(b.should) if len(b.should) > 1 else b.should[0]
    else:
        q = Q.Every()
    # Exclusions go through ``mask``: whoosh-reloaded 2.7.5's AndNot matcher lets excluded
    # documents through (seen here: ``text:privaci ANDNOT text:person`` kept a document with both).
    mask = Q.Or(b.must_not) if b.must_not else None
    filt = Q.And(b.filters) if b.filters else None
    return q, filt, mask


def suggestion(text: str, b: Built) -> str | None:
    """The query with each corrected word replaced ("Did you mean"), if any was corrected."""
    if not b.corrections:
        return None
    for wrong, right in b.corrections.items():
        text = re.sub(r"(?<![\w-])" + re.escape(wrong) + r"(?![\w-])", right, text)
    return text
