// panel.js — the Details panel: name, type, "N mentions", then where the notes say it, each
// line linked to the note (new tab), and what the entity is linked to.

const RELATIONS = {  // edge type -> [label seen from the source, label seen from the target]
  performer: ["speakers", "speaker of"], affiliation: ["works at", "people"], mentions: ["mentions", "mentioned by"],
  about: ["about", "subject of"], subEvent: ["talks", "event"], author: ["authors", "author of"], tag: ["tags", "tagged"],
  source: ["found on", "resources"], location: ["place", "events here"], organizer: ["organisers", "organised"],
  created: ["created", "created by"], broader: ["broader", "narrower"],
};
const PER_GROUP = 25, PER_FILE = 8, FILES_SHOWN = 40;

function entityLink(id, onSelect, text) {
  const a = el("a", text || S.nodes[id].name, "entity");
  a.href = "#/" + S.routeOf[id];
  a.addEventListener("click", (event) => { event.preventDefault(); onSelect(id); });
  return a;
}
function linksByRole(n, role) { return n.links.filter((l) => S.data.linkRoles[l[1]] === role).map((l) => l[0]); }
function linkList(urls) {
  const ul = el("ul");
  for (const url of urls) {
    const href = safeUrl(url), li = el("li");
    li.append(href ? externalLink(url, href) : el("span", url));
    ul.append(li);
  }
  return ul;
}
function related(id, type, outgoing) {
  const found = [];
  for (const [other, t, out] of neighbours(id)) if (t === type && out === outgoing && !found.includes(other)) found.push(other);
  return found;
}
function timestamp(seconds) {
  const s = Math.max(0, Math.round(seconds)), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
  return (h ? h + ":" + String(m).padStart(2, "0") : String(m)) + ":" + String(s % 60).padStart(2, "0");
}

// the rows of "where the notes mention it": [file, line, text, permalink?]; an entity without
// mentions shows where it is stated, and one without either (a tag, a place, a source) the
// title lines of the notes whose resources use it
function mentionRows(id) {
  const n = S.nodes[id];
  if (n.mentions.length) return n.mentions;
  if (n.origins.length) {
    const permalink = linksByRole(n, "permalink")[0] || null;  // the forge URL of the line stating it
    return n.origins.map((o, i) => [o[0], o[1], "", i === 0 ? permalink : null]);
  }
  const rows = [], seen = new Set();
  for (const [other] of neighbours(id)) {
    for (const [file, line] of S.nodes[other].origins) {
      if (!seen.has(file)) { seen.add(file); rows.push([file, line, S.nodes[other].name]); }
    }
  }
  return rows;
}

// a talk's clips: its own (``clips``), and those of the lines of its section — from its line in
// its note to the next talk's — that point at a moment of a video
function clipsOf(n) {
  const clips = n.clips.map((c) => ({ start: c.start, url: c.url, name: c.name, line: c.line }));
  if (n.type === "talk" && n.origins.length) {
    const [file, from] = n.origins[0];
    let to = Infinity;
    for (const other of S.nodes) if (other.type === "talk" && other.origins.length && other.origins[0][0] === file && other.origins[0][1] > from) to = Math.min(to, other.origins[0][1]);
    const seen = new Set(clips.map((c) => c.line + ":" + c.start));
    for (const [line, start, url] of clipLines(file)) {
      if (line < from || line >= to || seen.has(line + ":" + start)) continue;
      seen.add(line + ":" + start);
      const text = lineText(file, line);
      clips.push({ start, url, name: text ? short(text.replace(/^[\s*+-]+/, ""), 90) : "", line });
    }
  }
  return clips.sort((a, b) => (a.start || 0) - (b.start || 0));
}
// [line, start, url] of every mention of a file that points at a clip (built on first need)
function clipLines(file) {
  if (!S.clipsByFile) {
    S.clipsByFile = new Map();
    for (const n of S.nodes) for (const m of n.mentions) if (m[4] !== undefined && m[4] !== null) {
      if (!S.clipsByFile.has(m[0])) S.clipsByFile.set(m[0], []);
      S.clipsByFile.get(m[0]).push([m[1], m[4], m[5]]);
    }
  }
  return S.clipsByFile.get(file) || [];
}

