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

interface TextRule {
  id: string;
  find(text: string): SecretSpan[];
}

function matchAll(text: string, pattern: RegExp, group: number, rule: string, accept?: (value: string) => boolean): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    const value = match[group];
    if (value === undefined || value.length === 0) continue;
    if (accept && !accept(value)) continue;
    const offset = match.index + match[0].lastIndexOf(value);
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
const KEY_MATERIAL_TAIL = /[A-Za-z0-9+/=]{16,}\s*$/;
const KEY_MATERIAL_HEADER = /^\s*(Proc-Type|DEK-Info|Comment):/;

/** Tests only the line's ends, so a megabyte-long line costs no more than a short one. */
function isKeyMaterialLine(line: string): boolean {
  return KEY_MATERIAL_TAIL.test(line.length > 256 ? line.slice(-256) : line) || KEY_MATERIAL_HEADER.test(line.slice(0, 64));
}

function pemBody(span: string): string {
  return span.replace(/\\n/g, '\n').replace(/-----(BEGIN|END)[^-]*-----/g, '').replace(/[^A-Za-z0-9+/=]/g, '');
}

/**
 * Where the line holding a BEGIN ends: its newline or closing quote, or, for a JSON-escaped key (`\n` as two
 * characters), its closing quote. One forward scan: it costs the distance to the end it finds.
 */
function lineEnd(text: string, from: number): number {
  let escaped = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) return i;
    if (c === 0x5c /* \ */ && text[i + 1] === 'n') escaped = true;
    else if (c === 0x0a /* \n */ && !escaped) return i;
  }
  return text.length;
}

/** Where the line holding `index` starts, by binary search over the text's newlines (found once). */
function lineStarts(text: string): (index: number) => number {
  const newlines: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) newlines.push(i);
  return (index) => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((newlines[mid] ?? index) < index) low = mid + 1;
      else high = mid;
    }
    const previous = newlines[low - 1];
    return previous === undefined ? 0 : previous + 1;
  };
}

/** Where each END line is, found once: looking for an END after every BEGIN would be quadratic on a line of BEGINs. */
function pemEnds(text: string): Array<{ index: number; length: number; label: string }> {
  return [...text.matchAll(PEM_END)].map((m) => ({ index: m.index, length: m[0].length, label: m[1] ?? '' }));
}

