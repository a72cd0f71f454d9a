/**
 * A bounded, seeded mutation run over the sample bundles and a real troubleshoot fixture: each case damages a bundle
 * (bit flips, truncation, duplicated or zeroed ranges, hostile tar header fields and names, flips in the compressed
 * bytes), runs `podmortem analyze` (and, every fifteenth case, `podmortem redact`) in-process, and asserts
 *  - the exit code is 0–3 and nothing is thrown,
 *  - nothing was written outside the command's output (the sandbox holds only the input and redact's output),
 *  - a crash the damage left intact (same pod, container, restarts and last exit) is still found.
 * PODMORTEM_FUZZ_CASES (default 100, a few seconds) and PODMORTEM_FUZZ_SEED (default 14) run more or other cases.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.js';
import { run } from '../../src/cli/main.js';
import type { Report } from '../../src/model/report.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { readSnapshot } from '../../src/reader/index.js';
import { captureContext } from '../cli/run-cli.js';
import { tempDir } from '../reader/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CASES = Number(process.env.PODMORTEM_FUZZ_CASES ?? 100);
const SEED = Number(process.env.PODMORTEM_FUZZ_SEED ?? 14);
const SAMPLES = ['shop-prod-eu', 'batch-oom', 'overloaded-node', 'legacy-troubleshoot', 'cluster-info-dump', 'must-gather', 'shop-prod-us'];

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('podmortem-fuzz-')));
afterAll(async () => cleanup());

function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Base {
  name: string;
  tar: Buffer;
  /** Crashes the intact bundle's report has: `ns/pod/container` → restarts and last exit code. */
  crashes: Map<string, string>;
}

function crashKey(snapshot: Snapshot, key: string): string | undefined {
  const [namespace, pod, container] = key.split('/');
  const found = snapshot.pods.find((p) => p.namespace === namespace && p.name === pod)?.containers.find((c) => c.name === container);
  return found ? `${found.restartCount}:${found.lastState?.terminated?.exitCode ?? ''}:${found.lastState?.terminated?.reason ?? ''}` : undefined;
}

function crashes(snapshot: Snapshot, report: Report): Map<string, string> {
  const out = new Map<string, string>();
  for (const finding of report.findings) {
    const key = `${finding.namespace}/${finding.pod}/${finding.container}`;
    const state = crashKey(snapshot, key);
    if (state) out.set(key, state);
  }
  return out;
}

/** The tar bytes of a bundle: samples are .tar.gz; a fixture folder is packed by the system tar. */
async function bases(): Promise<Base[]> {
  const out: Base[] = [];
  const inputs = SAMPLES.map((s) => join(ROOT, 'sample-bundles', `${s}.tar.gz`));
  const fixture = join(dir, 'troubleshoot-fixture.tar.gz');
  execFileSync('tar', ['-czf', fixture, '-C', join(ROOT, 'test/fixtures/real/sbctl'), 'support-bundle']);
  inputs.push(fixture);
  for (const input of inputs) {
    const snapshot = await readSnapshot(input);
    out.push({ name: input.split('/').pop()!, tar: gunzipSync(await readFile(input)), crashes: crashes(snapshot, analyze([snapshot])) });
  }
  return out;
}

type Mutation = (tar: Buffer, random: () => number) => { bytes: Buffer; compressed?: boolean; label: string };

const pick = (random: () => number, n: number) => Math.floor(random() * n);
const headerOffsets = (tar: Buffer) => {
  const offsets: number[] = [];
  for (let at = 0; at + 512 <= tar.length; at += 512) if (tar.subarray(at + 257, at + 262).toString('latin1') === 'ustar') offsets.push(at);
  return offsets;
};
function fixChecksum(block: Buffer): void {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += block[i]!;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
}

