"""The WSGI application (serve.py): the JSON search API and the static site, JSON errors not tracebacks."""

from __future__ import annotations

import json
import shutil
import socket
import sys
import threading
import urllib.error
import urllib.request
import wsgiref.validate
from io import BytesIO
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import append_to_article_text
from treaty.corpus import CORPUS_PATH
from treaty.search import annotation_source
from treaty.serve import Application, BadPath, IndexHolder, create_app, site_path
from treaty.server import make_server


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory, served_index):
    return served_index(tmp_path_factory.mktemp("serve"))


def _start(site_dir, index_dir):
    server = make_server("127.0.0.1", 0, site_dir, IndexHolder(CORPUS_PATH, index_dir), quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="module")
def site(tmp_path_factory, index_dir):
    site_dir = tmp_path_factory.mktemp("site")
    (site_dir / "index.html").write_text("<!doctype html><title>Convention</title><h1>Home</h1>", encoding="utf-8")
    server, thread = _start(site_dir, index_dir)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    server.holder.close()


def get(url: str, method: str = "GET"):
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8")


def test_api_answers_with_the_cli_json_shape(site):
    status, ctype, body = get(f"{site}/api/search?" + urlencode({"q": "Art. 40(21)(b)", "limit": "3"}))
    assert status == 200 and ctype.startswith("application/json")
    data = json.loads(body)
    assert list(data) == ["query", "results", "suggestion"]
    assert data["results"][0]["citation"] == "Article 40(21)(b)" and len(data["results"]) <= 3
    assert list(data["results"][0]) == ["citation", "id", "url", "score", "snippet"]
    status, _, body = get(f"{site}/api/search?q=extradtion")
    assert json.loads(body)["suggestion"] == "extradition"


@pytest.mark.parametrize("query,message", [
    ("", "missing query"),
    ("q=", "missing query"),
    ("q=data&limit=abc", "limit must be a whole number"),
    ("q=data&limit=0", "limit must be a whole number"),
    ("q=data&limit=100000", "limit must be a whole number"),
    ("q=foo:bar", "unknown field 'foo'"),
    ("q=" + quote("\x00"), "empty query"),
])
def test_bad_requests_get_400_and_a_json_error(site, query, message):
    status, ctype, body = get(f"{site}/api/search?{query}")
    assert status == 400 and ctype.startswith("application/json")
    assert message in json.loads(body)["error"] and "Traceback" not in body


def test_unknown_endpoint_and_method_are_json_errors(site):
    status, _, body = get(f"{site}/api/nothing")
    assert status == 404 and "no such API endpoint" in json.loads(body)["error"]
    status, _, body = get(f"{site}/api/search?q=data", method="POST")
    assert status == 405 and "use GET" in json.loads(body)["error"]


def test_serves_the_site(site):
    status, ctype, body = get(f"{site}/")
    assert status == 200 and ctype.startswith("text/html") and "<h1>Home</h1>" in body
    assert get(f"{site}/missing.html")[0] == 404


def test_without_a_site_says_how_to_build_it(tmp_path, index_dir):
    server, _ = _start(tmp_path / "no-site", index_dir)
    try:
        status, _, body = get(f"http://127.0.0.1:{server.server_address[1]}/")
        assert status == 200 and "has not been built yet" in body
        status, _, body = get(f"http://127.0.0.1:{server.server_address[1]}/api/search?q=grooming")
        assert status == 200 and json.loads(body)["results"][0]["citation"] == "Article 15(1)"
    finally:
        server.shutdown()
        server.server_close()
        server.holder.close()


def test_the_server_never_answers_from_a_stale_index(in_mini_corpus, tmp_path):
    corpus = tmp_path / "convention.json"
    shutil.copyfile(in_mini_corpus / "convention.json", corpus)
    server = make_server("127.0.0.1", 0, tmp_path / "site", IndexHolder(corpus, tmp_path / "index"), quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/api/search?q=zebrafish"
    try:
        assert json.loads(get(url)[2])["results"] == []
        append_to_article_text(corpus, "4", "zebrafish")
        found = [r["citation"] for r in json.loads(get(url)[2])["results"]]
        assert found[0] == "Article 4" and all(c.startswith("Article 4") for c in found)
    finally:
        server.shutdown()
        server.server_close()
        server.holder.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=80), limit=st.one_of(st.none(), st.text(max_size=4), st.integers(-5, 300).map(str)))
def test_property_api_answers_every_request_with_json(site, q, limit):
    params = {"q": q} if limit is None else {"q": q, "limit": limit}
    status, ctype, body = get(f"{site}/api/search?" + urlencode(params))
    data = json.loads(body)
    assert ctype.startswith("application/json")
    if status == 200:
        assert list(data) == ["query", "results", "suggestion"]
    else:
        assert status == 400 and list(data) == ["error"]


