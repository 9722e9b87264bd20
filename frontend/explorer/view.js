// The explorer's page: series/unit radios, breakdown filters, Chart / Table / Map tabs, the CSV
// download and one polite live region. It replaces the static panels in place once it has drawn.
// The model (model.js) does every data decision; this module only shows its answers.
import { h, fill, nextId, formatter, dsId, createTable } from './table.js';
import { createChart, save } from './chart.js';

const norm = s => String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const FIND_FROM = 20; // a field with more values than this gets a filter-as-you-type box

/* a radio group (series, units) keyed by its choices, rebuilt only when they change so focus stays */
function radios(id, legend, onPick) {
  const el = h('fieldset', { id, class: 'ex-radios', hidden: true }, h('legend', null, legend));
  let sig = null;
  el.addEventListener('change', e => onPick(e.target.value));
  return {
    el,
    update(values, current) {
      const next = values.join('\u0001');
      if (next !== sig) {
        sig = next;
        const name = nextId(id);
        el.replaceChildren(el.firstChild, ...values.map(v => h('label', null, h('input', { type: 'radio', name, value: v }), v)));
      }
      el.querySelectorAll('input').forEach(i => { i.checked = i.value === current; });
      el.hidden = values.length < 2;
    },
  };
}

/* one breakdown field: a heading button that opens its checkboxes, built on first opening */
function fieldGroup(field, text) {
  const id = nextId('field'), hintId = id + '-hint';
  const count = h('span', { class: 'ex-count', 'aria-hidden': 'true' });
  const button = h('button', { type: 'button', class: 'ex-toggle accessBtn', 'aria-expanded': 'false', 'aria-controls': id },
    h('span', { class: 'ex-name' }, field), count);
  const hint = h('p', { class: 'ex-hint', id: hintId, hidden: true });
  const body = h('div', { id, class: 'ex-body', hidden: true });
  const el = h('div', { class: 'ex-field variable-selector', 'data-field': field }, h('h4', null, button), hint, body);
  return { field, el, button, count, hint, body, built: false, items: new Map(), sig: '', query: '' };
}

function buildBody(g, f, text) {
  const on = h('ul', { class: 'ex-values variable-options' }), off = h('ul', { class: 'ex-values ex-values-off' });
  const none = h('p', { class: 'ex-hint' }, text.no_options);
  const tools = h('div', { class: 'ex-tools' },
    h('button', { type: 'button', 'data-type': 'select' }, text.select_all),
    h('button', { type: 'button', 'data-type': 'clear' }, text.clear));
  let find = null;
  if (f.values.length > FIND_FROM) {
    find = h('input', { type: 'search', class: 'ex-find', 'aria-label': text.filter_values || 'Filter',
      placeholder: text.filter_values || null, autocomplete: 'off', spellcheck: 'false' });
    find.addEventListener('input', () => { g.query = norm(find.value.trim()); applyQuery(g); });
  }
  g.body.append(h('fieldset', null, h('legend', { class: 'visually-hidden' }, g.field), tools, find, on, none, off));
  Object.assign(g, { on, off, none, built: true });
}

function applyQuery(g) {
  g.items.forEach((it, value) => { it.li.hidden = !!g.query && !norm(value).includes(g.query); });
}

function item(g, value) {
  let it = g.items.get(value);
  if (!it) {
    const input = h('input', { type: 'checkbox', value });
    it = { input, li: h('li', null, h('label', null, input, value)) };
    g.items.set(value, it);
  }
  return it;
}

// values with data first, the others after the "no options" hint; nodes reused, moved only when the order changes
function fillValues(g, f) {
  const usable = v => v.hasData || v.selected, on = f.values.filter(usable), off = f.values.filter(v => !usable(v));
  const sig = on.map(v => v.value).join('\u0001') + '\u0002' + off.map(v => v.value).join('\u0001');
  if (sig !== g.sig) {
    const active = g.body.contains(document.activeElement) ? document.activeElement : null;
    g.on.replaceChildren(...on.map(v => item(g, v.value).li));
    g.off.replaceChildren(...off.map(v => item(g, v.value).li));
    g.sig = sig;
    applyQuery(g);
    if (active && document.activeElement !== active && active.isConnected) active.focus();
  }
  f.values.forEach(v => {
    const it = item(g, v.value);
    it.input.checked = v.selected;
    it.input.disabled = !usable(v);
  });
  g.none.hidden = g.off.hidden = !off.length;
}

