/**
 * Log windows: the line splitter's caps and the head/tail/keep window, driven through real streams.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/snapshot.js';
import { readCombinedLog } from '../../src/reader/logs/combined.js';
import { LineSplitter } from '../../src/reader/logs/line-splitter.js';
import { drainLog, windowFromDeferred } from '../../src/reader/logs/drain.js';
import { readLogWindow } from '../../src/reader/logs/read-log.js';
import { resolveReadOptions } from '../../src/reader/options.js';
import type { EntryData } from '../../src/reader/source.js';
import { streamEntry } from '../../src/reader/sources/stream-entry.js';

function split(chunks: Buffer[], maxLineBytes = 16) {
  const lines: Array<{ text: string; number: number; truncated: boolean }> = [];
  const splitter = new LineSplitter(maxLineBytes, (text, number, truncated) => lines.push({ text, number, truncated }));
  for (const chunk of chunks) splitter.write(chunk);
  splitter.end();
  return { lines, stats: splitter.stats };
}

describe('LineSplitter', () => {
  it('splits across chunk boundaries, strips CR, and keeps a last line without newline', () => {
    const { lines, stats } = split([Buffer.from('one\r\ntw'), Buffer.from('o\n\nthr'), Buffer.from('ee')]);
    expect(lines.map((l) => [l.number, l.text])).toEqual([[1, 'one'], [2, 'two'], [3, ''], [4, 'three']]);
    expect(stats.bytes).toBe(15);
  });

  it('keeps only maxLineBytes of a long line, even when it spans many chunks, and counts the rest', () => {
    const chunks = [Buffer.from('short\n'), ...Array.from({ length: 100 }, () => Buffer.from('x'.repeat(1000))), Buffer.from('\nafter\n')];
    const { lines, stats } = split(chunks);
    expect(lines.map((l) => [l.text, l.truncated])).toEqual([['short', false], ['x'.repeat(16), true], ['after', false]]);
    expect(stats).toMatchObject({ truncatedLines: 1, firstTruncatedLine: 2, longestLineBytes: 100_000 });
  });

  it('never cuts a multi-byte character in half', () => {
    const { lines } = split([Buffer.from(`${'a'.repeat(14)}é€and more\n`)]);
    expect(lines[0]).toEqual({ text: `${'a'.repeat(14)}é`, number: 1, truncated: true });
  });

  it('notes the first line with bytes that are not UTF-8 but not a literal replacement character', () => {
    const { lines, stats } = split([Buffer.from('ok \uFFFD ok\n'), Buffer.from([0x62, 0xff, 0x0a])], 64);
    expect(lines.map((l) => l.text)).toEqual(['ok \uFFFD ok', 'b\uFFFD']);
    expect(stats.firstInvalidUtf8Line).toBe(2);
  });
});

function logStream(lines: string[], chunkSize = 7): EntryData {
  const text = Buffer.from(lines.join('\n') + '\n');
  const chunks: Buffer[] = [];
  for (let i = 0; i < text.length; i += chunkSize) chunks.push(text.subarray(i, i + chunkSize));
  return streamEntry('a.log', text.length, () => Readable.from(chunks));
}

describe('LogWindow', () => {
  const lines = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}${i === 499 ? ' panic: runtime error' : ''}`);

  it('keeps the head, the tail and the lines matching keep patterns, numbered from 1', async () => {
    const options = resolveReadOptions({ headLines: 3, tailLines: 4, keepPatterns: [/panic:/g], maxKeptLines: 5 });
    const window = await readLogWindow(logStream(lines), 'a.log', options, []);
    expect(window.lines.map((l) => l.number)).toEqual([1, 2, 3, 500, 997, 998, 999, 1000]);
    expect(window.lines.find((l) => l.number === 500)!.text).toBe('line 500 panic: runtime error');
    expect(window).toMatchObject({ totalLines: 1000, complete: false, timestamped: false, source: { file: 'a.log' } });
    expect(window.totalBytes).toBe(Buffer.byteLength(lines.join('\n') + '\n'));
  });

  it('caps the kept lines at maxKeptLines', async () => {
    const options = resolveReadOptions({ headLines: 1, tailLines: 1, keepPatterns: [/line/], maxKeptLines: 10 });
    const window = await readLogWindow(logStream(lines), 'a.log', options, []);
    expect(window.lines.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1000]);
  });

  it('keeps the first maxKeptLines matches after the head, whatever the tail size (patterns run as lines leave the tail)', async () => {
    // A reference window built the plain way: every line after the head tested as it arrives.
    const reference = (all: string[], head: number, tail: number, max: number, pattern: RegExp) => {
      const kept = all.map((text, i) => ({ text, number: i + 1 })).slice(head).filter((l) => l.text !== '' && pattern.test(l.text)).slice(0, max);
      const numbers = new Set([...all.slice(0, head).map((_, i) => i + 1), ...kept.map((l) => l.number), ...all.map((_, i) => i + 1).slice(Math.max(head, all.length - tail))]);
      return [...numbers].sort((a, b) => a - b);
    };
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 60; round++) {
      const all = Array.from({ length: 1 + random(120) }, (_, i) => (random(4) === 0 ? `${i} panic: boom` : random(5) === 0 ? '' : `${i} ok`));
      const [head, tail, max] = [random(10), random(4) === 0 ? 0 : random(40), random(8)];
      const options = resolveReadOptions({ headLines: head, tailLines: tail, maxKeptLines: max, keepPatterns: [/panic:/] });
      const window = await readLogWindow(logStream(all), 'a.log', options, []);
      expect(window.lines.map((l) => l.number), JSON.stringify({ round, head, tail, max })).toEqual(reference(all, head, tail, max, /panic:/));
    }
  });

  it('runs no keep pattern on a log no longer than its head and tail', async () => {
    let runs = 0;
    class Counted extends RegExp {
      override exec(text: string) {
        runs++;
        return super.exec(text);
      }
    }
    const options = resolveReadOptions({ headLines: 200, tailLines: 300, keepPatterns: [new Counted(String.raw`^F\d{4}`)] });
    await readLogWindow(logStream(lines.slice(0, 500)), 'a.log', options, []);
    expect(runs).toBe(0);
    await readLogWindow(logStream(lines.slice(0, 510)), 'a.log', options, []);
    expect(runs).toBe(10);
  });

  it('is complete when every line was kept', async () => {
    const window = await readLogWindow(logStream(lines.slice(0, 50)), 'a.log', resolveReadOptions({ headLines: 20, tailLines: 30 }), []);
    expect(window.complete).toBe(true);
    expect(window.lines.map((l) => l.number)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('is not complete when a kept line was cut, and reports the cut with its line number', async () => {
    const diagnostics: Diagnostic[] = [];
    const window = await readLogWindow(logStream(['a', 'b'.repeat(500), 'c']), 'cut.log', resolveReadOptions({ maxLineBytes: 100 }), diagnostics);
    expect(window.complete).toBe(false);
    expect(window.lines[1]).toEqual({ number: 2, text: 'b'.repeat(100), truncated: true });
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'line-too-long', file: 'cut.log', line: 2 })]);
    expect(diagnostics[0]!.message).toContain('500 bytes');
  });

  it('detects RFC 3339 timestamp prefixes', async () => {
    const stamped = ['2021-08-03T09:22:14.677021959Z I0803 started', '2021-08-03T09:22:15+02:00 ready', '', '2021-08-03T09:22:16Z done'];
    expect((await readLogWindow(logStream(stamped), 'a', resolveReadOptions(), [])).timestamped).toBe(true);
    expect((await readLogWindow(logStream(['I0803 09:22:15 started', '2021-08-03 not rfc3339']), 'a', resolveReadOptions(), [])).timestamped).toBe(false);
  });

  it('parses each kept line of a timestamped log once: its time and message, the raw text kept for evidence', async () => {
    const stamped = ['2021-08-03T09:22:14.677021959Z I0803 started', '2021-08-03T09:22:15+02:00 ready', 'a stray line', '2021-08-03t09:22:16z done', '2021-08-03T09:22:17Z '];
    const window = await readLogWindow(logStream(stamped), 'a', resolveReadOptions(), []);
    expect(window.lines).toEqual([
      { number: 1, text: stamped[0], time: Date.parse('2021-08-03T09:22:14.677Z'), message: 'I0803 started' },
      { number: 2, text: stamped[1], time: Date.parse('2021-08-03T07:22:15Z'), message: 'ready' },
      { number: 3, text: 'a stray line' },
      { number: 4, text: stamped[3], time: Date.parse('2021-08-03T09:22:16Z'), message: 'done' },
      { number: 5, text: stamped[4], time: Date.parse('2021-08-03T09:22:17Z'), message: '' },
    ]);
    // An application's own leading time in a log that is not timestamped stays part of its text.
    const app = ['I0803 09:22:15 started', '2021-08-03T09:22:15Z one app line', 'more'];
    expect((await readLogWindow(logStream(app), 'a', resolveReadOptions(), [])).lines.map((l) => Object.keys(l))).toEqual([['number', 'text'], ['number', 'text'], ['number', 'text']]);
  });

  it('a deferred log (drained before its pod was seen) gets the same parsed lines when its window is built later', async () => {
    const stamped = Array.from({ length: 50 }, (_, i) => `2024-05-01T11:00:${String(i).padStart(2, '0')}.5Z line ${i + 1}`);
    const options = resolveReadOptions();
    const drained = await drainLog(logStream(stamped), 'd.log', 64 * 1024, 4 * 1024, []);
    const window = windowFromDeferred(drained, options);
    expect(window.timestamped).toBe(true);
    expect(window.lines.at(-1)).toEqual({ number: 50, text: stamped[49], time: Date.parse('2024-05-01T11:00:49.5Z'), message: 'line 50' });
  });
});

describe('cluster-info dump logs.txt', () => {
  const text = [
    '# a header kubectl did not write',
    '==== START logs for container init-db of pod shop/api-1 ====',
    'waiting for db',
    '==== END logs for container init-db of pod shop/api-1 ====',
    '==== START logs for container api of pod shop/api-1 ====',
    'boot',
    'fatal: config missing',
    '==== END logs for container api of pod shop/api-1 ====',
    '==== START logs for container sidecar of pod shop/api-1 ====',
    'Request log error: the server rejected our request for an unknown reason',
    '==== END logs for container sidecar of pod shop/api-1 ====',
    '==== START logs for container tail of pod shop/api-1 ====',
    'no newline at end==== END logs for container tail of pod shop/api-1 ====',
  ];

  it('splits per container, keeps the numbers of logs.txt and turns inline errors into log errors', async () => {
    const { logs, logErrors } = await readCombinedLog(logStream(text, 5), 'shop/api-1/logs.txt', { namespace: 'shop', pod: 'api-1' }, resolveReadOptions(), []);
    expect(logs.map((l) => [l.container, l.window.source.firstLine, l.window.source.lastLine, l.window.lines.map((x) => [x.number, x.text])])).toEqual([
      ['init-db', 3, 3, [[3, 'waiting for db']]],
      ['api', 6, 7, [[6, 'boot'], [7, 'fatal: config missing']]],
      ['tail', 13, 13, [[13, 'no newline at end']]],
    ]);
    expect(logs.every((l) => l.namespace === 'shop' && l.pod === 'api-1' && !l.previous && l.window.source.file === 'shop/api-1/logs.txt')).toBe(true);
    expect(logs[1]!.window.totalLines).toBe(2);
    expect(logErrors).toEqual([
      { namespace: 'shop', pod: 'api-1', container: 'sidecar', message: 'Request log error: the server rejected our request for an unknown reason' },
    ]);
  });
});
