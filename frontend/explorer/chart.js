// The chart: Chart.js (only the parts used, so the bundle stays small), an HTML title and legend,
// target lines and series breaks by a small plugin of our own, and a PNG download.
import { Chart, LineController, BarController, LineElement, BarElement, PointElement, CategoryScale,
  LinearScale, Tooltip } from 'chart.js';
import { h, fill, dsId } from './table.js';

Chart.register(LineController, BarController, LineElement, BarElement, PointElement, CategoryScale, LinearScale, Tooltip);

/* colours: WCAG 1.4.11 wants 3:1 between a line and the background, in both contrast modes */
const rgbOf = hex => {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(hex).trim());
  if (!m) return null;
  const s = m[1].length === 3 ? m[1].replace(/./g, '$&$&') : m[1];
  return [0, 2, 4].map(i => parseInt(s.substr(i, 2), 16));
};
const lum = c => c.map(v => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
  .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
// the colour itself when it already stands out; else mixed towards white (dark page) or black
export function legible(hex, bg) {
  let c = rgbOf(hex);
  const b = rgbOf(bg);
  if (!c || !b) return hex;
  const to = lum(b) > 0.5 ? 0 : 255;
  for (let k = 0; k < 12 && ratio(c, b) < 3; k++) c = c.map(v => Math.round(v + (to - v) * 0.15));
  return '#' + c.map(v => v.toString(16).padStart(2, '0')).join('');
}

// the page's chart colours (sdgkit.css variables, redefined in high contrast)
function readTheme() {
  const root = document.documentElement, cs = getComputedStyle(root);
  const v = (name, d) => cs.getPropertyValue(name).trim() || d;
  return { high: root.classList.contains('contrast-high'), bg: v('--bg', '#fff'), text: v('--ct', '#333'),
    grid: v('--cg', '#ddd'), axis: v('--ca', '#666'), line: v('--cl', '#444'), font: getComputedStyle(document.body).fontFamily };
}

const svg = (tag, attrs) => {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const k in attrs) el.setAttribute(k, attrs[k]);
  return el;
};

// lines after the colours run out: the same colours again, dashed (bars: striped)
const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3]];

function stripes(colour, bg) {
  const c = h('canvas', { width: 8, height: 8 }), x = c.getContext('2d');
  x.fillStyle = colour;
  x.fillRect(0, 0, 8, 8);
  x.strokeStyle = bg;
  x.lineWidth = 2;
  x.beginPath();
  [[-2, 2, 2, -2], [0, 8, 8, 0], [6, 10, 10, 6]].forEach(([a, b, c2, d]) => { x.moveTo(a, b); x.lineTo(c2, d); });
  x.stroke();
  return x.createPattern(c, 'repeat');
}

// a combination keeps its colour while it stays on the chart; newcomers take the lowest free slot
function assign(slots, keys) {
  for (const k of [...slots.keys()]) if (!keys.includes(k)) slots.delete(k);
  const used = new Set(slots.values());
  keys.forEach(k => {
    if (slots.has(k)) return;
    let s = 0;
    while (used.has(s)) s++;
    slots.set(k, s);
    used.add(s);
  });
}

// which stack a bar belongs to: its combination with the stacked field's value left out
const stackOf = (ds, field) => {
  const c = { ...(ds.key && typeof ds.key === 'object' ? ds.key : {}) };
  if (field in c) c[field] = '\u0000';
  return JSON.stringify(Object.keys(c).sort().map(k => [k, c[k]]));
};

