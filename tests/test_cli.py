"""The command-line contract: `treaty parse`, `show`, `outline`, exit statuses, atomic output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from treaty.cli import main


def run(*args: str):
    proc = subprocess.run([sys.executable, "-m", "treaty.cli", *args], capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def test_outline_lists_nine_chapters_and_68_articles(capsys):
    assert main(["outline", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    conv = data[2]
    chapters = [c for c in conv["children"] if c["kind"] == "chapter"]
    assert len(chapters) == 9
    assert sum(len(c["children"]) for c in chapters) == 68
    assert main(["outline"]) == 0
    text = capsys.readouterr().out
    assert text.count("  Chapter ") == 9 and text.count("    Article ") == 68


def test_show_json_shape(capsys):
    assert main(["show", "Art. 40(21)", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"citation", "id", "url", "kind", "heading", "text", "children"} <= set(data)
    assert data["citation"] == "Article 40(21)" and data["id"] == "art40-21"
    assert data["url"] == "articles/40.html#art40-21"
    assert [c["citation"] for c in data["children"]] == [f"Article 40(21)({x})" for x in "abcd"]
    assert data["text"].startswith("Mutual legal assistance may be refused: (a) If the request")
    assert "ordre public" in data["text"] and "*" not in data["text"]


def test_show_article_heading(capsys):
    assert main(["show", "article 13", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["heading"] == "Information and communications technology system-related theft or fraud"
    assert data["text"].endswith("a gain in money or other property.")


@pytest.mark.parametrize(
    "citation,message",
    [
        ("Article 99", "The Convention has no article 99 (it has articles 1–68)"),
        ("Article 14(7)", "Article 14 has no paragraph 7"),
        ("Article 40(21)(e)", "Article 40(21) has no subparagraph (e)"),
        ("Interpretative note 9", "The interpretative notes have no note 9"),
    ],
)
def test_show_unknown_provision_exits_1(citation, message):
    code, out, err = run("show", citation)
    assert code == 1 and out == ""
    assert message in err and "Traceback" not in err


def test_show_unreadable_citation_exits_2():
    code, out, err = run("show", "the Budapest Convention")
    assert code == 2 and "not a citation" in err and "Traceback" not in err


def test_parse_writes_atomically_and_reports_errors(tmp_path, mini_text):
    good = tmp_path / "good.txt"
    good.write_text(mini_text, encoding="utf-8")
    out = tmp_path / "out.json"
    code, _, err = run("parse", "--source", str(good), "--out", str(out))
    assert code == 0, err
    first = out.read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_text(mini_text.replace("Article 2.\n", "Article 5.\n"), encoding="utf-8")
    code, _, err = run("parse", "--source", str(bad), "--out", str(out))
    assert code == 2
    assert err.strip().endswith("bad.txt:56: expected article 2, found article 5")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert out.read_bytes() == first  # the earlier output is untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    code, _, err = run("parse", "--source", str(tmp_path / "missing.txt"), "--out", str(out))
    assert code == 2 and "cannot read the file" in err


def test_parse_twice_is_byte_identical(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run("parse", "-q", "--out", str(a))[0] == 0
    assert run("parse", "-q", "--out", str(b))[0] == 0
    assert a.read_bytes() == b.read_bytes()
