"""The Subject index (A–Z, as a printed commentary's index: an overview and a page per letter)
and, on each article page, the subjects that point into the article — from the subject index in ``corpus/subjects/``
(``treaty.editorial.subjects``).

``pages.py`` lists its page generator and its article aside.
"""

from __future__ import annotations

from ..citation import Citation
from ..editorial.subjects import Subject, SubjectIndex, letter, load_subjects, sort_key
from ..model import Unit
from .editorial_data import once
from .layout import Page, wrap
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
    """The anchor of a heading (and of its entry without a subheading) on its letter's page."""
    return Subject(heading, None, (), (), (), "", 0).id


def _letter_id(x: str) -> str:
    return "digits" if x == "0–9" else x.lower()


def letter_page(heading: str) -> str:
    """The page of the letter ``heading`` files under: 'subjects/d.html'."""
    return f"subjects/{_letter_id(letter(heading))}.html"


def entry_url(s: Subject) -> str:
    """Where an entry is (site-relative): its letter page and its anchor there."""
    return f"{letter_page(s.heading)}#{s.id if s.sub else heading_id(s.heading)}"


def _entry_html(s: Subject, page: str, headings: dict[str, str]) -> str:
    parts = [f'<span class="subject-locators">{_locators(s.targets, page)}</span>']
    if s.variants:
        parts.append(f'<span class="subject-variants"><span class="visually-hidden">Also called: </span>{esc("; ".join(s.variants))}</span>')
    if s.see:
        links = ", ".join(f'<a href="{esc(href(letter_page(h) + "#" + heading_id(h), page))}">{esc(h)}</a>'
                          for h in (headings[n.casefold()] for n in s.see))
        parts.append(f'<span class="subject-see"><em>See also</em> {links}</span>')
    return " ".join(parts)


def by_letter(index: SubjectIndex) -> dict[str, list[list[Subject]]]:
    """letter → the entries filed under it, grouped by heading (main entry first), in index order."""
    groups: dict[str, list[Subject]] = {}
    for s in index.sorted():
        groups.setdefault(s.heading.casefold(), []).append(s)
    out: dict[str, list[list[Subject]]] = {}
    for group in groups.values():
        out.setdefault(letter(group[0].heading), []).append(group)
    return dict(sorted(out.items(), key=lambda kv: (kv[0] != "0–9", kv[0])))


def _letter_bar(letters, page: str, current: str | None = None) -> str:
    links = " ".join(f'<a href="{esc(href(f"subjects/{_letter_id(x)}.html", page))}"' + (' aria-current="page"' if x == current else "")
                     + f">{esc(x)}</a>" for x in letters)
    return f'<nav class="subject-az" aria-label="Letters">{links}</nav>'


def page_html(index: SubjectIndex, x: str, page: str) -> str:
    """The entries filed under letter ``x``, as the body of its page."""
    headings = index.headings()
    items = []
    for group in by_letter(index)[x]:
        main = next((s for s in group if s.sub is None), None)
        head = group[0].heading
        line = f'<span class="subject-heading">{esc(head)}</span>' + (" " + _entry_html(main, page, headings) if main else "")
        subs = "".join(f'<li id="{s.id}"><span class="subject-sub">{esc(s.sub)}</span> {_entry_html(s, page, headings)}</li>'
                       for s in group if s.sub is not None)
        items.append(f'<li id="{heading_id(head)}">{line}{f"<ul>{subs}</ul>" if subs else ""}</li>')
    return f'<ul class="subject-index">{"".join(items)}</ul>'


def subject_pages(ctx: Context) -> list[Page]:
    """The overview (subjects.html: what the index is, the letters) and a page per letter
    (subjects/a.html …): small pages, quick to open and to check."""
    index = subject_index(ctx)
    letters = list(by_letter(index))
    state = PageState(PAGE)
    counts = f'<p class="subject-counts">{len(index)} entries, {index.variant_count()} other names, under {len(letters)} letters.</p>'
    out = [Page(PAGE, "Subject index", wrap(state, TITLE, '<h1 id="subject-index">Subject index</h1>', INTRO, counts, _letter_bar(letters, PAGE)),
                nav=("Subject index",), nav_title="Subject index: A–Z")]
    for x in letters:
        page = f"subjects/{_letter_id(x)}.html"
        state = PageState(page)
        body = wrap(state, TITLE, f'<h1 id="letter">Subject index — {esc(x)}</h1>', _letter_bar(letters, page, x), page_html(index, x, page))
        out.append(Page(page, f"Subject index — {x}", body, nav=("Subject index",), nav_title=x))
    return out


def subjects_aside(ctx: Context, state: PageState, article: Unit) -> str:
    """The subject-index entries pointing into ``article``, each with the provisions it names here."""
    found = subject_index(ctx).concerning(article.citation)
    if not found:
        return ""
    c = article.citation
    items = []
    for s in found:
        here = [t for t in s.targets if c.contains(t)]
        items.append(f'<li><a href="{esc(href(entry_url(s), state.page))}">{esc(s.label)}</a>: {_locators(here, state.page)}</li>')
    return (f'<aside class="article-subjects" aria-labelledby="{c.id}-subjects"><h2 id="{c.id}-subjects">Subjects in this article</h2>'
            f'<p class="editorial-note">From the <a href="{esc(href(PAGE, state.page))}">subject index</a> (editorial, not part of the Convention).</p>'
            f'<ul class="subject-list">{"".join(items)}</ul></aside>')


__all__ = ["PAGE", "by_letter", "entry_url", "heading_id", "letter_page", "locator", "page_html", "subject_index", "subject_pages", "subjects_aside"]
