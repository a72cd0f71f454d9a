import { describe, expect, it } from 'vitest';
import type { Evidence, Finding } from '../../src/model/report.js';
import { render } from '../../src/render/html.js';
import { HTML_LIMITS } from '../../src/render/html-view.js';
import { MAX_MARKERS_PER_ROW, MAX_ROWS } from '../../src/render/timeline.js';
import { causeFindings, multiBundleReport, reportWith, showcaseReport } from './fixtures.js';
import { hostileReport } from './hostile.js';

const options = { color: false, width: 100 };

function bigFinding(): Finding {
  const base = causeFindings['app-error-at-startup'];
  const log: Evidence = {
    kind: 'log',
    label: 'previous log',
    primary: true,
    file: 'big.log',
    lines: Array.from({ length: 5000 }, (_, i) => ({ number: i + 1, text: `log line ${i + 1} ${'x'.repeat(i === 4000 ? 50_000 : 10)}` })),
    decisiveLine: 4000,
  };
  const events: Evidence[] = Array.from({ length: 200 }, (_, i) => ({
    kind: 'event',
    label: `event ${i}`,
    file: 'events.json',
    type: 'Warning',
    reason: 'BackOff',
    message: `Back-off restarting failed container app in pod app-${i}_shop(uid)`,
    count: 1,
    object: `Pod/app-${i}`,
  }));
  const timeline = Array.from({ length: 3000 }, (_, i) => ({
    time: new Date(Date.UTC(2025, 2, 4, 0, 0, i)).toISOString(),
    kind: 'terminated' as const,
    label: `exit ${i}`,
  }));
  return { ...base, evidence: [log, ...events], timeline };
}

