/* The reading site's behaviour, part 2: previews of cross-references and defined terms.
 * A link names its previews in data-treaty-preview (keys of the page's #treaty-previews JSON, or
 * ids of provisions on the page, read from the page itself).  No request is made. */
(function () {
  "use strict";

  var ATTR = "data-treaty-preview";
  var previews = null;
  function previewData() {
    if (previews === null) {
      var el = document.getElementById("treaty-previews");
      try { previews = el ? JSON.parse(el.textContent) : {}; } catch (e) { previews = {}; }
    }
    return previews;
  }

  /* a provision on this page is previewed from the page itself: its citation and its text
     without the reading aids (permalink, backlinks, annotations) */
  function fromPage(key) {
    var el = document.getElementById(key);
    if (!el || !el.classList.contains("prov")) return null;
    var copy = el.cloneNode(true);
    var aids = copy.querySelectorAll(".prov-tools, .prov-refby, .annotation, .annotation-ref, :scope > .prov-text > .prov-num");
    for (var i = 0; i < aids.length; i++) aids[i].parentNode.removeChild(aids[i]);
    var lines = [];
    copy.querySelectorAll("p").forEach(function (p) { lines.push(p.textContent); });
    return { c: el.getAttribute("data-cite"), t: lines.join(" ").replace(/\s+/g, " ").trim(), h: "#" + key };
  }

  var tip = null;
  var owner = null;

  function tooltip() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "treaty-preview";
      tip.className = "treaty-preview";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function show(link) {
    var keys = (link.getAttribute(ATTR) || "").split(" ");
    var data = previewData();
    var box = tooltip();
    box.textContent = "";
    keys.forEach(function (key) {
      var item = data[key] || fromPage(key);
      if (!item) return;
      var head = document.createElement("p");
      head.className = "treaty-preview__title";
      head.textContent = item.c;
      var body = document.createElement("p");
      body.className = "treaty-preview__text";
      body.textContent = item.t;
      box.appendChild(head);
      box.appendChild(body);
    });
    if (!box.childNodes.length) return;
    owner = link;
    link.setAttribute("aria-describedby", box.id);
    box.hidden = false;
    var r = link.getBoundingClientRect();
    var width = Math.min(480, document.documentElement.clientWidth - 16);
    box.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    box.style.left = left + "px";
    var below = r.bottom + window.scrollY + 6;
    box.style.top = below + "px";
    var h = box.offsetHeight;
    if (r.bottom + h + 12 > window.innerHeight && r.top - h - 6 > 0) {
      box.style.top = (r.top + window.scrollY - h - 6) + "px";
    }
  }

  function hide() {
    if (tip) tip.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  document.addEventListener("mouseover", function (ev) {
    var link = ev.target.closest && ev.target.closest("[" + ATTR + "]");
    if (link && link !== owner) show(link);
    else if (!link && owner && !(tip && tip.contains(ev.target))) hide();
  });
  document.addEventListener("focusin", function (ev) {
    var link = ev.target.closest && ev.target.closest("[" + ATTR + "]");
    if (link) show(link); else hide();
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });
})();
