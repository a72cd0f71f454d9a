/**
 * An extracted bundle folder. Links are reported and never followed (a link could point anywhere on the user's
 * machine), and paths are relative to the folder so they match what `ls` and `tar tf` show.
 */
import { createReadStream } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Diagnostic } from '../../model/snapshot.js';
import type { BundleEntry, BundleSource } from '../source.js';
import { checkEntryPath } from './entry-path.js';
import { streamEntry } from './stream-entry.js';
import { requireLazily } from '../../util/require-lazily.js';

export class FolderSource implements BundleSource {
  readonly name: string;
  private readonly root: string;

  constructor(readonly path: string) {
    this.root = resolve(path);
    this.name = basename(this.root);
  }

  async *entries(diagnostics: Diagnostic[]): AsyncIterable<BundleEntry> {
    // Archives (what most runs read) never need fast-glob.
    const fg = requireLazily('fast-glob') as typeof import('fast-glob');
    const found = await fg('**', {
      cwd: this.root,
      dot: true,
      onlyFiles: false,
      followSymbolicLinks: false,
      suppressErrors: true,
      objectMode: true,
    });
    // Sorted so that a folder and the tarball of it give the same snapshot whatever the file system's order.
    found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const item of found) {
      const dirent = item.dirent;
      if (dirent.isDirectory()) continue;
      const checked = checkEntryPath(item.path);
      if (!checked.ok) continue; // fast-glob never yields such names; kept as a guard
      if (dirent.isSymbolicLink()) {
        diagnostics.push({
          severity: 'info',
          code: 'link-skipped',
          file: checked.path,
          message: `skipped ${checked.path}: it is a symbolic link, and podmortem never follows links`,
        });
        continue;
      }
      if (!dirent.isFile()) {
        diagnostics.push({
          severity: 'warning',
          code: 'entry-skipped',
          file: checked.path,
          message: `skipped ${checked.path}: it is not a regular file (device, FIFO or socket)`,
        });
        continue;
      }
      const full = join(this.root, checked.path);
      let size: number;
      try {
        const info = await lstat(full);
        if (!info.isFile()) continue;
        size = info.size;
      } catch (error) {
        diagnostics.push(unreadable(checked.path, error));
        continue;
      }
      const stream = createReadStream(full, { highWaterMark: 256 * 1024 });
      const opened = new Promise<Error | undefined>((resolveOpen) => {
        stream.once('ready', () => resolveOpen(undefined));
        stream.once('error', (error) => resolveOpen(error));
      });
      const failure = await opened;
      if (failure) {
        diagnostics.push(unreadable(checked.path, failure));
        stream.destroy();
        continue;
      }
      try {
        yield streamEntry(checked.path, size, () => stream);
      } finally {
        stream.destroy();
      }
    }
  }

  async openFile(path: string): Promise<Readable> {
    const checked = checkEntryPath(path);
    if (!checked.ok) throw new Error(`refusing to open ${path}: ${checked.reason}`);
    const full = join(this.root, checked.path);
    const info = await lstat(full).catch(() => undefined);
    if (!info?.isFile()) throw new Error(`${path} is not a file in the bundle ${this.path}`);
    return createReadStream(full);
  }

  async close(): Promise<void> {}
}

function unreadable(path: string, error: unknown): Diagnostic {
  return {
    severity: 'warning',
    code: 'unreadable-file',
    file: path,
    message: `cannot read ${path}: ${(error as Error).message}`,
  };
}
