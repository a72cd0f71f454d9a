/**
 * Screenshots an HTML report in headless Chromium, for the README and for checking how a report looks:
 *
 *   node dist/render/screenshot.js report.html docs/report-screenshot.png [--width 1280] [--height 1700] [--dark] [--full]
 *
 * Uses the system Chromium (/usr/bin/chromium, or $CHROMIUM) through playwright-core, offline: any request other
 * than the report file itself is aborted, so the picture shows exactly what a reader without network sees.
 * A development tool: playwright-core is a dev dependency and nothing in the library imports this file.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

interface ScreenshotOptions {
  width: number;
  height: number;
  dark: boolean;
  fullPage: boolean;
}

async function screenshot(htmlFile: string, pngFile: string, options: ScreenshotOptions): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({
      viewport: { width: options.width, height: options.height },
      colorScheme: options.dark ? 'dark' : 'light',
      deviceScaleFactor: 1,
    });
    const url = pathToFileURL(resolve(htmlFile)).href;
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: 'load' });
    await page.screenshot({ path: pngFile, fullPage: options.fullPage });
  } finally {
    await browser.close();
  }
}

function parseArgs(argv: string[]): { html: string; png: string; options: ScreenshotOptions } {
  const positional: string[] = [];
  const options: ScreenshotOptions = { width: 1280, height: 1700, dark: false, fullPage: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--dark') options.dark = true;
    else if (arg === '--full') options.fullPage = true;
    else if (arg === '--width' || arg === '--height') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 200) throw new Error(`${arg} needs a number of pixels ≥ 200`);
      options[arg === '--width' ? 'width' : 'height'] = value;
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [html, png] = positional;
  if (positional.length !== 2 || html === undefined || png === undefined) {
    throw new Error('usage: screenshot.js REPORT.html OUT.png [--width 1280] [--height 1700] [--dark] [--full]');
  }
  return { html, png, options };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const { html, png, options } = parseArgs(process.argv.slice(2));
    await screenshot(html, png, options);
    process.stderr.write(`wrote ${png}\n`);
  } catch (error) {
    process.stderr.write(`screenshot: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
