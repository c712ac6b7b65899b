"""treaty.cache: values kept under build/cache, recomputed when what they are made from changes;
and what the CLI's cold start does not load."""

from __future__ import annotations

import json
import subprocess
import sys

from treaty import cache
from treaty.cache import cached, digest


def test_a_value_is_computed_once_per_input(tmp_path, monkeypatch):
    monkeypatch.setenv("TREATY_CACHE_DIR", str(tmp_path))
    calls = []

    def compute(x):
        calls.append(x)
        return {"value": x}

    assert cached("v", [b"one"], lambda: compute(1)) == {"value": 1}
    assert cached("v", [b"one"], lambda: compute(2)) == {"value": 1}
    assert cached("v", [b"two"], lambda: compute(3)) == {"value": 3}
    assert calls == [1, 3]


def test_a_damaged_or_foreign_file_is_recomputed(tmp_path, monkeypatch):
    monkeypatch.setenv("TREATY_CACHE_DIR", str(tmp_path))
    cached("v", [b"x"], lambda: 1)
    (tmp_path / "v.pickle").write_bytes(b"not a cache file")
    assert cached("v", [b"x"], lambda: 2) == 2
    (tmp_path / "v.pickle").write_bytes(digest([b"x"]).encode() + b"\n" + b"\x80truncated")
    assert cached("v", [b"x"], lambda: 3) == 3
    assert cached("v", [b"x"], lambda: 4) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.pickle"]  # no temporary file left


def test_an_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("TREATY_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    assert cached("v", [b"x"], lambda: 1) == 1
    assert cached("v", [b"x"], lambda: 2) == 2
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_cache_still_answers(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("TREATY_CACHE_DIR", str(blocker / "cache"))
    assert cached("v", [b"x"], lambda: 5) == 5


def test_digest_separates_its_parts():
    assert digest([b"ab", b"c"]) != digest([b"a", b"bc"])


def _modules_after(tmp_path, *argv: str) -> set[str]:
    code = ("import sys, json\nfrom treaty.cli import main\nimport io, contextlib\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        main(%r)\n    except SystemExit:\n        pass\n"
            "print(json.dumps(sorted(sys.modules)))") % (list(argv),)
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300, check=True)
    return set(json.loads(out.stdout.splitlines()[-1]))


HEAVY = ("yaml", "markdown_it", "whoosh", "jsonschema", "lxml", "mkdocs", "treaty.site", "treaty.search", "treaty.parse")


def test_version_loads_nothing_heavy(tmp_path):
    loaded = _modules_after(tmp_path, "--version")
    assert not [m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]
    assert "treaty.citation" not in loaded


def test_show_loads_no_search_site_or_schema_checker(tmp_path):
    for _ in range(2):  # the first run fills build/cache, the second reads it
        loaded = _modules_after(tmp_path, "show", "Article 5")
    assert not [m for m in loaded if m.split(".")[0] in ("whoosh", "jsonschema", "mkdocs") or m.startswith(("treaty.site", "treaty.search", "treaty.parse"))]


def test_lang_choices_are_the_lexicons():
    from treaty.citation import LEXICONS
    from treaty.cli import languages

    assert languages() == sorted(LEXICONS)


def test_the_cli_reads_cached_annotations_and_sees_a_changed_file(tmp_path, monkeypatch):
    import shutil

    from treaty.annotate import annotate
    from treaty.cli.common import editorial_annotations, load_corpus, stored_annotations
    from treaty.settings import ANNOTATIONS_DIR

    monkeypatch.setenv("TREATY_CACHE_DIR", str(tmp_path / "cache"))
    notes = tmp_path / "notes"
    shutil.copytree(ANNOTATIONS_DIR, notes)
    first = load_corpus()
    expected = annotate(first)
    assert stored_annotations(first) == expected
    before = editorial_annotations(first, notes)
    doc = load_corpus()  # from the cache this time
    assert doc is not first and doc == first and stored_annotations(doc) == expected
    assert editorial_annotations(doc, notes) == before
    path = sorted(notes.glob("*.md"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Changed ", 1), encoding="utf-8")
    after = editorial_annotations(doc, notes)
    assert [a.title for a in after] != [a.title for a in before]
    assert after[0].title.startswith("Changed ")


def test_cached_each_computes_only_the_items_it_has_not_kept(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    made = []

    def upper(items):
        made.append(list(items))
        return [i.upper() for i in items]

    assert cache.cached_each("each", ["k"], [b"a", b"b", b"a"], upper) == [b"A", b"B", b"A"]
    assert made == [[b"a", b"b"]]  # an item met twice is computed once
    assert cache.cached_each("each", ["k"], [b"b", b"c"], upper) == [b"B", b"C"] and made[-1] == [b"c"]
    assert cache.cached_each("each", ["k"], [b"a"], upper) == [b"A"] and made[-1] == [b"a"]  # only the last call's items are kept
    assert cache.cached_each("each", ["k"], [b"a"], upper) == [b"A"] and len(made) == 3
    assert cache.cached_each("each", ["other"], [b"a"], upper) == [b"A"] and len(made) == 4  # other inputs: computed again
    assert cache.cached_each("each", ["other"], [], upper) == [] and len(made) == 4
    monkeypatch.setenv(cache.CACHE_ENV, "")
    assert cache.cached_each("each", ["other"], [b"a"], upper) == [b"A"] and len(made) == 5