/* target lines (horizontal, at a value) and series breaks (vertical, before a period), dashed and labelled */
const line = (x, a, b, c, d) => { x.beginPath(); x.moveTo(a, b); x.lineTo(c, d); x.stroke(); };
const linesPlugin = {
  id: 'sdgkitLines',
  // under the data, so a label never hides a point
  beforeDatasetsDraw(chart, args, o) {
    const { ctx, chartArea: a, scales: { x, y } } = chart, labels = chart.data.labels, mid = (a.left + a.right) / 2;
    ctx.save();
    ctx.font = `12px ${Chart.defaults.font.family}`;
    ctx.lineWidth = 2;
    ctx.strokeStyle = o.colour;
    ctx.textBaseline = 'bottom';
    (o.lines || []).forEach(l => {
      let tx, ty, right;
      if (l.vertical) {
        const i = labels.indexOf(String(l.value));
        if (i < 0) return;
        const px = i ? (x.getPixelForValue(i - 1) + x.getPixelForValue(i)) / 2 : a.left;
        ctx.setLineDash([4, 4]);
        line(ctx, px, a.top, px, a.bottom);
        right = px > mid;
        tx = right ? px - 4 : px + 4;
        ty = a.top + 16;
      } else {
        const py = y.getPixelForValue(+l.value);
        if (!(py >= a.top - 1 && py <= a.bottom + 1)) return;
        ctx.setLineDash([10, 6]);
        line(ctx, a.left, py, a.right, py);
        right = true;
        tx = a.right - 4;
        ty = Math.max(py - 3, a.top + 16);
      }
      if (!l.label) return;
      // the label on a patch of background, so it reads over data lines
      const w = ctx.measureText(l.label).width;
      ctx.fillStyle = o.bg;
      ctx.fillRect(right ? tx - w - 2 : tx - 2, ty - 15, w + 4, 16);
      ctx.fillStyle = o.text;
      ctx.textAlign = right ? 'right' : 'left';
      ctx.fillText(l.label, tx, ty);
    });
    ctx.restore();
  },
};
// the page's background under the chart, so a downloaded image is not transparent
const backgroundPlugin = {
  id: 'sdgkitBackground',
  beforeDraw(chart, args, o) {
    const c = chart.ctx;
    c.save();
    c.fillStyle = o.colour;
    c.fillRect(0, 0, chart.width, chart.height);
    c.restore();
  },
};

function options(kind, s, config, th, format) {
  const binary = kind === 'binary', stacked = kind === 'stacked', text = config.text;
  const show = binary ? v => (v > 0 ? text.yes : text.no) : format;
  const targets = (s.lines || []).filter(l => !l.vertical).map(l => +l.value).filter(isFinite);
  const axis = title => ({ stacked, ticks: { color: th.text }, grid: { color: th.grid }, border: { color: th.axis },
    title: { display: !!title, text: title, color: th.text } });
  const y = axis(s.y_label);
  Object.assign(y, binary ? { min: -1, max: 1 } : {
    min: s.y_min == null ? undefined : s.y_min, max: s.y_max == null ? undefined : s.y_max,
    // targets inside the range, as on the static chart
    suggestedMin: Math.min(0, ...targets), suggestedMax: targets.length ? Math.max(...targets) : undefined,
  });
  Object.assign(y.ticks, { precision: binary ? 0 : s.precision == null ? undefined : s.precision, stepSize: binary ? 1 : undefined,
    callback: v => (binary ? (v > 0 ? text.yes : v < 0 ? text.no : '') : format(v)) });
  return {
    animation: false, responsive: true, maintainAspectRatio: false, layout: { padding: { top: 4, right: 8, left: 4 } },
    interaction: { mode: 'index', intersect: false },
    plugins: {
      tooltip: { rtl: config.dir === 'rtl', textDirection: config.dir, filter: i => i.raw != null,
        callbacks: { label: c => `${c.dataset.label}: ${show(c.raw)}` } },
      sdgkitLines: { lines: s.lines, colour: th.line, bg: th.bg, text: th.text },
      sdgkitBackground: { colour: th.bg },
    },
    scales: { x: axis(config.x_label), y },
  };
}

