"""The site's citation resolver, ``cite/``: a static page that forwards a citation to its provision.

``cite/?Art.40(21)(b)``, ``cite/index.html?Art.40(21)(b)`` and ``cite/#40(21)(b)`` all land on
``articles/40.html#art40-21-b`` — offline too: the page carries the table canonical citation →
URL of every provision, made from the corpus, and a JavaScript reading of the citation whose
regular expressions are generated from :mod:`treaty.citation` (tests run it in Chromium against
the Python grammar on the same cases).  A citation it cannot read, or one naming a provision
that does not exist, gets a page saying what was asked, why it failed, what exists nearby and
how to cite — never a blank page.

:func:`cite_page` gives the page body (HTML without blank lines, so Markdown passes it through
untouched) for the site build to write to ``cite/index.md``; :func:`cite_html` wraps it as a
standalone document.
"""

from __future__ import annotations

import json
import re

from ..citation import grammar
from ..model import Document

#: the page's URL relative to the site root; provision URLs are made relative to it
PAGE_DEPTH = "../"


def cite_table(doc: Document) -> dict[str, str]:
    """Canonical citation → URL (relative to the site root) for every provision and footnote."""
    table = {u.citation.canonical: u.citation.url for u in doc.walk()}
    for f in doc.footnotes:
        table[f.citation.canonical] = f.citation.url
    return table


def _js_regex(pattern: re.Pattern | str) -> str:
    """A Python regular expression of the grammar, as JavaScript source (named groups differ)."""
    src = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
    return re.sub(r"\(\?P<(\w+)>", r"(?<\1>", src)


def grammar_data() -> dict:
    """The citation grammar's patterns, for the JavaScript reader (see ``_SCRIPT``)."""
    g = grammar
    return {
        "article": _js_regex(g.ARTICLE),
        "bare": _js_regex(g.BARE),
        "reversed": _js_regex(g.REVERSED),
        "chapter": _js_regex(g.CHAPTER),
        "preamble": _js_regex(g.PREAMBLE),
        "note": _js_regex(g.NOTE),
        "noteGroup": _js_regex(g.NOTE_GROUP),
        "resolution": _js_regex(g.RESOLUTION),
        "report": _js_regex(g.REPORT),
        "ofThis": _js_regex(g.OF_THIS),
        "segRe": _js_regex(g.SEG_RE),
        "segments": [_js_regex(p) for p in g.SEGMENT_PATTERNS],
        "articleList": _js_regex(r"^" + g.ARTICLE_WORD + r"\s*(\d{1,3}(?:\s*(?:,|and)\s*\d{1,3})*)"),
        # "Article 27 of the UN Convention against Cybercrime": parse() reads it through scan()
        "ofNamed": r"^(.*?)\s*,?\s*" + g.alternation(g.ENGLISH.instrument_of) + r"\s+"
                   + g.alternation(g.THIS_CONVENTION) + r"\s*,?$",
    }


