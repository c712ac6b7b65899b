"""Where each article comes from: the "Origins" box on each article page (its counterparts in the
Budapest Convention, UNTOC, UNCAC … with titles and relation), the comparison pages
(``compare/N.html``: for each verbatim or adapted counterpart whose text is kept, the two texts
side by side and their word-level difference after the terminology swap; kept off the article
pages, which stay light) and the Concordance page (both directions, sortable by either side) — from
``corpus/concordance/`` and ``corpus/counterparts/`` (``treaty.editorial``).

``pages.py`` lists its page generator and its article aside.
"""

from __future__ import annotations

from pathlib import Path

from ..citation import Citation
from ..editorial.compare import counterpart_blocks, similarity, unit_blocks, word_diff
from ..editorial.concordance import BUDAPEST, RELATIONS, Concordance, Counterpart, Entry, load_concordance
from ..editorial.counterparts import instrument_articles, instruments
from ..model import Unit
from .editorial_data import once
from .layout import Page, wrap
from ..settings import TITLE
from .render import Context, PageState, esc, href

PAGE = "concordance.html"
SORT_SCRIPT = Path(__file__).with_name("sort-table.js")
RELATION_MEANING = {
    "verbatim": "the same provision, differing only by the systematic terminology swap, renumbered cross-references and drafting style",
    "adapted": "the same provision and structure with an element added, removed or changed in scope or strength",
    "partial": "the counterpart covers only part of the subject, or the same subject by different rules",
    "new": "no counterpart in the Budapest Convention",
}


def concordance(ctx: Context) -> Concordance:
    """The concordance, loaded once per build; unsound data fails the build with its file:line."""
    return once(ctx, "concordance", load_concordance)


def _instrument(c: Counterpart, titled: bool = True) -> str:
    """The instrument's short name, spelt out on hover (``titled``; the first mention in a box)."""
    title = f' title="{esc(c.instrument.name)}"' if titled else ""
    return f'<abbr{title}>{esc(c.instrument.short)}</abbr>'


def _relation(rel: str, titled: bool = True) -> str:
    """A relation's badge, its meaning on hover unless said beside it (``titled=False``)."""
    title = f' title="{esc(RELATION_MEANING[rel])}"' if titled else ""
    return f'<span class="relation relation-{esc(rel)}"{title}>{esc(rel)}</span>'


def _blocks(blocks: list[str]) -> str:
    return "".join(f"<p>{esc(b)}</p>" for b in blocks)


#: joins the blocks (paragraphs, items) of each text before the comparison; shown as a line break
BREAK = "¶"


def _texts(this: list[str], other: list[str]) -> tuple[str, str]:
    return f" {BREAK} ".join(this), f" {BREAK} ".join(other)


def _word_diffs(ctx: Context) -> dict[tuple[str, str], list]:
    """Every comparison's word-level difference, made once per build and kept in the build cache
    (treaty.cache) under the hash of the compared texts: difflib is most of the pages' time."""
    def make() -> dict[tuple[str, str], list]:
        pairs = []
        for entry in concordance(ctx).entries:
            for c in entry.counterparts:
                art = comparable(c)
                if art is not None:
                    pairs.append(_texts(unit_blocks(ctx.units[entry.citation]), counterpart_blocks(art, c.instrument.key)))
        from .. import cache
        from ..editorial import compare

        diffs = cache.cached("word-diffs", [Path(compare.__file__), *(t for pair in pairs for t in pair)],
                             lambda: [word_diff(a, b) for a, b in pairs])
        return dict(zip(pairs, diffs))

    return once(ctx, "word diffs", lambda doc: make())


def _diff_html(ctx: Context, this: list[str], other: list[str]) -> tuple[str, float]:
    texts = _texts(this, other)
    pieces = _word_diffs(ctx).get(texts) or word_diff(*texts)
    out = []
    for p in pieces:
        text = esc(p.text).replace(f" {BREAK} ", "<br>").replace(BREAK, "<br>")
        if p.kind == "same":
            out.append(text)
        elif p.kind == "removed":
            out.append(f"<del>{text}</del>")
        else:
            out.append(f"<ins>{text}</ins>")
    return " ".join(out).replace(" <br>", "<br>").replace("<br> ", "<br>"), similarity([q for q in pieces if q.text.strip(BREAK + " ")])


