"""The whole Convention on one page, to read through, print or save: ``full-text.html``.

The preamble, every chapter and article, the final clause, the Convention's footnote and the
interpretative notes, rendered by the same ``unit_html`` as their own pages, with the same ids
(each appears once on this page, so ids stay unique), so ``full-text.html#art40-21-b`` lands
where ``articles/40.html#art40-21-b`` does.  Links between them stay on the page
(``PageState.merged``), so a preview reads the page and the previews JSON stays small.
Editorial annotations (not part of the Convention) are left out.  The in-page navigation lists
its headings only (``data-paranav="headings"``).  Search finds the page (its heading), not its
provisions: they are found at their own pages.
"""

from __future__ import annotations

from .layout import Page, wrap
from ..settings import TITLE
from .render import Context, PageState, esc, footnotes_html, unit_html

PAGE = "full-text.html"


def merged_pages(ctx: Context) -> frozenset[str]:
    """Every page whose units the full text shows."""
    parts = (ctx.doc.part("convention"), ctx.doc.part("notes"))
    return frozenset(u.citation.page for part in parts for u in part.walk()) - {PAGE}


def full_text(ctx: Context) -> list[Page]:
    state = PageState(PAGE, merged=merged_pages(ctx), show_editorial=False)
    convention = ctx.doc.part("convention")
    notes = ctx.doc.part("notes")
    intro = (f'<p class="fulltext-intro">The text of the {esc(TITLE)} from its title to its final clause, followed by the interpretative '
             f'notes, on one page: to read through, to print or to save as PDF. Each provision has the same anchor as on its own page '
             f'(<a href="articles/40.html#art40-21-b">articles/40.html#art40-21-b</a> is <a href="#art40-21-b">#art40-21-b</a> here).</p>')
    body = [f'<h1 id="full-text">{esc(TITLE)} — full text</h1>', intro,
            unit_html(ctx, state, convention, 1),
            f'<section class="unit-notes" aria-labelledby="{notes.citation.id}" data-part="notes">'
            f'<h2 id="{notes.citation.id}" class="heading-notes"><span class="heading-text">Interpretative notes</span></h2>'
            + "".join(unit_html(ctx, state, ch, 3) for ch in notes.children) + "</section>",
            footnotes_html(ctx, state)]
    html = wrap(state, TITLE, *body, attrs='data-paranav="headings"')
    return [Page(PAGE, "Full text", html, nav_title="Full text")]


__all__ = ["PAGE", "full_text", "merged_pages"]
