// Behaviour of the example site's filters and print view in Chromium, against
// what this test computes from the plan's own sources (the actions.yaml files
// of the 2026 final plan):
//
// - picking an officer, then a year too, in the filter form of the page of all
//   actions shows exactly those actions, every shown row whole (a shared cell
//   is shown in each row it covers), and the count says how many;
// - the static pages of that officer and that year list the same actions;
// - the whole plan's page, printed to PDF by Chromium, holds the plan's title
//   and every action's text (pdftotext reads the PDF back).
//
// SITES as for site.test.mjs: the example site is the one with the plan.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve, delimiter, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';
import { parse } from 'yaml';

const PLAN = 'education-2026-2029';
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sources = join(repo, 'content/plans', PLAN, '2026-final');
const sites = (process.env.SITES || '').split(delimiter).filter(Boolean).map((s) => resolve(s));
const site = sites.find((s) => existsSync(join(s, PLAN, 'actions/index.html')));
const only = process.env.PAGES ? new RegExp(process.env.PAGES) : null;
const skip = !site ? 'the example site is not among SITES' : only && !only.test(`/${PLAN}/actions/`) && !only.test(`/${PLAN}/print/`) ? 'PAGES leaves these pages out' : false;


// Every action of the plan, from its sources: id, text, officers (the
// items of its officers cell, a shared cell followed) and the years its
// deadlines end in.
function actionsFromSources() {
  const out = [];
  const dir = join(sources, 'priorities');
  for (const priority of readdirSync(dir).sort()) {
    const file = join(dir, priority, 'actions.yaml');
    if (!existsSync(file)) continue;
    const rows = parse(readFileSync(file, 'utf8')) || [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const cell = (row, key) => {
      let value = row[key];
      while (value && value.same_as) value = byId.get(value.same_as)[key];
      return value || [];
    };
    for (const row of rows) {
      const officers = cell(row, 'officers').map((item) => String(typeof item === 'object' ? item.text : item).trim());
      const years = new Set((row.deadlines || []).map((d) => endYear(String(d.due))).filter((y) => y !== null));
      out.push({ id: row.id, priority, text: String(row.action), officers, years });
    }
  }
  return out;
}

// The year a deadline's last day falls in, for the forms the README lists;
// null for recurring work and for words.
function endYear(due) {
  const s = due.trim();
  let m;
  if ((m = s.match(/^\d{1,2}\/\d{1,2}\/(\d{4})$/))) return Number(m[1]);
  if ((m = s.match(/^(\d{4})-\d{1,2}(-\d{1,2})?$/))) return Number(m[1]);
  if ((m = s.match(/^(\d{4})\/(\d{2}|\d{4})$/))) return Number(m[1]) + 1;
  if ((m = s.match(/^(\d{4})$/))) return Number(m[1]);
  if ((m = s.match(/^[A-Za-z]+ (\d{4})$/))) return Number(m[1]);
  return null;
}

let browser;
let server;
let origin;
const actions = site ? actionsFromSources() : [];
before(async () => {
  if (skip) return;
  server = await serve(site);
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
  server?.close();
});

const sorted = (ids) => [...ids].sort();

// The ids of the rows a page shows, from their `id` attributes.
function shownRows(page) {
  return page.evaluate(() => [...document.querySelectorAll('table.actions tbody tr')]
    .filter((tr) => tr.getClientRects().length > 0)
    .map((tr) => tr.id.replace(/^(filtered-)?action-/, '')));
}

// Rows with fewer or more cells than their table has columns.
function brokenRows(page) {
  return page.evaluate(() => {
    const out = [];
    for (const table of document.querySelectorAll('table.actions')) {
      const columns = table.tHead.rows[0].cells.length;
      const rows = [...table.tBodies[0].rows].filter((tr) => !tr.hidden);
      // Cells spanning down from a shown row above count in the rows below.
      const carried = new Map();
      rows.forEach((tr, i) => {
        let n = (carried.get(i) || 0);
        for (const cell of tr.cells) {
          n += 1;
          for (let k = 1; k < cell.rowSpan; k++) carried.set(i + k, (carried.get(i + k) || 0) + 1);
        }
        if (n !== columns) out.push(`${tr.id}: ${n} cells for ${columns} columns`);
      });
    }
    return out;
  });
}

test('the filter form shows exactly the actions of the officer and year picked', { skip }, async () => {
  // An officer with several actions, some due in a year and some not.
  const officers = new Map();
  for (const a of actions) for (const o of a.officers) officers.set(o, [...(officers.get(o) || []), a]);
  let pick;
  for (const [name, list] of [...officers].sort((x, y) => y[1].length - x[1].length)) {
    const years = new Set(list.flatMap((a) => [...a.years]));
    const year = [...years].sort().find((y) => list.some((a) => !a.years.has(y)));
    if (list.length >= 2 && year) { pick = { name, list, year }; break; }
  }
  assert.ok(pick, 'the plan has an officer with actions in and out of some year');
  const officerIds = sorted(pick.list.map((a) => a.id));
  const bothIds = sorted(pick.list.filter((a) => a.years.has(pick.year)).map((a) => a.id));

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  try {
    await page.goto(`${origin}/${PLAN}/actions/`, { waitUntil: 'load' });
    await page.waitForSelector('form.action-filter select#filter-officer');
    assert.equal(await page.locator('.filter-count').textContent(), `Showing all ${actions.length} actions.`);
    assert.equal(await page.locator('label[for="filter-officer"]').count(), 1);

    await page.selectOption('#filter-officer', { label: pick.name });
    assert.deepEqual(sorted(await shownRows(page)), officerIds, `officer ${pick.name}`);
    assert.equal(await page.locator('.filter-count').textContent(), `Showing ${officerIds.length} of ${actions.length} actions.`);
    assert.deepEqual(await brokenRows(page), []);

    await page.selectOption('#filter-deadline', String(pick.year));
    assert.deepEqual(sorted(await shownRows(page)), bothIds, `officer ${pick.name} and year ${pick.year}`);
    assert.deepEqual(await brokenRows(page), []);
    // No row is hidden with an inline style: only the hidden attribute.
    assert.equal(await page.locator('main [style]').count(), 0);

    // A priority alone, then every choice cleared: each table whole again.
    await page.selectOption('#filter-officer', '');
    await page.selectOption('#filter-deadline', '');
    const priority = actions[0].priority;
    await page.selectOption('#filter-priority', priority);
    assert.deepEqual(sorted(await shownRows(page)), sorted(actions.filter((a) => a.priority === priority).map((a) => a.id)));
    await page.selectOption('#filter-priority', '');
    assert.deepEqual(sorted(await shownRows(page)), sorted(actions.map((a) => a.id)));
    assert.equal(await page.locator('[data-copy]').count(), 0, 'shared cells span their rows again');
    assert.deepEqual(await brokenRows(page), []);

    // Without the script, the officer's and the year's own pages list the same.
    const officerPage = await page.getAttribute(`ul[data-filter="officer"] a:text-is("${pick.name}")`, 'href');
    await page.goto(origin + officerPage, { waitUntil: 'load' });
    assert.deepEqual(sorted(await shownRows(page)), officerIds, `page of ${pick.name}`);
    await page.goto(`${origin}/${PLAN}/actions/year/${pick.year}/`, { waitUntil: 'load' });
    const inYear = sorted(actions.filter((a) => a.years.has(pick.year)).map((a) => a.id));
    assert.deepEqual(sorted(await shownRows(page)), inYear, `page of ${pick.year}`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the whole plan printed to PDF holds its title and every action', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'planpress-pdf-'));
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${origin}/${PLAN}/print/`, { waitUntil: 'load' });
    const title = await page.locator('h1').textContent();
    const file = join(dir, 'plan.pdf');
    writeFileSync(file, await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } }));
    // Content-stream order keeps each table cell's text together. Lines
    // break at spaces and after hyphens, which pdftotext may drop or keep:
    // the texts are compared without either, and without Markdown's marks.
    const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const words = (s) => s.replace(/\*\*|__|[*_`]/g, '').replace(/[\s\-\u2010\u00ad]+/g, '');
    const printed = words(text);
    assert.ok(printed.includes(words(title)), `the title "${title}" is in the PDF`);
    const missing = actions.filter((a) => !printed.includes(words(a.text)));
    assert.deepEqual(missing.map((a) => a.id), [], 'every action is in the PDF');
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
