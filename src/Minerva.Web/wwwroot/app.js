// Minerva's local UI. Everything shown comes from records written by the people under investigation, so nothing from
// the API is ever parsed as markup: elements are built here and record text is only ever a text node. No external
// script, style or font; the server's Content-Security-Policy forbids them and inline script alike.
'use strict';

const view = document.getElementById('view');

/** An element with attributes and children; a string child becomes a text node, never markup. */
function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A link inside the app (the only kind it makes: a record's own URL is shown as text, not followed). */
function link(hash, ...children) { return el('a', { href: '#' + hash }, ...children); }

/** A record key in a path: each part encoded, the '/' of ids such as insta/name kept. */
function keyPath(key) { return key.split('/').map(encodeURIComponent).join('/'); }

function day(time) { return time ? String(time).slice(0, 10) : ''; }

/** A time to the minute, as the ledger and the ingest runs list it (2024-05-01 13:45). */
function minute(time) { return time ? String(time).slice(0, 16).replace('T', ' ') : ''; }

/** Saves a blob the page made (a GEXF, a PNG) as a download. */
function download(blob, name) {
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Replaces the view; nested lists of nodes are flattened and empty parts left out. */
function show(...nodes) { view.replaceChildren(...nodes.flat(Infinity).filter(n => n !== null && n !== undefined)); }

let antiforgery = null;

/** The token every POST carries (the server refuses a POST without it); asked for once per page load. */
function antiforgeryToken() {
  antiforgery = antiforgery || fetch('/api/antiforgery', { credentials: 'same-origin' })
    .then(r => r.ok ? r.json() : Promise.reject(new Error(`${r.status} ${r.statusText}`))).then(b => b.token)
    .catch(error => { antiforgery = null; throw error; });
  return antiforgery;
}

/** A request to the API; with a payload, a POST of it as JSON. Returns the response, or throws the server's reason. */
async function request(path, payload) {
  const options = { credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (payload !== undefined) {
    Object.assign(options, { method: 'POST', body: JSON.stringify(payload),
      headers: { ...options.headers, 'Content-Type': 'application/json', 'X-Minerva-Antiforgery': await antiforgeryToken() } });
  }
  const response = await fetch(path, options);
  // A team server's session ended (idle, logged out, account disabled): back to its login page.
  if (response.status === 401 && response.headers.get('X-Minerva-Login')) { location.href = response.headers.get('X-Minerva-Login'); return response; }
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    throw new Error(body && body.error ? body.error : `${response.status} ${response.statusText}`);
  }
  return response;
}

async function api(path, payload) { return (await request(path, payload)).json(); }

/** Runs of text: a matched word as <mark>, a selector as a link to everything holding it. */
function parts(runs) {
  return (runs || []).map(run => {
    if (!run.mark) return run.text;
    if (run.mark === 'match') return el('mark', {}, run.text);
    return el('a', { class: 'selector', href: '#/search?q=' + encodeURIComponent(run.mark), title: run.mark }, run.text);
  });
}

function table(headings, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, headings.map(h => el('th', {}, h)))),
    el('tbody', {}, rows.map(cells => el('tr', {}, cells.map(c => el('td', {}, c))))));
}

/** The line under the header where long work (a resolution) reports, and what it changed: it outlives the page shown. */
const notice = document.getElementById('notice');

function say(text, kind) { notice.className = kind || ''; notice.textContent = text; }

/** Re-resolves the workspace and follows it; when it ends, the page is drawn again from the new entities. Whatever goes
 * wrong is said on the notice line. */
async function reresolve(options) {
  try {
    let status = await api('/api/resolve', options || {});
    while (status.state === 'running') {
      say(`re-resolving: ${status.stage || 'starting'}, ${Math.round(100 * status.fraction)} %`);
      await new Promise(resolve => setTimeout(resolve, 300));
      status = await api('/api/resolve');
    }
    if (status.state !== 'done') { say(`the resolution ${status.state}: ${status.error || ''}`, 'error'); return; }
    const r = status.report;
    say(`resolved (${r.mode}): ${r.entities} entities, ${r.multi_record_entities} with two or more records; the page shows them`, 'done');
  } catch (error) {
    say(error.message, 'error');
    return;
  }
  await route();
}

function resolveButton() {
  const b = el('button', { type: 'button', class: 'resolve' }, 'Re-resolve now');
  b.addEventListener('click', () => reresolve());
  return b;
}

/**
 * Decisions on records: each button's work gets the reason (required, kept with who and when) and returns what it
 * recorded; the form then offers to re-resolve, which is when the entities change.
 */
function decideForm(buttons) {
  const reason = el('input', { id: 'decide-reason', placeholder: 'why (kept with the decision)', 'aria-label': 'reason' });
  const message = el('p', { id: 'decide-message', role: 'status' });
  return el('div', { class: 'decide' }, reason, buttons.map(([id, text, work]) => {
    const b = el('button', { type: 'button', id }, text);
    b.addEventListener('click', async () => {
      try {
        // Said here, before a request: the server would refuse it (400) for the same reason.
        if (!reason.value.trim()) throw new Error('say why: the decision is kept with who made it, when and why');
        const recorded = await work(reason.value.trim());
        message.className = '';
        message.replaceChildren(recorded, ' ', resolveButton());
      } catch (error) {
        message.className = 'error';
        message.textContent = error.message;
      }
    });
    return b;
  }), message);
}

async function mark(a, b, same, reason) {
  const d = await api('/api/decisions', { a, b, same, reason });
  return `decision ${d.id}: ${d.a} and ${d.b} ${d.same ? 'are the same person' : 'are not the same person'}.`;
}

/** The search parameters the UI carries in its hash and passes to the API. */
const searchKeys = ['q', 'source', 'location', 'from', 'to', 'offset'];

