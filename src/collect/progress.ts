/**
 * The progress line `collect` shows on a terminal: one line, rewritten in place, throttled so a fast run does not
 * flood the terminal. Never used when stderr is not a TTY.
 */
import type { CliStream } from '../cli/context.js';
import { statusLine } from '../cli/progress.js';
import type { CollectProgress } from './collector.js';

export function progressText(progress: CollectProgress): string {
  const errors = progress.errors > 0 ? `, ${progress.errors} failed` : '';
  // Names come from the cluster: keep only printable characters so nothing can drive the terminal.
  const current = progress.current.replace(/[^\x20-\x7e]/g, '?').slice(0, 60);
  return `podmortem collect: ${progress.done}/${progress.total} steps${errors} · ${current}`;
}

export function progressPrinter(stream: CliStream): { update: (progress: CollectProgress) => void; clear: () => void } {
  const line = statusLine(stream);
  return { update: (progress) => line.update(progressText(progress)), clear: () => line.clear() };
}
