/**
 * podmortem's own text rules: the credential shapes secretlint's preset does not aim at (password=/token= pairs,
 * Authorization headers, bearer tokens, JWTs, kubeconfig client keys, AWS key ids, any PEM private key block,
 * including one cut by the log budget or spread over prefixed log lines) and the vendor shapes the pinned 11.x
 * preset lacks (GitLab, Stripe). Each rule finds spans: the credential only, never its key name, so
 * `password=<redacted:…>` still says what was there.
 */
import { isPlaceholderValue, isSensitiveKey, keyWords } from './sensitive-key.js';

export interface SecretSpan {
  start: number;
  end: number;
  rule: string;
  /** What the token is derived from, when not the span's text (a PEM key's body, whatever its line prefixes). */
  value?: string;
}

export interface TextRule {
  id: string;
  find(text: string): SecretSpan[];
}

function matchAll(text: string, pattern: RegExp, group: number, rule: string, accept?: (value: string) => boolean): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    const value = match[group];
    if (value === undefined || value.length === 0) continue;
    if (accept && !accept(value)) continue;
    const offset = match.index! + match[0].lastIndexOf(value);
    spans.push({ start: offset, end: offset + value.length, rule });
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------------------------
// PEM private keys

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_END = /-----END ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----/g;
/** How far a key may run from BEGIN to END: an RSA-16384 key is ~12 KB; anything longer is not one key. */
const PEM_MAX_SPAN = 64 * 1024;
/** A line that carries key material: a run of base64 (possibly after a log prefix), or a PEM header. */
const KEY_MATERIAL_LINE = /[A-Za-z0-9+/=]{16,}\s*$|^\s*(Proc-Type|DEK-Info|Comment):/;

function pemBody(span: string): string {
  return span.replace(/\\n/g, '\n').replace(/-----(BEGIN|END)[^-]*-----/g, '').replace(/[^A-Za-z0-9+/=]/g, '');
}

function lineEnd(text: string, from: number): number {
  const escaped = text.indexOf('\\n', from);
  const newline = text.indexOf('\n', from);
  const quote = text.indexOf('"', from);
  const candidates = [newline, quote].filter((i) => i >= 0);
  // A JSON-escaped key (`\n` as two characters) ends at its closing quote, not at the first `\n`.
  if (escaped >= 0 && (newline < 0 || escaped < newline)) return quote >= 0 ? quote : text.length;
  return candidates.length > 0 ? Math.min(...candidates) : text.length;
}

function findPem(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  let coveredUntil = 0;
  for (const begin of text.matchAll(PEM_BEGIN)) {
    const start = begin.index!;
    if (start < coveredUntil) continue;
    const endPattern = new RegExp(`-----END ${begin[1] ?? ''}PRIVATE KEY(?: BLOCK)?-----`, 'g');
    endPattern.lastIndex = start + begin[0].length;
    const end = endPattern.exec(text);
    let stop: number;
    if (end && end.index - start <= PEM_MAX_SPAN) {
      stop = end.index + end[0].length;
    } else {
      // No END (the log was cut, or the key was printed partly): take every following line that looks like key material.
      stop = lineEnd(text, start + begin[0].length);
      if (stop === text.length || text[stop] === '\n') {
        let cursor = stop;
        while (cursor < text.length && cursor - start < PEM_MAX_SPAN) {
          const next = text.indexOf('\n', cursor + 1);
          const line = text.slice(cursor + 1, next < 0 ? text.length : next);
          if (!KEY_MATERIAL_LINE.test(line)) break;
          cursor = next < 0 ? text.length : next;
          stop = cursor;
        }
      }
    }
    const slice = text.slice(start, stop);
    spans.push({ start, end: stop, rule: 'private-key', value: pemBody(slice) || slice });
    coveredUntil = stop;
  }
  // An END with no BEGIN before it (the log's tail starts inside a key): take the key-material lines above it.
  for (const end of text.matchAll(PEM_END)) {
    const endIndex = end.index!;
    if (spans.some((s) => s.start <= endIndex && endIndex < s.end)) continue;
    let start = text.lastIndexOf('\n', endIndex - 1) + 1;
    while (start > 0) {
      const previousStart = text.lastIndexOf('\n', start - 2) + 1;
      const line = text.slice(previousStart, start - 1);
      if (!KEY_MATERIAL_LINE.test(line) || endIndex - previousStart > PEM_MAX_SPAN) break;
      start = previousStart;
    }
    const stop = endIndex + end[0].length;
    const slice = text.slice(start, stop);
    spans.push({ start, end: stop, rule: 'private-key', value: pemBody(slice) || slice });
  }
  return spans;
}

