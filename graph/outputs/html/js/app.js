// app.js — the state (selection, view, filters, period), the address bar, the search box, live reload.

const state = { selected: null, everything: false, hidden: new Set() };
const shown = (type) => !state.hidden.has(type);
let lastHash = null;

// --- the address bar: #/<route>?all=1&from=YYYY-MM&to=YYYY-MM&hide=type,type -----------------
function hashOfState() {
  const params = [];
  if (state.everything) params.push("all=1");
  if (S.period) params.push("from=" + monthLabel(S.period[0]), "to=" + monthLabel(S.period[1]));
  if (state.hidden.size) params.push("hide=" + [...state.hidden].sort().map(encodeURIComponent).join(","));
  return "#/" + (state.selected === null ? "" : S.routeOf[state.selected]) + (params.length ? "?" + params.join("&") : "");
}
function navigate(push) {
  const hash = hashOfState();
  if (hash === location.hash || (hash === "#/" && !location.hash)) { lastHash = location.hash; return; }
  lastHash = hash;
  if (push) location.hash = hash;
  else location.replace(location.href.split("#")[0] + hash);
}
function applyHash() {
  if (location.hash === lastHash && lastHash !== null) return;
  lastHash = location.hash;
  const raw = location.hash.replace(/^#\/?/, ""), cut = raw.indexOf("?");
  const route = cut < 0 ? raw : raw.slice(0, cut), params = new URLSearchParams(cut < 0 ? "" : raw.slice(cut + 1));
  const status = document.getElementById("status");
  status.textContent = "";
  state.selected = null;
  if (route) {
    const id = nodeOfRoute(route);
    if (id === null) status.textContent = "Nothing at #/" + route + " in this build.";
    else state.selected = id;
  }
  state.everything = params.get("all") === "1";
  state.hidden = new Set((params.get("hide") || "").split(",").filter(Boolean).map(decodeURIComponent));
  const from = monthOf(params.get("from")), to = monthOf(params.get("to"));
  S.period = from >= 0 && to >= 0 ? [Math.min(from, to), Math.max(from, to)] : null;
  render();
}

// --- what is on screen ----------------------------------------------------------------------
function render() {
  if (state.everything) Views.all(shown, state.selected);
  else if (state.selected !== null) Views.focus(state.selected, shown);
  else Views.overview(shown);
  if (state.selected !== null) Panel.show(state.selected, select);
  else document.getElementById("panel").replaceChildren(el("p", "Search or click a node to see its details.", "muted"));
  document.getElementById("everything").checked = state.everything;
  document.getElementById("overview").setAttribute("aria-pressed", String(state.selected === null && !state.everything));
  if (!state.everything) document.getElementById("mode").textContent = "";
  for (const box of document.querySelectorAll("#filters input")) box.checked = shown(box.dataset.type);
  Timeline.draw();
  if (!document.getElementById("results").hidden) Search.run(document.getElementById("search").value);
}
function select(id) {
  state.selected = id;
  Search.close();
  render();
  navigate(true);
}

function buildFilters() {
  const filters = document.getElementById("filters");
  filters.replaceChildren();
  for (const item of S.data.legend) {
    const label = el("label", undefined, "filter"), box = el("input"), swatch = el("span", undefined, "swatch");
    box.type = "checkbox"; box.checked = shown(item.type); box.dataset.type = item.type;
    swatch.style.background = item.color;
    label.append(box, swatch, el("span", item.type + " (" + item.count.toLocaleString("en") + ")"));
    box.addEventListener("change", () => {
      if (box.checked) state.hidden.delete(item.type); else state.hidden.add(item.type);
      render();
      navigate(false);
    });
    filters.append(label);
  }
}

// --- the search box ---------------------------------------------------------------------------
// what follows "name — type" in a result: the mentions, the notes using a tag, or a date
function resultNote(n, count) {
  if (n.mentions.length) return ", " + plural(count, "mention");
  if (n.type === "talk") return S.talkMonth.get(n.id) >= 0 ? ", " + (first(n, "date") || first(n, "published") || monthLabel(S.talkMonth.get(n.id))) : "";
  if (n.type === "note" || n.type === "resource" || n.type === "event") {
    const date = first(n, "consulted") || first(n, "date") || first(n, "published");
    return date ? ", " + date : "";
  }
  return count ? ", " + plural(count, "note") : "";
}
const Search = {
  entities: [], notes: null, active: -1, items: [], timer: 0, text: "", expanded: new Set(),
  box: () => document.getElementById("search"),
  list: () => document.getElementById("results"),
  close() { this.list().hidden = true; this.active = -1; this.box().setAttribute("aria-expanded", "false"); },
  run(text) {
    if (text !== this.text) this.expanded = new Set();
    this.text = text;
    const list = this.list();
    if (!text.trim()) { this.close(); return; }
    this.entities = searchEntities(text, shown);
    this.notes = S.indexReady ? searchText(S.indexReady, text) : null;
    this.draw();
    if (!S.indexReady) textIndex().then(() => { if (this.text === text) this.run(text); });
    list.hidden = false;
    this.box().setAttribute("aria-expanded", "true");
  },
  draw() {
    const list = this.list();
    list.replaceChildren();
    this.items = [];
    const groups = new Map();
    for (const r of this.entities) {
      const type = S.nodes[r.id].type;
      if (!groups.has(type)) groups.set(type, []);
      groups.get(type).push(r);
    }
    for (const [type, results] of groups) this.group(list, type, results);
    if (this.notes === null) list.append(el("h3", "In the notes' text: searching…"));
    else if (this.notes.total || this.notes.partial) this.textGroup(list);
    if (!this.items.length && this.notes !== null) list.append(el("p", "No entity and no note line matches “" + this.text.trim() + "”" + (S.period ? " in the period" : "") + ".", "result muted"));
    this.highlight(this.items.length ? 0 : -1);
  },
  group(list, type, results) {
    const limit = this.expanded.has(type) ? 200 : 5;
    list.append(el("h3", type + " (" + results.length + ")"));
    for (const r of results.slice(0, limit)) {
      const n = S.nodes[r.id], item = el("div", undefined, "result");
      item.append(el("span", n.name), el("span", " — " + n.type + resultNote(n, r.weight), "sub"));
      if (n.type === "note" && S.resourceOfNote.has(n.id)) item.append(el("span", S.nodes[S.resourceOfNote.get(n.id)].name, "line"));
      this.add(list, item, () => select(r.id));
    }
    if (results.length > limit) {
      const more = el("div", "+ " + (results.length - limit) + " more", "result sub");
      more.addEventListener("mousedown", (event) => { event.preventDefault(); this.expanded.add(type); this.draw(); });
      list.append(more);
    }
  },
  textGroup(list) {
    const { notes, total, query, partial, read, candidates } = this.notes;
    list.append(el("h3", "In the notes' text (" + plural(total, "note")
      + (partial ? " in the newest " + read.toLocaleString("en") + " of " + plural(candidates, "candidate") + ": add a word to narrow" : "") + ")"));
    for (const hit of notes.slice(0, 30)) {
      const note = S.noteOfFile[hit.file], item = el("div", undefined, "result");
      const resource = note >= 0 ? S.resourceOfNote.get(note) : undefined;
      item.append(el("span", S.data.files[hit.file]));
      if (resource !== undefined) item.append(el("span", " — " + short(S.nodes[resource].name, 80), "sub"));
      for (const line of hit.hits.slice(0, 3)) {
        const row = el("span", undefined, "line"), link = externalLink(":" + line, lineHref(hit.file, line));
        link.addEventListener("mousedown", (event) => event.stopPropagation());
        row.append(link, marked(S.indexReady.lines[hit.file][line - 1], query, 160));
        item.append(row);
      }
      if (hit.hits.length > 3) item.append(el("span", "… " + (hit.hits.length - 3) + " more lines", "line muted"));
      this.add(list, item, () => { if (note >= 0) select(note); });
    }
  },
  add(list, item, open) {
    const index = this.items.length;
    item.setAttribute("role", "option");
    item.addEventListener("mousedown", (event) => { if (event.target.tagName === "A") return; event.preventDefault(); open(); });
    item.addEventListener("mousemove", () => this.highlight(index));
    this.items.push({ item, open });
    list.append(item);
  },
  highlight(index) {
    this.items.forEach((it, i) => it.item.setAttribute("aria-selected", String(i === index)));
    this.active = index;
    if (index >= 0) this.items[index].item.scrollIntoView({ block: "nearest" });
  },
  async enter() {
    const text = this.box().value;
    if (!text.trim()) return;
    if (this.text !== text || this.list().hidden) this.run(text);
    if (this.active >= 0 && this.items[this.active]) return this.items[this.active].open();
    if (!S.indexReady) { await textIndex(); this.run(text); if (this.items.length) return this.items[0].open(); }
    document.getElementById("status").textContent = "No match for “" + text.trim() + "”.";
  },
  init() {
    const box = this.box();
    box.addEventListener("input", () => { clearTimeout(this.timer); this.timer = setTimeout(() => this.run(box.value), 60); });
    box.addEventListener("focus", () => { if (box.value.trim()) this.run(box.value); });
    box.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); clearTimeout(this.timer); this.enter(); }
      else if (event.key === "Escape") this.close();
      else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (this.list().hidden) this.run(box.value);
        const n = this.items.length;
        if (n) this.highlight((this.active + (event.key === "ArrowDown" ? 1 : n - 1)) % n);
      }
    });
  },
};

