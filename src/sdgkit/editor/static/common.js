/* sdgkit editor: what the grid (editor.js) and the form (form.js) share. Plain ES2019, no library.
 *
 * Loaded before both (all three `defer`, so in order), it defines one global, window.sdgkitEditor:
 *
 *   el(tag, attrs, text)    an element; its text is set with textContent, never parsed as HTML
 *   statusLine(cls, id)     a <p role="status"> for what just happened
 *   q(value), has(o, key)   encodeURIComponent; an own property
 *   debounce(fn, ms)        fn, called `ms` after the last call (with that call's arguments); .cancel()
 *   when(time)              an ISO time as "YYYY-MM-DD HH:MM"
 *   start(options)          the editor of this page (below), or null when #editor is not one of options.kinds
 *
 * start({ group, kinds, look, keys }) reads #editor's data attributes, the CSRF token and the texts of
 * `group` ("grid" or "form") in #editor-texts, and returns the page's editor:
 *
 *   root, kind, path, role, lang, token, base   what the page says (base: the editor's address, /_editor)
 *   version                                      the version of the file the user edits from (read and set by both)
 *   t(key, params), tn(key, count, params)       the texts, with {placeholders} and plural forms
 *   api(method, url, body, signal)               fetch below base, JSON (or FormData) with the CSRF header;
 *                                                the promise gives { status, data }
 *   problem(answer)                              the server's message, or "error 4xx"
 *   hideReadOnly()                               hides the read-only copy the server rendered (#content)
 *   buildIssues(section, show)                   the list of issues and the check feeding it:
 *                                                .check(content), .cancel(), .status, .list
 *   buildPreview(section, { content, fields })   the preview form, into the sandboxed frame or a new tab
 *   buildSave(section, { content, snapshot, saved, kept, unsaved })
 *                                                the save form, its status line and the conflict view
 *   loadHistory(list, { className, item })       the file's changes into `list`, each item finished by item(li, entry)
 *
 * Where the two scripts differ in their page, `look` names their classes and ids (see LOOK) and
 * `keys` the texts whose key differs in their group (see buildSave). */