def comparable(c: Counterpart):
    """The counterpart's stored article when the relation is verbatim or adapted, else None."""
    return instrument_articles(c.instrument.key).get(c.article) if c.relation in ("verbatim", "adapted") else None


def compare_page(entry: Entry) -> str:
    return f"compare/{entry.article}.html"


def comparison_id(entry: Entry, c: Counterpart) -> str:
    return f"cmp-{c.instrument.key.replace(' ', '').lower()}-{c.article}"


def comparison_html(ctx: Context, state: PageState, entry: Entry, c: Counterpart) -> str:
    """The two texts side by side, then their word-level difference after the terminology swap;
    '' unless the relation is verbatim or adapted and the counterpart's text is kept."""
    art = comparable(c)
    if art is None:
        return ""
    this_blocks = unit_blocks(ctx.units[entry.citation])
    diff, share = _diff_html(ctx, this_blocks, counterpart_blocks(art, c.instrument.key))
    src = c.instrument.source
    ident = comparison_id(entry, c)
    return (f'<section class="comparison" id="{ident}" aria-labelledby="{ident}-h"><h2 id="{ident}-h">{esc(c.label)} — {esc(art.title)} '
            f'{_relation(c.relation)}</h2><div class="comparison-columns">'
            f'<section aria-label="{esc(c.instrument.short)}, Article {c.article}"><h3>{esc(c.instrument.short)}, Article {c.article}</h3>{_blocks(list(art.blocks))}</section>'
            f'<section aria-label="This Convention, Article {entry.article}"><h3>This Convention, <a href="{esc(href(entry.citation.url, state.page))}">Article {entry.article}</a></h3>'
            f'{_blocks(this_blocks)}</section></div><h3>What changed, word by word</h3>'
            f'<p class="comparison-legend">After the systematic terminology swap ({esc(c.instrument.short)}\'s wording turned into this '
            f"Convention's: computer system → information and communications technology system, computer data → electronic data, Party → "
            f'State Party …): <del>struck through</del> only in {esc(c.instrument.short)}, <ins>underlined</ins> only in this Convention. '
            f'{round(share * 100)}% of the words are the same.</p>'
            f'<p class="comparison-diff">{diff}</p>'
            f'<p class="comparison-source">Text of {esc(c.instrument.short)}: {esc(src.get("document", ""))}, English text as mirrored in '
            f'{esc(src.get("repository", ""))} (SHA-256 <code>{esc((c.instrument.sha256 or "")[:16])}…</code>).</p></section>')


def comparison_pages(ctx: Context) -> list[Page]:
    """One page per article that has a verbatim or adapted counterpart whose text is kept."""
    out = []
    for entry in concordance(ctx).entries:
        found = [c for c in entry.counterparts if comparable(c) is not None]
        if not found:
            continue
        page = compare_page(entry)
        state = PageState(page)
        head = (f'<h1 id="compare">Article {entry.article} — {esc(entry.title)}: compared with its counterparts</h1>'
                f'<p class="editorial-note">Editorial, not part of the Convention. <a href="{esc(href(entry.citation.url, page))}">Article {entry.article}</a> '
                f'· <a href="{esc(href(PAGE, page))}">Concordance</a></p>')
        body = wrap(state, TITLE, head, *(comparison_html(ctx, state, entry, c) for c in found))
        out.append(Page(page, f"Article {entry.article} compared", body, nav=("Concordance",), nav_title=f"Article {entry.article} compared"))
    return out


