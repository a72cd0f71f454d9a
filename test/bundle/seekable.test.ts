import { open, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FOOTER_SIZE, INDEX_FILE } from '../../src/bundle/index-format.js';
import { openSeekableEntry, readSeekableIndex } from '../../src/bundle/seekable.js';
import { createBundleWriter } from '../../src/bundle/writer.js';
import { MANIFEST_FORMAT_VERSION, type PodmortemManifest } from '../../src/model/manifest.js';
import { readAll, systemTar, tempDir } from './helpers.js';

const MTIME = new Date('2026-11-18T10:00:00Z');

const manifest: PodmortemManifest = {
  formatVersion: MANIFEST_FORMAT_VERSION,
  capturedAt: MTIME.toISOString(),
  collector: { name: 'podmortem', version: '0.1.0' },
  namespaces: ['*'],
  collected: ['pods'],
  logPolicy: { headLines: 1, tailLines: 1, maxBytes: 1, cut: [] },
  redaction: { enabled: false, files: [] },
  errors: [],
};

/** Deterministic pseudo-random bytes that deflate cannot shrink much, so members are big and distinct. */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const FILES: Record<string, Uint8Array> = {
  'cluster-resources/pods/shop.json': new TextEncoder().encode('{"kind":"PodList","items":[]}\n'),
  'cluster-resources/pods/logs/shop/api-7c9d/api-previous.log': noise(3_000_000, 7),
  'cluster-resources/pods/logs/shop/api-7c9d/api.log': new TextEncoder().encode('line 1\nline 2\n'.repeat(50_000)),
  'cluster-resources/empty.json': new Uint8Array(0),
  'cluster-resources/events/shop.json': new TextEncoder().encode('{"kind":"EventList","items":[]}\n'),
};

describe('openSeekableEntry / readSeekableIndex', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let archive: string;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('seekable'));
    archive = join(dir, 'bundle.tar.gz');
    const writer = await createBundleWriter(archive, { rootName: 'root', mtime: MTIME });
    for (const [path, content] of Object.entries(FILES)) await writer.addFile(path, content);
    await writer.finish(manifest);
  });
  afterEach(async () => cleanup());

  it('returns the exact bytes of every entry, the same bytes the system tar extracts', async () => {
    systemTar(['-xzf', archive], dir);
    for (const path of [...Object.keys(FILES), 'podmortem.json']) {
      const stream = await openSeekableEntry(archive, path);
      expect(stream, path).toBeDefined();
      const bytes = await readAll(stream!);
      expect(bytes.equals(await readFile(join(dir, 'root', path))), path).toBe(true);
    }
    const prefixed = await openSeekableEntry(archive, 'root/cluster-resources/pods/shop.json');
    expect((await readAll(prefixed!)).toString()).toBe('{"kind":"PodList","items":[]}\n');
  });

  it('indexes every entry but itself, with offsets that tile the file up to the index', async () => {
    const index = await readSeekableIndex(archive);
    expect(index?.root).toBe('root');
    expect(index?.entries.map((e) => e.path)).toEqual([...Object.keys(FILES), 'podmortem.json']);
    let expected = 0;
    for (const entry of index!.entries) {
      expect(entry.offset).toBe(expected);
      expected += entry.length;
    }
    expect(index!.entries.find((e) => e.path.endsWith('api-previous.log'))?.size).toBe(3_000_000);
    expect(await openSeekableEntry(archive, INDEX_FILE)).toBeUndefined();
    expect(await openSeekableEntry(archive, 'no/such/file.json')).toBeUndefined();
  });

  it('reads an entry without touching the members before it (a damaged earlier member does not matter)', async () => {
    const index = (await readSeekableIndex(archive))!;
    const big = index.entries.find((e) => e.path.endsWith('api-previous.log'))!;
    const handle = await open(archive, 'r+');
    await handle.write(Buffer.alloc(4096, 0xaa), 0, 4096, big.offset + Math.floor(big.length / 2));
    await handle.close();
    const later = await openSeekableEntry(archive, 'cluster-resources/events/shop.json');
    expect((await readAll(later!)).toString()).toBe('{"kind":"EventList","items":[]}\n');
    // The damaged member itself fails loudly (gzip CRC or deflate error), never with silently wrong bytes.
    const damaged = await openSeekableEntry(archive, big.path);
    await expect(readAll(damaged!)).rejects.toThrow();
  });

  it('gives undefined for a plain .tar.gz written by the system tar', async () => {
    await writeFile(join(dir, 'a.txt'), 'a');
    systemTar(['-czf', 'plain.tar.gz', 'a.txt'], dir);
    const plain = join(dir, 'plain.tar.gz');
    expect(await readSeekableIndex(plain)).toBeUndefined();
    expect(await openSeekableEntry(plain, 'a.txt')).toBeUndefined();
    expect(await readSeekableIndex(join(dir, 'missing.tar.gz'))).toBeUndefined();
    expect(await readSeekableIndex(dir)).toBeUndefined();
  });

  it('gives undefined when the footer is damaged', async () => {
    const bytes = await readFile(archive);
    const at = bytes.length - FOOTER_SIZE + 16; // inside the footer's PMIDX1 magic
    bytes[at] = bytes[at]! ^ 0xff;
    const damaged = join(dir, 'footer.tar.gz');
    await writeFile(damaged, bytes);
    expect(await readSeekableIndex(damaged)).toBeUndefined();
    expect(await openSeekableEntry(damaged, 'cluster-resources/pods/shop.json')).toBeUndefined();
  });

  it('gives undefined when the index member is damaged', async () => {
    const bytes = await readFile(archive);
    const index = (await readSeekableIndex(archive))!;
    const last = index.entries.at(-1)!;
    const indexStart = last.offset + last.length;
    for (let i = indexStart + 20; i < indexStart + 40; i++) bytes[i] = bytes[i]! ^ 0x55;
    const damaged = join(dir, 'index.tar.gz');
    await writeFile(damaged, bytes);
    expect(await readSeekableIndex(damaged)).toBeUndefined();
  });

  it('gives undefined for a truncated archive, and notices when the file changes under the same path', async () => {
    expect(await readSeekableIndex(archive)).toBeDefined();
    await truncate(archive, (await readFile(archive)).length - 100);
    expect(await readSeekableIndex(archive)).toBeUndefined();
    expect(await openSeekableEntry(archive, 'cluster-resources/pods/shop.json')).toBeUndefined();
  });
});
