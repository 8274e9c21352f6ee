// views.js — what the canvas draws: an overview of the most mentioned entities, a focus (ego)
// view around the selected one, or, on request, everything.

const OVERVIEW_SIZE = 45, TYPE_SHARE = 0.4, FOCUS_NEIGHBOURS = 24, FOCUS_RELATED = 8, MAX_DRAWN = 5000;
const QUIET_EDGES = new Set(["mentions", "about", "tag"]);  // too common to label in the focus view
const HIDDEN_FROM_OVERVIEW = new Set(["note", "resource", "tag"]);  // provenance, and tags echo tools and topics

// what each file mentions, as [entity, line] (built on first need: the focus view's "mentioned with")
function fileEntities() {
  if (S.fileEntities) return S.fileEntities;
  const table = Array.from(S.data.files, () => []);
  for (const n of S.nodes) for (const m of n.mentions) table[m[0]].push(n.id, m[1]);
  return (S.fileEntities = table);
}
function distinctFiles(id) {
  const files = new Set();
  for (const f of filesOf(id)) if (fileIn(f)) files.add(f);
  return files;
}
// the entities the notes mention near ``id`` (within NEAR lines of it, or of where it is stated),
// counted once per note and ranked by count / sqrt(weight), so that ubiquitous ones do not win
const NEAR = 12;
function mentionedWith(id, shown, exclude, limit) {
  const table = fileEntities(), counts = new Map(), n = S.nodes[id], lines = new Map();
  for (const [f, line] of n.mentions.concat(n.origins)) {
    if (!fileIn(f)) continue;
    if (!lines.has(f)) lines.set(f, []);
    lines.get(f).push(line);
  }
  for (const [f, mine] of lines) {
    const seen = new Set(), row = table[f];
    for (let i = 0; i < row.length; i += 2) {
      const other = row[i], line = row[i + 1];
      if (other === id || seen.has(other) || !mine.some((l) => Math.abs(l - line) <= NEAR)) continue;
      seen.add(other);
      counts.set(other, (counts.get(other) || 0) + 1);
    }
  }
  const ranked = [];
  for (const [other, count] of counts) {
    if (exclude.has(other) || !shown(S.nodes[other].type)) continue;
    ranked.push([other, count, count / Math.sqrt(Math.max(1, weight(other)))]);
  }
  ranked.sort((a, b) => b[2] - a[2] || b[1] - a[1]);
  return ranked.slice(0, limit);
}

// the overview's entities: the most mentioned, no type taking more than its share of the places
function balanced(ranked) {
  const cap = Math.ceil(OVERVIEW_SIZE * TYPE_SHARE), taken = new Map(), top = [], rest = [];
  for (const item of ranked) {
    const type = S.nodes[item[0]].type, count = taken.get(type) || 0;
    if (count < cap) { top.push(item); taken.set(type, count + 1); } else rest.push(item);
    if (top.length >= OVERVIEW_SIZE) break;
  }
  for (const item of rest) { if (top.length >= OVERVIEW_SIZE) break; top.push(item); }
  return top.sort((a, b) => b[1] - a[1]);
}

