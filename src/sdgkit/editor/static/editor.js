/* sdgkit editor: the editing grid of a data file. Plain ES2019, no library.
 *
 * Progressive: the server renders the file read-only and its history; this script, when it runs,
 * builds the grid in #editor from GET api/file and hides the read-only copy. Every text from the
 * file, the server or the user is inserted with textContent, never parsed as HTML.
 *
 * The script's own texts are in the user's language: the page embeds them as JSON
 * (#editor-texts, group "grid", from translations/<lang>/grid.yml) and t() reads them. */
(function () {
  'use strict';
  var root = document.getElementById('editor');
  if (!root || root.getAttribute('data-kind') !== 'data') { return; }
  var BASE = '/_editor';
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute('content') : '';
  var path = root.getAttribute('data-path');
  var role = root.getAttribute('data-role');
  var lang = root.getAttribute('data-lang') || document.documentElement.getAttribute('lang') || 'en';
  var state = { columns: [], rows: [], version: root.getAttribute('data-version') || null, eol: '\n', trailing: true,
    dirty: false, baseRows: 0, baseColumns: [] };
  var checkTimer = null, checkSeq = 0, checkAbort = null;
  var ui = { renaming: -1 };

  /* --- texts -------------------------------------------------------------------------------- */

  var TEXTS = (function () {
    var node = document.getElementById('editor-texts');
    try {
      var all = JSON.parse(node ? node.textContent : '{}');
      return all && typeof all.grid === 'object' && all.grid ? all.grid : {};
    } catch (error) {
      return {};
    }
  }());
  var plurals = null;
  try { plurals = new Intl.PluralRules(lang); } catch (error) { plurals = null; }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  /* The text of `key` with its {placeholders} filled from `params`; the key itself when there is no text. */
  function t(key, params) {
    var template = has(TEXTS, key) ? String(TEXTS[key]) : key;
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return params && has(params, name) ? String(params[name]) : whole;
    });
  }

  /* A counted text: `key_one`, `key_few`… as the language's plural rules say for `count`, else `key_other`. */
  function tn(key, count, params) {
    var all = { count: count };
    Object.keys(params || {}).forEach(function (name) { all[name] = params[name]; });
    var form = key + '_' + (plurals ? plurals.select(count) : (count === 1 ? 'one' : 'other'));
    return t(has(TEXTS, form) ? form : key + '_other', all);
  }

  /* --- helpers ------------------------------------------------------------------------------ */

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function answerOf(response) {
    return response.json().catch(function () { return {}; }).then(function (data) {
      return { status: response.status, data: data || {} };
    });
  }

  function api(method, url, body) {
    var options = { method: method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.headers['X-CSRF-Token'] = token;
      options.body = JSON.stringify(body);
    }
    return fetch(BASE + url, options).then(answerOf);
  }

  function q(value) { return encodeURIComponent(value); }

  function problem(answer) { return answer.data.message || t('error_status', { status: answer.status }); }

  function padded(rows, width) {
    return rows.map(function (row) {
      var full = row.slice();
      while (full.length < width) { full.push(''); }
      return full;
    });
  }

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

  /* The header: a row of column names (a text field instead while one is renamed), then a row of
   * each column's tools. The tools are in cells of their own so that the names stay the headers. */
  function renderHead() {
    var head = el('thead'), names = el('tr'), tools = el('tr', { 'class': 'column-tools' });
    names.appendChild(el('th', { scope: 'col' }, t('row_header')));
    tools.appendChild(el('td'));
    state.columns.forEach(function (name, c) {
      var th = el('th', { scope: 'col' });
      if (ui.renaming === c) {
        th.appendChild(el('label', { 'for': 'rename-column', 'class': 'visually-hidden' },
          t('rename_label', { name: name })));
        var input = el('input', { id: 'rename-column', type: 'text', autocomplete: 'off', 'class': 'rename-field',
          'aria-describedby': 'rename-help' });
        input.value = name;
        input.addEventListener('keydown', onRenameKey);
        input.addEventListener('blur', function () { finishRename(true, false); });
        th.appendChild(input);
        th.appendChild(el('span', { id: 'rename-help', 'class': 'visually-hidden' }, t('rename_help')));
      } else {
        th.textContent = name;
      }
      names.appendChild(th);
      var td = el('td');
      var rename = el('button', { type: 'button', 'data-rename-column': c,
        'aria-label': t('rename_column_label', { name: name }) }, t('rename_column'));
      var remove = el('button', { type: 'button', 'data-remove-column': c,
        'aria-label': t('remove_column_label', { name: name }) }, t('remove_column'));
      td.appendChild(rename);
      td.appendChild(remove);
      tools.appendChild(td);
    });
    names.appendChild(el('th', { scope: 'col' }, t('actions_header')));
    tools.appendChild(el('td'));
    head.appendChild(names);
    head.appendChild(tools);
    return head;
  }

  function render() {
    var table = ui.table;
    table.textContent = '';
    table.appendChild(el('caption', { 'class': 'visually-hidden' }, t('caption', { path: path })));
    table.appendChild(renderHead());
    var body = el('tbody');
    state.rows.forEach(function (row, r) {
      var line = el('tr');
      line.appendChild(el('th', { scope: 'row' }, r + 1));
      state.columns.forEach(function (name, c) {
        var td = el('td');
        var id = cellId(r, c);
        var label = el('label', { 'for': id, 'class': 'visually-hidden' },
          t('cell_label', { row: r + 1, column: name }));
        var input = el('input', { id: id, type: 'text', autocomplete: 'off', 'data-row': r, 'data-col': c });
        input.value = row[c] === undefined ? '' : row[c];
        td.appendChild(label);
        td.appendChild(input);
        line.appendChild(td);
      });
      var actions = el('td');
      var remove = el('button', { type: 'button', 'data-remove': r }, t('remove_row'));
      remove.setAttribute('aria-label', t('remove_row_label', { row: r + 1 }));
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

  function focusColumnTool(c, kind) {
    var button = ui.table.querySelector('[data-' + kind + '-column="' + c + '"]');
    if (button) { button.focus(); }
    return !!button;
  }

  /* The grid now differs from the file: say so (or say `message`), and check it. */
  function changed(message) {
    state.dirty = true;
    ui.status.textContent = message || t('unsaved');
    scheduleCheck();
  }

  function onInput(event) {
    var target = event.target;
    if (!target.hasAttribute('data-row')) { return; }
    state.rows[+target.getAttribute('data-row')][+target.getAttribute('data-col')] = target.value;
    changed();
  }

  function rightToLeft() {
    return window.getComputedStyle(ui.table).direction === 'rtl';
  }

  /* Left and right move between cells at the start or end of the text; in a right-to-left page the
   * next cell is on the left, so ArrowLeft moves forward there. */
  function onKey(event) {
    var target = event.target;
    if (!target.hasAttribute || !target.hasAttribute('data-row') || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var r = +target.getAttribute('data-row'), c = +target.getAttribute('data-col');
    var empty = target.selectionStart === target.selectionEnd && target.value === '';
    var atStart = empty || target.selectionStart === 0 && target.selectionEnd === 0;
    var atEnd = empty || target.selectionStart === target.value.length && target.selectionEnd === target.value.length;
    var back = rightToLeft() ? 'ArrowRight' : 'ArrowLeft';
    var forward = rightToLeft() ? 'ArrowLeft' : 'ArrowRight';
    var moved = false;
    if (event.key === 'ArrowUp') { moved = focusCell(r - 1, c); }
    else if (event.key === 'ArrowDown') { moved = focusCell(r + 1, c); }
    else if (event.key === 'Enter') { moved = focusCell(event.shiftKey ? r - 1 : r + 1, c); if (!moved) { event.preventDefault(); } }
    else if (event.key === back && atStart) { moved = focusCell(r, c - 1); }
    else if (event.key === forward && atEnd) { moved = focusCell(r, c + 1); }
    if (moved) { event.preventDefault(); }
  }

  /* A block copied from a spreadsheet (tabs between cells, a line per row), written from the focused cell. */
  function onPaste(event) {
    var target = event.target;
    if (!target.hasAttribute || !target.hasAttribute('data-row')) { return; }
    var text = (event.clipboardData || window.clipboardData).getData('text');
    if (!/[\t\n]/.test(text)) { return; }
    event.preventDefault();
    var lines = text.replace(/\r\n?/g, '\n').split('\n');
    if (lines.length > 1 && lines[lines.length - 1] === '') { lines.pop(); }
    var r0 = +target.getAttribute('data-row'), c0 = +target.getAttribute('data-col');
    lines.forEach(function (line, i) {
      var r = r0 + i;
      while (state.rows.length <= r) { state.rows.push(state.columns.map(function () { return ''; })); }
      line.split('\t').forEach(function (value, j) {
        if (c0 + j < state.columns.length) { state.rows[r][c0 + j] = value; }
      });
    });
    render();
    focusCell(r0, c0);
    changed(tn('pasted', lines.length));
  }

  function onClick(event) {
    var target = event.target;
    if (!target.hasAttribute) { return; }
    if (target.hasAttribute('data-remove')) {
      var r = +target.getAttribute('data-remove');
      state.rows.splice(r, 1);
      render();
      if (!focusCell(Math.min(r, state.rows.length - 1), 0)) { ui.addRow.focus(); }
      changed(t('row_removed', { row: r + 1 }));
    } else if (target.hasAttribute('data-rename-column')) {
      startRename(+target.getAttribute('data-rename-column'));
    } else if (target.hasAttribute('data-remove-column')) {
      removeColumn(+target.getAttribute('data-remove-column'));
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
    if (!name) { ui.status.textContent = t('new_column_missing'); ui.columnName.focus(); return; }
    if (state.columns.indexOf(name) >= 0) { ui.status.textContent = t('column_exists', { name: name }); return; }
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

  /* --- renaming and removing columns -------------------------------------------------------- */

  /* Renaming changes the header and the cells' labels only: the cells stay, and so does the focus
   * when the user leaves the field for one of them. */
  function renderColumn(c) {
    ui.table.replaceChild(renderHead(), ui.table.tHead);
    state.rows.forEach(function (row, r) {
      var label = ui.table.querySelector('label[for="' + cellId(r, c) + '"]');
      if (label) { label.textContent = t('cell_label', { row: r + 1, column: state.columns[c] }); }
    });
  }

  function startRename(c) {
    ui.renaming = c;
    renderColumn(c);
    var input = document.getElementById('rename-column');
    input.focus();
    input.select();
  }

  function onRenameKey(event) {
    if (event.key === 'Enter') { event.preventDefault(); finishRename(true, true); }
    else if (event.key === 'Escape') { event.preventDefault(); finishRename(false, true); }
  }

  /* Apply (or cancel) the renaming, from a key (Enter, Escape) or by leaving the field. A name that
   * is empty or another column's is refused with a message: after Enter the field stays for another
   * try, after leaving it nothing changes. */
  function finishRename(apply, byKey) {
    var c = ui.renaming;
    if (c < 0) { return; }
    var input = document.getElementById('rename-column');
    var old = state.columns[c];
    var name = input ? input.value.trim() : old;
    var refusal = '';
    if (apply && name !== old) {
      refusal = !name ? t('column_name_empty')
        : state.columns.indexOf(name) >= 0 ? t('column_exists', { name: name }) : '';
    }
    if (refusal && byKey && input) {
      ui.status.textContent = refusal;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    ui.renaming = -1;  // first: taking the field away may fire its blur
    var renamed = apply && !refusal && name !== old;
    if (renamed) { state.columns[c] = name; }
    renderColumn(c);
    if (byKey) { focusColumnTool(c, 'rename'); }
    if (renamed) {
      changed(t('column_renamed', { old: old, name: name }));
    } else if (refusal || !apply) {
      ui.status.textContent = (refusal ? refusal + ' ' : '') + t('column_not_renamed', { name: old });
    }
  }

  function removeColumn(c) {
    var name = state.columns[c];
    if (state.columns.length < 2) { ui.status.textContent = t('last_column'); return; }
    if (!window.confirm(t('remove_column_confirm', { name: name }))) { return; }
    state.columns.splice(c, 1);
    state.rows.forEach(function (row) { if (row.length > c) { row.splice(c, 1); } });
    render();
    focusColumnTool(Math.min(c, state.columns.length - 1), 'rename');
    changed(t('column_removed', { name: name }));
  }

  /* --- uploading a table into the grid ------------------------------------------------------ */

  function sameList(a, b) {
    return !!a && !!b && a.length === b.length && a.every(function (value, i) { return value === b[i]; });
  }

  /* The server reads the sheet and returns the table (replace: the sheet; append: the file and the
   * sheet's rows). It goes into the grid as an unsaved change: nothing is written here. */
  function upload(event) {
    event.preventDefault();
    if (ui.uploading) { return; }
    var file = ui.uploadFile.files && ui.uploadFile.files[0];
    if (!file) { ui.uploadStatus.textContent = t('upload_choose'); ui.uploadFile.focus(); return; }
    var append = ui.uploadAppend.checked;
    if (!append && state.dirty && !window.confirm(t('upload_replace_confirm'))) { return; }
    var form = new FormData();
    form.append('path', path);
    form.append('mode', append ? 'append' : 'replace');
    form.append('file', file, file.name);
    ui.uploadStatus.textContent = t('upload_sending');
    ui.uploading = true;
    fetch(BASE + '/api/upload', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': token },
      body: form }).then(answerOf).then(function (answer) {
      ui.uploading = false;
      if (answer.status !== 200 || !answer.data.table) {
        ui.uploadStatus.textContent = t('upload_refused', { message: problem(answer) });
        return;
      }
      uploaded(answer.data, file.name, append);
    }).catch(function () {
      ui.uploading = false;
      ui.uploadStatus.textContent = t('upload_failed');
    });
  }

  /* Appended rows go after the grid's rows, which keeps its unsaved edits: the server appended them
   * to the file as it was loaded (or last saved), whose rows the grid started from. */
  function uploaded(data, name, append) {
    var columns = data.table.columns, rows = padded(data.table.rows, columns.length);
    var count = rows.length;
    if (append) {
      var sameBase = data.version === state.version && sameList(columns, state.baseColumns);
      if (!sameBase || !sameList(columns, state.columns)) {
        ui.uploadStatus.textContent = t('upload_append_changed');
        return;
      }
      count = Math.max(rows.length - state.baseRows, 0);
      rows = state.rows.concat(rows.slice(state.baseRows));
    }
    state.columns = columns;
    state.rows = rows;
    ui.renaming = -1;
    render();
    ui.uploadFile.value = '';
    ui.uploadStatus.textContent = tn(append ? 'upload_appended' : 'upload_replaced', count, { file: name });
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
    ui.checkStatus.textContent = t('checking');
    var options = { method: 'POST', credentials: 'same-origin', signal: checkAbort ? checkAbort.signal : undefined,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
      body: JSON.stringify({ path: path, content: serialize() }) };
    fetch(BASE + '/api/check?lang=' + q(lang), options).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (answer) {
      if (seq !== checkSeq) { return; }
      if (answer.status !== 200) {
        ui.checkStatus.textContent = t('check_failed', { message: answer.data.message || answer.status });
        return;
      }
      showIssues(answer.data.issues || []);
    }).catch(function (error) {
      if (error && error.name === 'AbortError') { return; }
      if (seq === checkSeq) { ui.checkStatus.textContent = t('check_unreachable'); }
    });
  }

  function showIssues(all) {
    Array.prototype.forEach.call(ui.table.querySelectorAll('input[aria-invalid]'), function (input) {
      if (input.id === 'rename-column') { return; }
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    });
    Array.prototype.forEach.call(ui.table.querySelectorAll('.cell-issue'), function (node) { node.remove(); });
    ui.issues.textContent = '';
    var issues = all.filter(function (issue) { return issue.file === path || issue.severity === 'error'; });
    issues.forEach(function (issue, n) {
      var id = 'issue-' + n;
      var item = el('li', { id: 'issue-item-' + n });
      var message = issue.message || issue.code || t('issue_unknown');
      var line = message;
      var input = null;
      if (issue.file === path && issue.row) {
        var c = issue.column ? issue.column - 1 : 0;
        input = document.getElementById(cellId(issue.row - 1, c));
        line = issue.column_name ? t('issue_at_cell', { row: issue.row, column: issue.column_name, message: message })
          : t('issue_at_row', { row: issue.row, message: message });
      } else if (issue.file && issue.file !== path) {
        line = t('issue_in_file', { file: issue.file, message: message });
      }
      item.appendChild(document.createTextNode(line));
      if (input) {
        var note = el('span', { id: id, 'class': 'cell-issue' }, issue.message || issue.code);
        input.parentNode.appendChild(note);
        input.setAttribute('aria-invalid', 'true');
        var described = input.getAttribute('aria-describedby');
        input.setAttribute('aria-describedby', described ? described + ' ' + id : id);
        var go = el('button', { type: 'button' }, t('go_to_cell'));
        go.addEventListener('click', function () { input.focus(); });
        item.appendChild(go);
      }
      ui.issues.appendChild(item);
    });
    ui.checkStatus.textContent = issues.length ? tn('issues_found', issues.length) : t('no_issues');
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
    if (!message) { ui.saveStatus.textContent = t('message_missing'); ui.message.focus(); return; }
    ui.saveStatus.textContent = t('saving');
    ui.conflict.hidden = true;
    var content = serialize();
    var rows = state.rows.length, columns = state.columns.slice();
    api('POST', '/api/save', { path: path, content: content, expected_version: state.version, message: message })
      .then(function (answer) {
        var data = answer.data;
        if (answer.status === 200) {
          state.version = data.version;
          state.dirty = false;
          state.baseRows = rows;
          state.baseColumns = columns;
          ui.message.value = '';
          ui.status.textContent = '';
          ui.saveStatus.textContent = t('saved', { version: data.version.slice(0, 12) });
          loadHistory();
        } else if (answer.status === 202) {
          ui.message.value = '';
          ui.saveStatus.textContent = t('proposed');
        } else if (answer.status === 409 && data.error === 'conflict') {
          showConflict(data, content);
        } else {
          ui.saveStatus.textContent = t('not_saved', { message: problem(answer) });
        }
      }).catch(function () { ui.saveStatus.textContent = t('save_unreachable'); });
  }

  function showConflict(data, mine) {
    ui.saveStatus.textContent = t('conflict');
    ui.theirs.textContent = data.current === null || data.current === undefined ? t('file_removed') : data.current;
    ui.mine.textContent = mine;
    ui.conflict.hidden = false;
    ui.conflictVersion = data.current_version || null;
  }

  function keepMine() {
    state.version = ui.conflictVersion;
    state.baseColumns = null;  // the grid did not start from their file: rows are not appended to it
    ui.conflict.hidden = true;
    ui.saveStatus.textContent = t('keep_mine_done');
    ui.message.focus();
  }

  /* --- history ------------------------------------------------------------------------------ */

  function loadHistory() {
    api('GET', '/api/history?path=' + q(path)).then(function (answer) {
      if (answer.status !== 200) { return; }
      var list = ui.history;
      list.textContent = '';
      var entries = answer.data.entries || [];
      if (!entries.length) { list.appendChild(el('p', {}, t('no_changes'))); return; }
      var ol = el('ol', { 'class': 'history' });
      entries.forEach(function (entry) {
        var li = el('li');
        li.appendChild(document.createTextNode(entry.time.replace('T', ' ').slice(0, 16) + ' ' + entry.author + ': ' +
          (entry.message || '').split('\n')[0] + ' '));
        var show = el('button', { type: 'button', 'aria-expanded': 'false' }, t('show_changes'));
        var diff = el('pre', { 'class': 'diff', hidden: '' });
        show.addEventListener('click', function () {
          var open = show.getAttribute('aria-expanded') === 'true';
          if (open) { diff.hidden = true; show.setAttribute('aria-expanded', 'false'); return; }
          api('GET', '/api/diff?path=' + q(path) + '&entry=' + q(entry.id)).then(function (d) {
            diff.textContent = d.status === 200 ? d.data.diff : (d.data.message || t('diff_unreadable'));
            diff.hidden = false;
            show.setAttribute('aria-expanded', 'true');
          });
        });
        li.appendChild(show);
        if (role === 'publisher') {
          var revert = el('button', { type: 'button' }, t('revert'));
          revert.setAttribute('aria-label', t('revert_label', { time: entry.time.slice(0, 16).replace('T', ' ') }));
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
    if (!window.confirm(t('revert_confirm'))) { return; }
    api('POST', '/api/revert', { path: path, entry: entry.id, expected_version: state.version }).then(function (answer) {
      if (answer.status === 200) {
        ui.saveStatus.textContent = t('reverted');
        load();
      } else {
        ui.saveStatus.textContent = t('not_reverted', { message: problem(answer) });
      }
    });
  }

  /* --- building the page -------------------------------------------------------------------- */

  function buildUpload(section) {
    section.appendChild(el('h3', { id: 'upload-title' }, t('upload_title')));
    section.appendChild(el('p', { id: 'upload-help' }, t('upload_help')));
    var form = el('form', { 'class': 'upload-form', 'aria-labelledby': 'upload-title' });
    var fileBox = el('div');
    fileBox.appendChild(el('label', { 'for': 'upload-file' }, t('upload_file')));
    ui.uploadFile = el('input', { id: 'upload-file', name: 'file', type: 'file', accept: '.csv,.xlsx',
      'aria-describedby': 'upload-help' });
    fileBox.appendChild(ui.uploadFile);
    form.appendChild(fileBox);
    var choice = el('fieldset', { 'class': 'choice' });
    choice.appendChild(el('legend', {}, t('upload_mode')));
    [['replace', t('upload_replace')], ['append', t('upload_append')]].forEach(function (pair) {
      var option = el('div');
      var radio = el('input', { type: 'radio', name: 'mode', value: pair[0], id: 'upload-' + pair[0] });
      if (pair[0] === 'replace') { radio.checked = true; } else { ui.uploadAppend = radio; }
      option.appendChild(radio);
      option.appendChild(el('label', { 'for': 'upload-' + pair[0] }, pair[1]));
      choice.appendChild(option);
    });
    form.appendChild(choice);
    ui.uploadButton = el('button', { type: 'submit' }, t('upload_button'));
    form.appendChild(ui.uploadButton);
    form.addEventListener('submit', upload);
    section.appendChild(form);
    ui.uploadStatus = el('p', { 'class': 'status', role: 'status', id: 'upload-status' });
    section.appendChild(ui.uploadStatus);
  }

  function build() {
    var section = el('section', { 'aria-labelledby': 'grid-title' });
    section.appendChild(el('h2', { id: 'grid-title' }, t('title')));
    section.appendChild(el('p', {}, t('intro')));
    ui.status = el('p', { 'class': 'status', role: 'status' });
    section.appendChild(ui.status);
    var wrap = el('div', { 'class': 'grid-wrap', tabindex: '0', role: 'region', 'aria-label': t('table_label') });
    ui.table = el('table', { 'class': 'grid' });
    wrap.appendChild(ui.table);
    section.appendChild(wrap);
    ui.table.addEventListener('input', onInput);
    ui.table.addEventListener('keydown', onKey);
    ui.table.addEventListener('paste', onPaste);
    ui.table.addEventListener('click', onClick);

    var tools = el('div', { 'class': 'toolbar' });
    ui.addRow = el('button', { type: 'button' }, t('add_row'));
    ui.addRow.addEventListener('click', addRow);
    tools.appendChild(ui.addRow);
    var columnForm = el('form', { 'class': 'toolbar' });
    var columnLabelBox = el('div');
    columnLabelBox.appendChild(el('label', { 'for': 'new-column' }, t('new_column')));
    ui.columnName = el('input', { id: 'new-column', type: 'text', autocomplete: 'off' });
    columnLabelBox.appendChild(ui.columnName);
    columnForm.appendChild(columnLabelBox);
    columnForm.appendChild(el('button', { type: 'submit' }, t('add_column')));
    columnForm.addEventListener('submit', addColumn);
    tools.appendChild(columnForm);
    section.appendChild(tools);

    if (role !== 'viewer') { buildUpload(section); }

    section.appendChild(el('h3', { id: 'issues-title' }, t('issues')));
    ui.checkStatus = el('p', { 'class': 'status', role: 'status' });
    section.appendChild(ui.checkStatus);
    ui.issues = el('ul', { 'class': 'issues', 'aria-labelledby': 'issues-title' });
    section.appendChild(ui.issues);

    section.appendChild(el('h3', {}, t('preview_title')));
    ui.previewForm = el('form', { method: 'post', action: BASE + '/preview', target: 'sdgkit-preview', 'class': 'toolbar' });
    [['path', path], ['csrf_token', token], ['content', '']].forEach(function (pair) {
      var hidden = el('input', { type: 'hidden', name: pair[0] });
      hidden.value = pair[1];
      ui.previewForm.appendChild(hidden);
      if (pair[0] === 'content') { ui.previewContent = hidden; }
    });
    ui.previewForm.appendChild(el('button', { type: 'submit' }, t('preview')));
    ui.previewForm.appendChild(el('button', { type: 'submit', 'data-tab': '' }, t('preview_tab')));
    ui.previewForm.addEventListener('submit', preview);
    section.appendChild(ui.previewForm);
    ui.previewFrame = el('iframe', { name: 'sdgkit-preview', title: t('preview_frame'),
      sandbox: 'allow-scripts', 'class': 'preview-frame', hidden: '' });
    section.appendChild(ui.previewFrame);

    if (role === 'viewer') {
      section.appendChild(el('p', {}, t('viewer_note')));
    }
    if (role !== 'viewer') { section.appendChild(el('h3', {}, t('save_title'))); }
    var saveForm = el('form', { 'class': 'save-form' });
    saveForm.appendChild(el('label', { 'for': 'save-message' }, t('message_label')));
    saveForm.appendChild(el('br'));
    ui.message = el('input', { id: 'save-message', type: 'text', required: '', maxlength: '2000', autocomplete: 'off' });
    saveForm.appendChild(ui.message);
    saveForm.appendChild(document.createTextNode(' '));
    saveForm.appendChild(el('button', { type: 'submit' }, role === 'publisher' ? t('save') : t('propose')));
    saveForm.addEventListener('submit', save);
    saveForm.hidden = role === 'viewer';
    section.appendChild(saveForm);
    ui.saveStatus = el('p', { 'class': 'status', role: 'status' });
    section.appendChild(ui.saveStatus);

    ui.conflict = el('div', { hidden: '' });
    ui.conflict.appendChild(el('h3', {}, t('conflict_title')));
    var sides = el('div', { 'class': 'conflict' });
    var theirs = el('div'), mine = el('div');
    theirs.appendChild(el('h4', {}, t('theirs')));
    ui.theirs = el('pre', { tabindex: '0' });
    theirs.appendChild(ui.theirs);
    mine.appendChild(el('h4', {}, t('mine')));
    ui.mine = el('pre', { tabindex: '0' });
    mine.appendChild(ui.mine);
    sides.appendChild(theirs);
    sides.appendChild(mine);
    ui.conflict.appendChild(sides);
    var keep = el('button', { type: 'button' }, t('keep_mine'));
    keep.addEventListener('click', keepMine);
    ui.conflict.appendChild(keep);
    section.appendChild(ui.conflict);

    root.appendChild(section);
    ui.history = document.getElementById('history-list') || el('div');
    var link = el('p');
    var a = el('a', { href: '#history' }, t('history_link'));
    link.appendChild(a);
    section.insertBefore(link, section.children[1]);
  }

  function load() {
    return api('GET', '/api/file?path=' + q(path)).then(function (answer) {
      if (answer.status !== 200 || !answer.data.table) {
        ui.status.textContent = t('unreadable', { message: answer.data.message || answer.status });
        return;
      }
      var content = answer.data.content || '';
      state.eol = content.indexOf('\r\n') >= 0 ? '\r\n' : '\n';
      state.trailing = content === '' || /\n$/.test(content);
      state.columns = answer.data.table.columns;
      state.rows = padded(answer.data.table.rows, state.columns.length);
      state.version = answer.data.version;
      state.dirty = false;
      state.baseRows = state.rows.length;
      state.baseColumns = state.columns.slice();
      ui.renaming = -1;
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
