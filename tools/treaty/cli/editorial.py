"""``treaty concordance`` and ``treaty subjects``: the editorial data in corpus/, on the command line.

Part of the CLI layer (cli/__init__.py registers these commands): it prints and chooses exit statuses
— 0 success, 1 a well-formed request for something that does not exist, 2 unreadable input or
unsound editorial data (each problem ``file:line: message``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from . import common
from .common import UserError
from .shapes import subject_json

if TYPE_CHECKING:
    from ..editorial.concordance import Concordance
    from ..model import Document

# The editorial modules (YAML, the grammar) are imported by the commands that use them, so
# registering these commands costs `treaty --version` nothing.


def _fail(message: str, status: int):
    return UserError(message, status)


def _corpus() -> Document:
    return common.load_corpus()


def concordance_or_fail(doc: Document) -> Concordance:
    from ..editorial.concordance import load_concordance
    from ..editorial.yamlfile import YamlErrors

    try:
        return load_concordance(doc)
    except YamlErrors as e:
        raise _fail(str(e), 2) from None


def concordance_rows(doc: Document, conc: Concordance, citation: str | None) -> tuple[list[tuple], str | None]:
    """(entry, counterpart) pairs a citation asks for, and a note when there are none."""
    from ..citation import CitationError
    from ..editorial.concordance import parse_counterpart
    from ..editorial.counterparts import instrument_articles, instruments
    from ..lookup import NotFound, find

    if citation is None:
        return conc.pairs(), None
    try:
        other = parse_counterpart(citation)
    except CitationError as e:
        raise _fail(f"treaty concordance: {e}", 2) from None
    if other is not None:
        key, number = other
        inst = instruments()[key]
        stored = instrument_articles(key)
        if stored and number not in stored:
            raise _fail(f"treaty concordance: {inst.short} has no Article {number} ({inst.name})", 1)
        pairs = conc.corresponding(key, number)
        return pairs, None if pairs else f"no article of this Convention corresponds to {inst.short}, Article {number}"
    try:
        unit = find(doc, citation)
    except CitationError as e:
        raise _fail(f"treaty concordance: {e}", 2) from None
    except NotFound as e:
        raise _fail(f"treaty concordance: {e}", 1) from None
    c = unit.citation
    if c.article_number is not None:
        articles = [c.article_number]
    elif unit.kind == "chapter":
        articles = [int(u.num) for u in unit.children if u.kind == "article"]
    else:
        raise _fail(f"treaty concordance: the concordance is by article: cite an article or chapter of this Convention, "
                    f"or an article of another instrument ('Budapest Convention, Article 19'), not {c.canonical!r}", 2)
    pairs = [(e, cp) for n in articles for e in [conc.entry(n)] if e for cp in e.counterparts]
    return pairs, None if pairs else f"{c.canonical} has no counterpart in the instruments of the concordance"


def cmd_concordance(args: argparse.Namespace) -> int:
    from ..editorial.concordance import row

    doc = _corpus()
    conc = concordance_or_fail(doc)
    pairs, note = concordance_rows(doc, conc, args.citation)
    if args.json:
        print(json.dumps([row(e, c) for e, c in pairs], ensure_ascii=False, indent=2))
    else:
        width = max((len(c.label) for _, c in pairs), default=0)
        for e, c in pairs:
            print(f"Article {e.article:<3} {c.label:<{width}}  {c.relation:<8}  {c.title}")
    if note:
        print(note, file=sys.stderr)
    return 0


def subjects_or_fail(doc: Document):
    from ..editorial.subjects import load_subjects
    from ..editorial.yamlfile import YamlErrors

    try:
        return load_subjects(doc)
    except YamlErrors as e:
        raise _fail(str(e), 2) from None


def cmd_subjects(args: argparse.Namespace) -> int:
    from ..citation import CitationError
    from ..editorial.subjects import coverage
    from ..lookup import NotFound, find

    doc = _corpus()
    index = subjects_or_fail(doc)
    entries = index.sorted()
    if args.citation:
        try:
            unit = find(doc, args.citation)
        except CitationError as e:
            raise _fail(f"treaty subjects: {e}", 2) from None
        except NotFound as e:
            raise _fail(f"treaty subjects: {e}", 1) from None
        entries = index.concerning(unit.citation)
    if args.json:
        print(json.dumps([subject_json(s) for s in entries], ensure_ascii=False, indent=2))
    else:
        for s in entries:
            print(f"{s.label}: {', '.join(t.canonical for t in s.targets)}")
    if not args.citation:
        cov = coverage(index, doc)
        thin = [n for n, k in cov.items() if k < 3]
        print(f"{len(index)} entries, {index.variant_count()} variants; every target resolves; articles reached by fewer than 3 entries: "
              f"{', '.join(map(str, thin)) or 'none'}", file=sys.stderr)
    return 0


def register(sub) -> None:
    sp = sub.add_parser("concordance", help="counterparts of an article in the Budapest Convention, UNTOC, UNCAC … (or the reverse)")
    sp.add_argument("citation", nargs="?", default=None,
                    help="'Article 28', 'Chapter IV', 'Budapest Convention, Article 19', 'ETS 185 art. 19' (default: every row)")
    sp.add_argument("--json", action="store_true", help="print a JSON list of rows")
    sp.set_defaults(func=cmd_concordance)

    sp = sub.add_parser("subjects", help="check and list the subject index (corpus/subjects/), or the entries pointing into a provision")
    sp.add_argument("citation", nargs="?", default=None, help="list only the entries pointing to this provision or inside it")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_subjects)


__all__ = ["cmd_concordance", "cmd_subjects", "concordance_or_fail", "concordance_rows", "register", "subjects_or_fail"]
