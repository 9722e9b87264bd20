// Unit tests of the explorer model (run: node --test frontend/). Each test builds a small
// table from row objects, so the expected datasets can be read off the rows by eye.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createModel, decode } from './model.js';

// ------------------------------------------------------------------------------------------
// helpers
// ------------------------------------------------------------------------------------------

const isBlank = v => v === undefined || v === null || v === '';

/** The compact data file for row objects: values in order of first appearance, Year sorted. */
function compact(rows, names) {
  const order = names || [...new Set(rows.flatMap(r => Object.keys(r)))].filter(n => n !== 'Value');
  const columns = {};
  for (const name of order) {
    const values = [];
    for (const r of rows) if (!isBlank(r[name]) && !values.includes(String(r[name]))) values.push(String(r[name]));
    if (name === 'Year') values.sort();
    columns[name] = { values, codes: rows.map(r => (isBlank(r[name]) ? -1 : values.indexOf(String(r[name])))) };
  }
  return { rows: rows.length, columns, value: rows.map(r => (r.Value === undefined ? null : r.Value)) };
}

/** A page configuration with the README's shape; tests override what they exercise. */
function pageConfig(overrides = {}) {
  return {
    id: '1-1-1', series: null, unit: null, fields: [], attributes: [], geo: null, edges: [], start: [],
    headline_label: 'UK', settings: [], max_lines: 12, map: null, ...overrides,
  };
}

function model(rows, overrides) {
  return createModel(decode(compact(rows)), pageConfig(overrides));
}

/** Rows for every year in `years` with the given breakdown and a value per year. */
function yearly(base, years, values) {
  return years.map((year, i) => ({ Year: year, ...base, Value: values[i] }));
}

const Y3 = ['2015', '2016', '2017'];
const labels = view => view.datasets.map(d => d.label);
const byLabel = (view, label) => view.datasets.find(d => d.label === label);
const filter = (m, state, field) => m.filters(state).find(f => f.field === field);

// A headline, Sex, Age and their combinations (no row for Female + Old).
const SEX_AGE = [
  ...yearly({}, Y3, [10, 11, 12]),
  ...yearly({ Sex: 'Female' }, Y3, [1, 2, 3]),
  ...yearly({ Sex: 'Male' }, Y3, [4, 5, 6]),
  ...yearly({ Age: 'Young' }, Y3, [7, 8, 9]),
  ...yearly({ Age: 'Old' }, Y3, [17, 18, 19]),
  ...yearly({ Sex: 'Female', Age: 'Young' }, Y3, [21, 22, 23]),
  ...yearly({ Sex: 'Male', Age: 'Young' }, Y3, [24, 25, 26]),
  ...yearly({ Sex: 'Male', Age: 'Old' }, Y3, [27, null, 29]),
];
const SEX_AGE_CONFIG = { fields: ['Sex', 'Age'] };

// ------------------------------------------------------------------------------------------
// decode
// ------------------------------------------------------------------------------------------

describe('decode', () => {
  test('turns the compact JSON into typed arrays', () => {
    const table = decode({ rows: 3, columns: { Year: { values: ['2015'], codes: [0, 0, 0] },
      Sex: { values: ['F'], codes: [-1, 0, null] } }, value: [1.5, null, 0] });
    assert.equal(table.rows, 3);
    assert.ok(table.columns.Sex.codes instanceof Int32Array);
    assert.deepEqual([...table.columns.Sex.codes], [-1, 0, -1]);
    assert.ok(table.value instanceof Float64Array);
    assert.equal(table.value[0], 1.5);
    assert.ok(Number.isNaN(table.value[1]));
    assert.equal(table.value[2], 0);
  });

  test('createModel also accepts the raw compact JSON', () => {
    const m = createModel(compact(SEX_AGE), pageConfig(SEX_AGE_CONFIG));
    assert.deepEqual(labels(m.view(m.initialState())), ['UK']);
  });
});

// ------------------------------------------------------------------------------------------
// datasets
// ------------------------------------------------------------------------------------------

