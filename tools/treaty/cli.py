"""The ``treaty`` command: the only place that prints or exits.

Exit statuses: 0 success; 1 a well-formed request for something that does not exist (an
unknown provision, a number out of range); 2 bad input (a located source error, an unreadable
citation or file, an argument that is not UTF-8, bad usage); 3 an internal error (a bug: one
line on stderr, the traceback only with ``--debug``).
Other subcommands register themselves in ``COMMANDS`` below.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .cli_common import UserError, editorial_annotations, load_corpus, stored_annotations
from .settings import CORPUS_PATH, EXPORTS_DIR, INDEX_DIR, PARSE_OUT, PART_TITLES, SITE_DIR, SOURCE_PATH, display_path

if TYPE_CHECKING:
    from .model import Annotations, Document, Reference, Unit

# Every other import is made by the command that needs it: `treaty --version` and `treaty show`
# start without the grammar's tables, Markdown, YAML, Whoosh or the site builder loaded
# (benchmarks/bench_cli.py measures the cold start).


def parse_source(path: Path = SOURCE_PATH) -> Document:
    from .parse import parse_file

    return parse_file(str(path), display=display_path(path))


# -- parse ------------------------------------------------------------------------------------
def cmd_parse(args: argparse.Namespace) -> int:
    from .corpus import dumps, write_atomic
    from .parse import parse_file

    src, out = Path(args.source), Path(args.out)
    doc = parse_file(str(src), display=display_path(src))
    write_atomic(out, dumps(doc))
    if not args.quiet:
        from .corpus import counts

        c = counts(doc)
        print(f"wrote {display_path(out)}: {c['chapters']} chapters, {c['articles']} articles, {c['paragraphs']} paragraphs, "
              f"{c['items']} items, {c['roman_items']} roman items, {c['interpretative_notes']} interpretative notes, "
              f"{c['footnotes']} footnotes, {len(doc.source_notes)} source notes", file=sys.stderr)
    return 0


# -- show -------------------------------------------------------------------------------------
def unit_summary(unit: Unit, notes: AnnotationIndex | None = None) -> dict:
    """The public JSON shape of one provision (documented in docs/cli.md; keep it stable).

    With ``notes`` (the annotations) each unit also carries ``references``, ``terms`` and
    ``referenced_by`` for its own heading, text and tail (offsets into ``field``).
    """
    c = unit.citation
    extra = notes.summary(c) if notes is not None else {}
    return {
        "citation": c.canonical,
        "id": c.id,
        "eid": c.eid,
        "url": c.url,
        "kind": unit.kind,
        "num": unit.num,
        "heading": unit.heading,
        "text": unit.full_text(),
        "lead_in": unit.text,
        "tail": unit.tail,
        "concerns": [x.canonical for x in unit.concerns],
        "children": [unit_summary(ch, notes) for ch in unit.children],
        **extra,
    }


def find_or_fail(doc: Document, text: str, command: str) -> Unit:
    """The provision a citation names; exit 2 when unreadable, 1 when it does not exist (or a
    number in it is out of any range)."""
    from .citation import CitationError, OutOfRange
    from .lookup import NotFound, find

    try:
        return find(doc, text)
    except OutOfRange as e:  # 'Article 0', 'Article 1234567890': read, and names nothing
        raise UserError(f"treaty {command}: {e}", 1) from None
    except CitationError as e:
        raise UserError(f"treaty {command}: {e}", 2) from None
    except NotFound as e:
        raise UserError(f"treaty {command}: {e}", 1) from None


def cmd_show(args: argparse.Namespace) -> int:
    from .editorial.annotations import attached_to
    from .text import render_text

    doc = load_corpus()
    unit = find_or_fail(doc, args.citation, "show")
    notes = AnnotationIndex(annotate_corpus(doc))
    editorial = attached_to(load_annotation_files(doc), unit.citation)
    if args.json:
        data = unit_summary(unit, notes)
        data["annotations"] = [a.json() for a in editorial]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(f"{unit.citation.canonical}  ·  {unit.citation.url}")
        print()
        print(render_text(unit))
        cited_by = notes.referenced_by(unit.citation)
        if cited_by:
            print()
            print("Referenced by: " + ", ".join(cited_by))
        for a in editorial:
            print()
            print(render_annotation(a))
    return 0


# -- outline ----------------------------------------------------------------------------------
_OUTLINE_KINDS = {"report", "masthead", "section", "subsection", "resolution", "preamble", "convention", "chapter", "article", "final_clause", "notes", "group", "title"}


def outline_json(unit: Unit) -> dict:
    return {
        "citation": unit.citation.canonical,
        "id": unit.citation.id,
        "url": unit.citation.url,
        "kind": unit.kind,
        "num": unit.num,
        "heading": unit.heading,
        "children": [outline_json(ch) for ch in unit.children if ch.kind in _OUTLINE_KINDS],
    }


def cmd_outline(args: argparse.Namespace) -> int:
    doc = load_corpus()
    if args.json:
        print(json.dumps([outline_json(p) for p in doc.parts], ensure_ascii=False, indent=2))
        return 0
    for part in doc.parts:
        print(f"{PART_TITLES[part.kind]}  [{part.citation.canonical}]")
        for ch in part.children:
            if ch.kind == "chapter":
                print(f"  Chapter {ch.num}  {ch.heading}")
                for art in ch.children:
                    print(f"    Article {art.num:>2}  {art.heading}")
            elif ch.kind in ("section",):
                paras = [u.num for u in ch.walk() if u.kind == "paragraph"]
                print(f"  {ch.num}. {ch.heading}  (paragraphs {paras[0]}–{paras[-1]})")
            elif ch.kind == "group":
                notes = [u.num for u in ch.children]
                print(f"  {ch.heading}  (note{'s' if len(notes) > 1 else ''} {', '.join(notes)})")
            elif ch.kind == "preamble":
                print(f"  {ch.citation.canonical}  ({len(ch.children)} paragraphs)")
            elif ch.kind in ("final_clause", "masthead"):
                print(f"  {ch.citation.canonical}")
        if part.kind == "resolution":
            ops = [u for u in part.children if u.kind == "paragraph"]
            print(f"  Operative paragraphs 1–{len(ops)}")
    return 0


# -- search and serve (tools/treaty/search/, serve.py) ---------------------------------------
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
    from .search import ExtraDocumentsError, QueryError, annotation_source, ensure_index, search

    if not CORPUS_PATH.exists():
        raise UserError(f"{display_path(CORPUS_PATH)} is missing; run 'treaty parse' first")
    query = " ".join(args.query)
    try:
        index = ensure_index(CORPUS_PATH, _index_dir(args), extra_source=annotation_source())
    except ExtraDocumentsError as e:
        raise UserError(f"treaty search: the annotations cannot be indexed:\n{e}", 2) from None
    except OSError as e:
        raise UserError(f"treaty search: cannot build the search index at {display_path(_index_dir(args))}: {e.strerror or e}", 2) from None
    with index:
        try:
            result = search(index, query, args.limit)
        except QueryError as e:
            raise UserError(f"treaty search: {e}", 2) from None
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
    from .serve import IndexHolder
    from .server import Limits, NotLoopback, make_server

    limits = Limits(threads=args.threads, backlog=args.backlog, connections=args.connections,
                    idle_timeout=args.idle_timeout, request_timeout=args.request_timeout)
    try:
        server = make_server(args.host, args.port, Path(args.site or SITE_DIR), IndexHolder(CORPUS_PATH, _index_dir(args)),
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


def register_search(sub) -> None:
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

# -- annotations: references, defined terms, backlinks (issue 3) -------------------------------
def annotate_corpus(doc: Document) -> Annotations:
    from .annotate import annotate
    from .refs import DanglingReference
    from .terms import TermError

    stored = stored_annotations(doc)
    if stored is not None:
        return stored
    try:
        return annotate(doc)
    except (DanglingReference, TermError) as e:
        raise UserError(f"error: {e}", 2) from None


def reference_json(ref: Reference, with_source: bool = False) -> dict:
    """One reference; offsets index the unit's ``field`` (heading | text | tail)."""
    d = {"source": ref.source.canonical} if with_source else {}
    d.update({"field": ref.field, "text": ref.text, "start": ref.start, "end": ref.end,
              "targets": [t.canonical for t in ref.targets], "external": ref.external})
    if ref.external:
        d["external_target"] = ref.external_target
    else:
        # per target, the words that name it (null inside a range), and the links the site writes
        d["spans"] = [list(sp) if sp is not None else None for sp in ref.spans]
        d["links"] = [{"text": x.text, "start": x.start, "end": x.end, "targets": [t.canonical for t in x.targets]}
                      for x in ref.links()]
    return d


