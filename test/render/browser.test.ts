/**
 * The HTML report in a real browser: Debian's headless Chromium driven by playwright-core, opened from a file://
 * URL as a reader would open an attachment. One browser for the whole file; each test gets its own context.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { render } from '../../src/render/html.js';
import { CHROMIUM_ARGS } from '../../src/render/screenshot.js';
import { multiBundleReport, showcaseReport } from './fixtures.js';
import { MARKUP_PAYLOADS, hostileReport } from './hostile.js';

// The callbacks given to page.evaluate and $$eval run in the page, not in Node. The project's type check has no DOM
// lib (the code is Node-only), so the few browser globals they use are declared here, for this file only.
declare const window: { __pwned?: unknown; __violations: string[]; dispatchEvent(event: unknown): boolean };
declare const document: {
  addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
  documentElement: unknown;
  body: { textContent: string | null; append(node: unknown): void };
  createElement(tag: 'script'): { textContent: string };
};
declare function getComputedStyle(element: unknown): { backgroundColor: string };
declare const Event: new (type: string) => unknown;
type Hideable = { hidden: boolean };
/** The tests typecheck without the DOM lib, so page-side elements are `any`; this is the part they read. */
type Attributed = { getAttribute(name: string): string | null };

const CHROMIUM = '/usr/bin/chromium';
const options = { color: false, width: 100 };

let browser: Browser | undefined;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `the HTML report tests need headless Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium); .ci/run does this on CI`,
    );
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  dir = await mkdtemp(join(tmpdir(), 'podmortem-html-'));
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  url: string;
  html: string;
  requests: string[];
  errors: string[];
  violations: () => Promise<string[]>;
}

