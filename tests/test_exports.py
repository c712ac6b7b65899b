"""Exports: Akoma Ntoso (validated against the OASIS XSD), plain text, CSV, JSON-LD, checksums, `treaty export`."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys

import pytest
from lxml import etree

from conftest import FIXTURES
from treaty.citation import parse
from treaty.corpus import CORPUS_PATH, load
from treaty.exports import (
    AKN_NS,
    CSV_COLUMNS,
    EXPORTS,
    akn_errors,
    akn_schema,
    akoma_ntoso,
    build_exports,
    checksums,
    downloads,
    jsonld_for,
    jsonld_script,
    plain_text,
    units_csv,
)
from treaty.model import Unit

NS = {"a": AKN_NS}


@pytest.fixture(scope="module")
def corpus():
    return load()


@pytest.fixture(scope="module")
def schema():
    return akn_schema()


@pytest.fixture(scope="module")
def akn(corpus):
    return akoma_ntoso(corpus)


@pytest.fixture(scope="module")
def tree(akn):
    return etree.fromstring(akn)


def _words(s: str) -> list[str]:
    return s.split()


# -- Akoma Ntoso -------------------------------------------------------------------------------
def test_akn_validates_against_the_oasis_schema(akn, schema):
    assert akn_errors(akn, schema) == []


def test_the_schema_check_can_fail(tree, schema):
    broken = etree.fromstring(etree.tostring(tree))
    body = broken.find(".//a:body", NS)
    etree.SubElement(body, f"{{{AKN_NS}}}paragraph")  # no eId, no content: not allowed
    broken.find(".//a:act", NS).remove(broken.find(".//a:meta", NS))
    errors = akn_errors(etree.tostring(broken), schema)
    assert errors and all(e.startswith("line ") for e in errors)


def test_the_schema_is_compiled_once_and_the_verdict_kept_by_hash(akn, tree, monkeypatch, tmp_path):
    from treaty import exports

    assert akn_schema() is akn_schema()  # compiled once per process
    monkeypatch.setenv("TREATY_CACHE_DIR", str(tmp_path))
    compiled = []
    monkeypatch.setattr(exports, "akn_schema", lambda: compiled.append(1) or exports.etree.XMLSchema(etree.parse(str(exports.akn_xsd()))))
    assert akn_errors(akn) == [] and compiled == [1]
    assert akn_errors(akn) == [] and compiled == [1]  # the same document: the kept verdict, no schema compiled
    broken = etree.fromstring(etree.tostring(tree))
    broken.find(".//a:act", NS).remove(broken.find(".//a:meta", NS))
    errors = akn_errors(etree.tostring(broken))
    assert errors and compiled == [1, 1]  # another document: validated again
    assert akn_errors(etree.tostring(broken)) == errors and compiled == [1, 1]


def test_akn_shape(tree):
    act = tree.find("a:act", NS)
    assert [etree.QName(e).localname for e in act] == ["meta", "preface", "preamble", "body", "conclusions"]
    assert tree.find(".//a:FRBRWork/a:FRBRdate", NS).get("date") == "2024-11-27"  # the report's masthead date
    assert tree.find(".//a:FRBRExpression/a:FRBRlanguage", NS).get("language") == "eng"
    assert tree.find(".//a:longTitle//a:docTitle", NS).text.startswith("United Nations Convention against Cybercrime;")
    assert len(tree.findall(".//a:preamble/a:recitals/a:recital", NS)) == 15
    assert len(tree.findall(".//a:body/a:chapter", NS)) == 9
    assert len(tree.findall(".//a:body/a:chapter/a:article", NS)) == 68
    note = tree.find(".//a:conclusions//a:authorialNote", NS)
    assert note.get("marker") == "1" and "interpretative notes on articles 2, 17, 23 and 35" in "".join(note.itertext())
    assert [i.text for i in tree.iter(f"{{{AKN_NS}}}i")] == ["inter alia", "de minimis", "ordre public", "mutatis mutandis", "de minimis"]


def test_every_convention_unit_has_its_eid_and_its_words(corpus, tree):
    by_eid = {e.get("eId"): e for e in tree.iter() if e.get("eId")}
    conv = corpus.part("convention")
    for unit in conv.walk():
        if unit.kind in ("convention",):
            continue
        e = by_eid.get(unit.citation.eid)
        assert e is not None, unit.citation.canonical
        if not unit.children and unit.kind != "final_clause":
            content = e.find("a:content", NS) if unit.kind not in ("title", "recital") else e
            assert _words("".join(content.itertext())) == _words(unit.text), unit.citation.canonical


def test_lead_in_and_tail_become_intro_and_wrap_up(tree):
    item = tree.find(".//*[@eId='art_11__para_1__list_1__item_a']", NS)
    lst = item.find("a:list", NS)
    assert lst.get("eId") == "art_11__para_1__list_1__item_a__list_1"
    assert "".join(lst.find("a:intro", NS).itertext()).strip().startswith("The obtaining, production, sale")
    assert "".join(lst.find("a:wrapUp", NS).itertext()).strip().startswith("with the intent that the device")
    assert [p.find("a:num", NS).text for p in lst.findall("a:point", NS)] == ["(i)", "(ii)"]


def test_akn_holds_every_word_of_the_plain_text(akn, tree, corpus):
    act = tree.find(".//a:act", NS)
    assert not _words(tree.find(".//a:meta", NS).xpath("string(.)"))  # all metadata is in attributes
    akn_chars = re.sub(r"\s+", "", "".join(act.itertext()))
    # the plain text joins number and heading with '—', writes the footnote marker as [1] and
    # the footnote under a rule after the final clause, where the XML has it inline
    text_chars = re.sub(r"\s+|—|\[1\]|_{20}", "", plain_text(corpus))
    assert text_chars == akn_chars


def test_akn_is_deterministic(corpus, akn):
    assert akoma_ntoso(corpus) == akn
    assert akn.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<akomaNtoso xmlns=\"" + AKN_NS.encode())


# -- plain text ------------------------------------------------------------------------------
def test_plain_text_has_every_article_and_the_footnote(corpus):
    text = plain_text(corpus)
    for unit in corpus.part("convention").walk():
        if unit.kind == "article":
            assert f"\n\nArticle {unit.num} — {unit.heading}\n" in text
    assert "have signed this Convention.[1]" in text and "\n[1] It is noted that interpretative notes" in text
    assert text.endswith("in New York.\n") and "\r" not in text
    assert all(len(line) <= 80 for line in text.splitlines() if not line.startswith("Article "))
    assert "Secretary-\n" not in text  # words are never broken at their hyphens


def test_plain_text_leaves_the_document_as_it_was(corpus):
    from treaty.corpus import dumps

    before = dumps(corpus)
    plain_text(corpus)
    assert dumps(corpus) == before and "[1]" not in before


# -- CSV ---------------------------------------------------------------------------------------
def test_csv_has_one_row_per_citable_unit_and_round_trips(corpus):
    data = units_csv(corpus)
    rows = list(csv.DictReader(io.StringIO(data, newline="")))  # within the csv module's default field limit
    assert max(len(r["text"]) for r in rows) < 32767  # and a spreadsheet cell's
    units = list(corpus.walk())
    assert len(rows) == len(units) + len(corpus.footnotes)
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len({r["id"] for r in rows}) == len(rows)
    by_citation = {r["citation"]: r for r in rows}
    row = by_citation["Article 40(21)(b)"]
    assert row["id"] == "art40-21-b" and row["url"] == "articles/40.html#art40-21-b"
    assert row["text"] == next(u for u in units if u.citation.canonical == "Article 40(21)(b)").full_text()
    quoted = by_citation["Article 2(b)"]["text"]
    assert quoted.startswith("“Electronic data”") and "," in quoted
    assert by_citation["Convention, footnote 1"]["kind"] == "footnote"
    assert by_citation["Article 40"]["text_scope"] == "whole" and by_citation["Chapter V"]["text_scope"] == "own"
    assert by_citation["Chapter V"]["heading"] == "International cooperation" and by_citation["Convention"]["text"] == ""
    # every citation in the file reads back to itself with the one grammar
    for r in rows:
        assert parse(r["citation"]).canonical == r["citation"]


def test_csv_quotes_awkward_text():
    from treaty.citation import Citation
    from treaty.model import Document

    awkward = 'He said "yes", then\nleft; a, b'
    doc = Document([Unit("convention", Citation("convention"), text=awkward)], [], [], "x", "0" * 64, 1)
    data = units_csv(doc)
    assert '"He said ""yes"", then\nleft; a, b"' in data
    assert list(csv.reader(io.StringIO(data, newline="")))[1][-1] == awkward


# -- JSON-LD -----------------------------------------------------------------------------------
BASE = "https://example.org/cybercrime/"


def _script_json(script: str) -> dict:
    m = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', script, re.S)
    assert "\n" not in script
    assert m, script[:80]
    assert "</" not in m.group(1)
    return json.loads(m.group(1))


def test_jsonld_for_every_article(corpus):
    articles = [u for u in corpus.part("convention").walk() if u.kind == "article"]
    assert len(articles) == 68
    for unit in articles:
        data = _script_json(jsonld_script(unit, BASE))
        assert data == json.loads(json.dumps(jsonld_for(unit, BASE)))
        assert data["@context"] == "https://schema.org" and data["@type"] == "Legislation"
        for key in ("@id", "url", "name", "legislationIdentifier", "legislationType", "inLanguage", "isPartOf", "text", "encoding"):
            assert data[key], key
        assert data["url"] == BASE + f"articles/{unit.num}.html"
        assert parse(data["legislationIdentifier"]) == unit.citation
        assert data["name"] == f"Article {unit.num} — {unit.heading}"
        assert data["legislationType"] == "Article" and data["inLanguage"] == "en"
        assert data["isPartOf"] == {
            "@type": "Legislation",
            "@id": BASE + "index.html",
            "legislationIdentifier": "Convention",
            "name": "United Nations Convention against Cybercrime",
        }
        assert data["encoding"]["@type"] == "LegislationObject" and data["encoding"]["encodingFormat"] == "text/html"
        for part in data.get("hasPart", []):
            assert unit.citation.contains(parse(part["legislationIdentifier"]))
            assert part["@id"].startswith(data["url"] + "#")


def test_jsonld_for_the_convention_and_a_paragraph(corpus):
    conv = jsonld_for(corpus.part("convention"), BASE)
    assert conv["@type"] == "Legislation" and conv["legislationType"] == "Convention"
    assert "isPartOf" not in conv and conv["name"] == "United Nations Convention against Cybercrime"
    assert len([p for p in conv["hasPart"] if p["legislationIdentifier"].startswith("Chapter")]) == 9
    para = next(u for u in corpus.walk() if u.citation.canonical == "Article 40(21)")
    data = jsonld_for(para, BASE)
    assert data["@id"] == BASE + "articles/40.html#art40-21"
    assert data["isPartOf"]["@id"] == BASE + "articles/40.html"
    # a page-relative base, as an article page embeds it
    assert jsonld_for(para, "../")["isPartOf"]["@id"] == "../articles/40.html"


def test_jsonld_script_cannot_be_closed_by_text():
    from treaty.citation import Citation

    unit = Unit("article", Citation.article(99), num="99", heading="</script><script>alert(1)</script> & more", text="a < b")
    script = jsonld_script(unit, BASE)
    assert script.count("</script>") == 1
    assert _script_json(script)["alternateName"] == "</script><script>alert(1)</script> & more"


# -- all files, checksums, `treaty export` -----------------------------------------------------
def test_build_exports_and_checksums(corpus):
    files = build_exports(corpus)
    assert list(files) == list(EXPORTS)
    assert files["convention.json"] == CORPUS_PATH.read_bytes()
    sums = checksums(files)
    for line, (name, data) in zip(sums.splitlines(), files.items()):
        assert line == f"{hashlib.sha256(data).hexdigest()}  {name}"
    listing = downloads(files)
    assert [d["name"] for d in listing] == list(EXPORTS)
    assert all(d["bytes"] > 0 and len(d["sha256"]) == 64 and d["description"] for d in listing)


def run(*args: str):
    proc = subprocess.run([sys.executable, "-m", "treaty.cli", *args], capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def test_cli_export_writes_files_that_match_their_checksums(tmp_path):
    out = tmp_path / "exports"
    code, stdout, err = run("export", "--out", str(out))
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([*EXPORTS, "SHA256SUMS"])
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == len(EXPORTS)
    annotations = json.loads((out / "annotations.json").read_text(encoding="utf-8"))
    assert {a["id"] for a in annotations} >= {"annotation-entry-into-force", "annotation-reservations"}
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert run("export", "--out", str(out))[0] == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first  # byte-identical rebuild


def test_cli_export_with_bad_annotations_writes_nothing(tmp_path):
    out = tmp_path / "exports"
    code, stdout, err = run("export", "--out", str(out), "--annotations", str(FIXTURES / "annotations" / "bad"))
    assert code == 2 and "Traceback" not in err
    assert "unknown-target.md:3: targets: Article 14 has no paragraph 7" in err
    assert not out.exists()
