/**
 * A seekable bundle whose index points an entry at another entry's gzip member (two members swapped, the index left
 * as it was): reading the entry must never return the other entry's bytes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeekableEntry, readSeekableIndex } from '../../src/bundle/seekable.js';
import { createBundleWriter } from '../../src/bundle/writer.js';
import { MANIFEST_FORMAT_VERSION, type PodmortemManifest } from '../../src/model/manifest.js';
import { openBundleSource } from '../../src/reader/index.js';
import { tempDir } from '../reader/helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('podmortem-seekable-')));
afterAll(async () => cleanup());

const MANIFEST: PodmortemManifest = {
  formatVersion: MANIFEST_FORMAT_VERSION,
  capturedAt: '2026-11-30T10:00:00Z',
  collector: { name: 'podmortem', version: 'test' },
  namespaces: ['shop'],
  collected: ['logs'],
  logPolicy: { headLines: 1, tailLines: 1, maxBytes: 1, cut: [] },
  redaction: { enabled: true, files: [] },
  errors: [],
};

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

describe('seekable index entries are verified against the member they point at', () => {
  it('refuses a member holding another name, and the bundle source falls back to the tar itself', async () => {
    const archive = join(dir, 'swapped.tar.gz');
    const writer = await createBundleWriter(archive, { rootName: 'root', mtime: new Date('2026-11-30T10:00:00Z') });
    await writer.addFile('cluster-resources/pods/logs/shop/api-1/aaa.log', 'line-of-aaa\n'.repeat(100));
    await writer.addFile('cluster-resources/pods/logs/shop/api-1/bbb.log', 'line-of-bbb\n'.repeat(100));
    await writer.finish(MANIFEST);
    const index = (await readSeekableIndex(archive))!;
    const a = index.entries.find((e) => e.path.endsWith('aaa.log'))!;
    const b = index.entries.find((e) => e.path.endsWith('bbb.log'))!;
    expect(a.length).toBe(b.length); // same-sized members, so the swap keeps every offset in the index valid

    const bytes = await readFile(archive);
    const memberA = Buffer.from(bytes.subarray(a.offset, a.offset + a.length));
    const memberB = Buffer.from(bytes.subarray(b.offset, b.offset + b.length));
    memberB.copy(bytes, a.offset);
    memberA.copy(bytes, b.offset);
    const swapped = join(dir, 'swapped-members.tar.gz');
    await writeFile(swapped, bytes);

    expect(await openSeekableEntry(swapped, 'cluster-resources/pods/logs/shop/api-1/bbb.log').catch((e: unknown) => (e as Error).message)).toMatch(/points at a member holding root\/cluster-resources\/pods\/logs\/shop\/api-1\/aaa\.log/);
    // serve reads logs through the bundle source: it falls back to reading the tar in order, and gets the right bytes.
    const source = await openBundleSource(swapped);
    try {
      const text = await readAll(await source.openFile('root/cluster-resources/pods/logs/shop/api-1/bbb.log'));
      expect(text).toContain('line-of-bbb');
      expect(text).not.toContain('line-of-aaa');
    } finally {
      await source.close();
    }
  });
});
