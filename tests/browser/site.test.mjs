// Browser checks of built planpress sites. Every page must:
//
// - pass the Nu Html Checker with zero errors (one Java run over every page
//   and style sheet of every site, started first and run beside the browser);
// - pass axe-core with zero violations (WCAG 2.0, 2.1 and 2.2, A and AA, and
//   axe's best practices, `region` included) at 1280 and at 320 CSS px;
// - not scroll sideways, and have every table fit its container (no table
//   wider than its container, no `.table-wrap` scrolling), at 1280, 768 and
//   320 CSS px;
// - have a visible skip link as the first Tab stop;
// - load with a strict Content-Security-Policy and no violation of it, no
//   console error and no request to another host;
// - print without navigation, with table headers repeating on each printed
//   page and table rows kept whole.
//
// Pages are checked several at a time (BROWSER_JOBS, 4 by default), each in
// its own context of one Chromium. A page is loaded once, at 1280 px, and then
// resized to 768 and 320 px: a resize re-applies media queries and layout,
// and axe reads the layout when it runs.
//
// SITES is a list of built site folders separated by the path delimiter.
// Run through scripts/test-browser (or scripts/test-all), which builds them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, delimiter, sep } from 'node:path';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = require('vnu-jar');

const sites = (process.env.SITES || '').split(delimiter).filter(Boolean).map((s) => resolve(s));
if (sites.length === 0) throw new Error('set SITES to one or more built site folders');
const JOBS = Math.max(1, Number(process.env.BROWSER_JOBS) || 4);
// PAGES, a regular expression, checks only the pages whose address matches it.
const only = process.env.PAGES ? new RegExp(process.env.PAGES) : null;

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const AXE_WIDTHS = [1280, 320];
const WIDTHS = [1280, 768, 320];
const HEIGHT = 800;

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...htmlFiles(path));
    else if (name.endsWith('.html')) out.push(path);
  }
  return out.sort();
}

function cssFiles(site) {
  const dir = join(site, 'assets');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.css')).map((f) => join(dir, f)) : [];
}

// The Nu Html Checker, once over every site: one JVM start. Started when the
// file loads, so it runs while the browser checks do; its tests come last.
const siteFiles = new Map(sites.map((site) => [site, htmlFiles(site)]));
const vnuRun = new Promise((done) => {
  // vnu's CSP parser predates CSP Level 3's 'wasm-unsafe-eval' (which
  // search's WebAssembly needs, and Chromium enforces): on a <meta> policy
  // whose content comes first it reports that one keyword as a bad
  // http-equiv. Only that message is ignored; the policy's other sources
  // are still parsed (a policy without the keyword checks clean).
  const cspLevel3 = '.*“Content-Security-Policy” for attribute “http-equiv” on element “meta”\\..*';
  const args = ['-jar', vnuJar, '--errors-only', '--format', 'json', '--also-check-css', '--filterpattern', cspLevel3];
  for (const site of sites) args.push(...siteFiles.get(site), ...cssFiles(site));
  execFile('java', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
    if (!err) return done({ messages: [] });
    try {
      done({ messages: JSON.parse(stderr || stdout).messages });
    } catch {
      done({ failure: `vnu did not report: ${err.message}\n${stderr}` });
    }
  });
});

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

for (const site of sites) {
  const paths = siteFiles.get(site)
    .map((file) => '/' + relative(site, file).split(sep).join('/').replace(/index\.html$/, ''))
    .filter((path) => !only || only.test(path));
  const name = relative(process.cwd(), site) || site;
  test(`every page of ${name} (${paths.length} pages, ${JOBS} at a time)`, { concurrency: JOBS }, async (t) => {
    const server = await serve(site);
    const origin = `http://127.0.0.1:${server.address().port}`;
    try {
      await Promise.all(paths.map((path) => t.test(path, () => checkPage(origin, path))));
    } finally {
      server.close();
    }
  });
}

for (const site of sites) {
  const name = relative(process.cwd(), site) || site;
  test(`Nu Html Checker: no errors in ${name}`, async () => {
    const run = await vnuRun;
    assert.equal(run.failure, undefined, run.failure);
    const mine = run.messages.filter((m) => m.type === 'error' && m.url && new URL(m.url).pathname.startsWith(site + sep));
    const text = mine.map((m) => `${relative(site, new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`).join('\n');
    assert.equal(mine.length, 0, text);
  });
}

