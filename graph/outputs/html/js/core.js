// core.js — the page's data once loaded: adjacency, routes, dates, helpers.
// Every string from the notes is inserted with textContent, never as HTML.

const S = {};  // the loaded data and what is derived from it (replaced whole when a new build lands)
const served = location.protocol === "http:" || location.protocol === "https:";

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}
function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (e) { return null; }
}
function externalLink(text, href) {
  const a = el("a", text);
  a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer";
  return a;
}
// folding as the index was built (graph.util.text.fold_chars): lower case, accents removed
function fold(text) { return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase(); }
const WORD = /[\p{L}\p{N}]+/gu;
function words(text) { return fold(text).match(WORD) || []; }
function plural(n, word) { return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s"); }
function short(text, max) { return text.length > max ? text.slice(0, max - 1) + "…" : text; }

// months are counted from year 0: 2023-02 is 2023 * 12 + 1; a year alone counts as its January
function monthOf(date) {
  const m = /^(\d{4})(?:-(\d{2}))?/.exec(date || "");
  if (!m) return -1;
  const month = m[2] ? Number(m[2]) : 1;
  return Number(m[1]) * 12 + (month >= 1 && month <= 12 ? month - 1 : 0);
}
function monthLabel(month) { return Math.floor(month / 12) + "-" + String(month % 12 + 1).padStart(2, "0"); }

function loadData(data) {
  for (const n of data.nodes) {
    n.aliases = n.aliases || []; n.links = n.links || []; n.properties = n.properties || {};
    n.mentions = n.mentions || []; n.origins = n.origins || []; n.clips = n.clips || [];
  }
  S.data = data;
  S.nodes = data.nodes;
  S.style = new Map(data.legend.map((t) => [t.type, t]));
  buildAdjacency(data);
  buildRoutes(data);
  buildDates(data);
  S.noteOfFile = new Int32Array(data.files.length).fill(-1);
  for (const n of S.nodes) if (n.type === "note" && n.origins.length) S.noteOfFile[n.origins[0][0]] = n.id;
  S.resourceOfNote = new Map();  // one pass over the edges: a loop per note is 10x slower at 10k notes
  const about = data.edgeTypes.indexOf("about"), edges = data.edges;
  for (let i = 0; i < edges.length; i += 3) {
    if (edges[i + 2] !== about) continue;
    const from = S.nodes[edges[i]], to = S.nodes[edges[i + 1]];
    if (from.type === "note" && to.type !== "topic") S.resourceOfNote.set(from.id, to.id);
  }
  buildNameIndex();
}

function buildAdjacency(data) {
  const count = data.nodes.length, edgeCount = data.edges.length / 3;
  const start = new Int32Array(count + 1);
  for (let i = 0; i < data.edges.length; i += 3) { start[data.edges[i] + 1]++; start[data.edges[i + 1] + 1]++; }
  for (let i = 0; i < count; i++) start[i + 1] += start[i];
  const ends = new Int32Array(2 * edgeCount), fill = start.slice(0, count);
  for (let e = 0; e < edgeCount; e++) { ends[fill[data.edges[3 * e]]++] = e; ends[fill[data.edges[3 * e + 1]]++] = e; }
  S.start = start; S.ends = ends; S.edgeCount = edgeCount;
}
function incident(id) { return S.ends.subarray(S.start[id], S.start[id + 1]); }
function* neighbours(id) {  // [other id, edge type, outgoing?]
  const edges = S.data.edges;
  for (const e of incident(id)) {
    const out = edges[3 * e] === id;
    yield [edges[3 * e + (out ? 1 : 0)], S.data.edgeTypes[edges[3 * e + 2]], out, e];
  }
}

// routes: graph.html#/tool/memray is the entity whose IRI is the vocabulary base (or the build's
// base) followed by tool/memray; other IRIs get #/iri/<the IRI, encoded>
function buildRoutes(data) {
  S.routes = new Map(); S.routeOf = new Array(data.nodes.length);
  const bases = data.bases || [];
  const vocab = bases[bases.length - 1] || "";
  for (const n of data.nodes) if (vocab && n.iri.startsWith(vocab)) S.routes.set(n.iri.slice(vocab.length), n.id);
  for (const n of data.nodes) {
    let route = null;
    for (const base of bases) {
      if (!n.iri.startsWith(base)) continue;
      const path = n.iri.slice(base.length);
      const owner = S.routes.get(path);
      if (owner === undefined || owner === n.id) { route = path; break; }
    }
    if (route === null) route = "iri/" + encodeURIComponent(n.iri);
    if (!S.routes.has(route)) S.routes.set(route, n.id);
    S.routeOf[n.id] = route;
  }
}
function nodeOfRoute(route) {
  if (S.routes.has(route)) return S.routes.get(route);
  let decoded = route;
  try { decoded = decodeURIComponent(route); } catch (e) { return null; }
  if (S.routes.has(decoded)) return S.routes.get(decoded);
  if (decoded.startsWith("iri/")) {
    const iri = decoded.slice(4);
    const found = S.nodes.find((n) => n.iri === iri);
    return found ? found.id : null;
  }
  return null;
}

// dates: a file's month is its consultation date, else its resource's publication or event
// date; a talk's is its event's date, else its own publication date
function buildDates(data) {
  const files = data.files.length;
  S.fileMonth = new Int32Array(files);
  for (let f = 0; f < files; f++) {
    const [consulted, published, event] = data.fileDates[f] || ["", "", ""];
    const month = monthOf(consulted);
    S.fileMonth[f] = month >= 0 ? month : (monthOf(published) >= 0 ? monthOf(published) : monthOf(event));
  }
  S.talkMonth = new Map();
  const eventOf = new Map(), sub = data.edgeTypes.indexOf("subEvent"), edges = data.edges;
  for (let i = 0; i < edges.length; i += 3) if (edges[i + 2] === sub) eventOf.set(edges[i + 1], edges[i]);
  for (const n of data.nodes) {
    if (n.type !== "talk") continue;
    const event = eventOf.has(n.id) ? S.nodes[eventOf.get(n.id)] : null;
    let month = event ? monthOf(first(event, "date") || first(event, "published")) : -1;
    if (month < 0) month = monthOf(first(n, "date") || first(n, "published"));
    if (month < 0 && n.origins.length) month = S.fileMonth[n.origins[0][0]];
    S.talkMonth.set(n.id, month);
  }
}
function first(n, key) { const v = n.properties[key]; return v && v.length ? v[0] : ""; }

// the period picked on the timeline (null: all time), and what falls in it
S.period = null;
function fileIn(file) {
  if (!S.period) return true;
  const month = S.fileMonth[file];
  return month >= S.period[0] && month <= S.period[1];
}
// the files an entity is tied to: where it is mentioned or stated, else where its neighbours are
function filesOf(id) {
  const n = S.nodes[id];
  if (n.mentions.length || n.origins.length) return n.mentions.map((m) => m[0]).concat(n.origins.map((o) => o[0]));
  const files = [];
  for (const [other] of neighbours(id)) for (const o of S.nodes[other].origins) files.push(o[0]);
  return files;
}
function inPeriod(id) {
  if (!S.period) return true;
  for (const f of filesOf(id)) if (fileIn(f)) return true;
  return false;
}
function mentionCount(id) {
  const n = S.nodes[id];
  if (!S.period) return n.mentions.length;
  let count = 0;
  for (const m of n.mentions) if (fileIn(m[0])) count++;
  return count;
}
// how much an entity weighs in the overview and the search: its mentions, else its distinct files
function weight(id) {
  const n = S.nodes[id];
  if (n.mentions.length) return mentionCount(id);
  const seen = new Set();
  for (const f of filesOf(id)) if (fileIn(f)) seen.add(f);
  return seen.size;
}

// where a note line opens: the git permalink when the build has one; served by talkgraph serve,
// the note's page there; from a file, the note file itself
function encodePath(path) { return path.split("/").map(encodeURIComponent).join("/"); }
function lineHref(file, line, permalink) {
  if (permalink && safeUrl(permalink)) return permalink;
  const base = S.data.fileLinks && S.data.fileLinks[file];
  if (base && safeUrl(base)) return base + "#L" + line;
  if (served) return "/notes/" + encodePath(S.data.files[file]) + "#L" + line;
  return S.data.notesHref + encodePath(S.data.files[file]) + "#L" + line;
}
