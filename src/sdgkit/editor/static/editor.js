/* sdgkit editor: the editing grid of a data file. Plain ES2019, no library.
 *
 * Progressive: the server renders the file read-only and its history; this script, when it runs,
 * builds the grid in #editor from GET api/file and hides the read-only copy. Every text from the
 * file, the server or the user is inserted with textContent, never parsed as HTML. */
(function () {
  'use strict';
  var root = document.getElementById('editor');
  if (!root || root.getAttribute('data-kind') !== 'data') { return; }
  var BASE = '/_editor';
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute('content') : '';
  var path = root.getAttribute('data-path');
  var role = root.getAttribute('data-role');
  var state = { columns: [], rows: [], version: root.getAttribute('data-version') || null, eol: '\n', trailing: true };
  var checkTimer = null, checkSeq = 0, checkAbort = null;
  var ui = {};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function api(method, url, body) {
    var options = { method: method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.headers['X-CSRF-Token'] = token;
      options.body = JSON.stringify(body);
    }
    return fetch(BASE + url, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  function q(value) { return encodeURIComponent(value); }

  /* --- CSV ---------------------------------------------------------------------------------- */

  function field(value) {
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function serialize() {
    var lines = [state.columns].concat(state.rows).map(function (row) { return row.map(field).join(','); });
    return lines.join(state.eol) + (state.trailing ? state.eol : '');
  }

  /* --- the grid ----------------------------------------------------------------------------- */

  function cellId(r, c) { return 'cell-' + r + '-' + c; }

  function render() {
    var table = ui.table;
    table.textContent = '';
    var caption = el('caption', { 'class': 'visually-hidden' }, 'Data of ' + path);
    table.appendChild(caption);
    var head = el('thead'), tr = el('tr');
    tr.appendChild(el('th', { scope: 'col' }, 'Row'));
    state.columns.forEach(function (name) { tr.appendChild(el('th', { scope: 'col' }, name)); });
    tr.appendChild(el('th', { scope: 'col' }, 'Actions'));
    head.appendChild(tr);
    table.appendChild(head);
    var body = el('tbody');
    state.rows.forEach(function (row, r) {
      var line = el('tr');
      line.appendChild(el('th', { scope: 'row' }, r + 1));
      state.columns.forEach(function (name, c) {
        var td = el('td');
        var id = cellId(r, c);
        var label = el('label', { 'for': id, 'class': 'visually-hidden' }, 'Row ' + (r + 1) + ', ' + name);
        var input = el('input', { id: id, type: 'text', autocomplete: 'off', 'data-row': r, 'data-col': c });
        input.value = row[c] === undefined ? '' : row[c];
        td.appendChild(label);
        td.appendChild(input);
        line.appendChild(td);
      });
      var actions = el('td');
      var remove = el('button', { type: 'button', 'data-remove': r }, 'Remove');
      remove.setAttribute('aria-label', 'Remove row ' + (r + 1));
      actions.appendChild(remove);
      line.appendChild(actions);
      body.appendChild(line);
    });
    table.appendChild(body);
  }

  function focusCell(r, c) {
    var input = document.getElementById(cellId(r, c));
    if (input) { input.focus(); input.select(); }
    return !!input;
  }

  function changed() {
    ui.status.textContent = 'Unsaved changes.';
    scheduleCheck();
  }

  function onInput(event) {
    var t = event.target;
    if (!t.hasAttribute('data-row')) { return; }
    state.rows[+t.getAttribute('data-row')][+t.getAttribute('data-col')] = t.value;
    changed();
  }

  function onKey(event) {
    var t = event.target;
    if (!t.hasAttribute || !t.hasAttribute('data-row') || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var r = +t.getAttribute('data-row'), c = +t.getAttribute('data-col');
    var atStart = t.selectionStart === 0 && t.selectionEnd === 0;
    var atEnd = t.selectionStart === t.value.length && t.selectionEnd === t.value.length;
    var moved = false;
    if (event.key === 'ArrowUp') { moved = focusCell(r - 1, c); }
    else if (event.key === 'ArrowDown') { moved = focusCell(r + 1, c); }
    else if (event.key === 'Enter') { moved = focusCell(event.shiftKey ? r - 1 : r + 1, c); if (!moved) { event.preventDefault(); } }
    else if (event.key === 'ArrowLeft' && (atStart || t.selectionStart === t.selectionEnd && t.value === '')) { moved = focusCell(r, c - 1); }
    else if (event.key === 'ArrowRight' && atEnd) { moved = focusCell(r, c + 1); }
    if (moved) { event.preventDefault(); }
  }

  /* A block copied from a spreadsheet (tabs between cells, a line per row), written from the focused cell. */
  function onPaste(event) {
    var t = event.target;
    if (!t.hasAttribute || !t.hasAttribute('data-row')) { return; }
    var text = (event.clipboardData || window.clipboardData).getData('text');
    if (!/[\t\n]/.test(text)) { return; }
    event.preventDefault();
    var lines = text.replace(/\r\n?/g, '\n').split('\n');
    if (lines.length > 1 && lines[lines.length - 1] === '') { lines.pop(); }
    var r0 = +t.getAttribute('data-row'), c0 = +t.getAttribute('data-col');
    lines.forEach(function (line, i) {
      var r = r0 + i;
      while (state.rows.length <= r) { state.rows.push(state.columns.map(function () { return ''; })); }
      line.split('\t').forEach(function (value, j) {
        if (c0 + j < state.columns.length) { state.rows[r][c0 + j] = value; }
      });
    });
    render();
    focusCell(r0, c0);
    ui.status.textContent = 'Pasted ' + lines.length + ' row' + (lines.length === 1 ? '' : 's') + '.';
    scheduleCheck();
  }

  function onClick(event) {
    var t = event.target;
    if (t.hasAttribute && t.hasAttribute('data-remove')) {
      var r = +t.getAttribute('data-remove');
      state.rows.splice(r, 1);
      render();
      if (!focusCell(Math.min(r, state.rows.length - 1), 0)) { ui.addRow.focus(); }
      ui.status.textContent = 'Row ' + (r + 1) + ' removed.';
      scheduleCheck();
    }
  }

  function addRow() {
    state.rows.push(state.columns.map(function () { return ''; }));
    render();
    focusCell(state.rows.length - 1, 0);
    changed();
  }

  /* A breakdown column goes before the comment, unit, status and value columns. */
  function addColumn(event) {
    event.preventDefault();
    var name = ui.columnName.value.trim();
    if (!name) { ui.status.textContent = 'Give the new column a name.'; ui.columnName.focus(); return; }
    if (state.columns.indexOf(name) >= 0) { ui.status.textContent = 'There is already a column ' + name + '.'; return; }
    var at = state.columns.length;
    for (var i = 1; i < state.columns.length; i++) {
      if (/^(COMMENT_|Value$|OBS_|UNIT_MEASURE$|Units$)/.test(state.columns[i])) { at = i; break; }
    }
    state.columns.splice(at, 0, name);
    state.rows.forEach(function (row) { while (row.length < at) { row.push(''); } row.splice(at, 0, ''); });
    ui.columnName.value = '';
    render();
    focusCell(0, at);
    changed();
  }

  /* --- check as you type -------------------------------------------------------------------- */

  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, 400);
  }

  function check() {
    var seq = ++checkSeq;
    if (checkAbort) { checkAbort.abort(); }
    checkAbort = typeof AbortController === 'function' ? new AbortController() : null;
    ui.checkStatus.textContent = 'Checking…';
    var options = { method: 'POST', credentials: 'same-origin', signal: checkAbort ? checkAbort.signal : undefined,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
      body: JSON.stringify({ path: path, content: serialize() }) };
    fetch(BASE + '/api/check', options).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (answer) {
      if (seq !== checkSeq) { return; }
      if (answer.status !== 200) { ui.checkStatus.textContent = 'The check failed: ' + (answer.data.message || answer.status); return; }
      showIssues(answer.data.issues || []);
    }).catch(function (error) {
      if (error && error.name === 'AbortError') { return; }
      if (seq === checkSeq) { ui.checkStatus.textContent = 'The check could not be made.'; }
    });
  }

  function showIssues(all) {
    Array.prototype.forEach.call(ui.table.querySelectorAll('input[aria-invalid]'), function (input) {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    });
    Array.prototype.forEach.call(ui.table.querySelectorAll('.cell-issue'), function (node) { node.remove(); });
    ui.issues.textContent = '';
    var issues = all.filter(function (issue) { return issue.file === path || issue.severity === 'error'; });
    issues.forEach(function (issue, n) {
      var id = 'issue-' + n;
      var item = el('li', { id: 'issue-item-' + n });
      var where = '';
      var input = null;
      if (issue.file === path && issue.row) {
        var c = issue.column ? issue.column - 1 : 0;
        input = document.getElementById(cellId(issue.row - 1, c));
        where = 'Row ' + issue.row + (issue.column_name ? ', ' + issue.column_name : '') + ': ';
      } else if (issue.file && issue.file !== path) {
        where = issue.file + ': ';
      }
      item.appendChild(document.createTextNode(where + (issue.message || issue.code || 'a problem')));
      if (input) {
        var note = el('span', { id: id, 'class': 'cell-issue' }, issue.message || issue.code);
        input.parentNode.appendChild(note);
        input.setAttribute('aria-invalid', 'true');
        var described = input.getAttribute('aria-describedby');
        input.setAttribute('aria-describedby', described ? described + ' ' + id : id);
        var go = el('button', { type: 'button' }, 'Go to the cell');
        go.addEventListener('click', function () { input.focus(); });
        item.appendChild(go);
      }
      ui.issues.appendChild(item);
    });
    ui.checkStatus.textContent = issues.length ? issues.length + ' issue' + (issues.length === 1 ? '' : 's') + ' found.'
      : 'No issues found.';
  }

  /* --- preview and save --------------------------------------------------------------------- */

  function preview(event) {
    ui.previewContent.value = serialize();
    if (event.submitter && event.submitter.getAttribute('data-tab') !== null) {
      ui.previewForm.target = '_blank';
    } else {
      ui.previewForm.target = 'sdgkit-preview';
      ui.previewFrame.hidden = false;
    }
  }

  function save(event) {
    event.preventDefault();
    var message = ui.message.value.trim();
    if (!message) { ui.saveStatus.textContent = 'Say what you changed.'; ui.message.focus(); return; }
    ui.saveStatus.textContent = 'Saving…';
    ui.conflict.hidden = true;
    var content = serialize();
    api('POST', '/api/save', { path: path, content: content, expected_version: state.version, message: message })
      .then(function (answer) {
        var data = answer.data;
        if (answer.status === 200) {
          state.version = data.version;
          ui.message.value = '';
          ui.status.textContent = '';
          ui.saveStatus.textContent = 'Saved. The new version is ' + data.version.slice(0, 12) + '.';
          loadHistory();
        } else if (answer.status === 202) {
          ui.message.value = '';
          ui.saveStatus.textContent = 'Your change was proposed for review.';
        } else if (answer.status === 409 && data.error === 'conflict') {
          showConflict(data, content);
        } else {
          ui.saveStatus.textContent = 'Not saved: ' + (data.message || 'error ' + answer.status);
        }
      }).catch(function () { ui.saveStatus.textContent = 'Not saved: the server could not be reached.'; });
  }

  function showConflict(data, mine) {
    ui.saveStatus.textContent = 'Not saved: the file was changed by someone else since you opened it. ' +
      'Both versions are shown below; your changes are kept in the grid.';
    ui.theirs.textContent = data.current === null || data.current === undefined ? '(the file was removed)' : data.current;
    ui.mine.textContent = mine;
    ui.conflict.hidden = false;
    ui.conflictVersion = data.current_version || null;
  }

  function keepMine() {
    state.version = ui.conflictVersion;
    ui.conflict.hidden = true;
    ui.saveStatus.textContent = 'Your version will replace theirs when you save.';
    ui.message.focus();
  }

  /* --- history ------------------------------------------------------------------------------ */

  function loadHistory() {
    api('GET', '/api/history?path=' + q(path)).then(function (answer) {
      if (answer.status !== 200) { return; }
      var list = ui.history;
      list.textContent = '';
      var entries = answer.data.entries || [];
      if (!entries.length) { list.appendChild(el('p', {}, 'No recorded changes.')); return; }
      var ol = el('ol', { 'class': 'history' });
      entries.forEach(function (entry) {
        var li = el('li');
        li.appendChild(document.createTextNode(entry.time.replace('T', ' ').slice(0, 16) + ' ' + entry.author + ': ' +
          (entry.message || '').split('\n')[0] + ' '));
        var show = el('button', { type: 'button', 'aria-expanded': 'false' }, 'Show the changes');
        var diff = el('pre', { 'class': 'diff', hidden: '' });
        show.addEventListener('click', function () {
          var open = show.getAttribute('aria-expanded') === 'true';
          if (open) { diff.hidden = true; show.setAttribute('aria-expanded', 'false'); return; }
          api('GET', '/api/diff?path=' + q(path) + '&entry=' + q(entry.id)).then(function (d) {
            diff.textContent = d.status === 200 ? d.data.diff : (d.data.message || 'The changes could not be read.');
            diff.hidden = false;
            show.setAttribute('aria-expanded', 'true');
          });
        });
        li.appendChild(show);
        if (role === 'publisher') {
          var revert = el('button', { type: 'button' }, 'Revert');
          revert.setAttribute('aria-label', 'Revert the change of ' + entry.time.slice(0, 16).replace('T', ' '));
          revert.addEventListener('click', function () { revertEntry(entry); });
          li.appendChild(document.createTextNode(' '));
          li.appendChild(revert);
        }
        li.appendChild(diff);
        ol.appendChild(li);
      });
      list.appendChild(ol);
    });
  }

  function revertEntry(entry) {
    if (!window.confirm('Revert this change? The file goes back to how it was before it; unsaved edits are lost.')) { return; }
    api('POST', '/api/revert', { path: path, entry: entry.id, expected_version: state.version }).then(function (answer) {
      if (answer.status === 200) {
        ui.saveStatus.textContent = 'The change was reverted.';
        load();
      } else {
        ui.saveStatus.textContent = 'Not reverted: ' + (answer.data.message || 'error ' + answer.status);
      }
    });
  }

  /* --- building the page -------------------------------------------------------------------- */

  function build() {
    var section = el('section', { 'aria-labelledby': 'grid-title' });
    section.appendChild(el('h2', { id: 'grid-title' }, 'Edit the data'));
    section.appendChild(el('p', {}, 'Arrow keys and Enter move between cells. Paste a block copied from a ' +
      'spreadsheet into a cell to fill the cells from there. Your changes are checked as you type.'));
    ui.status = el('p', { 'class': 'status', role: 'status' });
    section.appendChild(ui.status);
    var wrap = el('div', { 'class': 'grid-wrap', tabindex: '0', role: 'region', 'aria-label': 'The table of the data' });
    ui.table = el('table', { 'class': 'grid' });
    wrap.appendChild(ui.table);
    section.appendChild(wrap);
    ui.table.addEventListener('input', onInput);
    ui.table.addEventListener('keydown', onKey);
    ui.table.addEventListener('paste', onPaste);
    ui.table.addEventListener('click', onClick);

    var tools = el('div', { 'class': 'toolbar' });
    ui.addRow = el('button', { type: 'button' }, 'Add a row');
    ui.addRow.addEventListener('click', addRow);
    tools.appendChild(ui.addRow);
    var columnForm = el('form', { 'class': 'toolbar' });
    var columnLabelBox = el('div');
    columnLabelBox.appendChild(el('label', { 'for': 'new-column' }, 'New breakdown column'));
    ui.columnName = el('input', { id: 'new-column', type: 'text', autocomplete: 'off' });
    columnLabelBox.appendChild(ui.columnName);
    columnForm.appendChild(columnLabelBox);
    columnForm.appendChild(el('button', { type: 'submit' }, 'Add the column'));
    columnForm.addEventListener('submit', addColumn);
    tools.appendChild(columnForm);
    section.appendChild(tools);

    section.appendChild(el('h3', { id: 'issues-title' }, 'Issues'));
    ui.checkStatus = el('p', { 'class': 'status', role: 'status' });
    section.appendChild(ui.checkStatus);
    ui.issues = el('ul', { 'class': 'issues', 'aria-labelledby': 'issues-title' });
    section.appendChild(ui.issues);

    section.appendChild(el('h3', {}, 'Preview'));
    ui.previewForm = el('form', { method: 'post', action: BASE + '/preview', target: 'sdgkit-preview', 'class': 'toolbar' });
    [['path', path], ['csrf_token', token], ['content', '']].forEach(function (pair) {
      var hidden = el('input', { type: 'hidden', name: pair[0] });
      hidden.value = pair[1];
      ui.previewForm.appendChild(hidden);
      if (pair[0] === 'content') { ui.previewContent = hidden; }
    });
    ui.previewForm.appendChild(el('button', { type: 'submit' }, 'Preview'));
    ui.previewForm.appendChild(el('button', { type: 'submit', 'data-tab': '' }, 'Preview in a new tab'));
    ui.previewForm.addEventListener('submit', preview);
    section.appendChild(ui.previewForm);
    ui.previewFrame = el('iframe', { name: 'sdgkit-preview', title: 'Preview of the unsaved page',
      sandbox: 'allow-scripts', 'class': 'preview-frame', hidden: '' });
    section.appendChild(ui.previewFrame);

    if (role === 'viewer') {
      section.appendChild(el('p', {}, 'You may check and preview changes; saving needs the editor or publisher role.'));
    }
    if (role !== 'viewer') { section.appendChild(el('h3', {}, 'Save')); }
    var saveForm = el('form', { 'class': 'save-form' });
    saveForm.appendChild(el('label', { 'for': 'save-message' }, 'What did you change? (required)'));
    saveForm.appendChild(el('br'));
    ui.message = el('input', { id: 'save-message', type: 'text', required: '', maxlength: '2000', autocomplete: 'off' });
    saveForm.appendChild(ui.message);
    saveForm.appendChild(document.createTextNode(' '));
    saveForm.appendChild(el('button', { type: 'submit' }, role === 'publisher' ? 'Save' : 'Propose for review'));
    saveForm.addEventListener('submit', save);
    saveForm.hidden = role === 'viewer';
    section.appendChild(saveForm);
    ui.saveStatus = el('p', { 'class': 'status', role: 'status' });
    section.appendChild(ui.saveStatus);

    ui.conflict = el('div', { hidden: '' });
    ui.conflict.appendChild(el('h3', {}, 'Two versions'));
    var sides = el('div', { 'class': 'conflict' });
    var theirs = el('div'), mine = el('div');
    theirs.appendChild(el('h4', {}, 'The file now'));
    ui.theirs = el('pre', { tabindex: '0' });
    theirs.appendChild(ui.theirs);
    mine.appendChild(el('h4', {}, 'Your version'));
    ui.mine = el('pre', { tabindex: '0' });
    mine.appendChild(ui.mine);
    sides.appendChild(theirs);
    sides.appendChild(mine);
    ui.conflict.appendChild(sides);
    var keep = el('button', { type: 'button' }, 'Keep my version (replace theirs when I save)');
    keep.addEventListener('click', keepMine);
    ui.conflict.appendChild(keep);
    section.appendChild(ui.conflict);

    root.appendChild(section);
    ui.history = document.getElementById('history-list') || el('div');
    var link = el('p');
    var a = el('a', { href: '#history' }, 'History of this file');
    link.appendChild(a);
    section.insertBefore(link, section.children[1]);
  }

  function load() {
    return api('GET', '/api/file?path=' + q(path)).then(function (answer) {
      if (answer.status !== 200 || !answer.data.table) {
        ui.status.textContent = 'The file could not be read: ' + (answer.data.message || answer.status);
        return;
      }
      var content = answer.data.content || '';
      state.eol = content.indexOf('\r\n') >= 0 ? '\r\n' : '\n';
      state.trailing = content === '' || /\n$/.test(content);
      state.columns = answer.data.table.columns;
      state.rows = answer.data.table.rows.map(function (row) {
        var full = row.slice();
        while (full.length < state.columns.length) { full.push(''); }
        return full;
      });
      state.version = answer.data.version;
      var content0 = document.getElementById('content');
      if (content0) { content0.hidden = true; }
      render();
      loadHistory();
      check();
    });
  }

  build();
  load();
}());