class AnnotationIndex:
    """Annotations looked up by the unit they stand in."""

    def __init__(self, ann: Annotations):
        self.ann = ann
        self.refs: dict = {}
        self.terms: dict = {}
        for r in ann.references:
            self.refs.setdefault(r.source, []).append(r)
        for t in ann.term_uses:
            self.terms.setdefault(t.source, []).append(t)

    def referenced_by(self, c) -> list[str]:
        return [s.canonical for s in self.ann.referenced_by.get(c, [])]

    def summary(self, c) -> dict:
        return {
            "references": [reference_json(r) for r in self.refs.get(c, [])],
            "terms": [{"field": t.field, "text": t.text, "start": t.start, "end": t.end, "term": t.term,
                       "defined_in": t.defined_in.canonical} for t in self.terms.get(c, [])],
            "referenced_by": self.referenced_by(c),
        }


def cmd_refs(args: argparse.Namespace) -> int:
    ann = annotate_corpus(load_corpus())
    if args.json:
        print(json.dumps([reference_json(r, with_source=True) for r in ann.references], ensure_ascii=False, indent=2))
        return 0
    for r in ann.references:
        where = f"{r.source.canonical} [{r.field} {r.start}:{r.end}]"
        to = f"external: {r.external_target}" if r.external else ", ".join(t.canonical for t in r.targets)
        print(f"{where}  “{r.text}” → {to}")
    internal = sum(not r.external for r in ann.references)
    print(f"{len(ann.references)} references: {internal} internal, {len(ann.references) - internal} external; "
          f"{len(ann.term_uses)} uses of {len(ann.definitions)} defined terms", file=sys.stderr)
    return 0


