/**
 * `podmortem serve` benchmark: start-up time and peak memory on a large bundle against a small one, and the latency
 * of the real `kubectl logs --previous` against the small bundle, the large seekable (podmortem) bundle and the same
 * large bundle as a plain single-member .tar.gz (another tool's archive, the sequential-scan case). Everything is a
 * ratio against the small bundle measured in the same run, so the figures compare across machines.
 */
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { createBundleWriter } from '../bundle/writer.js';
import { MANIFEST_FORMAT_VERSION, type PodmortemManifest } from '../model/manifest.js';
import { startServe } from '../serve/index.js';
import { loadBundle } from '../serve/load.js';
import { median } from './median.js';

const CAPTURED_AT = '2024-05-01T12:00:00Z';
const TARGET_NAMESPACE = 'zz-shop';
const TARGET_POD = 'api-7c9d8f-x2k4q';

interface BundleShape {
  namespaces: number;
  podsPerNamespace: number;
  logBytesPerPod: number;
}

const SMALL: BundleShape = { namespaces: 2, podsPerNamespace: 10, logBytesPerPod: 4 * 1024 };
const LARGE: BundleShape = { namespaces: 20, podsPerNamespace: 100, logBytesPerPod: 96 * 1024 };

function pod(namespace: string, name: string) {
  return {
    metadata: { name, namespace, uid: `${namespace}-${name}`, labels: { app: name.split('-')[0] }, creationTimestamp: '2024-05-01T10:00:00Z' },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'shop/app:1' }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 4,
          containerID: 'containerd://c1',
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', containerID: 'containerd://c0', finishedAt: '2024-05-01T11:55:00Z' } },
        },
      ],
    },
  };
}

/** Log text that compresses like real logs (about 4x), not like a run of one byte. */
function logText(seed: number, bytes: number, last: string): string {
  const lines: string[] = [];
  let size = 0;
  let state = seed * 2654435761;
  for (let i = 0; size < bytes; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    const line = `2024-05-01T11:${String(i % 60).padStart(2, '0')}:00Z request id=${state.toString(16)} path=/api/v1/items/${state % 977} took ${state % 300}ms`;
    lines.push(line);
    size += line.length + 1;
  }
  lines.push(last);
  return lines.join('\n') + '\n';
}

function* bundleFiles(shape: BundleShape): Generator<[string, string]> {
  yield ['cluster-info/cluster_version.json', JSON.stringify({ info: { major: '1', minor: '30', gitVersion: 'v1.30.4' }, string: 'v1.30.4' })];
  yield ['cluster-resources/nodes.json', JSON.stringify({ kind: 'NodeList', items: [{ metadata: { name: 'node-1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }] })];
  const namespaces = Array.from({ length: shape.namespaces }, (_, i) => (i === shape.namespaces - 1 ? TARGET_NAMESPACE : `team-${String(i).padStart(2, '0')}`));
  for (const namespace of namespaces) {
    const names = Array.from({ length: shape.podsPerNamespace }, (_, i) => (namespace === TARGET_NAMESPACE && i === shape.podsPerNamespace - 1 ? TARGET_POD : `worker-${i}-abcde`));
    yield [`cluster-resources/pods/${namespace}.json`, JSON.stringify({ kind: 'PodList', items: names.map((n) => pod(namespace, n)) })];
    for (const [i, name] of names.entries()) {
      const base = `cluster-resources/pods/logs/${namespace}/${name}/app`;
      yield [`${base}.log`, logText(i, shape.logBytesPerPod / 2, 'starting')];
      yield [`${base}-previous.log`, logText(i + 1, shape.logBytesPerPod / 2, 'FATAL: password authentication failed for user "shop"')];
    }
  }
}

function manifest(): PodmortemManifest {
  return {
    formatVersion: MANIFEST_FORMAT_VERSION,
    capturedAt: CAPTURED_AT,
    collector: { name: 'podmortem', version: 'bench' },
    namespaces: ['*'],
    collected: ['pods', 'nodes', 'logs', 'previous-logs'],
    logPolicy: { headLines: 200, tailLines: 300, maxBytes: 8 * 1024 * 1024, cut: [] },
    redaction: { enabled: false, files: [] },
    errors: [],
    seekable: true,
  };
}

async function writeSeekable(path: string, shape: BundleShape): Promise<void> {
  const writer = await createBundleWriter(path, { rootName: 'bench', mtime: new Date(CAPTURED_AT) });
  for (const [name, content] of bundleFiles(shape)) await writer.addFile(name, content);
  await writer.finish(manifest());
}

/** The same files as a plain tar.gz with one gzip member, as troubleshoot and most tools write it. */
async function writePlain(path: string, shape: BundleShape): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, createGzip(), createWriteStream(path));
  for (const [name, content] of bundleFiles(shape)) {
    await new Promise<void>((resolve, reject) => pack.entry({ name: `bench/${name}`, mtime: new Date(CAPTURED_AT) }, content, (e) => (e ? reject(e) : resolve())));
  }
  pack.finalize();
  await done;
}

function kubectl(args: string[], home: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/kubectl', args, { env: { PATH: process.env['PATH'] ?? '/usr/bin', HOME: home }, timeout: 60_000 }, (error, stdout) => {
      // execFile's error type is not declared an Error; re-wrap it with the same message so callers get a real one.
      if (error) reject(new Error(error.message, { cause: error }));
      else if (!stdout.includes('FATAL: password authentication failed')) reject(new Error('unexpected log output'));
      else resolve(performance.now() - started);
    });
  });
}

