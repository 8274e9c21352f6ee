// talkgraph explorer. Every string from the notes is inserted with textContent, never as HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("talkgraph-data").textContent);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const neighbours = new Map(data.nodes.map((n) => [n.id, []]));
  for (const e of data.edges) {
    neighbours.get(e.from).push([e.to, e.type, "out"]);
    neighbours.get(e.to).push([e.from, e.type, "in"]);
  }
  const visNodes = new vis.DataSet(data.nodes.map((n) => ({
    id: n.id, label: n.label, shape: n.shape, size: n.size, x: n.x, y: n.y,
    color: { background: n.color, border: n.color }, font: { size: 12 },
  })));
  const visEdges = new vis.DataSet(data.edges.map((e, i) => ({
    id: i, from: e.from, to: e.to, arrows: "to", color: { color: "#bbb" }, width: 0.6,
  })));
  const options = {
    interaction: { hover: true, hideEdgesOnDrag: data.large },
    physics: data.large ? false : { stabilization: { iterations: 150, updateInterval: 25 }, barnesHut: { gravitationalConstant: -3000, springLength: 120 } },
    layout: { improvedLayout: false, randomSeed: 7 },
    nodes: { font: { face: "system-ui" } },
  };
  const network = new vis.Network(document.getElementById("graph"), { nodes: visNodes, edges: visEdges }, options);
  const status = document.getElementById("status");
  network.on("stabilizationIterationsDone", () => network.setOptions({ physics: false }));

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

  // search by name or alias
  const names = document.getElementById("names");
  const index = new Map();
  for (const n of data.nodes) {
    for (const name of [n.name].concat(n.aliases)) {
      const key = name.toLowerCase();
      if (!index.has(key)) index.set(key, n.id);
    }
    names.append(Object.assign(el("option"), { value: n.name }));
  }
  function find(text) {
    const key = text.trim().toLowerCase();
    if (!key) return null;
    if (index.has(key)) return index.get(key);
    for (const [name, id] of index) if (name.includes(key)) return id;
    return null;
  }
  function focus(id) {
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
  search.addEventListener("change", () => { const id = find(search.value); if (id !== null) focus(id); });

  // side panel
  const panel = document.getElementById("panel");
  function show(id) {
    const n = byId.get(id);
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
    const near = neighbours.get(id);
    if (near.length) {
      panel.append(el("h2", "Neighbours (" + near.length + ")"));
      const ul = el("ul");
      for (const [other, type, direction] of near.slice(0, 200)) {
        const li = el("li");
        li.append(el("span", (direction === "out" ? type + " → " : "← " + type + " "), "muted"));
        const a = el("a", byId.get(other).name, "neighbour");
        a.addEventListener("click", () => focus(other));
        li.append(a);
        ul.append(li);
      }
      panel.append(ul);
    }
    panel.append(el("h2", "Mentions (" + n.mentions.length + ")"));
    const ul = el("ul");
    ul.id = "mentions";
    for (const m of n.mentions) {
      const li = el("li");
      const a = el("a", m.file + ":" + m.line);
      a.href = data.notesHref + encodeURI(m.file) + "#L" + m.line;
      li.append(a, el("span", " — " + m.text));
      ul.append(li);
    }
    panel.append(ul);
  }
  network.on("click", (params) => { if (params.nodes.length) show(params.nodes[0]); });
  window.talkgraph = { network, nodes: visNodes, edges: visEdges, data, focus, find };
  document.body.dataset.ready = "true";
})();