/* The chart panel's content: title, "too many lines" message, canvas, legend, image button. */
export function createChart(config) {
  const text = config.text;
  const title = h('h3', { class: 'ex-chart-title' });
  const warning = h('p', { class: 'ex-warning', hidden: true });
  const empty = h('p', { class: 'ex-empty', hidden: true }, text.no_data);
  const canvas = h('canvas', { role: 'img' });
  const box = h('div', { class: 'ex-canvas' }, canvas);
  const legend = h('ul', { class: 'ex-legend', id: 'legend' });
  const button = h('button', { type: 'button', class: 'ex-download' }, text.download_image);
  const el = h('div', { class: 'ex-chart' }, title, warning, empty, box, legend);
  const slots = new Map();
  let chart = null, kind = null, th = null, items = [], last = null;

  function styles(datasets, k) {
    const colours = config.colours && config.colours.length ? config.colours : ['#cd7a00'];
    assign(slots, datasets.filter(ds => !ds.headline).map(dsId));
    return datasets.map(ds => {
      if (ds.headline) {
        const c = legible(th.high ? config.headline_colour_contrast || config.headline_colour : config.headline_colour, th.bg);
        return { colour: c, dash: [], width: 4, round: 0 };
      }
      const slot = slots.get(dsId(ds)), round = Math.floor(slot / colours.length);
      return { colour: legible(colours[slot % colours.length], th.bg), dash: DASHES[round % DASHES.length], width: 2, round };
    }).map(st => ({ ...st, fill: k === 'line' || !st.round ? st.colour : stripes(st.colour, th.bg) }));
  }

  function drawLegend(datasets, looks, bars) {
    items = datasets.map((ds, i) => ({ label: ds.label, ...looks[i], bars }));
    legend.replaceChildren(...items.map(it => {
      let sw;
      if (bars) {
        sw = h('span', { class: 'ex-swatch ex-swatch-bar', 'aria-hidden': 'true' });
        sw.style.background = it.round ? `repeating-linear-gradient(-45deg,${it.colour} 0 4px,${th.bg} 4px 6px)` : it.colour;
      } else {
        // the line itself in small: colour, width and dash pattern
        sw = svg('svg', { class: 'ex-swatch', width: 32, height: 12, 'aria-hidden': 'true', focusable: 'false' });
        sw.append(svg('line', { x1: 1, y1: 6, x2: 31, y2: 6, stroke: it.colour, 'stroke-width': Math.min(it.width, 3),
          'stroke-dasharray': it.dash.join(' ') || 'none' }));
      }
      return h('li', null, sw, it.label);
    }));
  }

  function update(view, heading, format) {
    last = { view, heading, format };
    const s = view.setting || { kind: 'line', lines: [] }, k = ['bar', 'stacked', 'binary'].includes(s.kind) ? s.kind : 'line';
    th = readTheme(); // cheap, and always right after a contrast switch
    Chart.defaults.font.family = th.font;
    Chart.defaults.color = th.text;
    const looks = styles(view.datasets, k), bars = k !== 'line';
    const data = {
      labels: view.years,
      datasets: view.datasets.map((ds, i) => {
        const st = looks[i];
        return {
          label: ds.label, data: k === 'binary' ? ds.values.map(v => (v == null ? null : v > 0 ? 1 : -1)) : ds.values,
          // bars: a hairline of background between touching segments
          borderColor: bars ? th.bg : st.colour, backgroundColor: st.fill, borderWidth: bars ? 1 : st.width,
          borderDash: bars ? [] : st.dash, pointStyle: ds.headline ? 'rect' : 'circle', pointRadius: ds.headline ? 4 : 3,
          pointBackgroundColor: st.colour, pointBorderColor: st.colour, spanGaps: true, clip: 6,
          stack: k === 'stacked' ? stackOf(ds, s.stack_field) : undefined,
        };
      }),
    };
    const opts = options(k, s, config, th, format);
    // a new chart only when the kind changes; otherwise reuse it, no animation
    if (chart && kind !== k) { chart.destroy(); chart = null; }
    if (chart) {
      chart.data = data;
      chart.options = opts;
      chart.update('none');
    } else {
      chart = new Chart(canvas, { type: bars ? 'bar' : 'line', data, options: opts, plugins: [linesPlugin, backgroundPlugin] });
    }
    kind = k;
    title.textContent = heading;
    title.hidden = !heading;
    warning.textContent = view.total > view.shown ? fill(text.too_many, { shown: view.shown, total: view.total }) : '';
    warning.hidden = !warning.textContent;
    const none = !view.datasets.length;
    empty.hidden = !none;
    box.hidden = none;
    drawLegend(view.datasets, looks, bars);
    const labels = view.datasets.map(ds => ds.label).join(', '), y = view.years;
    const ends = { first: y[0] || '', last: y[y.length - 1] || '' };
    // the unit is said with the title: the axis title is not read out
    const named = [heading, s.y_label && `(${s.y_label})`].filter(Boolean).join(' ');
    const summary = { title: named, count: view.datasets.length, labels, ...ends, start: ends.first, end: ends.last };
    canvas.setAttribute('aria-label', text.chart_summary ? fill(text.chart_summary, summary)
      : `${named ? named + ': ' : ''}${labels}${y.length ? ` (${y[0]}–${y[y.length - 1]})` : ''}`);
  }

  button.addEventListener('click', () => chart && image(chart, last.heading, items, th, config));

  return {
    el,
    button, // the image download, placed by the view beside the CSV one
    update,
    // redraw with the page's current colours (the reader switched contrast)
    retheme() { if (last) update(last.view, last.heading, last.format); },
  };
}

