// Narrows the page of all actions down by priority, officer and deadline.
// The page works without it: at the plan's own address its lists of
// officers and years link to a page of each one's actions. This script
// reads those lists (each entry's data-actions holds the ids of its
// actions), puts a form of three select
// elements above the tables, and hides the rows that do not match with the
// `hidden` attribute. A cell that several rows share spans them; while the
// form narrows the tables, each row shows such a cell itself, so that a
// hidden row never takes a shared cell away from the rows it covers.
(function () {
  'use strict';
  var slot = document.getElementById('action-filter');
  var groups = Array.prototype.slice.call(document.querySelectorAll('.action-group'));
  if (!slot || groups.length === 0) return;

  function choices(name) {
    var links = document.querySelectorAll('ul[data-filter="' + name + '"] [data-actions]');
    return Array.prototype.map.call(links, function (a) {
      return {
        value: a.getAttribute('data-value') || a.textContent,
        label: a.textContent,
        ids: new Set(a.getAttribute('data-actions').split(' ')),
      };
    });
  }

  var officerList = document.querySelector('ul[data-filter="officer"]');
  var filters = [
    {
      name: 'priority',
      label: 'Priority',
      all: 'All priorities',
      choices: groups.map(function (g) {
        return { value: g.getAttribute('data-priority'), label: g.getAttribute('data-label'), group: g };
      }),
    },
    {
      name: 'officer',
      label: officerList ? officerList.getAttribute('data-heading') : '',
      all: 'Anyone',
      choices: choices('officer'),
    },
    { name: 'deadline', label: 'Deadline', all: 'Any deadline', choices: choices('deadline') },
  ].filter(function (f) { return f.choices.length > 0; });

  // Each table's rows, and its shared cells with the rows they span and
  // the column they stand in.
  var tables = groups.map(function (g) {
    var body = g.querySelector('tbody');
    var rows = body ? Array.prototype.slice.call(body.rows) : [];
    var taken = rows.map(function () { return []; });
    var shared = [];
    rows.forEach(function (row, r) {
      var col = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        while (taken[r][col]) col++;
        cell.planpressColumn = col;
        for (var k = 0; k < cell.rowSpan && r + k < rows.length; k++) taken[r + k][col] = true;
        if (cell.rowSpan > 1) shared.push({ cell: cell, from: r, span: cell.rowSpan, col: col });
        col++;
      });
    });
    return { group: g, rows: rows, shared: shared, split: false };
  });

  function split(t) {
    if (t.split) return;
    t.split = true;
    t.shared.forEach(function (s) {
      var column = (s.cell.getAttribute('headers') || '').split(' ')[0];
      s.cell.rowSpan = 1;
      for (var k = 1; k < s.span; k++) {
        var row = t.rows[s.from + k];
        var copy = s.cell.cloneNode(true);
        copy.planpressColumn = s.col;
        copy.setAttribute('data-copy', '');
        var header = row.querySelector('th[scope="row"]');
        copy.setAttribute('headers', column + (header ? ' ' + header.id : ''));
        var before = Array.prototype.find.call(row.cells, function (c) { return c.planpressColumn > s.col; });
        row.insertBefore(copy, before || null);
      }
    });
  }

  function join(t) {
    if (!t.split) return;
    t.split = false;
    Array.prototype.forEach.call(t.group.querySelectorAll('[data-copy]'), function (c) { c.remove(); });
    t.shared.forEach(function (s) { s.cell.rowSpan = s.span; });
  }

  var form = document.createElement('form');
  form.className = 'action-filter';
  form.setAttribute('aria-label', 'Narrow down the actions');
  var selects = filters.map(function (f) {
    var field = document.createElement('div');
    field.className = 'filter-field';
    var label = document.createElement('label');
    label.htmlFor = 'filter-' + f.name;
    label.textContent = f.label;
    var select = document.createElement('select');
    select.id = 'filter-' + f.name;
    select.name = f.name;
    select.add(new Option(f.all, ''));
    f.choices.forEach(function (c) { select.add(new Option(c.label, c.value)); });
    field.appendChild(label);
    field.appendChild(select);
    form.appendChild(field);
    return { filter: f, select: select };
  });
  var count = document.createElement('p');
  count.className = 'filter-count';
  count.setAttribute('role', 'status');
  count.setAttribute('aria-live', 'polite');
  form.appendChild(count);
  form.addEventListener('submit', function (e) { e.preventDefault(); });

  var total = tables.reduce(function (n, t) { return n + t.rows.length; }, 0);

  function apply() {
    var chosen = selects.map(function (s) {
      var value = s.select.value;
      return value === '' ? null : s.filter.choices.find(function (c) { return c.value === value; });
    });
    var narrowed = chosen.some(Boolean);
    var shown = 0;
    tables.forEach(function (t) {
      if (narrowed) split(t); else join(t);
      var any = false;
      t.rows.forEach(function (row) {
        var id = row.id.replace(/^action-/, '');
        var keep = chosen.every(function (c, i) {
          if (!c) return true;
          return selects[i].filter.name === 'priority' ? c.group === t.group : c.ids.has(id);
        });
        row.hidden = !keep;
        if (keep) { any = true; shown++; }
      });
      t.group.hidden = !any;
    });
    count.textContent = narrowed
      ? 'Showing ' + shown + ' of ' + total + (total === 1 ? ' action' : ' actions') + '.'
      : 'Showing all ' + total + (total === 1 ? ' action' : ' actions') + '.';
  }

  selects.forEach(function (s) { s.select.addEventListener('change', apply); });
  // The count is there before the form is, so only changes are announced.
  apply();
  slot.appendChild(form);
})();
