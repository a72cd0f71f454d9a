/**
 * Entries whose bytes come as a Node stream (a folder's files, a seekable archive's members): `forEachChunk` reads
 * the stream, and the stream is only opened when something reads it.
 */
import type { Readable } from 'node:stream';
import type { BundleEntry, ChunkHandler } from '../source.js';

export function streamEntry(path: string, size: number, open: () => Readable): BundleEntry {
  let stream: Readable | undefined;
  const opened = () => (stream ??= open());
  return {
    path,
    size,
    get stream() {
      return opened();
    },
    forEachChunk: (onChunk) => forEachStreamChunk(opened(), onChunk),
  };
}

/** Stopping early (or a throwing `onChunk`) destroys the stream: the async iterator's `return` does. */
async function forEachStreamChunk(stream: Readable, onChunk: ChunkHandler): Promise<void> {
  for await (const chunk of stream as AsyncIterable<Buffer>) if (onChunk(chunk) === false) return;
}