interface Measured {
  startupMs: number;
  peakRssMb: number;
  heapAfterMb: number;
  coldLogMs: number;
  warmLogMs: number;
}

async function measure(path: string, home: string, runs: number): Promise<Measured> {
  (globalThis as { gc?: () => void }).gc?.();
  const baseRss = process.memoryUsage().rss;
  let peak = baseRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  const bundle = await loadBundle(path);
  const handle = await startServe([bundle]);
  const startupMs = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  (globalThis as { gc?: () => void }).gc?.();
  const heapAfterMb = process.memoryUsage().heapUsed / 1e6;
  try {
    const args = ['--kubeconfig', handle.kubeconfigPath, 'logs', '-n', TARGET_NAMESPACE, TARGET_POD, '-c', 'app', '--previous'];
    const coldLogMs = await kubectl(args, home);
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) warm.push(await kubectl(args, home));
    return { startupMs, peakRssMb: (peak - baseRss) / 1e6, heapAfterMb, coldLogMs, warmLogMs: median(warm) };
  } finally {
    await handle.close();
  }
}

export interface ServeBenchResult {
  lines: string[];
}

export async function benchServe(): Promise<ServeBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'podmortem-bench-serve-'));
  try {
    const small = join(dir, 'small.tar.gz');
    const large = join(dir, 'large.tar.gz');
    const plain = join(dir, 'large-plain.tar.gz');
    await writeSeekable(small, SMALL);
    await writeSeekable(large, LARGE);
    await writePlain(plain, LARGE);
    const home = join(dir, 'home');
    // A first kubectl call warms the dispatcher and the discovery cache path so it is not billed to the small bundle.
    await measure(small, home, 1);
    const s = await measure(small, home, 5);
    const l = await measure(large, home, 5);
    const p = await measure(plain, home, 5);
    const mb = async (f: string) => ((await stat(f)).size / 1e6).toFixed(1);
    const kb = async (f: string) => ((await stat(f)).size / 1e3).toFixed(0);
    const pods = (shape: BundleShape) => shape.namespaces * shape.podsPerNamespace;
    const f = (n: number) => n.toFixed(0);
    const r = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    return {
      lines: [
        `serve: small bundle ${pods(SMALL)} pods (${await kb(small)} kB), large ${pods(LARGE)} pods (${await mb(large)} MB seekable, ${await mb(plain)} MB plain .tar.gz)`,
        `serve start-up (read + index + listen): small ${f(s.startupMs)} ms, large ${f(l.startupMs)} ms (${r(l.startupMs, s.startupMs)}), large plain ${f(p.startupMs)} ms (${r(p.startupMs, s.startupMs)})`,
        `serve peak RSS growth during start-up: small ${f(s.peakRssMb)} MB, large ${f(l.peakRssMb)} MB; heap after start-up: small ${f(s.heapAfterMb)} MB, large ${f(l.heapAfterMb)} MB (${r(l.heapAfterMb, s.heapAfterMb)})`,
        `kubectl logs --previous, first call: small ${f(s.coldLogMs)} ms, large seekable ${f(l.coldLogMs)} ms (${r(l.coldLogMs, s.coldLogMs)}), large plain ${f(p.coldLogMs)} ms (${r(p.coldLogMs, s.coldLogMs)})`,
        `kubectl logs --previous, median of 5 repeats: small ${f(s.warmLogMs)} ms, large seekable ${f(l.warmLogMs)} ms (${r(l.warmLogMs, s.warmLogMs)}), large plain ${f(p.warmLogMs)} ms (${r(p.warmLogMs, s.warmLogMs)}, cached)`,
      ],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
