// Pure logic of the map (no DOM, no Leaflet), so node --test can check it:
// colour classes, legend bounds and which value each region shows.
// The class rule is the same as the build-time SVG's (sdgkit.site.maps.colour_class),
// so the static map and the interactive one colour a value alike.

/** Equal-interval class of `value` in [min, max]; 0 is a value like any other.
 *  A boundary belongs to the class above it, the maximum to the last class;
 *  when min === max there is no scale and every value takes the middle class. */
export function classOf(value, min, max, classes) {
  if (!(max > min)) return Math.floor(classes / 2);
  const position = Math.floor(((value - min) / (max - min)) * classes);
  return Math.min(Math.max(position, 0), classes - 1);
}

/** [from, to] of each class, as the legend states them (one pair when min === max). */
export function classBounds(min, max, classes) {
  if (!(max > min)) return [[min, max]];
  const step = (max - min) / classes;
  return Array.from({ length: classes }, (_, i) => [min + step * i, i === classes - 1 ? max : min + step * (i + 1)]);
}

/** A number that can be coloured: null, undefined, NaN and infinities cannot. */
export function isValue(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The min and max over every year. With `ids` (the layer's region ids), only of the regions the
 *  layer draws, after `replacements`: a country's total on a map of districts would stretch the
 *  scale (and the static map, sdgkit.site.maps, leaves it out too). Without, the view's own min and
 *  max when it gives them, else those of every value. */
export function rangeOf(view, replacements, ids) {
  if (!ids && isValue(view.min) && isValue(view.max)) return [view.min, view.max];
  let min = Infinity;
  let max = -Infinity;
  for (const yearValues of view.values.values()) {
    for (const [id, entry] of regionEntries(yearValues, replacements)) {
      if (ids && !ids.has(id)) continue;
      if (entry.value < min) min = entry.value;
      if (entry.value > max) max = entry.value;
    }
  }
  return min <= max ? [min, max] : [0, 0];
}

/** Decimals a legend shows its class bounds with: two significant digits of a class's width. The
 *  bounds are computed, not data, so 1,523.333263 would be false precision; null: no scale, the one
 *  value is shown as it is. */
export function legendDecimals(min, max, classes) {
  const step = (max - min) / classes;
  if (!(step > 0) || !Number.isFinite(step)) return null;
  return Math.min(6, Math.max(0, 1 - Math.floor(Math.log10(step))));
}

/** `value` rounded half up to `decimals` (null: unchanged), without a negative zero. */
export function roundTo(value, decimals) {
  if (decimals === null || decimals === undefined) return value;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor || 0;
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