# The reader mirrors treaty.citation.parse branch by branch; the patterns come from GRAMMAR.
_SCRIPT = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("cite-data").textContent);
  var G = D.grammar, TABLE = D.table;
  function re(src, flags) { return new RegExp(src, flags || ""); }
  var R = {};
  Object.keys(G).forEach(function (k) { if (typeof G[k] === "string") R[k] = re(G[k]); });
  var SEGS = G.segments.map(function (s) { return re(s, "y"); });
  function CitationError(msg) { this.message = msg; }
  var ROMAN = [[10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  function toRoman(n) {
    if (!(n > 0 && n < 40)) throw new CitationError("roman numeral out of range: " + n);
    var out = "";
    ROMAN.forEach(function (p) { while (n >= p[0]) { out += p[1]; n -= p[0]; } });
    return out;
  }
  function fromRoman(s, original) {
    s = s.toUpperCase();
    var v = { I: 1, V: 5, X: 10 }, total = 0;
    for (var i = 0; i < s.length; i++) {
      var x = v[s[i]];
      if (!x) throw new CitationError("not a roman numeral in '" + original + "'");
      if (i + 1 < s.length && v[s[i + 1]] > x) total -= x; else total += x;
    }
    if (total <= 0 || total >= 40 || toRoman(total) !== s) throw new CitationError("not a roman numeral in '" + original + "'");
    return total;
  }
  function normalise(text) {
    var s = text.replace(/[\u2013\u2014\u2011]/g, "-").replace(/[\u00a0\u202f]/g, " ").split("&nbsp;").join(" ");
    s = s.replace(/\s+/g, " ").trim().toLowerCase();
    return s.replace(/[ ,;]+$/, "");
  }
  function article(number, segs, original) {
    var n = parseInt(number, 10);
    if (n === 0) throw new CitationError("there is no article 0: '" + original + "'");
    var out = "Article " + n;
    segs.forEach(function (seg, i) {
      var digit = /^\d+$/.test(seg);
      if (digit && i !== 0) throw new CitationError("paragraph number " + seg + " must come right after the article in '" + original + "'");
      if (digit && parseInt(seg, 10) === 0) throw new CitationError("there is no paragraph 0: '" + original + "'");
      out += "(" + (digit ? String(parseInt(seg, 10)) : seg) + ")";
    });
    return out;
  }
  function segments(rest, original) {
    var segs = [], pos = 0;
    rest = rest.replace(R.ofThis, "");
    while (pos < rest.length) {
      var hit = null;
      for (var i = 0; i < SEGS.length && !hit; i++) {
        SEGS[i].lastIndex = pos;
        var m = SEGS[i].exec(rest);
        if (m && m.index === pos) hit = m;
      }
      if (!hit) throw new CitationError("cannot read '" + rest.slice(pos).trim() + "' in citation '" + original + "'");
      segs.push(hit[1] !== undefined ? hit[1] : R.segRe.exec(hit[0].trim())[1]);
      pos = hit.index + hit[0].length;
    }
    return segs;
  }
  function listArticles(text) {
    var m = R.articleList.exec(normalise(text));
    if (!m) throw new CitationError("expected 'Article N' or 'Articles N and M', found '" + text.trim() + "'");
    return m[1].match(/\d+/g).map(function (x) { return parseInt(x, 10); });
  }
  function parse(text, bare) {
    var s = normalise(text), m;
    if (!s) throw new CitationError("empty citation");
    if ((m = R.ofNamed.exec(s)) && m[1]) {
      var inner = null;
      try { inner = parse(m[1], false); } catch (e) { if (!(e instanceof CitationError)) throw e; }
      if (inner && /^Article /.test(inner)) return inner;
    }
    if (["convention", "the convention", "this convention"].indexOf(s) >= 0) return "Convention";
    if (s === "convention, title" || s === "title") return "Convention, title";
    if (["final clause", "final clauses", "in witness whereof", "testimonium"].indexOf(s) >= 0) return "Final clause";
    if ((m = /^convention,?\s*footnote\s*(\d)$/.exec(s))) return "Convention, footnote " + m[1];
    if (["interpretative notes", "interpretive notes", "notes"].indexOf(s) >= 0) return "Interpretative notes";
    if ((m = R.chapter.exec(s))) return "Chapter " + toRoman(/^\d+$/.test(m[1]) ? parseInt(m[1], 10) : fromRoman(m[1], text));
    if ((m = R.preamble.exec(s))) { var p = m[1] || m[2]; return p ? "Preamble, paragraph " + parseInt(p, 10) : "Preamble"; }
    if ((m = R.note.exec(s))) return "Interpretative note " + parseInt(m[1], 10);
    if ((m = R.noteGroup.exec(s))) {
      var arts = listArticles(m[1]);
      return arts.length === 1 ? "Interpretative notes on article " + arts[0]
        : "Interpretative notes on articles " + arts.slice(0, -1).join(", ") + " and " + arts[arts.length - 1];
    }
    if ((m = R.resolution.exec(s))) {
      var g = m.groups;
      if (g.pre) return g.prep ? "Resolution, preamble, paragraph " + parseInt(g.prep, 10) : "Resolution, preamble";
      if (g.op) return "Resolution, paragraph " + parseInt(g.op, 10);
      if (g.title) return "Resolution, title";
      return "Resolution";
    }
    if ((m = R.report.exec(s))) {
      var r = m.groups;
      if (r.para) return "Report, paragraph " + parseInt(r.para, 10);
      if (r.sec) return "Report, section " + toRoman(fromRoman(r.sec, text)) + (r.sub ? ", subsection " + parseInt(r.sub, 10) : "");
      if (r.mast) return "Report, masthead" + (r.line ? ", line " + parseInt(r.line, 10) : "");
      if (r.fn) return "Report, footnote " + parseInt(r.fn, 10);
      return "Report";
    }
    if ((m = R.reversed.exec(s))) {
      var v = m.groups, segs = [v.para];
      (v.segs.match(new RegExp(G.segRe, "g")) || []).forEach(function (x) { segs.push(R.segRe.exec(x)[1]); });
      if (v.sub) segs = segs.concat(v.subv.match(/[a-z]{1,5}/g) || []);
      var rest = v.tail.replace(R.ofThis, "");
      if (rest.trim()) throw new CitationError("cannot read '" + rest.trim() + "' in citation '" + text + "'");
      return article(/\d+/.exec(v.art)[0], segs, text);
    }
    if ((m = R.article.exec(s))) return article(m[1], segments(m[2], text), text);
    if (bare && (m = R.bare.exec(s))) return article(m[1], segments(m[2], text), text);
    throw new CitationError("not a citation of this Convention: '" + text.trim() + "'");
  }
  function describe(canonical) {
    var m = /\(([^()]*)\)$/.exec(canonical);
    if (!m) return canonical;
    return /^\d+$/.test(m[1]) ? "paragraph " + m[1] : "subparagraph (" + m[1] + ")";
  }
  function why(canonical) {
    var parent = canonical.replace(/\([^()]*\)$/, "");
    if (parent === canonical) {
      var a = /^Article (\d+)$/.exec(canonical);
      if (a) return ["The Convention has no article " + a[1] + " (it has articles 1\u201368)", null];
      return ["There is no " + canonical + " in the Convention", null];
    }
    while (!(parent in TABLE)) {
      var up = parent.replace(/\([^()]*\)$/, "");
      if (up === parent) return why(parent);
      canonical = parent; parent = up;
    }
    return [parent + " has no " + describe(canonical), parent];
  }
  function near(parent) {
    return Object.keys(TABLE).filter(function (k) {
      return k.indexOf(parent + "(") === 0 && k.slice(parent.length).split("(").length === 2;
    });
  }
  function target(query) {
    var c = parse(query, true);
    if (c in TABLE) return { citation: c, url: TABLE[c] };
    var w = why(c);
    return { citation: c, reason: w[0], nearest: w[1] };
  }
  function decode(raw) {
    raw = raw.replace(/\+/g, " ");
    try { return decodeURIComponent(raw); } catch (e) { return raw; }
  }
  function asked() {
    var q = location.search.replace(/^\?/, "");
    q = q.replace(/^(?:q|c|cite|citation)=/, "").replace(/&.*$/, "");
    if (!q) q = location.hash.replace(/^#/, "");
    return decode(q).trim();
  }
  function show(query, result) {
    var box = document.getElementById("cite-result");
    box.hidden = false;
    document.getElementById("cite-asked").textContent = query;
    document.getElementById("cite-reason").textContent = result.reason;
    var list = document.getElementById("cite-suggestions");
    list.textContent = "";
    var suggestions = [];
    if (result.nearest) suggestions = [result.nearest].concat(near(result.nearest));
    suggestions.forEach(function (c) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = D.depth + TABLE[c]; a.textContent = c; li.appendChild(a); list.appendChild(li);
    });
    document.getElementById("cite-suggest").hidden = suggestions.length === 0;
    document.getElementById("cite-input").value = query;
  }
  window.treatyCite = { parse: parse, target: target };
  var form = document.getElementById("cite-form");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var v = document.getElementById("cite-input").value.trim();
    if (v) location.search = "?" + encodeURIComponent(v);
  });
  var query = asked();
  if (!query) return;
  var result;
  try { result = target(query); } catch (e) {
    if (!(e instanceof CitationError)) throw e;
    result = { reason: e.message, nearest: null };
  }
  if (result.url) { location.replace(D.depth + result.url); return; }
  show(query, result);
})();
"""

_BODY = """<div id="treaty-cite" class="treaty-cite-page">
<p>This page forwards a citation to its provision: <code>cite/?Art.40(21)(b)</code>, <code>cite/?paragraph 3 of article 23</code> or <code>cite/#40(21)(b)</code>. Other documents can link to a provision by its citation without knowing the layout of this site.</p>
<div id="cite-result" role="alert" hidden>
<p><strong>Not found:</strong> <q id="cite-asked"></q></p>
<p id="cite-reason"></p>
<div id="cite-suggest" hidden><p>Provisions nearby:</p><ul id="cite-suggestions"></ul></div>
</div>
<form id="cite-form" role="search">
<label for="cite-input">Citation</label>
<input id="cite-input" name="q" type="text" autocomplete="off" placeholder="Art. 40(21)(b)">
<button type="submit">Go</button>
</form>
<p>Forms understood: <code>Article 40(21)(b)</code>, <code>Art. 40(21)(b)</code>, <code>40.21.b</code>, <code>article 40, paragraph 21 (b)</code>, <code>paragraph 21 (b) of article 40</code>, <code>Chapter V</code>, <code>Preamble, paragraph 3</code>, <code>Interpretative note 3</code>, <code>Resolution, paragraph 4</code>, <code>Report, paragraph 8</code>. See <a href="{how_to_cite}">How to cite</a>.</p>
<script type="application/json" id="cite-data">{data}</script>
<script>{script}</script>
</div>"""


def _json_for_script(value) -> str:
    """JSON that cannot end its <script> element early."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def cite_page(doc: Document, how_to_cite: str = "../how-to-cite.html") -> str:
    """The body of ``cite/index.html``: deterministic, self-contained, no blank lines."""
    data = {"depth": PAGE_DEPTH, "grammar": grammar_data(), "table": cite_table(doc)}
    script = "\n".join(line for line in _SCRIPT.strip().splitlines() if line.strip())
    body = _BODY.replace("{how_to_cite}", how_to_cite).replace("{data}", _json_for_script(data)).replace("{script}", script)
    assert "\n\n" not in body
    return body + "\n"


def cite_pages(ctx) -> list:
    """The site build's page generator (``site.pages.PAGE_GENERATORS``): ``cite/index.html``."""
    from .pages import Page

    body = cite_page(ctx.doc)
    return [Page("cite/index.html", "Cite a provision", '<h1 id="cite">Cite a provision</h1>\n' + body)]


def cite_html(doc: Document, how_to_cite: str = "../how-to-cite.html") -> str:
    """A standalone HTML document around :func:`cite_page` (tests, and sites built without mkdocs)."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Cite a provision — United Nations Convention against Cybercrime</title>\n</head>\n<body>\n<main>\n"
        "<h1>Cite a provision</h1>\n" + cite_page(doc, how_to_cite) + "</main>\n</body>\n</html>\n"
    )
