"""The reader every phase of the parser shares: the lines, the cursor that says where a
continuation line goes, the located errors and source notes, and the layout rules (a line
continues the previous one unless that text ends a sentence or clause)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..citation import Citation, to_roman
from ..model import Mark, SourceNote, Unit
from ..source import SUPERSCRIPTS, Line, SourceError, inline

TERMINAL = ".;:"

SECTION = re.compile(r"^([IVX]+)\.\s+(\S.*)$")
NUMBERED = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
NUMBERED_EMPTY = re.compile(r"^(\d{1,3})\.$")
ITEM = re.compile(r"^\(([a-z]{1,5})\)\s*(.*)$")
FOOTNOTE = re.compile(r"^([" + SUPERSCRIPTS + r"]+)\s+(\S.*)$")
CHAPTER_PLAIN = re.compile(r"^Chapter\s+([IVXivx]+)$")
CHAPTER_BOLD = re.compile(r"^Chapter\s+([IVXivx]+)\s*\*\*(.+?)\*\*$")
ARTICLE_PLAIN = re.compile(r"^Article\s+(\d{1,3})(\.?)$")
ARTICLE_STARRED = re.compile(r"^\*Article\s+(\d{1,3})\*\s*\*(.+?)\*$")
ARTICLE_EMPH_TITLE = re.compile(r"^Article\s+(\d{1,3})\s+\*(.+?)\*$")
HEADINGISH = re.compile(r"^\**\s*(?:Chapter|Articles?)\b")
NOTE_GROUP = re.compile(r"^Articles?\s+\d")
WITNESS = re.compile(r"^IN WITNESS WHEREOF\b")


def ends_terminal(text: str) -> bool:
    t = text.rstrip(" ”\"’')]")
    return bool(t) and t[-1] in TERMINAL


def starts_lower(text: str) -> bool:
    for c in text:
        if c.isalpha():
            return c.islower()
    return False


@dataclass
class ListState:
    owner: Unit
    style: str  # "alpha" | "roman"
    count: int = 0

    @property
    def expected(self) -> str:
        if self.style == "alpha":
            return chr(ord("a") + self.count)
        return to_roman(self.count + 1).lower()


@dataclass
class Cursor:
    """Where the next continuation line goes: a unit and one of its fields."""

    unit: Unit | None = None
    field: str = "text"
    line: int = 0


def ends_terminal_or_comma(cursor: Cursor) -> bool:
    text = (getattr(cursor.unit, cursor.field) or "").rstrip(" ”\"’')]")
    return bool(text) and text[-1] in TERMINAL + ","



@dataclass
class ArticleState:
    article: Unit
    paragraphs: int = 0
    lists: list[ListState] = field(default_factory=list)


@dataclass
class Reader:
    lines: list[Line]
    path: str
    sha256: str = ""
    total_lines: int = 0
    notes: list[SourceNote] = field(default_factory=list)
    footnote_defs: list[tuple[Line, str]] = field(default_factory=list)
    pos: int = 0
    cursor: Cursor = field(default_factory=Cursor)

    # -- plumbing ---------------------------------------------------------------------------
    def error(self, line: int, message: str) -> SourceError:
        return SourceError(self.path, line, message)

    def peek(self) -> Line | None:
        return self.lines[self.pos] if self.pos < len(self.lines) else None

    def take(self) -> Line:
        line = self.lines[self.pos]
        self.pos += 1
        return line

    def expect_line(self, what: str) -> Line:
        line = self.peek()
        if line is None:
            last = self.lines[-1].no if self.lines else 1
            raise self.error(last, f"the text ends too early; expected {what}")
        return self.take()

    def note(self, line: int, kind: str, citation: Unit | Citation | str | None, detail: str) -> None:
        c = citation.citation.canonical if isinstance(citation, Unit) else (str(citation) if citation else None)
        self.notes.append(SourceNote(line, kind, c, detail))

    def put(self, unit: Unit, fieldname: str, line: Line, text: str | None = None) -> None:
        """Append a line's text to a unit's field, joining with one space, shifting marks."""
        plain, marks = inline(line.text if text is None else text, fieldname, self.path, line.no)
        current = getattr(unit, fieldname) or ""
        offset = len(current) + (1 if current else 0)
        setattr(unit, fieldname, (current + " " + plain) if current else plain)
        unit.marks.extend(Mark(m.field, m.start + offset, m.end + offset, m.kind, m.target) for m in marks)
        first = unit.lines[0] or line.no
        unit.lines = (first, max(unit.lines[1], line.no))
        self.cursor = Cursor(unit, fieldname, line.no)

    def continues(self, line: Line) -> bool:
        """A page break split the previous text: it does not end a sentence or clause."""
        cur = self.cursor
        if cur.unit is None:
            return False
        return not ends_terminal(getattr(cur.unit, cur.field) or "")

    def join(self, line: Line) -> None:
        cur = self.cursor
        assert cur.unit is not None
        self.note(line.no, "page_break_join", cur.unit, f"line {line.no} continues the text of line {cur.line}")
        self.put(cur.unit, cur.field, line)