const Views = {
  mode: "overview",
  init(container, onSelect) {
    this.nodes = new vis.DataSet();
    this.edges = new vis.DataSet();
    this.network = new vis.Network(container, { nodes: this.nodes, edges: this.edges }, this.options(true));
    this.network.on("stabilizationIterationsDone", () => this.network.setOptions({ physics: false }));
    this.network.on("click", (params) => { if (params.nodes.length) onSelect(params.nodes[0]); });
  },
  options(physics) {
    return {
      interaction: { hover: true, hideEdgesOnDrag: S.data.large && this.mode === "all" },
      physics: physics ? {
        enabled: true,
        stabilization: { iterations: 200, updateInterval: 25 },
        barnesHut: { gravitationalConstant: -12000, springLength: 170, springConstant: 0.03, centralGravity: 0.25, avoidOverlap: 0.2 },
      } : { enabled: false },
      layout: { improvedLayout: false, randomSeed: 7 },
      nodes: { font: { face: "system-ui", size: 14, strokeWidth: 4, strokeColor: "#ffffff" } },
      // "continuous" curves, not vis's default "dynamic" ones: those add a hidden physics node per edge
      edges: { color: { color: "#b5b5b5", highlight: "#4272d2" }, width: 0.8,
               smooth: S.data.large && this.mode === "all" ? false : { type: "continuous" } },
    };
  },
  visNode(id, size, extra) {
    const n = S.nodes[id], look = S.style.get(n.type) || { color: "#aaa", shape: "dot" };
    // the hover tip is an element filled with textContent (a string could be read as HTML)
    const tip = this.mode === "all" ? undefined : el("div", n.name + " — " + n.type + resultNote(n, weight(id)));
    return Object.assign({
      id, label: short(n.name, 30), shape: look.shape, size, title: tip,
      color: { background: look.color, border: look.color, highlight: { background: look.color, border: "#222" } },
    }, extra || {});
  },
  show(nodes, edges, caption) {
    this.network.setOptions(this.options(this.mode !== "all" || !S.data.large));
    this.nodes = new vis.DataSet(nodes);
    this.edges = new vis.DataSet(edges);
    this.network.setData({ nodes: this.nodes, edges: this.edges });
    document.getElementById("caption").textContent = caption;
    window.talkgraph.nodes = this.nodes; window.talkgraph.edges = this.edges;
  },

  overview(shown) {
    this.mode = "overview";
    const ranked = [];
    for (const n of S.nodes) {
      if (!shown(n.type) || HIDDEN_FROM_OVERVIEW.has(n.type)) continue;
      const w = weight(n.id);
      if (w > 0) ranked.push([n.id, w]);
    }
    ranked.sort((a, b) => b[1] - a[1] || S.nodes[b[0]].degree - S.nodes[a[0]].degree);
    const top = balanced(ranked), ids = new Set(top.map((t) => t[0]));
    const peak = top.length ? top[0][1] : 1;
    const nodes = top.map(([id, w]) => this.visNode(id, 12 + 34 * Math.sqrt(w / peak)));
    const edges = this.overviewEdges(top.map((t) => t[0]), ids);
    this.show(nodes, edges, top.length
      ? "Overview: the " + top.length + " most mentioned of " + ranked.length.toLocaleString("en")
        + " entities" + (S.period ? " in the period" : "") + ", linked when the same notes mention them. Click one to focus on it."
      : "Nothing to show: no entity of the chosen types" + (S.period ? " in this period." : "."));
  },
  overviewEdges(order, ids) {
    const index = new Map(order.map((id, i) => [id, i])), byFile = new Map(), pairs = new Map();
    for (const id of order) for (const f of distinctFiles(id)) { if (!byFile.has(f)) byFile.set(f, []); byFile.get(f).push(index.get(id)); }
    for (const members of byFile.values()) {
      for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) {
        const key = Math.min(members[i], members[j]) * 4096 + Math.max(members[i], members[j]);
        pairs.set(key, (pairs.get(key) || 0) + 1);
      }
    }
    const strongest = order.map(() => []);
    for (const [key, count] of pairs) { strongest[Math.floor(key / 4096)].push([key % 4096, count]); strongest[key % 4096].push([Math.floor(key / 4096), count]); }
    const chosen = new Map();
    strongest.forEach((list, i) => {
      list.sort((a, b) => b[1] - a[1]);
      for (const [j, count] of list.slice(0, 3)) chosen.set(Math.min(i, j) + ":" + Math.max(i, j), count);
    });
    const edges = [];
    for (const [key, count] of chosen) {
      const [a, b] = key.split(":").map(Number);
      edges.push({ id: "co" + key, from: order[a], to: order[b], width: Math.min(6, 0.6 + Math.log2(count)), color: { color: "#c9c9c9" } });
    }
    for (const id of order) for (const [other, type, out, e] of neighbours(id)) {
      if (out && ids.has(other)) edges.push({ id: e, from: id, to: other, arrows: "to", color: { color: "#8a8a8a" }, title: undefined, type });
    }
    return edges;
  },

  focus(id, shown) {
    this.mode = "focus";
    const near = new Map();  // neighbour -> [edge, type, outgoing]
    for (const [other, type, out, e] of neighbours(id)) {
      if (other === id || !shown(S.nodes[other].type) || !inPeriod(other) || near.has(other)) continue;
      near.set(other, [e, type, out]);
    }
    const ranked = [...near.keys()].map((other) => [other, weight(other) + (S.nodes[other].type === "event" ? 1e6 : 0)]);
    ranked.sort((a, b) => b[1] - a[1] || S.nodes[b[0]].degree - S.nodes[a[0]].degree);
    const kept = ranked.slice(0, FOCUS_NEIGHBOURS).map((r) => r[0]);
    const ids = new Set([id, ...kept]);
    const related = mentionedWith(id, shown, ids, FOCUS_RELATED);
    const nodes = [this.visNode(id, 34, { font: { size: 18, strokeWidth: 5, strokeColor: "#fff", bold: true }, borderWidth: 3 })];
    for (const other of kept) nodes.push(this.visNode(other, 10 + Math.min(18, 3 * Math.sqrt(weight(other)))));
    for (const [other] of related) nodes.push(this.visNode(other, 10 + Math.min(18, 3 * Math.sqrt(weight(other))), { opacity: 0.85 }));
    const perType = new Map();
    for (const other of kept) perType.set(near.get(other)[1], (perType.get(near.get(other)[1]) || 0) + 1);
    const edges = kept.map((other) => {  // a relation is named on its edges when it is rare in the view
      const [e, type, out] = near.get(other);
      const edge = { id: e, from: out ? id : other, to: out ? other : id, arrows: "to" };
      if (QUIET_EDGES.has(type) || perType.get(type) > 3) return edge;
      return Object.assign(edge, { label: type, font: { size: 10, color: "#777", strokeWidth: 3 } });
    });
    for (const [other, count] of related) {
      edges.push({ id: "with" + other, from: id, to: other, dashes: true, color: { color: "#9ab3e6" }, width: Math.min(5, 0.6 + Math.log2(count)) });
    }
    for (const a of kept) for (const [b, , out, e] of neighbours(a)) if (out && b !== id && ids.has(b)) edges.push({ id: e, from: a, to: b, arrows: "to", color: { color: "#d0d0d0" } });
    const relations = [...perType].sort((a, b) => b[1] - a[1]).map(([type, count]) => type + " ×" + count).join(", ");
    this.show(nodes, edges, "Focus: " + short(S.nodes[id].name, 60) + " and " + plural(kept.length, "neighbour")
      + (near.size > kept.length ? " (the " + kept.length + " most mentioned of " + near.size + ")" : "")
      + (relations ? " — " + relations : "") + (related.length ? "; dashed: mentioned nearby in the same notes" : "") + ".");
    this.network.selectNodes([id]);
  },

  all(shown, selected) {
    const fresh = this.mode !== "all";
    this.mode = "all";
    if (fresh) {
      const nodes = S.nodes.map((n) => this.visNode(n.id, 8 + 4 * Math.sqrt(n.degree), { x: n.x, y: n.y, hidden: !shown(n.type) || !inPeriod(n.id) }));
      const edges = [];
      if (S.data.drawAllEdges) for (let e = 0; e < S.edgeCount; e++) edges.push(this.visEdge(e));
      this.show(nodes, edges, "Everything: " + plural(S.nodes.length, "entity") + " and " + plural(S.edgeCount, "link") + ".");
    } else {
      this.nodes.update(S.nodes.map((n) => ({ id: n.id, hidden: !shown(n.type) || !inPeriod(n.id) })));
    }
    const mode = document.getElementById("mode");
    mode.textContent = S.data.drawAllEdges ? "" : S.nodes.length + " nodes and " + S.edgeCount
      + " links: too many to draw at once, so only the selected node's links are drawn.";
    if (selected !== null && selected !== undefined) this.drawLinksOf(selected);
  },
  visEdge(e) { const d = S.data.edges; return { id: e, from: d[3 * e], to: d[3 * e + 1], arrows: "to" }; },
  drawLinksOf(id) {  // large graphs: the selected node's links only
    if (!S.data.drawAllEdges) {
      const mine = incident(id), shown = Array.from(mine.subarray(0, MAX_DRAWN), (e) => this.visEdge(e));
      this.edges.clear();
      this.edges.add(shown);
      document.getElementById("mode").textContent = S.nodes.length + " nodes and " + S.edgeCount
        + " links: only the selected node's links are drawn (" + shown.length + (mine.length > shown.length ? " of " + mine.length : "") + ").";
    }
    this.network.selectNodes([id]);
    this.network.focus(id, { scale: 1.2, animation: S.data.large ? false : { duration: 300 } });
  },
};