describe('HTML report', () => {
  it('caps a huge finding\'s evidence and says what was cut', () => {
    const html = render(reportWith([bigFinding()]), options);
    const logRows = html.match(/<td class="ln">/g) ?? [];
    expect(logRows).toHaveLength(HTML_LIMITS.logLines);
    expect(html).toContain('<td class="ln">4000</td>');
    expect(html).toMatch(/\d+ earlier lines of the excerpt not shown/);
    expect(html).toMatch(/\d+ later lines of the excerpt not shown/);
    expect(html).toContain('more characters)');
    expect((html.match(/<details class="evidence ev-event/g) ?? []).length).toBe(HTML_LIMITS.eventsPerFinding);
    expect(html).toContain('190 more events not shown to keep the report small');
    const chart = html.slice(html.indexOf('<figure class="timeline"'));
    expect((chart.match(/class="mk mk-terminated"/g) ?? []).length).toBe(MAX_MARKERS_PER_ROW);
    expect(html).toContain(`${3000 - MAX_MARKERS_PER_ROW} earlier entries not drawn`);
    expect(html.length).toBeLessThan(200_000);
  });

  it('draws hundreds of huge findings of one workload as one lane, and hundreds of workloads as capped lanes', () => {
    const big = bigFinding();
    const replicas = Array.from({ length: 200 }, (_, i) => ({ ...big, id: `0/shop/app-${i}/app`, pod: `app-${i}` }));
    const one = render(reportWith(replicas), options);
    const chart = one.slice(one.indexOf('<figure class="timeline"'), one.indexOf('</figure>'));
    expect((chart.match(/<div class="lane" /g) ?? []).length).toBe(1);
    expect(chart).toContain('200 pods');
    expect((chart.match(/class="mk mk-terminated"/g) ?? []).length).toBe(MAX_MARKERS_PER_ROW);
    expect(one.length).toBeLessThan(200 * 60_000);

    const workloads = replicas.map((f, i) => ({ ...f, workload: { kind: 'Deployment', name: `app-${i}` } }));
    const many = render(reportWith(workloads), options);
    const charts = many.slice(many.indexOf('<section id="timelines">'), many.indexOf('</section>', many.indexOf('<section id="timelines">')));
    expect((charts.match(/<div class="lane" /g) ?? []).length).toBe(MAX_ROWS);
    expect(charts).toContain(`${200 - MAX_ROWS} more crashing workloads not drawn`);
  });

  it('escapes every bundle string: no tag, attribute or URL from the bundle survives as markup', () => {
    const html = render(hostileReport(), options);
    expect(html).not.toMatch(/<script>window/);
    expect(html).not.toMatch(/<img|<iframe|<svg onload|<base|<link|<meta http-equiv="refresh"/i);
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&lt;script&gt;window.__pwned &#x3D; &quot;script&quot;&lt;/script&gt;');
    expect(html).toContain('{{constructor.constructor(&#x27;window.__pwned &#x3D; &quot;hbs&quot;&#x27;)()}}');
    // eslint-disable-next-line no-control-regex -- the control characters are what the test looks for
    expect(html).not.toMatch(/[\u001b\u202e\u0007]/);
    expect((html.match(/<script>/g) ?? []).length).toBe(1);
  });

  it('links findings and checks to their rule docs, under the base the caller chose', () => {
    const html = render(showcaseReport, { ...options, docsBaseUrl: 'https://example.com/podmortem/docs' });
    expect(html).toContain('href="https://example.com/podmortem/docs/rules/oom-killed.md"');
    expect(html).toContain('href="https://example.com/podmortem/docs/rules/same-memory-oom.md"');
    expect(() => render(showcaseReport, { ...options, docsBaseUrl: 'javascript:alert(1)//' })).toThrow(/http\(s\) or relative/);
  });

  it('embeds the rule pages a reader needs without the markers that only editors use', () => {
    const html = render(showcaseReport, options);
    // The generated example of oom-killed.md is embedded as text, which would show its marker comments escaped.
    expect(html).toContain('Example evidence');
    expect(html).not.toMatch(/&lt;!--\s*example/);
    expect(html).not.toContain('<!-- example');
  });

  it('never links from a string in the report, only from known rule ids', () => {
    const finding = { ...causeFindings.unknown, cause: 'not-a-cause' as Finding['cause'] };
    const html = render(reportWith([finding]), options);
    expect(html).not.toContain('docs/rules/not-a-cause.md');
    expect(html).not.toContain('docs/rules/unknown.md');
  });

  it('shows a side-by-side table for several bundles', () => {
    const html = render(multiBundleReport, options);
    expect(html).toContain('<section id="differences">');
    expect((html.match(/<tr class="differs">/g) ?? []).length).toBe(5);
  });

  it('gives a comparison table its own section by its role, whichever check carries it, and leaves other tables in the check', () => {
    const [check] = multiBundleReport.escalation.checks;
    const table = check!.evidence.find((block) => block.kind === 'table')!;
    const withChecks = (checks: typeof multiBundleReport.escalation.checks) =>
      render({ ...multiBundleReport, escalation: { ...multiBundleReport.escalation, checks } }, options);
    const differencesOf = (html: string) => html.slice(html.indexOf('<section id="differences">'), html.indexOf('</section>', html.indexOf('<section id="differences">')));
    // Another check with the same comparison: still the differences section, still linked from the check.
    const renamed = withChecks([{ ...check!, kind: 'same-memory-oom' }]);
    expect(differencesOf(renamed)).toContain('Deployment shop/inventory side by side');
    expect(renamed).toContain('Side-by-side table of what differs between the clusters');
    // The same check with a plain table: the table stays with the check, nothing is pulled out.
    const plain = withChecks([{ ...check!, evidence: check!.evidence.map((block) => (block === table ? { ...block, role: undefined } : block)) }]);
    expect(differencesOf(plain)).not.toContain('Deployment shop/inventory side by side');
    expect(plain).not.toContain('Side-by-side table of what differs between the clusters');
    expect(plain).toContain('Deployment shop/inventory side by side');
  });

  it('is deterministic: the same report renders to the same bytes', () => {
    expect(render(showcaseReport, options)).toBe(render(showcaseReport, options));
  });
});
