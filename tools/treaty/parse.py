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
import re
from dataclasses import dataclass, field

from .citation import Citation, CitationError, from_roman, parse_article_list, to_roman
from .model import Document, Footnote, Mark, SourceNote, Unit
from .source import SUPERSCRIPTS, Line, SourceError, inline

# Where the semantics, not the layout, decide what a list's closing text belongs to.  The
# layout of article 29(1) and 23(3)(b) is identical; the sentences are not: in 29(1) and 30(1)
# "traffic data, in real time, …" completes both (a) and (b), so it closes the paragraph.
TAIL_OWNER_OVERRIDES = {
    "Article 29(1)(b)": ("Article 29(1)", "completes subparagraphs (a) and (b) alike ('Collect or record … traffic data')"),
    "Article 30(1)(b)": ("Article 30(1)", "completes subparagraphs (a) and (b) alike ('Collect or record … content data')"),
}

# Oddities of the official text itself (not of the conversion): kept verbatim, listed here.
# Each quote must occur in the unit named, or the test of source notes fails.
CURATED_SOURCE_NOTES = [
    ("Report, paragraph 3", "had before a note", "a word seems to be missing ('had before it a note'); kept as printed"),
    ("Article 14(2)(d)", "cruel, inhumane or degrading", "'inhumane' where treaty usage is 'inhuman'; kept as printed"),
    ("Article 29(1)(b)(ii)", "collection or recording of;", "item ends with a dangling 'of;' (the object follows the list); kept as printed"),
    ("Article 30(1)(b)(ii)", "collection or recording of;", "item ends with a dangling 'of;' (the object follows the list); kept as printed"),
    ("Interpretative note 2", "States parties", "lower-case 'parties' and 'convention' in the notes, unlike the Convention; kept as printed"),
]

TERMINAL = ".;:"

_SECTION = re.compile(r"^([IVX]+)\.\s+(\S.*)$")
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_NUMBERED_EMPTY = re.compile(r"^(\d{1,3})\.$")
_ITEM = re.compile(r"^\(([a-z]{1,5})\)\s*(.*)$")
_FOOTNOTE = re.compile(r"^([" + SUPERSCRIPTS + r"]+)\s+(\S.*)$")
_CHAPTER_PLAIN = re.compile(r"^Chapter\s+([IVXivx]+)$")
_CHAPTER_BOLD = re.compile(r"^Chapter\s+([IVXivx]+)\s*\*\*(.+?)\*\*$")
_ARTICLE_PLAIN = re.compile(r"^Article\s+(\d{1,3})(\.?)$")
_ARTICLE_STARRED = re.compile(r"^\*Article\s+(\d{1,3})\*\s*\*(.+?)\*$")
_ARTICLE_EMPH_TITLE = re.compile(r"^Article\s+(\d{1,3})\s+\*(.+?)\*$")
_HEADINGISH = re.compile(r"^\**\s*(?:Chapter|Articles?)\b")
_NOTE_GROUP = re.compile(r"^Articles?\s+\d")
_WITNESS = re.compile(r"^IN WITNESS WHEREOF\b")


def _ends_terminal(text: str) -> bool:
    t = text.rstrip(" ”\"’')]")
    return bool(t) and t[-1] in TERMINAL


def _starts_lower(text: str) -> bool:
    for c in text:
        if c.isalpha():
            return c.islower()
    return False


@dataclass
class _List:
    owner: Unit
    style: str  # "alpha" | "roman"
    count: int = 0

    @property
    def expected(self) -> str:
        if self.style == "alpha":
            return chr(ord("a") + self.count)
        return to_roman(self.count + 1).lower()


@dataclass
class _Cursor:
    """Where the next continuation line goes: a unit and one of its fields."""

    unit: Unit | None = None
    field: str = "text"
    line: int = 0


