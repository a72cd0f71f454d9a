/**
 * One status line on stderr, rewritten in place: only on a terminal, throttled, and (for reads) only once a read
 * has taken long enough to be worth watching. When stderr is a pipe nothing is ever written.
 */
import type { ReadProgress } from '../reader/options.js';
import { formatBytes, statusLine } from '../util/status-line.js';
import type { CliStream } from './context.js';

/** Reads that take longer than this show progress. */
export const READ_PROGRESS_DELAY_MS = 1500;

/**
 * Progress for reading bundles, one line over the whole run: `podmortem: reading bundles: 1,204 files, 310 MB`.
 * Undefined when stderr is not a terminal. The reader counts per bundle from 1; a count that starts again is the
 * next bundle, so the totals add up over all of them.
 */
export function readProgress(stream: CliStream): { onProgress: (p: ReadProgress) => void; clear(): void } | undefined {
  if (stream.isTTY !== true) return undefined;
  const line = statusLine(stream, READ_PROGRESS_DELAY_MS);
  const done = { entries: 0, bytes: 0 };
  let current = { entries: 0, bytes: 0 };
  return {
    onProgress(progress) {
      if (progress.entries < current.entries) {
        done.entries += current.entries;
        done.bytes += current.bytes;
      }
      current = progress;
      const entries = done.entries + progress.entries;
      line.update(`podmortem: reading bundles: ${entries.toLocaleString('en-US')} files, ${formatBytes(done.bytes + progress.bytes)}`);
    },
    clear: () => line.clear(),
  };
}
