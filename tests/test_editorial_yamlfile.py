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