/** base64 of a PEM private key (kubeconfig `client-key-data`, a Secret manifest's `tls.key`). Certificates stay. */
function findBase64Pem(text: string): SecretSpan[] {
  return matchAll(text, /LS0tLS1CRUdJTi[A-Za-z0-9+/]{16,}={0,2}/g, 0, 'private-key-base64', (value) => {
    const head = Buffer.from(value.slice(0, 80), 'base64').toString('latin1');
    return /PRIVATE KEY/.test(head);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Key/value pairs: `password=…`, `"token": "…"`, `secret: …`, `--api-key=…`, `--password …`

const KEY = String.raw`[A-Za-z_][A-Za-z0-9_.-]{0,80}`;
/** `key =`, `"key":`, `key=>`: only the key and separator, so a pair under a harmless key never hides the next one. */
const PAIR_KEY = new RegExp(String.raw`(?<![A-Za-z0-9_.-])-{0,2}(${KEY})(?:\\?["'])?[ \t]*(?:=>|=|:)([ \t]*)`, 'g');
/** The value right after a separator: escaped-quoted, quoted, single-quoted or bare. Sticky: it must start there. */
const PAIR_VALUE = new RegExp(
  String.raw`\\"((?:[^"\\\n]|\\[^"\n])*)\\"|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|(?![$][({])([^\s,;&"'<>(){}\[\]\\]+)`,
  'y',
);
/** `--kubelet-client-key string   Path to…`: the value type in a Go program's --help, not a value. */
const GO_FLAG_TYPES = new Set(['string', 'strings', 'stringArray', 'stringSlice', 'int', 'int32', 'int64', 'uint', 'float', 'float64', 'duration', 'bool', 'bytes', 'ip', 'ipNet', 'mapStringString', 'quantity']);
const FLAG_WITH_SPACE = new RegExp(String.raw`(?<![A-Za-z0-9_-])--(${KEY})[ \t]+([^\s"'-][^\s"']*)`, 'g');

function findPairs(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const match of text.matchAll(PAIR_KEY)) {
    const key = match[1]!;
    if (!isSensitiveKey(key)) continue;
    // `failed to list *v1.Secret: …`: a Go type named in an error message, not a key.
    if (/^[a-z][a-z0-9]*\.[A-Z]\w*$/.test(key) || text[match.index! - 1] === '*') continue;
    PAIR_VALUE.lastIndex = match.index! + match[0].length;
    const valueMatch = PAIR_VALUE.exec(text);
    if (!valueMatch) continue;
    const groupIndex = [1, 2, 3, 4].find((i) => valueMatch[i] !== undefined);
    if (groupIndex === undefined) continue;
    const value = valueMatch[groupIndex]!;
    if (isPlaceholderValue(value)) continue;
    // `Authorization: Bearer x`: the scheme is not the secret; the authorization rule takes the credential.
    if (/^(bearer|basic|token|digest|negotiate|apikey)$/i.test(value)) continue;
    // A URL under a credential key keeps its host: url-password masks the password inside.
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
    // `password= user=app`: an empty value followed by the next pair, not a password "user=app".
    if (groupIndex === 4 && match[2]!.length > 0 && /^[A-Za-z_][\w.-]*[=:][^=]/.test(value)) continue;
    // `Authorization: Basic x` belongs to the authorization rule, which keeps the scheme readable.
    if (keyWords(key).includes('authorization')) continue;
    const opening = groupIndex === 1 ? 2 : groupIndex === 4 ? 0 : 1;
    const start = valueMatch.index + opening;
    spans.push({ start, end: start + value.length, rule: 'secret-pair' });
  }
  for (const match of text.matchAll(FLAG_WITH_SPACE)) {
    const value = match[2]!;
    if (!isSensitiveKey(match[1]!) || isPlaceholderValue(value) || GO_FLAG_TYPES.has(value)) continue;
    const offset = match.index! + match[0].length - value.length;
    spans.push({ start: offset, end: offset + value.length, rule: 'secret-pair' });
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------------------------
// URLs and connection strings

/** `scheme://user:PASSWORD@host`: only the password goes, the host stays (a DNS failure needs it). */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@?#"'<>]*:([^\s@/?#"'<>]+)@/gi;
/** Go MySQL DSN `user:PASSWORD@tcp(host:3306)/db`, and `user:PASSWORD@unix(...)`. */
const DSN_PASSWORD = /(?<![\w/:])[\w.-]+:([^\s@:/"']+)@(?:tcp|unix|tcp6)\(/g;

// ---------------------------------------------------------------------------------------------------------------
// Headers and tokens

const AUTHORIZATION = /\b(?:proxy-)?authorization\\?["']?[ \t]*[:=][ \t]*\\?["']?(?:(bearer|basic|token|apikey|sso-key|key)[ \t]+)?([^\s"',;\\]+)/gi;
const BEARER = /\bbearer[ \t]+([A-Za-z0-9._~+/-]{8,}=*)/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){1,3}/g;

function looksLikeCredential(value: string): boolean {
  if (isPlaceholderValue(value)) return false;
  const hasDigit = /[0-9]/.test(value);
  const mixedCase = /[a-z]/.test(value) && /[A-Z]/.test(value);
  return value.length >= 8 && (hasDigit || (mixedCase && value.length >= 16) || value.length >= 24);
}

// ---------------------------------------------------------------------------------------------------------------
// Cloud and vendor shapes

const AWS_ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g;
const AWS_SECRET_ACCESS_KEY =
  /(?:aws_?secret_?access_?key|secret_?access_?key|aws_?secret_?key)\\?["']?[ \t]*[:=][ \t]*\\?["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi;
const GCP_PRIVATE_KEY_ID = /private_key_id\\?"[ \t]*:[ \t]*\\?"([a-f0-9]{40})/g;
const GITLAB_TOKEN = /\bgl(?:pat|dt|rt|ptt|soat|oas|cbt|imt|ffct|agent)-[0-9A-Za-z_-]{20,}/g;
const GITLAB_RUNNER = /\bGR1348941[0-9A-Za-z_-]{20,}/g;
const STRIPE_KEY = /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}|\bwhsec_[0-9A-Za-z]{24,}/g;
const GOOGLE_API_KEY = /\bAIza[0-9A-Za-z_-]{35}\b/g;

export const TEXT_RULES: readonly TextRule[] = [
  { id: 'private-key', find: findPem },
  { id: 'private-key-base64', find: findBase64Pem },
  { id: 'secret-pair', find: findPairs },
  { id: 'url-password', find: (t) => matchAll(t, URL_PASSWORD, 1, 'url-password', (v) => !isPlaceholderValue(v)) },
  { id: 'dsn-password', find: (t) => matchAll(t, DSN_PASSWORD, 1, 'dsn-password', (v) => !isPlaceholderValue(v)) },
  { id: 'authorization', find: (t) => matchAll(t, AUTHORIZATION, 2, 'authorization', (v) => !isPlaceholderValue(v)) },
  { id: 'bearer-token', find: (t) => matchAll(t, BEARER, 1, 'bearer-token', looksLikeCredential) },
  { id: 'jwt', find: (t) => matchAll(t, JWT, 0, 'jwt') },
  { id: 'aws-access-key-id', find: (t) => matchAll(t, AWS_ACCESS_KEY_ID, 0, 'aws-access-key-id') },
  { id: 'aws-secret-access-key', find: (t) => matchAll(t, AWS_SECRET_ACCESS_KEY, 1, 'aws-secret-access-key') },
  { id: 'gcp-private-key-id', find: (t) => matchAll(t, GCP_PRIVATE_KEY_ID, 1, 'gcp-private-key-id') },
  { id: 'gitlab-token', find: (t) => [...matchAll(t, GITLAB_TOKEN, 0, 'gitlab-token'), ...matchAll(t, GITLAB_RUNNER, 0, 'gitlab-token')] },
  { id: 'stripe-key', find: (t) => matchAll(t, STRIPE_KEY, 0, 'stripe-key') },
  { id: 'google-api-key', find: (t) => matchAll(t, GOOGLE_API_KEY, 0, 'google-api-key') },
];

export function findSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const rule of TEXT_RULES) spans.push(...rule.find(text));
  return spans;
}
