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
import { collect, COLLECT_DEFAULTS } from '../../src/collect/collector.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { openBundleSource, readSnapshot } from '../../src/reader/index.js';
import { startServe, type ServeHandle } from '../../src/serve/index.js';
import { FakeApiServer, kubeconfigFor } from './fake-apiserver.js';
import { scenario } from './scenario.js';

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

async function collectFrom(kubeconfig: string, context: string | undefined, output: string, namespaces: string[] | 'all') {
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
});