describe('datasets', () => {
  test('the headline comes first and alone on load', () => {
    const m = model(SEX_AGE, SEX_AGE_CONFIG);
    const state = m.initialState();
    assert.deepEqual(state, { series: null, unit: null, selected: {} });
    const view = m.view(state);
    assert.deepEqual(view.years, Y3);
    assert.deepEqual(view.datasets,
      [{ label: 'UK', key: {}, headline: true, values: [10, 11, 12], notes: ['', '', ''] }]);
    assert.equal(view.total, 0);
    assert.equal(view.shown, 0);
  });

  test('selecting a breakdown value adds its dataset with its values', () => {
    const m = model(SEX_AGE, SEX_AGE_CONFIG);
    const view = m.view(m.toggle(m.initialState(), 'Sex', 'Female', true));
    assert.deepEqual(labels(view), ['UK', 'Female']);
    assert.deepEqual(view.datasets[1], { label: 'Female', key: { Sex: 'Female' }, headline: false,
      values: [1, 2, 3], notes: ['', '', ''] });
  });

  test('two fields give the combinations, ordered by size, field and value order', () => {
    const m = model(SEX_AGE, SEX_AGE_CONFIG);
    let state = m.initialState();
    state = m.toggle(state, 'Age', 'Young', true);
    state = m.toggle(state, 'Sex', 'Male', true);
    state = m.toggle(state, 'Sex', 'Female', true);
    assert.deepEqual(state.selected, { Sex: ['Female', 'Male'], Age: ['Young'] });
    const view = m.view(state);
    assert.deepEqual(labels(view), ['UK', 'Female', 'Male', 'Young', 'Female, Young', 'Male, Young']);
    assert.deepEqual(byLabel(view, 'Male, Young').key, { Sex: 'Male', Age: 'Young' });
    assert.deepEqual(byLabel(view, 'Male, Young').values, [24, 25, 26]);
    assert.equal(view.total, 5);
  });

  test('a combination is shown only when all its values are selected', () => {
    const m = model(SEX_AGE, SEX_AGE_CONFIG);
    const state = m.toggle(m.toggle(m.initialState(), 'Sex', 'Male', true), 'Age', 'Old', true);
    assert.deepEqual(labels(m.view(state)), ['UK', 'Male', 'Old', 'Male, Old']);
    assert.deepEqual(byLabel(m.view(state), 'Male, Old').values, [27, null, 29]);
  });

  test('a selected value without rows adds no dataset', () => {
    const rows = [...yearly({}, Y3, [1, 2, 3]), ...yearly({ Sex: 'Female', Age: 'Young' }, Y3, [4, 5, 6])];
    const m = model(rows, SEX_AGE_CONFIG);
    const view = m.view(m.toggle(m.initialState(), 'Sex', 'Female', true));
    assert.deepEqual(labels(view), ['UK']);
  });

  test('observation attributes become per-year notes', () => {
    const rows = [
      { Year: '2015', Value: 1, Status: 'Estimated', Comment: 'Provisional' },
      { Year: '2016', Value: 2 },
      { Year: '2017', Value: 3, Comment: 'Revised' },
    ];
    const m = model(rows, { attributes: ['Status', 'Comment'] });
    assert.deepEqual(m.view(m.initialState()).datasets[0].notes, ['Estimated; Provisional', '', 'Revised']);
  });

  test('max_lines caps the breakdown datasets, headline kept', () => {
    const rows = [...yearly({}, Y3, [0, 0, 0])];
    const areas = ['A', 'B', 'C', 'D', 'E'];
    areas.forEach((area, i) => rows.push(...yearly({ Area: area }, Y3, [i, i, i])));
    const m = model(rows, { fields: ['Area'], max_lines: 3 });
    const view = m.view(m.selectAll(m.initialState(), 'Area'));
    assert.deepEqual(labels(view), ['UK', 'A', 'B', 'C']);
    assert.equal(view.total, 5);
    assert.equal(view.shown, 3);
  });

  test('years are the periods of the series and unit, cropped where nothing shown has a value', () => {
    const rows = [
      ...yearly({ Series: 'A' }, ['2012', '2013', '2014', '2015', '2016', '2017'], [null, 1, null, 3, null, null]),
      ...yearly({ Series: 'A', Sex: 'Female' }, ['2012', '2016'], [7, null]),
      { Year: '2010', Series: 'B', Value: 5 },
    ];
    const m = model(rows, { series: 'Series', fields: ['Sex'] });
    const state = m.initialState();
    assert.deepEqual(m.view(state).years, ['2013', '2014', '2015']);
    assert.deepEqual(m.view(state).datasets[0].values, [1, null, 3]);
    const female = m.view(m.toggle(state, 'Sex', 'Female', true));
    assert.deepEqual(female.years, ['2012', '2013', '2014', '2015']);
    assert.deepEqual(byLabel(female, 'Female').values, [7, null, null, null]);
  });

  test('no values at all gives no years', () => {
    const m = model(yearly({}, Y3, [null, null, null]));
    const view = m.view(m.initialState());
    assert.deepEqual(view.years, []);
    assert.deepEqual(view.datasets[0].values, []);
  });

  test('the setting of the series and unit, or a default', () => {
    const rows = [{ Year: '2015', Units: 'Percent', Value: 1 }, { Year: '2015', Units: 'Number', Value: 2 }];
    const setting = { series: null, unit: 'Number', kind: 'bar', stack_field: null, title: 'Counts', y_label: 'Number',
      precision: 0, y_min: null, y_max: null, lines: [{ value: 5, label: 'Target', vertical: false }] };
    const m = model(rows, { unit: 'Units', settings: [setting] });
    assert.equal(m.view(m.initialState()).setting.kind, 'line');
    assert.deepEqual(m.view(m.initialState()).setting.lines, []);
    assert.equal(m.view(m.initialState()).setting.precision, null);
    assert.deepEqual(m.view(m.withUnit(m.initialState(), 'Number')).setting, setting);
  });
});

// ------------------------------------------------------------------------------------------
// filters and edges
// ------------------------------------------------------------------------------------------

