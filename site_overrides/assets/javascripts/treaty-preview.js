/* The reading site's behaviour, part 2: previews of cross-references and defined terms.
 * A link names its previews in data-peek: ids of provisions on the page (read from the page
 * itself) or keys of the site's shared previews (treaty-previews.js, written by
 * treaty.site.previews, fetched by treaty.shared the first time a preview is wanted).  One
 * provision: its citation and text, as a tooltip.  A list or a range: each provision's citation,
 * heading and first line, with an "Open" link, in a box no taller than the window that scrolls.
 * With a mouse the box follows the pointer; from the keyboard (focus) it is described to screen
 * readers and ArrowDown enters it; on a touch screen the first tap opens it as a sheet at the
 * bottom of the screen and a second tap (or "Open") follows the link.  Nothing is requested
 * from outside the site. */
(function () {
  "use strict";

  var ATTR = "data-peek";
  var treaty = window.treaty;   /* treaty.js: the shared files, the site root */

  /* where a preview's "Open" goes: the place on this page when it is here (the full text holds
     every provision), else its page */
  function address(key, url) {
    var frag = url.split("#")[1];
    if (frag ? document.getElementById(frag) : document.getElementById(key)) return "#" + (frag || key);
    return new URL(url, treaty.root).href;
  }

  /* a provision on this page is previewed from the page itself: its citation and its text
     without the reading aids (permalink, backlinks, annotations) */
  function fromPage(key) {
    var el = document.getElementById(key);
    if (!el || !el.classList.contains("prov")) return null;
    var copy = el.cloneNode(true);
    var aids = copy.querySelectorAll(".prov-tools, .prov-refby, .annotation, .annotation-ref, :scope > p:not([class]) > b:first-child");
    for (var i = 0; i < aids.length; i++) aids[i].parentNode.removeChild(aids[i]);
    var lines = [];
    copy.querySelectorAll("p").forEach(function (p) { lines.push(p.textContent); });
    return { c: el.getAttribute("data-cite"), t: lines.join(" ").replace(/\s+/g, " ").trim(), h: "#" + key };
  }

  function items(link) {
    var data = window.treatyPreviews || {};
    return (link.getAttribute(ATTR) || "").split(" ").map(function (key) {
      var item = fromPage(key) || data[key];
      return item && item.u ? { c: item.c, d: item.d, t: item.t, h: address(key, item.u) } : item;
    }).filter(Boolean);
  }

  var box = null;
  var owner = null;
  var sheet = false;
  var hideTimer = null;

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function preview() {
    if (!box) {
      box = element("div", "treaty-preview");
      box.id = "treaty-preview";
      box.hidden = true;
      box.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      document.body.appendChild(box);
    }
    return box;
  }

  function openLink(item, name) {
    var a = element("a", "treaty-preview__open", "Open");
    a.href = item.h;
    a.setAttribute("aria-label", "Open " + name);
    return a;
  }

  function name(item) {
    var span = element("span", "treaty-preview__name");
    span.appendChild(element("span", "treaty-preview__title", item.c));
    if (item.d) { span.appendChild(document.createTextNode(" ")); span.appendChild(element("span", "treaty-preview__heading", item.d)); }
    return span;
  }

  function fill(list, asSheet) {
    var el = preview();
    el.textContent = "";
    var many = list.length > 1;
    el.className = "treaty-preview" + (many ? " treaty-preview--list" : "") + (asSheet ? " treaty-preview--sheet" : "");
    if (asSheet) {
      var bar = element("div", "treaty-preview__bar");
      var close = element("button", "treaty-preview__close", "\u00d7");
      close.type = "button";
      close.setAttribute("aria-label", "Close the preview");
      close.addEventListener("click", function () { hide(); });
      bar.appendChild(element("span", "treaty-preview__hint", "Tap the link again, or Open, to go there"));
      bar.appendChild(close);
      el.appendChild(bar);
    }
    if (many) {
      el.appendChild(element("p", "treaty-preview__count", list.length + " provisions"));
      var ul = element("ul", "treaty-preview__list");
      list.forEach(function (item) {
        var li = element("li", "treaty-preview__item");
        var head = element("p", "treaty-preview__head");
        head.appendChild(name(item));
        head.appendChild(openLink(item, item.c));
        li.appendChild(head);
        li.appendChild(element("p", "treaty-preview__line", item.t));
        ul.appendChild(li);
      });
      el.appendChild(ul);
    } else {
      var item = list[0];
      var title = element("p", "treaty-preview__head");
      title.appendChild(name(item));
      if (asSheet) title.appendChild(openLink(item, item.c));
      el.appendChild(title);
      el.appendChild(element("p", "treaty-preview__text", item.t));
    }
    return el;
  }

  /* beside the link, never over it: below if it fits, else above if it fits, else on the side
     with more room, no taller than that room (it scrolls) */
  function place(el, link) {
    var vw = document.documentElement.clientWidth;
    var r = link.getBoundingClientRect();
    var width = Math.min(480, vw - 16);
    el.style.width = el.classList.contains("treaty-preview--list") ? width + "px" : "";
    el.style.maxWidth = width + "px";
    el.style.maxHeight = "";
    el.style.left = Math.max(8, Math.min(r.left, vw - width - 8)) + window.scrollX + "px";
    var h = el.offsetHeight;
    var below = window.innerHeight - r.bottom - 14, above = r.top - 14;
    var top;
    if (h <= below) top = r.bottom + 6;
    else if (h <= above) top = r.top - 6 - h;
    else if (below >= above) { el.style.maxHeight = below + "px"; top = r.bottom + 6; }
    else { el.style.maxHeight = above + "px"; top = 8; }
    el.style.top = top + window.scrollY + "px";
  }

  var wanted = null;   /* the latest preview asked for while the shared previews load: [link, asSheet] */
  function showWanted() {
    var w = wanted;
    wanted = null;
    if (w) show(w[0], w[1]);
  }

  function show(link, asSheet) {
    if (!window.treatyPreviews) {
      wanted = [link, asSheet];
      treaty.shared("previews", showWanted);
      return true;
    }
    var list = items(link);
    if (!list.length) return false;
    clearTimeout(hideTimer);
    if (owner && owner !== link) owner.removeAttribute("aria-describedby");
    var el = fill(list, asSheet);
    owner = link;
    sheet = !!asSheet;
    el.hidden = false;
    if (asSheet) {
      el.setAttribute("role", "dialog");
      el.setAttribute("aria-label", "Preview of " + list.map(function (i) { return i.c; }).join(", "));
      el.style.cssText = "";
      link.removeAttribute("aria-describedby");
      /* the tapped link stays in sight above the sheet: a second tap on it follows it */
      var below = link.getBoundingClientRect().bottom - (el.getBoundingClientRect().top - 8);
      if (below > 0) window.scrollBy({ top: below + 8, behavior: "instant" });
    } else {
      el.setAttribute("role", list.length > 1 ? "group" : "tooltip");
      el.removeAttribute("aria-label");
      link.setAttribute("aria-describedby", el.id);
      place(el, link);
    }
    return true;
  }

  function hide() {
    wanted = null;
    clearTimeout(hideTimer);
    if (box) box.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
    sheet = false;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  /* -- pointer: hover with a mouse, tap on a touch screen ---------------------------------- */
  var touch = false;
  document.addEventListener("pointerdown", function (ev) { touch = ev.pointerType === "touch"; }, true);

  document.addEventListener("mouseover", function (ev) {
    if (touch || sheet) return;
    var link = ev.target.closest && ev.target.closest("[" + ATTR + "]");
    if (link && link !== owner) show(link, false);
    else if (link || (box && box.contains(ev.target))) clearTimeout(hideTimer);
    else if (owner) hideSoon();
  });

  document.addEventListener("click", function (ev) {
    if (!touch) return;
    var link = ev.target.closest && ev.target.closest("[" + ATTR + "]");
    if (link && !(box && box.contains(link))) {
      if (sheet && owner === link) { hide(); return; }   /* second tap: follow the link */
      if (show(link, true)) ev.preventDefault();
    } else if (sheet && box && !box.contains(ev.target)) {
      hide();
    }
  });

  /* -- keyboard: focus describes; ArrowDown enters a list; Escape leaves ---------------------- */
  var returning = null;   /* the link focus goes back to on Escape: not previewed again */
  document.addEventListener("focusin", function (ev) {
    if (box && box.contains(ev.target)) { clearTimeout(hideTimer); return; }
    var link = ev.target.closest && ev.target.closest("[" + ATTR + "]");
    if (link && link === returning) return;
    if (link) { if (link !== owner || sheet) show(link, false); }
    else if (!sheet) hide();
  });
  document.addEventListener("keydown", function (ev) {
    if (!owner || !box || box.hidden) return;
    if (ev.key === "Escape") {
      var back = owner, inside = box.contains(document.activeElement);
      hide();
      if (inside) { returning = back; back.focus(); returning = null; }
    }
    else if (ev.key === "ArrowDown" && document.activeElement === owner) {
      var first = box.querySelector("a, button");
      if (first) { ev.preventDefault(); first.focus(); }
    }
  });
})();
