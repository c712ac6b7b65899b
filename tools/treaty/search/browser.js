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

  // -- the index: the records Whoosh indexes (treaty.search.browser.index_data) ----------------
  var FIELDS = null, N = 0, docs = [], post = {}, lens = {}, totals = {}, byCitation = new Map(), spell = new Map();
  var LBYTES = data.lengths || null;
  function quantize(n) {  // whoosh.util.numeric: field lengths are stored as one byte
    if (!LBYTES) return n;
    var lo = 0, hi = LBYTES.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (LBYTES[mid] < n) lo = mid + 1; else hi = mid; }
    return lo >= LBYTES.length ? LBYTES[LBYTES.length - 1] : LBYTES[lo];
  }
  // loading(ix): the index built one record at a time (a generator), so that a page can build
  // it in slices and never block its thread for long; load(ix) runs it to the end
  function load(ix) { var g = loading(ix); while (!g.next().done); }
  // decode(ix): a code string (browser.py index_data) → the text it stands for: codes into the
  // token dictionary, a single space between two words left out
  function decoder(ix) {
    var A = ix.code.alphabet, T = ix.code.terminal, C = A.length - T, digit = new Map(), base = [0];
    for (var i = 0; i < A.length; i++) digit.set(A.charCodeAt(i), i);
    var toks = ix.words.tokens, gap = new Set(ix.words.gaps);
    return function (s) {
      var out = "", lead = 0, k = 0, word = false;
      for (var i = 0; i < s.length; i++) {
        var d = digit.get(s.charCodeAt(i));
        if (d >= T) { lead = lead * C + d - T; k++; continue; }
        while (base.length <= k) base.push(base[base.length - 1] + T * Math.pow(C, base.length - 1));
        var n = base[k] + lead * T + d, isWord = !gap.has(n);
        if (word && isWord) out += " ";
        out += toks[n]; word = isWord; lead = 0; k = 0;
      }
      return out;
    };
  }
  // "603+5,2061" → 603…608, 2061 (one index is written as itself)
  function refs(v) {
    if (typeof v === "number") return [v];
    var out = [];
    v.split(",").forEach(function (run) { var p = run.split("+"), a = +p[0], n = p.length > 1 ? +p[1] : 0; for (var j = 0; j <= n; j++) out.push(a + j); });
    return out;
  }
  function* loading(ix) {
    var decode = decoder(ix), ph = [], D = ix.docs, full = [], own = [], page = "";
    N = D.length;
    function joined(parts) { return parts.filter(function (p) { return p; }).join(" "); }
    function phrase(i) { return ph[i] !== undefined ? ph[i] : (ph[i] = decode(ix.phrases[i])); }
    function pieces(v) { return v === undefined ? "" : refs(v).map(phrase).join(" · "); }
    function text(i) { return own[i] !== undefined ? own[i] : (own[i] = decode(D[i].t || "")); }
    var kids = D.map(function () { return []; });
    D.forEach(function (d, i) { if (d.up !== undefined) kids[d.up].push(i); });
    // a body: written out, or the record's own text and its children's leads (numbers) and bodies
    function body(i) {
      if (full[i] !== undefined) return full[i];
      var d = D[i];
      return (full[i] = d.b ? decode(d.b) : joined([text(i)].concat(kids[i].map(function (k) { return joined([D[k].l, body(k)]); }))));
    }
    function inner(i) { var v = D[i].i; return v === 1 ? joined(kids[i].map(body)) : (v ? decode(v) : ""); }
    for (var n = 0; n < N; n++) { if (n % 64 === 0) yield; addDoc(D[n], n); }
    function addDoc(d, i) {
      var f = {
        heading: pieces(d.h), text: text(i), inner: inner(i), defines: d.d || "", subjects: pieces(d.s), origins: pieces(d.g),
        context: Array.isArray(d.x) ? joined(d.x.map(text)) : (d.x ? decode(d.x) : ""),
      };
      f.exact = joined([f.heading, f.text]);
      if (d.pg !== undefined) page = ix.pages[d.pg];
      var cid = d.id, url = d.w ? page : page + "#" + cid;
      docs.push({ n: i, citation: d.c, url: url, cid: cid, kind: ix.kinds[d.k], part: d.p || "convention", origin: d.o || "corpus",
                  article: (d.a || "").split(/\s+/).filter(Boolean), chapter: (d.ch || "").toLowerCase().split(/\s+/).filter(Boolean),
                  counterpart: (d.cp || "").toLowerCase().split(",").filter(Boolean), fields: f,
                  body: body(i), context: f.context, up: d.up });
      if (!byCitation.has(d.c) && (d.o || "corpus") === "corpus") byCitation.set(d.c, i);
    }
    yield;
    FIELDS = ix.ranking.fields.map(function (fw) { return fw[0]; }).concat(["exact"]);
    FIELDS.forEach(function (name) { post[name] = new Map(); lens[name] = new Float64Array(N); totals[name] = 0; });
    for (var i = 0; i < N; i++) { yield; indexDoc(docs[i], i); }
    function indexDoc(doc, i) {
      FIELDS.forEach(function (name) {
        var text = doc.fields[name];
        if (!text) return;
        var toks = (name === "exact" ? exact : analyzer).terms(text), P = post[name];
        toks.forEach(function (t, pos) {
          var pl = P.get(t);
          if (!pl) P.set(t, (pl = new Map()));
          var ps = pl.get(i);
          if (!ps) pl.set(i, (ps = []));
          ps.push(pos);
        });
        lens[name][i] = quantize(toks.length);
        totals[name] += toks.length;
      });
      // the spelling dictionary: the text field's words before stemming (Whoosh's spell_text)
      spellWords(doc.fields.text).forEach(function (w) { spell.set(w, (spell.get(w) || 0) + 1); });
    }
  }
  var unstemmed = makeAnalyzer(Object.assign({}, data.analyzers.stemming, { stem: false }));
  function spellWords(text) { return unstemmed.terms(text); }


  // -- the query language (search/query.py, questions.py, find.py) -----------------------------
  var RK = null, STEMMED = [], EXP = new Map(), Q = null, UNINDEXED = null;
  function setup(ix) { var g = setupSteps(ix); while (!g.next().done); }
  function* setupSteps(ix) {
    yield* loading(ix);
    RK = ix.ranking;
    STEMMED = ix.stemmed_fields;
    UNINDEXED = ix.unindexed ? new Set(ix.unindexed) : null;
    aliasPattern(ix.aliases || {});
    ["abbreviations", "everyday_words"].forEach(function (t) {
      Object.keys(ix.expansions[t]).forEach(function (k) {
        var key = k.toLowerCase().split(/\s+/).join(" ");
        EXP.set(key, (EXP.get(key) || []).concat(ix.expansions[t][k]));
      });
    });
    var qd = ix.questions;
    Q = { opening: new Set(qd.question_words.concat(qd.auxiliaries)), framing: new Set(qd.question_words.concat(qd.auxiliaries, qd.framing)),
          intents: Object.keys(qd.intents).map(function (k) { return [k.split(" "), qd.intents[k]]; }) };
  }
  var FILTERS = { article: "article", art: "article", chapter: "chapter", ch: "chapter", kind: "kind", type: "kind", part: "part" };
  var KIND_ALIASES = data.kindAliases || {};
  function strip(w) { return w.toLowerCase().replace(/^[.,;:!?()\[\]'"]+|[.,;:!?()\[\]'"]+$/g, ""); }
  function parseQuery(text) {  // clauses: {kind: word|phrase|filter|prefix, value, field, sign}
    var out = [], re = /([+-]?)(?:([A-Za-z_]{1,20}):)?(?:"([^"]*)"?|(\S+))/g, m, pending = "";
    while ((m = re.exec(text)) !== null) {
      var sign = m[1], field = m[2], phrase = m[3], word = m[4];
      if (!field && phrase === undefined && /^(AND|&&)$/.test(word)) { if (out.length && !out[out.length - 1].sign) out[out.length - 1].sign = "+"; pending = "+"; continue; }
      if (!field && phrase === undefined && /^(OR|\|\|)$/.test(word)) { pending = ""; continue; }
      if (!field && phrase === undefined && /^(NOT|!)$/.test(word)) { pending = "-"; continue; }
      sign = sign || pending; pending = "";
      var value = phrase !== undefined ? phrase : word;
      if (field) {
        var key = field.toLowerCase();
        if (FILTERS[key]) { out.push({ kind: "filter", value: value.trim(), field: FILTERS[key], sign: sign === "-" ? "-" : "+" }); continue; }
        if (key === "heading" || key === "title" || key === "text") { out.push({ kind: phrase !== undefined ? "phrase" : "word", value: value, field: key === "title" ? "heading" : key, sign: sign || "+" }); continue; }
        value = field + ":" + value;
      }
      if (phrase !== undefined) out.push({ kind: "phrase", value: value, sign: sign || "+" });
      else if (/^[^\s*"]{2,}\*+$/.test(value)) out.push({ kind: "prefix", value: value.replace(/\*+$/, ""), sign: sign });
      else if (value.replace(/[*?]/g, "") === "") continue;
      else out.push({ kind: "word", value: value, sign: sign });
    }
    return out.slice(0, 32);
  }
  function readQuestion(text, clauses) {
    var first = clauses.find(function (c) { return c.kind === "word" && !c.field; });
    var isQ = /\?\s*$/.test(text) || (first && clauses[0] === first && Q.opening.has(strip(first.value)));
    if (!isQ) return [clauses, []];
    var words = clauses.map(function (c) { return c.kind === "word" && !c.field && !c.sign ? strip(c.value) : null; });
    var intent = [], asked = new Set();
    Q.intents.forEach(function (e) {
      var key = e[0], n = key.length, hit = false;
      for (var i = 0; i + n <= words.length; i++) {
        if (key.every(function (k, j) { return words[i + j] === k; })) { hit = true; for (var j = 0; j < n; j++) asked.add(i + j); }
      }
      if (hit) intent = intent.concat(e[1]);
    });
    var kept = clauses.filter(function (c, i) { return words[i] === null || (!Q.framing.has(words[i]) && !asked.has(i)); })
      .map(function (c) { return c.kind === "word" ? Object.assign({}, c, { value: c.value.replace(/\?+$/, "") }) : c; })
      .filter(function (c) { return c.kind !== "word" || c.value; });
    if (!kept.some(function (c) { return c.kind === "word" || c.kind === "phrase" || c.kind === "prefix"; })) return [clauses, []];
    return [kept, intent];
  }
  function fieldsQuery(terms, only, boost, slop, editorial) {
    var subs = [];
    RK.fields.forEach(function (fw) {
      var f = fw[0], w = fw[1];
      if (w <= 0 || (only && f !== only) || (!editorial && (f === "subjects" || f === "origins"))) return;
      subs.push(terms.length === 1 ? { t: "term", f: f, w: terms[0], boost: w * boost } : { t: "near", f: f, words: terms, slop: slop, ordered: true, boost: w * boost });
    });
    if (only && !subs.length) subs.push(terms.length === 1 ? { t: "term", f: only, w: terms[0], boost: boost } : { t: "near", f: only, words: terms, slop: slop, ordered: true, boost: boost });
    return subs.length === 1 ? subs[0] : { t: "or", subs: subs, boost: 1 };
  }
  function exactQuery(words) {
    var ts = exact.terms(words);
    if (!ts.length || RK.exact_boost <= 0) return null;
    return ts.length === 1 ? { t: "term", f: "exact", w: ts[0], boost: RK.exact_boost } : { t: "near", f: "exact", words: ts, slop: 1, ordered: true, boost: RK.exact_boost };
  }
  function df(f, t) { var pl = post[f] && post[f].get(t); return pl ? pl.size : 0; }
  function known(t) { return ["text", "heading", "context", "inner", "defines", "subjects", "origins"].some(function (f) { return df(f, t) > 0; }); }
  function lev(a, b, max) {
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i]; var best = i;
      for (j = 1; j <= b.length; j++) { cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)); best = Math.min(best, cur[j]); }
      if (best > max) return max + 1;
      prev = cur;
    }
    return prev[b.length];
  }
  function correct(word) {
    var w = word.toLowerCase();
    if (!/^\p{L}+$/u.test(w) || w.length < 4) return null;
    for (var dist = 1; dist <= 2; dist++) {
      if (dist === 2 && w.length < 7) break;
      var cands = [];
      spell.forEach(function (_, c) { if (c !== w && c[0] === w[0] && Math.abs(c.length - w.length) <= dist && lev(w, c, dist) <= dist) cands.push(c); });
      if (cands.length) {
        var freq = function (c) { var ts = analyzer.terms(c); return ts.length ? df("text", ts[0]) : 0; };
        cands.sort(function (a, b) { return freq(b) - freq(a) || (a < b ? -1 : a > b ? 1 : 0); });
        return cands[0];
      }
    }
    return null;
  }
  function findExpansions(clauses) {
    var found = new Map(), i = 0;
    while (i < clauses.length) {
      var hit = false;
      for (var n = 3; n >= 1; n--) {
        var run = clauses.slice(i, i + n);
        if (run.length === n && run.every(function (c) { return c.kind === "word" && !c.field && c.sign !== "-"; })) {
          var key = run.map(function (c) { return strip(c.value); }).join(" ");
          if (EXP.has(key)) { found.set(i, [n, EXP.get(key)]); i += n; hit = true; break; }
        }
      }
      if (!hit) i++;
    }
    return found;
  }
  function buildQuery(clauses, beside) {
    var b = { should: [], must: [], mustNot: [], filters: [], terms: new Set(), corrections: {} };
    beside.forEach(function (p) { var pt = analyzer.terms(p); if (pt.length && RK.intent_boost > 0) b.should.push(fieldsQuery(pt, null, RK.intent_boost, 1, true)); });
    var plain = [], expanded = findExpansions(clauses), covered = new Set();
    expanded.forEach(function (v, i) { for (var j = i; j < i + v[0]; j++) covered.add(j); });
    expanded.forEach(function (v) {
      var subs = [];
      v[1].forEach(function (e) {
        var et = analyzer.terms(e);
        if (!et.length) return;
        var common = Math.min.apply(null, et.map(function (t) { return df("text", t); })) > RK.common_share * N;
        subs.push(fieldsQuery(et, null, RK.expansion_boost * (common ? RK.common_factor : 1), 1, true));
        et.forEach(function (t) { b.terms.add(t); });
      });
      if (subs.length) b.should.push(subs.length === 1 ? subs[0] : { t: "or", subs: subs, boost: 1 });
    });
    clauses.forEach(function (c, index) {
      var target = c.sign === "+" ? b.must : c.sign === "-" ? b.mustNot : b.should;
      if (c.kind === "filter") { (c.sign === "-" ? b.mustNot : b.filters).push(filterSet(c)); return; }
      if (c.kind === "prefix") {
        var stem = c.value.toLowerCase(), subs = [];
        RK.fields.forEach(function (fw) { if (fw[1] > 0) post[fw[0]].forEach(function (_, t) { if (t.startsWith(stem)) subs.push({ t: "term", f: fw[0], w: t, boost: fw[1], flat: true }); }); });
        target.push({ t: "or", subs: subs, boost: 1 });
        if (c.sign !== "-") post.text.forEach(function (_, t) { if (t.startsWith(stem)) b.terms.add(t); });
        return;
      }
      var terms = analyzer.terms(c.value);
      if (!terms.length) return;
      var subs2 = [];
      if (c.kind === "word" && !covered.has(index) && !c.field && !terms.every(known)) {
        var fixed = correct(c.value);
        if (fixed) {
          b.corrections[c.value] = fixed;
          var tf2 = analyzer.terms(fixed);
          if (tf2.length) {
            subs2.push(fieldsQuery(tf2, c.field, RK.correction_boost, 1, true));
            var ef = exactQuery(fixed); if (ef) subs2.push(ef);
            if (c.sign !== "-") tf2.forEach(function (t) { b.terms.add(t); });
          }
        }
      }
      subs2.push(fieldsQuery(terms, c.field, 1, 1, c.kind === "word" && !c.sign));
      var ex = !c.field || c.field === "text" || c.field === "heading" ? exactQuery(c.value) : null;
      if (ex) subs2.push(ex);
      if (c.sign !== "-") { terms.forEach(function (t) { b.terms.add(t); }); if (c.kind === "word" && !c.field) plain = plain.concat(terms); }
      target.push(subs2.length === 1 ? subs2[0] : { t: "or", subs: subs2, boost: 1 });
    });
    if (plain.length >= 2 && RK.proximity_boost > 0) b.should.push({ t: "near", f: "text", words: plain, slop: RK.proximity_slop, ordered: true, boost: RK.proximity_boost });
    if (plain.length >= 3 && RK.pair_boost > 0) {
      for (var i = 0; i + 1 < plain.length; i++) b.should.push({ t: "near", f: "text", words: [plain[i], plain[i + 1]], slop: RK.pair_slop, ordered: false, boost: RK.pair_boost });
    }
    return b;
  }
  function filterSet(c) {
    var name = c.field, value = c.value.trim().toLowerCase(), set = new Set();
    var values = name === "article" ? value.split(/[,\s]+/).filter(Boolean).map(function (v) { return /^\d+$/.test(v) ? String(parseInt(v, 10)) : v; }) : [name === "kind" ? (KIND_ALIASES[value] || value) : value];
    docs.forEach(function (d, i) {
      var have = name === "article" ? d.article : name === "chapter" ? d.chapter : name === "kind" ? [d.kind] : [d.part];
      if (values.some(function (v) { return have.indexOf(v) >= 0; })) set.add(i);
    });
    return { t: "term", set: set, boost: 0 };
  }


  // -- answering (find.py): citations first, then ranked words --------------------------------
  var reader = data.citations ? treatyCitationReader(data.citations) : null;
  function canonical(text, bare) { if (!reader) return null; try { return reader.canonical(reader.read(text, bare)); } catch (e) { return null; } }
  function readCitation(text) {
    if (!reader) return {};
    try { return { c: reader.canonical(reader.read(text, true)) }; } catch (e) { return e && e.outOfRange ? { error: e } : {}; }
  }
  function inside(i) { var cid = docs[i].cid + "-"; return docs.filter(function (d) { return d.origin === "corpus" && d.cid.startsWith(cid); }).map(function (d) { return d.n; }); }
  function citationSearch(c, limit) {
    var top = byCitation.get(c);
    if (top === undefined) return null;
    var out = [top], seen = new Set(out), d = docs[top], related = [];
    if (d.kind === "article") related = docs.filter(function (x) { return x.article.indexOf(d.article[0]) >= 0 && (x.kind === "note" || x.origin === "extra"); }).map(function (x) { return x.n; });
    else if (d.kind === "chapter") related = docs.filter(function (x) { return x.kind === "article" && x.chapter[0] === d.chapter[0]; }).map(function (x) { return x.n; });
    var around = d.up !== undefined && d.kind !== "article" ? [d.up] : [];
    inside(top).concat(related, around).forEach(function (n) { if (!seen.has(n) && out.length < limit) { seen.add(n); out.push(n); } });
    return out.map(function (n, k) { return { doc: docs[n], score: k ? 0.5 : 1.0, terms: new Set() }; });
  }
  function citationsIn(clauses) {
    var rest = [], found = [], i = 0;
    while (i < clauses.length) {
      var hit = false;
      for (var n = Math.min(6, clauses.length - i); n > 1; n--) {
        var run = clauses.slice(i, i + n);
        if (!run.every(function (c) { return c.kind === "word" && !c.field && !c.sign; })) continue;
        var c = canonical(run.map(function (x) { return x.value; }).join(" "), false);
        if (c && byCitation.has(c) && ["title", "final_clause"].indexOf(docs[byCitation.get(c)].kind) < 0) { found.push(byCitation.get(c)); i += n; hit = true; break; }
      }
      if (!hit) { rest.push(clauses[i]); i++; }
    }
    return [rest, found];
  }
  function scopeSet(n) {
    var d = docs[n], set = new Set();
    if (d.kind === "chapter") { docs.forEach(function (x) { if (x.chapter.indexOf(d.chapter[0]) >= 0) set.add(x.n); }); return set; }
    set.add(n); inside(n).forEach(function (k) { set.add(k); });
    if (d.kind === "article") docs.forEach(function (x) { if (x.kind === "note" && x.article.indexOf(d.article[0]) >= 0) set.add(x.n); });
    return set;
  }
  // -- a query citing another instrument's article (editorial/concordance.py _loose, same rule) --
  var CP = data.counterparts, ALIAS = null, BY_ALIAS = new Map();
  var CP_AFTER = CP ? new RegExp(CP.after, "iu") : null, CP_BEFORE = CP ? new RegExp(CP.before, "iu") : null;
  function aliasPattern(aliases) {
    var names = Object.keys(aliases);
    names.forEach(function (a) { BY_ALIAS.set(a.toLowerCase(), aliases[a]); });
    names.sort(function (a, b) { return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0); });
    ALIAS = names.length ? new RegExp(names.map(function (a) { return a.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "giu") : null;
  }
  function alnum(ch) { return /[\p{L}\p{N}]/u.test(ch); }
  function counterpartQuery(s) {  // [instrument key, article number] or null
    if (!ALIAS || !reader || !CP) return null;
    var words = [], w, re = /\S+/g, m, before = 0, after = 0;  // the name's neighbours, moving right with it
    while ((w = re.exec(s))) words.push([w.index, w.index + w[0].length]);
    ALIAS.lastIndex = 0;
    while ((m = ALIAS.exec(s))) {
      var a = m.index, z = a + m[0].length;
      if ((a && alnum(s[a - 1])) || (z < s.length && alnum(s[z]))) continue;
      var runs = [], i, j;
      while (before < words.length && words[before][1] <= a) before++;  // words[:before] end before the name
      while (after < words.length && words[after][0] < z) after++;  // words[after:] start after it
      for (i = Math.max(0, before - CP.between - 1); i < before; i++)
        if (CP_AFTER.test(s.slice(words[i][1], a))) for (j = i; j > Math.max(-1, i - CP.run); j--) runs.push([j, i]);
      for (i = after; i < Math.min(words.length, after + CP.between + 1); i++)
        if (CP_BEFORE.test(s.slice(z, words[i][0]))) for (j = i; j < Math.min(words.length, i + CP.run); j++) runs.push([i, j]);
      runs.sort(function (x, y) { return (x[0] - x[1]) - (y[0] - y[1]) || x[0] - y[0] || x[1] - y[1]; });
      for (var k = 0; k < runs.length; k++) {
        var c;
        try { c = reader.read(s.slice(words[runs[k][0]][0], words[runs[k][1]][1]), false); } catch (e) { if (e instanceof reader.CitationError) continue; throw e; }
        var art = c.part === "convention" ? c.path.filter(function (p) { return p[0] === "article"; })[0] : null;
        if (art) return [BY_ALIAS.get(m[0].toLowerCase()), parseInt(art[1], 10)];
      }
    }
    return null;
  }
  function counterpartSearch(text, limit) {  // find.py _counterpart_search
    var cited = counterpartQuery(text);
    if (!cited) return null;
    var key = (cited[0] + "/" + cited[1]).toLowerCase();
    var arts = docs.filter(function (d) { return d.origin === "corpus" && d.counterpart.indexOf(key) >= 0; });
    if (!arts.length) return null;
    var hits = arts.slice(0, limit).map(function (d) { return { doc: d, score: 1.0, terms: new Set() }; });
    var seen = new Set(hits.map(function (h) { return h.doc.n; }));
    arts.forEach(function (d) {
      (citationSearch(d.citation, limit) || []).slice(1).forEach(function (h) {
        if (hits.length < limit && !seen.has(h.doc.n)) { seen.add(h.doc.n); hits.push(h); }
      });
    });
    return { hits: hits, suggestion: null };
  }
  function search(query, limit) {
    limit = limit || 10;
    var text = query.normalize("NFKC").replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").split(/\s+/).filter(Boolean).join(" ").slice(0, 500);
    if (!text) return { hits: [], suggestion: null };
    var cp = counterpartSearch(text, limit);
    if (cp) return cp;
    // a query that is a citation: that provision; one of nothing finds nothing (find.py), the
    // reason in `notice`; one of a whole part (no record) searches its words
    var read = readCitation(text), c = read.c;
    if (read.error && read.error.outOfRange) return { hits: [], suggestion: null, notice: read.error.message };
    if (c) {
      var cs = citationSearch(c, limit);
      if (cs) return { hits: cs, suggestion: null };
      if (UNINDEXED && !UNINDEXED.has(c)) return { hits: [], suggestion: null, notice: c + " is not in the document" };
    }
    var parsed = readQuestion(text, parseQuery(text)), ci = citationsIn(parsed[0]), clauses = ci[0], scopes = ci[1];
    var scope = null;
    if (scopes.length) { scope = new Set(); scopes.forEach(function (n) { scopeSet(n).forEach(function (k) { scope.add(k); }); }); }
    var b = buildQuery(clauses, parsed[1]);
    var positive = b.must.length || b.should.length;
    var K = { B: RK.B, K1: RK.K1 };
    if (positive && scope && !b.must.length) b.should.push({ t: "const", sub: { t: "term", set: scope, boost: 1, counted: true }, score: 0.01 });
    if (!positive && scope) b.filters.push({ t: "term", set: scope });
    if (!positive && !b.filters.length) return { hits: [], suggestion: null };
    var q;
    if (b.must.length) {
      var base = { t: "and", subs: b.must };
      q = b.should.length ? { t: "andmaybe", a: base, b: { t: "or", subs: b.should, boost: 1 } } : base;
    } else if (b.should.length) q = b.should.length > 1 ? { t: "or", subs: b.should, boost: 1 } : b.should[0];
    var scores = q ? evaluate(q, K) : new Map(docs.map(function (d) { return [d.n, [1, 0]]; }));
    var prior = new Map(RK.priors), words = q ? queryWords(q) : [];
    var ranked = [];
    scores.forEach(function (v, n) {
      if (b.filters.some(function (f) { return !f.set.has(n); })) return;
      if (b.mustNot.some(function (m) { return m.set ? m.set.has(n) : evaluate(m, K).has(n); })) return;
      var d = docs[n], sc = v[0] * (prior.has(d.kind) ? prior.get(d.kind) : 1);
      if (RK.coord && words.length) {  // coordination (search/rank.py): the share of the query's words the unit holds
        var held = words.filter(function (w) { return STEMMED.some(function (f) { var pl = post[f] && post[f].get(w); return pl && pl.has(n); }); }).length;
        sc *= 1 + RK.coord * held / words.length;
      }
      ranked.push({ doc: d, first: scope ? scope.has(n) : false, score: sc, terms: b.terms });
    });
    ranked.sort(function (x, y) { return (y.first - x.first) || (y.score - x.score) || (x.doc.n - y.doc.n); });
    var sugg = null;
    if (Object.keys(b.corrections).length) {
      sugg = text;
      Object.keys(b.corrections).forEach(function (w) { sugg = sugg.split(w).join(b.corrections[w]); });
    }
    return { hits: ranked.slice(0, limit), suggestion: sugg };
  }

  // -- scoring: Whoosh's BM25F, query tree by query tree -------------------------------------
  function idf(field, term) { var pl = post[field] && post[field].get(term); var n = pl ? pl.size : 0; return Math.log(N / (n + 1)) + 1; }
  function bm25(field, term, doc, tf, K) {
    var avg = totals[field] / N || 1, fl = lens[field][doc];
    return idf(field, term) * (tf * (K.K1 + 1)) / (tf + K.K1 * ((1 - K.B) + K.B * fl / avg));
  }
  // evaluate(node) -> Map doc -> [score, matching term matchers]; termCount(node) -> term matchers
  function evaluate(node, K) {
    var out = new Map(), pl;
    switch (node.t) {
      case "term":
        pl = post[node.f] ? post[node.f].get(node.w) : (node.set ? null : null);
        if (node.set) { node.set.forEach(function (d) { out.set(d, [node.boost, 1]); }); return out; }
        if (pl) pl.forEach(function (ps, d) { out.set(d, [bm25(node.f, node.w, d, ps.length, K) * node.boost, 1]); });
        return out;
      case "near":  // SpanNear2: ordered phrase (mindist 1, slop) or an unordered pair
        var lists = node.words.map(function (w) { return post[node.f] ? post[node.f].get(w) : null; });
        if (lists.some(function (l) { return !l; })) return out;
        lists[0].forEach(function (_, d) {
          if (!lists.every(function (l) { return l.has(d); })) return;
          var ps = lists.map(function (l) { return l.get(d); });
          if (!near(ps, node.slop, node.ordered)) return;
          var sc = 0;
          node.words.forEach(function (w, k) { sc += bm25(node.f, w, d, ps[k].length, K); });
          out.set(d, [sc * node.boost, node.words.length]);
        });
        return out;
      case "or":
        var tc = termCount(node);
        node.subs.forEach(function (s) {
          evaluate(s, K).forEach(function (v, d) { var o = out.get(d); if (o) { o[0] += v[0]; o[1] += v[1]; } else out.set(d, [v[0], v[1]]); });
        });
        if (node.scale && tc > 0) out.forEach(function (v) { v[0] = tc === node.scale ? 0 : (v[0] + (v[1] - 1) / Math.pow(tc - node.scale, 2)) * ((tc - 1) / tc); });
        if (node.boost !== 1) out.forEach(function (v) { v[0] *= node.boost; });
        return out;
      case "and":
        var parts = node.subs.map(function (s) { return evaluate(s, K); });
        parts[0].forEach(function (v, d) {
          var sc = 0, m = 0;
          for (var k = 0; k < parts.length; k++) { var x = parts[k].get(d); if (!x) return; sc += x[0]; m += x[1]; }
          out.set(d, [sc, m]);
        });
        return out;
      case "andmaybe":
        var base = evaluate(node.a, K), maybe = evaluate(node.b, K);
        base.forEach(function (v, d) { var x = maybe.get(d); out.set(d, x ? [v[0] + x[0], v[1] + x[1]] : v); });
        return out;
      case "const":
        evaluate(node.sub, K).forEach(function (v, d) { out.set(d, [node.score, v[1]]); });
        return out;
    }
    return out;
  }
  // the distinct words a query scores in the stemmed fields (rank.py's coordination words)
  function queryWords(node) {
    var found = new Set();
    (function walk(x) {
      if (x.t === "term") { if (!x.set && STEMMED.indexOf(x.f) >= 0) found.add(x.w); }
      else if (x.t === "near") { if (x.ordered && STEMMED.indexOf(x.f) >= 0) x.words.forEach(function (w) { found.add(w); }); }
      else if (x.t === "andmaybe") { walk(x.a); walk(x.b); }
      else if (x.subs) x.subs.forEach(walk);
    })(node);
    return Array.from(found).sort();
  }
  function termCount(node) {
    switch (node.t) {
      case "term": return node.set ? (node.counted ? 1 : 0) : (post[node.f] && post[node.f].get(node.w) ? 1 : 0);
      case "near": return node.words.every(function (w) { return post[node.f] && post[node.f].get(w); }) ? node.words.length : 0;
      case "const": return termCount(node.sub);
      case "andmaybe": return termCount(node.a) + termCount(node.b);
      default: return node.subs.reduce(function (n, s) { return n + termCount(s); }, 0);
    }
  }
  function near(ps, slop, ordered) {
    if (!ordered) {  // a pair, either order
      return ps[0].some(function (a) { return ps[1].some(function (b) { var g = Math.abs(b - a); return g >= 1 && g <= slop; }); });
    }
    function from(k, p) {
      if (k === ps.length) return true;
      return ps[k].some(function (q) { return q - p >= 1 && q - p <= slop && from(k + 1, q); });
    }
    return ps[0].some(function (p) { return from(1, p); });
  }
  return { analyzer: analyzer, exact: exact, stem: porterStem, setup: setup, counterpartQuery: counterpartQuery, setupSteps: setupSteps, search: search, load: load, evaluate: evaluate, docs: docs, post: post,
           spell: spell, byCitation: byCitation, idf: idf, N: function () { return N; } };
}
if (typeof module !== "undefined") module.exports = treatySearchEngine;
