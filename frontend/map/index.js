// The explorer's map: a Leaflet choropleth of the current selection, one year at a time.
//
//   const map = window.sdgkitMap.create(element, options);  map.update(mapView);  map.destroy();
//
// options = {layers, colours, no_value_colour, text, format, unit, language, dir} (see README.md,
// "Map"); mapView = {key, years, values: Map<year, Map<geocode, {value, notes}>>, min, max}.
// Boundaries come from the site's TopoJSON files (sdgkit.site.maps.layer_topology), fetched once
// per page and shared; there is no tile layer and no other network access. Updates only
// recolour paths whose class changed, so a new year or selection costs a few milliseconds.
// Keyboard and screen-reader users get a labelled year selector and a labelled region selector
// (the region paths are not focusable: 380 tab stops would be unusable), whose choice shows the
// region's value in a polite live region; the data table beside the map has every value.
import L from 'leaflet';
import { feature } from 'topojson-client';
import 'leaflet/dist/leaflet.css';
import './map.css';
import { classOf, legendRows, notesText, regionEntries, regionsWithData, scaleOf, scaleValues, startYear }
  from './scale.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const BASE_STYLE = { stroke: true, color: '#ffffff', weight: 0.6, opacity: 1, lineJoin: 'round', fill: true,
  fillOpacity: 1 };
const HIGHLIGHT_STYLE = { color: '#000000', weight: 2.5 };
const topologies = new Map();
let instances = 0;

/** The layer's regions as GeoJSON, fetched and converted once per page (a failed fetch is retried later). */
function loadRegions(layer) {
  const object = layer.object || 'regions';
  const key = `${layer.topology}\u0000${object}`;
  if (!topologies.has(key)) {
    const loading = fetch(layer.topology, { credentials: 'same-origin' })
      .then(response => {
        if (!response.ok) throw new Error(`${layer.topology}: HTTP ${response.status}`);
        return response.json();
      })
      .then(topology => feature(topology, topology.objects[object]));
    loading.catch(() => topologies.delete(key));
    topologies.set(key, loading);
  }
  return topologies.get(key);
}

/** An element with attributes and children (text children become text nodes: names are data, never HTML). */
function node(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) element.append(child);
  return element;
}

/** The no-value fill: grey with diagonal lines, so it differs from every class in more than colour. */
function hatchDefinitions(id, colour) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'sdgkit-map-defs');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('width', '0');
  svg.setAttribute('height', '0');
  const pattern = document.createElementNS(SVG_NS, 'pattern');
  for (const [name, value] of [['id', id], ['width', '6'], ['height', '6'], ['patternUnits', 'userSpaceOnUse'],
    ['patternTransform', 'rotate(45)']]) pattern.setAttribute(name, value);
  const ground = document.createElementNS(SVG_NS, 'rect');
  for (const [name, value] of [['width', '6'], ['height', '6'], ['fill', colour]]) ground.setAttribute(name, value);
  const line = document.createElementNS(SVG_NS, 'path');
  for (const [name, value] of [['d', 'M0 0v6'], ['stroke', '#8c8c8c'], ['stroke-width', '1.5']]) {
    line.setAttribute(name, value);
  }
  pattern.append(ground, line);
  const defs = document.createElementNS(SVG_NS, 'defs');
  defs.append(pattern);
  svg.append(defs);
  return svg;
}

class SdgMap {
  constructor(element, options) {
    this.options = options;
    this.text = options.text || {};
    this.format = options.format || (value => String(value));
    this.colours = options.colours;
    this.rtl = options.dir === 'rtl';
    this.id = `sdgkit-map-${(instances += 1)}`;
    this.hatch = `url(#${this.id}-none)`;
    this.view = null;
    this.year = null;
    this.layerIndex = -1;
    this.regions = null;       // per layer: GeoJSON FeatureCollection, once loaded
    this.ids = [];             // per layer: the Set of its region ids, made when first needed
    this.paths = [];           // per layer: L.GeoJSON, created when first shown
    this.entries = new Map();  // region id -> {value, notes} of the shown year
    this.selected = null;      // the region chosen in the region selector (a Leaflet path)
    this.fitted = '';          // which regions the view was last fitted to
    this.build(element);
    this.load();
  }

  // --- structure ---------------------------------------------------------------------------

