"""`treaty map [CITATION] [--json] [--graphml FILE]` (issue 16): the JSON contract, the text
form and the exit statuses."""

from __future__ import annotations

import json

from treaty.cli import main


def test_json_is_exactly_the_contract(capsys):
    assert main(["map", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["provisions", "options", "edges"]
    assert all(list(p) == ["citation", "strength", "trigger", "addressee", "qualifiers"] for p in data["provisions"])
    assert all(list(o) == ["citation", "kind", "text", "who", "when", "modifies"] for o in data["options"])
    assert all(list(e) == ["source", "target", "type", "text"] for e in data["edges"])
    assert {p["strength"] for p in data["provisions"]} == {"binding", "soft", "optional", "limit", "none"}
    assert {o["kind"] for o in data["options"]} == {"optional_element", "reservation", "declaration", "exclusion", "notification"}
    assert {"citation": "Article 7(2)", "strength": "optional", "trigger": "may require", "addressee": "each State Party",
            "qualifiers": []} in data["provisions"]


def test_one_article(capsys):
    assert main(["map", "Article 63", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["citation"] for p in data["provisions"]] == ["Article 63(1)", "Article 63(2)", "Article 63(3)", "Article 63(4)"]
    assert [(o["citation"], o["kind"]) for o in data["options"]] == [("Article 63(3)", "reservation"), ("Article 63(4)", "notification")]
    # a provision inside a paragraph shows the paragraph that carries its strength
    assert main(["map", "Article 40(21)(b)", "--json"]) == 0
    assert [p["citation"] for p in json.loads(capsys.readouterr().out)["provisions"]] == ["Article 40(21)"]


def test_text_form_and_counts(capsys):
    assert main(["map", "Article 23"]) == 0
    out, err = capsys.readouterr()
    assert "  Article 23(3)(a)   soft (mixed: soft, optional)  each State Party  “shall consider”" in out.splitlines()
    assert "Article 23(3)(a)   reservation  each State Party  when: not stated  → Article 29" in out
    assert err.startswith("5 provisions (")


def test_exit_statuses(capsys, tmp_path):
    assert main(["map", "Article 99"]) == 1
    assert "no article 99" in capsys.readouterr().err
    assert main(["map", "Artcle x("]) == 2
    assert capsys.readouterr().err.startswith("treaty map: ")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["map", "--graphml", str(blocker / "graph.graphml")]) == 2
    assert "cannot write" in capsys.readouterr().err
    out = tmp_path / "refs.graphml"
    assert main(["map", "Article 50", "--graphml", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="UTF-8"?>\n<graphml')
