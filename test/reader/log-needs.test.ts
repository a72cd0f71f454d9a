/**
 * Which logs are read line by line (issue 11): the pod objects decide; a log that comes before its pod keeps a raw
 * tail until the pod is known; every kept byte counts against the read's budgets. Real tarballs, written and read.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { createBundleWriter } from '../../src/bundle/writer.js';
import { readSnapshot } from '../../src/reader/index.js';
import { pod, podList, tempDir, writeTarball } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(async () => cleanup());

const numbered = (name: string, lines: number) => Array.from({ length: lines }, (_, i) => `${name} line ${i + 1} ${'.'.repeat(40)}`).join('\n') + '\n';
const logs = (snapshot: Snapshot, podName: string) => snapshot.pods.find((p) => p.name === podName)!.containers[0]!.logs;

const PODS = podList([pod('shop', 'healthy-1', [{ name: 'app' }]), pod('shop', 'crashing-1', [{ name: 'app', restartCount: 3, lastExit: 1 }])]);
const LOG_FILES = [
  { name: 'sb/cluster-resources/pods/logs/shop/crashing-1/app.log', content: numbered('current', 2_000) },
  { name: 'sb/cluster-resources/pods/logs/shop/healthy-1/app.log', content: numbered('healthy', 2_000) },
];

describe('logs read by what the pods say', () => {
  it('after the pods: counts the running container’s log, reads the crash-looping one line by line', async () => {
    const path = join(dir, 'pods-first.tar.gz');
    await writeTarball(path, [{ name: 'sb/cluster-resources/pods/shop.json', content: PODS }, ...LOG_FILES]);
    const snapshot = await readSnapshot(path);
    expect(logs(snapshot, 'healthy-1').current).toMatchObject({ lines: [], totalLines: 2_000, drained: 'counted' });
    const crashing = logs(snapshot, 'crashing-1').current!;
    expect(crashing.drained).toBeUndefined();
    expect(crashing.lines.length).toBe(500);
    expect(crashing.lines.at(-1)).toEqual({ number: 2_000, text: expect.stringContaining('current line 2000 ') });
  });

  it('before the pods (troubleshoot’s order): keeps a raw tail, and numbers its lines from the count once the pod says it is needed', async () => {
    const path = join(dir, 'logs-first.tar.gz');
    await writeTarball(path, [...LOG_FILES, { name: 'sb/cluster-resources/pods/shop.json', content: PODS }]);
    const snapshot = await readSnapshot(path, { deferredTailBytes: 4096 });
    expect(logs(snapshot, 'healthy-1').current).toMatchObject({ lines: [], totalLines: 2_000, drained: 'counted' });
    const crashing = logs(snapshot, 'crashing-1').current!;
    expect(crashing.totalLines).toBe(2_000);
    expect(crashing.complete).toBe(false);
    const numbers = crashing.lines.map((line) => line.number);
    // The first lines (from the kept head) and an unbroken run of the last ones, each text matching its number.
    expect(numbers[0]).toBe(1);
    expect(numbers.at(-1)).toBe(2_000);
    const tail = numbers.filter((n) => n > 1_000);
    expect(tail.length).toBeGreaterThan(50);
    expect(tail).toEqual(Array.from({ length: tail.length }, (_, i) => 2_000 - tail.length + 1 + i));
    for (const line of crashing.lines) expect(line.text).toContain(`current line ${line.number} `);
  });

  it('reads a previous log only where the analysis can read it: the last instance failed, or the container is in trouble now', async () => {
    const path = join(dir, 'previous-logs.tar.gz');
    const withLast = (name: string, exitCode: number, reason: string, state: object = { running: {} }) => {
      const object = pod('shop', name, [{ name: 'app', restartCount: 1, lastExit: exitCode }]) as { status: { containerStatuses: Array<Record<string, unknown>> } };
      object.status.containerStatuses[0] = { ...object.status.containerStatuses[0], lastState: { terminated: { exitCode, reason } }, state };
      return object;
    };
    const pods = [
      pod('shop', 'never-restarted', [{ name: 'app' }]),
      withLast('rolled-out', 0, 'Completed'),
      withLast('failed-once', 1, 'Error'),
      withLast('oom-once', 0, 'OOMKilled'),
      withLast('looping', 0, 'Completed', { waiting: { reason: 'CrashLoopBackOff' } }),
    ];
    const names = ['never-restarted', 'rolled-out', 'failed-once', 'oom-once', 'looping'];
    await writeTarball(path, [
      { name: 'sb/cluster-resources/pods/shop.json', content: podList(pods) },
      ...names.map((name) => ({ name: `sb/cluster-resources/pods/logs/shop/${name}/app-previous.log`, content: numbered(name, 10) })),
      // A previous log of a pod the bundle does not hold is still read whole.
      { name: 'sb/cluster-resources/pods/logs/shop/gone/app-previous.log', content: numbered('gone', 10) },
    ]);
    const snapshot = await readSnapshot(path);
    const read = (name: string) => logs(snapshot, name).previous!.lines.length;
    expect(names.map((name) => [name, read(name)])).toEqual([
      ['never-restarted', 0],
      ['rolled-out', 0],
      ['failed-once', 10],
      ['oom-once', 10],
      ['looping', 10],
    ]);
    for (const name of ['never-restarted', 'rolled-out']) expect(logs(snapshot, name).previous).toMatchObject({ totalLines: 10, drained: 'counted' });
  });

  it('past the budget for kept lines, a log keeps only its last lines, and the report says so', async () => {
    const path = join(dir, 'budget.tar.gz');
    const crashing = Array.from({ length: 4 }, (_, i) => pod('shop', `crashing-${i}`, [{ name: 'app', restartCount: 2, lastExit: 1 }]));
    await writeTarball(path, [
      { name: 'sb/cluster-resources/pods/shop.json', content: podList(crashing) },
      ...crashing.map((_, i) => ({ name: `sb/cluster-resources/pods/logs/shop/crashing-${i}/app-previous.log`, content: numbered(`previous-${i}`, 1_000) })),
    ]);
    const snapshot = await readSnapshot(path, { maxKeptBytes: 80 * 1024 });
    const kept = [0, 1, 2, 3].map((i) => logs(snapshot, `crashing-${i}`).previous!.lines);
    expect(kept[0]!.length).toBe(500);
    expect(kept[3]!.length).toBeLessThan(200);
    expect(kept[3]!.at(-1)!.number).toBe(1_000);
    expect(snapshot.diagnostics.find((d) => d.code === 'log-window-squeezed')?.message).toMatch(/^\d logs were read after 81920 bytes/);
  });

  it('a seekable archive whose logs are mostly needed reads them in one pass, with the same windows', async () => {
    const path = join(dir, 'seekable-crashing.tar.gz');
    const writer = await createBundleWriter(path, { rootName: 'pm', mtime: new Date('2024-05-01T10:30:00Z') });
    const crashing = Array.from({ length: 300 }, (_, i) => pod('shop', `c-${String(i).padStart(3, '0')}`, [{ name: 'app', restartCount: 2, lastExit: 1 }]));
    await writer.addFile('cluster-resources/pods/shop.json', podList([...crashing, pod('shop', 'healthy-1', [{ name: 'app' }])]));
    for (let i = 0; i < 300; i++) await writer.addFile(`cluster-resources/pods/logs/shop/c-${String(i).padStart(3, '0')}/app-previous.log`, numbered(`previous-${i}`, 3));
    await writer.addFile('cluster-resources/pods/logs/shop/healthy-1/app.log', numbered('healthy', 5));
    await writer.finish({ formatVersion: 1, capturedAt: '2024-05-01T10:30:00Z', collector: { name: 'podmortem', version: 'test' }, namespaces: ['shop'], collected: [], logPolicy: { headLines: 1, tailLines: 1, maxBytes: 1, cut: [] }, redaction: { enabled: false, files: [] }, errors: [] });
    const snapshot = await readSnapshot(path);
    expect(snapshot.pods).toHaveLength(301);
    for (let i = 0; i < 300; i++) expect(logs(snapshot, `c-${String(i).padStart(3, '0')}`).previous!.lines.map((l) => l.text)).toEqual(numbered(`previous-${i}`, 3).trim().split('\n'));
    expect(logs(snapshot, 'healthy-1').current).toMatchObject({ lines: [], totalLines: 5 });
  });
});