  build(element) {
    const t = this.text;
    this.yearSelect = node('select', { id: `${this.id}-year` });
    this.layerSelect = node('select', { id: `${this.id}-layer` });
    this.regionSelect = node('select', { id: `${this.id}-region` });
    this.regionLabel = node('label', { for: `${this.id}-region` });
    this.layerField = node('div', { class: 'sdgkit-map-field', hidden: true },
      [node('label', { for: `${this.id}-layer` }, [t.map_layer || 'Map layer']), this.layerSelect]);
    const controls = node('div', { class: 'sdgkit-map-controls' }, [
      node('div', { class: 'sdgkit-map-field' },
        [node('label', { for: `${this.id}-year` }, [t.map_year || t.year || 'Year']), this.yearSelect]),
      this.layerField,
      node('div', { class: 'sdgkit-map-field' }, [this.regionLabel, this.regionSelect]),
    ]);
    this.canvas = node('div', { class: 'sdgkit-map-canvas', dir: 'ltr', role: 'region',
      'aria-label': t.map || 'Map' });
    this.info = node('p', { class: 'sdgkit-map-info', 'aria-live': 'polite' });
    this.legend = node('div', { class: 'sdgkit-map-legend' });
    this.root = node('div', { class: 'sdgkit-map', dir: this.rtl ? 'rtl' : 'ltr', lang: this.options.language },
      [controls, this.canvas, this.info, this.legend]);
    this.root.prepend(hatchDefinitions(`${this.id}-none`, this.options.no_value_colour));
    element.append(this.root);

    this.map = L.map(this.canvas, { zoomControl: false, attributionControl: false, zoomSnap: 0.25,
      zoomDelta: 1, boxZoom: false, fadeAnimation: false });
    L.control.zoom({ position: this.rtl ? 'topright' : 'topleft', zoomInTitle: t.map_zoom_in || 'Zoom in',
      zoomOutTitle: t.map_zoom_out || 'Zoom out' }).addTo(this.map);
    this.map.setView([20, 0], 1);
    this.yearSelect.addEventListener('change', () => {
      this.year = this.view.years[this.yearSelect.selectedIndex];  // years may be numbers: not the option's text
      this.recolour();
    });
    this.layerSelect.addEventListener('change', () => this.showLayer(Number(this.layerSelect.value)));
    this.regionSelect.addEventListener('change', () => this.chooseRegion(this.regionSelect.value));
    // a map drawn in a hidden tab has no size: fit it again once it is shown
    this.resize = new ResizeObserver(() => {
      this.map.invalidateSize({ animate: false });
      if (this.fitPending) this.fit();
    });
    this.resize.observe(this.canvas);
  }

  /** Loads every layer; one that fails is left out (as a layer without data), the map fails only if all do. */
  load() {
    Promise.allSettled(this.options.layers.map(loadRegions)).then(results => {
      if (this.destroyed) return;
      if (!results.some(result => result.status === 'fulfilled')) {
        this.info.textContent = this.text.map_error || 'The map could not be loaded.';
        this.root.classList.add('sdgkit-map-failed');
        return;
      }
      this.regions = results.map(result => (result.status === 'fulfilled' ? result.value : null));
      if (this.view) this.render();
    });
  }

  // --- drawing ----------------------------------------------------------------------------------

  update(view) {
    this.view = view;
    if (this.regions) this.render();
  }

  render() {
    const view = this.view;
    const usable = this.layersWithData();
    this.root.classList.toggle('sdgkit-map-empty', !usable.length);
    this.setLayerChoices(usable);
    if (!usable.length) {
      this.showLayer(-1);
      this.info.textContent = this.text.no_data || 'No data available';
      this.renderLegend();
      return;
    }
    this.setYears(view.years);
    this.showLayer(usable.includes(this.layerIndex) ? this.layerIndex : usable[0]);
  }

  /** Indexes of the layers with a value for at least one of their regions (others are not offered). */
  layersWithData() {
    return this.options.layers.map((layer, index) => index).filter(index => {
      const withData = regionsWithData(this.view, this.options.layers[index].id_replacements);
      const key = this.idKey(index);
      return this.regions[index] !== null && this.regions[index].features.some(f => withData.has(String(f.properties[key])));
    });
  }

  idKey(index) {
    return this.options.layers[index].id_property || 'id';
  }

  layerIds(index) {
    if (!this.ids[index]) {
      const key = this.idKey(index);
      this.ids[index] = new Set(this.regions[index].features.map(f => String(f.properties[key])));
    }
    return this.ids[index];
  }

  /** The classes of the shown layer: its regions' values over every year, so a year keeps its colours. */
  setScale() {
    const layer = this.options.layers[this.layerIndex];
    this.scale = scaleOf(scaleValues(this.view, layer.id_replacements, this.layerIds(this.layerIndex)),
      this.colours.length);
  }

