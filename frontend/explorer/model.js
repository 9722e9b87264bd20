// The indicator explorer's selection logic: pure functions over the compact data file
// (frontend/README.md), no DOM and no libraries, so it is unit-tested in node and the view
// (view.js) only draws what this module computes.
//
// Open SDG's filtering semantics (open-sdg.md §4.6) are kept, but computed differently: rows
// are grouped once per (series, unit) into "combinations" (the set of non-blank breakdown
// values of a row), so a selection never enumerates the power set of selected values; a view
// only walks the group's combinations, which are pre-sorted in display order.

const BLANK = -1;
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Settings used when the page gives none for a series/unit, so the view never tests for holes. */
const DEFAULT_SETTING = Object.freeze({
  series: null, unit: null, kind: 'line', stack_field: null, title: '', y_label: '',
  precision: null, y_min: null, y_max: null, lines: [],
});

/**
 * Compact JSON (README "compact data file") -> Table with typed arrays, so filters compare
 * integers and values need no boxing. Tolerates missing or null codes (read as blank).
 * @param {{rows?: number, columns: Object, value: Array}} raw
 * @returns {{rows: number, columns: Object<string, {values: string[], codes: Int32Array}>, value: Float64Array}}
 */
export function decode(raw) {
  const source = raw || {};
  const rawValues = source.value || [];
  const rows = Number.isInteger(source.rows) ? source.rows : rawValues.length;
  const columns = {};
  for (const [name, column] of Object.entries(source.columns || {})) {
    const values = (column.values || []).map(String);
    const codes = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      const code = column.codes ? column.codes[r] : null;
      codes[r] = Number.isInteger(code) && code >= 0 && code < values.length ? code : BLANK;
    }
    columns[name] = { values, codes };
  }
  const value = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const v = rawValues[r];
    value[r] = v === null || v === undefined || v === '' ? NaN : Number(v);
  }
  return { rows, columns, value };
}

/** A Table already decoded has typed arrays; accepting raw JSON too keeps callers simple. */
function ensureTable(table) {
  return table && table.value instanceof Float64Array ? table : decode(table);
}

// ---------------------------------------------------------------------------------------------
// Context: everything derived from the table and configuration once.
// ---------------------------------------------------------------------------------------------

/** The column called `name`, or null when the configuration names one the data lacks. */
function columnOf(table, name) {
  return name && Object.prototype.hasOwnProperty.call(table.columns, name) ? table.columns[name] : null;
}

/** Breakdown fields in config order, keeping only real columns that are not structural ones. */
function fieldList(table, config) {
  const structural = new Set([config.series, config.unit, config.geo, 'Year', ...(config.attributes || [])]);
  const seen = new Set();
  return (config.fields || []).filter(name => {
    const ok = !structural.has(name) && !seen.has(name) && columnOf(table, name);
    seen.add(name);
    return ok;
  }).map((name, index) => {
    const column = table.columns[name];
    return { name, index, values: column.values, codes: column.codes,
      codeOf: new Map(column.values.map((value, code) => [value, code])) };
  });
}

/** parentsOf[child index] = parent field indices, from config.edges (unknown fields dropped). */
function parentIndex(fields, edges) {
  const byName = new Map(fields.map(f => [f.name, f.index]));
  const parents = fields.map(() => []);
  for (const edge of edges || []) {
    const [parent, child] = edge || [];
    if (byName.has(parent) && byName.has(child) && parent !== child) {
      const list = parents[byName.get(child)];
      if (!list.includes(byName.get(parent))) list.push(byName.get(parent));
    }
  }
  return parents;
}

function buildContext(table, config) {
  const fields = fieldList(table, config);
  const ctx = {
    table, config, fields,
    parents: parentIndex(fields, config.edges),
    fieldByName: new Map(fields.map(f => [f.name, f])),
    seriesCol: config.series ? columnOf(table, config.series) : null,
    unitCol: config.unit ? columnOf(table, config.unit) : null,
    yearCol: columnOf(table, 'Year') || { values: [''], codes: new Int32Array(table.rows) },
    geoCol: config.geo ? columnOf(table, config.geo) : null,
    attrCols: (config.attributes || []).map(name => columnOf(table, name)).filter(Boolean),
    maxLines: Number.isInteger(config.max_lines) && config.max_lines > 0 ? config.max_lines : Infinity,
  };
  ctx.groups = buildGroups(ctx);
  ctx.serieses = ctx.seriesCol ? ctx.seriesCol.values.filter((_, code) => hasSeries(ctx, code)) : [];
  return ctx;
}