test('Nu Html Checker: every message belongs to a checked file', async () => {
  const run = await vnuRun;
  const stray = (run.messages || []).filter((m) => m.type === 'error' && !(m.url && sites.some((s) => new URL(m.url).pathname.startsWith(s + sep))));
  assert.deepEqual(stray, []);
});

// Every check of one page; the problems are gathered and reported together.
async function checkPage(origin, path) {
  const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: HEIGHT } });
  const page = await context.newPage();
  const foreign = [];
  const logged = [];
  const problems = [];
  const is404 = path.endsWith('404.html');
  page.on('request', (req) => { if (!req.url().startsWith(origin + '/') && !req.url().startsWith('data:')) foreign.push(req.url()); });
  page.on('console', (msg) => {
    // The 404 page is served with status 404 on purpose.
    const expected404 = is404 && msg.text().includes('status of 404');
    if (msg.type() === 'error' && !expected404) logged.push(msg.text());
  });
  page.on('pageerror', (err) => logged.push(err.message));
  page.on('response', (res) => {
    if (res.status() >= 400 && !res.url().endsWith('404.html')) logged.push(`${res.status()} for ${res.url()}`);
  });
  try {
    const response = await page.goto(origin + path, { waitUntil: 'load' });
    if (!(response.status() === 200 || is404)) problems.push(`status ${response.status()}`);
    await page.evaluate(axeSource);

    for (const width of WIDTHS) {
      if (width !== WIDTHS[0]) await resize(page, width);
      problems.push(...(await layoutProblems(page)).map((p) => `at ${width}px: ${p}`));

      // The skip link (WCAG 2.4.1): the first Tab stop on the fresh page,
      // and visible when focused at every width.
      if (width === WIDTHS[0]) {
        await page.keyboard.press('Tab');
      } else {
        await page.evaluate(() => document.querySelector('a.skip-link')?.focus());
      }
      const skip = await page.evaluate(() => {
        const el = document.activeElement;
        const box = el.getBoundingClientRect();
        const shown = box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= document.documentElement.clientWidth;
        el.blur();
        return { text: el.textContent, shown };
      });
      if (skip.text !== 'Skip to main content') problems.push(`at ${width}px: the skip link is not the first Tab stop (got ${JSON.stringify(skip.text)})`);
      else if (!skip.shown) problems.push(`at ${width}px: the skip link is not visible on focus`);

      if (AXE_WIDTHS.includes(width)) {
        const violations = await page.evaluate((tags) => window.axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        }).then((r) => r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n      ')}`)), AXE_TAGS);
        problems.push(...violations.map((v) => `at ${width}px: axe ${v}`));
      }
    }

    problems.push(...(await chartProblems(page)).map((p) => `chart: ${p}`));

    await page.emulateMedia({ media: 'print' });
    problems.push(...(await printProblems(page)).map((p) => `in print: ${p}`));

    if (foreign.length) problems.push(`requests left the site: ${foreign.join(', ')}`);
    if (logged.length) problems.push(`console errors (a CSP violation shows here): ${logged.join(' | ')}`);
    assert.deepEqual(problems, [], `${path}:\n  ${problems.join('\n  ')}`);
  } finally {
    await context.close();
  }
}

async function resize(page, width) {
  await page.setViewportSize({ width, height: HEIGHT });
  // Wait until the new size is laid out and painted.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const seen = await page.evaluate(() => window.innerWidth);
  assert.equal(seen, width, 'the viewport did not resize');
}