// --- live: served by talkgraph serve --watch, follow /events and reload the data of each build --
function live() {
  if (!served || typeof EventSource === "undefined") return;
  const source = new EventSource("/events");
  const status = document.getElementById("live");
  source.addEventListener("open", () => { status.textContent = "live"; });
  source.addEventListener("build", (event) => {
    let info = {};
    try { info = JSON.parse(event.data); } catch (e) { info = {}; }
    reload(info).catch((error) => { status.textContent = "could not reload: " + error; });
  });
  source.addEventListener("error", () => { if (source.readyState === EventSource.CLOSED) status.textContent = ""; });
}
async function reload(info) {
  const response = await fetch(location.pathname, { cache: "no-store", credentials: "same-origin" });
  if (!response.ok) throw new Error("HTTP " + response.status);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const block = page.getElementById("talkgraph-data"), index = page.getElementById("talkgraph-index");
  if (!block) throw new Error("no data in the page");
  const iri = state.selected === null ? null : S.nodes[state.selected].iri;
  loadData(JSON.parse(block.textContent));
  document.getElementById("talkgraph-index").textContent = index ? index.textContent : "";
  S.index = null; S.indexReady = null; S.fileEntities = null; S.clipsByFile = null;
  const again = iri === null ? undefined : S.nodes.find((n) => n.iri === iri);
  state.selected = again ? again.id : null;
  Views.mode = "reloaded";  // "show everything" draws its nodes again
  buildFilters();
  render();
  navigate(false);
  document.getElementById("live").textContent = "live · updated " + new Date().toLocaleTimeString() + (info.build ? " (build " + info.build + ")" : "");
  document.body.dataset.build = info.build ? String(info.build) : String(Date.now());
}

