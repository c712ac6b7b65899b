"""Editorial annotations: the shipped files, every kind of malformed file, safe rendering, `treaty show`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from treaty.editorial.yamlfile import MAX_DEPTH
from treaty.editorial.annotations import (
    ANNOTATIONS_DIR,
    KINDS,
    PAGE,
    AnnotationErrors,
    aside_html,
    attached_to,
    by_target,
    load_annotations,
    page_html,
    read_annotation,
    search_entries,
)
from treaty.citation import parse
from treaty.cli import main
from treaty.lookup import find_citation

BAD = FIXTURES / "annotations" / "bad"
GOOD = FIXTURES / "annotations" / "good"


@pytest.fixture(scope="module")
def shipped(doc):
    return load_annotations(doc)


def run(*args: str):
    proc = subprocess.run([sys.executable, "-m", "treaty.cli", *args], capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


# -- the shipped annotations ------------------------------------------------------------------
def test_shipped_annotations_load_and_resolve(doc, shipped):
    assert 5 <= len(shipped) <= 8
    assert len(shipped) == len(list(ANNOTATIONS_DIR.glob("*.md")))
    index = doc.index()
    footnotes = {f.citation for f in doc.footnotes}
    for a in shipped:
        assert a.kind in KINDS and a.title and a.targets and a.sources
        for t in a.targets:
            find_citation(doc, t, index)
        for s in a.sources:
            assert s.citation is None or s.citation in footnotes or find_citation(doc, s.citation, index)
        # every body cites its provisions with links, and each target is among them or a source
        html = a.html()
        assert 'class="provision"' in html
        assert "<script" not in html


def test_entry_into_force_annotation_states_the_counting_rules(shipped):
    (a,) = [a for a in shipped if parse("Article 65(1)") in a.targets]
    text = a.text()
    for phrase in ("ninetieth day", "fortieth", "not counted as additional", "thirtieth day", "whichever is later"):
        assert phrase in text
    assert [s.label for s in a.sources][:2] == ["Article 65(1)", "Article 65(2)"]


def test_reservation_annotation_covers_every_reserving_paragraph(doc, shipped):
    """The Convention's own text says 'reserve the right' or 'declare … not bound' exactly where the note says."""
    reserving = {
        u.citation
        for u in doc.part("convention").walk()
        if "reserve the right" in u.text + u.tail or "does not consider itself bound" in u.text
    }
    (a,) = [a for a in shipped if a.slug == "reservations"]
    assert reserving == set(a.targets)


def test_notification_annotation_covers_each_provision_that_notifies_the_secretary_general(doc, shipped):
    (a,) = [a for a in shipped if a.slug == "notifications-to-the-secretary-general"]
    named = {s.citation for s in a.sources}
    not_a_state_communication = {parse("Article 68(2)")}  # the original text deposited with him
    for u in doc.part("convention").walk():
        if u.citation in not_a_state_communication:
            continue
        own = u.text + " " + u.tail
        if "Secretary-General" in own and any(w in own for w in ("notif", "inform", "furnish", "communicate", "deposited")):
            assert u.citation in named, u.citation.canonical


def test_attached_and_by_target(shipped):
    on_65 = attached_to(shipped, parse("Article 65"))
    assert [a.slug for a in on_65] == ["entry-into-force"]
    assert attached_to(shipped, parse("Article 65(2)")) == on_65
    assert attached_to(shipped, parse("Article 1")) == []
    targets = by_target(shipped)
    assert targets[parse("Article 64(1)")][0].slug == "signature"
    assert sum(len(v) for v in targets.values()) == sum(len(a.targets) for a in shipped)


