"""``treaty parse``, ``show``, ``outline``: the corpus and its provisions; ``refs``: the
cross-references and defined terms; ``annotations`` and ``export``."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from . import common
from ..settings import EXPORTS_DIR, PARSE_OUT, PART_TITLES, SOURCE_PATH, display_path
from .common import UserError
from .shapes import AnnotationIndex, outline_json, reference_json, unit_summary


def cmd_parse(args: argparse.Namespace) -> int:
    from ..corpus import dumps, write_atomic
    from ..parse import parse_file

    src, out = Path(args.source), Path(args.out)
    doc = parse_file(str(src), display=display_path(src))
    write_atomic(out, dumps(doc))
    if not args.quiet:
        from ..corpus import counts

        c = counts(doc)
        print(f"wrote {display_path(out)}: {c['chapters']} chapters, {c['articles']} articles, {c['paragraphs']} paragraphs, "
              f"{c['items']} items, {c['roman_items']} roman items, {c['interpretative_notes']} interpretative notes, "
              f"{c['footnotes']} footnotes, {len(doc.source_notes)} source notes", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from ..editorial.annotations import attached_to
    from ..text import render_text

    doc = common.load_corpus()
    unit = common.find_or_fail(doc, args.citation, "show")
    notes = AnnotationIndex(common.annotate_corpus(doc))
    editorial = attached_to(common.load_annotation_files(doc), unit.citation)
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


def cmd_outline(args: argparse.Namespace) -> int:
    doc = common.load_corpus()
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


def cmd_refs(args: argparse.Namespace) -> int:
    ann = common.annotate_corpus(common.load_corpus())
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


def render_annotation(a, width: int = 92) -> str:
    head = f"[{a.kind}] {a.title}  (on {', '.join(t.canonical for t in a.targets)})"
    body = "\n".join(
        textwrap.fill(block, width, subsequent_indent="   " if block[:1] in "-0123456789" else "") if block else ""
        for block in a.text().split("\n")
    )
    sources = "Sources: " + "; ".join(s.label for s in a.sources)
    return "\n".join([head, body, textwrap.fill(sources, width, subsequent_indent="  ")])


def cmd_annotations(args: argparse.Namespace) -> int:
    doc = common.load_corpus()
    notes = common.load_annotation_files(doc, args.dir)
    if args.json:
        print(json.dumps([a.json() for a in notes], ensure_ascii=False, indent=2))
    else:
        for a in notes:
            print(f"{a.path}: [{a.kind}] {a.title} — {', '.join(t.canonical for t in a.targets)}")
        print(f"{len(notes)} annotations, all targets and sources found", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ..corpus import write_atomic, write_atomic_bytes
    from ..exports import akn_errors, build_exports, checksums

    doc = common.load_corpus()
    files = build_exports(doc, common.load_annotation_files(doc, args.annotations))
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


def register(sub) -> None:

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


def register_refs(sub) -> None:
    sp = sub.add_parser("refs", help="the whole cross-reference table (internal and external references)")
    sp.add_argument("--json", action="store_true", help="a JSON list of {source, field, text, start, end, targets, external}")
    sp.set_defaults(func=cmd_refs)


def register_exports(sub) -> None:
    sp = sub.add_parser("annotations", help="check and list the editorial annotations (corpus/annotations/)")
    sp.add_argument("--dir", default=None, help="annotation directory (default: corpus/annotations)")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_annotations)

    sp = sub.add_parser("export", help="write the Akoma Ntoso XML, plain text, CSV, corpus JSON and annotations, with SHA256SUMS")
    sp.add_argument("--out", default=str(EXPORTS_DIR), help="directory to write (default: build/exports)")
    sp.add_argument("--annotations", default=None, help="annotation directory (default: corpus/annotations)")
    sp.set_defaults(func=cmd_export)
