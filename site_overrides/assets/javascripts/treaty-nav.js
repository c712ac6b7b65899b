/* The reading site's behaviour, part 3: the in-page navigation.  On a page with three or more
 * provisions (an article, the notes, the resolution, the report, the preamble) a list of them —
 * number and first words, under the headings of the page's sections — sits in the right-hand
 * column; the provision being read is marked as the page scrolls (aria-current).  Below 60em,
 * where that column is hidden, the same list is a bar under the header, closed, naming the
 * provision being read; opening it shows the list.  Made from the page itself: no request. */
(function () {
  "use strict";

  var WIDE = window.matchMedia("(min-width: 60em)");
  var WORDS = 9;

  /* the first words of the provision's own text, or, when it has none, of its first item
     (with the item's letter) */
  function firstWords(prov) {
    var texts = prov.querySelectorAll(".prov > p:not([class])");   /* a provision's text (render.unit_html) */
    for (var i = 0; i < texts.length; i++) {
      var copy = texts[i].cloneNode(true);
      var num = texts[i].parentNode === prov && copy.querySelector(":scope > b:first-child");
      if (num) num.parentNode.removeChild(num);
      var words = copy.textContent.replace(/\s+/g, " ").trim().split(" ").filter(Boolean);
      if (words.length) return words.slice(0, WORDS).join(" ") + (words.length > WORDS ? "\u2026" : "");
    }
    return "";
  }

  function isEntry(el) {
    if (el.classList.contains("prov")) {
      return !el.classList.contains("prov-line") && !el.classList.contains("prov-footnote") &&
        !(el.parentElement && el.parentElement.closest(".prov"));
    }
    return /^H[23]$/.test(el.tagName) && el.id && !el.closest("aside");
  }

  function headingsOnly(page) {
    return page.getAttribute("data-paranav") === "headings";
  }

  function entries(page) {
    var only = headingsOnly(page);
    var found = page.querySelectorAll(only ? "section > [class^='heading-']" : "section > [class^='heading-'], .prov");
    var out = [];
    for (var i = 0; i < found.length; i++) if (isEntry(found[i])) out.push(found[i]);
    /* a heading with nothing listed after it before the next heading is left out */
    return only ? out : out.filter(function (el, k) {
      return el.classList.contains("prov") || (out[k + 1] && out[k + 1].classList.contains("prov"));
    });
  }

  function build(page, list) {
    var article = !headingsOnly(page) && page.querySelector("section.unit-article");
    var title = headingsOnly(page) ? "Contents" : article ? "Paragraphs" : "On this page";
    var nav = document.createElement("nav");
    nav.className = "treaty-paranav";
    nav.setAttribute("aria-label", article ? "Paragraphs of " + article.querySelector("h1").textContent.split(" \u2014 ")[0] : title);
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    summary.className = "treaty-paranav__summary";
    var head = document.createElement("span");
    head.className = "treaty-paranav__title";
    head.textContent = title;
    var current = document.createElement("span");
    current.className = "treaty-paranav__current";
    summary.appendChild(head);
    summary.appendChild(current);
    details.appendChild(summary);
    var ol = document.createElement("ol");
    ol.className = "treaty-paranav__list";
    var links = [];
    list.forEach(function (el) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + el.id;
      if (el.classList.contains("prov")) {
        a.className = "treaty-paranav__link";
        var numEl = el.querySelector(":scope > p:not([class]) > b:first-child");
        if (numEl) {
          var num = document.createElement("span");
          num.className = "treaty-paranav__num";
          num.textContent = numEl.textContent;
          a.appendChild(num);
          a.appendChild(document.createTextNode(" "));
        }
        a.appendChild(document.createTextNode(firstWords(el) || el.getAttribute("data-cite")));
      } else {
        /* a section's heading groups what follows; in a list of headings only, the outer ones do */
        var outer = !headingsOnly(page) || el.tagName === "H2";
        if (outer) li.className = "treaty-paranav__group";
        a.className = "treaty-paranav__link" + (outer ? " treaty-paranav__link--heading" : "");
        a.textContent = el.textContent.replace(/\s+/g, " ").trim();
      }
      li.appendChild(a);
      ol.appendChild(li);
      links.push(a);
    });
    details.appendChild(ol);
    nav.appendChild(details);
    details.addEventListener("click", function (ev) {
      if (!WIDE.matches && ev.target.closest && ev.target.closest("a")) details.open = false;
    });
    return { nav: nav, details: details, current: current, links: links, list: list };
  }

  function place(state) {
    var sidebar = document.querySelector(".md-sidebar--secondary .md-sidebar__inner");
    var content = document.querySelector(".md-content__inner");
    if (WIDE.matches && sidebar) {
      var empty = sidebar.querySelector("nav.md-nav--secondary");
      if (empty && !empty.querySelector("li")) empty.hidden = true;
      sidebar.appendChild(state.nav);
      state.nav.classList.remove("treaty-paranav--bar");
      state.details.open = true;
    } else if (content) {
      content.insertBefore(state.nav, content.firstChild);
      state.nav.classList.add("treaty-paranav--bar");
      state.details.open = false;
    }
  }

  /* the provision being read: the last one whose top has passed a line a third down the view */
  function follow(state) {
    var line = window.innerHeight / 3;
    var k = 0;
    for (var i = 0; i < state.list.length; i++) {
      if (state.list[i].getBoundingClientRect().top <= line) k = i; else break;
    }
    var active = state.links[k];
    if (state.active === active) return;
    if (state.active) state.active.removeAttribute("aria-current");
    active.setAttribute("aria-current", "location");
    state.active = active;
    state.current.textContent = active.textContent;
    /* keep it in sight inside the list, without moving the page */
    var box = state.nav.closest(".md-sidebar__scrollwrap") || state.details.querySelector("ol");
    if (box && box.scrollHeight > box.clientHeight) {
      var r = active.getBoundingClientRect(), b = box.getBoundingClientRect();
      if (r.top < b.top || r.bottom > b.bottom) box.scrollTop = Math.max(0, box.scrollTop + (r.top - b.top) - box.clientHeight / 3);
    }
  }

  function start() {
    var page = document.querySelector(".treaty-page");
    if (!page) return;
    var list = entries(page);
    if (list.filter(function (el) { return el.classList.contains("prov") || headingsOnly(page); }).length < 3) return;
    var state = build(page, list);
    place(state);
    follow(state);
    var pending = false;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; follow(state); });
    }, { passive: true });
    window.addEventListener("hashchange", function () { follow(state); });
    WIDE.addEventListener("change", function () { place(state); follow(state); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