// Region -> Local authority: LA1, LA2 in North; LA3 in South; Sex independent.
const REGIONS = [
  ...yearly({}, Y3, [1, 1, 1]),
  ...yearly({ Sex: 'Female' }, Y3, [2, 2, 2]),
  ...yearly({ Region: 'North' }, Y3, [3, 3, 3]),
  ...yearly({ Region: 'South' }, Y3, [4, 4, 4]),
  ...yearly({ Region: 'North', 'Local authority': 'LA1' }, Y3, [5, 5, 5]),
  ...yearly({ Region: 'South', 'Local authority': 'LA3' }, Y3, [6, 6, 6]),
  ...yearly({ Region: 'North', 'Local authority': 'LA2' }, Y3, [7, 7, 7]),
];
const REGIONS_CONFIG = { fields: ['Sex', 'Region', 'Local authority'], edges: [['Region', 'Local authority']] };

describe('filters', () => {
  test('fields in config order, values in column order, selected flags', () => {
    const m = model(SEX_AGE, SEX_AGE_CONFIG);
    const filters = m.filters(m.toggle(m.initialState(), 'Sex', 'Male', true));
    assert.deepEqual(filters, [
      { field: 'Sex', parent: null, allowed: true, hasData: true, values: [
        { value: 'Female', hasData: true, selected: false }, { value: 'Male', hasData: true, selected: true }] },
      { field: 'Age', parent: null, allowed: true, hasData: true, values: [
        { value: 'Young', hasData: true, selected: false }, { value: 'Old', hasData: true, selected: false }] },
    ]);
  });

  test('a headline-only indicator has no filters', () => {
    const m = model(yearly({}, Y3, [1, 2, 3]), { fields: ['Sex'] });
    assert.deepEqual(m.filters(m.initialState()), []);
  });

  test('a child field is disallowed until a parent value is chosen', () => {
    const m = model(REGIONS, REGIONS_CONFIG);
    const state = m.initialState();
    const la = filter(m, state, 'Local authority');
    assert.equal(la.allowed, false);
    assert.equal(la.parent, 'Region');
    assert.deepEqual(m.toggle(state, 'Local authority', 'LA1', true), state);
    assert.equal(filter(m, m.toggle(state, 'Region', 'North', true), 'Local authority').allowed, true);
  });

  test('child values that never occur with a chosen parent value have no data and come last', () => {
    const m = model(REGIONS, REGIONS_CONFIG);
    const la = filter(m, m.toggle(m.initialState(), 'Region', 'South', true), 'Local authority');
    assert.deepEqual(la.values, [
      { value: 'LA3', hasData: true, selected: false },
      { value: 'LA1', hasData: false, selected: false },
      { value: 'LA2', hasData: false, selected: false },
    ]);
    assert.equal(la.hasData, true);
  });

  test('a child field has no data when no value occurs with the chosen parent values', () => {
    const rows = [...REGIONS, ...yearly({ Region: 'East' }, Y3, [8, 8, 8])];
    const m = model(rows, REGIONS_CONFIG);
    const la = filter(m, m.toggle(m.initialState(), 'Region', 'East', true), 'Local authority');
    assert.equal(la.allowed, true);
    assert.equal(la.hasData, false);
    assert.ok(la.values.every(v => !v.hasData));
  });

  test('orphan child selections are removed when the parent is cleared', () => {
    const m = model(REGIONS, REGIONS_CONFIG);
    let state = m.toggle(m.initialState(), 'Region', 'North', true);
    state = m.toggle(state, 'Local authority', 'LA1', true);
    state = m.toggle(state, 'Sex', 'Female', true);
    assert.deepEqual(labels(m.view(state)), ['UK', 'Female', 'North', 'North, LA1']);
    assert.deepEqual(m.toggle(state, 'Region', 'North', false).selected, { Sex: ['Female'] });
    assert.deepEqual(m.clear(state, 'Region').selected, { Sex: ['Female'] });
    assert.deepEqual(m.toggle(m.toggle(state, 'Region', 'South', true), 'Region', 'North', false).selected,
      { Sex: ['Female'], Region: ['South'], 'Local authority': ['LA1'] });
  });

  test('toggle without `on` flips the value; states are never mutated', () => {
    const m = model(SEX_AGE, SEX_AGE_CONFIG);
    const state = Object.freeze(m.initialState());
    const on = m.toggle(state, 'Sex', 'Male');
    assert.deepEqual(on.selected, { Sex: ['Male'] });
    assert.deepEqual(m.toggle(on, 'Sex', 'Male').selected, {});
    assert.deepEqual(state.selected, {});
    assert.notEqual(m.initialState(), m.initialState());
  });

  test('select all picks only the values with data; clear one field or all', () => {
    const m = model(REGIONS, REGIONS_CONFIG);
    let state = m.toggle(m.initialState(), 'Region', 'North', true);
    assert.deepEqual(m.selectAll(m.initialState(), 'Local authority'), m.initialState());
    state = m.selectAll(state, 'Local authority');
    assert.deepEqual(state.selected, { Region: ['North'], 'Local authority': ['LA1', 'LA2'] });
    state = m.selectAll(state, 'Sex');
    assert.deepEqual(labels(m.view(state)), ['UK', 'Female', 'North', 'North, LA1', 'North, LA2']);
    assert.deepEqual(m.clear(state, 'Local authority').selected, { Sex: ['Female'], Region: ['North'] });
    assert.deepEqual(m.clear(state).selected, {});
    assert.deepEqual(m.view(m.clear(state)).datasets.length, 1);
  });

  test('grandchildren are removed with their grandparent', () => {
    const rows = [
      ...yearly({}, Y3, [1, 1, 1]),
      ...yearly({ A: 'a' }, Y3, [1, 1, 1]),
      ...yearly({ A: 'a', B: 'b' }, Y3, [1, 1, 1]),
      ...yearly({ A: 'a', B: 'b', C: 'c' }, Y3, [1, 1, 1]),
    ];
    const m = model(rows, { fields: ['A', 'B', 'C'], edges: [['A', 'B'], ['B', 'C']] });
    let state = m.toggle(m.initialState(), 'A', 'a', true);
    state = m.toggle(m.toggle(state, 'B', 'b', true), 'C', 'c', true);
    assert.deepEqual(labels(m.view(state)), ['UK', 'a', 'a, b', 'a, b, c']);
    assert.deepEqual(m.toggle(state, 'A', 'a', false).selected, {});
  });
});