def origins_aside(ctx: Context, state: PageState, article: Unit) -> str:
    """The Origins box of an article page."""
    entry = concordance(ctx).entry(int(article.num))
    if entry is None:
        return ""
    c = article.citation
    where = esc(href(PAGE, state.page))
    rel = entry.budapest_relation
    summary = (f'<p class="origins-summary">Relation to the Budapest Convention (ETS No. 185): {_relation(rel, False)} — {esc(RELATION_MEANING[rel])}.</p>')
    if entry.counterparts:
        def texts(x: Counterpart) -> str:
            if comparable(x) is None:
                return "—"
            return f'<a href="{esc(href(compare_page(entry), state.page))}#{comparison_id(entry, x)}">side by side</a>'
        # each instrument spelt out at its first row, each relation's meaning said once (the
        # summary's, then the others under the table), not on every row
        first = {x.instrument.key: i for i, x in reversed(list(enumerate(entry.counterparts)))}
        rows = "".join(f'<tr><td>{_instrument(x, first[x.instrument.key] == i)}</td><td><a href="{where}#{_row_id(x.instrument.key, x.article)}">Article {x.article}</a></td>'
                       f'<td>{esc(x.title)}</td><td>{_relation(x.relation, False)}</td><td>{texts(x)}</td></tr>' for i, x in enumerate(entry.counterparts))
        others = [r for r in RELATION_MEANING if r != rel and any(x.relation == r for x in entry.counterparts)]
        key = "; ".join(f"<em>{esc(r)}</em>: {esc(RELATION_MEANING[r])}" for r in others)
        table = ('<div class="md-typeset__scrollwrap"><div class="md-typeset__table origins-table"><table><thead><tr><th scope="col">Instrument</th>'
                 f'<th scope="col">Counterpart</th><th scope="col">Its title</th><th scope="col">Relation</th><th scope="col">Texts</th></tr></thead>'
                 f'<tbody>{rows}</tbody></table></div></div>' + (f'<p class="origins-key">{key}.</p>' if key else ""))
    else:
        table = '<p>No counterpart in the instruments of the concordance: the article is new.</p>'
    return (f'<aside class="origins" aria-labelledby="{c.id}-origins"><h2 id="{c.id}-origins">Origins</h2>'
            f'<p class="editorial-note">Where this article comes from (editorial, not part of the Convention; see the '
            f'<a href="{where}">concordance</a>).</p>{summary}{table}</aside>')


# -- the Concordance page ---------------------------------------------------------------------
def _row_id(key: str, article: int) -> str:
    return f"{key.replace(' ', '').lower()}-{article}"


def _sortable(caption: str, ident: str, headers: list[str], rows: list[tuple]) -> str:
    """A table whose columns sort (sort-table.js); each row is (cells HTML, sort keys[, row id])."""
    ths = "".join(f'<th scope="col" data-col="{i}"><button type="button" class="sort" aria-describedby="{ident}-how">{esc(h)}</button></th>'
                  for i, h in enumerate(headers))
    trs = []
    for row in rows:
        cells, keys = row[0], row[1]
        row_id = f' id="{row[2]}"' if len(row) > 2 else ""
        trs.append(f"<tr{row_id}>" + "".join(f'<td data-sort="{esc(k)}">{cell}</td>' for cell, k in zip(cells, keys)) + "</tr>")
    body = "".join(trs)
    return (f'<div class="md-typeset__scrollwrap"><div class="md-typeset__table sortable concordance-table"><table id="{ident}">'
            f'<caption>{esc(caption)}</caption><thead><tr>{ths}</tr></thead><tbody>{body}</tbody></table></div></div>'
            f'<p class="sort-how" id="{ident}-how">Press a column heading to sort by it; press again to reverse.</p>')


def _num(n: int) -> str:
    return f"{n:04d}"