function findPem(text: string): SecretSpan[] {
  if (!text.includes('PRIVATE KEY')) return [];
  const spans: SecretSpan[] = [];
  const ends = pemEnds(text);
  let endCursor = 0;
  let coveredUntil = 0;
  for (const begin of text.matchAll(PEM_BEGIN)) {
    const start = begin.index;
    if (start < coveredUntil) continue;
    const after = start + begin[0].length;
    while (endCursor < ends.length && (ends[endCursor]?.index ?? after) < after) endCursor++;
    // The first END within reach with the same label; ENDs are sorted, so the search stops at the reach.
    let end: (typeof ends)[number] | undefined;
    for (let i = endCursor; i < ends.length; i++) {
      const candidate = ends[i];
      if (candidate === undefined || candidate.index - start > PEM_MAX_SPAN) break;
      if (candidate.label === (begin[1] ?? '')) {
        end = candidate;
        break;
      }
    }
    let stop: number;
    if (end) {
      stop = end.index + end.length;
    } else {
      // No END (the log was cut, or the key was printed partly): take every following line that looks like key material.
      stop = lineEnd(text, after);
      if (stop === text.length || text[stop] === '\n') {
        let cursor = stop;
        while (cursor < text.length && cursor - start < PEM_MAX_SPAN) {
          const next = text.indexOf('\n', cursor + 1);
          const line = text.slice(cursor + 1, next < 0 ? text.length : next);
          if (!isKeyMaterialLine(line)) break;
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
  const orphans: SecretSpan[] = [];
  const lineStartOf = ends.length > 0 ? lineStarts(text) : () => 0;
  let spanCursor = 0;
  let lastLineStart = -1;
  for (const end of ends) {
    let covering = spans[spanCursor];
    while (covering && covering.end <= end.index) covering = spans[++spanCursor];
    if (covering && covering.start <= end.index) continue;
    const endLine = lineStartOf(end.index);
    // Several ENDs on one line share the lines above: walk them once.
    if (endLine === lastLineStart) continue;
    lastLineStart = endLine;
    let start = endLine;
    while (start > 0) {
      const previousStart = lineStartOf(start - 1);
      const line = text.slice(previousStart, start - 1);
      if (!isKeyMaterialLine(line) || end.index - previousStart > PEM_MAX_SPAN) break;
      start = previousStart;
    }
    const stop = end.index + end.length;
    const slice = text.slice(start, stop);
    orphans.push({ start, end: stop, rule: 'private-key', value: pemBody(slice) || slice });
  }
  return spans.concat(orphans);
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
/** Longest quoted value looked at: bounds the work on a line of unclosed quotes (a value this long is not a password). */
const MAX_QUOTED = 4096;
/**
 * The value right after a separator: escaped-quoted, quoted, single-quoted or bare. Sticky: it must start there.
 * A bare value is masked whole whatever it starts with (`(`, `[`, `-`, `<`…) and runs to whitespace or a quote; `&`,
 * `;` and `,` end it only where the next pair (`&user=`), whitespace or the end follows, so `p&ss;w,rd` stays whole.
 */
const PAIR_VALUE = new RegExp(
  String.raw`\\"((?:[^"\\\n]|\\[^"\n]){0,${MAX_QUOTED}})\\"|"((?:[^"\\\n]|\\.){0,${MAX_QUOTED}})"|'([^'\n]{0,${MAX_QUOTED}})'` +
    String.raw`|(?![$][({])((?:[^\s"\\&;,]|\\(?![nrt"'\\])|[&;,](?![A-Za-z_][\w.-]{0,80}=|\s|$))+)`,
  'y',
);
/** `--kubelet-client-key string   Path to…`: the value type in a Go program's --help, not a value. */
const GO_FLAG_TYPES = new Set(['string', 'strings', 'stringArray', 'stringSlice', 'int', 'int32', 'int64', 'uint', 'float', 'float64', 'duration', 'bool', 'bytes', 'ip', 'ipNet', 'mapStringString', 'quantity']);
const FLAG_WITH_SPACE = new RegExp(String.raw`(?<![A-Za-z0-9_-])--(${KEY})[ \t]+(?!--|-[A-Za-z]\b)([^\s"'][^\s"']*)`, 'g');

/** `abc]` of `map[password:abc]`: a closing bracket the value never opened belongs to the text around it. */
function trimUnopened(value: string): string {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let end = value.length;
  while (end > 1) {
    const close = value.charAt(end - 1);
    const open = pairs[close];
    if (open === undefined) break;
    const body = value.slice(0, end);
    if (body.split(open).length >= body.split(close).length) break;
    end -= 1;
  }
  return value.slice(0, end);
}

/**
 * `PASSWORD=correct horse battery` or `password: two words` alone on its line (an env file, YAML): the value is the
 * rest of the line, when nothing in it looks like the next pair or a quote.
 */
function wholeLineValue(text: string, keyIndex: number, valueIndex: number, bare: string): string {
  // Only a short indent may stand before the key, so the look back is bounded (a long line costs no more).
  const before = text.slice(Math.max(0, keyIndex - 17), keyIndex);
  const newlineBefore = before.lastIndexOf('\n');
  if (newlineBefore < 0 && keyIndex > 16) return bare;
  if (!/^[ \t]*(?:export[ \t]+|-[ \t]+)?$/.test(before.slice(newlineBefore + 1))) return bare;
  const newline = text.indexOf('\n', valueIndex);
  const lineEndAt = newline < 0 ? text.length : newline;
  if (lineEndAt - valueIndex > 1024) return bare;
  const rest = text.slice(valueIndex, lineEndAt).replace(/[ \t\r]+$/, '');
  if (rest.length <= bare.length || /["']|[ \t](?:#|[A-Za-z_][\w.-]*[=:])/.test(rest)) return bare;
  return rest;
}

function findPairs(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  // A key inside a value already masked needs no look: skipping it keeps a line of `password=password=…` linear.
  let coveredUntil = 0;
  for (const match of text.matchAll(PAIR_KEY)) {
    const { index } = match;
    const [whole, key = '', separatorSpace = ''] = match;
    if (index < coveredUntil) continue;
    if (!isSensitiveKey(key)) continue;
    // `<redacted:secret-pair:…>`: the rule name inside an earlier token, not a key.
    if (text.endsWith('<redacted:', index)) continue;
    // `failed to list *v1.Secret: …`: a Go type named in an error message, not a key.
    if (/^[a-z][a-z0-9]*\.[A-Z]\w*$/.test(key) || text[index - 1] === '*') continue;
    PAIR_VALUE.lastIndex = index + whole.length;
    const valueMatch = PAIR_VALUE.exec(text);
    if (!valueMatch) continue;
    const groupIndex = [1, 2, 3, 4].find((i) => valueMatch[i] !== undefined);
    if (groupIndex === undefined) continue;
    const matched = valueMatch[groupIndex] ?? '';
    let value = groupIndex === 4 ? trimUnopened(matched) : matched;
    if (isPlaceholderValue(value)) continue;
    if (groupIndex === 4) value = wholeLineValue(text, index, valueMatch.index, value);
    if (isPlaceholderValue(value)) continue;
    // `Authorization: Bearer x`: the scheme is not the secret; the authorization rule takes the credential.
    if (/^(bearer|basic|token|digest|negotiate|apikey)$/i.test(value)) continue;
    // A URL under a credential key keeps its host: url-password masks the password inside.
    if (/^[a-z][a-z0-9+.-]{0,30}:\/\/[^\s/@]*@/i.test(value) || /^[a-z][a-z0-9+.-]{0,30}:\/\/[^\s@]*$/i.test(value)) continue;
    // `password= user=app`: an empty value followed by the next pair, not a password "user=app".
    if (groupIndex === 4 && separatorSpace.length > 0 && /^[A-Za-z_][\w.-]*[=:][^=]/.test(value)) continue;
    // `Authorization: Basic x` belongs to the authorization rule, which keeps the scheme readable.
    if (keyWords(key).includes('authorization')) continue;
    // `Cookie: a=1; b=2` belongs to the cookie rule, which masks every cookie's value.
    if (/cookie$/i.test(key) && /^[^=\s]+=/.test(value)) continue;
    const opening = groupIndex === 1 ? 2 : groupIndex === 4 ? 0 : 1;
    const start = valueMatch.index + opening;
    spans.push({ start, end: start + value.length, rule: 'secret-pair' });
    coveredUntil = start + value.length;
  }
  for (const match of text.matchAll(FLAG_WITH_SPACE)) {
    const [whole, key = '', value = ''] = match;
    if (!isSensitiveKey(key) || isPlaceholderValue(value) || GO_FLAG_TYPES.has(value)) continue;
    const offset = match.index + whole.length - value.length;
    spans.push({ start: offset, end: offset + value.length, rule: 'secret-pair' });
  }
  return spans;
}

/** `password%3Dx` in a URL-encoded form or query: the value runs to the next `%26` (`&`) or `&`. */
const ENCODED_PAIR = new RegExp(String.raw`(?<![A-Za-z0-9_.-])(${KEY})%3[Dd]((?:[^\s&%"'<>]|%(?!26)[0-9A-Fa-f]{2})+)`, 'g');
/** `<password>x</password>`, `<add key="Password" value="x"/>` (web.config, Maven settings.xml, NuGet.Config). */
const XML_ELEMENT = /<([A-Za-z_][\w.:-]{0,80})>([^<]{1,4096})<\/\1>/g;
const XML_KEY_VALUE = /<add\s+key="([^"]{1,200})"\s+value="([^"]{0,4096})"/gi;
/** A `.netrc`: `machine h login u password x`, on one line or several. */
const NETRC_PASSWORD = /\blogin[ \t]+\S{1,256}\s+password[ \t]+(\S+)/g;
/** Prose: `the password is hunter2`, `passphrase was set to x`. */
const PROSE_PASSWORD = /\b(?:password|passphrase|passwd|secret|token|pin)[ \t]+(?:is|was|to|of|now)(?:[ \t]+set[ \t]+to)?[ \t]*[:=]?[ \t]+["'`]?([^\s"'`]+)/gi;
/** What follows `password is` in error messages, which are evidence: `password is incorrect`, `token is expired`. */
const PROSE_WORDS = /^(?:incorrect|invalid|wrong|expired|required|missing|empty|not|too|correct|set|valid|unset|changed|being|a|an|the|null|nil|none|malformed|revoked|absent|present|stored|mounted|configured|provided|used|given|specified|unknown|bad|blank|ok|okay|fine|good|weak|strong|short|long)$/i;

function findProsePasswords(text: string): SecretSpan[] {
  return unquotedSpans(text, PROSE_PASSWORD, 'prose-password').flatMap((span) => {
    const value = text.slice(span.start, span.end).replace(/[.,:;!?)\]]+$/, '');
    // A password has a digit or a symbol, or is long and mixed-case; a word of an error message has neither.
    const credential = /[0-9]|[^A-Za-z]/.test(value) || (value.length >= 12 && /[a-z]/.test(value) && /[A-Z]/.test(value));
    if (!credential || PROSE_WORDS.test(value) || value.length < 4) return [];
    return [{ ...span, end: span.start + value.length }];
  });
}
/** Command lines: `mysql -u root -pX`, `sshpass -p X`, `curl -u user:X`, `redis-cli -a X`, redis.conf `requirepass X`. */
const MYSQL_P = /\b(?:mysql|mysqldump|mysqladmin|mariadb|mysqlimport|mysqlcheck)\b[^\n|;&]{0,200}?[ \t]-p([^\s'"]+|'[^'\n]*'|"[^"\n]*")/g;
const SSHPASS_P = /\bsshpass\b[^\n|;&]{0,100}?[ \t]-p[ \t]*([^\s'"]+|'[^'\n]*'|"[^"\n]*")/g;
const CURL_USER = /(?:^|[ \t])(?:-u|--user|--proxy-user|-U)(?:[ \t]+|=)['"]?[^\s:'"]{0,256}:([^\s'"]+)/gm;
const REDIS_CLI_A = /\bredis-cli\b[^\n|;&]{0,200}?[ \t]-a[ \t]+([^\s'"]+|'[^'\n]*'|"[^"\n]*")/g;
const REDIS_CONF = /(?:^|\n)[ \t]*(?:requirepass|masterauth)[ \t]+([^\s'"]+|'[^'\n]*'|"[^"\n]*")/g;

function unquotedSpans(text: string, pattern: RegExp, rule: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    const [whole, matched = ''] = match;
    let value = matched;
    let offset = match.index + whole.length - value.length;
    if (/^(['"]).*\1$/.test(value)) {
      value = value.slice(1, -1);
      offset += 1;
    }
    if (isPlaceholderValue(value)) continue;
    spans.push({ start: offset, end: offset + value.length, rule });
  }
  return spans;
}

function findMarkupPairs(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  if (text.includes('<')) {
    for (const match of text.matchAll(XML_ELEMENT)) {
      const [, key = '', value = ''] = match;
      if (!isSensitiveKey(key) || isPlaceholderValue(value)) continue;
      const start = match.index + key.length + 2;
      spans.push({ start, end: start + value.length, rule: 'secret-pair' });
    }
    for (const match of text.matchAll(XML_KEY_VALUE)) {
      const [whole, key = '', value = ''] = match;
      if (!isSensitiveKey(key) || isPlaceholderValue(value)) continue;
      const start = match.index + whole.length - value.length - 1;
      spans.push({ start, end: start + value.length, rule: 'secret-pair' });
    }
  }
  if (text.includes('%3')) {
    for (const match of text.matchAll(ENCODED_PAIR)) {
      const [whole, key = '', value = ''] = match;
      if (!isSensitiveKey(key) || isPlaceholderValue(value)) continue;
      const start = match.index + whole.length - value.length;
      spans.push({ start, end: start + value.length, rule: 'secret-pair' });
    }
  }
  return spans;
}

function findCommandLinePasswords(text: string): SecretSpan[] {
  return [
    ...unquotedSpans(text, MYSQL_P, 'command-password'),
    ...unquotedSpans(text, SSHPASS_P, 'command-password'),
    ...unquotedSpans(text, CURL_USER, 'command-password'),
    ...unquotedSpans(text, REDIS_CLI_A, 'command-password'),
    ...unquotedSpans(text, REDIS_CONF, 'command-password'),
    ...unquotedSpans(text, NETRC_PASSWORD, 'netrc-password'),
  ];
}

/** `Cookie: a=1; b=2` and `Set-Cookie: session=x; Path=/`: every cookie's value, never the attributes. */
const COOKIE_HEADER = /\b(set-)?cookie\\?["']?[ \t]*[:=][ \t]*\\?["']?([^\n"\\]{1,8192})/gi;
const COOKIE_ATTRIBUTES = new Set(['path', 'domain', 'expires', 'max-age', 'samesite', 'secure', 'httponly', 'priority', 'partitioned', 'version', 'comment']);

function findCookies(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const match of text.matchAll(COOKIE_HEADER)) {
    const [whole, , header = ''] = match;
    const base = match.index + whole.length - header.length;
    for (const pair of header.matchAll(/(?:^|;)[ \t]*([^=;\s]{1,256})=([^;]*)/g)) {
      const [pairText, name = '', rawValue = ''] = pair;
      const value = rawValue.trimEnd();
      if (COOKIE_ATTRIBUTES.has(name.toLowerCase()) || isPlaceholderValue(value)) continue;
      const start = base + pair.index + pairText.length - rawValue.length;
      spans.push({ start, end: start + value.length, rule: 'cookie' });
    }
  }
  return spans;
}

/**
 * base64 of something that holds a credential: `user:pass` (docker config `auth`, a Basic header stored elsewhere),
 * a JSON or text document with a credential inside (a docker config, a `.netrc`), found by decoding and looking
 * again with every other rule. Runs longer than a Secret's value would be are not decoded.
 */
const BASE64_RUN = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{12,65536}={0,2}(?![A-Za-z0-9+/=_-])/g;
const PRINTABLE = /^[\x20-\x7e\t\r\n]*$/;

function decodedCredential(decoded: string, depth: number): boolean {
  if (decoded.length < 3 || !PRINTABLE.test(decoded)) return false;
  // `user:pass`: a user name, a colon, and a password without spaces.
  if (/^[\w.@+-]{1,128}:[^\s:]{3,}$/.test(decoded) && !/^[\w.-]+:\d{1,5}$/.test(decoded)) return true;
  return depth > 0 && findSpansAt(decoded, depth - 1).length > 0;
}

function findBase64Credentials(text: string, depth: number): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const match of text.matchAll(BASE64_RUN)) {
    const value = match[0];
    // A run of one case of letters and no digits is a word, not an encoding.
    if (!/[0-9+/]/.test(value) && !(/[a-z]/.test(value) && /[A-Z]/.test(value))) continue;
    const decoded = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64').toString('latin1');
    if (decodedCredential(decoded, depth)) spans.push({ start: match.index, end: match.index + value.length, rule: 'base64-credential' });
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------------------------
// URLs and connection strings

/**
 * `scheme://user:PASSWORD@host`: only the password goes, the host stays (a DNS failure needs it). The password runs
 * to the `@` before the host, so one with an unencoded `#`, `/` or `?` is still masked whole; the scheme and user
 * are bounded so a long run of letters costs one pass.
 */
const URL_PASSWORD = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@?#"'<>]{0,128}:([^\s@"'<>]{1,128}?)@(?=[^\s@"'<>]*(?:[\s"'<>]|$))/gi;
/** A port and path (`host:8080/@scope/pkg`), not a password. */
const PORT_AND_PATH = /^\d{1,5}(?:[/?#]|$)/;
/** Go MySQL DSN `user:PASSWORD@tcp(host:3306)/db`, and `user:PASSWORD@unix(...)`. */
const DSN_PASSWORD = /(?<![\w/:.-])[\w.-]{1,128}:([^\s@:/"']{1,512})@(?:tcp|unix|tcp6)\(/g;
/** Oracle thin JDBC `jdbc:oracle:thin:user/PASSWORD@host:1521/svc`, and `sqlplus user/PASSWORD@db`. */
const ORACLE_PASSWORD = /(?:jdbc:oracle:(?:thin|oci):|\bsqlplus\s+)[\w.$#-]{1,128}\/([^\s@"']{1,512})@/gi;

// ---------------------------------------------------------------------------------------------------------------
// Headers and tokens

const AUTHORIZATION = /\b(?:proxy-)?authorization\\?["']?[ \t]*[:=][ \t]*\\?["']?(?:(bearer|basic|token|apikey|sso-key|key)[ \t]+)?([^\s"',;\\]+)/gi;
const BEARER = /\bbearer\\?["']?[ \t]*[:=]?[ \t]*\\?["']?[ \t]*([A-Za-z0-9._~+/-]{8,}=*)/gi;
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

const GCP_OAUTH_SECRET = /\bGOCSPX-[A-Za-z0-9_-]{28}\b/g;
const GCP_ACCESS_TOKEN = /\bya29\.[0-9A-Za-z_-]{20,}/g;
const TWILIO_API_KEY = /\bSK[0-9a-fA-F]{32}\b/g;
const PYPI_TOKEN = /\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/g;
const VAULT_TOKEN = /\bhv[sbr]\.[A-Za-z0-9_-]{24,}/g;
const DIGITALOCEAN_TOKEN = /\bdo[opr]_v1_[a-f0-9]{64}\b/g;
const MAILGUN_KEY = /\bkey-[0-9a-f]{32}\b|\b[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}\b/g;
const SENDGRID_KEY = /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g;
const GRAFANA_TOKEN = /\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b|\bglc_[A-Za-z0-9+/]{32,}={0,2}|\beyJrIjoi[A-Za-z0-9+/]{30,}={0,2}/g;
const DOPPLER_TOKEN = /\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,}/g;
const ONEPASSWORD_TOKEN = /\bops_eyJ[A-Za-z0-9+/=_-]{50,}|\bA3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b/g;
/** Azure: a storage account key (88 base64 characters) after `AccountKey=`, and a SAS `sig=` signature. */
const AZURE_ACCOUNT_KEY = /AccountKey=([A-Za-z0-9+/]{86}==)/g;
const AZURE_SAS_SIG = /[?&]sig=([A-Za-z0-9%+/=]{20,})/g;

const vendor = (id: string, pattern: RegExp, group = 0): TextRule => ({ id, find: (t) => matchAll(t, pattern, group, id) });

function textRules(depth: number): TextRule[] {
  return [
    { id: 'private-key', find: findPem },
    { id: 'private-key-base64', find: findBase64Pem },
    { id: 'secret-pair', find: findPairs },
    { id: 'secret-pair-markup', find: findMarkupPairs },
    { id: 'command-password', find: findCommandLinePasswords },
    { id: 'cookie', find: findCookies },
    { id: 'prose-password', find: findProsePasswords },
    {
      id: 'url-password',
      find: (t) => (t.includes('://') ? matchAll(t, URL_PASSWORD, 1, 'url-password', (v) => !isPlaceholderValue(v) && !PORT_AND_PATH.test(v)) : []),
    },
    { id: 'dsn-password', find: (t) => (t.includes('@') ? matchAll(t, DSN_PASSWORD, 1, 'dsn-password', (v) => !isPlaceholderValue(v)) : []) },
    { id: 'oracle-password', find: (t) => (t.includes('@') ? matchAll(t, ORACLE_PASSWORD, 1, 'dsn-password', (v) => !isPlaceholderValue(v)) : []) },
    { id: 'authorization', find: (t) => matchAll(t, AUTHORIZATION, 2, 'authorization', (v) => !isPlaceholderValue(v)) },
    { id: 'bearer-token', find: (t) => matchAll(t, BEARER, 1, 'bearer-token', looksLikeCredential) },
    vendor('jwt', JWT),
    vendor('aws-access-key-id', AWS_ACCESS_KEY_ID),
    { id: 'aws-secret-access-key', find: (t) => matchAll(t, AWS_SECRET_ACCESS_KEY, 1, 'aws-secret-access-key') },
    { id: 'gcp-private-key-id', find: (t) => matchAll(t, GCP_PRIVATE_KEY_ID, 1, 'gcp-private-key-id') },
    vendor('gitlab-token', GITLAB_TOKEN),
    vendor('gitlab-token', GITLAB_RUNNER),
    vendor('stripe-key', STRIPE_KEY),
    vendor('google-api-key', GOOGLE_API_KEY),
    vendor('gcp-oauth-secret', GCP_OAUTH_SECRET),
    vendor('gcp-access-token', GCP_ACCESS_TOKEN),
    vendor('twilio-key', TWILIO_API_KEY),
    vendor('pypi-token', PYPI_TOKEN),
    vendor('vault-token', VAULT_TOKEN),
    vendor('digitalocean-token', DIGITALOCEAN_TOKEN),
    vendor('mailgun-key', MAILGUN_KEY),
    vendor('sendgrid', SENDGRID_KEY),
    vendor('grafana-token', GRAFANA_TOKEN),
    vendor('doppler-token', DOPPLER_TOKEN),
    vendor('1password-token', ONEPASSWORD_TOKEN),
    { id: 'azure-storage-key', find: (t) => matchAll(t, AZURE_ACCOUNT_KEY, 1, 'azure-storage-key') },
    { id: 'azure-sas-signature', find: (t) => matchAll(t, AZURE_SAS_SIG, 1, 'azure-sas-signature') },
    { id: 'base64-credential', find: (t) => findBase64Credentials(t, depth) },
  ];
}

/** The rules over plain text; base64 runs are decoded and looked at again once (never a base64 inside a base64). */
const TEXT_RULES: readonly TextRule[] = textRules(1);
const DECODED_RULES: readonly TextRule[] = textRules(0);

function findSpansAt(text: string, depth: number): SecretSpan[] {
  let spans: SecretSpan[] = [];
  // concat, not push(...spread): a rule may find more spans than a call may take arguments.
  for (const rule of depth > 0 ? TEXT_RULES : DECODED_RULES) spans = spans.concat(rule.find(text));
  return spans;
}

export function findSpans(text: string): SecretSpan[] {
  return findSpansAt(text, 1);
}
