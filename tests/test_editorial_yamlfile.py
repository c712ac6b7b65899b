"""Safe reading of editorial YAML: aliases, repeated keys, malformed YAML, schema errors — each a file:line."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treaty.editorial.yamlfile import MAX_DEPTH, YamlErrors, line_of, load_yaml

SCHEMA = {"type": "object", "required": ["items"], "additionalProperties": False,
          "properties": {"items": {"type": "array", "items": {"type": "object", "required": ["name"],
                                                              "properties": {"name": {"type": "string"}, "n": {"type": "integer"}}}}}}


@pytest.fixture
def schema(tmp_path):
    p = tmp_path / "s.json"
    p.write_text(json.dumps(SCHEMA))
    return p


def errors(tmp_path, schema, text):
    p = tmp_path / "data.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(YamlErrors) as e:
        load_yaml(p, schema)
    return [str(x) for x in e.value.errors]


def test_a_sound_file_loads_with_its_lines(tmp_path, schema):
    p = tmp_path / "ok.yaml"
    p.write_text("# c\nitems:\n  - name: a\n  - name: b\n    n: 2\n")
    data, node = load_yaml(p, schema)
    assert data == {"items": [{"name": "a"}, {"name": "b", "n": 2}]}
    assert line_of(node, ["items", 1, "n"]) == 5
    assert line_of(node, ["items", 9]) == 3  # beyond the document: the deepest node reached


def test_anchors_and_aliases_are_refused(tmp_path, schema):
    errs = errors(tmp_path, schema, "items:\n  - &x {name: a}\n  - *x\n")
    assert any(e.endswith(":2: anchors and aliases (&name, *name) are not allowed: write each value out") for e in errs)
    assert any(":3: anchors and aliases" in e for e in errs)


def test_a_billion_laughs_is_refused_before_it_expands(tmp_path, schema):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(8)]
    errs = errors(tmp_path, schema, "\n".join(lines) + "\n")
    assert errs and all("anchors and aliases" in e for e in errs)


def test_a_key_given_twice_is_refused(tmp_path, schema):
    errs = errors(tmp_path, schema, "items:\n  - name: a\n    name: b\n")
    assert errs == [f"{tmp_path / 'data.yaml'}:3: key 'name' is given twice"]


def test_malformed_yaml_is_one_located_line(tmp_path, schema):
    errs = errors(tmp_path, schema, "items:\n  - name: [a\n  - x: :\n")
    assert len(errs) == 1 and "malformed YAML" in errs[0]


def test_schema_errors_point_at_the_value(tmp_path, schema):
    errs = errors(tmp_path, schema, "items:\n  - name: a\n  - n: 1\n  - name: c\n    n: three\n")
    assert any(":3: items.1: 'name' is a required property" in e for e in errs)
    assert any(":5: items.2.n: 'three' is not of type 'integer'" in e for e in errs)


def test_unreadable_input_is_one_line(tmp_path, schema):
    p = tmp_path / "bin.yaml"
    p.write_bytes(b"items: \xff\n")
    with pytest.raises(YamlErrors) as e:
        load_yaml(p, schema)
    assert "not UTF-8" in str(e.value)
    with pytest.raises(YamlErrors) as e:
        load_yaml(tmp_path / "missing.yaml", schema)
    assert "cannot be read" in str(e.value)
    (tmp_path / "empty.yaml").write_text("")
    with pytest.raises(YamlErrors) as e:
        load_yaml(tmp_path / "empty.yaml", schema)
    assert "empty" in str(e.value)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab:-[]{}&*! \n\t#'\"", max_size=60))
def test_any_text_loads_or_fails_with_located_lines(tmp_path_factory, text):
    d = tmp_path_factory.mktemp("y")
    (d / "s.json").write_text(json.dumps(SCHEMA))
    p = d / "x.yaml"
    p.write_text(text, encoding="utf-8")
    try:
        load_yaml(p, d / "s.json")
    except YamlErrors as e:
        assert e.errors and all(str(x).startswith(f"{p}:") and x.line >= 1 for x in e.errors)


def test_deep_nesting_is_one_located_line_not_a_recursion_error(tmp_path, schema):
    """Issue 14: the YAML composer recurses once per level; 50,000 levels are refused from the events."""
    n = 50_000
    errs = errors(tmp_path, schema, "items:\n  - name: " + "[" * n + "x" + "]" * n + "\n")
    assert errs == [f"{tmp_path / 'data.yaml'}:2: nested more than {MAX_DEPTH} levels deep"]


def test_a_refused_character_is_one_located_line(tmp_path, schema):
    errs = errors(tmp_path, schema, "items:\n  - name: a\x1f\n")
    assert errs == [f"{tmp_path / 'data.yaml'}:2: malformed YAML: character U+001F is not allowed in YAML"]


# -- references written out: the same errors ---------------------------------------------------
def _editorial_files():
    from treaty.settings import CORPUS_DIR, DATA_DIR

    schemas = DATA_DIR / "corpus" / "schema"
    smallest = min((CORPUS_DIR / "subjects").glob("*.yaml"), key=lambda p: p.stat().st_size)  # every subject file has the one schema
    pairs = [(smallest, schemas / "subjects.schema.json")]
    pairs += [(CORPUS_DIR / "concordance" / "concordance.yaml", schemas / "concordance.schema.json"),
              (CORPUS_DIR / "concordance" / "terminology.yaml", schemas / "terminology.schema.json"),
              (CORPUS_DIR / "counterparts" / "instruments.yaml", schemas / "instruments.schema.json")]
    return pairs


def _mutations(data):
    """The data, then copies each spoiled in one place: a string emptied, padded, lengthened or
    made a number; a mapping given an unknown key or losing one; a list emptied or given a copy
    of its first item."""
    import copy

    yield data
    places = []

    def visit(node, path):
        places.append(path)
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in children:
            visit(v, path + [k])

    visit(data, [])
    for path in places[:: max(1, len(places) // 8)]:
        for spoil in range(4):
            new = copy.deepcopy(data)
            parent, node = None, new
            for step in path:
                parent, node = node, node[step]
            if isinstance(node, str):
                value = ["", " " + node, node * 60, 5][spoil]
            elif isinstance(node, dict):
                value = {**node, "bogus": 1} if spoil % 2 == 0 else dict(list(node.items())[1:])
            elif isinstance(node, list):
                value = [] if spoil % 2 == 0 else node + node[:1]
            else:
                value = "text"
            if parent is None:
                yield value
            else:
                parent[path[-1]] = value
                yield new


@pytest.mark.parametrize("path,schema", _editorial_files(), ids=lambda x: x.name)
def test_written_out_references_report_the_very_errors_of_the_references(path, schema):
    import jsonschema
    import yaml

    from treaty.editorial.yamlfile import inline_refs

    original = json.loads(schema.read_text(encoding="utf-8"))
    flat = inline_refs(original)
    assert flat != original or "$defs" not in original
    by_ref, written_out = jsonschema.Draft202012Validator(original), jsonschema.Draft202012Validator(flat)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    seen = 0
    for variant in _mutations(data):
        found = sorted((list(e.absolute_path), e.message) for e in by_ref.iter_errors(variant))
        assert sorted((list(e.absolute_path), e.message) for e in written_out.iter_errors(variant)) == found
        seen += bool(found)
    assert seen >= 8  # the spoiled copies do break the schema


def test_a_reference_that_refers_back_to_itself_is_left_alone():
    from treaty.editorial.yamlfile import inline_refs

    schema = {"$defs": {"tree": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/tree"}}}},
                        "word": {"type": "string", "minLength": 1}},
              "type": "object", "properties": {"root": {"$ref": "#/$defs/tree"}, "name": {"$ref": "#/$defs/word", "description": "d"},
                                               "other": {"$ref": "#/$defs/word", "maxLength": 3}}}
    flat = inline_refs(schema)
    assert flat["properties"]["name"] == {"type": "string", "minLength": 1, "description": "d"}
    assert flat["properties"]["other"] == {"$ref": "#/$defs/word", "maxLength": 3}  # beside a check: left as a reference
    assert flat["properties"]["root"]["properties"]["children"]["items"] == {"$ref": "#/$defs/tree"}
    assert flat["$defs"] == schema["$defs"]
