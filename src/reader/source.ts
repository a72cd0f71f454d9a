import type { Readable } from 'node:stream';
import type { ChunkHandler } from '../bundle/tar.js';
import type { Diagnostic } from '../model/snapshot.js';

export type { ChunkHandler } from '../bundle/tar.js';

/** An entry's bytes, for the consumers that only need to see them once, in order (the reader's roles). */
export interface EntryData {
  /**
   * Hands the bytes to `onChunk` in order — synchronously while they are already decompressed, so a small entry costs
   * no stream and no promise per chunk — and settles after the last one, or as soon as `onChunk` returns false (the
   * rest is skipped). Rejects when the bytes cannot be read to their end, or with what `onChunk` threw.
   */
  forEachChunk(onChunk: ChunkHandler): Promise<void>;
}

/**
 * A bundle's files, whatever holds them (a .tar.gz, a .tar.xz, a folder). Paths are relative to the bundle root,
 * `/`-separated, already checked to stay inside the bundle (no `..`, no absolute paths, no links followed).
 */
export interface BundleEntry extends EntryData {
  path: string;
  /** Size in bytes as the container records it (tar header or stat). */
  size: number;
  /**
   * The same bytes as a Node stream, made on first use, for consumers that pipe them on (serve, redact). Consume an
   * entry once, through `forEachChunk` or `stream`, and before the iteration moves on: after that it has no bytes.
   */
  readonly stream: Readable;
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