// --- start -----------------------------------------------------------------------------------
// performance marks (read by benchmarks/html_bench.py): where the time to interactive goes
performance.mark("talkgraph:start");
const parsed = JSON.parse(document.getElementById("talkgraph-data").textContent);
performance.mark("talkgraph:parsed");
loadData(parsed);
performance.mark("talkgraph:loaded");
window.talkgraph = {
  get data() { return S.data; }, get network() { return Views.network; }, nodes: null, edges: null,
  state, select, S, route: (id) => S.routeOf[id], find: (text) => { const r = searchEntities(text, shown); return r.length ? r[0].id : null; },
  textIndex, searchText: (text) => searchText(S.indexReady, text),
};
Views.init(document.getElementById("graph"), select);
buildFilters();
Timeline.init((period) => { S.period = period; render(); navigate(false); });
Search.init();
document.getElementById("overview").addEventListener("click", () => { state.selected = null; state.everything = false; render(); navigate(true); });
document.getElementById("everything").addEventListener("change", (event) => { state.everything = event.target.checked; render(); navigate(true); });
performance.mark("talkgraph:controls");
window.addEventListener("hashchange", applyHash);
document.addEventListener("keydown", (event) => {  // "/" goes to the search box, as on many sites
  if (event.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName)) {
    event.preventDefault();
    document.getElementById("search").focus();
  }
});
applyHash();
performance.mark("talkgraph:view");
live();
document.body.dataset.ready = "true";
