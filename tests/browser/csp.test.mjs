// The theme's <meta> Content-Security-Policy on its own stops a script that
// reaches a page (a host that sends no header, such as GitHub Pages): a copy
// of a built home page with an inline <script> added is served with no policy
// header, and the script must not run and a violation must be reported. The
// same page with its <meta> policy taken out is loaded too, so the probe is
// shown to run where nothing stops it.
//
// SITES as for site.test.mjs: the first site is used.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { join, resolve, delimiter } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

const sites = (process.env.SITES || '').split(delimiter).filter(Boolean).map((s) => resolve(s));
const site = sites[0];
const META = /<meta[^>]*http-equiv="?Content-Security-Policy"?[^>]*>/i;
const PROBE = '<script>window.__probeRan = true; document.title = "probe ran";</script>';

let browser;
let dir;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // The probe pages beside a link to the built site's assets, in a folder of
  // their own so that the other tests' crawl of the site never sees them.
  dir = mkdtempSync(join(tmpdir(), 'planpress-csp-'));
  symlinkSync(join(site, 'assets'), join(dir, 'assets'));
  const home = readFileSync(join(site, 'index.html'), 'utf8');
  assert.match(home, META, 'the built home page has a <meta> Content-Security-Policy');
  const injected = home.replace('</body>', `${PROBE}</body>`);
  writeFileSync(join(dir, 'injected.html'), injected);
  writeFileSync(join(dir, 'unprotected.html'), injected.replace(META, ''));
  writeFileSync(join(dir, '404.html'), home);
});
after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Loads `path` from a server that sends no policy header and says whether
// the probe ran and which violations the page reported.
async function load(path) {
  const server = await serve(dir, { csp: false });
  const page = await browser.newPage();
  try {
    const console = [];
    page.on('console', (m) => console.push(m.text()));
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI });
      });
    });
    const response = await page.goto(`http://127.0.0.1:${server.address().port}/${path}`, { waitUntil: 'load' });
    assert.equal(response.headers()['content-security-policy'], undefined, 'no policy header is sent');
    const ran = await page.evaluate(() => window.__probeRan === true);
    const violations = await page.evaluate(() => window.__violations);
    return { ran, violations, console };
  } finally {
    await page.close();
    server.close();
  }
}

test('the meta policy alone blocks an inline script injected into a built page', { skip: !site && 'set SITES' }, async () => {
  const { ran, violations, console } = await load('injected.html');
  assert.equal(ran, false, 'the injected inline script ran');
  assert.ok(violations.some((v) => v.directive === 'script-src-elem' && v.blocked === 'inline'),
    `a script-src violation for the inline script is reported: ${JSON.stringify(violations)}`);
  assert.ok(console.some((line) => /Content Security Policy/.test(line)), 'Chromium names the policy in its console');
});

test('without the meta policy the same probe runs (the probe is sound)', { skip: !site && 'set SITES' }, async () => {
  const { ran, violations } = await load('unprotected.html');
  assert.equal(ran, true, 'the probe ran on the page without a policy');
  assert.deepEqual(violations, []);
});
