"""The report of the Third Committee and the draft resolution: the first two phases."""

from __future__ import annotations

from ..citation import Citation, to_roman
from ..model import Unit
from ..source import Line
from .reader import NUMBERED, SECTION, Cursor, ends_terminal_or_comma, starts_lower


class FrontMatter:
    """Mixed into parse.Parser (a reader.Reader)."""

    # -- report -----------------------------------------------------------------------------
    def parse_report(self) -> Unit:
        report = Unit("report", Citation("report"))
        masthead = Unit("masthead", Citation("report", (("masthead", ""),)))
        report.children.append(masthead)
        while (line := self.peek()) is not None and not (SECTION.match(line.text) and SECTION.match(line.text).group(1) == "I"):
            self.take()
            n = len(masthead.children) + 1
            unit = Unit("line", masthead.citation.child("line", n), num=None)
            self.put(unit, "text", line)
            masthead.children.append(unit)
            masthead.lines = (masthead.lines[0] or line.no, line.no)
        if self.peek() is None:
            raise self.error(self.lines[-1].no, "no report section found; expected a heading 'I. Introduction'")
        self.cursor = Cursor()
        section: Unit | None = None
        subsection: Unit | None = None
        para = 0
        last_para: Unit | None = None
        while (line := self.peek()) is not None:
            if (m := SECTION.match(line.text)) and not self.continues(line):
                expected = to_roman(len([c for c in report.children if c.kind == "section"]) + 1)
                if m.group(1) != expected:
                    raise self.error(line.no, f"expected report section {expected}, found section {m.group(1)}")
                self.take()
                section = Unit("section", report.citation.child("section", expected), num=expected)
                self.put(section, "heading", line, m.group(2))
                report.children.append(section)
                subsection = None
                continue
            if (m := NUMBERED.match(line.text)) and int(m.group(1)) == para + 1:
                self.take()
                para += 1
                last_para = Unit("paragraph", report.citation.child("paragraph", para), num=str(para))
                self.put(last_para, "text", line, m.group(2))
                (subsection or section).children.append(last_para)
                continue
            if self.continues(line) or (starts_lower(line.text) and last_para is not None):
                self.take()
                self.join(line)
                continue
            if last_para is not None and last_para.text.endswith(":"):
                break  # the recommended draft resolution follows
            if m := NUMBERED.match(line.text):
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
            if NUMBERED.match(line.text):
                raise self.error(line.no, "expected the draft resolution's title and then 'The General Assembly,'")
            self.put(title, "text", line)
        if not title.text:
            raise self.error(line.no, "the draft resolution has no title; expected it before 'The General Assembly,'")
        preamble = Unit("preamble", res.citation.child("preamble"))
        self.put(preamble, "text", line)
        res.children.append(preamble)
        self.cursor = Cursor()
        while (line := self.peek()) is not None and not NUMBERED.match(line.text):
            self.recital_line(preamble, self.take())
        para = 0
        while (line := self.peek()) is not None:
            m = NUMBERED.match(line.text)
            if m and int(m.group(1)) == para + 1:
                self.take()
                para += 1
                unit = Unit("paragraph", res.citation.child("paragraph", para), num=str(para))
                self.put(unit, "text", line, m.group(2))
                res.children.append(unit)
                continue
            if para and (self.continues(line) or starts_lower(line.text)):
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
        if self.cursor.unit is not None and (starts_lower(line.text) or not ends_terminal_or_comma(self.cursor)):
            self.join(line)
            return
        recital = Unit("recital", preamble.citation.child("recital", len(preamble.children) + 1))
        self.put(recital, "text", line)
        preamble.children.append(recital)
