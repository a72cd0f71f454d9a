import type { Readable } from 'node:stream';
import type { Diagnostic } from '../model/snapshot.js';

/**
 * A bundle's files, whatever holds them (a .tar.gz, a .tar.xz, a folder). Paths are relative to the bundle root,
 * `/`-separated, already checked to stay inside the bundle (no `..`, no absolute paths, no links followed).
 */
export interface BundleEntry {
  path: string;
  /** Size in bytes as the container records it (tar header or stat). */
  size: number;
  /** The entry's bytes. Valid only until the iteration moves on: consume it (or `resume()` it) before the next entry. */
  stream: Readable;
}

export interface BundleSource {
  /** What the user gave. */
  readonly path: string;
  /** Display name: the archive or folder name. */
  readonly name: string;
  /**
   * Every file once, in the order the container stores them. Problems with the container itself (truncated gzip,
   * unsafe entry names, duplicates) are pushed to `diagnostics` and iteration continues with what can still be read.
   */
  entries(diagnostics: Diagnostic[]): AsyncIterable<BundleEntry>;
  /**
   * One file's bytes on demand, for consumers that need more than the reader kept (`serve` answering
   * `kubectl logs`). Rejects with an error naming the path when the file is not in the bundle.
   */
  openFile(path: string): Promise<Readable>;
  /** True when `openFile` decompresses the archive from its start (no index to jump with): `serve` then shares passes. */
  sequential?(): Promise<boolean>;
  close(): Promise<void>;
}