// No sideways scrolling of the page (WCAG 1.4.10), and every table fits.
function layoutProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const root = document.documentElement;
    const pageOverflow = root.scrollWidth - root.clientWidth;
    if (pageOverflow > 0) out.push(`the page scrolls sideways by ${pageOverflow}px`);
    const label = (el) => {
      const table = el.matches('table') ? el : el.querySelector('table');
      const caption = table?.caption?.textContent.trim();
      return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className ? '.' + String(el.className).split(' ').join('.') : ''}${caption ? ` "${caption.slice(0, 60)}"` : ''}`;
    };
    for (const table of document.querySelectorAll('table')) {
      if (table.getClientRects().length === 0) continue;
      const box = table.parentElement;
      if (table.scrollWidth > box.clientWidth) out.push(`${label(table)} is ${table.scrollWidth}px wide in a container ${box.clientWidth}px wide`);
    }
    for (const wrap of document.querySelectorAll('.table-wrap')) {
      if (wrap.scrollWidth > wrap.clientWidth) out.push(`${label(wrap)} scrolls sideways (${wrap.scrollWidth}px in ${wrap.clientWidth}px)`);
    }
    return out;
  });
}

// The print style sheet: no navigation, table headers repeated on every
// printed page, rows not split across pages, the version banner kept.
function printProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const shown = (el) => el.getClientRects().length > 0;
    for (const el of document.querySelectorAll('nav, .site-header, .skip-link, .footer-links')) {
      if (shown(el)) out.push(`${el.tagName.toLowerCase()}.${el.className} is printed`);
    }
    for (const el of document.querySelectorAll('thead')) {
      const display = getComputedStyle(el).display;
      if (display !== 'table-header-group') out.push(`a table header prints as display: ${display}, not repeating on each page`);
    }
    for (const el of document.querySelectorAll('tr')) {
      const inside = getComputedStyle(el).breakInside;
      if (inside !== 'avoid') { out.push(`a table row may be split across pages (break-inside: ${inside})`); break; }
    }
    for (const el of document.querySelectorAll('main, .version-banner, .notice')) {
      if (!shown(el)) out.push(`${el.tagName.toLowerCase()}.${el.className} is not printed`);
    }
    return out;
  });
}

// KPI charts: each point's numbers are its table row's, as the row writes
// them; lines and points have 3:1 contrast with the page, text 4.5:1.
function chartProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const text = (el) => {
      const copy = el.cloneNode(true);
      copy.querySelectorAll('.cell-label').forEach((l) => l.remove());
      return copy.textContent.trim();
    };
    const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const background = 'rgb(255, 255, 255)';
    for (const figure of document.querySelectorAll('figure.kpi-chart')) {
      const id = figure.id.replace(/^kpi-chart-/, '');
      const row = document.getElementById(`kpi-${id}`);
      if (!row) { out.push(`${figure.id} has no table row`); continue; }
      const cells = [...row.querySelectorAll('td')].map(text);
      const results = [...row.querySelectorAll('td li')].map((li) => li.textContent.trim());
      const titles = (kind) => [...figure.querySelectorAll(`g.chart-${kind} > title`)].map((t) => t.textContent.trim());
      for (const kind of ['baseline', 'target']) {
        for (const t of titles(kind)) if (!cells.includes(t)) out.push(`${figure.id}: ${kind} ${JSON.stringify(t)} is not in its row (${JSON.stringify(cells)})`);
      }
      if (JSON.stringify(titles('actual')) !== JSON.stringify(results)) out.push(`${figure.id}: results ${JSON.stringify(titles('actual'))} are not its row's ${JSON.stringify(results)}`);
      const svg = figure.querySelector('svg');
      const name = document.getElementById(svg?.getAttribute('aria-labelledby') || '');
      if (!name || !name.textContent.trim()) out.push(`${figure.id}: the chart has no text alternative`);
      for (const el of figure.querySelectorAll('.chart-line, .chart-target-line')) {
        const r = ratio(getComputedStyle(el).stroke, background);
        if (r < 3) out.push(`${figure.id}: ${el.getAttribute('class')} contrast ${r.toFixed(2)}:1`);
      }
      for (const el of figure.querySelectorAll('.chart-actual circle, .chart-target path')) {
        const r = ratio(getComputedStyle(el).fill, background);
        if (r < 3) out.push(`${figure.id}: a point's contrast ${r.toFixed(2)}:1`);
      }
      for (const el of figure.querySelectorAll('.chart-value, .chart-label')) {
        const r = ratio(getComputedStyle(el).fill, background);
        if (r < 4.5) out.push(`${figure.id}: text contrast ${r.toFixed(2)}:1`);
      }
    }
    return out;
  });
}