// ------------------------------------------------------------------------------------------
// series and units
// ------------------------------------------------------------------------------------------

const SERIES_UNITS = [
  ...yearly({ Series: 'A', Units: 'Percent' }, Y3, [1, 2, 3]),
  ...yearly({ Series: 'A', Units: 'Percent', Sex: 'Female' }, Y3, [4, 5, 6]),
  ...yearly({ Series: 'A', Units: 'Percent', Age: 'Young' }, Y3, [7, 8, 9]),
  ...yearly({ Series: 'A', Units: 'Number' }, Y3, [10, 20, 30]),
  ...yearly({ Series: 'A', Units: 'Number', Sex: 'Female' }, Y3, [40, 50, 60]),
  ...yearly({ Series: 'A', Units: 'Total' }, Y3, [100, 200, 300]),
  ...yearly({ Series: 'B', Units: 'Number' }, Y3, [11, 12, 13]),
  ...yearly({ Series: 'B', Units: 'Number', Age: 'Old' }, Y3, [14, 15, 16]),
  ...yearly({ Series: 'C', Units: 'Number' }, Y3, [17, 18, 19]),
];
const SERIES_UNITS_CONFIG = { series: 'Series', unit: 'Units', fields: ['Sex', 'Age'] };

describe('series and units', () => {
  test('serieses and units in data order; first of each on load', () => {
    const m = model(SERIES_UNITS, SERIES_UNITS_CONFIG);
    assert.deepEqual(m.serieses, ['A', 'B', 'C']);
    const state = m.initialState();
    assert.deepEqual(state, { series: 'A', unit: 'Percent', selected: {} });
    assert.deepEqual(m.units(state), ['Percent', 'Number', 'Total']);
    assert.deepEqual(m.units(m.withSeries(state, 'B')), ['Number']);
  });

  test('rows are those of the selected series and unit', () => {
    const m = model(SERIES_UNITS, SERIES_UNITS_CONFIG);
    const state = m.withUnit(m.toggle(m.initialState(), 'Sex', 'Female', true), 'Number');
    assert.deepEqual(m.view(state).datasets.map(d => d.values), [[10, 20, 30], [40, 50, 60]]);
  });

  test('a unit change keeps the selections that still exist', () => {
    const m = model(SERIES_UNITS, SERIES_UNITS_CONFIG);
    let state = m.toggle(m.toggle(m.initialState(), 'Sex', 'Female', true), 'Age', 'Young', true);
    state = m.withUnit(state, 'Number');
    assert.deepEqual(state, { series: 'A', unit: 'Number', selected: { Sex: ['Female'] } });
    assert.deepEqual(m.filters(state).map(f => f.field), ['Sex']);
    assert.deepEqual(m.withUnit(state, 'Nonsense'), state);
  });

  test('a unit without breakdowns has no filters', () => {
    const m = model(SERIES_UNITS, SERIES_UNITS_CONFIG);
    const state = m.withUnit(m.toggle(m.initialState(), 'Sex', 'Female', true), 'Total');
    assert.deepEqual(m.filters(state), []);
    assert.deepEqual(state.selected, {});
    assert.deepEqual(labels(m.view(state)), ['UK']);
  });

  test('a series change re-initialises and limits the fields to those of the series', () => {
    const m = model(SERIES_UNITS, SERIES_UNITS_CONFIG);
    const state = m.withSeries(m.toggle(m.initialState(), 'Sex', 'Female', true), 'B');
    assert.deepEqual(state, { series: 'B', unit: 'Number', selected: {} });
    assert.deepEqual(m.filters(state).map(f => f.field), ['Age']);
    assert.deepEqual(m.filters(m.withSeries(state, 'C')), []);
    assert.deepEqual(m.withSeries(state, 'Z'), state);
  });

  test('without a unit column units() is empty and the unit null', () => {
    const m = model(SEX_AGE, { ...SEX_AGE_CONFIG, unit: 'Units' });
    assert.deepEqual(m.units(m.initialState()), []);
    assert.equal(m.initialState().unit, null);
    assert.deepEqual(m.serieses, []);
  });

  test('the first unit with a headline is chosen when the first unit has none', () => {
    const rows = [
      ...yearly({ Units: 'Percent', Sex: 'Female' }, Y3, [1, 2, 3]),
      ...yearly({ Units: 'Number' }, Y3, [4, 5, 6]),
    ];
    const m = model(rows, { unit: 'Units', fields: ['Sex'] });
    assert.deepEqual(m.initialState(), { series: null, unit: 'Number', selected: {} });
  });
});

