/** `kubectl logs --timestamps` and must-gather prefix every line with an RFC 3339 time and one space. */
export const RFC3339_PREFIX = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2}) /;

/** Lines examined at the start of a log to decide whether it is timestamped. */
export const TIMESTAMP_SAMPLE_LINES = 10;

/** Timestamped when at least 80% of the first non-empty lines carry the prefix (a stray unprefixed line is tolerated). */
export function isTimestamped(matched: number, sampled: number): boolean {
  return sampled > 0 && matched / sampled >= 0.8;
}
