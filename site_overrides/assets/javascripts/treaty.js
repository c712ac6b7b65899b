/* The reading site's behaviour: copy a citation, preview a cross-reference or a defined term,
 * highlight the provision an anchor points at.  Everything it needs is in the page itself
 * (the JSON in #treaty-previews): no request is made at reading time. */
(function () {
  "use strict";

  var previews = null;
  function previewData() {
    if (previews === null) {
      var el = document.getElementById("treaty-previews");
      try { previews = el ? JSON.parse(el.textContent) : {}; } catch (e) { previews = {}; }
    }
    return previews;
  }

  /* -- copy citation ------------------------------------------------------------------- */
  function pageUrl() {
    return location.href.split("#")[0].split("?")[0];
  }

  function instrument() {
    var page = document.querySelector(".treaty-page");
    return page ? page.getAttribute("data-instrument") : document.title;
  }

  function citationText(button) {
    var prov = button.closest(".prov");
    return prov.getAttribute("data-cite") + ", " + instrument() + " \u2014 " + pageUrl() + "#" + prov.id;
  }

  /* the permalink and copy button of each provision (reading aids that need this script) */
  function addTools() {
    var provs = document.querySelectorAll(".treaty-page .prov[data-cite]");
    for (var i = 0; i < provs.length; i++) {
      var name = provs[i].getAttribute("data-cite");
      var tools = document.createElement("span");
      tools.className = "prov-tools";
      var link = document.createElement("a");
      link.className = "prov-link";
      link.href = "#" + provs[i].id;
      link.textContent = "\u00b6";
      link.title = "Permalink";
      link.setAttribute("aria-label", "Permalink to " + name);
      var button = document.createElement("button");
      button.className = "prov-copy";
      button.type = "button";
      button.title = "Copy citation";
      button.setAttribute("aria-label", "Copy the citation of " + name);
      tools.appendChild(link);
      tools.appendChild(button);
      provs[i].insertBefore(tools, provs[i].firstChild);
    }
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }

  function announce(message) {
    var live = document.getElementById("treaty-live");
    if (!live) {
      live = document.createElement("div");
      live.id = "treaty-live";
      live.className = "treaty-live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = message;
  }

  function copy(button) {
    var text = citationText(button);
    button.setAttribute("data-copied", text);
    var done = function () {
      button.classList.add("copied");
      announce("Copied: " + text);
      setTimeout(function () { button.classList.remove("copied"); }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  /* -- hover preview --------------------------------------------------------------------- */
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

  function show(link) {
    var keys = (link.getAttribute("data-treaty-preview") || "").split(" ");
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

  /* -- arriving at an anchor ------------------------------------------------------------------ */
  function markTarget() {
    var old = document.querySelectorAll(".prov-arrived");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("prov-arrived");
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (el) el.classList.add("prov-arrived");
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest && ev.target.closest(".prov-copy");
    if (button) { ev.preventDefault(); copy(button); }
  });
  document.addEventListener("mouseover", function (ev) {
    var link = ev.target.closest && ev.target.closest("[data-treaty-preview]");
    if (link && link !== owner) show(link);
    else if (!link && owner && !(tip && tip.contains(ev.target))) hide();
  });
  document.addEventListener("focusin", function (ev) {
    var link = ev.target.closest && ev.target.closest("[data-treaty-preview]");
    if (link) show(link); else hide();
  });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });
  window.addEventListener("hashchange", markTarget);
  function ready() { addTools(); markTarget(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
