import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';

export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `podmortem-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export interface ReadEntry {
  name: string;
  type: string;
  data: Buffer;
}

/** Reads an archive the way podmortem's reader does: tar-stream over zlib's gunzip. */
export async function readWithTarStream(archive: string): Promise<ReadEntry[]> {
  const entries: ReadEntry[] = [];
  const tar = extract();
  tar.on('entry', (header, stream, next) => {
    // tar-stream's types leave out the null it gives for a typeflag it does not know.
    const type = header.type as string | null;
    readAll(stream).then((data) => {
      entries.push({ name: header.name, type: type ?? 'file', data });
      next();
    }, next);
  });
  await pipeline(createReadStream(archive), createGunzip(), tar);
  return entries;
}

/** The system tar, as a support engineer would run it. */
export function systemTar(args: string[], cwd?: string): string {
  return execFileSync('tar', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
