/* sdgkit editor: the editing grid of a data file. Plain ES2019, no library.
 *
 * Progressive: the server renders the file read-only and its history; this script, when it runs,
 * builds the grid in #editor from GET api/file and hides the read-only copy. Every text from the
 * file, the server or the user is inserted with textContent, never parsed as HTML.
 *
 * The script's own texts are in the user's language: the page embeds them as JSON
 * (#editor-texts, group "grid", from translations/<lang>/grid.yml) and t() reads them.
 * What it shares with form.js (texts, API calls, the check, preview, save, conflict and history
 * list) is in common.js, loaded before it: window.sdgkitEditor. */
(function () {
  'use strict';
  var S = window.sdgkitEditor;
  var page = S ? S.start({ group: 'grid', kinds: ['data'] }) : null;
  if (!page) { return; }
  var el = S.el, q = S.q, t = page.t, tn = page.tn, api = page.api, problem = page.problem;
  var path = page.path, role = page.role;
  var state = { columns: [], rows: [], eol: '\n', trailing: true, dirty: false, baseRows: 0, baseColumns: [] };
  var ui = { renaming: -1 };
  var checkSoon = S.debounce(function () { ui.issues.check(serialize()); }, 400);

  /* --- helpers ------------------------------------------------------------------------------ */

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
    checkSoon();
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
    api('POST', '/api/upload', form).then(function (answer) {
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
      var sameBase = data.version === page.version && sameList(columns, state.baseColumns);
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

  /* --- issues at their cells ----------------------------------------------------------------- */

  function showIssues(issues) {
    Array.prototype.forEach.call(ui.table.querySelectorAll('input[aria-invalid]'), function (input) {
      if (input.id === 'rename-column') { return; }
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    });
    Array.prototype.forEach.call(ui.table.querySelectorAll('.cell-issue'), function (node) { node.remove(); });
    ui.issues.list.textContent = '';
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
      ui.issues.list.appendChild(item);
    });
  }

  /* --- saving, history ---------------------------------------------------------------------- */

  function sent() { return { rows: state.rows.length, columns: state.columns.slice() }; }

  /* After a save the grid's rows and columns, as they were sent, are the file's. */
  function saved(data, content, base) {
    state.dirty = false;
    state.baseRows = base.rows;
    state.baseColumns = base.columns;
    loadHistory();
  }

  /* The grid did not start from their file: rows are not appended to it. */
  function kept() { state.baseColumns = null; }

  function loadHistory() { page.loadHistory(ui.history, { className: 'history', item: historyItem }); }

  /* A change of the list: its message, its diff on demand, and for a publisher a revert. */
  function historyItem(li, entry) {
    li.appendChild(document.createTextNode((entry.message || '').split('\n')[0] + ' '));
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
      revert.setAttribute('aria-label', t('revert_label', { time: S.when(entry.time) }));
      revert.addEventListener('click', function () { revertEntry(entry); });
      li.appendChild(document.createTextNode(' '));
      li.appendChild(revert);
    }
    li.appendChild(diff);
  }

  function revertEntry(entry) {
    if (!window.confirm(t('revert_confirm'))) { return; }
    api('POST', '/api/revert', { path: path, entry: entry.id, expected_version: page.version }).then(function (answer) {
      if (answer.status === 200) {
        ui.save.status.textContent = t('reverted');
        load();
      } else {
        ui.save.status.textContent = t('not_reverted', { message: problem(answer) });
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
    ui.uploadStatus = S.statusLine('status', 'upload-status');
    section.appendChild(ui.uploadStatus);
  }

  function build() {
    var section = el('section', { 'aria-labelledby': 'grid-title' });
    section.appendChild(el('h2', { id: 'grid-title' }, t('title')));
    section.appendChild(el('p', {}, t('intro')));
    ui.status = S.statusLine('status');
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

    ui.issues = page.buildIssues(section, showIssues);
    page.buildPreview(section, { content: serialize });
    ui.save = page.buildSave(section, { content: serialize, snapshot: sent, saved: saved, kept: kept, unsaved: ui.status });

    page.root.appendChild(section);
    ui.history = document.getElementById('history-list');
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
      page.version = answer.data.version;
      state.dirty = false;
      state.baseRows = state.rows.length;
      state.baseColumns = state.columns.slice();
      ui.renaming = -1;
      page.hideReadOnly();
      render();
      loadHistory();
      ui.issues.check(serialize());
    });
  }

  build();
  load();
}());