def raw_get(base: str, path: bytes, method: bytes = b"GET") -> tuple[int, bytes, bytes]:
    """(status, head, body) for a request line sent as bytes, exactly (no client normalisation)."""
    host, port = base.rsplit("/", 1)[-1].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(method + b" " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head, body


@pytest.fixture(scope="module")
def tree(tmp_path_factory, index_dir):
    """A site with directories with and without index.html, a 404 page and a link out of the site."""
    site_dir = tmp_path_factory.mktemp("tree")
    (site_dir / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    (site_dir / "404.html").write_text("<h1>Page not found</h1>", encoding="utf-8")
    for d in ("assets", "articles", "search"):
        (site_dir / d).mkdir()
    (site_dir / "articles" / "40.html").write_text("<h1>Article 40</h1>", encoding="utf-8")
    (site_dir / "assets" / "app.js").write_text("let x = 1;", encoding="utf-8")
    (site_dir / "search" / "search_index.json").write_text("{}", encoding="utf-8")
    (site_dir / "chapters").mkdir()
    (site_dir / "chapters" / "index.html").write_text("<h1>Chapters</h1>", encoding="utf-8")
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.txt").write_text("secret", encoding="utf-8")
    (site_dir / "escape").symlink_to(outside, target_is_directory=True)
    server, _ = _start(site_dir, index_dir)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    server.holder.close()


@pytest.mark.parametrize("path", [b"/assets/", b"/articles/", b"/search/", b"/assets", b"/search", b"/escape/", b"/escape/secret.txt",
                                  b"/nothing/", b"//etc/passwd"])
def test_no_directory_listing_and_nothing_outside_the_site(tree, path):
    status, _, body = raw_get(tree, path)
    assert status == 404 and body == b"<h1>Page not found</h1>"


def test_a_directory_is_served_through_its_index_only(tree):
    status, head, _ = raw_get(tree, b"/chapters?x=1")
    assert status == 301 and b"\r\nLocation: /chapters/?x=1" in head
    status, _, body = raw_get(tree, b"/chapters/")
    assert status == 200 and body == b"<h1>Chapters</h1>"
    status, head, body = raw_get(tree, b"/assets/app.js")
    assert status == 200 and body == b"let x = 1;" and b"Content-Type: text/javascript; charset=utf-8" in head


@pytest.mark.parametrize("path", [b"/%00", b"/a%00b.html", b"/%ff", b"/%c3", b"/../index.html", b"/%2e%2e/index.html",
                                  b"/articles/%2e%2e/index.html", b"/a%5cb", b"/%0d%0aSet-Cookie:x=1", b"/%7f"])
def test_malformed_paths_get_400(tree, path):
    status, head, body = raw_get(tree, path)
    assert status == 400 and b"Bad request" in body and b"Set-Cookie" not in head


def test_malformed_requests_get_an_answer(tree):
    host, port = tree.rsplit("/", 1)[-1].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(b"GARBAGE\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.0 400 Bad Request")


def test_head_has_the_headers_and_no_body(tree):
    status, head, body = raw_get(tree, b"/articles/40.html", b"HEAD")
    assert status == 200 and b"Content-Length: 19" in head and body == b""
    status, head, body = raw_get(tree, b"/api/search?q=data", b"HEAD")
    assert status == 200 and b"application/json" in head and body == b""


def test_api_json_is_plain_text_with_markup_escaped(in_mini_corpus, tmp_path):
    """An annotation's title is the `citation` of its results, as written: the JSON carries it as
    plain text with <, > and & escaped, and the response can never be read as a page."""
    notes = tmp_path / "annotations"
    notes.mkdir()
    title = '<img src=x onerror=alert(1)> & "zebrafish"'
    (notes / "hostile.md").write_text(f"---\ntargets: [Article 3]\ntitle: '{title}'\nkind: commentary\nsources: [Article 3(1)]\n---\n"
                                      "Zebrafish notes.\n", encoding="utf-8")
    holder = IndexHolder(in_mini_corpus / "convention.json", tmp_path / "index", extras=lambda: annotation_source(notes))
    app = Application(tmp_path / "site", holder)
    status, headers, body = app.respond("GET", "/api/search", "q=zebrafish")
    assert status == 200 and b"<" not in body and b">" not in body and b"&" not in body
    assert json.loads(body)["results"][0]["citation"] == f"Annotation: {title}"
    headers = dict(headers)
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Content-Security-Policy"].startswith("default-src 'none'")
    holder.close()


def test_the_application_is_standard_wsgi(index_dir, tmp_path):
    """PEP 3333, checked by the standard library's validator, for the API, a file, a 404 and a 400."""
    (tmp_path / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    app = wsgiref.validate.validator(create_app(tmp_path, CORPUS_PATH, index_dir))
    for path, query, want in [("/api/search", "q=extradition", "200"), ("/index.html", "", "200"), ("/", "", "200"),
                              ("/missing", "", "404"), ("/\x00", "", "400"), ("/api/search", "", "400")]:
        environ = {"REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "localhost",
                   "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.version": (1, 0), "wsgi.url_scheme": "http",
                   "wsgi.input": BytesIO(), "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": False,
                   "wsgi.run_once": False}
        seen = []
        result = app(environ, lambda status, headers, exc_info=None: seen.append(status) or (lambda data: None))
        body = b"".join(result)
        result.close()
        assert seen[0].startswith(want), (path, seen)
        assert body


@pytest.mark.parametrize("path_info", ["/", "/a/b.html", "/ü.html".encode("utf-8").decode("latin-1")])
def test_site_path_reads_what_links_produce(path_info):
    assert site_path(path_info)[-1] == path_info.encode("latin-1").decode("utf-8").rsplit("/", 1)[-1]


@given(st.text(max_size=40))
def test_property_site_path_never_lets_a_dot_segment_or_control_through(text):
    try:
        parts = site_path("/" + text.encode("utf-8", "surrogatepass").decode("latin-1"))
    except BadPath:
        return
    assert not {".", ".."} & set(parts) and not any(ch < " " or ch in "\\\x7f" for p in parts for ch in p)
