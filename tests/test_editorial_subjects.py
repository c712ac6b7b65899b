"""The subject index: the shipped entries (coverage, citations, see-also), broken files, ordering,
`treaty subjects`."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from treaty.citation import Citation
from treaty.cli import main
from treaty.editorial.subjects import SUBJECTS_DIR, coverage, letter, load_subjects, sort_key
from treaty.editorial.yamlfile import YamlErrors


@pytest.fixture(scope="module")
def index(doc):
    return load_subjects(doc)


# -- the shipped index ------------------------------------------------------------------------
def test_at_least_400_entries_each_with_a_target(index):
    assert len(index) >= 400
    assert all(s.targets for s in index.subjects)
    assert index.variant_count() >= 2000


def test_every_article_is_reached_by_at_least_three_entries(doc, index):
    cov = coverage(index, doc)
    assert len(cov) == 68
    assert {n: k for n, k in cov.items() if k < 3} == {}


def test_targets_are_canonical_and_resolve(doc, index):
    units = doc.index()
    for s in index.subjects:
        for t in s.targets:
            assert t in units, (s.label, t.canonical)


def test_targets_reach_paragraphs_and_items(index):
    depths = [len(t.path) for s in index.subjects for t in s.targets if t.part == "convention"]
    assert sum(1 for d in depths if d >= 2) / len(depths) > 0.8  # most point to a paragraph or an item


def test_see_also_names_existing_headings(index):
    headings = index.headings()
    for s in index.subjects:
        for name in s.see:
            assert name.casefold() in headings and name.casefold() != s.heading.casefold()


def test_ids_are_unique_and_variants_differ_from_the_heading(index):
    ids = [s.id for s in index.subjects]
    assert len(ids) == len(set(ids))
    for s in index.subjects:
        assert len(set(v.casefold() for v in s.variants)) == len(s.variants), s.label
        assert all("," not in v or v.count(",") < 3 for v in s.variants)


def test_readers_words_lead_to_the_provision(index):
    """A few subjects named in words the Convention does not use, checked by hand."""
    def entry_for(word):
        return [s for s in index.subjects if word in (v.casefold() for v in s.variants)]
    assert Citation.article(10) in entry_for("ddos")[0].targets
    assert Citation.article(16, 1) in entry_for("revenge porn")[0].targets
    assert Citation.article(30, 1) in entry_for("wiretap")[0].targets
    assert Citation.article(2, "c") in entry_for("metadata")[0].targets
    assert Citation.article(17, 1, "a", "i") in entry_for("money mule")[0].targets


def test_concerning_an_article_lists_its_subjects(index):
    labels = [s.label for s in index.concerning(Citation.article(40))]
    assert "Mutual legal assistance" in labels and "Central authority" in labels
    assert labels == sorted(labels, key=sort_key)


def test_concerning_finds_by_address_what_each_entry_says_it_concerns(doc, index):
    """Every provision of every part, and a few addresses no entry reaches: the same entries, in index order."""
    for c in [u.citation for u in doc.walk()] + [Citation.article(99), Citation("notes", (("note", "999"),))]:
        assert index.concerning(c) == [s for s in index.sorted() if s.concerns(c)], c.canonical


def test_a_to_z_letters():
    assert letter("24/7 network") == "0–9"
    assert letter("Émergence") == "E" and letter("bank secrecy") == "B"
    assert sorted(["Zeta", "alpha", "24/7 network", "Beta"], key=sort_key) == ["24/7 network", "alpha", "Beta", "Zeta"]


# -- broken files -----------------------------------------------------------------------------
def write(tmp_path, text, name="01-x.yaml"):
    d = tmp_path / "subjects"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return d


def problems(doc, directory):
    with pytest.raises(YamlErrors) as e:
        load_subjects(doc, directory)
    return [str(x) for x in e.value.errors]


@pytest.mark.parametrize("text, line, message", [
    ("- heading: A\n  targets: [Article 99]\n", 2, "target 'Article 99': The Convention has no article 99"),
    ("- heading: A\n  targets: [Art. 40(21)]\n", 2, "target: write the canonical citation 'Article 40(21)', not 'Art. 40(21)'"),
    ("- heading: A\n  targets: [Article 40(21)(z)]\n", 2, "has no subparagraph (z)"),
    ("- heading: A\n  targets: [not a citation]\n", 2, "target 'not a citation'"),
    ("- heading: A\n  variants: [x]\n", 1, "'targets' is a required property"),
    ("- heading: A\n  targets: []\n", 2, "should be non-empty"),
    ("- heading: A\n  targets: [Article 1]\n  colour: red\n", 1, "Additional properties are not allowed ('colour' was unexpected)"),
    ("- heading: A\n  see: [Nothing]\n  targets: [Article 1]\n", 1, "see also 'Nothing': no entry has that heading"),
    ("- heading: A\n  see: [A]\n  targets: [Article 1]\n", 1, "an entry cannot refer to its own heading"),
    ("- heading: A\n  targets: [Article 1]\n- heading: a\n  targets: [Article 2]\n", 3, "'a' is already an entry"),
    ("- heading: &h A\n  targets: [Article 1]\n- heading: *h\n  targets: [Article 2]\n", 1, "anchors and aliases"),
    ("- heading: A\n  heading: B\n  targets: [Article 1]\n", 2, "key 'heading' is given twice"),
    ("- heading: A\n  targets: [Article 1\n", 3, "malformed YAML"),
    ("- heading: ' A'\n  targets: [Article 1]\n", 1, "does not match"),
    ("- heading: A\n  variants: [DDoS, ddos]\n  targets: [Article 10]\n", 1, "the variant 'ddos' is given twice"),
])
def test_a_broken_entry_is_reported_at_its_line(tmp_path, doc, text, line, message):
    errs = problems(doc, write(tmp_path, text))
    assert any(e.startswith(f"{tmp_path}/subjects/01-x.yaml:{line}: ") and message in e for e in errs), errs


def test_a_heading_given_in_two_files(tmp_path, doc):
    d = write(tmp_path, "- heading: Extradition\n  targets: [Article 37(1)]\n")
    write(tmp_path, "- heading: Other\n  targets: [Article 1]\n- heading: Extradition\n  targets: [Article 37(2)]\n", "02-y.yaml")
    errs = problems(doc, d)
    assert errs == [f"{tmp_path}/subjects/02-y.yaml:3: 'Extradition' is already an entry ({tmp_path}/subjects/01-x.yaml:1): merge the two"]


def test_every_problem_of_every_file_is_reported(tmp_path, doc):
    d = write(tmp_path, "- heading: A\n  targets: [Article 99, Article 98]\n")
    write(tmp_path, "- heading: B\n  targets: [Article 97]\n", "02-y.yaml")
    assert len(problems(doc, d)) == 3


def test_an_empty_directory(tmp_path, doc):
    (tmp_path / "none").mkdir()
    assert "no *.yaml files" in problems(doc, tmp_path / "none")[0]


# -- treaty subjects --------------------------------------------------------------------------
def test_cli_lists_and_checks(capsys):
    assert main(["subjects"]) == 0
    captured = capsys.readouterr()
    assert re.search(r"^\d{3,} entries, \d+ variants; every target resolves; articles reached by fewer than 3 entries: none$", captured.err.strip())
    assert main(["subjects", "Article 41(3)(e)", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "Emergency disclosure of data" in [d["heading"] for d in data]
    assert all(set(d) == {"heading", "sub", "variants", "see", "targets", "file"} for d in data)


@pytest.mark.parametrize("args, status", [(["Article 99"], 1), (["blah"], 2)])
def test_cli_statuses(capsys, args, status):
    assert main(["subjects", *args]) == status
    err = capsys.readouterr().err
    assert "treaty subjects:" in err and "Traceback" not in err


def test_cli_unsound_data_is_exit_2(tmp_path, monkeypatch, capsys):
    from treaty.editorial import subjects

    d = tmp_path / "s"
    shutil.copytree(SUBJECTS_DIR, d)
    (d / "09-bad.yaml").write_text("- heading: Bad\n  targets: [Article 77]\n", encoding="utf-8")
    monkeypatch.setattr(subjects, "SUBJECTS_DIR", d)
    assert main(["subjects"]) == 2
    assert "09-bad.yaml:2: target 'Article 77'" in capsys.readouterr().err