  nameOf(path) {
    const layer = this.options.layers[this.layerIndex];
    const properties = path.feature.properties;
    return String(properties[layer.name_property || 'name'] ?? properties[this.idKey(this.layerIndex)]);
  }

  setLayerChoices(usable) {
    this.layerField.hidden = usable.length < 2;
    const labels = usable.map(index => this.options.layers[index].label || String(index + 1));
    if (this.layerSelect.dataset.choices === usable.join()) return;
    this.layerSelect.dataset.choices = usable.join();
    this.layerSelect.replaceChildren(...usable.map((index, i) => node('option', { value: index }, [labels[i]])));
  }

  setYears(years) {
    if (this.yearSelect.dataset.years !== years.join('\u0000')) {
      this.yearSelect.dataset.years = years.join('\u0000');
      this.yearSelect.replaceChildren(...years.map(year => node('option', {}, [String(year)])));
    }
    if (!years.includes(this.year)) this.year = startYear(this.view);
    this.yearSelect.selectedIndex = years.indexOf(this.year);
    this.yearSelect.disabled = years.length < 2;
  }

  /** Shows layer `index` (-1: none); its paths are made once and then only recoloured. */
  showLayer(index) {
    if (index !== this.layerIndex) {
      if (this.layerIndex >= 0 && this.paths[this.layerIndex]) this.paths[this.layerIndex].remove();
      this.clearSelection();
      this.layerIndex = index;
      this.fitted = '';
      if (index >= 0) {
        if (!this.paths[index]) this.paths[index] = this.makePaths(index);
        this.paths[index].addTo(this.map);
        this.setRegionChoices(index);
      }
    }
    this.layerSelect.value = String(index);
    if (index < 0) return;
    this.setScale();
    this.recolour();
    this.renderLegend();
    this.fitToData();
  }

  makePaths(index) {
    const group = L.geoJSON(this.regions[index], { style: () => ({ ...BASE_STYLE, fillColor: this.hatch }) });
    group.eachLayer(path => {
      path.fill = this.hatch;
      path.bindTooltip(() => this.tooltip(path), { sticky: true, direction: 'top', className: 'sdgkit-map-tooltip' });
      // Chromium makes an SVG element with focus listeners (Leaflet's tooltip adds them) a tab stop:
      // 380 of them would trap keyboard users; the region selector is their way in
      // data-region: which region a path is, for style sheets and tests
      path.on('add', () => {
        path.getElement().setAttribute('tabindex', '-1');
        path.getElement().setAttribute('data-region', String(path.feature.properties[this.idKey(index)]));
      });
      path.on('mouseover', () => this.highlight(path));
      path.on('mouseout', () => { if (path !== this.selected) this.unhighlight(path); });
      path.on('click', () => { this.regionSelect.value = this.regionId(path); this.chooseRegion(this.regionSelect.value); });
    });
    return group;
  }

  regionId(path) {
    return String(path.feature.properties[this.idKey(this.layerIndex)]);
  }

  setRegionChoices(index) {
    this.regionLabel.textContent = this.options.layers[index].label || this.text.map || 'Region';
    const collator = new Intl.Collator(this.options.language || undefined);
    const choices = [];
    this.paths[index].eachLayer(path => choices.push([this.regionId(path), this.nameOf(path)]));
    choices.sort((a, b) => collator.compare(a[1], b[1]));
    this.regionSelect.replaceChildren(node('option', { value: '' }, ['\u2014']),
      ...choices.map(([id, name]) => node('option', { value: id }, [name])));
  }

  /** Colours every region for the shown year: only paths whose fill changes are touched. */
  recolour() {
    const layer = this.options.layers[this.layerIndex];
    if (!layer || !this.paths[this.layerIndex]) return;
    this.entries = regionEntries(this.view.values.get(this.year), layer.id_replacements);
    this.paths[this.layerIndex].eachLayer(path => {
      const entry = this.entries.get(this.regionId(path));
      const fill = entry ? this.colours[classOf(entry.value, this.scale)] : this.hatch;
      if (fill !== path.fill) {
        path.fill = fill;
        path.setStyle({ fillColor: fill });
      }
    });
    if (this.selected) this.describe(this.selected);
  }

