/**
 * Hostile archives, each written byte by byte as an attacker or a broken tool would, and read by the real CLI in a
 * child process (a promise left unsettled shows there as Node's silent exit 13, which an in-process run would hide).
 * Each must end with an exit code of 0–3 and a message that names the file, in bounded time.
 */
import { execFileSync, spawn } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_SIZE, encodeTarEntry, END_OF_ARCHIVE, parseTarNumber, TarReader } from '../../src/bundle/tar.js';
import { ArchiveSource, DEFAULT_ARCHIVE_LIMITS } from '../../src/reader/sources/archive.js';
import { openBundleSource } from '../../src/reader/sources/index.js';
import { readSource } from '../../src/reader/read.js';
import { readSnapshot } from '../../src/reader/index.js';
import type { Diagnostic } from '../../src/model/snapshot.js';
import { pod, podList, tempDir } from '../reader/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('podmortem-hostile-')));
afterAll(async () => cleanup());

const MTIME = new Date('2026-11-30T00:00:00Z');
const PODS = podList([pod('shop', 'api-1', [{ name: 'api', restartCount: 3, lastExit: 1 }])]);

function entry(name: string, content: string): Buffer {
  return Buffer.from(encodeTarEntry({ name, data: Buffer.from(content), mtime: MTIME }).bytes);
}

