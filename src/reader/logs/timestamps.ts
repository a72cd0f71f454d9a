/**
 * The one parser of the container runtime's per-line timestamp: `kubectl logs --timestamps` and must-gather prefix
 * every line with an RFC 3339 time (nanoseconds, `Z` or an offset) and one space. The reader splits it off each kept
 * line of a timestamped log (`LogLine.time`, `LogLine.message`); serve parses the same prefix while streaming.
 */
import type { LogLine } from '../../model/snapshot.js';

const STAMP = String.raw`(\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})`;
/** A line that starts with the runtime's timestamp and its space. */
export const RFC3339_PREFIX = new RegExp(`^${STAMP} `);
const WHOLE_STAMP = new RegExp(`^${STAMP}$`);

/** Lines examined at the start of a log to decide whether it is timestamped. */
export const TIMESTAMP_SAMPLE_LINES = 10;

/** Timestamped when at least 80% of the first non-empty lines carry the prefix (a stray unprefixed line is tolerated). */
export function isTimestamped(matched: number, sampled: number): boolean {
  return sampled > 0 && matched / sampled >= 0.8;
}

/** Milliseconds since the epoch of the parts of a stamp; nanoseconds are cut to milliseconds. */
function epochMs(date: string, fraction: string | undefined, zone: string): number | undefined {
  const time = Date.parse(`${date.toUpperCase()}${fraction ? fraction.slice(0, 4) : ''}${zone.toUpperCase()}`);
  return Number.isNaN(time) ? undefined : time;
}

/** Milliseconds since the epoch of a whole timestamp (`2024-05-01T11:00:00.123456789Z`), or undefined when it is not one. */
export function parseRuntimeTime(stamp: string): number | undefined {
  const match = WHOLE_STAMP.exec(stamp);
  return match?.[1] && match[3] ? epochMs(match[1], match[2], match[3]) : undefined;
}

/** A line of a timestamped log: its time and its text after the prefix, or the line unchanged when it has none. */
function withRuntimeTime(line: LogLine): LogLine {
  const match = RFC3339_PREFIX.exec(line.text);
  if (!match?.[1] || !match[3]) return line;
  const time = epochMs(match[1], match[2], match[3]);
  const message = line.text.slice(match[0].length);
  return time === undefined ? { ...line, message } : { ...line, time, message };
}

/** The lines of a log as the reader keeps them: when the log is timestamped, each split into time and message. */
export function splitRuntimeTimes(lines: LogLine[], timestamped: boolean): LogLine[] {
  return timestamped ? lines.map(withRuntimeTime) : lines;
}
