import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/util/errors.js';
import { MANIFEST_FORMAT_VERSION, type PodmortemManifest } from '../../src/model/manifest.js';
import { INDEX_FILE } from '../../src/bundle/index-format.js';
import { createBundleWriter } from '../../src/bundle/writer.js';
import { readWithTarStream, systemTar, tempDir } from './helpers.js';

const MTIME = new Date('2026-11-18T10:00:00Z');

function manifest(): PodmortemManifest {
  return {
    formatVersion: MANIFEST_FORMAT_VERSION,
    capturedAt: MTIME.toISOString(),
    kubeContext: 'prod-eu',
    clusterName: 'shop-prod-eu',
    collector: { name: 'podmortem', version: '0.1.0' },
    kubectlVersion: 'v1.30.4',
    namespaces: ['shop'],
    collected: ['pods', 'events', 'logs', 'previous-logs'],
    logPolicy: { headLines: 200, tailLines: 800, maxBytes: 5_000_000, cut: [] },
    redaction: { enabled: true, files: [] },
    errors: [],
  };
}

const LONG_POD = `api-${'a'.repeat(110)}-7c9d`;
const FILES: Array<[string, string | Uint8Array]> = [
  ['cluster-info/cluster_version.json', '{"info":{"major":"1","minor":"30"},"string":"v1.30.4"}\n'],
  ['cluster-resources/pods/shop.json', JSON.stringify({ kind: 'PodList', items: [] }, null, 2)],
  // Longer than ustar's 100+155 split allows for its folder part: needs a pax path record.
  [`cluster-resources/pods/logs/shop/${LONG_POD}/${'c'.repeat(60)}-previous.log`, 'Traceback (most recent call last):\n'],
  ['cluster-resources/pods/logs/shop/api-7c9d/api.log', ''],
  ['cluster-resources/pods/logs/shop/ünïcode-pod/app.log', 'héllo wörld\n'],
  ['cluster-resources/binary.bin', Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256)],
];

async function writeBundle(target: string, files = FILES): Promise<void> {
  const writer = await createBundleWriter(target, { rootName: 'podmortem-shop', mtime: MTIME });
  for (const [path, content] of files) await writer.addFile(path, content);
  await writer.finish(manifest());
}

function bytesOf(content: string | Uint8Array): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
}