function drawGroup(g, f, text) {
  const n = f.values.filter(v => v.selected).length;
  g.count.textContent = n ? String(n) : '';
  g.el.classList.toggle('ex-off', !f.allowed);
  g.hint.textContent = !f.allowed ? fill(text.available_when, { field: f.parent }) : !f.hasData ? text.no_options : '';
  g.hint.hidden = !g.hint.textContent;
  if (f.allowed) g.button.removeAttribute('aria-disabled'); else g.button.setAttribute('aria-disabled', 'true');
  if (g.hint.textContent) g.button.setAttribute('aria-describedby', g.hint.id); else g.button.removeAttribute('aria-describedby');
  const open = f.allowed && g.button.getAttribute('aria-expanded') === 'true';
  if (!f.allowed) g.button.setAttribute('aria-expanded', 'false');
  g.body.hidden = !open;
  if (open) {
    if (!g.built) buildBody(g, f, text);
    fillValues(g, f);
  }
}

/* ARIA tabs like the site's metadata tabs (sdgkit.js): arrow keys follow the reading direction */
function tabs(items, onShow) {
  const list = h('div', { role: 'tablist', class: 'ex-tablist' });
  const buttons = items.map(t => h('button', { type: 'button', role: 'tab', id: 'tab-' + t.id, 'aria-controls': t.id }, t.label));
  const panels = items.map((t, i) => h('div', { role: 'tabpanel', id: t.id, class: 'ex-panel', 'aria-labelledby': buttons[i].id, tabindex: 0 }, t.el));
  const select = (i, focus) => {
    buttons.forEach((b, j) => {
      b.setAttribute('aria-selected', String(i === j));
      b.tabIndex = i === j ? 0 : -1;
      panels[j].hidden = i !== j;
    });
    if (focus) buttons[i].focus();
    onShow(items[i].id);
  };
  buttons.forEach((b, i) => b.addEventListener('click', () => select(i)));
  list.addEventListener('keydown', e => {
    const i = buttons.indexOf(document.activeElement), n = buttons.length;
    const step = getComputedStyle(list).direction === 'rtl' ? -1 : 1;
    const to = { ArrowRight: i + step, ArrowLeft: i - step, Home: 0, End: n - 1 }[e.key];
    if (i < 0 || to === undefined) return;
    e.preventDefault();
    select((to + n) % n, true);
  });
  list.append(...buttons);
  if (items.length < 2) list.hidden = true;
  return { list, panels, select };
}

// a script or style sheet added to the page once, as a promise
const loaded = {};
function inject(url, css) {
  if (!url) return Promise.resolve();
  return loaded[url] || (loaded[url] = new Promise((ok, fail) => {
    const el = css ? h('link', { rel: 'stylesheet', href: url }) : h('script', { src: url });
    el.onload = ok;
    el.onerror = () => fail(new Error('cannot load ' + url));
    document.head.append(el);
  }));
}

