"""``treaty search`` and ``treaty serve`` (tools/treaty/search/, serve.py, server.py)."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from ..settings import CORPUS_PATH, INDEX_DIR, SITE_DIR, display_path
from .common import UserError


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {n}")
    return n


def _index_dir(args: argparse.Namespace) -> Path:
    import os

    return Path(args.index or os.environ.get("TREATY_INDEX_DIR") or INDEX_DIR)


def _terminal_snippet(snippet: str, tty: bool) -> str:
    import html
    import re

    on, off = ("\x1b[1m", "\x1b[0m") if tty else ("**", "**")
    return html.unescape(re.sub(r"<mark>(.*?)</mark>", lambda m: on + m.group(1) + off, snippet))


def cmd_search(args: argparse.Namespace) -> int:
    from ..search import ExtraDocumentsError, IndexHolder, QueryError

    if not CORPUS_PATH.exists():
        raise UserError(f"{display_path(CORPUS_PATH)} is missing; run 'treaty parse' first")
    query = " ".join(args.query)
    path = _index_dir(args)
    # a damaged index is rebuilt (one line says so); the holder checks it and answers the query
    holder = IndexHolder(CORPUS_PATH, path, report=lambda line: print(f"treaty search: {line.replace(str(path), display_path(path))}", file=sys.stderr),
                         wait=None)
    with holder:
        try:
            result = holder.search(query, args.limit)
        except QueryError as e:
            raise UserError(f"treaty search: {e}", 2) from None
        except ExtraDocumentsError as e:
            raise UserError(f"treaty search: the annotations cannot be indexed:\n{e}", 2) from None
        except OSError as e:
            raise UserError(f"treaty search: cannot build the search index at {display_path(path)}: {e.strerror or e}", 2) from None
    for notice in result.notices:
        print(f"treaty search: {notice}", file=sys.stderr)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    if result.suggestion:
        print(f"Did you mean: {result.suggestion}")
    if not result.hits:
        print(f"No results for {query!r}.")
        return 0
    tty = sys.stdout.isatty()
    for n, hit in enumerate(result.hits, 1):
        print(f"{n:>2}. {hit.citation}  ·  {hit.url}  ·  score {hit.score:.2f}")
        for line in textwrap.wrap(_terminal_snippet(hit.snippet, tty), 88):
            print(f"    {line}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ..serve import IndexHolder, report_to_stderr
    from ..server import Limits, NotLoopback, make_server

    limits = Limits(threads=args.threads, backlog=args.backlog, connections=args.connections,
                    idle_timeout=args.idle_timeout, request_timeout=args.request_timeout)
    try:
        server = make_server(args.host, args.port, Path(args.site or SITE_DIR), IndexHolder(CORPUS_PATH, _index_dir(args), report=report_to_stderr),
                             quiet=args.quiet, limits=limits)
    except NotLoopback as e:
        raise UserError(f"treaty serve: {e}", 2) from None
    except OSError as e:
        raise UserError(f"treaty serve: cannot listen on {args.host}:{args.port}: {e.strerror or e}", 2) from None
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"serving http://{shown}:{port}/  (search API: http://{shown}:{port}/api/search?q=...)  Ctrl-C stops", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.holder.close()
    return 0


def _seconds(text: str) -> float:
    try:
        n = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < n <= 86400:
        raise argparse.ArgumentTypeError(f"expected a number of seconds from 0 to 86400, got {text}")
    return n


def register(sub) -> None:
    sp = sub.add_parser("search", help="full-text search, one result per paragraph, item or note")
    sp.add_argument("query", nargs="+", help='words, "a phrase", a citation (Art. 40(21)), filters article:40 chapter:V kind:note')
    sp.add_argument("--limit", type=_positive_int, default=10, help="number of results (default 10, at most 200)")
    sp.add_argument("--json", action="store_true", help='print {"query", "results", "suggestion"}')
    sp.add_argument("--index", help=argparse.SUPPRESS)
    sp.set_defaults(func=cmd_search)

    sp = sub.add_parser("serve", help="serve the built site and a JSON search API on 127.0.0.1")
    sp.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    sp.add_argument("--host", default="127.0.0.1", help="a loopback address (default 127.0.0.1)")
    sp.add_argument("--site", help=argparse.SUPPRESS)
    sp.add_argument("--index", help=argparse.SUPPRESS)
    sp.add_argument("--threads", type=_positive_int, default=8, help="worker threads answering requests (default 8)")
    sp.add_argument("--backlog", type=_positive_int, default=1024, help="connections waiting to be accepted (default 1024)")
    sp.add_argument("--connections", type=_positive_int, default=256, help="connections open at once; more wait in the backlog (default 256)")
    sp.add_argument("--idle-timeout", type=_seconds, default=30.0, help="close a connection idle this many seconds (default 30)")
    sp.add_argument("--request-timeout", type=_seconds, default=10.0,
                    help="close a connection whose request has not fully arrived this many seconds after it began (default 10)")
    sp.add_argument("-q", "--quiet", action="store_true", help="do not log requests")
    sp.set_defaults(func=cmd_serve)