function groupKey(ctx, seriesCode, unitCode) {
  const units = ctx.unitCol ? ctx.unitCol.values.length : 0;
  return (seriesCode + 1) * (units + 1) + (unitCode + 1);
}

function hasSeries(ctx, seriesCode) {
  return unitCodes(ctx, seriesCode).length > 0 || ctx.groups.has(groupKey(ctx, seriesCode, BLANK));
}

/** Row indices per (series, unit) in data order (rows with a blank series are never shown: no series selects them). */
function buildGroups(ctx) {
  const { table, seriesCol, unitCol } = ctx;
  const rowLists = new Map();
  for (let r = 0; r < table.rows; r++) {
    const key = groupKey(ctx, seriesCol ? seriesCol.codes[r] : BLANK, unitCol ? unitCol.codes[r] : BLANK);
    if (!rowLists.has(key)) rowLists.set(key, []);
    rowLists.get(key).push(r);
  }
  const groups = new Map();
  for (const [key, rows] of rowLists) groups.set(key, buildGroup(ctx, rows));
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Groups: the rows of one (series, unit), split into combinations.
// ---------------------------------------------------------------------------------------------

/**
 * A group holds its combinations in display order, which breakdown values occur, its periods
 * and, per edge, which parent values each child value occurs with (for filters()).
 */
function buildGroup(ctx, rows) {
  const { fields, table, yearCol } = ctx;
  const byKey = new Map();
  const present = fields.map(f => new Uint8Array(f.values.length));
  const yearSeen = new Uint8Array(yearCol.values.length);
  for (const r of rows) {
    const codes = fields.map(f => f.codes[r]);
    const key = codes.join(',');
    let combo = byKey.get(key);
    if (!combo) {
      combo = { codes, size: codes.filter(c => c !== BLANK).length, rows: [], hasValue: false };
      byKey.set(key, combo);
    }
    combo.rows.push(r);
    if (!Number.isNaN(table.value[r])) combo.hasValue = true;
    codes.forEach((code, i) => { if (code !== BLANK) present[i][code] = 1; });
    if (yearCol.codes[r] !== BLANK) yearSeen[yearCol.codes[r]] = 1;
  }
  const all = [...byKey.values()];
  const combos = all.filter(c => c.size > 0).sort(compareCombos);
  return {
    combos,
    headline: all.find(c => c.size === 0) || null,
    present,
    hasField: present.map(p => p.some(Boolean)),
    years: [...yearSeen.keys()].filter(code => yearSeen[code]),
    cooccur: cooccurrence(ctx, combos),
  };
}

/** Display order of datasets: fewer fields first, then by field order, then by value order. */
function compareCombos(a, b) {
  if (a.size !== b.size) return a.size - b.size;
  for (let i = 0; i < a.codes.length; i++) {
    const x = a.codes[i];
    const y = b.codes[i];
    if (x === y) continue;
    if (x === BLANK) return 1;
    if (y === BLANK) return -1;
    return x - y;
  }
  return 0;
}

/** cooccur[child][parent] = Map(child code -> Set of parent codes seen on the same rows). */
function cooccurrence(ctx, combos) {
  return ctx.parents.map((parents, child) => {
    const byParent = new Map(parents.map(p => [p, new Map()]));
    for (const combo of combos) {
      const childCode = combo.codes[child];
      if (childCode === BLANK) continue;
      for (const p of parents) {
        if (combo.codes[p] === BLANK) continue;
        const map = byParent.get(p);
        if (!map.has(childCode)) map.set(childCode, new Set());
        map.get(childCode).add(combo.codes[p]);
      }
    }
    return byParent;
  });
}

function seriesCode(ctx, series) {
  if (!ctx.seriesCol || series === null || series === undefined) return BLANK;
  return ctx.seriesCol.values.indexOf(series);
}

function unitCode(ctx, unit) {
  if (!ctx.unitCol || unit === null || unit === undefined) return BLANK;
  return ctx.unitCol.values.indexOf(unit);
}

/** The group of a state; an unknown series or unit has no rows rather than throwing. */
function groupOf(ctx, state) {
  const s = seriesCode(ctx, state.series);
  const u = unitCode(ctx, state.unit);
  const namedUnit = state.unit !== null && state.unit !== undefined;
  if ((ctx.seriesCol && s === BLANK) || (ctx.unitCol && namedUnit && u === BLANK)) return emptyGroup(ctx);
  return ctx.groups.get(groupKey(ctx, s, u)) || emptyGroup(ctx);
}

/** A group without rows, shaped like the others so callers need no special case. */
function emptyGroup(ctx) {
  if (!ctx.empty) ctx.empty = buildGroup(ctx, []);
  return ctx.empty;
}

/** Unit codes present for a series, in the unit column's order. */
function unitCodes(ctx, sCode) {
  if (!ctx.unitCol) return [];
  return ctx.unitCol.values.map((_, code) => code).filter(code => ctx.groups.has(groupKey(ctx, sCode, code)));
}

// ---------------------------------------------------------------------------------------------
// Selections: canonical `selected` objects and the masks views are computed from.
// ---------------------------------------------------------------------------------------------

/** Codes selected per field (sorted, unique, present in the group); invalid entries dropped. */
function selectedCodes(ctx, group, selected) {
  return ctx.fields.map((field, i) => {
    const values = selected && Array.isArray(selected[field.name]) ? selected[field.name] : [];
    const codes = new Set();
    for (const value of values) {
      const code = field.codeOf.get(value);
      if (code !== undefined && group.present[i] && group.present[i][code]) codes.add(code);
    }
    return [...codes].sort((a, b) => a - b);
  });
}

/** Parents of a field that have data in the group (an edge to an absent parent cannot gate). */
function liveParents(ctx, group, i) {
  return ctx.parents[i].filter(p => group.hasField[p]);
}

/** Removes child selections whose parents are all unselected, repeating for grandchildren. */
function dropOrphans(ctx, group, codes) {
  const out = codes.slice();
  let changed = true;
  while (changed) {
    changed = false;
    out.forEach((list, i) => {
      const parents = liveParents(ctx, group, i);
      if (list.length && parents.length && parents.every(p => out[p].length === 0)) {
        out[i] = [];
        changed = true;
      }
    });
  }
  return out;
}

function codesToSelected(ctx, codes) {
  const selected = {};
  codes.forEach((list, i) => {
    if (list.length) selected[ctx.fields[i].name] = list.map(code => ctx.fields[i].values[code]);
  });
  return selected;
}

/** The canonical form of a selection for a group: valid values, column order, no orphans. */
function canonicalSelected(ctx, group, selected) {
  return codesToSelected(ctx, dropOrphans(ctx, group, selectedCodes(ctx, group, selected)));
}

/** Per field, a byte mask of selected codes: the inner loop of view() is then a lookup. */
function masksOf(ctx, group, selected) {
  return selectedCodes(ctx, group, selected).map((codes, i) => {
    const mask = new Uint8Array(ctx.fields[i].values.length);
    for (const code of codes) mask[code] = 1;
    return mask;
  });
}

/** A combination is shown when every one of its non-blank values is selected. */
function isShown(combo, masks) {
  for (let i = 0; i < combo.codes.length; i++) {
    const code = combo.codes[i];
    if (code !== BLANK && !masks[i][code]) return false;
  }
  return true;
}

function shownCombos(ctx, group, selected) {
  const masks = masksOf(ctx, group, selected);
  const matched = group.combos.filter(combo => isShown(combo, masks));
  return { matched, shown: matched.slice(0, ctx.maxLines) };
}

// ---------------------------------------------------------------------------------------------
// Starting states (§4.6 steps 2, 3 and 9).
// ---------------------------------------------------------------------------------------------

/** data_start_values entries naming `column` whose value is one of `allowed`. */
function startValueFor(ctx, column, allowed) {
  const item = (ctx.config.start || []).find(s => s && s.field === column && allowed.includes(s.value));
  return item ? item.value : null;
}

/** data_start_values as a selection (breakdown fields only; validated later against a group). */
function startSelection(ctx) {
  const selected = {};
  for (const item of ctx.config.start || []) {
    if (!item || !ctx.fieldByName.has(item.field)) continue;
    (selected[item.field] = selected[item.field] || []).push(String(item.value));
  }
  return selected;
}

/** Whether a selection draws at least one breakdown line with a value. */
function givesData(ctx, group, selected) {
  return shownCombos(ctx, group, selected).matched.some(combo => combo.hasValue);
}

/**
 * §4.6 step 9: the combination with the fewest breakdowns; ties go to the smaller field values
 * (text comparison, blank last, first field first), then to data order.
 */
function minimumSelection(ctx, group) {
  let best = null;
  for (const combo of group.combos) {
    if (!best || compareMinimum(ctx, combo, best) < 0) best = combo;
  }
  if (!best) return {};
  return canonicalSelected(ctx, group, codesToSelected(ctx, best.codes.map(code => (code === BLANK ? [] : [code]))));
}

function compareMinimum(ctx, a, b) {
  if (a.size !== b.size) return a.size - b.size;
  for (let i = 0; i < a.codes.length; i++) {
    const x = a.codes[i] === BLANK ? null : ctx.fields[i].values[a.codes[i]];
    const y = b.codes[i] === BLANK ? null : ctx.fields[i].values[b.codes[i]];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return a.rows[0] - b.rows[0];
}

/**
 * Unit rule (§4.6 step 3): the start unit when valid; else the first unit, unless start values
 * give data there, moved to the first unit with a headline when the first unit has none.
 */
function startingUnit(ctx, sCode, series) {
  const units = unitCodes(ctx, sCode).map(code => ctx.unitCol.values[code]);
  if (!units.length) return null;
  const named = startValueFor(ctx, ctx.config.unit, units);
  if (named !== null) return named;
  const first = { series, unit: units[0], selected: {} };
  const firstGroup = groupOf(ctx, first);
  if (firstGroup.headline || givesData(ctx, firstGroup, canonicalSelected(ctx, firstGroup, startSelection(ctx)))) {
    return units[0];
  }
  const withHeadline = units.find(unit => groupOf(ctx, { series, unit, selected: {} }).headline);
  return withHeadline === undefined ? units[0] : withHeadline;
}

/** Selection on load or series change: start values if they give data, else minimum when no headline. */
function startingSelected(ctx, group) {
  const start = canonicalSelected(ctx, group, startSelection(ctx));
  if (Object.keys(start).length && givesData(ctx, group, start)) return start;
  return group.headline ? {} : minimumSelection(ctx, group);
}

function initialFor(ctx, series) {
  const unit = startingUnit(ctx, seriesCode(ctx, series), series);
  const group = groupOf(ctx, { series, unit });
  return { series, unit, selected: startingSelected(ctx, group) };
}

function initialSeries(ctx) {
  if (!ctx.serieses.length) return null;
  const named = startValueFor(ctx, ctx.config.series, ctx.serieses);
  return named === null ? ctx.serieses[0] : named;
}

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

/**
 * The explorer's model over one indicator. States are plain JSON and never mutated; every
 * function returning a state returns a new, canonical one (see normalise).
 * @param {Object} table a Table from decode() (raw compact JSON is decoded on the fly)
 * @param {Object} config the page configuration (README)
 */
export function createModel(table, config) {
  const ctx = buildContext(ensureTable(table), config || {});
  let initial = null;
  const initialState = () => {
    if (!initial) initial = initialFor(ctx, initialSeries(ctx));
    return clone(initial);
  };
  const normalise = state => normaliseState(ctx, state, initialState);
  const model = {
    serieses: ctx.serieses.slice(),
    fields: ctx.fields.map(f => f.name),
    initialState,
    normalise,
    units: state => unitCodes(ctx, seriesCode(ctx, normalise(state).series)).map(code => ctx.unitCol.values[code]),
    filters: state => filtersOf(ctx, normalise(state)),
    withSeries: (state, series) => (ctx.serieses.includes(series) ? initialFor(ctx, series) : normalise(state)),
    withUnit: (state, unit) => withUnit(ctx, normalise(state), unit),
    toggle: (state, field, value, on) => toggle(ctx, normalise(state), field, value, on),
    selectAll: (state, field) => selectAll(ctx, normalise(state), field),
    clear: (state, field) => clear(ctx, normalise(state), field),
    view: state => viewOf(ctx, normalise(state)),
    csv: state => csvOf(ctx, normalise(state)),
    encode: state => encodeState(ctx, normalise(state), initialState()),
    decode: query => decodeState(ctx, query, initialState()),
    mapView: state => mapViewOf(ctx, normalise(state)),
  };
  return model;
}

function clone(state) {
  const selected = {};
  for (const [field, values] of Object.entries(state.selected)) selected[field] = values.slice();
  return { series: state.series, unit: state.unit, selected };
}

/** Repairs any state: unknown series/unit fall back to the initial ones, selections made canonical. */
function normaliseState(ctx, state, initialState) {
  const given = state || {};
  let series = ctx.serieses.includes(given.series) ? given.series : null;
  if (ctx.serieses.length && series === null) series = initialState().series;
  const units = unitCodes(ctx, seriesCode(ctx, series)).map(code => ctx.unitCol.values[code]);
  let unit = units.includes(given.unit) ? given.unit : null;
  if (units.length && unit === null) {
    const base = initialState();
    const sameSeries = base.series === series && units.includes(base.unit);
    unit = sameSeries ? base.unit : startingUnit(ctx, seriesCode(ctx, series), series);
  }
  const group = groupOf(ctx, { series, unit });
  return { series, unit, selected: canonicalSelected(ctx, group, given.selected) };
}

/**
 * Unit change keeps the selections that exist for the new unit. When that leaves nothing to
 * draw (no headline, no line), the minimum starting selection is used instead of an empty chart.
 */
function withUnit(ctx, state, unit) {
  const units = unitCodes(ctx, seriesCode(ctx, state.series)).map(code => ctx.unitCol.values[code]);
  if (!units.includes(unit)) return state;
  const group = groupOf(ctx, { series: state.series, unit });
  let selected = canonicalSelected(ctx, group, state.selected);
  if (!group.headline && !shownCombos(ctx, group, selected).matched.length) selected = minimumSelection(ctx, group);
  return { series: state.series, unit, selected };
}

function withSelected(ctx, state, selected) {
  return { series: state.series, unit: state.unit, selected: canonicalSelected(ctx, groupOf(ctx, state), selected) };
}

/** Toggling a value of a field that is not allowed yet (edge child) does nothing, as in Open SDG. */
function toggle(ctx, state, fieldName, value, on) {
  const field = ctx.fieldByName.get(fieldName);
  const group = groupOf(ctx, state);
  if (!field || !isAllowed(ctx, group, state.selected, field.index)) return state;
  const current = state.selected[fieldName] || [];
  const wanted = on === undefined ? !current.includes(value) : Boolean(on);
  const next = wanted ? current.concat([value]) : current.filter(v => v !== value);
  return withSelected(ctx, state, { ...state.selected, [fieldName]: next });
}

function selectAll(ctx, state, fieldName) {
  const filter = filtersOf(ctx, state).find(f => f.field === fieldName);
  if (!filter || !filter.allowed) return state;
  const values = filter.values.filter(v => v.hasData).map(v => v.value);
  return withSelected(ctx, state, { ...state.selected, [fieldName]: values });
}

function clear(ctx, state, fieldName) {
  if (fieldName === undefined || fieldName === null) return { series: state.series, unit: state.unit, selected: {} };
  const selected = { ...state.selected };
  delete selected[fieldName];
  return withSelected(ctx, state, selected);
}

function isAllowed(ctx, group, selected, i) {
  const parents = liveParents(ctx, group, i);
  return !parents.length || parents.some(p => (selected[ctx.fields[p].name] || []).length > 0);
}

// ---------------------------------------------------------------------------------------------
// filters()
// ---------------------------------------------------------------------------------------------

/** The filter panel: fields with data for the group, edge gating and child value availability. */
function filtersOf(ctx, state) {
  const group = groupOf(ctx, state);
  const masks = masksOf(ctx, group, state.selected);
  return ctx.fields.filter((_, i) => group.hasField[i]).map(field => {
    const i = field.index;
    const parents = liveParents(ctx, group, i);
    const allowed = !parents.length || parents.some(p => masks[p].some(Boolean));
    const chosen = new Set(state.selected[field.name] || []);
    const values = [];
    field.values.forEach((value, code) => {
      if (!group.present[i][code]) return;
      const hasData = !allowed || !parents.length || cooccursWithSelected(group, masks, i, parents, code);
      values.push({ value, hasData, selected: chosen.has(value) });
    });
    values.sort((a, b) => Number(b.hasData) - Number(a.hasData));
    const parent = parents.length ? ctx.fields[parents[0]].name : null;
    return { field: field.name, parent, allowed, hasData: values.some(v => v.hasData), values };
  });
}

/** Whether a child value occurs on a row with one of the selected values of its parents. */
function cooccursWithSelected(group, masks, child, parents, code) {
  return parents.some(p => {
    const seen = group.cooccur[child].get(p);
    const parentCodes = seen && seen.get(code);
    if (!parentCodes) return false;
    for (const parentCode of parentCodes) if (masks[p][parentCode]) return true;
    return false;
  });
}

// ---------------------------------------------------------------------------------------------
// view()
// ---------------------------------------------------------------------------------------------

function settingOf(ctx, state) {
  const settings = Array.isArray(ctx.config.settings) ? ctx.config.settings : [];
  const same = (a, b) => (a === undefined ? null : a) === b;
  const loose = (a, b) => a === undefined || a === null || a === b;
  const found = settings.find(s => s && same(s.series, state.series) && same(s.unit, state.unit))
    || settings.find(s => s && loose(s.series, state.series) && loose(s.unit, state.unit));
  return { ...DEFAULT_SETTING, lines: [], series: state.series, unit: state.unit, ...(found || {}) };
}

/** Observation attributes of a row, in configuration order, as one footnote text. */
function notesOf(ctx, r) {
  const parts = [];
  for (const column of ctx.attrCols) {
    const code = column.codes[r];
    if (code !== BLANK && column.values[code] !== '') parts.push(column.values[code]);
  }
  return parts.join('; ');
}

function keyOf(ctx, combo) {
  const key = {};
  combo.codes.forEach((code, i) => { if (code !== BLANK) key[ctx.fields[i].name] = ctx.fields[i].values[code]; });
  return key;
}

/** Values in field order (not via the key object: integer-like field names would reorder it). */
function labelOf(ctx, combo) {
  return combo.codes.map((code, i) => (code === BLANK ? null : ctx.fields[i].values[code]))
    .filter(value => value !== null).join(', ');
}

/** One value per period of the group; a period with several rows takes the first non-null one. */
function seriesValues(ctx, rows, position, count) {
  const values = new Array(count).fill(null);
  const notes = new Array(count).fill('');
  for (const r of rows) {
    const at = position[ctx.yearCol.codes[r]];
    if (at === undefined || at < 0 || values[at] !== null) continue;
    const v = ctx.table.value[r];
    if (!Number.isNaN(v)) {
      values[at] = v;
      notes[at] = notesOf(ctx, r);
    } else if (notes[at] === '') {
      notes[at] = notesOf(ctx, r);
    }
  }
  return { values, notes };
}

/** Headline and shown combinations as datasets, without period cropping yet. */
function datasetsOf(ctx, group, shown) {
  const parts = [];
  if (group.headline) parts.push({ combo: group.headline, headline: true });
  for (const combo of shown) parts.push({ combo, headline: false });
  const position = new Int32Array(ctx.yearCol.values.length).fill(-1);
  group.years.forEach((code, at) => { position[code] = at; });
  return parts.map(({ combo, headline }) => {
    const label = headline ? String(ctx.config.headline_label || '') : labelOf(ctx, combo);
    const key = keyOf(ctx, combo);
    return { label, key, headline, ...seriesValues(ctx, combo.rows, position, group.years.length) };
  });
}

/** First and last period index with a value in any dataset (an empty range when none). */
function valueRange(datasets, count) {
  let first = count;
  let last = -1;
  for (const d of datasets) {
    d.values.forEach((v, at) => {
      if (v === null) return;
      if (at < first) first = at;
      if (at > last) last = at;
    });
  }
  return [first, last];
}

function viewOf(ctx, state) {
  const group = groupOf(ctx, state);
  const { matched, shown } = shownCombos(ctx, group, state.selected);
  const datasets = datasetsOf(ctx, group, shown);
  const [first, last] = valueRange(datasets, group.years.length);
  const crop = list => list.slice(first, last + 1);
  return {
    years: crop(group.years.map(code => ctx.yearCol.values[code])),
    datasets: datasets.map(d => ({ ...d, values: crop(d.values), notes: crop(d.notes) })),
    total: matched.length,
    shown: shown.length,
    setting: settingOf(ctx, state),
  };
}

// ---------------------------------------------------------------------------------------------
// csv()
// ---------------------------------------------------------------------------------------------

/** A text cell: spreadsheet formulas defused with a leading quote, then RFC 4180 quoting. */
function csvCell(text) {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Value cells are numbers written by us, so a leading minus sign is not a formula. */
function csvNumber(v) {
  return Number.isNaN(v) ? '' : String(v);
}

function csvOf(ctx, state) {
  const group = groupOf(ctx, state);
  const { shown } = shownCombos(ctx, group, state.selected);
  const combos = group.headline ? [group.headline, ...shown] : shown;
  const names = Object.keys(ctx.table.columns);
  const columns = names.map(name => ctx.table.columns[name]);
  const lines = [names.concat(['Value']).map(csvCell).join(',')];
  for (const combo of combos) {
    for (const r of combo.rows) {
      const cells = columns.map(c => (c.codes[r] === BLANK ? '' : csvCell(c.values[c.codes[r]])));
      cells.push(csvNumber(ctx.table.value[r]));
      lines.push(cells.join(','));
    }
  }
  return lines.map(line => `${line}\r\n`).join('');
}

// ---------------------------------------------------------------------------------------------
// encode() / decode(): the state in the address, as short as possible.
// ---------------------------------------------------------------------------------------------

function sameSelected(a, b) {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

/**
 * What decode() rebuilds from only a series and a unit: the start of that series, moved to the
 * unit. encode() omits every piece equal to it, so decode(encode(s)) returns s.
 */
function baseFor(ctx, series, unit, initial) {
  const start = series === initial.series ? initial : initialFor(ctx, series);
  return unit === start.unit ? start : withUnit(ctx, start, unit);
}

const param = (key, value) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;

function encodeState(ctx, state, initial) {
  const parts = [];
  if (state.series !== initial.series) parts.push(param('series', state.series));
  const start = state.series === initial.series ? initial : initialFor(ctx, state.series);
  if (state.unit !== start.unit) parts.push(param('unit', state.unit));
  const base = baseFor(ctx, state.series, state.unit, initial);
  if (sameSelected(state.selected, base.selected)) return parts.join('&');
  const fields = Object.keys(state.selected);
  // An empty value says "this field explicitly has nothing selected": needed to encode a
  // cleared selection when the start has one.
  if (!fields.length) parts.push(param(Object.keys(base.selected)[0], ''));
  for (const field of fields) for (const value of state.selected[field]) parts.push(param(field, value));
  return parts.join('&');
}

function parseQuery(query) {
  const text = typeof query === 'string' ? query.replace(/^[?#]/, '') : '';
  const unescape = s => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return null; } };
  return text.split('&').filter(Boolean).map(part => {
    const at = part.indexOf('=');
    return at < 0 ? [unescape(part), ''] : [unescape(part.slice(0, at)), unescape(part.slice(at + 1))];
  }).filter(([key, value]) => key !== null && value !== null);
}

function decodeState(ctx, query, initial) {
  const pairs = parseQuery(query);
  const first = key => { const hit = pairs.find(([k]) => k === key); return hit ? hit[1] : null; };
  const series = ctx.serieses.includes(first('series')) ? first('series') : initial.series;
  const units = unitCodes(ctx, seriesCode(ctx, series)).map(code => ctx.unitCol.values[code]);
  const start = series === initial.series ? initial : initialFor(ctx, series);
  const unit = units.includes(first('unit')) ? first('unit') : start.unit;
  const base = baseFor(ctx, series, unit, initial);
  const group = groupOf(ctx, base);
  const selected = {};
  let explicit = false;
  for (const [key, value] of pairs) {
    const field = ctx.fieldByName.get(key);
    if (key === 'series' || key === 'unit' || !field || !group.hasField[field.index]) continue;
    const code = field.codeOf.get(value);
    if (value !== '' && (code === undefined || !group.present[field.index][code])) continue;
    explicit = true;
    if (value !== '') (selected[key] = selected[key] || []).push(value);
  }
  return explicit ? withSelected(ctx, base, selected) : clone(base);
}

// ---------------------------------------------------------------------------------------------
// mapView()
// ---------------------------------------------------------------------------------------------

/** The breakdown the map colours by: the first shown line without its region fields. */
function mapKey(ctx, regionFields, group, state) {
  const { shown } = shownCombos(ctx, group, state.selected);
  const key = {};
  if (!shown.length) return key;
  // the line with the most non-region breakdowns: a breakdown only reachable under a region
  // (Road category under Local Authority) is what the reader chose last, so the map follows it
  const own = combo => combo.codes.filter((code, i) => code !== BLANK && !regionFields.has(ctx.fields[i].name)).length;
  const chosen = shown.reduce((best, combo) => (own(combo) > own(best) ? combo : best), shown[0]);
  chosen.codes.forEach((code, i) => {
    if (code !== BLANK && !regionFields.has(ctx.fields[i].name)) key[ctx.fields[i].name] = ctx.fields[i].values[code];
  });
  return key;
}

/** Whether a combination has exactly the key's values on its non-region fields. */
function matchesKey(ctx, regionFields, combo, key) {
  return ctx.fields.every((field, i) => {
    if (regionFields.has(field.name)) return true;
    const want = key[field.name] === undefined ? BLANK : field.codeOf.get(key[field.name]);
    return combo.codes[i] === want;
  });
}

function mapViewOf(ctx, state) {
  if (!ctx.config.map || !ctx.geoCol) return null;
  const regionFields = new Set(ctx.config.map.region_fields || []);
  const group = groupOf(ctx, state);
  const key = mapKey(ctx, regionFields, group, state);
  const combos = (group.headline ? [group.headline] : []).concat(group.combos)
    .filter(combo => matchesKey(ctx, regionFields, combo, key));
  const byYear = new Map();
  let min = Infinity;
  let max = -Infinity;
  for (const combo of combos) {
    for (const r of combo.rows) {
      const geo = ctx.geoCol.codes[r];
      const v = ctx.table.value[r];
      const year = ctx.yearCol.codes[r];
      if (geo === BLANK || Number.isNaN(v) || year === BLANK) continue;
      if (!byYear.has(year)) byYear.set(year, new Map());
      const regions = byYear.get(year);
      const code = ctx.geoCol.values[geo];
      if (regions.has(code)) continue;
      regions.set(code, { value: v, notes: notesOf(ctx, r) });
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const values = new Map(years.map(code => [ctx.yearCol.values[code], byYear.get(code)]));
  return { key, years: years.map(code => ctx.yearCol.values[code]), values,
    min: years.length ? min : NaN, max: years.length ? max : NaN };
}