const Panel = {
  root: null,
  show(id, onSelect) {
    const n = S.nodes[id], root = this.root = document.getElementById("panel");
    root.replaceChildren();
    root.dataset.entity = S.routeOf[id];
    root.append(el("h2", n.name), el("p", n.type, "type"));
    const rows = mentionRows(id), unit = n.mentions.length || n.origins.length ? "mention" : "note";
    const inside = rows.filter((r) => fileIn(r[0])).length;
    root.append(el("p", plural(rows.length, unit) + (S.period ? " (" + inside + " in the period)" : ""), "count"));
    this.facts(n, id, onSelect);
    this.mentions(n, rows);
    this.relations(id, onSelect);
    const dl = el("dl");
    dl.append(el("dt", "IRI"), el("dd", n.iri), el("dt", "route"), el("dd", "#/" + S.routeOf[id]));
    root.append(dl);
    root.scrollTop = 0;
  },
  facts(n, id, onSelect) {
    const root = this.root, dl = el("dl");
    const add = (key, value) => { if (value === null || value === undefined || value === "") return; dl.append(el("dt", key)); const dd = el("dd"); dd.append(value); dl.append(dd); };
    const entities = (ids) => { if (!ids.length) return null; const span = el("span"); ids.forEach((o, i) => { if (i) span.append(", "); span.append(entityLink(o, onSelect)); }); return span; };
    if (n.aliases.length) add("also known as", n.aliases.join(", "));
    if (n.type === "talk") {
      add("event", entities(related(id, "subEvent", false)));
      add("speakers", entities(related(id, "performer", true)));
      add("date", first(n, "date") || first(n, "published") || (S.talkMonth.get(id) >= 0 ? monthLabel(S.talkMonth.get(id)) : ""));
      add("duration", first(n, "duration").replace(/^PT/, "").toLowerCase());
      add("language", first(n, "language"));
      if (n.properties.attended) add("attended", first(n, "attended") === "true" ? "yes" : "no: listed, to watch");
    }
    if (n.type === "note") {
      const resource = S.resourceOfNote.get(id);
      if (resource !== undefined) add("about", entityLink(resource, onSelect));
      add("consulted", first(n, "consulted"));
      if (n.origins.length) add("file", externalLink(S.data.files[n.origins[0][0]], lineHref(n.origins[0][0], 1)));
    }
    if (n.type === "resource" || n.type === "event") {
      add("type", first(n, "resource type"));
      add("published", first(n, "published"));
      add("date", first(n, "date"));
      add("authors", entities(related(id, "author", true)));
      add("place", entities(related(id, "location", true)));
      add("note", entities(related(id, "about", false).filter((o) => S.nodes[o].type === "note")));
    }
    for (const key of ["job title", "description", "category"]) if (n.properties[key]) add(key, n.properties[key].join("; "));
    if (dl.childElementCount) root.append(dl);
    const tldr = n.properties["TL;DR"] || (n.type === "note" && S.resourceOfNote.has(id) ? S.nodes[S.resourceOfNote.get(id)].properties["TL;DR"] : null);
    if (tldr && tldr.length) { const box = el("div", undefined, "tldr"); box.append(el("strong", "TL;DR "), tldr.join(" ")); root.append(box); }
    for (const [role, title] of [["replay", "Replay"], ["slides", "Slides"], ["page", "Links"], ["profile", "Profiles"], ["link", "Other links"], ["permalink", "In the notes' repository"]]) {
      const urls = linksByRole(n, role);
      if (urls.length) { root.append(el("h3", title)); root.append(linkList(urls)); }
    }
    const clips = clipsOf(n);
    if (clips.length) this.clips(n, clips);
  },
  clips(n, clips) {
    this.root.append(el("h3", "Clips (" + clips.length + ")"));
    const ul = el("ul"), origin = n.origins[0];
    for (const clip of clips) {
      const li = el("li"), href = safeUrl(clip.url), stamp = clip.start === null || clip.start === undefined ? "clip" : timestamp(clip.start);
      li.append(href ? externalLink(stamp, href) : el("span", stamp, "chip"), " " + (clip.name || ""));
      if (clip.line && origin) { li.append(" "); li.append(externalLink("(" + S.data.files[origin[0]] + ":" + clip.line + ")", lineHref(origin[0], clip.line))); }
      ul.append(li);
    }
    this.root.append(ul);
  },
  // where the notes say it: mentions (or, for talks, resources, events and notes, where they are
  // stated), grouped by file, each "file:line" linking to the line, with the line's text
  mentions(n, rows) {
    const heading = n.mentions.length ? "Where the notes mention it" : n.origins.length ? "Where the notes state it" : "Notes that use it";
    this.root.append(el("h3", heading));
    const list = el("ul");
    list.id = "mentions";
    this.root.append(list);
    const byFile = new Map();
    for (const row of rows) { if (!byFile.has(row[0])) byFile.set(row[0], []); byFile.get(row[0]).push(row); }
    const files = [...byFile.keys()].sort((a, b) => fileIn(b) - fileIn(a) || (S.fileMonth[b] - S.fileMonth[a]) || (S.data.files[a] < S.data.files[b] ? -1 : 1));
    const render = (limit) => {
      list.replaceChildren();
      for (const file of files.slice(0, limit)) this.fileRows(list, file, byFile.get(file), n);
      if (files.length > limit) {
        const more = el("button", "Show all " + files.length + " notes", "more");
        more.addEventListener("click", () => render(files.length));
        list.append(more);
      }
    };
    render(FILES_SHOWN);
    if (!S.indexReady) textIndex().then(() => { if (this.root.dataset.entity === S.routeOf[n.id]) render(FILES_SHOWN); });
  },
  fileRows(list, file, rows, n) {
    const note = S.noteOfFile[file], head = el("li", undefined, "file");
    const resource = note >= 0 ? S.resourceOfNote.get(note) : undefined;
    head.append(S.data.files[file]);
    const date = S.data.fileDates[file] ? S.data.fileDates[file][0] : "";
    if (resource !== undefined || date) head.append(el("span", " — " + [resource !== undefined ? short(S.nodes[resource].name, 70) : "", date].filter(Boolean).join(", "), "muted"));
    if (!fileIn(file)) head.classList.add("out");
    list.append(head);
    const lines = [...new Set(rows.map((r) => r[1]))].sort((a, b) => a - b);
    for (const line of lines.slice(0, PER_FILE)) {
      const row = rows.find((r) => r[1] === line), li = el("li", undefined, "mention");
      if (!fileIn(file)) li.classList.add("out");
      li.append(Object.assign(externalLink(S.data.files[file] + ":" + line, lineHref(file, line, row[3])), { className: "where" }), " ");
      const text = lineText(file, line);
      const surfaces = rows.filter((r) => r[1] === line).map((r) => r[2]).filter(Boolean);
      li.append(text !== null && text.trim() ? marked(text, surfaces.flatMap(words)) : document.createTextNode(surfaces.join(", ") || n.name));
      const clip = rows.find((r) => r[1] === line && r[4] !== undefined && r[4] !== null);
      if (clip && safeUrl(clip[5])) li.append(" ", externalLink("▶ " + timestamp(clip[4]), safeUrl(clip[5])));
      list.append(li);
    }
    if (lines.length > PER_FILE) list.append(el("li", "… and " + (lines.length - PER_FILE) + " more lines in this note", "muted"));
  },
  relations(id, onSelect) {
    const groups = new Map();
    for (const [other, type, out] of neighbours(id)) {
      const label = (RELATIONS[type] || [type, type + " of"])[out ? 0 : 1];
      if (!groups.has(label)) groups.set(label, new Set());
      groups.get(label).add(other);
    }
    if (!groups.size) return;
    this.root.append(el("h3", "Linked in the graph"));
    for (const [label, members] of groups) {
      const ids = [...members].sort((a, b) => weight(b) - weight(a) || S.nodes[b].degree - S.nodes[a].degree);
      const p = el("p");
      p.append(el("strong", label + " (" + ids.length + "): "));
      ids.slice(0, PER_GROUP).forEach((o, i) => { if (i) p.append(", "); p.append(entityLink(o, onSelect)); });
      if (ids.length > PER_GROUP) p.append(el("span", ", … " + (ids.length - PER_GROUP) + " more", "muted"));
      this.root.append(p);
    }
  },
};
