"""Across the whole document: footnotes lifted out first and linked back to their markers,
list punctuation, straight quotes, and the oddities of the official text noted by hand."""

from __future__ import annotations

from ..citation import Citation
from ..model import LIST_ITEMS, Footnote, Mark, Unit
from ..source import SUPERSCRIPTS, inline
from .reader import FOOTNOTE, ends_terminal

# Oddities of the official text itself (not of the conversion): kept verbatim, listed here.
# Each quote must occur in the unit named, or the test of source notes fails.
CURATED_SOURCE_NOTES = [
    ("Report, paragraph 3", "had before a note", "a word seems to be missing ('had before it a note'); kept as printed"),
    ("Article 14(2)(d)", "cruel, inhumane or degrading", "'inhumane' where treaty usage is 'inhuman'; kept as printed"),
    ("Article 29(1)(b)(ii)", "collection or recording of;", "item ends with a dangling 'of;' (the object follows the list); kept as printed"),
    ("Article 30(1)(b)(ii)", "collection or recording of;", "item ends with a dangling 'of;' (the object follows the list); kept as printed"),
    ("Interpretative note 2", "States parties", "lower-case 'parties' and 'convention' in the notes, unlike the Convention; kept as printed"),
]


class Checks:
    """Mixed into parse.Parser (a reader.Reader)."""

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
            m = FOOTNOTE.match(line.text)
            if m:
                self.footnote_defs.append((line, m.group(1)))
            else:
                body.append(line)
        self.lines = body
        if dashes:
            self.note(dashes[0], "list_dash", None, f"list dashes before item labels removed on {len(dashes)} lines: {', '.join(map(str, dashes))}")
        if indents:
            self.note(indents[0], "indentation", None, f"leading spaces removed on {len(indents)} lines: {', '.join(map(str, indents))}")

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
            body = FOOTNOTE.match(line.text).group(2)
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
                items = [c for c in unit.children if c.kind in LIST_ITEMS]
                for item in items[:-1]:
                    end = (item.tail or item.text).rstrip()
                    if item.children and not item.tail:
                        continue
                    if not (ends_terminal(end) or end.endswith((" and", " or"))):
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
