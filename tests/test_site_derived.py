"""treaty.site.derived: what a build keeps between builds is keyed by every input it is made from."""

from __future__ import annotations

import copy
import os
import pickle
from pathlib import Path

import pytest

from treaty.annotate import annotate
from treaty.citation import Citation
from treaty.corpus import load
from treaty.site.derived import EVERYTHING, READS, build_key, code_files, keep


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("TREATY_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def trees(tmp_path):
    """A small package folder (with a corpus folder inside, as the package's data has) and one
    small folder for each editorial source."""
    package, corpus = tmp_path / "package", tmp_path / "corpus"
    (package / "site").mkdir(parents=True)
    (package / "site" / "pages.py").write_text("PAGES = 1\n")
    (package / "rules.yaml").write_text("rule: 1\n")
    (package / "data" / "corpus").mkdir(parents=True)
    (package / "data" / "corpus" / "convention.json").write_text("{}")
    where = {}
    for name in ("annotations", "subjects", "concordance", "corpus"):
        (corpus / name).mkdir(parents=True)
        (corpus / name / "01.yaml").write_text("- heading: A\n")
        where[name] = [corpus / name]
    return package, where


def key(doc, trees) -> str:
    """The key of the pages (what reads everything)."""
    return keys(doc, trees).of("pages")


def keys(doc, trees):
    package, where = trees
    return build_key(doc, where, package)


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
    package, where = trees
    corpus = where["subjects"][0]
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
        (corpus / "01.yaml").write_text("- heading: B\n")
    elif change == "add corpus file":
        (corpus / "02.yaml").write_text("")
    else:
        (corpus / "01.yaml").unlink()
    assert key(doc, trees) != before


@pytest.mark.parametrize("source", sorted(EVERYTHING))
def test_a_changed_source_changes_exactly_the_keys_of_the_values_that_read_it(trees, source):
    doc = load()
    before = keys(doc, trees)
    (trees[1][source][0] / "01.yaml").write_text("- heading: B\n")
    after = keys(doc, trees)
    changed = {name for name in READS if after.of(name) != before.of(name)}
    assert changed == {name for name, reads in READS.items() if source in reads}
    assert "pages" in changed and "annotations" not in changed


def test_the_code_and_the_document_are_in_every_key_but_the_corpus_inside_the_package_is_not(trees):
    package, _ = trees
    doc = load()
    before = keys(doc, trees)
    (package / "data" / "corpus" / "convention.json").write_text('{"edited": true}')  # read as the sources, not as code
    assert keys(doc, trees) == before
    (package / "rules.yaml").write_text("rule: 2\n")
    code = keys(doc, trees)
    other = copy.deepcopy(doc)
    next(u for u in other.walk() if u.kind == "paragraph").text += " "
    edited = keys(other, trees)
    for name in READS:
        assert len({before.of(name), code.of(name), edited.of(name)}) == 3, name
    with pytest.raises(KeyError):
        before.of("a value that does not say what it reads")


def test_the_package_s_own_files_are_its_code_and_data_without_its_corpus():
    from treaty.settings import DATA_DIR

    files = code_files()
    assert Path(__file__).parents[1] / "tools" / "treaty" / "site" / "derived.py" in files
    assert DATA_DIR / "mkdocs.yml" in files
    assert not any(p.name == "convention.json" or p.suffix == ".md" and "annotations" in p.parts for p in files)
    assert DATA_DIR / "corpus" / "schema" / "annotation.schema.json" in files  # the package's contract, with its code


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
    after = build_key(doc)
    assert after.of("subject index") != before.of("subject index")  # the same files, read from elsewhere
    assert after.of("annotations") == before.of("annotations")


#: computes, with no build cache, every kept value but the pages (which read everything) and prints
#: the hash of each, pickled as it is made (site/derived.py READS names them)
_VALUES = r'''
import hashlib, json
from treaty.corpus import load
from treaty.exports import annotations_export, document_exports
from treaty.site import browser_search, build, implementation, implementation_pages, origins, subject_index
from treaty.editorial.search_fields import search_fields
from treaty.site.context import Context
from treaty.site.derived import pickled
from treaty.site.pages import PAGE_GENERATORS, article_pages

values = {}
def made(name, value):
    values[name] = hashlib.sha256(pickled(value)).hexdigest()
    return value

doc = load()
annotations = made("annotations", build.default_annotate(doc))
editorial = made("editorial annotations", build.load_editorial(doc))
for note in editorial:  # each file's, kept by its name and bytes
    made("editorial annotation: " + note.slug, note)
made("exports", document_exports(doc))
made("annotations export", annotations_export(editorial))
ctx = Context.make(doc, annotations, editorial)
made("implementation map", implementation.implementation_map(ctx))
made("implementation downloads", implementation_pages.downloads(ctx))
made("subject index", subject_index.subject_index(ctx))
made("subjects by article", subject_index.subjects_by_article(ctx))
made("concordance", origins.concordance(ctx))
made("word diffs", origins._word_diffs(ctx))
made("search fields", search_fields(doc, subject_index.subject_index(ctx), origins.concordance(ctx)))
made("browser index", browser_search.browser_index(ctx))
made("search worker", browser_search.worker_script())
for generator in PAGE_GENERATORS:  # in the build's order: a file several write is the first one's
    made("pages/" + generator.__name__, build.generate(ctx, generator))
for page in article_pages(ctx):  # each kept by the editorial annotations it shows besides
    made("article pages: " + page.path, page)
print(json.dumps(values))
'''

#: source → [(file of the corpus folder, text replaced, by what)]: edits each value reading it shows
_EDITS = {
    "annotations": [("annotations/signature.md", "({provision}`Article 64(4)`).", "({provision}`Article 64(4)`). One more sentence.")],
    "subjects": [("subjects/03-jurisdiction.yaml", "competence to prosecute,", "competence to prosecute, power to prosecute,")],
    "concordance": [("counterparts/instruments.yaml", "aliases: [Budapest Convention,", "aliases: [Budapest Treaty, Budapest Convention,"),
                    ("concordance/terminology.yaml", "  - {from: computer program, to: program}\n", "")],
}


def test_each_kept_value_reads_only_the_sources_its_key_names(tmp_path):
    """Each source edited in a copy of the corpus folder: every value whose key does not name it
    is made exactly as before (so reading it back after the edit is right), and some value that
    names it changes (the edit is seen)."""
    import json
    import shutil
    import subprocess
    import sys

    from treaty.settings import CORPUS_DIR

    runs = {}
    for source in [None, *_EDITS]:
        folder = tmp_path / (source or "unchanged")
        shutil.copytree(CORPUS_DIR, folder)
        for name, old, new in _EDITS.get(source, []):
            text = (folder / name).read_text(encoding="utf-8")
            assert old in text
            (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
        env = dict(os.environ, TREATY_CORPUS_DIR=str(folder), TREATY_CACHE_DIR="")
        runs[source] = subprocess.Popen([sys.executable, "-c", _VALUES], env=env, stdout=subprocess.PIPE, text=True)
    values = {}
    for source, run in runs.items():
        out, _ = run.communicate(timeout=300)
        assert run.returncode == 0
        values[source] = json.loads(out)
    made = {name.partition(":")[0] for name in values[None]}
    assert {n for n in made if not n.startswith("pages/")} == {n for n in READS if not n.startswith("pages")} - {"compacted pages"}
    assert {n for n in READS if n.startswith("pages/")} < made

    def reads(name: str) -> tuple[str, ...]:
        return READS.get(name.partition(":")[0], READS["pages"])  # a generator READS does not name reads everything

    for source in _EDITS:
        changed = {name for name in values[None] if values[source][name] != values[None][name]}
        reading = {name for name in values[None] if source in reads(name)}
        if source == "annotations":  # the edited file's own, and the page of Article 64, where it is shown
            reading |= {"editorial annotation: " + Path(_EDITS[source][0][0]).stem, "article pages: articles/64.html"}
        assert changed <= reading, source
        assert changed, source
    assert "article pages: articles/64.html" in {n for n in values[None] if values["annotations"][n] != values[None][n]}


def test_after_one_note_is_edited_only_that_one_is_read_again(cache_dir, tmp_path, monkeypatch):
    import shutil

    from treaty.editorial import annotations
    from treaty.site import build as build_module

    doc = load()
    notes = tmp_path / "annotations"
    shutil.copytree(annotations.ANNOTATIONS_DIR, notes)
    monkeypatch.setattr(annotations, "ANNOTATIONS_DIR", notes)
    read, reading = [], annotations.read_annotation
    monkeypatch.setattr(annotations, "read_annotation", lambda d, path, index=None: read.append(path.name) or reading(d, path, index))
    first = build_module.load_editorial(doc, build_key(doc))
    assert sorted(read) == sorted(p.name for p in notes.glob("*.md")) and len(read) == len(first)
    note = notes / "signature.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    read.clear()
    edited = build_module.load_editorial(doc, build_key(doc))
    assert read == ["signature.md"]
    assert [a.slug for a in edited] == [a.slug for a in first]
    assert [a for a in edited if a.slug != "signature"] == [a for a in first if a.slug != "signature"]
    assert build_module.load_editorial(doc) == edited  # without keys: every file read, the same notes
    assert len(read) == 1 + len(first)