/** A search hash: these parameters with some changed (null removes one); a new filter starts again at the first page. */
function searchHash(params, changes) {
  const next = new URLSearchParams();
  for (const name of [...searchKeys, 'fuzzy']) if (params.get(name)) next.set(name, params.get(name));
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) next.delete(name); else next.set(name, value);
  }
  if (!('offset' in changes)) next.delete('offset');
  return '/search?' + next;
}

function nextMonth(month) {
  const [year, m] = month.split('-').map(Number);
  return m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Facet lists: each value a link that narrows the search to it, with its count (a meter, no inline style). */
function facets(f, params) {
  const q = params.get('q') || '';
  const group = (title, values, change) => values.length === 0 ? null : el('section', { class: 'facet' }, el('h2', {}, title),
    el('ul', {}, values.map(v => el('li', {}, link(searchHash(params, change(v)), v.value), ' ', el('span', { class: 'muted' }, String(v.count))))));
  const most = Math.max(1, ...f.months.map(m => m.count));
  return el('aside', { class: 'facets', 'aria-label': 'facets' },
    group('source', f.sources, v => ({ source: v.value })),
    group('country', f.countries, v => ({ location: v.value })),
    group('place', f.places, v => ({ location: v.value })),
    group('holds', f.kinds, v => ({ q: `${q} has:${v.value}`.trim() })),
    f.months.length === 0 ? null : el('section', { class: 'facet' }, el('h2', {}, 'month'),
      el('ul', { class: 'months' }, f.months.map(m => el('li', {}, link(searchHash(params, { from: m.value + '-01', to: nextMonth(m.value) }), m.value), ' ',
        el('meter', { min: 0, max: most, value: m.count, title: String(m.count) }), ' ', el('span', { class: 'muted' }, String(m.count)))))));
}

async function search(params) {
  const q = params.get('q') || '';
  document.getElementById('q').value = q;
  document.getElementById('fuzzy').checked = params.get('fuzzy') === '1';
  const filtered = ['source', 'location', 'from', 'to'].some(name => params.get(name));
  if (!q.trim() && !filtered) { show(el('p', { class: 'muted' }, 'Search words, "a phrase", or a selector: phone:, email:, handle:, wallet:, url:, domain:.')); return; }
  const pageSize = 50;
  const query = new URLSearchParams({ q, limit: String(pageSize) });
  for (const name of ['source', 'location', 'from', 'to', 'offset']) if (params.get(name)) query.set(name, params.get(name));
  if (params.get('fuzzy') === '1') query.set('fuzzy', 'true');
  // The hits first; the facets, which count every match (about 0.1 s for a word in a third of 1M ads), fill in after.
  const result = await api('/api/search?' + query);
  query.set('facets', 'true');
  query.set('limit', '1');
  query.delete('offset');
  const offset = result.offset || 0;
  const filters = ['source', 'location', 'from', 'to'].filter(name => params.get(name))
    .map(name => el('span', { class: 'filter' }, `${name}: ${params.get(name)} `, link(searchHash(params, { [name]: null }), '×')));
  const pages = el('nav', { class: 'pages', 'aria-label': 'pages' },
    offset > 0 ? link(searchHash(params, { offset: String(Math.max(0, offset - pageSize)) }), '← previous') : null, ' ',
    offset + result.hits.length < result.total ? link(searchHash(params, { offset: String(offset + pageSize) }), 'next →') : null);
  show(el('div', { class: 'search-layout' },
    el('div', {},
      el('h1', {}, result.hits.length === 0 ? 'no results' : `results ${offset + 1}–${offset + result.hits.length} of ${result.total}`),
      filters.length ? el('p', { class: 'filters' }, filters) : null,
      result.hits.map(hit => el('div', { class: 'hit' },
        el('div', {}, link('/record/' + keyPath(hit.record), hit.title || hit.record)),
        el('div', { class: 'meta' }, [hit.record, day(hit.observed_at), hit.location || hit.country || '',
          hit.score ? `score ${hit.score.toFixed(2)}` : ''].filter(Boolean).join(' · '), ' ',
          hit.entity ? link('/entity/' + hit.entity, `E${hit.entity}`) : null),
        el('div', {}, parts(hit.snippet)))),
      pages,
      /^(phone|email|handle|wallet|url|domain):\S+$/.test(q.trim()) ? withWork('selector', q.trim()) : null,
      el('section', { id: 'casework-hits' })),
    el('aside', { class: 'facets', 'aria-label': 'facets', 'aria-busy': 'true' }, el('p', { class: 'muted' }, 'counting…'))));
  if (q.trim()) caseworkHits(q);
  const shown = location.hash;
  try {
    const counted = await api('/api/search?' + query);
    if (location.hash !== shown) return; // the user has moved on
    view.querySelector('aside.facets').replaceWith(facets(counted.facets, params));
  } catch (error) {
    // The hits stay; only the facets say they could not be counted.
    if (location.hash === shown) view.querySelector('aside.facets').replaceChildren(el('p', { class: 'error', role: 'alert' }, error.message));
  }
}

/** What investigators wrote that holds the query's words: notes, tags and cases, under the search results. */
async function caseworkHits(q) {
  const shown = location.hash;
  let hits;
  try { hits = await api('/api/casework/find?' + new URLSearchParams({ q, limit: '20' })); } catch { return; } // a query of no words finds no notes
  const box = view.querySelector('#casework-hits');
  if (location.hash !== shown || !box || hits.length === 0) return;
  box.replaceChildren(el('h2', {}, `In notes, tags and cases (${hits.length})`),
    table(['', 'on', 'text', 'by', 'when'], hits.map(h => [h.kind, subjectLink(h.subject), h.text, h.by, minute(h.at)])));
}

async function record(key) {
  const r = await api('/api/records/' + keyPath(key));
  show(el('h1', {}, r.key),
    el('p', { class: 'muted' }, [day(r.observed_at), [r.location, r.country].filter(Boolean).join(', '), r.author, r.platform].filter(Boolean).join(' · '),
      ' ', r.entity ? link('/entity/' + r.entity, `entity E${r.entity}`) : 'no entity yet', ' · ', chartLink('record:' + r.key, 'chart')),
    r.title.length ? el('h2', {}, parts(r.title)) : null,
    el('div', { class: 'text' }, parts(r.text)),
    r.url ? el('p', { class: 'muted' }, 'source URL (not opened): ', el('code', {}, r.url)) : null,
    el('h2', {}, 'Selectors'),
    table(['kind', 'value', 'as written', 'records', 'note', ''], r.selectors.map(s => [s.kind,
      link('/search?q=' + encodeURIComponent(`${s.kind}:${s.value}`), s.value), s.original, String(s.holders), s.note || '', chartLink(`${s.kind}:${s.value}`, 'chart')])),
    el('div', { id: 'photos' }),
    withWork('record', r.key),
    el('p', { class: 'muted' }, `from ${r.origin}; stored ${day(r.ingested_at)}` + (r.revisions ? `; ${r.revisions} earlier version(s)` : '')));
  const shown = location.hash;
  const photos = await api('/api/photos?' + new URLSearchParams({ record: r.key }));
  if (location.hash !== shown || photos.length === 0) return;
  view.querySelector('#photos').replaceChildren(el('h2', {}, 'Photos'),
    el('div', { class: 'photos' }, photos.map(p => photoFigure(p, [el('br'), link('/photo?' + photoId(p), 're-posts')]))));
}

/** A photo's id as query parameters: its record and attachment (the file is served by it, never by a path). */
function photoId(p) { return new URLSearchParams({ record: p.record, attachment: String(p.attachment) }); }

/** A photo with its facts: file, format, size, PDQ quality and hash. */
function photoFigure(p, ...extra) {
  return el('figure', { class: 'photo' }, el('img', { src: '/api/photos/file?' + photoId(p), alt: p.file, loading: 'lazy' }),
    el('figcaption', {}, `${p.file} · ${p.format} ${p.width}×${p.height} · quality ${p.quality}${p.reliable ? '' : ' (unreliable: links nothing)'}`,
      el('br'), el('code', { class: 'pdq' }, p.pdq), extra));
}

async function photo(params) {
  const x = await api('/api/photos/reposts?' + new URLSearchParams({ record: params.get('record') || '', attachment: params.get('attachment') || '0' }));
  const entityLink = e => e ? link('/entity/' + e, `E${e}`) : 'no entity';
  show(el('h1', {}, `Photo ${x.photo.attachment} of ${x.photo.record}`),
    el('p', {}, link('/record/' + keyPath(x.photo.record), 'the record'), ' · ', entityLink(x.entity)),
    el('div', { class: 'photos' }, photoFigure(x.photo)),
    el('h2', { id: 'reposts-heading' }, x.reposts.length === 0 ? `No re-post within ${x.radius} bits among ${x.compared} photos`
      : `${x.reposts.length} re-post${x.reposts.length === 1 ? '' : 's'} within ${x.radius} bits of 256, nearest first (${x.compared} photos compared)`),
    el('div', { class: 'photos', id: 'reposts' }, x.reposts.map(r => photoFigure(r.photo, el('br'),
      el('strong', {}, `${r.distance} bits`), r.form === 'original' ? '' : ` as ${r.form}`, ' · ',
      link('/record/' + keyPath(r.photo.record), r.photo.record), ' · ', entityLink(r.entity)))));
}

/** The records ticked in the members table; exactly <count> of them, or the reason why not. */
function picked(count) {
  const keys = [...view.querySelectorAll('input.pick:checked')].map(box => box.value);
  if (keys.length !== count) throw new Error(`select ${count === 1 ? 'one record' : count + ' records'} (${keys.length} selected)`);
  return keys;
}

async function entity(id) {
  const e = await api('/api/entities/' + encodeURIComponent(id));
  show(el('h1', {}, `E${e.id}: ${e.records} record${e.records === 1 ? '' : 's'}`, e.first ? `, ${day(e.first)} to ${day(e.last)}` : ''),
    el('p', {}, chartLink(`entity:E${e.id}`, 'open in the link chart')),
    withWork('entity', `E${e.id}`),
    el('p', {}, e.places.slice(0, 10).map(p => `${p.place} (${p.records})`).join('; ')),
    el('h2', {}, 'Movement'),
    el('div', { id: 'movement', 'aria-busy': 'true' }, el('p', { class: 'muted' }, 'placing…')),
    el('h2', {}, 'Selectors'),
    table(['kind', 'value', 'records'], e.selectors.slice(0, 50).map(s => [s.kind, link('/search?q=' + encodeURIComponent(`${s.kind}:${s.value}`), s.value), String(s.records)])),
    el('h2', {}, 'Members'),
    table(['', 'record', 'observed', 'title', 'location'], e.members.slice(0, 200).map(m => [
      el('input', { type: 'checkbox', class: 'pick', value: m.record, 'aria-label': 'select ' + m.record }),
      link('/record/' + keyPath(m.record), m.record), day(m.observed_at), m.title || '', m.location || ''])),
    el('p', { class: 'muted' }, 'Select two records to say whether they are one person, or one record to split it out of this entity.'),
    decideForm([
      ['decide-not-same', 'Not the same person', reason => { const [a, b] = picked(2); return mark(a, b, false, reason); }],
      ['decide-same', 'The same person', reason => { const [a, b] = picked(2); return mark(a, b, true, reason); }],
      ['decide-split', 'Split out', async reason => {
        const [a] = picked(1);
        const made = await api('/api/decisions/split', { a, reason });
        return `${made.length} decision(s): ${a} is not the same person as the other records of E${e.id}.`;
      }]]),
    el('h2', {}, 'Strongest evidence'),
    table(['record', 'record', 'bits', 'evidence', ''], e.strongest_links.map(l => [l.a, l.b, l.weight.toFixed(1), l.evidence,
      link('/why?' + new URLSearchParams({ a: l.a, b: l.b }), 'why?')])));
  const shown = location.hash;
  try {
    const [m, world] = await Promise.all([api(`/api/entities/${encodeURIComponent(id)}/movement`), worldMap()]);
    if (location.hash === shown) movement(m, world);
  } catch (error) {
    if (location.hash === shown) view.querySelector('#movement').replaceChildren(el('p', { class: 'error', role: 'alert' }, error.message));
  }
}

let world = null;

/** Country outlines for the map, shipped with the app; fetched once per page load. */
function worldMap() {
  world = world || api('/world.json').catch(error => { world = null; throw error; });
  return world;
}

/** An entity's movement: what it adds up to, the map, the timeline, its circuits, and every sighting. */
function movement(m, worldShapes) {
  const box = view.querySelector('#movement');
  box.removeAttribute('aria-busy');
  if (m.timeline.length === 0) {
    box.replaceChildren(el('p', { class: 'muted' }, `No member has both a time and a place (${m.without_time_or_place} without).`));
    return;
  }
  const km = m.moves.reduce((sum, move) => sum + (move.kilometres || 0), 0);
  const places = new Set(m.timeline.map(s => s.place)).size;
  const map = el('canvas', { id: 'movement-map', 'aria-label': 'map of the places' });
  const timeline = el('canvas', { id: 'movement-timeline', 'aria-label': 'timeline by place' });
  const moved = new Map(m.moves.map(move => [move.to, move]));
  box.replaceChildren(
    el('p', { id: 'movement-summary' }, `${m.timeline.length} sightings in ${places} places, ${m.moves.length} moves` +
      (km > 0 ? `, ${Math.round(km).toLocaleString('en')} km between cities` : '') +
      (m.without_time_or_place ? `; ${m.without_time_or_place} members without a time or place` : '') +
      (m.unplaced ? `; ${m.unplaced} sightings in places the gazetteer does not know (not on the map)` : '')),
    m.circuits.length === 0 ? el('p', { class: 'muted' }, 'No circuit flag (3+ places within 30 days).')
      : el('ul', { id: 'circuits' }, m.circuits.map(c => el('li', { class: 'circuit' },
        `circuit: ${c.places.length} places in ${Math.round((Date.parse(c.to) - Date.parse(c.from)) / 86_400_000)} days (${day(c.from)} to ${day(c.to)}): ${c.places.join(' → ')}`))),
    el('div', { class: 'movement-views' }, map, timeline),
    table(['when', 'place', 'record', 'km moved', 'circuit'], m.timeline.slice(0, 500).map(s => [day(s.time), s.place + (s.latitude === null ? ' (not on the map)' : ''),
      link('/record/' + keyPath(s.record), s.record), moved.has(s.record) ? (moved.get(s.record).kilometres ?? '?') : '', s.circuit === null ? '' : String(s.circuit + 1)])));
  MinervaMap.drawMap(map, worldShapes, m);
  MinervaMap.drawTimeline(timeline, m);
}

async function why(params) {
  const a = el('input', { name: 'a', placeholder: 'record key, e.g. gen:ad-0000001', value: params.get('a') || '' });
  const b = el('input', { name: 'b', placeholder: 'another record key', value: params.get('b') || '' });
  const form = el('form', { class: 'why-form' }, a, b, el('button', { type: 'submit' }, 'Why?'));
  form.addEventListener('submit', event => { event.preventDefault(); location.hash = '/why?' + new URLSearchParams({ a: a.value.trim(), b: b.value.trim() }); });
  if (!params.get('a') || !params.get('b')) { show(el('h1', {}, 'Why are two records linked — or not?'), form); return; }
  const x = await api('/api/why?' + new URLSearchParams({ a: params.get('a'), b: params.get('b') }));
  show(el('h1', {}, `${x.a} and ${x.b}`), form,
    table(['comparison', 'level', 'bits', 'adjustment', 'shared'], [['prior', '', x.prior.toFixed(2), '', ''],
      ...x.comparisons.map(c => [c.name, c.level, c.weight.toFixed(2), c.frequency_adjustment ? c.frequency_adjustment.toFixed(2) : '', c.shared.join(', ')]),
      ['total', '', x.total.toFixed(2), '', `threshold ${x.threshold}`]]),
    x.path.length > 1 ? [el('h2', {}, 'Chain of links'), table(['from', 'to', 'bits', 'evidence'],
      x.path.map(l => [l.a, l.b, l.weight.toFixed(1), l.evidence]))] : null,
    el('p', { id: 'verdict' }, x.verdict),
    decideForm([
      ['decide-not-same', 'Not the same person', reason => mark(x.a, x.b, false, reason)],
      ['decide-same', 'The same person', reason => mark(x.a, x.b, true, reason)]]));
}

async function decisions() {
  const all = await api('/api/decisions');
  const train = el('input', { type: 'checkbox', id: 'train' });
  const run = el('button', { type: 'button', id: 'resolve-all' }, 'Re-resolve');
  run.addEventListener('click', () => reresolve({ train_on_decisions: train.checked }));
  show(el('h1', {}, `${all.length} decision${all.length === 1 ? '' : 's'}`),
    el('p', { class: 'muted' }, 'Every resolution keeps to the latest decision on a pair.'),
    el('p', {}, run, ' ', el('label', {}, train, ' also calibrate the model with them (a full run)')),
    table(['#', 'record', 'record', 'decision', 'by', 'when', 'why', ''], all.map(d => [String(d.id),
      link('/record/' + keyPath(d.a), d.a), link('/record/' + keyPath(d.b), d.b), d.same ? 'same' : 'not the same', d.by, day(d.at), d.reason,
      link('/why?' + new URLSearchParams({ a: d.a, b: d.b }), 'why?')])));
}

async function workspacePage() {
  const w = await api('/api/workspace');
  const s = w.stats;
  const entries = o => Object.entries(o || {});
  show(el('h1', {}, 'Workspace'),
    el('p', { id: 'workspace-counts' }, `${w.location}: ${s.records} records, ${s.selectors} selectors, ${s.quarantined} quarantined inputs (schema ${s.schema_version})`),
    el('div', { class: 'two-tables' },
      table(['source', 'records'], entries(s.records_by_source).map(([source, n]) => [link('/search?' + new URLSearchParams({ source }), source), String(n)])),
      table(['selector kind', 'occurrences', 'distinct'], entries(s.selectors_by_kind).map(([kind, n]) =>
        [link('/search?' + new URLSearchParams({ q: `has:${kind}` }), kind), String(n), String((s.distinct_selectors_by_kind || {})[kind] || 0)]))),
    el('h2', {}, `Ingest runs (newest ${w.runs.length})`),
    table(['source', 'connector', 'inputs', 'started', 'seconds', 'read', 'new', 'updated', 'duplicate', 'quarantined'], w.runs.map(r => [r.source, r.connector,
      r.inputs.join(', '), minute(r.started), ((Date.parse(r.finished) - Date.parse(r.started)) / 1000).toFixed(1),
      String(r.read), String(r.ingested), String(r.updated), String(r.duplicate), String(r.quarantined)])),
    el('h2', {}, `Quarantine (newest ${w.quarantine.length} of ${s.quarantined})`),
    w.quarantine.length === 0 ? el('p', { class: 'muted' }, 'Nothing rejected.') :
      table(['source', 'file', 'where', 'reason', 'input as read'], w.quarantine.map(q => [q.source, q.file, q.location, q.reason,
        q.payload ? el('code', { class: 'payload' }, q.payload.length > 300 ? q.payload.slice(0, 300) + '…' : q.payload) : ''])));
}

async function ledger(params) {
  const dataset = params.get('dataset') || 'cases';
  const l = await api('/api/ledger?' + new URLSearchParams({ dataset }));
  const g = x => (x === null || x === undefined) ? '' : Number(x).toPrecision(4);
  show(el('h1', {}, `Privacy ledger: ${l.dataset}`),
    el('p', { class: 'muted' }, 'Read-only: budgets are set and releases made from the command line (minerva budget, minerva release).'),
    l.budget === null ? el('p', { id: 'ledger-state' }, `No budget set for '${l.dataset}': releases are refused until one is.`)
      : el('p', { id: 'ledger-state' }, `budget ε = ${g(l.budget.epsilon)}, δ = ${l.budget.delta} (ρ = ${g(l.total_rho)}); spent ρ = ${g(l.spent_rho)} (ε = ${g(l.spent_epsilon)}); left ρ = ${g(l.remaining_rho)}`),
    el('h2', {}, `Releases (${l.releases.length})`),
    table(['#', 'when', 'ρ', 'δ outright', 'purpose', 'status', 'manifest SHA-256'], l.releases.map(r => [String(r.id), minute(r.at),
      g(r.rho), r.delta ? String(r.delta) : '0', r.purpose, r.status, el('code', {}, r.manifest_sha256 || '')])),
    el('h2', {}, 'Budget changes'),
    table(['when', 'ε', 'δ', 'before', 'reason'], l.changes.map(c => [minute(c.at), g(c.epsilon), String(c.delta),
      c.previous_epsilon === null ? '' : `ε ${g(c.previous_epsilon)}, δ ${c.previous_delta}`, c.reason])));
}

/** The team page: the user's tokens (make, revoke); for a lead, the team's users and the tenant's audit trail. */
async function teamPage() {
  const act = (text, work) => {
    const b = el('button', { type: 'button' }, text);
    b.addEventListener('click', async () => { try { await work(); await teamPage(); } catch (error) { b.replaceWith(el('span', { class: 'error' }, error.message)); } });
    return b;
  };
  const me = await api('/api/me');
  const tokens = await api('/api/team/tokens');
  const made = el('p', { id: 'token-made', role: 'status' });
  const scopes = ['read', 'write', 'ingest', 'resolve', 'export'];
  const tokenForm = el('form', { id: 'token-form', class: 'why-form' },
    el('input', { id: 'token-label', placeholder: 'what the token is for (laptop connector)' }),
    ...scopes.map(s => el('label', {}, el('input', { type: 'checkbox', value: s, checked: s === 'read' }), ' ' + s)),
    el('input', { id: 'token-days', type: 'number', min: 1, max: 365, value: 90, 'aria-label': 'days' }),
    el('button', { type: 'submit' }, 'Make token'));
  tokenForm.addEventListener('submit', async e => {
    e.preventDefault();
    try {
      const t = await api('/api/team/tokens', { label: tokenForm.querySelector('#token-label').value, days: Number(tokenForm.querySelector('#token-days').value),
        scopes: [...tokenForm.querySelectorAll('input[type=checkbox]:checked')].map(c => c.value) });
      await teamPage();
      document.getElementById('token-made').replaceChildren('Copy it now, it is not shown again: ', el('code', {}, t.token));
    } catch (error) { made.textContent = error.message; }
  });
  const parts = [el('h1', {}, `Team: ${me.name} (${me.role})`),
    el('h2', {}, 'API tokens'), made, tokenForm,
    table(['id', 'user', 'scopes', 'label', 'made', 'expires', 'revoked', ''], tokens.map(t => [el('code', {}, t.id), t.user, t.scopes.join(', '), t.label,
      minute(t.created_at), minute(t.expires_at), minute(t.revoked_at),
      t.revoked_at ? '' : act('revoke', () => request('/api/team/tokens/revoke', { id: t.id }))]))];
  if (['lead', 'data_owner', 'admin'].includes(me.role)) {
    const users = await api('/api/team/users');
    const userForm = el('form', { id: 'user-form', class: 'why-form' }, el('input', { id: 'user-name', placeholder: 'name', required: true }),
      el('select', { id: 'user-role' }, ...['viewer', 'analyst', 'lead'].map(r => el('option', { value: r }, r))), el('button', { type: 'submit' }, 'Add user'));
    const added = el('p', { id: 'user-added', role: 'status' });
    userForm.addEventListener('submit', async e => {
      e.preventDefault();
      try {
        const u = await api('/api/team/users', { name: userForm.querySelector('#user-name').value, role: userForm.querySelector('#user-role').value });
        await teamPage();
        document.getElementById('user-added').replaceChildren(`${u.user.name} added; their password (shown once): `, el('code', {}, u.password || ''));
      } catch (error) { added.textContent = error.message; }
    });
    const trail = await api('/api/team/audit?limit=200');
    parts.push(el('h2', {}, `Users (${users.length})`), added, userForm,
      table(['name', 'role', 'state', ''], users.map(u => [u.name, u.role, u.disabled ? 'disabled' : 'active', u.name === me.name ? '' :
        act(u.disabled ? 'enable' : 'disable', () => request('/api/team/users/set', { name: u.name, disabled: !u.disabled }))])),
      el('h2', {}, 'Audit trail'),
      el('p', { id: 'audit-check', class: trail.check.intact ? 'muted' : 'error' }, trail.check.intact ? `chain intact (${trail.check.entries} entries)` : `chain broken: ${trail.check.problem}`),
      table(['#', 'when', 'who', 'action', 'target', 'detail'], trail.entries.slice().reverse().map(a => [String(a.seq), minute(a.at), a.actor, a.action, a.target, a.detail])));
  }
  show(parts);
}

/** On a team server, the header names the user, opens the team page and logs out. */
async function whoAmI() {
  const me = await api('/api/me');
  if (!me.team) return;
  const logout = el('button', { id: 'logout', type: 'button' }, 'log out');
  logout.addEventListener('click', async () => { await request('/api/logout', {}); location.href = '/login'; });
  document.getElementById('me').replaceChildren(link('/team', `${me.name} (${me.role})`), ' ', logout);
}

/** Where a case-work subject (record, entity, selector, case) opens. */
function subjectLink(subject, text) {
  const r = subject.ref;
  const to = { record: '/record/' + keyPath(r), entity: '/entity/' + r.replace(/^E/, ''), selector: '/search?q=' + encodeURIComponent(r),
    case: '/case?' + new URLSearchParams({ name: r }) }[subject.kind];
  return link(to, text || `${subject.kind} ${r}`);
}

/** A note as shown: who and when, then its text (a text node: a note may quote an ad's markup). */
function noteView(n) {
  return el('div', { class: 'note' }, el('div', { class: 'meta' }, `#${n.id} · ${n.by} · ${minute(n.at)}`), el('div', { class: 'note-text' }, n.text));
}

/** A button for some work; when the work fails, its reason (the server's, or the page's own check) goes on the form's message line. */
function guardedButton(id, text, message, work) {
  const b = el('button', { type: 'button', id }, text);
  b.addEventListener('click', async () => {
    try { await work(); } catch (error) { message.className = 'error'; message.textContent = error.message; }
  });
  return b;
}

/** Notes, tags and cases on a record, entity or selector, with forms to add to each; drawn into #work. */
async function workPanel(kind, ref) {
  const shown = location.hash;
  const [about, cases] = await Promise.all([api('/api/about?' + new URLSearchParams({ kind, ref })), api('/api/cases')]);
  const box = view.querySelector('#work');
  if (!box || location.hash !== shown) return; // the user has moved on: this is another page's panel
  const message = el('p', { id: 'work-message', role: 'status' });
  const text = el('textarea', { id: 'note-text', rows: 3, placeholder: 'a note (kept with who and when; never edited)', 'aria-label': 'note' });
  const tag = el('input', { id: 'tag-name', placeholder: 'tag, e.g. minor-suspected', 'aria-label': 'tag' });
  const pick = el('select', { id: 'case-pick', 'aria-label': 'case' }, cases.map(c => el('option', { value: c.name }, c.name)));
  const again = () => workPanel(kind, ref).catch(error => { box.replaceChildren(el('p', { class: 'error', role: 'alert' }, error.message)); });
  box.replaceChildren(el('h2', {}, 'Notes, tags and cases'),
    el('p', { id: 'work-cases' }, about.cases.length === 0 ? 'In no case.' : ['In ', about.cases.map((c, i) => [i ? ', ' : '', subjectLink({ kind: 'case', ref: c }, c)]), '.']),
    el('p', { id: 'work-tags' }, about.tags.map(t => el('span', { class: 'tag' }, '#' + t.name, ' ',
      guardedButton(null, '×', message, async () => { await api('/api/tags/remove', { kind, ref, tag: t.name }); await again(); })))),
    el('div', { id: 'work-notes' }, about.notes.map(noteView)),
    el('div', { class: 'work-forms' },
      el('div', {}, text, guardedButton('note-add', 'Add note', message, async () => {
        // Said here, before a request: the server would refuse it (400) for the same reason.
        if (!text.value.trim()) throw new Error('the note is empty');
        await api('/api/notes', { kind, ref, text: text.value });
        await again();
      })),
      el('div', {}, tag, guardedButton('tag-add', 'Tag', message, async () => {
        if (!tag.value.trim()) throw new Error('name the tag');
        await api('/api/tags', { kind, ref, tag: tag.value });
        await again();
      })),
      cases.length === 0 ? el('div', { class: 'muted' }, link('/cases', 'Open a case'), ' to add this to one.')
        : el('div', {}, pick, guardedButton('case-add', 'Add to case', message, async () => {
          const r = await api('/api/case/items', { case: pick.value, kind, ref });
          await again();
          say(r.added ? `added to '${pick.value}'` : `already in '${pick.value}'`, 'done');
        }))),
    message);
}

/** Draws the case-work panel of a page once the page is shown; a failure is said in the panel, the page stays. */
function withWork(kind, ref) {
  workPanel(kind, ref).catch(error => {
    const box = view.querySelector('#work');
    if (box) box.replaceChildren(el('p', { class: 'error', role: 'alert' }, error.message));
  });
  return el('section', { id: 'work', 'aria-label': 'notes, tags and cases' });
}

async function casesPage() {
  const all = await api('/api/cases');
  const name = el('input', { id: 'case-name', placeholder: 'case name', 'aria-label': 'case name' });
  const description = el('input', { id: 'case-description', placeholder: 'what it is about', 'aria-label': 'description' });
  const message = el('p', { role: 'status' });
  show(el('h1', {}, `${all.length} case${all.length === 1 ? '' : 's'}`),
    el('div', { class: 'work-forms' }, name, description, guardedButton('case-open', 'Open a case', message, async () => {
      if (!name.value.trim()) throw new Error('name the case');
      const c = await api('/api/cases', { name: name.value, description: description.value });
      location.hash = '/case?' + new URLSearchParams({ name: c.name });
    })), message,
    table(['case', 'items', 'opened by', 'when', 'about'], all.map(c => [subjectLink({ kind: 'case', ref: c.name }, c.name), String(c.items), c.by, minute(c.at), c.description])));
}

async function casePage(params) {
  const name = params.get('name') || '';
  const c = await api('/api/case?' + new URLSearchParams({ name }));
  const message = el('p', { role: 'status' });
  const text = el('textarea', { id: 'case-note-text', rows: 3, placeholder: 'a note on the case', 'aria-label': 'note on the case' });
  const exported = async (path, file) => download(await (await request(path + '?' + new URLSearchParams({ name: c.case.name }))).blob(), file);
  show(el('h1', {}, c.case.name),
    el('p', { class: 'muted' }, `opened by ${c.case.by} ${minute(c.case.at)}`, c.tags.length ? ' · ' + c.tags.map(t => '#' + t).join(' ') : ''),
    c.case.description ? el('p', {}, c.case.description) : null,
    el('p', {}, guardedButton('case-export', 'Export (JSON)', message, () => exported('/api/case/export', 'minerva-case.json')), ' ',
      guardedButton('case-gexf', 'Network (GEXF)', message, () => exported('/api/case/gexf', 'minerva-case.gexf'))),
    message,
    el('h2', {}, `${c.items.length} item${c.items.length === 1 ? '' : 's'}`),
    c.items.length === 0 ? el('p', { class: 'muted' }, 'Add records, entities and selectors from their pages.') :
      table(['', 'now', 'records', 'tags', 'notes', 'added', ''], c.items.map(i => [subjectLink(i.subject),
        el('span', { class: i.found ? '' : 'gone' }, i.label, i.entity && i.subject.kind !== 'entity' ? [' · ', link('/entity/' + i.entity, `E${i.entity}`)] : null),
        String(i.records), i.tags.map(t => '#' + t).join(' '), i.notes.map(n => el('div', { class: 'note-text' }, n.text)), `${i.by} ${day(i.at)}`,
        guardedButton(null, 'remove', message, async () => { await api('/api/case/items/remove', { case: c.case.name, kind: i.subject.kind, ref: i.subject.ref }); await route(); })])),
    el('h2', {}, 'Notes on the case'),
    el('div', { id: 'case-notes' }, c.notes.map(noteView)),
    el('div', { class: 'work-forms' }, text, guardedButton('case-note-add', 'Add note', message, async () => {
      if (!text.value.trim()) throw new Error('the note is empty');
      await api('/api/notes', { kind: 'case', ref: c.case.name, text: text.value });
      await route();
    })));
}

function chartLink(node, text) { return link('/chart?' + new URLSearchParams({ start: node }), text); }

/** Where a chart node opens as a page, if it has one. */
function pageOf(key) {
  if (key.startsWith('record:')) return '/record/' + keyPath(key.slice('record:'.length));
  if (key.startsWith('entity:E')) return '/entity/' + key.slice('entity:E'.length);
  const colon = key.indexOf(':');
  return colon > 0 && !key.startsWith('location:') && !key.startsWith('image:') ? '/search?q=' + encodeURIComponent(key) : null;
}

const kinds = ['record', 'entity', 'phone', 'email', 'handle', 'wallet', 'location', 'image', 'camera', 'url', 'domain', 'photofact'];

async function chart(params) {
  const canvas = el('canvas', { id: 'chart-canvas', 'aria-label': 'link chart' });
  const status = el('p', { id: 'chart-status', class: 'muted' });
  const selected = el('div', { id: 'chart-selected' });
  const pathText = el('p', { id: 'chart-path' });
  const list = el('ul', { id: 'chart-nodes' });
  const kind = el('select', { id: 'chart-kind', 'aria-label': 'expand only this kind' }, el('option', { value: '' }, 'all kinds'), kinds.map(k => el('option', { value: k }, k)));
  let leftOut = 0, from = null, listed = '';
  const refresh = () => {
    const nodes = c.visible(), edges = c.visibleEdges().length;
    status.textContent = `${nodes.length} nodes, ${edges} edges` + (leftOut ? `; ${leftOut} more neighbours not shown` : '') +
      (c.marked.size ? `; ${c.marked.size} marked` : '') + (c.settled ? ' · settled' : ' · laying out');
    const n = c.selected && c.nodes.get(c.selected);
    selected.replaceChildren(...(n && n.members ? [el('strong', {}, n.label), el('div', { class: 'muted' }, `group of ${n.members.length} · double-click to expand them all`),
      el('ul', { id: 'chart-members' }, n.members.slice(0, 50).map(k => el('li', {}, `${c.nodes.get(k).kind}: ${c.nodes.get(k).label}`)))]
      : n ? [el('strong', {}, n.label), el('div', { class: 'muted' }, `${n.kind} · ${n.key} · ${n.degree} neighbours · centrality ${n.centrality}`),
        pageOf(n.key) ? el('div', {}, link(pageOf(n.key), 'open')) : null].filter(Boolean)
      : [el('span', { class: 'muted' }, 'Click a node to select it; double-click to expand it; shift-click to mark nodes for a group.')]));
    const shape = `${nodes.length}/${c.marked.size}/${c.groups}`;
    if (listed === shape) return;
    listed = shape;
    list.replaceChildren(...nodes.slice().sort((a, b) => a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label))
      .slice(0, 500).map(m => el('li', {}, el('button', { type: 'button', class: c.marked.has(m.key) ? 'node marked' : 'node', 'data-key': m.key }, `${m.kind}: ${m.label}`))));
  };
  const c = new MinervaChart.Chart(canvas, refresh);
  const expand = async key => {
    // A group expands as its members do, each in turn (the first 20).
    const group = c.nodes.get(key)?.members;
    if (group) { for (const member of group.slice(0, 20)) await expand(member); return; }
    const result = await api('/api/chart/expand', { node: key, kinds: kind.value ? [kind.value] : null, limit: 100, shown: c.shownKeys() });
    leftOut = result.left_out;
    c.add(result, c.nodes.get(key)?.groupedIn || key);
    if (!c.selected) c.select(result.nodes[0].key);
    refresh();
  };
  const guarded = work => async () => { try { await work(); } catch (error) { pathText.textContent = error.message; pathText.className = 'error'; } };
  const button = (id, text, work) => { const b = el('button', { type: 'button', id }, text); b.addEventListener('click', guarded(work)); return b; };
  canvas.addEventListener('expand', event => guarded(() => expand(event.detail))());
  list.addEventListener('click', event => {
    const key = event.target.closest('button.node')?.dataset.key;
    if (key && event.shiftKey) c.mark(key); else if (key) c.select(key);
  });
  show(el('div', { class: 'chart-layout' }, canvas,
    el('aside', {}, status, selected,
      el('div', { class: 'chart-actions' },
        button('chart-expand', 'Expand', () => c.selected && expand(c.selected)), kind,
        button('chart-pin', 'Pin / unpin', () => { const n = c.nodes.get(c.selected); if (n) { n.pinned = !n.pinned; c.heat(0.1); } }),
        button('chart-hide', 'Hide', () => c.selected && c.hide(c.selected)),
        button('chart-group', 'Group marked', () => {
          pathText.className = '';
          pathText.textContent = c.group() ? '' : 'mark two or more nodes first: shift-click them on the chart or in the list';
          refresh();
        }),
        button('chart-ungroup', 'Ungroup', () => { if (c.selected) c.ungroup(c.selected); refresh(); }),
        button('chart-from', 'Path from here', () => { from = c.selected && c.networkKey(c.selected); pathText.className = ''; pathText.textContent = from ? `path from ${from}: select another node, then "Strongest path to here"` : ''; }),
        button('chart-to', 'Strongest path to here', async () => {
          if (!from || !c.selected) return;
          const result = await api('/api/chart/path?' + new URLSearchParams({ from, to: c.networkKey(c.selected) }));
          c.add(result, from);
          c.highlight(result.path);
          pathText.className = '';
          pathText.textContent = 'strongest path: ' + result.path.map(k => c.nodes.get(k).label).join(' → ');
          refresh();
        }),
        button('chart-communities', 'Communities', async () => {
          if (c.byCommunity) { c.colourByCommunity(null); pathText.textContent = ''; return; }
          const result = await api('/api/chart/communities', { shown: c.visibleKeys() });
          c.colourByCommunity(result.community);
          pathText.className = '';
          pathText.textContent = `${result.count} communities among the nodes shown (modularity ${result.modularity.toFixed(2)}); press again to colour by kind`;
        }),
        button('chart-size', 'Size: degree', () => {
          c.sizeBy = c.sizeBy === 'centrality' ? 'degree' : 'centrality';
          document.getElementById('chart-size').textContent = `Size: ${c.sizeBy}`;
          c.heat(0);
        }),
        button('chart-fit', 'Fit', () => c.fit()),
        button('chart-gexf', 'GEXF', async () => {
          const response = await request('/api/chart/gexf', { shown: c.visibleKeys() });
          download(await response.blob(), 'minerva-chart.gexf');
        }),
        button('chart-png', 'PNG', () => canvas.toBlob(blob => download(blob, 'minerva-chart.png')))),
      pathText, list)));
  window.minervaChart = c; // for the browser tests' timing; holds nothing the page does not show
  const start = params.get('start');
  if (start) await expand(start);
  else status.textContent = 'Open a record, entity or selector in the chart from its page.';
}

