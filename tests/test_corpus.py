"""The committed corpus JSON: fresh, valid against its schema, and loadable without loss."""

from __future__ import annotations

import json

import jsonschema
import pytest

from treaty.corpus import CORPUS_PATH, SOURCE_PATH, dumps, from_json, to_json, validate


def test_source_checksum_recorded():
    import hashlib

    recorded = (SOURCE_PATH.parent / "SHA256SUMS").read_text().split()
    assert recorded == [hashlib.sha256(SOURCE_PATH.read_bytes()).hexdigest(), SOURCE_PATH.name]


def test_committed_corpus_is_a_fresh_parse(doc):
    assert CORPUS_PATH.read_text(encoding="utf-8") == dumps(doc), "corpus/convention.json is stale: run `make corpus`"


def test_corpus_validates_against_schema(doc):
    validate(json.loads(CORPUS_PATH.read_text(encoding="utf-8")))


def test_schema_rejects_broken_corpus(doc):
    data = to_json(doc)
    data["parts"][2]["children"][2]["kind"] = "clause"
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
    data = to_json(doc)
    del data["parts"][0]["citation"]
    with pytest.raises(jsonschema.ValidationError):
        validate(data)


def test_round_trip(doc):
    assert dumps(from_json(to_json(doc))) == dumps(doc)


def test_marks_lie_inside_their_fields(doc):
    for u in doc.walk():
        for m in u.marks:
            text = getattr(u, m.field)
            assert 0 <= m.start <= m.end <= len(text)
            if m.kind != "footnote":
                assert text[m.start : m.end].strip()


def test_unit_kinds_are_one_list():
    """model.Kind, the corpus schema's kind enum and the kinds in the corpus are the same list."""
    from treaty.model import HEADED, LIST_ITEMS, PROVISIONS, Kind
    from treaty.settings import SCHEMA_PATH

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    unit_kinds = [props["kind"]["enum"] for props in _walk(schema)
                  if isinstance(props, dict) and isinstance(props.get("kind"), dict) and "roman_item" in props["kind"].get("enum", ())]
    assert unit_kinds == [[k.value for k in Kind]]
    doc = from_json(json.loads(CORPUS_PATH.read_text(encoding="utf-8")))
    assert {u.kind for part in doc.parts for u in part.walk()} == set(Kind)
    assert LIST_ITEMS | HEADED | PROVISIONS <= set(Kind)


def _walk(node):
    yield node
    if isinstance(node, dict):
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)