// ------------------------------------------------------------------------------------------
// starting selections
// ------------------------------------------------------------------------------------------

describe('starting selection', () => {
  test('no headline: the single-breakdown combination is selected', () => {
    const rows = [
      ...yearly({ Sex: 'Male', Age: 'Young' }, Y3, [1, 2, 3]),
      ...yearly({ Sex: 'Male' }, Y3, [4, 5, 6]),
      ...yearly({ Age: 'Old' }, Y3, [7, 8, 9]),
      ...yearly({ Sex: 'Female' }, Y3, [10, 11, 12]),
    ];
    const m = model(rows, SEX_AGE_CONFIG);
    // all singles tie on size; Sex decides first, Female < Male as text, and a blank Sex comes last
    assert.deepEqual(m.initialState().selected, { Sex: ['Female'] });
    assert.deepEqual(labels(m.view(m.initialState())), ['Female']);
  });

  test('no headline, only double breakdowns: that combination', () => {
    const rows = [
      ...yearly({ Sex: 'Male', Age: 'Young' }, Y3, [1, 2, 3]),
      ...yearly({ Sex: 'Male', Age: 'Old' }, Y3, [4, 5, 6]),
    ];
    const m = model(rows, SEX_AGE_CONFIG);
    assert.deepEqual(m.initialState().selected, { Sex: ['Male'], Age: ['Old'] });
    assert.deepEqual(labels(m.view(m.initialState())), ['Male, Old']);
  });

  test('no headline with units: the minimum selection of the selected unit', () => {
    const rows = [
      ...yearly({ Units: 'Percent', Sex: 'Male', Age: 'Old' }, Y3, [1, 2, 3]),
      ...yearly({ Units: 'Number', Age: 'Young' }, Y3, [4, 5, 6]),
    ];
    const m = model(rows, { unit: 'Units', fields: ['Sex', 'Age'] });
    assert.deepEqual(m.initialState(), { series: null, unit: 'Percent', selected: { Sex: ['Male'], Age: ['Old'] } });
    // switching to a unit where the kept selection draws nothing falls back to its minimum selection
    assert.deepEqual(m.withUnit(m.initialState(), 'Number').selected, { Age: ['Young'] });
  });

  test('data_start_values are selected, with their series and unit', () => {
    const m = model(SERIES_UNITS, { ...SERIES_UNITS_CONFIG, start: [
      { field: 'Units', value: 'Number' }, { field: 'Sex', value: 'Female' }, { field: 'Nope', value: 'x' },
      { field: 'Series', value: 'A' }] });
    assert.deepEqual(m.initialState(), { series: 'A', unit: 'Number', selected: { Sex: ['Female'] } });
    assert.deepEqual(labels(m.view(m.initialState())), ['UK', 'Female']);
  });

  test('data_start_values fall back when they give no data, and are re-applied on series change', () => {
    const m = model(SERIES_UNITS, { ...SERIES_UNITS_CONFIG, start: [{ field: 'Sex', value: 'Female' }] });
    const first = m.initialState();
    assert.deepEqual(first, { series: 'A', unit: 'Percent', selected: { Sex: ['Female'] } });
    const b = m.withSeries(first, 'B');
    assert.deepEqual(b.selected, {});
    assert.deepEqual(labels(m.view(b)), ['UK']);
    assert.deepEqual(m.withSeries(b, 'A'), first);
  });

  test('data_start_values naming a series start there', () => {
    const m = model(SERIES_UNITS, { ...SERIES_UNITS_CONFIG, start: [{ field: 'Series', value: 'B' },
      { field: 'Age', value: 'Old' }] });
    assert.deepEqual(m.initialState(), { series: 'B', unit: 'Number', selected: { Age: ['Old'] } });
  });

  test('start values without data and no headline: minimum selection', () => {
    const rows = [...yearly({ Sex: 'Male' }, Y3, [1, 2, 3]), ...yearly({ Age: 'Old' }, Y3, [4, 5, 6])];
    const m = model(rows, { ...SEX_AGE_CONFIG, start: [{ field: 'Sex', value: 'Female' }] });
    assert.deepEqual(m.initialState().selected, { Sex: ['Male'] });
  });
});

// ------------------------------------------------------------------------------------------
// csv
// ------------------------------------------------------------------------------------------

