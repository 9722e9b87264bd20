// Unit tests of the map's pure logic (node --test frontend/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { classBounds, classOf, legendDecimals, legendRows, notesText, regionEntries, regionsWithData, roundTo,
  scaleOf, scaleValues, startYear } from './scale.js';

// the cases the build's static map (tests/test_site_maps.py) is checked against too
const CASES = JSON.parse(readFileSync(new URL('../../tests/fixtures/maps/quantile-cases.json', import.meta.url), 'utf8'));

const view = (values, extra = {}) => ({
  key: 'k', years: Object.keys(values),
  values: new Map(Object.entries(values).map(([year, regions]) => [year, new Map(Object.entries(regions))])),
  min: null, max: null, ...extra,
});

for (const c of CASES.cases) {
  test(`quantile classes as the build's: ${c.name}`, () => {
    const scale = scaleOf(c.values, CASES.colours);
    assert.deepEqual(c.values.map(value => classOf(value, scale)), c.colour);
    assert.deepEqual(classBounds(scale), c.bounds);
    assert.equal(legendDecimals(scale), c.decimals);
    assert.deepEqual(legendRows(scale), c.legend);
  });
}

test('quantile classes: never empty, equal values alike, the maximum darkest, 0 a value', () => {
  const values = [0, 0, 0, 0, 0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 10000];
  const scale = scaleOf([...values, null, NaN, Infinity], 7);
  const colours = values.map(value => classOf(value, scale));
  assert.deepEqual([...new Set(colours)], [0, 1, 2, 3, 4, 5, 6]);  // every class used, in order
  assert.equal(classOf(10000, scale), 6);
  assert.equal(classOf(0, scale), 0);
  assert.equal(classOf(-1, scale), 0);  // outside the scale: the nearest class
  assert.equal(classOf(20000, scale), 6);
  assert.deepEqual(legendRows(scaleOf([3, 3, 9], 7)), [[0, 3, 3], [6, 9, 9]]);  // two values: two rows
  assert.deepEqual(legendRows(scaleOf([], 7)), []);
});

test('the scale spans every year; with ids, only the layer\'s regions, after id replacements', () => {
  const v = view({ 2020: { UK: { value: 900 }, OLD: { value: 5 }, B: { value: 1 } }, 2021: { B: { value: 0 }, C: { value: null } } });
  assert.deepEqual(scaleValues(v).sort(), [0, 1, 5, 900]);
  assert.deepEqual(scaleValues(v, { OLD: 'A' }, new Set(['A', 'B'])).sort(), [0, 1, 5]);
  assert.deepEqual(scaleValues(v, null, new Set(['Z'])), []);
});

test('region entries apply id replacements, keep 0, drop missing values', () => {
  const year = new Map([['OLD', { value: 0 }], ['B', { value: null }], ['C', { value: 2 }]]);
  const entries = regionEntries(year, { OLD: 'NEW' });
  assert.deepEqual([...entries.keys()], ['NEW', 'C']);
  assert.equal(entries.get('NEW').value, 0);
  assert.equal(regionEntries(undefined, null).size, 0);
  assert.deepEqual([...regionsWithData(view({ 2020: { A: { value: 1 } }, 2021: { B: { value: 0 } } }))], ['A', 'B']);
});

test('the map starts at the latest year with a value', () => {
  assert.equal(startYear(view({ 2019: { A: { value: 1 } }, 2020: { A: { value: 2 } }, 2021: { A: { value: null } } })), '2020');
  assert.equal(startYear(view({})), null);
});

test('notes of any shape become one line', () => {
  assert.equal(notesText(null), '');
  assert.equal(notesText('Provisional'), 'Provisional');
  assert.equal(notesText(['a', '', 'b']), 'a; b');
  assert.equal(notesText({ COMMENT_OBS: 'x', Status: 'y' }), 'x; y');
});

test('legend bounds are rounded half up, without a negative zero', () => {
  assert.equal(roundTo(1523.333263, 0), 1523);
  assert.equal(roundTo(0.0385, 3), 0.039);
  assert.ok(Object.is(roundTo(-0.0001, 2), 0));
  assert.equal(roundTo(1.23456, null), 1.23456);
});
