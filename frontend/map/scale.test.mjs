// Unit tests of the map's pure logic (node --test frontend/).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classBounds, classOf, legendDecimals, notesText, rangeOf, regionEntries, regionsWithData, roundTo,
  startYear } from './scale.js';

const view = (values, extra = {}) => ({
  key: 'k', years: Object.keys(values),
  values: new Map(Object.entries(values).map(([year, regions]) => [year, new Map(Object.entries(regions))])),
  min: null, max: null, ...extra,
});

test('classes are equal intervals, the maximum in the last, 0 like any value', () => {
  assert.equal(classOf(0, 0, 70, 7), 0);
  assert.equal(classOf(9.99, 0, 70, 7), 0);
  assert.equal(classOf(10, 0, 70, 7), 1);
  assert.equal(classOf(70, 0, 70, 7), 6);
  assert.equal(classOf(-5, -10, 0, 7), 3);
  assert.equal(classOf(5, 5, 5, 7), 3);  // no scale: the middle class
});

test('legend bounds match the classes', () => {
  assert.deepEqual(classBounds(0, 70, 7)[1], [10, 20]);
  assert.equal(classBounds(0, 70, 7)[6][1], 70);
  assert.deepEqual(classBounds(4, 4, 7), [[4, 4]]);
});

test('range comes from the view, else from every value; null values are not values', () => {
  assert.deepEqual(rangeOf(view({ 2020: { A: { value: 1 } } }, { min: 0, max: 9 })), [0, 9]);
  assert.deepEqual(rangeOf(view({ 2020: { A: { value: 0 }, B: { value: null } }, 2021: { A: { value: 4 } } })), [0, 4]);
  assert.deepEqual(rangeOf(view({ 2020: { A: { value: null } } })), [0, 0]);
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

test('a layer\'s range is of its own regions, after id replacements', () => {
  const v = view({ 2020: { UK: { value: 900 }, OLD: { value: 5 }, B: { value: 1 } }, 2021: { B: { value: 3 } } },
    { min: 1, max: 900 });
  assert.deepEqual(rangeOf(v), [1, 900]);
  assert.deepEqual(rangeOf(v, { OLD: 'A' }, new Set(['A', 'B'])), [1, 5]);
  assert.deepEqual(rangeOf(v, null, new Set(['Z'])), [0, 0]);
});

test('legend bounds are rounded to two significant digits of a class', () => {
  assert.equal(legendDecimals(0, 10663.33, 7), 0);
  assert.equal(legendDecimals(0, 70, 7), 0);
  assert.equal(legendDecimals(0, 7, 7), 1);
  assert.equal(legendDecimals(-0.2, 0.07, 7), 3);
  assert.equal(legendDecimals(4, 4, 7), null);
  assert.equal(roundTo(1523.333263, 0), 1523);
  assert.equal(roundTo(0.0385, 3), 0.039);
  assert.ok(Object.is(roundTo(-0.0001, 2), 0));
  assert.equal(roundTo(1.23456, null), 1.23456);
});