@dataclass
class Parser:
    lines: list[Line]
    path: str
    sha256: str = ""
    total_lines: int = 0
    notes: list[SourceNote] = field(default_factory=list)
    footnote_defs: list[tuple[Line, str]] = field(default_factory=list)
    pos: int = 0
    cursor: _Cursor = field(default_factory=_Cursor)

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
        self.cursor = _Cursor(unit, fieldname, line.no)

    def continues(self, line: Line) -> bool:
        """A page break split the previous text: it does not end a sentence or clause."""
        cur = self.cursor
        if cur.unit is None:
            return False
        return not _ends_terminal(getattr(cur.unit, cur.field) or "")

    def join(self, line: Line) -> None:
        cur = self.cursor
        assert cur.unit is not None
        self.note(line.no, "page_break_join", cur.unit, f"line {line.no} continues the text of line {cur.line}")
        self.put(cur.unit, cur.field, line)

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

    def lift_footnotes(self) -> None:
        body = []
        dashes, indents = [], []
        for line in self.lines:
            if not line.text:
                continue
            if line.dash:
                dashes.append(line.no)
            if line.indent:
                indents.append(line.no)
            m = _FOOTNOTE.match(line.text)
            if m:
                self.footnote_defs.append((line, m.group(1)))
            else:
                body.append(line)
        self.lines = body
        if dashes:
            self.note(dashes[0], "list_dash", None, f"list dashes before item labels removed on {len(dashes)} lines: {', '.join(map(str, dashes))}")
        if indents:
            self.note(indents[0], "indentation", None, f"leading spaces removed on {len(indents)} lines: {', '.join(map(str, indents))}")

    # -- report -----------------------------------------------------------------------------
    def parse_report(self) -> Unit:
        report = Unit("report", Citation("report"))
        masthead = Unit("masthead", Citation("report", (("masthead", ""),)))
        report.children.append(masthead)
        while (line := self.peek()) is not None and not (_SECTION.match(line.text) and _SECTION.match(line.text).group(1) == "I"):
            self.take()
            n = len(masthead.children) + 1
            unit = Unit("line", masthead.citation.child("line", n), num=None)
            self.put(unit, "text", line)
            masthead.children.append(unit)
            masthead.lines = (masthead.lines[0] or line.no, line.no)
        if self.peek() is None:
            raise self.error(self.lines[-1].no, "no report section found; expected a heading 'I. Introduction'")
        self.cursor = _Cursor()
        section: Unit | None = None
        subsection: Unit | None = None
        para = 0
        last_para: Unit | None = None
        while (line := self.peek()) is not None:
            if (m := _SECTION.match(line.text)) and not self.continues(line):
                expected = to_roman(len([c for c in report.children if c.kind == "section"]) + 1)
                if m.group(1) != expected:
                    raise self.error(line.no, f"expected report section {expected}, found section {m.group(1)}")
                self.take()
                section = Unit("section", report.citation.child("section", expected), num=expected)
                self.put(section, "heading", line, m.group(2))
                report.children.append(section)
                subsection = None
                continue
            if (m := _NUMBERED.match(line.text)) and int(m.group(1)) == para + 1:
                self.take()
                para += 1
                last_para = Unit("paragraph", report.citation.child("paragraph", para), num=str(para))
                self.put(last_para, "text", line, m.group(2))
                (subsection or section).children.append(last_para)
                continue
            if self.continues(line) or (_starts_lower(line.text) and last_para is not None):
                self.take()
                self.join(line)
                continue
            if last_para is not None and last_para.text.endswith(":"):
                break  # the recommended draft resolution follows
            if m := _NUMBERED.match(line.text):
                raise self.error(line.no, f"expected report paragraph {para + 1}, found paragraph {m.group(1)}")
            if section is None:  # pragma: no cover - the loop above stops only at section I
                raise self.error(line.no, "expected a report section heading")
            self.take()
            subsection = Unit("subsection", section.citation.child("subsection", len([c for c in section.children if c.kind == "subsection"]) + 1))
            subsection.num = subsection.citation.key
            self.put(subsection, "heading", line)
            section.children.append(subsection)
        if para == 0:
            raise self.error(self.lines[-1].no, "the report has no numbered paragraphs; expected '1. …'")
        return report

    # -- resolution -------------------------------------------------------------------------
    def parse_resolution(self) -> Unit:
        res = Unit("resolution", Citation("resolution"))
        title = Unit("title", res.citation.child("title"))
        res.children.append(title)
        while True:
            line = self.expect_line("the draft resolution's title and 'The General Assembly,'")
            if line.text == "The General Assembly,":
                break
            if _NUMBERED.match(line.text):
                raise self.error(line.no, "expected the draft resolution's title and then 'The General Assembly,'")
            self.put(title, "text", line)
        if not title.text:
            raise self.error(line.no, "the draft resolution has no title; expected it before 'The General Assembly,'")
        preamble = Unit("preamble", res.citation.child("preamble"))
        self.put(preamble, "text", line)
        res.children.append(preamble)
        self.cursor = _Cursor()
        while (line := self.peek()) is not None and not _NUMBERED.match(line.text):
            self.recital_line(preamble, self.take())
        para = 0
        while (line := self.peek()) is not None:
            m = _NUMBERED.match(line.text)
            if m and int(m.group(1)) == para + 1:
                self.take()
                para += 1
                unit = Unit("paragraph", res.citation.child("paragraph", para), num=str(para))
                self.put(unit, "text", line, m.group(2))
                res.children.append(unit)
                continue
            if para and (self.continues(line) or _starts_lower(line.text)):
                self.take()
                self.join(line)
                continue
            if line.text == "Annex" and para:
                break
            if m:
                raise self.error(line.no, f"expected operative paragraph {para + 1} of the draft resolution, found paragraph {m.group(1)}")
            raise self.error(line.no, f"expected operative paragraph {para + 1} of the draft resolution or 'Annex', found {line.text[:60]!r}")
        if line is None:
            raise self.error(self.lines[-1].no, "the text ends too early; expected 'Annex' and the Convention")
        return res

    def recital_line(self, preamble: Unit, line: Line) -> None:
        """Preambular paragraphs end with a comma; a line that does not follow one continues it."""
        if self.cursor.unit is not None and (_starts_lower(line.text) or not _ends_terminal_or_comma(self.cursor)):
            self.join(line)
            return
        recital = Unit("recital", preamble.citation.child("recital", len(preamble.children) + 1))
        self.put(recital, "text", line)
        preamble.children.append(recital)

    # -- convention -------------------------------------------------------------------------
    def parse_convention(self) -> Unit:
        annex = self.expect_line("'Annex' before the Convention")
        if annex.text != "Annex":
            raise self.error(annex.no, f"expected 'Annex' before the Convention, found {annex.text[:60]!r}")
        conv = Unit("convention", Citation("convention"), label="Annex", lines=(annex.no, annex.no))
        title = Unit("title", conv.citation.child("title"))
        conv.children.append(title)
        self.cursor = _Cursor()
        while True:
            line = self.expect_line("the Convention's title and 'Preamble'")
            if line.text == "Preamble":
                break
            if _HEADINGISH.match(line.text):
                raise self.error(line.no, "expected 'Preamble' before the first chapter")
            self.put(title, "text", line)
        if not title.text:
            raise self.error(line.no, "the Convention has no title; expected it between 'Annex' and 'Preamble'")
        preamble = Unit("preamble", conv.citation.child("preamble"), heading="Preamble", lines=(line.no, line.no))
        conv.children.append(preamble)
        opening = self.expect_line("the opening words of the preamble")
        self.put(preamble, "text", opening)
        self.cursor = _Cursor()
        while True:
            line = self.expect_line("'Have agreed as follows:' at the end of the preamble")
            if line.text.startswith("Have agreed as follows"):
                self.put(preamble, "tail", line)
                break
            if _HEADINGISH.match(line.text):
                raise self.error(line.no, "expected 'Have agreed as follows:' before the first chapter")
            self.recital_line(preamble, line)
        self.parse_chapters(conv)
        line = self.expect_line("'IN WITNESS WHEREOF' after the last article")
        final = Unit("final_clause", conv.citation.child("final_clause"))
        self.put(final, "text", line)
        conv.children.append(final)
        while (line := self.peek()) is not None and line.text != "Annex":
            self.take()
            if not self.continues(line):
                raise self.error(line.no, f"expected 'Annex' and the interpretative notes after the final clause, found {line.text[:60]!r}")
            self.join(line)
        return conv

    def parse_chapters(self, conv: Unit) -> None:
        chapter: Unit | None = None
        article: Unit | None = None
        self.article_state: _ArticleState | None = None
        while (line := self.peek()) is not None:
            if _WITNESS.match(line.text):
                break
            text = line.text
            if (m := _CHAPTER_BOLD.match(text)) or (m := _CHAPTER_PLAIN.match(text)):
                self.finish_article(article)
                article = None
                self.take()
                expected = len([c for c in conv.children if c.kind == "chapter"]) + 1
                try:
                    found = from_roman(m.group(1))
                except ValueError:
                    raise self.error(line.no, f"expected chapter {to_roman(expected)}, found {m.group(1)!r}") from None
                if found != expected:
                    raise self.error(line.no, f"expected chapter {to_roman(expected)}, found chapter {m.group(1)}")
                chapter = Unit("chapter", conv.citation.child("chapter", found), num=to_roman(found))
                if m.re is _CHAPTER_BOLD:
                    self.note(line.no, "heading_variant", chapter, f"chapter number and title on one line with bold title: {text!r}")
                    self.put(chapter, "heading", line, m.group(2))
                else:
                    title = self.expect_line(f"the title of chapter {to_roman(found)}")
                    if _HEADINGISH.match(title.text) or _NUMBERED.match(title.text):
                        raise self.error(title.no, f"expected the title of chapter {to_roman(found)}, found {title.text[:60]!r}")
                    self.put(chapter, "heading", title)
                chapter.lines = (line.no, chapter.lines[1])
                conv.children.append(chapter)
                self.cursor = _Cursor()
                continue
            m = _ARTICLE_STARRED.match(text) or _ARTICLE_EMPH_TITLE.match(text) or _ARTICLE_PLAIN.match(text)
            if m:
                self.finish_article(article)
                self.take()
                if chapter is None:
                    raise self.error(line.no, "expected 'Chapter I' before the first article")
                expected = (int(article.num) + 1) if article else self.last_article_number(conv) + 1
                found = int(m.group(1))
                if found != expected:
                    raise self.error(line.no, f"expected article {expected}, found article {found}")
                article = Unit("article", Citation.article(found), num=str(found))
                if m.re is _ARTICLE_PLAIN:
                    if m.group(2):
                        self.note(line.no, "heading_variant", article, f"article heading ends with a full stop: {text!r}")
                    title = self.expect_line(f"the title of article {found}")
                    if _HEADINGISH.match(title.text) or _NUMBERED.match(title.text) or _ITEM.match(title.text):
                        raise self.error(title.no, f"expected the title of article {found}, found {title.text[:60]!r}")
                    self.put(article, "heading", title)
                else:
                    kind = "number and title in emphasis, run together" if m.re is _ARTICLE_STARRED else "title in emphasis on the number's line"
                    self.note(line.no, "heading_variant", article, f"article heading with {kind}: {text!r}")
                    self.put(article, "heading", line, m.group(2))
                article.lines = (line.no, article.lines[1])
                chapter.children.append(article)
                self.article_state = _ArticleState(article)
                self.cursor = _Cursor()
                continue
            if _HEADINGISH.match(text) and not self.continues(line):
                raise self.error(line.no, f"unknown heading form {text[:60]!r}; expected 'Chapter N', 'Article N' or a known variant")
            if article is None:
                raise self.error(line.no, f"expected an article heading, found {text[:60]!r}")
            self.take()
            self.article_line(line)
        self.finish_article(article)
        if not any(c.kind == "chapter" for c in conv.children):
            last = self.lines[-1].no
            raise self.error(last, "the Convention has no chapters; expected 'Chapter I'")

    @staticmethod
    def last_article_number(conv: Unit) -> int:
        arts = [a for c in conv.children if c.kind == "chapter" for a in c.children]
        return int(arts[-1].num) if arts else 0

    def finish_article(self, article: Unit | None) -> None:
        if article is not None and not article.text and not article.children:
            raise self.error(article.lines[1] + 1, f"article {article.num} has no text; expected its paragraphs")

    # -- article content --------------------------------------------------------------------
    def article_line(self, line: Line) -> None:
        st = self.article_state
        assert st is not None
        text = line.text
        m = _NUMBERED.match(text) or _NUMBERED_EMPTY.match(text)
        if m:
            n = int(m.group(1))
            if n == st.paragraphs + 1 and (st.paragraphs or not st.article.text):
                st.lists.clear()
                st.paragraphs += 1
                para = Unit("paragraph", st.article.citation.child("paragraph", n), num=str(n), lines=(line.no, line.no))
                st.article.children.append(para)
                rest = m.group(2) if m.re is _NUMBERED else ""
                self.cursor = _Cursor(para, "text", line.no)
                self.item_chain(para, rest, line)
                return
            if not self.continues(line):
                raise self.error(line.no, f"expected paragraph {st.paragraphs + 1} of article {st.article.num}, found paragraph {n}")
        m = _ITEM.match(text)
        if m and self.place_item(m.group(1), line, probe=True):
            self.item_chain(None, text, line)
            return
        if self.continues(line):
            self.join(line)
            return
        if m:
            self.place_item(m.group(1), line, probe=False)  # raises the located error
        if _starts_lower(text):
            if not st.lists:
                raise self.error(line.no, f"lower-case text follows no list in article {st.article.num}: {text[:60]!r}")
            owner = st.lists[-1].owner
            override = TAIL_OWNER_OVERRIDES.get(owner.citation.canonical)
            target = override[0] if override else owner.citation.canonical
            while st.lists and st.lists[-1].owner.citation.canonical != target:
                st.lists.pop()
            if not st.lists:  # pragma: no cover - overrides name real list owners
                raise self.error(line.no, f"no open list belongs to {target}")
            owner = st.lists.pop().owner
            if override:
                self.note(line.no, "editorial_decision", owner, f"text after the list attached to {target}: {override[1]}")
            self.put(owner, "tail", line)
            return
        if not st.article.text and not st.article.children:
            self.put(st.article, "text", line)
            return
        expected = self.expectations(st)
        raise self.error(line.no, f"unexpected text in article {st.article.num}: {text[:60]!r}; expected {expected}")

    def expectations(self, st: _ArticleState) -> str:
        options = [f"paragraph {st.paragraphs + 1}"] if st.paragraphs or not st.article.text else []
        options += [f"item ({lst.expected}) of {lst.owner.citation.canonical}" for lst in reversed(st.lists)]
        return " or ".join(options) if options else "a heading"

    def item_chain(self, parent: Unit | None, text: str, line: Line) -> None:
        """Place '(a) (i) text' — one or more labels opening a line — then the text."""
        st = self.article_state
        assert st is not None
        first = True
        while m := _ITEM.match(text):
            label, rest = m.group(1), m.group(2)
            if parent is not None:  # a label right after a number or another label opens a list
                if label not in ("a", "i"):
                    raise self.error(line.no, f"expected (a) or (i) to open a list in {parent.citation.canonical}, found ({label})")
                lst = _List(parent, "alpha" if label == "a" else "roman")
                st.lists.append(lst)
            else:
                lst = self.place_item(label, line, probe=False)
            assert lst is not None
            lst.count += 1
            kind = "roman_item" if lst.style == "roman" else "item"
            item = Unit(kind, lst.owner.citation.child("item", label), num=label, lines=(line.no, line.no))
            lst.owner.children.append(item)
            self.cursor = _Cursor(item, "text", line.no)
            parent, text, first = item, rest, False
            if not rest:
                break
        if text and parent is not None:
            self.put(parent, "text", line, text)

    def place_item(self, label: str, line: Line, probe: bool) -> _List | None:
        """Find the list an item label continues, or open one after a lead-in ending with ':'."""
        st = self.article_state
        assert st is not None
        cur = self.cursor
        opener = cur.unit if (cur.unit is not None and cur.field == "text" and (getattr(cur.unit, "text") or "").rstrip().endswith(":")) else None
        if opener is not None and opener.kind in ("article", "paragraph", "item", "roman_item") and not any(lst.owner is opener for lst in st.lists):
            if label in ("a", "i"):
                if probe:
                    return _List(opener, "")
                lst = _List(opener, "alpha" if label == "a" else "roman")
                st.lists.append(lst)
                return lst
        for depth in range(len(st.lists) - 1, -1, -1):
            if st.lists[depth].expected == label:
                if not probe:
                    del st.lists[depth + 1 :]
                return st.lists[depth]
        if probe:
            return None
        raise self.error(line.no, f"unexpected item ({label}) in article {st.article.num}; expected {self.expectations(st)}")

    # -- interpretative notes ---------------------------------------------------------------
    def parse_notes(self) -> Unit:
        annex = self.expect_line("'Annex' and the interpretative notes")
        notes = Unit("notes", Citation("notes"), label="Annex", lines=(annex.no, annex.no))
        title = Unit("title", notes.citation.child("title"))
        notes.children.append(title)
        self.cursor = _Cursor()
        while (line := self.peek()) is not None and not _NOTE_GROUP.match(line.text):
            self.take()
            self.put(title, "text", line)
        if not title.text:
            raise self.error(annex.no, "expected the title of the interpretative notes after 'Annex'")
        self.cursor = _Cursor()
        group: Unit | None = None
        n = 0
        while (line := self.peek()) is not None:
            self.take()
            if _NOTE_GROUP.match(line.text) and (group is None or group.children) and not self.continues(line):
                try:
                    arts = parse_article_list(line.text)
                except CitationError as e:
                    raise self.error(line.no, str(e)) from None
                group = Unit("group", notes.citation.child("group", "+".join(map(str, arts))))
                group.concerns = [Citation.article(a) for a in arts]
                self.put(group, "heading", line)
                notes.children.append(group)
                self.cursor = _Cursor()
                continue
            m = _NUMBERED.match(line.text)
            if m and int(m.group(1)) == n + 1 and group is not None:
                n += 1
                note = Unit("note", notes.citation.child("note", n), num=str(n), concerns=list(group.concerns))
                self.put(note, "text", line, m.group(2))
                group.children.append(note)
                continue
            if n and self.continues(line):
                self.join(line)
                continue
            if group is None:
                raise self.error(line.no, f"expected an interpretative-note heading 'Article N', found {line.text[:60]!r}")
            raise self.error(line.no, f"expected interpretative note {n + 1}, found {line.text[:60]!r}")
        if n == 0:
            raise self.error(self.lines[-1].no, "the interpretative notes have no numbered notes")
        return notes

    # -- cross-cutting checks ---------------------------------------------------------------
    def link_footnotes(self, parts: list[Unit]) -> list[Footnote]:
        markers = []  # (first line of unit, unit, mark)
        for part in parts:
            for unit in part.walk():
                for mark in unit.marks:
                    if mark.kind == "footnote":
                        markers.append((unit.lines[0], unit, mark))
        used: set[int] = set()
        footnotes = []
        for line, number in self.footnote_defs:
            candidates = [i for i, (ln, u, mk) in enumerate(markers) if mk.target == number.translate(str.maketrans(SUPERSCRIPTS, "0123456789")) and ln <= line.no and i not in used]
            if not candidates:
                raise self.error(line.no, f"footnote {number} has no marker before it in the text")
            i = candidates[-1]
            used.add(i)
            _, unit, mark = markers[i]
            part = unit.citation.part
            if part not in ("report", "convention"):
                raise self.error(line.no, f"footnote {number} is marked in the {part}; footnotes are expected only in the report and the Convention")
            num = int(mark.target)
            citation = Citation(part, (("footnote", str(num)),))
            body = _FOOTNOTE.match(line.text).group(2)
            plain, marks = inline(body, "text", self.path, line.no)
            footnotes.append(Footnote(citation, num, plain, tuple(marks), line.no, unit.citation, mark.field, mark.start))
            unit.marks[unit.marks.index(mark)] = Mark(mark.field, mark.start, mark.end, "footnote", citation.canonical)
        for i, (ln, unit, mark) in enumerate(markers):
            if i not in used:
                raise self.error(ln, f"footnote marker {mark.target} in {unit.citation.canonical} has no footnote text")
        return footnotes

    def check_list_punctuation(self, parts: list[Unit]) -> None:
        for part in parts:
            for unit in part.walk():
                items = [c for c in unit.children if c.kind in ("item", "roman_item")]
                for item in items[:-1]:
                    end = (item.tail or item.text).rstrip()
                    if item.children and not item.tail:
                        continue
                    if not (_ends_terminal(end) or end.endswith((" and", " or"))):
                        self.note(item.lines[1], "missing_punctuation", item, f"list item ends without ';' before the next item: '…{end[-40:]}'")

    def check_quotes(self) -> None:
        for line in self.lines:
            if '"' in line.text:
                self.note(line.no, "straight_quotes", None, "straight double quotes where the rest of the text uses typographic quotes; kept as printed")

    def add_curated_notes(self, parts: list[Unit]) -> None:
        index = {u.citation.canonical: u for part in parts for u in part.walk()}
        for canonical, quote, detail in CURATED_SOURCE_NOTES:
            unit = index.get(canonical)
            if unit is not None and quote in unit.text:
                self.note(unit.lines[0], "source_oddity", unit, f"{quote!r}: {detail}")


def _ends_terminal_or_comma(cursor: _Cursor) -> bool:
    text = (getattr(cursor.unit, cursor.field) or "").rstrip(" ”\"’')]")
    return bool(text) and text[-1] in TERMINAL + ","


@dataclass
class _ArticleState:
    article: Unit
    paragraphs: int = 0
    lists: list[_List] = field(default_factory=list)


def parse_lines(lines: list[Line], path: str, data: bytes | None = None) -> Document:
    sha = hashlib.sha256(data).hexdigest() if data is not None else ""
    parser = Parser(list(lines), path, sha, total_lines=len(lines))
    return parser.parse()


def parse_bytes(data: bytes, path: str) -> Document:
    from .source import decode

    return parse_lines(decode(data, path), path, data)


def parse_file(path: str, display: str | None = None) -> Document:
    """Parse a file; ``display`` is the path written into errors and the corpus."""
    from .source import read_bytes

    shown = display or path
    return parse_bytes(read_bytes(path, shown), shown)
