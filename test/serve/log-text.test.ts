/** The byte-level log filters, fed in every chunking so no line boundary or timestamp prefix is special. */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, test } from 'vitest';
import { LogFiles } from '../../src/serve/log-files.js';
import { parseRuntimeTime } from '../../src/reader/logs/timestamps.js';
import { ByteLimit, LineFilter, SkipLines, TailCollector } from '../../src/serve/log-text.js';
import { streamLog } from '../../src/serve/logs.js';

async function through(input: string, chunkSize: number, ...transforms: NodeJS.ReadWriteStream[]): Promise<string> {
  const bytes = Buffer.from(input);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), ...(transforms as [NodeJS.ReadWriteStream]), new Writable({
      write: (c: Buffer, _e, cb) => {
        out.push(c);
        cb();
      },
    }));
  return Buffer.concat(out).toString();
}

const STAMPED = '2024-05-01T11:00:00.123456789Z first\n2024-05-01T11:00:01Z second line\nno stamp here\n2024-05-01T11:00:02+02:00 third';

describe.each([1, 3, 7, 1024])('chunks of %i bytes', (size) => {
  test('strips RFC 3339 timestamps and leaves other lines alone', async () => {
    expect(await through(STAMPED, size, new LineFilter({ stripTimestamps: true }))).toBe('first\nsecond line\nno stamp here\nthird');
  });

  test('keeps a line range of a combined file', async () => {
    expect(await through('a\nb\nc\nd\ne\n', size, new LineFilter({ firstLine: 2, lastLine: 4 }))).toBe('b\nc\nd\n');
  });

  test('drops lines older than sinceTime', async () => {
    const since = Date.parse('2024-05-01T11:00:01Z');
    expect(await through(STAMPED, size, new LineFilter({ sinceMs: since }))).toBe(
      '2024-05-01T11:00:01Z second line\nno stamp here\n',
    );
  });

  test('skips lines and limits bytes', async () => {
    expect(await through('a\nb\nc\n', size, new SkipLines(2))).toBe('c\n');
    expect(await through('abcdef\n', size, new ByteLimit(4))).toBe('abcd');
  });

  test('tail keeps the last lines, with or without a final newline', async () => {
    for (const [input, expected] of [
      ['1\n2\n3\n', '2\n3\n'],
      ['1\n2\n3', '2\n3'],
    ] as const) {
      const collector = new TailCollector(2, 1024);
      await pipeline(Readable.from([Buffer.from(input)]), collector);
      expect(collector.tail().toString()).toBe(expected);
      expect(collector.lines).toBe(3);
    }
  });
});

test('timestamps parse with nanoseconds and offsets, and nothing else parses', () => {
  expect(parseRuntimeTime('2024-05-01T11:00:00.123456789Z')).toBe(Date.parse('2024-05-01T11:00:00.123Z'));
  expect(parseRuntimeTime('2024-05-01T13:00:00+02:00')).toBe(Date.parse('2024-05-01T11:00:00Z'));
  expect(parseRuntimeTime('I0501')).toBeUndefined();
  expect(parseRuntimeTime('2024-05-01')).toBeUndefined();
});

test('a 64 MiB single line streams through tail without being held: the second pass serves it', async () => {
  const big = Buffer.alloc(64 * 1024 * 1024, 0x61);
  const files = new LogFiles({
    openFile: () => Promise.resolve(Readable.from((function* () {
      for (let i = 0; i < big.length; i += 1 << 20) yield big.subarray(i, i + (1 << 20));
      yield Buffer.from('\nlast\n');
    })())),
  });
  const window = { source: { file: 'big.log' }, lines: [], totalLines: 2, totalBytes: big.length + 6, complete: false, timestamped: false };
  const stream = await streamLog(files, window, { container: 'c', previous: false, timestamps: false, tailLines: 2, limitBytes: 10 }, 0, false);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString()).toBe('aaaaaaaaaa');
  expect(files.stats.reads).toBe(2);
});