def _register_refs(sub) -> None:
    sp = sub.add_parser("refs", help="the whole cross-reference table (internal and external references)")
    sp.add_argument("--json", action="store_true", help="a JSON list of {source, field, text, start, end, targets, external}")
    sp.set_defaults(func=cmd_refs)


# -- annotations and exports (issue 6) ---------------------------------------------------------
def load_annotation_files(doc: Document, directory: Path | None = None) -> list:
    """The editorial annotations, or a UserError listing every 'file:line: problem' (exit 2)."""
    from .editorial.annotations import AnnotationErrors

    try:
        return editorial_annotations(doc, Path(directory) if directory else None)
    except AnnotationErrors as e:
        raise UserError(str(e), 2) from None


def render_annotation(a, width: int = 92) -> str:
    head = f"[{a.kind}] {a.title}  (on {', '.join(t.canonical for t in a.targets)})"
    body = "\n".join(
        textwrap.fill(block, width, subsequent_indent="   " if block[:1] in "-0123456789" else "") if block else ""
        for block in a.text().split("\n")
    )
    sources = "Sources: " + "; ".join(s.label for s in a.sources)
    return "\n".join([head, body, textwrap.fill(sources, width, subsequent_indent="  ")])


def cmd_annotations(args: argparse.Namespace) -> int:
    doc = load_corpus()
    notes = load_annotation_files(doc, args.dir)
    if args.json:
        print(json.dumps([a.json() for a in notes], ensure_ascii=False, indent=2))
    else:
        for a in notes:
            print(f"{a.path}: [{a.kind}] {a.title} — {', '.join(t.canonical for t in a.targets)}")
        print(f"{len(notes)} annotations, all targets and sources found", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .corpus import write_atomic, write_atomic_bytes
    from .exports import akn_errors, build_exports, checksums

    doc = load_corpus()
    files = build_exports(doc, load_annotation_files(doc, args.annotations))
    errors = akn_errors(files["convention.akn.xml"])
    if errors:
        raise UserError("treaty export: the Akoma Ntoso document does not validate: " + "; ".join(errors[:5]), 2)
    out = Path(args.out)
    for name, data in files.items():
        write_atomic_bytes(out / name, data)
    write_atomic(out / "SHA256SUMS", checksums(files))
    for name, data in files.items():
        print(f"{display_path(out / name)}  {len(data):>9} bytes")
    print(f"{display_path(out / 'SHA256SUMS')}", file=sys.stderr)
    return 0


def register_exports(sub) -> None:
    sp = sub.add_parser("annotations", help="check and list the editorial annotations (corpus/annotations/)")
    sp.add_argument("--dir", default=None, help="annotation directory (default: corpus/annotations)")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_annotations)

    sp = sub.add_parser("export", help="write the Akoma Ntoso XML, plain text, CSV, corpus JSON and annotations, with SHA256SUMS")
    sp.add_argument("--out", default=str(EXPORTS_DIR), help="directory to write (default: build/exports)")
    sp.add_argument("--annotations", default=None, help="annotation directory (default: corpus/annotations)")
    sp.set_defaults(func=cmd_export)


# -- resolve and link (issue 7): citations in other documents ---------------------------------
def cmd_resolve(args: argparse.Namespace) -> int:
    args.base_url = _base_url(args)
    unit = find_or_fail(load_corpus(), args.citation, "resolve")
    c = unit.citation
    data = {"citation": c.canonical, "id": c.id, "url": args.base_url + c.url, "text": unit.full_text()}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(f"{data['citation']}\t{data['id']}\t{data['url']}")
        print(textwrap.fill(data["text"], 92) if data["text"] else "")
    return 0


