/**
 * The redaction benchmark corpus: planted credentials in the shapes people leak into crash evidence, each a line as
 * it would appear in a log, an env value or a manifest, grouped by shape. Every value is made up here (seeded, so the
 * corpus is the same on every run) in the vendor's documented format; none is a real credential. `SURVIVES` are
 * strings that look close to a credential but are evidence and must come through unchanged.
 *
 * Used by test/redact/corpus.test.ts (through `redact`'s text and object redaction) and
 * test/security/collect-corpus.test.ts (through `collect` against `podmortem serve`).
 */

/** A small seeded generator: the corpus is made of our own values, the same on every run. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const from = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  return {
    alnum: (n: number) => from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', n),
    hex: (n: number) => from('0123456789abcdef', n),
    upper: (n: number) => from('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', n),
    b64: (n: number) => from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n),
    b64url: (n: number) => from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', n),
    password: () => `${from('ABCDEFGHJKLMNPQRSTUVWXYZ', 1)}${from('abcdefghijkmnopqrstuvwxyz', 5)}${from('0123456789', 3)}${from('!%+-_.', 1)}${from('abcdefghijkmnopqrstuvwxyz', 3)}`,
  };
}

export interface CorpusCase {
  /** The shape, as the report groups leaks. */
  shape: string;
  /** The line as it appears in a log (also used as an env value or annotation). */
  text: string;
  /** The planted credential: no part of it that is 4 characters or longer may survive. */
  secret: string;
  /** An env var name under which collect's test sets `text`'s secret, when the shape is an env name. */
  env?: string;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

function build(): CorpusCase[] {
  const g = generator(1404);
  const cases: CorpusCase[] = [];
  const add = (shape: string, make: (secret: string) => string, secret: string, env?: string) => cases.push({ shape, text: make(secret), secret, env });

  for (let i = 0; i < 3; i++) {
    add('azure-sas-sig', (s) => `GET https://shopstore.blob.core.windows.net/backups/db.dump?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-12-01T00:00:00Z&spr=https&sig=${s} 403`, `${g.b64(43)}%3D`);
    add('azure-storage-key', (s) => `DefaultEndpointsProtocol=https;AccountName=shopstore;AccountKey=${s};EndpointSuffix=core.windows.net`, `${g.b64(86)}==`);
    add('azure-storage-key-env', (s) => `AZURE_STORAGE_KEY=${s}`, `${g.b64(86)}==`, 'AZURE_STORAGE_KEY');
    add('base64-user-pass', (s) => `upstream auth header value ${s} rejected`, b64(`shop-deployer:${g.password()}`));
    add('base64-json', (s) => `loaded credentials blob ${s}`, b64(JSON.stringify({ username: 'shop', password: g.password() })));
    add('env-key', (s) => `STRIPE_KEY=${s}`, `k_${g.alnum(30)}`, 'PAYMENT_PROVIDER_KEY');
    add('env-pw', (s) => `DB_PW=${s}`, g.password(), 'DB_PW');
    add('env-auth', (s) => `AUTH=${s}`, g.alnum(32), 'AUTH');
    add('docker-config-auth', (s) => `{"auths":{"registry.shop.example":{"auth":"${s}"}}}`, b64(`robot$shop:${g.alnum(24)}`));
    add('cookie', (s) => `GET /cart HTTP/1.1 Cookie: sessionid=${s}; theme=dark`, g.alnum(32));
    add('set-cookie', (s) => `< Set-Cookie: sid=${s}; Path=/; HttpOnly; Secure`, g.alnum(40));
    add('gcp-oauth-client-secret', (s) => `oauth client configured client_id=1234-abc.apps.googleusercontent.com using ${s}`, `GOCSPX-${g.b64url(28)}`);
    add('gcp-access-token', (s) => `calling storage API with ${s}`, `ya29.${g.b64url(150)}`);
    add('twilio-api-key', (s) => `twilio client created with ${s}`, `SK${g.hex(32)}`);
    add('pypi-token', (s) => `uploading wheel with ${s}`, `pypi-AgEIcHlwaS5vcmc${g.b64url(120)}`);
    add('vault-token', (s) => `vault login ok, using ${s}`, `hvs.${g.b64url(90)}`);
    add('digitalocean-token', (s) => `doctl auth init with ${s}`, `dop_v1_${g.hex(64)}`);
    add('mailgun-key', (s) => `mailgun sender using ${s}`, `key-${g.hex(32)}`);
    add('sendgrid-key-with-dash', (s) => `sending mail with ${s}`, `SG.${g.b64url(10)}-${g.b64url(11)}.${g.b64url(20)}-${g.b64url(22)}`);
    add('grafana-service-account', (s) => `provisioning dashboards with ${s}`, `glsa_${g.alnum(32)}_${g.hex(8)}`);
    add('grafana-cloud', (s) => `grafana agent remote_write with ${s}`, `glc_${g.b64(64)}==`);
    add('doppler-token', (s) => `doppler run with ${s}`, `dp.st.prd.${g.alnum(44)}`.replace('.prd', ''));
    add('1password-service-account', (s) => `op read with ${s}`, `ops_eyJ${g.b64url(120)}`);
    add('mysql-p', (s) => `exec: mysql -h db.shop.svc -u root -p${s} shop < /seed.sql`, g.password());
    add('sshpass', (s) => `running sshpass -p ${s} ssh deploy@10.0.3.4`, g.password());
    add('curl-u', (s) => `+ curl -sf -u admin:${s} https://grafana.shop.svc/api/health`, g.password());
    add('requirepass', (s) => `exec redis-server --requirepass ${s} --appendonly yes`, g.password());
    add('xml-element', (s) => `<settings><server><id>nexus</id><password>${s}</password></server></settings>`, g.password());
    add('netrc', (s) => `machine api.shop.example login deployer password ${s}`, g.password());
    add('url-encoded-pair', (s) => `POST /login body: user=shop&password%3D${s}%26next%3D%2F`, g.alnum(12));
    add('prose-password', (s) => `the admin password is ${s} for now`, g.password());
    add('url-password-hash', (s) => `dial postgres://shop:${s}@pg.shop.svc:5432/orders failed`, `${g.alnum(5)}#${g.alnum(5)}`);
    add('url-password-slash', (s) => `dial amqp://shop:${s}@rabbit.shop.svc:5672/ failed`, `${g.alnum(5)}/${g.alnum(5)}`);
    add('jdbc-oracle-thin', (s) => `url=jdbc:oracle:thin:shop/${s}@ora.shop.svc:1521/ORCL`, g.password());
    add('json-log-auth', (s) => `{"level":"debug","msg":"upstream","auth":"${s}"}`, g.alnum(28));
    add('json-log-bearer', (s) => `{"level":"debug","msg":"upstream","bearer":"${s}"}`, g.alnum(40));
    add('json-log-signature', (s) => `{"level":"debug","msg":"webhook","signature":"${s}"}`, g.hex(64));
    add('logfmt-bearer', (s) => `level=debug msg=upstream bearer=${s} status=401`, g.alnum(40));
    add('fake-token-prefix', (s) => `password=<redacted:x:00000000>${s}`, g.password());
    for (const lead of ['(', '[', '{', '<', '\\', ',', '-']) {
      add('value-leading-punctuation', (s) => `level=info password=${s} user=app`, `${lead}${g.password()}`);
    }
    add('value-with-amp-semicolon', (s) => `level=info password=${s} user=app`, `${g.alnum(5)}&${g.alnum(5)};${g.alnum(5)}`);
    add('value-with-spaces', (s) => `PASSWORD=${s}`, `${g.alnum(6)} ${g.alnum(6)} ${g.alnum(6)}`, undefined);
  }
  return cases;
}

