/**
 * The acceptance test of the main job: every crash the sample bundles hold gets the cause the generator's scenario
 * declares, nothing else is reported, and every escalation check fires exactly where a sample holds its problem.
 * The expectations come from the scenarios (src/samples), not from a previous run of the analyzer.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CheckId, Report } from '../../src/model/report.js';
import { CAUSE_IDS, CHECK_IDS } from '../../src/model/report.js';
import { analyzeBundles } from '../../src/pipeline.js';
import { SAMPLES } from '../../src/samples/catalog.js';

const ROOT = join(import.meta.dirname, '../..');
const samplePath = (file: string) => join(ROOT, 'sample-bundles', file);

// Replicas that die the same way are one finding with the others listed as its instances (issue 9).
const causesOf = (report: Report) =>
  report.findings.flatMap((f) => [f, ...(f.instances ?? [])].map((i) => `${f.namespace}/${i.pod}/${i.container} → ${f.cause}`)).sort();
const checksOf = (report: Report): CheckId[] => report.escalation.checks.map((c) => c.kind).sort();

const EXPECTED_CHECKS: Record<string, CheckId[]> = {
  'batch-oom.tar.gz': ['same-memory-oom'],
  'overloaded-node.tar.gz': ['kubelet-overloaded'],
  'control-plane-blip.tar.gz': ['cluster-dns-unreachable', 'control-plane-disruption'],
};

describe.each(SAMPLES.map((s) => [s.file, s] as const))('sample %s', (file, sample) => {
  it('gets exactly the causes its scenario declares, one finding (or a grouped instance) per crashing container', async () => {
    const { report, unreadable } = await analyzeBundles([samplePath(file)]);
    expect(unreadable).toEqual([]);
    expect(report.bundles[0]!.format).toBe(sample.layout);
    const expected = sample
      .model()
      .expected.map((e) => `${e.namespace}/${e.pod}/${e.container} → ${e.cause}`)
      .sort();
    expect(causesOf(report)).toEqual(expected);
  });

  it(`escalates only for the check its scenario holds (${(EXPECTED_CHECKS[file] ?? ['none']).join(', ')})`, async () => {
    const { report } = await analyzeBundles([samplePath(file)]);
    expect(checksOf(report)).toEqual(EXPECTED_CHECKS[file] ?? []);
    expect(report.escalation.escalate).toBe((EXPECTED_CHECKS[file] ?? []).length > 0);
    // Every finding can show why: a primary evidence block and a fix.
    for (const finding of report.findings) {
      expect(finding.evidence.filter((e) => e.primary), finding.id).toHaveLength(1);
      expect(finding.fix.summary, finding.id).not.toBe('');
    }
  });
});

describe('the same shop on two clusters', () => {
  it('finds the workload that is healthy in the US and crash-looping in the EU, and shows what differs', async () => {
    const { report } = await analyzeBundles([samplePath('shop-prod-eu.tar.gz'), samplePath('shop-prod-us.tar.gz')]);
    expect(checksOf(report)).toEqual(['cross-cluster-difference']);
    const check = report.escalation.checks[0]!;
    expect(check.summary).toContain('image-resizer');
    const table = check.evidence.find((e) => e.kind === 'table');
    expect(table ? table.rows.flat().join(' ') : '').toMatch(/arm64[\s\S]*amd64|amd64[\s\S]*arm64/);
  });
});

describe('a bad release', () => {
  it('names the revision that began the crashes, what changed in its pod template, and the rollback command', async () => {
    const { report } = await analyzeBundles([samplePath('bad-release.tar.gz')]);
    expect(report.releases).toHaveLength(1);
    const release = report.releases![0]!;
    expect(release).toMatchObject({
      namespace: 'payments',
      workload: { kind: 'Deployment', name: 'payments-api' },
      current: { revision: 7 },
      previous: { revision: 6, readyReplicas: 3 },
      rollback: 'kubectl rollout undo deployment/payments-api -n payments --to-revision=6',
    });
    expect(release.changes.map((c) => c.field)).toEqual([
      'spec.template.spec.containers[payments-api].image',
      'spec.template.spec.containers[payments-api].resources',
      'spec.template.spec.containers[payments-api].env[DATABASE_URL]',
      'spec.template.spec.containers[payments-api].env[DB_URL]',
    ]);
    expect(release.findings).toEqual(report.findings.map((f) => f.id));
    expect(report.escalation.teamFixes[0]).toBe(
      'Deployment/payments-api: roll back revision 7 to 6 (kubectl rollout undo deployment/payments-api -n payments --to-revision=6)',
    );
  });

  it('is not claimed where a revision has no healthy predecessor in the bundle', async () => {
    for (const file of ['shop-prod-eu.tar.gz', 'batch-oom.tar.gz', 'control-plane-blip.tar.gz']) {
      expect((await analyzeBundles([samplePath(file)])).report.releases, file).toEqual([]);
    }
  });
});

describe('ownership', () => {
  it('a kube-system component crashing now escalates on its own, and a recovered one is owned by the platform without escalating', async () => {
    const { report } = await analyzeBundles([samplePath('control-plane-blip.tar.gz')]);
    expect(report.escalation.platformCrashes!.map((id) => id.split('/')[1])).toEqual(['kube-system', 'kube-system']);
    expect(report.escalation.summary).toMatch(/^escalate to platform\/SRE: 2 platform components crash now \(kube-system\/coredns\)/);
    for (const finding of report.findings) expect(finding.owner?.team, finding.id).toBe('platform');
  });
});

describe('the README main command', () => {
  it('shows every cause and every escalation check on the sample bundles, through the real bin', async () => {
    const files = SAMPLES.map((s) => samplePath(s.file));
    const run = promisify(execFile);
    const result = await run('node', [join(ROOT, 'bin/podmortem.js'), 'analyze', '--format', 'json', ...files], {
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: unknown) => error as { code: number; stdout: string });
    expect('code' in result ? result.code : 0).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(new Set(report.findings.map((f) => f.cause))).toEqual(new Set(CAUSE_IDS));
    expect(checksOf(report)).toEqual([...CHECK_IDS].sort());
  });
});
