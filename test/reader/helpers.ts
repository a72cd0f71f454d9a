/**
 * Test helpers that write real bundles: tarballs through tar-stream + zlib (or xz), and folders, in a fresh temporary
 * directory per test file. Hostile entries (../../x, absolute names, links, devices, duplicates) are written exactly
 * as a malicious or broken tool would.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface TarEntrySpec {
  name: string;
  content?: string | Buffer;
  type?: 'file' | 'symlink' | 'link' | 'directory' | 'character-device' | 'fifo';
  linkname?: string;
  /** A large body generated as a stream: `size` bytes from `chunks()`. */
  generated?: { size: number; chunks: () => Iterable<Buffer> | AsyncIterable<Buffer> };
}

export type Compression = 'gzip' | 'xz' | 'none' | 'gzip-per-entry';

export async function tempDir(prefix = 'podmortem-reader-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes a tar of `entries` to `path`, compressed as asked. */
export async function writeTarball(path: string, entries: TarEntrySpec[], compression: Compression = 'gzip'): Promise<void> {
  if (compression === 'gzip-per-entry') {
    // Several concatenated gzip members, as podmortem's seekable archives are written (one member per entry).
    const raw = await tarBytes(entries);
    const blocks = raw.length / 512;
    const cuts = [0, Math.floor(blocks / 3) * 512, Math.floor((2 * blocks) / 3) * 512, raw.length];
    const members = cuts.slice(1).map((end, i) => gzipSync(raw.subarray(cuts[i], end)));
    await writeFile(path, Buffer.concat(members));
    return;
  }
  const pack = packEntries(entries);
  if (compression === 'gzip') await pipeline(pack, createGzip({ level: 1 }), createWriteStream(path));
  else if (compression === 'none') await pipeline(pack, createWriteStream(path));
  else {
    const raw = await tarBytes(entries);
    const result = spawnSync('xz', ['-z', '-c', '-T1', '-0'], { input: raw, maxBuffer: 1 << 30 });
    if (result.status !== 0) throw new Error(`xz failed: ${result.stderr.toString()}`);
    await writeFile(path, result.stdout);
  }
}

export async function tarBytes(entries: TarEntrySpec[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of packEntries(entries) as unknown as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function packEntries(entries: TarEntrySpec[]): Readable {
  const pack = tar.pack();
  void (async () => {
    for (const entry of entries) {
      const type = entry.type ?? 'file';
      if (entry.generated) {
        const generated = entry.generated;
        await new Promise<void>((resolve, reject) => {
          const sink = pack.entry({ name: entry.name, size: generated.size, type: 'file' }, (e) => (e ? reject(e) : resolve()));
          const writer = sink as unknown as NodeJS.WritableStream;
          (async () => {
            for await (const chunk of generated.chunks()) {
              if (!writer.write(chunk)) await new Promise<void>((drained) => writer.once('drain', () => drained()));
            }
            writer.end();
          })().catch(reject);
        });
      } else if (type === 'file') {
        const body = typeof entry.content === 'string' ? Buffer.from(entry.content) : (entry.content ?? Buffer.alloc(0));
        await new Promise<void>((resolve, reject) => pack.entry({ name: entry.name, size: body.length }, body, (e) => (e ? reject(e) : resolve())));
      } else {
        await new Promise<void>((resolve, reject) =>
          pack.entry({ name: entry.name, type, linkname: entry.linkname ?? '', size: 0 }, (e) => (e ? reject(e) : resolve())),
        );
      }
    }
    pack.finalize();
  })().catch((error: unknown) => pack.destroy(error instanceof Error ? error : new Error(String(error))));
  return pack as unknown as Readable;
}

/** Writes a folder bundle: `files` by relative path, plus symlinks. */
export async function writeFolder(root: string, files: Record<string, string | Buffer>, links: Record<string, string> = {}): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  for (const [path, target] of Object.entries(links)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await symlink(target, join(root, path));
  }
}

/** Files as tar entries, under an optional top-level folder. */
export function entriesOf(files: Record<string, string | Buffer>, root = ''): TarEntrySpec[] {
  return Object.entries(files).map(([name, content]) => ({ name: root ? `${root}/${name}` : name, content }));
}

export function podList(pods: object[]): string {
  return JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: pods }, null, 2);
}

/** A pod with the fields readers and the builder look at. */
export function pod(namespace: string, name: string, containers: Array<{ name: string; restartCount?: number; init?: boolean; lastExit?: number }>): object {
  const regular = containers.filter((c) => !c.init);
  const init = containers.filter((c) => c.init);
  const status = (c: (typeof containers)[number]) => ({
    name: c.name,
    restartCount: c.restartCount ?? 0,
    ready: false,
    image: 'example/app:1',
    imageID: '',
    ...(c.lastExit !== undefined ? { lastState: { terminated: { exitCode: c.lastExit, reason: 'Error' } } } : {}),
    state: c.restartCount ? { waiting: { reason: 'CrashLoopBackOff' } } : { running: { startedAt: '2024-05-01T10:00:00Z' } },
  });
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}` },
    spec: { nodeName: 'node-1', containers: regular.map((c) => ({ name: c.name, image: 'example/app:1' })), initContainers: init.map((c) => ({ name: c.name, image: 'example/init:1' })) },
    status: { phase: 'Running', containerStatuses: regular.map(status), initContainerStatuses: init.map(status) },
  };
}
