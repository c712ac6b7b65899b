"""``treaty resolve`` and ``treaty link``: citations of this Convention in other documents."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from . import common
from .common import UserError
from .shapes import resolve_json


def cmd_resolve(args: argparse.Namespace) -> int:
    """One citation → its provision; a list or range ("articles 5 to 9", "paragraphs 1 and 2 of
    article 37") → every provision it names, in order (``--json``: a list of them)."""
    from ..citation import CitationError, OutOfRange
    from ..link.reader import read_citations
    from ..lookup import NotFound

    args.base_url = _base_url(args)
    doc = common.load_corpus()
    index = doc.index()
    try:
        citations = read_citations(args.citation, doc, index, lang=args.lang)
    except OutOfRange as e:  # 'Article 0': read, and names nothing
        raise UserError(f"treaty resolve: {e}", 1) from None
    except CitationError as e:
        raise UserError(f"treaty resolve: {e}", 2) from None
    except NotFound as e:
        raise UserError(f"treaty resolve: {e}", 1) from None
    found = [resolve_json(index[c], args.base_url) for c in citations]
    if args.json:
        print(json.dumps(found[0] if len(found) == 1 else found, ensure_ascii=False, indent=2))
    else:
        for data in found:
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
    from ..link import check_base_url

    try:
        return check_base_url(args.base_url)
    except ValueError as e:
        raise UserError(f"treaty {args.command}: --base-url: {e}", 2) from None


def cmd_link(args: argparse.Namespace) -> int:
    from ..link import Linker, link_text, render_text

    args.base_url = _base_url(args)
    text = _read_input(args.file)
    doc = common.load_corpus()
    linker = Linker(doc, args.assume, lang=args.lang)
    fmt = args.format or _guess_format(args.file)
    if fmt == "html":
        from ..adapters.html import link_html

        out, result = link_html(text, linker, args.base_url, args.show_skipped)
    elif fmt == "markdown":
        from ..adapters.markdown import link_markdown

        out, result = link_markdown(text, linker, args.base_url, args.show_skipped)
    else:
        result = link_text(text, doc, linker=linker)
        out = render_text(text, result, args.base_url, args.show_skipped)
    if args.json:
        print(json.dumps(result.as_json(args.base_url), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(out)
        for x in result.unresolved:
            print(f"treaty link: not linked: {x.text!r} at {x.start}: {x.reason}", file=sys.stderr)
    for note in result.notes:
        print(f"treaty link: {note}", file=sys.stderr)
    return 0


def languages() -> list[str]:
    """The languages ``--lang`` accepts: one lexicon file each (citation/lexicons/<code>.json, what
    ``citation.LEXICONS`` loads), listed without loading the grammar."""
    return sorted(p.name[: -len(".json")] for p in (Path(__file__).parents[1] / "citation" / "lexicons").iterdir() if p.name.endswith(".json"))


def register(sub) -> None:
    sp = sub.add_parser("resolve", help="a citation → canonical citation, id, URL and text")
    sp.add_argument("citation", help="e.g. 'Art. 40(21)(b)', 'paragraph 3 of article 23', 'articles 5 to 9', '第23条第3款'")
    sp.add_argument("--base-url", default="", help="prefix for the URL (default: relative to the site root)")
    sp.add_argument("--lang", choices=languages(), default=None,
                    help="the citation's language (default: any the linker reads)")
    sp.add_argument("--json", action="store_true", help="print one JSON object; a list or range: a JSON list of them")
    sp.set_defaults(func=cmd_resolve)

    sp = sub.add_parser("link", help="link the citations of this Convention in a document")
    sp.add_argument("file", metavar="FILE", help="the document, or - for standard input")
    sp.add_argument("--format", choices=("text", "markdown", "html"), help="input format (default: from the file name, else text)")
    sp.add_argument("--base-url", default="", help="prefix for link URLs, e.g. https://example.org/uncc/ (default: relative)")
    sp.add_argument("--assume", choices=("THIS", "OTHER"), default="THIS",
                    help="which instrument a citation means in a document that never names one (default: THIS)")
    sp.add_argument("--lang", choices=languages(), default="en",
                    help="the document's language: which words for article, paragraph … to read (default: en)")
    sp.add_argument("--show-skipped", action="store_true",
                    help="mark the citation-shaped phrases not linked (another instrument's, dangling, ambiguous) in the output")
    sp.add_argument("--json", action="store_true", help="print the citations, unresolved citations and skipped phrases with offsets")
    sp.set_defaults(func=cmd_link)
