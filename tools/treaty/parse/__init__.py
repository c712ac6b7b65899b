"""Lines → Document: every structural rule of the UN document, and every error message.

The document is read in five phases, each of which knows what may come next:
report masthead → report body → draft resolution → Convention (preamble, chapters, articles,
final clause) → interpretative notes.  Footnote lines are lifted out first (they sit at page
ends, often between the halves of a split paragraph) and linked back to their markers.

Rules that the conversion forces on us, each tested in tests/test_parse.py:
- a line continues the previous one (a page break split it) when the previous text does not
  end with ``.``, ``;`` or ``:`` — whether the continuation starts in lower or upper case;
- a lower-case line after a finished list item is the text that follows the list;
- ``(i)`` opens a roman list only right after a lead-in ending with ``:`` (or right after
  another label on the same line); elsewhere it is the letter after ``(h)``;
- numbers and labels must come in sequence; anything else is a located error.
"""

from __future__ import annotations

import hashlib

from ..model import Document
from ..source import Line
from .checks import CURATED_SOURCE_NOTES, Checks
from .convention import TAIL_OWNER_OVERRIDES, ConventionReader
from .front import FrontMatter
from .notes import NotesReader
from .reader import Reader


class Parser(FrontMatter, ConventionReader, NotesReader, Checks, Reader):
    """One phase per module (front.py, convention.py, notes.py), the checks across the document
    (checks.py) and the reader they share (reader.py)."""

    # -- the document -----------------------------------------------------------------------
    def parse(self) -> Document:
        self.lift_footnotes()
        if not self.lines:
            raise self.error(1, "no text found; expected the UN document")
        report = self.parse_report()
        resolution = self.parse_resolution()
        convention = self.parse_convention()
        notes = self.parse_notes()
        if (extra := self.peek()) is not None:
            raise self.error(extra.no, f"unexpected text after the interpretative notes: {extra.text[:60]!r}")
        parts = [report, resolution, convention, notes]
        footnotes = self.link_footnotes(parts)
        self.check_list_punctuation(parts)
        self.check_quotes()
        self.add_curated_notes(parts)
        return Document(parts, footnotes, sorted(self.notes, key=lambda n: (n.line, n.kind)), self.path, self.sha256, self.total_lines)


def parse_lines(lines: list[Line], path: str, data: bytes | None = None) -> Document:
    sha = hashlib.sha256(data).hexdigest() if data is not None else ""
    parser = Parser(list(lines), path, sha, total_lines=len(lines))
    return parser.parse()


def parse_bytes(data: bytes, path: str) -> Document:
    from ..source import decode

    return parse_lines(decode(data, path), path, data)


def parse_file(path: str, display: str | None = None) -> Document:
    """Parse a file; ``display`` is the path written into errors and the corpus."""
    from ..source import read_bytes

    shown = display or path
    return parse_bytes(read_bytes(path, shown), shown)


__all__ = ["CURATED_SOURCE_NOTES", "TAIL_OWNER_OVERRIDES", "Parser", "parse_bytes", "parse_file", "parse_lines"]
