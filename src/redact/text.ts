/**
 * Text redaction: find credential spans (podmortem's rules and secretlint's), merge overlaps, and replace each
 * with a stable token. Several strings can be redacted in one call (every string of a resource file), which lets
 * secretlint scan them as one source; spans never cross from one string into the next.
 */
import { createHmac } from 'node:crypto';
import { findSpans, type SecretSpan } from './rules.js';
import { findSecretlintSpans, WHOLE_URL_RULES } from './secretlint.js';

/** One masked value: which rule found it. The value itself is never kept. */
export type RedactionTally = Map<string, number>;

/**
 * `<redacted:RULE:hash8>`: hash8 is an HMAC-SHA256 of the value under a per-bundle random key, so the same secret
 * gives the same token in every file of a bundle (correlation still works) but the bundle alone cannot be used
 * to test guesses of the value, and two bundles never share tokens.
 */
export class TokenMinter {
  constructor(private readonly key: Uint8Array) {}

  token(rule: string, value: string): string {
    const hash = createHmac('sha256', this.key).update(value, 'utf8').digest('hex').slice(0, 8);
    return `<redacted:${rule}:${hash}>`;
  }
}

export const TOKEN_PATTERN = /<redacted:[a-z0-9-]+:[0-9a-f]{8}>/g;

function mergeSpans(spans: SecretSpan[]): SecretSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) {
      if (span.end > last.end) {
        last.end = span.end;
        last.value = undefined;
      }
      continue;
    }
    merged.push({ ...span });
  }
  return merged;
}

/** Drops whole-URL spans from secretlint that contain a narrower span of ours (the password inside the URL). */
function preferNarrow(ours: SecretSpan[], theirs: SecretSpan[]): SecretSpan[] {
  return theirs.filter(
    (span) => !(WHOLE_URL_RULES.has(span.rule) && ours.some((o) => o.start >= span.start && o.end <= span.end)),
  );
}

/**
 * Spans wholly inside a token from an earlier redaction (a re-redacted bundle) would mangle it: they are dropped.
 * Only the exact token format counts, and a span that runs past a token (`<redacted:x:00000000>hunter2`) stays.
 * Both lists are in text order, so one sweep does it.
 */
function outsideTokens(text: string, spans: SecretSpan[]): SecretSpan[] {
  if (spans.length === 0 || !text.includes('<redacted:')) return spans;
  const tokens = [...text.matchAll(TOKEN_PATTERN)].map((m) => [m.index, m.index + m[0].length] as const);
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let cursor = 0;
  return sorted.filter((span) => {
    let token = tokens[cursor];
    while (token && token[1] <= span.start) token = tokens[++cursor];
    return !(token && token[0] <= span.start && span.end <= token[1]);
  });
}

function applySpans(text: string, found: SecretSpan[], minter: TokenMinter, tally: RedactionTally): string {
  const spans = outsideTokens(text, found);
  if (spans.length === 0) return text;
  let out = '';
  let cursor = 0;
  for (const span of mergeSpans(spans)) {
    const value = span.value ?? text.slice(span.start, span.end);
    out += text.slice(cursor, span.start) + minter.token(span.rule, value);
    cursor = span.end;
    tally.set(span.rule, (tally.get(span.rule) ?? 0) + 1);
  }
  return out + text.slice(cursor);
}

/** Redacts every string of `texts`; the result has the same length and order. */
export async function redactTexts(texts: readonly string[], minter: TokenMinter, tally: RedactionTally): Promise<string[]> {
  if (texts.length === 0) return [];
  const theirs = await findSecretlintSpans(`${texts.join('\n')}\n`);
  let next = 0;
  return texts.map((text) => {
    const base = next;
    next += text.length + 1;
    const limit = base + text.length;
    const ours = findSpans(text);
    const local = theirs
      .filter((s) => s.start < limit && s.end > base)
      .map((s) => ({ ...s, start: Math.max(0, s.start - base), end: Math.min(text.length, s.end - base) }));
    return applySpans(text, [...ours, ...preferNarrow(ours, local)], minter, tally);
  });
}

export async function redactText(text: string, minter: TokenMinter, tally: RedactionTally): Promise<string> {
  const [result] = await redactTexts([text], minter, tally);
  if (result === undefined) throw new Error('redactTexts returned fewer texts than it was given');
  return result;
}
