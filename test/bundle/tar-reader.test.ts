/**
 * The tar reader's byte path: real tarballs (written by tar-stream, as another tool writes them) read back through
 * every chunking a decoder could produce — headers split across chunks, entries spanning many — both when every
 * chunk is already buffered (the synchronous path) and when each must be waited for; consumers that stop early or
 * throw; and entries read after the reader moved on, which must never see the next entry's bytes.
 */
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChunkQueue, iteratorSource, type ChunkSource } from '../../src/bundle/chunk-queue.js';
import { BLOCK_SIZE, encodeTarEntry, END_OF_ARCHIVE, TarFormatError, TarReader } from '../../src/bundle/tar.js';
import type { Diagnostic } from '../../src/model/snapshot.js';
import type { BundleEntry } from '../../src/reader/source.js';
import { ArchiveSource } from '../../src/reader/sources/archive.js';
import { tarBytes, tempDir, writeTarball, type TarEntrySpec } from '../reader/helpers.js';

/** Bytes that differ from offset to offset, so a chunk handed out twice, skipped or misplaced shows. */
function body(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = 0x21 + ((i * 7 + seed * 13 + (i >> 9)) % 90);
  return bytes;
}

const FILES: Array<{ name: string; content: Buffer }> = [
  { name: 'b/empty.txt', content: Buffer.alloc(0) },
  { name: 'b/one-byte.txt', content: body(1, 1) },
  { name: 'b/just-under-a-block.log', content: body(511, 2) },
  { name: 'b/a-block.log', content: body(512, 3) },
  { name: 'b/just-over-a-block.log', content: body(513, 4) },
  // Longer than ustar's 100-byte name: tar-stream writes a pax header before it.
  { name: `b/cluster-resources/pods/logs/shop/${'x'.repeat(120)}/api.log`, content: body(3000, 5) },
  { name: 'b/spans-many-chunks.log', content: body(300_000, 6) },
  { name: 'b/last.json', content: Buffer.from('{"kind":"PodList","items":[]}\n') },
];

let raw: Buffer;
beforeAll(async () => {
  raw = await tarBytes(FILES.map(({ name, content }) => ({ name, content })));
});

function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
}

/** Every chunk already queued: the reader never has to wait. */
function buffered(chunks: Buffer[]): ChunkSource {
  const queue = new ChunkQueue({ pause() {}, resume() {} }, Number.MAX_SAFE_INTEGER);
  for (const chunk of chunks) queue.push(chunk);
  queue.end();
  return queue;
}

/** One chunk at a time, each behind a turn of the event loop: the reader waits for every one. */
function trickled(chunks: Buffer[]): ChunkSource {
  return iteratorSource(Readable.from(chunks)[Symbol.asyncIterator]());
}

async function readAll(reader: TarReader): Promise<Array<{ name: string; content: Buffer }>> {
  const out: Array<{ name: string; content: Buffer }> = [];
  for (let header = await reader.next(); header; header = await reader.next()) {
    const parts: Buffer[] = [];
    await reader.forEachChunk(header.generation, (chunk) => {
      parts.push(Buffer.from(chunk));
    });
    out.push({ name: header.name, content: Buffer.concat(parts) });
  }
  return out;
}

describe('TarReader over every chunking', () => {
  for (const size of [1, 7, 100, 511, 512, 513, 777, 4096, 65_536, 1 << 20]) {
    for (const [label, source] of [['buffered', buffered], ['trickled', trickled]] as const) {
      it(`reads a real tar back exactly in ${size}-byte chunks, ${label}`, async () => {
        const reader = new TarReader(source(chunked(raw, size)));
        const read = await readAll(reader);
        expect(read.map((f) => f.name)).toEqual(FILES.map((f) => f.name));
        read.forEach((file, i) => expect(file.content.equals(FILES[i]!.content), file.name).toBe(true));
        expect(reader.offset).toBeLessThanOrEqual(raw.length);
      }, 30_000);
    }
  }

  it('hands out the same bytes through read() as through forEachChunk()', async () => {
    const reader = new TarReader(trickled(chunked(raw, 333)));
    const names: string[] = [];
    for (let header = await reader.next(); header; header = await reader.next()) {
      const parts: Buffer[] = [];
      for (let chunk = await reader.read(header.generation); chunk; chunk = await reader.read(header.generation)) parts.push(chunk);
      expect(Buffer.concat(parts).equals(FILES[names.length]!.content)).toBe(true);
      names.push(header.name);
    }
    expect(names).toHaveLength(FILES.length);
  });
});

