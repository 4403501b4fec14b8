/* nota preview: keeps an open page in step with the preview server, with no reload by hand.
 *
 * Only the preview server sends this script: it adds it to the pages it serves, and `nota build`
 * writes no script at all. On an "update" event whose version differs from this page's, the script
 * fetches the page again from the same server and swaps in the new body. The reader keeps their
 * place; when the first changed block is out of view the page moves to it, and marks it for a
 * moment. The new page is parsed as an inert document (its scripts never run) and its nodes are
 * moved in: no text is ever put into the page as markup.
 */
(() => {
  "use strict";
  const ID = "nota-preview";
  const start = document.getElementById(ID);
  if (!start || !window.EventSource || !window.DOMParser || !window.fetch) return;
  const documentId = start.dataset.document; // "" on the index page
  let version = Number(start.dataset.version);
  let assets = start.dataset.assets;
  let busted = false; // once a stylesheet or figure changed, their addresses carry ?v=<assets>
  let running = false;
  let again = false;
  let marked = null;
  let online = true;

  const others = (element) => Array.from(element.children).filter((child) => child.id !== ID);

  /* The first element of `after` that differs from `before`, descending while the difference lies
     inside one child; null when only the panel differs. */
  function firstChange(before, after) {
    let a = before;
    let b = after;
    for (;;) {
      const x = others(a);
      const y = others(b);
      let i = 0;
      while (i < x.length && i < y.length && x[i].isEqualNode(y[i])) i += 1;
      if (i < x.length && i < y.length) {
        if (x[i].tagName !== y[i].tagName || y[i].children.length === 0) return y[i];
        a = x[i];
        b = y[i];
      } else if (i < y.length) {
        return y[i];
      } else if (i < x.length) {
        return y.length ? y[y.length - 1] : b;
      } else {
        return a === before ? null : b; // same children: the text of `b` itself changed
      }
    }
  }

  function bust(root, value) {
    for (const element of root.querySelectorAll('link[rel~="stylesheet"][href], img[src]')) {
      const name = element.tagName === "LINK" ? "href" : "src";
      const address = element.getAttribute(name);
      if (address.startsWith("/_nota/") || /^[a-z][a-z0-9+.-]*:/i.test(address)) continue;
      element.setAttribute(name, `${address.replace(/\?v=\d+$/, "")}?v=${value}`);
    }
  }

  const sheets = (root) => Array.from(root.querySelectorAll('link[rel~="stylesheet"]'),
    (link) => link.getAttribute("href").replace(/\?v=\d+$/, "")).join(" ");

  function unmark() {
    if (!marked) return;
    marked.classList.remove("nota-preview-changed");
    if (!marked.classList.length) marked.removeAttribute("class");
    marked = null;
  }

  function show(element) {
    const box = element.getBoundingClientRect();
    if (box.bottom < 0 || box.top > window.innerHeight) element.scrollIntoView({ block: "center" });
    element.classList.add("nota-preview-changed");
    marked = element;
    window.setTimeout(() => { if (marked === element) unmark(); }, 2000);
  }

  function setOnline(state) {
    online = state;
    const note = document.querySelector(`#${ID} .nota-preview-offline`);
    if (note) note.hidden = online;
  }

  function apply(next) {
    const panel = next.getElementById(ID);
    if (!panel) return;
    if (sheets(next) !== sheets(document)) { // the page became another kind of page: load it whole
      window.location.reload();
      return;
    }
    unmark();
    if (panel.dataset.assets !== assets) {
      assets = panel.dataset.assets;
      busted = true;
      bust(document, assets);
    }
    if (busted) bust(next, assets);
    const current = document.getElementById(ID);
    const details = current && current.querySelector("details");
    const nextDetails = panel.querySelector("details");
    if (details && nextDetails && details.dataset.errors === nextDetails.dataset.errors) {
      nextDetails.open = details.open; // the reader's choice stands while the kind of problems does
    }
    version = Number(panel.dataset.version);
    const changed = firstChange(document.body, next.body);
    if (changed === null || panel.contains(changed)) {
      current.replaceWith(document.adoptNode(panel));
    } else {
      const x = window.scrollX;
      const y = window.scrollY;
      document.title = next.title;
      document.body.replaceWith(document.adoptNode(next.body));
      window.scrollTo(x, y);
      show(changed);
    }
    setOnline(online);
  }

  async function refresh() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const response = await fetch(window.location.pathname, { cache: "no-store" });
        if (!response.ok) return;
        apply(new DOMParser().parseFromString(await response.text(), "text/html"));
      } while (again);
    } catch (error) {
      // the server went away mid-way: the next event tries again
    } finally {
      running = false;
    }
  }

  const events = new EventSource("/_nota/events");
  events.addEventListener("update", (event) => {
    setOnline(true);
    let state;
    try {
      state = JSON.parse(event.data);
    } catch (error) {
      return;
    }
    const latest = documentId ? (state.documents[documentId] || {}).version : state.site;
    if (typeof latest === "number" && latest !== version) refresh();
  });
  events.addEventListener("open", () => setOnline(true));
  events.addEventListener("error", () => setOnline(false)); // EventSource connects again by itself
})();
