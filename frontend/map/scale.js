// Pure logic of the map (no DOM, no Leaflet), so node --test can check it:
// colour classes, legend bounds and which value each region shows.
// The class rule (quantiles of the distinct values) is the same as the build-time SVG's
// (sdgkit.site.maps.ColourScale), so the static map and the interactive one colour a value alike;
// tests/fixtures/maps/quantile-cases.json holds cases both must agree on.

/** The most decimals a legend bound is given to tell it from its neighbour (beyond: shown unrounded). */
export const MAX_DECIMALS = 10;

/** Quantile classes: the distinct values in order (missing and infinite ones left out; 0 is a value),
 *  cut into at most `colours` classes. Distinct values, not every value: equal values share a colour,
 *  so a value many regions have cannot make two breaks coincide and leave a class empty; with fewer
 *  distinct values than colours each value is a class. As sdgkit.site.maps.colour_scale. */
export function scaleOf(values, colours) {
  const distinct = [...new Set([...values].filter(isValue).map(value => value + 0))].sort((a, b) => a - b);
  return { values: distinct, colours, classes: Math.min(colours, distinct.length) };
}

/** Position of `value` among the scale's distinct values (clamped to the first and the last). */
function rankOf(value, scale) {
  const sorted = scale.values;
  let low = 0;
  let high = sorted.length;  // first index whose value is > value
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return Math.min(Math.max(low - 1, 0), sorted.length - 1);
}

/** The class of `value`: the i-th holds the distinct values of rank i·n/k (rounded up) to (i+1)·n/k. */
export function classIndex(value, scale) {
  return Math.floor((rankOf(value, scale) * scale.classes) / scale.values.length);
}

/** The colour (index into the ramp) of class `index`: the first the lightest, the last the darkest;
 *  fewer classes are spread over the ramp, a single value takes the middle colour. */
export function classColour(index, scale) {
  const { classes, colours } = scale;
  if (classes <= 1) return Math.floor(colours / 2);
  return Math.floor((2 * index * (colours - 1) + classes - 1) / (2 * (classes - 1)));
}

/** The colour (index into the ramp) of `value` on `scale`. */
export function classOf(value, scale) {
  return classColour(classIndex(value, scale), scale);
}

/** [lowest, highest] data value of each class, as the legend states them. */
export function classBounds(scale) {
  const bounds = [];
  scale.values.forEach((value, rank) => {
    if (Math.floor((rank * scale.classes) / scale.values.length) === bounds.length) bounds.push([value, value]);
    else bounds[bounds.length - 1][1] = value;
  });
  return bounds;
}

/** A number that can be coloured: null, undefined, NaN and infinities cannot. */
export function isValue(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Every value the scale spans: all years; with `ids` (the layer's region ids), only of the regions
 *  the layer draws, after `replacements`: a country's total on a map of districts would stretch the
 *  scale (and the static map, sdgkit.site.maps, leaves it out too). */
export function scaleValues(view, replacements, ids) {
  const values = [];
  for (const yearValues of view.values.values()) {
    for (const [id, entry] of regionEntries(yearValues, replacements)) {
      if (!ids || ids.has(id)) values.push(entry.value);
    }
  }
  return values;
}

/** Decimals a legend shows its class bounds with: two significant digits of an equal-interval class's
 *  width (1,523.333263 would be false precision), more when that would make two neighbouring classes
 *  read alike or a class's range one number; a class may end with the number the next starts with.
 *  null: a single value, shown as it is. As sdgkit.site.maps.legend_decimals. */
export function legendDecimals(scale) {
  if (scale.classes < 2) return null;
  const sorted = scale.values;
  const step = (sorted[sorted.length - 1] - sorted[0]) / scale.colours;
  let decimals = Math.min(6, Math.max(0, 1 - Math.floor(Math.log10(step))));
  const bounds = classBounds(scale);
  for (; decimals <= MAX_DECIMALS; decimals += 1) {
    const rows = bounds.map(([low, high]) => [roundTo(low, decimals), roundTo(high, decimals)]);
    const ranges = rows.every(([a, b], i) => (a < b) === (bounds[i][0] < bounds[i][1]));
    const distinct = rows.every(([a, b], i) => i === 0 || a !== rows[i - 1][0] || b !== rows[i - 1][1]);
    if (ranges && distinct) return decimals;
  }
  return null;
}

/** (colour index, from, to) of each class, bounds rounded as the legend shows them. */
export function legendRows(scale) {
  const decimals = legendDecimals(scale);
  return classBounds(scale).map(([from, to], i) => [classColour(i, scale), roundTo(from, decimals), roundTo(to, decimals)]);
}

/** `value` rounded half up to `decimals` (null: unchanged), without a negative zero; the same
 *  arithmetic as the build's, so both legends agree. */
export function roundTo(value, decimals) {
  if (decimals === null || decimals === undefined) return value;
  const factor = 10 ** decimals;
  return Math.floor(value * factor + 0.5) / factor + 0;
}

/** The year's entries keyed by region id: a layer's `id_replacements` map data geocodes to
 *  boundary ids (Open SDG map_layers), the first entry of a region wins. */
export function regionEntries(yearValues, replacements) {
  const result = new Map();
  if (!yearValues) return result;
  for (const [code, entry] of yearValues) {
    const id = (replacements && Object.prototype.hasOwnProperty.call(replacements, code)) ? replacements[code] : code;
    if (!result.has(String(id)) && entry && isValue(entry.value)) result.set(String(id), entry);
  }
  return result;
}

/** Ids of the regions that have a value in any year (the map fits its view to them). */
export function regionsWithData(view, replacements) {
  const ids = new Set();
  for (const yearValues of view.values.values()) {
    for (const id of regionEntries(yearValues, replacements).keys()) ids.add(id);
  }
  return ids;
}

/** Observation footnotes as one line, whatever shape the model gives them. */
export function notesText(notes) {
  if (notes === null || notes === undefined || notes === '') return '';
  if (typeof notes === 'string') return notes;
  const parts = Array.isArray(notes) ? notes : Object.values(notes);
  return parts.filter(part => part !== null && part !== undefined && part !== '').map(String).join('; ');
}

/** The year to start at: the latest with data (years are in time order), else the last. */
export function startYear(view) {
  for (let i = view.years.length - 1; i >= 0; i -= 1) {
    const values = view.values.get(view.years[i]);
    if (values && [...values.values()].some(entry => entry && isValue(entry.value))) return view.years[i];
  }
  return view.years.length ? view.years[view.years.length - 1] : null;
}
