// Bundles the site's interactive parts with the libraries installed from the npm registry
// (package-lock.json) into the theme's static folder, git-ignored, so the Python package
// carries them and a site build never needs npm or the network.
//   explorer.js / explorer.css : the indicator explorer (Chart.js, tree-shaken)
//   map.js / map.css           : the map (Leaflet + topojson-client), loaded only when a map is shown
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(root, 'src', 'sdgkit', 'themes', 'default', 'static', 'vendor');
mkdirSync(out, { recursive: true });

const common = { bundle: true, minify: true, format: 'iife', target: ['es2019'], legalComments: 'none',
  logLevel: 'warning', absWorkingDir: root, loader: { '.png': 'empty' } };
await esbuild.build({ ...common, entryPoints: { explorer: join(here, 'explorer', 'index.js'),
  map: join(here, 'map', 'index.js') }, outdir: out });

// the licence of every library a bundle contains, for the site's licences file
const licences = ['chart.js', '@kurkle/color', 'leaflet', 'topojson-client'].map(name => {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
  const text = ['LICENSE', 'LICENSE.md', 'LICENSE.txt'].map(f => join(root, 'node_modules', name, f))
    .map(f => { try { return readFileSync(f, 'utf8'); } catch { return null; } }).find(Boolean);
  return `--- ${name} ${pkg.version} (${pkg.license}) ---\n${text || pkg.license}\n`;
});
writeFileSync(join(out, 'licences.txt'), licences.join('\n'));
console.log('bundled into', out);
