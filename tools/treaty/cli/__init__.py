"""The ``treaty`` command: the only place that prints or exits.

Exit statuses: 0 success; 1 a well-formed request for something that does not exist (an
unknown provision, a number out of range); 2 bad input (a located source error, an unreadable
citation or file, an argument that is not UTF-8, bad usage); 3 an internal error (a bug: one
line on stderr, the traceback only with ``--debug``).
Every command is registered in ``COMMANDS`` below, in the order ``treaty --help`` lists them;
each module of this package holds a group of commands (and imports what they need only when
one runs), ``shapes.py`` the public JSON shapes and ``common.py`` what they share.
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from . import editorial, link, reading, search, site
from .common import UserError, annotate_corpus, load_annotation_files, load_corpus  # noqa: F401 - the CLI's API
from .link import languages  # noqa: F401

#: Functions that add subcommands (``register(subparsers)``), in the order of ``treaty --help``.
COMMANDS: list = [reading.register, reading.register_refs, search.register, reading.register_exports, link.register,
                  site.register_build, site.register_map, editorial.register]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="treaty", description="The annotated United Nations Convention against Cybercrime.",
                                epilog="Exit status: 0 success, 1 not found, 2 unreadable input, 3 internal error.")
    p.add_argument("--version", action="version", version=f"treaty {__version__}")
    p.add_argument("--debug", action="store_true", help="on an internal error, print the traceback")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in COMMANDS:
        register(sub)
    for command in sub.choices.values():  # `treaty search --debug …` as well as `treaty --debug search …`
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


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
        from ..source import SourceError

        if isinstance(e, SourceError):  # a located error in the source text: bad input
            print(f"error: {e}", file=sys.stderr)
            return 2
        if debug or getattr(args, "debug", False):
            raise
        print(f"treaty {args.command}: internal error: {type(e).__name__}: {str(e)[:200]} (run again with --debug for the traceback)",
              file=sys.stderr)
        return 3

