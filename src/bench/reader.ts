/**
 * Reader benchmark: synthetic podmortem bundles of N and 10×N bytes of logs (same pods, longer logs), each read in a
 * fresh child process so its peak RSS (process.resourceUsage().maxRSS) is its own. Every figure is a ratio against
 * plain zlib gunzip of the same file in the same run, and the 10× bundle's peak memory is compared with the small one's.
 */
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip, createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { readSnapshot } from '../reader/index.js';
import { pick } from './pick.js';

const MiB = 1024 * 1024;
const SMALL_LOG_BYTES = 50 * MiB;
const SCALE = 10;
const NAMESPACES = 4;
const PODS_PER_NAMESPACE = 10;
const LINE_BYTES = 128;
/** The 10× bundle's peak RSS may exceed the small one's by at most this much for memory to count as flat. */
const FLAT_MEMORY_SLACK = 64 * MiB;
/** Patterns of the kind analyzers ask to keep, so the bench pays for pattern matching too. */
const KEEP_PATTERNS = [/panic:|fatal|FATAL|OOM|Killed/, /ECONNREFUSED|connection refused|no such host/];

interface ChildResult {
  ms: number;
  maxRssBytes: number;
}

interface ReadResult extends ChildResult {
  pods: number;
  keptLines: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Synthetic bundle

/** A deterministic pseudo-random source, so every run writes the same bundle. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
}

const PATHS = ['/api/v1/orders', '/api/v1/cart', '/healthz', '/api/v1/users', '/metrics'];

/** Log lines of exactly LINE_BYTES bytes, varied enough to compress like real logs (about 5×). */
function* logChunks(lines: number, seed: number): Generator<Buffer> {
  const random = lcg(seed);
  const batch: string[] = [];
  for (let i = 0; i < lines; i++) {
    const r = random();
    const seconds = String(i % 60).padStart(2, '0');
    let line =
      i % 5000 === 4999
        ? `2024-05-01T10:00:${seconds}.${String(r % 1e6).padStart(6, '0')}Z ERROR dial tcp 10.0.3.7:5432: connect: connection refused`
        : `2024-05-01T10:00:${seconds}.${String(r % 1e6).padStart(6, '0')}Z INFO request id=${(r >>> 8).toString(36)} path=${pick(PATHS, r)}/${r % 99991} status=${r % 17 === 0 ? 500 : 200} dur=${r % 997}ms`;
    line = line.length >= LINE_BYTES - 1 ? line.slice(0, LINE_BYTES - 1) : line.padEnd(LINE_BYTES - 1, ' ');
    batch.push(line);
    if (batch.length === 2048) {
      yield Buffer.from(batch.join('\n') + '\n');
      batch.length = 0;
    }
  }
  if (batch.length > 0) yield Buffer.from(batch.join('\n') + '\n');
}

function podObject(namespace: string, name: string) {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name, namespace, uid: `${namespace}-${name}` },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'shop/app:1' }] },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'app', restartCount: 4, lastState: { terminated: { exitCode: 1, reason: 'Error' } }, state: { waiting: { reason: 'CrashLoopBackOff' } } }],
    },
  };
}

/** A podmortem-layout .tar.gz with `logBytes` of logs spread over every pod's current and previous log. */
async function writeBundle(path: string, logBytes: number): Promise<void> {
  const pack = tar.pack();
  const output = pipeline(pack, createGzip({ level: 6 }), createWriteStream(path));
  const root = 'podmortem-bench';
  const add = (name: string, body: string) =>
    new Promise<void>((resolve, reject) => pack.entry({ name: `${root}/${name}`, size: Buffer.byteLength(body) }, body, (e) => (e ? reject(e) : resolve())));
  const logs = NAMESPACES * PODS_PER_NAMESPACE * 2;
  const linesPerLog = Math.max(1, Math.round(logBytes / logs / LINE_BYTES));
  await add('cluster-info/cluster_version.json', JSON.stringify({ info: { major: '1', minor: '30', gitVersion: 'v1.30.2' }, string: 'v1.30.2' }));
  let seed = 1;
  for (let n = 0; n < NAMESPACES; n++) {
    const namespace = `shop-${n}`;
    const pods = Array.from({ length: PODS_PER_NAMESPACE }, (_, p) => podObject(namespace, `api-${p}`));
    await add(`cluster-resources/pods/${namespace}.json`, JSON.stringify({ kind: 'PodList', apiVersion: 'v1', items: pods }));
    for (const pod of pods) {
      for (const file of ['app-previous.log', 'app.log']) {
        await new Promise<void>((resolve, reject) => {
          const sink = pack.entry(
            { name: `${root}/cluster-resources/pods/logs/${namespace}/${pod.metadata.name}/${file}`, size: linesPerLog * LINE_BYTES },
            (e) => (e ? reject(e) : resolve()),
          ) as unknown as NodeJS.WritableStream;
          (async () => {
            for (const chunk of logChunks(linesPerLog, seed++)) {
              if (!sink.write(chunk)) await new Promise<void>((drained) => sink.once('drain', () => drained()));
            }
            sink.end();
          })().catch(reject);
        });
      }
    }
  }
  pack.finalize();
  await output;
}

