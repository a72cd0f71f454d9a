/**
 * One status line on a terminal stream, rewritten in place and throttled. Shared by the CLI's read progress and the
 * collector's progress; when the stream is not a terminal the caller does not create one.
 */

/** Where text goes: stdout or stderr, or a captured stream in tests. */
export interface TextStream {
  write(chunk: string): unknown;
  /** True when the stream is a terminal: colour and the terminal view are used only then. */
  isTTY?: boolean;
  columns?: number;
}

const MIN_INTERVAL_MS = 100;

export interface StatusLine {
  update(text: string): void;
  clear(): void;
}

/** `delayMs`: nothing is shown until this long after the line was created (a quick run prints nothing). */
export function statusLine(stream: TextStream, delayMs = 0): StatusLine {
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

/** A size for a progress line: `900 B`, `69 KB`, `5.5 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit] ?? ''}`;
}