def concordance_page(ctx: Context) -> list[Page]:
    conc = concordance(ctx)
    state = PageState(PAGE)
    rank = {r: str(i) for i, r in enumerate((*RELATIONS, "new"))}

    def art_link(e: Entry) -> str:
        return f'<a href="{esc(href(e.citation.url, PAGE))}">Article {e.article}</a>'

    forward = []
    for e in conc.entries:
        for x in e.counterparts or [None]:
            if x is None:
                forward.append(([art_link(e), esc(e.title), "—", "—", "—", _relation("new")],
                                [_num(e.article), e.title, "~", "~", "~", rank["new"]]))
            else:
                forward.append(([art_link(e), esc(e.title), _instrument(x), f"Article {x.article}", esc(x.title), _relation(x.relation)],
                                [_num(e.article), e.title, x.instrument.short, _num(x.article), x.title, rank[x.relation]]))
    backward = []
    budapest = instrument_articles(BUDAPEST)
    for n, art in sorted(budapest.items()):
        pairs = conc.corresponding(BUDAPEST, n)
        links = ", ".join(f'{art_link(e)} ({_relation(x.relation)})' for e, x in pairs) or "— (no article corresponds)"
        best = min((x.relation for _, x in pairs), key=RELATIONS.index) if pairs else None
        backward.append(([f"Article {n}", esc(art.title), links, _relation(best) if best else "—"],
                         [_num(n), art.title, _num(pairs[0][0].article) if pairs else "9999", rank[best] if best else "9"],
                         _row_id(BUDAPEST, n)))
    grouped: dict[tuple[str, int], tuple[Counterpart, list]] = {}
    for e, x in conc.pairs():
        if x.instrument.key != BUDAPEST:
            grouped.setdefault((x.instrument.key, x.article), (x, []))[1].append((e, x))
    others = []
    for (key, n), (x, found) in sorted(grouped.items(), key=lambda kv: (kv[1][0].instrument.short, kv[0][1])):
        links = ", ".join(f"{art_link(e)} ({_relation(y.relation)})" for e, y in found)
        others.append(([_instrument(x), f"Article {n}", esc(x.title), links], [x.instrument.short, _num(n), x.title, _num(found[0][0].article)],
                       _row_id(key, n)))
    legend = "".join(f"<dt>{_relation(r)}</dt><dd>{esc(m)}</dd>" for r, m in RELATION_MEANING.items())
    corrections = "".join(f'<li><a href="{esc(href(Citation.article(c.article).url, PAGE))}">Article {c.article}</a> — {esc(c.instrument)} '
                          f'Article {c.counterpart}: {esc(c.was)} → {esc(c.now)}. {esc(c.why)}</li>' for c in conc.corrections)
    sources = "".join(f'<li>{esc(i.name)}: {esc(i.source.get("document", ""))}'
                      + (f' — stored text <code>{esc(i.file)}</code>, SHA-256 <code>{esc(i.sha256)}</code>' if i.file else " — text not kept here")
                      + "</li>" for i in instruments().values())
    with_budapest = sum(1 for e in conc.entries if e.budapest_relation != "new")
    body = wrap(state, TITLE, '<h1 id="concordance">Concordance</h1>',
                f'<p>Where the articles of the Convention come from: {with_budapest} of its {len(conc.entries)} articles have a counterpart in the '
                'Council of Europe Convention on Cybercrime (ETS No. 185, the “Budapest Convention”); many others take their text from the '
                'United Nations Convention against Transnational Organized Crime (UNTOC) or against Corruption (UNCAC). Each article page shows '
                'its counterparts in an “Origins” box, with the texts side by side where the relation is verbatim or adapted. The concordance is '
                'an editorial aid of this edition, not part of the Convention; <code>treaty concordance</code> prints it.</p>',
                f'<dl class="relations">{legend}</dl>',
                '<h2 id="forward">This Convention → other instruments</h2>',
                _sortable("Each article of this Convention and its counterparts", "table-forward",
                          ["Article", "Title", "Instrument", "Counterpart", "Counterpart's title", "Relation"], forward),
                '<h2 id="budapest">Budapest Convention (ETS No. 185) → this Convention</h2>',
                _sortable("Each article of the Budapest Convention and the articles of this Convention that correspond", "table-budapest",
                          ["ETS 185 article", "Title", "This Convention", "Closest relation"], backward),
                '<h2 id="other-instruments">Other instruments → this Convention</h2>',
                _sortable("Articles of UNTOC, UNCAC, the Lanzarote Convention and the Second Additional Protocol, and the articles of this Convention that correspond",
                          "table-others", ["Instrument", "Article", "Title", "This Convention"], others),
                '<h2 id="corrections">Corrections to the research data</h2>'
                f'<p>The concordance was compiled from research notes and verified relation by relation against the texts; these were changed:</p><ul>{corrections}</ul>',
                f'<h2 id="sources">Sources</h2><ul>{sources}</ul>',
                '<script src="sort-table.js" defer></script>')
    return [Page(PAGE, "Concordance", body, nav=("Concordance",), nav_title="Concordance: overview", files={"sort-table.js": SORT_SCRIPT})]


__all__ = ["PAGE", "comparison_html", "comparison_pages", "concordance", "concordance_page", "origins_aside"]