async function route() {
  const hash = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  const [path, query] = splitOnce(location.hash.replace(/^#/, '') || '/', '?');
  const params = new URLSearchParams(query || '');
  try {
    if (path.startsWith('/record/')) await record(decodeURIComponent(path.slice('/record/'.length)));
    else if (path.startsWith('/entity/')) await entity(decodeURIComponent(path.slice('/entity/'.length)));
    else if (path === '/why') await why(params);
    else if (path === '/chart') await chart(params);
    else if (path === '/decisions') await decisions();
    else if (path === '/photo') await photo(params);
    else if (path === '/workspace') await workspacePage();
    else if (path === '/ledger') await ledger(params);
    else if (path === '/cases') await casesPage();
    else if (path === '/case') await casePage(params);
    else if (path === '/team') await teamPage();
    else await search(path === '/search' ? params : new URLSearchParams());
  } catch (error) {
    show(el('p', { class: 'error', role: 'alert' }, error.message), el('p', { class: 'muted' }, hash));
  }
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

document.getElementById('search-form').addEventListener('submit', event => {
  event.preventDefault();
  const query = new URLSearchParams({ q: document.getElementById('q').value });
  if (document.getElementById('fuzzy').checked) query.set('fuzzy', '1');
  location.hash = '/search?' + query;
});
window.addEventListener('hashchange', route);
route();
whoAmI().catch(() => {});
