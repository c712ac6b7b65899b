/* A page opened from a search result (?h=word+word) marks the query's words where they occur
 * as whole words (never inside another word: ?h=art marks "art", not "Parties" or "Article").
 * The words come from the search worker (treaty.site.browser_search), which lists the query's
 * words a result contains.  Text is only wrapped, never parsed as HTML. */
(function () {
  "use strict";
  var h = new URLSearchParams(location.search).get("h");
  if (!h) return;
  var words = h.toLowerCase().split(/\s+/).filter(function (w) { return /^[\p{L}\p{N}]{2,40}$/u.test(w); }).slice(0, 16);
  if (!words.length) return;
  var re = new RegExp("(?<![\\p{L}\\p{N}])(?:" + words.join("|") + ")(?![\\p{L}\\p{N}])", "giu");
  var root = document.querySelector(".md-content") || document.body, nodes = [];
  var walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: function (n) { return n.parentElement.closest("script, style, .prov-tools") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; }
  });
  for (var n = walk.nextNode(); n; n = walk.nextNode()) { re.lastIndex = 0; if (re.test(n.data)) nodes.push(n); }
  nodes.forEach(function (node) {
    var text = node.data, frag = document.createDocumentFragment(), at = 0, m;
    re.lastIndex = 0;
    while ((m = re.exec(text)) !== null) {
      frag.appendChild(document.createTextNode(text.slice(at, m.index)));
      var mark = document.createElement("mark");
      mark.setAttribute("data-md-highlight", "");
      mark.textContent = m[0];
      frag.appendChild(mark);
      at = m.index + m[0].length;
    }
    frag.appendChild(document.createTextNode(text.slice(at)));
    node.parentNode.replaceChild(frag, node);
  });
})();
