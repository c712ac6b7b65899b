"""The ``treaty`` command: the only place that prints or exits.

Exit statuses: 0 success; 1 a well-formed request for something that does not exist (an
unknown provision); 2 bad input (a located source error, an unreadable citation, bad usage).
Other subcommands register themselves in ``COMMANDS`` below.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from . import __version__
from .citation import CitationError
from .annotations import attached_to
from .corpus import CORPUS_PATH, ROOT, SOURCE_PATH, dumps, load, write_atomic, write_atomic_bytes
from .lookup import NotFound, find
from .model import Document, Unit
from .parse import parse_file
from .source import SourceError
from .text import render_text


class UserError(Exception):
    def __init__(self, message: str, status: int = 2):
        super().__init__(message)
        self.status = status


def _display_path(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def parse_source(path: Path = SOURCE_PATH) -> Document:
    return parse_file(str(path), display=_display_path(path))


def load_corpus() -> Document:
    if not CORPUS_PATH.exists():
        raise UserError(f"{_display_path(CORPUS_PATH)} is missing; run 'treaty parse' first")
    return load(CORPUS_PATH)


# -- parse ------------------------------------------------------------------------------------
def cmd_parse(args: argparse.Namespace) -> int:
    src, out = Path(args.source), Path(args.out)
    doc = parse_file(str(src), display=_display_path(src))
    write_atomic(out, dumps(doc))
    if not args.quiet:
        from .corpus import counts

        c = counts(doc)
        print(f"wrote {_display_path(out)}: {c['chapters']} chapters, {c['articles']} articles, {c['paragraphs']} paragraphs, "
              f"{c['items']} items, {c['roman_items']} roman items, {c['interpretative_notes']} interpretative notes, "
              f"{c['footnotes']} footnotes, {len(doc.source_notes)} source notes", file=sys.stderr)
    return 0


# -- show -------------------------------------------------------------------------------------
def unit_summary(unit: Unit) -> dict:
    """The public JSON shape of one provision (documented in docs/cli.md; keep it stable)."""
    c = unit.citation
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
        "children": [unit_summary(ch) for ch in unit.children],
    }


def cmd_show(args: argparse.Namespace) -> int:
    doc = load_corpus()
    try:
        unit = find(doc, args.citation)
    except CitationError as e:
        raise UserError(f"treaty show: {e}", 2) from None
    except NotFound as e:
        raise UserError(f"treaty show: {e}", 1) from None
    notes = attached_to(load_annotation_files(doc), unit.citation)
    if args.json:
        data = unit_summary(unit)
        data["annotations"] = [a.json() for a in notes]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(f"{unit.citation.canonical}  ·  {unit.citation.url}")
        print()
        print(render_text(unit))
        for a in notes:
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
    titles = {"report": "Report of the Third Committee", "resolution": "Draft resolution", "convention": "United Nations Convention against Cybercrime", "notes": "Interpretative notes"}
    for part in doc.parts:
        print(f"{titles[part.kind]}  [{part.citation.canonical}]")
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


# -- annotations and exports (issue 6) ---------------------------------------------------------
def load_annotation_files(doc: Document, directory: Path | None = None) -> list:
    """The editorial annotations, or a UserError listing every 'file:line: problem' (exit 2)."""
    from .annotations import ANNOTATIONS_DIR, AnnotationErrors, load_annotations

    try:
        return load_annotations(doc, Path(directory) if directory else ANNOTATIONS_DIR)
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
        print(f"{_display_path(out / name)}  {len(data):>9} bytes")
    print(f"{_display_path(out / 'SHA256SUMS')}", file=sys.stderr)
    return 0


def register_exports(sub) -> None:
    sp = sub.add_parser("annotations", help="check and list the editorial annotations (corpus/annotations/)")
    sp.add_argument("--dir", default=None, help="annotation directory (default: corpus/annotations)")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_annotations)

    sp = sub.add_parser("export", help="write the Akoma Ntoso XML, plain text, CSV, corpus JSON and annotations, with SHA256SUMS")
    sp.add_argument("--out", default=str(ROOT / "build" / "exports"), help="directory to write (default: build/exports)")
    sp.add_argument("--annotations", default=None, help="annotation directory (default: corpus/annotations)")
    sp.set_defaults(func=cmd_export)


# -- wiring -----------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="treaty", description="The annotated United Nations Convention against Cybercrime.")
    p.add_argument("--version", action="version", version=f"treaty {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sp = sub.add_parser("parse", help="parse the source text into the corpus JSON (written atomically)")
    sp.add_argument("--source", default=str(SOURCE_PATH), help="source text (default: the committed copy)")
    sp.add_argument("--out", default=str(CORPUS_PATH), help="corpus JSON to write")
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
    return p


#: Functions that add subcommands (``register(subparsers)``); later stages append here.
COMMANDS: list = [register_exports]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SourceError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except UserError as e:
        print(str(e), file=sys.stderr)
        return e.status
    except BrokenPipeError:  # e.g. `treaty outline | head`
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
