/**
 * One status line on stderr, rewritten in place: only on a terminal, throttled, and (for reads) only once a read
 * has taken long enough to be worth watching. When stderr is a pipe nothing is ever written.
 */
import type { ReadProgress } from '../reader/options.js';
import type { CliStream } from './context.js';

const MIN_INTERVAL_MS = 100;

export interface StatusLine {
  update(text: string): void;
  clear(): void;
}

/** `delayMs`: nothing is shown until this long after the line was created (a quick run prints nothing). */
export function statusLine(stream: CliStream, delayMs = 0): StatusLine {
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(text) {
      const now = Date.now();
      if (now - started < delayMs || now - last < MIN_INTERVAL_MS) return;
      last = now;
      // Callers pass printable text only; cut to the terminal so the line never wraps (a wrapped line cannot be rewritten).
      const columns = stream.columns ?? 100;
      stream.write(`\r\x1b[K${text.replace(/[^\x20-\x7e\u00a0-\u00ff·…]/g, '?').slice(0, Math.max(20, columns - 1))}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}

/** Reads that take longer than this show progress. */
export const READ_PROGRESS_DELAY_MS = 1500;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

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
