"""The search API and the reading site as one WSGI application (PEP 3333), for ``treaty serve``
(see ``server.py``) or any WSGI server (``waitress-serve treaty.serve:application``; docs/serving.md).

``GET /api/search?q=…&limit=…`` answers with the shape of ``treaty search --json``
(``{"query", "results": [{"citation", "id", "url", "score", "snippet"}], "suggestion"}``);
a bad request gets ``{"error": "…"}`` with status 400, never a traceback.  In that JSON,
``citation``, ``id`` and ``url`` are plain text (an annotation's ``citation`` is its title as
written, so a page showing it must escape it) and ``snippet`` is HTML-safe; ``<``, ``>`` and ``&``
are written as ``\u003c``… escapes, and the response forbids sniffing and scripts.
Every other path is a file of ``site/`` (or, before the site is built, a page that says how to
build it): no directory listings, 400 for a malformed path, 405 for methods other than GET/HEAD.
"""

from __future__ import annotations

import json
import mimetypes
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import parse_qs, quote

from .settings import CORPUS_PATH, SITE_DIR
from .search import INDEX_DIR, MAX_LIMIT, ExtraDocumentsError, IndexBusy, IndexHolder, QueryError

API_PATH = "/api/search"

_NO_SITE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Site not built yet</title></head>
<body><main>
<h1>The reading site has not been built yet</h1>
<p>Build it with <code>treaty build</code> (it writes <code>site/</code> in the current folder; see the README), then reload this page.</p>
<p>The search API works already: <a href="/api/search?q=mutual+legal+assistance">/api/search?q=mutual legal assistance</a>.</p>
</main></body></html>
"""


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
        result = holder.search(qs[0], limit)
    except QueryError as e:
        return 400, {"error": str(e)}
    except IndexBusy as e:
        return 503, {"error": str(e)}
    except ExtraDocumentsError as e:
        return 500, {"error": f"the annotations cannot be indexed: {e}"}
    return 200, result.to_json()


# -- the WSGI application ---------------------------------------------------------------------
#: JSON with no markup characters in it: a response read as HTML by mistake holds no tag
_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})
_API_HEADERS = [("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"),
                ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")]
_STATUS = {200: "200 OK", 301: "301 Moved Permanently", 400: "400 Bad Request", 404: "404 Not Found",
           405: "405 Method Not Allowed", 500: "500 Internal Server Error",
           503: "503 Service Unavailable"}
_CHUNK = 64 * 1024


def json_bytes(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False).translate(_JSON_ESCAPES).encode("utf-8")


class BadPath(ValueError):
    pass


def site_path(path_info: str) -> list[str]:
    """The segments of a request path (PEP 3333: already %-decoded, one byte per character),
    or BadPath for what no link of the site can produce: NUL and control characters, bytes that
    are not UTF-8, backslashes, ``.`` and ``..``."""
    try:
        path = path_info.encode("latin-1").decode("utf-8")
    except UnicodeError:
        raise BadPath("the path is not UTF-8") from None
    if not path.startswith("/") or any(ch < " " or ch == "\x7f" or ch == "\\" for ch in path):
        raise BadPath("malformed path")
    parts = path.split("/")[1:]
    if any(p in (".", "..") for p in parts):
        raise BadPath("malformed path")
    return parts


def find_file(site_dir: Path, parts: list[str]) -> tuple[str, Path | None]:
    """('file', path), ('redirect', None) for a directory named without its slash, or
    ('missing', None): directories are served only through their index.html, never listed,
    and nothing outside ``site_dir`` (through a symbolic link) is served."""
    try:
        root = site_dir.resolve()
        target = site_dir.joinpath(*[p for p in parts if p]).resolve()
        target.relative_to(root)
        if target.is_dir():
            if parts[-1:] != [""]:
                return ("redirect", None) if (target / "index.html").is_file() else ("missing", None)
            target = target / "index.html"
        return ("file", target) if target.is_file() else ("missing", None)
    except (OSError, ValueError, RuntimeError):  # too long, a loop of links, outside the site…
        return "missing", None


def content_type(path: Path) -> str:
    ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if ctype.startswith("text/") or ctype in ("application/javascript", "application/json", "image/svg+xml", "application/xml"):
        ctype += "; charset=utf-8"
    return ctype


def _chunks(f) -> Iterable[bytes]:
    with f:
        while chunk := f.read(_CHUNK):
            yield chunk


class Application:
    """The WSGI application: ``/api/search`` and the files of ``site_dir``.

    Nothing is opened until the first request; ``log`` (if given) gets one line per request."""

    def __init__(self, site_dir: Path, holder: IndexHolder, log: Callable[[str], None] | None = None):
        self.site_dir, self.holder, self.log = Path(site_dir), holder, log

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        status, headers, body = self.respond(method, environ.get("PATH_INFO", "/") or "/", environ.get("QUERY_STRING", ""))
        if self.log is not None:
            path = quote(environ.get("PATH_INFO", "").encode("latin-1", "replace"), safe="/")
            self.log(f'{time.strftime("%d/%b/%Y %H:%M:%S")} "{method[:20]} {path[:200]}" {status}')
        start_response(_STATUS[status], headers)
        if method == "HEAD":
            if hasattr(body, "close"):
                body.close()
            return [b""]
        if isinstance(body, bytes):
            return [body]
        wrapper = environ.get("wsgi.file_wrapper")
        return wrapper(body, _CHUNK) if wrapper else _chunks(body)

    def respond(self, method: str, path_info: str, query: str) -> tuple[int, list, object]:
        """(status, headers, bytes or an open file) for one request; never raises."""
        try:
            if path_info == API_PATH or path_info.startswith("/api/"):
                if method not in ("GET", "HEAD"):
                    return self._json(405, {"error": f"method {method[:20]} not allowed; use GET"}, [("Allow", "GET, HEAD")])
                if path_info != API_PATH:
                    return self._json(404, {"error": f"no such API endpoint: {path_info[:100]}; try {API_PATH}?q=…"})
                return self._json(*api_response(self.holder, query))
            if method not in ("GET", "HEAD"):
                return self._json(405, {"error": f"method {method[:20]} not allowed; use GET"}, [("Allow", "GET, HEAD")])
            return self._static(path_info, query)
        except Exception as e:  # noqa: BLE001 - the server keeps serving; the client gets JSON, never a traceback
            print(f"treaty serve: internal error on {path_info[:100]!r}: {type(e).__name__}: {e}", file=sys.stderr)
            return self._json(500, {"error": "internal error"})

    @staticmethod
    def _json(status: int, body: dict, extra: list | None = None) -> tuple[int, list, bytes]:
        data = json_bytes(body)
        return status, [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(data))), *_API_HEADERS, *(extra or [])], data

    @staticmethod
    def _html(status: int, page: str) -> tuple[int, list, bytes]:
        data = page.encode("utf-8")
        return status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(data)))], data

    def _static(self, path_info: str, query: str) -> tuple[int, list, object]:
        try:
            parts = site_path(path_info)
        except BadPath as e:
            return self._html(400, f"<!doctype html><title>Bad request</title><h1>Bad request</h1><p>{e}.</p>")
        if not self.site_dir.is_dir():
            return self._html(200 if path_info in ("/", "/index.html") else 404, _NO_SITE)
        found, path = find_file(self.site_dir, parts)
        if found == "redirect":
            location = quote(path_info.encode("latin-1") + b"/", safe="/") + ("?" + quote(query.encode("latin-1"), safe="=&;%+/") if query else "")
            return 301, [("Location", location), ("Content-Length", "0")], b""
        if found == "missing":
            page = self.site_dir / "404.html"
            return self._html(404, page.read_text("utf-8", "replace") if page.is_file() else "<!doctype html><title>Not found</title><h1>Not found</h1>")
        f = open(path, "rb")  # noqa: SIM115 - closed by the WSGI server
        size = os.fstat(f.fileno()).st_size
        return 200, [("Content-Type", content_type(path)), ("Content-Length", str(size)), ("X-Content-Type-Options", "nosniff")], f


def create_app(site_dir: Path | str | None = None, corpus_path: Path | str | None = None, index_path: Path | str | None = None,
               log: Callable[[str], None] | None = None) -> Application:
    """An application over ``site_dir`` (default ``$TREATY_SITE_DIR`` or ``site/``) and the index
    at ``index_path`` (default ``$TREATY_INDEX_DIR`` or ``build/index``)."""
    site = Path(site_dir or os.environ.get("TREATY_SITE_DIR") or SITE_DIR)
    index = Path(index_path or os.environ.get("TREATY_INDEX_DIR") or INDEX_DIR)
    return Application(site, IndexHolder(Path(corpus_path or CORPUS_PATH), index, report=report_to_stderr), log)


def report_to_stderr(line: str) -> None:
    """How the server tells its operator about the index (a rebuild, a damaged file): one line."""
    print(f"treaty serve: {line}", file=sys.stderr, flush=True)


#: for WSGI servers: ``waitress-serve --listen 127.0.0.1:8000 treaty.serve:application``
application = create_app()
