import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CdpConnection } from '../../framework/browser/cdp-connection.ts';
import { findChromium, NO_CHROMIUM } from '../../framework/browser/find-chromium.ts';
import { launchChromium, type Chromium } from '../../framework/browser/launch-chromium.ts';
import { ROOT, runCli } from '../cli/support/run-cli.ts';
import { openPage, type Page } from './support/open-page.ts';

const chromium = findChromium();
/** The screen a reader opens the page on: the first viewport is what they read before they scroll. */
const SCREEN = { width: 1280, height: 800 };
const SUITES = 'golden-path,close-codes,concurrent-load';
const SMALL_LOAD = { E2E_LOAD_USERS: '40', E2E_LOAD_CONCURRENCY: '10', E2E_LOAD_RATE: '40', E2E_LOAD_DURATION_S: '1' };
const OPEN_ALL = `document.querySelectorAll('details').forEach((d) => { d.open = true; })`;

// A real report of a real defect: the backend drops tool_completed. The golden-path suite catches
// it; every load user breaks the golden path because of it; close-codes passes and gives the page
// its checks table.
describe.skipIf(!chromium)('index.html in headless Chromium', () => {
  let dir: string;
  let browser: Chromium;
  let cdp: CdpConnection;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gp-browser-'));
    const failing = await runCli(['run', '--suite', SUITES, '--report', join(dir, 'failing')], {
      REF_FAULTS: 'drop_event:tool_completed',
      ...SMALL_LOAD,
    });
    expect(failing.code, failing.stdout + failing.stderr).toBe(1);
    const clean = await runCli(['run', '--report', join(dir, 'passing')], { REF_FAULTS: '', ...SMALL_LOAD });
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    browser = await launchChromium(chromium!);
    cdp = await CdpConnection.connect(browser.wsUrl);
    page = await openPage(cdp, pathToFileURL(join(dir, 'failing', 'index.html')).href, SCREEN);
  }, 240_000);

  afterAll(async () => {
    await page?.close();
    cdp?.close();
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads from the file alone: no request but the page itself', () => {
    expect(page.requests).toEqual([pathToFileURL(join(dir, 'failing', 'index.html')).href]);
  });

  it('names the cause in the first screen: the digest line of tool_completed, linked to its first failure', async () => {
    const seen = await page.evaluate<{
      title: string;
      text: string;
      top: number;
      bottom: number;
      visible: boolean;
      href: string;
      card: string;
      consequences: string;
    } | null>(`(() => {
      const line = [...document.querySelectorAll('#digest li.cause')].find((li) => li.textContent.includes('tool_completed'));
      if (!line) return null;
      const rect = line.querySelector('.what').getBoundingClientRect();
      const href = line.querySelector('a.first').getAttribute('href');
      const card = document.querySelector(href);
      return { title: document.title, text: line.querySelector('.what').textContent, top: rect.top, bottom: rect.bottom,
        visible: rect.width > 0 && rect.height > 0 && getComputedStyle(line).visibility === 'visible', href,
        card: card && card.matches('details.failure[open]') ? card.querySelector('.headline').textContent : '',
        consequences: line.querySelector('ul.consequences')?.textContent ?? '' };
    })()`);
    expect(seen, 'no digest line names tool_completed').not.toBeNull();
    expect(seen!.title).toMatch(/^golden-path report: FAIL/);
    expect(seen!.text).toBe('[missing_event] tool_completed never arrived');
    expect(seen!.visible).toBe(true);
    expect(seen!.top).toBeGreaterThanOrEqual(0);
    expect(seen!.bottom).toBeLessThanOrEqual(SCREEN.height);
    expect(seen!.card).toMatch(/\[missing_event\] tool_completed never arrived/);
    // The load users broke the golden path because of it: a consequence under the cause, not a cause.
    expect(seen!.consequences).toMatch(/concurrent-load: load users broke the golden path \(\d+ of \d+ users\)/);
  });

  it('orders the failure cards by how telling they are: the golden path before the load it broke', async () => {
    const cards = await page.evaluate<
      { suite: string; headline: string }[]
    >(`[...document.querySelectorAll('details.failure')].map((d) => ({
      suite: d.querySelector('summary b').textContent.split(' › ')[0], headline: d.querySelector('.headline').textContent }))`);
    const suites = cards.map((c) => c.suite);
    expect(suites.lastIndexOf('golden-path')).toBeLessThan(suites.indexOf('concurrent-load'));
    for (const c of cards) expect(c.headline, 'every headline names its rule').toMatch(/\[[\w:.-]+\] \S/);
  });

  it('draws every timeline and histogram once opened, and nothing is wider than the page', async () => {
    await page.evaluate(OPEN_ALL);
    const drawn = await page.evaluate<{
      timelines: number[];
      histograms: number[];
      pageWidth: number;
      checksWidth: number;
    }>(`(() => ({
      timelines: [...document.querySelectorAll('svg.timeline')].map((svg) => [...svg.querySelectorAll('circle.event')].filter((c) => c.getBBox().width > 0).length),
      histograms: [...document.querySelectorAll('svg.histogram')].map((svg) => [...svg.querySelectorAll('rect.bar')].filter((r) => r.getBBox().height > 0).length),
      pageWidth: document.documentElement.scrollWidth,
      checksWidth: Math.max(...[...document.querySelectorAll('table.checks')].map((t) => t.getBoundingClientRect().right)),
    }))()`);
    expect(
      drawn.timelines.every((n) => n > 0),
      `events drawn per timeline: ${drawn.timelines}`,
    ).toBe(true);
    expect(
      drawn.timelines.filter((n) => n >= 4).length,
      `events drawn per timeline: ${drawn.timelines}`,
    ).toBeGreaterThanOrEqual(4);
    expect(drawn.histograms.length).toBeGreaterThanOrEqual(10); // two load runs × handshake, ready, first event, completion, largest gap
    expect(
      drawn.histograms.every((n) => n > 0),
      `bars drawn per histogram: ${drawn.histograms}`,
    ).toBe(true);
    expect(drawn.pageWidth).toBeLessThanOrEqual(SCREEN.width);
    expect(drawn.checksWidth).toBeLessThanOrEqual(SCREEN.width);
  });

  it('saves screenshots of the first screen and of the failure cards under reports/', async () => {
    mkdirSync(join(ROOT, 'reports'), { recursive: true });
    const first = await page.screenshot(SCREEN.height);
    await page.evaluate(
      `document.querySelectorAll('details').forEach((d) => { d.open = d.classList.contains('failure'); })`,
    );
    const whole = await page.screenshot(2400);
    for (const png of [first, whole]) expect(png.subarray(1, 4).toString()).toBe('PNG');
    writeFileSync(join(ROOT, 'reports/report-in-browser.png'), first);
    writeFileSync(join(ROOT, 'reports/report-in-browser-page.png'), whole);
    console.log(
      `screenshots: reports/report-in-browser.png (first screen, ${SCREEN.width}×${SCREEN.height}), reports/report-in-browser-page.png`,
    );
  }, 90_000);

  // Last: a second tab takes the foreground, and headless Chromium paints no screenshot of a background one.
  it('a passing run reads in one short page: everything folded, under 5,000 px at 1280 wide', async () => {
    const passing = await openPage(cdp, pathToFileURL(join(dir, 'passing', 'index.html')).href, SCREEN);
    const seen = await passing.evaluate<{
      height: number;
      open: number;
      said: string;
    }>(`({ height: document.documentElement.scrollHeight,
      open: document.querySelectorAll('details[open]').length, said: document.querySelector('#digest').textContent })`);
    expect(seen.said).toMatch(/^✓ Nothing broke: \d+ tests passed/);
    expect(seen.open).toBe(0);
    await passing.close();
    expect(seen.height).toBeLessThan(5000);
  });
});

describe.runIf(!chromium)('index.html in headless Chromium (no browser)', () => {
  it('skips: Chromium was not found', ({ skip }) => {
    console.log(`skipped: ${NO_CHROMIUM}`);
    skip(NO_CHROMIUM);
  });
});