describe('TarReader header checksums', () => {
  /** One entry whose name has bytes above 127, its checksum rewritten as `sum` computes it. */
  function withChecksum(sum: (bytes: number[]) => number): Buffer {
    const tar = Buffer.concat([encodeTarEntry({ name: 'b/café-ü.log', data: Buffer.from('x'), mtime: new Date(0) }).bytes, END_OF_ARCHIVE]);
    tar.fill(0x20, 148, 156);
    const value = sum([...tar.subarray(0, BLOCK_SIZE)]);
    tar.write(`${(value & 0o777777).toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    return tar;
  }
  const unsigned = (bytes: number[]) => bytes.reduce((a, b) => a + b, 0);
  const signed = (bytes: number[]) => bytes.reduce((a, b) => a + (b > 127 ? b - 256 : b), 0);

  it('accepts the unsigned sum and the signed one old tars wrote', async () => {
    for (const sum of [unsigned, signed]) {
      const header = await new TarReader(buffered([withChecksum(sum)])).next();
      expect(header?.name).toBe('b/café-ü.log');
    }
  });

  it('rejects any other sum as not a tar', async () => {
    await expect(new TarReader(buffered([withChecksum((bytes) => unsigned(bytes) + 1)])).next()).rejects.toBeInstanceOf(TarFormatError);
  });
});

describe('TarReader consumers', () => {
  it('lets a consumer stop early; the next entry starts where it should', async () => {
    const reader = new TarReader(trickled(chunked(raw, 1000)));
    const seen: Array<{ name: string; first: string }> = [];
    for (let header = await reader.next(); header; header = await reader.next()) {
      let first = '';
      let calls = 0;
      await reader.forEachChunk(header.generation, (chunk) => {
        calls++;
        first = chunk.subarray(0, 5).toString('latin1');
        return false;
      });
      expect(calls).toBeLessThanOrEqual(1);
      seen.push({ name: header.name, first });
    }
    expect(seen).toEqual(FILES.map((f) => ({ name: f.name, first: f.content.subarray(0, 5).toString('latin1') })));
  });

  it('rejects the call whose consumer threw, and reads on afterwards', async () => {
    const reader = new TarReader(buffered(chunked(raw, 4096)));
    for (let header = await reader.next(); header; header = await reader.next()) {
      if (header.name !== 'b/spans-many-chunks.log') continue;
      await expect(
        reader.forEachChunk(header.generation, () => {
          throw new Error('consumer gave up');
        }),
      ).rejects.toThrow('consumer gave up');
    }
    // The reader reached the end: the consumer's error was not taken for the archive's.
    expect(reader.offset).toBeGreaterThan(raw.length - 2048);
  });

  it('gives a stale entry nothing, even one waiting for bytes when the caller moves on', async () => {
    const tar = await tarBytes([
      { name: 'a.log', content: Buffer.alloc(100_000, 0x61) },
      { name: 'b.log', content: 'second' },
    ]);
    const chunks = chunked(tar, 700);
    const queue = new ChunkQueue({ pause() {}, resume() {} });
    for (const chunk of chunks.slice(0, 5)) queue.push(chunk);
    const reader = new TarReader(queue);
    const first = await reader.next();
    const fromFirst: Buffer[] = [];
    // Waits for bytes the queue does not hold yet while the caller moves on.
    const pending = reader.forEachChunk(first!.generation, (chunk) => {
      fromFirst.push(Buffer.from(chunk));
    });
    await new Promise((resolve) => setImmediate(resolve));
    const moving = reader.next();
    for (const chunk of chunks.slice(5)) queue.push(chunk);
    queue.end();
    await pending;
    const second = await moving;
    expect(second?.name).toBe('b.log');
    expect(Buffer.concat(fromFirst).every((byte) => byte === 0x61)).toBe(true);
    // Asked after the move: nothing, whichever way.
    let late = 0;
    await reader.forEachChunk(first!.generation, () => {
      late++;
    });
    expect(late).toBe(0);
    expect(await reader.read(first!.generation)).toBeUndefined();
    const parts: Buffer[] = [];
    await reader.forEachChunk(second!.generation, (chunk) => {
      parts.push(chunk);
    });
    expect(Buffer.concat(parts).toString()).toBe('second');
  });
});

describe('ChunkQueue', () => {
  it('pauses its producer past the high-water mark and resumes it once half is taken', () => {
    const calls: string[] = [];
    const queue = new ChunkQueue({ pause: () => calls.push('pause'), resume: () => calls.push('resume') }, 1000);
    for (let i = 0; i < 4; i++) queue.push(Buffer.alloc(300));
    expect(calls).toEqual(['pause']);
    queue.poll();
    queue.poll();
    expect(calls).toEqual(['pause']); // 600 left: more than half
    queue.poll();
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('wakes every wait once a chunk arrives', async () => {
    const queue = new ChunkQueue({ pause() {}, resume() {} });
    const woken: number[] = [];
    const waits = [1, 2].map((n) => queue.wait().then(() => woken.push(n)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(woken).toEqual([]);
    queue.push(Buffer.from('x'));
    await Promise.all(waits);
    expect(woken).toEqual([1, 2]);
  });

  it('hands out what came before a failure, then the failure', () => {
    const queue = new ChunkQueue({ pause() {}, resume() {} });
    queue.push(Buffer.from('kept'));
    queue.fail(new Error('damaged'));
    expect(queue.poll()?.toString()).toBe('kept');
    expect(() => queue.poll()).toThrow('damaged');
  });
});

describe('archive entries through forEachChunk', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await tempDir('podmortem-tar-reader-')));
  afterAll(async () => cleanup());

  const big = body(2_500_000, 9);
  const entries: TarEntrySpec[] = [
    { name: 'b/small.json', content: '{"a":1}' },
    { name: 'b/big.log', content: big },
    { name: 'b/after.log', content: 'after the big one\n' },
  ];

  for (const compression of ['gzip', 'xz', 'none'] as const) {
    it(`reads entries spanning many decoder chunks, stopped early or not read, from a real ${compression} tarball`, async () => {
      const path = `${dir}/bundle-${compression}.tar${compression === 'gzip' ? '.gz' : compression === 'xz' ? '.xz' : ''}`;
      await writeTarball(path, entries, compression);
      const kind = compression === 'none' ? 'tar' : compression;
      const diagnostics: Diagnostic[] = [];

      // Whole: every byte, in order.
      const whole: Record<string, Buffer> = {};
      for await (const entry of new ArchiveSource(path, kind, 1).entries(diagnostics)) {
        const parts: Buffer[] = [];
        await entry.forEachChunk((chunk) => {
          parts.push(Buffer.from(chunk));
        });
        whole[entry.path] = Buffer.concat(parts);
      }
      expect(whole['b/big.log']?.equals(big)).toBe(true);
      expect(whole['b/after.log']?.toString()).toBe('after the big one\n');

      // Stopped after the first chunk of the big log, and the small one never read: the next entries are intact.
      const kept: BundleEntry[] = [];
      const after: string[] = [];
      for await (const entry of new ArchiveSource(path, kind, 1).entries(diagnostics)) {
        kept.push(entry);
        if (entry.path === 'b/big.log') await entry.forEachChunk(() => false);
        if (entry.path === 'b/after.log') {
          await entry.forEachChunk((chunk) => {
            after.push(chunk.toString());
          });
        }
      }
      expect(after.join('')).toBe('after the big one\n');

      // Entries kept past the iteration give nothing, through either interface.
      const stale = kept.find((entry) => entry.path === 'b/big.log')!;
      let late = 0;
      await stale.forEachChunk(() => {
        late++;
      });
      expect(late).toBe(0);
      const lateStream = kept.find((entry) => entry.path === 'b/small.json')!.stream;
      const lateChunks: Buffer[] = [];
      lateStream.on('data', (chunk: Buffer) => lateChunks.push(chunk));
      await once(lateStream, 'close');
      expect(lateChunks).toEqual([]);
      expect(diagnostics).toEqual([]);
    }, 30_000);
  }
});