describe('csv', () => {
  test('exactly the rows behind the shown datasets, every column, header first', () => {
    const m = model(SEX_AGE, SEX_AGE_CONFIG);
    const csv = m.csv(m.toggle(m.toggle(m.initialState(), 'Sex', 'Male', true), 'Age', 'Old', true));
    assert.equal(csv, [
      'Year,Sex,Age,Value',
      '2015,,,10', '2016,,,11', '2017,,,12',
      '2015,Male,,4', '2016,Male,,5', '2017,Male,,6',
      '2015,,Old,17', '2016,,Old,18', '2017,,Old,19',
      '2015,Male,Old,27', '2016,Male,Old,', '2017,Male,Old,29',
      '',
    ].join('\r\n'));
  });

  test('the cap applies to the download too', () => {
    const rows = ['A', 'B', 'C'].flatMap((area, i) => yearly({ Area: area }, ['2015'], [i]));
    const m = model(rows, { fields: ['Area'], max_lines: 2 });
    assert.equal(m.csv(m.selectAll(m.initialState(), 'Area')), 'Year,Area,Value\r\n2015,A,0\r\n2015,B,1\r\n');
  });

  test('RFC 4180 quoting and the formula guard; numbers are left alone', () => {
    const rows = [
      { Year: '2015', Name: 'a, b', Value: -1.5 },
      { Year: '2015', Name: 'say "hi"', Value: 0 },
      { Year: '2015', Name: 'line\nbreak', Value: 2 },
      { Year: '2015', Name: '=HYPERLINK("x")', Value: 3 },
      { Year: '2015', Name: '+1', Value: 4 },
      { Year: '2015', Name: '-2', Value: 5 },
      { Year: '2015', Name: '@SUM(A1)', Value: 6 },
      { Year: '2015', Name: 'plain', Value: null },
    ];
    const m = model(rows, { fields: ['Name'] });
    const csv = m.csv(m.selectAll(m.initialState(), 'Name'));
    assert.equal(csv, [
      'Year,Name,Value',
      '2015,"a, b",-1.5',
      '2015,"say ""hi""",0',
      '2015,"line\nbreak",2',
      '2015,"\'=HYPERLINK(""x"")",3',
      "2015,'+1,4",
      "2015,'-2,5",
      "2015,'@SUM(A1),6",
      '2015,plain,',
      '',
    ].join('\r\n'));
  });

  test('series, unit, geocode and attribute columns are included', () => {
    const rows = [{ Year: '2015', Series: 'A', Units: 'Percent', GeoCode: 'E1', Status: 'Estimated', Value: 1 },
      { Year: '2015', Series: 'B', Units: 'Percent', Value: 2 }];
    const m = model(rows, { series: 'Series', unit: 'Units', geo: 'GeoCode', attributes: ['Status'] });
    assert.equal(m.csv(m.initialState()),
      'Year,Series,Units,GeoCode,Status,Value\r\n2015,A,Percent,E1,Estimated,1\r\n');
  });
});

// ------------------------------------------------------------------------------------------
// URL state
// ------------------------------------------------------------------------------------------

describe('encode and decode', () => {
  const m = model(SERIES_UNITS, SERIES_UNITS_CONFIG);

  test('the initial state encodes as nothing', () => {
    assert.equal(m.encode(m.initialState()), '');
    assert.deepEqual(m.decode(''), m.initialState());
  });

  test('series, unit and selections in order', () => {
    let state = m.withUnit(m.initialState(), 'Number');
    state = m.toggle(state, 'Sex', 'Female', true);
    assert.equal(m.encode(state), 'unit=Number&Sex=Female');
    assert.deepEqual(m.decode('unit=Number&Sex=Female'), state);
    const b = m.toggle(m.withSeries(state, 'B'), 'Age', 'Old', true);
    assert.equal(m.encode(b), 'series=B&Age=Old');
    assert.deepEqual(m.decode('?series=B&Age=Old'), b);
  });

  test('values are escaped', () => {
    const rows = [...yearly({}, Y3, [1, 2, 3]), ...yearly({ 'Age group': 'a&b = c+d, é' }, Y3, [1, 2, 3])];
    const mm = model(rows, { fields: ['Age group'] });
    const state = mm.selectAll(mm.initialState(), 'Age group');
    const query = mm.encode(state);
    assert.equal(query, 'Age%20group=a%26b%20%3D%20c%2Bd%2C%20%C3%A9');
    assert.deepEqual(mm.decode(query), state);
  });

  test('a cleared selection survives when the start has one', () => {
    const mm = model(SERIES_UNITS, { ...SERIES_UNITS_CONFIG, start: [{ field: 'Sex', value: 'Female' }] });
    const cleared = mm.clear(mm.initialState());
    assert.equal(mm.encode(cleared), 'Sex=');
    assert.deepEqual(mm.decode(mm.encode(cleared)), cleared);
    assert.equal(mm.encode(mm.initialState()), '');
  });

  test('garbage falls back to the initial pieces and always gives a valid state', () => {
    const initial = m.initialState();
    for (const query of [null, undefined, 42, '', '&&&', '=', 'series', 'series=Nope&unit=Nope', '%E0%A4%A=1',
      'Sex=%E0%A4%A', 'Nope=1&Sex=Nobody', '__proto__=x&constructor=y', 'toString=1']) {
      assert.deepEqual(m.decode(query), initial, String(query));
    }
    assert.deepEqual(m.decode('series=C&unit=Percent&Sex=Female'), { series: 'C', unit: 'Number', selected: {} });
    assert.deepEqual(m.decode('series=B&unit=Number&Age=Old&Age=Old&Age=Young'),
      { series: 'B', unit: 'Number', selected: { Age: ['Old'] } });
  });

  test('child values without their parent are dropped', () => {
    const mm = model(REGIONS, REGIONS_CONFIG);
    assert.deepEqual(mm.decode('Local%20authority=LA1').selected, {});
    assert.deepEqual(mm.decode('Local%20authority=LA1&Region=North').selected,
      { Region: ['North'], 'Local authority': ['LA1'] });
  });
});