const MUTATIONS: Mutation[] = [
  (tar, r) => {
    const bytes = Buffer.from(tar);
    const n = 1 + pick(r, 8);
    for (let i = 0; i < n; i++) {
      const at = pick(r, bytes.length);
      bytes[at] = bytes[at]! ^ (1 << pick(r, 8));
    }
    return { bytes, label: `flip ${n} bits` };
  },
  (tar, r) => ({ bytes: tar.subarray(0, pick(r, tar.length)), label: 'truncate' }),
  (tar, r) => {
    const start = pick(r, tar.length);
    const bytes = Buffer.from(tar);
    bytes.fill(0, start, Math.min(bytes.length, start + pick(r, 4096)));
    return { bytes, label: 'zero a range' };
  },
  (tar, r) => {
    const start = pick(r, tar.length);
    const length = pick(r, 2048);
    return { bytes: Buffer.concat([tar.subarray(0, start), tar.subarray(start, start + length), tar.subarray(start)]), label: 'duplicate a range' };
  },
  (tar, r) => {
    const bytes = Buffer.from(tar);
    const headers = headerOffsets(bytes);
    const at = headers[pick(r, headers.length)]!;
    const block = bytes.subarray(at, at + 512);
    const choice = pick(r, 5);
    if (choice === 0) block.set([0x80 | pick(r, 128), ...Array.from({ length: 11 }, () => pick(r, 256))], 124);
    else if (choice === 1) block.write('../../../../tmp/podmortem-fuzz-escape\0', 0, 'latin1');
    else if (choice === 2) block.write('/etc/podmortem-fuzz-escape\0', 0, 'latin1');
    else if (choice === 3) block[156] = 'NVMSgx12'.charCodeAt(pick(r, 8));
    else block.write('77777777777\0', 124, 'latin1');
    fixChecksum(block);
    return { bytes, label: `hostile header field ${choice}` };
  },
  (tar, r) => {
    const compressed = Buffer.from(gzipSync(tar, { level: 1 }));
    const n = 1 + pick(r, 4);
    for (let i = 0; i < n; i++) {
      const at = 10 + pick(r, compressed.length - 10);
      compressed[at] = compressed[at]! ^ (1 << pick(r, 8));
    }
    return { bytes: compressed, compressed: true, label: `flip ${n} compressed bits` };
  },
];

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isDirectory()) out.push(join(entry.parentPath, entry.name).slice(root.length + 1));
  }
  return out.sort();
}

describe(`fuzz: ${CASES} seeded mutations (seed ${SEED})`, () => {
  it('every damaged bundle gets an exit code of 0–3, no write outside the output, and intact crashes found', async () => {
    const random = prng(SEED);
    const all = await bases();
    const failures: string[] = [];
    let stillFound = 0;
    for (let i = 0; i < CASES; i++) {
      const base = all[pick(random, all.length)]!;
      const mutation = MUTATIONS[pick(random, MUTATIONS.length)]!(base.tar, random);
      const sandbox = join(dir, `case-${i}`);
      await mkdir(sandbox);
      const input = join(sandbox, 'bundle.tar.gz');
      await writeFile(input, mutation.compressed ? mutation.bytes : gzipSync(mutation.bytes, { level: 1 }));
      const label = `case ${i} (${base.name}, ${mutation.label})`;
      try {
        const ctx = captureContext({ cwd: sandbox });
        const code = await run(['analyze', '--format', 'json', input], ctx);
        if (code < 0 || code > 3) failures.push(`${label}: exit ${code}: ${ctx.err.slice(0, 200)}`);
        if (code <= 1) {
          const report = JSON.parse(ctx.out) as Report;
          const snapshot = await readSnapshot(input);
          const found = new Set(report.findings.map((f) => `${f.namespace}/${f.pod}/${f.container}`));
          for (const [key, state] of base.crashes) {
            if (crashKey(snapshot, key) !== state) continue;
            if (found.has(key)) stillFound += 1;
            else failures.push(`${label}: the intact crash ${key} was not found`);
          }
        }
        const expected = ['bundle.tar.gz'];
        if (i % 15 === 0) {
          const out = await run(['redact', input, join(sandbox, 'out.tar.gz')], captureContext({ cwd: sandbox }));
          if (out < 0 || out > 3) failures.push(`${label}: redact exit ${out}`);
          if (out === 0) expected.push('out.tar.gz');
        }
        const files = await listFiles(sandbox);
        if (JSON.stringify(files) !== JSON.stringify(expected.sort())) failures.push(`${label}: files in the sandbox: ${files.join(', ')}`);
      } catch (error) {
        const trace = error instanceof Error ? (error.stack ?? error.message) : String(error);
        failures.push(`${label}: threw ${trace.split('\n').slice(0, 3).join(' | ')}`);
      }
    }
    // The hostile names aimed here; nothing may have been written there.
    expect(existsSync('/tmp/podmortem-fuzz-escape') || existsSync('/etc/podmortem-fuzz-escape')).toBe(false);
    expect(failures).toEqual([]);
    // The run is only worth something if damage often leaves crashes intact.
    expect(stillFound).toBeGreaterThan(CASES / 10);
  }, 300_000);
});
