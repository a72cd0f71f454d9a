/**
 * A single log line of hundreds of megabytes, generated as a stream into a real .tar.gz: the reader keeps
 * maxLineBytes of it, reports it, and its memory does not grow with the line.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSnapshot } from '../../src/reader/index.js';
import { entriesOf, pod, podList, tempDir, writeTarball } from './helpers.js';

const LINE_BYTES = 384 * 1024 * 1024;
const CHUNK = Buffer.alloc(1024 * 1024, 'A');

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir()));
afterAll(async () => cleanup());

it('keeps the head of a 384 MiB line and memory stays flat', async () => {
  const path = join(dir, 'huge-line.tar.gz');
  await writeTarball(path, [
    ...entriesOf({ 'cluster-resources/pods/shop.json': podList([pod('shop', 'api-1', [{ name: 'api', restartCount: 1, lastExit: 1 }])]) }),
    {
      name: 'cluster-resources/pods/logs/shop/api-1/api.log',
      generated: {
        size: 'before\n'.length + LINE_BYTES + '\nafter\n'.length,
        *chunks() {
          yield Buffer.from('before\n');
          for (let sent = 0; sent < LINE_BYTES; sent += CHUNK.length) yield CHUNK;
          yield Buffer.from('\nafter\n');
        },
      },
    },
  ]);

  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const snapshot = await readSnapshot(path);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const log = snapshot.pods[0]!.containers[0]!.logs.current!;
  expect(log.lines.map((l) => [l.number, l.text.length, l.truncated ?? false])).toEqual([
    [1, 6, false],
    [2, 64 * 1024, true],
    [3, 5, false],
  ]);
  expect(log.totalLines).toBe(3);
  expect(log.totalBytes).toBe('before\n'.length + LINE_BYTES + '\nafter\n'.length);
  expect(log.complete).toBe(false);
  const diagnostic = snapshot.diagnostics.find((d) => d.code === 'line-too-long')!;
  expect(diagnostic).toMatchObject({ file: 'cluster-resources/pods/logs/shop/api-1/api.log', line: 2 });
  expect(diagnostic.message).toContain(`${LINE_BYTES} bytes`);
  // Holding the line would need 384 MiB (768 MiB as a JS string); streaming needs a few chunks.
  expect(peakRss - rssBefore).toBeLessThan(128 * 1024 * 1024);
}, 120_000);
