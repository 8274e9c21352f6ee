// search.js — one box over entity names and aliases, and over the notes' text.

// names: every name and alias of every entity, folded, with its words
function buildNameIndex() {
  S.names = [];
  for (const n of S.nodes) {
    const seen = new Set();
    for (const name of [n.name].concat(n.aliases)) {
      const key = fold(name).trim();
      if (!key || seen.has(key)) continue;
      seen.add(key);
      S.names.push({ id: n.id, key, words: key.match(WORD) || [] });
    }
  }
}

// how well a name matches: 0 the whole name, 1 its beginning, 2 every query word begins a word
// of the name (the last one may be unfinished); words never match inside words ("uv" is not
// found in "nouveau")
function nameTier(entry, key, query) {
  if (entry.key === key) return 0;
  if (!query.length) return -1;
  if (entry.key.startsWith(key) && !/[\p{L}\p{N}]/u.test(entry.key.charAt(key.length) || " ")) return 1;
  const used = new Array(entry.words.length).fill(false);
  for (let q = 0; q < query.length; q++) {
    const last = q === query.length - 1;
    let hit = -1;
    for (let w = 0; w < entry.words.length && hit < 0; w++) {
      if (!used[w] && (entry.words[w] === query[q] || (last && entry.words[w].startsWith(query[q])))) hit = w;
    }
    if (hit < 0) return -1;
    used[hit] = true;
  }
  return entry.key.startsWith(key) ? 1 : 2;
}

function searchEntities(text, shown) {
  const key = fold(text).trim(), query = key.match(WORD) || [];
  const best = new Map();
  if (!key) return [];
  for (const entry of S.names) {
    const tier = nameTier(entry, key, query);
    if (tier < 0) continue;
    const previous = best.get(entry.id);
    if (previous === undefined || tier < previous) best.set(entry.id, tier);
  }
  const results = [];
  for (const [id, tier] of best) {
    if (!shown(S.nodes[id].type) || !inPeriod(id)) continue;
    results.push({ id, tier, weight: weight(id), degree: S.nodes[id].degree });
  }
  results.sort((a, b) => a.tier - b.tier || b.weight - a.weight || b.degree - a.degree
    || S.nodes[a.id].name.length - S.nodes[b.id].name.length || (S.nodes[a.id].name < S.nodes[b.id].name ? -1 : 1));
  return results;
}

// the text index: decoded from its base64 block on first need, once per build
S.index = null;
function textIndex() {
  if (S.index) return S.index;
  // the index block comes after the script, so that the page starts before it is parsed
  const parsed = document.readyState === "loading"
    ? new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true })) : Promise.resolve();
  S.index = parsed.then(() => decodeIndex(document.getElementById("talkgraph-index").textContent.trim())).then((index) => {
    S.indexReady = index;
    document.body.dataset.index = "ready";
    return index;
  });
  return S.index;
}
// base64 is decoded a slice at a time, yielding between slices, so a key press never waits long
const SLICE = 1 << 20;  // characters, a multiple of 4
async function decodeIndex(base64) {
  if (!base64) return emptyIndex();
  const parts = [];
  for (let at = 0; at < base64.length; at += SLICE) {
    const binary = atob(base64.slice(at, at + SLICE)), bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    parts.push(bytes);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  const stream = new Blob(parts).stream().pipeThrough(new DecompressionStream("deflate"));
  const raw = JSON.parse(await new Response(stream).text());
  const postings = raw.postings.map((deltas) => {
    const files = new Int32Array(deltas.length);
    let at = 0;
    for (let i = 0; i < deltas.length; i++) { at += deltas[i]; files[i] = at; }
    return files;
  });
  return { lines: raw.lines, tokens: raw.tokens, postings, folded: new Map() };
}
function emptyIndex() { return { lines: [], tokens: [], postings: [], folded: new Map() }; }
function lineText(file, line) {
  const index = S.indexReady;
  if (!index || !index.lines[file]) return null;
  const text = index.lines[file][line - 1];
  return text === undefined ? null : text;
}
// a file's text folded in one call (NFKD never adds nor removes a line end, so lines stay aligned)
function foldedText(index, file) {
  let text = index.folded.get(file);
  if (text === undefined) { text = fold((index.lines[file] || []).join("\n")); index.folded.set(file, text); }
  return text;
}
// the files holding a word (as a prefix: every word that starts with it, at most 400 of them)
function filesWith(index, word, prefix) {
  const tokens = index.tokens;
  let lo = 0, hi = tokens.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (tokens[mid] < word) lo = mid + 1; else hi = mid; }
  const found = new Set();
  for (let i = lo, taken = 0; i < tokens.length && taken < 400; i++, taken++) {
    if (!(prefix ? tokens[i].startsWith(word) : tokens[i] === word)) break;
    for (const f of index.postings[i]) found.add(f);
  }
  return found;
}
function wordPattern(word, prefix) {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp("(?<![\\p{L}\\p{N}])" + escaped + (prefix ? "" : "(?![\\p{L}\\p{N}])"), "u");
}
// notes whose lines hold every word of the query (the phrase itself ranks first). The newest
// notes are read first, and reading stops after TEXT_BUDGET ms: a query of common words then
// says how many notes it has read rather than freezing the page
const TEXT_BUDGET = 300;
function searchText(index, text) {
  const query = words(text);
  if (!query.length || (query.length === 1 && query[0].length < 2)) return { notes: [], total: 0, query, partial: false };
  let candidates = null;
  query.forEach((word, i) => {
    const files = filesWith(index, word, i === query.length - 1);
    candidates = candidates === null ? files : new Set([...candidates].filter((f) => files.has(f)));
  });
  const patterns = query.map((word, i) => wordPattern(word, i === query.length - 1));
  const phrase = query.join(" "), deadline = performance.now() + TEXT_BUDGET, notes = [];
  const order = [...candidates].filter(fileIn).sort((a, b) => b - a);
  let read = 0;
  for (const file of order) {
    if (performance.now() > deadline) break;
    read++;
    const folded = foldedText(index, file);
    if (!query.every((word) => folded.includes(word))) continue;
    const lines = folded.split("\n"), hits = [];
    let phraseHits = 0;
    for (let l = 0; l < lines.length; l++) {
      const line = lines[l];
      if (!query.every((word) => line.includes(word)) || !patterns.every((p) => p.test(line))) continue;
      hits.push(l + 1);
      if ((line.match(WORD) || []).join(" ").includes(phrase)) phraseHits++;
    }
    if (hits.length) notes.push({ file, hits, phraseHits });
  }
  notes.sort((a, b) => (b.phraseHits > 0) - (a.phraseHits > 0) || b.hits.length - a.hits.length || b.file - a.file);
  return { notes, total: notes.length, query, partial: read < order.length, read, candidates: order.length };
}

// a line of text with the query's words marked (text nodes and <mark>, never HTML)
function marked(text, query, max) {
  const out = document.createDocumentFragment();
  const shown = short(text.trim(), max || 220), folded = fold(shown);
  const spans = [];
  for (const word of query || []) {
    const pattern = new RegExp(wordPattern(word, true).source, "gu");
    let m;
    while ((m = pattern.exec(folded)) !== null) { spans.push([m.index, m.index + word.length]); if (!word.length) break; }
  }
  spans.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [from, to] of spans) {
    if (from < at || folded.length !== shown.length) continue;  // folding changed the length: no marks
    out.append(shown.slice(at, from), el("mark", shown.slice(from, to)));
    at = to;
  }
  out.append(shown.slice(at));
  return out;
}