(function () {
  'use strict';
  var BASE = '/_editor';

  /* The classes and ids of the shared parts: the grid's; the form passes its own. */
  var LOOK = {
    status: 'status',              // every status line
    toolbar: 'toolbar',            // the preview form
    frame: 'sdgkit-preview',       // the preview frame's name
    frameClass: 'preview-frame',
    issuesTitle: 'issues-title',
    issueList: 'issues',
    note: '',                      // the viewer's note
    saveForm: 'save-form',
    saveMessage: 'save-message',   // the message field's id
    saveStatus: 'status',
    saveBreaks: true,              // a line break after the label, a space before the button
    conflictBox: '',
    conflict: 'conflict'
  };

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  /* Attributes with this class, or none when there is no class. */
  function classed(name, attrs) {
    var all = {};
    if (name) { all['class'] = name; }
    Object.keys(attrs || {}).forEach(function (k) { all[k] = attrs[k]; });
    return all;
  }

  function statusLine(name, id) {
    return el('p', classed(name, id ? { role: 'status', id: id } : { role: 'status' }));
  }

  function q(value) { return encodeURIComponent(value); }

  function debounce(fn, delay) {
    var timer = null;
    function later() {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { timer = null; fn.apply(null, args); }, delay);
    }
    later.cancel = function () { clearTimeout(timer); timer = null; };
    return later;
  }

  function when(time) { return time.replace('T', ' ').slice(0, 16); }

  function textsOf(group) {
    var node = document.getElementById('editor-texts');
    try {
      var all = JSON.parse(node ? node.textContent : '{}');
      return all && typeof all[group] === 'object' && all[group] ? all[group] : {};
    } catch (error) {
      return {};
    }
  }

  function start(options) {
    var root = document.getElementById('editor');
    var kind = root ? root.getAttribute('data-kind') : '';
    if (!root || options.kinds.indexOf(kind) < 0) { return null; }
    var meta = document.querySelector('meta[name="csrf-token"]');
    var page = {
      root: root,
      kind: kind,
      base: BASE,
      token: meta ? meta.getAttribute('content') : '',
      path: root.getAttribute('data-path'),
      role: root.getAttribute('data-role'),
      lang: root.getAttribute('data-lang') || document.documentElement.getAttribute('lang') || 'en',
      version: root.getAttribute('data-version') || null
    };
    var look = {};
    Object.keys(LOOK).forEach(function (k) { look[k] = options.look && has(options.look, k) ? options.look[k] : LOOK[k]; });
    var keys = options.keys || {};
    var TEXTS = textsOf(options.group);
    var plurals = null;
    try { plurals = new Intl.PluralRules(page.lang); } catch (error) { plurals = null; }

    /* --- texts ------------------------------------------------------------------------------ */

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

    /* A shared part's text: its key in the grid's texts, or the one `keys` maps it to. */
    function say(key, params) { return t(has(keys, key) ? keys[key] : key, params); }

    /* --- the server --------------------------------------------------------------------------- */

    function api(method, url, body, signal) {
      var request = { method: method, credentials: 'same-origin', headers: {} };
      if (signal) { request.signal = signal; }
      if (body !== undefined) {
        request.headers['X-CSRF-Token'] = page.token;
        if (typeof FormData === 'function' && body instanceof FormData) {
          request.body = body;
        } else {
          request.headers['Content-Type'] = 'application/json';
          request.body = JSON.stringify(body);
        }
      }
      return fetch(BASE + url, request).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          return { status: response.status, data: data || {} };
        });
      });
    }

    function problem(answer) { return answer.data.message || t('error_status', { status: answer.status }); }

    function hideReadOnly() {
      var content = document.getElementById('content');
      if (content) { content.hidden = true; }
    }

    /* --- issues: the list, and the check feeding it ------------------------------------------ */

    /* `show(issues)` puts the issues of this file (and the errors of others) where they belong;
     * the status line then counts them. A check started aborts the one before. */
    function buildIssues(section, show) {
      section.appendChild(el('h3', { id: look.issuesTitle }, t('issues')));
      var status = statusLine(look.status);
      section.appendChild(status);
      var list = el('ul', { 'class': look.issueList, 'aria-labelledby': look.issuesTitle });
      section.appendChild(list);
      var seq = 0, abort = null;

      function check(content) {
        var mine = ++seq;
        if (abort) { abort.abort(); }
        abort = typeof AbortController === 'function' ? new AbortController() : null;
        status.textContent = t('checking');
        api('POST', '/api/check?lang=' + q(page.lang), { path: page.path, content: content },
          abort ? abort.signal : undefined).then(function (answer) {
          if (mine !== seq) { return; }
          if (answer.status !== 200) {
            status.textContent = t('check_failed', { message: answer.data.message || answer.status });
            return;
          }
          var issues = (answer.data.issues || []).filter(function (issue) {
            return issue.file === page.path || issue.severity === 'error';
          });
          show(issues);
          status.textContent = issues.length ? tn('issues_found', issues.length) : t('no_issues');
        }).catch(function (error) {
          if (error && error.name === 'AbortError') { return; }
          if (mine === seq) { status.textContent = t('check_unreachable'); }
        });
      }

      /* The check under way, if any, is of a text no longer shown: its answer is dropped. */
      function cancel() {
        seq += 1;
        if (abort) { abort.abort(); abort = null; }
      }

      return { status: status, list: list, check: check, cancel: cancel };
    }

    /* --- preview ------------------------------------------------------------------------------ */

    /* `content()` gives the text to preview, or a promise of it (null: nothing to preview). A text
     * given at once is sent by the click itself; a promised one when it comes. `fields`: more
     * hidden [name, value] pairs. */
    function buildPreview(section, options) {
      section.appendChild(el('h3', {}, say('preview_title')));
      var form = el('form', { method: 'post', action: BASE + '/preview', target: look.frame, 'class': look.toolbar });
      var content = null;
      [['path', page.path], ['csrf_token', page.token], ['content', '']].concat(options.fields || []).forEach(function (pair) {
        var hidden = el('input', { type: 'hidden', name: pair[0] });
        hidden.value = pair[1];
        form.appendChild(hidden);
        if (pair[0] === 'content') { content = hidden; }
      });
      form.appendChild(el('button', { type: 'submit' }, t('preview')));
      form.appendChild(el('button', { type: 'submit', 'data-tab': '' }, t('preview_tab')));
      var frame = el('iframe', { name: look.frame, title: t('preview_frame'), sandbox: 'allow-scripts',
        'class': look.frameClass, hidden: '' });
      form.addEventListener('submit', function (event) {
        var tab = event.submitter && event.submitter.getAttribute('data-tab') !== null;
        form.target = tab ? '_blank' : look.frame;
        function fill(text) {
          content.value = text;
          if (!tab) { frame.hidden = false; }
        }
        var made = options.content();
        if (made && typeof made.then === 'function') {
          event.preventDefault();
          made.then(function (text) {
            if (text === null) { return; }
            fill(text);
            form.submit();
          });
        } else {
          fill(made);
        }
      });
      section.appendChild(form);
      section.appendChild(frame);
    }

    /* --- saving --------------------------------------------------------------------------------- */

    /* The save form (a message is required), its status line and the conflict view.
     *   content()          the text to save, or a promise of it (null: not saved, a field is to be fixed first)
     *   snapshot()         taken as the save is asked for; given to saved()
     *   saved(data, content, snapshot)   after a publisher's save (page.version is already the new one)
     *   kept()             after "keep my version" (page.version is already theirs)
     *   unsaved            the status line that said "Unsaved changes.", emptied by a save
     * Texts whose key differs between the groups go through `keys`: message_missing, save_unreachable,
     * theirs, mine, file_removed, keep_mine_done (and preview_title for the preview's heading). */
    function buildSave(section, options) {
      var viewer = page.role === 'viewer';
      if (viewer) { section.appendChild(el('p', classed(look.note), t('viewer_note'))); }
      if (!viewer) { section.appendChild(el('h3', {}, t('save_title'))); }
      var form = el('form', { 'class': look.saveForm });
      form.appendChild(el('label', { 'for': look.saveMessage }, t('message_label')));
      if (look.saveBreaks) { form.appendChild(el('br')); }
      var message = el('input', { id: look.saveMessage, type: 'text', required: '', maxlength: '2000', autocomplete: 'off' });
      form.appendChild(message);
      if (look.saveBreaks) { form.appendChild(document.createTextNode(' ')); }
      form.appendChild(el('button', { type: 'submit' }, page.role === 'publisher' ? t('save') : t('propose')));
      form.hidden = viewer;
      section.appendChild(form);
      var status = statusLine(look.saveStatus);
      section.appendChild(status);

      var conflict = el('div', classed(look.conflictBox, { hidden: '' }));
      conflict.appendChild(el('h3', {}, t('conflict_title')));
      var sides = el('div', { 'class': look.conflict });
      var theirs = el('pre', { tabindex: '0' }), mine = el('pre', { tabindex: '0' });
      [[say('theirs'), theirs], [say('mine'), mine]].forEach(function (pair) {
        var side = el('div');
        side.appendChild(el('h4', {}, pair[0]));
        side.appendChild(pair[1]);
        sides.appendChild(side);
      });
      conflict.appendChild(sides);
      var keep = el('button', { type: 'button' }, t('keep_mine'));
      conflict.appendChild(keep);
      section.appendChild(conflict);
      var conflictVersion = null;

      function saved(answer, content, snapshot) {
        var data = answer.data;
        if (answer.status === 200) {
          page.version = data.version;
          if (options.saved) { options.saved(data, content, snapshot); }
          message.value = '';
          if (options.unsaved) { options.unsaved.textContent = ''; }
          status.textContent = t('saved', { version: String(data.version).slice(0, 12) });
        } else if (answer.status === 202) {
          message.value = '';
          status.textContent = t('proposed');
        } else if (answer.status === 409 && data.error === 'conflict') {
          status.textContent = t('conflict');  // both texts are shown; the page keeps the user's
          theirs.textContent = data.current === null || data.current === undefined ? say('file_removed') : data.current;
          mine.textContent = content;
          conflict.hidden = false;
          conflictVersion = data.current_version || null;
        } else {
          status.textContent = t('not_saved', { message: problem(answer) });
        }
      }

      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var text = message.value.trim();
        if (!text) { status.textContent = say('message_missing'); message.focus(); return; }
        status.textContent = t('saving');
        conflict.hidden = true;
        var snapshot = options.snapshot ? options.snapshot() : null;
        Promise.resolve(options.content()).then(function (content) {
          if (content === null) { status.textContent = t('not_saved_fix'); return; }
          api('POST', '/api/save', { path: page.path, content: content, expected_version: page.version, message: text })
            .then(function (answer) { saved(answer, content, snapshot); })
            .catch(function () { status.textContent = say('save_unreachable'); });
        });
      });

      /* Saving again replaces their version, deliberately. */
      keep.addEventListener('click', function () {
        page.version = conflictVersion;
        if (options.kept) { options.kept(); }
        conflict.hidden = true;
        status.textContent = say('keep_mine_done');
        message.focus();
      });

      return { form: form, message: message, status: status };
    }

    /* --- history ------------------------------------------------------------------------------ */

    /* The file's changes, newest first, into `list` (the page's #history-list): each item says
     * when and who, and item(li, entry) adds the rest. */
    function loadHistory(list, options) {
      if (!list) { return; }
      api('GET', '/api/history?path=' + q(page.path)).then(function (answer) {
        if (answer.status !== 200) { return; }
        var entries = answer.data.entries || [];
        list.textContent = '';
        if (!entries.length) { list.appendChild(el('p', {}, t('no_changes'))); return; }
        var ol = el('ol', classed(options.className));
        entries.forEach(function (entry) {
          var li = el('li');
          li.appendChild(document.createTextNode(when(entry.time) + ' ' + entry.author + ': '));
          options.item(li, entry);
          ol.appendChild(li);
        });
        list.appendChild(ol);
      });
    }

    return Object.assign(page, { t: t, tn: tn, api: api, problem: problem, hideReadOnly: hideReadOnly,
      buildIssues: buildIssues, buildPreview: buildPreview, buildSave: buildSave, loadHistory: loadHistory });
  }

  window.sdgkitEditor = { el: el, statusLine: statusLine, q: q, has: has, debounce: debounce, when: when, start: start };
}());
