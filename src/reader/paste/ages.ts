/**
 * kubectl's relative ages (`45s`, `3m10s`, `2d4h`, `<unknown>`, `(x42 over 11m)`) and the RFC 1123 times of `describe`
 * (`Mon, 20 Nov 2023 10:05:00 +0000`). A paste rarely says when it was taken, so ages become times against one
 * reference instant, which keeps their order and spacing right even when the absolute time is not known.
 */

const AGE_PART = /(\d+)([smhdy])/g;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, y: 365 * 86400 };

/** Seconds in a kubectl age (`3m10s`, `2d`, `8y`); undefined for `<unknown>`, `<invalid>` and anything else. */
export function parseAge(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+[smhdy])+$/.test(trimmed)) return undefined;
  let seconds = 0;
  for (const [, amount, unit = ''] of trimmed.matchAll(AGE_PART)) seconds += Number(amount) * (UNIT_SECONDS[unit] ?? 0);
  return seconds;
}

/** `2m (x42 over 11m)` → the last occurrence's age, the count and the first occurrence's age. */
export interface EventAge {
  lastSecondsAgo?: number;
  firstSecondsAgo?: number;
  count: number;
}

export function parseEventAge(text: string): EventAge {
  const match = /^\s*(\S+)(?:\s+\(x(\d+) over (\S+)\))?\s*$/.exec(text);
  if (!match) return { count: 1 };
  const [, lastText = '', countText, firstText] = match;
  const last = parseAge(lastText);
  const count = countText ? Number(countText) : 1;
  const first = firstText ? parseAge(firstText) : last;
  return { lastSecondsAgo: last, firstSecondsAgo: first, count };
}

/** `Mon, 20 Nov 2023 10:05:00 +0000` (describe's time format) or an RFC 3339 time → ISO, else undefined. */
export function parseDescribeTime(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^(\w{3}, \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))$/.test(trimmed)) {
    return undefined;
  }
  const time = Date.parse(trimmed);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().replace('.000Z', 'Z');
}

/** The reference instant minus an age, as ISO. */
export function timeBefore(reference: string, secondsAgo: number): string {
  return new Date(Date.parse(reference) - secondsAgo * 1000).toISOString().replace('.000Z', 'Z');
}
