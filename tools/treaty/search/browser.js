/* The search's browser runtime: an interpreter of the data treaty.search.browser exports.
 * It knows no analyzer rule, weight or word list of its own: the tokenizer pattern, stop words,
 * Porter rules, fields and boosts all come in `data`.  Defines treatySearchEngine(data). */
"use strict";
function treatySearchEngine(data) {
  // -- the analyzers (records.analyzer(), records.exact_analyzer()) ---------------------------
  var P = data.analyzers.porter, R = {};
  Object.keys(P.patterns).forEach(function (k) { R[k] = new RegExp(P.patterns[k], "u"); });
  function has(re, s) { return re.test(s); }
  // whoosh.lang.porter.stem, step for step
  function porterStem(w) {
    if (w.length < 3) return w;
    var m, stem, suffix, firstIsY = w[0] === "y";
    if (firstIsY) w = "Y" + w.slice(1);
    if (w.endsWith("s")) {
      if (w.endsWith("sses")) w = w.slice(0, -2);
      else if (w.endsWith("ies")) w = w.slice(0, -2);
      else if (w[w.length - 2] !== "s") w = w.slice(0, -1);
    }
    if (w.endsWith("eed")) {
      if (has(R.mgr0, w.slice(0, -3))) w = w.slice(0, -1);
    } else if ((m = R.ed_ing.exec(w))) {
      stem = m[1];
      if (has(R.s_v, stem)) {
        w = stem;
        if (has(R.at_bl_iz, w)) w += "e";
        else if (has(R.step1b, w)) w = w.slice(0, -1);
        else if (has(R.c_v, w)) w += "e";
      }
    }
    if (w.endsWith("y")) {
      stem = w.slice(0, -1);
      if (has(R.s_v, stem)) w = stem + "i";
    }
    if ((m = R.step2.exec(w))) {
      stem = m[1]; suffix = m[2];
      if (has(R.mgr0, stem)) w = stem + P.step2[suffix];
    }
    if ((m = R.step3.exec(w))) {
      stem = m[1]; suffix = m[2];
      if (has(R.mgr0, stem)) w = stem + P.step3[suffix];
    }
    if ((m = R.step4_1.exec(w))) {
      stem = m[1];
      if (has(R.mgr1, stem)) w = stem;
    } else if ((m = R.step4_2.exec(w))) {
      stem = m[1] + m[2];
      if (has(R.mgr1, stem)) w = stem;
    }
    if ((m = R.step5.exec(w))) {
      stem = m[1];
      if (has(R.mgr1, stem) || (has(R.meq1, stem) && !has(R.c_v, stem))) w = stem;
    }
    if (w.endsWith("ll") && has(R.mgr1, w)) w = w.slice(0, -1);
    if (firstIsY) w = "y" + w.slice(1);
    return w;
  }
  function pyLen(s) { var n = 0; for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); if (c < 0xD800 || c > 0xDBFF) n++; } return n; }
  function makeAnalyzer(spec) {
    var re = new RegExp(spec.pattern, "gu"), stops = null, min = 0, max = null, cache = new Map();
    if (spec.stop) { stops = new Set(spec.stop.words); min = spec.stop.min; max = spec.stop.max; }
    function term(text) {
      if (spec.lowercase) text = text.toLowerCase();
      if (stops) { var n = pyLen(text); if (n < min || (max !== null && n > max) || stops.has(text)) return null; }
      if (spec.stem) {
        var s = cache.get(text);
        if (s === undefined) { s = porterStem(text); cache.set(text, s); }
        text = s;
      }
      return text;
    }
    // tokens(text) -> [{text, start, end}] in order; positions are the indexes (stops renumbered)
    function tokens(text) {
      var out = [], m;
      re.lastIndex = 0;
      while ((m = re.exec(text)) !== null) {
        var t = term(m[0]);
        if (t !== null) out.push({ text: t, start: m.index, end: m.index + m[0].length });
      }
      return out;
    }
    function terms(text) { return tokens(text).map(function (t) { return t.text; }); }
    return { tokens: tokens, terms: terms, term: term };
  }
  var analyzer = makeAnalyzer(data.analyzers.stemming), exact = makeAnalyzer(data.analyzers.exact);
  return { analyzer: analyzer, exact: exact, stem: porterStem };
}
if (typeof module !== "undefined") module.exports = treatySearchEngine;
