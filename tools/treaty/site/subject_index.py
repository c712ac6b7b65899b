"""The Subject index page (A–Z, as a printed commentary's index) and, on each article page, the
subjects that point into the article — from the subject index in ``corpus/subjects/``
(``treaty.editorial.subjects``).

Importing this module registers its page generator (after the definitions glossary) and its
article aside; ``site/build.py`` imports it.
"""

from __future__ import annotations

from ..citation import Citation
from ..editorial.subjects import Subject, SubjectIndex, letter, load_subjects, sort_key
from ..model import Unit
from . import pages
from .editorial_data import once
from .pages import Page, wrap
from ..settings import TITLE
from .render import Context, PageState, esc, href

PAGE = "subjects.html"
INTRO = ("<p>The subjects of the Convention, in the words readers use for them, A to Z — as the index at the back of a printed "
         "commentary. Each entry links to the paragraphs and items it concerns; the words under an entry are the other names its subject "
         "goes by (everyday words, practitioners' and journalists' terms, other instruments' terminology, abbreviations), and "
         "<em>see also</em> leads to related entries. The index is an editorial aid of this edition, not part of the Convention.</p>")


def subject_index(ctx: Context) -> SubjectIndex:
    """The subject index, loaded once per build; an unsound file fails the build with its file:line."""
    return once(ctx, "subject index", load_subjects)


def locator(c: Citation) -> str:
    """How an index names a provision: '21(2)' for an article's paragraph, the citation otherwise."""
    return c.canonical[len("Article "):] if c.part == "convention" and c.article_number else c.canonical


def _locators(targets, page: str) -> str:
    return ", ".join(f'<a href="{esc(href(t.url, page))}">{esc(locator(t))}</a>' for t in targets)


def heading_id(heading: str) -> str:
    """The anchor of a heading (and of its entry without a subheading) on the Subject index page."""
    return Subject(heading, None, (), (), (), "", 0).id


def _entry_html(s: Subject, page: str, headings: dict[str, str]) -> str:
    parts = [f'<span class="subject-locators">{_locators(s.targets, page)}</span>']
    if s.variants:
        parts.append(f'<span class="subject-variants"><span class="visually-hidden">Also called: </span>{esc("; ".join(s.variants))}</span>')
    if s.see:
        links = ", ".join(f'<a href="#{heading_id(headings[n.casefold()])}">{esc(headings[n.casefold()])}</a>' for n in s.see)
        parts.append(f'<span class="subject-see"><em>See also</em> {links}</span>')
    return " ".join(parts)


def page_html(index: SubjectIndex, page: str = PAGE) -> str:
    headings = index.headings()
    groups: dict[str, list[Subject]] = {}
    for s in index.sorted():
        groups.setdefault(s.heading.casefold(), []).append(s)
    by_letter: dict[str, list[list[Subject]]] = {}
    for group in groups.values():
        by_letter.setdefault(letter(group[0].heading), []).append(group)
    letters = sorted(by_letter, key=lambda x: (x != "0–9", x))
    nav = " ".join(f'<a href="#letter-{esc(_letter_id(x))}">{esc(x)}</a>' for x in letters)
    out = [f'<nav class="subject-az" aria-label="Letters">{nav}</nav>']
    for x in letters:
        items = []
        for group in by_letter[x]:
            main = next((s for s in group if s.sub is None), None)
            head = group[0].heading
            line = f'<span class="subject-heading">{esc(head)}</span>' + (" " + _entry_html(main, page, headings) if main else "")
            subs = "".join(f'<li id="{s.id}"><span class="subject-sub">{esc(s.sub)}</span> {_entry_html(s, page, headings)}</li>'
                           for s in group if s.sub is not None)
            items.append(f'<li id="{heading_id(head)}">{line}{f"<ul>{subs}</ul>" if subs else ""}</li>')
        out.append(f'<section aria-labelledby="letter-{_letter_id(x)}"><h2 id="letter-{_letter_id(x)}">{esc(x)}</h2>'
                   f'<ul class="subject-index">{"".join(items)}</ul></section>')
    return "".join(out)


def _letter_id(x: str) -> str:
    return "digits" if x == "0–9" else x.lower()


def subject_pages(ctx: Context) -> list[Page]:
    index = subject_index(ctx)
    state = PageState(PAGE)
    counts = f'<p class="subject-counts">{len(index)} entries.</p>'
    body = wrap(state, TITLE, '<h1 id="subject-index">Subject index</h1>', INTRO, counts, page_html(index))
    entries = [{"location": f"{PAGE}#{s.id if s.sub else heading_id(s.heading)}", "title": esc(f"Subject index: {s.label}"),
                "text": esc("; ".join(s.variants) + " — " + ", ".join(t.canonical for t in s.targets))} for s in index.sorted()]
    return [Page(PAGE, "Subject index", body, entries=entries)]


def subjects_aside(ctx: Context, state: PageState, article: Unit) -> str:
    """The subject-index entries pointing into ``article``, each with the provisions it names here."""
    found = subject_index(ctx).concerning(article.citation)
    if not found:
        return ""
    c = article.citation
    items = []
    for s in found:
        here = [t for t in s.targets if c.contains(t)]
        target = f"{PAGE}#{s.id if s.sub else heading_id(s.heading)}"
        items.append(f'<li><a href="{esc(href(target, state.page))}">{esc(s.label)}</a>: {_locators(here, state.page)}</li>')
    return (f'<aside class="article-subjects" aria-labelledby="{c.id}-subjects"><h2 id="{c.id}-subjects">Subjects in this article</h2>'
            f'<p class="editorial-note">From the <a href="{esc(href(PAGE, state.page))}">subject index</a> (editorial, not part of the Convention).</p>'
            f'<ul class="subject-list">{"".join(items)}</ul></aside>')


def _register() -> None:
    if subject_pages not in pages.PAGE_GENERATORS:
        pages.PAGE_GENERATORS.insert(pages.PAGE_GENERATORS.index(pages.glossary) + 1, subject_pages)
    if subjects_aside not in pages.ARTICLE_ASIDES:
        pages.ARTICLE_ASIDES.append(subjects_aside)


_register()

__all__ = ["PAGE", "heading_id", "locator", "page_html", "subject_index", "subject_pages", "subjects_aside"]
