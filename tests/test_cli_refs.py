"""`treaty refs` and the annotation keys of `treaty show --json` (issue 3)."""

from __future__ import annotations

import json

import treaty.cli as cli
from treaty.cli import main
from treaty.corpus import load


def test_show_json_has_references_terms_and_backlinks(capsys):
    assert main(["show", "Article 42(6)", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (ref,) = data["references"]
    assert ref == {"field": "text", "text": "article 40, paragraph 21 (b) and (c) and paragraph 22, of this Convention",
                   "start": 101, "end": 174, "targets": ["Article 40(21)(b)", "Article 40(21)(c)", "Article 40(22)"],
                   "external": False, "spans": [[101, 129], [134, 137], [142, 154]],
                   "links": [{"text": "article 40, paragraph 21 (b)", "start": 101, "end": 129, "targets": ["Article 40(21)(b)"]},
                             {"text": "(c)", "start": 134, "end": 137, "targets": ["Article 40(21)(c)"]},
                             {"text": "paragraph 22", "start": 142, "end": 154, "targets": ["Article 40(22)"]}]}
    assert all(data["lead_in"][x["start"]:x["end"]] == x["text"] for x in ref["links"])
    assert data["lead_in"][ref["start"]:ref["end"]] == ref["text"]
    assert main(["show", "Article 40(21)", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["referenced_by"] == ["Article 40(7)", "Article 40(28)", "Article 42(6)", "Article 43(2)"]
    assert data["children"][1]["referenced_by"] == ["Article 42(6)", "Article 43(2)"]  # (b)
    assert main(["show", "Article 31(1)", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    terms = data["children"][0]["terms"]
    assert {"field": "text", "text": "Proceeds of crime", "start": 0, "end": 17, "term": "proceeds of crime",
            "defined_in": "Article 2(j)"} in terms


def test_show_text_lists_backlinks(capsys):
    assert main(["show", "Article 40(21)"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("Referenced by: Article 40(7), Article 40(28), Article 42(6), Article 43(2)")


def test_refs_json_is_the_whole_table(capsys):
    assert main(["refs", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"source", "field", "text", "start", "end", "targets", "external"} <= set(data[0])
    internal = [r for r in data if not r["external"]]
    assert len(data) == 173 and len(internal) == 144
    assert {"source": "Resolution, paragraph 4", "field": "text", "text": "article 56 of the Convention", "start": 148,
            "end": 176, "targets": ["Article 56"], "external": False, "spans": [[148, 158]],
            "links": [{"text": "article 56 of the Convention", "start": 148, "end": 176, "targets": ["Article 56"]}]} in data
    assert all(r["external_target"] for r in data if r["external"])


def test_refs_text_one_line_per_reference(capsys):
    assert main(["refs"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 173
    assert "Article 42(6) [text 101:174]  “article 40, paragraph 21 (b) and (c) and paragraph 22, of this Convention” → Article 40(21)(b), Article 40(21)(c), Article 40(22)" in lines
    assert "173 references: 144 internal, 29 external; 311 uses of 20 defined terms" in err


def test_dangling_reference_exits_2_naming_provision_and_phrase(monkeypatch, capsys):
    doc = load()
    unit = doc.index()[next(c for c in doc.index() if c.canonical == "Article 14(3)")]
    unit.text = unit.text.replace("paragraph 2 of this article", "paragraph 7 of this article")
    monkeypatch.setattr(cli.common, "load_corpus", lambda: doc)
    assert main(["refs", "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == "error: Article 14(3): 'paragraph 7 of this article' cites Article 14(7), which the corpus does not have"