// ------------------------------------------------------------------------------------------
// map
// ------------------------------------------------------------------------------------------

const MAP_ROWS = [
  ...yearly({}, ['2015', '2016'], [50, 51]),
  { Year: '2015', Region: 'North', GeoCode: 'E1', Value: 0 },
  { Year: '2016', Region: 'North', GeoCode: 'E1', Value: 5, Status: 'Estimated' },
  { Year: '2015', Region: 'South', GeoCode: 'E2', Value: 9 },
  { Year: '2016', Region: 'South', GeoCode: 'E2', Value: null },
  { Year: '2015', Sex: 'Female', Value: 30 },
  { Year: '2015', Sex: 'Female', Region: 'North', GeoCode: 'E1', Value: -3 },
  { Year: '2015', Sex: 'Female', Region: 'South', GeoCode: 'E2', Value: 7 },
];
const MAP_CONFIG = { fields: ['Sex', 'Region'], geo: 'GeoCode', attributes: ['Status'],
  map: { layers: [], colours: [], no_value_colour: '#f0f0f0', region_fields: ['Region'] } };

describe('mapView', () => {
  test('null without a geocode column or map configuration', () => {
    assert.equal(model(MAP_ROWS, { ...MAP_CONFIG, map: null }).mapView({}), null);
    assert.equal(model(MAP_ROWS, { ...MAP_CONFIG, geo: null }).mapView({}), null);
  });

  test('headline-like key: regions without other breakdowns, 0 is data, null skipped', () => {
    const m = model(MAP_ROWS, MAP_CONFIG);
    const map = m.mapView(m.initialState());
    assert.deepEqual(map.key, {});
    assert.deepEqual(map.years, ['2015', '2016']);
    assert.deepEqual([...map.values.get('2015')], [['E1', { value: 0, notes: '' }], ['E2', { value: 9, notes: '' }]]);
    assert.deepEqual([...map.values.get('2016')], [['E1', { value: 5, notes: 'Estimated' }]]);
    assert.equal(map.min, 0);
    assert.equal(map.max, 9);
  });

  test('the key is the first shown dataset without its region fields', () => {
    const m = model(MAP_ROWS, MAP_CONFIG);
    const female = m.mapView(m.toggle(m.initialState(), 'Sex', 'Female', true));
    assert.deepEqual(female.key, { Sex: 'Female' });
    assert.deepEqual(female.years, ['2015']);
    assert.deepEqual([...female.values.get('2015').keys()], ['E1', 'E2']);
    assert.equal(female.min, -3);
    assert.equal(female.max, 7);
    const north = m.mapView(m.toggle(m.initialState(), 'Region', 'North', true));
    assert.deepEqual(north.key, {});
    assert.equal(north.max, 9);
  });

  test('no values: no years', () => {
    const m = model(MAP_ROWS.map(r => ({ ...r, Value: null })), MAP_CONFIG);
    const map = m.mapView(m.initialState());
    assert.deepEqual(map.years, []);
    assert.equal(map.values.size, 0);
  });
});

// ------------------------------------------------------------------------------------------
// property-style tests over random small tables
// ------------------------------------------------------------------------------------------

/** mulberry32: a tiny seeded PRNG so failures reproduce. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCase(rand) {
  const pick = list => list[Math.floor(rand() * list.length)];
  const fields = ['F1', 'F2', 'F3'].slice(0, 1 + Math.floor(rand() * 3));
  const valuesOf = { F1: ['a', 'b', 'c'], F2: ['x', 'y'], F3: ['p', 'q', '=r'] };
  const series = rand() < 0.5 ? ['S1', 'S2'] : null;
  const units = rand() < 0.5 ? ['U1', 'U2'] : null;
  const edges = fields.includes('F2') && rand() < 0.5 ? [['F1', 'F2']] : [];
  const rows = [];
  const count = 1 + Math.floor(rand() * 40);
  for (let i = 0; i < count; i++) {
    const row = { Year: pick(['2015', '2016', '2017', '2018']) };
    if (series) row.Series = pick(series);
    if (units) row.Units = pick(units);
    for (const f of fields) if (rand() < 0.5) row[f] = pick(valuesOf[f]);
    if (edges.length && row.F2 && !row.F1) row.F1 = pick(valuesOf.F1);
    row.Value = rand() < 0.15 ? null : Math.round(rand() * 100) - 20;
    rows.push(row);
  }
  const names = ['Year', ...(series ? ['Series'] : []), ...(units ? ['Units'] : []), ...fields];
  const config = pageConfig({ series: series && 'Series', unit: units && 'Units', fields, edges,
    max_lines: rand() < 0.3 ? 2 : 50 });
  return { rows, names, fields, config, table: decode(compact(rows, names)) };
}

/** Every non-empty set of selected field/value pairs with at most one value per field (Open SDG). */
function powerSet(selected, fields) {
  let combos = [{}];
  for (const f of fields) {
    const next = [];
    for (const combo of combos) {
      next.push(combo);
      for (const v of selected[f] || []) next.push({ ...combo, [f]: v });
    }
    combos = next;
  }
  return combos.filter(c => Object.keys(c).length > 0);
}

