"""Search with the editorial data: subject-index words and counterparts as fields of the provisions
they point to, a query citing another instrument's article, and questions."""

from __future__ import annotations

import shutil

import pytest

from treaty.search import ensure_index, records, search
from treaty.search.questions import is_question, read_question
from treaty.search.query import tokenize
from treaty.search.records import editorial_fields


def cites(result):
    return [h.citation for h in result.hits]


def test_records_carry_subjects_origins_and_counterparts(doc, site_annotations):
    fields, aliases = editorial_fields(doc)
    recs = {r.citation: r for r in records(doc, site_annotations, (), fields)}
    assert "DDoS" in recs["Article 10"].subjects and "Denial-of-service attacks" in recs["Article 10"].subjects
    assert "revenge porn" in recs["Article 16(1)"].subjects
    assert "Budapest Convention" in recs["Article 28"].origins and "Search and seizure of stored computer data" in recs["Article 28"].origins
    assert recs["Article 28"].counterparts == ("ETS 185/19",)
    assert "computer system" in recs["Article 7(1)"].origins  # the counterpart's word for "ICT system"
    assert recs["Article 4(2)"].subjects and not recs["Article 4(2)"].counterparts
    assert aliases["Budapest Convention"] == "ETS 185" and aliases["Palermo Convention"] == "UNTOC"


@pytest.mark.parametrize("query, first", [
    ("article 19 of the Budapest Convention", "Article 28"),
    ("Budapest Convention, Article 19", "Article 28"),
    ("ETS 185 art. 19", "Article 28"),
    ("what does article 29 of the Budapest Convention correspond to", "Article 42"),
    ("UNTOC art. 18", "Article 40"),
    ("Lanzarote Convention article 23", "Article 15"),
])
def test_a_query_naming_a_counterpart_ranks_the_corresponding_provision_first(ix, query, first):
    assert cites(search(ix, query))[0] == first


def test_a_counterpart_with_several_articles_and_one_with_none(ix):
    assert cites(search(ix, "Budapest Convention article 46"))[:3] == ["Article 55", "Article 57", "Article 58"]
    result = search(ix, "Budapest Convention article 10")  # copyright: no article corresponds, the words are searched
    assert "Article 28" not in cites(result)[:1]


def test_counterpart_titles_and_terminology_are_searchable(ix):
    assert "Article 9(1)" in cites(search(ix, "data interference"))[:3]  # ETS 185 Article 4's title
    assert "Article 13" in cites(search(ix, "computer-related fraud"))[:3]
    assert cites(search(ix, "Budapest production order"))[0] in ("Article 27", "Article 27(a)", "Article 27(b)")


@pytest.mark.parametrize("query, answer", [
    ("ransomware", "Article 9(1)"),
    ("DDoS", "Article 10"),
    ("phone tapping", "Article 30(1)(a)"),
    ("SIM swapping", "Article 13(c)"),  # a word only the subject index has is not "corrected" into another
    ("revenge porn", "Article 16(1)"),
    ("money mules", "Article 17(1)(a)(i)"),
])
def test_everyday_words_find_the_provision(ix, query, answer):
    assert answer in cites(search(ix, query))[:3]


def test_quoted_required_and_excluded_words_are_the_texts_own(ix):
    assert search(ix, '"revenge porn"').hits == []  # not the Convention's words
    assert all("porn" not in h.snippet for h in search(ix, "+revenge intimate").hits) or search(ix, "+revenge intimate").hits == []
    everything = cites(search(ix, "intimate images", limit=100))
    assert cites(search(ix, "intimate images -revenge", limit=100)) == everything  # "revenge" is only an editorial word


# -- questions --------------------------------------------------------------------------------
def words(query):
    clauses, _ = tokenize(query)
    kept, intent = read_question(query, clauses)
    return [c.value for c in kept], intent


@pytest.mark.parametrize("query, kept, intent", [
    ("can a State refuse mutual legal assistance?", ["refuse", "mutual", "legal", "assistance"], []),
    ("who receives requests for mutual legal assistance", ["receives", "requests", "for", "mutual", "legal", "assistance"], []),
    ("how long must preserved data be kept", ["preserved", "data", "kept"], ["period", "days", "duration"]),
    ("when does the Convention enter into force?", ["enter", "into", "force"], ["time", "date", "day"]),
    ("does the treaty apply to "'"dual criminality"', ["apply", "dual criminality"], []),
    ("mutual legal assistance refusal", ["mutual", "legal", "assistance", "refusal"], []),  # not a question: as typed
    ("the State", ["the", "State"], []),
    ("what is it?", ["what", "is", "it?"], []),  # only framing: searched as typed
])
def test_question_framing(query, kept, intent):
    assert words(query) == (kept, intent)


def test_is_question():
    assert is_question("what is a service provider", tokenize("what is a service provider")[0])
    assert is_question("service provider?", tokenize("service provider?")[0])
    assert not is_question("service provider", tokenize("service provider")[0])


@pytest.mark.parametrize("query, answers", [
    ("can a state refuse mutual legal assistance", {"Article 40(21)"}),
    ("when does the convention enter into force", {"Article 65(1)"}),
    ("how long must preserved data be kept", {"Article 42(8)", "Article 25(2)"}),
    ("what is a service provider", {"Article 2(e)", "Interpretative note 1"}),
    ("is dual criminality needed for a preservation request", {"Article 42(4)", "Article 42(5)"}),
    ("how can a country leave the convention", {"Article 67(1)"}),
])
def test_a_question_returns_the_answering_provision_in_the_top_three(ix, query, answers):
    assert answers & set(cites(search(ix, query))[:3])


def test_the_index_is_rebuilt_when_the_subject_index_changes(in_mini_corpus, tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(in_mini_corpus, corpus)
    from treaty.editorial import search_fields, subjects

    monkeypatch.setattr(subjects, "SUBJECTS_DIR", corpus / "subjects")
    monkeypatch.setattr(search_fields, "CORPUS_DIR", corpus)
    path = tmp_path / "index"
    with ensure_index(corpus / "convention.json", path) as index:
        assert search(index, "zebrafish").hits == []
    extra = corpus / "subjects" / "09-test.yaml"
    extra.write_text("- heading: Zebrafish\n  targets: [Article 2(2)]\n", encoding="utf-8")
    with ensure_index(corpus / "convention.json", path) as index:
        assert cites(search(index, "zebrafish")) == ["Article 2(2)"]