/** A header block with any typeflag and size field, its checksum made right so only the field itself is wrong. */
function rawHeader(name: string, typeflag: string, sizeField: Buffer): Buffer {
  const block = Buffer.from(encodeTarEntry({ name, data: Buffer.alloc(0), mtime: MTIME }).bytes.subarray(0, BLOCK_SIZE));
  sizeField.copy(block, 124);
  block.write(typeflag, 156, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

function base256(lead: number, value: bigint): Buffer {
  const field = Buffer.alloc(12);
  field[0] = lead;
  for (let i = 11; i >= 1 && value > 0n; i--) {
    field[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return field;
}

async function cli(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('node', [join(ROOT, 'bin/podmortem.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

async function hostile(name: string, ...parts: Buffer[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, gzipSync(Buffer.concat(parts)));
  return path;
}

describe('tar header fields are checked before use', () => {
  it('parses octal and base-256 numbers and refuses the rest', () => {
    expect(parseTarNumber(Buffer.from('00000001750\0'))).toBe(0o1750);
    expect(parseTarNumber(base256(0x80, 12345n))).toBe(12345);
    expect(parseTarNumber(base256(0x80, 2n ** 53n))).toBeUndefined();
    expect(parseTarNumber(base256(0x81, 10n))).toBeUndefined();
    expect(parseTarNumber(Buffer.from('12x4\0'))).toBeUndefined();
  });

  for (const [label, field] of [
    ['a base-256 size with an unusual lead byte', base256(0xc3, 99n)],
    ['a base-256 size of 2^53', base256(0x80, 2n ** 53n)],
    ['a base-256 size of 2^64', base256(0x80, 2n ** 64n - 1n)],
    ['a negative base-256 size', Buffer.from([0xff, ...Array(11).fill(0xfe)])],
    ['a size of non-octal digits', Buffer.from('9999999999\0 ')],
  ] as const) {
    it(`exits 0–3 with the file named on ${label}, keeping the entries before it`, async () => {
      const path = await hostile(`size-${label.replace(/\W+/g, '-')}.tar.gz`, entry('b/cluster-resources/pods/shop.json', PODS), rawHeader('b/evil.log', '0', field), Buffer.alloc(1024));
      const snapshot = await readSnapshot(path);
      expect(snapshot.pods.map((p) => p.name)).toEqual(['api-1']);
      const diagnostic = snapshot.diagnostics.find((d) => d.code === 'not-a-tar');
      expect(diagnostic?.message).toContain('size field');
      const result = await cli(['analyze', path]);
      expect(result.code).not.toBeNull();
      expect(result.code!).toBeGreaterThanOrEqual(0);
      expect(result.code!).toBeLessThanOrEqual(3);
      expect(result.stdout + result.stderr).toContain(label.startsWith('a size of') ? 'size-a-size' : 'size-');
    }, 60_000);
  }

  it('reads GNU N, V and M headers and pax headers as tar does, and the files around them', async () => {
    const names = Buffer.from('b/old-long-name\0');
    const volume = rawHeader('b/VOLUME-LABEL', 'V', Buffer.from('00000000000\0'));
    const nHeader = rawHeader('LongLink', 'N', Buffer.from(`${names.length.toString(8).padStart(11, '0')}\0`));
    const nData = Buffer.concat([names, Buffer.alloc(BLOCK_SIZE - names.length)]);
    const mHeader = rawHeader('b/continued.log', 'M', Buffer.from(`${(5).toString(8).padStart(11, '0')}\0`));
    const mData = Buffer.concat([Buffer.from('tail\n'), Buffer.alloc(BLOCK_SIZE - 5)]);
    // A pax header whose path record renames the next entry (as GNU tar --format=posix writes long names).
    const long = `b/cluster-resources/pods/logs/shop/api-1/${'x'.repeat(150)}.log`;
    const paxLong = entry(long, 'from a pax-named file\n');
    const path = await hostile('gnu-headers.tar.gz', volume, entry('b/cluster-resources/pods/shop.json', PODS), nHeader, nData, mHeader, mData, paxLong, entry('b/cluster-resources/pods/logs/shop/api-1/api.log', 'boom\n'), Buffer.from(END_OF_ARCHIVE));
    const source = new ArchiveSource(path, 'gzip', 0);
    const diagnostics: Diagnostic[] = [];
    const seen: string[] = [];
    for await (const e of source.entries(diagnostics)) {
      seen.push(e.path);
      e.stream.resume();
    }
    expect(seen).toEqual(['b/cluster-resources/pods/shop.json', long, 'b/cluster-resources/pods/logs/shop/api-1/api.log']);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.map((d) => d.message).join('\n')).toMatch(/gnu-multivolume|gnu-names/);
  });

  it('never lets an entry stream still pulling take the next entry\'s bytes', async () => {
    const tar = Buffer.concat([entry('a.log', 'a'.repeat(100_000)), entry('b.log', 'second'), END_OF_ARCHIVE]);
    const chunks = Array.from({ length: Math.ceil(tar.length / 777) }, (_, i) => tar.subarray(i * 777, (i + 1) * 777));
    const reader = new TarReader(Readable.from(chunks)[Symbol.asyncIterator]());
    const first = await reader.next();
    void reader.read(first!.generation); // in flight while the caller moves on
    const second = await reader.next();
    expect(second?.name).toBe('b.log');
    expect((await reader.read(second!.generation))?.toString()).toBe('second');
    expect(await reader.read(first!.generation)).toBeUndefined();
  });
});

describe('ceilings per archive', () => {
  it('stops at the line ceiling with a diagnostic that names the archive, and keeps what came before', async () => {
    const path = join(dir, 'empty-lines.tar.gz');
    const lines = 3_000_000;
    const header = Buffer.from(encodeTarEntry({ name: 'b/cluster-resources/pods/logs/shop/api-1/api.log', data: Buffer.alloc(0), mtime: MTIME }).bytes.subarray(0, BLOCK_SIZE));
    const sized = rawHeader('b/cluster-resources/pods/logs/shop/api-1/api.log', '0', Buffer.from(`${lines.toString(8).padStart(11, '0')}\0`));
    expect(header.length).toBe(BLOCK_SIZE);
    function* body() {
      yield entry('b/cluster-resources/pods/shop.json', PODS);
      yield sized;
      const block = Buffer.alloc(1024 * 1024, 10);
      for (let left = lines; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
      yield Buffer.alloc(BLOCK_SIZE - (lines % BLOCK_SIZE));
      yield END_OF_ARCHIVE;
    }
    await pipeline(Readable.from(body()), createGzip({ level: 1 }), createWriteStream(path));
    const source = new ArchiveSource(path, 'gzip', 1, { maxBytes: 1024 ** 3, maxLines: 1_000_000 });
    const diagnostics: Diagnostic[] = [];
    const seen: string[] = [];
    for await (const e of source.entries(diagnostics)) {
      seen.push(e.path);
      // The log's own stream fails at the ceiling; the archive's diagnostic says why.
      await e.stream.forEach(() => undefined).catch(() => undefined);
    }
    expect(seen[0]).toBe('b/cluster-resources/pods/shop.json');
    const stop = diagnostics.find((d) => d.code === 'archive-too-large');
    expect(stop?.message).toContain('empty-lines.tar.gz');
    expect(stop?.message).toContain('1,000,000 lines');
  });

  it('stops at the byte ceiling the same way', async () => {
    const path = await hostile('big.tar.gz', entry('b/cluster-resources/pods/shop.json', PODS), entry('b/big.log', 'x'.repeat(3 * 1024 * 1024)), Buffer.from(END_OF_ARCHIVE));
    const source = new ArchiveSource(path, 'gzip', 1, { maxBytes: 1024 * 1024, maxLines: 1e9 });
    const diagnostics: Diagnostic[] = [];
    for await (const e of source.entries(diagnostics)) e.stream.resume();
    expect(diagnostics.find((d) => d.code === 'archive-too-large')?.message).toMatch(/big\.tar\.gz.*more than 1 MiB/);
  });
});

describe('a 2 MB .tar.gz that holds 2 GiB of empty lines', () => {
  it('is read to the line ceiling in bounded time and memory, with the pods before it kept', async () => {
    // gzip members concatenate: one compressed 64 MiB run of newlines, repeated, is 2 GiB of data in a 2 MB file.
    const run = 64 * 1024 * 1024;
    const total = 32 * run;
    const log = 'b/cluster-resources/pods/logs/shop/api-1/api.log';
    const sizeField = Buffer.alloc(12);
    sizeField.write(`${total.toString(8).padStart(11, '0')}\0`, 'latin1');
    const newlines = gzipSync(Buffer.alloc(run, 10), { level: 9 });
    const path = join(dir, 'two-gib-of-empty-lines.tar.gz');
    await writeFile(path, Buffer.concat([gzipSync(Buffer.concat([entry('b/cluster-resources/pods/shop.json', PODS), rawHeader(log, '0', sizeField)])), ...Array(32).fill(newlines), gzipSync(Buffer.from(END_OF_ARCHIVE))]));
    expect((await stat(path)).size).toBeLessThan(3 * 1024 * 1024);

    const before = process.memoryUsage().rss;
    const start = performance.now();
    const source = await openBundleSource(path);
    const snapshot = await readSource(source).finally(() => source.close());
    const seconds = (performance.now() - start) / 1000;
    expect(snapshot.pods.map((p) => p.name)).toEqual(['api-1']);
    const stop = snapshot.diagnostics.find((d) => d.code === 'archive-too-large');
    expect(stop?.message).toContain('two-gib-of-empty-lines.tar.gz');
    expect(stop?.message).toContain(`${DEFAULT_ARCHIVE_LIMITS.maxLines.toLocaleString('en-US')} lines`);
    expect(seconds).toBeLessThan(60);
    expect(process.memoryUsage().rss - before).toBeLessThan(512 * 1024 * 1024);
  }, 90_000);
});

describe('per-entry diagnostics are capped', () => {
  it('lists 100 unsafe entries of an archive of 3,000 and says how many more', async () => {
    const parts = [entry('b/cluster-resources/pods/shop.json', PODS)];
    for (let i = 0; i < 3000; i++) {
      const header = rawHeader('placeholder', '0', Buffer.from('00000000000\0'));
      header.fill(0, 0, 100);
      header.write(`../../escape-${i}`, 0, 'latin1');
      header.fill(0x20, 148, 156);
      let sum = 0;
      for (const byte of header) sum += byte;
      header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
      parts.push(header);
    }
    const path = await hostile('many-unsafe.tar.gz', ...parts, Buffer.from(END_OF_ARCHIVE));
    const snapshot = await readSnapshot(path);
    expect(snapshot.diagnostics.filter((d) => d.code === 'unsafe-path')).toHaveLength(101);
    expect(snapshot.diagnostics.find((d) => d.message.startsWith('and 2900 more unsafe-path'))?.message).toContain('many-unsafe.tar.gz');
    expect(snapshot.pods.map((p) => p.name)).toEqual(['api-1']);
  });
});

describe('an xz archive that decompresses to far more than it weighs', () => {
  it('is read with memory bounded by what the reader holds, not by what the decoder could produce', async () => {
    // xz streams concatenate: one compressed 64 MiB run, repeated 16 times, is 1 GiB of log in a small file.
    const run = 64 * 1024 * 1024;
    const total = 16 * run;
    const sizeField = Buffer.alloc(12);
    sizeField.write(`${total.toString(8).padStart(11, '0')}\0`, 'latin1');
    const xz = (data: Buffer) => execFileSync('xz', ['-z', '-c', '-0', '-T1'], { input: data, maxBuffer: 1 << 28 });
    const zeros = xz(Buffer.alloc(run, 0x61));
    const path = join(dir, 'huge-log.tar.xz');
    await writeFile(path, Buffer.concat([xz(Buffer.concat([entry('b/cluster-resources/pods/shop.json', PODS), rawHeader('b/cluster-resources/pods/logs/shop/api-1/api.log', '0', sizeField)])), ...Array(16).fill(zeros), xz(Buffer.from(END_OF_ARCHIVE))]));
    const source = new ArchiveSource(path, 'xz', 1);
    const diagnostics: Diagnostic[] = [];
    let peak = 0;
    let read = 0;
    for await (const e of source.entries(diagnostics)) {
      for await (const chunk of e.stream) {
        read += (chunk as Buffer).length;
        // A slow consumer: the decoder must wait for it rather than fill memory.
        if (read % (64 * 1024 * 1024) < (chunk as Buffer).length) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          peak = Math.max(peak, process.memoryUsage().rss);
        }
      }
    }
    expect(read).toBeGreaterThan(total);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(peak).toBeLessThan(1024 * 1024 * 1024);
  }, 120_000);
});