# -- malformed files: file:line: what is wrong --------------------------------------------------
EXPECTED = {
    "alias-bomb.md": (2, "anchors and aliases (&name, *name) are not allowed"),
    "Bad_Name.md": (1, "must be lowercase words joined by hyphens"),
    "bad-kind.md": (4, "kind must be one of 'commentary', 'editorial note', 'related provision', not 'opinion'"),
    "bad-sources.md": (8, "sources[2] must be a provision citation or a mapping with 'document'"),
    "duplicate-key.md": (5, "key 'title' is given twice"),
    "empty-body.md": (7, "the annotation has no text after its front matter"),
    "malformed-yaml.md": (3, "malformed YAML in the front matter"),
    "missing-sources.md": (1, "missing key 'sources'"),
    "no-front-matter.md": (1, "expected front matter"),
    "not-a-mapping.md": (2, "the front matter must be YAML keys"),
    "unclosed.md": (1, "the front matter is not closed"),
    "unknown-key.md": (6, "unknown key 'author'"),
    "unknown-target.md": (3, "targets: Article 14 has no paragraph 7"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_malformed_file_reports_file_line_and_problem(doc, name):
    annotation, errors = read_annotation(doc, BAD / name)
    assert annotation is None
    line, message = EXPECTED[name]
    first = errors[0]
    assert first.path.endswith(f"tests/fixtures/annotations/bad/{name}")
    assert (first.line, message in first.message) == (line, True), str(first)
    assert str(first).startswith(f"{first.path}:{line}: ")


def test_body_citations_are_checked_on_their_own_lines(doc):
    _, errors = read_annotation(doc, BAD / "body-citations.md")
    assert [(e.line, e.message) for e in errors] == [
        (8, "{provision}: The Convention has no article 99 (it has articles 1–68)"),
        (9, "{provision}: write the canonical citation 'Article 1(a)', not 'art. 1(a)'"),
        (10, "unknown role {statute}: cite a provision as {provision}`Article 65(1)`"),
    ]


def test_empty_values_are_each_reported_once(doc):
    _, errors = read_annotation(doc, BAD / "empty-values.md")
    assert [e.line for e in errors] == [2, 3, 5]


def test_every_bad_fixture_is_covered():
    assert {p.name for p in BAD.glob("*.md")} == set(EXPECTED) | {"body-citations.md", "empty-values.md"}


def test_load_raises_with_every_error(doc):
    with pytest.raises(AnnotationErrors) as e:
        load_annotations(doc, BAD)
    assert len(e.value.errors) >= len(EXPECTED) + 4
    assert all(str(x).count(":") >= 2 for x in e.value.errors)


def test_cli_exit_2_lists_errors_without_traceback():
    code, out, err = run("annotations", "--dir", str(BAD))
    assert code == 2 and out == ""
    assert "Traceback" not in err
    assert "bad/unknown-target.md:3: targets: Article 14 has no paragraph 7" in err
    assert len(err.strip().splitlines()) >= len(EXPECTED)


def test_deep_nesting_is_one_located_error(doc, tmp_path):
    """Issue 14: a title nested 50,000 levels was a RecursionError; now one line, read in linear time."""
    n = 50_000
    path = tmp_path / "deep.md"
    path.write_text(f"---\ntargets: [Article 40]\ntitle: {'[' * n}x{']' * n}\nkind: commentary\nsources: [Article 40(1)]\n---\nBody.\n",
                    encoding="utf-8")
    annotation, errors = read_annotation(doc, path)
    assert annotation is None and [(e.line, e.message) for e in errors] == [(3, f"front matter: nested more than {MAX_DEPTH} levels deep")]


def test_cli_answers_an_alias_bomb_at_once(capsys):
    """Issue 14: 12 lines of YAML aliases ran `annotations`, `show`, `build` and `search` for minutes
    (9x per alias level); the aliases are refused before anything is built from them."""
    code = main(["annotations", "--dir", str(BAD)])
    assert code == 2 and "alias-bomb.md:2: front matter: anchors and aliases" in capsys.readouterr().err


# -- safe rendering ------------------------------------------------------------------------------
def test_rendering_is_safe_and_links_provisions(doc):
    annotation, errors = read_annotation(doc, GOOD / "article-14.md")
    assert errors == []
    html = annotation.html(base="../")
    assert '<a class="provision" href="../articles/14.html#art14-2">Article 14(2)</a>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html  # raw HTML is escaped, not passed through
    assert 'href="javascript:' not in html
    assert "<img" not in html  # images are off: the site must request nothing
    assert annotation.text().startswith("See Article 14(2) and <script>")
    assert annotation.json()["sources"][1] == {"document": "A/RES/79/243", "url": "https://undocs.org/A/RES/79/243"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=st.text(max_size=120), body=st.text(max_size=200))
def test_any_file_gives_an_annotation_or_located_errors(doc, tmp_path_factory, front, body):
    path = tmp_path_factory.mktemp("ann") / "x.md"
    path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
    annotation, errors = read_annotation(doc, path)
    assert (annotation is None) == bool(errors)
    for e in errors:
        assert e.line >= 1 and e.message
    if annotation is not None:
        assert "<script" not in annotation.html()


# -- treaty show ---------------------------------------------------------------------------------
def test_show_json_adds_annotations_and_keeps_existing_fields(capsys):
    assert main(["show", "Article 65", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"citation", "id", "eid", "url", "kind", "num", "heading", "text", "lead_in", "tail", "concerns", "children"} <= set(data)
    (a,) = data["annotations"]
    assert a["title"] == "How entry into force is counted" and a["kind"] == "commentary"
    assert {"title", "kind", "html", "text", "sources", "targets"} <= set(a)
    assert a["sources"][0] == {"citation": "Article 65(1)", "url": "articles/65.html#art65-1"}
    assert "ninetieth day" in a["text"] and 'href="articles/65.html#art65-1"' in a["html"]
    assert main(["show", "Article 1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["annotations"] == []


def test_show_text_prints_annotations_after_the_provision(capsys):
    assert main(["show", "Article 64(1)"]) == 0
    out = capsys.readouterr().out
    assert out.index("31 December 2026") < out.index("[editorial note] Where and until when the Convention is open for signature")
    assert "Sources: Article 64(1); Article 64(2); Resolution, paragraph 2" in out


def test_annotation_files_are_utf8_markdown_with_front_matter():
    for path in ANNOTATIONS_DIR.glob("*.md"):
        text = Path(path).read_text(encoding="utf-8")
        assert text.startswith("---\n") and text.endswith("\n")


# -- fragments for the site and entries for both searches ----------------------------------------
def test_aside_and_page_html_are_well_formed_and_link_everything(shipped):
    from bs4 import BeautifulSoup

    a = next(a for a in shipped if a.slug == "signature")
    soup = BeautifulSoup(aside_html(a, base="../"), "html.parser")
    aside = soup.find("aside")
    assert aside["id"] == "annotation-signature" and "annotation-editorial-note" in aside["class"]
    assert aside.find("h3").get_text(" ", strip=True) == "Editorial note: Where and until when the Convention is open for signature"
    sources = [x["href"] for x in aside.select(".annotation-sources a")]
    assert sources == ["../articles/64.html#art64-1", "../articles/64.html#art64-2", "../resolution.html#res-2", "../resolution.html#res-preamble-5",
                       "../articles/64.html#art64-3", "../articles/64.html#art64-4"]
    page = BeautifulSoup(page_html(shipped), "html.parser")
    assert [x["id"] for x in page.find_all("aside")] == [a.id for a in shipped]
    assert len({x["id"] for x in page.find_all(id=True)}) == len(page.find_all(id=True))  # ids unique
    assert page.select_one("#annotation-entry-into-force .annotation-targets a")["href"] == "articles/65.html#art65-1"


def test_search_entries(shipped):
    entries = search_entries(shipped)
    assert len(entries) == len(shipped)
    e = next(e for e in entries if e["id"] == "annotation-entry-into-force")
    assert e["location"] == f"{PAGE}#annotation-entry-into-force"
    assert e["title"] == "Annotation: How entry into force is counted"
    assert "ninetieth day" in e["text"] and "Sources: Article 65(1); Article 65(2)" in e["text"]
    assert e["targets"] == ["Article 65(1)", "Article 65(2)"] and "<" not in e["text"]


def test_annotations_are_in_the_whoosh_index(served_ix):
    """The index `treaty search` keeps (the session's: the corpus and corpus/annotations/)."""
    from treaty.search import search

    hits = search(served_ix, "ninetieth day fortieth instrument", 10).hits
    assert "annotation-entry-into-force" in [h.id for h in hits]
    hit = next(h for h in hits if h.id == "annotation-entry-into-force")
    assert hit.citation == "Annotation: How entry into force is counted"
    assert hit.url == "annotations.html#annotation-entry-into-force"
    # the Convention's own provisions are still found
    assert "art65-1" in [h.id for h in hits]


def test_treaty_search_finds_annotations(served_index, tmp_path, capsys):
    """On a copy of that index, which the command finds fresh only if it indexes the annotations too."""
    assert main(["search", "--json", "--index", str(served_index(tmp_path)), "reservation"]) == 0
    ids = [r["id"] for r in json.loads(capsys.readouterr().out)["results"]]
    assert "annotation-reservations" in ids and "art63-4" in ids


def test_a_broken_annotation_cannot_be_indexed(doc):
    from treaty.search import ExtraDocumentsError, annotation_source

    with pytest.raises(ExtraDocumentsError, match=r"unknown-target\.md:3: targets: Article 14 has no paragraph 7"):
        annotation_source(BAD).load(doc)


def test_the_schema_check_of_a_corpus_note_is_kept_by_its_front_matter(doc, tmp_path, monkeypatch):
    from treaty import settings
    from treaty.editorial import annotations

    monkeypatch.setattr(settings, "CORPUS_DIR", tmp_path / "corpus")
    monkeypatch.setenv("TREATY_CACHE_DIR", str(tmp_path / "cache"))
    note = tmp_path / "corpus" / "annotations" / "signature.md"
    note.parent.mkdir(parents=True)
    text = (ANNOTATIONS_DIR / "signature.md").read_text(encoding="utf-8")
    checks, check = [], annotations._schema_check
    monkeypatch.setattr(annotations, "_schema_check", lambda data, node: checks.append(1) or check(data, node))
    note.write_text(text, encoding="utf-8")
    first, errors = read_annotation(doc, note)
    assert first is not None and errors == [] and checks == [1]
    note.write_text(text + "\nOne more sentence.\n", encoding="utf-8")
    again, errors = read_annotation(doc, note)
    assert again.body == first.body + "\nOne more sentence.\n" and errors == [] and checks == [1]  # the text alone: not checked again
    note.write_text(text.replace("kind: editorial note", "kind: opinion"), encoding="utf-8")
    bad, errors = read_annotation(doc, note)
    assert bad is None and [(e.line, e.message.split(",")[0]) for e in errors] == [(4, "kind must be one of 'commentary'")] and checks == [1, 1]
    assert read_annotation(doc, note) == (None, errors) and checks == [1, 1]  # the errors read back alike
    elsewhere = tmp_path / "elsewhere" / "signature.md"  # outside the corpus: always checked
    elsewhere.parent.mkdir()
    elsewhere.write_text(text, encoding="utf-8")
    read_annotation(doc, elsewhere)
    read_annotation(doc, elsewhere)
    assert checks == [1, 1, 1, 1]