  /** Fits the view to the regions with data (in any year), when they change. */
  fitToData() {
    const layer = this.options.layers[this.layerIndex];
    const withData = regionsWithData(this.view, layer.id_replacements);
    const key = `${this.layerIndex}:${[...withData].sort().join()}`;
    if (key === this.fitted) return;
    this.fitted = key;
    this.fitPending = true;
    this.fit();
  }

  fit() {
    const size = this.map.getSize();
    const group = this.paths[this.layerIndex];
    if (!group || !size.x || !size.y) return;  // hidden: the ResizeObserver fits it when it is shown
    const layer = this.options.layers[this.layerIndex];
    const withData = regionsWithData(this.view, layer.id_replacements);
    let bounds = null;
    group.eachLayer(path => {
      if (!withData.has(this.regionId(path))) return;
      const own = path.getBounds();  // the path's own object: copied, never extended
      bounds = bounds ? bounds.extend(own) : L.latLngBounds(own.getSouthWest(), own.getNorthEast());
    });
    if (bounds && bounds.isValid()) {
      this.map.fitBounds(bounds, { padding: [8, 8], animate: false });
      this.fitPending = false;
    }
  }

  // --- regions: hover, click, keyboard ------------------------------------------------------------

  highlight(path) {
    path.setStyle(HIGHLIGHT_STYLE);
    path.bringToFront();
  }

  unhighlight(path) {
    path.setStyle({ color: BASE_STYLE.color, weight: BASE_STYLE.weight });
  }

  clearSelection() {
    if (this.selected) {
      this.unhighlight(this.selected);
      this.selected.closeTooltip();
    }
    this.selected = null;
    this.info.textContent = '';
  }

  chooseRegion(id) {
    this.clearSelection();
    const group = this.paths[this.layerIndex];
    if (!id || !group) return;
    group.eachLayer(path => { if (this.regionId(path) === id) this.selected = path; });
    if (!this.selected) return;
    const bounds = this.selected.getBounds();
    if (!this.map.getBounds().contains(bounds.getCenter())) this.map.panTo(bounds.getCenter(), { animate: false });
    this.highlight(this.selected);
    this.selected.openTooltip(bounds.getCenter());
    this.describe(this.selected);
  }

  /** "name: value (notes)" of a region in the shown year. */
  summary(path) {
    const entry = this.entries.get(this.regionId(path));
    const value = entry ? this.format(entry.value) : (this.text.map_no_value || 'No data');
    const notes = entry ? notesText(entry.notes) : '';
    return { name: this.nameOf(path), value, notes };
  }

  describe(path) {
    const { name, value, notes } = this.summary(path);
    this.info.textContent = `${name}: ${value}${notes ? ` (${notes})` : ''}${this.year ? ` \u2014 ${this.year}` : ''}`;
  }

  tooltip(path) {
    const { name, value, notes } = this.summary(path);
    const content = node('div', { dir: this.rtl ? 'rtl' : 'ltr' },
      [node('strong', {}, [name]), node('br'), value]);
    if (notes) content.append(node('br'), node('span', { class: 'sdgkit-map-notes' }, [notes]));
    return content;
  }

  // --- legend ----------------------------------------------------------------------------------------

  renderLegend() {
    const t = this.text;
    const items = [];
    if (this.layerIndex >= 0) {
      // a class of one value shows that value; bounds are data values, rounded so that neighbours differ
      for (const [colour, from, to] of legendRows(this.scale)) {
        const label = from === to ? this.format(from) : `${this.format(from)} \u2013 ${this.format(to)}`;
        items.push(this.legendItem(this.colours[colour], label));
      }
    }
    items.push(this.legendItem(null, t.map_no_value || 'No data'));
    this.legend.replaceChildren(
      node('p', { class: 'sdgkit-map-legend-title' }, [this.options.unit || t.map_legend || 'Legend']),
      node('ul', {}, items));
  }

  legendItem(colour, label) {
    const swatch = node('span', { class: colour ? 'sdgkit-map-swatch' : 'sdgkit-map-swatch sdgkit-map-none',
      'aria-hidden': 'true' });
    if (colour) swatch.style.backgroundColor = colour;
    else swatch.style.setProperty('--sdgkit-map-none', this.options.no_value_colour);
    return node('li', {}, [swatch, node('span', {}, [label])]);
  }

  destroy() {
    this.destroyed = true;
    this.resize.disconnect();
    this.map.remove();
    this.root.remove();
  }
}

window.sdgkitMap = {
  create(element, options) {
    const map = new SdgMap(element, options);
    return { update: view => map.update(view), destroy: () => map.destroy() };
  },
};

