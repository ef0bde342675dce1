// An entity's movement, drawn on canvases: a map of its places (country outlines from Natural Earth, shipped with the
// app as world.json; places from Minerva's gazetteer) with its moves in time order, and a timeline with one row per
// place. Place names come from records, so they are only ever drawn as canvas text, never parsed as markup.
'use strict';

const MinervaMap = (() => {
  const circuitColour = '#d62728';
  const ink = '#1d2330';

  /** A canvas sized to its box in CSS pixels, drawn at the screen's density. */
  function context(canvas) {
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = canvas.getBoundingClientRect();
    canvas.width = Math.max(1, Math.round(width * ratio));
    canvas.height = Math.max(1, Math.round(height * ratio));
    const c = canvas.getContext('2d');
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { c, width, height };
  }

  /**
   * The map: an equirectangular view fitted to the places (at least 12° across, so one city still shows its country),
   * country outlines, every move as a line (later moves darker), every place as a dot (red when in a circuit, hollow
   * when only its country is known) with its name.
   */
  function drawMap(canvas, world, movement) {
    const { c, width, height } = context(canvas);
    const placed = movement.timeline.filter(s => s.latitude !== null);
    c.fillStyle = '#eef3f8';
    c.fillRect(0, 0, width, height);
    let [west, east, south, north] = placed.length === 0 ? [-180, 180, -60, 80]
      : [Math.min(...placed.map(s => s.longitude)), Math.max(...placed.map(s => s.longitude)),
        Math.min(...placed.map(s => s.latitude)), Math.max(...placed.map(s => s.latitude))];
    const grow = (low, high, least) => { const middle = (low + high) / 2, half = Math.max(least, high - low) * 0.6; return [middle - half, middle + half]; };
    [west, east] = grow(west, east, 12);
    [south, north] = grow(south, north, 8);
    const scale = Math.min(width / (east - west), height / (north - south));
    const x = lon => width / 2 + (lon - (west + east) / 2) * scale;
    const y = lat => height / 2 - (lat - (south + north) / 2) * scale;
    c.fillStyle = '#ffffff';
    c.strokeStyle = '#b8c2cf';
    c.lineWidth = 0.7;
    for (const country of world.countries) {
      c.beginPath();
      for (const ring of country.rings) {
        for (let i = 0; i < ring.length; i += 2) (i === 0 ? c.moveTo : c.lineTo).call(c, x(ring[i]), y(ring[i + 1]));
        c.closePath();
      }
      c.fill('evenodd');
      c.stroke();
    }
    const at = new Map(placed.map(s => [s.record, s]));
    movement.moves.forEach((m, i) => {
      const a = at.get(m.from), b = at.get(m.to);
      if (!a || !b) return;
      c.strokeStyle = `rgba(29, 35, 48, ${0.25 + 0.6 * (i + 1) / movement.moves.length})`;
      c.lineWidth = 1.5;
      c.beginPath();
      c.moveTo(x(a.longitude), y(a.latitude));
      c.lineTo(x(b.longitude), y(b.latitude));
      c.stroke();
    });
    const places = new Map();
    for (const s of placed) {
      const p = places.get(s.place) || { ...s, count: 0, circuit: false };
      p.count++;
      p.circuit = p.circuit || s.circuit !== null;
      places.set(s.place, p);
    }
    c.font = '12px system-ui, sans-serif';
    for (const p of places.values()) {
      const r = 3 + Math.min(6, Math.sqrt(p.count));
      c.beginPath();
      c.arc(x(p.longitude), y(p.latitude), r, 0, 2 * Math.PI);
      c.fillStyle = p.circuit ? circuitColour : '#4e79a7';
      c.strokeStyle = c.fillStyle;
      c.lineWidth = 2;
      if (p.country_only) c.stroke(); else c.fill();
      c.fillStyle = ink;
      c.fillText(`${p.place} (${p.count})`, x(p.longitude) + r + 3, y(p.latitude) + 4);
    }
    // The sources' credit (GeoNames asks for it: CC BY 4.0).
    c.font = '10px system-ui, sans-serif';
    c.fillStyle = '#667085';
    const credit = 'outlines: Natural Earth · places: GeoNames';
    c.fillText(credit, width - c.measureText(credit).width - 4, height - 4);
    return places.size;
  }

  /** The timeline: time across, one row per place in order of first appearance, circuits shaded. */
  function drawTimeline(canvas, movement) {
    const { c, width, height } = context(canvas);
    const t = movement.timeline;
    c.clearRect(0, 0, width, height);
    if (t.length === 0) return;
    const rows = [...new Set(t.map(s => s.place))];
    const start = Date.parse(t[0].time), end = Math.max(Date.parse(t[t.length - 1].time), start + 86_400_000);
    const left = 150, right = 12, top = 8, bottom = 22;
    const rowHeight = Math.max(10, (height - top - bottom) / rows.length);
    const x = time => left + (Date.parse(time) - start) / (end - start) * (width - left - right);
    const y = place => top + (rows.indexOf(place) + 0.5) * rowHeight;
    c.fillStyle = 'rgba(214, 39, 40, 0.12)';
    for (const circuit of movement.circuits) c.fillRect(x(circuit.from), top, Math.max(3, x(circuit.to) - x(circuit.from)), rowHeight * rows.length);
    c.font = '12px system-ui, sans-serif';
    c.fillStyle = ink;
    c.textBaseline = 'middle';
    for (const place of rows) c.fillText(place.length > 22 ? place.slice(0, 21) + '…' : place, 4, y(place));
    c.strokeStyle = '#d9dee7';
    c.beginPath();
    c.moveTo(left, height - bottom);
    c.lineTo(width - right, height - bottom);
    c.stroke();
    c.fillStyle = '#667085';
    c.fillText(t[0].time.slice(0, 10), left, height - bottom / 2);
    const last = t[t.length - 1].time.slice(0, 10);
    c.fillText(last, width - right - c.measureText(last).width, height - bottom / 2);
    for (const s of t) {
      c.beginPath();
      c.arc(x(s.time), y(s.place), 3.5, 0, 2 * Math.PI);
      c.fillStyle = s.circuit !== null ? circuitColour : '#4e79a7';
      c.fill();
    }
  }

  return { drawMap, drawTimeline };
})();
