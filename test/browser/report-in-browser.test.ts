import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../cli/support/run-cli.ts';
import { CdpConnection } from './support/cdp-session.ts';
import { findChromium, launchChromium, type Chromium } from './support/launch-chromium.ts';
import { openPage, type Page } from './support/open-page.ts';

const chromium = findChromium();
const FAILED_CHECK = 'close-codes/bad-input/invalid-json';

// A real report: the close-codes suite catches crash_on_malformed (1011 on invalid JSON); the
// golden-path and load suites pass and give the report its timelines and histograms.
describe.skipIf(!chromium)('index.html in headless Chromium', () => {
  let dir: string;
  let browser: Chromium;
  let cdp: CdpConnection;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gp-browser-'));
    const run = await runCli(['run', '--suite', 'golden-path,close-codes,concurrent-load', '--report', dir], {
      REF_FAULTS: 'crash_on_malformed', E2E_LOAD_USERS: '40', E2E_LOAD_CONCURRENCY: '10', E2E_LOAD_RATE: '40', E2E_LOAD_DURATION_S: '1',
    });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    browser = await launchChromium(chromium!);
    cdp = await CdpConnection.connect(browser.wsUrl);
    page = await openPage(cdp, pathToFileURL(join(dir, 'index.html')).href);
  }, 180_000);

  afterAll(async () => {
    await page?.close();
    cdp?.close();
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads from the file alone: no request but the page itself', () => {
    expect(page.requests).toEqual([pathToFileURL(join(dir, 'index.html')).href]);
  });

  it('shows the failed check first: its name, headline and evidence, in the first screen', async () => {
    const seen = await page.evaluate<{ title: string; idTop: number; idVisible: boolean; headline: string; evidence: string; evidenceHeight: number }>(`(() => {
      const failure = [...document.querySelectorAll('section.failure')].find((s) => s.textContent.includes(${JSON.stringify(FAILED_CHECK)}));
      const id = [...failure.querySelectorAll('code.check-id')].find((c) => c.textContent === ${JSON.stringify(FAILED_CHECK)});
      const rect = id.getBoundingClientRect();
      const pre = failure.querySelector('pre.evidence');
      return { title: document.title, idTop: rect.top, idVisible: rect.width > 0 && rect.height > 0 && getComputedStyle(id).visibility === 'visible',
        headline: failure.querySelector('.headline').textContent, evidence: pre.textContent, evidenceHeight: pre.getBoundingClientRect().height };
    })()`);
    expect(seen.title).toMatch(/^golden-path report: FAIL/);
    expect(seen.idVisible).toBe(true);
    expect(seen.idTop).toBeLessThan(900);
    expect(seen.headline).toMatch(/\[internal_error\] invalid JSON .* close 1011/);
    expect(seen.evidence).toMatch(/Timeline of user_alice#\d+:[\s\S]*close 1011/);
    expect(seen.evidenceHeight).toBeGreaterThan(50);
  });

  it('renders every run timeline and every load histogram with visible marks', async () => {
    const charts = await page.evaluate<{ timelines: number[]; histograms: number[] }>(`(() => {
      const drawn = (sel) => [...document.querySelectorAll(sel)].filter((el) => el.getBBox().width > 0 && el.getBBox().height > 0).length;
      return {
        timelines: [...document.querySelectorAll('svg.timeline')].map((svg) => svg.getBoundingClientRect().height > 0 ? [...svg.querySelectorAll('circle.event')].filter((c) => c.getBBox().width > 0).length : 0),
        histograms: [...document.querySelectorAll('svg.histogram')].map((svg) => [...svg.querySelectorAll('rect.bar')].filter((r) => r.getBBox().height > 0).length),
      };
    })()`);
    // Every timeline shows its events; at least the golden-path suite's four runs show all five critical ones.
    expect(charts.timelines.every((n) => n > 0), `events drawn per timeline: ${charts.timelines}`).toBe(true);
    expect(charts.timelines.filter((n) => n >= 5).length, `events drawn per timeline: ${charts.timelines}`).toBeGreaterThanOrEqual(4);
    expect(charts.histograms.length).toBe(10); // two load runs × handshake, ready, first event, completion, largest gap
    expect(charts.histograms.every((n) => n > 0), `bars drawn per histogram: ${charts.histograms}`).toBe(true);
  });

  it('saves screenshots of the failures and of the runs under reports/', async () => {
    mkdirSync(join(ROOT, 'reports'), { recursive: true });
    const top = await page.screenshot(1400);
    const runsY = await page.evaluate<number>(`document.getElementById('runs').getBoundingClientRect().top + window.scrollY`);
    const runs = await page.screenshot(1400, runsY);
    for (const png of [top, runs]) expect(png.subarray(1, 4).toString()).toBe('PNG');
    writeFileSync(join(ROOT, 'reports/report-in-browser.png'), top);
    writeFileSync(join(ROOT, 'reports/report-in-browser-runs.png'), runs);
    console.log(`screenshots: reports/report-in-browser.png, reports/report-in-browser-runs.png (${top.length + runs.length} bytes)`);
  });
});

describe.runIf(!chromium)('index.html in headless Chromium (no browser)', () => {
  it('skips: Chromium was not found', ({ skip }) => {
    const reason = 'Chromium not found (looked for CHROMIUM_PATH, /usr/bin/chromium, chromium-browser, google-chrome); install it with apt-get install -y chromium';
    console.log(`skipped: ${reason}`);
    skip(reason);
  });
});
