/* nota: the page's own small script. It holds no content and changes none: it only marks, in the
   contents, the chapter being read (aria-current), and shows the cue above a table that is wider than
   its box. Without it the page works the same: the contents are plain links, a wide table still scrolls
   inside its own box, and the shadows at its edges still show that it does. */
(function () {
  "use strict";

  function markCurrentChapter() {
    var nav = document.querySelector("nav.toc");
    var chapters = document.querySelectorAll("main > section.chapter[id]");
    if (!nav || !chapters.length) {
      return;
    }
    var links = {};
    nav.querySelectorAll(".toc-list > li > a[href^='#']").forEach(function (a) {
      links[a.getAttribute("href").slice(1)] = a;
    });
    var current = null;
    var waiting = false;

    function update() {
      waiting = false;
      // the chapter whose text is at the upper third of the window; at the end of the page, where a
      // short last chapter cannot scroll up that far, the last one whose title is in view
      var atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
      var line = atEnd ? window.innerHeight : window.innerHeight * 0.3;
      var found = null;
      chapters.forEach(function (chapter) {
        if (chapter.getBoundingClientRect().top <= line) {
          found = chapter;
        }
      });
      var link = found ? links[found.id] : null;
      if (link === current) {
        return;
      }
      if (current) {
        current.removeAttribute("aria-current");
      }
      current = link || null;
      if (current) {
        current.setAttribute("aria-current", "true");
        keepInView(nav, current);
      }
    }

    window.addEventListener("scroll", function () {
      if (!waiting) {
        waiting = true;
        window.requestAnimationFrame(update);
      }
    }, {passive: true});
    window.addEventListener("hashchange", update);
    window.addEventListener("resize", update);
    update();
  }

  /* Scroll the contents (not the page) so the marked entry can be seen, where the contents scroll on their own. */
  function keepInView(nav, link) {
    if (nav.scrollHeight <= nav.clientHeight) {
      return;
    }
    var box = nav.getBoundingClientRect(), place = link.getBoundingClientRect();
    if (place.top < box.top || place.bottom > box.bottom) {
      nav.scrollTop = Math.max(0, nav.scrollTop + place.top - box.top - nav.clientHeight / 3);
    }
  }

  function cueWideTables() {
    var wraps = document.querySelectorAll(".table-wrap");

    function update() {
      wraps.forEach(function (wrap) {
        var cue = wrap.previousElementSibling;
        var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
        wrap.classList.toggle("scrolls", scrolls);
        if (cue && cue.classList.contains("scroll-cue")) {
          cue.hidden = !scrolls;
        }
      });
    }

    window.addEventListener("resize", update);
    if (window.ResizeObserver) {  // a table changes size when the fonts arrive, a box when the window does
      var observer = new ResizeObserver(update);
      wraps.forEach(function (wrap) {
        observer.observe(wrap);
        if (wrap.firstElementChild) {
          observer.observe(wrap.firstElementChild);
        }
      });
    }
    update();
  }

  markCurrentChapter();
  cueWideTables();
}());