describe('createBundleWriter', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDir('writer')));
  afterEach(async () => cleanup());

  it('writes a .tar.gz that tar-stream over zlib reads back entry for entry, manifest last before the index', async () => {
    const target = join(dir, 'bundle.tar.gz');
    await writeBundle(target);
    const entries = await readWithTarStream(target);
    expect(entries.map((e) => e.name)).toEqual([
      ...FILES.map(([path]) => `podmortem-shop/${path}`),
      'podmortem-shop/podmortem.json',
      `podmortem-shop/${INDEX_FILE}`,
    ]);
    for (const [path, content] of FILES) {
      const entry = entries.find((e) => e.name === `podmortem-shop/${path}`);
      expect(entry?.data.equals(bytesOf(content)), path).toBe(true);
    }
    const written = JSON.parse(entries.at(-2)!.data.toString('utf8')) as PodmortemManifest;
    expect(written).toEqual({ ...manifest(), seekable: true });
  });

  it('is listed and extracted by the system tar with the exact bytes, under one root folder', async () => {
    const target = join(dir, 'bundle.tar.gz');
    await writeBundle(target);
    const listing = systemTar(['-tzf', target]).trim().split('\n');
    expect(listing).toContain(`podmortem-shop/cluster-resources/pods/logs/shop/${LONG_POD}/${'c'.repeat(60)}-previous.log`);
    expect(new Set(listing.map((name) => name.split('/')[0]))).toEqual(new Set(['podmortem-shop']));
    const out = join(dir, 'x');
    systemTar(['-xzf', target, '--one-top-level=x'], dir);
    for (const [path, content] of FILES) {
      const extracted = await readFile(join(out, 'podmortem-shop', path));
      expect(extracted.equals(bytesOf(content)), path).toBe(true);
    }
    const verbose = systemTar(['-tvzf', target]);
    expect(verbose).toContain('0/0');
    expect(verbose).toContain('2026-11-18 10:00');
  });

  it('makes every entry its own gzip member and the whole file one valid gzip stream', async () => {
    const target = join(dir, 'bundle.tar.gz');
    await writeBundle(target);
    const bytes = await readFile(target);
    const memberStarts: number[] = [];
    for (let i = 0; i + 10 <= bytes.length; i++) {
      if (bytes[i] === 0x1f && bytes[i + 1] === 0x8b && bytes[i + 2] === 8 && bytes[i + 9] === 0xff) memberStarts.push(i);
    }
    // One member per file, the manifest, the index and the footer (a false match inside deflate data would add more).
    expect(memberStarts.length).toBeGreaterThanOrEqual(FILES.length + 3);
    expect(bytes.subarray(4, 10)).toEqual(Buffer.from([0, 0, 0, 0, 0, 0xff])); // MTIME 0, XFL 0, OS unknown
    const whole = gunzipSync(bytes);
    expect(whole.length % 512).toBe(0);
    expect(whole.subarray(whole.length - 1024).every((b) => b === 0)).toBe(true);
  });

  it('writes the same bytes every time for the same input', async () => {
    await writeBundle(join(dir, 'a.tar.gz'));
    await writeBundle(join(dir, 'b.tar.gz'));
    const [a, b] = await Promise.all([readFile(join(dir, 'a.tar.gz')), readFile(join(dir, 'b.tar.gz'))]);
    expect(a.equals(b)).toBe(true);
  });

  it('refuses an existing target and leaves it untouched, unless overwrite is asked', async () => {
    const target = join(dir, 'bundle.tar.gz');
    await writeFile(target, 'precious');
    await expect(createBundleWriter(target, { rootName: 'r' })).rejects.toBeInstanceOf(UserError);
    expect(await readFile(target, 'utf8')).toBe('precious');
    const writer = await createBundleWriter(target, { rootName: 'r', overwrite: true, mtime: MTIME });
    await writer.addFile('a.txt', 'a');
    await writer.finish(manifest());
    expect(systemTar(['-tzf', target])).toContain('r/a.txt');
    expect(await readdir(dir)).toEqual(['bundle.tar.gz']);
  });

  it('refuses to write over one of its inputs, even with overwrite', async () => {
    const input = join(dir, 'input.tar.gz');
    await writeFile(input, 'the user bundle');
    await expect(
      createBundleWriter(join(dir, '.', 'input.tar.gz'), { rootName: 'r', overwrite: true, protect: [input] }),
    ).rejects.toThrow(/one of the inputs/);
    expect(await readFile(input, 'utf8')).toBe('the user bundle');
  });

  it('leaves nothing behind on abort, whether entries were written or not', async () => {
    const early = await createBundleWriter(join(dir, 'early.tar.gz'), { rootName: 'r' });
    await early.abort();
    const late = await createBundleWriter(join(dir, 'late.tar.gz'), { rootName: 'r' });
    await late.addFile('big.log', 'x'.repeat(9_000_000));
    await late.addFile('small.log', 'y');
    await late.abort();
    await expect(late.addFile('more.log', 'z')).rejects.toThrow(/aborted/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects unsafe, duplicate and reserved entry paths', async () => {
    const writer = await createBundleWriter(join(dir, 'b.tar.gz'), { rootName: 'r' });
    await expect(writer.addFile('../escape', 'x')).rejects.toThrow(/'\.\.'/);
    await expect(writer.addFile('/etc/passwd', 'x')).rejects.toThrow(/absolute/);
    await expect(writer.addFile('podmortem.json', '{}')).rejects.toThrow(/finish/);
    await writer.addFile('a.json', '{}');
    await expect(writer.addFile('a.json', '{}')).rejects.toThrow(/duplicate/);
    await writer.abort();
    await expect(createBundleWriter(join(dir, 'c.tar.gz'), { rootName: 'a/b' })).rejects.toThrow(/single folder/);
  });

  it('fails when the target folder does not exist, naming it', async () => {
    await expect(createBundleWriter(join(dir, 'missing', 'b.tar.gz'), { rootName: 'r' })).rejects.toThrow(/does not exist/);
  });
});
