"""`treaty serve`: the JSON search API, the static site, loopback only, JSON errors not tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import append_to_article_text
from treaty.corpus import CORPUS_PATH
from treaty.search import annotation_source, ensure_index
from treaty.serve import IndexHolder, NotLoopback, check_host, make_server


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "index"
    ensure_index(CORPUS_PATH, path, extra_source=annotation_source()).close()
    return path


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


def test_the_server_never_answers_from_a_stale_index(tmp_path):
    corpus = tmp_path / "convention.json"
    shutil.copyfile(CORPUS_PATH, corpus)
    server = make_server("127.0.0.1", 0, tmp_path / "site", IndexHolder(corpus, tmp_path / "index"), quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/api/search?q=zebrafish"
    try:
        assert json.loads(get(url)[2])["results"] == []
        append_to_article_text(corpus, "20", "zebrafish")
        assert [r["citation"] for r in json.loads(get(url)[2])["results"]] == ["Article 20"]
    finally:
        server.shutdown()
        server.server_close()
        server.holder.close()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.2", "example.org", "::"])
def test_listens_on_loopback_only(host):
    with pytest.raises(NotLoopback, match="not a loopback address"):
        check_host(host)
    assert check_host("localhost") == "127.0.0.1" and check_host("::1") == "::1"


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


def test_treaty_serve_command(index_dir, tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "treaty.cli", "serve", "--port", "0", "--quiet", "--index", str(index_dir),
                             "--site", str(tmp_path)], stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        assert line.startswith("serving http://127.0.0.1:"), line
        base = line.split()[1].rstrip("/")
        status, _, body = get(f"{base}/api/search?q=24/7")
        assert status == 200 and json.loads(body)["results"][0]["citation"].startswith("Article 41")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stderr.close()


def test_treaty_serve_refuses_a_public_address():
    proc = subprocess.run([sys.executable, "-m", "treaty.cli", "serve", "--host", "0.0.0.0", "--port", "0"], capture_output=True, text=True)
    assert proc.returncode == 2 and "not a loopback address" in proc.stderr and "Traceback" not in proc.stderr