/** Brute force: the rows of the state's series and unit whose breakdowns are exactly `key`. */
function rowsBehind(c, state, key) {
  return c.rows.filter(r => (!c.config.series || r.Series === state.series)
    && (!c.config.unit || (r.Units || null) === state.unit)
    && c.fields.every(f => (r[f] || null) === (key[f] || null)));
}

/** Brute force: per year, the first non-null value of the rows behind a key. */
function expectedValues(c, state, key, years) {
  const rows = rowsBehind(c, state, key);
  return years.map(year => {
    const found = rows.find(r => r.Year === year && r.Value !== null);
    return found ? found.Value : null;
  });
}

/** Display order written independently: size, then per field (blank last) the column order of values. */
function displayOrder(c) {
  const rank = (k, f) => (k[f] === undefined ? Infinity : c.table.columns[f].values.indexOf(k[f]));
  return (a, b) => {
    const size = Object.keys(a).length - Object.keys(b).length;
    if (size) return size;
    for (const f of c.fields) if (rank(a, f) !== rank(b, f)) return rank(a, f) < rank(b, f) ? -1 : 1;
    return 0;
  };
}

function randomState(m, rand) {
  const pickFrom = list => list[Math.floor(rand() * list.length)];
  let state = m.initialState();
  if (m.serieses.length && rand() < 0.5) state = m.withSeries(state, pickFrom(m.serieses));
  const units = m.units(state);
  if (units.length && rand() < 0.5) state = m.withUnit(state, pickFrom(units));
  for (let k = 0; k < 6; k++) {
    const filters = m.filters(state);
    if (!filters.length) break;
    const f = pickFrom(filters);
    state = rand() < 0.1 ? m.clear(state, f.field) : m.toggle(state, f.field, pickFrom(f.values).value);
  }
  return state;
}

/** Filters agree with the rows: listed values occur, children gated, availability by co-occurrence. */
function checkFilters(c, m, state, round) {
  const rows = c.rows.filter(r => (!c.config.series || r.Series === state.series)
    && (!c.config.unit || (r.Units || null) === state.unit));
  for (const f of m.filters(state)) {
    const parent = (c.config.edges.find(([, child]) => child === f.field) || [])[0];
    const parentSelected = parent ? state.selected[parent] || [] : [];
    assert.equal(f.allowed, !parent || parentSelected.length > 0, `round ${round} ${f.field}`);
    for (const v of f.values) {
      assert.ok(rows.some(r => r[f.field] === v.value), `round ${round} ${f.field}=${v.value}`);
      const cooccurs = rows.some(r => r[f.field] === v.value && parentSelected.includes(r[parent]));
      assert.equal(v.hasData, !parent || !f.allowed || cooccurs, `round ${round} ${f.field}=${v.value}`);
      assert.equal(v.selected, (state.selected[f.field] || []).includes(v.value));
    }
  }
}

describe('properties over random tables', () => {
  test('datasets match the rows and the power-set semantics; decode(encode(s)) is s', () => {
    const rand = prng(20240611);
    for (let round = 0; round < 300; round++) {
      const c = randomCase(rand);
      const m = createModel(c.table, c.config);
      const state = randomState(m, rand);
      assert.deepEqual(m.normalise(state), state);
      checkFilters(c, m, state, round);
      const view = m.view(state);
      for (const d of view.datasets) {
        assert.deepEqual(d.values, expectedValues(c, state, d.key, view.years), `round ${round} ${d.label}`);
      }
      if (view.years.length) {
        for (const at of [0, view.years.length - 1]) assert.ok(view.datasets.some(d => d.values[at] !== null));
      }
      const expected = powerSet(state.selected, c.fields).filter(key => rowsBehind(c, state, key).length > 0)
        .sort(displayOrder(c));
      assert.equal(view.total, expected.length, `round ${round}`);
      assert.deepEqual(view.datasets.filter(d => !d.headline).map(d => d.key),
        expected.slice(0, c.config.max_lines), `round ${round}`);
      assert.equal(view.shown, Math.min(expected.length, c.config.max_lines));
      const behind = view.datasets.reduce((n, d) => n + rowsBehind(c, state, d.key).length, 0);
      assert.equal(m.csv(state).split('\r\n').length - 2, behind, `round ${round}`);
      assert.deepEqual(m.decode(m.encode(state)), state, `round ${round} ${m.encode(state)}`);
      assert.deepEqual(m.decode(m.encode(m.initialState())), m.initialState());
    }
  });
});
