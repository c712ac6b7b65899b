"""treaty.site.derived: what a build keeps between builds is keyed by every input it is made from."""

from __future__ import annotations

import copy
import os
import pickle

import pytest

from treaty.annotate import annotate
from treaty.citation import Citation
from treaty.corpus import load
from treaty.site.derived import build_key, keep


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TREATY_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def trees(tmp_path):
    """A small package folder and corpus folder to key."""
    package, corpus = tmp_path / "package", tmp_path / "corpus"
    (package / "site").mkdir(parents=True)
    (package / "site" / "pages.py").write_text("PAGES = 1\n")
    (package / "rules.yaml").write_text("rule: 1\n")
    (corpus / "subjects").mkdir(parents=True)
    (corpus / "subjects" / "01.yaml").write_text("- heading: A\n")
    return package, corpus


def key(doc, trees) -> str:
    return build_key(doc, list(trees))


def test_an_equal_document_has_the_same_key_whatever_was_computed_from_it(trees):
    doc = load()
    before = key(doc, trees)
    [u.citation.url for u in doc.walk()]  # cached properties of every citation
    assert key(doc, trees) == before == key(load(), trees)


def test_the_document_unpickled_from_a_cache_has_the_key_of_the_document_read_from_the_corpus(trees):
    from treaty.annotate import annotate as annotated

    doc = load()
    # the corpus cache keeps the document with its annotations: they share citations and their parts
    back, _ = pickle.loads(pickle.dumps((doc, annotated(doc)), protocol=5))
    assert pickle.dumps(back, protocol=5) != pickle.dumps(doc, protocol=5)  # what made a rebuild miss
    assert key(back, trees) == key(doc, trees)


def test_a_citation_pickles_as_its_address():
    c = Citation.article(40, 21, "b")
    fresh = pickle.dumps(c)
    assert c.url and c.canonical and c.eid
    assert pickle.dumps(c) == fresh and pickle.loads(fresh) == c and pickle.loads(fresh).url == c.url


def test_a_changed_document_changes_the_key(trees):
    doc = load()
    other = copy.deepcopy(doc)
    unit = next(u for u in other.walk() if u.kind == "paragraph")
    unit.text += " "
    assert key(other, trees) != key(doc, trees)


@pytest.mark.parametrize("change", ["edit code", "add code", "rename code", "edit rules", "edit corpus", "add corpus file", "remove corpus file"])
def test_a_changed_file_of_the_package_or_the_corpus_changes_the_key(trees, change):
    package, corpus = trees
    doc = load()
    before = key(doc, trees)
    if change == "edit code":
        (package / "site" / "pages.py").write_text("PAGES = 2\n")
    elif change == "add code":
        (package / "site" / "more.py").write_text("")
    elif change == "rename code":
        (package / "site" / "pages.py").rename(package / "site" / "other.py")
    elif change == "edit rules":
        (package / "rules.yaml").write_text("rule: 2\n")
    elif change == "edit corpus":
        (corpus / "subjects" / "01.yaml").write_text("- heading: B\n")
    elif change == "add corpus file":
        (corpus / "subjects" / "02.yaml").write_text("")
    else:
        (corpus / "subjects" / "01.yaml").unlink()
    assert key(doc, trees) != before


def test_the_current_folder_and_the_installed_libraries_are_in_the_key(trees, tmp_path, monkeypatch):
    from treaty import cache

    doc = load()
    before = key(doc, trees)
    monkeypatch.chdir(tmp_path)
    assert key(doc, trees) != before
    here = key(doc, trees)
    monkeypatch.setattr(cache, "environment", lambda: "another Python, other libraries")
    assert key(doc, trees) != here


def test_a_value_is_kept_under_its_key_and_made_again_for_another(cache_dir):
    made = []

    def compute(value):
        made.append(value)
        return value

    assert keep("k1", "thing", lambda: compute(1)) == 1
    assert keep("k1", "thing", lambda: compute(2)) == 1  # read back: not made again
    assert keep("k2", "thing", lambda: compute(3)) == 3  # another key: made again
    assert keep(None, "thing", lambda: compute(4)) == 4  # no key: always made, never read
    assert made == [1, 3, 4]
    assert os.listdir(cache_dir) == ["site-thing.pickle"]


def test_annotations_kept_for_one_document_are_not_read_for_an_edited_one(cache_dir, trees):
    doc = load()
    other = copy.deepcopy(doc)
    unit = next(u for u in other.walk() if u.kind == "paragraph" and "article 5" not in u.text.casefold())
    unit.text += " See article 5."
    first = keep(key(doc, trees), "annotations", lambda: annotate(doc))
    second = keep(key(other, trees), "annotations", lambda: annotate(other))
    assert len(second.references) == len(first.references) + 1
    assert keep(key(other, trees), "annotations", lambda: pytest.fail("made again")).references == second.references


def test_a_source_pointed_elsewhere_changes_the_key(tmp_path, monkeypatch):
    import shutil

    from treaty.editorial import subjects

    doc = load()
    before = build_key(doc)
    moved = tmp_path / "subjects"
    shutil.copytree(subjects.SUBJECTS_DIR, moved)
    monkeypatch.setattr(subjects, "SUBJECTS_DIR", moved)
    assert build_key(doc) != before  # the same files, read from elsewhere
