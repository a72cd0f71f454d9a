/**
 * The streaming reader: any bundle podmortem knows (podmortem, troubleshoot.sh, kubectl cluster-info dump,
 * must-gather; folder, .tar.gz, .tar.xz or .tar) → one Snapshot, in one pass, with bounded memory; and the text
 * reader for kubectl output pasted into a ticket.
 */
import type { Snapshot } from '../model/snapshot.js';
import { BundleReadError } from './errors.js';
import type { ReadOptions } from './options.js';
import { readSource } from './read.js';
import { readPaste } from './paste/index.js';
import { isPastedText } from './paste/detect.js';
import { openBundleSource } from './sources/index.js';

export { BundleReadError } from './errors.js';
export { DEFAULT_READ_OPTIONS, type ReadOptions } from './options.js';
export type { BundleEntry, BundleSource } from './source.js';
export { openBundleSource };

/**
 * Reads a bundle into a snapshot. Damage inside the bundle becomes `snapshot.diagnostics`; a BundleReadError (naming
 * the path) is thrown only when nothing at all can be read.
 */
export async function readSnapshot(path: string, options?: ReadOptions): Promise<Snapshot> {
  // A ticket's pasted text (or `-`, standard input) goes to the text reader; archives and folders to the bundle reader.
  if (path === '-' || (await isPastedText(path))) return readPaste(path);
  const source = await openBundleSource(path);
  try {
    return await readSource(source, options);
  } catch (error) {
    if (error instanceof BundleReadError) throw error;
    throw new BundleReadError(`cannot read bundle ${path}: ${(error as Error).message}`);
  } finally {
    await source.close();
  }
}