// ---------------------------------------------------------------------------------------------------------------
// Child process: one measurement with its own peak memory

async function runChild(mode: string, path: string): Promise<ChildResult | ReadResult> {
  const started = performance.now();
  if (mode === 'gunzip') {
    await pipeline(createReadStream(path, { highWaterMark: 256 * 1024 }), createGunzip(), new Writable({ write: (_chunk, _encoding, done) => done() }));
    return { ms: performance.now() - started, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  }
  const snapshot = await readSnapshot(path, { keepPatterns: KEEP_PATTERNS });
  const keptLines = snapshot.pods.reduce((sum, p) => sum + p.containers.reduce((s, c) => s + (c.logs.current?.lines.length ?? 0) + (c.logs.previous?.lines.length ?? 0), 0), 0);
  return { ms: performance.now() - started, maxRssBytes: process.resourceUsage().maxRSS * 1024, pods: snapshot.pods.length, keptLines };
}

function measure(mode: 'gunzip', path: string): Promise<ChildResult>;
function measure(mode: 'read', path: string): Promise<ReadResult>;
function measure(mode: 'gunzip' | 'read', path: string): Promise<ChildResult | ReadResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, path], { maxBuffer: 1 << 20 }, (error, stdout) => {
      // execFile's error type is not declared an Error; re-wrap it with the same message so callers get a real one.
      if (error) reject(new Error(error.message, { cause: error }));
      else resolve(JSON.parse(stdout) as ChildResult | ReadResult);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------

const mb = (bytes: number) => (bytes / MiB).toFixed(1);

export async function benchReader(): Promise<{ lines: string[]; ok: boolean }> {
  const dir = await mkdtemp(join(tmpdir(), 'podmortem-bench-reader-'));
  const lines: string[] = ['reader: synthetic podmortem .tar.gz bundles, each measurement in its own child process'];
  try {
    const results: Array<{ logBytes: number; gzBytes: number; gunzip: ChildResult; read: ReadResult }> = [];
    for (const logBytes of [SMALL_LOG_BYTES, SMALL_LOG_BYTES * SCALE]) {
      const path = join(dir, `bundle-${logBytes}.tar.gz`);
      await writeBundle(path, logBytes);
      const gzBytes = (await stat(path)).size;
      const gunzip = await measure('gunzip', path);
      const read = await measure('read', path);
      results.push({ logBytes, gzBytes, gunzip, read });
      await rm(path, { force: true });
      const throughput = (r: ChildResult) => logBytes / MiB / (r.ms / 1000);
      lines.push(
        `  ${mb(logBytes)} MiB of logs (${mb(gzBytes)} MiB gzipped, ${read.pods} pods, ${read.keptLines} lines kept): ` +
          `gunzip ${throughput(gunzip).toFixed(0)} MiB/s, readSnapshot ${throughput(read).toFixed(0)} MiB/s ` +
          `= ${(throughput(read) / throughput(gunzip)).toFixed(2)}× gunzip; peak RSS gunzip ${mb(gunzip.maxRssBytes)} MiB, readSnapshot ${mb(read.maxRssBytes)} MiB`,
      );
    }
    const [small, large] = results as [(typeof results)[0], (typeof results)[0]];
    const growth = large.read.maxRssBytes - small.read.maxRssBytes;
    const ok = growth <= FLAT_MEMORY_SLACK;
    lines.push(
      `  ${SCALE}× the logs: peak RSS ${(large.read.maxRssBytes / small.read.maxRssBytes).toFixed(2)}× (${growth >= 0 ? '+' : ''}${mb(growth)} MiB; flat means within ${mb(FLAT_MEMORY_SLACK)} MiB): ${ok ? 'PASS' : 'FAIL'}; ` +
        `time ${(large.read.ms / small.read.ms).toFixed(2)}× (gunzip ${(large.gunzip.ms / small.gunzip.ms).toFixed(2)}×)`,
    );
    return { lines, ok };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const [, , childFlag, childMode, childPath] = process.argv;
if (childFlag === '--child') {
  if (childMode === undefined || childPath === undefined) throw new Error('usage: reader.js --child <gunzip|read> <bundle path>');
  const result = await runChild(childMode, childPath);
  process.stdout.write(JSON.stringify(result));
}
