/**
 * podmortem's own archives are seekable (one gzip member per entry plus an index, src/bundle/seekable.ts): `openFile`
 * jumps straight to one entry there, and falls back to a sequential scan for any other archive.
 */
import type { Readable } from 'node:stream';
import { openSeekableEntry } from '../../bundle/seekable.js';

export async function openSeekableEntryHook(archivePath: string, entryPath: string): Promise<Readable | undefined> {
  try {
    return await openSeekableEntry(archivePath, entryPath);
  } catch {
    return undefined;
  }
}
