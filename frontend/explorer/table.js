// The data table that follows the selection, plus the small DOM and number helpers the other
// view modules share (this module imports nothing, so they can all use it without a cycle).

let uid = 0;
export const nextId = p => `ex-${p}-${++uid}`;

// h('button', {type: 'button', class: 'x', onclick: fn}, 'text', child…): attributes are set as
// attributes (aria-*, data-*), on* as listeners; false/null leave the attribute out.
export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const k in props || {}) {
    const v = props[k];
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v != null && v !== false) el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...kids.flat().filter(k => k != null && k !== false));
  return el;
}

// "Showing {shown} of {total}" with {name} placeholders; a missing value leaves the placeholder out
export const fill = (template, values) => String(template || '').replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : ''));

// Numbers as the static pages write them (sdgkit.site.locale): the page's locale, the setting's
// precision (null = as the data has, at most 6 decimals), a site's own decimal separator if any.
export function formatter(locale, separator, precision) {
  const digits = precision == null ? { maximumFractionDigits: 6 }
    : { minimumFractionDigits: precision, maximumFractionDigits: precision };
  let nf;
  try {
    nf = new Intl.NumberFormat(locale || undefined, digits);
  } catch (e) { // a locale the browser does not know
    nf = new Intl.NumberFormat(undefined, digits);
  }
  if (!separator) return v => nf.format(v);
  return v => nf.formatToParts(v).map(p => (p.type === 'decimal' ? separator : p.value)).join('');
}

// A dataset's identity as text (the model's key is its combination, {field: value})
export const dsId = ds => (typeof ds.key === 'string' ? ds.key : JSON.stringify(ds.key));

// A dataset's note for one period: the model gives text (may be '') or a list of texts.
export const notesAt = (ds, i) => [].concat((ds.notes && ds.notes[i]) || []).filter(Boolean);

/* The table: caption = chart title, one row per period (<th scope=row>), one column per dataset,
   footnote markers numbered in reading order of the default sort, sortable column headers. */
export function createTable(config) {
  const text = config.text, captionId = nextId('caption'), notesId = nextId('notes');
  const caption = h('caption', { id: captionId });
  const table = h('table', { class: 'data-table', id: 'selectionsTable' }, caption);
  const region = h('div', { class: 'table-scroll', role: 'region', tabindex: 0, 'aria-labelledby': captionId }, table);
  const notes = h('ol', { class: 'footnotes', id: notesId, 'aria-label': text.footnotes });
  const targets = h('dl', { class: 'target-lines' });
  const el = h('div', { class: 'ex-table' }, region, targets, notes);
  // sorted column by dataset key (null = the period), so it survives datasets coming and going
  let sort = { key: null, dir: 1 }, last = null;

  const cell = (value, marks, show) => {
    const td = h('td');
    if (value == null) td.append(h('span', { 'aria-hidden': 'true' }, '–'), h('span', { class: 'visually-hidden' }, text.no_data));
    else td.append(show(value));
    marks.forEach(n => td.append(' ', h('sup', null, h('a', { href: `#${notesId}-${n}`, class: 'note-ref' }, `[${n}]`))));
    return td;
  };

  function draw() {
    const { view, title, format } = last, { years, datasets, setting } = view;
    const binary = setting && setting.kind === 'binary';
    const show = binary ? v => (v > 0 ? text.yes : text.no) : format;
    // footnote numbers by first appearance (period ascending, columns left to right), stable under sorting
    const numbers = new Map(), marks = years.map((y, i) => datasets.map(ds => notesAt(ds, i).map(n => {
      if (!numbers.has(n)) numbers.set(n, numbers.size + 1);
      return numbers.get(n);
    })));
    const order = years.map((y, i) => i), col = datasets.findIndex(ds => dsId(ds) === sort.key) + 1;
    if (!col && sort.key != null) sort = { key: null, dir: 1 };
    if (col) {
      const vals = datasets[col - 1].values;
      // missing values last whichever the direction
      order.sort((a, b) => (vals[a] == null) - (vals[b] == null) || sort.dir * (vals[a] - vals[b]) || a - b);
    } else if (sort.dir < 0) order.reverse();
    const heads = [text.year, ...datasets.map(ds => ds.label)].map((label, c) => h('th', {
      scope: 'col', 'aria-sort': c === col ? (sort.dir > 0 ? 'ascending' : 'descending') : null,
    }, h('button', { type: 'button', class: 'ex-sort', 'data-col': c }, label)));
    const body = order.map(i => h('tr', null, h('th', { scope: 'row' }, years[i]),
      datasets.map((ds, j) => cell(ds.values[i], marks[i][j], show))));
    caption.textContent = [title, setting && setting.y_label && `(${setting.y_label})`].filter(Boolean).join(' ');
    table.replaceChildren(caption, h('thead', null, h('tr', null, heads)), h('tbody', null, body));
    notes.replaceChildren(...[...numbers].map(([note, n]) => h('li', { id: `${notesId}-${n}`, value: n }, note)));
    notes.hidden = !numbers.size;
    const lines = ((setting && setting.lines) || []).filter(l => !l.vertical);
    targets.replaceChildren(...lines.map(l => h('div', null, h('dt', null, l.label), h('dd', null, format(l.value)))));
    targets.hidden = !lines.length;
  }

  table.addEventListener('click', e => {
    const b = e.target.closest('button.ex-sort');
    if (!b) return;
    const col = +b.dataset.col, ds = last.view.datasets[col - 1], key = ds ? dsId(ds) : null;
    sort = { key, dir: key === sort.key ? -sort.dir : 1 };
    draw();
    const again = table.querySelector(`button[data-col="${col}"]`);
    if (again) again.focus();
  });

  return {
    el,
    // title: the caption; format: value -> text
    update(view, title, format) {
      last = { view, title, format };
      draw();
    },
  };
}
