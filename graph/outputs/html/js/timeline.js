// timeline.js — notes (by consultation date) and talks (by event date) per month; drag to pick a period.

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function timelineCounts() {
  const notes = new Map(), talks = new Map();
  for (let f = 0; f < S.fileMonth.length; f++) {
    const m = S.fileMonth[f];
    if (m >= 0 && S.noteOfFile[f] >= 0) notes.set(m, (notes.get(m) || 0) + 1);
  }
  for (const [, m] of S.talkMonth) if (m >= 0) talks.set(m, (talks.get(m) || 0) + 1);
  const months = [...notes.keys(), ...talks.keys()];
  const undated = S.noteOfFile.filter((id, f) => id >= 0 && S.fileMonth[f] < 0).length;
  if (!months.length) return { notes, talks, from: 0, to: -1, undated };
  return { notes, talks, from: Math.min(...months), to: Math.max(...months), undated };
}

const Timeline = {
  counts: null,
  drag: null,
  draw() {
    const bars = document.getElementById("bars");
    const c = this.counts = timelineCounts();
    const width = bars.clientWidth || 800, height = bars.clientHeight || 80;
    bars.setAttribute("viewBox", "0 0 " + width + " " + height);
    bars.replaceChildren();
    if (c.to < c.from) { bars.append(svg("text", { x: 8, y: 20, class: "muted" }, "No dated notes.")); return; }
    const span = c.to - c.from + 1, step = width / span, axis = 14, plot = height - axis - 2;
    const peak = Math.max(1, ...c.notes.values(), ...c.talks.values());
    this.geometry = { step, width, from: c.from, span };
    const g = svg("g");
    for (let m = c.from; m <= c.to; m++) {
      const x = (m - c.from) * step, bw = Math.max(1, step * 0.9);
      const n = c.notes.get(m) || 0, t = c.talks.get(m) || 0, inside = !S.period || (m >= S.period[0] && m <= S.period[1]);
      const nh = plot * n / peak, th = plot * t / peak;
      const title = monthLabel(m) + ": " + plural(n, "note") + ", " + plural(t, "talk");
      const noteBar = svg("rect", { x, y: plot - nh, width: bw / 2, height: nh, fill: inside ? "#7f7f7f" : "#d5d5d5" });
      const talkBar = svg("rect", { x: x + bw / 2, y: plot - th, width: bw / 2, height: th, fill: inside ? "#ff7f0e" : "#f6d2b0" });
      noteBar.append(svg("title", {}, title)); talkBar.append(svg("title", {}, title));
      g.append(noteBar, talkBar);
      if (m % 12 === 0 || m === c.from) {
        g.append(svg("line", { x1: x, x2: x, y1: plot, y2: plot + 4, stroke: "#999" }));
        if ((m % 12 === 0 && step * 12 > 26) || (m === c.from && (12 - m % 12) * step > 60)) g.append(svg("text", { x: x + 2, y: height - 3, "font-size": 10, fill: "#555" }, String(Math.floor(m / 12))));
      }
    }
    g.append(svg("line", { x1: 0, x2: width, y1: plot + 0.5, y2: plot + 0.5, stroke: "#bbb" }));
    document.getElementById("legend").textContent = "grey: notes (consulted) · orange: talks (event date)"
      + (c.undated ? " · " + plural(c.undated, "undated note") + " not shown" : "");
    this.marks(g, c, step, plot);
    if (S.period) {
      const x1 = (Math.max(S.period[0], c.from) - c.from) * step, x2 = (Math.min(S.period[1], c.to) - c.from + 1) * step;
      g.append(svg("rect", { x: x1, y: 0, width: Math.max(2, x2 - x1), height: plot, fill: "rgba(66,114,210,.12)", stroke: "#4272d2" }));
    }
    bars.append(g);
    this.label();
  },
  // the months where the selected entity is mentioned or stated: blue ticks above the bars
  marks(g, c, step, plot) {
    if (state.selected === null) return;
    const months = new Set();
    for (const f of filesOf(state.selected)) if (S.fileMonth[f] >= 0) months.add(S.fileMonth[f]);
    if (S.talkMonth.has(state.selected) && S.talkMonth.get(state.selected) >= 0) months.add(S.talkMonth.get(state.selected));
    const name = short(S.nodes[state.selected].name, 40);
    for (const m of months) {
      const tick = svg("rect", { x: (m - c.from) * step, y: 0, width: Math.max(2, step * 0.9), height: 5, fill: "#1f5fd1", class: "mark" });
      tick.append(svg("title", {}, monthLabel(m) + ": " + name));
      g.append(tick);
    }
    document.getElementById("legend").textContent += " · blue: " + name;
  },
  label() {
    const period = document.getElementById("period");
    const from = document.getElementById("from"), to = document.getElementById("to");
    const c = this.counts;
    if (c && c.to >= c.from) { from.min = to.min = monthLabel(c.from); from.max = to.max = monthLabel(c.to); }
    if (!S.period) {
      period.textContent = "all time" + (c && c.to >= c.from ? " (" + monthLabel(c.from) + " – " + monthLabel(c.to) + ")" : "");
      from.value = ""; to.value = "";
      return;
    }
    let notes = 0;
    for (let f = 0; f < S.fileMonth.length; f++) if (S.noteOfFile[f] >= 0 && fileIn(f)) notes++;
    period.textContent = monthLabel(S.period[0]) + " – " + monthLabel(S.period[1]) + ": " + plural(notes, "note");
    from.value = monthLabel(S.period[0]); to.value = monthLabel(S.period[1]);
  },
  monthAt(clientX) {
    const bars = document.getElementById("bars"), box = bars.getBoundingClientRect(), g = this.geometry;
    if (!g) return null;
    const x = (clientX - box.left) * (g.width / box.width);
    return g.from + Math.max(0, Math.min(g.span - 1, Math.floor(x / g.step)));
  },
  init(onChange) {
    const bars = document.getElementById("bars");
    bars.addEventListener("pointerdown", (event) => {
      const m = this.monthAt(event.clientX);
      if (m === null) return;
      bars.setPointerCapture(event.pointerId);
      this.drag = { from: m, to: m };
      S.period = [m, m]; this.draw();
    });
    bars.addEventListener("pointermove", (event) => {
      if (!this.drag) return;
      const m = this.monthAt(event.clientX);
      if (m === null || m === this.drag.to) return;
      this.drag.to = m;
      S.period = [Math.min(this.drag.from, m), Math.max(this.drag.from, m)];
      this.draw();
    });
    const end = () => { if (!this.drag) return; this.drag = null; onChange(S.period); };
    bars.addEventListener("pointerup", end);
    bars.addEventListener("pointercancel", end);
    const inputs = () => {
      const from = monthOf(document.getElementById("from").value), to = monthOf(document.getElementById("to").value);
      if (from < 0 && to < 0) return onChange(null);
      const c = this.counts;
      onChange([from < 0 ? c.from : from, to < 0 ? c.to : to].sort((a, b) => a - b));
    };
    document.getElementById("from").addEventListener("change", inputs);
    document.getElementById("to").addEventListener("change", inputs);
    document.getElementById("alltime").addEventListener("click", () => onChange(null));
    window.addEventListener("resize", () => this.draw());
  },
};
