// Search in the browser, on the example site (the SITES folder named
// `example`, built by scripts/test-browser):
//
// - typing "exclusion" in the search box of a page lists the HLT plan's
//   exclusions priority and each of its actions within one second, with the
//   count in a polite live region, and the arrow keys reach the results;
// - earlier versions are left out unless the reader ticks the option;
// - with JavaScript off, the search page's A to Z index links to the same
//   priority and actions.
//
// The expected items come from the sources: the priority's folder and the
// `id:` of every row of its actions.yaml.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve, delimiter, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const sites = (process.env.SITES || '').split(delimiter).filter(Boolean).map((s) => resolve(s));
const site = sites.find((s) => s.endsWith(sep + 'example'));
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const PLAN = 'hlt-improvement-plan-2019-2022';
const source = join(repo, 'content/plans', PLAN, '2019-final/priorities/exclusions/actions.yaml');
const priority = `/${PLAN}/priorities/exclusions/`;
const actionIds = [...readFileSync(source, 'utf8').matchAll(/^- id: *(\S+)\s*$/gm)].map((m) => m[1]);
const expected = [priority, ...actionIds.map((id) => `${priority}#action-${id}`)];

let browser;
let server;
let origin;
before(async () => {
  if (!site) return;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  server = await serve(site);
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  await browser?.close();
  server?.close();
});

// A page with every console error and failed request kept.
async function open(path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('response', (res) => { if (res.status() >= 400) errors.push(`${res.status()} for ${res.url()}`); });
  await page.goto(origin + path, { waitUntil: 'load' });
  return { context, page, errors };
}

// The addresses the results list links to, path and fragment.
const resultLinks = (page, form) => page.$$eval(`${form} [data-search-results] a`, (links) =>
  links.map((a) => { const u = new URL(a.href); return u.pathname + u.hash; }));

// Types `term` into the box, then waits (up to `within` ms) until every
// address of `wanted` is listed (or, when it is empty, any result); returns
// whether they were, how long that took and the links.
async function typeAndWait(page, form, term, within, wanted) {
  await page.focus(`${form} [data-search-input]`);
  await page.keyboard.type(term);
  const start = Date.now();
  const ok = await page.waitForFunction(({ form, wanted }) => {
    const links = [...document.querySelectorAll(`${form} [data-search-results] a`)]
      .map((a) => { const u = new URL(a.href); return u.pathname + u.hash; });
    return wanted.length ? wanted.every((e) => links.includes(e)) : links.length > 0;
  }, { form, wanted }, { timeout: within }).then(() => true, () => false);
  return { ok, took: Date.now() - start, links: await resultLinks(page, form) };
}

test('the expected items come from the sources', { skip: !site && 'no example site in SITES' }, () => {
  assert.ok(actionIds.length >= 3, `actions of ${source}: ${actionIds}`);
});

for (const [where, path, form] of [['the header of the home page', '/', '.site-search'], ['the search page', '/search/', '.search-form']]) {
  test(`typing "exclusion" in ${where} lists the exclusions priority and its actions within one second`, { skip: !site && 'no example site in SITES' }, async () => {
    const { context, page, errors } = await open(path);
    try {
      const { ok, took, links } = await typeAndWait(page, form, 'exclusion', 1000, expected);
      assert.ok(ok, `after ${took} ms the results were ${JSON.stringify(links)}, expected ${JSON.stringify(expected)}`);
      const status = await page.textContent(`${form} [data-search-status]`);
      assert.match(status, /^\d+ results for “exclusion”/);
      assert.equal(await page.getAttribute(`${form} [data-search-status]`, 'role'), 'status');
      // Marked words come as <mark> elements made from text.
      assert.ok(await page.$(`${form} [data-search-results] mark`), 'the matching words are marked');
      // The arrow keys go from the box to the first result and back.
      await page.focus(`${form} [data-search-input]`);
      await page.keyboard.press('ArrowDown');
      const first = await page.evaluate(() => document.activeElement.getAttribute('href'));
      assert.equal(first, (await page.getAttribute(`${form} [data-search-results] a`, 'href')));
      await page.keyboard.press('ArrowUp');
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-search-input')), '');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

// axe's violations and any sideways scrolling, at the page's present width.
async function problems(page) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
  }).then((r) => r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`)), AXE_TAGS);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  return overflow > 0 ? [...violations, `the page scrolls sideways by ${overflow}px`] : violations;
}

for (const width of [1280, 320]) {
  test(`results pass axe and fit at ${width} px`, { skip: !site && 'no example site in SITES' }, async () => {
    for (const [path, form] of [['/', '.site-search'], ['/search/', '.search-form']]) {
      const { context, page, errors } = await open(path, { viewport: { width, height: 800 } });
      try {
        const { ok } = await typeAndWait(page, form, 'exclusion', 2000, expected);
        assert.ok(ok, 'results are listed');
        assert.deepEqual(await problems(page), [], `${path} at ${width} px`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }
  });
}

test('earlier versions are left out of results unless the reader asks', { skip: !site && 'no example site in SITES' }, async () => {
  const { context, page, errors } = await open('/search/');
  try {
    // Words the 2026 plan has in both its consultation draft and its final version.
    const { ok, links } = await typeAndWait(page, '.search-form', 'inclusion', 1000, []);
    assert.ok(ok && links.length > 0, `results: ${links}`);
    assert.ok(links.every((l) => !l.includes('/versions/')), `current versions only: ${links}`);
    await page.check('#search-earlier');
    await page.waitForFunction(() => [...document.querySelectorAll('.search-form [data-search-results] a')]
      .some((a) => a.href.includes('/versions/')), null, { timeout: 2000 });
    assert.match(page.url(), /[?&]versions=all/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('without JavaScript the A to Z index links to the same items', { skip: !site && 'no example site in SITES' }, async () => {
  const { context, page, errors } = await open('/search/', { javaScriptEnabled: false });
  try {
    const links = await page.$$eval('main section.az-letter a', (as) => as.map((a) => a.getAttribute('href')));
    for (const item of expected) assert.ok(links.includes(item), `the A to Z links ${item}`);
    // Every letter of the navigation has its section.
    const letters = await page.$$eval('nav.az-letters a', (as) => as.map((a) => a.getAttribute('href')));
    for (const l of letters) assert.ok(await page.$(l), `${l} exists`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
