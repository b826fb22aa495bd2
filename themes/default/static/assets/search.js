/* Search as you type, for every search box of the site (form[data-search]).
   The page works without this: each box is a form that goes to the search
   page and its A to Z index. Pagefind (its script, WebAssembly and index)
   is loaded only when a reader focuses a search box, types in one, or
   opens the search page. Results are built from text nodes, never HTML. */
(() => {
  "use strict";
  const bundle = document.currentScript && document.currentScript.dataset.pagefind;
  if (!bundle) return;
  let loading = null;
  const load = () => {
    loading = loading || import(bundle).then(async (pf) => {
      await pf.options({ baseUrl: "/", excerptLength: 24 });
      await pf.init();
      return pf;
    });
    return loading;
  };

  const make = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  };

  /* Pagefind marks the matching words with <mark>: split on the tags and
     make each piece a text node, inside a <mark> every other time. */
  const excerpt = (html) => {
    const p = make("p", "search-excerpt");
    html.split(/<\/?mark>/).forEach((piece, i) => {
      if (piece) p.append(i % 2 ? make("mark", "", piece) : piece);
    });
    return p;
  };

  const result = (d) => {
    const m = d.meta || {};
    const li = make("li", "search-result");
    const link = make("a", "search-title", m.title || d.url);
    link.href = d.url;
    li.append(link);
    let about = [m.kind, m.context].filter(Boolean).join(", ");
    if (m.version) about += ` (earlier version: ${m.version})`;
    if (about) li.append(make("p", "search-about", about));
    if (d.excerpt) li.append(excerpt(d.excerpt));
    if (m.people) li.append(make("p", "search-detail", m.people));
    if (m.due) li.append(make("p", "search-detail", `Due: ${m.due}`));
    return li;
  };

  const counted = (n, term) =>
    `${n === 0 ? "No" : n} result${n === 1 ? "" : "s"} for “${term}”`;

  const setup = (form) => {
    const input = form.querySelector("[data-search-input]");
    const status = form.querySelector("[data-search-status]");
    const list = form.querySelector("[data-search-results]");
    const more = form.querySelector("[data-search-more]");
    const earlier = form.querySelector("[data-search-earlier]");
    const page = form.hasAttribute("data-search-page");
    const step = page ? 20 : 5;
    let timer = 0;
    let run = 0;
    let found = [];
    let shown = 0;
    let term = "";

    const links = () => [...list.querySelectorAll("a")];
    const clear = () => {
      found = [];
      shown = 0;
      list.replaceChildren();
      list.hidden = true;
      more.hidden = true;
      status.textContent = "";
    };

    const show = async (focus) => {
      const mine = run;
      const next = found.slice(shown, shown + step);
      const data = await Promise.all(next.map((r) => r.data()));
      if (mine !== run) return;
      const first = shown;
      data.forEach((d) => list.append(result(d)));
      shown += data.length;
      list.hidden = shown === 0;
      const left = found.length - shown;
      status.textContent = counted(found.length, term) +
        (left > 0 ? `, showing the first ${shown}` : "");
      more.hidden = left <= 0;
      if (!page) {
        const q = new URLSearchParams({ q: term });
        if (earlier && earlier.checked) q.set("versions", "all");
        more.href = `${form.action}?${q}`;
        more.textContent = `See all ${found.length} results`;
      }
      if (focus && links()[first]) links()[first].focus();
    };

    const search = async () => {
      clearTimeout(timer);
      const mine = ++run;
      const q = input.value.trim();
      if (page) {
        const params = new URLSearchParams(q ? { q } : {});
        if (q && earlier && earlier.checked) params.set("versions", "all");
        const query = params.toString();
        history.replaceState(null, "", query ? `?${query}` : location.pathname);
      }
      if (!q) return clear();
      let pf;
      try {
        pf = await load();
      } catch (e) {
        status.textContent = "Search is not available just now: the A to Z index on the search page lists everything.";
        return;
      }
      const all = earlier && earlier.checked;
      const response = await pf.search(q, all ? {} : { filters: { version: "current" } });
      if (mine !== run || !response) return;
      found = response.results;
      shown = 0;
      term = q;
      list.replaceChildren();
      await show(false);
    };

    input.addEventListener("focus", () => load().catch(() => {}), { once: true });
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    if (earlier) earlier.addEventListener("change", search);
    // The search page searches in place; a header box goes to it as usual.
    form.addEventListener("submit", (e) => {
      if (page) {
        e.preventDefault();
        search();
      }
    });
    if (page) more.addEventListener("click", () => show(true));
    // Arrow keys move between the box and the results; Escape clears them.
    form.addEventListener("keydown", (e) => {
      const all = links();
      const at = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && all.length && at < all.length - 1) {
        all[at + 1].focus();
      } else if (e.key === "ArrowUp" && at >= 0) {
        (at === 0 ? input : all[at - 1]).focus();
      } else if (e.key === "Escape" && !page && (at >= 0 || e.target === input)) {
        input.value = "";
        clear();
        input.focus();
      } else {
        return;
      }
      e.preventDefault();
    });

    if (page) {
      const params = new URLSearchParams(location.search);
      if (earlier) earlier.checked = params.get("versions") === "all";
      input.value = params.get("q") || input.value;
      load().then(() => input.value.trim() && search(), () => {});
    }
  };

  document.querySelectorAll("form[data-search]").forEach(setup);
})();
