"""The interpretative notes: groups headed by the articles they concern, numbered notes."""

from __future__ import annotations

from ..citation import Citation, CitationError, parse_article_list
from ..model import Unit
from .reader import NOTE_GROUP, NUMBERED, Cursor


class NotesReader:
    """Mixed into parse.Parser (a reader.Reader)."""

    # -- interpretative notes ---------------------------------------------------------------
    def parse_notes(self) -> Unit:
        annex = self.expect_line("'Annex' and the interpretative notes")
        notes = Unit("notes", Citation("notes"), label="Annex", lines=(annex.no, annex.no))
        title = Unit("title", notes.citation.child("title"))
        notes.children.append(title)
        self.cursor = Cursor()
        while (line := self.peek()) is not None and not NOTE_GROUP.match(line.text):
            self.take()
            self.put(title, "text", line)
        if not title.text:
            raise self.error(annex.no, "expected the title of the interpretative notes after 'Annex'")
        self.cursor = Cursor()
        group: Unit | None = None
        n = 0
        while (line := self.peek()) is not None:
            self.take()
            if NOTE_GROUP.match(line.text) and (group is None or group.children) and not self.continues(line):
                try:
                    arts = parse_article_list(line.text)
                except CitationError as e:
                    raise self.error(line.no, str(e)) from None
                group = Unit("group", notes.citation.child("group", "+".join(map(str, arts))))
                group.concerns = [Citation.article(a) for a in arts]
                self.put(group, "heading", line)
                notes.children.append(group)
                self.cursor = Cursor()
                continue
            m = NUMBERED.match(line.text)
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
