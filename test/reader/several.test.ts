import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundlesInFolder } from '../../src/reader/sources/several.js';
import { analyzeBundles } from '../../src/pipeline.js';

const REAL = join(import.meta.dirname, '../fixtures/real');

describe('a folder of bundles', () => {
  it('is one bundle when it is an extracted bundle (troubleshoot, cluster-info dump)', async () => {
    expect(await bundlesInFolder(join(REAL, 'sbctl/support-bundle'))).toBeUndefined();
    expect(await bundlesInFolder(join(REAL, 'verrazzano/ingress-install-unknown/cluster-dump'))).toBeUndefined();
  });

  it('is read as it is when it holds a single bundle folder, and as its archive when it holds a single archive', async () => {
    expect(await bundlesInFolder(join(REAL, 'sbctl'))).toBeUndefined();
    expect(await bundlesInFolder(join(REAL, 'troubleshoot/e2e-baseline'))).toEqual([join(REAL, 'troubleshoot/e2e-baseline/baseline.tar.gz')]);
  });

  it('is each of its bundles when it holds two extracted bundles, and the pipeline analyzes each on its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'podmortem-several-'));
    await cp(join(REAL, 'sbctl/support-bundle'), join(dir, 'cluster-a'), { recursive: true });
    await cp(join(REAL, 'verrazzano/ingress-install-unknown/cluster-dump'), join(dir, 'cluster-b'), { recursive: true });
    await writeFile(join(dir, 'notes.txt'), 'ticket notes\n');
    expect(await bundlesInFolder(dir)).toEqual([join(dir, 'cluster-a'), join(dir, 'cluster-b')]);
    const { report, unreadable } = await analyzeBundles([dir]);
    expect(unreadable).toEqual([]);
    expect(report.bundles.map((b) => [b.name, b.format])).toEqual([
      ['cluster-a', 'troubleshoot'],
      ['cluster-b', 'cluster-info-dump'],
    ]);
  });

  it('an archive that holds two bundles is one input with damage that may hide crashes: the verdict is inconclusive', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'podmortem-several-'));
    await cp(join(REAL, 'sbctl/support-bundle'), join(dir, 'support-bundle-a'), { recursive: true });
    await cp(join(REAL, 'sbctl/support-bundle'), join(dir, 'support-bundle-b'), { recursive: true });
    const archive = join(dir, 'two.tar.gz');
    execFileSync('tar', ['czf', archive, '-C', dir, 'support-bundle-a', 'support-bundle-b']);
    const { report } = await analyzeBundles([archive]);
    expect(report.bundles[0]!.diagnostics.map((d) => d.code)).toContain('several-bundles');
    expect(report.escalation.status).toBe('inconclusive');
    expect(report.escalation.unreadable).toEqual([
      'two.tar.gz: this input holds 2 bundles (support-bundle-a, support-bundle-b), read as one cluster; give each bundle on its own',
    ]);
  });

  it('a pod list that cannot be parsed makes the verdict inconclusive (its pods, and their crashes, are missing)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'podmortem-several-'));
    await cp(join(REAL, 'sbctl/support-bundle'), join(dir, 'support-bundle'), { recursive: true });
    await writeFile(join(dir, 'support-bundle/cluster-resources/pods/velero.json'), '{"kind":"PodList","items":[{"metadata":');
    const { report } = await analyzeBundles([join(dir, 'support-bundle')]);
    expect(report.bundles[0]!.diagnostics.find((d) => d.file.endsWith('pods/velero.json'))).toMatchObject({ resource: 'pods' });
    expect(report.escalation.status).toBe('inconclusive');
    expect(report.escalation.unreadable).toEqual([
      'support-bundle: the pod list cluster-resources/pods/velero.json could not be read (malformed-json), so its pods are missing',
    ]);
  });
});
