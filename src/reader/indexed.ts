/**
 * podmortem's own archives carry an index (src/bundle/seekable.ts), so the reader need not take them in archive
 * order: it reads every object file first, then only the logs whose lines are needed (previous logs, containers that
 * died), and never decompresses a byte of the other logs — their size comes from the index.
 */
import { open } from 'node:fs/promises';
import { openIndexedEntry, readSeekableIndex, type SeekableIndexEntry } from '../bundle/seekable.js';
import type { LogWindow } from '../model/snapshot.js';
import type { BundleEntry } from './source.js';
import { checkEntryPath } from './sources/entry-path.js';
import { streamEntry } from './sources/stream-entry.js';

export interface IndexedEntry {
  /** The path as a sequential read names it: the archive's root folder, then the path inside the bundle. */
  path: string;
  size: number;
  open(): BundleEntry;
}

/**
 * The entries of a seekable archive in index order, read through one open handle (`close` it when done), or
 * undefined when `path` is not one (or its index is odd).
 */
export async function indexedEntries(path: string): Promise<{ entries: IndexedEntry[]; close: () => Promise<void> } | undefined> {
  const index = await readSeekableIndex(path);
  if (!index) return undefined;
  const entries: Array<[string, SeekableIndexEntry]> = [];
  const seen = new Set<string>();
  for (const entry of index.entries) {
    const checked = checkEntryPath(`${index.root}/${entry.path}`);
    // The index is as untrusted as the rest: anything a sequential read would flag is left to the sequential read.
    if (!checked.ok || seen.has(checked.path)) return undefined;
    seen.add(checked.path);
    entries.push([checked.path, entry]);
  }
  const handle = await open(path, 'r');
  return {
    entries: entries.map(([name, entry]) => ({ path: name, size: entry.size, open: () => streamEntry(name, entry.size, () => openIndexedEntry(path, index.root, entry, handle)) })),
    close: () => handle.close(),
  };
}

/** The window of a log whose bytes were not read: only its size is known. */
export function skippedWindow(file: string, size: number): LogWindow {
  return { source: { file }, lines: [], totalLines: 0, totalBytes: size, complete: size === 0, timestamped: false, drained: 'skipped' };
}