export function mount(section, config, model, anchor) {
  const text = config.text;
  let state = null, view = null, format = null, title = '', current = 'chartview', map = null, liveTimer = 0;
  const dirty = { chartview: true, tableview: true, mapview: true };

  /* controls */
  const series = radios('serieses', text.series, v => render(model.withSeries(state, v), 'push', 'series'));
  const units = radios('units', text.unit, v => render(model.withUnit(state, v), 'push', 'unit'));
  const clearAll = h('button', { type: 'button', id: 'clear', class: 'ex-clear' }, text.clear_selections);
  const fieldsBox = h('div', { id: 'fields', class: 'ex-fields' });
  const breakdowns = h('div', { class: 'ex-breakdowns' }, h('h3', null, text.breakdowns),
    text.series_help ? h('p', { class: 'ex-hint' }, text.series_help) : null, clearAll, fieldsBox);
  const controls = h('div', { class: 'ex-controls', id: 'indicator-sidebar' }, series.el, units.el, breakdowns);
  const groups = new Map();
  let order = '', lastFilters = [];

  /* views */
  const chart = createChart(config), table = createTable(config);
  const mapEl = h('div', { class: 'ex-map' });
  const tabItems = [{ id: 'chartview', label: text.chart, el: chart.el }, { id: 'tableview', label: text.table, el: table.el }];
  if (config.map) tabItems.push({ id: 'mapview', label: text.map, el: mapEl });
  const tabBox = tabs(tabItems, id => { current = id; drawViews(); imageButton(); });
  // the image download only beside a chart that has something drawn
  const imageButton = () => { chart.button.hidden = current !== 'chartview' || !(view && view.datasets.length); };
  const csv = h('button', { type: 'button', class: 'ex-download' }, text.download_csv);
  const main = h('div', { class: 'ex-main' }, tabBox.list, ...tabBox.panels, h('p', { class: 'ex-actions' }, chart.button, csv));
  const live = h('div', { class: 'visually-hidden', 'aria-live': 'polite' });
  const root = h('div', { class: 'explorer' }, controls, main, live);

  function drawControls() {
    series.update(model.serieses, state.series);
    units.update(model.units(state), state.unit);
    const filters = model.filters(state), seen = new Set();
    filters.forEach(f => {
      let g = groups.get(f.field);
      if (!g) groups.set(f.field, g = fieldGroup(f.field, text));
      seen.add(f.field);
      drawGroup(g, f, text);
    });
    const next = filters.map(f => f.field).join('\u0001');
    if (next !== order) { order = next; fieldsBox.replaceChildren(...filters.map(f => groups.get(f.field).el)); }
    groups.forEach((g, field) => { g.el.hidden = !seen.has(field); });
    breakdowns.hidden = !filters.length;
    const any = Object.keys(state.selected).some(k => state.selected[k].length);
    // aria-disabled, not disabled: the button keeps focus after it clears everything
    clearAll.setAttribute('aria-disabled', String(!any));
    lastFilters = filters;
  }

  function drawViews() {
    if (!dirty[current]) return;
    dirty[current] = false;
    if (current === 'chartview') chart.update(view, title, format);
    else if (current === 'tableview') table.update(view, title, format);
    else showMap();
  }

  function showMap() {
    const m = config.map;
    // format through a closure: the map is created once, the precision follows the unit
    const opts = () => ({ layers: m.layers, colours: m.colours, no_value_colour: m.no_value_colour, text,
      format: v => format(v), unit: (view.setting && view.setting.y_label) || '', language: config.language, dir: config.dir });
    Promise.all([inject(m.style, true), inject(m.script)]).then(() => {
      if (!map) map = window.sdgkitMap.create(mapEl, opts());
      // no region column for this selection: an empty view, so the map says "no data" rather than going stale
      map.update(model.mapView(state) || { key: {}, years: [], values: new Map(), min: NaN, max: NaN });
    }).catch(e => {
      dirty.mapview = true;
      mapEl.replaceChildren(h('p', { class: 'ex-empty' }, text.no_data));
      console.error('sdgkit explorer: map', e);
    });
  }

  function announce(before, after, why) {
    let msg = '';
    if (why === 'series') msg = fill(text.series_changed, { series: state.series });
    else if (why === 'unit') msg = fill(text.unit_changed, { unit: state.unit });
    else if (before) {
      const had = new Set(before.datasets.map(dsId)), has = new Set(after.datasets.map(dsId));
      const added = after.datasets.filter(d => !had.has(dsId(d))).map(d => d.label);
      const gone = before.datasets.filter(d => !has.has(dsId(d))).map(d => d.label);
      msg = [added.length && fill(text.added, { label: added.join(', ') }),
        gone.length && fill(text.removed, { label: gone.join(', ') })].filter(Boolean).join(' ');
    }
    if (after.total > after.shown && (!before || before.total <= before.shown || msg)) {
      msg += ' ' + fill(text.too_many, { shown: after.shown, total: after.total });
    }
    // emptied first so the same sentence twice is still read; only the latest change is said
    live.textContent = '';
    clearTimeout(liveTimer);
    if (msg.trim()) liveTimer = setTimeout(() => { live.textContent = msg.trim(); }, 60);
  }

  // how: 'push' (a reader's choice), 'replace' (first render), 'pop' (back/forward)
  function render(next, how, why) {
    const before = view;
    state = next;
    view = model.view(state);
    const s = view.setting || {};
    format = formatter(config.number_locale, config.decimal_separator, s.precision);
    title = s.title || '';
    // the data footer lists every unit of the indicator; with the explorer it names the one shown
    if (unitCell && s.y_label) unitCell.textContent = s.y_label;
    drawControls();
    Object.keys(dirty).forEach(k => { dirty[k] = true; });
    drawViews();
    imageButton();
    // a click that changed nothing (Select all twice) adds no history entry
    if (how === 'push' && address() !== location.pathname + location.search + location.hash) history.pushState(null, '', address());
    if (how === 'replace' && location.search.length > 1) history.replaceState(history.state, '', address());
    if (how !== 'replace') announce(before, view, why);
  }

  const unitCell = section.querySelector('[data-footer="indicator.unit_of_measurement"] dd');
  const address = () => {
    const q = String(model.encode(state) || '').replace(/^\?/, '');
    return location.pathname + (q ? '?' + q : '') + location.hash;
  };
  const fromUrl = () => (location.search.length > 1 ? model.decode(location.search) : model.initialState());

  /* events: one listener per kind on the controls (hundreds of checkboxes) */
  fieldsBox.addEventListener('change', e => {
    const box = e.target, g = box.closest('[data-field]');
    if (box.type === 'checkbox' && g) render(model.toggle(state, g.dataset.field, box.value, box.checked), 'push');
  });
  fieldsBox.addEventListener('click', e => {
    const b = e.target.closest('button'), g = b && b.closest('[data-field]');
    if (!g) return;
    const field = g.dataset.field;
    if (b.dataset.type === 'select') render(model.selectAll(state, field), 'push');
    else if (b.dataset.type === 'clear') render(model.clear(state, field), 'push');
    else if (b.classList.contains('ex-toggle') && b.getAttribute('aria-disabled') !== 'true') {
      b.setAttribute('aria-expanded', String(b.getAttribute('aria-expanded') !== 'true'));
      const f = lastFilters.find(x => x.field === field);
      if (f) drawGroup(groups.get(field), f, text);
    }
  });
  clearAll.addEventListener('click', () => {
    if (clearAll.getAttribute('aria-disabled') !== 'true') render(model.clear(state), 'push');
  });
  csv.addEventListener('click', () => save(new Blob([model.csv(state)], { type: 'text/csv;charset=utf-8' }), config.csv_name || 'data.csv'));
  addEventListener('popstate', () => {
    const next = fromUrl();
    if (model.encode(next) !== model.encode(state)) render(next, 'pop');
  });
  // the reader switched contrast: chart colours come from the page's variables
  new MutationObserver(() => {
    if (current === 'chartview') chart.retheme(); else dirty.chartview = true;
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });

  /* in place of the static panels, which stay for readers without JavaScript */
  // a build-time map stays unless the Map tab replaces it
  const panels = Array.from(section.querySelectorAll(':scope > .panel'))
    .filter(p => config.map || !p.classList.contains('static-map'));
  section.insertBefore(root, panels[0] || (anchor && anchor.nextSibling) || null);
  render(fromUrl(), 'replace');
  tabBox.select(0);
  panels.forEach(p => { p.hidden = true; });
  return { root };
}
