/* sdgkit default theme (MIT). Pages are complete without this script; it only enhances them.
   Each feature runs on its own, so one failure does not stop the others. */
(() => {
'use strict';
const d = document, root = d.documentElement;
let uid = 0;
const report = e => console.error('sdgkit:', e);
const run = fn => { try { Promise.resolve(fn()).catch(report); } catch (e) { report(e); } };
const get = k => { try { return localStorage.getItem(k); } catch (e) { return null; } };
const put = (k, v) => { try { localStorage.setItem(k, v); } catch (e) { /* storage off */ } };
const all = (sel, el = d) => Array.from(el.querySelectorAll(sel));
const attrs = (el, o) => { for (const k in o) el.setAttribute(k, o[k]); return el; };
const make = (tag, text, cls) => {
  const el = d.createElement(tag);
  if (text != null) el.textContent = text;
  if (cls) el.className = cls;
  return el;
};
const norm = s => String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const NUMBER = /^\d+([.-][0-9a-z]*)*$/;

/* indicators.json, fetched once per URL, flattened */
const indexes = {};
const loadIndex = url => indexes[url] || (indexes[url] = fetch(url, { credentials: 'same-origin' })
  .then(r => { if (!r.ok) throw new Error(url + ' ' + r.status); return r.json(); })
  .then(goals => [].concat(...goals.map(g => (g.goal || g).indicators || [])).map(i => ({
    number: i.number || '', title: i.title || '', href: i.href, text: i.description,
    key: norm(i.title + ' ' + (i.keywords || '')) })))
  .catch(e => { delete indexes[url]; throw e; }));

/* a number prefix ("1.2", "1-2-1"), else every word of the query in title or keywords */
const find = (items, query, max, numbersOnly) => {
  const q = norm(query).trim(), n = q.replace(/-/g, '.'), prefix = n.endsWith('.') ? n : n + '.';
  let hits = NUMBER.test(q) ? items.filter(i => (i.number + '.').toLowerCase().startsWith(prefix)) : [];
  if (q && !hits.length && !numbersOnly) {
    const words = q.split(/\s+/);
    hits = items.filter(i => words.every(w => i.key.includes(w)));
  }
  return hits.slice(0, max);
};

/* 1. high-contrast toggle (the base template applies the stored choice before paint) */
run(() => {
  const cl = root.classList, buttons = all('button.contrast-toggle');
  if (get('sdgkit-contrast') === 'default') cl.add('contrast-default');
  else if (matchMedia('(prefers-contrast: more)').matches) cl.add('contrast-high');
  const show = () => buttons.forEach(b => {
    const on = cl.contains('contrast-high');
    b.hidden = false;
    attrs(b, { 'aria-pressed': on, 'aria-label': b.dataset[on ? 'off' : 'on'] || b.textContent });
  });
  show();
  buttons.forEach(b => b.addEventListener('click', () => {
    const on = !cl.contains('contrast-high');
    cl.toggle('contrast-high', on);
    cl.toggle('contrast-default', !on);
    put('sdgkit-contrast', on ? 'high' : 'default');
    show();
  }));
});

/* 2. tabs: a tablist built from each panel's .tab-title; the URL hash names the open tab */
const tabs = box => {
  const panels = Array.from(box.children).filter(p => p.classList.contains('tab-panel'));
  if (panels.length < 2) return;
  const list = attrs(make('div'), { role: 'tablist' });
  const select = (i, focus, hash) => {
    buttons.forEach((t, j) => {
      attrs(t, { 'aria-selected': i === j, tabindex: i === j ? 0 : -1 });
      panels[j].hidden = i !== j;
    });
    if (focus) buttons[i].focus();
    if (hash) history.replaceState(null, '', '#' + panels[i].id);
  };
  const buttons = panels.map((p, i) => {
    const title = p.querySelector('.tab-title');
    p.id = p.id || 'tab-panel-' + ++uid;
    const t = attrs(make('button', title ? title.textContent.trim() : i + 1),
      { type: 'button', role: 'tab', id: p.id + '-tab', 'aria-controls': p.id });
    attrs(p, { role: 'tabpanel', 'aria-labelledby': t.id, tabindex: 0 });
    t.addEventListener('click', () => select(i, false, true));
    list.append(t);
    return t;
  });
  list.addEventListener('keydown', e => {
    const i = buttons.indexOf(d.activeElement), n = buttons.length;
    const step = getComputedStyle(list).direction === 'rtl' ? -1 : 1;
    const to = { ArrowRight: i + step, ArrowLeft: i - step, Home: 0, End: n - 1 }[e.key];
    if (i < 0 || to === undefined) return;
    e.preventDefault();
    select((to + n) % n, true, true);
  });
  const fromHash = () => {
    const id = decodeURIComponent(location.hash.slice(1)), target = id && d.getElementById(id);
    const i = target ? panels.findIndex(p => p.contains(target)) : -1;
    if (i < 0) return false;
    select(i);
    (target === panels[i] ? box : target).scrollIntoView();
    return true;
  };
  box.insertBefore(list, panels[0]);
  box.classList.add('tabs-ready');
  if (!fromHash()) select(0);
  addEventListener('hashchange', fromHash);
};
all('[data-tabs]').forEach(box => run(() => tabs(box)));

/* 3. indicator finder: ARIA combobox with a listbox of up to 8 indicators */
const finder = input => {
  let items = null, shown = [], active = -1;
  const wrap = make('span', null, 'finder'), list = make('ul', null, 'finder-list'), label = input.labels[0];
  list.id = (input.id || 'finder-' + ++uid) + '-list';
  list.setAttribute('role', 'listbox');
  if (label) list.setAttribute('aria-label', label.textContent.trim());
  list.hidden = true;
  input.before(wrap);
  wrap.append(input, list);
  attrs(input, { role: 'combobox', 'aria-autocomplete': 'list', 'aria-controls': list.id, 'aria-expanded': false });
  const load = () => items || loadIndex(input.dataset.finder)
    .then(x => { items = x; if (d.activeElement === input && input.value) update(); }, report);
  const close = () => {
    shown = [];
    active = -1;
    list.hidden = true;
    list.textContent = '';
    input.setAttribute('aria-expanded', false);
    input.removeAttribute('aria-activedescendant');
  };
  const update = () => {
    if (!items) return load();
    close();
    shown = find(items, input.value, 8);
    shown.forEach((item, i) => {
      const li = attrs(make('li'), { id: list.id + '-' + i, role: 'option', 'aria-selected': false });
      if (item.number) li.append(make('span', item.number, 'number'));
      li.append(item.title);
      li.addEventListener('mousedown', e => e.preventDefault());
      li.addEventListener('click', () => { location.href = item.href; });
      list.append(li);
    });
    list.hidden = !shown.length;
    input.setAttribute('aria-expanded', !!shown.length);
  };
  const move = i => {
    const options = Array.from(list.children);
    active = (i + shown.length) % shown.length;
    options.forEach((o, j) => o.setAttribute('aria-selected', j === active));
    input.setAttribute('aria-activedescendant', options[active].id);
    options[active].scrollIntoView({ block: 'nearest' });
  };
  input.addEventListener('focus', load);
  input.addEventListener('input', update);
  input.addEventListener('blur', close);
  input.addEventListener('keydown', e => {
    const open = shown.length > 0, k = e.key;
    if (k === 'ArrowDown' || k === 'ArrowUp') {
      e.preventDefault();
      if (!open) update();
      if (shown.length) move(k === 'ArrowDown' ? active + 1 : Math.max(active, 0) - 1);
    } else if (open && (k === 'Escape' || (k === 'Enter' && active >= 0))) {
      e.preventDefault();
      if (k === 'Enter') location.href = shown[active].href;
      else close();
    }
  });
};
all('input[data-finder]').forEach(input => run(() => finder(input)));

/* 4. search page: indicators whose number matches, then Pagefind's results. The query is
   hostile input: text goes in as textContent, and excerpts keep only Pagefind's <mark>. */
const safeUrl = url => {
  try { const u = new URL(url, location.href); return /^https?:$/.test(u.protocol) ? u.href : '#'; } catch (e) { return '#'; }
};
const excerpt = html => {
  const p = make('p');
  new DOMParser().parseFromString(html || '', 'text/html').body.childNodes
    .forEach(n => p.append(n.nodeName === 'MARK' ? make('mark', n.textContent) : n.textContent));
  return p;
};
const results = rows => {
  const ol = make('ol');
  rows.forEach(r => {
    const li = make('li'), a = make('a', r.title);
    a.href = safeUrl(r.url);
    li.append(a);
    if (r.excerpt) li.append(r.excerpt);
    ol.append(li);
  });
  return ol;
};
run(async () => {
  const out = d.getElementById('search-results'), input = d.getElementById('search-q');
  if (!out) return;
  const ds = out.dataset, q = (new URLSearchParams(location.search).get('q') || '').trim();
  if (input) input.value = q;
  if (!q) return;
  out.textContent = ds.loading;
  const items = input ? await loadIndex(input.dataset.finder).catch(e => (report(e), [])) : [];
  const row = i => ({ title: (i.number ? i.number + ' ' : '') + i.title, url: i.href, excerpt: i.text && make('p', i.text) });
  const numbered = find(items, q, 100, true).map(row);
  let pages, total;
  try {
    const pf = await import(new URL(ds.pagefind, location.href).href);
    if (pf.init) await pf.init();
    const found = (await pf.search(q)).results || [];
    const data = await Promise.all(found.slice(0, 20).map(r => r.data()));
    const seen = numbered.map(r => safeUrl(r.url));
    pages = data.filter(r => !seen.includes(safeUrl(r.url)))
      .map(r => ({ title: (r.meta && r.meta.title) || r.url, url: r.url, excerpt: excerpt(r.excerpt) }));
    total = numbered.length + found.length - data.length + pages.length;
  } catch (e) {
    console.warn('sdgkit: full-text search unavailable, matching indicators only', e);
    pages = numbered.length ? [] : find(items, q, 50).map(row);
    total = numbered.length + pages.length;
  }
  out.textContent = '';
  if (!total) return out.append(make('p', ds.none, 'search-count'), make('p', ds.adjust));
  out.append(make('p', ds.found + ': ' + total, 'search-count'));
  if (numbered.length) out.append(make('h2', ds.indicators), results(numbered));
  if (numbered.length && pages.length) out.append(make('h2', ds.pages));
  if (pages.length) out.append(results(pages));
});

/* 5. cookie notice; analytics scripts run only after consent */
const activate = () => all('script[type="text/plain"][data-consent="analytics"]').forEach(s => {
  if (s.dataset.done) return;
  s.dataset.done = 1;
  const js = d.createElement('script'), ga = s.dataset.ga, w = window;
  if (ga) {
    w.dataLayer = w.dataLayer || [];
    w.gtag = w.gtag || function () { w.dataLayer.push(arguments); };
    w.gtag('js', new Date());
    w.gtag('config', ga);
  }
  if (s.dataset.src) { js.async = true; js.src = s.dataset.src; } else js.text = s.text;
  d.head.append(js);
});
run(() => {
  const choice = get('sdgkit-consent'), box = d.querySelector('.cookie-notice');
  if (choice === 'accepted') activate();
  if (!box) return;
  box.hidden = !!choice;
  box.addEventListener('click', e => {
    const b = e.target.closest('[data-consent-choice]');
    if (!b) return;
    const yes = b.dataset.consentChoice === 'accept';
    put('sdgkit-consent', yes ? 'accepted' : 'declined');
    box.hidden = true;
    if (yes) activate();
  });
});

/* 6. print the content of closed <details> too */
let opened = [];
addEventListener('beforeprint', () => { opened = all('details:not([open])'); opened.forEach(el => { el.open = true; }); });
addEventListener('afterprint', () => opened.forEach(el => { el.open = false; }));
})();
