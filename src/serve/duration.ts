/**
 * apimachinery's `duration.HumanDuration` and the printers' `translateTimestampSince`, ported exactly: kubectl users
 * read these cells every day, so `5m30s` must look as it does against a real apiserver.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** `HumanDuration(d)` for a duration in milliseconds. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = Math.trunc(ms / SECOND) % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.trunc(hours / 24) % 365;
    const years = Math.trunc(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Milliseconds since the epoch, or undefined for an absent, zero or unparseable Kubernetes time. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) || time <= 0 ? undefined : time;
}

/**
 * The clock the printers measure ages against. `now` is fixed per request so every cell of one table agrees.
 * See docs/serve.md ("AGE"): by default it is the snapshot's capture time, not the wall clock.
 */
export interface AgeClock {
  now: number;
}

/** `translateTimestampSince`: `<unknown>` for a zero time, else the human duration since it. */
export function since(clock: AgeClock, value: unknown): string {
  const time = parseTime(value);
  return time === undefined ? '<unknown>' : humanDuration(clock.now - time);
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: SECOND, m: MINUTE, h: HOUR };

/** Go's `time.ParseDuration` for the `timeout` query parameter (`32s`, `1m30s`, `0`), in ms; undefined if malformed. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text.length > 64) return undefined;
  const pattern = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let matched = 0;
  while (pattern.lastIndex < text.length) {
    const start = pattern.lastIndex;
    const match = pattern.exec(text);
    if (!match || match.index !== start) return undefined;
    const [, amount = '', unit = ''] = match;
    const unitMs = UNIT_MS[unit];
    if (unitMs === undefined) return undefined;
    total += Number(amount) * unitMs;
    matched++;
  }
  return matched > 0 ? total : undefined;
}
