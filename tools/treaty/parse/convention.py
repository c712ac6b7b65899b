"""The Convention: title, preamble, chapters, articles with their paragraphs, items and
roman items, and the final clause."""

from __future__ import annotations

from ..citation import Citation, from_roman, to_roman
from ..model import Unit
from ..source import Line
from .reader import (ARTICLE_EMPH_TITLE, ARTICLE_PLAIN, ARTICLE_STARRED, CHAPTER_BOLD, CHAPTER_PLAIN, HEADINGISH, ITEM,
                     NUMBERED, NUMBERED_EMPTY, WITNESS, ArticleState, Cursor, ListState, starts_lower)

# Where the semantics, not the layout, decide what a list's closing text belongs to.  The
# layout of article 29(1) and 23(3)(b) is identical; the sentences are not: in 29(1) and 30(1)
# "traffic data, in real time, …" completes both (a) and (b), so it closes the paragraph.
TAIL_OWNER_OVERRIDES = {
    "Article 29(1)(b)": ("Article 29(1)", "completes subparagraphs (a) and (b) alike ('Collect or record … traffic data')"),
    "Article 30(1)(b)": ("Article 30(1)", "completes subparagraphs (a) and (b) alike ('Collect or record … content data')"),
}


class ConventionReader:
    """Mixed into parse.Parser (a reader.Reader)."""

    # -- convention -------------------------------------------------------------------------
    def parse_convention(self) -> Unit:
        annex = self.expect_line("'Annex' before the Convention")
        if annex.text != "Annex":
            raise self.error(annex.no, f"expected 'Annex' before the Convention, found {annex.text[:60]!r}")
        conv = Unit("convention", Citation("convention"), label="Annex", lines=(annex.no, annex.no))
        title = Unit("title", conv.citation.child("title"))
        conv.children.append(title)
        self.cursor = Cursor()
        while True:
            line = self.expect_line("the Convention's title and 'Preamble'")
            if line.text == "Preamble":
                break
            if HEADINGISH.match(line.text):
                raise self.error(line.no, "expected 'Preamble' before the first chapter")
            self.put(title, "text", line)
        if not title.text:
            raise self.error(line.no, "the Convention has no title; expected it between 'Annex' and 'Preamble'")
        preamble = Unit("preamble", conv.citation.child("preamble"), heading="Preamble", lines=(line.no, line.no))
        conv.children.append(preamble)
        opening = self.expect_line("the opening words of the preamble")
        self.put(preamble, "text", opening)
        self.cursor = Cursor()
        while True:
            line = self.expect_line("'Have agreed as follows:' at the end of the preamble")
            if line.text.startswith("Have agreed as follows"):
                self.put(preamble, "tail", line)
                break
            if HEADINGISH.match(line.text):
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
        self.article_state: ArticleState | None = None
        while (line := self.peek()) is not None:
            if WITNESS.match(line.text):
                break
            text = line.text
            if (m := CHAPTER_BOLD.match(text)) or (m := CHAPTER_PLAIN.match(text)):
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
                if m.re is CHAPTER_BOLD:
                    self.note(line.no, "heading_variant", chapter, f"chapter number and title on one line with bold title: {text!r}")
                    self.put(chapter, "heading", line, m.group(2))
                else:
                    title = self.expect_line(f"the title of chapter {to_roman(found)}")
                    if HEADINGISH.match(title.text) or NUMBERED.match(title.text):
                        raise self.error(title.no, f"expected the title of chapter {to_roman(found)}, found {title.text[:60]!r}")
                    self.put(chapter, "heading", title)
                chapter.lines = (line.no, chapter.lines[1])
                conv.children.append(chapter)
                self.cursor = Cursor()
                continue
            m = ARTICLE_STARRED.match(text) or ARTICLE_EMPH_TITLE.match(text) or ARTICLE_PLAIN.match(text)
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
                if m.re is ARTICLE_PLAIN:
                    if m.group(2):
                        self.note(line.no, "heading_variant", article, f"article heading ends with a full stop: {text!r}")
                    title = self.expect_line(f"the title of article {found}")
                    if HEADINGISH.match(title.text) or NUMBERED.match(title.text) or ITEM.match(title.text):
                        raise self.error(title.no, f"expected the title of article {found}, found {title.text[:60]!r}")
                    self.put(article, "heading", title)
                else:
                    kind = "number and title in emphasis, run together" if m.re is ARTICLE_STARRED else "title in emphasis on the number's line"
                    self.note(line.no, "heading_variant", article, f"article heading with {kind}: {text!r}")
                    self.put(article, "heading", line, m.group(2))
                article.lines = (line.no, article.lines[1])
                chapter.children.append(article)
                self.article_state = ArticleState(article)
                self.cursor = Cursor()
                continue
            if HEADINGISH.match(text) and not self.continues(line):
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
        m = NUMBERED.match(text) or NUMBERED_EMPTY.match(text)
        if m:
            n = int(m.group(1))
            if n == st.paragraphs + 1 and (st.paragraphs or not st.article.text):
                st.lists.clear()
                st.paragraphs += 1
                para = Unit("paragraph", st.article.citation.child("paragraph", n), num=str(n), lines=(line.no, line.no))
                st.article.children.append(para)
                rest = m.group(2) if m.re is NUMBERED else ""
                self.cursor = Cursor(para, "text", line.no)
                self.item_chain(para, rest, line)
                return
            if not self.continues(line):
                raise self.error(line.no, f"expected paragraph {st.paragraphs + 1} of article {st.article.num}, found paragraph {n}")
        m = ITEM.match(text)
        if m and self.place_item(m.group(1), line, probe=True):
            self.item_chain(None, text, line)
            return
        if self.continues(line):
            self.join(line)
            return
        if m:
            self.place_item(m.group(1), line, probe=False)  # raises the located error
        if starts_lower(text):
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

    def expectations(self, st: ArticleState) -> str:
        options = [f"paragraph {st.paragraphs + 1}"] if st.paragraphs or not st.article.text else []
        options += [f"item ({lst.expected}) of {lst.owner.citation.canonical}" for lst in reversed(st.lists)]
        return " or ".join(options) if options else "a heading"

    def item_chain(self, parent: Unit | None, text: str, line: Line) -> None:
        """Place '(a) (i) text' — one or more labels opening a line — then the text."""
        st = self.article_state
        assert st is not None
        first = True
        while m := ITEM.match(text):
            label, rest = m.group(1), m.group(2)
            if parent is not None:  # a label right after a number or another label opens a list
                if label not in ("a", "i"):
                    raise self.error(line.no, f"expected (a) or (i) to open a list in {parent.citation.canonical}, found ({label})")
                lst = ListState(parent, "alpha" if label == "a" else "roman")
                st.lists.append(lst)
            else:
                lst = self.place_item(label, line, probe=False)
            assert lst is not None
            lst.count += 1
            kind = "roman_item" if lst.style == "roman" else "item"
            item = Unit(kind, lst.owner.citation.child("item", label), num=label, lines=(line.no, line.no))
            lst.owner.children.append(item)
            self.cursor = Cursor(item, "text", line.no)
            parent, text, first = item, rest, False
            if not rest:
                break
        if text and parent is not None:
            self.put(parent, "text", line, text)

    def place_item(self, label: str, line: Line, probe: bool) -> ListState | None:
        """Find the list an item label continues, or open one after a lead-in ending with ':'."""
        st = self.article_state
        assert st is not None
        cur = self.cursor
        opener = cur.unit if (cur.unit is not None and cur.field == "text" and (getattr(cur.unit, "text") or "").rstrip().endswith(":")) else None
        if opener is not None and opener.kind in ("article", "paragraph", "item", "roman_item") and not any(lst.owner is opener for lst in st.lists):
            if label in ("a", "i"):
                if probe:
                    return ListState(opener, "")
                lst = ListState(opener, "alpha" if label == "a" else "roman")
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
