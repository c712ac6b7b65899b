"""`treaty resolve` and `treaty link`: output shapes, offsets, exit statuses, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import treaty_main as run
from treaty.cli import main


def process(*args: str, stdin: bytes | None = None):
    """(status, stdout, stderr) of ``treaty`` run in its own process (the others call it in this one)."""
    proc = subprocess.run([sys.executable, "-m", "treaty.cli", *args], input=stdin, capture_output=True)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def test_resolve_json(capsys):
    assert main(["resolve", "Art. 40(21)(b)", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["citation"] == "Article 40(21)(b)" and data["id"] == "art40-21-b"
    assert data["url"] == "articles/40.html#art40-21-b"
    assert data["text"].startswith("If the requested State Party considers")


def test_resolve_text_and_base_url(capsys):
    assert main(["resolve", "paragraph 3 of article 23", "--base-url", "https://ex.org/uncc/"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == "Article 23(3)\tart23-3\thttps://ex.org/uncc/articles/23.html#art23-3"


@pytest.mark.parametrize("text,status,message", [
    ("Article 14(7)", 1, "treaty resolve: Article 14 has no paragraph 7"),
    ("Article 69", 1, "treaty resolve: The Convention has no article 69 (it has articles 1–68)"),
    ("Budapest 5", 2, "treaty resolve: not a citation of this Convention: 'Budapest 5'"),
])
def test_resolve_errors(text, status, message):
    """The documented exit statuses, of the process itself."""
    code, out, err = process("resolve", text)
    assert (code, out, err) == (status, "", message + "\n")


def test_link_json_offsets_index_the_input(tmp_path):
    text = "Ünder Article 40(21)(b); Article 2 of the Budapest Convention,\r\nUNCC Article 14(7).\n"
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode("utf-8"))
    code, out, err = run("link", str(path), "--json", "--base-url", "https://ex.org/")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"citations", "unresolved", "skipped"}
    [c] = data["citations"]
    assert set(c) == {"text", "start", "end", "targets", "url", "links"}
    assert text[c["start"]:c["end"]] == c["text"] == "Article 40(21)(b)"
    assert c["targets"] == ["Article 40(21)(b)"] and c["url"] == "https://ex.org/articles/40.html#art40-21-b"
    assert c["links"] == [{k: c[k] for k in ("text", "start", "end", "targets", "url")}]  # one phrase, one link
    [u] = data["unresolved"]
    assert set(u) == {"text", "start", "end", "reason"}
    assert text[u["start"]:u["end"]] == "Article 14(7)" and u["reason"] == "Article 14 has no paragraph 7"


@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
def test_link_json_has_one_link_per_cited_number(tmp_path, fmt):
    text = "<p>See Articles <em>5</em>, 9, and 12 and Articles 14 to 16.</p>\n" if fmt == "html" else \
        "See **Articles 5, 9, and 12** and Articles 14 to 16.\n" if fmt == "markdown" else "See Articles 5, 9, and 12 and Articles 14 to 16.\n"
    path = tmp_path / "doc"
    path.write_text(text, encoding="utf-8")
    code, out, err = run("link", str(path), "--format", fmt, "--json")
    assert code == 0, err
    [c] = json.loads(out)["citations"]
    # the phrase keeps all its targets (as before); each link written has its own words
    assert c["targets"] == [f"Article {n}" for n in (5, 9, 12, 14, 15, 16)] and c["url"] == "articles/5.html"
    assert [(x["targets"], x["url"]) for x in c["links"]] == [
        (["Article 5"], "articles/5.html"), (["Article 9"], "articles/9.html"), (["Article 12"], "articles/12.html"),
        (["Article 14", "Article 15"], "articles/14.html"), (["Article 16"], "articles/16.html")]
    assert [x["text"] for x in c["links"]][1:] == ["9", "12", "Articles 14", "16"]
    assert all(text[x["start"]:x["end"]] == x["text"] for x in c["links"])


def test_link_text_format_lists_links():
    code, out, err = run("link", "-", "--base-url", "https://ex.org/", stdin=b"See Article 5; and Article 14(7).\n")
    assert code == 0
    assert out == "See Article 5 [1]; and Article 14(7).\n\nLinks:\n[1] Article 5 = Article 5: https://ex.org/articles/5.html\n"
    assert err == "treaty link: not linked: 'Article 14(7)' at 19: Article 14 has no paragraph 7\n"


def test_link_formats_from_stdin_and_file_names(tmp_path):
    code, out, _ = run("link", "-", "--format", "html", stdin=b"<p>Article <em>5</em></p>")
    assert (code, out) == (0, '<p><a href="articles/5.html" class="treaty-cite" title="Article 5">Article <em>5</em></a></p>')
    md = tmp_path / "x.md"
    md.write_text("`Article 5` and Article 6\n", encoding="utf-8")
    code, out, _ = run("link", str(md))
    assert (code, out) == (0, "`Article 5` and [Article 6](articles/6.html)\n")


def test_link_assume_other():
    code, out, _ = run("link", "-", "--assume", "OTHER", "--json", stdin=b"Article 5 requires it.")
    assert code == 0 and json.loads(out) == {"citations": [], "unresolved": [], "skipped": [
        {"text": "Article 5", "start": 0, "end": 9, "reason": "other-instrument", "instrument": None}]}
    code, out, _ = run("link", "-", "--assume", "OTHER", "--json", stdin=b"Article 5 of the UNCC requires it.")
    assert [c["targets"] for c in json.loads(out)["citations"]] == [["Article 5"]]


@pytest.mark.parametrize("args,stdin,message", [
    (["link", "/nonexistent/doc.txt"], None, "treaty link: cannot read /nonexistent/doc.txt: No such file or directory"),
    (["link", "-"], b"Article 5 \xff\xfe", "treaty link: <stdin>:1: not UTF-8 (byte 0xff at offset 10)"),
    (["link", "-", "--base-url", "javascript:alert(1)//"], b"Article 5",
     "treaty link: --base-url: base URL 'javascript:alert(1)//' is not http:// or https:// (nor a relative path)"),
    (["link", "-", "--format", "html", "--base-url", "data:text/html,x"], b"<p>Article 5",
     "treaty link: --base-url: base URL 'data:text/html,x' is not http:// or https:// (nor a relative path)"),
    (["link", "-", "--format", "markdown", "--base-url", "https://e.org/a b"], b"Article 5",
     "treaty link: --base-url: base URL 'https://e.org/a b' contains ' ': only printable ASCII URL characters are allowed (percent-encode others)"),
])
def test_link_errors_are_one_line_exit_2(args, stdin, message):
    code, out, err = run(*args, stdin=stdin)
    assert (code, out, err) == (2, "", message + "\n")


def test_base_url_with_bytes_that_are_not_utf8_is_refused():
    for command in (["link", "-"], ["resolve", "Article 5"]):
        proc = subprocess.run([sys.executable, "-m", "treaty.cli", *command, "--base-url", b"https://e.org/\xff/"], input=b"Article 5",
                              capture_output=True)
        err = proc.stderr.decode()
        assert proc.returncode == 2 and proc.stdout == b"" and err.count("\n") == 1 and "UTF-8" in err, err


def test_any_html_gets_a_result():
    code, out, err = run("link", "-", "--format", "html", stdin=b"<![Article 8")
    assert (code, out, err) == (0, "<![Article 8", "")
    code, out, err = run("link", "-", "--format", "html", stdin=b"<p>Article 4</p>" + b"<div>" * 2000)
    assert code == 0 and out.startswith('<p><a href="articles/4.html"') and err == "treaty link: stopped linking at offset 1291: the document nests more than 256 elements or 64 formatting elements\n"


def test_link_bad_assume_is_usage_error():
    code, _, err = run("link", "-", "--assume", "MAYBE", stdin=b"")
    assert code == 2 and "invalid choice" in err and "Traceback" not in err


# -- one reader: resolve reads what link reads (issue 12) ------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("articles 5 to 9", ["Article 5", "Article 6", "Article 7", "Article 8", "Article 9"]),
    ("paragraphs 1 and 2 of article 37", ["Article 37(1)", "Article 37(2)"]),
    ("Articles 5, 9, and 12", ["Article 5", "Article 9", "Article 12"]),
    ("Article 40(21)(a), (b) and (d)", ["Article 40(21)(a)", "Article 40(21)(b)", "Article 40(21)(d)"]),
    ("Art. 40(21)(a)-(c)", ["Article 40(21)(a)", "Article 40(21)(b)", "Article 40(21)(c)"]),
    ("第7条至第11条", ["Article 7", "Article 8", "Article 9", "Article 10", "Article 11"]),
    ("Chapter IV and Article 24", ["Chapter IV", "Article 24"]),
])
def test_resolve_lists_and_ranges_return_every_provision_in_order(text, expected):
    code, out, err = run("resolve", text, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, list) and [d["citation"] for d in data] == expected
    assert all(set(d) == {"citation", "id", "url", "text"} for d in data)
    code, out, _ = run("resolve", text)
    assert code == 0 and [line.split("\t")[0] for line in out.splitlines() if "\t" in line] == expected


@pytest.mark.parametrize("text,lang,expected", [
    ("第三十七条第二款", None, "Article 37(2)"),
    ("제37조 제2항", None, "Article 37(2)"),
    ("Artikel 24 Absatz 1", "de", "Article 24(1)"),
    ("điểm b khoản 21 Điều 40", None, "Article 40(21)(b)"),
    ("the article on extradition", None, "Article 37"),
    ("Article 27 of the UN Convention against Cybercrime", None, "Article 27"),
    ("Art. 40(21)(b)", None, "Article 40(21)(b)"),
])
def test_resolve_reads_every_language_the_linker_reads(text, lang, expected):
    code, out, err = run("resolve", text, "--json", *(["--lang", lang] if lang else []))
    assert code == 0, err
    assert json.loads(out)["citation"] == expected


@pytest.mark.parametrize("text,status,message", [
    ("Articles 66 to 70", 1, "treaty resolve: The Convention has no article 69 (it has articles 1–68); The Convention has no article 70 (it has articles 1–68)"),
    ("Article 5 of the Budapest Convention", 2, "treaty resolve: not a citation of this Convention: 'Article 5' (Budapest Convention)"),
    ("paragraph 2", 2, "treaty resolve: 'paragraph 2' is relative to a place in a document; cite its article too, e.g. 'paragraph 2 of article 24'"),
    ("articles 5 to 9 and the weather", 2, "treaty resolve: cannot read 'to 9 and the weather' in citation 'articles 5 to 9 and the weather'"),
])
def test_resolve_errors_of_lists(text, status, message):
    code, out, err = run("resolve", text)
    assert (code, out, err.strip()) == (status, "", message)