def _read_input(name: str) -> str:
    """The document to link, decoded as UTF-8 with its line endings kept (offsets are exact)."""
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as e:
        raise UserError(f"treaty link: cannot read {name}: {e.strerror or e}", 2) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise UserError(f"treaty link: {'<stdin>' if name == '-' else name}:{line}: not UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})", 2) from None


def _guess_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return {".html": "html", ".htm": "html", ".xhtml": "html", ".md": "markdown", ".markdown": "markdown"}.get(suffix, "text")


def _base_url(args: argparse.Namespace) -> str:
    from .link import check_base_url

    try:
        return check_base_url(args.base_url)
    except ValueError as e:
        raise UserError(f"treaty {args.command}: --base-url: {e}", 2) from None


def cmd_link(args: argparse.Namespace) -> int:
    from .link import Linker, link_text, render_text

    args.base_url = _base_url(args)
    text = _read_input(args.file)
    doc = load_corpus()
    linker = Linker(doc, args.assume, lang=args.lang)
    fmt = args.format or _guess_format(args.file)
    if fmt == "html":
        from .adapters.html import link_html

        out, result = link_html(text, linker, args.base_url)
    elif fmt == "markdown":
        from .adapters.markdown import link_markdown

        out, result = link_markdown(text, linker, args.base_url)
    else:
        result = link_text(text, doc, linker=linker)
        out = render_text(text, result, args.base_url)
    if args.json:
        print(json.dumps(result.as_json(args.base_url), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(out)
        for x in result.unresolved:
            print(f"treaty link: not linked: {x.text!r} at {x.start}: {x.reason}", file=sys.stderr)
    for note in result.notes:
        print(f"treaty link: {note}", file=sys.stderr)
    return 0


def _register_link(sub) -> None:
    sp = sub.add_parser("resolve", help="a citation → canonical citation, id, URL and text")
    sp.add_argument("citation", help="e.g. 'Art. 40(21)(b)' or 'paragraph 3 of article 23'")
    sp.add_argument("--base-url", default="", help="prefix for the URL (default: relative to the site root)")
    sp.add_argument("--json", action="store_true", help="print one JSON object")
    sp.set_defaults(func=cmd_resolve)

    sp = sub.add_parser("link", help="link the citations of this Convention in a document")
    sp.add_argument("file", metavar="FILE", help="the document, or - for standard input")
    sp.add_argument("--format", choices=("text", "markdown", "html"), help="input format (default: from the file name, else text)")
    sp.add_argument("--base-url", default="", help="prefix for link URLs, e.g. https://example.org/uncc/ (default: relative)")
    sp.add_argument("--assume", choices=("THIS", "OTHER"), default="THIS",
                    help="which instrument a citation means in a document that never names one (default: THIS)")
    sp.add_argument("--lang", choices=languages(), default="en",
                    help="the document's language: which words for article, paragraph … to read (default: en)")
    sp.add_argument("--json", action="store_true", help="print the citations and unresolved citations with offsets")
    sp.set_defaults(func=cmd_link)


# -- wiring -----------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="treaty", description="The annotated United Nations Convention against Cybercrime.",
                                epilog="Exit status: 0 success, 1 not found, 2 unreadable input, 3 internal error.")
    p.add_argument("--version", action="version", version=f"treaty {__version__}")
    p.add_argument("--debug", action="store_true", help="on an internal error, print the traceback")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sp = sub.add_parser("parse", help="parse the source text into the corpus JSON (written atomically)")
    sp.add_argument("--source", default=str(SOURCE_PATH), help="source text (default: the committed copy)")
    sp.add_argument("--out", default=str(PARSE_OUT), help="corpus JSON to write (default: corpus/convention.json)")
    sp.add_argument("-q", "--quiet", action="store_true")
    sp.set_defaults(func=cmd_parse)

    sp = sub.add_parser("show", help="print one provision, e.g. 'Article 40(21)(b)'")
    sp.add_argument("citation")
    sp.add_argument("--json", action="store_true", help="print one JSON object")
    sp.set_defaults(func=cmd_show)

    sp = sub.add_parser("outline", help="the table of contents")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_outline)

    for register in COMMANDS:
        register(sub)
    for command in sub.choices.values():  # `treaty search --debug …` as well as `treaty --debug search …`
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


#: Functions that add subcommands (``register(subparsers)``); later stages append here.
COMMANDS: list = [_register_refs, register_search, register_exports, _register_link]


