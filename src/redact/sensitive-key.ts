/**
 * Whether a key name (an env var, a JSON/YAML key, a `key=value` pair, an annotation, a `--flag`) names a
 * credential. Names are split into words (`DB_PASSWORD` → db, password; `clientSecret` → client, secret) and
 * matched word by word, so `bypass`, `compass` or `tokenizer` never match, and names that only *refer* to a
 * credential (`secretName`, `passwordFile`, `tokenPath`, `password_reset_url`) are left alone.
 */

const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'apikey',
  'credential',
  'credentials',
  'creds',
  'cookie',
  'authorization',
  'privatekey',
  'accesskey',
  'secretkey',
  'clientsecret',
  // Redis `requirepass`/`masterauth`.
  'requirepass',
  'masterauth',
]);

/** Names that hold a credential only when they are the whole name (`"auth": …`, `sig=…`, `AUTH=…`). */
const SECRET_WHOLE_NAMES = new Set(['auth', 'sig', 'pw', 'pwd', 'pass', 'otp', 'pin', 'bearer', 'signature', 'set cookie']);

/** Run-together names: `PGPASSWORD`, `githubtoken`, `myapikey`. */
const SECRET_SUFFIX = /(password|passwd|passphrase|secret|token|apikey|accesskey|secretkey|privatekey)$/;

/** Two-word names that are credentials though neither word is (`api key`, `client key data`). */
const SECRET_PAIRS = new Set([
  'api key',
  'access key',
  'private key',
  'signing key',
  'encryption key',
  'auth key',
  'master key',
  'account key',
  'shared key',
  'client key',
  'sas key',
  'storage key',
  'primary key',
  'secondary key',
  'license key',
  'session key',
  'app key',
  'hmac key',
]);

/** Last words of names that point at a credential or describe it, rather than hold it. */
const REFERENCE_WORDS = new Set([
  'name',
  'names',
  'ref',
  'refs',
  'path',
  'paths',
  'file',
  'files',
  'dir',
  'url',
  'uri',
  'type',
  'types',
  'ttl',
  'length',
  'len',
  'count',
  'size',
  'expiry',
  'expires',
  'expiration',
  'endpoint',
  'header',
  'policy',
  'reset',
  'lifetime',
  'timeout',
  'seconds',
  'enabled',
  'disabled',
  'required',
  'mode',
  'format',
  'id',
  'ids',
  'version',
  'namespace',
  'key',
  'keys',
  'source',
  'provider',
  'algorithm',
  'mount',
  'volume',
  'selector',
  'audience',
  'strategy',
  'min',
  'max',
  'kubeconfig',
  'config',
  'configuration',
]);

/** Short words that name a credential only at the end of a name (`DB_PASS`, `db_pwd`), never inside (`nf-pass-vlan`). */
const SECRET_LAST_WORDS = new Set(['pass', 'pwd', 'pw', 'auth', 'signature', 'sig', 'bearer']);

/** `STORAGE_KEY`, `APP_KEY`: an environment variable (upper case) ending in `_KEY` holds a key, not a key's name. */
const ENV_KEY_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_KEY$/;

const EXACT_TOKEN = /^<redacted:[a-z0-9-]+:[0-9a-f]{8}>$/;

export function keyWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** Keys repeat (a log has a handful of keys on every line): each is judged once, in a bounded memo. */
const judged = new Map<string, boolean>();
const JUDGED_MAX = 10_000;

export function isSensitiveKey(name: string): boolean {
  let verdict = judged.get(name);
  if (verdict === undefined) {
    if (judged.size >= JUDGED_MAX) judged.clear();
    verdict = judgeKey(name);
    judged.set(name, verdict);
  }
  return verdict;
}

function judgeKey(name: string): boolean {
  const words = keyWords(name);
  if (words.length === 0) return false;
  if (SECRET_WHOLE_NAMES.has(words.join(' '))) return true;
  if (ENV_KEY_NAME.test(name)) return true;
  const last = words.at(-1) ?? '';
  // `secret_key`, `api_key`, `client-key` end in a reference word yet hold the value: let pairs decide those.
  const endsInPair = words.length >= 2 && SECRET_PAIRS.has(`${words.at(-2) ?? ''} ${last}`);
  if (REFERENCE_WORDS.has(last) && !endsInPair && !(last === 'key' && words.some((w) => SECRET_WORDS.has(w)))) {
    return false;
  }
  if (SECRET_LAST_WORDS.has(last)) return true;
  for (const [i, word] of words.entries()) {
    if (SECRET_WORDS.has(word) || SECRET_SUFFIX.test(word)) return true;
    const following = words[i + 1];
    if (following !== undefined && SECRET_PAIRS.has(`${word} ${following}`)) return true;
  }
  return false;
}

/** Values that are clearly not a credential even under a credential's name: empty, booleans, placeholders, references. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/^(true|false|null|nil|none|undefined|yes|no|on|off|\[\]|\{\})$/i.test(v)) return true;
  // Booleans written as digits (`= 0`, `: 1`), and absolute paths (`--client-key /etc/kubernetes/pki/x.key`).
  if (/^\d{1,2}$/.test(v) || /^\/[\w.@/-]*$/.test(v)) return true;
  if (/^\*+$|^x{3,}$|^\*\*\*HIDDEN\*\*\*$|^REDACTED$/i.test(v)) return true;
  // Only an exact token from an earlier redaction counts as masked: `<redacted:x:00000000>hunter2` is a value.
  if (EXACT_TOKEN.test(v)) return true;
  // $(VAR), ${VAR}, {{ .Values.x }}: the value lives elsewhere.
  if (/^\$\([A-Za-z_][A-Za-z0-9_]*\)$|^\$\{[^}]+\}$|^\{\{.*\}\}$/.test(v)) return true;
  return false;
}
