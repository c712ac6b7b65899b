// The cite/ page: forwards ?citation or #citation to its provision, or says why it cannot.
// Citations are read by treatyCitationReader (treaty/citation/reader.js) with the grammar's own
// rows; this file knows only the page: the table canonical citation → URL, messages, the form.
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("cite-data").textContent);
  var TABLE = D.table, reader = treatyCitationReader(D.grammar);
  function parse(text, bare) { return reader.canonical(reader.read(text, bare)); }
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
  var expand = treatyCiteLists.make(D.lists);
  // a list or range: every provision it names, each read by the grammar; null if not one
  function targets(query) {
    var pieces = expand(query);
    if (!pieces) return null;
    return pieces.map(function (p) { return target(p); });
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
  function showList(query, found) {
    document.getElementById("cite-list").hidden = false;
    document.getElementById("cite-list-asked").textContent = query;
    var ol = document.getElementById("cite-list-items");
    ol.textContent = "";
    found.forEach(function (r) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = D.depth + r.url; a.textContent = r.citation; li.appendChild(a); ol.appendChild(li);
    });
  }
  window.treatyCite = { parse: parse, target: target, targets: targets };
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
    if (!(e instanceof reader.CitationError)) throw e;
    result = { reason: e.message, nearest: null };
    var list = null;
    try { list = targets(query); } catch (e2) { if (!(e2 instanceof reader.CitationError)) throw e2; }
    if (list) {
      var missing = list.filter(function (r) { return !r.url; })[0];
      if (!missing) { showList(query, list); return; }
      result = missing;
    }
  }
  if (result.url) { location.replace(D.depth + result.url); return; }
  show(query, result);
})();
