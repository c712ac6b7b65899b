"""The corpus JSON: (de)serialisation, schema validation, atomic writing, loading.

The committed ``corpus/convention.json`` is the one generated file we publish; later stages
load it with :func:`load` instead of re-parsing the source.  Where it is: :mod:`treaty.settings`.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from .citation import Citation
from .model import Document, Footnote, Mark, SourceNote, Unit

from .settings import CORPUS_DIR, CORPUS_PATH, SCHEMA_PATH, SOURCE_PATH, TITLE  # noqa: F401 (where the corpus is: settings)

SCHEMA_VERSION = "1.0"


def _citation_key(c: Citation) -> list:
    return [c.part, [list(step) for step in c.path]]


def _mark_json(m: Mark) -> dict[str, Any]:
    d: dict[str, Any] = {"field": m.field, "start": m.start, "end": m.end, "kind": m.kind}
    if m.target is not None:
        d["target"] = m.target
    return d


def unit_json(u: Unit) -> dict[str, Any]:
    c = u.citation
    return {
        "kind": u.kind,
        "citation": c.canonical,
        "id": c.id,
        "eid": c.eid,
        "url": c.url,
        "address": _citation_key(c),
        "num": u.num,
        "label": u.label,
        "heading": u.heading,
        "text": u.text,
        "tail": u.tail,
        "marks": [_mark_json(m) for m in u.marks],
        "concerns": [x.canonical for x in u.concerns],
        "lines": list(u.lines),
        "children": [unit_json(ch) for ch in u.children],
    }


def counts(doc: Document) -> dict[str, int]:
    conv = Counter(u.kind for u in doc.part("convention").walk())
    return {
        "report_paragraphs": sum(1 for u in doc.part("report").walk() if u.kind == "paragraph"),
        "resolution_preambular_paragraphs": sum(1 for u in doc.part("resolution").walk() if u.kind == "recital"),
        "resolution_operative_paragraphs": sum(1 for u in doc.part("resolution").children if u.kind == "paragraph"),
        "preambular_paragraphs": conv["recital"],
        "chapters": conv["chapter"],
        "articles": conv["article"],
        "paragraphs": conv["paragraph"],
        "items": conv["item"],
        "roman_items": conv["roman_item"],
        "interpretative_notes": sum(1 for u in doc.part("notes").walk() if u.kind == "note"),
        "footnotes": len(doc.footnotes),
        "units": sum(1 for _ in doc.walk()),
    }


def to_json(doc: Document) -> dict[str, Any]:
    return {
        "$schema": "schema/convention.schema.json",
        "schema_version": SCHEMA_VERSION,
        "title": TITLE,
        "source": {"path": doc.source_path, "sha256": doc.source_sha256, "lines": doc.source_lines},
        "counts": counts(doc),
        "source_notes": [{"line": n.line, "kind": n.kind, "citation": n.citation, "detail": n.detail} for n in doc.source_notes],
        "footnotes": [
            {
                "citation": f.citation.canonical,
                "id": f.citation.id,
                "url": f.citation.url,
                "address": _citation_key(f.citation),
                "number": f.number,
                "text": f.text,
                "marks": [_mark_json(m) for m in f.marks],
                "line": f.line,
                "marker": {"in": f.marker_in.canonical, "address": _citation_key(f.marker_in), "field": f.marker_field, "offset": f.marker_offset},
            }
            for f in doc.footnotes
        ],
        "parts": [unit_json(p) for p in doc.parts],
    }


def dumps(doc: Document) -> str:
    return json.dumps(to_json(doc), ensure_ascii=False, indent=1) + "\n"


# -- reading back -----------------------------------------------------------------------------
def _citation(key: list) -> Citation:
    part, path = key
    return Citation(part, tuple((k, v) for k, v in path))


def _mark(d: dict) -> Mark:
    return Mark(d["field"], d["start"], d["end"], d["kind"], d.get("target"))


def _unit(d: dict) -> Unit:
    u = Unit(
        kind=d["kind"],
        citation=_citation(d["address"]),
        num=d["num"],
        heading=d["heading"],
        text=d["text"],
        tail=d["tail"],
        marks=[_mark(m) for m in d["marks"]],
        lines=tuple(d["lines"]),
        label=d["label"],
    )
    u.concerns = []
    for c in d["concerns"]:
        from .citation import parse as parse_citation

        u.concerns.append(parse_citation(c))
    u.children = [_unit(ch) for ch in d["children"]]
    return u


def from_json(data: dict) -> Document:
    footnotes = [
        Footnote(
            _citation(f["address"]),
            f["number"],
            f["text"],
            tuple(_mark(m) for m in f["marks"]),
            f["line"],
            _citation(f["marker"]["address"]),
            f["marker"]["field"],
            f["marker"]["offset"],
        )
        for f in data["footnotes"]
    ]
    notes = [SourceNote(n["line"], n["kind"], n["citation"], n["detail"]) for n in data["source_notes"]]
    src = data["source"]
    return Document([_unit(p) for p in data["parts"]], footnotes, notes, src["path"], src["sha256"], src["lines"])


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate(data: dict) -> None:
    """Raise jsonschema.ValidationError when ``data`` does not follow the published schema."""
    import jsonschema

    jsonschema.Draft202012Validator(schema()).validate(data)


def load(path: Path = CORPUS_PATH) -> Document:
    return from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """write_atomic for bytes (XML with its own declaration, CSV with CRLF rows)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
