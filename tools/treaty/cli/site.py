"""``treaty build`` (the reading site) and ``treaty map`` (the implementation map)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import common
from ..settings import SITE_DIR, display_path
from .common import UserError


def cmd_build(args: argparse.Namespace) -> int:
    from ..site.build import BuildError, build_site

    doc = common.load_corpus()
    try:
        report = build_site(doc, site_dir=Path(args.out), base_url=args.base_url)
    except BuildError as e:
        raise UserError(f"treaty build: {e}", 2) from None
    if not args.quiet:
        stages = ", ".join(f"{name} {secs:.2f} s" for name, secs in report.stages.items())
        print(f"wrote {display_path(report.site_dir)}/: {report.pages} pages, {report.search_entries} search entries ({stages})", file=sys.stderr)
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from ..analysis import build_map
    from ..analysis.export import select, text_lines, to_graphml, to_json
    from ..corpus import write_atomic

    doc = common.load_corpus()
    within = common.find_or_fail(doc, args.citation, "map").citation if args.citation else None
    m = select(build_map(doc, common.annotate_corpus(doc)), within)
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


def register_build(sub) -> None:
    sp = sub.add_parser("build", help="build the reading site (pages from the corpus, then mkdocs) into site/")
    sp.add_argument("--out", default=str(SITE_DIR), help="site directory to write (default: site/)")
    sp.add_argument("--base-url", default=None, metavar="URL",
                    help="the public URL the site is served from, for copied citations, JSON-LD and sitemap.xml "
                         "(default: $TREATY_BASE_URL, else site_url in mkdocs.yml; '' for none)")
    sp.add_argument("-q", "--quiet", action="store_true")
    sp.set_defaults(func=cmd_build)


def register_map(sub) -> None:
    sp = sub.add_parser("map", help="the implementation map: obligation strength, State options, typed cross-references")
    sp.add_argument("citation", nargs="?", help="only this provision or article (e.g. 'Article 40'); default: the whole Convention")
    sp.add_argument("--json", action="store_true", help='print {"provisions", "options", "edges"}')
    sp.add_argument("--graphml", metavar="FILE", help="also write the typed reference graph as GraphML")
    sp.set_defaults(func=cmd_map)