export const CORPUS: readonly CorpusCase[] = build();

/** Close to a credential, but evidence: each must come through redaction unchanged. */
export const SURVIVES: readonly string[] = [
  'FATAL: password authentication failed for user "shop"',
  'error: the password is incorrect',
  'token is expired',
  'secretName: db-credentials',
  'token_type=Bearer expires_in=3600',
  '--client-key string   Path to a client key file for TLS',
  'image: registry.shop.example/api@sha256:4f6bd6ba1ac9a0aeb2e3e6b1c8d0a4f3e2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7',
  'connecting to postgres://pg.shop.svc:5432/orders',
  'GET https://registry.npmjs.org:443/@types/node 200',
  'Set-Cookie attributes: Path=/; HttpOnly',
  'mysql -h db.shop.svc -P 3306 -u root shop',
  'hello aGVsbG8gd29ybGQ= world',
  'cert LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=',
  'failed to list *v1.Secret: forbidden',
  'AUTH_MODE=oidc',
  'curl -u admin https://grafana.shop.svc',
  'password reset link sent to shop@example.com',
  'uid=8f1e0c2a-1111-4c4c-9d9d-000000000001',
];

/** The parts of a secret that must not survive: the whole, and any 8-character piece (or the whole if shorter). */
export function leaked(output: string, secret: string): boolean {
  if (output.includes(secret)) return true;
  const piece = Math.min(8, secret.length);
  for (let i = 0; i + piece <= secret.length; i++) {
    const part = secret.slice(i, i + piece);
    // Punctuation-heavy pieces (`; theme=`) are the text around, not the secret.
    if (!/[A-Za-z0-9]{4}/.test(part)) continue;
    if (output.includes(part)) return true;
  }
  return false;
}

/** Leaks per shape, for the report the tests print. */
export function leaksByShape(results: Array<{ shape: string; leaked: boolean }>): Map<string, { planted: number; leaked: number }> {
  const byShape = new Map<string, { planted: number; leaked: number }>();
  for (const { shape, leaked: didLeak } of results) {
    const entry = byShape.get(shape) ?? { planted: 0, leaked: 0 };
    entry.planted += 1;
    if (didLeak) entry.leaked += 1;
    byShape.set(shape, entry);
  }
  return byShape;
}
