/**
 * Opens a bundle for serving: one streaming pass builds the snapshot, and the same source stays open so
 * `kubectl logs` can read any log file from it later (a jump to the entry in podmortem's seekable archives).
 */
import { BundleReadError, openBundleSource, type ReadOptions } from '../reader/index.js';
import { readSource } from '../reader/read.js';
import type { ServedBundle } from './index.js';

/**
 * serve streams every log from the bundle on demand, so the reader keeps no log lines in memory for it (it still
 * counts lines and detects timestamps): memory then grows with the number of objects, not with the logs. It answers
 * for every kind, so every object file is parsed.
 */
export const SERVE_READ_OPTIONS: ReadOptions = { headLines: 0, tailLines: 0, maxKeptLines: 0, objects: 'all' };

export async function loadBundle(path: string, options: ReadOptions = SERVE_READ_OPTIONS): Promise<ServedBundle> {
  const source = await openBundleSource(path);
  try {
    const snapshot = await readSource(source, options);
    return { snapshot, files: source, close: () => source.close() };
  } catch (error) {
    await source.close().catch(() => undefined);
    if (error instanceof BundleReadError) throw error;
    throw new BundleReadError(`cannot read bundle ${path}: ${(error as Error).message}`);
  }
}
