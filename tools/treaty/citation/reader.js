// The citation grammar's browser runtime: an interpreter of the rows of treaty.citation.grammar
// (shipped as data by treaty.citation.browser.reader_data()). It knows no citation form of its
// own: what each row means ("steps", "article", "inner") is defined once, in grammar.py's Rule.
function treatyCitationReader(G) {
  "use strict";
  function CitationError(message) { this.message = message; }
  CitationError.prototype.toString = function () { return this.message; };
  // \d and \s as Python means them (every script's digits, Python's whitespace)
  function rx(src, flags) {
    src = src.replace(/\\\\|\\([ds])/g, function (m, e) { return e ? "[" + (e === "d" ? G.digit : G.space) + "]" : m; });
    return new RegExp(src, "u" + (flags || ""));
  }
  var RULES = G.rules.map(function (r) { return { rule: r, re: rx(r.pattern) }; });
  var SEGMENTS = G.segments.map(function (s) { return rx(s, "y"); });
  var FINDALL = {};
  Object.keys(G.findall).forEach(function (k) { FINDALL[k] = rx(G.findall[k], "g"); });
  var OF_THIS = rx(G.ofThis), ARTICLE_LIST = rx(G.articleList);
  var SPACES = rx("\\s+", "g"), EDGE_SPACES = rx("^\\s+|\\s+$", "g"), DIGITS = rx("^\\d+$");
  function strip(s) { return s.replace(EDGE_SPACES, ""); }
  function digit(ch) {
    var cp = ch.codePointAt(0);
    for (var i = G.zeros.length - 1; i >= 0; i--) if (cp >= G.zeros[i]) return cp - G.zeros[i];
    return NaN;
  }
  function toInt(s) { var n = 0; Array.from(s).forEach(function (ch) { n = n * 10 + digit(ch); }); return n; }
  function isDigits(s) { return DIGITS.test(s); }
  // Python's repr() of a string, for messages: quoted, what cannot be printed escaped
  var UNPRINTABLE = /[\\\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/gu;
  function hex(n, width) { var h = n.toString(16); while (h.length < width) h = "0" + h; return h; }
  function repr(s) {
    var q = s.indexOf("'") >= 0 && s.indexOf('"') < 0 ? '"' : "'";
    return q + s.replace(UNPRINTABLE, function (c) {
      if (c === " ") return c;
      if (c === "\\") return "\\\\";
      var special = { "\n": "\\n", "\r": "\\r", "\t": "\\t" }[c];
      if (special) return special;
      var cp = c.codePointAt(0);
      return cp < 0x100 ? "\\x" + hex(cp, 2) : cp < 0x10000 ? "\\u" + hex(cp, 4) : "\\U" + hex(cp, 8);
    }).split(q).join("\\" + q) + q;
  }
  function error(key, fields) {
    var e = new CitationError(G.messages[key].replace(/\{(\w+)(!r)?\}/g, function (_, name, r) {
      return r ? repr(String(fields[name])) : String(fields[name]);
    }));
    e.outOfRange = (G.outOfRange || []).indexOf(key) >= 0;  // read in full, and names nothing (address.OUT_OF_RANGE)
    return e;
  }
  function toRoman(n) {  // 1-3999; any other number (no chapter has one) in digits
    if (!(n > 0 && n < 4000)) return String(n);
    var out = "";
    G.roman.forEach(function (p) { while (n >= p[0]) { out += p[1]; n -= p[0]; } });
    return out;
  }
  function number(digits, what, original) {  // a number read from a citation; too long names nothing
    var n = Array.from(digits).length;
    if (n > G.maxDigits) throw error("too large", { what: what, digits: n, original: original });
    return toInt(digits);
  }
  function fromRoman(s) {  // null when s is not a canonical roman numeral
    s = s.toUpperCase();
    var v = { I: 1, V: 5, X: 10 }, total = 0;
    if (!s) return null;
    for (var i = 0; i < s.length; i++) {
      var x = v[s[i]];
      if (!x) return null;
      if (i + 1 < s.length && v[s[i + 1]] > x) total -= x; else total += x;
    }
    return total > 0 && total < 40 && toRoman(total) === s ? total : null;
  }
  function romanOrError(v, original) {
    var n = fromRoman(v);
    if (n === null) throw error("roman", { original: original });
    return n;
  }
  function listed(arts) { return arts.length === 1 ? arts[0] : arts.slice(0, -1).join(", ") + " and " + arts[arts.length - 1]; }
  var DERIVATIONS = {
    roman: function (v) { return { roman: toRoman(parseInt(v, 10)) }; },
    arabic: function (v) { return { arabic: String(fromRoman(v)) }; },
    articles: function (v) {
      var arts = v.split("+");
      return { plural: arts.length > 1 ? "s" : "", listed: listed(arts), hyphened: arts.join("-"), underscored: arts.join("_") };
    }
  };
  function format(template, fields) { return template.replace(/\{(\w+)\}/g, function (_, k) { return fields[k]; }); }
  // -- the address: {part, path: [[kind, key], ...]} and its canonical citation (address.py's tables)
  function canonical(c) {
    var fields = {};
    c.path.forEach(function (step, i) {
      fields["v" + i] = step[1];
      var d = G.derived[step[0]];
      if (d) Object.assign(fields, DERIVATIONS[d](step[1]));
    });
    var open = c.path.length ? G.openForms[c.part + "|" + c.path[0][0]] : null;
    if (open) return format(open[0], fields) + c.path.slice(1).map(function (s) { return format(open[2], { v: s[1] }); }).join("");
    var form = G.forms[c.part + "|" + c.path.map(function (s) { return s[0]; }).join(" ")];
    if (!form) throw new CitationError("no canonical form for " + c.part);
    return format(form[0], fields);
  }
  function articleCitation(numberText, segs, original) {
    var n = number(numberText, "article", original);
    if (n === 0) throw error("article 0", { original: original });
    var path = [["article", String(n)]];
    segs.forEach(function (seg, i) {
      var d = isDigits(seg);
      if (d && i !== 0) throw error("paragraph first", { seg: seg, original: original });
      if (d && number(seg, "paragraph", original) === 0) throw error("paragraph 0", { original: original });
      path.push([d ? "paragraph" : "item", d ? String(toInt(seg)) : seg]);
    });
    return { part: "convention", path: path };
  }
  // -- reading
  function casefold(s) {
    return Array.from(s).map(function (ch) { return ch in G.casefold ? G.casefold[ch] : ch.toLowerCase(); }).join("");
  }
  function normalise(text) {
    var s = Array.from(text).map(function (ch) { return ch in G.dashes ? G.dashes[ch] : ch; }).join("");
    s = strip(s.split("&nbsp;").join(" ").replace(SPACES, " "));
    return casefold(s).replace(/[ ,;]+$/, "");
  }
  function findall(name, v) {
    var out = [], re = FINDALL[name], m;
    re.lastIndex = 0;
    while ((m = re.exec(v)) !== null) { out.push(m[1]); if (m[0] === "") re.lastIndex++; }
    return out;
  }
  function articleSegments(rest, original) {
    var segs = [], pos = 0;
    while (pos < rest.length) {
      var hit = null;
      for (var i = 0; i < SEGMENTS.length && !hit; i++) {
        SEGMENTS[i].lastIndex = pos;
        hit = SEGMENTS[i].exec(rest);
      }
      if (!hit) throw error("unread", { rest: strip(rest.slice(pos)), original: original });
      segs.push(hit[1]);
      pos = hit.index + hit[0].length;
    }
    return segs;
  }
  function readSegments(reader, v, original) {
    if (reader === "segments" || reader === "nothing") {
      var rest = (v === undefined ? "" : v).replace(OF_THIS, "");
      if (reader === "segments") return articleSegments(rest, original);
      if (strip(rest)) throw error("unread", { rest: strip(rest), original: original });
      return [];
    }
    if (v === undefined) return [];
    return reader === "one" ? [v] : findall(reader, v);
  }
  function articleList(text) {
    var m = ARTICLE_LIST.exec(normalise(text));
    if (!m) throw error("article list", { text: strip(text) });
    return findall("numbers", m[1]).map(toInt);
  }
  function convert(conversion, v, original, kind) {
    if (conversion === "") return "";
    if (conversion === "text") return v;
    if (conversion === "number") return String(number(v, kind, original));
    if (conversion === "number or roman") return String(isDigits(v) ? number(v, kind, original) : romanOrError(v, original));
    if (conversion === "roman") return toRoman(romanOrError(v, original));
    if (conversion === "article list") return articleList(v).join("+");
    throw new Error("no conversion " + conversion);
  }
  function apply(rule, g, original) {
    if (rule.action === "article") {
      var segs = [];
      rule.segments.forEach(function (s) { segs = segs.concat(readSegments(s[1], g[s[0]], original)); });
      return articleCitation(g[rule.number], segs, original);
    }
    var c = { part: rule.part, path: [] };
    rule.steps.forEach(function (step) {
      if (!step[1].length) { c.path.push([step[0], ""]); return; }
      var v = step[1].map(function (name) { return g[name]; }).filter(function (x) { return x !== undefined; })[0];
      if (v !== undefined) c.path.push([step[0], convert(step[2], v, original, step[0])]);
    });
    return c;
  }
  function read(text, bare) {
    var s = normalise(text);
    if (!s) throw error("empty", {});
    for (var i = 0; i < RULES.length; i++) {
      var rule = RULES[i].rule;
      if (rule.bareOnly && !bare) continue;
      var m = RULES[i].re.exec(s);
      if (!m) continue;
      var g = m.groups || {};
      if (rule.action === "inner") {
        var c = null;
        try { c = read(g[rule.inner], false); } catch (e) { if (!(e instanceof CitationError)) throw e; }
        if (c && c.part === "convention" && c.path.length && c.path[0][0] === "article") return c;
        continue;
      }
      return apply(rule, g, text);
    }
    throw error("not a citation", { text: strip(text) });
  }
  return { read: read, canonical: canonical, CitationError: CitationError };
}