async function open(
  report: Report,
  name: string,
  colorScheme: 'light' | 'dark' = 'light',
  viewport = { width: 1280, height: 900 },
  hash = '',
): Promise<Opened> {
  const html = render(report, options);
  const file = join(dir, `${name}.html`);
  await writeFile(file, html);
  const url = pathToFileURL(file).href;
  if (!browser) throw new Error('Chromium did not start (see beforeAll)');
  const context = await browser.newContext({ colorScheme, viewport });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  // Runs before the page's own code (and outside its CSP) to record every policy violation the page causes.
  await page.addInitScript(() => {
    const list: string[] = [];
    window.__violations = list;
    document.addEventListener('securitypolicyviolation', (event) => {
      list.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.goto(url + hash, { waitUntil: 'load' });
  // Give any injected handler (onerror of a broken image, a meta refresh) the time to fire.
  await page.waitForTimeout(300);
  return {
    page,
    url,
    html,
    requests,
    errors,
    violations: () => page.evaluate(() => window.__violations),
  };
}

async function visibleCards(page: Page): Promise<string[]> {
  return page.$$eval('article.card', (cards) =>
    cards.filter((card) => !(card as Hideable).hidden).map((card) => card.getAttribute('data-causes') ?? ''),
  );
}

describe('the HTML report in headless Chromium', () => {
  it('renders every finding, most severe first, offline and without a console error or CSP violation', async () => {
    const { page, url, requests, errors, violations } = await open(showcaseReport, 'showcase');

    expect(await page.textContent('h1')).toBe('Escalate to platform/SRE');
    const cards = await page.$$eval('article.card', (nodes) => nodes.map((n) => n.querySelector('.cause')?.textContent));
    expect(cards).toHaveLength(showcaseReport.findings.length);
    expect(cards[0]).toBe('oom-killed');
    expect(cards.at(-1)).toBe('unknown');

    // The decisive log line is marked and numbered.
    const decisive = await page.$$eval('article.card table.log tr.decisive', (rows) =>
      rows.map((row) => [row.querySelector('.ln')?.textContent, row.querySelector('.lt')?.textContent]),
    );
    expect(decisive).toContainEqual(['3', 'panic: dial tcp 10.96.14.202:5432: connect: connection refused']);

    expect(await page.$$eval('#timelines svg', (svgs) => svgs.length)).toBeGreaterThan(0);
    expect(await page.$$eval('#checks article.check h3', (hs) => hs.map((h) => h.textContent))).toEqual([
      'same-memory-oom',
      'kubelet-overloaded',
    ]);
    // The rule page is embedded: the link works wherever the file is opened.
    expect(await page.getAttribute('article.card .docs a', 'href')).toBe('#rule-oom-killed');

    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
  });

  it('filters the cards by namespace and by cause when the controls are clicked', async () => {
    const { page, errors } = await open(showcaseReport, 'filter');
    const total = showcaseReport.findings.length;
    expect(await page.isVisible('#filters')).toBe(true);
    expect(await visibleCards(page)).toHaveLength(total);
    expect(await page.textContent('#filter-count')).toBe(`Showing ${total} of ${total} crashing containers`);

    await page.selectOption('#filter-namespace', 'billing');
    expect(await visibleCards(page)).toEqual(['missing-config']);
    expect(await page.textContent('#filter-count')).toBe(`Showing 1 of ${total} crashing containers`);
    // Timelines follow the filter: only billing's workload is left.
    const timelines = await page.$$eval('#timelines figure', (figs) => figs.filter((f) => !(f as Hideable).hidden).length);
    expect(timelines).toBe(1);

    await page.click('#filter-reset');
    expect(await visibleCards(page)).toHaveLength(total);

    await page.click('input.filter-cause[value="oom-killed"]');
    const afterUncheck = await visibleCards(page);
    expect(afterUncheck).toHaveLength(total - 3);
    expect(afterUncheck).not.toContain('oom-killed');

    await page.selectOption('#filter-namespace', 'billing');
    await page.click('input.filter-cause[value="missing-config"]');
    expect(await visibleCards(page)).toEqual([]);
    expect(await page.isVisible('#no-match')).toBe(true);

    await page.click('input.filter-cause[value="missing-config"]');
    expect(await visibleCards(page)).toEqual(['missing-config']);
    expect(errors).toEqual([]);
  });

  it('collapses and expands long evidence with <details>, and opens everything for print', async () => {
    const { page } = await open(showcaseReport, 'details');
    const openCount = () => page.$$eval('details.evidence', (ds) => ds.filter((d) => (d as { open: boolean }).open).length);
    const all = await page.$$eval('details.evidence', (ds) => ds.length);
    const initially = await openCount();
    expect(initially).toBeGreaterThan(0);
    expect(initially).toBeLessThan(all);

    await page.click('#collapse-all');
    expect(await openCount()).toBe(0);
    await page.click('#expand-all');
    expect(await openCount()).toBe(all);

    await page.click('#collapse-all');
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await openCount()).toBe(all);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect(await openCount()).toBe(0);

    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('#filters')).toBe(false);
  });

  it('follows the reader\'s colour scheme', async () => {
    const background = async (scheme: 'light' | 'dark') => {
      const { page } = await open(showcaseReport, `scheme-${scheme}`, scheme);
      return page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    };
    const light = await background('light');
    const dark = await background('dark');
    expect(light).not.toBe(dark);
    expect(dark).toBe('rgb(14, 17, 22)');
  });

  it('shows what differs between clusters side by side, differing rows marked', async () => {
    const { page, errors } = await open(multiBundleReport, 'multi');
    const rows = await page.$$eval('#differences table tbody tr', (trs) =>
      trs.map((tr) => ({ differs: tr.classList.contains('differs'), first: tr.querySelector('td')?.textContent })),
    );
    expect(rows.filter((row) => row.differs).map((row) => row.first)).toEqual([
      'Kubernetes version',
      'kubelet',
      'container runtime',
      'kernel',
      'OS image',
    ]);
    expect(await page.$$eval('#bundles table.bundles tbody tr', (trs) => trs.length)).toBe(2);
    expect(await page.textContent('#bundles')).toContain('truncated-archive');
    expect(errors).toEqual([]);
  });

  it('runs none of the markup, script, SVG and template payloads of a hostile bundle, and shows them as text', async () => {
    const { page, url, requests, errors, violations } = await open(hostileReport(), 'hostile');

    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    // Nothing from the bundle became an element: one script (ours), no image, frame, link, base or foreign meta.
    expect(await page.$$eval('script', (s) => s.length)).toBe(1);
    expect(await page.$$eval('img, iframe, link, base, object, embed', (s) => s.length)).toBe(0);
    expect(await page.$$eval('meta[http-equiv="refresh"]', (s) => s.length)).toBe(0);
    expect(await page.$$eval('[onload], [onerror], [onmouseover]', (s) => s.length)).toBe(0);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) expect(href).toMatch(/^#[\w-]+$/);

    const text = await page.evaluate(() => document.body.textContent ?? '');
    for (const payload of MARKUP_PAYLOADS.filter((p) => !p.includes('\n'))) expect(text).toContain(payload);
    expect(await page.title()).toContain('podmortem');
    // Terminal escapes are shown, not kept: no raw ESC or bidi override reaches the page.
    expect(text).toContain('\\x1b[2J');
    expect(text).toContain('\\u202e');
    // eslint-disable-next-line no-control-regex -- ESC is what must not reach the page text
    expect(text).not.toMatch(/[\u001b\u202e\u2066\u200b]/);

    // Hovering and clicking the hostile strings does nothing either.
    await page.hover('article.card .target');
    await page.click('article.card .summary');
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();

    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    expect(await violations()).toEqual([]);
  });

  it('carries a CSP that allows only its own inline style and script, by hash', async () => {
    const { page } = await open(showcaseReport, 'csp');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    const style = await page.$eval('style', (s) => s.textContent ?? '');
    const script = await page.$eval('script', (s) => s.textContent ?? '');
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp).toBe(
      `default-src 'none'; style-src ${hash(style)}; script-src ${hash(script)}; form-action 'none'; base-uri 'none'`,
    );

    // The policy is live: a script added to the page later is refused.
    await page.evaluate(() => {
      const injected = document.createElement('script');
      injected.textContent = 'window.__pwned = "late"';
      document.body.append(injected);
    });
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  });
});

/** WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha ignored: the report's text colours are opaque). */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('the HTML report: order, timeline, filters, print and small screens', () => {
  let samples: Report;
  beforeAll(async () => {
    const { analyzeBundles } = await import('../../src/pipeline.js');
    const dirname = join(import.meta.dirname, '../../sample-bundles');
    const names = ['batch-oom', 'cluster-info-dump', 'legacy-troubleshoot', 'must-gather', 'overloaded-node', 'shop-prod-eu', 'shop-prod-us'];
    samples = (await analyzeBundles(names.map((n) => join(dirname, `${n}.tar.gz`)))).report;
  }, 60_000);

  it('reads in the order a reader needs: verdict, crashing containers and checks, differences, the inventory last and collapsed', async () => {
    const { page, errors } = await open(samples, 'order');
    const order = await page.$$eval('body > header, main > section', (nodes) => nodes.map((n) => n.id));
    // Alerting rules are for next time: after what differs, before the inventory.
    expect(order.slice(0, 7)).toEqual(['verdict', 'findings', 'checks', 'timelines', 'differences', 'alerts', 'bundles']);
    const top = (selector: string) => page.$eval(selector, (n) => (n as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top);
    expect(await top('#findings')).toBeLessThan(await top('#checks'));
    expect(await top('#checks')).toBeLessThan(await top('#differences'));
    expect(await top('#differences')).toBeLessThan(await top('#bundles'));
    // The inventory is collapsed: its summary line says what could not be read, the table is behind a click.
    expect(await page.$eval('#bundles details.inventory', (d) => (d as unknown as { open: boolean }).open)).toBe(false);
    expect(await page.isVisible('#bundles table.bundles')).toBe(false);
    expect(await page.textContent('#bundles summary')).toMatch(/Bundles read \(7\)/);
    await page.click('#bundles summary');
    expect(await page.isVisible('#bundles table.bundles')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('draws one swimlane per crashing workload on one shared time axis, each marker kind its own shape, details as text', async () => {
    const { page, errors } = await open(showcaseReport, 'swimlanes');
    expect(await page.$$eval('#timelines figure.timeline', (f) => f.length)).toBe(1);
    const lanes = await page.$$eval('#timelines .lane[data-filterable]', (l) => l.length);
    expect(lanes).toBe(showcaseReport.findings.length);
    expect(await page.$$eval('#timelines svg.axis .tl-tick', (t) => t.map((n) => n.textContent))).toHaveLength(5);
    // Every fixture container started at 09:20:00: the first start marker of each lane sits at the same x.
    const firstStarts = await page.$$eval('#timelines .lane[data-filterable]', (nodes) =>
      nodes.map((lane) => {
        const path = lane.querySelector('path.mk-started') as unknown as { getBoundingClientRect(): { x: number; width: number } } | null;
        const box = path?.getBoundingClientRect();
        return box ? Math.round(box.x + box.width / 2) : null;
      }),
    );
    const xs = firstStarts.filter((x): x is number => x !== null);
    expect(xs.length).toBeGreaterThan(3);
    expect(new Set(xs).size).toBe(1);
    for (const kind of ['started', 'terminated', 'captured']) {
      expect(await page.$$eval(`#timelines path.mk-${kind}`, (p) => p.length), kind).toBeGreaterThan(0);
    }
    const shapes = await page.$$eval('#timelines path.mk', (p: Attributed[]) => new Set(p.map((n) => `${n.getAttribute('class') ?? ''}|${n.getAttribute('d') ?? ''}`)).size);
    expect(shapes).toBeGreaterThanOrEqual(3);
    // Readable without hovering: restarts and the last termination are text, and every entry is in a table.
    const label = await page.textContent('#timelines .lane[data-filterable] .lane-label');
    expect(label).toMatch(/\d+ restarts/);
    expect(label).toMatch(/last: terminated/);
    await page.click('#timelines .lane[data-filterable] .lane-entries summary');
    expect(await page.isVisible('#timelines .lane[data-filterable] .lane-entries table')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('keeps filter counts right, filters by cluster, and keeps the filter in the URL', async () => {
    const { page, url, errors } = await open(samples, 'filters');
    const count = (cause: string) => page.textContent(`input.filter-cause[value="${cause}"] ~ .count`);
    const visible = () => visibleCards(page);
    expect(Number(await count('oom-killed'))).toBe(samples.findings.filter((f) => f.cause === 'oom-killed').length);

    await page.selectOption('#filter-namespace', 'shop');
    const inShop = samples.findings.filter((f) => f.namespace === 'shop');
    expect(Number(await count('oom-killed'))).toBe(inShop.filter((f) => f.cause === 'oom-killed').length);
    expect(Number(await count('evicted'))).toBe(0);
    expect(await page.textContent('#filter-count')).toBe(`Showing ${inShop.length} of ${samples.findings.length} crashing containers`);

    await page.selectOption('#filter-bundle', 'shop-prod-us.tar.gz');
    const usShop = inShop.filter((f) => f.bundle === 'shop-prod-us.tar.gz');
    expect(await visible()).toHaveLength(usShop.length);
    // Lanes follow: only the lanes of that cluster's shop namespace stay.
    const lanes = await page.$$eval('#timelines .lane[data-filterable]', (ls) =>
      ls.filter((l) => !(l as unknown as Hideable).hidden).map((l) => l.getAttribute('data-bundle')),
    );
    expect(new Set(lanes)).toEqual(new Set(['shop-prod-us.tar.gz']));

    await page.selectOption('#filter-bundle', '');
    await page.click('input.filter-cause[value="app-error-at-startup"]');
    expect(page.url()).toBe(`${url}#filter?ns=shop&cause=${encodeURIComponent(
      [...new Set(samples.findings.map((f) => f.cause))].sort().filter((c) => c !== 'app-error-at-startup').join(','),
    )}`);

    // The same URL opened again shows the same view.
    const again = await open(samples, 'filters-again', 'light', { width: 1280, height: 900 }, '#filter?ns=shop&cause=oom-killed');
    expect(await again.page.inputValue('#filter-namespace')).toBe('shop');
    expect(await visibleCards(again.page)).toEqual(inShop.filter((f) => f.cause === 'oom-killed').map(() => 'oom-killed'));
    expect(await again.page.isChecked('input.filter-cause[value="evicted"]')).toBe(false);
    expect(errors).toEqual([]);
  });

  it('prints light and readable when the OS is in dark mode, tables wrapping within the page', async () => {
    const { page } = await open(samples, 'print-dark', 'dark');
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const colours = await page.$$eval('h1, h2, .summary, td, .lane-label, pre code, .fix p, .verdict-summary, summary', (nodes) =>
      nodes.slice(0, 400).map((node) => {
        let element = node as unknown as { parentElement: unknown } | null;
        let background = 'rgba(0, 0, 0, 0)';
        // The first ancestor with an opaque background is what the text is printed on.
        while (element) {
          const style = getComputedStyle(element);
          if (!/rgba\(.*, 0\)$/.test(style.backgroundColor) && style.backgroundColor !== 'transparent') {
            background = style.backgroundColor;
            break;
          }
          element = element.parentElement as typeof element;
        }
        return { color: (getComputedStyle(node) as unknown as { color: string }).color, background };
      }),
    );
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(255, 255, 255)');
    const poor = colours.filter(({ color, background }) => contrast(color, background === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : background) < 4.5);
    expect(poor).toEqual([]);
    // The widest table fits the printed page (A4 at 96 dpi minus margins is under 800 px).
    await page.setViewportSize({ width: 760, height: 1000 });
    const overflow = await page.evaluate(() => (document.documentElement as { scrollWidth: number }).scrollWidth);
    expect(overflow).toBeLessThanOrEqual(760);
  });

  it('does not overflow a 400-pixel-wide phone screen', async () => {
    for (const [name, report] of [['samples', samples], ['showcase', showcaseReport], ['multi', multiBundleReport], ['hostile', hostileReport()]] as const) {
      const { page } = await open(report, `narrow-${name}`, 'light', { width: 400, height: 800 });
      const width = await page.evaluate(() => (document.documentElement as { scrollWidth: number }).scrollWidth);
      expect(width, name).toBeLessThanOrEqual(400);
      // A YAML patch or command is not wrapped: it scrolls inside its own box.
      if (name === 'showcase') expect(await page.$eval('pre.snippet', (e) => (getComputedStyle(e) as unknown as { whiteSpace: string }).whiteSpace)).toBe('pre');
      await page.click('#bundles summary');
      expect(await page.evaluate(() => (document.documentElement as { scrollWidth: number }).scrollWidth), `${name} inventory open`).toBeLessThanOrEqual(400);
    }
  });

  it('links rule pages that work outside the repository: embedded, or absolute under --docs-url', async () => {
    const { page, url, requests } = await open(showcaseReport, 'rules');
    await page.click('article.card .docs a');
    expect(page.url()).toBe(`${url}#rule-oom-killed`);
    expect(await page.$eval('#rule-oom-killed', (d) => (d as unknown as { open: boolean }).open)).toBe(true);
    expect(await page.textContent('#rule-oom-killed pre')).toContain('# oom-killed');
    expect(requests).toEqual([url]);
    const absolute = render(showcaseReport, { ...options, docsBaseUrl: 'https://example.com/podmortem/docs/' });
    expect(absolute).toContain('href="https://example.com/podmortem/docs/rules/oom-killed.md"');
    expect(absolute).not.toContain('id="rule-oom-killed"');
  });
});
