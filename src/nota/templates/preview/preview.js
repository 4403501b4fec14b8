/* nota preview: keeps an open page in step with the preview server, with no reload by hand.
 *
 * Only the preview server sends this script: it adds it to the pages it serves, and `nota build`
 * never writes it. On an "update" event whose version differs from this page's, the script fetches
 * the page again from the same server and compares it with the page as it was sent (a copy taken
 * before any other script ran). Only the parts that changed are put in, so the reader keeps their
 * place, and the page's own script (nota.js) keeps what it marked; when the first changed block is
 * out of view the page moves to it, and marks it for a moment. The new page is parsed as an inert
 * document (its scripts never run) and its nodes are copied in: no text is put in as markup.
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

  /* The page as the server sent it, before any script marked it: what a new page is compared with. */
  let sent = document.body.cloneNode(true);

  const sameAttributes = (a, b) => a.attributes.length === b.attributes.length
    && Array.from(a.attributes).every((attribute) => b.getAttribute(attribute.name) === attribute.value);

  /* May the difference between `before` and `after` be looked for in their children, one by one? */
  function descend(before, after) {
    if (before.tagName !== after.tagName || !sameAttributes(before, after)) return false;
    const x = before.childNodes;
    const y = after.childNodes;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i += 1) {
      if (x[i].nodeType !== y[i].nodeType) return false;
      if (x[i].nodeType !== Node.ELEMENT_NODE && !x[i].isEqualNode(y[i])) return false;
    }
    return true;
  }

  /* Put into `live` (shaped as `before`) what differs between `before` and `after`; the new elements. */
  function patch(before, after, live) {
    if (before.isEqualNode(after)) return [];
    if (descend(before, after) && live.children.length === before.children.length) {
      const changed = [];
      for (let i = 0; i < after.children.length; i += 1) {
        changed.push(...patch(before.children[i], after.children[i], live.children[i]));
      }
      return changed;
    }
    const fresh = document.importNode(after, true);
    live.replaceWith(fresh);
    return [fresh];
  }

  /* The body: its attributes, then its children but the panel (the new elements); null when their number
     changed and all were put in anew. */
  function patchBody(before, after) {
    const body = document.body;
    if (!sameAttributes(body, after)) {
      for (const attribute of Array.from(body.attributes)) body.removeAttribute(attribute.name);
      for (const attribute of Array.from(after.attributes)) body.setAttribute(attribute.name, attribute.value);
    }
    const x = others(before);
    const y = others(after);
    const live = others(body);
    if (x.length === y.length && live.length === x.length) {
      return x.flatMap((element, i) => patch(element, y[i], live[i]));
    }
    const panel = document.getElementById(ID);
    live.forEach((element) => element.remove());
    y.forEach((element) => body.insertBefore(document.importNode(element, true), panel));
    return null; // made anew
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
    if (panel.dataset.assets !== assets) { // a stylesheet or figure changed: fetch them again
      assets = panel.dataset.assets;
      busted = true;
      bust(document.head, assets);
    }
    if (busted) bust(next.body, assets);
    const current = document.getElementById(ID);
    const details = current && current.querySelector("details");
    const nextDetails = panel.querySelector("details");
    if (details && nextDetails && details.dataset.errors === nextDetails.dataset.errors) {
      nextDetails.open = details.open; // the reader's choice stands while the kind of problems does
    }
    version = Number(panel.dataset.version);
    document.title = next.title;
    const x = window.scrollX;
    const y = window.scrollY;
    const changed = patchBody(sent, next.body);
    if (current) current.replaceWith(document.importNode(panel, true));
    sent = next.body;
    if (changed === null) {
      window.scrollTo(x, y);
    } else if (changed.length) {
      show(changed[0]);
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
