// Timing of the explorer model on a 24,000-row indicator with ~400 selected values
// (run: node frontend/explorer/model.timing.mjs). Prints figures; asserts nothing, because
// timings depend on the machine. The target is "well under 20 ms" for view() and filters().
import { performance } from 'node:perf_hooks';
import { createModel, decode } from './model.js';

const YEARS = Array.from({ length: 20 }, (_, i) => String(2005 + i));
const SEXES = ['Female', 'Male'];
const AGES = ['16-24', '25-34', '35-49', '50-64', '65+'];
const REGIONS = Array.from({ length: 9 }, (_, i) => `Region ${i + 1}`);
const AUTHORITIES = Array.from({ length: 380 }, (_, i) => `Authority ${i + 1}`);

/** Rows like a UK local-authority indicator: LA rows carry their region and a geocode. */
function rows() {
  const out = [];
  const add = (breakdown, geo) => YEARS.forEach((Year, y) => out.push({ Year, Series: 'A', Units: 'Percent',
    GeoCode: geo, Status: y % 7 === 0 ? 'Estimated' : null, ...breakdown, Value: (out.length % 997) / 10 }));
  add({}, null);
  SEXES.forEach(Sex => add({ Sex }, null));
  AGES.forEach(Age => add({ Age }, null));
  AGES.forEach(Age => SEXES.forEach(Sex => add({ Age, Sex }, null)));
  REGIONS.forEach((Region, r) => add({ Region }, `E1200000${r}`));
  REGIONS.forEach((Region, r) => SEXES.forEach(Sex => add({ Region, Sex }, `E1200000${r}`)));
  AUTHORITIES.forEach((la, i) => add({ Region: REGIONS[i % 9], 'Local authority': la }, `E0${i}`));
  AUTHORITIES.forEach((la, i) => SEXES.forEach(Sex => add({ Region: REGIONS[i % 9], 'Local authority': la, Sex },
    `E0${i}`)));
  return out;
}

/** The compact data file of row objects (first-appearance order; Year sorted). */
function compact(list) {
  const names = ['Year', 'Series', 'Units', 'Sex', 'Age', 'Region', 'Local authority', 'GeoCode', 'Status'];
  const columns = {};
  for (const name of names) {
    const index = new Map();
    const codes = list.map(r => {
      const v = r[name];
      if (v === undefined || v === null) return -1;
      if (!index.has(v)) index.set(v, index.size);
      return index.get(v);
    });
    columns[name] = { values: [...index.keys()], codes };
  }
  return { rows: list.length, columns, value: list.map(r => r.Value) };
}

function time(label, fn, runs = 30) {
  const samples = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${label.padEnd(42)} median ${median.toFixed(2).padStart(7)} ms   max ${samples[samples.length - 1]
    .toFixed(2).padStart(7)} ms`);
  return result;
}

const raw = compact(rows());
const config = {
  series: 'Series', unit: 'Units', fields: ['Sex', 'Age', 'Region', 'Local authority'], attributes: ['Status'],
  geo: 'GeoCode', edges: [['Region', 'Local authority']], start: [], headline_label: 'United Kingdom',
  settings: [], max_lines: 12, map: { region_fields: ['Region', 'Local authority'] },
};
console.log(`rows: ${raw.rows}`);
const table = time('decode(raw)', () => decode(raw), 10);
const model = time('createModel(table, config)', () => createModel(table, config), 10);

let state = model.initialState();
for (const field of ['Sex', 'Age', 'Region', 'Local authority']) state = model.selectAll(state, field);
const selected = Object.values(state.selected).reduce((n, values) => n + values.length, 0);
console.log(`selected values: ${selected}`);

const view = time('view(state)', () => model.view(state));
console.log(`  datasets: ${view.datasets.length} (total ${view.total}, shown ${view.shown}),`
  + ` years ${view.years.length}`);
time('filters(state)', () => model.filters(state));
time('toggle(state, Sex, Female, false)', () => model.toggle(state, 'Sex', 'Female', false));
time('selectAll(state, Local authority)', () => model.selectAll(state, 'Local authority'));
time('csv(state)', () => model.csv(state));
time('mapView(state)', () => model.mapView(state));
const query = time('encode(state)', () => model.encode(state));
time('decode(query)', () => model.decode(query));
time('view(initialState()) headline only', () => model.view(model.initialState()));
