/**
 * Round trip through `podmortem serve`: a bundle is served as a Kubernetes API, the real collector with the real
 * kubectl collects it again, and the new bundle has the same pods, containers, events and previous logs.
 * Sources: a bundle collected from the stand-in apiserver (crash-looping, restarted, init and sidecar containers),
 * and the real troubleshoot bundle the serve tests ship (test/fixtures/real/troubleshoot/SOURCE.md).
 */
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { collect } from '../../src/collect/collector.js';
import { COLLECT_DEFAULTS } from '../../src/collect/flags.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { openBundleSource, readSnapshot } from '../../src/reader/index.js';
import { startServe, type ServeHandle } from '../../src/serve/index.js';
import { FakeApiServer, kubeconfigFor } from './fake-apiserver.js';
import { scenario } from './scenario.js';
import { bundleFiles } from './bundle-files.js';
import { makeKindsFixtures } from '../serve/kinds-fixtures.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podmortem-roundtrip-'));
  await mkdir(join(dir, 'home'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function serve(bundle: string): Promise<ServeHandle> {
  const snapshot = await readSnapshot(bundle);
  const source = await openBundleSource(bundle);
  return startServe([{ snapshot, files: source, close: () => source.close() }], { kubeconfigParent: dir });
}

async function collectFrom(kubeconfig: string, context: string | undefined, output: string, namespaces: string[] | 'all', excludeKinds?: string[]) {
  return collect({
    kubectl: '/usr/bin/kubectl',
    kubeconfig,
    context,
    namespaces: namespaces === 'all' ? [] : namespaces,
    allNamespaces: namespaces === 'all',
    cwd: dir,
    force: false,
    redact: true,
    concurrency: COLLECT_DEFAULTS.concurrency,
    timeoutMs: 30_000,
    budget: COLLECT_DEFAULTS.budget,
    env: { PATH: process.env.PATH, HOME: join(dir, 'home') },
    signal: new AbortController().signal,
    now: new Date('2026-11-25T11:00:00Z'),
    output,
    excludeKinds,
  });
}

/**
 * What must survive a round trip: pods with their containers, restart counts and previous-log tails, and events.
 * Log lines are compared without a leading RFC 3339 timestamp: must-gather fetches logs with `--timestamps`, collect
 * (like plain `kubectl logs`) without.
 */
const untimed = (text: string) => text.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z /, '');

function essentials(snapshot: Snapshot) {
  return {
    pods: snapshot.pods
      .map((pod) => ({
        pod: `${pod.namespace}/${pod.name}`,
        containers: pod.containers.map((c) => ({
          name: c.name,
          kind: c.kind,
          restarts: c.restartCount,
          lastState: c.lastState?.terminated?.reason ?? null,
          previousTail: c.logs.previous?.lines.slice(-3).map((l) => untimed(l.text)) ?? null,
          currentHead: c.logs.current?.lines.slice(0, 2).map((l) => untimed(l.text)) ?? null,
        })),
      }))
      .sort((a, b) => a.pod.localeCompare(b.pod)),
    events: snapshot.events.map((e) => `${e.namespace} ${e.reason} ${e.involved.kind}/${e.involved.name} ${e.message}`).sort(),
  };
}

describe('collect → serve → collect round trip with the real kubectl', () => {
  it('gives back every pod, container, event and previous log of a podmortem bundle', async () => {
    const standIn = new FakeApiServer(scenario());
    const url = await standIn.start();
    const kubeconfig = join(dir, 'stand-in.kubeconfig');
    await writeFile(kubeconfig, kubeconfigFor(url, 'shop'));
    const first = join(dir, 'first.tar.gz');
    try {
      await collectFrom(kubeconfig, undefined, first, ['shop', 'payments']);
    } finally {
      await standIn.stop();
    }
    const handle = await serve(first);
    const second = join(dir, 'second.tar.gz');
    try {
      const result = await collectFrom(handle.kubeconfigPath, handle.contexts[0]!.name, second, ['shop', 'payments']);
      expect(result.manifest.errors.filter((e) => !e.target.startsWith('logs/'))).toEqual([]);
    } finally {
      await handle.close();
    }
    const [a, b] = await Promise.all([readSnapshot(first), readSnapshot(second)]);
    expect(essentials(b)).toEqual(essentials(a));
    expect(a.pods.length).toBe(4);
    expect(essentials(a).pods.flatMap((p) => p.containers).filter((c) => c.previousTail !== null).length).toBe(3);
  }, 120_000);

  it.each(['shop-prod-eu', 'batch-oom', 'must-gather'])('gives back every pod, container, event and previous log of sample bundle %s, with the same causes', async (name) => {
    const bundle = `sample-bundles/${name}.tar.gz`;
    const source = await readSnapshot(bundle);
    const handle = await serve(bundle);
    const output = join(dir, `sample-${name}.tar.gz`);
    try {
      await collectFrom(handle.kubeconfigPath, handle.contexts[0]!.name, output, 'all');
    } finally {
      await handle.close();
    }
    const collected = await readSnapshot(output);
    expect(source.pods.length).toBeGreaterThan(0);
    expect(essentials(collected)).toEqual(essentials(source));
    const causes = (snapshot: Snapshot) => analyze([snapshot]).findings.map((f) => `${f.pod}/${f.container} ${f.cause}`).sort();
    expect(causes(collected)).toEqual(causes(source));
  }, 120_000);

  it('gives back every pod, container, event and previous log of a real troubleshoot bundle', async () => {
    const bundle = 'test/fixtures/real/troubleshoot/testdata-supportbundle/support-bundle.tar.gz';
    await access(bundle);
    const source = await readSnapshot(bundle);
    const handle = await serve(bundle);
    const output = join(dir, 'from-troubleshoot.tar.gz');
    try {
      await collectFrom(handle.kubeconfigPath, handle.contexts[0]!.name, output, 'all');
    } finally {
      await handle.close();
    }
    const collected = await readSnapshot(output);
    expect(source.pods.length).toBeGreaterThan(0);
    expect(essentials(collected)).toEqual(essentials(source));
  }, 120_000);

  it('collects the kinds serve answers for: storage, networking, autoscaling, policy, CRDs and custom resources; --exclude-kinds leaves some out', async () => {
    const fixtures = await makeKindsFixtures();
    const handle = await serve(fixtures.troubleshoot);
    const full = join(dir, 'kinds.tar.gz');
    const trimmed = join(dir, 'kinds-trimmed.tar.gz');
    try {
      const result = await collectFrom(handle.kubeconfigPath, handle.contexts[0]!.name, full, 'all');
      expect(result.manifest.errors.filter((e) => !e.target.startsWith('logs/'))).toEqual([]);
      await collectFrom(handle.kubeconfigPath, handle.contexts[0]!.name, trimmed, ['shop'], ['custom-resources', 'ingresses', 'storageclasses']);
    } finally {
      await handle.close();
      await fixtures.cleanup();
    }
    const names = (files: Map<string, Buffer>, path: string) =>
      (JSON.parse(files.get(path)?.toString() ?? '{"items":[]}').items as Array<{ metadata: { name: string } }>).map((o) => o.metadata.name);
    const files = await bundleFiles(full);
    expect({
      pvcs: names(files, 'cluster-resources/pvcs/shop.json'),
      pvs: names(files, 'cluster-resources/pvs.json'),
      storageClasses: names(files, 'cluster-resources/storage-classes.json'),
      ingresses: names(files, 'cluster-resources/ingress/shop.json'),
      networkPolicies: names(files, 'cluster-resources/network-policy/shop.json'),
      endpointSlices: names(files, 'cluster-resources/endpointslices/shop.json'),
      hpas: names(files, 'cluster-resources/horizontal-pod-autoscalers/shop.json'),
      pdbs: names(files, 'cluster-resources/pod-disruption-budgets/shop.json'),
      priorityClasses: names(files, 'cluster-resources/priorityclasses.json'),
      crds: names(files, 'cluster-resources/custom-resource-definitions.json'),
      widgets: names(files, 'cluster-resources/custom-resources/widgets.example.com/shop.json'),
    }).toEqual({
      pvcs: ['data-db-0'],
      pvs: ['pv-logs'],
      storageClasses: ['fast'],
      ingresses: ['shop-web'],
      networkPolicies: ['deny-all'],
      endpointSlices: ['api-0'],
      hpas: ['api'],
      pdbs: ['api'],
      priorityClasses: ['shop-critical'],
      crds: ['widgets.example.com'],
      widgets: ['blue'],
    });
    // The unbound claim behind a Pending pod reads back from the new bundle.
    const snapshot = await readSnapshot(full);
    expect(snapshot.resources.persistentvolumeclaims?.map((r) => [r.object.metadata?.name, (r.object as { status?: { phase?: string } }).status?.phase])).toEqual([['data-db-0', 'Pending']]);
    const trimmedFiles = [...(await bundleFiles(trimmed)).keys()];
    expect(trimmedFiles.filter((f) => /custom-resources\/|ingress\/|storage-classes/.test(f))).toEqual([]);
    expect(trimmedFiles).toContain('cluster-resources/pvcs/shop.json');
  }, 120_000);
});
