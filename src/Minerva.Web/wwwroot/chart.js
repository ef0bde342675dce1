// Minerva's link chart: a canvas the investigator grows node by node. Labels come from records written by the people
// under investigation, so they are only ever drawn as canvas text or set as text nodes, never parsed as markup.
// The layout is a force simulation (springs along edges, repulsion between nearby nodes found through a grid, so a tick
// costs about n rather than n²) that stops once it has settled; dragging a node pins it. Nodes marked together (shift-click)
// can be grouped into one node that stands for them, with their edges, until it is ungrouped.
'use strict';

const MinervaChart = (() => {
  const colours = {
    record: '#4e79a7', entity: '#e15759', phone: '#59a14f', email: '#f28e2b', handle: '#b07aa1', wallet: '#76b7b2',
    location: '#9c755f', image: '#edc948', camera: '#ff9da7', url: '#86bcb6', domain: '#8cd17d', photofact: '#d4a6c8', group: '#5b6270',
  };
  const colour = kind => colours[kind] || '#8a8f98';
  const groups = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
  const ideal = 40; // preferred edge length, in chart units

  class Chart {
    constructor(canvas, onChange) {
      this.canvas = canvas;
      this.context = canvas.getContext('2d');
      this.onChange = onChange;
      this.nodes = new Map();
      this.edges = new Map();
      this.path = new Set();
      this.selected = null;
      this.view = { scale: 1, x: 0, y: 0 };
      this.alpha = 0;
      this.ticks = 0;
      this.frame = 0;
      this.fitWhenSettled = true; // until the investigator moves the view themselves
      this.byCommunity = false;
      this.marked = new Set(); // nodes marked for grouping (shift-click)
      this.groups = 0;
      this.shown = null; // the visible nodes and edges, kept until the chart changes: a layout step reads them many times
      this.listen();
    }

    /** Adds what the API returned; new nodes start around the node they came from. */
    add(result, near) {
      const origin = near && this.nodes.get(near);
      let added = 0;
      this.shown = null;
      for (const n of result.nodes) {
        if (this.nodes.has(n.key)) { const known = this.nodes.get(n.key); if (!known.groupedIn) known.hidden = false; continue; }
        // A node with nothing to start beside goes anywhere in a disc about as large as the settled chart will be: packed
        // into a small one, thousands of nodes spent most of the layout pushing each other apart.
        const spread = ideal * Math.sqrt(this.nodes.size + result.nodes.length) * 0.8;
        const angle = Math.random() * 2 * Math.PI, distance = origin ? ideal * (1 + Math.random()) : Math.sqrt(Math.random()) * spread;
        this.nodes.set(n.key, { ...n, x: (origin ? origin.x : 0) + Math.cos(angle) * distance, y: (origin ? origin.y : 0) + Math.sin(angle) * distance,
          vx: 0, vy: 0, pinned: false, hidden: false });
        added++;
      }
      for (const e of result.edges) {
        const id = e.a < e.b ? `${e.a}\n${e.b}` : `${e.b}\n${e.a}`;
        // Ends kept as the node objects themselves: a layout step then needs no lookup by key.
        if (!this.edges.has(id) && this.nodes.has(e.a) && this.nodes.has(e.b)) this.edges.set(id, { ...e, from: this.nodes.get(e.a), to: this.nodes.get(e.b) });
      }
      this.heat(added > 0 ? 1 : 0.3);
      return added;
    }

    /** Keys of the network's nodes on the chart (a group's members, not the group itself), to tell the API what is shown. */
    shownKeys() { return [...this.nodes.values()].filter(n => !n.members).map(n => n.key); }

    /** The network node a chart node stands for: itself, or a group's first member (a path runs from it). */
    networkKey(key) { const n = this.nodes.get(key); return n && n.members ? n.members[0] : key; }

    /** Keys of the network's nodes the chart shows, a group standing for its members. */
    visibleKeys() { return this.visible().flatMap(n => n.members || [n.key]); }

    visible() { return this.layout().nodes; }

    /** Edges between shown nodes; an edge of a grouped node is drawn from its group, once per pair. */
    visibleEdges() { return this.layout().edges; }

    layout() {
      if (this.shown) return this.shown;
      const nodes = [...this.nodes.values()].filter(n => !n.hidden);
      const end = n => n.groupedIn ? this.nodes.get(n.groupedIn) : n;
      const edges = [], seen = new Map();
      for (const e of this.edges.values()) {
        const from = end(e.from), to = end(e.to);
        if (from.hidden || to.hidden || from === to) continue;
        if (from === e.from && to === e.to) { edges.push(e); continue; }
        const id = from.key < to.key ? `${from.key}\n${to.key}` : `${to.key}\n${from.key}`;
        const joined = seen.get(id);
        if (joined) { joined.weight = Math.max(joined.weight, e.weight); continue; }
        const edge = { a: from.key, b: to.key, kind: e.kind, weight: e.weight, from, to };
        seen.set(id, edge); edges.push(edge);
      }
      return this.shown = { nodes, edges };
    }

    hide(key) {
      const n = this.nodes.get(key);
      if (n) n.hidden = true;
      if (this.selected === key) this.selected = null;
      this.marked.delete(key);
      this.shown = null;
      this.heat(0.3);
    }

    /** Marks or unmarks a node for grouping. */
    mark(key) {
      if (!this.nodes.has(key)) return;
      if (this.marked.has(key)) this.marked.delete(key); else this.marked.add(key);
      this.draw(); this.onChange();
    }

    /** Groups the marked nodes (two or more; a group's members join the new one) into one node where they were; returns its key. */
    group() {
      const marked = [...this.marked].map(k => this.nodes.get(k)).filter(n => n && !n.hidden);
      if (marked.length < 2) return null;
      const members = marked.flatMap(n => n.members ? n.members.map(k => this.nodes.get(k)) : [n]);
      for (const n of marked.filter(n => n.members)) this.nodes.delete(n.key);
      const kinds = [...new Set(members.map(n => n.kind))];
      const key = `group:${++this.groups}`;
      const node = { key, kind: 'group', label: `${members.length} ${kinds.length === 1 ? kinds[0] + 's' : 'nodes'}: ${members.slice(0, 2).map(n => n.label).join(', ')}${members.length > 2 ? ', …' : ''}`,
        members: members.map(n => n.key), degree: members.reduce((sum, n) => sum + n.degree, 0), centrality: Math.max(...members.map(n => n.centrality || 0)),
        x: members.reduce((sum, n) => sum + n.x, 0) / members.length, y: members.reduce((sum, n) => sum + n.y, 0) / members.length,
        vx: 0, vy: 0, pinned: false, hidden: false };
      for (const n of members) { n.hidden = true; n.groupedIn = key; }
      this.nodes.set(key, node);
      this.marked.clear();
      this.selected = key;
      this.shown = null;
      this.heat(0.3);
      return key;
    }

    /** Takes a group apart: its members come back around where it was. */
    ungroup(key) {
      const node = this.nodes.get(key);
      if (!node || !node.members) return false;
      for (const member of node.members.map(k => this.nodes.get(k))) {
        const angle = Math.random() * 2 * Math.PI;
        Object.assign(member, { hidden: false, groupedIn: undefined, x: node.x + Math.cos(angle) * ideal, y: node.y + Math.sin(angle) * ideal });
      }
      this.nodes.delete(key);
      if (this.selected === key) this.selected = null;
      this.marked.delete(key);
      this.shown = null;
      this.heat(0.3);
      return true;
    }

    /** Marks a path; a grouped node's part of it is drawn on its group. */
    highlight(keys) { this.path = new Set(keys.map(k => this.nodes.get(k)?.groupedIn || k)); this.draw(); }

    /** Colours nodes by the communities given (key → number, 0 the largest), or by kind again when null. */
    colourByCommunity(community) {
      this.byCommunity = community !== null;
      for (const n of this.nodes.values()) n.community = community ? community[n.members ? n.members[0] : n.key] : undefined;
      this.draw();
    }

    heat(alpha) {
      this.alpha = Math.max(this.alpha, alpha);
      this.ticks = 0;
      if (!this.frame) this.frame = requestAnimationFrame(() => this.run());
    }

    get settled() { return this.alpha < 0.02; }

    run() {
      this.frame = 0;
      const started = performance.now();
      // Several ticks per frame while hot, within about 12 ms, so a large chart settles fast and stays responsive. While it
      // moves it is drawn about 20 times a second, not every frame, leaving the frames to the layout.
      do { this.tick(); } while (!this.settled && performance.now() - started < 12);
      if (this.settled && this.fitWhenSettled) this.fit();
      else if (this.settled || started - (this.drawn || 0) >= 50) { this.draw(); this.drawn = started; }
      this.onChange();
      if (!this.settled) this.frame = requestAnimationFrame(() => this.run());
    }

    tick() {
      const nodes = this.visible();
      // Grid cells keyed by a number, not a string: building and reading string keys was most of a step's time.
      const cell = ideal * 2, grid = new Map(), key = (x, y) => x * 65536 + y;
      for (const n of nodes) {
        const id = key(Math.floor(n.x / cell), Math.floor(n.y / cell));
        const members = grid.get(id);
        if (members) members.push(n); else grid.set(id, [n]);
      }
      for (const n of nodes) {
        const cx = Math.floor(n.x / cell), cy = Math.floor(n.y / cell);
        for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
          const members = grid.get(key(cx + dx, cy + dy));
          if (!members) continue;
          for (const m of members) {
            if (m === n) continue;
            let x = n.x - m.x, y = n.y - m.y, d2 = x * x + y * y;
            if (d2 === 0) { x = Math.random() - 0.5; y = Math.random() - 0.5; d2 = x * x + y * y; }
            if (d2 > cell * cell) continue;
            const push = (ideal * ideal) / d2 * 0.05;
            n.vx += x * push; n.vy += y * push;
          }
        }
        n.vx -= n.x * 0.002; n.vy -= n.y * 0.002; // a light pull to the centre keeps components in view
      }
      for (const e of this.visibleEdges()) {
        const a = e.from, b = e.to;
        const x = b.x - a.x, y = b.y - a.y, d = Math.sqrt(x * x + y * y) || 1;
        const pull = (d - ideal) / d * 0.1;
        a.vx += x * pull; a.vy += y * pull; b.vx -= x * pull; b.vy -= y * pull;
      }
      for (const n of nodes) {
        if (n.pinned) { n.vx = n.vy = 0; continue; }
        const limit = ideal * this.alpha;
        n.x += Math.max(-limit, Math.min(limit, n.vx)); n.y += Math.max(-limit, Math.min(limit, n.vy));
        n.vx *= 0.5; n.vy *= 0.5;
      }
      this.alpha *= 0.985;
      this.ticks++;
    }

    /** Sized by degree (neighbours in the whole network) or, with sizeBy 'centrality', by PageRank (1 is average). */
    radius(n) {
      if (n.members) return 6 + Math.min(12, 2 * Math.log2(1 + n.members.length));
      return this.sizeBy === 'centrality' ? 3 + Math.min(12, 3 * Math.log2(1 + (n.centrality || 0))) : 4 + Math.min(10, 1.6 * Math.log2(1 + n.degree));
    }

    draw() {
      const { canvas, context: c, view } = this;
      const ratio = window.devicePixelRatio || 1, width = canvas.clientWidth, height = canvas.clientHeight;
      if (canvas.width !== width * ratio || canvas.height !== height * ratio) { canvas.width = width * ratio; canvas.height = height * ratio; }
      c.setTransform(ratio, 0, 0, ratio, 0, 0);
      c.clearRect(0, 0, width, height);
      c.translate(width / 2 + view.x, height / 2 + view.y);
      c.scale(view.scale, view.scale);
      for (const e of this.visibleEdges()) {
        const a = e.from, b = e.to, onPath = this.path.has(e.a) && this.path.has(e.b);
        c.strokeStyle = onPath ? '#d62728' : 'rgba(80,90,110,0.35)';
        c.lineWidth = (onPath ? 3 : 0.5 + Math.min(3, e.weight)) / view.scale;
        c.beginPath(); c.moveTo(a.x, a.y); c.lineTo(b.x, b.y); c.stroke();
      }
      const nodes = this.visible();
      for (const n of nodes) {
        // By community: the ten largest get a colour each, the rest (and nodes added since) grey.
        c.fillStyle = this.byCommunity ? (n.community !== undefined && n.community < groups.length ? groups[n.community] : '#c8ccd2') : colour(n.kind);
        c.beginPath(); c.arc(n.x, n.y, this.radius(n), 0, 2 * Math.PI); c.fill();
        if (n.key === this.selected || this.path.has(n.key) || this.marked.has(n.key) || n.members) {
          c.strokeStyle = n.key === this.selected ? '#111' : this.path.has(n.key) ? '#d62728' : this.marked.has(n.key) ? '#ff7f0e' : '#1d2330';
          c.lineWidth = (this.marked.has(n.key) || n.key === this.selected ? 2 : 1) / view.scale;
          if (this.marked.has(n.key)) c.setLineDash([3 / view.scale, 2 / view.scale]);
          c.stroke(); c.setLineDash([]);
        }
      }
      c.fillStyle = '#1d2330';
      c.font = `${12 / view.scale}px system-ui, sans-serif`;
      // Labels when there is room for them, and only for nodes on the screen: 2,000 labels drawn over each other read as
      // nothing and took most of a frame (a frame of 2,000 nodes took 2 ms without them and 14 with; chart benchmark).
      const left = (-width / 2 - view.x) / view.scale, right = (width / 2 - view.x) / view.scale;
      const top = (-height / 2 - view.y) / view.scale, bottom = (height / 2 - view.y) / view.scale;
      const onScreen = nodes.filter(n => n.x >= left && n.x <= right && n.y >= top && n.y <= bottom);
      const labelAll = onScreen.length <= 300 && nodes.length * view.scale * view.scale < 400;
      for (const n of labelAll ? onScreen : nodes)
        if (labelAll || n.key === this.selected || this.path.has(n.key))
          c.fillText(n.label.length > 40 ? n.label.slice(0, 39) + '…' : n.label, n.x + this.radius(n) + 2, n.y + 4);
    }

    toChart(event) {
      const rect = this.canvas.getBoundingClientRect(), v = this.view;
      return { x: (event.clientX - rect.left - rect.width / 2 - v.x) / v.scale, y: (event.clientY - rect.top - rect.height / 2 - v.y) / v.scale };
    }

    nodeAt(event) {
      const p = this.toChart(event);
      let best = null, bestDistance = Infinity;
      for (const n of this.visible()) {
        const d = Math.hypot(n.x - p.x, n.y - p.y);
        if (d <= this.radius(n) + 3 / this.view.scale && d < bestDistance) { best = n; bestDistance = d; }
      }
      return best;
    }

    select(key) { this.selected = key; this.draw(); this.onChange(); }

    listen() {
      let drag = null;
      this.canvas.addEventListener('pointerdown', event => {
        const n = this.nodeAt(event);
        drag = { node: n, x: event.clientX, y: event.clientY, moved: false, shift: event.shiftKey };
        this.canvas.setPointerCapture(event.pointerId);
      });
      this.canvas.addEventListener('pointermove', event => {
        if (!drag) return;
        const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
        if (!drag.moved && Math.hypot(dx, dy) < 3) return;
        drag.moved = true;
        if (drag.node) {
          const p = this.toChart(event);
          Object.assign(drag.node, { x: p.x, y: p.y, pinned: true });
          this.heat(0.1);
        } else {
          this.view.x += dx; this.view.y += dy; drag.x = event.clientX; drag.y = event.clientY;
          this.fitWhenSettled = false;
          this.draw();
        }
      });
      this.canvas.addEventListener('pointerup', () => {
        if (drag && !drag.moved && drag.shift && drag.node) this.mark(drag.node.key);
        else if (drag && !drag.moved) this.select(drag.node ? drag.node.key : null);
        drag = null;
      });
      this.canvas.addEventListener('dblclick', event => {
        const n = this.nodeAt(event);
        if (n) this.canvas.dispatchEvent(new CustomEvent('expand', { detail: n.key }));
      });
      this.canvas.addEventListener('wheel', event => {
        event.preventDefault();
        const factor = Math.exp(-event.deltaY * 0.0015), rect = this.canvas.getBoundingClientRect();
        const mx = event.clientX - rect.left - rect.width / 2, my = event.clientY - rect.top - rect.height / 2;
        this.view.x = mx - (mx - this.view.x) * factor; this.view.y = my - (my - this.view.y) * factor;
        this.view.scale *= factor;
        this.fitWhenSettled = false;
        this.draw();
      }, { passive: false });
    }

    /** Scales and centres the view on the visible nodes. */
    fit() {
      const nodes = this.visible();
      if (!nodes.length) return;
      const xs = nodes.map(n => n.x), ys = nodes.map(n => n.y);
      const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const scale = Math.min(this.canvas.clientWidth / (maxX - minX + 80), this.canvas.clientHeight / (maxY - minY + 80), 2);
      this.view = { scale, x: -(minX + maxX) / 2 * scale, y: -(minY + maxY) / 2 * scale };
      this.draw();
    }
  }

  return { Chart, colour };
})();
