// Lists and ranges on the cite/ page: "articles 5 to 9", "Articles 5, 9, and 12", "paragraphs 1
// and 2 of article 37", "Article 40(21)(a), (b) and (d)", "Art. 40(21)(a)-(c)" → one citation per
// provision, each then read by the grammar's reader.  The words (keywords, list words, range
// words, "of") are the English lexicon's, shipped as data by treaty.site.cite.list_words();
// tests/test_cite_page.py checks this agrees with `treaty resolve` on every list of the case tables.
var treatyCiteLists = (function () {
  "use strict";
  function esc(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function alt(words) {
    return "(?:" + words.slice().sort(function (a, b) { return b.length - a.length; }).map(function (w) {
      return esc(w).replace(/ /g, "\\s+");
    }).join("|") + ")";
  }
  function make(W) {
    var sep = new RegExp("\\s*(?:" + alt(W.separators.filter(function (s) { return s.trim(); })) + ")\\s*", "gi");
    var to = alt(W.to);
    var range = new RegExp("^(\\d+)\\s*" + to + "\\s*(\\d+)$", "i");
    var labelRange = new RegExp("^(.*)\\(([a-z]|\\d+)\\)\\s*" + to + "\\s*\\(([a-z]|\\d+)\\)$", "i");
    var head = function (roles) { return new RegExp("^" + alt(roles) + "(?![a-z])\\s*(.+)$", "i"); };
    var articleHead = head(W.article.concat(W.articles)), chapterHead = head(W.chapter);
    var articleParagraphs = new RegExp("^" + alt(W.article.concat(W.articles)) + "\\s*(\\d+)\\s*,?\\s*" +
      alt(W.paragraph.concat(W.paragraphs)) + "\\s*(.+)$", "i");
    var paragraphsOf = new RegExp("^" + alt(W.paragraph.concat(W.paragraphs)) + "\\s*(.+?)\\s+" + alt(W.of) + "\\s+(" +
      alt(W.article.concat(W.articles)) + "\\s*\\d+.*)$", "i");
    function span(a, b) {  // "a".."c", "1".."3"
      var out = [], x, y;
      if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
        for (x = +a, y = +b; x <= y; x++) out.push(String(x));
      } else if (a.length === 1 && b.length === 1) {
        for (x = a.charCodeAt(0), y = b.charCodeAt(0); x <= y; x++) out.push(String.fromCharCode(x));
      }
      return out.length > 1 ? out : null;
    }
    // the items of a list after its keyword: "5, 9, and 12", "14 to 16", "40(21)(a), (b) and (d)"
    function items(s) {
      var parts = s.split(sep).filter(Boolean), out = [], base = null;
      for (var i = 0; i < parts.length; i++) {
        // a gloss between the items is not a label: "Articles 29 (real-time collection) and 30"
        var p = parts[i].replace(/\s*\((?!\s*(?:[a-z]{1,5}|\d{1,3})\s*\))[^()]*\)/gi, "").trim(), m;
        if ((m = range.exec(p))) {
          var r = span(m[1], m[2]);
          if (!r) return null;
          out = out.concat(r); base = null;
        } else if ((m = labelRange.exec(p))) {
          var lr = span(m[2].toLowerCase(), m[3].toLowerCase());
          if (!lr) return null;
          var stem = m[1] || base;
          if (stem === null) return null;
          out = out.concat(lr.map(function (x) { return stem + "(" + x + ")"; }));
          base = stem;
        } else if (/^\d+(\.\w+)+$/.test(p)) {
          out.push(p); base = null;  // "23.2.b": the reader reads the dotted form
        } else if (/^[IVXLC]+$/.test(p)) {
          out.push(p); base = null;
        } else if (/^\d+(\s*\([^()]+\))*$/.test(p)) {
          out.push(p.replace(/\s+/g, "")); base = p.replace(/\s+/g, "").replace(/\([^()]+\)$/, "");
        } else if (/^\([^()]+\)$/.test(p) && base !== null) {
          out.push(base + p);
        } else {
          return null;
        }
      }
      return out.length > 1 ? out : null;
    }
    // one citation per provision, or null when the text is not a list or range
    return function expand(text) {
      var s = text.replace(/\s+/g, " ").trim().replace(/[.;,]+$/, ""), m, list;
      if ((m = paragraphsOf.exec(s)) && (list = items(m[1]))) {
        return list.map(function (x) { return "paragraph " + x + " of " + m[2]; });
      }
      if ((m = articleParagraphs.exec(s)) && (list = items(m[2]))) {
        return list.map(function (x) { return "article " + m[1] + ", paragraph " + x; });
      }
      if ((m = articleHead.exec(s)) && (list = items(m[1]))) return list.map(function (x) { return "Article " + x; });
      if ((m = chapterHead.exec(s)) && (list = items(m[1]))) return list.map(function (x) { return "Chapter " + x; });
      return null;
    };
  }
  return { make: make };
})();
