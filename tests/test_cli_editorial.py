"""`treaty concordance`: every row, one article, the other direction, exit statuses, JSON shape."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from treaty.cli import main
from treaty.editorial import concordance as conc_mod

ROW_KEYS = ["article", "instrument", "short", "counterpart", "relation"]


def rows(capsys, *args):
    assert main(["concordance", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_row(capsys):
    data = rows(capsys)
    assert len(data) >= 120
    assert all(list(r) == ROW_KEYS for r in data)
    assert {"article": "Article 28", "instrument": "Council of Europe Convention on Cybercrime (ETS No. 185)",
            "short": "Budapest", "counterpart": "Article 19", "relation": "adapted"} in data
    assert {r["short"] for r in data} >= {"Budapest", "UNTOC", "UNCAC", "Lanzarote", "Second Protocol"}


def test_an_article_of_this_convention(capsys):
    assert rows(capsys, "Article 28") == [{"article": "Article 28", "instrument": "Council of Europe Convention on Cybercrime (ETS No. 185)",
                                          "short": "Budapest", "counterpart": "Article 19", "relation": "adapted"}]
    assert rows(capsys, "Art. 28(3)(b)") == rows(capsys, "Article 28")
    assert [r["counterpart"] for r in rows(capsys, "Article 40") if r["short"] == "Budapest"] == ["Article 25", "Article 26", "Article 27", "Article 28"]
    assert {r["article"] for r in rows(capsys, "Chapter IV")} == {f"Article {n}" for n in range(23, 35)}


@pytest.mark.parametrize("citation", ["Budapest Convention, Article 19", "ETS 185 art. 19", "article 19 of the Budapest Convention"])
def test_the_other_direction(capsys, citation):
    assert rows(capsys, citation) == [{"article": "Article 28", "instrument": "Council of Europe Convention on Cybercrime (ETS No. 185)",
                                       "short": "Budapest", "counterpart": "Article 19", "relation": "adapted"}]


def test_the_other_direction_several_articles(capsys):
    assert [r["article"] for r in rows(capsys, "Budapest Convention, Article 46")] == ["Article 55", "Article 57", "Article 58"]
    assert [r["article"] for r in rows(capsys, "UNTOC art. 18")] == ["Article 40"]


def test_text_output(capsys):
    assert main(["concordance", "Budapest Convention, Article 19"]) == 0
    out = capsys.readouterr().out
    assert out.split() == ["Article", "28", "Budapest,", "Article", "19", "adapted", "Search", "and", "seizure", "of", "stored", "computer", "data"]


def test_no_counterpart_is_not_an_error(capsys):
    assert main(["concordance", "Article 4", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == [] and "Article 4 has no counterpart" in captured.err
    assert main(["concordance", "Budapest Convention, Article 10"]) == 0
    assert "no article of this Convention corresponds to Budapest, Article 10" in capsys.readouterr().err


@pytest.mark.parametrize("args, status, message", [
    (["Article 99"], 1, "no article 99"),
    (["Budapest Convention, Article 99"], 1, "Budapest has no Article 99"),
    (["Article 40(99)"], 1, "has no paragraph 99"),
    (["blah"], 2, "not a citation"),
    (["Budapest Convention, blah"], 2, "not a citation of an article of the Budapest Convention"),
    (["Preamble"], 2, "the concordance is by article"),
])
def test_exit_statuses(capsys, args, status, message):
    assert main(["concordance", *args]) == status
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err and "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_unsound_data_is_exit_2_with_file_and_line(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "concordance.yaml"
    shutil.copy(conc_mod.CONCORDANCE_PATH, bad)
    bad.write_text(bad.read_text(encoding="utf-8").replace("instrument: UNTOC, article: 18,", "instrument: UNTOK, article: 18,", 1), encoding="utf-8")
    monkeypatch.setattr(conc_mod, "CONCORDANCE_PATH", bad)
    assert main(["concordance"]) == 2
    err = capsys.readouterr().err
    assert "concordance.yaml:" in err and "unknown instrument 'UNTOK'" in err


def test_the_command_runs_as_a_process():
    proc = subprocess.run([sys.executable, "-m", "treaty.cli", "concordance", "ETS 185 art. 19", "--json"], capture_output=True, text=True)
    assert proc.returncode == 0 and json.loads(proc.stdout)[0]["article"] == "Article 28"
