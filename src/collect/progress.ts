/**
 * The progress line `collect` shows on a terminal: one line, rewritten in place, throttled so a fast run does not
 * flood the terminal. Never used when stderr is not a TTY.
 */
import type { CliStream } from '../cli/context.js';
import type { CollectProgress } from './collector.js';

const MIN_INTERVAL_MS = 100;

export function progressText(progress: CollectProgress): string {
  const errors = progress.errors > 0 ? `, ${progress.errors} failed` : '';
  // Names come from the cluster: keep only printable characters so nothing can drive the terminal.
  const current = progress.current.replace(/[^\x20-\x7e]/g, '?').slice(0, 60);
  return `podmortem collect: ${progress.done}/${progress.total} steps${errors} · ${current}`;
}

export function progressPrinter(stream: CliStream): { update: (progress: CollectProgress) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    update(progress) {
      const now = Date.now();
      if (now - last < MIN_INTERVAL_MS) return;
      last = now;
      const columns = stream.columns ?? 100;
      stream.write(`\r\x1b[K${progressText(progress).slice(0, Math.max(20, columns - 1))}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
