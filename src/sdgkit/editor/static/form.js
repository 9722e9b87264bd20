/* sdgkit editor: the form of a metadata, indicator configuration or page file. Plain ES2019, no library.
 *
 * Progressive: the server renders the file read-only and its history; this script, when it runs,
 * builds the form in #editor from GET api/form and hides the read-only copy. Site configuration
 * files get a plain YAML text box instead of a form (api/form says so with mode "text").
 *
 * On every change the form is applied on the server to the text it was made from (api/form/apply:
 * only the changed keys' lines are rewritten), the new text is checked (api/check) and each issue
 * is shown at its field. Every text from the file, the server or the user is inserted with
 * textContent; the one exception is the Markdown preview, which shows the server's HTML after nh3
 * sanitised it (api/markdown). The script's texts come from #editor-texts, group "form".
 * What it shares with editor.js (texts, API calls, the check, preview, save, conflict and history
 * list) is in common.js, loaded before it: window.sdgkitEditor. */
(function () {
  'use strict';
  var S = window.sdgkitEditor;
  var page = S ? S.start({
    group: 'form',
    kinds: ['metadata', 'config', 'page'],
    look: { status: 'form-status', toolbar: 'form-toolbar', frame: 'sdgkit-form-preview', frameClass: 'form-preview-frame',
      issuesTitle: 'form-issues-title', issueList: 'form-issue-list', note: 'form-note', saveForm: 'form-save',
      saveMessage: 'form-save-message', saveStatus: 'form-status form-save-status', saveBreaks: false,
      conflictBox: 'form-conflict-box', conflict: 'form-conflict' },
    keys: { preview_title: 'preview', message_missing: 'message_needed', save_unreachable: 'not_saved_unreachable',
      theirs: 'conflict_theirs', mine: 'conflict_mine', file_removed: 'removed', keep_mine_done: 'kept' }
  }) : null;
  if (!page) { return; }
  var el = S.el, q = S.q, has = S.has, t = page.t, tn = page.tn, api = page.api;
  var root = page.root, kind = page.kind, path = page.path, lang = page.lang;
  var DELAY = 400, PREVIEW_DELAY = 300;
  var state = {
    form: null, base: '', content: '', initial: {}, initialBody: null, lines: {}, bodyLine: null, problem: null
  };
  var seq = { apply: 0 };
  var applySoon = S.debounce(update, DELAY);
  var ui = { fields: {}, order: [] };

  /* --- helpers ------------------------------------------------------------------------------ */

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function describe(control, id) {
    var described = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    if (described.indexOf(id) < 0) { described.push(id); }
    control.setAttribute('aria-describedby', described.join(' '));
  }

  function undescribe(control, prefix) {
    var kept = (control.getAttribute('aria-describedby') || '').split(' ').filter(function (id) {
      return id && id.indexOf(prefix) !== 0;
    });
    if (kept.length) { control.setAttribute('aria-describedby', kept.join(' ')); } else { control.removeAttribute('aria-describedby'); }
  }

  /* --- the fields --------------------------------------------------------------------------- */

  /* One field of the form: its label, control(s), the default language's value, and room for issues. */
  function buildField(field, number) {
    var id = 'form-field-' + number;
    var wrap = el('div', { 'class': 'form-field form-' + field.element, 'data-name': field.name });
    var entry = { field: field, wrap: wrap, controls: [], control: null, preview: null };
    var labelText = field.label + (field.required ? ' ' + t('required_mark') : '');
    if (field.element === 'checkbox') {
      var box = el('input', { id: id, type: 'checkbox' });
      box.checked = field.value === true;
      wrap.appendChild(box);
      wrap.appendChild(el('label', { 'for': id }, labelText));
      entry.controls = [box];
    } else if (field.element === 'multiselect') {
      var group = el('fieldset', { 'class': 'form-multi', id: id });
      group.appendChild(el('legend', {}, labelText));
      (field.options || []).forEach(function (option, n) {
        var line = el('div', { 'class': 'form-check' });
        var input = el('input', { id: id + '-' + n, type: 'checkbox', value: option.value });
        input.checked = (field.value || []).indexOf(option.value) >= 0;
        line.appendChild(input);
        line.appendChild(el('label', { 'for': id + '-' + n }, option.label));
        group.appendChild(line);
        entry.controls.push(input);
      });
      wrap.appendChild(group);
    } else {
      wrap.appendChild(el('label', { 'for': id }, labelText));
      var control = makeControl(field, id);
      wrap.appendChild(control);
      entry.controls = [control];
    }
    entry.control = entry.controls[0] || null;
    var key = el('span', { 'class': 'form-key', id: id + '-key', dir: 'ltr' }, field.name);
    wrap.insertBefore(key, wrap.children[field.element === 'checkbox' ? 2 : 1] || null);
    if (field.element === 'yaml') {
      wrap.appendChild(el('p', { 'class': 'form-hint', id: id + '-hint' }, t('yaml_hint')));
      if (entry.control) { describe(entry.control, id + '-hint'); }
    }
    if (has(field, 'base_value') && field.base_value !== '' && field.base_value !== false &&
        !(Array.isArray(field.base_value) && !field.base_value.length)) {
      var base = el('p', { 'class': 'form-base', id: id + '-base' });
      base.appendChild(el('span', { 'class': 'form-base-label' }, t('base_value', { language: defaultLanguageName() })));
      base.appendChild(document.createTextNode(' '));
      base.appendChild(el('span', { 'class': 'form-base-text', dir: 'auto' }, Array.isArray(field.base_value) ? field.base_value.join(', ')
        : String(field.base_value)));
      wrap.appendChild(base);
      entry.controls.forEach(function (c) { describe(c, id + '-base'); });
    }
    if (field.element === 'textarea') { entry.preview = markdownPreview(wrap, id, field.label); }
    entry.issues = el('div', { 'class': 'form-issues' });
    wrap.appendChild(entry.issues);
    return entry;
  }

  function makeControl(field, id) {
    var control;
    if (field.element === 'select') {
      control = el('select', { id: id });
      control.appendChild(el('option', { value: '' }, field.required ? t('choose') : t('none')));
      (field.options || []).forEach(function (option) {
        var node = el('option', { value: option.value }, option.label);
        control.appendChild(node);
      });
      control.value = field.value || '';
    } else if (field.element === 'textarea' || field.element === 'yaml') {
      var rows = Math.min(Math.max(String(field.value || '').split('\n').length + 1, 3), 14);
      control = el('textarea', { id: id, rows: String(rows), dir: field.element === 'yaml' ? 'ltr' : 'auto' });
      if (field.element === 'yaml') { control.className = 'form-code'; control.setAttribute('spellcheck', 'false'); }
      control.value = field.value || '';
    } else {
      control = el('input', { id: id, type: 'text', autocomplete: 'off', dir: 'auto' });
      control.value = field.value || '';
      if (field.element === 'hidden') { control.readOnly = true; }
    }
    if (field.required) { control.required = true; control.setAttribute('aria-required', 'true'); }
    return control;
  }

  function valueOf(entry) {
    var element = entry.field.element;
    if (element === 'checkbox') { return entry.control.checked; }
    if (element === 'multiselect') {
      return entry.controls.filter(function (c) { return c.checked; }).map(function (c) { return c.value; });
    }
    return entry.control.value;
  }

  function defaultLanguageName() {
    var languages = (state.form && state.form.languages) || [];
    return languages.length ? languages[0].name : '';
  }

  /* --- Markdown preview --------------------------------------------------------------------- */

  /* A live preview under a Markdown box; the server's HTML is nh3-sanitised, and images are shown as their text. */
  function markdownPreview(wrap, id, label) {
    var box = el('div', { 'class': 'form-preview', role: 'region', 'aria-label': t('markdown_preview', { label: label }),
      hidden: '' });
    box.appendChild(el('p', { 'class': 'form-preview-title', 'aria-hidden': 'true' }, t('markdown_preview_title')));
    var content = el('div', { 'class': 'form-preview-content', id: id + '-preview', dir: 'auto' });
    box.appendChild(content);
    wrap.appendChild(box);
    var preview = { box: box, content: content, seq: 0 };
    preview.later = S.debounce(function (text) { renderPreview(preview, text); }, PREVIEW_DELAY);
    return preview;
  }

  function renderPreview(preview, text) {
    var mine = ++preview.seq;
    if (!text.trim()) { preview.content.textContent = ''; preview.box.hidden = true; return; }
    api('POST', '/api/markdown', { text: text }).then(function (answer) {
      if (mine !== preview.seq) { return; }
      preview.box.hidden = false;
      if (answer.status !== 200) { preview.content.textContent = answer.data.message || t('preview_failed'); return; }
      var template = document.createElement('template');
      template.innerHTML = answer.data.html || '';  // sanitised by nh3 on the server; a template runs nothing
      Array.prototype.forEach.call(template.content.querySelectorAll('img'), function (img) {
        img.replaceWith(document.createTextNode(t('image', { alt: img.getAttribute('alt') || '' })));
      });
      preview.content.textContent = '';
      preview.content.appendChild(template.content);
      preview.box.hidden = false;
    }).catch(function () { if (mine === preview.seq) { preview.content.textContent = t('preview_failed'); } });
  }

  /* --- building the page -------------------------------------------------------------------- */

  function build(form) {
    state.form = form;
    var section = el('section', { 'class': 'form-editor', 'aria-labelledby': 'form-title' });
    var title = form.mode === 'text' ? t('title_text') : t('title_' + kind);
    section.appendChild(el('h2', { id: 'form-title' }, title));
    section.appendChild(el('p', {}, form.mode === 'text' ? t('intro_text') : t('intro')));
    buildLanguages(section, form);
    if (form.translation) {
      section.appendChild(el('p', { 'class': 'form-note' }, t('translation_note', { language: defaultLanguageName() })));
    }
    if (!form.exists) {
      ui.newNote = el('p', { 'class': 'form-note' }, t('new_file'));
      section.appendChild(ui.newNote);
    }
    if (form.problem) { section.appendChild(el('p', { 'class': 'form-note form-problem' }, t('problem', { problem: form.problem }))); }
    ui.status = S.statusLine('form-status');
    section.appendChild(ui.status);
    var fields = el('div', { 'class': 'form-fields' });
    if (form.mode === 'text') { buildText(fields, form); } else { buildFields(fields, form); }
    section.appendChild(fields);
    fields.addEventListener('input', onChange);
    fields.addEventListener('change', onChange);
    ui.issues = page.buildIssues(section, showIssues);
    if (kind !== 'page' && form.mode === 'form') {
      var current = (form.languages || []).filter(function (l) { return l.current; })[0];
      page.buildPreview(section, { content: update, fields: [['lang', current ? current.code : '']] });
    }
    ui.save = page.buildSave(section, { content: update, saved: saved, unsaved: ui.status });
    root.appendChild(section);
    page.hideReadOnly();
  }

  function buildLanguages(section, form) {
    var languages = form.languages || [];
    if (languages.length < 2) { return; }
    var nav = el('nav', { 'class': 'form-languages', 'aria-label': t('languages_label') });
    var list = el('ul');
    languages.forEach(function (language) {
      var item = el('li');
      var link = el('a', { href: page.base + '/file?path=' + q(language.path), lang: language.code, hreflang: language.code },
        language.name);
      if (language.current) { link.setAttribute('aria-current', 'page'); }
      item.appendChild(link);
      if (!language.exists) { item.appendChild(el('span', { 'class': 'form-missing' }, ' ' + t('not_translated'))); }
      list.appendChild(item);
    });
    nav.appendChild(list);
    section.appendChild(nav);
  }

  function buildFields(container, form) {
    var readOnly = [];
    (form.groups || []).forEach(function (group) {
      var members = form.fields.filter(function (f) { return f.group === group.name && f.element !== 'hidden'; });
      readOnly = readOnly.concat(form.fields.filter(function (f) { return f.group === group.name && f.element === 'hidden'; }));
      if (!members.length) { return; }
      var filled = members.filter(function (f) { return f.in_file || f.required; }).length;
      var details = el('details', { 'class': 'form-group' });
      details.open = filled > 0 || form.translation || form.fields.length <= 12;
      details.appendChild(el('summary', {}, group.label + ' ' + tn('filled', filled, { total: members.length })));
      var fieldset = el('fieldset');
      fieldset.appendChild(el('legend', { 'class': 'form-visually-hidden' }, group.label));
      members.forEach(function (field) { fieldset.appendChild(addField(field)); });
      details.appendChild(fieldset);
      container.appendChild(details);
    });
    if (form.body) { container.appendChild(buildBody(form.body)); }
    if (readOnly.length) {
      var hidden = el('details', { 'class': 'form-group form-read-only' });
      hidden.appendChild(el('summary', {}, t('read_only_fields')));
      var fieldset = el('fieldset');
      fieldset.appendChild(el('legend', { 'class': 'form-visually-hidden' }, t('read_only_fields')));
      fieldset.appendChild(el('p', { 'class': 'form-hint' }, t('read_only_help')));
      readOnly.forEach(function (field) { fieldset.appendChild(addField(field)); });
      hidden.appendChild(fieldset);
      container.appendChild(hidden);
    }
    state.lines = form.lines || {};
    state.bodyLine = form.body_line || null;
  }

  function addField(field) {
    var entry = buildField(field, ui.order.length);
    ui.fields[field.name] = entry;
    ui.order.push(entry);
    state.initial[field.name] = valueOf(entry);
    if (entry.preview && entry.control.value.trim()) { renderPreview(entry.preview, entry.control.value); }
    return entry.wrap;
  }

  function buildBody(body) {
    var wrap = el('div', { 'class': 'form-field form-body' });
    wrap.appendChild(el('label', { 'for': 'form-body' }, body.label));
    var rows = Math.min(Math.max((body.value || '').split('\n').length + 1, 6), 24);
    var control = el('textarea', { id: 'form-body', rows: String(rows), dir: 'auto' });
    control.value = body.value || '';
    wrap.appendChild(control);
    if (has(body, 'base_value') && body.base_value) {
      var base = el('details', { 'class': 'form-base' });
      base.appendChild(el('summary', {}, t('base_value', { language: defaultLanguageName() })));
      base.appendChild(el('pre', { 'class': 'form-base-text', dir: 'auto' }, body.base_value));
      wrap.appendChild(base);
    }
    var preview = markdownPreview(wrap, 'form-body', body.label);
    ui.body = { control: control, wrap: wrap, preview: preview, controls: [control], field: { name: '', label: body.label } };
    ui.body.issues = el('div', { 'class': 'form-issues' });
    wrap.appendChild(ui.body.issues);
    state.initialBody = control.value;
    if (control.value.trim()) { renderPreview(preview, control.value); }
    return wrap;
  }

  function buildText(container, form) {
    var wrap = el('div', { 'class': 'form-field form-text-file' });
    wrap.appendChild(el('label', { 'for': 'form-text' }, t('text_label', { path: path })));
    var control = el('textarea', { id: 'form-text', rows: '24', 'class': 'form-code', spellcheck: 'false', dir: 'ltr' });
    control.value = form.content || '';
    wrap.appendChild(control);
    ui.text = { control: control, wrap: wrap, controls: [control], field: { name: '', label: path } };
    ui.text.issues = el('div', { 'class': 'form-issues' });
    wrap.appendChild(ui.text.issues);
    container.appendChild(wrap);
  }

  /* --- changes: apply, then check ------------------------------------------------------------ */

  function onChange(event) {
    var target = event.target;
    if (event.type === 'change' && target.tagName !== 'SELECT' && target.type !== 'checkbox') { return; }
    ui.status.textContent = t('unsaved');
    var entry = target.id === 'form-body' ? ui.body : entryOf(target);
    if (entry && entry.preview) { entry.preview.later(target.value); }
    applySoon();
  }

  function entryOf(control) {
    var wrap = control.closest ? control.closest('.form-field') : null;
    var name = wrap ? wrap.getAttribute('data-name') : null;
    return name !== null && has(ui.fields, name) ? ui.fields[name] : null;
  }

  /* The fields whose value differs from the file's: only these are sent, so untouched lines stay as they are. */
  function changedFields() {
    var changed = {};
    ui.order.forEach(function (entry) {
      if (entry.field.element === 'hidden') { return; }
      var value = valueOf(entry);
      if (!same(value, state.initial[entry.field.name])) { changed[entry.field.name] = value; }
    });
    return changed;
  }

  function bodyChange() {
    return ui.body && ui.body.control.value !== state.initialBody ? ui.body.control.value : null;
  }

  /* Apply the form (or take the text box's text), then check it; the promise gives the text, or null. */
  function update() {
    applySoon.cancel();
    var mine = ++seq.apply;
    var done;
    if (state.form.mode === 'text') {
      state.content = ui.text.control.value;
      done = Promise.resolve(state.content);
    } else {
      var fields = changedFields(), body = bodyChange();
      if (!Object.keys(fields).length && body === null) {
        state.content = state.base;
        state.lines = state.form.lines || {};
        state.bodyLine = state.form.body_line || null;
        done = Promise.resolve(state.content);
      } else {
        done = api('POST', '/api/form/apply', { path: path, content: state.base, fields: fields, body: body })
          .then(function (answer) {
            if (mine !== seq.apply) { return null; }
            if (answer.status !== 200) { showApplyProblem(answer); return null; }
            state.content = answer.data.content;
            state.lines = answer.data.lines || {};
            state.bodyLine = answer.data.body_line || null;
            return state.content;
          });
      }
    }
    return done.then(function (content) {
      if (content !== null && mine === seq.apply) { ui.issues.check(content); }
      return mine === seq.apply ? content : null;
    }).catch(function () {
      ui.issues.status.textContent = t('apply_failed');
      return null;
    });
  }

  function showApplyProblem(answer) {
    ui.issues.cancel();  // a check of an earlier text would put its issues back
    clearIssues();
    var field = answer.data.field;
    var entry = field && has(ui.fields, field) ? ui.fields[field] : null;
    var message = page.problem(answer);
    if (entry) { markField(entry, message, 'form-apply-issue'); }
    var item = el('li', {}, message);
    ui.issues.list.appendChild(item);
    ui.issues.status.textContent = t('not_applied');
  }

  /* --- issues at their fields ---------------------------------------------------------------- */

  function allEntries() {
    return ui.order.concat(ui.body ? [ui.body] : []).concat(ui.text ? [ui.text] : []);
  }

  function clearIssues() {
    allEntries().forEach(function (entry) {
      entry.controls.forEach(function (control) {
        control.removeAttribute('aria-invalid');
        undescribe(control, 'form-issue-');
      });
      entry.issues.textContent = '';
      entry.wrap.classList.remove('form-invalid');
    });
    ui.issues.list.textContent = '';
  }

  /* The field an issue of this file is about: by its line (each key's lines run to the next key), else by its `name`. */
  function fieldOf(issue) {
    if (ui.text) { return ui.text; }
    if (issue.line) {
      if (state.bodyLine && issue.line >= state.bodyLine) { return ui.body || null; }
      var best = null, bestLine = 0;
      Object.keys(state.lines).forEach(function (name) {
        var line = state.lines[name];
        if (line <= issue.line && line > bestLine && has(ui.fields, name)) { best = ui.fields[name]; bestLine = line; }
      });
      if (best) { return best; }
    }
    var found = /`([^`]+)`/g, match;
    while ((match = found.exec(issue.message || '')) !== null) {
      if (has(ui.fields, match[1])) { return ui.fields[match[1]]; }
    }
    return null;
  }

  function markField(entry, message, id) {
    var note = el('p', { id: id, 'class': 'form-issue' }, message);
    entry.issues.appendChild(note);
    entry.wrap.classList.add('form-invalid');
    entry.controls.forEach(function (control) {
      control.setAttribute('aria-invalid', 'true');
      describe(control, id);
    });
    var details = entry.wrap.closest ? entry.wrap.closest('details') : null;
    if (details) { details.open = true; }
  }

  function showIssues(issues) {
    clearIssues();
    issues.forEach(function (issue, n) {
      var message = issue.message || issue.code || t('a_problem');
      var entry = issue.file === path ? fieldOf(issue) : null;
      var item = el('li', { 'class': 'form-issue-' + (issue.severity || 'error') });
      var where = entry ? entry.field.label + ': ' : issue.file && issue.file !== path ? issue.file + ': ' : '';
      item.appendChild(document.createTextNode(where + message));
      if (entry) {
        markField(entry, message, 'form-issue-' + n);
        var go = el('button', { type: 'button' }, t('go_to_field'));
        go.addEventListener('click', function () { entry.control.focus(); });
        item.appendChild(document.createTextNode(' '));
        item.appendChild(go);
      }
      ui.issues.list.appendChild(item);
    });
  }

  /* --- saving, history ---------------------------------------------------------------------- */

  /* After a publisher's save the text saved is the form's new starting point. */
  function saved(data, content) {
    state.base = content;
    state.form.lines = state.lines;
    state.form.body_line = state.bodyLine;
    ui.order.forEach(function (entry) { state.initial[entry.field.name] = valueOf(entry); });
    if (ui.body) { state.initialBody = ui.body.control.value; }
    madeNow();
    loadHistory();
  }

  /* A file the save created (a new translation) now exists: its notes say so no more. */
  function madeNow() {
    if (ui.newNote) { ui.newNote.remove(); ui.newNote = null; }
    var missing = root.querySelector('.form-languages a[aria-current] + .form-missing');
    if (missing) { missing.remove(); }
  }

  /* The page's list of changes, again after a save (the same links as the server's list). */
  function loadHistory() {
    page.loadHistory(document.getElementById('history-list'), { item: function (li, entry) {
      li.appendChild(el('a', { href: page.base + '/history?path=' + q(path) + '&entry=' + q(entry.id) },
        (entry.message || '').split('\n')[0] || t('no_message')));
    } });
  }

  /* --- loading ------------------------------------------------------------------------------- */

  function load() {
    api('GET', '/api/form?path=' + q(path) + '&lang=' + q(lang)).then(function (answer) {
      if (answer.status !== 200) {
        var note = el('p', { 'class': 'form-note form-problem', role: 'status' },
          t('unreadable', { message: answer.data.message || answer.status }));
        root.appendChild(note);
        return;
      }
      state.base = answer.data.content || '';
      state.content = state.base;
      page.version = answer.data.version || null;
      build(answer.data);
      if (answer.data.exists) { update(); }
    }).catch(function () {
      root.appendChild(el('p', { 'class': 'form-note form-problem', role: 'status' }, t('unreachable')));
    });
  }

  load();
}());
