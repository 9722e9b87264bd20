// Entry of vendor/explorer.js: finds the page's explorer configuration, loads the indicator's own
// data and draws the explorer over the static panels. Any failure leaves the static page as it is.
import './explorer.css';
import { decode, createModel } from './model.js';
import { mount } from './view.js';

async function start(script) {
  const config = JSON.parse(script.textContent);
  const section = script.closest('section') || script.parentElement;
  const response = await fetch(new URL(config.data, location.href), { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${config.data}: HTTP ${response.status}`);
  const model = createModel(decode(await response.json()), config);
  mount(section, config, model, script);
}

const run = () => document.querySelectorAll('script.explorer-config').forEach(script =>
  start(script).catch(e => console.error('sdgkit explorer:', e)));
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
else run();
