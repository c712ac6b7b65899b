/* The site's search worker: mkdocs-material's search overlay, answered by the project's own
 * engine (treaty.search.browser: the records, analyzer and ranking of `treaty search`).
 *
 * It speaks Material's search-worker protocol: SETUP (0) -> READY (1), QUERY (2) -> RESULT (3)
 * with {items: [[doc]], suggest?}; a doc is {location, title, text, score, terms}.  Each result
 * is one provision in a group of its own (Material folds a group's lower-scored docs under
 * "more on this page"; a group of one is never folded), its title the canonical citation
 * followed by a snippet with the matched words marked, its location the provision's anchor
 * with ?h= the query's words it contains (treaty-highlight.js marks them, whole words only).
 *
 * It runs as a Worker over http and, from file://, inside the iframe-worker shim, i.e. on the
 * page's own thread: so the index (search/treaty_index.js, `var TREATY_INDEX = …`) is loaded only
 * when the reader opens the search (file://: SETUP is sent then) or types a first query, and it
 * is built in slices of a few milliseconds, answering the latest query when it is ready. */
"use strict";
(function () {
  var SLICE_MS = 8, LIMIT = 50, SNIPPET = 180;
  var engine = treatySearchEngine(TREATY_ENGINE_DATA), state = "idle", pending = null;
  var stops = new Set(((TREATY_ENGINE_DATA.analyzers.stemming.stop) || { words: [] }).words);
  var iframe = typeof document !== "undefined" && typeof parent !== "undefined" && parent !== self;
  function here() {  // the worker's own URL: in the shim, the script element's; in a Worker, location
    if (iframe) { var s = document.querySelector("script[src]"); return s.src; }
    return self.location.href;
  }
  function esc(s) { return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"); }
  function later(fn) { setTimeout(fn, 0); }
  // how the index was built: steps taken and slices (tasks) they took — read by the tests
  var built = self.treatySearchBuild = { steps: 0, slices: 0 };
  function build() {
    var steps = engine.setupSteps(self.TREATY_INDEX);
    (function slice() {
      var t0 = performance.now();
      built.slices++;
      while (performance.now() - t0 < SLICE_MS) { if (steps.next().done) { ready(); return; } built.steps++; }
      later(slice);
    })();
  }
  function ready() {
    state = "ready";
    self.TREATY_INDEX = null;
    if (pending !== null) { var q = pending; pending = null; answer(q); }
  }
  function start() {
    if (state !== "idle") return;
    state = "loading";
    var url = new URL("../../../search/treaty_index.js", here()).href, p = importScripts(url);
    if (p && typeof p.then === "function") p.then(function () { later(build); }); else build();
  }
  // the words of the query as typed (no filters, stop words or one-letter words), lower-cased
  function queryWords(q) {
    var out = [];
    q.replace(/(^|\s)[+-]?[A-Za-z_]{1,20}:("[^"]*"?|\S+)/g, " ").replace(/[\p{L}\p{N}]+/gu, function (w) {
      w = w.toLowerCase();
      if (w.length > 1 && !stops.has(w) && out.indexOf(w) < 0) out.push(w);
      return w;
    });
    return out;
  }
  function snippet(text, terms) {
    var toks = engine.analyzer.tokens(text).filter(function (t) { return terms.has(t.text); });
    var from = 0;
    if (toks.length && toks[0].start > SNIPPET / 3) from = text.lastIndexOf(" ", toks[0].start - SNIPPET / 3) + 1;
    var to = Math.min(text.length, from + SNIPPET);
    if (to < text.length) { var sp = text.lastIndexOf(" ", to); if (sp > from) to = sp; }
    var out = from > 0 ? "… " : "", at = from;
    toks.forEach(function (t) {
      if (t.start < from || t.end > to) return;
      out += esc(text.slice(at, t.start)) + "<mark>" + esc(text.slice(t.start, t.end)) + "</mark>";
      at = t.end;
    });
    return out + esc(text.slice(at, to)) + (to < text.length ? " …" : "");
  }
  function item(hit, words, note) {
    var d = hit.doc, f = d.fields, text = f.text || f.heading || d.body || "", terms = {}, h = [];
    words.forEach(function (w) {
      var t = engine.analyzer.terms(w);
      if (t.length && hit.terms.has(t[0])) { terms[w] = true; h.push(w); }
    });
    var hash = d.url.indexOf("#"), page = hash < 0 ? d.url : d.url.slice(0, hash), frag = hash < 0 ? "" : d.url.slice(hash);
    var location = page + (h.length ? "?h=" + h.map(encodeURIComponent).join("+") : "") + frag;
    var title = (note || "") + '<span class="treaty-hit__cite">' + esc(d.citation) + "</span>" +
      (text ? '<span class="treaty-hit__text">' + snippet(text, hit.terms) + "</span>" : "");
    return { location: location, title: title, text: "", score: hit.score, terms: terms };
  }
  function answer(q) {
    var items = [];
    if (q.trim()) {
      var r = engine.search(q, LIMIT), words = queryWords(q), note = "";
      if (r.suggestion) {
        words = queryWords(r.suggestion);
        note = '<span class="treaty-hit__suggest">Did you mean <em>' + esc(r.suggestion) + "</em>?</span>";
      }
      items = r.hits.map(function (hit, k) { return [item(hit, words, k ? "" : note)]; });
    }
    postMessage({ type: 3, data: { items: items } });
  }
  addEventListener("message", function (ev) {
    var m = ev.data;
    if (m.type === 0) { if (iframe) start(); postMessage({ type: 1 }); return; }
    if (m.type !== 2) return;
    if (state === "ready") { answer(m.data); return; }
    if (m.data.trim()) start();
    if (state === "idle") { postMessage({ type: 3, data: { items: [] } }); return; }
    pending = m.data;
  });
})();
