// talkgraph explorer. Every string from the notes is inserted with textContent, never as HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("talkgraph-data").textContent);
  const status = document.getElementById("status");
  const style = new Map(data.legend.map((t) => [t.type, t]));
  const byId = data.nodes;  // ids are the nodes' indexes
  const edgeCount = data.edges.length / 3;
  // adjacency as typed arrays (one entry per edge end): cheap even for half a million edges
  const start = new Int32Array(byId.length + 1);
  for (let i = 0; i < data.edges.length; i += 3) { start[data.edges[i] + 1]++; start[data.edges[i + 1] + 1]++; }
  for (let i = 0; i < byId.length; i++) start[i + 1] += start[i];
  const ends = new Int32Array(2 * edgeCount);
  const fill = start.slice(0, byId.length);
  for (let e = 0; e < edgeCount; e++) {
    ends[fill[data.edges[3 * e]]++] = e;
    ends[fill[data.edges[3 * e + 1]]++] = e;
  }
  function incident(id) { return ends.subarray(start[id], start[id + 1]); }
  function visEdge(e) {
    return { id: e, from: data.edges[3 * e], to: data.edges[3 * e + 1] };
  }

  const visNodes = new vis.DataSet(byId.map((n) => {
    const look = style.get(n.type);
    return {
      id: n.id, label: n.name.slice(0, 60), shape: look.shape, size: 8 + 4 * Math.sqrt(n.degree), x: n.x, y: n.y,
      color: { background: look.color, border: look.color },
    };
  }));
  const visEdges = new vis.DataSet();
  if (data.drawAllEdges) { const all = []; for (let e = 0; e < edgeCount; e++) all.push(visEdge(e)); visEdges.add(all); }
  const options = {
    interaction: { hover: true, hideEdgesOnDrag: data.large },
    // no physics above the node threshold: the page comes with a layout
    physics: data.large ? false : {
      stabilization: { iterations: 150, updateInterval: 25 },
      barnesHut: { gravitationalConstant: -8000, springLength: 160, centralGravity: 0.1 },
    },
    layout: { improvedLayout: false, randomSeed: 7 },
    nodes: { font: { face: "system-ui", size: 12 } },
    // "continuous" curves, not vis's default "dynamic" ones: those add a hidden physics node
    // per edge, which made stabilising an 850-node graph 4x slower
    edges: { arrows: "to", color: { color: "#bbb" }, width: 0.6, smooth: data.large ? false : { type: "continuous" } },
  };
  const network = new vis.Network(document.getElementById("graph"), { nodes: visNodes, edges: visEdges }, options);
  network.on("stabilizationIterationsDone", () => network.setOptions({ physics: false }));
  const mode = document.getElementById("mode");
  if (!data.drawAllEdges) {
    mode.textContent = byId.length + " nodes and " + edgeCount + " links: too many to draw at once, so only the"
      + " selected node's links are drawn.";
  }
  const MAX_DRAWN = 5000;
  function drawLinksOf(id) {  // large graphs: the selected node's links only
    if (data.drawAllEdges) return;
    const mine = incident(id);
    const shown = Array.from(mine.subarray(0, MAX_DRAWN), visEdge);
    visEdges.clear();
    visEdges.add(shown);
    mode.textContent = byId.length + " nodes and " + edgeCount + " links: only the selected node's links are drawn ("
      + shown.length + (mine.length > shown.length ? " of " + mine.length : "") + ").";
  }

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }
  function safeUrl(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) { return null; }
  }

  // filters by entity type
  const hidden = new Set();
  const filters = document.getElementById("filters");
  for (const item of data.legend) {
    const label = el("label", undefined, "filter");
    const box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.type = item.type;
    const swatch = el("span", undefined, "swatch");
    swatch.style.background = item.color;
    label.append(box, swatch, el("span", item.type + " (" + item.count + ")"));
    box.addEventListener("change", () => {
      if (box.checked) hidden.delete(item.type); else hidden.add(item.type);
      visNodes.update(data.nodes.filter((n) => n.type === item.type).map((n) => ({ id: n.id, hidden: !box.checked })));
    });
    filters.append(label);
  }

  // search by name or alias; the datalist offers at most 50 names matching what is typed
  const names = document.getElementById("names");
  const index = new Map();
  for (const n of byId) {
    for (const name of [n.name].concat(n.aliases)) {
      const key = name.toLowerCase();
      if (!index.has(key)) index.set(key, n.id);
    }
  }
  function suggest(text) {
    const key = text.trim().toLowerCase();
    const found = new Set();
    if (key) {
      for (const [name, id] of index) if (name.startsWith(key)) { found.add(byId[id].name); if (found.size >= 50) break; }
      if (found.size < 50) for (const [name, id] of index) if (name.includes(key)) { found.add(byId[id].name); if (found.size >= 50) break; }
    }
    names.replaceChildren(...Array.from(found, (name) => Object.assign(el("option"), { value: name })));
  }
  function find(text) {
    const key = text.trim().toLowerCase();
    if (!key) return null;
    if (index.has(key)) return index.get(key);
    for (const [name, id] of index) if (name.includes(key)) return id;
    return null;
  }
  function focus(id) {
    drawLinksOf(id);
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: data.large ? false : { duration: 300 } });
    show(id);
  }
  const search = document.getElementById("search");
  search.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const id = find(search.value);
    status.textContent = id === null ? "no match" : "";
    if (id !== null) focus(id);
  });
  search.addEventListener("input", () => suggest(search.value));
  search.addEventListener("change", () => { const id = find(search.value); if (id !== null) focus(id); });

  // side panel
  const panel = document.getElementById("panel");
  function show(id) {
    const n = byId[id];
    panel.replaceChildren();
    panel.append(el("h1", n.name), el("p", n.type, "muted"));
    const dl = el("dl");
    dl.append(el("dt", "IRI"), el("dd", n.iri));
    if (n.aliases.length) dl.append(el("dt", "also known as"), el("dd", n.aliases.join(", ")));
    for (const [key, values] of Object.entries(n.properties)) dl.append(el("dt", key), el("dd", values.join("; ")));
    dl.append(el("dt", "links in the graph"), el("dd", String(n.degree)));
    panel.append(dl);
    if (n.links.length) {
      panel.append(el("h2", "Links"));
      const ul = el("ul");
      for (const link of n.links) {
        const li = el("li");
        const href = safeUrl(link);
        if (href) { const a = el("a", link); a.href = href; a.rel = "noopener noreferrer"; a.target = "_blank"; li.append(a); }
        else li.append(el("span", link));
        ul.append(li);
      }
      panel.append(ul);
    }
    const near = incident(id);
    if (near.length) {
      panel.append(el("h2", "Neighbours (" + near.length + ")"));
      const ul = el("ul");
      for (const e of near.slice(0, 200)) {
        const out = data.edges[3 * e] === id;
        const other = data.edges[3 * e + (out ? 1 : 0)], type = data.edgeTypes[data.edges[3 * e + 2]];
        const li = el("li");
        li.append(el("span", (out ? type + " → " : "← " + type + " "), "muted"));
        const a = el("a", byId[other].name, "neighbour");
        a.addEventListener("click", () => focus(other));
        li.append(a);
        ul.append(li);
      }
      panel.append(ul);
    }
    panel.append(el("h2", "Mentions (" + n.mentions.length + ")"));
    const ul = el("ul");
    ul.id = "mentions";
    for (const [file, line, text] of n.mentions) {
      const li = el("li");
      const a = el("a", data.files[file] + ":" + line);
      a.href = data.notesHref + encodeURI(data.files[file]) + "#L" + line;
      li.append(a, el("span", " — " + text));
      ul.append(li);
    }
    panel.append(ul);
  }
  network.on("click", (params) => { if (params.nodes.length) { drawLinksOf(params.nodes[0]); show(params.nodes[0]); } });
  window.talkgraph = { network, nodes: visNodes, edges: visEdges, data, focus, find };
  document.body.dataset.ready = "true";
})();
