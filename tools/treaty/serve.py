"""`treaty serve`: the built reading site and a JSON search API, on the loopback interface only.

``GET /api/search?q=…&limit=…`` answers with the shape of ``treaty search --json``
(``{"query", "results": [{"citation", "id", "url", "score", "snippet"}], "suggestion"}``);
a bad request gets ``{"error": "…"}`` with status 400, never a traceback.  Every other path is
a file of ``site/`` (or, before the site is built, a page that says how to build it).
"""

from __future__ import annotations

import ipaddress
import json
import sys
import threading
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .settings import CORPUS_PATH, SITE_DIR
from .search import INDEX_DIR, MAX_LIMIT, ExtraDocumentsError, ExtraSource, QueryError, SearchIndex, annotation_source, ensure_index, search

API_PATH = "/api/search"

_NO_SITE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Site not built yet</title></head>
<body><main>
<h1>The reading site has not been built yet</h1>
<p>Build it with <code>treaty build</code> (it writes <code>site/</code> in the current folder; see the README), then reload this page.</p>
<p>The search API works already: <a href="/api/search?q=mutual+legal+assistance">/api/search?q=mutual legal assistance</a>.</p>
</main></body></html>
"""


class NotLoopback(ValueError):
    pass


def check_host(host: str) -> str:
    """The server listens on this machine only: refuse any address that is not loopback."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        if ipaddress.ip_address(host).is_loopback:
            return host
    except ValueError:
        pass
    raise NotLoopback(f"--host {host!r} is not a loopback address; treaty serve listens on 127.0.0.1 (or ::1) only")


class IndexHolder:
    """The open index, re-checked whenever the corpus file or the extra documents change."""

    def __init__(self, corpus_path: Path = CORPUS_PATH, index_path: Path = INDEX_DIR, extras: Callable[[], ExtraSource | None] = annotation_source):
        self.corpus_path, self.index_path = Path(corpus_path), Path(index_path)
        self.extras = extras
        self.lock = threading.Lock()
        self._stamp = None
        self._index: SearchIndex | None = None

    def get(self) -> SearchIndex:
        """Call with ``lock`` held."""
        st = self.corpus_path.stat()
        source = self.extras()
        stamp = (st.st_mtime_ns, st.st_size, source.fingerprint if source else None)
        if self._index is None or stamp != self._stamp:
            if self._index is not None:
                self._index.close()
                self._index = None
            self._index = ensure_index(self.corpus_path, self.index_path, extra_source=source)
            self._stamp = stamp
        return self._index

    def close(self) -> None:
        with self.lock:
            if self._index is not None:
                self._index.close()
                self._index = None


def api_response(holder: IndexHolder, query_string: str) -> tuple[int, dict]:
    """(status, JSON body) for one API request."""
    params = parse_qs(query_string, keep_blank_values=True)
    qs = params.get("q")
    if not qs or not qs[0].strip():
        return 400, {"error": "missing query: use /api/search?q=words&limit=10"}
    limit_text = (params.get("limit") or ["10"])[0]
    try:
        limit = int(limit_text)
    except ValueError:
        return 400, {"error": f"limit must be a whole number from 1 to {MAX_LIMIT}, not {limit_text[:40]!r}"}
    if not 1 <= limit <= MAX_LIMIT:
        return 400, {"error": f"limit must be a whole number from 1 to {MAX_LIMIT}, not {limit}"}
    try:
        with holder.lock:
            result = search(holder.get(), qs[0], limit)
    except QueryError as e:
        return 400, {"error": str(e)}
    except ExtraDocumentsError as e:
        return 500, {"error": f"the annotations cannot be indexed: {e}"}
    return 200, result.to_json()


class Handler(SimpleHTTPRequestHandler):
    holder: IndexHolder
    site_dir: Path
    quiet = False

    def _json(self, status: int, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        url = urlsplit(self.path)
        if url.path == API_PATH or url.path.startswith("/api/"):
            if url.path != API_PATH:
                return self._json(404, {"error": f"no such API endpoint: {url.path}; try {API_PATH}?q=…"})
            try:
                status, body = api_response(self.holder, url.query)
            except Exception as e:  # the server keeps serving; the client gets JSON, never a traceback
                self.log_error("search failed: %r", e)
                status, body = 500, {"error": "internal error while searching"}
            return self._json(status, body)
        if not self.site_dir.is_dir():
            data = _NO_SITE.encode("utf-8")
            self.send_response(HTTPStatus.OK if url.path in ("/", "/index.html") else HTTPStatus.NOT_FOUND)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
            return
        return super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def _not_allowed(self) -> None:
        self._json(405, {"error": f"method {self.command} not allowed; use GET"})

    do_POST = do_PUT = do_DELETE = do_PATCH = _not_allowed  # noqa: N815

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        if not self.quiet:
            sys.stderr.write("%s %s\n" % (self.log_date_time_string(), format % args))


def make_server(host: str = "127.0.0.1", port: int = 8000, site_dir: Path = SITE_DIR, holder: IndexHolder | None = None,
                quiet: bool = False) -> ThreadingHTTPServer:
    host = check_host(host)
    holder = holder or IndexHolder()
    with holder.lock:
        holder.get()  # build or check the index before the first request
    handler = type("TreatyHandler", (Handler,), {"holder": holder, "site_dir": Path(site_dir), "quiet": quiet})
    server_cls = ThreadingHTTPServer
    if ":" in host:
        import socket

        server_cls = type("V6Server", (ThreadingHTTPServer,), {"address_family": socket.AF_INET6})
    server = server_cls((host, port), partial(handler, directory=str(site_dir)))
    server.daemon_threads = True
    server.holder = holder
    return server
