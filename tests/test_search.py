"""Search: what is indexed, the query language, citations, spelling, abbreviations, staleness,
and that no query — however odd — ends in a traceback."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import append_to_article_text
from treaty.citation import parse
from treaty.corpus import CORPUS_PATH, load
from treaty.search import (
    KINDS,
    ExtraDocument,
    ExtraDocumentsError,
    annotation_source,
    QueryError,
    build_index,
    ensure_index,
    expansions,
    open_index,
    read_meta,
    records,
    search,
)


def cites(result):
    return [h.citation for h in result.hits]


# -- what is indexed --------------------------------------------------------------------------
def test_every_citable_unit_is_indexed_once(doc, site_annotations):
    recs = records(doc, site_annotations)
    by_citation = {r.citation: r for r in recs}
    assert len(by_citation) == len(recs) == len({r.cid for r in recs})
    wanted = {"paragraph", "item", "roman_item", "recital", "note", "article", "chapter"}
    for u in doc.walk():
        if u.kind in wanted:
            assert u.citation.canonical in by_citation, u.citation.canonical
    for f in doc.footnotes:
        assert by_citation[f.citation.canonical].kind == "footnote"
    kinds = {r.citation: r.kind for r in recs}
    assert kinds["Resolution, paragraph 4"] == "resolution_paragraph"
    assert kinds["Report, paragraph 8"] == "report_paragraph"
    assert kinds["Resolution, preamble, paragraph 1"] == "resolution_recital"
    assert kinds["Preamble, paragraph 3"] == "recital"
    assert kinds["Interpretative note 3"] == "note"
    assert set(kinds.values()) <= set(KINDS)


def test_article_without_paragraphs_is_indexed_with_its_own_text(doc, site_annotations):
    recs = {r.citation: r for r in records(doc, site_annotations)}
    art13 = recs["Article 13"]
    assert art13.kind == "article" and art13.text.startswith("Each State Party shall adopt")
    assert art13.heading == "Information and communications technology system-related theft or fraud"
    assert recs["Article 40(21)(b)"].context.startswith("Mutual legal assistance may be refused")
    assert recs["Article 40(21)(b)"].chapter == "v 5" and recs["Article 40(21)(b)"].articles == ("40",)
    assert recs["Interpretative note 4"].articles == ("23", "35")


# -- the query language -----------------------------------------------------------------------
@pytest.mark.parametrize("query,first", [
    ("Art. 40(21)(b)", "Article 40(21)(b)"),
    ("40(21)(b)", "Article 40(21)(b)"),
    ("article 2 (e)", "Article 2(e)"),
    ("article 40, paragraph 21", "Article 40(21)"),
    ("Interpretative note 3", "Interpretative note 3"),
    ("Chapter V", "Chapter V"),
    ("resolution, paragraph 4", "Resolution, paragraph 4"),
])
def test_a_citation_returns_that_provision_first(ix, query, first):
    result = search(ix, query)
    assert cites(result)[0] == first


def test_a_citation_is_followed_by_what_it_contains(ix):
    assert cites(search(ix, "Art. 40(21)")) == ["Article 40(21)"] + [f"Article 40(21)({x})" for x in "abcd"] + ["Article 40"]
    assert cites(search(ix, "Art 17(2)(a)")) == ["Article 17(2)(a)", "Article 17(2)"]
    assert "Interpretative note 1" in cites(search(ix, "Article 2", limit=50))


def test_a_citation_of_nothing_says_what_is_missing(ix):
    result = search(ix, "Article 14(7)")
    assert result.hits == [] and result.notices == ["Article 14 has no paragraph 7"]
    assert search(ix, "article 99").notices == ["The Convention has no article 99 (it has articles 1–68)"]
    for query, missing in (("Article 0", "there is no article 0"), ("Art. 5(0)", "there is no paragraph 0"),
                           ("Article 1234567890", "no article has a 10-digit number")):
        result = search(ix, query)
        assert result.hits == [] and len(result.notices) == 1 and result.notices[0].startswith(missing), (query, result.notices)


def test_a_citation_among_words_puts_that_provision_first(ix):
    result = search(ix, "article 40 refused", limit=10)
    assert result.hits[0].citation == "Article 40(21)"
    assert all(parse(c).article_number == 40 for c in cites(result))
    assert cites(search(ix, "article 2 kind:note")) == ["Interpretative note 1", "Interpretative note 2"]
    inside = cites(search(ix, "Article 40, paragraph 21 grounds", limit=5))
    assert set(inside) == {"Article 40(21)"} | {f"Article 40(21)({x})" for x in "abcd"}
    assert search(ix, "article 99 refusal").notices == ["The Convention has no article 99 (it has articles 1–68)"]


def test_field_filters(ix):
    notes = search(ix, "kind:note", limit=50)
    assert cites(notes) == [f"Interpretative note {n}" for n in range(1, 6)]
    in40 = search(ix, "article:40 request", limit=200)
    assert in40.hits and all(h.citation.startswith("Article 40") for h in in40.hits)
    v_roman = search(ix, "chapter:V data", limit=200)
    assert cites(v_roman) == cites(search(ix, "chapter:5 data", limit=200))
    arts = {parse(c).article_number for c in cites(v_roman)}
    assert arts - {None} and arts <= set(range(35, 53)) | {None}
    assert {parse(c).step("chapter") for c in cites(v_roman) if parse(c).article_number is None} == {"5"}
    both = search(ix, "kind:note article:35", limit=50)
    assert cites(both) == ["Interpretative note 4", "Interpretative note 5"]
    assert search(ix, "kind:nonsense").notices[0].startswith("no unit is of kind 'nonsense'")


def test_phrase_and_exclusion(ix, index, doc, site_annotations):
    result = search(ix, '"dual criminality"', limit=50)
    assert len(result.hits) >= 4 and all("dual criminality" in re.sub("</?mark>", "", h.snippet).lower() for h in result.hits)
    everything = search(ix, "extradition", limit=200)
    result = search(ix, "extradition -nationals", limit=200)
    assert 0 < len(result.hits) < len(everything.hits)
    assert not [c for c in cites(result) if not c.startswith("Chapter") and re.search(r"\bnation", index[c].full_text(), re.I)]
    assert cites(search(ix, "extradition NOT nationals", limit=200)) == cites(result)
    must = search(ix, "extradition AND nationals", limit=50)
    recs = {r.citation: r for r in records(doc, site_annotations)}
    assert must.hits and all(re.search(r"\bnation", " ".join((recs[c].text, recs[c].context, recs[c].inner, recs[c].heading)), re.I) for c in cites(must))


def test_an_excluded_filter_leaves_those_units_out(ix):
    assert "note" in [h.kind for h in search(ix, "service provider", limit=50).hits]
    for q in ("service provider -kind:note", "service provider NOT kind:note"):
        result = search(ix, q, limit=50)
        assert result.hits and "note" not in [h.kind for h in result.hits]
    assert not [h for h in search(ix, "service provider -article:2", limit=50).hits if h.citation.startswith("Article 2(")]


@pytest.mark.parametrize("query,clauses", [
    ('+nationals "dual criminality" -refuse extradition', [("word", "nationals", None, "+"), ("phrase", "dual criminality", None, "+"),
                                                          ("word", "refuse", None, "-"), ("word", "extradition", None, "")]),
    ("extradition AND nationals OR data", [("word", "extradition", None, "+"), ("word", "nationals", None, "+"), ("word", "data", None, "")]),
    ("e-mail State-to-State 40(21)(b)", [("word", "e-mail", None, ""), ("word", "State-to-State", None, ""), ("word", "40(21)(b)", None, "")]),
    ('art:40,41 Kind:"note" title:grooming groom*', [("filter", "40,41", "article", "+"), ("filter", "note", "kind", "+"),
                                                     ("word", "grooming", "heading", "+"), ("prefix", "groom", None, "")]),
    ('"unclosed phrase', [("phrase", "unclosed phrase", None, "+")]),
    ("AND OR NOT", []),
])
def test_the_query_syntax_read_by_whoosh_parser(query, clauses):
    from treaty.search.query import tokenize

    assert [(c.kind, c.value, c.field, c.sign) for c in tokenize(query)[0]] == clauses


def test_prefix(ix):
    assert cites(search(ix, "groom*"))[0] == "Article 15(1)"


def test_misspelling_is_corrected_with_a_suggestion(ix):
    result = search(ix, "extradtion of nationls")
    assert result.suggestion == "extradition of nationals"
    assert result.hits and result.hits[0].citation.startswith("Article 37")
    assert search(ix, "extradition").suggestion is None


@pytest.mark.parametrize("query,inside", [
    ("MLA", "Article 40"),
    ("CSAM", "Article 14"),
    ("24/7", "Article 41"),
    ("CoSP", "Article 57"),
])
def test_abbreviations_are_expanded(ix, query, inside):
    assert cites(search(ix, query))[0].startswith(inside)


@pytest.mark.parametrize("query,inside", [
    ("hacking", "Article 7"),
    ("revenge porn", "Article 16"),
    ("how can a country leave the convention", "Article 67"),
    ("liability of companies", "Article 18"),
])
def test_everyday_words_find_the_conventions_words(ix, query, inside):
    assert any(c.startswith(inside) for c in cites(search(ix, query))[:3])


def test_every_expansion_is_found_in_the_corpus(ix):
    """An expansion whose words the Convention does not use would silently do nothing."""
    for key, phrases in expansions().items():
        for phrase in phrases:
            assert search(ix, f'"{phrase}"', limit=1).hits, f"{key!r} expands to {phrase!r}, which no unit contains"


def test_words_as_written_outrank_stems(ix):
    # 'nationals' and 'United Nations' share the stem 'nation'; the unstemmed field tells them apart
    assert cites(search(ix, "extradition of nationals"))[0] in ("Article 37(11)", "Article 37(12)")


def test_a_quoted_phrase_is_required(ix):
    result = search(ix, '"bank secrecy" assistance', limit=50)
    assert result.hits and all("bank secrecy" in re.sub("</?mark>", "", h.snippet).lower() for h in result.hits)


def test_the_unit_that_defines_a_term_answers_what_it_is(ix, doc, site_annotations):
    recs = {r.citation: r for r in records(doc, site_annotations)}
    assert recs["Article 2(e)"].defines == "service provider"
    assert cites(search(ix, "definition of personal data"))[0] == "Article 2(g)"
    assert cites(search(ix, "traffic data definition"))[0] == "Article 2(c)"


def test_quality_floors_on_unambiguous_questions(ix):
    assert "Article 40(21)" in cites(search(ix, "can a state refuse mutual legal assistance"))[:3]
    assert cites(search(ix, "statute of limitations"))[0] == "Article 20"
    assert cites(search(ix, "grooming"))[0] == "Article 15(1)"
    assert cites(search(ix, "transfer of sentenced persons"))[0].startswith("Article 38")


def test_snippets_are_html_safe_and_marked(ix):
    for h in search(ix, "child sexual abuse material", limit=5).hits:
        assert "<mark>" in h.snippet
        assert re.sub(r"</?mark>", "", h.snippet).count("<") == 0
    data = search(ix, "ordre public").to_json()
    assert set(data) == {"query", "results", "suggestion"}
    assert set(data["results"][0]) == {"citation", "id", "url", "score", "snippet"}
    json.dumps(data)


# -- the index on disk (the mini corpus's: how an index lives does not depend on its size) -----
def test_stale_index_is_rebuilt_when_the_corpus_changes(in_mini_corpus, tmp_path):
    corpus = tmp_path / "convention.json"
    shutil.copyfile(in_mini_corpus / "convention.json", corpus)
    path = tmp_path / "index"
    with ensure_index(corpus, path) as index:
        first = read_meta(path)["corpus_sha256"]
        assert search(index, "zebrafish").hits == []
    (path / "marker").write_text("kept while fresh")
    ensure_index(corpus, path).close()
    assert (path / "marker").exists(), "an up-to-date index must not be rebuilt"
    append_to_article_text(corpus, "4", "zebrafish")
    with ensure_index(corpus, path) as index:
        assert read_meta(path)["corpus_sha256"] != first
        assert not (path / "marker").exists()
        found = cites(search(index, "zebrafish", limit=50))  # the article, then its items (the words lead into them)
        assert found == ["Article 4"] + [f"Article 4({x})" for x in "abcdefghij"]


def test_a_damaged_index_is_rebuilt(in_mini_corpus, tmp_path):
    corpus, path = in_mini_corpus / "convention.json", tmp_path / "index"
    ensure_index(corpus, path).close()
    for f in path.glob("*.seg"):
        f.write_bytes(b"garbage")
    for f in path.glob("_MAIN_*.toc"):
        f.unlink()
    with ensure_index(corpus, path) as index:
        assert cites(search(index, "ordre public"))[0] == "Article 3(2)"


def test_an_item_matched_through_its_lead_in_shows_the_lead_in(ix):
    hit = next(h for h in search(ix, "may be refused", limit=50).hits if h.citation == "Article 40(21)(a)")
    assert hit.snippet.startswith("Mutual legal assistance may be <mark>refused</mark>") and "If the request is not made" in hit.snippet


def test_annotations_are_indexed(served_ix):
    """The editorial annotations, in the index `treaty search` keeps."""
    found = search(served_ix, "kind:annotation", limit=50).hits
    assert len(found) == len(list((CORPUS_PATH.parent / "annotations").glob("*.md")))
    assert all(h.url.startswith("annotations.html#annotation-") for h in found)
    assert [h.id for h in search(served_ix, "kind:annotation article:65").hits] == ["annotation-entry-into-force"]
    # found by its title among the first answers (Article 65(1), which the subject index files
    # under "Entry into force", may come first: it is the rule the annotation explains)
    assert "Annotation: How entry into force is counted" in cites(search(served_ix, "how entry into force is counted"))[:3]


def test_the_index_is_rebuilt_when_the_annotations_change(in_mini_corpus, tmp_path):
    notes = tmp_path / "annotations"
    shutil.copytree(in_mini_corpus / "annotations", notes)
    corpus, path = in_mini_corpus / "convention.json", tmp_path / "index"
    with ensure_index(corpus, path, extra_source=annotation_source(notes)) as index:
        assert [h.id for h in search(index, "kind:annotation").hits] == ["annotation-public-order"]
        assert search(index, "zebrafish").hits == []
    page = notes / "public-order.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA zebrafish swims here.\n", encoding="utf-8")
    with ensure_index(corpus, path, extra_source=annotation_source(notes)) as index:
        assert [h.id for h in search(index, "zebrafish").hits] == ["annotation-public-order"]
    page.write_text(page.read_text(encoding="utf-8").replace("kind: commentary", "kind: gossip"), encoding="utf-8")
    with pytest.raises(ExtraDocumentsError, match="public-order.md:"):
        ensure_index(corpus, path, extra_source=annotation_source(notes))


def test_open_index_without_an_index_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no search index"):
        open_index(tmp_path / "nothing")


def test_extra_documents_are_searchable_and_filed_under_their_article(in_mini_corpus, tmp_path):
    extra = ExtraDocument("Article 3(2)", "ann-3-2-1", "articles/3.html#ann-3-2-1", "annotation",
                          "Grounds for refusal", "Commentators compare the refusal grounds with the Budapest Convention.", (parse("Article 3(2)"),))
    with build_index(load(in_mini_corpus / "convention.json"), tmp_path / "ix", [extra]) as index:
        result = search(index, "Budapest commentators")
        assert cites(result)[0] == "Article 3(2)" and result.hits[0].id == "ann-3-2-1"
        assert [h.id for h in search(index, "kind:annotation article:3").hits] == ["ann-3-2-1"]
        assert search(index, "3(2)").hits[0].id == "art3-2"  # citations resolve to the Convention's own unit


# -- bad queries ------------------------------------------------------------------------------
BAD = ['"unbalanced', 'a "b', '"', "AND", "OR", "NOT", "AND OR NOT", "*", "**", "?", "-", "+", "article:", "kind:",
       "x" * 10_000, "data " * 2_000, "\x00\x07\x1b[31m", "ok\u200b\u202e", "(((", ")", "article:abc", "chapter:XIV",
       "foo:bar", ":", "::", "a:b:c", "NOT NOT", "-extradition", "\ud800" if False else "\ufffd", "🙂", "Art. 0", "40(0)"]


@pytest.mark.parametrize("query", BAD)
def test_bad_queries_give_results_or_a_clear_message(ix, query):
    try:
        result = search(ix, query)
    except QueryError as e:
        assert str(e)
        return
    json.dumps(result.to_json())


def test_unknown_field_is_named(ix):
    with pytest.raises(QueryError, match="unknown field 'foo'.*fields are: .*kind"):
        search(ix, "foo:bar extradition")


def test_empty_query_is_a_clear_error(ix):
    for q in ("", "   ", "\x00"):
        with pytest.raises(QueryError, match="empty query"):
            search(ix, q)
    with pytest.raises(QueryError, match="limit"):
        search(ix, "data", limit=0)


_ALPHABET = st.sampled_from(list('abcdeAORNTD "*:-+()?!\\/[]{}^~&|\x00\x07\t\n') + ["article:", "kind:note", "chapter:V", "AND", "OR", "NOT",
                                                                                       "Art. 40(21)", "MLA", "extradtion", "é", "\u200b"])
QUERIES = st.one_of(st.text(max_size=200), st.lists(_ALPHABET, max_size=30).map("".join), st.lists(_ALPHABET, max_size=12).map(" ".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES)
def test_property_any_query_gives_results_or_a_query_error(ix, query):
    try:
        result = search(ix, query, limit=5)
    except QueryError as e:
        assert str(e)
        return
    data = json.loads(json.dumps(result.to_json()))
    assert set(data) == {"query", "results", "suggestion"} and len(data["results"]) <= 5
    for r in data["results"]:
        assert set(r) == {"citation", "id", "url", "score", "snippet"}
