"""Zero crashes (issue 14): every command answers any input with a result or one clear line and
exit status 0, 1 or 2 — never a traceback, never output that is not UTF-8 — and each input the
hostile-input pass found is a regression test.  Bounded for CI (benchmarks/bench_fuzz.py runs
the long version); inputs come from tests/fuzzing.py."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import Harness, annotation_files, citations, documents, judge
from treaty.citation import LEXICONS

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def treaty(tmp_path_factory, served_index):
    with Harness(served_index(tmp_path_factory.mktemp("fuzz"))) as harness:
        yield harness


def ok(answer, **kw):
    problem = judge(*answer, **kw)
    assert problem is None, (problem, answer)
    return answer


# -- properties ---------------------------------------------------------------------------------
@FUZZ
@given(text=citations(), json_flag=st.booleans())
def test_resolve_any_citation(treaty, text, json_flag):
    ok(treaty.run("resolve", *(["--json"] if json_flag else []), "--", text), json_out=json_flag)


@FUZZ
@given(text=citations(), json_flag=st.booleans())
def test_show_any_citation(treaty, text, json_flag):
    ok(treaty.run("show", *(["--json"] if json_flag else []), "--", text), json_out=json_flag)


@FUZZ
@given(text=citations(), json_flag=st.booleans())
def test_search_any_query(treaty, text, json_flag):
    ok(treaty.run("search", *(["--json"] if json_flag else []), "--", text), json_out=json_flag)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_link_any_document(treaty, fmt):
    @FUZZ
    @given(text=documents(fmt), json_flag=st.booleans(), lang=st.sampled_from(sorted(LEXICONS)), assume=st.sampled_from(["THIS", "OTHER"]))
    def check(text, json_flag, lang, assume):
        path = treaty.file(f"doc.{fmt}", text)
        flags = ["--lang", lang, "--assume", assume, *(["--json"] if json_flag else [])]
        ok(treaty.run("link", "--format", fmt, *flags, path), json_out=json_flag)

    check()


@FUZZ
@given(text=annotation_files())
def test_annotations_any_file(treaty, text):
    code, out, err = ok(treaty.run("annotations", "--dir", treaty.annotation_dir(text)), codes=(0, 2))
    assert code == 0 or all(":" in line for line in err.strip().splitlines())


# -- the reproducers of issue 14 -----------------------------------------------------------------
@pytest.mark.parametrize("citation,message", [
    ("Article 1000", "no article 1000"),
    ("Article 5(1000)", "Article 5 has no paragraph 1000"),
    ("Chapter 100", "no chapter 100"),
    ("note 100", "no note 100"),
    ("Article 999", "no article 999"),
    ("Chapter 0", "no chapter 0"),
    ("Chapter 45", "no chapter 45"),
    ("Article " + "9" * 40, "no article has a 40-digit number"),
    ("Article 0", "there is no article 0"),
    ("Article 5(0)", "there is no paragraph 0"),
    ("Report, paragraph 100", "The report has no paragraph 100"),
])
def test_numbers_out_of_range_are_not_found(treaty, citation, message):
    for command in ("resolve", "show"):
        code, out, err = ok(treaty.run(command, citation))
        assert (code, out) == (1, "") and message in err and len(err.strip().splitlines()) == 1, err


def test_search_for_article_0_says_there_is_none(treaty):
    """`treaty search "Article 0"` listed every provision mentioning "article": it says, in one
    line, that there is no article 0, and finds nothing (exit 0, as any search)."""
    code, out, err = ok(treaty.run("search", "Article 0"))
    assert (code, out) == (0, "No results for 'Article 0'.\n") and err == "treaty search: there is no article 0: 'Article 0'\n"
    code, out, err = ok(treaty.run("search", "--json", "article 5(0)"))
    assert code == 0 and json.loads(out)["results"] == [] and len(err.splitlines()) == 1 and "there is no paragraph 0" in err


def test_search_for_a_chapter_out_of_range_answers(treaty):
    """`treaty search "Chapter 0"` was a traceback (and /api/search a 500)."""
    code, out, err = ok(treaty.run("search", "--json", "Chapter 0"))
    assert code == 0 and json.loads(out)["results"] == [] and "no chapter 0" in err
    code, out, err = ok(treaty.run("search", "chapter 45 traffic data"))
    assert code == 0 and "no chapter 45" in err


def test_scanner_reads_a_subparagraph_number_without_an_index_error(treaty):
    """`article 40 paragraph 21 (b) subparagraph (1)` through `link` was an IndexError."""
    path = treaty.file("sub.txt", "article 40 paragraph 21 (b) subparagraph (1)\n" * 3)
    code, out, err = ok(treaty.run("link", "--json", path))
    data = json.loads(out)
    assert code == 0 and [c["targets"] for c in data["citations"]] == [["Article 40(21)(b)"]] * 3


@pytest.mark.parametrize("argv", [
    ["search", "ab\udcff"], ["search", "--json", "\udcff"], ["resolve", "Article 5\udcff"], ["show", "\udce9"],
    ["link", "--base-url", "\udcff", "-"],
])
def test_arguments_that_are_not_utf8_are_unreadable_input(treaty, argv):
    code, out, err = ok(treaty.run(*argv))
    assert (code, out) == (2, "") and "not UTF-8" in err


def test_not_utf8_argv_through_a_real_process():
    """Bytes the shell passes as they are: Python keeps them as surrogates; exit 2, nothing raw on stdout."""
    proc = subprocess.run([sys.executable, "-m", "treaty.cli", "search", "--json", b"ab\xff".decode("utf-8", "surrogateescape")],
                          capture_output=True)
    assert proc.returncode == 2 and proc.stdout == b"" and b"\xff" not in proc.stderr and b"not UTF-8" in proc.stderr


def test_long_label_chains_are_read_in_linear_work(treaty):
    """`Article 5` followed by thousands of `(a)` hung: building the address and finding what it
    lacks were both quadratic in the labels."""
    from treaty.citation import Citation
    from treaty.lookup import NotFound, find_citation

    c = Citation.article(5, *["a"] * 20_000)
    assert len(c.path) == 20_001
    made = []

    class Counting(dict):
        def get(self, key, default=None):
            made.append(len(key.path))
            return super().get(key, default)

    with pytest.raises(NotFound, match="Article 5 has numbered paragraphs"):
        find_citation(treaty.doc, c, Counting(treaty.doc.index()))
    assert len(made) <= 6 and sum(made) < 20_001 + 20  # the citation, then a few short prefixes: not 20,000 of them
    code, out, err = ok(treaty.run("resolve", "Article 5" + "(a)" * 5000))
    assert code == 1 and "numbered paragraphs" in err


def test_an_internal_error_is_exit_3_with_one_line_and_a_traceback_only_with_debug(treaty, monkeypatch):
    import treaty.cli as cli

    def broken(args):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli.reading, "cmd_outline", broken)
    code, out, err = treaty.run("outline")
    assert (code, out) == (3, "") and err.strip() == "treaty outline: internal error: RuntimeError: boom (run again with --debug for the traceback)"
    with pytest.raises(RuntimeError):
        cli.main(["--debug", "outline"])
    with pytest.raises(RuntimeError):
        cli.main(["outline", "--debug"])
