"""The Subject index (A–Z, as a printed commentary's index: an overview and a page per letter)
and, on each article page, the subjects that point into the article — from the subject index in ``corpus/subjects/``
(``treaty.editorial.subjects``).

``pages.py`` lists its page generator and its article aside.
"""

from __future__ import annotations

from ..citation import Citation
from ..editorial.subjects import Subject, SubjectIndex, letter, load_subjects, sort_key
from ..model import Unit
from .derived import derived
from .editorial_data import once
from .layout import Page, articles, wrap
from ..settings import TITLE
from .render import Context, PageState, esc, href
from .layout import shared_script

PAGE = "subjects.html"
INTRO = ("<p>The subjects of the Convention, in the words readers use for them, A to Z — as the index at the back of a printed "
         "commentary. Each entry links to the paragraphs and items it concerns; the words under an entry are the other names its subject "
         "goes by (everyday words, practitioners' and journalists' terms, other instruments' terminology, abbreviations), and "
         "<em>see also</em> leads to related entries. The index is an editorial aid of this edition, not part of the Convention.</p>")


def subject_index(ctx: Context) -> SubjectIndex:
    """The subject index, loaded once per build; an unsound file fails the build with its file:line."""
    return once(ctx, "subject index", lambda doc: load_subjects(doc).prepared())


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


def page_html(index: SubjectIndex, x: str, page: str, letters: dict[str, list[list[Subject]]] | None = None) -> str:
    """The entries filed under letter ``x``, as the body of its page (``letters``: ``by_letter(index)``
    when the caller has it already)."""
    headings = index.headings()
    items = []
    for group in (letters or by_letter(index))[x]:
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
    grouped = by_letter(index)
    letters = list(grouped)
    state = PageState(PAGE)
    counts = f'<p class="subject-counts">{len(index)} entries, {index.variant_count()} other names, under {len(letters)} letters.</p>'
    out = [Page(PAGE, "Subject index", wrap(state, TITLE, '<h1 id="subject-index">Subject index</h1>', INTRO, counts, _letter_bar(letters, PAGE)),
                nav=("Subject index",), nav_title="Subject index: A–Z")]
    for x in letters:
        page = f"subjects/{_letter_id(x)}.html"
        state = PageState(page)
        body = wrap(state, TITLE, f'<h1 id="letter">Subject index — {esc(x)}</h1>', _letter_bar(letters, page, x), page_html(index, x, page, grouped))
        out.append(Page(page, f"Subject index — {x}", body, nav=("Subject index",), nav_title=x))
    return out


#: the subjects of every article in one shared file: an article page's aside says how many and
#: fills its list from it when the reader opens it (treaty.js); Article 40's 58 subjects with
#: their locators were 10.6 KiB of its page
SCRIPT_PATH = "assets/javascripts/treaty-subjects.js"


def _runs(ctx: Context, targets: list[Citation]) -> list[list[Citation]]:
    """``targets`` cut into runs of consecutive siblings (40(3)(a), 40(3)(b), … 40(3)(m))."""
    out: list[list[Citation]] = []
    for t in targets:
        if out and t.parent() is not None and t.parent() == out[-1][-1].parent():
            siblings = [u.citation for u in ctx.units[t.parent()].children]
            last = out[-1][-1]
            if t in siblings and last in siblings and siblings.index(t) == siblings.index(last) + 1:
                out[-1].append(t)
                continue
        out.append([t])
    return out


def _here(ctx: Context, targets: list[Citation], page: str) -> str:
    """Locators on an article's page: a run of three or more siblings as its ends ("40(3)(a)–(m)")."""
    parts = []
    for run in _runs(ctx, targets):
        if len(run) < 3:
            parts.append(_locators(run, page))
            continue
        first, last = locator(run[0]), locator(run[-1])
        common = len(locator(run[0].parent())) if run[0].parent() and run[0].parent().part == "convention" else 0
        parts.append(f'<a href="{esc(href(run[0].url, page))}">{esc(first)}</a>–<a href="{esc(href(run[-1].url, page))}" '
                     f'aria-label="{esc(last)}">{esc(last[common:] or last)}</a>')
    return ", ".join(parts)


def _by_article(ctx: Context) -> dict[str, str]:
    index = subject_index(ctx)
    shared = {}
    for article in articles(ctx):
        c = article.citation
        found = index.concerning(c)
        if found:
            shared[c.id] = "".join(f'<li><a href="{esc(href(entry_url(s), c.page))}">{esc(s.label)}</a>: '
                                   f'{_here(ctx, [t for t in s.targets if c.contains(t)], c.page)}</li>' for s in found)
    return shared


def subjects_by_article(ctx: Context) -> dict[str, str]:
    """article id → the list items of the entries pointing into it, each with the provisions it
    names there (links as from any article page: they all sit in ``articles/``); made once per
    build (and kept between builds: site/derived.py), with the shared file (``SCRIPT_PATH``) that holds them."""
    shared = ctx.derived.get("subjects by article")
    if shared is None:
        shared = derived(ctx, "subjects by article", lambda: _by_article(ctx))
        ctx.derived["subjects by article"] = shared
        ctx.files[SCRIPT_PATH] = shared_script("Subjects", shared)
    return shared


def subjects_aside(ctx: Context, state: PageState, article: Unit) -> str:
    """The subject-index entries pointing into ``article``, each with the provisions it names here:
    their number on the page, their list in the shared file (``SCRIPT_PATH``), shown when opened."""
    c = article.citation
    if c.id not in subjects_by_article(ctx):
        return ""
    assert state.page.startswith("articles/"), state.page  # one list serves every article page: links alike from each
    count = len(subject_index(ctx).concerning(c))
    return (f'<aside class="article-subjects" aria-labelledby="{c.id}-subjects"><details data-shared="subjects" data-key="{c.id}">'
            f'<summary><h2 id="{c.id}-subjects">Subjects in this article <span class="subject-count">({count})</span></h2></summary>'
            f'<p class="editorial-note">From the <a href="{esc(href(PAGE, state.page))}">subject index</a> (editorial, not part of the Convention).</p>'
            f'<ul class="subject-list"></ul></details></aside>')


__all__ = ["PAGE", "SCRIPT_PATH", "by_letter", "entry_url", "heading_id", "letter_page", "locator", "page_html", "subject_index", "subject_pages", "subjects_aside", "subjects_by_article"]
