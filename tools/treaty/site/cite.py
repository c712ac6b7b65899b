"""The site's citation resolver, ``cite/``: a static page that forwards a citation to its provision.

``cite/?Art.40(21)(b)``, ``cite/index.html?Art.40(21)(b)`` and ``cite/#40(21)(b)`` all land on
``articles/40.html#art40-21-b`` — offline too: the page carries the table canonical citation →
URL of every provision, made from the corpus, and the citation grammar's browser runtime
(:mod:`treaty.citation.browser`: the rows of ``parse()`` as data, and ``reader.js`` that
interprets them — tests run it in Chromium against ``parse()`` on the whole case table).  A citation it cannot read, or one naming a provision
that does not exist, gets a page saying what was asked, why it failed, what exists nearby and
how to cite — never a blank page.

:func:`cite_page` gives the page body (HTML without blank lines, so Markdown passes it through
untouched) for the site build (``site.pages``) to write to ``cite/index.md``; :func:`cite_html`
wraps it as a standalone document.  The page's own script (messages, the form) is ``cite.js``.
"""

from __future__ import annotations

import json
from importlib import resources

from ..citation import ENGLISH
from ..citation.browser import reader_data, reader_script
from ..model import Document

#: the page's URL relative to the site root; provision URLs are made relative to it
PAGE_DEPTH = "../"


def cite_table(doc: Document) -> dict[str, str]:
    """Canonical citation → URL (relative to the site root) for every provision and footnote."""
    table = {u.citation.canonical: u.citation.url for u in doc.walk()}
    for f in doc.footnotes:
        table[f.citation.canonical] = f.citation.url
    return table


def list_words() -> dict[str, list[str]]:
    """The English lexicon's words that ``cite_lists.js`` reads lists and ranges with (keywords,
    list words, range words, "of"): data from the one lexicon, no second copy."""
    return {role: list(getattr(ENGLISH, role)) for role in ("article", "articles", "paragraph", "paragraphs", "chapter", "of", "separators", "to")}


def _script() -> str:
    """The page's JavaScript: the grammar's reader, then the page's own code (no blank lines)."""
    here = resources.files(__package__)
    code = "\n".join([reader_script(), here.joinpath("cite_lists.js").read_text(encoding="utf-8"),
                      here.joinpath("cite.js").read_text(encoding="utf-8")])
    return "\n".join(line for line in code.strip().splitlines() if line.strip())


_BODY = """<div id="treaty-cite" class="treaty-cite-page">
<p>This page forwards a citation to its provision: <code>cite/?Art.40(21)(b)</code>, <code>cite/?paragraph 3 of article 23</code> or <code>cite/#40(21)(b)</code>. Other documents can link to a provision by its citation without knowing the layout of this site.</p>
<div id="cite-result" role="alert" hidden>
<p><strong>Not found:</strong> <q id="cite-asked"></q></p>
<p id="cite-reason"></p>
<div id="cite-suggest" hidden><p>Provisions nearby:</p><ul id="cite-suggestions"></ul></div>
</div>
<div id="cite-list" hidden>
<p><q id="cite-list-asked"></q> names these provisions:</p>
<ol id="cite-list-items"></ol>
</div>
<form id="cite-form" role="search">
<label for="cite-input">Citation</label>
<input id="cite-input" name="q" type="text" autocomplete="off" placeholder="Art. 40(21)(b)">
<button type="submit">Go</button>
</form>
<p>Forms understood: <code>Article 40(21)(b)</code>, <code>Art. 40(21)(b)</code>, <code>40.21.b</code>, <code>article 40, paragraph 21 (b)</code>, <code>paragraph 21 (b) of article 40</code>, <code>Chapter V</code>, <code>Preamble, paragraph 3</code>, <code>Interpretative note 3</code>, <code>Resolution, paragraph 4</code>, <code>Report, paragraph 8</code>, and lists and ranges: <code>articles 5 to 9</code>, <code>paragraphs 1 and 2 of article 37</code>, <code>Article 40(21)(a)-(c)</code>. See <a href="{how_to_cite}">How to cite</a>.</p>
<script type="application/json" id="cite-data">{data}</script>
<script>{script}</script>
</div>"""


def _json_for_script(value) -> str:
    """JSON that cannot end its <script> element early."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def cite_page(doc: Document, how_to_cite: str = "../how-to-cite.html") -> str:
    """The body of ``cite/index.html``: deterministic, self-contained, no blank lines."""
    data = {"depth": PAGE_DEPTH, "grammar": reader_data(), "lists": list_words(), "table": cite_table(doc)}
    body = _BODY.replace("{how_to_cite}", how_to_cite).replace("{data}", _json_for_script(data)).replace("{script}", _script())
    assert "\n\n" not in body
    return body + "\n"


def cite_html(doc: Document, how_to_cite: str = "../how-to-cite.html") -> str:
    """A standalone HTML document around :func:`cite_page` (tests, and sites built without mkdocs)."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Cite a provision — United Nations Convention against Cybercrime</title>\n</head>\n<body>\n<main>\n"
        "<h1>Cite a provision</h1>\n" + cite_page(doc, how_to_cite) + "</main>\n</body>\n</html>\n"
    )
