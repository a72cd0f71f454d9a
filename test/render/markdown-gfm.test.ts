/**
 * The Markdown report through a real CommonMark + GFM renderer (micromark with its GFM extension: the same
 * autolink-literal, table and strikethrough rules as GitHub's cmark-gfm), with raw HTML allowed as GitHub allows
 * `<details>`, `<summary>`, `<b>` and `<code>`. What a ticket would show is then checked for live links, pings and
 * markup that came from a bundle.
 */
import { join } from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { analyzeBundles } from '../../src/pipeline.js';
import { DEFAULT_MARKDOWN_MAX_CHARS, codeSpan, md, render } from '../../src/render/markdown.js';
import { causeFindings, multiBundleReport, reportWith } from './fixtures.js';
import { hostileReport } from './hostile.js';

const plain = { color: false, width: 100 };
const SAMPLES = join(import.meta.dirname, '../../sample-bundles');
const SAMPLE_NAMES = ['batch-oom', 'cluster-info-dump', 'legacy-troubleshoot', 'must-gather', 'overloaded-node', 'shop-prod-eu', 'shop-prod-us'];

function toHtml(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/** The tags the rendered document holds (names only). */
function tags(html: string): Set<string> {
  return new Set([...html.matchAll(/<([a-z][a-z0-9]*)\b/gi)].map((m) => m[1]!.toLowerCase()));
}

/** Visible text outside <code> and <pre>: where GitHub's mention and reference filters act. */
function liveText(html: string): string {
  return html
    .replace(/<pre>[\s\S]*?<\/pre>/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

const ALLOWED_TAGS = new Set(['h1', 'h2', 'h3', 'p', 'blockquote', 'strong', 'em', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'pre', 'details', 'summary', 'b', 'a']);

function expectInert(html: string): void {
  for (const tag of tags(html)) expect(ALLOWED_TAGS, `tag <${tag}>`).toContain(tag);
  const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]!);
  for (const href of links) expect(href).toMatch(/^https:\/\/example\.com\/podmortem\/docs\/rules\/[a-z-]+\.md$/);
  const text = liveText(html);
  expect(text).not.toMatch(/\b[a-z]+:\/\//i);
  expect(text).not.toMatch(/\bwww\./i);
  expect(text).not.toMatch(/(?:^|[^\w`])@[a-z0-9]/i);
  expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w-]+/);
  expect(text).not.toMatch(/(?:^|[^\w&])#\d/);
}

describe('Markdown in a GFM renderer', () => {
  let samples: Report;
  beforeAll(async () => {
    const { report, unreadable } = await analyzeBundles(SAMPLE_NAMES.map((name) => join(SAMPLES, `${name}.tar.gz`)));
    expect(unreadable).toEqual([]);
    samples = report;
  }, 60_000);

  it('fits the samples under 60,000 characters, keeps the summary and the most severe findings, and says what is left out', () => {
    const doc = render(samples, plain);
    expect(DEFAULT_MARKDOWN_MAX_CHARS).toBeLessThan(60_000 + 1);
    expect(doc.length).toBeLessThanOrEqual(60_000);
    const full = render(samples, { ...plain, maxChars: 10_000_000 });
    expect(full.length).toBeGreaterThan(doc.length);
    // The whole summary table is there, one row per group, with the cluster column (several bundles).
    expect(doc).toContain('| # | Cluster | Namespace | Workload | Container | Cause | Confidence | Pods | Restarts |');
    const rows = doc.split('\n').filter((line) => /^\| \d+ \|/.test(line));
    expect(rows.length).toBe(full.split('\n').filter((line) => /^\| \d+ \|/.test(line)).length);
    // The first (most severe) group is in detail; the note says how many were left out and that the full report is attached.
    expect(doc).toContain('<summary><b>1. ');
    expect(doc).toMatch(/\d+ of \d+ crashing groups .* are left out .*the full report is attached/);
  });

  it('renders the samples cleanly: only our tags, every table row with its columns, no live link or mention', () => {
    const html = toHtml(render(samples, { ...plain, docsBaseUrl: 'https://example.com/podmortem/docs/' }));
    expectInert(html);
    // The summary table is a real table, its cells code.
    expect(html).toMatch(/<th>Cluster<\/th>/);
    expect(html).toMatch(/<td><code>oom-killed<\/code><\/td>/);
    // Every <details> closes, and holds a summary.
    expect(html.split('<details>').length).toBe(html.split('</details>').length);
    expect(html.split('<details>').length - 1).toBe(html.split('<summary>').length - 1);
    // A fenced YAML snippet survives as a code block.
    expect(html).toContain('<pre><code class="language-yaml">');
    // Rule links are absolute when a docs URL is given.
    expect(html).toContain('<a href="https://example.com/podmortem/docs/rules/same-memory-oom.md"><code>same-memory-oom</code></a>');
  });

  it('leaves no bundle text live: URLs, www., e-mail, @mentions and #references become code', () => {
    const doc = render(hostileReport(), { ...plain, docsBaseUrl: 'https://example.com/podmortem/docs/' });
    const html = toHtml(doc);
    expectInert(html);
    expect(html).toContain('<code>https://evil.example/login?next=/admin</code>');
    expect(html).toContain('<code>www.evil.example/reset</code>');
    expect(html).toContain('<code>admin@evil.example</code>');
    expect(html).toContain('<code>@octocat</code>');
    expect(html).toContain('<code>@evil-org/security-team</code>');
    expect(html).toContain('<code>#1</code>');
    expect(html).not.toMatch(/<(script|img|svg|iframe|meta|link|base|style)\b/i);
  });

  it('puts names in code spans that hold backticks and pipes', () => {
    expect(codeSpan('plain')).toBe('`plain`');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`edge`')).toBe('`` `edge` ``');
    expect(codeSpan('a|b')).toBe('`a\\|b`');
    expect(toHtml(`| x |\n| --- |\n| ${codeSpan('a|b`c')} |`)).toContain('<td><code>a|b`c</code></td>');
    expect(md('mail ops@example.com or @oncall')).toBe('mail `ops@example.com` or `@oncall`');
  });

  it('links rules only with an absolute docs URL (a relative link breaks where the Markdown is pasted)', () => {
    const report = reportWith([causeFindings['oom-killed']]);
    const relative = toHtml(render(report, plain));
    expect(relative).not.toContain('<a ');
    expect(relative).toContain('docs/rules/');
    const absolute = toHtml(render(report, { ...plain, docsBaseUrl: 'https://example.com/podmortem/docs/' }));
    expect(absolute).toContain('href="https://example.com/podmortem/docs/rules/oom-killed.md"');
  });

  it('shows the cluster column only when there are several bundles', () => {
    expect(render(multiBundleReport, plain)).toContain('| # | Cluster | Namespace |');
    expect(render(reportWith([causeFindings['oom-killed']]), plain)).toContain('| # | Namespace |');
  });

  it('cuts to a small budget and still opens with the verdict, the fixes and the table', () => {
    const doc = render(samples, { ...plain, maxChars: 12_000 });
    expect(doc.length).toBeLessThanOrEqual(12_000);
    expect(doc.startsWith('# podmortem report\n\n> **Escalate to platform/SRE**')).toBe(true);
    expect(doc).toContain('**Team-side fixes:**');
    expect(doc).toMatch(/full report is attached/);
    const html = toHtml(doc);
    expect(html.split('<details>').length).toBe(html.split('</details>').length);
    // Smaller than the summary itself: cut at a line, every block closed, and said.
    for (const max of [3_000, 6_000]) {
      const tiny = render(samples, { ...plain, maxChars: max });
      expect(tiny.length).toBeLessThanOrEqual(max);
      expect(tiny).toContain('the full report is attached');
      const tinyHtml = toHtml(tiny);
      expect(tinyHtml.split('<details>').length).toBe(tinyHtml.split('</details>').length);
    }
  });
});