// title lines that fit the width
function wrap(x, text, width) {
  const lines = [];
  let cur = '';
  String(text || '').split(/\s+/).forEach(w => {
    const next = cur ? cur + ' ' + w : w;
    if (cur && x.measureText(next).width > width) { lines.push(cur); cur = w; } else cur = next;
  });
  if (cur) lines.push(cur);
  return lines;
}

export function save(blob, name) {
  const a = h('a', { href: URL.createObjectURL(blob), download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/* The PNG: title, the chart as drawn, and the legend, on the page's background */
function image(chart, heading, items, th, config) {
  // drawn again at twice the screen's resolution at least, for print and slides
  const screen = chart.currentDevicePixelRatio;
  chart.options.devicePixelRatio = Math.max(2, screen);
  chart.resize();
  const src = chart.canvas, r = src.width / chart.width, w = chart.width, pad = 12, rtl = config.dir === 'rtl';
  const out = h('canvas'), x = out.getContext('2d'), font = th.font;
  x.font = `bold 16px ${font}`;
  const titles = wrap(x, heading, w - 2 * pad);
  x.font = `13px ${font}`;
  const rows = [[]];
  let used = pad;
  items.forEach(it => {
    const iw = 40 + x.measureText(it.label).width;
    if (rows[rows.length - 1].length && used + iw > w - pad) { rows.push([]); used = pad; }
    rows[rows.length - 1].push({ ...it, at: used, iw });
    used += iw;
  });
  const top = pad + titles.length * 22, height = top + chart.height + rows.length * 22 + pad;
  out.width = Math.round(w * r);
  out.height = Math.round(height * r);
  x.scale(r, r);
  x.fillStyle = th.bg;
  x.fillRect(0, 0, w, height);
  x.fillStyle = th.text;
  x.textBaseline = 'middle';
  x.textAlign = rtl ? 'right' : 'left';
  x.font = `bold 16px ${font}`;
  titles.forEach((t, i) => x.fillText(t, rtl ? w - pad : pad, pad + 11 + i * 22));
  x.drawImage(src, 0, top, w, chart.height);
  chart.options.devicePixelRatio = undefined;
  chart.resize();
  x.font = `13px ${font}`;
  rows.forEach((row, j) => row.forEach(it => {
    const cy = top + chart.height + 11 + j * 22, start = rtl ? w - it.at : it.at, dir = rtl ? -1 : 1;
    x.strokeStyle = x.fillStyle = it.colour;
    if (it.bars) {
      x.fillStyle = it.fill;
      x.fillRect(rtl ? start - 24 : start, cy - 6, 24, 12);
    } else {
      x.lineWidth = Math.min(it.width, 3);
      x.setLineDash(it.dash);
      line(x, start, cy, start + 24 * dir, cy);
    }
    x.fillStyle = th.text;
    x.fillText(it.label, start + 30 * dir, cy);
  }));
  out.toBlob(b => b && save(b, config.image_name || 'chart.png'));
}
