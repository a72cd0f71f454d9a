/**
 * The schema-2 parts of a report in every renderer, from real analyses of the sample bundles: the owner and FAQ of
 * each finding, the inconclusive verdict of a half bundle, the bad release with its diff and rollback, the alert
 * snippets; and a bundle name that is an attack stays inert.
 */
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { analyzeBundles } from '../../src/pipeline.js';
import { renderReport } from '../../src/render/index.js';

const SAMPLES = join(import.meta.dirname, '../../sample-bundles');
const plain = { color: false, width: 120 };

async function report(...files: string[]): Promise<Report> {
  return (await analyzeBundles(files.map((f) => join(SAMPLES, f)))).report;
}

describe('bad release, owner, FAQ and alerts in every renderer', () => {
  it.each(['terminal', 'markdown', 'html'])('%s shows them', async (format) => {
    // Handlebars writes `=` as `&#x3D;`; compare the text a browser shows. The terminal's summary view leaves the
    // owner, the FAQ and the alerts to --details.
    const text = renderReport(format, await report('bad-release.tar.gz'), { ...plain, details: format === 'terminal' }).replaceAll('&#x3D;', '=').replaceAll('&quot;', '"');
    expect(text).toContain('kubectl rollout undo deployment/payments-api -n payments --to-revision=6');
    expect(text).toMatch(/payments-api:3\.14\.2.{1,120}→.{1,120}payments-api:3\.15\.0/s);
    expect(text).toContain('application (namespace payments runs applications)');
    expect(text).toContain('when does it restart next?');
    expect(text).toContain(format === 'terminal' ? 'Detection for next time: 1 alerting rule' : 'kube_pod_container_status_restarts_total');
  });
});

it('an HTML card that a check covers links to that check', async () => {
  const html = renderReport('html', await report('batch-oom.tar.gz'), plain);
  expect(html).toMatch(/<dt>check<\/dt><dd><a href="#check-0">same-memory-oom<\/a>/);
  expect(html).toContain('id="check-0"');
});

describe('an inconclusive verdict in every renderer', () => {
  it.each(['terminal', 'markdown', 'html'])('%s leads with it and never says nothing crashed', async (format) => {
    const dir = await mkdtemp(join(tmpdir(), 'podmortem-render-'));
    const whole = await readFile(join(SAMPLES, 'shop-prod-us.tar.gz'));
    await writeFile(join(dir, 'half.tar.gz'), whole.subarray(0, Math.floor(whole.length / 2)));
    const text = renderReport(format, (await analyzeBundles([join(dir, 'half.tar.gz')])).report, plain);
    expect(text).toMatch(/inconclusive/i);
    expect(text).toContain('half.tar.gz: the archive is truncated at byte');
    expect(text).not.toMatch(/no crashing or restarted container found|No container is crash-looping/);
  });
});

describe('names from the bundle stay text', () => {
  it('a hostile workload name in a release and an alert is escaped and quoted', async () => {
    const base = await report('bad-release.tar.gz');
    const hostile = '$(curl evil)\u001b[31m<script>';
    const attacked: Report = {
      ...base,
      releases: base.releases!.map((r) => ({ ...r, workload: { ...r.workload, name: hostile }, rollback: `kubectl rollout undo 'deployment/${hostile}'` })),
      alerts: base.alerts!.map((a) => ({ ...a, workload: { ...a.workload, name: hostile } })),
    };
    const terminal = renderReport('terminal', attacked, plain);
    expect(terminal).not.toContain('\u001b[31m');
    expect(terminal).toContain('\\x1b[31m');
    const html = renderReport('html', attacked, plain);
    expect(html).not.toContain(hostile);
    expect(html).toContain('$(curl evil)\\x1b[31m&lt;script&gt;');
  });
});
