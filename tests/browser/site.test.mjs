// Browser checks of built planpress sites: every page must pass the Nu Html
// Checker with zero errors, and axe-core (WCAG 2.0, 2.1 and 2.2, A and AA)
// with zero violations in headless Chromium, at desktop width and at 320 CSS
// px, with no horizontal scrolling of the page, no request to another host,
// and no Content-Security-Policy violation.
//
// SITES is a list of built site folders separated by the path delimiter.
// Run through scripts/test-all, which builds them first.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, extname, relative, delimiter } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = require('vnu-jar');

const sites = (process.env.SITES || '').split(delimiter).filter(Boolean);
if (sites.length === 0) throw new Error('set SITES to one or more built site folders');

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.xml': 'application/xml', '.txt': 'text/plain', '.json': 'application/json', '.svg': 'image/svg+xml' };

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...htmlFiles(path));
    else if (name.endsWith('.html')) out.push(path);
  }
  return out.sort();
}

function serve(root) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': TYPES['.html'], 'content-security-policy': CSP });
      res.end(readFileSync(join(root, '404.html')));
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'content-security-policy': CSP });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); });

for (const site of sites) {
  const files = htmlFiles(site);

  test(`Nu Html Checker: no errors in ${site}`, () => {
    let output = '';
    try {
      execFileSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', '--also-check-css', ...files, ...cssFiles(site)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      output = err.stderr || err.stdout || String(err);
    }
    const messages = output ? JSON.parse(output).messages.filter((m) => m.type === 'error') : [];
    const text = messages.map((m) => `${relative(site, new URL(m.url).pathname)}:${m.lastLine}: ${m.message}`).join('\n');
    assert.equal(messages.length, 0, text);
  });

  test(`axe-core, reflow, requests and CSP on every page of ${site}`, async (t) => {
    const server = await serve(site);
    const origin = `http://127.0.0.1:${server.address().port}`;
    try {
      for (const file of files) {
        const path = '/' + relative(site, file).replace(/index\.html$/, '');
        await t.test(path, async () => {
          for (const width of [1280, 320]) {
            await checkPage(origin, path, width);
          }
        });
      }
    } finally {
      server.close();
    }
  });
}

function cssFiles(site) {
  const dir = join(site, 'assets');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.css')).map((f) => join(dir, f)) : [];
}

async function checkPage(origin, path, width) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: true });
  const page = await context.newPage();
  const foreign = [];
  const problems = [];
  page.on('request', (req) => { if (!req.url().startsWith(origin) && !req.url().startsWith('data:')) foreign.push(req.url()); });
  page.on('console', (msg) => {
    // The 404 page is served with status 404 on purpose.
    const expected404 = path.endsWith('404.html') && msg.text().includes('status of 404');
    if (msg.type() === 'error' && !expected404) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('response', (res) => {
    if (res.status() >= 400 && !res.url().endsWith('404.html')) problems.push(`${res.status()} for ${res.url()}`);
  });
  try {
    const response = await page.goto(origin + path, { waitUntil: 'load' });
    assert.ok(response.status() === 200 || path.endsWith('404.html'), `${path}: status ${response.status()}`);
    assert.deepEqual(foreign, [], `${path}: requests left the site`);
    assert.deepEqual(problems, [], `${path} at ${width}px: console errors (a CSP violation shows here)`);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${path} at ${width}px scrolls sideways by ${overflow}px`);

    // The first Tab reaches a visible skip link (WCAG 2.4.1).
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const el = document.activeElement;
      const box = el.getBoundingClientRect();
      return { text: el.textContent, visible: box.width > 0 && box.height > 0 && box.left >= 0 };
    });
    assert.equal(skip.text, 'Skip to main content', `${path}: first Tab stop`);
    assert.ok(skip.visible, `${path}: skip link not visible on focus`);

    await page.evaluate(axeSource);
    const results = await page.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }));
    const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
    assert.deepEqual(violations, [], `${path} at ${width}px: axe violations`);
  } finally {
    await context.close();
  }
}
