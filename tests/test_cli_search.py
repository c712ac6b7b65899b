"""`treaty search` on the command line: output shapes, exit statuses, and no traceback for any query.

The command is called in this process (``treaty.cli.main``, what the ``treaty`` entry point
calls) where what is checked is its output; in its own process where the process is the point
(the entry point, the environment)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import mini_env, treaty_main as run
from treaty.cli import main


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, served_index):
    return str(served_index(tmp_path_factory.mktemp("cli-search")))


def process(*args: str, env=None):
    """(status, stdout, stderr) of ``treaty`` run in its own process."""
    proc = subprocess.run([sys.executable, "-m", "treaty.cli", *args], capture_output=True, text=True, env=env)
    return proc.returncode, proc.stdout, proc.stderr


def test_json_output_has_exactly_the_documented_shape(index_dir):
    code, out, err = process("search", "--json", "--index", index_dir, "Art. 40(21)(b)")
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == ["query", "results", "suggestion"]
    assert data["query"] == "Art. 40(21)(b)" and data["suggestion"] is None
    first = data["results"][0]
    assert list(first) == ["citation", "id", "url", "score", "snippet"]
    assert first["citation"] == "Article 40(21)(b)" and first["id"] == "art40-21-b" and first["url"] == "articles/40.html#art40-21-b"


def test_text_output_lists_citation_url_score_and_snippet(index_dir):
    code, out, err = run("search", "--index", index_dir, "--limit", "2", "dual", "criminality")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(" 1. Article ") and "articles/" in lines[0] and "score" in lines[0]
    assert "**dual** **criminality**" in out
    assert sum(1 for line in lines if line[:4].strip().rstrip(".").isdigit()) == 2


def test_annotations_are_found_by_the_command(index_dir):
    code, out, err = run("search", "--json", "--index", index_dir, "--limit", "50", "kind:annotation")
    assert code == 0, err
    results = json.loads(out)["results"]
    assert results and all(r["citation"].startswith("Annotation: ") and r["url"].startswith("annotations.html#") for r in results)


def test_suggestion_is_printed(index_dir):
    code, out, _ = run("search", "--index", index_dir, "extradtion")
    assert code == 0 and out.startswith("Did you mean: extradition")
    code, out, _ = run("search", "--json", "--index", index_dir, "extradtion")
    assert json.loads(out)["suggestion"] == "extradition"


@pytest.mark.parametrize("args,message", [
    (["foo:bar"], "unknown field 'foo'"),
    ([""], "empty query"),
    (["--limit", "0", "data"], "expected a number of at least 1"),
    (["--limit", "x", "data"], "expected a whole number"),
])
def test_bad_input_exits_2_with_one_clear_line(index_dir, args, message):
    code, out, err = run("search", "--index", index_dir, *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "OR NOT", "*", "x" * 10_000, "\x07\x1b[2J", "Article 99", "kind:nonsense"])
def test_odd_queries_exit_0_with_a_notice_not_a_traceback(index_dir, query):
    code, out, err = run("search", "--json", "--index", index_dir, "--", query)
    assert code == 0 and "Traceback" not in err
    assert list(json.loads(out)) == ["query", "results", "suggestion"]


def test_index_location_can_be_set_by_environment(mini_corpus, tmp_path):
    code, out, err = process("search", "--json", "ordre public", env=mini_env(mini_corpus, TREATY_INDEX_DIR=str(tmp_path / "ix")))
    assert code == 0, err
    assert (tmp_path / "ix" / "treaty-index.json").exists()
    assert json.loads(out)["results"][0]["citation"] == "Article 3(2)"


@pytest.fixture
def mini_index_dir(in_mini_corpus, mini_index, tmp_path) -> str:
    return str(mini_index(tmp_path))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.one_of(st.text(max_size=120), st.lists(st.sampled_from(['"', "*", "AND", "OR", "NOT", "-", ":", "kind:", "foo:", "article:40",
                                                                          "article:3", "Art.", "40(21)", "3(2)", "(b)", "mla", "ordre", "\x00",
                                                                          "\u202e", "data"]), max_size=15).map(" ".join)))
def test_property_cli_answers_every_query(mini_index_dir, query):
    """The command's own part (arguments, statuses, notices, the JSON written) on the mini corpus,
    whose index opens in a millisecond (any query on the real index: test_search.py)."""
    code, out, err = run("search", "--json", "--index", mini_index_dir, "--limit", "3", "--", query)
    assert "Traceback" not in err
    if code == 0:
        data = json.loads(out)
        assert list(data) == ["query", "results", "suggestion"] and len(data["results"]) <= 3
    else:
        assert code == 2 and out == "" and err.startswith("treaty search: ")


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_an_index_path_holding_something_else_is_never_replaced(in_mini_corpus, tmp_path, kind):
    """`treaty search --index ~` would have replaced the home folder with an index (and removed it)."""
    target = tmp_path / "precious"
    if kind == "file":
        target.write_text("keep me", encoding="utf-8")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("keep me", encoding="utf-8")
    code, out, err = run("search", "--index", str(target), "grooming")
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and "cannot build the search index" in err and "Traceback" not in err
    assert (target if kind == "file" else target / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious"]
