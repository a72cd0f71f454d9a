/**
 * Writes a plain .tar.gz (one gzip stream, no index) as other tools' archives are, for the foreign-layout samples.
 * Same reproducibility rules as the podmortem writer: fixed headers, caller's order and mtime.
 */
import { gzipMemberSync } from '../bundle/gzip-member.js';
import { END_OF_ARCHIVE, encodeTarEntry } from '../bundle/tar.js';
import type { TarEntryType } from '../bundle/tar.js';
import { writeFileAtomic } from '../util/atomic-write.js';

export interface PlainEntry {
  name: string;
  type?: TarEntryType;
  content?: string | Uint8Array;
  mode?: number;
}

/** Adds a directory entry before the first file of every folder, as `tar czf DIR` does. */
export function withDirectories(files: PlainEntry[]): PlainEntry[] {
  const seen = new Set<string>();
  const out: PlainEntry[] = [];
  for (const file of files) {
    const parts = file.name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!seen.has(dir)) {
        seen.add(dir);
        out.push({ name: dir, type: 'directory' });
      }
    }
    out.push(file);
  }
  return out;
}

export function plainTarGz(entries: PlainEntry[], mtime: Date): Uint8Array {
  const parts = entries.map(
    (entry) =>
      encodeTarEntry({
        name: entry.name,
        type: entry.type,
        data: typeof entry.content === 'string' ? new TextEncoder().encode(entry.content) : entry.content,
        mtime,
        mode: entry.mode,
      }).bytes,
  );
  parts.push(END_OF_ARCHIVE);
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const tar = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    tar.set(part, at);
    at += part.length;
  }
  return gzipMemberSync(tar);
}

export async function writePlainTarGz(target: string, entries: PlainEntry[], mtime: Date): Promise<void> {
  await writeFileAtomic(target, plainTarGz(entries, mtime), { overwrite: true });
}