# -- build (the reading site) -----------------------------------------------------------------
def cmd_build(args: argparse.Namespace) -> int:
    from .site.build import BuildError, build_site

    doc = load_corpus()
    try:
        report = build_site(doc, site_dir=Path(args.out), base_url=args.base_url)
    except BuildError as e:
        raise UserError(f"treaty build: {e}", 2) from None
    if not args.quiet:
        stages = ", ".join(f"{name} {secs:.2f} s" for name, secs in report.stages.items())
        print(f"wrote {display_path(report.site_dir)}/: {report.pages} pages, {report.search_entries} search entries ({stages})", file=sys.stderr)
    return 0


def register_build(sub) -> None:
    sp = sub.add_parser("build", help="build the reading site (pages from the corpus, then mkdocs) into site/")
    sp.add_argument("--out", default=str(SITE_DIR), help="site directory to write (default: site/)")
    sp.add_argument("--base-url", default=None, metavar="URL",
                    help="the public URL the site is served from, for copied citations, JSON-LD and sitemap.xml "
                         "(default: $TREATY_BASE_URL, else site_url in mkdocs.yml; '' for none)")
    sp.add_argument("-q", "--quiet", action="store_true")
    sp.set_defaults(func=cmd_build)


COMMANDS.append(register_build)


# -- map: obligation strength, State options, typed references (issue 16) ----------------------
def cmd_map(args: argparse.Namespace) -> int:
    from .analysis import build_map
    from .analysis.export import select, text_lines, to_graphml, to_json
    from .corpus import write_atomic

    doc = load_corpus()
    within = find_or_fail(doc, args.citation, "map").citation if args.citation else None
    m = select(build_map(doc, annotate_corpus(doc)), within)
    if args.graphml:
        try:
            write_atomic(Path(args.graphml), to_graphml(m.edges, doc))
        except OSError as e:
            raise UserError(f"treaty map: cannot write {args.graphml}: {e.strerror or e}", 2) from None
    if args.json:
        sys.stdout.write(to_json(m))
    else:
        for line in text_lines(m):
            print(line)
        c = m.counts()
        print(f"{len(m.provisions)} provisions ({', '.join(f'{k} {v}' for k, v in c['strength'].items())}; {c['mixed']['mixed']} mixed), "
              f"{len(m.options)} options ({', '.join(f'{k} {v}' for k, v in c['option'].items())}), {len(m.edges)} typed references",
              file=sys.stderr)
    return 0


def register_map(sub) -> None:
    sp = sub.add_parser("map", help="the implementation map: obligation strength, State options, typed cross-references")
    sp.add_argument("citation", nargs="?", help="only this provision or article (e.g. 'Article 40'); default: the whole Convention")
    sp.add_argument("--json", action="store_true", help='print {"provisions", "options", "edges"}')
    sp.add_argument("--graphml", metavar="FILE", help="also write the typed reference graph as GraphML")
    sp.set_defaults(func=cmd_map)


COMMANDS.append(register_map)


def _register_editorial(sub) -> None:
    from .cli_editorial import register

    register(sub)


COMMANDS.append(_register_editorial)


def languages() -> list[str]:
    """The languages ``--lang`` accepts: one lexicon file each (citation/lexicons/<code>.json, what
    ``citation.LEXICONS`` loads), listed without loading the grammar."""
    return sorted(p.name[: -len(".json")] for p in (Path(__file__).parent / "citation" / "lexicons").iterdir() if p.name.endswith(".json"))


def not_utf8(argv: list[str]) -> str | None:
    """One line naming the first argument that is not UTF-8 (Python keeps such bytes as lone
    surrogates, which cannot be printed or written as JSON)."""
    for n, arg in enumerate(argv, 1):
        bad = next((i for i, ch in enumerate(arg) if "\ud800" <= ch <= "\udfff"), None)
        if bad is not None:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            return f"treaty: argument {n} is not UTF-8 text (at character {bad + 1}): {shown[:60]!r}"
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in argv
    problem = not_utf8(argv)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as e:
        print(str(e), file=sys.stderr)
        return e.status
    except BrokenPipeError:  # e.g. `treaty outline | head`
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # noqa: BLE001 - a bug: one line and exit 3, the traceback only on request
        from .source import SourceError

        if isinstance(e, SourceError):  # a located error in the source text: bad input
            print(f"error: {e}", file=sys.stderr)
            return 2
        if debug or getattr(args, "debug", False):
            raise
        print(f"treaty {args.command}: internal error: {type(e).__name__}: {str(e)[:200]} (run again with --debug for the traceback)",
              file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
